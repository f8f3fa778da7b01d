/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "upskill"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "up-cli-private.h"
#include "up-import-template.h"
#include "up-import.h"
#include "up-money.h"

/* upskill import trainees FILE [--course ID] [--academy ID] [--update]
 *                              [--valid-only] [--sheet NAME]
 * upskill import certificates FILE [--academy ID] [--issuer NAME]
 *                                  [--valid-only] [--sheet NAME]
 * upskill import payments FILE --batch ID [--sheet NAME]
 * upskill import template FILE [--kind trainees|certificates|payments]
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
                "       upskill import certificates FILE [--academy ID] [--issuer NAME] [--valid-only] "
                "[--sheet NAME]\n"
                "       upskill import payments FILE --batch ID [--sheet NAME]\n"
                "       upskill import template FILE [--kind trainees|certificates|payments]\n"));
}

static char *
count_text (guint n)
{
  return g_strdup_printf ("%u", n);
}

static void
print_certificates_summary (const UpImportSummary *s)
{
  g_autofree char *read = count_text (s->read);
  g_autofree char *imported = count_text (s->imported);
  g_autofree char *skipped = count_text (s->skipped);
  g_autofree char *rejected = count_text (s->rejected);

  /* Translators: counts of rows: read, certificates recorded, skipped, rejected */
  g_print (_("Read %s rows: %s certificates imported, %s skipped (already recorded), %s rejected.\n"),
           read, imported, skipped, rejected);
  if (s->committed)
    {
      g_autofree char *pending = count_text (s->claims_pending);
      g_autofree char *refused = count_text (s->claims_refused);

      /* Translators: counts of subsidy claims the database computed */
      g_print (_("Claims computed: %s pending review, %s refused by a rule of the scheme.\n"), pending, refused);
    }
  if (s->reject_path != NULL)
    g_print (_("The rejected rows and why are in %s\n"), s->reject_path);
  if (!s->committed)
    g_print (_("Nothing was imported, because rows were rejected. Correct them and import the file "
               "again, or import only the valid rows with --valid-only.\n"));
}

static void
print_payments_summary (const UpImportSummary *s)
{
  g_autofree char *read = count_text (s->read);
  g_autofree char *rejected = count_text (s->rejected);

  /* Translators: counts of rows of the bank's file: read, rejected */
  g_print (_("Read %s rows: %s rejected.\n"), read, rejected);
  if (s->committed)
    {
      g_autofree char *paid = count_text (s->paid);
      g_autofree char *failed = count_text (s->failed);
      g_autofree char *amount = up_money_format (s->paid_fen);

      /* Translators: counts of claims paid and failed, then the amount paid (¥1,500.00) */
      g_print (_("The batch is paid: %s claims paid, %s failed (returned by the bank); %s paid in all.\n"),
               paid, failed, amount);
    }
  if (s->reject_path != NULL)
    g_print (_("The rejected rows and why are in %s\n"), s->reject_path);
  if (!s->committed)
    g_print (_("Nothing was recorded and the batch is still approved, because rows were rejected. A batch is "
               "paid all or nothing: correct the file and import it again.\n"));
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

static gboolean
kind_from_word (const char   *word,
                UpImportKind *kind)
{
  if (word == NULL || g_str_equal (word, "trainees"))
    *kind = UP_IMPORT_TRAINEES;
  else if (g_str_equal (word, "certificates"))
    *kind = UP_IMPORT_CERTIFICATES;
  else if (g_str_equal (word, "payments"))
    *kind = UP_IMPORT_PAYMENTS;
  else
    return FALSE;
  return TRUE;
}

static int
command_template (int           argc,
                  char        **argv,
                  UpImportKind  kind)
{
  g_autoptr(GError) error = NULL;

  if (argc != 3)
    {
      print_usage_error (_("name the template file to write, e.g. roster.xlsx or roster.csv"));
      return UP_CLI_EXIT_USAGE;
    }

  if (!up_import_write_template (kind, argv[2], &error))
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
  g_autofree char *issuer = NULL;
  g_autofree char *kind_word = NULL;
  gint64 course = 0, academy = 0, batch = 0;
  UpImportKind kind = UP_IMPORT_TRAINEES;
  gboolean update = FALSE, valid_only = FALSE;
  gboolean tty = isatty (STDOUT_FILENO);
  const GOptionEntry entries[] = {
    { "course", 0, 0, G_OPTION_ARG_INT64, &course,
      N_("Also enroll every trainee of the file into this course"), N_("ID") },
    { "academy", 0, 0, G_OPTION_ARG_INT64, &academy,
      N_("The academy that registers new trainees (default: the course's, or the only one), or that records "
         "the certificates (default: each trainee's own)"), N_("ID") },
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &issuer,
      N_("Certificates: the issuing body, when the file has no column for it"), N_("NAME") },
    { "batch", 0, 0, G_OPTION_ARG_INT64, &batch,
      N_("Payments: the approved payment batch the bank's file is for"), N_("ID") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_word,
      N_("Template: trainees, certificates or payments (default: trainees)"), N_("KIND") },
    { "update", 0, 0, G_OPTION_ARG_NONE, &update,
      N_("Update registered trainees in the columns the file has (default: leave them as they are)"), NULL },
    { "valid-only", 0, 0, G_OPTION_ARG_NONE, &valid_only,
      N_("Import the valid rows even when others are rejected"), NULL },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &sheet,
      N_("The sheet of an .xlsx workbook to read (default: the first)"), N_("NAME") },
    { NULL }
  };

  context = g_option_context_new (_("trainees FILE | certificates FILE | payments FILE | template FILE"));
  g_option_context_set_summary (context,
                                _("Import trainees from a CSV or .xlsx roster, certificates from an issuing "
                                  "body's list, a bank's payment results for a batch, or write a template to "
                                  "fill in."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_USAGE;
    }

  if (argc >= 2 && g_str_equal (argv[1], "template"))
    {
      if (!kind_from_word (kind_word, &kind))
        {
          print_usage_error (_("--kind is trainees, certificates or payments"));
          return UP_CLI_EXIT_USAGE;
        }
      return command_template (argc, argv, kind);
    }

  if (argc != 3 || !kind_from_word (argv[1], &kind) || kind_word != NULL)
    {
      print_usage_error (_("say what to import and from which file"));
      return UP_CLI_EXIT_USAGE;
    }
  if (course < 0 || academy < 0 || batch < 0)
    {
      print_usage_error (_("--course, --academy and --batch take a positive number"));
      return UP_CLI_EXIT_USAGE;
    }
  /* Each option where it means something, and nowhere else. */
  if ((kind != UP_IMPORT_TRAINEES && (course > 0 || update))
      || (kind != UP_IMPORT_CERTIFICATES && issuer != NULL)
      || (kind == UP_IMPORT_PAYMENTS && (academy > 0 || valid_only)))
    {
      print_usage_error (_("this option does not apply to this import"));
      return UP_CLI_EXIT_USAGE;
    }
  if (kind == UP_IMPORT_PAYMENTS && batch == 0)
    {
      print_usage_error (_("name the payment batch with --batch ID"));
      return UP_CLI_EXIT_USAGE;
    }
  if (kind != UP_IMPORT_PAYMENTS && batch > 0)
    {
      print_usage_error (_("this option does not apply to this import"));
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

  import = up_import_new (kind, argv[2]);
  up_import_set_sheet (import, sheet);
  up_import_set_issuer (import, issuer);
  up_import_set_batch_id (import, batch);
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

  if (kind == UP_IMPORT_CERTIFICATES)
    print_certificates_summary (summary);
  else if (kind == UP_IMPORT_PAYMENTS)
    print_payments_summary (summary);
  else
    print_summary (summary, course > 0);
  return summary->committed ? UP_CLI_EXIT_OK : UP_CLI_EXIT_FAILED;
}
