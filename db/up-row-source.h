/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Rows of a spreadsheet, one at a time, whatever the file's format: the
 * importer reads a CSV file (UpCsvReader) and an .xlsx sheet (UpXlsxReader)
 * through this interface alone.  Cells are UTF-8 text; a cell the file
 * stores as a number, a date or a truth value says so in its kind, so that
 * the importer can tell an ID number Excel turned into a number. */

typedef enum
{
  UP_CELL_TEXT,
  UP_CELL_NUMBER,   /* written as the number's shortest exact text */
  UP_CELL_DATE,     /* a number with a date format: written YYYY-MM-DD */
  UP_CELL_BOOLEAN,  /* written 1 or 0 */
  UP_CELL_ERROR,    /* #N/A, #DIV/0! … as Excel wrote them */
} UpCellKind;

/* At most this many cells in a row; the rest are dropped and the row says so. */
#define UP_ROW_MAX_CELLS 1024

typedef struct
{
  guint       number;       /* the line (CSV) or row (sheet) where the row starts, 1-based */
  GPtrArray  *cells;        /* char*, never NULL: "" for an empty cell */
  GByteArray *kinds;        /* one UpCellKind per cell */
  gboolean    truncated;    /* more than UP_ROW_MAX_CELLS cells */
} UpRow;

UpRow       *up_row_new                (guint        number);
void         up_row_free               (UpRow       *row);
/* Appends a cell; takes @text. */
void         up_row_take_cell          (UpRow       *row,
                                        char        *text,
                                        UpCellKind   kind);
guint        up_row_get_n_cells        (const UpRow *row);
/* "" beyond the last cell. */
const char  *up_row_get_cell           (const UpRow *row,
                                        guint        column);
UpCellKind   up_row_get_kind           (const UpRow *row,
                                        guint        column);
/* TRUE when every cell is empty or white space (an Excel blank row). */
gboolean     up_row_is_blank           (const UpRow *row);

#define UP_TYPE_ROW_SOURCE (up_row_source_get_type ())

G_DECLARE_INTERFACE (UpRowSource, up_row_source, UP, ROW_SOURCE, GObject)

struct _UpRowSourceInterface
{
  GTypeInterface parent_iface;

  UpRow   *(*next_row)      (UpRowSource  *self,
                             GError      **error);
  double   (*get_fraction)  (UpRowSource  *self);
};

/* The next row, skipping empty lines; NULL at the end (with @error unset)
 * or on an error that ends the file (a quote never closed, a broken
 * archive …), with @error saying where. */
UpRow       *up_row_source_next_row      (UpRowSource  *self,
                                          GError      **error);
/* How far the reading has come, 0 to 1, for a progress bar. */
double       up_row_source_get_fraction  (UpRowSource  *self);

/* Opens @path as .xlsx (by its content: a zip archive) or else as CSV.
 * @sheet chooses a sheet of a workbook by name (NULL: the first). */
UpRowSource *up_row_source_open          (const char   *path,
                                          const char   *sheet,
                                          GError      **error);
/* TRUE when @path starts like a zip archive (an .xlsx workbook). */
gboolean     up_row_source_is_workbook   (const char   *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpRow, up_row_free)

G_END_DECLS
