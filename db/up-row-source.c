/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-row-source"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <glib/gstdio.h>
#include <string.h>

#include "up-csv-reader.h"
#include "up-row-source.h"
#include "up-xlsx-reader.h"

G_DEFINE_INTERFACE (UpRowSource, up_row_source, G_TYPE_OBJECT)

static void
up_row_source_default_init (UpRowSourceInterface *iface)
{
}

/* Rows ---------------------------------------------------------------------- */

UpRow *
up_row_new (guint number)
{
  UpRow *row = g_new0 (UpRow, 1);

  row->number = number;
  row->cells = g_ptr_array_new_with_free_func (g_free);
  row->kinds = g_byte_array_new ();
  return row;
}

void
up_row_free (UpRow *row)
{
  if (row == NULL)
    return;

  g_ptr_array_unref (row->cells);
  g_byte_array_unref (row->kinds);
  g_free (row);
}

void
up_row_take_cell (UpRow      *row,
                  char       *text,
                  UpCellKind  kind)
{
  guint8 k = (guint8) kind;

  if (row->cells->len >= UP_ROW_MAX_CELLS)
    {
      row->truncated = TRUE;
      g_free (text);
      return;
    }

  g_ptr_array_add (row->cells, text != NULL ? text : g_strdup (""));
  g_byte_array_append (row->kinds, &k, 1);
}

guint
up_row_get_n_cells (const UpRow *row)
{
  return row->cells->len;
}

const char *
up_row_get_cell (const UpRow *row,
                 guint        column)
{
  if (column >= row->cells->len)
    return "";
  return g_ptr_array_index (row->cells, column);
}

UpCellKind
up_row_get_kind (const UpRow *row,
                 guint        column)
{
  if (column >= row->kinds->len)
    return UP_CELL_TEXT;
  return (UpCellKind) row->kinds->data[column];
}

gboolean
up_row_is_blank (const UpRow *row)
{
  for (guint i = 0; i < row->cells->len; i++)
    for (const char *p = g_ptr_array_index (row->cells, i); *p != '\0'; p = g_utf8_next_char (p))
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;

  return TRUE;
}

/* Interface ----------------------------------------------------------------- */

UpRow *
up_row_source_next_row (UpRowSource  *self,
                        GError      **error)
{
  g_return_val_if_fail (UP_IS_ROW_SOURCE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return UP_ROW_SOURCE_GET_IFACE (self)->next_row (self, error);
}

double
up_row_source_get_fraction (UpRowSource *self)
{
  g_return_val_if_fail (UP_IS_ROW_SOURCE (self), 0);

  return UP_ROW_SOURCE_GET_IFACE (self)->get_fraction (self);
}

gboolean
up_row_source_is_workbook (const char *path)
{
  char magic[4] = { 0 };
  FILE *file = g_fopen (path, "rb");
  gboolean zip;

  if (file == NULL)
    return FALSE;
  zip = fread (magic, 1, sizeof magic, file) == sizeof magic && memcmp (magic, "PK\x03\x04", 4) == 0;
  fclose (file);
  return zip;
}

UpRowSource *
up_row_source_open (const char  *path,
                    const char  *sheet,
                    GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (up_row_source_is_workbook (path))
    return UP_ROW_SOURCE (up_xlsx_reader_new (path, sheet, error));

  if (sheet != NULL && *sheet != '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Only an Excel workbook (.xlsx) has sheets; this file is plain text (CSV)."));
      return NULL;
    }

  return UP_ROW_SOURCE (up_csv_reader_new (path, error));
}
