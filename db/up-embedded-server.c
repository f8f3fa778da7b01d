/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-embedded-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include "up-i18n.h"
#include <glib/gstdio.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "up-embedded-server.h"
#include "up-error.h"
#include "up-pg.h"

/* A private PostgreSQL cluster for one PC.
 *
 *   <base>/data            the cluster (initdb -E UTF8 --locale=C.UTF-8 --lc-collate=C)
 *   <base>/.s.PGSQL.5432   the Unix socket: <base> is 0700, no TCP at all
 *   <base>/server.log      the server's log
 *   <base>/start.lock      held exclusively while starting or stopping
 *   <base>/clients.lock    held shared by every Upskill process using it
 *
 * The last Upskill process to leave finds clients.lock free and stops the
 * server.  Locks die with their process, so a crash never keeps the server
 * up forever nor stops it under a live process. */

#define SERVER_USER_WHEN_ROOT "postgres"
#define SUPERUSER "postgres"
#define DEFAULT_DBNAME "upskill"

struct _UpEmbeddedServer
{
  GObject  parent_instance;

  char    *base_dir;
  char    *data_dir;
  char    *bindir;
  int      clients_fd;     /* holds LOCK_SH while we use the server */
};

G_DEFINE_FINAL_TYPE (UpEmbeddedServer, up_embedded_server, G_TYPE_OBJECT)

/* Who runs the server ----------------------------------------------------- */

typedef struct
{
  uid_t uid;
  gid_t gid;
  char  name[64];
} ServerUser;

static gboolean
get_server_user (ServerUser  *user,
                 GError     **error)
{
  struct passwd *pw;

  if (geteuid () != 0)
    {
      user->uid = geteuid ();
      user->gid = getegid ();
      g_strlcpy (user->name, g_get_user_name (), sizeof user->name);
      return TRUE;
    }

  /* initdb and postgres refuse to run as root. */
  pw = getpwnam (SERVER_USER_WHEN_ROOT);
  if (pw == NULL)
    {
      g_set_error (error, UP_ERROR, UP_ERROR_SERVER_MISSING,
                   _("Upskill runs as root, so its database server must run as the user “%s”, "
                     "which does not exist. Install PostgreSQL: apt install postgresql"),
                   SERVER_USER_WHEN_ROOT);
      return FALSE;
    }

  user->uid = pw->pw_uid;
  user->gid = pw->pw_gid;
  g_strlcpy (user->name, pw->pw_name, sizeof user->name);
  return TRUE;
}

static void
become_server_user_cb (gpointer user_data)
{
  ServerUser *user = user_data;

  /* Runs in the forked child before exec: only async-signal-safe calls. */
  if (geteuid () == 0)
    {
      if (setgroups (0, NULL) != 0 || setgid (user->gid) != 0 || setuid (user->uid) != 0)
        _exit (127);
    }
}

/* Runs a server program as the server user.  @capture: read its output
 * (never for pg_ctl start, whose server would inherit the pipe). */
static gboolean
run_program (UpEmbeddedServer  *self,
             const char * const *argv,
             gboolean            capture,
             char              **output,
             GError            **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) local_error = NULL;
  ServerUser user;
  GSpawnFlags flags = G_SPAWN_DEFAULT;
  int status = 0;

  if (!get_server_user (&user, error))
    return FALSE;

  if (!capture)
    flags |= G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL;

  if (!g_spawn_sync (self->base_dir, (char **) argv, NULL, flags,
                     become_server_user_cb, &user,
                     capture ? &out : NULL, capture ? &err : NULL,
                     &status, &local_error))
    {
      g_set_error (error, UP_ERROR, UP_ERROR_SERVER_START,
                   _("Cannot run the database program %s: %s"), argv[0], local_error->message);
      return FALSE;
    }

  if (output != NULL)
    *output = g_strconcat (out != NULL ? out : "", err != NULL ? err : "", NULL);

  if (!g_spawn_check_wait_status (status, &local_error))
    {
      g_set_error (error, UP_ERROR, UP_ERROR_SERVER_START,
                   _("The database program %s failed: %s"),
                   argv[0], err != NULL && *err != '\0' ? g_strstrip (err) : local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Locations --------------------------------------------------------------- */

/* TRUE when the server user can reach @path: every existing ancestor lets
 * others through, or belongs to that user. */
static gboolean
server_user_can_reach (const char *path,
                       uid_t       uid)
{
  g_autofree char *dir = g_path_get_dirname (path);

  while (TRUE)
    {
      GStatBuf st;

      if (g_stat (dir, &st) == 0)
        {
          if (st.st_uid != uid && (st.st_mode & S_IXOTH) == 0)
            return FALSE;
        }

      if (g_str_equal (dir, "/") || g_str_equal (dir, "."))
        return TRUE;

      {
        char *parent = g_path_get_dirname (dir);
        g_free (dir);
        dir = parent;
      }
    }
}

static char *
default_base_dir (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "upskill", "postgresql", NULL);
  struct passwd *pw;

  if (geteuid () != 0)
    return g_steal_pointer (&path);

  /* As root the server runs as postgres, which cannot enter /root. */
  pw = getpwnam (SERVER_USER_WHEN_ROOT);
  if (pw != NULL && !server_user_can_reach (path, pw->pw_uid))
    return g_strdup ("/var/lib/upskill/postgresql");

  return g_steal_pointer (&path);
}

char *
up_embedded_server_find_bindir (GError **error)
{
  const char *env = g_getenv ("UPSKILL_PG_BINDIR");
  g_autoptr(GDir) dir = NULL;
  g_autofree char *best = NULL;
  int best_version = -1;
  const char *name;

  if (env != NULL && *env != '\0')
    {
      g_autofree char *initdb = g_build_filename (env, "initdb", NULL);

      if (g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        return g_strdup (env);
      goto missing;
    }

  /* Debian installs each major version side by side; take the newest one
   * that has a server. */
  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *bin = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
      g_autofree char *postgres = g_build_filename (bin, "postgres", NULL);
      g_autofree char *initdb = g_build_filename (bin, "initdb", NULL);
      int version = atoi (name);

      if (version > best_version
          && g_file_test (postgres, G_FILE_TEST_IS_EXECUTABLE)
          && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        {
          best_version = version;
          g_free (best);
          best = g_steal_pointer (&bin);
        }
    }

  if (best != NULL)
    return g_steal_pointer (&best);

  /* Elsewhere: ask pg_config. */
  {
    g_autofree char *out = NULL;
    const char *argv[] = { "pg_config", "--bindir", NULL };

    if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out, NULL, NULL, NULL) && out != NULL)
      {
        g_autofree char *initdb = g_build_filename (g_strstrip (out), "initdb", NULL);

        if (g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
          return g_strdup (out);
      }
  }

missing:
  g_set_error_literal (error, UP_ERROR, UP_ERROR_SERVER_MISSING,
                       _("PostgreSQL is not installed, so Upskill cannot keep its own database. "
                         "Install it with “sudo apt install postgresql”, or connect to a shared "
                         "server with --database."));
  return NULL;
}

/* Locks ------------------------------------------------------------------- */

static int
open_lock (UpEmbeddedServer  *self,
           const char        *name,
           GError           **error)
{
  g_autofree char *path = g_build_filename (self->base_dir, name, NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, UP_ERROR, UP_ERROR_SERVER_START,
                   _("Cannot open the lock file %s: %s"), path, g_strerror (saved));
    }

  return fd;
}

static gboolean
lock_fd (int fd,
         int operation)
{
  while (flock (fd, operation) != 0)
    {
      if (errno != EINTR)
        return FALSE;
    }
  return TRUE;
}

/* Steps of start ---------------------------------------------------------- */

static gboolean
ensure_base_dir (UpEmbeddedServer  *self,
                 GError           **error)
{
  ServerUser user;

  if (!get_server_user (&user, error))
    return FALSE;

  g_autofree char *parent = g_path_get_dirname (self->base_dir);

  /* Folders above the base must let the server's user (postgres, when we
   * run as root) pass through; the base itself is 0700 and holds it all. */
  if (g_mkdir_with_parents (parent, 0755) != 0
      || g_mkdir_with_parents (self->base_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, UP_ERROR, UP_ERROR_SERVER_START,
                   _("Cannot create the folder %s: %s"), self->base_dir, g_strerror (saved));
      return FALSE;
    }

  /* The server insists on its own 0700 directories; the socket lives here. */
  if (g_chmod (self->base_dir, 0700) != 0
      || (geteuid () == 0 && chown (self->base_dir, user.uid, user.gid) != 0))
    {
      int saved = errno;
      g_set_error (error, UP_ERROR, UP_ERROR_SERVER_START,
                   _("Cannot set up the folder %s: %s"), self->base_dir, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

static gboolean
ensure_cluster (UpEmbeddedServer  *self,
                GError           **error)
{
  g_autofree char *version_file = g_build_filename (self->data_dir, "PG_VERSION", NULL);
  g_autofree char *initdb = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_text = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_file_test (version_file, G_FILE_TEST_EXISTS))
    return TRUE;

  initdb = g_build_filename (self->bindir, "initdb", NULL);
  {
    /* Text sorts in code-point order either way; collated "C" the server
     * compares bytes instead of calling strcoll() (PostgreSQL 15 takes
     * only C and POSIX for the byte order), which halves the time of
     * every text index build and sort.  Character classes, upper and
     * lower stay C.UTF-8's. */
    const char *argv[] = {
      initdb, "-D", self->data_dir, "-E", "UTF8", "--locale=C.UTF-8", "--lc-collate=C",
      "-U", SUPERUSER, "-A", "trust", "--no-instructions", NULL
    };

    /* A half-made cluster from an interrupted initdb is of no use. */
    if (g_file_test (self->data_dir, G_FILE_TEST_IS_DIR))
      {
        g_autofree char *leftover = g_strdup_printf ("%s.broken-%" G_GINT64_FORMAT,
                                                     self->data_dir, g_get_real_time ());
        if (g_rename (self->data_dir, leftover) != 0)
          {
            g_set_error (error, UP_ERROR, UP_ERROR_SERVER_START,
                         _("The folder %s holds an unfinished database and cannot be moved aside."),
                         self->data_dir);
            return FALSE;
          }
      }

    if (!run_program (self, argv, TRUE, NULL, error))
      return FALSE;
  }

  /* Settings that must hold wherever the folder moves: written to a file of
   * ours that postgresql.conf includes.  Trust over a socket in a 0700
   * directory: only this user (and root) can reach it. */
  conf = g_build_filename (self->data_dir, "postgresql.conf", NULL);
  if (!g_file_get_contents (conf, &conf_text, NULL, &local_error))
    {
      g_set_error (error, UP_ERROR, UP_ERROR_SERVER_START, "%s", local_error->message);
      return FALSE;
    }

  {
    g_autofree char *text = g_strconcat (conf_text,
                                         "\n# Upskill's embedded server\n"
                                         "include_if_exists = 'upskill.conf'\n", NULL);
    if (!g_file_set_contents (conf, text, -1, &local_error))
      {
        g_set_error (error, UP_ERROR, UP_ERROR_SERVER_START, "%s", local_error->message);
        return FALSE;
      }
  }

  return TRUE;
}

static char *
quote_conf_value (const char *value)
{
  GString *out = g_string_new ("'");

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append (out, "''");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');

  return g_string_free (out, FALSE);
}

static gboolean
write_server_conf (UpEmbeddedServer  *self,
                   GError           **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, "upskill.conf", NULL);
  g_autofree char *socket_dir = quote_conf_value (self->base_dir);
  g_autofree char *text = NULL;
  ServerUser user;

  if (!get_server_user (&user, error))
    return FALSE;

  text = g_strdup_printf ("# Written by Upskill at every start; edits are lost.\n"
                          "listen_addresses = ''\n"
                          "unix_socket_directories = %s\n"
                          "unix_socket_permissions = 0700\n"
                          "max_connections = 100\n"
                          "shared_buffers = '256MB'\n"
                          "work_mem = '16MB'\n"
                          "maintenance_work_mem = '256MB'\n"
                          "max_wal_size = '2GB'\n"
                          /* One PC, backed up by pg_dump, no replicas: a
                           * table filled in the transaction that made or
                           * emptied it (the demo) skips the WAL. */
                          "wal_level = minimal\n"
                          "max_wal_senders = 0\n"
                          "log_min_messages = warning\n",
                          socket_dir);

  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  if (geteuid () == 0 && chown (path, user.uid, user.gid) != 0)
    {
      int saved = errno;
      g_set_error (error, UP_ERROR, UP_ERROR_SERVER_START,
                   _("Cannot set up the file %s: %s"), path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/* After a crash or kill -9 the postmaster.pid stays behind.  PostgreSQL
 * itself ignores it when the process is gone, but not when the number now
 * belongs to some other live process: then only we can tell it is stale. */
static void
remove_stale_pid_file (UpEmbeddedServer *self)
{
  g_autofree char *pid_file = g_build_filename (self->data_dir, "postmaster.pid", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *comm_path = NULL;
  g_autofree char *comm = NULL;
  gint64 pid;

  if (!g_file_get_contents (pid_file, &contents, NULL, NULL))
    return;

  pid = g_ascii_strtoll (contents, NULL, 10);
  if (pid > 0)
    {
      comm_path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/comm", pid);
      if (g_file_get_contents (comm_path, &comm, NULL, NULL)
          && (g_str_has_prefix (comm, "postgres") || g_str_has_prefix (comm, "postmaster")))
        return; /* a server is there: pg_ctl will tell */
    }

  g_debug ("Removing stale postmaster.pid");
  g_unlink (pid_file);
}

static gboolean
start_server (UpEmbeddedServer  *self,
              GError           **error)
{
  g_autofree char *pg_ctl = g_build_filename (self->bindir, "pg_ctl", NULL);
  g_autofree char *log = g_build_filename (self->base_dir, "server.log", NULL);
  const char *argv[] = {
    pg_ctl, "start", "-w", "-t", "120", "-D", self->data_dir, "-l", log, NULL
  };
  g_autoptr(GError) local_error = NULL;

  if (!write_server_conf (self, error))
    return FALSE;

  remove_stale_pid_file (self);

  /* After kill -9 the old server's children may take a moment to notice and
   * release shared memory: try a few times. */
  for (int attempt = 0; attempt < 3; attempt++)
    {
      g_clear_error (&local_error);
      if (run_program (self, argv, FALSE, NULL, &local_error))
        return TRUE;
      g_usleep (G_USEC_PER_SEC);
      remove_stale_pid_file (self);
    }

  {
    g_autofree char *text = NULL;
    g_autofree char *tail = NULL;

    if (g_file_get_contents (log, &text, NULL, NULL))
      {
        gsize len = strlen (text);
        tail = g_strstrip (g_strdup (len > 800 ? text + len - 800 : text));
      }

    g_set_error (error, UP_ERROR, UP_ERROR_SERVER_START,
                 _("The embedded database server did not start. Its log %s says:\n%s"),
                 log, tail != NULL ? tail : "");
  }

  return FALSE;
}

static gboolean
ensure_database (UpEmbeddedServer  *self,
                 const char        *dbname,
                 GError           **error)
{
  g_autofree char *conninfo = up_embedded_server_dup_conninfo (self, "postgres");
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *sql = NULL;
  char *ident;
  gint64 exists = 0;
  const char *params[] = { dbname };

  conn = up_pg_connect (conninfo, error);
  if (conn == NULL)
    return FALSE;

  if (!up_pg_query_int64 (conn, "SELECT count(*) FROM pg_database WHERE datname = $1",
                          1, params, &exists, error))
    return FALSE;

  if (exists > 0)
    return TRUE;

  /* CREATE DATABASE takes no parameters: the name is quoted as an
   * identifier; it is ours ("upskill" or a test's), never a user's text. */
  ident = PQescapeIdentifier (conn, dbname, strlen (dbname));
  sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'", ident);
  PQfreemem (ident);

  if (!up_pg_command (conn, sql, 0, NULL, error))
    {
      /* Another process made it at the same moment: fine. */
      if (g_error_matches (*error, UP_ERROR, UP_ERROR_UNIQUE))
        {
          g_clear_error (error);
          return TRUE;
        }
      return FALSE;
    }

  return TRUE;
}

/* GObject ----------------------------------------------------------------- */

static void
up_embedded_server_finalize (GObject *object)
{
  UpEmbeddedServer *self = UP_EMBEDDED_SERVER (object);

  if (self->clients_fd >= 0)
    close (self->clients_fd);

  g_clear_pointer (&self->base_dir, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->bindir, g_free);

  G_OBJECT_CLASS (up_embedded_server_parent_class)->finalize (object);
}

static void
up_embedded_server_class_init (UpEmbeddedServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_embedded_server_finalize;
}

static void
up_embedded_server_init (UpEmbeddedServer *self)
{
  self->clients_fd = -1;
}

/* Public ------------------------------------------------------------------ */

UpEmbeddedServer *
up_embedded_server_new (const char *base_dir)
{
  UpEmbeddedServer *self = g_object_new (UP_TYPE_EMBEDDED_SERVER, NULL);

  self->base_dir = base_dir != NULL ? g_strdup (base_dir) : default_base_dir ();
  self->data_dir = g_build_filename (self->base_dir, "data", NULL);

  return self;
}

const char *
up_embedded_server_get_base_dir (UpEmbeddedServer *self)
{
  g_return_val_if_fail (UP_IS_EMBEDDED_SERVER (self), NULL);

  return self->base_dir;
}

const char *
up_embedded_server_get_data_dir (UpEmbeddedServer *self)
{
  g_return_val_if_fail (UP_IS_EMBEDDED_SERVER (self), NULL);

  return self->data_dir;
}

const char *
up_embedded_server_get_socket_dir (UpEmbeddedServer *self)
{
  g_return_val_if_fail (UP_IS_EMBEDDED_SERVER (self), NULL);

  return self->base_dir;
}

static void
append_conninfo_value (GString    *out,
                       const char *keyword,
                       const char *value)
{
  g_string_append_printf (out, "%s%s='", out->len > 0 ? " " : "", keyword);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

char *
up_embedded_server_dup_conninfo (UpEmbeddedServer *self,
                                 const char       *dbname)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (UP_IS_EMBEDDED_SERVER (self), NULL);

  append_conninfo_value (out, "host", self->base_dir);
  append_conninfo_value (out, "port", "5432");
  append_conninfo_value (out, "user", SUPERUSER);
  append_conninfo_value (out, "dbname", dbname != NULL ? dbname : DEFAULT_DBNAME);
  /* Never pick up a password or service of a shared server. */
  append_conninfo_value (out, "sslmode", "disable");

  return g_string_free (out, FALSE);
}

gboolean
up_embedded_server_is_running (UpEmbeddedServer *self)
{
  g_autofree char *conninfo = up_embedded_server_dup_conninfo (self, "postgres");

  return PQping (conninfo) == PQPING_OK;
}

/* A process that dies without leaving (the display went away and GDK called
 * _exit(), a crash, kill -9) cannot stop the server as the last user.  So
 * whoever starts the server also starts a small reaper that outlives it and,
 * every two seconds, follows the protocol of up_embedded_server_release():
 * under start.lock, if nobody holds clients.lock, it stops the server (a fast
 * shutdown, SIGINT to the postmaster) and ends; it ends too when the server
 * is gone.  flock(1) is in util-linux, on every Debian system. */
static void
spawn_reaper (UpEmbeddedServer *self)
{
  const char *argv[] = {
    "/bin/sh", "-c",
    "while sleep 2; do "
    "  [ -f \"$2/postmaster.pid\" ] || exit 0; "
    "  flock -x \"$1/start.lock\" /bin/sh -c '"
    "    [ -f \"$2/postmaster.pid\" ] || exit 0; "
    "    flock -x -n \"$1/clients.lock\" true || exit 1; "
    "    pid=$(head -n 1 \"$2/postmaster.pid\"); "
    "    kill -INT \"$pid\" 2>/dev/null; "
    "    i=0; while kill -0 \"$pid\" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done; "
    "    exit 0' upskill-reaper \"$1\" \"$2\" && exit 0; "
    "done",
    "upskill-reaper", self->base_dir, self->data_dir, NULL
  };
  g_autoptr(GError) error = NULL;

  /* Not G_SPAWN_LEAVE_DESCRIPTORS_OPEN: our share of clients.lock must not
   * go with it. */
  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, &error))
    g_warning ("No reaper for the embedded database server: %s", error->message);
}

gboolean
up_embedded_server_start (UpEmbeddedServer  *self,
                          GCancellable      *cancellable,
                          GError           **error)
{
  int start_fd;
  gboolean ok = FALSE;

  g_return_val_if_fail (UP_IS_EMBEDDED_SERVER (self), FALSE);

  if (self->bindir == NULL)
    {
      self->bindir = up_embedded_server_find_bindir (error);
      if (self->bindir == NULL)
        return FALSE;
    }

  if (!ensure_base_dir (self, error))
    return FALSE;

  start_fd = open_lock (self, "start.lock", error);
  if (start_fd < 0)
    return FALSE;

  /* One process at a time decides whether to init, start or stop. */
  lock_fd (start_fd, LOCK_EX);

  if (self->clients_fd < 0)
    {
      self->clients_fd = open_lock (self, "clients.lock", error);
      if (self->clients_fd < 0)
        goto out;
      lock_fd (self->clients_fd, LOCK_SH);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (!up_embedded_server_is_running (self))
    {
      if (!ensure_cluster (self, error))
        goto out;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (!start_server (self, error))
        goto out;
      spawn_reaper (self);
    }

  ok = ensure_database (self, DEFAULT_DBNAME, error);

out:
  lock_fd (start_fd, LOCK_UN);
  close (start_fd);

  return ok;
}

static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (up_embedded_server_start (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
up_embedded_server_start_async (UpEmbeddedServer    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (UP_IS_EMBEDDED_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, up_embedded_server_start_async);
  g_task_run_in_thread (task, start_thread);
}

gboolean
up_embedded_server_start_finish (UpEmbeddedServer  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
up_embedded_server_stop (UpEmbeddedServer  *self,
                         GError           **error)
{
  g_autofree char *pg_ctl = NULL;

  g_return_val_if_fail (UP_IS_EMBEDDED_SERVER (self), FALSE);

  if (self->bindir == NULL)
    {
      self->bindir = up_embedded_server_find_bindir (error);
      if (self->bindir == NULL)
        return FALSE;
    }

  if (!up_embedded_server_is_running (self))
    return TRUE;

  pg_ctl = g_build_filename (self->bindir, "pg_ctl", NULL);
  {
    const char *argv[] = { pg_ctl, "stop", "-w", "-t", "60", "-m", "fast", "-D", self->data_dir, NULL };

    return run_program (self, argv, TRUE, NULL, error);
  }
}

gboolean
up_embedded_server_release (UpEmbeddedServer  *self,
                            GError           **error)
{
  int start_fd;
  gboolean ok = TRUE;

  g_return_val_if_fail (UP_IS_EMBEDDED_SERVER (self), FALSE);

  if (self->clients_fd < 0)
    return TRUE;

  start_fd = open_lock (self, "start.lock", error);
  if (start_fd < 0)
    return FALSE;
  lock_fd (start_fd, LOCK_EX);

  /* Let go of our share; if nobody else holds one, we were the last. */
  lock_fd (self->clients_fd, LOCK_UN);
  if (flock (self->clients_fd, LOCK_EX | LOCK_NB) == 0)
    ok = up_embedded_server_stop (self, error);

  close (self->clients_fd);
  self->clients_fd = -1;

  lock_fd (start_fd, LOCK_UN);
  close (start_fd);

  return ok;
}
