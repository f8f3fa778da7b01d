/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <stdio.h>

/* Without libFuzzer (gcc, or a plain build): runs the target once over every
 * file of the corpus folders named on the command line, as TAP, so CI
 * replays the seeds and every crash found before. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
run_path (const char *path,
          guint      *n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        g_error ("%s", error->message);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint i = 0; i < names->len; i++)
        run_path (g_ptr_array_index (names, i), n);
      return;
    }

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, len);
  printf ("ok %u %s\n", ++*n, path);
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    run_path (argv[i], &n);
  printf ("1..%u\n", n);
  return n > 0 ? 0 : 1;
}
