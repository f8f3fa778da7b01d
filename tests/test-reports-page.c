/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "up-demo.h"
#include "up-pg.h"
#include "up-report-writer.h"
#include "up-reports-page.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"
#include "up-window.h"

/* The Reports page in the real window on demo data: a report chosen and
 * its period typed in the rows a person uses, saved (to a path the test
 * sets instead of the file chooser) and read back; a roster of the batch
 * chosen; Cancel, which leaves no file. */

#define N_TRAINEES 1000

static char *demo_conninfo;

typedef struct
{
  PGconn        *conn;
  UpDatabase    *db;
  UpWindow      *window;
  UpReportsPage *page;
  char          *dir;
  char          *path;
} Fixture;

typedef gboolean (*Condition) (gpointer data);

#define wait_until(condition, data) wait_until_at (condition, data, G_STRLOC)

static void
wait_until_at (Condition   condition,
               gpointer    data,
               const char *where)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%s: timed out waiting", where);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  up_test_drain_main_context ();
}

static gboolean
not_running (gpointer data)
{
  return !up_reports_page_is_running (data);
}

static gboolean
can_save (gpointer data)
{
  return gtk_widget_get_sensitive (up_test_get_widget (data, "reports-save"));
}

/* The last row of @sheet, as openpyxl reads the workbook. */
static guint
sheet_rows (const char *path,
            const char *sheet)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "read-xlsx.py", NULL);
  const char *argv[] = { script, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *prefix = g_strdup_printf ("meta\t%s\trows\t", sheet);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return (guint) g_ascii_strtoull (lines[i] + strlen (prefix), NULL, 10);

  g_error ("no sheet “%s” in %s", sheet, path);
}

static const char *
get_demo_conninfo (void)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;

  if (demo_conninfo != NULL)
    return demo_conninfo;

  demo_conninfo = up_test_pg_new_migrated ();
  conn = up_pg_connect (demo_conninfo, &error);
  g_assert_no_error (error);

  up_demo_options_init (&options);
  options.n_trainees = N_TRAINEES;
  up_demo_generate (conn, &options, NULL, &error);
  g_assert_no_error (error);

  return demo_conninfo;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conn = up_pg_connect (get_demo_conninfo (), &error);
  g_assert_no_error (error);

  f->db = up_database_new (get_demo_conninfo ());
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);

  f->dir = g_dir_make_tmp ("test-reports-page-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "report.xlsx", NULL);

  f->window = g_object_ref (up_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  up_window_set_database (f->window, f->db);
  up_window_set_page (f->window, "reports");
  f->page = UP_REPORTS_PAGE (up_test_get_widget (f->window, "reports-page"));
  up_reports_page_set_output_path (f->page, f->path);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  wait_until (can_save, f->page);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (g_steal_pointer (&f->window));
  up_test_drain_main_context ();

  up_test_pg_close_database (g_steal_pointer (&f->db));

  g_unlink (f->path);
  g_rmdir (f->dir);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->conn, PQfinish);
}

static void
choose (Fixture    *f,
        const char *row,
        guint       position)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (f->page, row)), position);
  up_test_drain_main_context ();
}

static guint
files_in_dir (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_ledger_of_a_date_range (Fixture       *f,
                             gconstpointer  data)
{
  gint64 claims = up_test_pg_query_int (f->conn, "SELECT count(*) FROM subsidies "
                                                 "WHERE claimed_on BETWEEN '2000-01-01' AND '2100-12-31'", NULL);

  choose (f, "reports-kind", UP_REPORT_LEDGER);
  choose (f, "reports-period", 2);
  g_assert_true (gtk_widget_get_visible (up_test_get_widget (f->page, "reports-from")));
  g_assert_false (gtk_widget_get_visible (up_test_get_widget (f->page, "reports-batch")));

  /* Not a date yet: nothing to save. */
  up_test_set_text (f->page, "reports-from", "2000-01-");
  up_test_set_text (f->page, "reports-to", "2100-12-31");
  g_assert_false (can_save (f->page));
  up_test_set_text (f->page, "reports-from", "2000-01-01");
  g_assert_true (can_save (f->page));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.save", NULL);
  g_assert_true (up_reports_page_is_running (f->page));
  g_assert_true (gtk_widget_is_visible (up_test_get_widget (f->page, "reports-progress")));
  wait_until (not_running, f->page);

  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (files_in_dir (f), ==, 1);
  /* Title, period, header, a row per claim, the total. */
  g_assert_cmpuint (sheet_rows (f->path, "Claims"), ==, claims + 4);
  g_assert_false (gtk_widget_is_visible (up_test_get_widget (f->page, "reports-progress")));
}

static gboolean
academies_listed (gpointer data)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (up_test_get_widget (data, "reports-academy")));

  return model != NULL && g_list_model_get_n_items (model) > 1;
}

static char *
row_text (GListModel *model,
          guint       position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return g_strdup (gtk_string_object_get_string (item));
}

/* The academy row lists "All academies", then the academies in pinyin
 * order; a ledger of one of them has its claims only. */
static void
test_ledger_of_one_academy (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) academies = NULL;
  g_autoptr(PGresult) busiest = NULL;
  g_autofree char *all = NULL;
  GListModel *model;
  gint64 claims;
  guint position = 0;

  academies = up_pg_exec (f->conn, "SELECT name FROM academies ORDER BY name COLLATE up_pinyin, id", 0, NULL,
                          &error);
  g_assert_no_error (error);
  busiest = up_pg_exec (f->conn, "SELECT a.name, count(*) FROM subsidies s JOIN academies a ON a.id = s.academy_id "
                                 "WHERE s.claimed_on BETWEEN '2000-01-01' AND '2100-12-31' "
                                 "GROUP BY a.id, a.name ORDER BY count(*) DESC, a.id LIMIT 1", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (busiest), ==, 1);
  claims = g_ascii_strtoll (PQgetvalue (busiest, 0, 1), NULL, 10);
  g_assert_cmpint (claims, >, 0);

  wait_until (academies_listed, f->page);
  model = adw_combo_row_get_model (ADW_COMBO_ROW (up_test_get_widget (f->page, "reports-academy")));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1 + PQntuples (academies));
  all = row_text (model, 0);
  g_assert_cmpstr (all, ==, "All academies");
  for (int r = 0; r < PQntuples (academies); r++)
    {
      g_autofree char *text = row_text (model, r + 1);

      g_assert_cmpstr (text, ==, PQgetvalue (academies, r, 0));
      if (g_str_equal (text, PQgetvalue (busiest, 0, 0)))
        position = r + 1;
    }
  g_assert_cmpuint (position, >, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (up_test_get_widget (f->page, "reports-academy"))),
                    ==, 0);

  choose (f, "reports-kind", UP_REPORT_LEDGER);
  choose (f, "reports-period", 2);
  up_test_set_text (f->page, "reports-from", "2000-01-01");
  up_test_set_text (f->page, "reports-to", "2100-12-31");
  choose (f, "reports-academy", position);
  g_assert_true (can_save (f->page));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.save", NULL);
  wait_until (not_running, f->page);

  /* Title, period, header, a row per claim of the academy, the total. */
  g_assert_cmpuint (sheet_rows (f->path, "Claims"), ==, claims + 4);
}

static void
test_roster_of_the_batch_chosen (Fixture       *f,
                                 gconstpointer  data)
{
  /* The batch list is newest first. */
  gint64 people = up_test_pg_query_int (f->conn, "SELECT count(*) FROM subsidies WHERE state <> 'rejected' "
                                                 "AND batch_id = (SELECT max (id) FROM payment_batches)", NULL);

  choose (f, "reports-kind", UP_REPORT_ROSTER);
  g_assert_true (gtk_widget_get_visible (up_test_get_widget (f->page, "reports-batch")));
  g_assert_false (gtk_widget_get_visible (up_test_get_widget (f->page, "reports-period")));
  choose (f, "reports-batch", 0);
  g_assert_true (can_save (f->page));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.save", NULL);
  wait_until (not_running, f->page);

  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (sheet_rows (f->path, "Roster"), ==, people + 4);
}

static void
test_cancel_leaves_no_file (Fixture       *f,
                            gconstpointer  data)
{
  choose (f, "reports-kind", UP_REPORT_SUMMARY);
  choose (f, "reports-period", 0);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.save", NULL);
  g_assert_true (up_reports_page_is_running (f->page));
  g_signal_emit_by_name (up_test_get_widget (f->page, "reports-cancel"), "clicked");
  wait_until (not_running, f->page);

  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (files_in_dir (f), ==, 0);
  /* Ready for the next one. */
  g_assert_true (can_save (f->page));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("LANGUAGE", "C", TRUE);

  up_test_gtk_init (&argc, &argv);

  g_test_add ("/reports-page/ledger/of-a-date-range-has-every-claim", Fixture, NULL,
              fixture_setup, test_ledger_of_a_date_range, fixture_teardown);
  g_test_add ("/reports-page/ledger/of-one-academy-has-its-claims", Fixture, NULL,
              fixture_setup, test_ledger_of_one_academy, fixture_teardown);
  g_test_add ("/reports-page/roster/of-the-batch-chosen", Fixture, NULL,
              fixture_setup, test_roster_of_the_batch_chosen, fixture_teardown);
  g_test_add ("/reports-page/cancel/leaves-no-file", Fixture, NULL,
              fixture_setup, test_cancel_leaves_no_file, fixture_teardown);

  ret = g_test_run ();

  g_clear_pointer (&demo_conninfo, g_free);
  up_test_pg_shutdown ();

  return ret;
}
