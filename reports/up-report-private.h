/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>
#include <xlsxwriter.h>

#include "up-error.h"
#include "up-report-writer.h"

G_BEGIN_DECLS

/* What the writer core (up-report-writer.c) hands to the module of one
 * report (up-report-summary.c, up-report-ledger.c …) in the worker thread.
 * The connection is the writer's own, inside a REPEATABLE READ READ ONLY
 * transaction: every sheet of a workbook sees the same snapshot. */

/* The rows of a sheet, title and header included, before it continues on
 * a next one: Excel's limit. */
#define UP_REPORT_MAX_ROWS LXW_ROW_MAX

/* Rows above the data: title, period line, column headers. */
#define UP_REPORT_HEAD_ROWS 3

typedef struct _UpReport UpReport;

struct _UpReport
{
  UpReportKind   kind;
  PGconn        *conn;
  lxw_workbook  *workbook;
  GCancellable  *cancellable;
  GError        *error;           /* the first failure; writes stop there */

  /* What was asked for */
  GDate          from;
  GDate          to;
  char          *from_text;       /* "YYYY-MM-DD", for parameters */
  char          *to_text;
  char          *academy_code;    /* NULL: all academies */
  char          *academy_id;      /* resolved from the code, as text */
  char          *academy_name;
  gint64         batch_id;
  gboolean       full_id_numbers;
  guint32        max_rows;
  char          *made_at;         /* "2026-11-25 14:50", local time */

  /* Formats, made once per workbook */
  lxw_format    *title_format;
  lxw_format    *subtitle_format;
  lxw_format    *header_format;
  lxw_format    *text_format;
  lxw_format    *integer_format;
  lxw_format    *money_format;
  lxw_format    *percent_format;
  lxw_format    *date_format;
  lxw_format    *total_text_format;
  lxw_format    *total_integer_format;
  lxw_format    *total_money_format;
  lxw_format    *total_percent_format;

  void         (*progress)        (UpReport *report,
                                   double    fraction);
  gpointer       progress_data;
  int            last_progress;   /* per mille, to post only changes */
  GHashTable    *labels;          /* translated words, looked up once a report */
};

typedef struct
{
  const char  *header;            /* translated */
  double       width;             /* in characters, set before any row */
} UpReportColumn;

/* Flags of a sheet, kept by its continuations. */
typedef enum
{
  UP_REPORT_SHEET_PRINT_LANDSCAPE = 1 << 0,  /* A4 landscape, fit to width */
  UP_REPORT_SHEET_AUTOFILTER      = 1 << 1,
} UpReportSheetFlags;

/* A listing: one worksheet, or several when it has more rows than fit. */
typedef struct
{
  UpReport              *report;
  lxw_worksheet         *worksheet;
  char                  *name;          /* the first part's, within Excel's rules */
  char                  *title;
  char                  *subtitle;
  char                  *print_header;  /* page header, &-escaped */
  const UpReportColumn  *columns;
  guint                  n_columns;
  UpReportSheetFlags     flags;
  guint                  part;          /* 1, 2 … */
  lxw_row_t              row;           /* the next row to write */
  gint64                 filter_remaining; /* data rows still to come under autofilters */
} UpReportSheet;

/* The modules: each writes its sheets into @report->workbook. */
gboolean     up_report_summary_write   (UpReport *report);
gboolean     up_report_roster_write    (UpReport *report);   /* roster and notice */
gboolean     up_report_ledger_write    (UpReport *report);
gboolean     up_report_progress_write  (UpReport *report);

/* TRUE while nothing failed; sets the error on a cancelled report. */
gboolean     up_report_ok              (UpReport *report);
/* Records a libxlsxwriter failure (the first one wins). */
void         up_report_check           (UpReport   *report,
                                        lxw_error   status,
                                        const char *what);
void         up_report_set_progress    (UpReport   *report,
                                        double      fraction);
/* "2025-01-01 – 2025-12-31" */
char        *up_report_period_text     (UpReport   *report);

/* Sheet names within Excel's rules: at most 31 characters, none of
 * []:*?/\, no apostrophe at either end. */
char        *up_report_sheet_name      (const char *name,
                                        guint       part);

/* Adds the worksheet, its column widths, title, period line, header row
 * and frozen panes.  @subtitle NULL: the period and the time made. */
gboolean     up_report_sheet_init      (UpReportSheet        *sheet,
                                        UpReport             *report,
                                        const char           *name,
                                        const char           *title,
                                        const char           *subtitle,
                                        const UpReportColumn *columns,
                                        guint                 n_columns,
                                        UpReportSheetFlags    flags);
/* The row to write next; past the last row a sheet may hold, a next sheet
 * ("Claims (2)") with the same head.  G_MAXUINT32 on failure. */
lxw_row_t    up_report_sheet_next_row  (UpReportSheet        *sheet);
/* With UP_REPORT_SHEET_AUTOFILTER: the number of data rows to come (rows
 * after them, totals, stay out of the filter).  Call before the rows. */
void         up_report_sheet_set_filter_rows (UpReportSheet  *sheet,
                                        gint64                n_rows);
/* Frees the sheet's strings. */
gboolean     up_report_sheet_finish    (UpReportSheet        *sheet);
void         up_report_sheet_set_print_header (UpReportSheet *sheet,
                                        const char           *text);

/* Cell writers: failures go to @report->error. */
void         up_report_write_text      (UpReport *report, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                                        const char *text, lxw_format *format);
void         up_report_write_integer   (UpReport *report, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                                        gint64 value, lxw_format *format);
/* @fen as yuan with the ¥#,##0.00 format: the double is made once, here. */
void         up_report_write_fen       (UpReport *report, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                                        gint64 fen, lxw_format *format);
/* @part / @whole as 0.0 %, blank when @whole is 0. */
void         up_report_write_ratio     (UpReport *report, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                                        gint64 part, gint64 whole, lxw_format *format);
/* "YYYY-MM-DD" (or NULL: blank) as a date cell. */
void         up_report_write_date      (UpReport *report, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                                        const char *iso_date);

/* The ID number as the report shows it: masked unless asked otherwise. */
char        *up_report_id_number       (UpReport   *report,
                                        const char *id_number);

/* Runs @sql as a cursor and calls @func for every row, fetching in
 * blocks; checks the cancellable between blocks and moves the progress
 * from @progress_from to @progress_to as @expected rows arrive. */
typedef gboolean (*UpReportRowFunc) (UpReport       *report,
                                     const PGresult *result,
                                     int             row,
                                     gpointer        user_data);
gboolean     up_report_stream          (UpReport            *report,
                                        const char          *sql,
                                        int                  n_params,
                                        const char * const  *params,
                                        gint64               expected,
                                        double               progress_from,
                                        double               progress_to,
                                        UpReportRowFunc      func,
                                        gpointer             user_data);
/* One statement, whole result (small ones: totals, lookups). */
PGresult    *up_report_query           (UpReport            *report,
                                        const char          *sql,
                                        int                  n_params,
                                        const char * const  *params);

/* Translated labels of the schema's words. */
const char  *up_report_certification_level_label (const char *kind,
                                                  const char *skill_level,
                                                  const char *academic_level);
const char  *up_report_fund_label      (const char *fund);
/* The same as up_report_certification_level_label() and the subsidy
 * state's label, remembered for the report: gettext once, not per row. */
const char  *up_report_level_label     (UpReport   *report,
                                        const char *kind,
                                        const char *skill_level,
                                        const char *academic_level);
const char  *up_report_state_label     (UpReport   *report,
                                        const char *state);

/* Test-only: rows per sheet before a listing continues on a next one. */
void         up_report_writer_set_max_rows (UpReportWriter *self,
                                            guint32         max_rows);

G_END_DECLS
