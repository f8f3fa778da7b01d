/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>

#include "up-demo.h"
#include "up-error.h"
#include "up-overview.h"
#include "up-pg.h"
#include "up-test-pg.h"

#define N_TRAINEES 2000

/* Filling a database takes a while: the tests that only read share one. */
static char *demo_conninfo;

typedef struct
{
  char    *conninfo;
  PGconn  *conn;
} Fixture;

static const char *
get_demo_conninfo (void)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;

  if (demo_conninfo != NULL)
    return demo_conninfo;

  demo_conninfo = up_test_pg_new_migrated ();
  conn = up_pg_connect (demo_conninfo, &error);
  g_assert_no_error (error);

  up_demo_options_init (&options);
  options.n_trainees = N_TRAINEES;
  up_demo_generate (conn, &options, NULL, &error);
  g_assert_no_error (error);

  return demo_conninfo;
}

static void
fixture_setup_demo (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = g_strdup (get_demo_conninfo ());
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
}

static void
fixture_setup_empty (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

/* The year with the most courses, so "courses this year" is not trivially 0. */
static int
busiest_year (PGconn *conn)
{
  return (int) up_test_pg_query_int (conn,
                          "SELECT extract (year FROM start_date)::int FROM courses "
                          "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", NULL);
}

static void
assert_counts_match_sql (PGconn                 *conn,
                         const UpOverviewCounts *counts)
{
  g_autofree char *year = g_strdup_printf ("%d", counts->year);

  g_assert_cmpint (counts->trainees, ==, up_test_pg_query_int (conn, "SELECT count(*) FROM trainees", NULL));
  g_assert_cmpint (counts->academies, ==, up_test_pg_query_int (conn, "SELECT count(*) FROM academies", NULL));
  g_assert_cmpint (counts->courses_this_year, ==,
                   up_test_pg_query_int (conn, "SELECT count(*) FROM courses "
                                    "WHERE extract (year FROM start_date) = $1::int", year));
  g_assert_cmpint (counts->enrollments, ==, up_test_pg_query_int (conn, "SELECT count(*) FROM enrollments", NULL));
  g_assert_cmpint (counts->certifications, ==, up_test_pg_query_int (conn, "SELECT count(*) FROM certifications", NULL));

  for (guint i = 0; i < UP_N_SUBSIDY_STATES; i++)
    {
      const char *state = up_subsidy_state_to_sql (i);

      g_assert_cmpint (counts->subsidy_count[i], ==,
                       up_test_pg_query_int (conn, "SELECT count(*) FROM subsidies WHERE state = $1::subsidy_state", state));
      g_assert_cmpint (counts->subsidy_fen[i], ==,
                       up_test_pg_query_int (conn, "SELECT coalesce (sum (amount_fen), 0) FROM subsidies "
                                        "WHERE state = $1::subsidy_state", state));
    }
}

static void
test_counts_equal_sql (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(UpOverviewCounts) counts = NULL;
  g_autoptr(GError) error = NULL;
  int year = busiest_year (f->conn);

  counts = up_overview_counts_query (f->conn, year, &error);
  g_assert_no_error (error);
  g_assert_nonnull (counts);

  g_assert_cmpint (counts->year, ==, year);
  g_assert_cmpint (counts->trainees, ==, N_TRAINEES);
  g_assert_cmpint (counts->academies, >, 0);
  g_assert_cmpint (counts->courses_this_year, >, 0);
  g_assert_cmpint (counts->enrollments, >, counts->trainees);
  g_assert_cmpint (counts->certifications, >, 0);

  assert_counts_match_sql (f->conn, counts);
}

static void
test_counts_every_state_present (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(UpOverviewCounts) counts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;

  counts = up_overview_counts_query (f->conn, busiest_year (f->conn), &error);
  g_assert_no_error (error);

  /* The demo data has claims in every state; the figures add up. */
  for (guint i = 0; i < UP_N_SUBSIDY_STATES; i++)
    {
      g_assert_cmpint (counts->subsidy_count[i], >, 0);
      total += counts->subsidy_count[i];
    }
  g_assert_cmpint (total, ==, up_test_pg_query_int (f->conn, "SELECT count(*) FROM subsidies", NULL));
}

static void
test_counts_year_without_courses (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(UpOverviewCounts) counts = NULL;
  g_autoptr(GError) error = NULL;

  counts = up_overview_counts_query (f->conn, 1990, &error);
  g_assert_no_error (error);
  g_assert_cmpint (counts->year, ==, 1990);
  g_assert_cmpint (counts->courses_this_year, ==, 0);
  g_assert_cmpint (counts->trainees, ==, N_TRAINEES);
}

static void
test_counts_empty_database (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(UpOverviewCounts) counts = NULL;
  g_autoptr(GError) error = NULL;

  counts = up_overview_counts_query (f->conn, 2025, &error);
  g_assert_no_error (error);
  g_assert_nonnull (counts);

  g_assert_cmpint (counts->trainees, ==, 0);
  g_assert_cmpint (counts->academies, ==, 0);
  g_assert_cmpint (counts->courses_this_year, ==, 0);
  g_assert_cmpint (counts->enrollments, ==, 0);
  g_assert_cmpint (counts->certifications, ==, 0);
  for (guint i = 0; i < UP_N_SUBSIDY_STATES; i++)
    {
      g_assert_cmpint (counts->subsidy_count[i], ==, 0);
      g_assert_cmpint (counts->subsidy_fen[i], ==, 0);
    }
}

static void
test_states_match_schema (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;

  result = up_pg_exec (f->conn, "SELECT unnest (enum_range (NULL::subsidy_state))::text", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (result), ==, UP_N_SUBSIDY_STATES);

  for (int i = 0; i < UP_N_SUBSIDY_STATES; i++)
    {
      const char *label = up_subsidy_state_to_label (i);

      g_assert_cmpstr (up_subsidy_state_to_sql (i), ==, PQgetvalue (result, i, 0));
      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
    }
}

static void
test_counts_copy (void)
{
  g_autoptr(UpOverviewCounts) copy = NULL;
  UpOverviewCounts counts = { 0 };

  counts.year = 2024;
  counts.trainees = 1000000;
  counts.subsidy_fen[UP_SUBSIDY_STATE_PAID] = 123450;

  copy = g_boxed_copy (UP_TYPE_OVERVIEW_COUNTS, &counts);
  g_assert_true (copy != &counts);
  g_assert_cmpint (copy->year, ==, 2024);
  g_assert_cmpint (copy->trainees, ==, 1000000);
  g_assert_cmpint (copy->subsidy_fen[UP_SUBSIDY_STATE_PAID], ==, 123450);
}

/* Async through UpDatabase ------------------------------------------------- */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The answer of up_overview_load_async(): one round trip. */
static GAsyncResult *
wait_for_load (GAsyncResult **result)
{
  up_test_wait_for_pointer_full (result, 30, "the answer to up_overview_load_async()");
  return *result;
}

static UpDatabase *
connect_database (const char *conninfo)
{
  g_autoptr(UpDatabase) db = up_database_new (conninfo);
  g_autoptr(GError) error = NULL;

  up_database_connect_sync (db, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&db);
}

static void
test_load_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(UpDatabase) db = connect_database (f->conninfo);
  g_autoptr(UpOverviewCounts) counts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int year = busiest_year (f->conn);

  up_overview_load_async (db, year, NULL, store_result_cb, &result);
  counts = up_overview_load_finish (db, wait_for_load (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (counts);
  g_assert_cmpint (counts->year, ==, year);
  assert_counts_match_sql (f->conn, counts);

  up_database_close (db);
  g_clear_object (&result);
  up_test_finalize_soon (g_steal_pointer (&db), "the database to be finalized");
}

static void
test_load_async_cancelled (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(UpDatabase) db = connect_database (f->conninfo);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(UpOverviewCounts) counts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  up_overview_load_async (db, 2024, cancellable, store_result_cb, &result);
  counts = up_overview_load_finish (db, wait_for_load (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (counts);

  up_database_close (db);
}

static void
test_load_async_server_down (void)
{
  g_autoptr(UpDatabase) db = up_database_new ("host=/nonexistent dbname=x connect_timeout=2");
  g_autoptr(UpOverviewCounts) counts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  up_overview_load_async (db, 2024, NULL, store_result_cb, &result);
  counts = up_overview_load_finish (db, wait_for_load (&result), &error);
  g_assert_error (error, UP_ERROR, UP_ERROR_CONNECTION);
  g_assert_null (counts);

  up_database_close (db);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/overview/counts/copy-is-a-deep-copy", test_counts_copy);
  g_test_add ("/overview/states/match-the-schema-enum", Fixture, NULL,
              fixture_setup_empty, test_states_match_schema, fixture_teardown);
  g_test_add ("/overview/counts/are-zero-on-an-empty-database", Fixture, NULL,
              fixture_setup_empty, test_counts_empty_database, fixture_teardown);
  g_test_add ("/overview/counts/equal-independent-sql-counts", Fixture, NULL,
              fixture_setup_demo, test_counts_equal_sql, fixture_teardown);
  g_test_add ("/overview/counts/cover-every-subsidy-state", Fixture, NULL,
              fixture_setup_demo, test_counts_every_state_present, fixture_teardown);
  g_test_add ("/overview/counts/year-without-courses-counts-none", Fixture, NULL,
              fixture_setup_demo, test_counts_year_without_courses, fixture_teardown);
  g_test_add ("/overview/load/async-equals-sql-counts", Fixture, NULL,
              fixture_setup_demo, test_load_async, fixture_teardown);
  g_test_add ("/overview/load/cancelled-reports-cancelled", Fixture, NULL,
              fixture_setup_demo, test_load_async_cancelled, fixture_teardown);
  g_test_add_func ("/overview/load/server-down-reports-connection-error", test_load_async_server_down);

  ret = g_test_run ();

  g_clear_pointer (&demo_conninfo, g_free);
  return ret;
}
