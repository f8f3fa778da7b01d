/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "up-id-number.h"
#include "up-import-dialog.h"
#include "up-payment-batch.h"
#include "up-pg.h"
#include "up-subsidy.h"
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
  up_test_pg_close_database (g_steal_pointer (&f->db));

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

/* A certificates list, through the kind chooser, the preview and the
 * issuing body typed in: the certificates recorded and their claims
 * computed by the database. */
static void
test_import_certificates (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *a = test_id_number (11);
  g_autofree char *b = test_id_number (12);
  g_autofree char *unknown = test_id_number (19);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -7);
  g_autofree char *issued = g_date_time_format (then, "%Y年%-m月%-d日");
  g_autofree char *csv = NULL;
  g_autofree char *path = g_build_filename (f->dir, "certificates.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  UpImportDialog *dialog = open_dialog (f);
  const UpImportSummary *summary;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  up_pg_command (f->conn,
                 "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from) "
                 "VALUES ('高级工', 'skill_level', 3, 150000, '2020-01-01')", 0, NULL, &error);
  g_assert_no_error (error);
  test_trainee (f->conn, f->academy_id, 11);
  test_trainee (f->conn, f->academy_id, 12);

  csv = g_strdup_printf ("身份证号,姓名,职业（工种）,等级,证书编号,发证日期\n"
                         "%s,学员11,焊工,高级工,Z-1,%s\n"
                         "%s,学员12,电工,专项职业能力,Z-2,%s\n"
                         "%s,无名,钳工,高级工,Z-3,%s\n", a, issued, b, issued, unknown, issued);
  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);

  /* The kind first, in the header bar: the options follow it. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (up_test_get_widget (dialog, "import-kind")), UP_IMPORT_CERTIFICATES);
  g_assert_cmpint (up_import_dialog_get_kind (dialog), ==, UP_IMPORT_CERTIFICATES);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Import Certificates");
  g_assert_false (gtk_widget_get_visible (up_test_get_widget (dialog, "import-course")));
  g_assert_true (gtk_widget_get_visible (up_test_get_widget (dialog, "import-issuer")));

  up_import_dialog_set_file (dialog, file);
  WAIT_UNTIL (!up_import_dialog_get_busy (dialog), "the preview");
  g_assert_cmpstr (stack_page (dialog), ==, "preview");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (up_test_get_widget (dialog, "import-column-2"))),
                    ==, UP_CERTIFICATE_COLUMN_OCCUPATION + 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (up_test_get_widget (dialog, "import-column-4"))),
                    ==, UP_CERTIFICATE_COLUMN_NUMBER + 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (up_test_get_widget (dialog, "import-column-5"))),
                    ==, UP_CERTIFICATE_COLUMN_ISSUED_ON + 1);

  /* The file has no issuing body: one for all of them, typed in; the
   * valid rows only, so the unknown trainee stays out alone. */
  gtk_editable_set_text (GTK_EDITABLE (up_test_get_widget (dialog, "import-issuer")), "重庆市职业技能鉴定中心");
  gtk_switch_set_active (GTK_SWITCH (up_test_get_widget (dialog, "import-valid-only")), TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL));
  WAIT_UNTIL (g_strcmp0 (stack_page (dialog), "result") == 0 || g_strcmp0 (stack_page (dialog), "preview") == 0,
              "the import");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (up_test_get_widget (dialog, "import-message"))), ==, "");
  g_assert_cmpstr (stack_page (dialog), ==, "result");

  summary = up_import_dialog_get_summary (dialog);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->read, ==, 3);
  g_assert_cmpuint (summary->imported, ==, 2);
  g_assert_cmpuint (summary->rejected, ==, 1);
  g_assert_cmpuint (summary->claims_pending + summary->claims_refused, ==, 2);
  g_assert_true (gtk_widget_get_visible (up_test_get_widget (dialog, "import-open-rejects")));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (up_test_get_widget (dialog, "import-result"))),
                            "2 certificates imported"));

  g_assert_cmpint (up_test_pg_query_int (f->conn,
                                         "SELECT count (*) FROM certifications WHERE issuing_body = '重庆市职业技能鉴定中心'",
                                         NULL), ==, 2);
  g_assert_cmpint (up_test_pg_query_int (f->conn,
                                         "SELECT count (*) FROM subsidies x JOIN certifications c ON c.id = x.certification_id"
                                         " WHERE c.certificate_no = 'Z-1' AND x.state = 'pending' AND x.amount_fen = 150000",
                                         NULL), ==, 1);
  g_assert_cmpint (up_test_pg_query_int (f->conn,
                                         "SELECT count (*) FROM certifications WHERE certificate_no = 'Z-2'"
                                         " AND kind = 'special_ability' AND skill_level IS NULL", NULL), ==, 1);

  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_UNTIL (dialog == NULL, "the dialog to close");
}

/* An approved batch of two claims (trainees 21 and 22, 1,500.00 and
 * 1,000.00 yuan). */
static gint64
approved_batch (Fixture *f,
                gint64  *claims)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpPaymentBatch) batch = NULL;
  gint64 batch_id;
  int version;
  guint changed = 0;
  GDate from, to;

  up_pg_command (f->conn,
                 "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from) "
                 "VALUES ('高级工', 'skill_level', 3, 150000, '2020-01-01'),"
                 "       ('中级工', 'skill_level', 4, 100000, '2020-01-01')", 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      gint64 trainee = test_trainee (f->conn, f->academy_id, 21 + i);
      g_autofree char *trainee_text = g_strdup_printf ("%" G_GINT64_FORMAT, trainee);
      g_autofree char *level = g_strdup_printf ("%u", 3 + i);
      const char *params[] = { trainee_text, level };

      up_pg_query_int64 (f->conn,
                         "WITH c AS (INSERT INTO certifications (academy_id, trainee_id, kind, occupation, skill_level,"
                         "                                       certificate_no, issuing_body, issued_on)"
                         "           SELECT academy_id, id, 'skill_level', '焊工', $2::smallint, 'B' || $1, '鉴定中心',"
                         "                  current_date - 30 FROM trainees WHERE id = $1::bigint RETURNING id)"
                         "SELECT id FROM c", 2, params, &claims[i], &error);
      g_assert_no_error (error);
      {
        /* The claim the trigger made, seen by the next statement. */
        g_autofree char *certification = g_strdup_printf ("%" G_GINT64_FORMAT, claims[i]);

        claims[i] = up_test_pg_query_int (f->conn, "SELECT id FROM subsidies WHERE certification_id = $1::bigint",
                                          certification);
      }
    }
  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, claims, 2, NULL, &changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 2);
  batch = up_payment_batch_create (f->conn, "2025年第1批", "special", -1, &error);
  g_assert_no_error (error);
  batch_id = up_payment_batch_get_id (batch);
  version = up_payment_batch_get_version (batch);
  up_payment_batch_add_claims (f->conn, batch_id, version, claims, 2, &changed, &error);
  g_assert_no_error (error);
  up_payment_batch_submit (f->conn, batch_id, version, &version, &error);
  g_assert_no_error (error);
  g_date_clear (&from, 1);
  g_date_set_time_t (&from, time (NULL));
  to = from;
  g_date_subtract_days (&from, 10);
  g_date_subtract_days (&to, 1);
  up_payment_batch_start_notice (f->conn, batch_id, version, &from, &to, &version, &error);
  g_assert_no_error (error);
  up_payment_batch_approve (f->conn, batch_id, version, &version, &error);
  g_assert_no_error (error);
  return batch_id;
}

/* The bank's file for the batch chosen in the dropdown of approved
 * batches: one transfer returned, the batch paid. */
static void
test_import_payments (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *a = test_id_number (21);
  g_autofree char *b = test_id_number (22);
  g_autofree char *csv = g_strdup_printf ("户名,身份证号,金额,失败原因\n学员21,%s,1500.00,\n学员22,%s,1000.00,账户已冻结\n",
                                          a, b);
  g_autofree char *path = g_build_filename (f->dir, "bank.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gint64 claims[2];
  gint64 batch = approved_batch (f, claims);
  g_autofree char *batch_text = g_strdup_printf ("%" G_GINT64_FORMAT, batch);
  UpImportDialog *dialog = open_dialog (f);
  const UpImportSummary *summary;
  GtkWidget *batch_row;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);

  up_import_dialog_set_file (dialog, file);
  WAIT_UNTIL (!up_import_dialog_get_busy (dialog), "the preview");
  /* Read as a roster first; the kind chosen afterwards reads it again. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (up_test_get_widget (dialog, "import-kind")), UP_IMPORT_PAYMENTS);
  WAIT_UNTIL (!up_import_dialog_get_busy (dialog), "the batches and the preview");
  g_assert_cmpstr (stack_page (dialog), ==, "preview");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (up_test_get_widget (dialog, "import-column-3"))),
                    ==, UP_PAYMENT_COLUMN_REASON + 1);
  batch_row = up_test_get_widget (dialog, "import-batch");
  g_assert_true (gtk_widget_get_visible (batch_row));
  g_assert_false (gtk_widget_is_visible (up_test_get_widget (dialog, "import-valid-only")));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (batch_row))), ==, 1);
  g_assert_nonnull (strstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (batch_row))),
                            "2025年第1批"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL));
  WAIT_UNTIL (g_strcmp0 (stack_page (dialog), "result") == 0 || g_strcmp0 (stack_page (dialog), "preview") == 0,
              "the import");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (up_test_get_widget (dialog, "import-message"))), ==, "");
  g_assert_cmpstr (stack_page (dialog), ==, "result");
  summary = up_import_dialog_get_summary (dialog);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->paid, ==, 1);
  g_assert_cmpuint (summary->failed, ==, 1);
  g_assert_cmpint (summary->paid_fen, ==, 150000);

  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM payment_batches WHERE id = $1::bigint"
                                                  " AND state = 'paid'", batch_text), ==, 1);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM subsidies WHERE batch_id = $1::bigint"
                                                  " AND state = 'failed'", batch_text), ==, 1);
  /* The paid batch is no longer offered. */
  WAIT_UNTIL (!up_import_dialog_get_busy (dialog), "the batches");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (batch_row))), ==, 0);

  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_UNTIL (dialog == NULL, "the dialog to close");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("LANGUAGE", "C", TRUE);

  up_test_gtk_init (&argc, &argv);

  g_test_add ("/import-dialog/imports-valid-rows-and-enrolls", Fixture, NULL,
              fixture_setup, test_import_from_the_trainees_page, fixture_teardown);
  g_test_add ("/import-dialog/one-bad-row-keeps-the-file-out", Fixture, NULL,
              fixture_setup, test_cancel_and_reject_all, fixture_teardown);
  g_test_add ("/import-dialog/certificates-through-the-kind-chooser", Fixture, NULL,
              fixture_setup, test_import_certificates, fixture_teardown);
  g_test_add ("/import-dialog/payments-for-an-approved-batch", Fixture, NULL,
              fixture_setup, test_import_payments, fixture_teardown);

  ret = g_test_run ();

  up_test_pg_shutdown ();
  return ret;
}
