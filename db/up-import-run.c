/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-import"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "up-error.h"
#include "up-i18n.h"
#include "up-id-number.h"
#include "up-import-private.h"
#include "up-pg.h"

/* The run of one import: the file read as a stream, each row checked by
 * its kind (up-import-trainees.c, up-import-certificates.c,
 * up-import-payments.c) and staged through COPY, the rows the database
 * turns away written to the reject file, then the kind's merge, all in one
 * transaction.  Memory holds one row, the COPY buffer and, for duplicates
 * within the file, one 64-bit number per ID number seen.  Personal data
 * stays in the rows: no ID number or phone goes to a log or an error
 * message; the reject file carries each rejected row as the user's own
 * file had it. */

#define COPY_CHUNK    (1024 * 1024)
#define PROGRESS_ROWS 1024

static const char *academy_exists_sql =
  "SELECT count (*) FROM academies WHERE id = $1";

static const UpImportKindOps *
ops_of (UpImportKind kind)
{
  switch (kind)
    {
    case UP_IMPORT_TRAINEES:
      return &up_import_trainees_ops;
    case UP_IMPORT_CERTIFICATES:
      return &up_import_certificates_ops;
    case UP_IMPORT_PAYMENTS:
      return &up_import_payments_ops;
    default:
      g_assert_not_reached ();
    }
}

/* Progress, laps, cancel ---------------------------------------------------- */

void
up_import_run_report (UpImportRun *run,
                      double       fraction)
{
  if (run->progress == NULL || fraction - run->last_fraction < 0.01)
    return;
  run->last_fraction = fraction;
  run->progress (fraction, run->progress_data);
}

/* Where the time goes, for G_MESSAGES_DEBUG=up-import. */
void
up_import_run_lap (UpImportRun *run,
                   const char  *step)
{
  gint64 now = g_get_monotonic_time ();

  g_debug ("%s: %.3f s", step, (now - run->started) / 1e6);
  run->started = now;
}

gboolean
up_import_run_check_cancelled (UpImportRun  *run,
                               GError      **error)
{
  if (!g_cancellable_is_cancelled (run->cancellable))
    return TRUE;
  g_set_error_literal (error, UP_ERROR, UP_ERROR_CANCELLED, _("The import was cancelled; nothing was imported."));
  return FALSE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  PGcancel *cancel = user_data;
  char buf[256];

  /* PQcancel is safe from any thread. */
  PQcancel (cancel, buf, sizeof buf);
}

/* Reject file ---------------------------------------------------------------- */

/* One CSV cell: quoted when needed; text that Excel would take for a formula
 * gets a leading apostrophe, so opening the file evaluates nothing. */
static void
write_csv_cell (GString    *line,
                const char *text,
                gboolean    from_file)
{
  gboolean formula = from_file && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;

  if (formula || strpbrk (text, ",\"\r\n") != NULL || text[0] == ' ')
    {
      g_string_append_c (line, '"');
      if (formula)
        g_string_append_c (line, '\'');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
  else
    g_string_append (line, text);
}

static gboolean
open_rejects (UpImportRun  *run,
              GError      **error)
{
  g_autoptr(GString) line = g_string_new ("\xef\xbb\xbf");
  const char *path = run->summary->reject_path;

  run->rejects = g_fopen (path, "wb");
  if (run->rejects == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   /* Translators: the first %s is a file name, the second the system's reason */
                   _("Cannot write the rejected rows to “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  /* Translators: a column of the file of rejected rows (行号) */
  write_csv_cell (line, _("Row"), FALSE);
  g_string_append_c (line, ',');
  /* Translators: a column of the file of rejected rows (原因) */
  write_csv_cell (line, _("Reason"), FALSE);
  for (guint i = 0; run->headers != NULL && run->headers[i] != NULL; i++)
    {
      g_string_append_c (line, ',');
      write_csv_cell (line, run->headers[i], TRUE);
    }
  g_string_append (line, "\r\n");
  fwrite (line->str, 1, line->len, run->rejects);
  return TRUE;
}

static gboolean
reject (UpImportRun  *run,
        const UpRow  *row,
        const char   *reason,
        GError      **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  char number[16];

  if (run->rejects == NULL && !open_rejects (run, error))
    return FALSE;

  g_snprintf (number, sizeof number, "%u", row->number);
  g_string_append (line, number);
  g_string_append_c (line, ',');
  write_csv_cell (line, reason, FALSE);
  for (guint i = 0; i < up_row_get_n_cells (row); i++)
    {
      g_string_append_c (line, ',');
      write_csv_cell (line, up_row_get_cell (row, i), TRUE);
    }
  g_string_append (line, "\r\n");

  if (fwrite (line->str, 1, line->len, run->rejects) != line->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the rejected rows to “%s”: %s"), run->summary->reject_path, g_strerror (errno));
      return FALSE;
    }

  run->summary->rejected++;
  return TRUE;
}

/* A staged row the database's contents turn away, to the reject file. */
gboolean
up_import_run_reject_line (UpImportRun  *run,
                           guint         line,
                           const char   *reason,
                           GError      **error)
{
  UpRow *row = g_hash_table_lookup (run->kept, GUINT_TO_POINTER (line));

  g_return_val_if_fail (row != NULL, FALSE);
  return reject (run, row, reason, error);
}

/* Rows ---------------------------------------------------------------------- */

/* The cell of column @column, trimmed; "" when the file has no such column. */
char *
up_import_run_cell (UpImportRun *run,
                    const UpRow *row,
                    int          column)
{
  int index = run->columns[column];

  if (index < 0)
    return g_strdup ("");
  return up_import_trim (up_row_get_cell (row, (guint) index));
}

/* An ID number as one exact 64-bit number (17 digits and the check
 * character fit), for finding duplicates without keeping the text. */
static gpointer
pack_id_number (const char *id_number)
{
  guint64 value = 0;

  for (guint i = 0; i < 17; i++)
    value = value * 10 + (guint64) (id_number[i] - '0');
  value = value * 11 + (guint64) (id_number[17] == 'X' ? 10 : id_number[17] - '0');
  return GSIZE_TO_POINTER ((gsize) value + 1);
}

/* Whether no earlier row of the file had @id_number (a valid one); else
 * *first is the number of the row that had it. */
gboolean
up_import_run_id_number_is_new (UpImportRun *run,
                                const char  *id_number,
                                guint        row_number,
                                guint       *first)
{
  gpointer key = pack_id_number (id_number);
  gpointer earlier;

  if (g_hash_table_lookup_extended (run->seen, key, NULL, &earlier))
    {
      *first = GPOINTER_TO_UINT (earlier);
      return FALSE;
    }
  g_hash_table_insert (run->seen, key, GUINT_TO_POINTER (row_number));
  return TRUE;
}

/* A staged row is a line of the COPY: the row's number, each field after a
 * tab (NULL: \N), and the end of the line. */
void
up_import_run_stage_begin (UpImportRun *run,
                           guint        row_number)
{
  g_string_append_printf (run->copy, "%u", row_number);
}

void
up_import_run_stage_text (UpImportRun *run,
                          const char  *text)
{
  g_string_append_c (run->copy, '\t');
  up_pg_copy_append (run->copy, text);
}

/* @value, or NULL when not @present. */
void
up_import_run_stage_int (UpImportRun *run,
                         gint64       value,
                         gboolean     present)
{
  g_string_append_c (run->copy, '\t');
  if (present)
    g_string_append_printf (run->copy, "%" G_GINT64_FORMAT, value);
  else
    up_pg_copy_append (run->copy, NULL);
}

void
up_import_run_stage_end (UpImportRun *run)
{
  g_string_append_c (run->copy, '\n');
}

/* What every kind checks first: the row's size, Excel's error cells, and
 * an ID number Excel turned into a number.  Sets *reason, or not. */
static void
check_common (UpImportRun  *run,
              const UpRow  *row,
              char        **reason)
{
  guint n_columns = 0;
  const UpImportColumn *columns = up_import_kind_get_columns (run->self->kind, &n_columns);
  int id_column = run->columns[0];  /* the ID number is the first column of every kind */

  if (row->truncated)
    {
      *reason = g_strdup_printf (_("The row has more than %d cells."), UP_ROW_MAX_CELLS);
      return;
    }

  for (guint c = 0; c < n_columns; c++)
    if (run->columns[c] >= 0 && up_row_get_kind (row, (guint) run->columns[c]) == UP_CELL_ERROR)
      {
        /* Translators: the first %s is a column name, the second what Excel shows (#N/A) */
        *reason = g_strdup_printf (_("%s: the cell shows an Excel error (%s)."),
                                   up_import_column_get_label (&columns[c]),
                                   up_row_get_cell (row, (guint) run->columns[c]));
        return;
      }

  if (id_column >= 0
      && (up_row_get_kind (row, (guint) id_column) == UP_CELL_NUMBER
          || up_import_looks_scientific (up_row_get_cell (row, (guint) id_column))))
    {
      *reason = g_strdup (_("ID number: Excel stored it as a number, which keeps only 15 digits, so its "
                            "last digits are lost. Format the column as Text, type the numbers again "
                            "and import anew."));
      return;
    }
}

/* The ID number of the row, canonical, or NULL with *reason set. */
char *
up_import_run_checked_id_number (UpImportRun  *run,
                                 const UpRow  *row,
                                 char        **reason)
{
  g_autofree char *text = up_import_run_cell (run, row, 0);
  UpIdNumberStatus status = up_id_number_check (text, NULL);

  if (status != UP_ID_NUMBER_OK)
    {
      /* Translators: %s says what is wrong with the ID number */
      *reason = g_strdup_printf (_("ID number: %s"), up_id_number_status_to_string (status));
      return NULL;
    }
  return up_id_number_normalize (text);
}

/* Checks one row.  Returns TRUE when it was staged. */
static gboolean
check_row (UpImportRun  *run,
           const UpRow  *row,
           char        **reason)
{
  gboolean skipped = FALSE;
  gsize len = run->copy->len;

  check_common (run, row, reason);
  if (*reason != NULL)
    return FALSE;

  run->ops->check_row (run, row, &skipped, reason);
  if (skipped)
    run->summary->skipped++;

  return *reason == NULL && run->copy->len > len;
}

static gboolean
flush_copy (UpImportRun  *run,
            gboolean      force,
            GError      **error)
{
  if (!force && run->copy->len < COPY_CHUNK)
    return TRUE;
  if (run->copy->len > 0 && !up_pg_copy_put (run->conn, run->copy->str, run->copy->len, error))
    return FALSE;
  g_string_truncate (run->copy, 0);
  return TRUE;
}

/* Ends a COPY in progress with an error, so the server discards it. */
static void
abort_copy (UpImportRun *run)
{
  PGresult *result;

  if (!run->in_copy)
    return;
  run->in_copy = FALSE;
  if (PQputCopyEnd (run->conn, "import aborted") != 1)
    return;
  while ((result = PQgetResult (run->conn)) != NULL)
    PQclear (result);
}

/* Takes the lines of @lines out of the staging @table. */
gboolean
up_import_run_drop_lines (UpImportRun  *run,
                          const char   *sql,
                          GArray       *lines,
                          GError      **error)
{
  g_autoptr(GString) array = g_string_new ("{");
  const char *params[1];

  if (lines->len == 0)
    return TRUE;
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (array, "%s%u", i > 0 ? "," : "", g_array_index (lines, guint, i));
  g_string_append_c (array, '}');
  params[0] = array->str;
  return up_pg_command (run->conn, sql, 1, params, error);
}

/* Whether the academy run->academy_id exists; else an error that names it. */
gboolean
up_import_run_academy_exists (UpImportRun  *run,
                              GError      **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->academy_id);
  const char *params[] = { id_text };
  gint64 exists = 0;

  if (!up_pg_query_int64 (run->conn, academy_exists_sql, 1, params, &exists, error))
    return FALSE;
  if (exists == 0)
    {
      /* Translators: %s is an academy's number */
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("There is no academy number %s."), id_text);
      return FALSE;
    }
  return TRUE;
}

/* The run --------------------------------------------------------------------- */

static gboolean
check_required (UpImport     *self,
                UpImportRun  *run,
                GError      **error)
{
  const UpImportColumn *columns;
  guint n;

  columns = up_import_kind_get_columns (self->kind, &n);
  for (guint c = 0; c < n; c++)
    run->columns[c] = -1;
  for (guint i = 0; i < self->n_mapping; i++)
    if (self->mapping[i] >= 0 && (guint) self->mapping[i] < n && run->columns[self->mapping[i]] < 0)
      run->columns[self->mapping[i]] = (int) i;

  for (guint c = 0; c < n; c++)
    if (columns[c].required && run->columns[c] < 0)
      {
        /* Translators: %s is a column name (身份证号) */
        g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                     _("The file has no column for “%s”, which every row needs. Name it in the header "
                       "row or choose it in the preview."), up_import_column_get_label (&columns[c]));
        return FALSE;
      }

  return run->ops->check_columns == NULL || run->ops->check_columns (run, columns, error);
}

static gboolean
read_rows (UpImportRun  *run,
           GError      **error)
{
  guint since_progress = 0;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(UpRow) row = up_row_source_next_row (run->source, &local_error);
      g_autofree char *reason = NULL;

      if (row == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          return TRUE;
        }

      if (row->number <= run->self->header_row || up_row_is_blank (row))
        continue;

      run->summary->read++;
      if (check_row (run, row, &reason))
        {
          if (run->kept != NULL)
            {
              guint number = row->number;

              g_hash_table_insert (run->kept, GUINT_TO_POINTER (number), g_steal_pointer (&row));
            }
        }
      else if (reason != NULL && !reject (run, row, reason, error))
        return FALSE;

      if (!flush_copy (run, FALSE, error))
        return FALSE;

      if (++since_progress >= PROGRESS_ROWS)
        {
          since_progress = 0;
          if (!up_import_run_check_cancelled (run, error))
            return FALSE;
          up_import_run_report (run, UP_IMPORT_READ_SHARE * up_row_source_get_fraction (run->source));
        }
    }
}

static gboolean
run_import (UpImportRun  *run,
            GError      **error)
{
  UpImport *self = run->self;

  if (!up_import_run_check_cancelled (run, error))
    return FALSE;

  run->source = up_row_source_open (self->path, self->sheet, error);
  if (run->source == NULL)
    return FALSE;

  if (self->mapping == NULL || self->header_row == 0)
    {
      if (!up_import_find_header (self, run->source, error))
        return FALSE;
    }
  run->headers = self->headers;
  if (!check_required (self, run, error))
    return FALSE;

  if (!run->ops->start (run, error))
    return FALSE;
  run->in_copy = TRUE;

  if (!read_rows (run, error) || !flush_copy (run, TRUE, error))
    return FALSE;

  run->in_copy = FALSE;
  if (!up_pg_copy_end (run->conn, error))
    return FALSE;
  up_import_run_lap (run, "read, check and stage");
  up_import_run_report (run, UP_IMPORT_READ_SHARE);

  if (run->ops->vet != NULL && !run->ops->vet (run, error))
    return FALSE;

  if (run->rejects != NULL && fflush (run->rejects) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the rejected rows to “%s”: %s"), run->summary->reject_path, g_strerror (errno));
      return FALSE;
    }

  /* One rejected row keeps the whole file out, unless asked otherwise; a
   * bank's file always (it pays a batch all or nothing). */
  if (run->summary->rejected > 0 && (!self->valid_only || run->ops->whole_file))
    {
      up_pg_rollback (run->conn);
      run->summary->committed = FALSE;
      return TRUE;
    }

  if (!run->ops->merge (run, error))
    return FALSE;
  if (!up_import_run_check_cancelled (run, error) || !up_pg_commit (run->conn, error))
    return FALSE;
  up_import_run_lap (run, "commit");

  run->summary->committed = TRUE;
  up_import_run_report (run, 1.0);
  return TRUE;
}

UpImportSummary *
up_import_run (UpImport              *self,
               const char            *conninfo,
               UpImportProgressFunc   progress,
               gpointer               progress_data,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  UpImportRun run = { 0 };
  gulong cancel_id = 0;
  gboolean ok;

  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  run.self = self;
  run.cancellable = cancellable;
  run.progress = progress;
  run.progress_data = progress_data;
  run.last_fraction = -1;
  run.started = g_get_monotonic_time ();
  run.seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  run.ops = ops_of (self->kind);
  /* Kept for the rows the database may still turn away. */
  if (run.ops->vet != NULL)
    run.kept = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) up_row_free);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

    g_strlcpy (run.today, today, sizeof run.today);
  }
  run.copy = g_string_sized_new (COPY_CHUNK + 64 * 1024);
  run.summary = g_new0 (UpImportSummary, 1);
  run.summary->reject_path = self->reject_path != NULL ? g_strdup (self->reject_path)
                                                       : up_import_default_reject_path (self->path);

  run.conn = up_pg_connect (conninfo, &local_error);
  if (run.conn != NULL)
    {
      run.cancel = PQgetCancel (run.conn);
      if (cancellable != NULL && run.cancel != NULL)
        cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), run.cancel, NULL);
      ok = run_import (&run, &local_error);
    }
  else
    ok = FALSE;

  /* A statement the server cancelled for us is our own cancel. */
  if (!ok && g_cancellable_is_cancelled (cancellable)
      && !g_error_matches (local_error, UP_ERROR, UP_ERROR_CANCELLED))
    {
      g_clear_error (&local_error);
      g_set_error_literal (&local_error, UP_ERROR, UP_ERROR_CANCELLED,
                           _("The import was cancelled; nothing was imported."));
    }

  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);
  if (run.conn != NULL)
    {
      abort_copy (&run);
      if (!ok)
        up_pg_rollback (run.conn);
    }
  g_clear_pointer (&run.cancel, PQfreeCancel);
  g_clear_pointer (&run.conn, PQfinish);
  g_clear_object (&run.source);
  g_hash_table_unref (run.seen);
  g_clear_pointer (&run.numbers, g_hash_table_unref);
  g_clear_pointer (&run.kept, g_hash_table_unref);
  g_string_free (run.copy, TRUE);
  if (run.rejects != NULL)
    fclose (run.rejects);
  else
    g_clear_pointer (&run.summary->reject_path, g_free);

  if (!ok)
    {
      up_import_summary_free (run.summary);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return run.summary;
}
