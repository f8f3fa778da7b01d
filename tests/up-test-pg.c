/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-test-pg"

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "up-migrations.h"
#include "up-pg.h"
#include "up-test-pg.h"

/* The cluster is the embedded server itself, in a temp dir: the tests use
 * the code users run.  Each test takes a database of its own, so tests stay
 * independent without a new initdb each. */

static UpEmbeddedServer *server;
static guint database_counter;

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }

  g_rmdir (path);
}

void
up_test_pg_shutdown (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;

  if (server == NULL)
    return;

  base = g_strdup (up_embedded_server_get_base_dir (server));
  if (!up_embedded_server_stop (server, &error))
    g_printerr ("# could not stop the test server: %s\n", error->message);
  g_clear_object (&server);

  if (g_getenv ("UPSKILL_TEST_KEEP") == NULL)
    remove_tree (base);
}

/* A failed g_assert() aborts the test program, and a crash or a timeout kills
 * it: atexit() handlers do not run then.  A small watcher outlives us, and
 * when we are gone it stops the server at once (SIGQUIT to the postmaster,
 * which root may send to postgres) and removes the folder. */
static void
spawn_watcher (const char *base)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *data = g_build_filename (base, "data", NULL);
  const char *argv[] = {
    "/bin/sh", "-c",
    "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
    "if [ -f \"$2/postmaster.pid\" ]; then kill -QUIT \"$(head -n 1 \"$2/postmaster.pid\")\" 2>/dev/null; sleep 1; fi; "
    "[ -n \"$UPSKILL_TEST_KEEP\" ] || rm -rf \"$3\"",
    "upskill-test-watcher", pid, data, base, NULL
  };
  g_autoptr(GError) error = NULL;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, &error))
    g_printerr ("# no watcher for the test server: %s\n", error->message);
}

UpEmbeddedServer *
up_test_pg_get_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;

  if (server != NULL)
    return server;

  /* Short, under /tmp: the socket path must stay under 107 bytes, and the
   * postgres user must reach it when the tests run as root. */
  base = g_dir_make_tmp ("upskill-test-XXXXXX", &error);
  g_assert_no_error (error);

  server = up_embedded_server_new (base);
  if (!up_embedded_server_start (server, NULL, &error))
    g_error ("cannot start the test PostgreSQL: %s", error->message);

  atexit (up_test_pg_shutdown);
  spawn_watcher (base);

  return server;
}

char *
up_test_pg_new_database (void)
{
  UpEmbeddedServer *srv = up_test_pg_get_server ();
  g_autofree char *admin = up_embedded_server_dup_conninfo (srv, "postgres");
  g_autofree char *name = g_strdup_printf ("test_%d_%u", (int) getpid (), ++database_counter);
  g_autofree char *sql = NULL;
  g_autoptr(PGconn) conn = up_test_pg_connect (admin);
  g_autoptr(GError) error = NULL;

  /* The name is made here from digits: no user text in this SQL. */
  sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'", name);
  up_pg_command (conn, sql, 0, NULL, &error);
  g_assert_no_error (error);

  return up_embedded_server_dup_conninfo (srv, name);
}

char *
up_test_pg_new_migrated (void)
{
  char *conninfo = up_test_pg_new_database ();
  g_autoptr(PGconn) conn = up_test_pg_connect (conninfo);
  g_autoptr(GError) error = NULL;

  up_migrations_apply (conn, NULL, &error);
  g_assert_no_error (error);

  return conninfo;
}

gint64
up_test_pg_query_int (PGconn     *conn,
                      const char *sql,
                      const char *param)
{
  g_autoptr(GError) error = NULL;
  const char *params[] = { param };
  gint64 value = -1;

  up_pg_query_int64 (conn, sql, param != NULL ? 1 : 0, param != NULL ? params : NULL, &value, &error);
  g_assert_no_error (error);
  return value;
}

char *
up_test_pg_query_text (PGconn     *conn,
                       const char *sql,
                       const char *param)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { param };

  result = up_pg_exec (conn, sql, param != NULL ? 1 : 0, param != NULL ? params : NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetvalue (result, 0, 0));
}

PGconn *
up_test_pg_connect (const char *conninfo)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = up_pg_connect (conninfo, &error);

  g_assert_no_error (error);
  return conn;
}

void
up_test_pg_conninfo_parts_init (UpTestConninfoParts *parts,
                                const char          *conninfo)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);

  memset (parts, 0, sizeof *parts);
  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;
      if (g_str_equal (o->keyword, "host"))
        parts->host = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "port"))
        parts->port = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "dbname"))
        parts->dbname = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "user"))
        parts->user = g_strdup (o->val);
    }
  PQconninfoFree (options);
  g_assert_nonnull (parts->host);
  g_assert_nonnull (parts->dbname);
}

void
up_test_pg_conninfo_parts_clear (UpTestConninfoParts *parts)
{
  g_clear_pointer (&parts->host, g_free);
  g_clear_pointer (&parts->port, g_free);
  g_clear_pointer (&parts->dbname, g_free);
  g_clear_pointer (&parts->user, g_free);
}

/* The main loop ------------------------------------------------------------ */

void
up_test_drain_main_context (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

void
up_test_wait_until_full (UpTestCondition done,
                         gpointer        data,
                         guint           seconds,
                         const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  /* Never a blocking iteration: the deadline holds even when nothing comes,
   * and what another thread changes is seen within 10 ms. */
  while (!done (data))
    {
      /* The test and what it waited for: of a wait that never ended, the
       * log has nothing else to say. */
      if (g_get_monotonic_time () >= deadline)
        g_error ("%s: waited %u s for %s", g_test_get_path (), seconds, what);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * 1000);
    }
}

void
up_test_wait_until (UpTestCondition done,
                    gpointer        data,
                    guint           seconds)
{
  up_test_wait_until_full (done, data, seconds, "a condition that stayed false");
}

static gboolean
pointer_is_set (gpointer slot)
{
  return *(gpointer *) slot != NULL;
}

void
up_test_wait_for_pointer_full (gpointer    slot,
                               guint       seconds,
                               const char *what)
{
  up_test_wait_until_full (pointer_is_set, slot, seconds, what);
}

void
up_test_wait_for_pointer (gpointer slot,
                          guint    seconds)
{
  up_test_wait_for_pointer_full (slot, seconds, "a result that never came");
}

static gboolean
pointer_cleared (gpointer slot)
{
  return *(gpointer *) slot == NULL;
}

void
up_test_finalize_soon (gpointer    object,
                       const char *what)
{
  gpointer weak = object;

  g_assert_true (G_IS_OBJECT (object));
  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  up_test_wait_until_full (pointer_cleared, &weak, 10, what);
}

gboolean
up_test_cancel_cb (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

/* An UpDatabase under test ------------------------------------------------- */

static void
connection_lost_cb (UpDatabase             *db,
                    UpTestConnectionCounts *counts)
{
  counts->n_lost++;
}

static void
reconnected_cb (UpDatabase             *db,
                UpTestConnectionCounts *counts)
{
  counts->n_reconnected++;
}

void
up_test_pg_count_signals (UpDatabase             *db,
                          UpTestConnectionCounts *counts)
{
  g_signal_connect (db, "connection-lost", G_CALLBACK (connection_lost_cb), counts);
  g_signal_connect (db, "reconnected", G_CALLBACK (reconnected_cb), counts);
}

UpDatabase *
up_test_pg_open_database (const char             *conninfo,
                          UpTestConnectionCounts *counts)
{
  g_autoptr(GError) error = NULL;
  UpDatabase *db = up_database_new (conninfo);

  if (counts != NULL)
    up_test_pg_count_signals (db, counts);
  up_database_connect_sync (db, NULL, &error);
  g_assert_no_error (error);
  return db;
}

void
up_test_pg_close_database (UpDatabase *db)
{
  up_database_close (db);
  up_test_finalize_soon (db, "the database to be finalized");
}

typedef struct
{
  const guint *counter;
  guint        value;
} CountWait;

static gboolean
count_reached (gpointer data)
{
  CountWait *wait = data;

  return *wait->counter >= wait->value;
}

void
up_test_pg_wait_for_count (const guint *counter,
                           guint        value)
{
  CountWait wait = { counter, value };
  g_autofree char *what = g_strdup_printf ("%u of the database's ::connection-lost or ::reconnected", value);

  up_test_wait_until_full (count_reached, &wait, 30, what);
}

void
up_test_pg_end_session (UpDatabase  *db,
                        PGconn      *conn,
                        char       **pid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) backend = NULL;
  const char *params[1];

  backend = up_database_query_sync (db, "SELECT pg_backend_pid ()::text", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  params[0] = PQgetvalue (backend, 0, 0);
  g_assert_true (up_pg_command (conn, "SELECT pg_terminate_backend ($1::int)", 1, params, &error));
  g_assert_no_error (error);

  if (pid != NULL)
    *pid = g_strdup (params[0]);
}
