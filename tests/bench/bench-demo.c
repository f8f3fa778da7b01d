/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-demo"

#include "config.h"

#include <glib.h>
#include <stdlib.h>

#include "up-demo.h"
#include "up-pg.h"
#include "up-test-pg.h"

/* Loads the demo data into a fresh migrated database and prints how long
 * each stage took and how many rows each table got:
 *
 *   bench-demo [--trainees N] [--seed N]
 */

typedef struct
{
  gint64      stage_start;
  char       *stage;
} Timing;

static void
print_stage (Timing *timing,
             gint64  now)
{
  if (timing->stage != NULL)
    g_print ("  %-32s %8.2f s\n", timing->stage, (now - timing->stage_start) / 1e6);
}

static void
progress_cb (double      fraction,
             const char *stage,
             gpointer    user_data)
{
  Timing *timing = user_data;
  gint64 now = g_get_monotonic_time ();

  if (g_strcmp0 (stage, timing->stage) == 0)
    return;

  print_stage (timing, now);
  g_free (timing->stage);
  timing->stage = g_strdup (stage);
  timing->stage_start = now;
}

int
main (int   argc,
      char *argv[])
{
  static const char *tables[] = {
    "academies", "majors", "trainees", "courses", "enrollments", "certifications",
    "subsidy_policies", "payment_batches", "subsidies", "audit_log",
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *conninfo = NULL;
  int trainees = 1000000;
  int seed = 1;
  const GOptionEntry entries[] = {
    { "trainees", 0, 0, G_OPTION_ARG_INT, &trainees, "Trainees to generate (default 1000000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generator (default 1)", "N" },
    { NULL }
  };
  UpDemoOptions options;
  Timing timing = { 0, NULL };
  gint64 start, end;

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || trainees < 1)
    {
      g_printerr ("bench-demo: %s\n", error != NULL ? error->message : "--trainees must be positive");
      return EXIT_FAILURE;
    }

  conninfo = up_test_pg_new_migrated ();
  conn = up_pg_connect (conninfo, &error);
  if (conn == NULL)
    {
      g_printerr ("bench-demo: %s\n", error->message);
      return EXIT_FAILURE;
    }

  up_demo_options_init (&options);
  options.n_trainees = trainees;
  options.seed = seed;
  options.progress = progress_cb;
  options.progress_data = &timing;

  g_print ("demo data for %d trainees\n", trainees);
  start = g_get_monotonic_time ();
  timing.stage_start = start;
  if (!up_demo_generate (conn, &options, NULL, &error))
    {
      g_printerr ("bench-demo: %s\n", error->message);
      return EXIT_FAILURE;
    }
  end = g_get_monotonic_time ();
  print_stage (&timing, end);
  g_print ("  %-32s %8.2f s\n", "total", (end - start) / 1e6);
  g_clear_pointer (&timing.stage, g_free);

  g_print ("rows\n");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      gint64 n = 0;

      if (!up_pg_query_int64 (conn, sql, 0, NULL, &n, &error))
        {
          g_printerr ("bench-demo: %s\n", error->message);
          return EXIT_FAILURE;
        }
      g_print ("  %-32s %10" G_GINT64_FORMAT "\n", tables[i], n);
    }

  g_clear_pointer (&conn, PQfinish);
  up_test_pg_shutdown ();
  return EXIT_SUCCESS;
}
