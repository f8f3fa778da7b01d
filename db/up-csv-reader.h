/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "up-row-source.h"

G_BEGIN_DECLS

/* A CSV file as people make it, read through libcsv as a stream:
 *   - UTF-8 with or without a byte order mark, UTF-16 with one (Excel's
 *     "Unicode text"), else GB18030, the superset of GBK that Excel on a
 *     Chinese Windows writes;
 *   - comma, semicolon or tab, whichever the first lines use most;
 *   - quoted cells that hold delimiters, quotes ("") and line breaks; a
 *     stray quote inside an unquoted cell is kept as it is;
 *   - empty lines skipped, but counted in the row numbers, which are those
 *     Excel shows for the file (a cell with a line break is one row).
 * A cell longer than UP_CSV_MAX_CELL_BYTES, or a quote never closed, ends
 * the reading with an error naming the line. */

#define UP_CSV_MAX_CELL_BYTES (4 * 1024 * 1024)

typedef enum
{
  UP_CSV_ENCODING_UTF8,
  UP_CSV_ENCODING_UTF8_BOM,
  UP_CSV_ENCODING_UTF16LE,
  UP_CSV_ENCODING_UTF16BE,
  UP_CSV_ENCODING_GB18030,
} UpCsvEncoding;

#define UP_TYPE_CSV_READER (up_csv_reader_get_type ())

G_DECLARE_FINAL_TYPE (UpCsvReader, up_csv_reader, UP, CSV_READER, GObject)

UpCsvReader   *up_csv_reader_new            (const char   *path,
                                             GError      **error);
/* The same over bytes in memory (for the fuzz targets and tests). */
UpCsvReader   *up_csv_reader_new_for_bytes  (GBytes       *bytes,
                                             GError      **error);
UpCsvEncoding  up_csv_reader_get_encoding   (UpCsvReader  *self);
char           up_csv_reader_get_delimiter  (UpCsvReader  *self);

G_END_DECLS
