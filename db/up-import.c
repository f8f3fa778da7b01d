/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-import"

#include "config.h"

#include <glib/gi18n.h>

#include "up-error.h"
#include "up-i18n.h"
#include "up-import-private.h"
#include "up-xlsx-reader.h"

/* An import: what to read and how (the file, its sheet, the columns'
 * mapping, where its rows go), the preview of its first rows, and the run
 * in a thread with its progress (up-import-run.c does the work). */

#define HEADER_SEARCH_ROWS 10

G_DEFINE_FINAL_TYPE (UpImport, up_import, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (UpImportSummary, up_import_summary, up_import_summary_copy, up_import_summary_free)

enum {
  PROP_0,
  PROP_KIND,
  PROP_PATH,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Summary ------------------------------------------------------------------- */

UpImportSummary *
up_import_summary_copy (const UpImportSummary *summary)
{
  UpImportSummary *copy = g_memdup2 (summary, sizeof *summary);

  copy->reject_path = g_strdup (summary->reject_path);
  return copy;
}

void
up_import_summary_free (UpImportSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->reject_path);
  g_free (summary);
}

/* Header -------------------------------------------------------------------- */

static GStrv
row_to_strv (const UpRow *row)
{
  GStrv strv = g_new0 (char *, up_row_get_n_cells (row) + 1);

  for (guint i = 0; i < up_row_get_n_cells (row); i++)
    strv[i] = up_import_trim (up_row_get_cell (row, i));
  return strv;
}

/* Reads rows until the header: the first of the first rows that names two
 * known columns.  Sets self's headers, mapping and header_row. */
gboolean
up_import_find_header (UpImport     *self,
                       UpRowSource  *source,
                       GError      **error)
{
  for (guint i = 0; i < HEADER_SEARCH_ROWS; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(UpRow) row = up_row_source_next_row (source, &local_error);
      g_auto(GStrv) cells = NULL;
      guint matched = 0;
      int *mapping;

      if (row == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      if (up_row_is_blank (row))
        continue;

      cells = row_to_strv (row);
      mapping = up_import_guess_mapping (self->kind, (const char * const *) cells, g_strv_length (cells), &matched);
      if (matched >= 2)
        {
          g_strfreev (self->headers);
          self->headers = g_steal_pointer (&cells);
          g_free (self->mapping);
          self->mapping = mapping;
          self->n_mapping = g_strv_length (self->headers);
          self->header_row = row->number;
          return TRUE;
        }
      g_free (mapping);
    }

  g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                       _("No header row found: the first rows of the file must name its columns, "
                         "such as 身份证号 (ID number) and 姓名 (Name). Save a template to see how."));
  return FALSE;
}

/* Async --------------------------------------------------------------------- */

typedef struct
{
  UpImport *self;
  double    fraction;
} Progress;

static gboolean
notify_fraction_cb (gpointer data)
{
  Progress *p = data;

  if (p->self->fraction != p->fraction)
    {
      p->self->fraction = p->fraction;
      g_object_notify_by_pspec (G_OBJECT (p->self), properties[PROP_FRACTION]);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->self);
  g_free (p);
}

static void
thread_progress_cb (double   fraction,
                    gpointer user_data)
{
  UpImport *self = user_data;
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (self);
  p->fraction = fraction;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, notify_fraction_cb, p, progress_free);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  UpImport *self = source_object;
  GError *error = NULL;
  UpImportSummary *summary;

  summary = up_import_run (self, task_data, thread_progress_cb, self, cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) up_import_summary_free);
}

void
up_import_run_async (UpImport            *self,
                     const char          *conninfo,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (UP_IS_IMPORT (self));
  g_return_if_fail (conninfo != NULL);

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  if (self->fraction != 0)
    {
      self->fraction = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, up_import_run_async);
  g_task_set_task_data (task, g_strdup (conninfo), g_free);
  g_task_run_in_thread (task, run_thread);
}

UpImportSummary *
up_import_run_finish (UpImport      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == up_import_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GObject ------------------------------------------------------------------- */

static void
up_import_finalize (GObject *object)
{
  UpImport *self = UP_IMPORT (object);

  g_free (self->path);
  g_free (self->sheet);
  g_free (self->issuer);
  g_free (self->reject_path);
  g_strfreev (self->headers);
  g_strfreev (self->sheet_names);
  g_clear_pointer (&self->preview_rows, g_ptr_array_unref);
  g_free (self->mapping);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (up_import_parent_class)->finalize (object);
}

static void
up_import_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  UpImport *self = UP_IMPORT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_import_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  UpImport *self = UP_IMPORT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_import_class_init (UpImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_import_finalize;
  object_class->get_property = up_import_get_property;
  object_class->set_property = up_import_set_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      UP_IMPORT_TRAINEES, UP_IMPORT_PAYMENTS, UP_IMPORT_TRAINEES,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_import_init (UpImport *self)
{
}

/* Public API ---------------------------------------------------------------- */

UpImport *
up_import_new (UpImportKind  kind,
               const char   *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (UP_TYPE_IMPORT, "kind", kind, "path", path, NULL);
}

UpImportKind
up_import_get_kind (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), UP_IMPORT_TRAINEES);
  return self->kind;
}

const char *
up_import_get_path (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  return self->path;
}

double
up_import_get_fraction (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), 0);
  return self->fraction;
}

void
up_import_set_sheet (UpImport   *self,
                     const char *sheet)
{
  g_return_if_fail (UP_IS_IMPORT (self));

  if (g_strcmp0 (self->sheet, sheet) == 0)
    return;
  g_free (self->sheet);
  self->sheet = g_strdup (sheet);
  /* Another sheet has another header. */
  self->header_row = 0;
  g_clear_pointer (&self->mapping, g_free);
  self->n_mapping = 0;
}

void
up_import_set_academy_id (UpImport *self,
                          gint64    academy_id)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  self->academy_id = academy_id;
}

void
up_import_set_course_id (UpImport *self,
                         gint64    course_id)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  self->course_id = course_id;
}

void
up_import_set_issuer (UpImport   *self,
                      const char *issuer)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  g_free (self->issuer);
  self->issuer = g_strdup (issuer);
}

void
up_import_set_batch_id (UpImport *self,
                        gint64    batch_id)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  self->batch_id = batch_id;
}

void
up_import_set_update_existing (UpImport *self,
                               gboolean  update)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  self->update_existing = update;
}

void
up_import_set_valid_only (UpImport *self,
                          gboolean  valid_only)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  self->valid_only = valid_only;
}

void
up_import_set_reject_path (UpImport   *self,
                           const char *path)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  g_free (self->reject_path);
  self->reject_path = g_strdup (path);
}

char *
up_import_default_reject_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');
  g_autofree char *name = NULL;

  if (dot != NULL && dot != base)
    *dot = '\0';
  name = g_strconcat (base, ".rejected.csv", NULL);
  return g_build_filename (dir, name, NULL);
}

gboolean
up_import_load_preview (UpImport  *self,
                        guint      n_rows,
                        GError   **error)
{
  g_autoptr(UpRowSource) source = NULL;

  g_return_val_if_fail (UP_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_pointer (&self->sheet_names, g_strfreev);
  g_clear_pointer (&self->preview_rows, g_ptr_array_unref);
  self->header_row = 0;

  source = up_row_source_open (self->path, self->sheet, error);
  if (source == NULL)
    return FALSE;

  if (UP_IS_XLSX_READER (source))
    self->sheet_names = g_strdupv ((GStrv) up_xlsx_reader_get_sheet_names (UP_XLSX_READER (source)));

  if (!up_import_find_header (self, source, error))
    return FALSE;

  self->preview_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) up_row_free);
  while (self->preview_rows->len < n_rows)
    {
      g_autoptr(GError) local_error = NULL;
      UpRow *row = up_row_source_next_row (source, &local_error);

      if (row == NULL)
        {
          /* The preview shows what could be read; the import says the rest. */
          if (local_error != NULL)
            g_debug ("preview stops: %s", local_error->message);
          break;
        }
      if (up_row_is_blank (row))
        {
          up_row_free (row);
          continue;
        }
      g_ptr_array_add (self->preview_rows, row);
    }

  return TRUE;
}

const char * const *
up_import_get_headers (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  return (const char * const *) self->headers;
}

GPtrArray *
up_import_get_preview_rows (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  return self->preview_rows;
}

const char * const *
up_import_get_sheet_names (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  return (const char * const *) self->sheet_names;
}

const int *
up_import_get_mapping (UpImport *self,
                       guint    *n_headers)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);

  if (n_headers != NULL)
    *n_headers = self->n_mapping;
  return self->mapping;
}

void
up_import_set_mapping (UpImport  *self,
                       const int *mapping,
                       guint      n_headers)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  g_return_if_fail (self->header_row > 0);

  g_free (self->mapping);
  self->mapping = g_memdup2 (mapping, sizeof (int) * MAX (n_headers, 1));
  self->n_mapping = n_headers;
}
