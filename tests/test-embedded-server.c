/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "up-embedded-server.h"
#include "up-error.h"
#include "up-pg.h"

/* Each test owns a cluster of its own: these tests are about its life. */
typedef struct
{
  char             *base;
  UpEmbeddedServer *server;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->base = g_dir_make_tmp ("upskill-es-XXXXXX", &error);
  g_assert_no_error (error);
  f->server = up_embedded_server_new (f->base);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->base);

  up_embedded_server_stop (f->server, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (f->server);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL));
  g_free (f->base);
}

static char *
query_text (UpEmbeddedServer *server,
            const char       *sql)
{
  g_autofree char *conninfo = up_embedded_server_dup_conninfo (server, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = up_pg_connect (conninfo, &error);
  g_autoptr(PGresult) result = NULL;

  g_assert_no_error (error);
  result = up_pg_exec (conn, sql, 0, NULL, &error);
  g_assert_no_error (error);

  return g_strdup (PQgetvalue (result, 0, 0));
}

static void
test_start_creates_private_cluster (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *socket = NULL;
  GStatBuf st;

  g_assert_false (up_embedded_server_is_running (f->server));
  up_embedded_server_start (f->server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (up_embedded_server_is_running (f->server));

  /* 0700, and no TCP at all. */
  g_assert_cmpint (g_stat (f->base, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  listen = query_text (f->server, "SHOW listen_addresses");
  g_assert_cmpstr (listen, ==, "");
  encoding = query_text (f->server, "SELECT pg_encoding_to_char (encoding) FROM pg_database WHERE datname = current_database ()");
  g_assert_cmpstr (encoding, ==, "UTF8");
  dbname = query_text (f->server, "SELECT current_database ()");
  g_assert_cmpstr (dbname, ==, "upskill");

  socket = g_build_filename (up_embedded_server_get_socket_dir (f->server), ".s.PGSQL.5432", NULL);
  g_assert_true (g_file_test (socket, G_FILE_TEST_EXISTS));

  /* A second start of a running server is a no-op. */
  up_embedded_server_start (f->server, NULL, &error);
  g_assert_no_error (error);
}

static void
test_last_user_stops_it (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(UpEmbeddedServer) other = up_embedded_server_new (f->base);
  g_autoptr(GError) error = NULL;

  /* Two users (in real life two processes: the lock is per open file). */
  up_embedded_server_start (f->server, NULL, &error);
  g_assert_no_error (error);
  up_embedded_server_start (other, NULL, &error);
  g_assert_no_error (error);

  up_embedded_server_release (f->server, &error);
  g_assert_no_error (error);
  g_assert_true (up_embedded_server_is_running (other));

  up_embedded_server_release (other, &error);
  g_assert_no_error (error);
  g_assert_false (up_embedded_server_is_running (other));

  /* And it comes back on the next start, data intact. */
  up_embedded_server_start (f->server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (up_embedded_server_is_running (f->server));
}

/* A user that dies without leaving (the display went away and GDK called
 * _exit(), a crash): the reaper that the starter left behind stops the
 * server once nobody holds a share of clients.lock. */
static void
test_user_dying_without_leaving (Fixture       *f,
                                 gconstpointer  data)
{
  int status = 0;
  pid_t child;

  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      g_autoptr(UpEmbeddedServer) server = up_embedded_server_new (f->base);

      _exit (up_embedded_server_start (server, NULL, NULL) ? 0 : 1);
    }

  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  /* The reaper looks every two seconds. */
  for (guint i = 0; i < 300 && up_embedded_server_is_running (f->server); i++)
    g_usleep (100 * 1000);
  g_assert_false (up_embedded_server_is_running (f->server));
}

static void
test_stale_pid_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pid_file = NULL;
  g_autofree char *contents = NULL;

  up_embedded_server_start (f->server, NULL, &error);
  g_assert_no_error (error);
  up_embedded_server_stop (f->server, &error);
  g_assert_no_error (error);

  /* A leftover postmaster.pid naming a live process that is no server (this
   * test): PostgreSQL alone would refuse to start. */
  pid_file = g_build_filename (up_embedded_server_get_data_dir (f->server), "postmaster.pid", NULL);
  contents = g_strdup_printf ("%d\n%s\n", (int) getppid () > 1 ? (int) getppid () : (int) getpid (),
                              up_embedded_server_get_data_dir (f->server));
  g_assert_true (g_file_set_contents (pid_file, contents, -1, NULL));
  g_assert_cmpint (g_chmod (pid_file, 0644), ==, 0);

  up_embedded_server_start (f->server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (up_embedded_server_is_running (f->server));
}

static void
test_recovers_after_kill_9 (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pid_file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *answer = NULL;
  pid_t pid;

  up_embedded_server_start (f->server, NULL, &error);
  g_assert_no_error (error);

  pid_file = g_build_filename (up_embedded_server_get_data_dir (f->server), "postmaster.pid", NULL);
  g_assert_true (g_file_get_contents (pid_file, &contents, NULL, NULL));
  pid = (pid_t) g_ascii_strtoll (contents, NULL, 10);
  g_assert_cmpint (pid, >, 1);

  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  for (int i = 0; i < 100 && kill (pid, 0) == 0; i++)
    g_usleep (50 * 1000);
  g_assert_false (up_embedded_server_is_running (f->server));

  up_embedded_server_start (f->server, NULL, &error);
  g_assert_no_error (error);
  answer = query_text (f->server, "SELECT 'alive'");
  g_assert_cmpstr (answer, ==, "alive");
}

static void
test_missing_postgresql_says_what_to_install (void)
{
  g_autoptr(UpEmbeddedServer) server = up_embedded_server_new ("/tmp/upskill-never-made");
  g_autoptr(GError) error = NULL;

  g_setenv ("UPSKILL_PG_BINDIR", "/nonexistent/bin", TRUE);
  g_assert_false (up_embedded_server_start (server, NULL, &error));
  g_unsetenv ("UPSKILL_PG_BINDIR");

  g_assert_error (error, UP_ERROR, UP_ERROR_SERVER_MISSING);
  g_assert_nonnull (strstr (error->message, "apt install postgresql"));
  g_assert_false (g_file_test ("/tmp/upskill-never-made", G_FILE_TEST_EXISTS));
}

static void
test_finds_server_binaries (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bindir = up_embedded_server_find_bindir (&error);
  g_autofree char *initdb = NULL;

  g_assert_no_error (error);
  initdb = g_build_filename (bindir, "initdb", NULL);
  g_assert_true (g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/embedded-server/finds-server-binaries", test_finds_server_binaries);
  g_test_add_func ("/embedded-server/missing-postgresql-says-what-to-install",
                   test_missing_postgresql_says_what_to_install);
  g_test_add ("/embedded-server/start-creates-a-private-cluster", Fixture, NULL,
              fixture_setup, test_start_creates_private_cluster, fixture_teardown);
  g_test_add ("/embedded-server/last-user-stops-it", Fixture, NULL,
              fixture_setup, test_last_user_stops_it, fixture_teardown);
  g_test_add ("/embedded-server/a-user-dying-without-leaving-still-stops-it", Fixture, NULL,
              fixture_setup, test_user_dying_without_leaving, fixture_teardown);
  g_test_add ("/embedded-server/starts-over-a-stale-pid-file", Fixture, NULL,
              fixture_setup, test_stale_pid_file, fixture_teardown);
  g_test_add ("/embedded-server/recovers-after-kill-9", Fixture, NULL,
              fixture_setup, test_recovers_after_kill_9, fixture_teardown);

  return g_test_run ();
}
