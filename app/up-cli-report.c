/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "upskill"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "up-cli-private.h"
#include "up-error.h"
#include "up-report-writer.h"

/* upskill report summary|roster|notice|ledger|progress … -o FILE.xlsx
 *
 * Runs without a display, so that a manager can schedule it: the report is
 * written by the same worker as in the window, progress shows on a
 * terminal only, Ctrl+C cancels (and leaves no file), and the exit status
 * says 0 done, 1 failed (the database, the file), 2 bad arguments. */

typedef struct
{
  GMainLoop     *loop;
  GCancellable  *cancellable;
  GError        *error;
  gboolean       ok;
  gboolean       tty;
} ReportRun;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  ReportRun *run = user_data;

  if (run->tty)
    {
      g_print ("\r\033[K");
      /* Translators: progress of a report on the terminal; %d is a percentage */
      g_print (_("%3d %%  writing the report"), (int) (fraction * 100));
      fflush (stdout);
    }
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ReportRun *run = user_data;

  run->ok = up_report_writer_run_finish (UP_REPORT_WRITER (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  ReportRun *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned year, month, day;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3
      || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static int
usage_error (const char *message)
{
  /* Translators: %s says what is wrong with the command line */
  g_printerr (_("upskill report: %s\n"), message);
  g_printerr (_("Usage: upskill report summary|roster|notice|ledger|progress [--year Y | --from DATE --to DATE] "
                "[--academy CODE] [--batch ID] -o FILE.xlsx\n"));
  return UP_CLI_EXIT_USAGE;
}

int
up_cli_report (const char *database,
               int         argc,
               char      **argv)
{
  g_auto(UpCliTarget) target = { NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UpReportWriter) writer = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *academy = NULL;
  g_autofree char *output = NULL;
  g_autofree char *batch_text = NULL;
  g_autofree char *language = NULL;
  gboolean full_id_numbers = FALSE;
  int year = 0;
  gint64 batch = 0;
  UpReportKind kind;
  GDate from, to;
  ReportRun run = { NULL };
  guint sigint_id;
  const GOptionEntry entries[] = {
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("The year of the report (default: this year)"), N_("YEAR") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("The first day of the period"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("The last day of the period"), N_("YYYY-MM-DD") },
    { "academy", 'a', 0, G_OPTION_ARG_STRING, &academy, N_("Only the academy with this code"), N_("CODE") },
    { "batch", 'b', 0, G_OPTION_ARG_STRING, &batch_text, N_("The payment batch of a roster or notice list"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The workbook to write"), N_("FILE.xlsx") },
    { "full-id-numbers", 0, 0, G_OPTION_ARG_NONE, &full_id_numbers,
      N_("Whole ID numbers instead of masked ones (only where allowed)"), NULL },
    { "language", 'l', 0, G_OPTION_ARG_STRING, &language,
      N_("The language of the workbook: zh_CN, zh_TW or en (default: the interface’s)"), N_("LANGUAGE") },
    { NULL }
  };

  context = g_option_context_new (_("summary|roster|notice|ledger|progress"));
  g_option_context_set_summary (context, _("Write an Excel report of the program."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

  if (argc < 2)
    return usage_error (_("which report?"));
  if (argc > 2)
    return usage_error (_("too many arguments"));
  if (!up_report_kind_from_string (argv[1], &kind))
    {
      /* Translators: %s is what the user typed as a report's name */
      g_autofree char *message = g_strdup_printf (_("unknown report “%s”"), argv[1]);

      return usage_error (message);
    }
  if (output == NULL || *output == '\0')
    return usage_error (_("name the workbook to write with -o FILE.xlsx"));

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  if (year != 0 && (from_text != NULL || to_text != NULL))
    return usage_error (_("give either --year or --from and --to, not both"));
  if ((from_text != NULL) != (to_text != NULL))
    return usage_error (_("--from and --to go together"));
  if (from_text != NULL && (!parse_date (from_text, &from) || !parse_date (to_text, &to)))
    return usage_error (_("dates are written YYYY-MM-DD"));
  if (from_text != NULL && g_date_compare (&from, &to) > 0)
    return usage_error (_("the period ends before it begins"));
  if (year != 0 && (year < 2000 || year > 2100))
    return usage_error (_("--year must be between 2000 and 2100"));

  if (batch_text != NULL)
    {
      char *end = NULL;

      batch = g_ascii_strtoll (batch_text, &end, 10);
      if (end == batch_text || *end != '\0' || batch <= 0)
        return usage_error (_("--batch takes the number of a payment batch"));
    }
  if (up_report_kind_needs_batch (kind) && batch <= 0)
    return usage_error (_("this report needs --batch ID"));

  if (!up_cli_target_open (&target, database, TRUE, &error))
    {
      up_cli_print_error (error);
      return UP_CLI_EXIT_FAILED;
    }

  writer = up_report_writer_new (kind, target.conninfo);
  if (year != 0)
    up_report_writer_set_year (writer, year);
  else if (from_text != NULL)
    up_report_writer_set_period (writer, &from, &to);
  up_report_writer_set_academy (writer, academy);
  up_report_writer_set_batch (writer, batch);
  up_report_writer_set_full_id_numbers (writer, full_id_numbers);
  up_report_writer_set_language (writer, language);

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  run.loop = loop;
  run.cancellable = cancellable;
  run.tty = isatty (STDOUT_FILENO);
  up_report_writer_set_progress_func (writer, progress_cb, &run, NULL);

  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  up_report_writer_run_async (writer, output, cancellable, run_done_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);

  if (run.tty)
    g_print ("\r\033[K");

  if (!run.ok)
    {
      gboolean bad_input = g_error_matches (run.error, UP_ERROR, UP_ERROR_INVALID_INPUT);

      up_cli_print_error (run.error);
      g_clear_error (&run.error);
      return bad_input ? UP_CLI_EXIT_USAGE : UP_CLI_EXIT_FAILED;
    }

  /* Translators: %s is the file name of the workbook written */
  g_print (_("Report written to %s\n"), output);
  return UP_CLI_EXIT_OK;
}
