/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-report-roster"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-error.h"
#include "up-report-private.h"

/* The two reports of one payment batch: the payment roster (补助发放花名册),
 * printed and signed, and the public notice list (公示名单), posted during
 * the notice period.  Both list the batch's claims that were not rejected,
 * by academy and name; ID numbers masked unless asked for whole.  The payee
 * is the snapshot the batch took when it was submitted (schema v4), or the
 * trainee as they are now for a batch not submitted yet. */

static const char *batch_sql =
  "SELECT name, fund, to_char (notice_from, 'YYYY-MM-DD'), to_char (notice_to, 'YYYY-MM-DD')"
  "  FROM payment_batches WHERE id = $1::bigint";

static const char *count_sql =
  "SELECT count(*) FROM subsidies WHERE batch_id = $1::bigint AND state <> 'rejected'";

static const char *rows_sql =
  "SELECT coalesce (s.payee_name, t.name), coalesce (s.payee_id_number, t.id_number),"
  "       coalesce (s.payee_employer, t.employer), a.name, x.occupation, x.certificate_no,"
  "       x.kind::text, x.skill_level, x.academic_level::text, s.amount_fen"
  "  FROM subsidies s"
  "  JOIN trainees t ON t.id = s.trainee_id"
  "  JOIN academies a ON a.id = s.academy_id"
  "  JOIN certifications x ON x.id = s.certification_id"
  " WHERE s.batch_id = $1::bigint AND s.state <> 'rejected'"
  " ORDER BY a.name COLLATE up_pinyin, up_name_sort_key (coalesce (s.payee_name, t.name)) COLLATE up_pinyin, s.id";

typedef struct
{
  UpReportSheet  sheet;
  gboolean       notice;
  gint64         n;
  gint64         fen;
} Roster;

static gboolean
roster_row_cb (UpReport       *report,
               const PGresult *result,
               int             r,
               gpointer        user_data)
{
  Roster *roster = user_data;
  lxw_row_t row = up_report_sheet_next_row (&roster->sheet);
  lxw_worksheet *ws = roster->sheet.worksheet;
  g_autofree char *id_number = NULL;
  const char *level;
  gint64 fen;
  int c = 0;

  if (row == G_MAXUINT32)
    return FALSE;

#define VALUE(c) (PQgetisnull (result, r, (c)) ? NULL : PQgetvalue (result, r, (c)))
  id_number = up_report_id_number (report, VALUE (1));
  level = up_report_level_label (report, VALUE (6), VALUE (7), VALUE (8));
  fen = g_ascii_strtoll (PQgetvalue (result, r, 9), NULL, 10);
  roster->n++;
  roster->fen += fen;

  up_report_write_integer (report, ws, row, c++, roster->n, NULL);
  up_report_write_text (report, ws, row, c++, VALUE (0), NULL);
  up_report_write_text (report, ws, row, c++, id_number, report->text_format);
  up_report_write_text (report, ws, row, c++, VALUE (2), NULL);
  if (!roster->notice)
    up_report_write_text (report, ws, row, c++, VALUE (3), NULL);
  up_report_write_text (report, ws, row, c++, VALUE (4), NULL);
  if (!roster->notice)
    up_report_write_text (report, ws, row, c++, VALUE (5), report->text_format);
  up_report_write_text (report, ws, row, c++, level, NULL);
  up_report_write_fen (report, ws, row, c++, fen, NULL);
#undef VALUE

  return up_report_ok (report);
}

gboolean
up_report_roster_write (UpReport *report)
{
  const UpReportColumn roster_columns[] = {
    /* Translators: column of the payment roster: the sequence number */
    { C_("roster", "No."), 6 },
    { C_("roster", "Name"), 12 },
    { C_("roster", "ID number"), 21 },
    { C_("roster", "Employer"), 26 },
    { C_("roster", "Academy"), 22 },
    /* Translators: column of the payment roster: the certificate's occupation */
    { C_("roster", "Certificate"), 18 },
    { C_("roster", "Certificate no."), 20 },
    { C_("roster", "Level"), 12 },
    { C_("roster", "Amount"), 13 },
    /* Translators: column of the payment roster where the payee signs */
    { C_("roster", "Signature"), 16 },
  };
  const UpReportColumn notice_columns[] = {
    { C_("roster", "No."), 6 },
    { C_("roster", "Name"), 12 },
    { C_("roster", "ID number"), 21 },
    { C_("roster", "Employer"), 30 },
    { C_("roster", "Certificate"), 22 },
    { C_("roster", "Level"), 14 },
    { C_("roster", "Amount"), 14 },
  };
  g_autofree char *batch_text = g_strdup_printf ("%" G_GINT64_FORMAT, report->batch_id);
  const char *params[1] = { batch_text };
  g_autoptr(PGresult) batch = NULL;
  g_autoptr(PGresult) count = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *page_header = NULL;
  gboolean notice = report->kind == UP_REPORT_NOTICE;
  const char *fund;
  Roster roster = { .notice = notice };
  guint amount_col = notice ? 6 : 8;
  lxw_row_t row;

  batch = up_report_query (report, batch_sql, 1, params);
  if (batch == NULL)
    return FALSE;
  if (PQntuples (batch) != 1)
    {
      g_set_error (&report->error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                   _("There is no payment batch number %s."), batch_text);
      return FALSE;
    }
  count = up_report_query (report, count_sql, 1, params);
  if (count == NULL)
    return FALSE;

  fund = up_report_fund_label (PQgetvalue (batch, 0, 1));
  if (notice && !PQgetisnull (batch, 0, 2) && !PQgetisnull (batch, 0, 3))
    /* Translators: the line under the notice list's title: the batch, the
     * fund, the notice period and the time the list was made */
    subtitle = g_strdup_printf (_("%s    Fund: %s    Notice period: %s – %s    Made: %s"),
                                PQgetvalue (batch, 0, 0), fund, PQgetvalue (batch, 0, 2),
                                PQgetvalue (batch, 0, 3), report->made_at);
  else
    /* Translators: the line under the roster's title: the batch, the fund
     * and the time it was made */
    subtitle = g_strdup_printf (_("%s    Fund: %s    Made: %s"),
                                PQgetvalue (batch, 0, 0), fund, report->made_at);
  /* Translators: the page header of a printed roster: the batch and fund */
  page_header = g_strdup_printf (_("%s (%s)"), PQgetvalue (batch, 0, 0), fund);

  /* Translators: a sheet name (at most 31 characters) */
  if (!up_report_sheet_init (&roster.sheet, report, notice ? C_("sheet", "Notice list") : C_("sheet", "Roster"),
                             up_report_kind_to_label (report->kind), subtitle,
                             notice ? notice_columns : roster_columns,
                             notice ? G_N_ELEMENTS (notice_columns) : G_N_ELEMENTS (roster_columns),
                             UP_REPORT_SHEET_PRINT_LANDSCAPE))
    return FALSE;
  up_report_sheet_set_print_header (&roster.sheet, page_header);

  up_report_stream (report, rows_sql, 1, params, g_ascii_strtoll (PQgetvalue (count, 0, 0), NULL, 10),
                    0.05, 0.95, roster_row_cb, &roster);

  row = up_report_sheet_next_row (&roster.sheet);
  if (row != G_MAXUINT32)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, roster.n);
      g_autofree char *label = NULL;

      /* Translators: the total row of a roster; %s is the number of people */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Total: %s person", "Total: %s people",
                                            (gulong) MIN (roster.n, G_MAXLONG)), n);
      up_report_write_text (report, roster.sheet.worksheet, row, 0, label, report->total_text_format);
      for (guint c = 1; c < amount_col; c++)
        up_report_write_text (report, roster.sheet.worksheet, row, c, NULL, report->total_text_format);
      up_report_write_fen (report, roster.sheet.worksheet, row, amount_col, roster.fen, report->total_money_format);
      if (!notice)
        up_report_write_text (report, roster.sheet.worksheet, row, amount_col + 1, NULL, report->total_text_format);
    }

  return up_report_sheet_finish (&roster.sheet);
}
