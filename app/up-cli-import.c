/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "upskill"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "up-cli-private.h"
#include "up-import-template.h"
#include "up-import.h"

/* upskill import trainees FILE [--course ID] [--academy ID] [--update]
 *                              [--valid-only] [--sheet NAME]
 * upskill import template FILE
 *
 * The same import as the window's dialog, on a connection of its own; the
 * summary goes to standard output, the progress too when it is a terminal. */

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  g_print ("\r\033[K%3d %%", (int) (fraction * 100));
  fflush (stdout);
}

static void
print_usage_error (const char *message)
{
  /* Translators: %s is a message saying what went wrong */
  g_printerr (_("upskill: %s\n"), message);
  g_printerr (_("Usage: upskill import trainees FILE [--course ID] [--academy ID] [--update] "
                "[--valid-only] [--sheet NAME]\n"
                "       upskill import template FILE\n"));
}

static char *
count_text (guint n)
{
  return g_strdup_printf ("%u", n);
}

static void
print_summary (const UpImportSummary *s,
               gboolean               course)
{
  g_autofree char *read = count_text (s->read);
  g_autofree char *imported = count_text (s->imported);
  g_autofree char *updated = count_text (s->updated);
  g_autofree char *skipped = count_text (s->skipped);
  g_autofree char *rejected = count_text (s->rejected);

  /* Translators: counts of rows: read, imported, updated, skipped, rejected */
  g_print (_("Read %s rows: %s imported, %s updated, %s skipped (already registered), %s rejected.\n"),
           read, imported, updated, skipped, rejected);

  if (course && s->committed)
    {
      g_autofree char *enrolled = count_text (s->enrolled);
      g_autofree char *waitlisted = count_text (s->waitlisted);
      g_autofree char *already = count_text (s->already_enrolled);

      /* Translators: counts of trainees: given a seat, waitlisted, already in the course */
      g_print (_("Course: %s enrolled, %s on the waiting list, %s already in the course.\n"),
               enrolled, waitlisted, already);
    }

  if (s->reject_path != NULL)
    /* Translators: %s is the file of rejected rows */
    g_print (_("The rejected rows and why are in %s\n"), s->reject_path);

  if (!s->committed)
    g_print (_("Nothing was imported, because rows were rejected. Correct them and import the file "
               "again, or import only the valid rows with --valid-only.\n"));
}

static int
command_template (int    argc,
                  char **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 3)
    {
      print_usage_error (_("name the template file to write, e.g. roster.xlsx or roster.csv"));
      return UP_CLI_EXIT_USAGE;
    }

  if (!up_import_write_template (UP_IMPORT_TRAINEES, argv[2], &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  /* Translators: %s is the file written */
  g_print (_("Template written to %s\n"), argv[2]);
  return UP_CLI_EXIT_OK;
}

int
up_cli_import (const char *database,
               int         argc,
               char      **argv)
{
  g_auto(UpCliTarget) target = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UpImport) import = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autofree char *sheet = NULL;
  gint64 course = 0, academy = 0;
  gboolean update = FALSE, valid_only = FALSE;
  gboolean tty = isatty (STDOUT_FILENO);
  const GOptionEntry entries[] = {
    { "course", 0, 0, G_OPTION_ARG_INT64, &course,
      N_("Also enroll every trainee of the file into this course"), N_("ID") },
    { "academy", 0, 0, G_OPTION_ARG_INT64, &academy,
      N_("The academy that registers new trainees (default: the course's, or the only one)"), N_("ID") },
    { "update", 0, 0, G_OPTION_ARG_NONE, &update,
      N_("Update registered trainees in the columns the file has (default: leave them as they are)"), NULL },
    { "valid-only", 0, 0, G_OPTION_ARG_NONE, &valid_only,
      N_("Import the valid rows even when others are rejected"), NULL },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &sheet,
      N_("The sheet of an .xlsx workbook to read (default: the first)"), N_("NAME") },
    { NULL }
  };

  context = g_option_context_new (_("trainees FILE | template FILE"));
  g_option_context_set_summary (context,
                                _("Import trainees from a CSV or .xlsx roster, or write a template to fill in."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_USAGE;
    }

  if (argc >= 2 && g_str_equal (argv[1], "template"))
    return command_template (argc, argv);

  if (argc != 3 || !g_str_equal (argv[1], "trainees"))
    {
      print_usage_error (_("say what to import and from which file"));
      return UP_CLI_EXIT_USAGE;
    }
  if (course < 0 || academy < 0)
    {
      print_usage_error (_("--course and --academy take a positive number"));
      return UP_CLI_EXIT_USAGE;
    }
  if (!g_file_test (argv[2], G_FILE_TEST_IS_REGULAR))
    {
      /* Translators: %s is a file name */
      g_printerr (_("upskill: there is no file “%s”\n"), argv[2]);
      return UP_CLI_EXIT_FAILED;
    }

  if (!up_cli_target_open (&target, database, TRUE, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  import = up_import_new (UP_IMPORT_TRAINEES, argv[2]);
  up_import_set_sheet (import, sheet);
  up_import_set_course_id (import, course);
  up_import_set_academy_id (import, academy);
  up_import_set_update_existing (import, update);
  up_import_set_valid_only (import, valid_only);

  summary = up_import_run (import, target.conninfo, tty ? progress_cb : NULL, NULL, NULL, &error);
  if (tty)
    g_print ("\r\033[K");
  if (summary == NULL)
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  print_summary (summary, course > 0);
  return summary->committed ? UP_CLI_EXIT_OK : UP_CLI_EXIT_FAILED;
}
