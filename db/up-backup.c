/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include "up-i18n.h"
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "up-backup.h"
#include "up-error.h"

/* Backup and restore through pg_dump and pg_restore.
 *
 * Each operation is a short sequence of blocking steps (find the program,
 * run it, rename, rotate); the async functions run that sequence in a worker
 * thread, and the program itself is a GSubprocess that a cancel kills.
 *
 * Restoring goes into the database in place, in one transaction
 * (pg_restore --clean --if-exists piped into psql, between a BEGIN and a
 * COMMIT sent only once pg_restore has given the whole script) rather than
 * into a fresh database swapped in afterwards: it needs no right to create
 * or rename
 * databases (so it also works on a shared server), it never has to
 * disconnect other users, and PostgreSQL guarantees all or nothing: a
 * failure, a cancel or a crash half way leave every row as it was.  Should
 * the archive not fit the database (objects it does not know depend on its
 * tables), the restore fails and nothing changes.  A lock timeout keeps it
 * from waiting forever behind another window's open transaction. */

#define DAILY_PREFIX "upskill-"
#define SAFETY_PREFIX "before-restore-"
#define SUFFIX ".dump"
/* Another window's open transaction must not stall a restore for ever;
 * notices of objects --if-exists skips are of no interest. */
#define SERVER_OPTIONS "-c lock_timeout=30000 -c client_min_messages=warning"

/* Auxiliary methods -------------------------------------------------------- */

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

/* @conninfo without its password, which goes to *@password; @options, when
 * not NULL, is added to the server options. */
static char *
split_conninfo (const char  *conninfo,
                const char  *options,
                char       **password,
                GError     **error)
{
  PQconninfoOption *parsed;
  char *errmsg = NULL;
  GString *out;
  gboolean has_options = FALSE;

  *password = NULL;
  parsed = PQconninfoParse (conninfo != NULL ? conninfo : "", &errmsg);
  if (parsed == NULL)
    {
      /* libpq's message may quote the string: say only that it is wrong. */
      PQfreemem (errmsg);
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("The database connection string is not valid."));
      return NULL;
    }

  out = g_string_new (NULL);
  for (PQconninfoOption *o = parsed; o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;

      if (g_str_equal (o->keyword, "password"))
        *password = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "options") && options != NULL)
        {
          g_autofree char *both = g_strconcat (o->val, " ", options, NULL);

          append_conninfo_value (out, o->keyword, both);
          has_options = TRUE;
        }
      else
        append_conninfo_value (out, o->keyword, o->val);
    }
  if (options != NULL && !has_options)
    append_conninfo_value (out, "options", options);

  PQconninfoFree (parsed);

  return g_string_free (out, FALSE);
}

/* The first error line of a program's messages ("pg_dump: error: …",
 * "psql:<stdin>:12: ERROR:  …"), without the program's name.  CONTEXT,
 * DETAIL and "Command was" lines that may quote rows stay out. */
static char *
first_error_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *found = strstr (lines[i], "error: ");

      if (found == NULL)
        found = strstr (lines[i], "ERROR: ");
      if (found != NULL)
        return g_strstrip (g_strdup (found + strlen ("error: ")));
    }

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*g_strstrip (lines[i]) != '\0')
        return g_strdup (lines[i]);
    }

  return NULL;
}

char *
up_backup_find_program (const char  *name,
                        GError     **error)
{
  const char *env = g_getenv ("UPSKILL_PG_BINDIR");
  g_autoptr(GDir) dir = NULL;
  g_autofree char *best = NULL;
  int best_version = -1;
  const char *entry;
  char *found;

  if (env != NULL && *env != '\0')
    {
      g_autofree char *path = g_build_filename (env, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&path);
    }

  /* The newest version installed: it reads archives of older servers. */
  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/usr/lib/postgresql", entry, "bin", name, NULL);
      int version = atoi (entry);

      if (version > best_version && g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        {
          best_version = version;
          g_free (best);
          best = g_steal_pointer (&path);
        }
    }
  if (best != NULL)
    return g_steal_pointer (&best);

  found = g_find_program_in_path (name);
  if (found != NULL)
    return found;

  g_set_error (error, UP_ERROR, UP_ERROR_SERVER_MISSING,
               /* Translators: %s is pg_dump or pg_restore */
               _("The PostgreSQL program %s is not installed. Install it with "
                 "“sudo apt install postgresql-client”."),
               name);
  return NULL;
}

/* Runs @argv with @password in the environment; *@out receives its
 * standard output.  A cancel kills it. */
static gboolean
run_program (const char * const  *argv,
             const char          *password,
             GBytes             **out,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GBytes) stderr_bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *program = g_path_get_basename (argv[0]);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Messages in English: we pick lines out of them, and they are shown
   * only as the detail of a sentence of ours. */
  g_subprocess_launcher_setenv (launcher, "LC_MESSAGES", "C", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  if (password != NULL)
    g_subprocess_launcher_setenv (launcher, "PGPASSWORD", password, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, argv, &local_error);
  if (process == NULL)
    {
      g_set_error (error, UP_ERROR, UP_ERROR_FAILED,
                   /* Translators: %s is a program name, then why it failed */
                   _("Cannot run %s: %s"), program, local_error->message);
      return FALSE;
    }

  if (!g_subprocess_communicate (process, NULL, cancellable, &stdout_bytes, &stderr_bytes, &local_error))
    {
      /* Cancelled (or the pipes broke): the program must not go on. */
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      else
        g_set_error (error, UP_ERROR, UP_ERROR_FAILED, _("Cannot run %s: %s"), program, local_error->message);
      return FALSE;
    }

  if (!g_subprocess_get_successful (process))
    {
      g_autofree char *text = NULL;
      g_autofree char *line = NULL;

      if (stderr_bytes != NULL)
        text = g_strndup (g_bytes_get_data (stderr_bytes, NULL), g_bytes_get_size (stderr_bytes));
      line = first_error_line (text);
      if (line != NULL && !g_utf8_validate (line, -1, NULL))
        {
          char *valid = g_utf8_make_valid (line, -1);
          g_free (line);
          line = valid;
        }

      g_set_error (error, UP_ERROR, UP_ERROR_FAILED,
                   /* Translators: %s is a program name, then what it said */
                   _("%s failed: %s"), program, line != NULL ? line : _("no message"));
      return FALSE;
    }

  if (out != NULL)
    *out = g_steal_pointer (&stdout_bytes);

  return TRUE;
}

static gboolean
parse_stamp (const char *name,
             const char *prefix,
             gint64     *unix_time)
{
  int y, mo, d, h, mi, s;
  char tail[16];
  g_autoptr(GDateTime) dt = NULL;

  if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, SUFFIX))
    return FALSE;

  if (sscanf (name + strlen (prefix), "%4d%2d%2d-%2d%2d%2d%15s", &y, &mo, &d, &h, &mi, &s, tail) != 7
      || !g_str_equal (tail, SUFFIX))
    return FALSE;

  dt = g_date_time_new_local (y, mo, d, h, mi, s);
  if (dt == NULL)
    return FALSE;

  *unix_time = g_date_time_to_unix (dt);
  return TRUE;
}

static char *
build_path (const char *dir,
            const char *prefix,
            GDateTime  *now)
{
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strconcat (prefix, stamp, SUFFIX, NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
ensure_dir (const char  *dir,
            GError     **error)
{
  /* Backups hold personal data: the folder is its owner's only. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Public API: paths -------------------------------------------------------- */

char *
up_backup_get_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "upskill", "backups", NULL);
}

char *
up_backup_build_path (const char *dir,
                      GDateTime  *now)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  return build_path (dir, DAILY_PREFIX, now);
}

/* Public API: dump --------------------------------------------------------- */

gboolean
up_backup_dump_sync (const char    *conninfo,
                     const char    *path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *pg_dump = NULL;
  g_autofree char *password = NULL;
  g_autofree char *safe_conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmpl = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  pg_dump = up_backup_find_program ("pg_dump", error);
  if (pg_dump == NULL)
    return FALSE;

  safe_conninfo = split_conninfo (conninfo, NULL, &password, error);
  if (safe_conninfo == NULL)
    return FALSE;

  /* Beside the target, so that the rename is atomic. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write in the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  {
    const char *argv[] = {
      pg_dump, "--format=custom", "--no-password", "--file", tmpl, "--dbname", safe_conninfo, NULL
    };

    if (!run_program (argv, password, NULL, cancellable, error))
      {
        g_unlink (tmpl);
        return FALSE;
      }
  }

  if (g_rename (tmpl, path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write the file %s: %s"), path, g_strerror (saved));
      g_unlink (tmpl);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  char *conninfo;
  char *path;
  char *dir;
  guint keep;
} OperationData;

static void
operation_data_free (gpointer data)
{
  OperationData *op = data;

  g_free (op->conninfo);
  g_free (op->path);
  g_free (op->dir);
  g_free (op);
}

static OperationData *
operation_data_new (const char *conninfo,
                    const char *path,
                    const char *dir)
{
  OperationData *op = g_new0 (OperationData, 1);

  op->conninfo = g_strdup (conninfo);
  op->path = g_strdup (path);
  op->dir = g_strdup (dir);
  return op;
}

static void
dump_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OperationData *op = task_data;
  GError *error = NULL;

  if (up_backup_dump_sync (op->conninfo, op->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
up_backup_dump_async (const char          *conninfo,
                      const char          *path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, up_backup_dump_async);
  g_task_set_task_data (task, operation_data_new (conninfo, path, NULL), operation_data_free);
  g_task_run_in_thread (task, dump_thread);
}

gboolean
up_backup_dump_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == up_backup_dump_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Public API: inspect ------------------------------------------------------ */

void
up_backup_info_free (UpBackupInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_free (info->created);
  g_free (info->dbname);
  g_free (info);
}

UpBackupInfo *
up_backup_inspect_sync (const char    *path,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *pg_restore = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(UpBackupInfo) info = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean upskill = FALSE;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The file %s does not exist."), path);
      return NULL;
    }

  pg_restore = up_backup_find_program ("pg_restore", error);
  if (pg_restore == NULL)
    return NULL;

  {
    const char *argv[] = { pg_restore, "--list", path, NULL };

    if (!run_program (argv, NULL, &out, cancellable, &local_error))
      {
        if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
          g_propagate_error (error, g_steal_pointer (&local_error));
        else
          g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                       _("The file %s is not a backup of a PostgreSQL database."), path);
        return NULL;
      }
  }

  info = g_new0 (UpBackupInfo, 1);
  info->path = g_strdup (path);
  text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "; Archive created at "))
        info->created = g_strstrip (g_strdup (line + strlen ("; Archive created at ")));
      else if (g_str_has_prefix (line, ";     dbname: "))
        info->dbname = g_strstrip (g_strdup (line + strlen (";     dbname: ")));
      else if (line[0] != ';' && strstr (line, " TABLE public schema_version ") != NULL)
        upskill = TRUE;
    }

  if (!upskill)
    {
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                   _("The file %s is a database backup, but not one of Upskill."), path);
      return NULL;
    }

  if (info->created == NULL)
    info->created = g_strdup ("");
  if (info->dbname == NULL)
    info->dbname = g_strdup ("");

  return g_steal_pointer (&info);
}

static void
inspect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  OperationData *op = task_data;
  GError *error = NULL;
  UpBackupInfo *info = up_backup_inspect_sync (op->path, cancellable, &error);

  if (info != NULL)
    g_task_return_pointer (task, info, (GDestroyNotify) up_backup_info_free);
  else
    g_task_return_error (task, error);
}

void
up_backup_inspect_async (const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, up_backup_inspect_async);
  g_task_set_task_data (task, operation_data_new (NULL, path, NULL), operation_data_free);
  g_task_run_in_thread (task, inspect_thread);
}

UpBackupInfo *
up_backup_inspect_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == up_backup_inspect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Public API: restore ------------------------------------------------------ */

/* pg_dump empties search_path for the restore.  Our check constraints and
 * index expressions call SQL functions that call others by their plain
 * name (so that the planner can inline them), which then are not found
 * while the rows are copied in.  The schema is ours and no one else can
 * create objects in the embedded database: its own schema goes first. */
#define EMPTY_SEARCH_PATH "SELECT pg_catalog.set_config('search_path', '', false);"
#define OUR_SEARCH_PATH "SELECT pg_catalog.set_config('search_path', 'pg_catalog, public', false);"

static GSubprocess *
spawn (const char * const  *argv,
       GSubprocessFlags     flags,
       const char          *password,
       const char          *stderr_path,
       GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *program = g_path_get_basename (argv[0]);
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "LC_MESSAGES", "C", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  if (password != NULL)
    g_subprocess_launcher_setenv (launcher, "PGPASSWORD", password, TRUE);
  g_subprocess_launcher_set_stderr_file_path (launcher, stderr_path);

  process = g_subprocess_launcher_spawnv (launcher, argv, &local_error);
  if (process == NULL)
    g_set_error (error, UP_ERROR, UP_ERROR_FAILED, _("Cannot run %s: %s"), program, local_error->message);

  return process;
}

/* The message of a program that failed, from the file its errors went to
 * (deleted here: it may quote rows). */
static void
set_program_error (GError     **error,
                   const char  *program,
                   const char  *stderr_path)
{
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  g_file_get_contents (stderr_path, &text, NULL, NULL);
  line = first_error_line (text);
  if (line != NULL && !g_utf8_validate (line, -1, NULL))
    {
      char *valid = g_utf8_make_valid (line, -1);
      g_free (line);
      line = valid;
    }

  g_set_error (error, UP_ERROR, UP_ERROR_FAILED, _("%s failed: %s"),
               program, line != NULL ? line : _("no message"));
}

/* Privileges are restored (the group roles of schema v7 are cluster-wide
 * and exist wherever the database was migrated); owners are not, so that a
 * backup loads as whoever restores it. */

/* Copies pg_restore's script into psql inside a transaction left open,
 * with our search_path in place of the empty one. */
static gboolean
pipe_script (GInputStream   *from,
             GOutputStream  *to,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (from);
  gboolean replaced = FALSE;

  if (!g_output_stream_write_all (to, "BEGIN;\n", strlen ("BEGIN;\n"), NULL, cancellable, error))
    return FALSE;

  /* The setting comes in the first lines, before any row. */
  for (guint i = 0; i < 100 && !replaced; i++)
    {
      g_autofree char *line = NULL;
      gsize length = 0;
      g_autoptr(GError) local_error = NULL;

      line = g_data_input_stream_read_line (lines, &length, cancellable, &local_error);
      if (line == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }

      if (g_str_equal (line, EMPTY_SEARCH_PATH))
        {
          g_free (line);
          line = g_strdup (OUR_SEARCH_PATH);
          length = strlen (line);
          replaced = TRUE;
        }

      if (!g_output_stream_write_all (to, line, length, NULL, cancellable, error)
          || !g_output_stream_write_all (to, "\n", 1, NULL, cancellable, error))
        return FALSE;
    }

  return g_output_stream_splice (to, G_INPUT_STREAM (lines),
                                 G_OUTPUT_STREAM_SPLICE_NONE,
                                 cancellable, error) >= 0;
}

static int
make_temp_file (char    **path,
                GError  **error)
{
  return g_file_open_tmp ("upskill-restore-XXXXXX", path, error);
}

gboolean
up_backup_restore_sync (const char    *conninfo,
                        const char    *path,
                        const char    *safety_dir,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *pg_restore = NULL;
  g_autofree char *psql = NULL;
  g_autofree char *password = NULL;
  g_autofree char *safe_conninfo = NULL;
  g_autofree char *restore_errors = NULL;
  g_autofree char *psql_errors = NULL;
  g_autoptr(UpBackupInfo) info = NULL;
  g_autoptr(GSubprocess) restore_process = NULL;
  g_autoptr(GSubprocess) psql_process = NULL;
  g_autoptr(GError) pipe_error = NULL;
  gboolean ok = FALSE;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  /* Not an archive of ours: stop before touching anything. */
  info = up_backup_inspect_sync (path, cancellable, error);
  if (info == NULL)
    return FALSE;

  pg_restore = up_backup_find_program ("pg_restore", error);
  if (pg_restore == NULL)
    return FALSE;
  psql = up_backup_find_program ("psql", error);
  if (psql == NULL)
    return FALSE;

  safe_conninfo = split_conninfo (conninfo, SERVER_OPTIONS, &password, error);
  if (safe_conninfo == NULL)
    return FALSE;

  if (safety_dir != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *safety = build_path (safety_dir, SAFETY_PREFIX, now);

      if (!ensure_dir (safety_dir, error)
          || !up_backup_dump_sync (conninfo, safety, cancellable, error))
        return FALSE;
      up_backup_rotate (safety_dir, UP_BACKUP_KEEP_DAILY, NULL);
    }

  /* The programs' messages go to files: a pipe nobody reads could fill up
   * and stall them. */
  fd = make_temp_file (&restore_errors, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  fd = make_temp_file (&psql_errors, error);
  if (fd < 0)
    goto out;
  close (fd);

  /* Writing to psql after it stopped on an error must fail, not kill us:
   * GSocket's class sets SIGPIPE aside for the whole process. */
  g_type_class_unref (g_type_class_ref (G_TYPE_SOCKET));

  {
    const char *restore_argv[] = {
      pg_restore, "--clean", "--if-exists", "--no-owner", "--file", "-", path, NULL
    };
    const char *psql_argv[] = {
      psql, "--no-psqlrc", "--quiet", "--no-password",
      "--set", "ON_ERROR_STOP=1", "--dbname", safe_conninfo, NULL
    };

    restore_process = spawn (restore_argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL, restore_errors, error);
    if (restore_process == NULL)
      goto out;
    psql_process = spawn (psql_argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                          password, psql_errors, error);
    if (psql_process == NULL)
      {
        g_subprocess_force_exit (restore_process);
        g_subprocess_wait (restore_process, NULL, NULL);
        goto out;
      }
  }

  pipe_script (g_subprocess_get_stdout_pipe (restore_process),
               g_subprocess_get_stdin_pipe (psql_process),
               cancellable, &pipe_error);

  if (g_cancellable_is_cancelled (cancellable))
    {
      /* psql's connection goes with it: the server rolls back. */
      g_subprocess_force_exit (psql_process);
      g_subprocess_force_exit (restore_process);
      g_subprocess_wait (psql_process, NULL, NULL);
      g_subprocess_wait (restore_process, NULL, NULL);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      goto out;
    }

  g_subprocess_wait (restore_process, NULL, NULL);

  if (pipe_error != NULL)
    {
      /* psql stopped first, on an error: its message says why. */
      g_output_stream_close (g_subprocess_get_stdin_pipe (psql_process), NULL, NULL);
      g_subprocess_wait (psql_process, NULL, NULL);
      if (!g_subprocess_get_successful (psql_process))
        set_program_error (error, "psql", psql_errors);
      else
        g_propagate_error (error, g_steal_pointer (&pipe_error));
      goto out;
    }

  if (!g_subprocess_get_successful (restore_process))
    {
      /* The script may have been cut short: psql must not commit it. */
      g_subprocess_force_exit (psql_process);
      g_subprocess_wait (psql_process, NULL, NULL);
      set_program_error (error, "pg_restore", restore_errors);
      goto out;
    }

  /* The whole script went in: only now may the transaction end. */
  if (!g_output_stream_write_all (g_subprocess_get_stdin_pipe (psql_process), "COMMIT;\n",
                                  strlen ("COMMIT;\n"), NULL, cancellable, NULL))
    g_subprocess_force_exit (psql_process);
  g_output_stream_close (g_subprocess_get_stdin_pipe (psql_process), NULL, NULL);
  g_subprocess_wait (psql_process, NULL, NULL);
  if (!g_subprocess_get_successful (psql_process))
    {
      set_program_error (error, "psql", psql_errors);
      goto out;
    }

  ok = TRUE;

out:
  if (!ok && error != NULL && *error != NULL
      && !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (error, _("The database is unchanged. "));

  if (restore_errors != NULL)
    g_unlink (restore_errors);
  if (psql_errors != NULL)
    g_unlink (psql_errors);

  return ok;
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  OperationData *op = task_data;
  GError *error = NULL;

  if (up_backup_restore_sync (op->conninfo, op->path, op->dir, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
up_backup_restore_async (const char          *conninfo,
                         const char          *path,
                         const char          *safety_dir,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, up_backup_restore_async);
  g_task_set_task_data (task, operation_data_new (conninfo, path, safety_dir), operation_data_free);
  g_task_run_in_thread (task, restore_thread);
}

gboolean
up_backup_restore_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == up_backup_restore_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Public API: the daily backup --------------------------------------------- */

static GPtrArray *
list_backups (const char *dir,
              const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      gint64 stamp;

      if (parse_stamp (name, prefix, &stamp))
        g_ptr_array_add (names, g_strdup (name));
    }

  return names;
}

static int
compare_names_newest_first (gconstpointer a,
                            gconstpointer b)
{
  /* YYYYMMDD-HHMMSS sorts as text. */
  return -strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
up_backup_daily_is_due (const char *dir,
                        GDateTime  *now)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  gint64 now_unix, today;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  now_unix = g_date_time_to_unix (now);
  local = g_date_time_to_local (now);
  midnight = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                    g_date_time_get_day_of_month (local), 0, 0, 0);
  today = g_date_time_to_unix (midnight);
  names = list_backups (dir, DAILY_PREFIX);
  for (guint i = 0; i < names->len; i++)
    {
      gint64 stamp = 0;

      parse_stamp (g_ptr_array_index (names, i), DAILY_PREFIX, &stamp);
      /* One made today; one dated ahead by a clock that was wrong does
       * not count, or no backup would ever be due again. */
      if (stamp >= today && stamp <= now_unix + 60 * 60)
        return FALSE;
    }

  return TRUE;
}

static guint
rotate_prefix (const char  *dir,
               const char  *prefix,
               guint        keep,
               GError     **error)
{
  g_autoptr(GPtrArray) names = list_backups (dir, prefix);
  guint deleted = 0;

  g_ptr_array_sort (names, compare_names_newest_first);
  for (guint i = keep; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_unlink (path) != 0)
        {
          int saved = errno;

          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                         _("Cannot delete the old backup %s: %s"), path, g_strerror (saved));
          continue;
        }
      deleted++;
    }

  return deleted;
}

guint
up_backup_rotate (const char  *dir,
                  guint        keep,
                  GError     **error)
{
  g_return_val_if_fail (dir != NULL, 0);

  return rotate_prefix (dir, DAILY_PREFIX, keep, error)
         + rotate_prefix (dir, SAFETY_PREFIX, keep, error);
}

static void
daily_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  OperationData *op = task_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *path = NULL;
  GError *error = NULL;

  if (!up_backup_daily_is_due (op->dir, now))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  path = up_backup_build_path (op->dir, now);
  if (!ensure_dir (op->dir, &error)
      || !up_backup_dump_sync (op->conninfo, path, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A file that cannot be deleted is no reason to call the backup failed. */
  up_backup_rotate (op->dir, op->keep, NULL);

  g_task_return_pointer (task, g_steal_pointer (&path), g_free);
}

void
up_backup_daily_async (const char          *conninfo,
                       const char          *dir,
                       guint                keep,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OperationData *op;

  g_return_if_fail (dir != NULL);
  g_return_if_fail (keep > 0);

  op = operation_data_new (conninfo, NULL, dir);
  op->keep = keep;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, up_backup_daily_async);
  g_task_set_task_data (task, op, operation_data_free);
  g_task_run_in_thread (task, daily_thread);
}

char *
up_backup_daily_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == up_backup_daily_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
