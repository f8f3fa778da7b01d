/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "up-database.h"

G_BEGIN_DECLS

/* The workbooks of issue 5, in the order the Reports page offers them. */
typedef enum
{
  UP_REPORT_SUMMARY,            /* academy summary for a period */
  UP_REPORT_ROSTER,             /* payment roster of one batch */
  UP_REPORT_NOTICE,             /* public notice list of one batch */
  UP_REPORT_LEDGER,             /* subsidy ledger for a period */
  UP_REPORT_PROGRESS,           /* a year's progress against its targets */
  UP_N_REPORTS
} UpReportKind;

/* "summary", "roster" …: the command line's words. */
const char      *up_report_kind_to_string        (UpReportKind   kind);
gboolean         up_report_kind_from_string      (const char    *text,
                                                  UpReportKind  *kind);
/* The translated title: 工匠学院培训情况汇总表 … */
const char      *up_report_kind_to_label         (UpReportKind   kind);
/* TRUE for the reports of one payment batch (roster, notice). */
gboolean         up_report_kind_needs_batch      (UpReportKind   kind);

/* The payment batches a roster or notice list can be made of, newest
 * first: a PGresult of (id, name). */
void             up_report_list_batches_async    (UpDatabase          *db,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
PGresult        *up_report_list_batches_finish   (UpDatabase          *db,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Called in the main context of whoever started the report, with 0..1. */
typedef void (*UpReportProgressFunc) (double   fraction,
                                      gpointer user_data);

#define UP_TYPE_REPORT_WRITER (up_report_writer_get_type ())

G_DECLARE_FINAL_TYPE (UpReportWriter, up_report_writer, UP, REPORT_WRITER, GObject)

/* A writer opens a connection of its own from @conninfo, in its own
 * thread: a long report never holds up the window's connection. */
UpReportWriter  *up_report_writer_new            (UpReportKind          kind,
                                                  const char           *conninfo);
UpReportKind     up_report_writer_get_kind       (UpReportWriter       *self);
const char      *up_report_writer_get_conninfo   (UpReportWriter       *self);

/* The claims, courses and certificates of @from … @to, both included.
 * Unset (invalid dates): the current year.  The progress report uses the
 * year of @from. */
void             up_report_writer_set_period     (UpReportWriter       *self,
                                                  const GDate          *from,
                                                  const GDate          *to);
void             up_report_writer_set_year       (UpReportWriter       *self,
                                                  int                   year);
/* One academy by its code, or NULL for all. */
void             up_report_writer_set_academy    (UpReportWriter       *self,
                                                  const char           *code);
/* The payment batch of a roster or notice list. */
void             up_report_writer_set_batch      (UpReportWriter       *self,
                                                  gint64                batch_id);
/* Whole ID numbers instead of masked ones (500103********123X). */
void             up_report_writer_set_full_id_numbers (UpReportWriter  *self,
                                                  gboolean              full);
void             up_report_writer_set_language   (UpReportWriter       *self,
                                                  const char           *language);
void             up_report_writer_set_progress_func (UpReportWriter    *self,
                                                  UpReportProgressFunc  func,
                                                  gpointer              user_data,
                                                  GDestroyNotify        destroy);

/* Writes the workbook to @path: into a temporary file beside it, renamed
 * at the end, so that a failed or cancelled report leaves no file. */
void             up_report_writer_run_async      (UpReportWriter       *self,
                                                  const char           *path,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean         up_report_writer_run_finish     (UpReportWriter       *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* Blocks the calling thread (command line, tests): progress is called in
 * this thread. */
gboolean         up_report_writer_run_sync       (UpReportWriter       *self,
                                                  const char           *path,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

G_END_DECLS
