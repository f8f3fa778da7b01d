/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "up-row-source.h"

G_BEGIN_DECLS

/* One sheet of an Office Open XML workbook (.xlsx), read as a stream:
 * libzip inflates the parts and libxml2's xmlTextReader pulls the XML, so a
 * sheet of a million rows never sits in memory.  Shared strings (read once,
 * kept), inline strings, formula results (never the formulas), numbers,
 * truth values, and dates (numbers in a date format, in the 1900 or 1904
 * system) come out as UTF-8 text with their UpCellKind.  Rows are numbered
 * as in Excel; empty rows are skipped.  Parts are bounded in size (an
 * archive that inflates without end is refused) and no external entity or
 * network access is ever followed. */

#define UP_TYPE_XLSX_READER (up_xlsx_reader_get_type ())

G_DECLARE_FINAL_TYPE (UpXlsxReader, up_xlsx_reader, UP, XLSX_READER, GObject)

/* Opens sheet @sheet (its tab's name), or the first visible sheet for NULL. */
UpXlsxReader  *up_xlsx_reader_new               (const char    *path,
                                                 const char    *sheet,
                                                 GError       **error);
/* The same over a workbook in memory (fuzz targets, tests). */
UpXlsxReader  *up_xlsx_reader_new_for_bytes     (GBytes        *bytes,
                                                 const char    *sheet,
                                                 GError       **error);
/* The workbook's sheet names, in tab order. */
const char * const *up_xlsx_reader_get_sheet_names (UpXlsxReader *self);
const char    *up_xlsx_reader_get_sheet         (UpXlsxReader  *self);

/* The sheet names of the workbook at @path, without opening a sheet. */
GStrv          up_xlsx_reader_list_sheets       (const char    *path,
                                                 GError       **error);

G_END_DECLS
