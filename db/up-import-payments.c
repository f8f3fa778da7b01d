/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-import"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "up-error.h"
#include "up-i18n.h"
#include "up-id-number.h"
#include "up-import-private.h"
#include "up-money.h"
#include "up-payment-batch.h"
#include "up-pg.h"

/* Payment results: the bank's file for one approved batch.  One row per
 * person: a trainee with two claims in the batch was paid their sum in one
 * transfer, and a failed transfer fails both. */
static const char *payments_staging_sql =
  "CREATE TEMP TABLE up_import_payments ("
  "  line integer NOT NULL, id_number text NOT NULL, name text, amount_fen bigint, failed boolean NOT NULL"
  ") ON COMMIT DROP";

static const char *payments_copy_sql =
  "COPY up_import_payments (line, id_number, name, amount_fen, failed) FROM STDIN";

/* Locked until the end, so that nobody changes the batch meanwhile. */
static const char *batch_state_sql =
  "SELECT state::text FROM payment_batches WHERE id = $1 FOR UPDATE";

/* The payees as the batch froze them when it was submitted. */
static const char *payees_sql =
  "CREATE TEMP TABLE up_import_payees ON COMMIT DROP AS"
  " SELECT coalesce (x.payee_id_number, t.id_number) AS id_number,"
  "        min (coalesce (x.payee_name, t.name)) AS name,"
  "        sum (x.amount_fen)::bigint AS amount_fen, array_agg (x.id) AS claim_ids"
  "   FROM subsidies x JOIN trainees t ON t.id = x.trainee_id"
  "  WHERE x.batch_id = $1 AND x.state = 'approved'"
  "  GROUP BY 1";

/* The rows that match no payee of the batch, or not exactly (RefusedPayment). */
static const char *payments_refused_sql =
  "SELECT s.line,"
  "       CASE WHEN p.id_number IS NULL THEN 1 WHEN s.name IS NOT NULL AND s.name <> p.name THEN 2 ELSE 3 END,"
  "       p.amount_fen"
  "  FROM up_import_payments s LEFT JOIN up_import_payees p ON p.id_number = s.id_number"
  " WHERE p.id_number IS NULL OR (s.name IS NOT NULL AND s.name <> p.name)"
  "    OR (s.amount_fen IS NOT NULL AND s.amount_fen <> p.amount_fen)"
  " ORDER BY s.line";

static const char *payments_missing_sql =
  "SELECT p.id_number, p.name FROM up_import_payees p"
  " WHERE NOT EXISTS (SELECT 1 FROM up_import_payments s WHERE s.id_number = p.id_number)"
  " ORDER BY up_name_sort_key (p.name) COLLATE up_pinyin, p.id_number";

/* The database's own up_pay_batch, once: all of the batch, or nothing. */
static const char *pay_sql =
  "SELECT up_pay_batch ($1, coalesce ((SELECT array_agg (c)"
  "                                      FROM up_import_payments s"
  "                                      JOIN up_import_payees p ON p.id_number = s.id_number,"
  "                                           unnest (p.claim_ids) AS c"
  "                                     WHERE s.failed), '{}'))";

static const char *payments_counts_sql =
  "SELECT count (*) FILTER (WHERE x.state = 'paid'), count (*) FILTER (WHERE x.state = 'failed')"
  "  FROM subsidies x WHERE x.batch_id = $1";

/* A row of the bank's file: either staged, or refused (*reason). */
static void
check_payment_row (UpImportRun  *run,
                   const UpRow  *row,
                   gboolean     *skipped,
                   char        **reason)
{
  g_autofree char *id_number = NULL;
  g_autofree char *name = up_import_run_cell (run, row, UP_PAYMENT_COLUMN_NAME);
  g_autofree char *amount_text = up_import_run_cell (run, row, UP_PAYMENT_COLUMN_AMOUNT);
  g_autofree char *result_text = up_import_run_cell (run, row, UP_PAYMENT_COLUMN_RESULT);
  g_autofree char *failure_text = up_import_run_cell (run, row, UP_PAYMENT_COLUMN_REASON);
  gint64 amount_fen = -1;
  gboolean failed = FALSE;
  guint first;

  id_number = up_import_run_checked_id_number (run, row, reason);
  if (id_number == NULL)
    return;

  if (*amount_text != '\0' && (!up_money_parse (amount_text, &amount_fen) || amount_fen < 0))
    {
      *reason = g_strdup (_("Amount: write the yuan paid, such as 1500 or 1,500.00."));
      return;
    }

  /* The result's word, or else the reason column: a reason means failed. */
  if (*result_text != '\0')
    {
      if (!up_import_parse_payment_result (result_text, &failed))
        {
          *reason = g_strdup (_("Result: write 成功 or 失败 (success or failed)."));
          return;
        }
    }
  else if (run->columns[UP_PAYMENT_COLUMN_REASON] >= 0)
    failed = *failure_text != '\0';
  else
    {
      *reason = g_strdup (_("Result: write 成功 or 失败 (success or failed)."));
      return;
    }

  if (!up_import_run_id_number_is_new (run, id_number, row->number, &first))
    {
      /* Translators: %u is the number of the row that has the same ID number */
      *reason = g_strdup_printf (_("ID number: the same as in row %u; the bank's file has one row per person."),
                                 first);
      return;
    }

  up_import_run_stage_begin (run, row->number);
  up_import_run_stage_text (run, id_number);
  up_import_run_stage_text (run, *name != '\0' ? name : NULL);
  up_import_run_stage_int (run, amount_fen, amount_fen >= 0);
  up_import_run_stage_text (run, failed ? "t" : "f");
  up_import_run_stage_end (run);
}

static gboolean
check_batch (UpImportRun  *run,
             GError      **error)
{
  g_autofree char *batch_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->self->batch_id);
  const char *params[] = { batch_text };
  g_autoptr(PGresult) result = NULL;
  UpBatchState state;

  if (run->self->batch_id <= 0)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("Choose the payment batch the bank's file is for."));
      return FALSE;
    }

  result = up_pg_exec (run->conn, batch_state_sql, 1, params, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) != 1)
    {
      /* Translators: %s is a payment batch's number */
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("There is no payment batch number %s."), batch_text);
      return FALSE;
    }
  if (!up_batch_state_from_sql (PQgetvalue (result, 0, 0), &state) || state != UP_BATCH_STATE_APPROVED)
    {
      /* Translators: %s is a batch's number, %s its state (Paid, Draft …) */
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                   _("Payment batch %s is not approved (it is %s): the bank's results are imported for an "
                     "approved batch only, once."),
                   batch_text, up_batch_state_to_label (state));
      return FALSE;
    }

  return up_pg_command (run->conn, payees_sql, 1, params, error);
}

static gboolean
vet_payments (UpImportRun  *run,
              GError      **error)
{
  g_autofree char *batch_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->self->batch_id);
  g_autoptr(PGresult) result = NULL;

  result = up_pg_exec (run->conn, payments_refused_sql, 0, NULL, error);
  if (result == NULL)
    return FALSE;

  for (int i = 0; i < PQntuples (result); i++)
    {
      guint line = (guint) g_ascii_strtoull (PQgetvalue (result, i, 0), NULL, 10);
      int why = atoi (PQgetvalue (result, i, 1));
      g_autofree char *reason = NULL;

      if (why == 1)
        /* Translators: %s is a payment batch's number */
        reason = g_strdup_printf (_("ID number: no claim of batch %s is paid to this number."), batch_text);
      else if (why == 2)
        reason = g_strdup (_("Name: the batch pays this ID number to another name."));
      else
        {
          g_autofree char *expected = up_money_format (g_ascii_strtoll (PQgetvalue (result, i, 2), NULL, 10));

          /* Translators: %s is an amount (¥1,500.00) */
          reason = g_strdup_printf (_("Amount: the batch pays %s to this person."), expected);
        }
      if (!up_import_run_reject_line (run, line, reason, error))
        return FALSE;
    }
  return TRUE;
}

/* Every payee of the batch must be in the bank's file. */
static gboolean
check_missing_payees (UpImportRun  *run,
                      GError      **error)
{
  g_autoptr(PGresult) result = up_pg_exec (run->conn, payments_missing_sql, 0, NULL, error);
  g_autoptr(GString) list = NULL;
  int n;

  if (result == NULL)
    return FALSE;
  n = PQntuples (result);
  if (n == 0)
    return TRUE;

  /* Named and masked: enough to find them, no full ID number on screen. */
  list = g_string_new (NULL);
  for (int i = 0; i < MIN (n, 10); i++)
    {
      g_autofree char *masked = up_id_number_mask (PQgetvalue (result, i, 0));

      g_string_append_printf (list, "%s%s (%s)", i > 0 ? _(", ") : "", PQgetvalue (result, i, 1), masked);
    }
  if (n > 10)
    /* Translators: %d is how many more people are missing */
    g_string_append_printf (list, _(" and %d more"), n - 10);

  g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
               /* Translators: %d is a number of people, %s their names and masked ID numbers */
               g_dngettext (GETTEXT_PACKAGE,
                            "The bank's file leaves out %d person paid by the batch, so nothing was recorded: %s. "
                            "A bank's file must cover the whole batch.",
                            "The bank's file leaves out %d people paid by the batch, so nothing was recorded: %s. "
                            "A bank's file must cover the whole batch.", (gulong) n),
               n, list->str);
  return FALSE;
}

static gboolean
pay_batch (UpImportRun  *run,
           GError      **error)
{
  g_autofree char *batch_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->self->batch_id);
  const char *params[] = { batch_text };
  g_autoptr(PGresult) counts = NULL;
  gint64 paid_fen = 0;

  if (!check_missing_payees (run, error)
      || !up_pg_query_int64 (run->conn, pay_sql, 1, params, &paid_fen, error))
    return FALSE;
  up_import_run_lap (run, "pay the batch");

  counts = up_pg_exec (run->conn, payments_counts_sql, 1, params, error);
  if (counts == NULL)
    return FALSE;
  run->summary->imported = run->summary->read - run->summary->rejected;
  run->summary->paid = (guint) g_ascii_strtoull (PQgetvalue (counts, 0, 0), NULL, 10);
  run->summary->failed = (guint) g_ascii_strtoull (PQgetvalue (counts, 0, 1), NULL, 10);
  run->summary->paid_fen = paid_fen;
  return TRUE;
}

static gboolean
check_columns (UpImportRun           *run,
               const UpImportColumn  *columns,
               GError               **error)
{
  if (run->columns[UP_PAYMENT_COLUMN_RESULT] < 0 && run->columns[UP_PAYMENT_COLUMN_REASON] < 0)
    {
      /* Translators: the %s are column names (结果, 失败原因) */
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                   _("The file has no column for “%s” or “%s”: the bank's file must say which transfers "
                     "failed."), up_import_column_get_label (&columns[UP_PAYMENT_COLUMN_RESULT]),
                   up_import_column_get_label (&columns[UP_PAYMENT_COLUMN_REASON]));
      return FALSE;
    }
  return TRUE;
}

static gboolean
start (UpImportRun  *run,
       GError      **error)
{
  return up_pg_begin (run->conn, error)
         && check_batch (run, error)
         && up_pg_command (run->conn, payments_staging_sql, 0, NULL, error)
         && up_pg_copy_begin (run->conn, payments_copy_sql, error);
}

const UpImportKindOps up_import_payments_ops = {
  .check_columns = check_columns,
  .start = start,
  .check_row = check_payment_row,
  .vet = vet_payments,
  .merge = pay_batch,
  .whole_file = TRUE,
};
