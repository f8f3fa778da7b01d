/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-bench"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "up-bench.h"
#include "up-demo.h"
#include "up-pg.h"
#include "up-test-pg.h"

char *
up_bench_dup_conninfo (void)
{
  if (g_getenv ("UPSKILL_BENCH_DATABASE") != NULL)
    return g_strdup (g_getenv ("UPSKILL_BENCH_DATABASE"));
  return up_test_pg_new_migrated ();
}

gboolean
up_bench_fill_demo (PGconn   *conn,
                    guint     n_trainees,
                    GError  **error)
{
  UpDemoOptions options;
  gboolean empty = FALSE;
  double start;

  if (!up_demo_is_empty (conn, &empty, error))
    return FALSE;
  if (!empty)
    return TRUE;

  up_demo_options_init (&options);
  options.n_trainees = n_trainees;
  g_print ("generating demo data for %u trainees\n", n_trainees);
  start = up_bench_now_ms ();
  if (!up_demo_generate (conn, &options, NULL, error))
    return FALSE;
  g_print ("generated in %.1f s\n", (up_bench_now_ms () - start) / 1000);
  return TRUE;
}

double
up_bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
up_bench_median (double *values,
                 guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

guint
up_bench_n_params (const char * const *params)
{
  return params != NULL ? g_strv_length ((GStrv) params) : 0;
}

double
up_bench_server_ms (PGconn              *conn,
                    const char          *sql,
                    const char * const  *params,
                    GError             **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autofree char *explain = g_strconcat ("EXPLAIN (ANALYZE, FORMAT JSON) ", sql, NULL);
  const char *json, *p;
  double total = 0;

  result = up_pg_exec (conn, explain, up_bench_n_params (params), params, error);
  if (result == NULL)
    return -1;

  json = PQgetvalue (result, 0, 0);
  if ((p = strstr (json, "\"Planning Time\": ")) != NULL)
    total += g_ascii_strtod (p + strlen ("\"Planning Time\": "), NULL);
  if ((p = strstr (json, "\"Execution Time\": ")) != NULL)
    total += g_ascii_strtod (p + strlen ("\"Execution Time\": "), NULL);

  return total;
}

char *
up_bench_query_text (PGconn      *conn,
                     const char  *sql,
                     const char  *param,
                     GError     **error)
{
  g_autoptr(PGresult) result = up_pg_exec (conn, sql, param != NULL ? 1 : 0,
                                           (const char * const[]) { param }, error);

  if (result == NULL || PQntuples (result) < 1 || PQgetisnull (result, 0, 0))
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}

const GError *
up_bench_wait_until_idle (UpTraineeList *list)
{
  up_test_drain_main_context ();
  while (up_trainee_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  return up_trainee_list_get_error (list);
}

double
up_bench_wait_for_item (UpTraineeList *list,
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

  return up_bench_now_ms () - start;
}
