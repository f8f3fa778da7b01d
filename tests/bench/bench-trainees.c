/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-trainees"

#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "up-bench.h"
#include "up-database.h"
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

/* The server's time for @sql, or the end of the run. */
static double
server_ms (PGconn              *conn,
           const char          *sql,
           const char * const  *params)
{
  g_autoptr(GError) error = NULL;
  double ms = up_bench_server_ms (conn, sql, params, &error);

  if (ms < 0)
    die ("explain", error);
  return ms;
}

static char *
query_text (PGconn     *conn,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  char *text = up_bench_query_text (conn, sql, NULL, &error);

  if (text == NULL)
    die (sql, error);
  return text;
}

static void
iterate_until_idle (UpTraineeList *list)
{
  const GError *error = up_bench_wait_until_idle (list);

  if (error != NULL)
    die ("list", (GError *) error);
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

  start = up_bench_now_ms ();
  up_trainee_list_set_search (list, search);
  first_ms = up_bench_wait_for_item (list, 0, start);
  iterate_until_idle (list);
  all_ms = up_bench_now_ms () - start;

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

  conninfo = up_bench_dup_conninfo ();
  conn = up_pg_connect (conninfo, &error);
  if (conn == NULL || !up_migrations_apply (conn, NULL, &error))
    die ("connect", error);
  if (!up_bench_fill_demo (conn, n_trainees, &error))
    die ("demo", error);

  /* As autovacuum would, in time: statistics and the visibility map that
   * index-only scans rely on. */
  start = up_bench_now_ms ();
  if (!up_pg_command (conn, "VACUUM ANALYZE trainees", 0, NULL, &error))
    die ("vacuum", error);
  g_print ("vacuum analyze trainees: %.1f s\n", (up_bench_now_ms () - start) / 1000);

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

      start = up_bench_now_ms ();
      ms = up_bench_wait_for_item (list, deep, start);
      g_print ("page at row %u: %.1f ms\n", deep, ms);
      start = up_bench_now_ms ();
      ms = up_bench_wait_for_item (list, n / 2, start);
      g_print ("page at row %u: %.1f ms\n", n / 2, ms);
    }

  g_print ("memory before the walk: VmRSS %ld kB\n", status_kb ("VmRSS:"));
  start = up_bench_now_ms ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpTrainee) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      /* As a view would: the rows it shows get loaded before it moves on. */
      while (!up_trainee_get_loaded (item) && up_trainee_list_get_loading (list))
        g_main_context_iteration (NULL, TRUE);
    }
  iterate_until_idle (list);
  g_print ("walked %u rows in %.1f s\n", n, (up_bench_now_ms () - start) / 1000);
  g_print ("memory after walking every row: VmRSS %ld kB, VmHWM (peak) %ld kB\n",
           status_kb ("VmRSS:"), status_kb ("VmHWM:"));

  g_clear_object (&list);
  up_database_close (db);
  g_clear_pointer (&conn, PQfinish);
  if (g_getenv ("UPSKILL_BENCH_DATABASE") == NULL)
    up_test_pg_shutdown ();
  return EXIT_SUCCESS;
}
