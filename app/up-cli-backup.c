/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "upskill"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "up-backup.h"
#include "up-cli-private.h"
#include "up-migrations.h"

/* upskill backup [FILE]
 * upskill restore FILE --yes
 *
 * For a scheduler or a person at a terminal: Ctrl+C cancels (pg_dump or
 * pg_restore is stopped; a restore cut short changes nothing); the exit
 * status says 0 done, 1 failed, 2 bad arguments or no --yes. */

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GError       *error;
  gboolean      ok;
} BackupRun;

static gboolean
interrupt_cb (gpointer user_data)
{
  BackupRun *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
dump_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  BackupRun *run = user_data;

  run->ok = up_backup_dump_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BackupRun *run = user_data;

  run->ok = up_backup_restore_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

/* Runs the operation already started until it ends or Ctrl+C cancels it. */
static gboolean
run_until_done (BackupRun  *run,
                GError    **error)
{
  guint sources[2];

  sources[0] = g_unix_signal_add (SIGINT, interrupt_cb, run);
  sources[1] = g_unix_signal_add (SIGTERM, interrupt_cb, run);
  g_main_loop_run (run->loop);
  g_source_remove (sources[0]);
  g_source_remove (sources[1]);

  if (!run->ok)
    g_propagate_error (error, g_steal_pointer (&run->error));

  return run->ok;
}

static GOptionContext *
make_context (const char         *parameter,
              const char         *summary,
              const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  return context;
}

int
up_cli_backup (const char *database,
               int         argc,
               char      **argv)
{
  g_auto(UpCliTarget) target = { NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = NULL;
  BackupRun run = { loop, cancellable, NULL, FALSE };

  context = make_context (_("[FILE]"),
                          _("Back up the database to FILE, a pg_dump archive in the custom format. "
                            "Without FILE the backup goes to the folder of the daily backups."),
                          NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_USAGE;
    }
  if (argc > 2)
    {
      g_printerr (_("Usage: upskill backup [FILE]\n"));
      return UP_CLI_EXIT_USAGE;
    }

  if (argc == 2)
    path = g_canonicalize_filename (argv[1], NULL);
  else
    {
      g_autofree char *dir = up_backup_get_default_dir ();
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          g_printerr (_("upskill: cannot create the folder %s\n"), dir);
          return UP_CLI_EXIT_FAILED;
        }
      path = up_backup_build_path (dir, now);
    }

  if (!up_cli_target_open (&target, database, FALSE, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  up_backup_dump_async (target.conninfo, path, cancellable, dump_cb, &run);
  if (!run_until_done (&run, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  /* Translators: %s is the backup file */
  g_print (_("Backed up to %s\n"), path);
  return UP_CLI_EXIT_OK;
}

int
up_cli_restore (const char *database,
                int         argc,
                char      **argv)
{
  g_auto(UpCliTarget) target = { NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(UpBackupInfo) info = NULL;
  g_autofree char *path = NULL;
  g_autofree char *safety_dir = NULL;
  gboolean yes = FALSE;
  BackupRun run = { loop, cancellable, NULL, FALSE };
  const GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes,
      N_("Replace everything in the database with the backup’s contents"), NULL },
    { NULL }
  };

  context = make_context (_("FILE"),
                          _("Replace the database’s contents with a backup made by “upskill backup” or "
                            "Back Up… in the window. The database as it was is backed up first to the "
                            "folder of the daily backups."),
                          entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      g_printerr (_("Usage: upskill restore FILE --yes\n"));
      return UP_CLI_EXIT_USAGE;
    }

  path = g_canonicalize_filename (argv[1], NULL);
  info = up_backup_inspect_sync (path, cancellable, &error);
  if (info == NULL)
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  if (!yes)
    {
      /* Translators: %s is a file, then the date it was made */
      g_printerr (_("The backup %s was made at %s.\n"), path, info->created);
      g_printerr (_("Restoring it replaces everything in the database. Run again with --yes to do so.\n"));
      return UP_CLI_EXIT_USAGE;
    }

  if (!up_cli_target_open (&target, database, FALSE, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  safety_dir = up_backup_get_default_dir ();
  up_backup_restore_async (target.conninfo, path, safety_dir, cancellable, restore_cb, &run);
  if (!run_until_done (&run, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  /* A backup of an older version: bring its schema up to date. */
  if (!up_migrations_apply (target.conn, NULL, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  /* Translators: %s is a file, then the date it was made */
  g_print (_("Restored the backup %s made at %s.\n"), path, info->created);
  /* Translators: %s is a folder */
  g_print (_("The database as it was before is backed up in %s.\n"), safety_dir);
  return UP_CLI_EXIT_OK;
}
