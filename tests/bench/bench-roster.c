/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-roster"

#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdlib.h>

#include "up-bench.h"
#include "up-enrollment.h"
#include "up-migrations.h"
#include "up-pg.h"

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
  double median;

  setlocale (LC_ALL, "");

  conninfo = up_bench_dup_conninfo ();
  conn = up_pg_connect (conninfo, &error);
  if (conn == NULL || !up_migrations_apply (conn, NULL, &error))
    die ("connect", error);
  if (!up_bench_fill_demo (conn, n_trainees, &error))
    die ("demo", error);

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
      double start = up_bench_now_ms ();
      g_autoptr(GListStore) roster = up_enrollment_list_roster (conn, g_ascii_strtoll (PQgetvalue (course, 0, 0), NULL, 10),
                                                              &error);

      if (roster == NULL)
        die ("roster", error);
      times[i] = up_bench_now_ms () - start;
      if (i == 0)
        g_print ("roster of %u trainees\n", g_list_model_get_n_items (G_LIST_MODEL (roster)));
    }

  up_pg_rollback (conn);

  g_print ("first read: %.1f ms\n", times[0]);
  /* Sorted by the median: the best first, the worst last. */
  median = up_bench_median (times, ROUNDS);
  g_print ("%d reads: median %.1f ms, best %.1f ms, worst %.1f ms\n",
           ROUNDS, median, times[0], times[ROUNDS - 1]);

  return EXIT_SUCCESS;
}
