/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "upskill"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "up-application.h"
#include "up-cli.h"
#include "up-cli-private.h"
#include "up-demo.h"
#include "up-embedded-server.h"
#include "up-error.h"
#include "up-migrations.h"
#include "up-overview.h"
#include "up-pg.h"

/* The server named on the command line, in UPSKILL_DATABASE, or else the
 * embedded one (started here when needed). */
void
up_cli_target_clear (UpCliTarget *target)
{
  g_clear_pointer (&target->conn, PQfinish);
  if (target->server != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!up_embedded_server_release (target->server, &error))
        g_printerr ("%s\n", error->message);
      g_clear_object (&target->server);
    }
  g_clear_pointer (&target->conninfo, g_free);
}

const char *
up_cli_resolve_conninfo (const char *option)
{
  const char *env = g_getenv ("UPSKILL_DATABASE");

  if (option != NULL && *option != '\0')
    return option;
  if (env != NULL && *env != '\0')
    return env;
  return NULL;
}

gboolean
up_cli_target_open (UpCliTarget  *target,
                    const char   *database,
                    gboolean      migrate,
                    GError      **error)
{
  const char *conninfo = up_cli_resolve_conninfo (database);

  if (conninfo != NULL)
    target->conninfo = g_strdup (conninfo);
  else
    {
      target->server = up_embedded_server_new (NULL);
      if (!up_embedded_server_start (target->server, NULL, error))
        return FALSE;
      target->conninfo = up_embedded_server_dup_conninfo (target->server, NULL);
    }

  target->conn = up_pg_connect (target->conninfo, error);
  if (target->conn == NULL)
    return FALSE;

  if (migrate && !up_migrations_apply (target->conn, NULL, error))
    return FALSE;

  return TRUE;
}

void
up_cli_print_error (const GError *error)
{
  /* Translators: %s is a message saying what went wrong */
  g_printerr (_("upskill: %s\n"), error->message);
}

/* upskill demo ------------------------------------------------------------ */

static void
demo_progress_cb (double      fraction,
                  const char *stage,
                  gpointer    user_data)
{
  gboolean tty = GPOINTER_TO_INT (user_data);

  if (tty)
    {
      g_print ("\r\033[K%3d %%  %s", (int) (fraction * 100), stage);
      fflush (stdout);
    }
}

static int
command_demo (const char *database,
              int         argc,
              char      **argv)
{
  g_auto(UpCliTarget) target = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  int trainees = 20000;
  int seed = 1;
  gboolean if_empty = FALSE;
  gboolean empty = FALSE;
  UpDemoOptions options;
  gint64 start;
  const GOptionEntry entries[] = {
    { "trainees", 0, 0, G_OPTION_ARG_INT, &trainees,
      N_("How many trainees to make; the other counts follow (default 20000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed,
      N_("Seed of the generator: the same seed makes the same data"), N_("N") },
    { "if-empty", 0, 0, G_OPTION_ARG_NONE, &if_empty,
      N_("Do nothing, successfully, when the database already holds trainees"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Fill the database with demo data modelled on the program's real figures."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_USAGE;
    }

  if (trainees < 100 || trainees > 50000000)
    {
      g_printerr (_("upskill: --trainees must be between 100 and 50000000\n"));
      return UP_CLI_EXIT_USAGE;
    }

  if (!up_cli_target_open (&target, database, TRUE, &error)
      || !up_demo_is_empty (target.conn, &empty, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  if (!empty && if_empty)
    {
      g_print (_("The database already holds data; no demo data was added.\n"));
      return UP_CLI_EXIT_OK;
    }

  up_demo_options_init (&options);
  options.n_trainees = trainees;
  options.seed = seed;
  options.progress = demo_progress_cb;
  options.progress_data = GINT_TO_POINTER (isatty (STDOUT_FILENO));

  start = g_get_monotonic_time ();
  if (!up_demo_generate (target.conn, &options, NULL, &error))
    {
      g_print ("\n");
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  if (isatty (STDOUT_FILENO))
    g_print ("\r\033[K");

  {
    g_autoptr(UpOverviewCounts) counts = up_overview_counts_query (target.conn, 0, &error);

    if (counts == NULL)
      {
        up_cli_print_error (error);
        return UP_CLI_EXIT_FAILED;
      }

    /* Numbers go in as strings: xgettext cannot read G_GINT64_FORMAT. */
    g_autofree char *seconds = g_strdup_printf ("%.1f", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    g_autofree char *trainees = g_strdup_printf ("%" G_GINT64_FORMAT, counts->trainees);
    g_autofree char *academies = g_strdup_printf ("%" G_GINT64_FORMAT, counts->academies);
    g_autofree char *enrollments = g_strdup_printf ("%" G_GINT64_FORMAT, counts->enrollments);
    g_autofree char *certifications = g_strdup_printf ("%" G_GINT64_FORMAT, counts->certifications);

    /* Translators: seconds, then the counts of trainees, academies,
     * enrollments and certificates */
    g_print (_("Demo data made in %s s: %s trainees, %s academies, %s enrollments, %s certificates.\n"),
             seconds, trainees, academies, enrollments, certifications);
  }

  return UP_CLI_EXIT_OK;
}

/* upskill db status|migrate ----------------------------------------------- */

static int
command_db (const char *database,
            int         argc,
            char      **argv)
{
  g_auto(UpCliTarget) target = { NULL };
  g_autoptr(GError) error = NULL;
  const char *verb = argc > 1 ? argv[1] : NULL;
  int current = 0;
  int latest = up_migrations_get_latest ();

  if (g_strcmp0 (verb, "status") != 0 && g_strcmp0 (verb, "migrate") != 0)
    {
      g_printerr (_("Usage: upskill db status|migrate\n"));
      return UP_CLI_EXIT_USAGE;
    }

  if (!up_cli_target_open (&target, database, FALSE, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  if (g_str_equal (verb, "migrate"))
    {
      int applied = 0;

      if (!up_migrations_apply (target.conn, &applied, &error))
        {
          up_cli_print_error (error);
          return UP_CLI_EXIT_FAILED;
        }
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Applied %d migration; the schema is at version %d.\n",
                            "Applied %d migrations; the schema is at version %d.\n",
                            applied),
               applied, latest);
      return UP_CLI_EXIT_OK;
    }

  if (!up_migrations_get_current (target.conn, &current, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  if (target.server != NULL)
    {
      g_print (_("Database: embedded\n"));
      g_print (_("Data folder: %s\n"), up_embedded_server_get_data_dir (target.server));
    }
  else
    {
      g_print (_("Database: %s on %s, port %s\n"), PQdb (target.conn),
               PQhost (target.conn), PQport (target.conn));
    }
  g_print (_("Server version: %d\n"), PQserverVersion (target.conn));
  g_print (_("Schema version: %d (this program: %d)\n"), current, latest);

  if (current == latest)
    g_print (_("The schema is up to date.\n"));
  else if (current < latest)
    g_print (_("The schema needs updating: run “upskill db migrate”.\n"));
  else
    g_print (_("The database was set up by a newer Upskill.\n"));

  return UP_CLI_EXIT_OK;
}

/* Dispatch ---------------------------------------------------------------- */

int
up_cli_main (int   argc,
             char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_STRING, &database,
      N_("The PostgreSQL server to use: a libpq connection string or URI (default: "
         "UPSKILL_DATABASE, else the embedded database)"), N_("CONNINFO") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("[COMMAND]"));
  g_option_context_set_summary (context,
                                _("Upskill runs the skills and academic qualification dual upgrade program "
                                  "of a trade union's craftsman academies.\n\n"
                                  "Commands:\n"
                                  "  (none)                  Open the window\n"
                                  "  demo [--trainees N]     Fill the database with demo data\n"
                                  "  db status               Show the database and its schema version\n"
                                  "  db migrate              Bring the schema up to date\n"
                                  "  backup [FILE]           Back up the database to a file\n"
                                  "  restore FILE --yes      Replace the database’s contents with a backup\n"
                                  "  import trainees FILE    Import trainees from a CSV or .xlsx roster\n"
                                  "  import certificates FILE  Import an issuing body's list of certificates\n"
                                  "  import payments FILE --batch ID  Pay a batch from the bank's results\n"
                                  "  report KIND -o FILE     Write an Excel report: summary, roster, notice, ledger, progress"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* A command's own options are parsed by the command. */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_USAGE;
    }

  if (version)
    {
      g_print ("upskill %s\n", PACKAGE_VERSION);
      return UP_CLI_EXIT_OK;
    }

  if (argc < 2)
    {
      g_autoptr(UpApplication) app = up_application_new (up_cli_resolve_conninfo (database));
      char *app_argv[] = { argv[0], NULL };

      return g_application_run (G_APPLICATION (app), 1, app_argv);
    }

  if (g_str_equal (argv[1], "demo"))
    return command_demo (database, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "db"))
    return command_db (database, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "report"))
    return up_cli_report (database, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "import"))
    return up_cli_import (database, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "backup"))
    return up_cli_backup (database, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "restore"))
    return up_cli_restore (database, argc - 1, argv + 1);
  /* Further commands, each in its own app/up-cli-<command>.c, go here. */

  /* Translators: %s is what the user typed as a command */
  g_printerr (_("upskill: unknown command “%s”; see upskill --help\n"), argv[1]);
  return UP_CLI_EXIT_USAGE;
}
