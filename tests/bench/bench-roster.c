/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-roster"

#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdlib.h>

#include "up-demo.h"
#include "up-enrollment.h"
#include "up-migrations.h"
#include "up-pg.h"
#include "up-test-pg.h"

/* The roster of a big course on the big data set:
 *
 *   bench-roster [N]            N trainees of demo data (default 1000000)
 *   UPSKILL_BENCH_DATABASE=conninfo bench-roster [N]
 *                               a database of one's own, filled on the first
 *                               run (bench-trainees uses the same one)
 *
 * Adds, in a transaction rolled back at the end, a course of 500 seats with
 * 500 trainees enrolled, then prints the time to read its roster the way the
 * roster page does (up_enrollment_list_roster). */

#define ROSTER_SIZE 500
#define ROUNDS 20

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-roster: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *conninfo = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) course = NULL;
  guint64 n_trainees = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  double times[ROUNDS];
  gboolean empty = FALSE;

  setlocale (LC_ALL, "");

  conninfo = g_getenv ("UPSKILL_BENCH_DATABASE") != NULL
             ? g_strdup (g_getenv ("UPSKILL_BENCH_DATABASE"))
             : up_test_pg_new_migrated ();
  conn = up_pg_connect (conninfo, &error);
  if (conn == NULL || !up_migrations_apply (conn, NULL, &error))
    die ("connect", error);

  if (!up_demo_is_empty (conn, &empty, &error))
    die ("demo", error);
  if (empty)
    {
      UpDemoOptions options;
      gint64 start = g_get_monotonic_time ();

      up_demo_options_init (&options);
      options.n_trainees = n_trainees;
      g_print ("generating demo data for %" G_GUINT64_FORMAT " trainees\n", n_trainees);
      if (!up_demo_generate (conn, &options, NULL, &error))
        die ("demo", error);
      g_print ("generated in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);
    }

  if (!up_pg_begin (conn, &error))
    die ("begin", error);

  /* A planned course of the first academy's first major, and 500 trainees
   * spread over the whole table. */
  course = up_pg_exec (conn,
                       "INSERT INTO courses (academy_id, major_id, kind, title, start_date, end_date, hours, "
                       "                     capacity, status) "
                       "SELECT m.academy_id, m.id, 'skill', 'bench roster', current_date + 30, current_date + 60, "
                       "       40, $1::int, 'open' "
                       "  FROM majors m ORDER BY m.id LIMIT 1 RETURNING id",
                       1, (const char *[]) { G_STRINGIFY (ROSTER_SIZE) }, &error);
  if (course == NULL || PQntuples (course) != 1)
    die ("course", error);

  if (!up_pg_command (conn,
                      "INSERT INTO enrollments (academy_id, course_id, trainee_id) "
                      "SELECT c.academy_id, c.id, t.id FROM courses c, "
                      "  (SELECT id FROM trainees WHERE id % (SELECT greatest (count(*) / $2::int, 1) FROM trainees) = 0 "
                      "   ORDER BY id LIMIT $2::int) t "
                      " WHERE c.id = $1::bigint",
                      2, (const char *[]) { PQgetvalue (course, 0, 0), G_STRINGIFY (ROSTER_SIZE) }, &error)
      || !up_pg_command (conn, "ANALYZE enrollments", 0, NULL, &error))
    die ("enrollments", error);

  for (guint i = 0; i < ROUNDS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GListStore) roster = up_enrollment_list_roster (conn, g_ascii_strtoll (PQgetvalue (course, 0, 0), NULL, 10),
                                                              &error);

      if (roster == NULL)
        die ("roster", error);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (i == 0)
        g_print ("roster of %u trainees\n", g_list_model_get_n_items (G_LIST_MODEL (roster)));
    }

  up_pg_rollback (conn);

  g_print ("first read: %.1f ms\n", times[0]);
  qsort (times, ROUNDS, sizeof times[0], compare_doubles);
  g_print ("%d reads: median %.1f ms, best %.1f ms, worst %.1f ms\n",
           ROUNDS, times[ROUNDS / 2], times[0], times[ROUNDS - 1]);

  return EXIT_SUCCESS;
}
