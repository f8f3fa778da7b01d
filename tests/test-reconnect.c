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
  char       *conninfo;
  PGconn     *conn;        /* superuser, for the checks */
  UpDatabase *db;
  guint       n_lost;
  guint       n_reconnected;
} Fixture;

static void
lost_cb (UpDatabase *db,
         Fixture    *f)
{
  f->n_lost++;
}

static void
reconnected_cb (UpDatabase *db,
                Fixture    *f)
{
  f->n_reconnected++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_database ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  g_assert_true (up_pg_command (f->conn, "CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL)",
                                0, NULL, &error));
  g_assert_no_error (error);

  f->db = up_database_new (f->conninfo);
  g_signal_connect (f->db, "connection-lost", G_CALLBACK (lost_cb), f);
  g_signal_connect (f->db, "reconnected", G_CALLBACK (reconnected_cb), f);
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  up_database_close (f->db);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&f->db));
  g_clear_pointer (&f->conn, PQfinish);
  g_free (f->conninfo);
}

static void
wait_for (guint *counter,
          guint  value)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*counter < value)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
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
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;

  /* A connection of its own: the fixture's may have been cut too. */
  conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
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

static void
test_ended_backend_reconnects (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) pid = NULL;
  const char *params[1];

  g_assert_true (add_note (f, "before", &error));
  g_assert_no_error (error);

  pid = up_database_query_sync (f->db, "SELECT pg_backend_pid ()::text", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  params[0] = PQgetvalue (pid, 0, 0);
  g_assert_true (up_pg_command (f->conn, "SELECT pg_terminate_backend ($1::int)", 1, params, &error));
  g_assert_no_error (error);

  /* The change tried on the dead connection fails, and says why. */
  g_assert_false (add_note (f, "during", &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CONNECTION);
  g_clear_error (&error);

  wait_for (&f->n_lost, 1);
  wait_for (&f->n_reconnected, 1);
  g_assert_cmpuint (f->n_lost, ==, 1);
  g_assert_true (up_database_is_connected (f->db));

  check_session (f);
  g_assert_true (add_note (f, "after", &error));
  g_assert_no_error (error);

  g_assert_cmpint (notes (f, "before"), ==, 1);
  g_assert_cmpint (notes (f, "during"), ==, 0);
  g_assert_cmpint (notes (f, "after"), ==, 1);
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
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = up_pg_connect (conninfo, &error);
  g_autoptr(UpDatabase) db = up_database_new (conninfo);
  g_autoptr(PGresult) pid = NULL;
  g_autoptr(UpOverviewCounts) counts = NULL;
  const char *params[1];
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  up_database_connect_sync (db, NULL, &error);
  g_assert_no_error (error);

  pid = up_database_query_sync (db, "SELECT pg_backend_pid ()::text", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  params[0] = PQgetvalue (pid, 0, 0);
  g_assert_true (up_pg_command (conn, "SELECT pg_terminate_backend ($1::int)", 1, params, &error));
  g_assert_no_error (error);

  up_overview_load_async (db, 2026, NULL, overview_loaded_cb, &counts);
  while (counts == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (up_database_is_connected (db));

  up_database_close (db);
  while (g_main_context_iteration (NULL, FALSE))
    ;
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
  wait_for (&f->n_lost, 1);
  g_assert_cmpuint (f->n_reconnected, ==, 0);

  /* Retrying in the background, with nothing asked of it. */
  g_usleep (G_USEC_PER_SEC);
  g_assert_true (up_embedded_server_start (server, NULL, &error));
  g_assert_no_error (error);
  wait_for (&f->n_reconnected, 1);
  g_assert_cmpuint (f->n_lost, ==, 1);

  check_session (f);
  g_assert_true (add_note (f, "after", &error));
  g_assert_no_error (error);
  g_assert_cmpint (notes (f, "before"), ==, 1);
  g_assert_cmpint (notes (f, "during"), ==, 0);
  g_assert_cmpint (notes (f, "after"), ==, 1);
}

static void
test_never_connected_says_nothing (void)
{
  g_autoptr(GError) error = NULL;
  UpDatabase *db = up_database_new ("host=/nonexistent-upskill port=5999 dbname=x connect_timeout=2");
  Fixture counts = { 0 };
  const guint n_lost = 0;

  g_signal_connect (db, "connection-lost", G_CALLBACK (lost_cb), &counts);
  g_assert_false (up_database_connect_sync (db, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CONNECTION);
  while (g_main_context_iteration (NULL, FALSE))
    ;
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
