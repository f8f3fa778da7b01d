/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "up-csv-reader.h"

/* libFuzzer target: any bytes as a CSV file.  Every row's cells must be UTF-8; every row is read to the end
 * or to the error that ends the file; nothing may crash, leak or hang. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(UpCsvReader) reader = up_csv_reader_new_for_bytes (bytes, &error);
  UpRow *row;

  if (reader == NULL)
    return 0;

  while ((row = up_row_source_next_row (UP_ROW_SOURCE (reader), &error)) != NULL)
    {
      for (guint i = 0; i < up_row_get_n_cells (row); i++)
        /* Whatever the bytes, cells are UTF-8: COPY would refuse others. */
        g_assert (g_utf8_validate (up_row_get_cell (row, i), -1, NULL));
      up_row_free (row);
    }

  return 0;
}
