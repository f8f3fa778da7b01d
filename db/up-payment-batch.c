/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-payment-batch"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-error.h"
#include "up-money.h"
#include "up-payment-batch.h"
#include "up-pg.h"
#include "up-store-private.h"
#include "up-subsidy-private.h"

struct _UpPaymentBatch
{
  GObject       parent_instance;

  gint64        id;
  char         *name;
  char         *fund;
  UpBatchState  state;
  gint64        budget_fen;
  char         *notice_from;
  char         *notice_to;
  int           n_claims;
  int           n_failed;
  gint64        total_fen;
  int           version;
};

G_DEFINE_FINAL_TYPE (UpPaymentBatch, up_payment_batch, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (UpBatchState, up_batch_state,
  G_DEFINE_ENUM_VALUE (UP_BATCH_STATE_DRAFT, "draft"),
  G_DEFINE_ENUM_VALUE (UP_BATCH_STATE_SUBMITTED, "submitted"),
  G_DEFINE_ENUM_VALUE (UP_BATCH_STATE_NOTICE, "notice"),
  G_DEFINE_ENUM_VALUE (UP_BATCH_STATE_APPROVED, "approved"),
  G_DEFINE_ENUM_VALUE (UP_BATCH_STATE_PAID, "paid"))

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_FUND,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_BUDGET_FEN,
  PROP_BUDGET_LABEL,
  PROP_NOTICE_FROM,
  PROP_NOTICE_TO,
  PROP_N_CLAIMS,
  PROP_N_FAILED,
  PROP_TOTAL_FEN,
  PROP_TOTAL_LABEL,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *state_sql[] = { "draft", "submitted", "notice", "approved", "paid" };
static const char *state_labels[] = {
  /* Translators: payment batch state 草稿 */
  NC_("batch state", "Draft"),
  /* Translators: payment batch state 已提交 */
  NC_("batch state", "Submitted"),
  /* Translators: payment batch state 公示中 (public notice period) */
  NC_("batch state", "Public notice"),
  /* Translators: payment batch state 已审批 */
  NC_("batch state", "Approved"),
  /* Translators: payment batch state 已发放 */
  NC_("batch state", "Paid"),
};

#define BATCH_SELECT \
  "SELECT b.id, b.name, b.fund, b.state::text, b.budget_fen, to_char (b.notice_from, 'YYYY-MM-DD'), " \
  "       to_char (b.notice_to, 'YYYY-MM-DD'), b.version, " \
  "       (SELECT count (*) FROM subsidies s WHERE s.batch_id = b.id), " \
  "       (SELECT count (*) FROM subsidies s WHERE s.batch_id = b.id AND s.state = 'failed'), " \
  "       (SELECT coalesce (sum (s.amount_fen), 0)::text FROM subsidies s " \
  "         WHERE s.batch_id = b.id AND s.state <> 'failed') " \
  "  FROM payment_batches b "

static const char *list_sql = BATCH_SELECT " ORDER BY b.id DESC";
static const char *get_sql = BATCH_SELECT " WHERE b.id = $1";

static const char *create_sql =
  "INSERT INTO payment_batches (name, fund, budget_fen) VALUES (up_trim ($1), up_trim ($2), $3::bigint) "
  "RETURNING id";

/* The batch as it was read, kept until the transaction ends. */
static const char *lock_sql =
  "SELECT version FROM payment_batches WHERE id = $1 FOR UPDATE";

static const char *add_sql =
  "UPDATE subsidies SET batch_id = $1 "
  " WHERE id = ANY ($2::bigint[]) AND state = 'approved' AND batch_id IS NULL";
static const char *remove_sql =
  "UPDATE subsidies SET batch_id = NULL WHERE id = ANY ($2::bigint[]) AND batch_id = $1";
static const char *withdraw_sql =
  "UPDATE subsidies SET state = 'pending', reason = $3, batch_id = NULL "
  " WHERE id = ANY ($2::bigint[]) AND batch_id = $1 AND state = 'approved'";

static const char *submit_sql =
  "UPDATE payment_batches SET state = 'submitted' WHERE id = $1 AND version = $2 RETURNING version";
static const char *notice_sql =
  "UPDATE payment_batches SET state = 'notice', notice_from = $3::date, notice_to = $4::date "
  " WHERE id = $1 AND version = $2 RETURNING version";
static const char *approve_sql =
  "UPDATE payment_batches SET state = 'approved' WHERE id = $1 AND version = $2 RETURNING version";
static const char *pay_sql =
  "SELECT up_pay_batch ($1, $2::bigint[])::text";
/* A statement of its own: it sees what up_pay_batch () wrote. */
static const char *version_sql =
  "SELECT version FROM payment_batches WHERE id = $1";

/* The batch's own rows (audit_log_row_idx), and the rows of every claim
 * that was ever in it: found through audit_log_subsidy_batch_idx, then
 * their rows by audit_log_row_idx, so that a claim leaving the batch (sent
 * back, withdrawn during the notice, reissued after a bank return), whose
 * new row no longer names the batch, is in the history too. */
static const char *history_sql =
  "WITH claims AS ("
  "  SELECT DISTINCT row_id FROM audit_log "
  "   WHERE table_name = 'subsidies' AND (coalesce (new_row, old_row) ->> 'batch_id')::bigint = $1) "
  "SELECT " UP_AUDIT_COLUMNS " FROM audit_log AS l "
  " WHERE (l.table_name = 'payment_batches' AND l.row_id = $1) "
  "    OR (l.table_name = 'subsidies' AND l.row_id IN (SELECT row_id FROM claims) "
  "        AND ((l.new_row ->> 'batch_id')::bigint = $1 OR (l.old_row ->> 'batch_id')::bigint = $1)) "
  " ORDER BY l.at, l.id";

/* States ---------------------------------------------------------------- */

const char *
up_batch_state_to_sql (UpBatchState state)
{
  g_return_val_if_fail (state <= UP_BATCH_STATE_PAID, NULL);
  return state_sql[state];
}

gboolean
up_batch_state_from_sql (const char   *sql,
                         UpBatchState *state)
{
  guint index;

  if (!up_store_enum_from_sql (sql, state_sql, G_N_ELEMENTS (state_sql), &index))
    return FALSE;
  *state = index;
  return TRUE;
}

const char *
up_batch_state_to_label (UpBatchState state)
{
  g_return_val_if_fail (state <= UP_BATCH_STATE_PAID, NULL);
  return g_dpgettext2 (NULL, "batch state", state_labels[state]);
}

/* GObject -------------------------------------------------------------- */

static void
up_payment_batch_finalize (GObject *object)
{
  UpPaymentBatch *self = (UpPaymentBatch *) object;

  g_free (self->name);
  g_free (self->fund);
  g_free (self->notice_from);
  g_free (self->notice_to);

  G_OBJECT_CLASS (up_payment_batch_parent_class)->finalize (object);
}

static void
up_payment_batch_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  UpPaymentBatch *self = UP_PAYMENT_BATCH (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_FUND:
      g_value_set_string (value, self->fund);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, up_batch_state_to_label (self->state));
      break;
    case PROP_BUDGET_FEN:
      g_value_set_int64 (value, self->budget_fen);
      break;
    case PROP_BUDGET_LABEL:
      g_value_take_string (value, self->budget_fen >= 0 ? up_money_format (self->budget_fen) : NULL);
      break;
    case PROP_NOTICE_FROM:
      g_value_set_string (value, self->notice_from);
      break;
    case PROP_NOTICE_TO:
      g_value_set_string (value, self->notice_to);
      break;
    case PROP_N_CLAIMS:
      g_value_set_int (value, self->n_claims);
      break;
    case PROP_N_FAILED:
      g_value_set_int (value, self->n_failed);
      break;
    case PROP_TOTAL_FEN:
      g_value_set_int64 (value, self->total_fen);
      break;
    case PROP_TOTAL_LABEL:
      g_value_take_string (value, up_money_format (self->total_fen));
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
up_payment_batch_class_init (UpPaymentBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_payment_batch_finalize;
  object_class->get_property = up_payment_batch_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, RO);
  properties[PROP_FUND] = g_param_spec_string ("fund", NULL, NULL, NULL, RO);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, UP_TYPE_BATCH_STATE, UP_BATCH_STATE_DRAFT, RO);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, RO);
  properties[PROP_BUDGET_FEN] = g_param_spec_int64 ("budget-fen", NULL, NULL, -1, G_MAXINT64, -1, RO);
  properties[PROP_BUDGET_LABEL] = g_param_spec_string ("budget-label", NULL, NULL, NULL, RO);
  properties[PROP_NOTICE_FROM] = g_param_spec_string ("notice-from", NULL, NULL, NULL, RO);
  properties[PROP_NOTICE_TO] = g_param_spec_string ("notice-to", NULL, NULL, NULL, RO);
  properties[PROP_N_CLAIMS] = g_param_spec_int ("n-claims", NULL, NULL, 0, G_MAXINT, 0, RO);
  properties[PROP_N_FAILED] = g_param_spec_int ("n-failed", NULL, NULL, 0, G_MAXINT, 0, RO);
  properties[PROP_TOTAL_FEN] = g_param_spec_int64 ("total-fen", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_TOTAL_LABEL] = g_param_spec_string ("total-label", NULL, NULL, NULL, RO);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_payment_batch_init (UpPaymentBatch *self)
{
  self->budget_fen = -1;
}

#define GETTER(type, name, field, fallback) \
  type \
  up_payment_batch_get_##name (UpPaymentBatch *self) \
  { \
    g_return_val_if_fail (UP_IS_PAYMENT_BATCH (self), fallback); \
    return self->field; \
  }

GETTER (gint64, id, id, 0)
GETTER (const char *, name, name, NULL)
GETTER (const char *, fund, fund, NULL)
GETTER (UpBatchState, state, state, UP_BATCH_STATE_DRAFT)
GETTER (gint64, budget_fen, budget_fen, -1)
GETTER (const char *, notice_from, notice_from, NULL)
GETTER (const char *, notice_to, notice_to, NULL)
GETTER (int, n_claims, n_claims, 0)
GETTER (int, n_failed, n_failed, 0)
GETTER (gint64, total_fen, total_fen, 0)
GETTER (int, version, version, 0)

/* Store ---------------------------------------------------------------- */

static UpPaymentBatch *
batch_from_row (const PGresult *result,
                int             row)
{
  UpPaymentBatch *batch = g_object_new (UP_TYPE_PAYMENT_BATCH, NULL);

  batch->id = up_store_int64 (result, row, 0);
  batch->name = g_strdup (up_store_text (result, row, 1));
  batch->fund = g_strdup (up_store_text (result, row, 2));
  up_batch_state_from_sql (up_store_text (result, row, 3), &batch->state);
  batch->budget_fen = up_store_is_null (result, row, 4) ? -1 : up_store_int64 (result, row, 4);
  batch->notice_from = g_strdup (up_store_text (result, row, 5));
  batch->notice_to = g_strdup (up_store_text (result, row, 6));
  batch->version = (int) up_store_int64 (result, row, 7);
  batch->n_claims = (int) up_store_int64 (result, row, 8);
  batch->n_failed = (int) up_store_int64 (result, row, 9);
  batch->total_fen = up_store_int64 (result, row, 10);
  return batch;
}

GListStore *
up_payment_batch_list (PGconn  *conn,
                       GError **error)
{
  g_autoptr(PGresult) result = up_pg_exec (conn, list_sql, 0, NULL, error);
  GListStore *store;

  if (result == NULL)
    return NULL;

  store = g_list_store_new (UP_TYPE_PAYMENT_BATCH);
  for (int i = 0; i < PQntuples (result); i++)
    {
      g_autoptr(UpPaymentBatch) batch = batch_from_row (result, i);

      g_list_store_append (store, batch);
    }
  return store;
}

static void
set_gone (GError **error)
{
  g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED, _("This payment batch no longer exists."));
}

static void
set_changed (GError **error)
{
  g_set_error_literal (error, UP_ERROR, UP_ERROR_RETRY,
                       _("Someone else changed this payment batch in the meantime. "
                         "Look at it again and repeat your change."));
}

UpPaymentBatch *
up_payment_batch_get (PGconn  *conn,
                      gint64   batch_id,
                      GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, batch_id);
  const char *params[] = { id };
  g_autoptr(PGresult) result = up_pg_exec (conn, get_sql, 1, params, error);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) != 1)
    {
      set_gone (error);
      return NULL;
    }
  return batch_from_row (result, 0);
}

UpPaymentBatch *
up_payment_batch_create (PGconn      *conn,
                         const char  *name,
                         const char  *fund,
                         gint64       budget_fen,
                         GError     **error)
{
  g_autofree char *budget = budget_fen >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, budget_fen) : NULL;
  const char *params[] = { name, fund != NULL && *fund != '\0' ? fund : "special", budget };
  gint64 id = 0;

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("The payment batch needs a name."));
      return NULL;
    }

  if (!up_pg_query_int64 (conn, create_sql, 3, params, &id, error))
    return NULL;
  return up_payment_batch_get (conn, id, error);
}

/* In a transaction: the batch locked, at @version. */
static gboolean
lock_at_version (PGconn      *conn,
                 const char  *id,
                 int          version,
                 GError     **error)
{
  const char *params[] = { id };
  g_autoptr(PGresult) result = up_pg_exec (conn, lock_sql, 1, params, error);

  if (result == NULL)
    return FALSE;
  if (PQntuples (result) != 1)
    {
      set_gone (error);
      return FALSE;
    }
  if (up_store_int64 (result, 0, 0) != version)
    {
      set_changed (error);
      return FALSE;
    }
  return TRUE;
}

/* One statement on claims of a batch at @version, in a transaction. */
static gboolean
change_claims (PGconn        *conn,
               const char    *sql,
               gint64         batch_id,
               int            version,
               const gint64  *ids,
               guint          n_ids,
               const char    *reason,
               guint         *n_changed,
               GError       **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, batch_id);
  g_autofree char *array = up_subsidy_ids_to_sql (ids, n_ids);
  const char *params[] = { id, array, reason };
  g_autoptr(PGresult) result = NULL;

  if (n_changed != NULL)
    *n_changed = 0;

  if (!up_pg_begin (conn, error))
    return FALSE;

  if ((version >= 0 && !lock_at_version (conn, id, version, error))
      || (result = up_pg_exec (conn, sql, reason != NULL ? 3 : 2, params, error)) == NULL
      || !up_pg_commit (conn, error))
    {
      up_pg_rollback (conn);
      return FALSE;
    }

  if (n_changed != NULL)
    *n_changed = (guint) g_ascii_strtoull (PQcmdTuples (result), NULL, 10);
  return TRUE;
}

gboolean
up_payment_batch_add_claims (PGconn        *conn,
                             gint64         batch_id,
                             int            version,
                             const gint64  *ids,
                             guint          n_ids,
                             guint         *n_added,
                             GError       **error)
{
  return change_claims (conn, add_sql, batch_id, version, ids, n_ids, NULL, n_added, error);
}

gboolean
up_payment_batch_remove_claims (PGconn        *conn,
                                gint64         batch_id,
                                int            version,
                                const gint64  *ids,
                                guint          n_ids,
                                guint         *n_removed,
                                GError       **error)
{
  return change_claims (conn, remove_sql, batch_id, version, ids, n_ids, NULL, n_removed, error);
}

gboolean
up_payment_batch_withdraw_claims (PGconn        *conn,
                                  gint64         batch_id,
                                  const gint64  *ids,
                                  guint          n_ids,
                                  const char    *reason,
                                  guint         *n_withdrawn,
                                  GError       **error)
{
  g_autofree char *trimmed = up_subsidy_trim_reason (reason);

  if (*trimmed == '\0')
    {
      if (n_withdrawn != NULL)
        *n_withdrawn = 0;
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("Say why the claim is withdrawn: the reason is kept with the claim."));
      return FALSE;
    }

  /* No version: an objection during the notice does not change the batch. */
  return change_claims (conn, withdraw_sql, batch_id, -1, ids, n_ids, trimmed, n_withdrawn, error);
}

/* A move of the batch row itself, in one statement at @version. */
static gboolean
move (PGconn       *conn,
      const char   *sql,
      gint64        batch_id,
      int           version,
      const char   *from,
      const char   *to,
      int          *new_version,
      GError      **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, batch_id);
  g_autofree char *v = g_strdup_printf ("%d", version);
  const char *params[] = { id, v, from, to };
  g_autoptr(PGresult) result = up_pg_exec (conn, sql, from != NULL ? 4 : 2, params, error);

  if (result == NULL)
    return FALSE;

  if (PQntuples (result) != 1)
    {
      gint64 exists = 0;
      const char *exists_params[] = { id };

      if (up_pg_query_int64 (conn, "SELECT count (*) FROM payment_batches WHERE id = $1", 1, exists_params,
                             &exists, NULL) && exists == 0)
        set_gone (error);
      else
        set_changed (error);
      return FALSE;
    }

  if (new_version != NULL)
    *new_version = (int) up_store_int64 (result, 0, 0);
  return TRUE;
}

gboolean
up_payment_batch_submit (PGconn  *conn,
                         gint64   batch_id,
                         int      version,
                         int     *new_version,
                         GError **error)
{
  return move (conn, submit_sql, batch_id, version, NULL, NULL, new_version, error);
}

gboolean
up_payment_batch_start_notice (PGconn       *conn,
                               gint64        batch_id,
                               int           version,
                               const GDate  *from,
                               const GDate  *to,
                               int          *new_version,
                               GError      **error)
{
  g_autofree char *from_text = up_store_format_date (from);
  g_autofree char *to_text = up_store_format_date (to);

  if (from_text == NULL || to_text == NULL)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("Enter the first and last day of the public notice."));
      return FALSE;
    }

  return move (conn, notice_sql, batch_id, version, from_text, to_text, new_version, error);
}

gboolean
up_payment_batch_approve (PGconn  *conn,
                          gint64   batch_id,
                          int      version,
                          int     *new_version,
                          GError **error)
{
  return move (conn, approve_sql, batch_id, version, NULL, NULL, new_version, error);
}

static gboolean
pay (PGconn        *conn,
     gint64         batch_id,
     int            version,
     const gint64  *failed_ids,
     guint          n_failed,
     gint64        *paid_fen,
     int           *new_version,
     GError       **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, batch_id);
  g_autofree char *failed = up_subsidy_ids_to_sql (failed_ids, n_failed);
  const char *params[] = { id, failed };
  g_autoptr(PGresult) result = NULL;
  gint64 after = 0;

  if (!up_pg_begin (conn, error))
    return FALSE;

  if (!lock_at_version (conn, id, version, error)
      || (result = up_pg_exec (conn, pay_sql, 2, params, error)) == NULL
      || !up_pg_query_int64 (conn, version_sql, 1, params, &after, error)
      || !up_pg_commit (conn, error))
    {
      up_pg_rollback (conn);
      return FALSE;
    }

  if (paid_fen != NULL)
    *paid_fen = up_store_int64 (result, 0, 0);
  if (new_version != NULL)
    *new_version = (int) after;
  return TRUE;
}

gboolean
up_payment_batch_pay (PGconn        *conn,
                      gint64         batch_id,
                      int            version,
                      const gint64  *failed_ids,
                      guint          n_failed,
                      gint64        *paid_fen,
                      GError       **error)
{
  g_return_val_if_fail (failed_ids != NULL || n_failed == 0, FALSE);

  return pay (conn, batch_id, version, failed_ids, n_failed, paid_fen, NULL, error);
}

GPtrArray *
up_payment_batch_list_history (PGconn  *conn,
                               gint64   batch_id,
                               GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, batch_id);
  const char *params[] = { id };
  g_autoptr(PGresult) result = up_pg_exec (conn, history_sql, 1, params, error);

  if (result == NULL)
    return NULL;
  return up_audit_entries_from_result (result);
}

/* Comparing --------------------------------------------------------------- */

gboolean
up_payment_batch_allows (UpPaymentBatch *batch,
                         UpBatchChange   change)
{
  g_return_val_if_fail (UP_IS_PAYMENT_BATCH (batch), FALSE);

  switch (change)
    {
    case UP_BATCH_CHANGE_ADD_CLAIMS:
    case UP_BATCH_CHANGE_REMOVE_CLAIMS:
    case UP_BATCH_CHANGE_SUBMIT:
      return batch->state == UP_BATCH_STATE_DRAFT;
    case UP_BATCH_CHANGE_START_NOTICE:
      return batch->state == UP_BATCH_STATE_SUBMITTED;
    case UP_BATCH_CHANGE_WITHDRAW_CLAIMS:
    case UP_BATCH_CHANGE_APPROVE:
      return batch->state == UP_BATCH_STATE_NOTICE;
    case UP_BATCH_CHANGE_PAY:
      return batch->state == UP_BATCH_STATE_APPROVED;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static char *
budget_text (gint64 budget_fen)
{
  /* Translators: a batch without a budget, in "Budget: none → ¥5,000.00" */
  return budget_fen >= 0 ? up_money_format (budget_fen) : g_strdup (C_("batch budget", "none"));
}

static char *
notice_text (UpPaymentBatch *batch)
{
  if (batch->notice_from == NULL || batch->notice_to == NULL)
    /* Translators: a batch with no public notice yet, in "Public notice: none → 2025-11-01 – 2025-11-07" */
    return g_strdup (C_("batch notice", "none"));
  /* Translators: a period, from – to */
  return g_strdup_printf (_("%s – %s"), batch->notice_from, batch->notice_to);
}

GStrv
up_payment_batch_describe_changes (UpPaymentBatch *before,
                                   UpPaymentBatch *after)
{
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();

  g_return_val_if_fail (UP_IS_PAYMENT_BATCH (before), NULL);
  g_return_val_if_fail (UP_IS_PAYMENT_BATCH (after), NULL);

  /* The page's columns, left to right. */
  if (g_strcmp0 (before->name, after->name) != 0)
    {
      /* Translators: a batch's name before and after someone else's change */
      g_autofree char *line = g_strdup_printf (_("Name: “%s” → “%s”"), before->name, after->name);

      g_strv_builder_add (lines, line);
    }
  if (g_strcmp0 (before->fund, after->fund) != 0)
    {
      /* Translators: the fund a batch is paid from, before and after someone else's change */
      g_autofree char *line = g_strdup_printf (_("Fund: %s → %s"), before->fund, after->fund);

      g_strv_builder_add (lines, line);
    }
  if (before->state != after->state)
    {
      /* Translators: a batch's state before and after someone else's change: "State: Draft → Submitted" */
      g_autofree char *line = g_strdup_printf (_("State: %s → %s"), up_batch_state_to_label (before->state),
                                               up_batch_state_to_label (after->state));

      g_strv_builder_add (lines, line);
    }
  if (before->n_claims != after->n_claims)
    {
      /* Translators: the number of claims in a batch before and after someone else's change */
      g_autofree char *line = g_strdup_printf (_("Claims: %d → %d"), before->n_claims, after->n_claims);

      g_strv_builder_add (lines, line);
    }
  if (before->n_failed != after->n_failed)
    {
      /* Translators: claims of a batch the bank returned, before and after */
      g_autofree char *line = g_strdup_printf (_("Returned by the bank: %d → %d"), before->n_failed,
                                               after->n_failed);

      g_strv_builder_add (lines, line);
    }
  if (before->total_fen != after->total_fen)
    {
      g_autofree char *from = up_money_format (before->total_fen);
      g_autofree char *to = up_money_format (after->total_fen);
      /* Translators: a batch's total in yuan before and after someone else's change */
      g_autofree char *line = g_strdup_printf (_("Total: %s → %s"), from, to);

      g_strv_builder_add (lines, line);
    }
  if (before->budget_fen != after->budget_fen)
    {
      g_autofree char *from = budget_text (before->budget_fen);
      g_autofree char *to = budget_text (after->budget_fen);
      /* Translators: a batch's budget before and after someone else's change */
      g_autofree char *line = g_strdup_printf (_("Budget: %s → %s"), from, to);

      g_strv_builder_add (lines, line);
    }
  if (g_strcmp0 (before->notice_from, after->notice_from) != 0 || g_strcmp0 (before->notice_to, after->notice_to) != 0)
    {
      g_autofree char *from = notice_text (before);
      g_autofree char *to = notice_text (after);
      /* Translators: a batch's public notice period before and after someone else's change */
      g_autofree char *line = g_strdup_printf (_("Public notice: %s → %s"), from, to);

      g_strv_builder_add (lines, line);
    }

  return g_strv_builder_end (lines);
}

/* Async ------------------------------------------------------------------ */

typedef struct
{
  UpBatchChange        change;
  gint64               batch_id;
  int                  version;
  gint64              *ids;
  guint                n_ids;
  char                *name;
  char                *fund;
  gint64               budget_fen;
  char                *reason;
  GDate                from;
  GDate                to;
  /* out */
  UpBatchChangeResult  result;
} Job;

static void
job_free (Job *job)
{
  g_free (job->ids);
  g_free (job->name);
  g_free (job->fund);
  g_free (job->reason);
  g_free (job);
}

static Job *
job_new (void)
{
  Job *job = g_new0 (Job, 1);

  g_date_clear (&job->from, 1);
  g_date_clear (&job->to, 1);
  return job;
}

static gpointer
list_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return up_payment_batch_list (conn, error);
}

void
up_payment_batch_list_async (UpDatabase          *db,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));

  up_store_run_async (db, up_payment_batch_list_async, list_func, NULL, NULL, g_object_unref,
                      NULL, NULL, cancellable, callback, user_data);
}

GListStore *
up_payment_batch_list_finish (UpDatabase    *db,
                              GAsyncResult  *result,
                              GError       **error)
{
  return up_store_propagate (db, result, up_payment_batch_list_async, error);
}

static gpointer
get_func (PGconn        *conn,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  return up_payment_batch_get (conn, ((Job *) data)->batch_id, error);
}

void
up_payment_batch_get_async (UpDatabase          *db,
                            gint64               batch_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Job *job = job_new ();

  g_return_if_fail (UP_IS_DATABASE (db));

  job->batch_id = batch_id;
  up_store_run_async (db, up_payment_batch_get_async, get_func, job, NULL, g_object_unref,
                      job, (GDestroyNotify) job_free, cancellable, callback, user_data);
}

UpPaymentBatch *
up_payment_batch_get_finish (UpDatabase    *db,
                             GAsyncResult  *result,
                             GError       **error)
{
  return up_store_propagate (db, result, up_payment_batch_get_async, error);
}

static gpointer
create_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;

  return up_payment_batch_create (conn, job->name, job->fund, job->budget_fen, error);
}

void
up_payment_batch_create_async (UpDatabase          *db,
                               const char          *name,
                               const char          *fund,
                               gint64               budget_fen,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job = job_new ();

  g_return_if_fail (UP_IS_DATABASE (db));

  job->name = g_strdup (name);
  job->fund = g_strdup (fund);
  job->budget_fen = budget_fen;
  up_store_run_async (db, up_payment_batch_create_async, create_func, job, NULL, g_object_unref,
                      job, (GDestroyNotify) job_free, cancellable, callback, user_data);
}

UpPaymentBatch *
up_payment_batch_create_finish (UpDatabase    *db,
                                GAsyncResult  *result,
                                GError       **error)
{
  return up_store_propagate (db, result, up_payment_batch_create_async, error);
}

static gpointer
change_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;
  UpBatchChangeResult *r = &job->result;
  gboolean ok = FALSE;

  switch (job->change)
    {
    case UP_BATCH_CHANGE_ADD_CLAIMS:
      ok = up_payment_batch_add_claims (conn, job->batch_id, job->version, job->ids, job->n_ids,
                                        &r->n_claims, error);
      break;
    case UP_BATCH_CHANGE_REMOVE_CLAIMS:
      ok = up_payment_batch_remove_claims (conn, job->batch_id, job->version, job->ids, job->n_ids,
                                           &r->n_claims, error);
      break;
    case UP_BATCH_CHANGE_WITHDRAW_CLAIMS:
      ok = up_payment_batch_withdraw_claims (conn, job->batch_id, job->ids, job->n_ids, job->reason,
                                             &r->n_claims, error);
      break;
    case UP_BATCH_CHANGE_SUBMIT:
      ok = up_payment_batch_submit (conn, job->batch_id, job->version, &r->new_version, error);
      break;
    case UP_BATCH_CHANGE_START_NOTICE:
      ok = up_payment_batch_start_notice (conn, job->batch_id, job->version, &job->from, &job->to,
                                          &r->new_version, error);
      break;
    case UP_BATCH_CHANGE_APPROVE:
      ok = up_payment_batch_approve (conn, job->batch_id, job->version, &r->new_version, error);
      break;
    case UP_BATCH_CHANGE_PAY:
      ok = pay (conn, job->batch_id, job->version, job->ids, job->n_ids, &r->paid_fen, &r->new_version, error);
      break;
    default:
      g_assert_not_reached ();
    }

  return ok ? UP_STORE_OK : NULL;
}

void
up_payment_batch_change_async (UpDatabase          *db,
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
                               gpointer             user_data)
{
  Job *job = job_new ();

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (change <= UP_BATCH_CHANGE_PAY);
  g_return_if_fail (ids != NULL || n_ids == 0);

  job->change = change;
  job->batch_id = batch_id;
  job->version = version;
  job->ids = g_memdup2 (ids, sizeof (gint64) * n_ids);
  job->n_ids = n_ids;
  job->reason = g_strdup (reason);
  if (from != NULL && g_date_valid (from))
    job->from = *from;
  if (to != NULL && g_date_valid (to))
    job->to = *to;
  up_store_run_async (db, up_payment_batch_change_async, change_func, job, NULL, NULL,
                      job, (GDestroyNotify) job_free, cancellable, callback, user_data);
}

gboolean
up_payment_batch_change_finish (UpDatabase           *db,
                                GAsyncResult         *result,
                                UpBatchChangeResult  *change_result,
                                GError              **error)
{
  Job *job;

  if (up_store_propagate (db, result, up_payment_batch_change_async, error) == NULL)
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  if (change_result != NULL)
    *change_result = job->result;
  return TRUE;
}

static gpointer
history_func (PGconn        *conn,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  return up_payment_batch_list_history (conn, ((Job *) data)->batch_id, error);
}

void
up_payment_batch_list_history_async (UpDatabase          *db,
                                     gint64               batch_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Job *job = job_new ();

  g_return_if_fail (UP_IS_DATABASE (db));

  job->batch_id = batch_id;
  up_store_run_async (db, up_payment_batch_list_history_async, history_func, job, NULL,
                      (GDestroyNotify) g_ptr_array_unref, job, (GDestroyNotify) job_free,
                      cancellable, callback, user_data);
}

GPtrArray *
up_payment_batch_list_history_finish (UpDatabase    *db,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return up_store_propagate (db, result, up_payment_batch_list_history_async, error);
}
