/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"
#include "up-overview.h"

G_BEGIN_DECLS

/* UpSubsidyState, up_subsidy_state_to_sql () and _to_label () are
 * up-overview.h's, which came first. */
#define UP_TYPE_SUBSIDY_STATE (up_subsidy_state_get_type ())

GType            up_subsidy_state_get_type   (void) G_GNUC_CONST;
gboolean         up_subsidy_state_from_sql   (const char      *sql,
                                              UpSubsidyState  *state);

/* One line of a claim's rule trail (subsidy_rule_results), with its
 * sentence in words (up_subsidy_rule_explain()). */
typedef struct
{
  int      seq;
  char    *rule;
  char    *outcome;       /* applied, raised, reduced, refused */
  gint64   amount_fen;    /* the amount after the rule */
  char    *limit_value;   /* the rule's number as text, or NULL */
  char    *actual_value;  /* the claim's own number, or NULL */
  char    *sentence;
} UpSubsidyRuleLine;

void             up_subsidy_rule_line_free   (UpSubsidyRuleLine *line);

/* One row of audit_log as a person reads it: when, who, what changed.  Only
 * the fields the history shows are read from the row (never the payee's ID
 * number). */
typedef struct
{
  GDateTime *at;
  char      *person;       /* the name the client set, or NULL */
  char      *db_role;
  char      *table_name;   /* subsidies, payment_batches … */
  gint64     row_id;
  char      *action;       /* INSERT, UPDATE, DELETE */
  char      *old_state;    /* NULL when there was none (an INSERT) */
  char      *new_state;    /* NULL for a DELETE */
  gint64     old_amount_fen;   /* -1 when none */
  gint64     new_amount_fen;   /* -1 when none */
  char      *reason;       /* the row's reason after the change, or NULL */
  gint64     old_batch_id; /* 0 when none */
  gint64     new_batch_id; /* 0 when none */
  char      *trainee_name; /* of a claim, when known */
} UpAuditEntry;

void             up_audit_entry_free         (UpAuditEntry *entry);
/* "pending → approved", "¥700.00 → ¥840.00" … in words: one line of a
 * history for the UI; the state names translated. */
char            *up_audit_entry_describe     (const UpAuditEntry *entry);

/* A subsidy claim (补助申领) as the list and the detail see it.
 *
 * Properties (all read-only; the list model fills them in place and
 * notifies when a page arrives, so a view may bind before the row loads):
 *   "id", "academy-id", "trainee-id", "certification-id", "batch-id" (int64;
 *   batch-id 0 when in no batch), "loaded" (boolean),
 *   "academy-name", "trainee-name", "id-number-masked" (500103********123X),
 *   "occupation", "certificate-label" (occupation · level),
 *   "amount-fen" (int64), "amount-label" (¥1,234.50),
 *   "state" (UpSubsidyState), "state-label", "reason", "refused-by" (the
 *   rule's name, or NULL), "refused-by-label", "batch-name",
 *   "claimed-on" (text YYYY-MM-DD), "issued-on", "subsidy-year" (int),
 *   "version" (int).
 * The full ID number never leaves the server: it is masked there. */
#define UP_TYPE_SUBSIDY (up_subsidy_get_type ())

G_DECLARE_FINAL_TYPE (UpSubsidy, up_subsidy, UP, SUBSIDY, GObject)

gint64           up_subsidy_get_id                 (UpSubsidy *self);
gboolean         up_subsidy_get_loaded             (UpSubsidy *self);
gint64           up_subsidy_get_academy_id         (UpSubsidy *self);
const char      *up_subsidy_get_academy_name       (UpSubsidy *self);
gint64           up_subsidy_get_trainee_id         (UpSubsidy *self);
const char      *up_subsidy_get_trainee_name       (UpSubsidy *self);
const char      *up_subsidy_get_id_number_masked   (UpSubsidy *self);
gint64           up_subsidy_get_certification_id   (UpSubsidy *self);
const char      *up_subsidy_get_occupation         (UpSubsidy *self);
/* "焊工 · 中级工" */
const char      *up_subsidy_get_certificate_label  (UpSubsidy *self);
const char      *up_subsidy_get_certificate_no     (UpSubsidy *self);
gint64           up_subsidy_get_amount_fen         (UpSubsidy *self);
UpSubsidyState   up_subsidy_get_state              (UpSubsidy *self);
const char      *up_subsidy_get_reason             (UpSubsidy *self);
const char      *up_subsidy_get_refused_by         (UpSubsidy *self);
gint64           up_subsidy_get_batch_id           (UpSubsidy *self);
const char      *up_subsidy_get_batch_name         (UpSubsidy *self);
const char      *up_subsidy_get_claimed_on         (UpSubsidy *self);
const char      *up_subsidy_get_issued_on          (UpSubsidy *self);
int              up_subsidy_get_subsidy_year       (UpSubsidy *self);
int              up_subsidy_get_version            (UpSubsidy *self);
/* Filled by up_subsidy_get() only (NULL otherwise): arrays of
 * UpSubsidyRuleLine in order, and of UpAuditEntry oldest first. */
GPtrArray       *up_subsidy_get_rule_lines         (UpSubsidy *self);
GPtrArray       *up_subsidy_get_history            (UpSubsidy *self);
/* The history of every claim of the claim's trainee (UpAuditEntry, oldest
 * first); up_subsidy_get() only. */
GPtrArray       *up_subsidy_get_trainee_history    (UpSubsidy *self);

/* What a person decides about many claims at once. */
typedef enum
{
  UP_SUBSIDY_APPROVE,     /* pending → approved */
  UP_SUBSIDY_REJECT,      /* pending → rejected, with a reason */
  UP_SUBSIDY_SEND_BACK,   /* approved → pending, with a reason; leaves a draft
                           * batch, or is withdrawn from a batch under notice */
  UP_SUBSIDY_REISSUE,     /* failed (bank return) → approved, out of its batch */
} UpSubsidyDecision;

/* Store: the plain functions run on a connection's worker thread (or a
 * connection of the caller's own); the _async ones queue them on an
 * UpDatabase.  Each is one transaction.  The moves, caps and quotas are the
 * database's rules (db/migrations/0004-subsidy-rules.sql): a refusal comes
 * as UP_ERROR with the rule's sentence, and nothing is changed. */

/* One claim with its rule trail, its history and its trainee's, or NULL
 * with an error. */
UpSubsidy       *up_subsidy_get              (PGconn             *conn,
                                              gint64              subsidy_id,
                                              GError            **error);
/* @decision for each of @ids that is in the state the decision starts from
 * (the others are left alone), in one statement: all of them or none.
 * @reason is needed for REJECT and SEND_BACK (UP_ERROR_INVALID_INPUT when
 * blank).  *n_changed (may be NULL) is how many claims moved. */
gboolean         up_subsidy_decide           (PGconn             *conn,
                                              UpSubsidyDecision   decision,
                                              const gint64       *ids,
                                              guint               n_ids,
                                              const char         *reason,
                                              guint              *n_changed,
                                              GError            **error);
/* The history of a trainee's claims (audit_log), oldest first: an array of
 * UpAuditEntry. */
GPtrArray       *up_subsidy_list_trainee_history (PGconn         *conn,
                                              gint64              trainee_id,
                                              GError            **error);

void             up_subsidy_get_async        (UpDatabase         *db,
                                              gint64              subsidy_id,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
UpSubsidy       *up_subsidy_get_finish       (UpDatabase         *db,
                                              GAsyncResult       *result,
                                              GError            **error);
/* @ids and @reason are copied. */
void             up_subsidy_decide_async     (UpDatabase         *db,
                                              UpSubsidyDecision   decision,
                                              const gint64       *ids,
                                              guint               n_ids,
                                              const char         *reason,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean         up_subsidy_decide_finish    (UpDatabase         *db,
                                              GAsyncResult       *result,
                                              guint              *n_changed,
                                              GError            **error);
void             up_subsidy_list_trainee_history_async (UpDatabase *db,
                                              gint64              trainee_id,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
GPtrArray       *up_subsidy_list_trainee_history_finish (UpDatabase *db,
                                              GAsyncResult       *result,
                                              GError            **error);

G_END_DECLS
