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
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;

  conn = up_pg_connect (admin, &error);
  g_assert_no_error (error);

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
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;

  conn = up_pg_connect (conninfo, &error);
  g_assert_no_error (error);
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
