/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "up-id-number.h"
#include "up-import-dialog.h"
#include "up-pg.h"
#include "up-test-course-data.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"
#include "up-trainee-list.h"
#include "up-trainees-page.h"
#include "up-window.h"

/* The Import dialog, opened from the Trainees page and driven through its
 * real widgets on a real database: what it imports is what SQL finds. */

typedef struct
{
  char       *conninfo;
  PGconn     *conn;
  UpDatabase *db;
  UpWindow   *window;
  char       *dir;
  gint64      academy_id;
  gint64      course_id;
} Fixture;

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

#define WAIT_UNTIL(cond, what)                                          \
  G_STMT_START {                                                        \
    guint wait_timeout_id = g_timeout_add_seconds (60, timeout_cb, (gpointer) (what)); \
    while (!(cond))                                                     \
      g_main_context_iteration (NULL, TRUE);                            \
    g_source_remove (wait_timeout_id);                                  \
    up_test_drain_main_context ();                                      \
  } G_STMT_END

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 major;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  f->academy_id = test_academy (f->conn, "CQ-DLG");
  major = test_major (f->conn, f->academy_id, "数控");
  f->course_id = test_course (f->conn, f->academy_id, major, 1, UP_COURSE_STATUS_OPEN);
  f->dir = g_dir_make_tmp ("upskill-import-dialog-XXXXXX", &error);
  g_assert_no_error (error);

  f->db = up_database_new (f->conninfo);
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);

  f->window = g_object_ref (up_window_new (NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  up_window_set_page (f->window, "trainees");
  up_window_set_database (f->window, f->db);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (g_steal_pointer (&f->window));
  up_test_drain_main_context ();
  up_database_close (f->db);
  g_assert_finalize_object (g_steal_pointer (&f->db));

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

/* The import dialog the page opened: a toplevel of its own. */
static UpImportDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (UP_IS_IMPORT_DIALOG (window))
        return UP_IMPORT_DIALOG (window);
    }
  return NULL;
}

static UpImportDialog *
open_dialog (Fixture *f)
{
  UpTraineesPage *page = up_window_get_trainees_page (f->window);
  UpImportDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "trainees.import", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  WAIT_UNTIL (!up_import_dialog_get_busy (dialog), "the academies and courses");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

static const char *
stack_page (UpImportDialog *dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (up_test_get_widget (dialog, "import-stack")));
}

static char *
write_roster (Fixture *f)
{
  g_autofree char *a = test_id_number (1);
  g_autofree char *b = test_id_number (2);
  g_autofree char *csv = g_strdup_printf ("名单,,\n"
                                          "姓名,证件号码,单位\n"
                                          "周一,%s,重庆长安\n"
                                          "周二,%s,重庆机电\n"
                                          "周三,12345,重庆钢铁\n", a, b);
  char *path = g_build_filename (f->dir, "roster.csv", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_import_from_the_trainees_page (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *path = write_roster (f);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  UpImportDialog *dialog = open_dialog (f);
  const UpImportSummary *summary;
  UpTraineeList *list;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_cmpstr (stack_page (dialog), ==, "choose");

  up_import_dialog_set_file (dialog, file);
  WAIT_UNTIL (!up_import_dialog_get_busy (dialog), "the preview");
  g_assert_cmpstr (stack_page (dialog), ==, "preview");

  /* "证件号码" is recognised; the title row above the header is skipped. */
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (up_test_get_widget (dialog, "import-column-0"))),
                    ==, UP_TRAINEE_COLUMN_NAME + 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (up_test_get_widget (dialog, "import-column-1"))),
                    ==, UP_TRAINEE_COLUMN_ID_NUMBER + 1);

  /* The user says the third column is the employer, enrolls into the
   * one-seat course and imports the valid rows. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (up_test_get_widget (dialog, "import-column-2")), 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (up_test_get_widget (dialog, "import-column-2")),
                              UP_TRAINEE_COLUMN_EMPLOYER + 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (dialog, "import-course")), 1);
  gtk_switch_set_active (GTK_SWITCH (up_test_get_widget (dialog, "import-valid-only")), TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL));
  WAIT_UNTIL (g_strcmp0 (stack_page (dialog), "result") == 0 || g_strcmp0 (stack_page (dialog), "preview") == 0,
              "the import");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (up_test_get_widget (dialog, "import-message"))), ==, "");
  g_assert_cmpstr (stack_page (dialog), ==, "result");

  summary = up_import_dialog_get_summary (dialog);
  g_assert_nonnull (summary);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->imported, ==, 2);
  g_assert_cmpuint (summary->rejected, ==, 1);
  g_assert_cmpuint (summary->enrolled, ==, 1);
  g_assert_cmpuint (summary->waitlisted, ==, 1);
  g_assert_true (gtk_widget_get_visible (up_test_get_widget (dialog, "import-open-rejects")));
  {
    g_autofree char *rejects = g_build_filename (f->dir, "roster.rejected.csv", NULL);
    g_assert_true (g_file_test (rejects, G_FILE_TEST_IS_REGULAR));
  }

  /* What reached the database. */
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM trainees", NULL), ==, 2);
  g_assert_cmpint (up_test_pg_query_int (f->conn,
                                         "SELECT count (*) FROM trainees WHERE employer IN ('重庆长安', '重庆机电')",
                                         NULL), ==, 2);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM enrollments WHERE status = 'waitlisted'",
                                         NULL), ==, 1);

  /* The page's list reloaded with the new trainees. */
  list = up_trainees_page_get_list (up_window_get_trainees_page (f->window));
  WAIT_UNTIL (!up_trainee_list_get_loading (list) && g_list_model_get_n_items (G_LIST_MODEL (list)) == 2,
              "the list to reload");

  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_UNTIL (dialog == NULL, "the dialog to close");
}

static void
test_cancel_and_reject_all (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = write_roster (f);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  UpImportDialog *dialog = open_dialog (f);
  const UpImportSummary *summary;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  up_import_dialog_set_file (dialog, file);
  WAIT_UNTIL (!up_import_dialog_get_busy (dialog), "the preview");

  /* Without "valid rows only", the bad row keeps the whole file out. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL));
  WAIT_UNTIL (g_strcmp0 (stack_page (dialog), "result") == 0, "the import");
  summary = up_import_dialog_get_summary (dialog);
  g_assert_false (summary->committed);
  g_assert_cmpuint (summary->rejected, ==, 1);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM trainees", NULL), ==, 0);

  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_UNTIL (dialog == NULL, "the dialog to close");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/import-dialog/imports-valid-rows-and-enrolls", Fixture, NULL,
              fixture_setup, test_import_from_the_trainees_page, fixture_teardown);
  g_test_add ("/import-dialog/one-bad-row-keeps-the-file-out", Fixture, NULL,
              fixture_setup, test_cancel_and_reject_all, fixture_teardown);

  ret = g_test_run ();

  up_test_pg_shutdown ();
  return ret;
}
