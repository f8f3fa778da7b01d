/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "up-xlsx-reader.h"

/* libFuzzer target: any bytes as an .xlsx workbook, its first sheet read
 * to the end.  Nothing may crash, leak or hang. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(UpXlsxReader) reader = up_xlsx_reader_new_for_bytes (bytes, NULL, &error);
  UpRow *row;
  guint n = 0;

  if (reader == NULL)
    return 0;

  while (n++ < 100000 && (row = up_row_source_next_row (UP_ROW_SOURCE (reader), &error)) != NULL)
    up_row_free (row);

  return 0;
}
