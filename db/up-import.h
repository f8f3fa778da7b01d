/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "up-import-columns.h"
#include "up-row-source.h"

G_BEGIN_DECLS

/* Bulk import of a spreadsheet (CSV or .xlsx) into the database: a roster
 * of trainees, an issuing body's list of certificates, or a bank's payment
 * results for one approved batch (UpImportKind), through the same steps.
 *
 * Certificates: each row is matched to a registered trainee by ID number
 * (unknown → rejected; a name, when the file has one, must be the
 * trainee's); a certificate number is unique per issuing body (the same
 * certificate again, in the file or the database, is skipped; another one
 * with its number is rejected).  They are inserted in one INSERT … SELECT
 * in the order of their issue dates, so the database's trigger computes
 * each claim; the summary counts the claims pending and refused.
 *
 * Payments: the rows are matched to the payees of the batch (frozen when
 * it was submitted) by ID number, one row per person (a person with two
 * claims in the batch was paid their sum; a failure fails both); a row
 * matching no payee, another name or an amount that differs is rejected,
 * and one rejected row keeps the whole file out whatever valid_only says.
 * A payee of the batch missing from the file refuses it too (an error
 * naming them, ID numbers masked).  Then one up_pay_batch () in the same
 * transaction: the batch paid, the returned claims failed, or nothing.
 *
 * Each row is checked in C by the rules of the form (up_trainee_input_validate
 * and up-id-number), duplicates within the file are caught as they come,
 * and the good rows stream through COPY into a TEMP staging table; the merge
 * into the real tables is a few set-based statements (INSERT … SELECT,
 * UPDATE … FROM, and the database's own up_enroll for a course), so the
 * database's constraints and triggers have the last word.  All of it is
 * one transaction: a failure, a refusal by the database or a cancel leaves
 * the database as it was.  Unless "valid rows only" is chosen, one rejected
 * row keeps the whole file out.
 *
 * Rejected rows go to a CSV file beside the source (roster.rejected.csv,
 * UTF-8 with a byte order mark so Excel opens it), each with its row number
 * and the reason in the user's language, followed by the row as it was.
 *
 * The import runs on a connection of its own (from a conninfo), on the
 * calling thread (up_import_run) or a worker thread (up_import_run_async).
 *
 * Properties: "kind", "path" (construct-only), "fraction" (double, 0..1,
 * notified on the main context while up_import_run_async runs). */

typedef struct
{
  guint     read;              /* data rows read (blank rows not counted) */
  guint     imported;          /* new trainees; certificates recorded; payments: rows matched */
  guint     updated;           /* registered trainees changed */
  guint     skipped;           /* registered trainees left as they were; certificates already recorded */
  guint     rejected;          /* rows refused, listed in reject_path */
  guint     enrolled;          /* given a seat in the course */
  guint     waitlisted;        /* put on the course's waiting list */
  guint     already_enrolled;  /* already in the course */
  guint     claims_pending;    /* certificates: claims computed, waiting for review */
  guint     claims_refused;    /* certificates: claims a rule of the scheme refused */
  guint     paid;              /* payments: claims of the batch paid */
  guint     failed;            /* payments: claims of the batch the bank returned */
  gint64    paid_fen;          /* payments: the yuan paid, in fen */
  gboolean  committed;         /* FALSE: nothing was written (rows were rejected) */
  char     *reject_path;       /* NULL when no row was rejected */
} UpImportSummary;

#define UP_TYPE_IMPORT_SUMMARY (up_import_summary_get_type ())

GType            up_import_summary_get_type  (void) G_GNUC_CONST;
UpImportSummary *up_import_summary_copy      (const UpImportSummary *summary);
void             up_import_summary_free      (UpImportSummary       *summary);

/* Called on the importing thread, at most about a hundred times. */
typedef void (*UpImportProgressFunc) (double   fraction,
                                      gpointer user_data);

#define UP_TYPE_IMPORT (up_import_get_type ())

G_DECLARE_FINAL_TYPE (UpImport, up_import, UP, IMPORT, GObject)

UpImport           *up_import_new                 (UpImportKind   kind,
                                                   const char    *path);
UpImportKind        up_import_get_kind            (UpImport      *self);
const char         *up_import_get_path            (UpImport      *self);
double              up_import_get_fraction        (UpImport      *self);

/* Options; set them before running. */
void                up_import_set_sheet           (UpImport      *self,
                                                   const char    *sheet);
/* The academy that registers new trainees; 0: the course's, or the only
 * academy there is.  Certificates: the academy that records them; 0: each
 * trainee's own. */
void                up_import_set_academy_id      (UpImport      *self,
                                                   gint64         academy_id);
/* Enroll every trainee of the file into this course (0: none). */
void                up_import_set_course_id       (UpImport      *self,
                                                   gint64         course_id);
/* Certificates: the issuing body of rows whose file has no such column
 * (or an empty cell). */
void                up_import_set_issuer          (UpImport      *self,
                                                   const char    *issuer);
/* Payments: the approved batch the bank's file is for. */
void                up_import_set_batch_id        (UpImport      *self,
                                                   gint64         batch_id);
/* Registered trainees: updated in the columns the file has (an empty cell
 * keeps what is there), or else left as they are. */
void                up_import_set_update_existing (UpImport      *self,
                                                   gboolean       update);
/* Import the valid rows even when others are rejected (not for payments:
 * a batch is paid all or nothing). */
void                up_import_set_valid_only      (UpImport      *self,
                                                   gboolean       valid_only);
/* Where rejected rows go (default: up_import_default_reject_path()). */
void                up_import_set_reject_path     (UpImport      *self,
                                                   const char    *path);
/* roster.xlsx → roster.rejected.csv, in the same folder. */
char               *up_import_default_reject_path (const char    *path);

/* Reads the header and up to @n_rows rows after it, and guesses the
 * mapping.  The header is the first of the first ten rows that names at
 * least two known columns (title rows above it are skipped). */
gboolean            up_import_load_preview        (UpImport      *self,
                                                   guint          n_rows,
                                                   GError       **error);
/* After a preview: the header cells, the rows after them (UpRow*), the
 * sheets of a workbook (NULL for CSV). */
const char * const *up_import_get_headers         (UpImport      *self);
GPtrArray          *up_import_get_preview_rows    (UpImport      *self);
const char * const *up_import_get_sheet_names     (UpImport      *self);
/* One column of the kind (or UP_IMPORT_COLUMN_IGNORED) per header. */
const int          *up_import_get_mapping         (UpImport      *self,
                                                   guint         *n_headers);
/* The user's correction of the mapping (copied). */
void                up_import_set_mapping         (UpImport      *self,
                                                   const int     *mapping,
                                                   guint          n_headers);

/* Runs the import on a connection of its own.  Returns the summary (with
 * committed = FALSE when rows were rejected and valid_only is off), or
 * NULL with @error: the file cannot be read, a needed column is missing,
 * the database refused, or @cancellable was cancelled (UP_ERROR_CANCELLED).
 * In every failure nothing was written. */
UpImportSummary    *up_import_run                 (UpImport             *self,
                                                   const char           *conninfo,
                                                   UpImportProgressFunc  progress,
                                                   gpointer              progress_data,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
void                up_import_run_async           (UpImport             *self,
                                                   const char           *conninfo,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
UpImportSummary    *up_import_run_finish          (UpImport             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpImportSummary, up_import_summary_free)

G_END_DECLS
