/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "up-demo.h"
#include "up-error.h"
#include "up-id-number.h"
#include "up-pg.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"
#include "up-trainee-dialog.h"
#include "up-trainee-list.h"
#include "up-trainees-page.h"
#include "up-courses-page.h"
#include "up-roster-page.h"
#include "up-window.h"

/* The Trainees page and the trainee dialog, driven through their real
 * widgets on a real database: what the dialog saves is what SQL finds, and
 * what the search shows is what was saved. */

#define N_DEMO_TRAINEES 300

typedef struct
{
  char       *conninfo;
  PGconn     *conn;       /* our own connection, for checking */
  UpDatabase *db;
  UpWindow   *window;     /* a reference of ours */
  gint64      saved_id;
} Fixture;

/* Helpers ------------------------------------------------------------------ */

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Iterates until @done (a GSourceFunc-like predicate) answers TRUE. */
#define WAIT_UNTIL(cond, what)                                          \
  G_STMT_START {                                                        \
    guint wait_timeout_id = g_timeout_add_seconds (60, timeout_cb, (gpointer) (what)); \
    while (!(cond))                                                     \
      g_main_context_iteration (NULL, TRUE);                            \
    g_source_remove (wait_timeout_id);                                  \
    up_test_drain_main_context ();                                              \
  } G_STMT_END

/* A valid ID number: region, birth date, sequence and its check character. */
static char *
make_id_number (const char *region,
                const char *birth,
                int         sequence)
{
  g_autofree char *first17 = g_strdup_printf ("%s%s%03d", region, birth, sequence);

  return g_strdup_printf ("%s%c", first17, up_id_number_check_character (first17));
}

static void
insert_academies (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  up_pg_command (f->conn,
                 "INSERT INTO academies (code, name, level, district) VALUES "
                 "('CQ-WELD', '重庆焊接工匠学院', 'municipal', '渝中区'), "
                 "('YB-CNC', '渝北数控工匠学院', 'district', '渝北区')",
                 0, NULL, &error);
  g_assert_no_error (error);
}

static UpTraineesPage *
show_trainees_page (Fixture *f)
{
  UpTraineesPage *page = up_window_get_trainees_page (f->window);

  up_window_set_page (f->window, "trainees");
  up_window_set_database (f->window, f->db);
  g_assert_nonnull (up_trainees_page_get_list (page));
  WAIT_UNTIL (!up_trainee_list_get_loading (up_trainees_page_get_list (page)), "the first search");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  return page;
}

static void
wait_for_dialog (UpTraineeDialog *dialog)
{
  WAIT_UNTIL (!up_trainee_dialog_get_busy (dialog), "the dialog");
}

/* Ctrl+N's action: the add dialog, with its academies read. */
static UpTraineeDialog *
open_add_dialog (Fixture *f)
{
  UpTraineesPage *page = up_window_get_trainees_page (f->window);
  UpTraineeDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new", NULL));
  dialog = up_trainees_page_get_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  wait_for_dialog (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  return dialog;
}

static void
saved_cb (UpTraineeDialog *dialog,
          gint64           id,
          Fixture         *f)
{
  f->saved_id = id;
}

/* Fills the form and presses Enter in the name field; waits until the
 * dialog has saved and closed. */
static gint64
add_trainee (Fixture    *f,
             const char *id_number,
             const char *name,
             const char *phone,
             const char *employer)
{
  UpTraineeDialog *dialog = open_add_dialog (f);

  f->saved_id = 0;
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), f);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  up_test_set_text (dialog, "trainee-id-number", id_number);
  up_test_set_text (dialog, "trainee-name", name);
  up_test_set_text (dialog, "trainee-phone", phone);
  up_test_set_text (dialog, "trainee-employer", employer);
  g_assert_true (up_trainee_dialog_get_can_save (dialog));

  g_signal_emit_by_name (up_test_get_widget (dialog, "trainee-name"), "entry-activated");
  WAIT_UNTIL (dialog == NULL, "the dialog to save and close");
  g_assert_cmpint (f->saved_id, >, 0);

  return f->saved_id;
}

static void
search (UpTraineesPage *page,
        const char     *text)
{
  UpTraineeList *list = up_trainees_page_get_list (page);

  /* Typed into the real entry: the page searches after the entry's delay. */
  up_test_set_text (page, "trainees-search", text);
  WAIT_UNTIL (g_strcmp0 (up_trainee_list_get_search (list), text) == 0, "the search to start");
  WAIT_UNTIL (!up_trainee_list_get_loading (list), "the search");
}

/* Waits for the rows of the first page to fill in. */
static UpTrainee *
get_loaded_item (UpTraineeList *list,
                 guint          position)
{
  UpTrainee *trainee = g_list_model_get_item (G_LIST_MODEL (list), position);

  WAIT_UNTIL (up_trainee_get_loaded (trainee), "a row");
  return trainee;
}

/* Fixture ------------------------------------------------------------------ */

static void
open_window (Fixture    *f,
             const char *conninfo)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = g_strdup (conninfo);
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);

  f->db = up_database_new (f->conninfo);
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);

  f->window = g_object_ref (up_window_new (NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_setup_academies (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *conninfo = up_test_pg_new_migrated ();

  open_window (f, conninfo);
  insert_academies (f);
}

static void
fixture_setup_demo (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *conninfo = up_test_pg_new_migrated ();
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;

  conn = up_pg_connect (conninfo, &error);
  g_assert_no_error (error);
  up_demo_options_init (&options);
  options.n_trainees = N_DEMO_TRAINEES;
  up_demo_generate (conn, &options, NULL, &error);
  g_assert_no_error (error);

  open_window (f, conninfo);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (g_steal_pointer (&f->window));
  up_test_drain_main_context ();

  if (f->db != NULL)
    {
      up_test_pg_close_database (g_steal_pointer (&f->db));
    }

  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

/* Tests -------------------------------------------------------------------- */

static void
test_empty_database_says_what_to_do (Fixture       *f,
                                     gconstpointer  data)
{
  UpTraineesPage *page = show_trainees_page (f);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (up_trainees_page_get_list (page))), ==, 0);
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (page, "trainees-empty")));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (page, "trainees-empty-add-button")));
  g_assert_cmpstr (up_test_label_text (page, "trainees-count"), ==, "0 trainees");
}

static void
test_add_trainee_saves_it (Fixture       *f,
                           gconstpointer  data)
{
  UpTraineesPage *page = show_trainees_page (f);
  g_autofree char *id_number = make_id_number ("500103", "19900503", 123);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) error = NULL;
  UpTraineeDialog *dialog;
  const char *params[1];
  gint64 id;

  /* First the form itself: birth date and gender follow the number. */
  dialog = open_add_dialog (f);
  g_assert_false (up_trainee_dialog_get_can_save (dialog));
  g_assert_false (gtk_widget_get_sensitive (up_test_get_widget (dialog, "trainee-save")));
  up_test_set_text (dialog, "trainee-id-number", id_number);
  g_assert_cmpstr (up_test_label_text (dialog, "trainee-birth-date"), ==, "1990-05-03");
  g_assert_cmpstr (up_test_label_text (dialog, "trainee-gender"), ==, "Male");
  g_assert_false (gtk_widget_get_visible (up_test_get_widget (dialog, "trainee-id-number-message")));
  up_test_set_text (dialog, "trainee-name", "张晓明");
  up_test_set_text (dialog, "trainee-industry", "装备制造");
  gtk_switch_set_active (GTK_SWITCH (up_test_get_widget (dialog, "trainee-union")), TRUE);
  /* Position 3 of none, 5 … 1: level 3, advanced. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (dialog, "trainee-skill-level")), 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (dialog, "trainee-academy")), 1);

  /* A phone that is no mobile number holds the save back. */
  up_test_set_text (dialog, "trainee-phone", "12345");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_false (up_trainee_dialog_get_can_save (dialog));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "trainee-phone-message")));
  up_test_set_text (dialog, "trainee-phone", "13812345678");
  up_test_set_text (dialog, "trainee-employer", "重庆长安汽车股份有限公司");
  g_assert_true (up_trainee_dialog_get_can_save (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (gtk_widget_get_sensitive (up_test_get_widget (dialog, "trainee-save")));

  f->saved_id = 0;
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), f);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  /* The Save button's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "trainee.save", NULL));
  WAIT_UNTIL (dialog == NULL, "the dialog to save and close");
  id = f->saved_id;
  g_assert_cmpint (id, >, 0);

  params[0] = id_number;
  result = up_pg_exec (f->conn,
                       "SELECT t.id, t.name, t.phone, t.employer, t.industry, t.union_member, t.skill_level, "
                       "       t.birth_date::text, t.is_male, a.code "
                       "FROM trainees AS t JOIN academies AS a ON a.id = t.academy_id WHERE t.id_number = $1",
                       1, params, &error);
  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (result), ==, 1);
  g_assert_cmpint (g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10), ==, id);
  g_assert_cmpstr (PQgetvalue (result, 0, 1), ==, "张晓明");
  g_assert_cmpstr (PQgetvalue (result, 0, 2), ==, "13812345678");
  g_assert_cmpstr (PQgetvalue (result, 0, 3), ==, "重庆长安汽车股份有限公司");
  g_assert_cmpstr (PQgetvalue (result, 0, 4), ==, "装备制造");
  g_assert_cmpstr (PQgetvalue (result, 0, 5), ==, "t");
  g_assert_cmpstr (PQgetvalue (result, 0, 6), ==, "3");
  g_assert_cmpstr (PQgetvalue (result, 0, 7), ==, "1990-05-03");
  g_assert_cmpstr (PQgetvalue (result, 0, 8), ==, "t");
  /* Academies are listed by name: 渝北… sorts after 重庆… in the server's collation or not, but it is the one chosen. */
  g_assert_nonnull (PQgetvalue (result, 0, 9));

  /* The page lists it now, masked. */
  WAIT_UNTIL (!up_trainee_list_get_loading (up_trainees_page_get_list (page)), "the reload");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (up_trainees_page_get_list (page))), ==, 1);
  {
    g_autoptr(UpTrainee) trainee = get_loaded_item (up_trainees_page_get_list (page), 0);

    g_assert_cmpstr (up_trainee_get_name (trainee), ==, "张晓明");
    g_autofree char *masked = up_id_number_mask (id_number);

    g_assert_cmpstr (up_trainee_get_id_number_masked (trainee), ==, masked);
    g_assert_nonnull (strstr (masked, "********"));
    g_assert_cmpstr (up_trainee_get_phone_masked (trainee), ==, "138****5678");
  }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (page, "trainees-view")));
  g_assert_cmpstr (up_test_label_text (page, "trainees-count"), ==, "1 trainee");
}

static void
test_bad_id_number_shows_reason (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *good = make_id_number ("500112", "19851230", 246);
  g_autofree char *bad_check = g_strdup (good);
  UpTraineeDialog *dialog;
  GtkWidget *message;

  show_trainees_page (f);
  dialog = open_add_dialog (f);
  message = up_test_get_widget (dialog, "trainee-id-number-message");

  /* The wrong check character. */
  bad_check[17] = bad_check[17] == '0' ? '1' : '0';
  up_test_set_text (dialog, "trainee-name", "李娜");
  up_test_set_text (dialog, "trainee-id-number", bad_check);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (gtk_widget_get_mapped (message));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), ==, up_id_number_status_to_string (UP_ID_NUMBER_BAD_CHECK));
  g_assert_true (gtk_widget_has_css_class (up_test_get_widget (dialog, "trainee-id-number"), "error"));
  g_assert_cmpstr (up_test_label_text (dialog, "trainee-birth-date"), ==, "—");
  g_assert_false (up_trainee_dialog_get_can_save (dialog));
  g_assert_false (gtk_widget_get_sensitive (up_test_get_widget (dialog, "trainee-save")));

  /* An unknown province, and a birth date in the future. */
  up_test_set_text (dialog, "trainee-id-number", "990103199001011234");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), ==,
                   up_id_number_status_to_string (up_id_number_check ("990103199001011234", NULL)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), ==, up_id_number_status_to_string (UP_ID_NUMBER_BAD_REGION));
  {
    g_autofree char *future = make_id_number ("500103", "29990101", 11);

    up_test_set_text (dialog, "trainee-id-number", future);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), ==,
                     up_id_number_status_to_string (UP_ID_NUMBER_BAD_BIRTH_DATE));
  }

  /* Half typed: a quiet hint, not an error. */
  up_test_set_text (dialog, "trainee-id-number", "500103");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), ==, up_id_number_status_to_string (UP_ID_NUMBER_TOO_SHORT));
  g_assert_false (gtk_widget_has_css_class (up_test_get_widget (dialog, "trainee-id-number"), "error"));

  /* Enter in a field saves nothing while the number is wrong. */
  up_test_set_text (dialog, "trainee-id-number", bad_check);
  g_signal_emit_by_name (up_test_get_widget (dialog, "trainee-name"), "entry-activated");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "trainee.save", NULL);
  up_test_drain_main_context ();
  g_assert_false (up_trainee_dialog_get_busy (dialog));
  g_assert_true (up_trainees_page_get_dialog (up_window_get_trainees_page (f->window)) == dialog);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count(*) FROM trainees", NULL), ==, 0);

  /* Lower-case x is the same as X: fixed, it saves. */
  up_test_set_text (dialog, "trainee-id-number", good);
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_true (up_trainee_dialog_get_can_save (dialog));

  /* Escape closes without saving. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  WAIT_UNTIL (dialog == NULL, "the dialog to close");
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count(*) FROM trainees", NULL), ==, 0);
}

static void
test_search_shows_new_trainee (Fixture       *f,
                               gconstpointer  data)
{
  UpTraineesPage *page = show_trainees_page (f);
  UpTraineeList *list = up_trainees_page_get_list (page);
  g_autofree char *id_number = make_id_number ("500110", "19920229", 357);
  g_autofree char *count_text = NULL;
  gint64 id;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_DEMO_TRAINEES);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count(*) FROM trainees WHERE name LIKE '%霁岚%'", NULL), ==, 0);

  id = add_trainee (f, id_number, "欧阳霁岚", "15923456789", "重庆钢铁集团");

  /* Two characters of the name. */
  search (page, "霁岚");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  {
    g_autoptr(UpTrainee) trainee = get_loaded_item (list, 0);

    g_assert_cmpint (up_trainee_get_id (trainee), ==, id);
    g_assert_cmpstr (up_trainee_get_name (trainee), ==, "欧阳霁岚");
  }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (page, "trainees-view")));
  g_assert_cmpstr (up_test_label_text (page, "trainees-count"), ==, "1 trainee");

  /* The last digits of the ID number. */
  search (page, id_number + 12);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 1);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
      {
        g_autoptr(UpTrainee) trainee = get_loaded_item (list, i);

        found |= up_trainee_get_id (trainee) == id;
      }
    g_assert_true (found);
  }

  /* Nothing matches: say so. */
  search (page, "没有这个人");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (page, "trainees-no-results")));

  /* Cleared: everyone again, the new trainee too. */
  search (page, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_DEMO_TRAINEES + 1);
  count_text = g_strdup_printf ("%d trainees", N_DEMO_TRAINEES + 1);
  g_assert_cmpstr (up_test_label_text (page, "trainees-count"), ==, count_text);

  /* Ctrl+F's action focuses the search wherever the focus was. */
  gtk_widget_grab_focus (up_test_get_widget (f->window, "sidebar"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL));
  g_assert_true (gtk_widget_is_focus (up_test_get_widget (page, "trainees-search")) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), up_test_get_widget (page, "trainees-search")));
}

static void
test_sort_orders_the_list (Fixture       *f,
                           gconstpointer  data)
{
  UpTraineesPage *page = show_trainees_page (f);
  UpTraineeList *list = up_trainees_page_get_list (page);
  g_autoptr(UpTrainee) first = NULL;
  g_autoptr(UpTrainee) second = NULL;
  g_autoptr(PGresult) newest = NULL;
  g_autoptr(GError) error = NULL;

  /* Birth date, newest first: what the server's ORDER BY says. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (up_test_get_widget (page, "trainees-sort")), UP_TRAINEE_SORT_BIRTH_DATE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (up_test_get_widget (page, "trainees-sort-descending")), TRUE);
  g_assert_cmpint (up_trainee_list_get_sort (list), ==, UP_TRAINEE_SORT_BIRTH_DATE);
  g_assert_true (up_trainee_list_get_sort_descending (list));
  WAIT_UNTIL (!up_trainee_list_get_loading (list), "the sort");

  first = get_loaded_item (list, 0);
  second = get_loaded_item (list, 1);
  g_assert_cmpstr (up_trainee_get_birth_date (first), >=, up_trainee_get_birth_date (second));
  newest = up_pg_exec (f->conn, "SELECT max (birth_date)::text FROM trainees", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (up_trainee_get_birth_date (first), ==, PQgetvalue (newest, 0, 0));
}

static void
test_duplicate_id_offers_existing (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *id_number = make_id_number ("500103", "19800101", 222);
  g_autoptr(GError) error = NULL;
  UpTraineeDialog *dialog;
  const char *params[1];
  gint64 existing;

  params[0] = id_number;
  up_pg_command (f->conn,
                 "INSERT INTO trainees (academy_id, id_number, name) "
                 "SELECT min (id), $1, '王芳' FROM academies",
                 1, params, &error);
  g_assert_no_error (error);
  existing = up_test_pg_query_int (f->conn, "SELECT id FROM trainees WHERE id_number = $1", id_number);

  show_trainees_page (f);
  dialog = open_add_dialog (f);
  /* Typed with a lower-case x or not, it is the same number. */
  up_test_set_text (dialog, "trainee-id-number", id_number);
  up_test_set_text (dialog, "trainee-name", "王小芳");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "trainee.save", NULL));
  wait_for_dialog (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  /* Still open, with what was typed, saying why and offering the other. */
  g_assert_true (up_trainees_page_get_dialog (up_window_get_trainees_page (f->window)) == dialog);
  g_assert_true (up_trainee_error_is_duplicate_id_number (up_trainee_dialog_get_error (dialog)));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "trainee-message")));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "trainee-open-existing")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "trainee-name"))), ==, "王小芳");
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count(*) FROM trainees", NULL), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "trainee.open-existing", NULL));
  wait_for_dialog (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_cmpint (up_trainee_dialog_get_trainee_id (dialog), ==, existing);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "trainee-name"))), ==, "王芳");
  g_assert_false (gtk_widget_get_mapped (up_test_get_widget (dialog, "trainee-open-existing")));
  /* And the courses of the one opened: none yet. */
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "trainee-enrollments")));
}

static void
test_edit_shows_courses_and_saves (Fixture       *f,
                                   gconstpointer  data)
{
  UpTraineesPage *page = show_trainees_page (f);
  g_autofree char *id_text = NULL;
  g_autofree char *certificates = NULL;
  g_autoptr(GError) error = NULL;
  UpTraineeDialog *dialog;
  GtkWidget *enrollments;
  gint64 id, n_enrollments;
  guint n_rows = 0;

  id = up_test_pg_query_int (f->conn,
                  "SELECT trainee_id FROM enrollments GROUP BY trainee_id ORDER BY count(*) DESC, trainee_id LIMIT 1",
                  NULL);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  n_enrollments = up_test_pg_query_int (f->conn, "SELECT count(*) FROM enrollments WHERE trainee_id = $1", id_text);
  g_assert_cmpint (n_enrollments, >, 0);

  dialog = up_trainees_page_open_trainee (page, id);
  wait_for_dialog (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  enrollments = up_test_get_widget (dialog, "trainee-enrollments");
  for (GtkWidget *row = gtk_widget_get_first_child (enrollments); row != NULL; row = gtk_widget_get_next_sibling (row))
    n_rows += GTK_IS_LIST_BOX_ROW (row);
  g_assert_cmpint (n_rows, ==, MIN (n_enrollments, 200));
  certificates = g_strdup_printf ("%" G_GINT64_FORMAT,
                                  up_test_pg_query_int (f->conn, "SELECT count(*) FROM certifications WHERE trainee_id = $1", id_text));
  g_assert_cmpstr (up_test_label_text (dialog, "trainee-certificates"), ==, certificates);

  /* Someone else saves meanwhile: our save says so and offers a reload. */
  up_pg_command (f->conn, "UPDATE trainees SET industry = '建筑', version = version + 1 WHERE id = $1::bigint",
                 1, (const char *[]) { id_text }, &error);
  g_assert_no_error (error);
  up_test_set_text (dialog, "trainee-employer", "重庆轨道交通集团");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "trainee.save", NULL));
  wait_for_dialog (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_error (up_trainee_dialog_get_error (dialog), UP_TRAINEE_ERROR, UP_TRAINEE_ERROR_CHANGED);
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "trainee-reload")));
  /* What they changed is named, and saving over it knowingly is offered. */
  g_assert_nonnull (strstr (up_test_label_text (dialog, "trainee-message"), "Industry"));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "trainee-overwrite")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "trainee.reload", NULL));
  wait_for_dialog (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "trainee-industry"))), ==, "建筑");

  up_test_set_text (dialog, "trainee-employer", "重庆轨道交通集团");
  f->saved_id = 0;
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), f);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "trainee.save", NULL));
  WAIT_UNTIL (dialog == NULL, "the dialog to save and close");
  g_assert_cmpint (f->saved_id, ==, id);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count(*) FROM trainees WHERE id = $1 AND employer = '重庆轨道交通集团'",
                              id_text), ==, 1);

  /* Save Anyway: our form over someone else's change, knowingly. */
  dialog = up_trainees_page_open_trainee (page, id);
  wait_for_dialog (dialog);
  up_pg_command (f->conn, "UPDATE trainees SET industry = '制造' WHERE id = $1::bigint",
                 1, (const char *[]) { id_text }, &error);
  g_assert_no_error (error);
  up_test_set_text (dialog, "trainee-employer", "重庆长安汽车股份有限公司");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "trainee.save", NULL));
  wait_for_dialog (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "trainee-overwrite")));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "trainee.overwrite", NULL));
  WAIT_UNTIL (dialog == NULL, "the dialog to save over the other change and close");
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count(*) FROM trainees WHERE id = $1 "
                                                  "AND employer = '重庆长安汽车股份有限公司' AND industry = '建筑'",
                                         id_text), ==, 1);

  /* A course of the trainee leads to its roster on the Courses page. */
  dialog = up_trainees_page_open_trainee (page, id);
  wait_for_dialog (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  {
    GtkWidget *first_row = gtk_widget_get_first_child (up_test_get_widget (dialog, "trainee-enrollments"));
    gint64 latest = up_test_pg_query_int (f->conn,
                               "SELECT e.course_id FROM enrollments e JOIN courses c ON c.id = e.course_id "
                               "WHERE e.trainee_id = $1 ORDER BY c.start_date DESC, c.id DESC LIMIT 1", id_text);

    g_assert_true (GTK_IS_LIST_BOX_ROW (first_row));
    g_signal_emit_by_name (first_row, "activate");
    WAIT_UNTIL (dialog == NULL, "the dialog to close for the course");
    g_assert_cmpstr (up_window_get_page (f->window), ==, "courses");
    g_assert_cmpint (up_roster_page_get_course_id (up_courses_page_get_roster_page (up_window_get_courses_page (f->window))),
                     ==, latest);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The words the tests compare are the English ones. */
  g_setenv ("LANGUAGE", "C", TRUE);

  up_test_gtk_init (&argc, &argv);

  g_test_add ("/trainees-page/empty-database/says-what-to-do", Fixture, NULL,
              fixture_setup_academies, test_empty_database_says_what_to_do, fixture_teardown);
  g_test_add ("/trainees-page/dialog/add-trainee-saves-it", Fixture, NULL,
              fixture_setup_academies, test_add_trainee_saves_it, fixture_teardown);
  g_test_add ("/trainees-page/dialog/bad-id-number-shows-reason-and-saves-nothing", Fixture, NULL,
              fixture_setup_academies, test_bad_id_number_shows_reason, fixture_teardown);
  g_test_add ("/trainees-page/dialog/duplicate-id-number-offers-existing-trainee", Fixture, NULL,
              fixture_setup_academies, test_duplicate_id_offers_existing, fixture_teardown);
  g_test_add ("/trainees-page/search/shows-trainee-just-added", Fixture, NULL,
              fixture_setup_demo, test_search_shows_new_trainee, fixture_teardown);
  g_test_add ("/trainees-page/sort/orders-by-the-server", Fixture, NULL,
              fixture_setup_demo, test_sort_orders_the_list, fixture_teardown);
  g_test_add ("/trainees-page/dialog/edit-shows-courses-and-saves", Fixture, NULL,
              fixture_setup_demo, test_edit_shows_courses_and_saves, fixture_teardown);

  ret = g_test_run ();

  up_test_pg_shutdown ();

  return ret;
}
