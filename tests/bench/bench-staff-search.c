/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-staff-search"

#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "up-bench.h"
#include "up-database.h"
#include "up-migrations.h"
#include "up-overview.h"
#include "up-pg.h"
#include "up-test-pg.h"
#include "up-trainee-list-private.h"
#include "up-trainee-list.h"

/* The Trainees page and the Overview as a staff member, under row-level
 * security (schema v7):
 *
 *   bench-staff-search [N [ACADEMY]]
 *                        N trainees of demo data (default 1000000)
 *   UPSKILL_BENCH_DATABASE=conninfo bench-staff-search [N [ACADEMY]]
 *                        a database of one's own, migrated and filled on
 *                        the first run, reused after (it must be one's
 *                        own: the run migrates it and vacuums it)
 *   UPSKILL_BENCH_PLANS=1   also prints each statement's plan
 *   UPSKILL_BENCH_TIMEOUT=S a statement of the staff member's is cancelled
 *                           after S seconds (default 20) and shown as such
 *
 * A staff account is made for ACADEMY (default: the academy whose staff see
 * the most trainees, registered there or enrolled there), and dropped again
 * at the end.  As that role, for each search the Trainees page makes: the
 * server's time (EXPLAIN ANALYZE: planning + execution) for the count and
 * the first page, and the wall time through UpTraineeList until the first
 * row is loaded and until the whole order of matches is known.  Then the
 * Overview's counts.  Each figure is the median of RUNS runs on a warm
 * server. */

#define RUNS 5
#define LIST_RUNS 3

static PGconn *admin_conn;
static char *staff_login;

static void
drop_staff (void)
{
  g_autoptr(PGresult) result = NULL;
  g_autofree char *drop = NULL;
  char *quoted;

  if (admin_conn == NULL || staff_login == NULL)
    return;

  /* Its sessions are closed by now; the role belongs to the cluster. */
  result = PQexecParams (admin_conn, "DELETE FROM accounts WHERE login = $1", 1, NULL,
                         (const char * const[]) { staff_login }, NULL, NULL, 0);
  quoted = PQescapeIdentifier (admin_conn, staff_login, strlen (staff_login));
  drop = g_strconcat ("DROP ROLE IF EXISTS ", quoted, NULL);
  PQfreemem (quoted);
  g_clear_pointer (&result, PQclear);
  result = PQexec (admin_conn, drop);
  g_clear_pointer (&staff_login, g_free);
}

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-staff-search: %s: %s\n", what, error != NULL ? error->message : "failed");
  drop_staff ();
  exit (EXIT_FAILURE);
}

/* The server's time for @sql; -1 when it ran out of time. */
static double
server_ms (PGconn              *conn,
           const char          *sql,
           const char * const  *params)
{
  g_autoptr(GError) error = NULL;
  double ms = up_bench_server_ms (conn, sql, params, &error);

  if (ms < 0 && g_error_matches (error, UP_ERROR, UP_ERROR_CANCELLED))
    return -1;
  if (ms < 0)
    die ("explain", error);
  return ms;
}

/* Median server and wall time of @sql over RUNS runs, after one to warm;
 * FALSE when it ran out of time. */
static gboolean
time_statement (PGconn              *conn,
                const char          *sql,
                const char * const  *params,
                double              *server,
                double              *wall)
{
  double servers[RUNS], walls[RUNS];

  *server = *wall = -1;
  if (server_ms (conn, sql, params) < 0)
    return FALSE;
  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PGresult) result = NULL;
      double start = up_bench_now_ms ();

      result = up_pg_exec (conn, sql, up_bench_n_params (params), params, &error);
      if (result == NULL)
        die ("statement", error);
      walls[i] = up_bench_now_ms () - start;
      servers[i] = server_ms (conn, sql, params);
    }

  *server = up_bench_median (servers, RUNS);
  *wall = up_bench_median (walls, RUNS);
  return TRUE;
}

static void
print_plan (PGconn              *conn,
            const char          *label,
            const char          *sql,
            const char * const  *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autofree char *explain = NULL;

  if (g_getenv ("UPSKILL_BENCH_PLANS") == NULL)
    return;

  explain = g_strconcat ("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ", sql, NULL);
  result = up_pg_exec (conn, explain, up_bench_n_params (params), params, &error);
  if (result == NULL)
    die ("explain", error);
  g_print ("  plan of %s:\n", label);
  for (int i = 0; i < PQntuples (result); i++)
    g_print ("    %s\n", PQgetvalue (result, i, 0));
}

static char *
query_text (PGconn     *conn,
            const char *sql,
            const char *param)
{
  g_autoptr(GError) error = NULL;
  char *text = up_bench_query_text (conn, sql, param, &error);

  if (text == NULL)
    die (sql, error);
  return text;
}

/* FALSE when the list failed (a statement that ran out of time). */
static gboolean
iterate_until_idle (UpTraineeList *list)
{
  return up_bench_wait_until_idle (list) == NULL;
}

static void
bench_search (PGconn        *staff,
              UpTraineeList *list,
              const char    *label,
              const char    *search)
{
  g_auto(GStrv) params = NULL;
  g_autofree char *count_sql = NULL;
  g_autofree char *page_sql = NULL;
  g_autoptr(GError) error = NULL;
  const char *filter;
  double count_server, count_wall, page_server, page_wall;
  double firsts[LIST_RUNS], alls[LIST_RUNS];
  gboolean counted, paged;

  /* As the list does it: the employers matching a word are looked up
   * first, as the staff member. */
  if (!up_trainee_list_prepare_filter (staff, search, &filter, &params, &error))
    die ("filter", error);
  count_sql = g_strdup_printf ("SELECT count(*) FROM trainees AS t WHERE %s", filter);
  page_sql = up_trainee_list_first_page_sql (filter, up_trainee_list_order_sql (UP_TRAINEE_SORT_NAME, FALSE));

  counted = time_statement (staff, count_sql, (const char * const *) params, &count_server, &count_wall);
  paged = time_statement (staff, page_sql, (const char * const *) params, &page_server, &page_wall);
  if (!counted || !paged)
    {
      g_print ("search %-16s server: count %s, first page %s\n", label,
               count_server < 0 ? "timed out" : "done", page_server < 0 ? "timed out" : "done");
      return;
    }

  for (guint i = 0; i < LIST_RUNS; i++)
    {
      double start;

      up_trainee_list_set_search (list, "\x01");  /* matches no one */
      iterate_until_idle (list);

      start = up_bench_now_ms ();
      up_trainee_list_set_search (list, search);
      firsts[i] = up_bench_wait_for_item (list, 0, start);
      if (!iterate_until_idle (list))
        firsts[i] = alls[i] = -1;
      else
        alls[i] = up_bench_now_ms () - start;
    }

  g_print ("search %-16s %7u matches  server: count %7.1f ms, first page %7.1f ms"
           " (wall %6.1f, %6.1f);  list: first row %7.1f ms, all ids %7.1f ms%s\n",
           label, g_list_model_get_n_items (G_LIST_MODEL (list)), count_server, page_server,
           count_wall, page_wall, up_bench_median (firsts, LIST_RUNS),
           up_bench_median (alls, LIST_RUNS),
           up_trainee_list_get_count_is_estimate (list) ? " (estimate)" : "");
  print_plan (staff, "the count", count_sql, (const char * const *) params);
  print_plan (staff, "the first page", page_sql, (const char * const *) params);
}

static void
bench_overview (PGconn     *conn,
                const char *label)
{
  g_autoptr(UpOverviewCounts) counts = NULL;
  double walls[RUNS];

  for (guint i = 0; i <= RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      double start = up_bench_now_ms ();

      g_clear_pointer (&counts, up_overview_counts_free);
      counts = up_overview_counts_query (conn, 0, &error);
      if (counts == NULL && g_error_matches (error, UP_ERROR, UP_ERROR_CANCELLED))
        {
          g_print ("overview as %-8s timed out\n", label);
          return;
        }
      if (counts == NULL)
        die ("overview", error);
      /* The first run warms. */
      if (i > 0)
        walls[i - 1] = up_bench_now_ms () - start;
    }

  g_print ("overview as %-8s %7" G_GINT64_FORMAT " trainees, %7" G_GINT64_FORMAT " enrollments, %6"
           G_GINT64_FORMAT " certifications: %7.1f ms\n",
           label, counts->trainees, counts->enrollments, counts->certifications, up_bench_median (walls, RUNS));
}

static PGconn *
connect_or_die (const char *conninfo)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = up_pg_connect (conninfo, &error);

  if (conn == NULL)
    die ("connect", error);
  return conn;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) staff = NULL;
  g_autoptr(UpDatabase) db = NULL;
  g_autoptr(UpTraineeList) list = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *staff_conninfo = NULL;
  g_autofree char *academy = NULL;
  g_autofree char *academies = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *employer = NULL;
  g_autofree char *first_char = NULL;
  g_autofree char *last_char = NULL;
  g_autofree char *last_two = NULL;
  g_autofree char *phone_prefix = NULL;
  g_autofree char *employer_word = NULL;
  g_autofree char *visible = NULL;
  const char *start_word;
  guint n_trainees = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000000;
  double start;

  setlocale (LC_ALL, "C.UTF-8");

  conninfo = up_bench_dup_conninfo ();
  admin_conn = connect_or_die (conninfo);
  if (!up_migrations_apply (admin_conn, NULL, &error))
    die ("migrate", error);
  if (!up_bench_fill_demo (admin_conn, n_trainees, &error))
    die ("demo", error);

  /* As autovacuum would, in time: statistics and the visibility map that
   * index-only scans rely on. */
  start = up_bench_now_ms ();
  if (!up_pg_command (admin_conn, "VACUUM ANALYZE trainees", 0, NULL, &error)
      || !up_pg_command (admin_conn, "VACUUM ANALYZE enrollments", 0, NULL, &error))
    die ("vacuum", error);
  g_print ("vacuum analyze trainees, enrollments: %.1f s\n", (up_bench_now_ms () - start) / 1000);

  /* The academy whose staff see the most trainees, unless one is named. */
  if (argc > 2)
    academy = g_strdup (argv[2]);
  else
    academy = query_text (admin_conn,
                          "SELECT academy_id FROM (SELECT academy_id, trainee_id FROM enrollments"
                          "                        UNION SELECT academy_id, id FROM trainees) AS v"
                          " GROUP BY academy_id ORDER BY count(*) DESC, academy_id LIMIT 1", NULL);
  academies = g_strdup_printf ("{%s}", academy);

  staff_login = g_strdup_printf ("bench_staff_%d", (int) getpid ());
  {
    const char *params[] = { staff_login, academies };

    if (!up_pg_command (admin_conn, "SELECT up_create_account ($1, 'Bench Staff', 'staff', NULL, $2::bigint[])",
                        G_N_ELEMENTS (params), params, &error))
      die ("account", error);
  }
  staff_conninfo = g_strdup_printf ("%s user=%s options='-c statement_timeout=%d'", conninfo, staff_login,
                                    g_getenv ("UPSKILL_BENCH_TIMEOUT") != NULL
                                      ? atoi (g_getenv ("UPSKILL_BENCH_TIMEOUT")) * 1000 : 20000);
  staff = connect_or_die (staff_conninfo);

  /* How many trainees the staff member sees, and words to search for from
   * a trainee registered at the academy (none of it is printed). */
  visible = query_text (admin_conn, "SELECT count(*) FROM trainees AS t WHERE t.academy_id = $1::bigint"
                                    " OR EXISTS (SELECT FROM enrollments AS e"
                                    "             WHERE e.trainee_id = t.id AND e.academy_id = $1::bigint)", academy);
  name = query_text (admin_conn, "SELECT name FROM trainees WHERE academy_id = $1 AND length (name) = 3"
                                 " ORDER BY id LIMIT 1 OFFSET 1234", academy);
  id_number = query_text (admin_conn, "SELECT id_number FROM trainees WHERE academy_id = $1"
                                      " ORDER BY id LIMIT 1 OFFSET 1234", academy);
  phone = query_text (admin_conn, "SELECT phone FROM trainees WHERE academy_id = $1 AND phone IS NOT NULL"
                                  " ORDER BY id LIMIT 1 OFFSET 1234", academy);
  employer = query_text (admin_conn, "SELECT employer FROM trainees WHERE academy_id = $1 AND employer IS NOT NULL"
                                     " ORDER BY id LIMIT 1 OFFSET 1234", academy);
  first_char = g_strndup (name, g_utf8_next_char (name) - name);
  last_two = g_strdup (g_utf8_next_char (name));
  last_char = g_strdup (g_utf8_next_char (last_two));
  phone_prefix = g_strndup (phone, 7);
  /* Two characters after the usual 重庆 of the employer's name. */
  start_word = g_utf8_offset_to_pointer (employer, MIN (2, g_utf8_strlen (employer, -1) - 2));
  employer_word = g_strndup (start_word, g_utf8_offset_to_pointer (start_word, 2) - start_word);

  g_print ("staff of academy %s: sees %s trainees\n", academy, visible);

  db = up_database_new (staff_conninfo);
  if (!up_database_connect_sync (db, NULL, &error))
    die ("connect", error);
  list = up_trainee_list_new (db);
  up_trainee_list_set_search (list, "\x01");
  iterate_until_idle (list);

  bench_search (staff, list, "surname (1)", first_char);
  bench_search (staff, list, "given char (1)", last_char);
  bench_search (staff, list, "rare char (1)", "鑫");
  bench_search (staff, list, "given name (2)", last_two);
  bench_search (staff, list, "full name (3)", name);
  bench_search (staff, list, "id-last-6", id_number + 12);
  bench_search (staff, list, "phone-prefix-7", phone_prefix);
  bench_search (staff, list, "employer-word", employer_word);
  bench_search (staff, list, "(empty)", "");

  bench_overview (staff, "staff");
  bench_overview (admin_conn, "superuser");

  g_clear_object (&list);
  up_database_close (db);
  g_clear_object (&db);
  g_clear_pointer (&staff, PQfinish);
  drop_staff ();
  g_clear_pointer (&admin_conn, PQfinish);
  if (g_getenv ("UPSKILL_BENCH_DATABASE") == NULL)
    up_test_pg_shutdown ();
  return EXIT_SUCCESS;
}
