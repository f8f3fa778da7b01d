/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-trainees"

#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "up-database.h"
#include "up-demo.h"
#include "up-migrations.h"
#include "up-pg.h"
#include "up-test-pg.h"
#include "up-trainee-list-private.h"
#include "up-trainee-list.h"

/* Searching and scrolling the trainees of a region:
 *
 *   bench-trainees [N]          N trainees of demo data (default 1000000)
 *   UPSKILL_BENCH_DATABASE=conninfo bench-trainees [N]
 *                               a database of one's own, migrated and
 *                               filled on the first run, reused after
 *
 * For each search: the server's time for the count and the first page
 * (EXPLAIN ANALYZE), and the wall time through UpTraineeList until the first
 * row is loaded and until the whole order of matches is known.  Then a page
 * deep in the list, and the memory after walking every row. */

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-trainees: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* "Planning Time" + "Execution Time" of an EXPLAIN (ANALYZE, FORMAT JSON). */
static double
server_ms (PGconn              *conn,
           const char          *sql,
           const char * const  *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autofree char *explain = g_strconcat ("EXPLAIN (ANALYZE, FORMAT JSON) ", sql, NULL);
  const char *json, *p;
  double total = 0;

  result = up_pg_exec (conn, explain, params != NULL ? g_strv_length ((GStrv) params) : 0, params, &error);
  if (result == NULL)
    die ("explain", error);

  json = PQgetvalue (result, 0, 0);
  if ((p = strstr (json, "\"Planning Time\": ")) != NULL)
    total += g_ascii_strtod (p + strlen ("\"Planning Time\": "), NULL);
  if ((p = strstr (json, "\"Execution Time\": ")) != NULL)
    total += g_ascii_strtod (p + strlen ("\"Execution Time\": "), NULL);

  return total;
}

static char *
query_text (PGconn     *conn,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = up_pg_exec (conn, sql, 0, NULL, &error);

  if (result == NULL || PQntuples (result) < 1)
    die (sql, error);
  return g_strdup (PQgetvalue (result, 0, 0));
}

static void
iterate_until_idle (UpTraineeList *list)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (up_trainee_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  if (up_trainee_list_get_error (list) != NULL)
    die ("list", (GError *) up_trainee_list_get_error (list));
}

/* Wall time until item @position is loaded, and the first item on screen. */
static double
wait_for_item (UpTraineeList *list,
               guint          position,
               double         start)
{
  g_autoptr(UpTrainee) item = NULL;

  while (g_list_model_get_n_items (G_LIST_MODEL (list)) <= position)
    {
      if (!up_trainee_list_get_loading (list))
        return -1;
      g_main_context_iteration (NULL, TRUE);
    }

  item = g_list_model_get_item (G_LIST_MODEL (list), position);
  while (!up_trainee_get_loaded (item))
    g_main_context_iteration (NULL, TRUE);

  return now_ms () - start;
}

static void
bench_search (PGconn        *conn,
              UpTraineeList *list,
              const char    *label,
              const char    *search)
{
  g_auto(GStrv) params = NULL;
  g_autofree char *count_sql = NULL;
  g_autofree char *page_sql = NULL;
  const char *filter;
  double count_ms, page_ms, start, first_ms, all_ms;

  if (!up_trainee_list_prepare_filter (conn, search, &filter, &params, NULL))
    die ("filter", NULL);
  count_sql = g_strdup_printf ("SELECT count(*) FROM trainees AS t WHERE %s", filter);
  /* The statement the list itself runs for its first page. */
  page_sql = up_trainee_list_first_page_sql (filter, up_trainee_list_order_sql (UP_TRAINEE_SORT_NAME, FALSE));

  /* Warm: the figures are for a server that has the table in memory. */
  server_ms (conn, count_sql, (const char * const *) params);
  count_ms = server_ms (conn, count_sql, (const char * const *) params);
  page_ms = server_ms (conn, page_sql, (const char * const *) params);

  up_trainee_list_set_search (list, "\x01");  /* matches no one */
  iterate_until_idle (list);

  start = now_ms ();
  up_trainee_list_set_search (list, search);
  first_ms = wait_for_item (list, 0, start);
  iterate_until_idle (list);
  all_ms = now_ms () - start;

  g_print ("search %-14s %9u matches  server: count %7.1f ms, first page %7.1f ms;"
           "  list: first row %7.1f ms, all ids %7.1f ms%s\n",
           label, g_list_model_get_n_items (G_LIST_MODEL (list)), count_ms, page_ms, first_ms, all_ms,
           up_trainee_list_get_count_is_estimate (list) ? " (estimate)" : "");
}

static long
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (p = strstr (status, field)) == NULL)
    return -1;

  return strtol (p + strlen (field), NULL, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(UpDatabase) db = NULL;
  g_autoptr(UpTraineeList) list = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *employer = NULL;
  g_autofree char *last6 = NULL;
  g_autofree char *phone_prefix = NULL;
  g_autofree char *employer_word = NULL;
  const char *start_word;
  guint n_trainees = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000000;
  double start, ms;
  guint n;

  setlocale (LC_ALL, "C.UTF-8");

  if (g_getenv ("UPSKILL_BENCH_DATABASE") != NULL)
    conninfo = g_strdup (g_getenv ("UPSKILL_BENCH_DATABASE"));
  else
    conninfo = up_test_pg_new_migrated ();

  conn = up_pg_connect (conninfo, &error);
  if (conn == NULL || !up_migrations_apply (conn, NULL, &error))
    die ("connect", error);

  {
    gboolean empty = FALSE;

    if (!up_demo_is_empty (conn, &empty, &error))
      die ("demo", error);
    if (empty)
      {
        UpDemoOptions options;

        up_demo_options_init (&options);
        options.n_trainees = n_trainees;
        g_print ("generating demo data for %u trainees\n", n_trainees);
        start = now_ms ();
        if (!up_demo_generate (conn, &options, NULL, &error))
          die ("demo", error);
        g_print ("generated in %.1f s\n", (now_ms () - start) / 1000);
      }
  }

  /* As autovacuum would, in time: statistics and the visibility map that
   * index-only scans rely on. */
  start = now_ms ();
  if (!up_pg_command (conn, "VACUUM ANALYZE trainees", 0, NULL, &error))
    die ("vacuum", error);
  g_print ("vacuum analyze trainees: %.1f s\n", (now_ms () - start) / 1000);

  id_number = query_text (conn, "SELECT id_number FROM trainees ORDER BY id LIMIT 1 OFFSET 4321");
  last6 = g_strdup (id_number + 12);
  phone = query_text (conn, "SELECT phone FROM trainees WHERE phone IS NOT NULL ORDER BY id LIMIT 1 OFFSET 4321");
  phone_prefix = g_strndup (phone, 7);
  employer = query_text (conn, "SELECT employer FROM trainees WHERE employer IS NOT NULL"
                               " ORDER BY id LIMIT 1 OFFSET 4321");
  /* Two characters after the usual 重庆 of the employer's name. */
  start_word = g_utf8_offset_to_pointer (employer, MIN (2, g_utf8_strlen (employer, -1) - 2));
  employer_word = g_strndup (start_word, g_utf8_offset_to_pointer (start_word, 2) - start_word);

  db = up_database_new (conninfo);
  if (!up_database_connect_sync (db, NULL, &error))
    die ("connect", error);
  list = up_trainee_list_new (db);
  iterate_until_idle (list);

  /* What the gram index saves: the same two-character search without it. */
  {
    g_auto(GStrv) params = NULL;
    g_autofree char *sql = NULL;
    const char *filter;
    const char *like_params[] = { "%晓明%" };

    if (!up_trainee_list_prepare_filter (conn, "晓明", &filter, &params, NULL))
      die ("filter", NULL);
    sql = g_strdup_printf ("SELECT count(*) FROM trainees AS t WHERE %s", filter);
    server_ms (conn, sql, (const char * const *) params);
    g_print ("name 晓明 count: with the gram index %.1f ms; as a plain LIKE scan %.1f ms\n",
             server_ms (conn, sql, (const char * const *) params),
             server_ms (conn, "SELECT count(*) FROM trainees WHERE name LIKE $1", like_params));
  }

  bench_search (conn, list, "张", "张");
  /* One character of given names: common (明), and rarer ones. */
  bench_search (conn, list, "明", "明");
  bench_search (conn, list, "娟", "娟");
  bench_search (conn, list, "鑫", "鑫");
  bench_search (conn, list, "晓明", "晓明");
  bench_search (conn, list, "张晓明", "张晓明");
  bench_search (conn, list, "id-last-6", last6);
  bench_search (conn, list, "phone-prefix-7", phone_prefix);
  bench_search (conn, list, "employer-word", employer_word);
  bench_search (conn, list, "(empty)", "");

  /* The list now shows everyone, by name, with the order known. */
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (n > 100)
    {
      guint deep = n > 999900 ? 999900 : n - 100;

      start = now_ms ();
      ms = wait_for_item (list, deep, start);
      g_print ("page at row %u: %.1f ms\n", deep, ms);
      start = now_ms ();
      ms = wait_for_item (list, n / 2, start);
      g_print ("page at row %u: %.1f ms\n", n / 2, ms);
    }

  g_print ("memory before the walk: VmRSS %ld kB\n", status_kb ("VmRSS:"));
  start = now_ms ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpTrainee) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      /* As a view would: the rows it shows get loaded before it moves on. */
      while (!up_trainee_get_loaded (item) && up_trainee_list_get_loading (list))
        g_main_context_iteration (NULL, TRUE);
    }
  iterate_until_idle (list);
  g_print ("walked %u rows in %.1f s\n", n, (now_ms () - start) / 1000);
  g_print ("memory after walking every row: VmRSS %ld kB, VmHWM (peak) %ld kB\n",
           status_kb ("VmRSS:"), status_kb ("VmHWM:"));

  g_clear_object (&list);
  up_database_close (db);
  g_clear_pointer (&conn, PQfinish);
  if (g_getenv ("UPSKILL_BENCH_DATABASE") == NULL)
    up_test_pg_shutdown ();
  return EXIT_SUCCESS;
}
