/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-report-ledger"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-report-private.h"
#include "up-subsidy-rule.h"

/* The subsidy ledger (补助台账): every claim of the period (claimed on a
 * day within it) with its states and dates, the rule that decided its
 * amount in words (the last line of its rule trail that refused, reduced or
 * raised it), by claim number (the order
 * they were made: the primary key streams them without a sort of the whole
 * region's claims), under an autofilter; a second
 * sheet of totals by state and by academy, summed by the server in integer
 * fen. */

static const char *claims_sql =
  "SELECT s.id, to_char (s.claimed_on, 'YYYY-MM-DD'), a.name, t.name, t.id_number,"
  "       x.kind::text, x.skill_level, x.academic_level::text, x.occupation, x.certificate_no,"
  "       p.name, s.amount_fen, s.state::text, to_char (s.decided_at, 'YYYY-MM-DD'),"
  "       b.name, to_char (s.paid_at, 'YYYY-MM-DD'), s.reason,"
  "       r.rule, r.outcome, r.amount_fen, r.limit_value::text, r.actual_value::text"
  "  FROM subsidies s"
  "  JOIN academies a ON a.id = s.academy_id"
  "  JOIN trainees t ON t.id = s.trainee_id"
  "  JOIN certifications x ON x.id = s.certification_id"
  "  LEFT JOIN subsidy_policies p ON p.id = s.policy_id"
  "  LEFT JOIN payment_batches b ON b.id = s.batch_id"
  "  LEFT JOIN LATERAL (SELECT rr.rule, rr.outcome, rr.amount_fen, rr.limit_value, rr.actual_value"
  "                       FROM subsidy_rule_results rr"
  "                      WHERE rr.subsidy_id = s.id AND rr.outcome <> 'applied'"
  "                      ORDER BY rr.seq DESC LIMIT 1) AS r ON true"
  " WHERE s.claimed_on BETWEEN $1::date AND $2::date"
  "   AND ($3::bigint IS NULL OR s.academy_id = $3::bigint)"
  " ORDER BY s.id";

static const char *count_sql =
  "SELECT count(*) FROM subsidies s"
  " WHERE s.claimed_on BETWEEN $1::date AND $2::date"
  "   AND ($3::bigint IS NULL OR s.academy_id = $3::bigint)";

static const char *by_state_sql =
  "SELECT s.state::text, count(*), sum (s.amount_fen)"
  "  FROM subsidies s"
  " WHERE s.claimed_on BETWEEN $1::date AND $2::date"
  "   AND ($3::bigint IS NULL OR s.academy_id = $3::bigint)"
  " GROUP BY s.state ORDER BY s.state";

static const char *by_academy_sql =
  "SELECT a.code, a.name, count(*), sum (s.amount_fen),"
  "       count(*) FILTER (WHERE s.state = 'pending'),  coalesce (sum (s.amount_fen) FILTER (WHERE s.state = 'pending'), 0),"
  "       count(*) FILTER (WHERE s.state = 'approved'), coalesce (sum (s.amount_fen) FILTER (WHERE s.state = 'approved'), 0),"
  "       count(*) FILTER (WHERE s.state = 'rejected'), coalesce (sum (s.amount_fen) FILTER (WHERE s.state = 'rejected'), 0),"
  "       count(*) FILTER (WHERE s.state = 'paid'),     coalesce (sum (s.amount_fen) FILTER (WHERE s.state = 'paid'), 0),"
  "       count(*) FILTER (WHERE s.state = 'failed'),   coalesce (sum (s.amount_fen) FILTER (WHERE s.state = 'failed'), 0)"
  "  FROM subsidies s JOIN academies a ON a.id = s.academy_id"
  " WHERE s.claimed_on BETWEEN $1::date AND $2::date"
  "   AND ($3::bigint IS NULL OR s.academy_id = $3::bigint)"
  " GROUP BY a.id ORDER BY a.level, a.name COLLATE up_pinyin";

typedef struct
{
  UpReportSheet  sheet;
  gint64         n;
  gint64         fen;
} Claims;

static gboolean
claim_row_cb (UpReport       *report,
              const PGresult *result,
              int             r,
              gpointer        user_data)
{
  Claims *claims = user_data;
  lxw_row_t row = up_report_sheet_next_row (&claims->sheet);
  lxw_worksheet *ws = claims->sheet.worksheet;
  g_autofree char *id_number = NULL;
  gint64 fen;

  if (row == G_MAXUINT32)
    return FALSE;

#define VALUE(c) (PQgetisnull (result, r, (c)) ? NULL : PQgetvalue (result, r, (c)))
  id_number = up_report_id_number (report, VALUE (4));
  fen = g_ascii_strtoll (PQgetvalue (result, r, 11), NULL, 10);

  up_report_write_integer (report, ws, row, 0, g_ascii_strtoll (PQgetvalue (result, r, 0), NULL, 10), NULL);
  up_report_write_date (report, ws, row, 1, VALUE (1));
  up_report_write_text (report, ws, row, 2, VALUE (2), NULL);
  up_report_write_text (report, ws, row, 3, VALUE (3), NULL);
  up_report_write_text (report, ws, row, 4, id_number, report->text_format);
  up_report_write_text (report, ws, row, 5, VALUE (8), NULL);
  up_report_write_text (report, ws, row, 6, up_report_level_label (report, VALUE (5), VALUE (6), VALUE (7)), NULL);
  up_report_write_text (report, ws, row, 7, VALUE (9), report->text_format);
  up_report_write_text (report, ws, row, 8, VALUE (10), NULL);
  up_report_write_fen (report, ws, row, 9, fen, NULL);
  up_report_write_text (report, ws, row, 10, up_report_state_label (report, VALUE (12)), NULL);
  up_report_write_date (report, ws, row, 11, VALUE (13));
  up_report_write_text (report, ws, row, 12, VALUE (14), NULL);
  up_report_write_date (report, ws, row, 13, VALUE (15));
  up_report_write_text (report, ws, row, 14, VALUE (16), NULL);
  if (VALUE (17) != NULL)
    {
      g_autofree char *words = up_subsidy_rule_explain (VALUE (17), VALUE (18),
                                                        g_ascii_strtoll (PQgetvalue (result, r, 19), NULL, 10),
                                                        VALUE (20), VALUE (21));

      up_report_write_text (report, ws, row, 15, words, NULL);
    }
#undef VALUE

  claims->n++;
  claims->fen += fen;
  return up_report_ok (report);
}

static gboolean
write_claims (UpReport    *report,
              const char **params)
{
  const UpReportColumn columns[] = {
    /* Translators: column of the subsidy ledger: the claim's number */
    { C_("ledger", "Claim"), 9 },
    { C_("ledger", "Claimed on"), 12 },
    { C_("ledger", "Academy"), 24 },
    { C_("ledger", "Name"), 12 },
    { C_("ledger", "ID number"), 21 },
    /* Translators: column of the subsidy ledger: the certificate's occupation */
    { C_("ledger", "Certificate"), 18 },
    { C_("ledger", "Level"), 12 },
    { C_("ledger", "Certificate no."), 20 },
    { C_("ledger", "Policy"), 22 },
    { C_("ledger", "Amount"), 13 },
    { C_("ledger", "State"), 10 },
    { C_("ledger", "Decided on"), 12 },
    { C_("ledger", "Payment batch"), 26 },
    { C_("ledger", "Paid on"), 12 },
    { C_("ledger", "Reason"), 24 },
    /* Translators: column of the subsidy ledger: the rule that refused, reduced or raised the claim, in words */
    { C_("ledger", "Rule"), 48 },
  };
  Claims claims = { 0 };
  gint64 expected = 0;
  lxw_row_t row;

  {
    g_autoptr(PGresult) count = up_report_query (report, count_sql, 3, params);

    if (count == NULL)
      return FALSE;
    expected = g_ascii_strtoll (PQgetvalue (count, 0, 0), NULL, 10);
  }

  /* Translators: a sheet name (at most 31 characters): the claims */
  if (!up_report_sheet_init (&claims.sheet, report, C_("sheet", "Claims"), up_report_kind_to_label (report->kind),
                             NULL, columns, G_N_ELEMENTS (columns),
                             UP_REPORT_SHEET_AUTOFILTER | UP_REPORT_SHEET_PRINT_LANDSCAPE))
    return FALSE;

  up_report_sheet_set_filter_rows (&claims.sheet, expected);
  up_report_stream (report, claims_sql, 3, params, expected, 0.02, 0.95, claim_row_cb, &claims);

  /* The total row, below the autofilter's range. */
  row = up_report_sheet_next_row (&claims.sheet);
  if (row != G_MAXUINT32)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, claims.n);
      g_autofree char *label = NULL;

      /* Translators: the total row of the ledger; %s is the number of claims */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Total: %s claim", "Total: %s claims",
                                            (gulong) MIN (claims.n, G_MAXLONG)),
                               count);
      up_report_write_text (report, claims.sheet.worksheet, row, 0, label, report->total_text_format);
      up_report_write_fen (report, claims.sheet.worksheet, row, 9, claims.fen, report->total_money_format);
    }

  return up_report_sheet_finish (&claims.sheet);
}

static gboolean
write_totals (UpReport    *report,
              const char **params)
{
  const UpReportColumn columns[] = {
    { C_("ledger", "Academy code"), 14 },
    { C_("ledger", "Academy"), 26 },
    { C_("ledger", "Claims"), 9 },
    { C_("ledger", "Amount"), 14 },
    { C_("ledger", "Pending"), 9 },
    { C_("ledger", "Pending amount"), 14 },
    { C_("ledger", "Approved"), 9 },
    { C_("ledger", "Approved amount"), 14 },
    { C_("ledger", "Rejected"), 9 },
    { C_("ledger", "Rejected amount"), 14 },
    { C_("ledger", "Paid"), 9 },
    { C_("ledger", "Paid amount"), 14 },
    { C_("ledger", "Failed"), 9 },
    { C_("ledger", "Failed amount"), 14 },
  };
  g_autoptr(PGresult) by_state = up_report_query (report, by_state_sql, 3, params);
  g_autoptr(PGresult) by_academy = NULL;
  UpReportSheet sheet;
  lxw_worksheet *ws;
  gint64 sums[12] = { 0 };
  lxw_row_t row;

  if (by_state == NULL)
    return FALSE;
  by_academy = up_report_query (report, by_academy_sql, 3, params);
  if (by_academy == NULL)
    return FALSE;

  /* Translators: a sheet name (at most 31 characters): the ledger's totals */
  if (!up_report_sheet_init (&sheet, report, C_("sheet", "Totals"), up_report_kind_to_label (report->kind),
                             NULL, columns, G_N_ELEMENTS (columns), UP_REPORT_SHEET_PRINT_LANDSCAPE))
    return FALSE;
  ws = sheet.worksheet;

  /* By academy, then a total row, then by state. */
  for (int r = 0; r < PQntuples (by_academy); r++)
    {
      row = up_report_sheet_next_row (&sheet);
      up_report_write_text (report, ws, row, 0, PQgetvalue (by_academy, r, 0), report->text_format);
      up_report_write_text (report, ws, row, 1, PQgetvalue (by_academy, r, 1), NULL);
      for (int c = 2; c < 14; c++)
        {
          gint64 value = g_ascii_strtoll (PQgetvalue (by_academy, r, c), NULL, 10);

          sums[c - 2] += value;
          if (c % 2 == 0)
            up_report_write_integer (report, ws, row, c, value, NULL);
          else
            up_report_write_fen (report, ws, row, c, value, NULL);
        }
    }

  row = up_report_sheet_next_row (&sheet);
  /* Translators: the label of a report's total row */
  up_report_write_text (report, ws, row, 0, _("Total"), report->total_text_format);
  up_report_write_text (report, ws, row, 1, NULL, report->total_text_format);
  for (int c = 2; c < 14; c++)
    {
      if (c % 2 == 0)
        up_report_write_integer (report, ws, row, c, sums[c - 2], report->total_integer_format);
      else
        up_report_write_fen (report, ws, row, c, sums[c - 2], report->total_money_format);
    }

  row = up_report_sheet_next_row (&sheet);
  row = up_report_sheet_next_row (&sheet);
  up_report_write_text (report, ws, row, 0, C_("ledger", "State"), report->header_format);
  up_report_write_text (report, ws, row, 1, NULL, report->header_format);
  up_report_write_text (report, ws, row, 2, C_("ledger", "Claims"), report->header_format);
  up_report_write_text (report, ws, row, 3, C_("ledger", "Amount"), report->header_format);
  for (int r = 0; r < PQntuples (by_state); r++)
    {
      row = up_report_sheet_next_row (&sheet);
      up_report_write_text (report, ws, row, 0, up_report_state_label (report, PQgetvalue (by_state, r, 0)), NULL);
      up_report_write_integer (report, ws, row, 2, g_ascii_strtoll (PQgetvalue (by_state, r, 1), NULL, 10), NULL);
      up_report_write_fen (report, ws, row, 3, g_ascii_strtoll (PQgetvalue (by_state, r, 2), NULL, 10), NULL);
    }

  return up_report_sheet_finish (&sheet);
}

gboolean
up_report_ledger_write (UpReport *report)
{
  const char *params[3] = { report->from_text, report->to_text, report->academy_id };

  return write_claims (report, params)
         && write_totals (report, params);
}
