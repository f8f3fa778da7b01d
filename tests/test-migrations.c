/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "up-error.h"
#include "up-migrations.h"
#include "up-pg.h"
#include "up-test-pg.h"

static const char *expected_tables[] = {
  "academies", "majors", "courses", "trainees", "enrollments", "certifications",
  "subsidy_policies", "subsidies", "payment_batches", "audit_log", "schema_version",
};

static void
test_applies_from_empty (void)
{
  g_autofree char *conninfo = up_test_pg_new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = up_pg_connect (conninfo, &error);
  int version = -1;
  int applied = -1;

  g_assert_no_error (error);

  up_migrations_get_current (conn, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 0);

  up_migrations_apply (conn, &applied, &error);
  g_assert_no_error (error);
  g_assert_cmpint (applied, ==, up_migrations_get_latest ());

  up_migrations_get_current (conn, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, up_migrations_get_latest ());

  for (guint i = 0; i < G_N_ELEMENTS (expected_tables); i++)
    {
      const char *params[] = { expected_tables[i] };
      gint64 n = 0;

      up_pg_query_int64 (conn, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = $1",
                         1, params, &n, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, ==, 1);
    }

  /* The column names later code and reports rely on. */
  {
    gint64 n = 0;
    up_pg_query_int64 (conn, "SELECT count(*) FROM information_schema.columns "
                             "WHERE table_name = 'trainees' AND column_name = 'id_number'",
                       0, NULL, &n, &error);
    g_assert_no_error (error);
    g_assert_cmpint (n, ==, 1);
  }
}

static void
test_second_run_is_a_no_op (void)
{
  g_autofree char *conninfo = up_test_pg_new_migrated ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = up_pg_connect (conninfo, &error);
  gint64 rows = 0;
  int applied = -1;

  g_assert_no_error (error);

  up_migrations_apply (conn, &applied, &error);
  g_assert_no_error (error);
  g_assert_cmpint (applied, ==, 0);

  up_pg_query_int64 (conn, "SELECT count(*) FROM schema_version", 0, NULL, &rows, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rows, ==, up_migrations_get_latest ());
}

/* Several processes migrate one empty database at the same moment: each
 * migration is applied once, and nobody fails. */
static void
test_concurrent_processes (void)
{
  g_autofree char *conninfo = up_test_pg_new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  enum { N = 4 };
  pid_t children[N];
  gint64 rows = 0;

  /* Start the server before forking: the children only connect. */
  up_test_pg_get_server ();

  for (int i = 0; i < N; i++)
    {
      children[i] = fork ();
      g_assert_cmpint (children[i], >=, 0);
      if (children[i] == 0)
        {
          GError *child_error = NULL;
          PGconn *child = up_pg_connect (conninfo, &child_error);

          if (child == NULL || !up_migrations_apply (child, NULL, &child_error))
            _exit (1);
          PQfinish (child);
          _exit (0);
        }
    }

  for (int i = 0; i < N; i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (children[i], &status, 0), ==, children[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  conn = up_pg_connect (conninfo, &error);
  g_assert_no_error (error);
  up_pg_query_int64 (conn, "SELECT count(*) FROM schema_version", 0, NULL, &rows, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rows, ==, up_migrations_get_latest ());
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *conninfo = up_test_pg_new_migrated ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = up_pg_connect (conninfo, &error);
  g_autofree char *future = g_strdup_printf ("%d", up_migrations_get_latest () + 1);
  const char *params[] = { future };
  gint64 trainees = -1;

  g_assert_no_error (error);
  up_pg_command (conn, "INSERT INTO schema_version (version, name, program_version) "
                       "VALUES ($1, 'from-the-future.sql', '99')", 1, params, &error);
  g_assert_no_error (error);

  g_assert_false (up_migrations_apply (conn, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, future));
  g_clear_error (&error);

  /* Nothing was touched. */
  up_pg_query_int64 (conn, "SELECT count(*) FROM trainees", 0, NULL, &trainees, &error);
  g_assert_no_error (error);
  g_assert_cmpint (trainees, ==, 0);
}

static void
test_failed_migration_leaves_nothing (void)
{
  g_autofree char *conninfo = up_test_pg_new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = up_pg_connect (conninfo, &error);
  gint64 n = -1;

  g_assert_no_error (error);

  /* A table in the way makes migration 1 fail half-way through. */
  up_pg_command (conn, "CREATE TABLE trainees (x int)", 0, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (up_migrations_apply (conn, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_FAILED);
  g_clear_error (&error);

  up_pg_query_int64 (conn, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                           "AND tablename IN ('academies', 'schema_version')", 0, NULL, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migrations/applies-from-empty", test_applies_from_empty);
  g_test_add_func ("/migrations/second-run-is-a-no-op", test_second_run_is_a_no_op);
  g_test_add_func ("/migrations/concurrent-processes-apply-once", test_concurrent_processes);
  g_test_add_func ("/migrations/newer-schema-is-refused", test_newer_schema_refused);
  g_test_add_func ("/migrations/failed-migration-leaves-nothing", test_failed_migration_leaves_nothing);

  return g_test_run ();
}
