/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"

G_BEGIN_DECLS

/* The batch_state enum of the schema, in its order. */
typedef enum
{
  UP_BATCH_STATE_DRAFT,
  UP_BATCH_STATE_SUBMITTED,
  UP_BATCH_STATE_NOTICE,
  UP_BATCH_STATE_APPROVED,
  UP_BATCH_STATE_PAID,
} UpBatchState;

#define UP_TYPE_BATCH_STATE (up_batch_state_get_type ())

GType            up_batch_state_get_type   (void) G_GNUC_CONST;
const char      *up_batch_state_to_sql     (UpBatchState   state);
gboolean         up_batch_state_from_sql   (const char    *sql,
                                            UpBatchState  *state);
/* 草稿, 已提交, 公示中, 已审批, 已发放 */
const char      *up_batch_state_to_label   (UpBatchState   state);

/* A payment batch (发放批次) with its counts.  Properties (read-only):
 *   "id" (int64), "name", "fund", "state" (UpBatchState), "state-label",
 *   "budget-fen" (int64, -1 for no budget), "budget-label",
 *   "notice-from", "notice-to" (text YYYY-MM-DD or NULL),
 *   "n-claims" (int: every claim in the batch), "n-failed" (int),
 *   "total-fen" (int64: the claims not failed), "total-label",
 *   "version" (int). */
#define UP_TYPE_PAYMENT_BATCH (up_payment_batch_get_type ())

G_DECLARE_FINAL_TYPE (UpPaymentBatch, up_payment_batch, UP, PAYMENT_BATCH, GObject)

gint64           up_payment_batch_get_id           (UpPaymentBatch *self);
const char      *up_payment_batch_get_name         (UpPaymentBatch *self);
const char      *up_payment_batch_get_fund         (UpPaymentBatch *self);
UpBatchState     up_payment_batch_get_state        (UpPaymentBatch *self);
gint64           up_payment_batch_get_budget_fen   (UpPaymentBatch *self);
const char      *up_payment_batch_get_notice_from  (UpPaymentBatch *self);
const char      *up_payment_batch_get_notice_to    (UpPaymentBatch *self);
int              up_payment_batch_get_n_claims     (UpPaymentBatch *self);
int              up_payment_batch_get_n_failed     (UpPaymentBatch *self);
gint64           up_payment_batch_get_total_fen    (UpPaymentBatch *self);
int              up_payment_batch_get_version      (UpPaymentBatch *self);

/* Store: the plain functions run on a connection's worker thread (or a
 * connection of the caller's own); the _async ones queue them on an
 * UpDatabase.  Each is one transaction.  A change of a batch names the
 * version it was read at: when someone else changed the batch meanwhile it
 * fails with UP_ERROR_RETRY and changes nothing.  The moves, the freeze
 * after submission and the budget are the database's rules. */

/* Every batch, newest first: a GListStore of UpPaymentBatch. */
GListStore      *up_payment_batch_list           (PGconn          *conn,
                                                  GError         **error);
UpPaymentBatch  *up_payment_batch_get            (PGconn          *conn,
                                                  gint64           batch_id,
                                                  GError         **error);
/* A draft batch; @budget_fen -1 for none. */
UpPaymentBatch  *up_payment_batch_create         (PGconn          *conn,
                                                  const char      *name,
                                                  const char      *fund,
                                                  gint64           budget_fen,
                                                  GError         **error);
/* Puts those of @ids that are approved and in no batch into the draft
 * batch; *n_added (may be NULL) says how many. */
gboolean         up_payment_batch_add_claims     (PGconn          *conn,
                                                  gint64           batch_id,
                                                  int              version,
                                                  const gint64    *ids,
                                                  guint            n_ids,
                                                  guint           *n_added,
                                                  GError         **error);
/* Takes those of @ids that are in the draft batch out of it. */
gboolean         up_payment_batch_remove_claims  (PGconn          *conn,
                                                  gint64           batch_id,
                                                  int              version,
                                                  const gint64    *ids,
                                                  guint            n_ids,
                                                  guint           *n_removed,
                                                  GError         **error);
/* During the public notice: those of @ids in the batch go back to pending
 * with @reason (an objection), out of the batch. */
gboolean         up_payment_batch_withdraw_claims (PGconn         *conn,
                                                  gint64           batch_id,
                                                  const gint64    *ids,
                                                  guint            n_ids,
                                                  const char      *reason,
                                                  guint           *n_withdrawn,
                                                  GError         **error);
/* draft → submitted: the claims and payees are frozen.  Sets *new_version
 * (may be NULL) for this and the moves below. */
gboolean         up_payment_batch_submit         (PGconn          *conn,
                                                  gint64           batch_id,
                                                  int              version,
                                                  int             *new_version,
                                                  GError         **error);
/* submitted → notice, from @from to @to (both valid). */
gboolean         up_payment_batch_start_notice   (PGconn          *conn,
                                                  gint64           batch_id,
                                                  int              version,
                                                  const GDate     *from,
                                                  const GDate     *to,
                                                  int             *new_version,
                                                  GError         **error);
/* notice → approved, once the notice is over. */
gboolean         up_payment_batch_approve        (PGconn          *conn,
                                                  gint64           batch_id,
                                                  int              version,
                                                  int             *new_version,
                                                  GError         **error);
/* approved → paid: every claim paid except @failed_ids (the bank's
 * returns), which fail; all or nothing.  *paid_fen (may be NULL) is the
 * yuan paid. */
gboolean         up_payment_batch_pay            (PGconn          *conn,
                                                  gint64           batch_id,
                                                  int              version,
                                                  const gint64    *failed_ids,
                                                  guint            n_failed,
                                                  gint64          *paid_fen,
                                                  GError         **error);
/* The history of the batch and of its claims (audit_log), oldest first: an
 * array of UpAuditEntry (up-subsidy.h). */
GPtrArray       *up_payment_batch_list_history   (PGconn          *conn,
                                                  gint64           batch_id,
                                                  GError         **error);

/* The moves as one asynchronous call.  @ids, @reason and the dates are
 * copied.  Each finishes with up_payment_batch_change_finish(), which gives
 * the number of claims moved (add, remove, withdraw), the new version
 * (submit, notice, approve, pay) and the fen paid (pay). */
typedef enum
{
  UP_BATCH_CHANGE_ADD_CLAIMS,
  UP_BATCH_CHANGE_REMOVE_CLAIMS,
  UP_BATCH_CHANGE_WITHDRAW_CLAIMS,
  UP_BATCH_CHANGE_SUBMIT,
  UP_BATCH_CHANGE_START_NOTICE,
  UP_BATCH_CHANGE_APPROVE,
  UP_BATCH_CHANGE_PAY,
} UpBatchChange;

typedef struct
{
  guint   n_claims;
  int     new_version;
  gint64  paid_fen;
} UpBatchChangeResult;

/* Pure: whether @change can be asked of a batch in @batch's state (a move
 * from its state, claims added to or taken from a draft …).  The database
 * still has the last word. */
gboolean         up_payment_batch_allows         (UpPaymentBatch      *batch,
                                                  UpBatchChange        change);
/* Pure: what differs between two readings of a batch, one translated line
 * for each thing the page shows ("State: Draft → Submitted"), in the
 * page's order; an empty array when nothing shown differs. */
GStrv            up_payment_batch_describe_changes (UpPaymentBatch    *before,
                                                  UpPaymentBatch      *after);

void             up_payment_batch_list_async     (UpDatabase          *db,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GListStore      *up_payment_batch_list_finish    (UpDatabase          *db,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void             up_payment_batch_get_async      (UpDatabase          *db,
                                                  gint64               batch_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
UpPaymentBatch  *up_payment_batch_get_finish     (UpDatabase          *db,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void             up_payment_batch_create_async   (UpDatabase          *db,
                                                  const char          *name,
                                                  const char          *fund,
                                                  gint64               budget_fen,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
UpPaymentBatch  *up_payment_batch_create_finish  (UpDatabase          *db,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void             up_payment_batch_change_async   (UpDatabase          *db,
                                                  UpBatchChange        change,
                                                  gint64               batch_id,
                                                  int                  version,
                                                  const gint64        *ids,
                                                  guint                n_ids,
                                                  const char          *reason,
                                                  const GDate         *from,
                                                  const GDate         *to,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         up_payment_batch_change_finish  (UpDatabase          *db,
                                                  GAsyncResult        *result,
                                                  UpBatchChangeResult *change_result,
                                                  GError             **error);
void             up_payment_batch_list_history_async (UpDatabase      *db,
                                                  gint64               batch_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray       *up_payment_batch_list_history_finish (UpDatabase     *db,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
