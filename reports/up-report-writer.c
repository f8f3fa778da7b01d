/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-report-writer"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include "up-i18n.h"
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "up-error.h"
#include "up-id-number.h"
#include "up-overview.h"
#include "up-pg.h"
#include "up-report-private.h"
#include "up-report-writer.h"
#include "up-trainee.h"

/* The writer core: one report is one worker thread with a connection of
 * its own, one read-only snapshot, one workbook in libxlsxwriter's
 * constant_memory mode (rows go to disk as they are written, so memory
 * stays flat at any size), written under the C numeric locale (Debian's
 * libxlsxwriter prints numbers with the locale's decimal separator, and a
 * comma there makes a file Excel refuses), into a temporary file that is
 * renamed over the destination only when everything went well.
 *
 * Rows come from the server through a cursor in blocks: libpq's
 * single-row mode would allocate a PGresult per row. */

#define FETCH_SIZE "10000"

struct _UpReportWriter
{
  GObject               parent_instance;

  UpReportKind          kind;
  char                 *conninfo;
  GDate                 from;
  GDate                 to;
  char                 *academy_code;
  gint64                batch_id;
  gboolean              full_id_numbers;
  guint32               max_rows;
  char                 *language;     /* NULL: the interface's */

  UpReportProgressFunc  progress_func;
  gpointer              progress_data;
  GDestroyNotify        progress_destroy;
};

G_DEFINE_FINAL_TYPE (UpReportWriter, up_report_writer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_CONNINFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *kind_names[UP_N_REPORTS] = {
  [UP_REPORT_SUMMARY] = "summary",
  [UP_REPORT_ROSTER] = "roster",
  [UP_REPORT_NOTICE] = "notice",
  [UP_REPORT_LEDGER] = "ledger",
  [UP_REPORT_PROGRESS] = "progress",
};

/* Report kinds ------------------------------------------------------------- */

const char *
up_report_kind_to_string (UpReportKind kind)
{
  g_return_val_if_fail (kind < UP_N_REPORTS, NULL);

  return kind_names[kind];
}

gboolean
up_report_kind_from_string (const char   *text,
                            UpReportKind *kind)
{
  for (guint i = 0; text != NULL && i < UP_N_REPORTS; i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
up_report_kind_to_label (UpReportKind kind)
{
  switch (kind)
    {
    case UP_REPORT_SUMMARY:
      /* Translators: a report's title: 工匠学院培训情况汇总表 */
      return _("Academy Training Summary");
    case UP_REPORT_ROSTER:
      /* Translators: a report's title: 补助发放花名册 */
      return _("Subsidy Payment Roster");
    case UP_REPORT_NOTICE:
      /* Translators: a report's title: 公示名单 */
      return _("Public Notice List");
    case UP_REPORT_LEDGER:
      /* Translators: a report's title: 补助台账 */
      return _("Subsidy Ledger");
    case UP_REPORT_PROGRESS:
      /* Translators: a report's title: 年度目标完成情况 */
      return _("Annual Progress Against Targets");
    case UP_N_REPORTS:
    default:
      break;
    }

  g_return_val_if_reached (NULL);
}

gboolean
up_report_kind_needs_batch (UpReportKind kind)
{
  return kind == UP_REPORT_ROSTER || kind == UP_REPORT_NOTICE;
}

void
up_report_list_batches_async (UpDatabase          *db,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  up_database_query_async (db, "SELECT id, name FROM payment_batches ORDER BY id DESC", 0, NULL,
                           cancellable, callback, user_data);
}

PGresult *
up_report_list_batches_finish (UpDatabase    *db,
                               GAsyncResult  *result,
                               GError       **error)
{
  return up_database_query_finish (db, result, error);
}

/* Labels ------------------------------------------------------------------- */

const char *
up_report_certification_level_label (const char *kind,
                                     const char *skill_level,
                                     const char *academic_level)
{
  if (g_strcmp0 (kind, "skill_level") == 0 && skill_level != NULL)
    return up_skill_level_to_label ((int) g_ascii_strtoll (skill_level, NULL, 10));
  if (g_strcmp0 (kind, "academic_degree") == 0)
    return up_education_level_to_label (academic_level);
  if (g_strcmp0 (kind, "special_ability") == 0)
    /* Translators: a kind of certificate: 专项职业能力证书 */
    return C_("certificate", "Special ability");
  if (g_strcmp0 (kind, "special_operation") == 0)
    /* Translators: a kind of certificate: 特种作业操作证 */
    return C_("certificate", "Special operation permit");
  return NULL;
}

const char *
up_report_level_label (UpReport   *report,
                       const char *kind,
                       const char *skill_level,
                       const char *academic_level)
{
  char key[96];
  const char *label;

  g_snprintf (key, sizeof key, "L%s|%s|%s", kind != NULL ? kind : "", skill_level != NULL ? skill_level : "",
              academic_level != NULL ? academic_level : "");
  if (g_hash_table_lookup_extended (report->labels, key, NULL, (gpointer *) &label))
    return label;

  label = up_report_certification_level_label (kind, skill_level, academic_level);
  g_hash_table_insert (report->labels, g_strdup (key), (gpointer) label);
  return label;
}

const char *
up_report_state_label (UpReport   *report,
                       const char *state)
{
  char key[64];
  const char *label = state;

  g_snprintf (key, sizeof key, "S%s", state != NULL ? state : "");
  if (g_hash_table_lookup_extended (report->labels, key, NULL, (gpointer *) &label))
    return label;

  for (guint i = 0; i < UP_N_SUBSIDY_STATES; i++)
    if (g_strcmp0 (state, up_subsidy_state_to_sql (i)) == 0)
      label = up_subsidy_state_to_label (i);
  g_hash_table_insert (report->labels, g_strdup (key), (gpointer) label);
  return label;
}

const char *
up_report_fund_label (const char *fund)
{
  if (g_strcmp0 (fund, "special") == 0)
    /* Translators: the fund subsidies are paid from: 专项资金 */
    return _("Special fund");
  return fund;
}

/* The report context ------------------------------------------------------- */

gboolean
up_report_ok (UpReport *report)
{
  if (report->error == NULL && g_cancellable_is_cancelled (report->cancellable))
    g_cancellable_set_error_if_cancelled (report->cancellable, &report->error);

  return report->error == NULL;
}

void
up_report_check (UpReport   *report,
                 lxw_error   status,
                 const char *what)
{
  if (status == LXW_NO_ERROR || report->error != NULL)
    return;

  /* libxlsxwriter's own words, in English: they are for a bug report. */
  g_set_error (&report->error, UP_ERROR, UP_ERROR_FAILED,
               _("The workbook could not be written (%s: %s)."), what, lxw_strerror (status));
}

void
up_report_set_progress (UpReport *report,
                        double    fraction)
{
  int per_mille = (int) (CLAMP (fraction, 0.0, 1.0) * 1000);

  if (per_mille == report->last_progress || report->progress == NULL)
    return;

  report->last_progress = per_mille;
  report->progress (report, per_mille / 1000.0);
}

char *
up_report_period_text (UpReport *report)
{
  /* Translators: a period of dates, from – to */
  return g_strdup_printf (_("%s – %s"), report->from_text, report->to_text);
}

char *
up_report_id_number (UpReport   *report,
                     const char *id_number)
{
  if (report->full_id_numbers)
    return g_strdup (id_number);
  return up_id_number_mask (id_number);
}

PGresult *
up_report_query (UpReport           *report,
                 const char         *sql,
                 int                 n_params,
                 const char * const *params)
{
  if (!up_report_ok (report))
    return NULL;

  return up_pg_exec (report->conn, sql, n_params, params, &report->error);
}

/* The rows come in blocks from a fetching thread of the stream's own while
 * this one writes the block before: the server's work and the transfer
 * overlap the writing.  At most FETCH_AHEAD blocks wait, so memory stays
 * flat.  The connection is the fetcher's alone until it has ended. */

#define FETCH_AHEAD 2

static int end_of_rows;
#define END_OF_ROWS ((gpointer) &end_of_rows)

typedef struct
{
  PGconn        *conn;
  GCancellable  *cancellable;
  GAsyncQueue   *blocks;        /* PGresult *, then END_OF_ROWS */
  GAsyncQueue   *slots;         /* a token per block that may be fetched */
  GError        *error;         /* the fetcher's, read after the join */
  gint           stop;
} Fetcher;

static gpointer
fetcher_thread (gpointer data)
{
  Fetcher *fetcher = data;

  for (;;)
    {
      PGresult *result;

      g_async_queue_pop (fetcher->slots);
      if (g_atomic_int_get (&fetcher->stop) || g_cancellable_is_cancelled (fetcher->cancellable))
        break;

      result = up_pg_exec (fetcher->conn, "FETCH FORWARD " FETCH_SIZE " FROM up_report_rows", 0, NULL,
                           &fetcher->error);
      if (result == NULL)
        break;
      if (PQntuples (result) == 0)
        {
          PQclear (result);
          break;
        }
      g_async_queue_push (fetcher->blocks, result);
    }

  g_async_queue_push (fetcher->blocks, END_OF_ROWS);
  return NULL;
}

gboolean
up_report_stream (UpReport           *report,
                  const char         *sql,
                  int                 n_params,
                  const char * const *params,
                  gint64              expected,
                  double              progress_from,
                  double              progress_to,
                  UpReportRowFunc     func,
                  gpointer            user_data)
{
  g_autofree char *declare = g_strconcat ("DECLARE up_report_rows NO SCROLL CURSOR FOR ", sql, NULL);
  Fetcher fetcher = { 0 };
  GThread *thread;
  gpointer block;
  gint64 done = 0;

  if (!up_report_ok (report)
      || !up_pg_command (report->conn, declare, n_params, params, &report->error))
    return FALSE;

  fetcher.conn = report->conn;
  fetcher.cancellable = report->cancellable;
  fetcher.blocks = g_async_queue_new ();
  fetcher.slots = g_async_queue_new ();
  for (guint i = 0; i < FETCH_AHEAD; i++)
    g_async_queue_push (fetcher.slots, GINT_TO_POINTER (1));
  thread = g_thread_new ("up-report-fetch", fetcher_thread, &fetcher);

  while ((block = g_async_queue_pop (fetcher.blocks)) != END_OF_ROWS)
    {
      PGresult *result = block;
      int n = PQntuples (result);

      for (int row = 0; row < n && up_report_ok (report); row++)
        if (!func (report, result, row, user_data))
          break;
      PQclear (result);

      if (!up_report_ok (report))
        {
          /* Stop the fetcher, and let it see that it must. */
          g_atomic_int_set (&fetcher.stop, 1);
          g_async_queue_push (fetcher.slots, GINT_TO_POINTER (1));
          continue;
        }

      g_async_queue_push (fetcher.slots, GINT_TO_POINTER (1));
      done += n;
      if (expected > 0)
        up_report_set_progress (report, progress_from + (progress_to - progress_from) * MIN (1.0, (double) done / expected));
    }

  g_thread_join (thread);
  g_async_queue_unref (fetcher.blocks);
  g_async_queue_unref (fetcher.slots);

  if (fetcher.error != NULL)
    {
      if (report->error == NULL)
        report->error = g_steal_pointer (&fetcher.error);
      g_clear_error (&fetcher.error);
    }

  if (!up_report_ok (report))
    return FALSE;

  return up_pg_command (report->conn, "CLOSE up_report_rows", 0, NULL, &report->error);
}

/* Sheets ------------------------------------------------------------------- */

char *
up_report_sheet_name (const char *name,
                      guint       part)
{
  g_autofree char *suffix = part > 1 ? g_strdup_printf (" (%u)", part) : g_strdup ("");
  g_autoptr(GString) clean = g_string_new (NULL);
  glong max = 31 - (glong) strlen (suffix);
  glong n = 0;

  for (const char *p = name; p != NULL && *p != '\0' && n < max; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (strchr ("[]:*?/\\", (int) c) != NULL && c < 0x80)
        g_string_append_c (clean, '_');
      else
        g_string_append_unichar (clean, c);
    }

  /* Excel refuses an apostrophe at either end, and an empty name. */
  while (clean->len > 0 && clean->str[0] == '\'')
    g_string_erase (clean, 0, 1);
  while (clean->len > 0 && clean->str[clean->len - 1] == '\'')
    g_string_truncate (clean, clean->len - 1);
  if (clean->len == 0)
    g_string_append (clean, "Sheet");

  g_string_append (clean, suffix);
  return g_string_free (g_steal_pointer (&clean), FALSE);
}

static gboolean
sheet_add_part (UpReportSheet *sheet)
{
  UpReport *report = sheet->report;
  g_autofree char *name = up_report_sheet_name (sheet->name, sheet->part);
  lxw_worksheet *ws;

  if (!up_report_ok (report))
    return FALSE;

  ws = workbook_add_worksheet (report->workbook, name);
  if (ws == NULL)
    {
      g_set_error (&report->error, UP_ERROR, UP_ERROR_FAILED,
                   _("The workbook could not be written (sheet “%s”)."), name);
      return FALSE;
    }
  sheet->worksheet = ws;

  /* constant_memory: widths before any row. */
  for (guint i = 0; i < sheet->n_columns; i++)
    up_report_check (report, worksheet_set_column (ws, i, i, sheet->columns[i].width, NULL), "set_column");

  up_report_check (report, worksheet_set_row (ws, 0, 22, NULL), "set_row");
  up_report_write_text (report, ws, 0, 0, sheet->title, report->title_format);
  up_report_write_text (report, ws, 1, 0, sheet->subtitle, report->subtitle_format);
  for (guint i = 0; i < sheet->n_columns; i++)
    up_report_write_text (report, ws, 2, i, sheet->columns[i].header, report->header_format);

  worksheet_freeze_panes (ws, UP_REPORT_HEAD_ROWS, 0);

  if (sheet->flags & UP_REPORT_SHEET_PRINT_LANDSCAPE)
    {
      worksheet_set_landscape (ws);
      worksheet_set_paper (ws, 9);          /* A4 */
      worksheet_fit_to_pages (ws, 1, 0);    /* one page wide, as long as it takes */
      worksheet_center_horizontally (ws);
      up_report_check (report, worksheet_repeat_rows (ws, 2, 2), "repeat_rows");
      /* Translators: the page footer of a printed report; keep &P (this
       * page) and &N (the number of pages) as they are */
      up_report_check (report, worksheet_set_footer (ws, _("&CPage &P of &N")), "set_footer");
      if (sheet->print_header != NULL)
        up_report_check (report, worksheet_set_header (ws, sheet->print_header), "set_header");
    }

  sheet->row = UP_REPORT_HEAD_ROWS;
  return up_report_ok (report);
}

void
up_report_sheet_set_print_header (UpReportSheet *sheet,
                                  const char    *text)
{
  g_autoptr(GString) escaped = g_string_new ("&C");

  /* & starts a code in a page header: a literal one is doubled.  Excel
   * takes at most 255 characters. */
  for (const char *p = text; *p != '\0' && g_utf8_strlen (escaped->str, -1) < 250; p = g_utf8_next_char (p))
    {
      if (*p == '&')
        g_string_append (escaped, "&&");
      else
        g_string_append_unichar (escaped, g_utf8_get_char (p));
    }

  g_free (sheet->print_header);
  sheet->print_header = g_string_free (g_steal_pointer (&escaped), FALSE);

  if (sheet->worksheet != NULL && (sheet->flags & UP_REPORT_SHEET_PRINT_LANDSCAPE))
    up_report_check (sheet->report, worksheet_set_header (sheet->worksheet, sheet->print_header), "set_header");
}

gboolean
up_report_sheet_init (UpReportSheet        *sheet,
                      UpReport             *report,
                      const char           *name,
                      const char           *title,
                      const char           *subtitle,
                      const UpReportColumn *columns,
                      guint                 n_columns,
                      UpReportSheetFlags    flags)
{
  memset (sheet, 0, sizeof *sheet);
  sheet->report = report;
  sheet->name = g_strdup (name);
  sheet->title = g_strdup (title);
  if (subtitle != NULL)
    sheet->subtitle = g_strdup (subtitle);
  else
    {
      g_autofree char *period = up_report_period_text (report);

      if (report->academy_name != NULL)
        /* Translators: the line under the title of a report of one
         * academy: its period, the academy's name, the time it was made */
        sheet->subtitle = g_strdup_printf (_("Period: %s    Academy: %s    Made: %s"), period,
                                           report->academy_name, report->made_at);
      else
        /* Translators: the line under a report's title: its period and the
         * time it was made */
        sheet->subtitle = g_strdup_printf (_("Period: %s    Made: %s"), period, report->made_at);
    }
  sheet->columns = columns;
  sheet->n_columns = n_columns;
  sheet->flags = flags;
  sheet->part = 1;

  return sheet_add_part (sheet);
}

/* constant_memory: the autofilter range must be known before its rows are
 * written (libxlsxwriter refuses a range over rows already flushed).  The
 * count comes from the same snapshot as the rows. */
static void
sheet_apply_filter (UpReportSheet *sheet)
{
  gint64 capacity = (gint64) sheet->report->max_rows - UP_REPORT_HEAD_ROWS;
  gint64 rows = MIN (sheet->filter_remaining, capacity);

  if (!(sheet->flags & UP_REPORT_SHEET_AUTOFILTER) || rows <= 0 || sheet->worksheet == NULL)
    return;

  up_report_check (sheet->report,
                   worksheet_autofilter (sheet->worksheet, UP_REPORT_HEAD_ROWS - 1, 0,
                                         UP_REPORT_HEAD_ROWS - 1 + rows, sheet->n_columns - 1),
                   "autofilter");
}

void
up_report_sheet_set_filter_rows (UpReportSheet *sheet,
                                 gint64         n_rows)
{
  sheet->filter_remaining = n_rows;
  sheet_apply_filter (sheet);
}

lxw_row_t
up_report_sheet_next_row (UpReportSheet *sheet)
{
  if (!up_report_ok (sheet->report))
    return G_MAXUINT32;

  if (sheet->row >= sheet->report->max_rows)
    {
      sheet->filter_remaining -= MIN (sheet->filter_remaining,
                                      (gint64) sheet->report->max_rows - UP_REPORT_HEAD_ROWS);
      sheet->part++;
      if (!sheet_add_part (sheet))
        return G_MAXUINT32;
      sheet_apply_filter (sheet);
    }

  return sheet->row++;
}

gboolean
up_report_sheet_finish (UpReportSheet *sheet)
{
  g_clear_pointer (&sheet->name, g_free);
  g_clear_pointer (&sheet->title, g_free);
  g_clear_pointer (&sheet->subtitle, g_free);
  g_clear_pointer (&sheet->print_header, g_free);

  return up_report_ok (sheet->report);
}

/* Cells -------------------------------------------------------------------- */

void
up_report_write_text (UpReport      *report,
                      lxw_worksheet *ws,
                      lxw_row_t      row,
                      lxw_col_t      col,
                      const char    *text,
                      lxw_format    *format)
{
  if (report->error != NULL)
    return;

  /* Always a string cell: a name that begins with "=" stays a name, an ID
   * number stays its 18 characters. */
  if (text == NULL || *text == '\0')
    {
      if (format != NULL)
        up_report_check (report, worksheet_write_blank (ws, row, col, format), "write_blank");
      return;
    }

  up_report_check (report, worksheet_write_string (ws, row, col, text, format), "write_string");
}

void
up_report_write_integer (UpReport      *report,
                         lxw_worksheet *ws,
                         lxw_row_t      row,
                         lxw_col_t      col,
                         gint64         value,
                         lxw_format    *format)
{
  if (report->error != NULL)
    return;

  up_report_check (report, worksheet_write_number (ws, row, col, (double) value,
                                                   format != NULL ? format : report->integer_format),
                   "write_number");
}

void
up_report_write_fen (UpReport      *report,
                     lxw_worksheet *ws,
                     lxw_row_t      row,
                     lxw_col_t      col,
                     gint64         fen,
                     lxw_format    *format)
{
  if (report->error != NULL)
    return;

  /* The one place money becomes a double: Excel holds numbers as doubles,
   * and every figure up to 2^53 fen comes back exact to the fen.  Sums are
   * made before, in integer fen. */
  up_report_check (report, worksheet_write_number (ws, row, col, (double) fen / 100,
                                                   format != NULL ? format : report->money_format),
                   "write_number");
}

void
up_report_write_ratio (UpReport      *report,
                       lxw_worksheet *ws,
                       lxw_row_t      row,
                       lxw_col_t      col,
                       gint64         part,
                       gint64         whole,
                       lxw_format    *format)
{
  if (report->error != NULL)
    return;

  if (whole == 0)
    {
      up_report_write_text (report, ws, row, col, NULL, format);
      return;
    }

  up_report_check (report, worksheet_write_number (ws, row, col, (double) part / (double) whole,
                                                   format != NULL ? format : report->percent_format),
                   "write_number");
}

void
up_report_write_date (UpReport      *report,
                      lxw_worksheet *ws,
                      lxw_row_t      row,
                      lxw_col_t      col,
                      const char    *iso_date)
{
  lxw_datetime date = { 0 };

  if (report->error != NULL || iso_date == NULL)
    return;

  if (sscanf (iso_date, "%d-%d-%d", &date.year, &date.month, &date.day) != 3)
    {
      up_report_write_text (report, ws, row, col, iso_date, report->text_format);
      return;
    }

  up_report_check (report, worksheet_write_datetime (ws, row, col, &date, report->date_format), "write_datetime");
}

/* Running ------------------------------------------------------------------ */

static lxw_format *
add_format (lxw_workbook *workbook,
            const char   *num_format,
            gboolean      bold,
            gboolean      total)
{
  lxw_format *format = workbook_add_format (workbook);

  if (num_format != NULL)
    format_set_num_format (format, num_format);
  if (bold)
    format_set_bold (format);
  if (total)
    format_set_top (format, LXW_BORDER_THIN);
  return format;
}

static void
make_formats (UpReport *report)
{
  lxw_workbook *wb = report->workbook;

  report->title_format = add_format (wb, NULL, TRUE, FALSE);
  format_set_font_size (report->title_format, 14);
  report->subtitle_format = add_format (wb, NULL, FALSE, FALSE);
  format_set_font_color (report->subtitle_format, 0x595959);
  report->header_format = add_format (wb, NULL, TRUE, FALSE);
  format_set_bg_color (report->header_format, 0xDDEBF7);
  format_set_border (report->header_format, LXW_BORDER_THIN);
  format_set_text_wrap (report->header_format);
  format_set_align (report->header_format, LXW_ALIGN_CENTER);
  format_set_align (report->header_format, LXW_ALIGN_VERTICAL_CENTER);
  /* "@": text, so that Excel keeps an edited ID number as text too. */
  report->text_format = add_format (wb, "@", FALSE, FALSE);
  report->integer_format = add_format (wb, "#,##0", FALSE, FALSE);
  report->money_format = add_format (wb, "¥#,##0.00", FALSE, FALSE);
  report->percent_format = add_format (wb, "0.0%", FALSE, FALSE);
  report->date_format = add_format (wb, "yyyy-mm-dd", FALSE, FALSE);
  report->total_text_format = add_format (wb, NULL, TRUE, TRUE);
  report->total_integer_format = add_format (wb, "#,##0", TRUE, TRUE);
  report->total_money_format = add_format (wb, "¥#,##0.00", TRUE, TRUE);
  report->total_percent_format = add_format (wb, "0.0%", TRUE, TRUE);
}

static gboolean
resolve_academy (UpReport *report)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[1] = { report->academy_code };

  if (report->academy_code == NULL)
    return TRUE;

  result = up_report_query (report, "SELECT id, name FROM academies WHERE code = $1", 1, params);
  if (result == NULL)
    return FALSE;

  if (PQntuples (result) != 1)
    {
      g_set_error (&report->error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                   _("No academy has the code “%s”."), report->academy_code);
      return FALSE;
    }

  report->academy_id = g_strdup (PQgetvalue (result, 0, 0));
  report->academy_name = g_strdup (PQgetvalue (result, 0, 1));
  return TRUE;
}

static void
set_properties (UpReport *report)
{
  g_autofree char *period = up_report_period_text (report);
  g_autofree char *comments = g_strdup_printf ("Upskill %s", PACKAGE_VERSION);
  lxw_doc_properties properties = {
    .title = (char *) up_report_kind_to_label (report->kind),
    .subject = period,
    .author = "Upskill",
    /* Translators: the category in a workbook's document properties */
    .category = (char *) _("Report"),
    .keywords = (char *) up_report_kind_to_string (report->kind),
    .comments = comments,
  };

  up_report_check (report, workbook_set_properties (report->workbook, &properties), "set_properties");
}

static gboolean
write_report (UpReport *report)
{
  switch (report->kind)
    {
    case UP_REPORT_SUMMARY:
      return up_report_summary_write (report);
    case UP_REPORT_ROSTER:
    case UP_REPORT_NOTICE:
      return up_report_roster_write (report);
    case UP_REPORT_LEDGER:
      return up_report_ledger_write (report);
    case UP_REPORT_PROGRESS:
      return up_report_progress_write (report);
    case UP_N_REPORTS:
    default:
      break;
    }
  g_return_val_if_reached (FALSE);
}

static void
cancel_query_cb (GCancellable *cancellable,
                 PGcancel     *cancel)
{
  char message[256];

  /* Ends the running statement; the writer's next look at the
   * cancellable turns the server's error into a plain "cancelled". */
  PQcancel (cancel, message, sizeof message);
}

static void
report_clear (UpReport *report)
{
  g_clear_pointer (&report->from_text, g_free);
  g_clear_pointer (&report->to_text, g_free);
  g_clear_pointer (&report->academy_code, g_free);
  g_clear_pointer (&report->academy_id, g_free);
  g_clear_pointer (&report->academy_name, g_free);
  g_clear_pointer (&report->made_at, g_free);
  g_clear_pointer (&report->labels, g_hash_table_unref);
  g_clear_error (&report->error);
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", (unsigned) g_date_get_year (date),
                          (unsigned) g_date_get_month (date), (unsigned) g_date_get_day (date));
}

/* The work of one report, in the calling thread. */
static gboolean
writer_run (UpReportWriter  *self,
            const char      *path,
            GCancellable    *cancellable,
            void           (*progress) (UpReport *, double),
            gpointer         progress_data,
            GError         **error)
{
  g_autoptr(GCancellable) own_cancellable = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  lxw_workbook_options options = { .constant_memory = LXW_TRUE };
  UpReport report = { 0 };
  PGcancel *cancel = NULL;
  gulong cancel_id = 0;
  gboolean ok = FALSE;
  int fd;

  if (cancellable == NULL)
    cancellable = own_cancellable = g_cancellable_new ();

  report.kind = self->kind;
  report.cancellable = cancellable;
  report.academy_code = g_strdup (self->academy_code);
  report.batch_id = self->batch_id;
  report.full_id_numbers = self->full_id_numbers;
  report.max_rows = self->max_rows;
  report.made_at = g_date_time_format (now, "%Y-%m-%d %H:%M");
  report.progress = progress;
  report.progress_data = progress_data;
  report.last_progress = -1;
  report.labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (g_date_valid (&self->from) && g_date_valid (&self->to))
    {
      report.from = self->from;
      report.to = self->to;
    }
  else
    {
      g_date_set_dmy (&report.from, 1, G_DATE_JANUARY, g_date_time_get_year (now));
      g_date_set_dmy (&report.to, 31, G_DATE_DECEMBER, g_date_time_get_year (now));
    }
  report.from_text = format_date (&report.from);
  report.to_text = format_date (&report.to);

  if (g_date_compare (&report.from, &report.to) > 0)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("The period ends before it begins."));
      report_clear (&report);
      return FALSE;
    }
  if (up_report_kind_needs_batch (self->kind) && self->batch_id <= 0)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("Choose the payment batch of the report."));
      report_clear (&report);
      return FALSE;
    }

  /* The temporary file beside the destination, so that the rename at the
   * end stays within one file system. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp (tmp_path);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot write in the folder “%s”: %s"), dir, g_strerror (saved_errno));
      report_clear (&report);
      return FALSE;
    }
  close (fd);

  report.conn = up_pg_connect (self->conninfo, &report.error);
  if (report.conn != NULL)
    {
      cancel = PQgetCancel (report.conn);
      if (cancel != NULL)
        cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_query_cb), cancel, NULL);
    }

  if (report.conn != NULL
      && up_pg_command (report.conn, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", 0, NULL, &report.error)
      && resolve_academy (&report))
    {
      report.workbook = workbook_new_opt (tmp_path, &options);
      if (report.workbook == NULL)
        g_set_error (&report.error, UP_ERROR, UP_ERROR_FAILED,
                     _("The workbook could not be written (%s)."), "workbook_new");
      else
        {
          make_formats (&report);
          set_properties (&report);
          up_report_set_progress (&report, 0.0);
          ok = up_report_ok (&report) && write_report (&report) && up_report_ok (&report);
        }
    }

  if (report.workbook != NULL)
    {
      if (ok)
        {
          lxw_error status = workbook_close (report.workbook);

          up_report_check (&report, status, "workbook_close");
          ok = status == LXW_NO_ERROR;
        }
      else
        lxw_workbook_free (report.workbook);
      report.workbook = NULL;
    }

  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);
  g_clear_pointer (&cancel, PQfreeCancel);
  up_pg_rollback (report.conn);
  g_clear_pointer (&report.conn, PQfinish);

  /* A cancelled statement fails with the server's 57014: what the caller
   * wants to hear is that it was cancelled. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      ok = FALSE;
      g_clear_error (&report.error);
      g_cancellable_set_error_if_cancelled (cancellable, &report.error);
    }

  if (ok && g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (&report.error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot save the report as “%s”: %s"), path, g_strerror (saved_errno));
      ok = FALSE;
    }

  if (!ok)
    g_unlink (tmp_path);
  else
    up_report_set_progress (&report, 1.0);

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&report.error));
  report_clear (&report);
  return ok;
}

/* Libxlsxwriter prints numbers through the C library's locale: the whole
 * report runs under the C numeric locale in this thread, the rest of the
 * locale (the messages above all) staying the user's. */
static gboolean
writer_run_in_c_numeric (UpReportWriter  *self,
                         const char      *path,
                         GCancellable    *cancellable,
                         void           (*progress) (UpReport *, double),
                         gpointer         progress_data,
                         GError         **error)
{
  locale_t base = duplocale (LC_GLOBAL_LOCALE);
  locale_t c_numeric;
  locale_t previous;
  gboolean ok;

  c_numeric = base != (locale_t) 0 ? newlocale (LC_NUMERIC_MASK, "C", base) : (locale_t) 0;
  if (c_numeric == (locale_t) 0)
    {
      if (base != (locale_t) 0)
        freelocale (base);
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED, _("The C locale is not available."));
      return FALSE;
    }

  previous = uselocale (c_numeric);
  /* The report's language, for this thread alone (up-i18n). */
  if (self->language != NULL)
    up_i18n_set_thread_language (self->language);
  ok = writer_run (self, path, cancellable, progress, progress_data, error);
  up_i18n_set_thread_language (NULL);
  uselocale (previous);
  freelocale (c_numeric);

  return ok;
}

/* Progress ----------------------------------------------------------------- */

typedef struct
{
  UpReportWriter *self;
  double          fraction;
} ProgressUpdate;

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->self);
  g_free (update);
}

static gboolean
progress_update_cb (gpointer data)
{
  ProgressUpdate *update = data;

  if (update->self->progress_func != NULL)
    update->self->progress_func (update->fraction, update->self->progress_data);
  return G_SOURCE_REMOVE;
}

static void
post_progress (UpReport *report,
               double    fraction)
{
  GTask *task = report->progress_data;
  ProgressUpdate *update = g_new0 (ProgressUpdate, 1);

  update->self = g_object_ref (g_task_get_source_object (task));
  update->fraction = fraction;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                              progress_update_cb, update, progress_update_free);
}

static void
call_progress (UpReport *report,
               double    fraction)
{
  UpReportWriter *self = report->progress_data;

  if (self->progress_func != NULL)
    self->progress_func (fraction, self->progress_data);
}

/* GObject ------------------------------------------------------------------ */

static void
up_report_writer_finalize (GObject *object)
{
  UpReportWriter *self = (UpReportWriter *) object;

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->academy_code, g_free);
  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (up_report_writer_parent_class)->finalize (object);
}

static void
up_report_writer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  UpReportWriter *self = UP_REPORT_WRITER (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    case PROP_CONNINFO:
      g_value_set_string (value, self->conninfo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_report_writer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  UpReportWriter *self = UP_REPORT_WRITER (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;

    case PROP_CONNINFO:
      self->conninfo = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_report_writer_class_init (UpReportWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_report_writer_finalize;
  object_class->get_property = up_report_writer_get_property;
  object_class->set_property = up_report_writer_set_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, 0, UP_N_REPORTS - 1, UP_REPORT_SUMMARY,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNINFO] =
    g_param_spec_string ("conninfo", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_report_writer_init (UpReportWriter *self)
{
  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);
  self->max_rows = UP_REPORT_MAX_ROWS;
}

/* Public API --------------------------------------------------------------- */

UpReportWriter *
up_report_writer_new (UpReportKind  kind,
                      const char   *conninfo)
{
  g_return_val_if_fail (kind < UP_N_REPORTS, NULL);
  g_return_val_if_fail (conninfo != NULL, NULL);

  return g_object_new (UP_TYPE_REPORT_WRITER, "kind", kind, "conninfo", conninfo, NULL);
}

UpReportKind
up_report_writer_get_kind (UpReportWriter *self)
{
  g_return_val_if_fail (UP_IS_REPORT_WRITER (self), UP_REPORT_SUMMARY);

  return self->kind;
}

const char *
up_report_writer_get_conninfo (UpReportWriter *self)
{
  g_return_val_if_fail (UP_IS_REPORT_WRITER (self), NULL);

  return self->conninfo;
}

void
up_report_writer_set_period (UpReportWriter *self,
                             const GDate    *from,
                             const GDate    *to)
{
  g_return_if_fail (UP_IS_REPORT_WRITER (self));

  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);
  if (from != NULL && to != NULL && g_date_valid (from) && g_date_valid (to))
    {
      self->from = *from;
      self->to = *to;
    }
}

void
up_report_writer_set_year (UpReportWriter *self,
                           int             year)
{
  GDate from, to;

  g_return_if_fail (UP_IS_REPORT_WRITER (self));
  g_return_if_fail (year >= 1 && year <= 9999);

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, G_DATE_JANUARY, year);
  g_date_set_dmy (&to, 31, G_DATE_DECEMBER, year);
  up_report_writer_set_period (self, &from, &to);
}

void
up_report_writer_set_academy (UpReportWriter *self,
                              const char     *code)
{
  g_return_if_fail (UP_IS_REPORT_WRITER (self));

  g_free (self->academy_code);
  self->academy_code = code != NULL && *code != '\0' ? g_strdup (code) : NULL;
}

void
up_report_writer_set_batch (UpReportWriter *self,
                            gint64          batch_id)
{
  g_return_if_fail (UP_IS_REPORT_WRITER (self));

  self->batch_id = batch_id;
}

void
up_report_writer_set_full_id_numbers (UpReportWriter *self,
                                      gboolean        full)
{
  g_return_if_fail (UP_IS_REPORT_WRITER (self));

  self->full_id_numbers = !!full;
}

/* The language the workbook is written in ("zh_CN", "zh_TW", "en"); NULL or
 * "" for the interface's. */
void
up_report_writer_set_language (UpReportWriter *self,
                               const char     *language)
{
  g_return_if_fail (UP_IS_REPORT_WRITER (self));

  g_free (self->language);
  self->language = language != NULL && *language != '\0' ? g_strdup (language) : NULL;
}

void
up_report_writer_set_progress_func (UpReportWriter       *self,
                                    UpReportProgressFunc  func,
                                    gpointer              user_data,
                                    GDestroyNotify        destroy)
{
  g_return_if_fail (UP_IS_REPORT_WRITER (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

void
up_report_writer_set_max_rows (UpReportWriter *self,
                               guint32         max_rows)
{
  g_return_if_fail (UP_IS_REPORT_WRITER (self));
  g_return_if_fail (max_rows > UP_REPORT_HEAD_ROWS + 1 && max_rows <= UP_REPORT_MAX_ROWS);

  self->max_rows = max_rows;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (writer_run_in_c_numeric (source_object, task_data, cancellable, post_progress, task, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
up_report_writer_run_async (UpReportWriter      *self,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (UP_IS_REPORT_WRITER (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, up_report_writer_run_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  /* Our cancellation (the temp file removed) is the answer, not GTask's. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

gboolean
up_report_writer_run_finish (UpReportWriter  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (UP_IS_REPORT_WRITER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == up_report_writer_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
up_report_writer_run_sync (UpReportWriter  *self,
                           const char      *path,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_return_val_if_fail (UP_IS_REPORT_WRITER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return writer_run_in_c_numeric (self, path, cancellable, call_progress, self, error);
}
