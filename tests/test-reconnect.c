/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A dropped connection (its backend ended, the server restarted): the
 * database says so, reconnects by itself with its session set up again,
 * and a change tried meanwhile is clearly not done — never half, never
 * twice. */
#include "config.h"

#include <glib.h>

#include "up-database.h"
#include "up-overview.h"
#include "up-pg.h"
#include "up-test-pg.h"

typedef struct
{
  char                   *conninfo;
  PGconn                 *conn;        /* superuser, for the checks */
  UpDatabase             *db;
  UpTestConnectionCounts  counts;      /* of db's signals */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_database ();
  f->conn = up_test_pg_connect (f->conninfo);
  g_assert_true (up_pg_command (f->conn, "CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL)",
                                0, NULL, &error));
  g_assert_no_error (error);

  f->db = up_test_pg_open_database (f->conninfo, &f->counts);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  up_test_pg_close_database (g_steal_pointer (&f->db));
  g_clear_pointer (&f->conn, PQfinish);
  g_free (f->conninfo);
}

static gboolean
add_note (Fixture     *f,
          const char  *text,
          GError     **error)
{
  const char *params[] = { text };
  g_autoptr(PGresult) result = up_database_query_sync (f->db, "INSERT INTO notes (text) VALUES ($1)", 1, params,
                                                       NULL, error);

  return result != NULL;
}

static gint64
notes (Fixture    *f,
       const char *text)
{
  /* A connection of its own: the fixture's may have been cut too. */
  g_autoptr(PGconn) conn = up_test_pg_connect (f->conninfo);

  return up_test_pg_query_int (conn, "SELECT count (*) FROM notes WHERE text = $1", text);
}

static void
check_session (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = up_database_query_sync (f->db, "SELECT current_setting ('upskill.person', true), "
                                                              "current_setting ('application_name')",
                                                       0, NULL, NULL, &error);

  g_assert_no_error (error);
  /* Set up as the first time: the audit log still names the person. */
  g_assert_false (PQgetisnull (result, 0, 0));
  g_assert_cmpstr (PQgetvalue (result, 0, 0), !=, "");
  g_assert_cmpstr (PQgetvalue (result, 0, 1), ==, "upskill");
}

/* After the drop: the session is set up again, a change goes through, and
 * of the notes "before", "during" and "after" only the one tried while the
 * connection was down is missing. */
static void
assert_mended (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  check_session (f);
  g_assert_true (add_note (f, "after", &error));
  g_assert_no_error (error);

  g_assert_cmpint (notes (f, "before"), ==, 1);
  g_assert_cmpint (notes (f, "during"), ==, 0);
  g_assert_cmpint (notes (f, "after"), ==, 1);
}

static void
test_ended_backend_reconnects (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (add_note (f, "before", &error));
  g_assert_no_error (error);

  up_test_pg_end_session (f->db, f->conn, NULL);

  /* The change tried on the dead connection fails, and says why. */
  g_assert_false (add_note (f, "during", &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CONNECTION);
  g_clear_error (&error);

  up_test_pg_wait_for_count (&f->counts.n_lost, 1);
  up_test_pg_wait_for_count (&f->counts.n_reconnected, 1);
  g_assert_cmpuint (f->counts.n_lost, ==, 1);
  g_assert_true (up_database_is_connected (f->db));

  assert_mended (f);
}

static void
overview_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  UpOverviewCounts **counts = user_data;
  g_autoptr(GError) error = NULL;

  *counts = up_overview_load_finish (UP_DATABASE (object), result, &error);
  g_assert_no_error (error);
}

/* What only reads runs again once the connection mends: the Overview
 * comes, the person never sees the dropped connection. */
static void
test_reading_needs_nobody (void)
{
  g_autofree char *conninfo = up_test_pg_new_migrated ();
  g_autoptr(PGconn) conn = up_test_pg_connect (conninfo);
  g_autoptr(UpDatabase) db = up_test_pg_open_database (conninfo, NULL);
  g_autoptr(UpOverviewCounts) counts = NULL;

  up_test_pg_end_session (db, conn, NULL);
  up_overview_load_async (db, 2026, NULL, overview_loaded_cb, &counts);
  up_test_wait_for_pointer_full (&counts, 30, "the answer to up_overview_load_async()");
  g_assert_true (up_database_is_connected (db));

  up_database_close (db);
  up_test_drain_main_context ();
}

static void
test_server_restart_reconnects (Fixture       *f,
                                gconstpointer  data)
{
  UpEmbeddedServer *server = up_test_pg_get_server ();
  g_autoptr(GError) error = NULL;

  g_assert_true (add_note (f, "before", &error));
  g_assert_no_error (error);
  g_clear_pointer (&f->conn, PQfinish);

  g_assert_true (up_embedded_server_stop (server, &error));
  g_assert_no_error (error);

  /* While the server is away: clearly not done. */
  g_assert_false (add_note (f, "during", &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CONNECTION);
  g_clear_error (&error);
  up_test_pg_wait_for_count (&f->counts.n_lost, 1);
  g_assert_cmpuint (f->counts.n_reconnected, ==, 0);

  /* Retrying in the background, with nothing asked of it. */
  g_usleep (G_USEC_PER_SEC);
  g_assert_true (up_embedded_server_start (server, NULL, &error));
  g_assert_no_error (error);
  up_test_pg_wait_for_count (&f->counts.n_reconnected, 1);
  g_assert_cmpuint (f->counts.n_lost, ==, 1);

  assert_mended (f);
}

static void
test_never_connected_says_nothing (void)
{
  g_autoptr(GError) error = NULL;
  UpDatabase *db = up_database_new ("host=/nonexistent-upskill port=5999 dbname=x connect_timeout=2");
  UpTestConnectionCounts counts = { 0 };
  const guint n_lost = 0;

  up_test_pg_count_signals (db, &counts);
  g_assert_false (up_database_connect_sync (db, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CONNECTION);
  up_test_drain_main_context ();
  g_assert_cmpuint (counts.n_lost, ==, n_lost);

  up_database_close (db);
  g_assert_finalize_object (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reconnect/never-connected-says-nothing", test_never_connected_says_nothing);
  g_test_add_func ("/reconnect/reading-needs-nobody", test_reading_needs_nobody);
  g_test_add ("/reconnect/ended-backend-reconnects", Fixture, NULL,
              fixture_setup, test_ended_backend_reconnects, fixture_teardown);
  g_test_add ("/reconnect/server-restart-reconnects", Fixture, NULL,
              fixture_setup, test_server_restart_reconnects, fixture_teardown);

  return g_test_run ();
}
