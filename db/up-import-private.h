/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>
#include <stdio.h>

#include "up-import.h"

G_BEGIN_DECLS

/* The import of one file, in parts: up-import.c (the object, its settings
 * and the preview), up-import-run.c (reading, checking and staging the rows,
 * the reject file, the transaction), and one file for each kind of file it
 * reads: up-import-trainees.c, up-import-certificates.c and
 * up-import-payments.c. */

#define UP_IMPORT_READ_SHARE     0.4   /* of the progress bar; the merge, into indexed tables, takes the rest */
#define UP_IMPORT_MAX_TEXT_CHARS 200

struct _UpImport
{
  GObject        parent_instance;

  UpImportKind   kind;
  char          *path;
  char          *sheet;
  char          *reject_path;
  gint64         academy_id;
  gint64         course_id;
  gint64         batch_id;
  char          *issuer;
  gboolean       update_existing;
  gboolean       valid_only;

  /* The preview, and the mapping (guessed or set) */
  GStrv          headers;
  GPtrArray     *preview_rows;
  GStrv          sheet_names;
  int           *mapping;
  guint          n_mapping;
  guint          header_row;      /* 0: not found yet */

  double         fraction;
  GMainContext  *context;         /* where "fraction" is notified */
};

typedef struct _UpImportRun UpImportRun;

/* What one kind of file does.  The run calls them in this order, on one
 * connection, and everything from start to merge in one transaction. */
typedef struct
{
  /* Whether the file's columns are enough beyond the required ones
   * (@columns: the kind's); NULL when they always are. */
  gboolean (*check_columns) (UpImportRun           *run,
                             const UpImportColumn  *columns,
                             GError               **error);
  /* Opens the transaction and a COPY into the kind's staging table. */
  gboolean (*start)         (UpImportRun           *run,
                             GError               **error);
  /* Stages @row (up_import_run_stage_*), or sets *reason; or sets
   * *skipped for a row with nothing to do. */
  void     (*check_row)     (UpImportRun           *run,
                             const UpRow           *row,
                             gboolean              *skipped,
                             char                 **reason);
  /* Takes out the staged rows the database's contents turn away, each to
   * the reject file (up_import_run_reject_line); NULL when there are none.
   * The run keeps the staged rows for it. */
  gboolean (*vet)           (UpImportRun           *run,
                             GError               **error);
  /* Writes the staged rows into the tables and fills the summary. */
  gboolean (*merge)         (UpImportRun           *run,
                             GError               **error);
  /* All or nothing, even when asked to import the valid rows (a bank's
   * file pays a batch whole). */
  gboolean   whole_file;
} UpImportKindOps;

extern const UpImportKindOps up_import_trainees_ops;
extern const UpImportKindOps up_import_certificates_ops;
extern const UpImportKindOps up_import_payments_ops;

struct _UpImportRun
{
  UpImport               *self;
  const UpImportKindOps  *ops;
  PGconn                 *conn;
  PGcancel               *cancel;
  GCancellable           *cancellable;
  UpImportProgressFunc    progress;
  gpointer                progress_data;
  double                  last_fraction;
  gint64                  started;

  UpRowSource            *source;
  int                     columns[UP_IMPORT_MAX_COLUMNS];  /* file column of each, or -1 */
  GStrv                   headers;

  GHashTable             *seen;        /* packed ID number → row number */
  GHashTable             *numbers;     /* certificates: issuer and number → what was seen */
  GHashTable             *kept;        /* kinds that vet: row number → UpRow, for the reject file */
  char                    today[11];
  GString                *copy;
  gboolean                in_copy;
  FILE                   *rejects;
  UpImportSummary        *summary;
  gint64                  academy_id;
};

/* up-import.c */
gboolean  up_import_find_header             (UpImport      *self,
                                             UpRowSource   *source,
                                             GError       **error);

/* up-import-run.c */
void      up_import_run_report              (UpImportRun   *run,
                                             double         fraction);
void      up_import_run_lap                 (UpImportRun   *run,
                                             const char    *step);
gboolean  up_import_run_check_cancelled     (UpImportRun   *run,
                                             GError       **error);
char     *up_import_run_cell                (UpImportRun   *run,
                                             const UpRow   *row,
                                             int            column);
char     *up_import_run_checked_id_number   (UpImportRun   *run,
                                             const UpRow   *row,
                                             char         **reason);
gboolean  up_import_run_id_number_is_new    (UpImportRun   *run,
                                             const char    *id_number,
                                             guint          row_number,
                                             guint         *first);
void      up_import_run_stage_begin         (UpImportRun   *run,
                                             guint          row_number);
void      up_import_run_stage_text          (UpImportRun   *run,
                                             const char    *text);
void      up_import_run_stage_int           (UpImportRun   *run,
                                             gint64         value,
                                             gboolean       present);
void      up_import_run_stage_end           (UpImportRun   *run);
gboolean  up_import_run_reject_line         (UpImportRun   *run,
                                             guint          line,
                                             const char    *reason,
                                             GError       **error);
gboolean  up_import_run_drop_lines          (UpImportRun   *run,
                                             const char    *sql,
                                             GArray        *lines,
                                             GError       **error);
gboolean  up_import_run_academy_exists      (UpImportRun   *run,
                                             GError       **error);

/* @text, or NULL (freed) when it is empty. */
static inline char *
up_import_empty_to_null (char *text)
{
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

G_END_DECLS
