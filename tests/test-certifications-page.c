/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "up-certification-dialog.h"
#include "up-certification-list.h"
#include "up-certification.h"
#include "up-certifications-page.h"
#include "up-pg.h"
#include "up-test-course-data.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"
#include "up-trainee.h"
#include "up-window.h"

/* The Certifications page in the real window on a database of its own: a
 * certificate recorded through the form a person fills (the trainee found
 * by name, the kind, the level, the number, the issuing body, the date),
 * the claim the database computed said on the page and the row listed; a
 * number the issuing body already used refused in words; the filters. */

typedef struct
{
  char                 *conninfo;
  PGconn               *conn;      /* our own connection, for rows and checks */
  UpDatabase           *db;
  UpWindow             *window;    /* a reference of ours */
  UpCertificationsPage *page;
  gint64                academy;
  gint64                trainee;
  char                 *trainee_param;
} Fixture;

/* Helpers ------------------------------------------------------------------ */

typedef gboolean (*Condition) (gpointer data);

#define wait_until(condition, data) wait_until_at (condition, data, G_STRLOC)

static void
wait_until_at (Condition   condition,
               gpointer    data,
               const char *where)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

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
page_idle (gpointer data)
{
  return !up_certifications_page_is_loading (data);
}

static gboolean
dialog_idle (gpointer data)
{
  return !up_certification_dialog_is_busy (data);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* The one trainee the dialog's search found, loaded. */
static gboolean
one_trainee_found (gpointer data)
{
  GtkSelectionModel *model = gtk_list_view_get_model (data);
  g_autoptr(UpTrainee) trainee = NULL;

  if (model == NULL || g_list_model_get_n_items (G_LIST_MODEL (model)) != 1)
    return FALSE;
  trainee = g_list_model_get_item (G_LIST_MODEL (model), 0);
  return up_trainee_get_loaded (trainee);
}

/* A label on screen whose text holds @text, anywhere under @root. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
      && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;

  return FALSE;
}

/* The one open window of @type. */
static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gpointer found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          g_assert_null (found);
          found = window;
        }
    }

  g_assert_nonnull (found);
  return found;
}

static void
click (gpointer    root,
       const char *name)
{
  g_signal_emit_by_name (up_test_get_widget (root, name), "clicked");
}

/* A date a few months ago, inside the claim window of twelve months. */
static char *
recent_date (int months_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_months (now, -months_ago);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
show_page (Fixture *f)
{
  up_window_set_database (f->window, f->db);
  up_window_set_page (f->window, "certifications");
  wait_until (page_idle, f->page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static guint
n_listed (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (up_certifications_page_get_list (f->page)));
}

/* Ctrl+N's action, as the window has it wherever the focus is. */
static UpCertificationDialog *
open_new_dialog (Fixture *f)
{
  UpCertificationDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new", NULL));
  dialog = find_toplevel (UP_TYPE_CERTIFICATION_DIALOG);
  wait_until (dialog_idle, dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

/* Finds the trainee by name in the form's popover and picks the one match. */
static void
choose_trainee (UpCertificationDialog *dialog,
                const char            *name)
{
  GtkWidget *results;

  gtk_menu_button_popup (GTK_MENU_BUTTON (up_test_get_widget (dialog, "certification-trainee-button")));
  up_test_drain_main_context ();
  up_test_set_text (dialog, "certification-trainee-search", name);
  results = up_test_get_widget (dialog, "certification-trainee-results");
  wait_until (one_trainee_found, results);
  /* A click on the row. */
  g_signal_emit_by_name (results, "activate", 0);
  wait_until (dialog_idle, dialog);
}

/* Fixture ------------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);

  f->academy = test_academy (f->conn, "CQ-WELD");
  f->trainee = test_trainee (f->conn, f->academy, 1);
  f->trainee_param = g_strdup_printf ("%" G_GINT64_FORMAT, f->trainee);
  up_pg_command (f->conn,
                 "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from) "
                 "VALUES ('中级工', 'skill_level', 4, 100000, '2020-01-01'), "
                 "       ('高级工', 'skill_level', 3, 150000, '2020-01-01')",
                 0, NULL, &error);
  g_assert_no_error (error);

  f->db = up_database_new (f->conninfo);
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);

  f->window = g_object_ref (up_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  f->page = UP_CERTIFICATIONS_PAGE (up_test_get_widget (f->window, "certifications-page"));
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (g_steal_pointer (&f->window));
  up_test_drain_main_context ();

  up_test_pg_close_database (g_steal_pointer (&f->db));

  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
  g_clear_pointer (&f->trainee_param, g_free);
}

/* Tests -------------------------------------------------------------------- */

static void
test_dialog_records_certificate (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *issued = recent_date (2);
  g_autofree char *id_number = test_id_number (1);
  g_autofree char *masked = NULL;
  UpCertificationDialog *dialog;
  gpointer weak;

  show_page (f);

  /* Nothing yet: the page says what to do. */
  g_assert_cmpuint (n_listed (f), ==, 0);
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (f->page, "certifications-empty")));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (up_test_get_widget (f->page,
                                                                                     "certifications-empty"))),
                   ==, "No Certificates Yet");

  dialog = open_new_dialog (f);

  /* Saved empty: the trainee is asked for first, and nothing is saved. */
  click (dialog, "certification-save-button");
  g_assert_nonnull (up_certification_dialog_get_error (dialog));
  g_assert_true (g_str_has_prefix (up_certification_dialog_get_error (dialog), "Trainee:"));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "certification-dialog-error")));

  choose_trainee (dialog, "学员1");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (up_test_get_widget (dialog,
                                                                                             "certification-trainee"))),
                            "学员1"));

  /* The kind shows the level that fits it. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (dialog, "certification-kind")),
                              UP_CERTIFICATION_KIND_ACADEMIC_DEGREE);
  g_assert_true (gtk_widget_get_visible (up_test_get_widget (dialog, "certification-academic-level")));
  g_assert_true (gtk_widget_get_visible (up_test_get_widget (dialog, "certification-route")));
  g_assert_false (gtk_widget_get_visible (up_test_get_widget (dialog, "certification-skill-level")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (dialog, "certification-kind")),
                              UP_CERTIFICATION_KIND_SKILL_LEVEL);
  g_assert_true (gtk_widget_get_visible (up_test_get_widget (dialog, "certification-skill-level")));
  g_assert_false (gtk_widget_get_visible (up_test_get_widget (dialog, "certification-academic-level")));
  /* Row 2: Advanced (3). */
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (dialog, "certification-skill-level")), 2);

  up_test_set_text (dialog, "certification-occupation", "焊工");
  up_test_set_text (dialog, "certification-number", "S500020263000123");
  up_test_set_text (dialog, "certification-issuing-body", "重庆市职业技能鉴定指导中心");

  /* A date that is not one: refused beside the field, nothing saved. */
  up_test_set_text (dialog, "certification-issued-on", "2025-02-30");
  click (dialog, "certification-save-button");
  g_assert_nonnull (strstr (up_certification_dialog_get_error (dialog), "year-month-day"));
  g_assert_true (gtk_widget_has_css_class (up_test_get_widget (dialog, "certification-issued-on"), "error"));
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM certifications", NULL), ==, 0);

  up_test_set_text (dialog, "certification-issued-on", issued);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  click (dialog, "certification-save-button");
  /* The dialog closes itself once the database has the certificate. */
  wait_until (pointer_cleared, &weak);

  g_assert_cmpint (test_query_int (f->conn,
                                   "SELECT count(*) FROM certifications WHERE trainee_id = $1 "
                                   "AND kind = 'skill_level' AND skill_level = 3 AND occupation = '焊工' "
                                   "AND certificate_no = 'S500020263000123' "
                                   "AND issuing_body = '重庆市职业技能鉴定指导中心' "
                                   "AND issued_on = current_date - interval '2 months' AND course_id IS NULL",
                                   f->trainee_param), ==, 1);
  /* The claim the database computed, and the trainee's raised level. */
  g_assert_cmpint (test_query_int (f->conn, "SELECT amount_fen FROM subsidies WHERE trainee_id = $1 "
                                            "AND state = 'pending'", f->trainee_param), ==, 150000);
  g_assert_cmpint (test_query_int (f->conn, "SELECT skill_level FROM trainees WHERE id = $1", f->trainee_param),
                   ==, 3);

  /* The page says what the claim is, and lists the certificate. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_cmpstr (up_test_label_text (f->page, "certifications-claim"), ==,
                   "Certificate recorded. Claim computed: ¥1,500.00, pending approval.");
  wait_until (page_idle, f->page);
  g_assert_cmpuint (n_listed (f), ==, 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->page), "S500020263000123"));
  g_assert_true (shows_text (GTK_WIDGET (f->page), "学员1"));
  g_assert_true (shows_text (GTK_WIDGET (f->page), "Advanced"));
  /* The ID number masked, never whole. */
  masked = g_strconcat ("500112********", id_number + 14, NULL);
  g_assert_true (shows_text (GTK_WIDGET (f->page), masked));
  g_assert_false (shows_text (GTK_WIDGET (f->page), id_number));
  g_assert_true (shows_text (GTK_WIDGET (f->page), "1 certificate"));
}

static void
test_dialog_refuses_duplicate_number (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(UpCertificationInput) input = up_certification_input_new ();
  g_autoptr(UpCertificationResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *issued = recent_date (1);
  UpCertificationDialog *dialog;

  input->trainee_id = f->trainee;
  input->kind = UP_CERTIFICATION_KIND_SKILL_LEVEL;
  input->skill_level = 4;
  input->occupation = g_strdup ("电工");
  input->certificate_no = g_strdup ("DUP-1");
  input->issuing_body = g_strdup ("重庆市职业技能鉴定指导中心");
  input->issued_on = g_strdup (issued);
  result = up_certification_insert (f->conn, input, &error);
  g_assert_no_error (error);

  show_page (f);
  g_assert_cmpuint (n_listed (f), ==, 1);

  dialog = open_new_dialog (f);
  choose_trainee (dialog, "学员1");

  /* Typing a part of an occupation already recorded offers it. */
  {
    GtkWidget *occupation = up_test_get_widget (dialog, "certification-occupation");
    GtkWidget *suggestions = up_test_get_widget (dialog, "certification-occupation-suggestions");

    gtk_widget_grab_focus (occupation);
    up_test_set_text (dialog, "certification-occupation", "电");
    gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
    g_assert_true (gtk_widget_get_mapped (suggestions));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (suggestions)))),
                      ==, 1);
    g_signal_emit_by_name (suggestions, "activate", 0);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (occupation)), ==, "电工");
    g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (suggestions, GTK_TYPE_POPOVER)));
  }

  up_test_set_text (dialog, "certification-occupation", "焊工");
  up_test_set_text (dialog, "certification-number", "DUP-1");
  up_test_set_text (dialog, "certification-issuing-body", "重庆市职业技能鉴定指导中心");
  up_test_set_text (dialog, "certification-issued-on", issued);
  click (dialog, "certification-save-button");
  wait_until (dialog_idle, dialog);

  /* Said in words beside the number; the form stays with what was typed. */
  g_assert_cmpstr (up_certification_dialog_get_error (dialog), ==,
                   "This issuing body already issued a certificate with this number.");
  g_assert_true (gtk_widget_has_css_class (up_test_get_widget (dialog, "certification-number"), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "certification-occupation"))),
                   ==, "焊工");
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM certifications", NULL), ==, 1);

  gtk_window_destroy (GTK_WINDOW (dialog));
  up_test_drain_main_context ();
}

static void
test_dialog_edits_certificate (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(UpCertificationInput) input = up_certification_input_new ();
  g_autoptr(UpCertificationResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *issued = recent_date (3);
  UpCertificationDialog *dialog;
  gpointer weak;

  input->trainee_id = f->trainee;
  input->kind = UP_CERTIFICATION_KIND_SKILL_LEVEL;
  input->skill_level = 4;
  input->occupation = g_strdup ("焊工");
  input->certificate_no = g_strdup ("EDIT-1");
  input->issuing_body = g_strdup ("重庆市职业技能鉴定指导中心");
  input->issued_on = g_strdup (issued);
  result = up_certification_insert (f->conn, input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->amount_fen, ==, 100000);

  show_page (f);
  g_assert_cmpuint (n_listed (f), ==, 1);

  /* Enter or a double-click on the row opens its form, filled in. */
  g_signal_emit_by_name (up_test_get_widget (f->page, "certifications-list"), "activate", 0);
  dialog = find_toplevel (UP_TYPE_CERTIFICATION_DIALOG);
  wait_until (dialog_idle, dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "certification-number"))), ==,
                   "EDIT-1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "certification-occupation"))),
                   ==, "焊工");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "certification-issued-on"))),
                   ==, issued);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (up_test_get_widget (dialog,
                                                                                   "certification-skill-level"))),
                    ==, 1);
  /* The certificate stays with its trainee. */
  g_assert_false (gtk_widget_get_sensitive (up_test_get_widget (dialog, "certification-trainee-button")));

  /* Corrected to level 3 and marked verified. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (dialog, "certification-skill-level")), 2);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "certification.verified-today", NULL);
  up_test_set_text (dialog, "certification-verified-how", "全国联网查询");
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  click (dialog, "certification-save-button");
  wait_until (pointer_cleared, &weak);

  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM certifications WHERE trainee_id = $1 "
                                            "AND skill_level = 3 AND version = 2 AND verified_on = current_date "
                                            "AND verified_how = '全国联网查询'", f->trainee_param), ==, 1);
  /* The claim computed again for the new level. */
  g_assert_cmpint (test_query_int (f->conn, "SELECT amount_fen FROM subsidies WHERE trainee_id = $1 "
                                            "AND state = 'pending'", f->trainee_param), ==, 150000);
  g_assert_cmpstr (up_test_label_text (f->page, "certifications-claim"), ==,
                   "Certificate saved. Claim computed: ¥1,500.00, pending approval.");
  wait_until (page_idle, f->page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->page), "Advanced"));
}

typedef struct
{
  Fixture    *f;
  const char *label;
} Offer;

static gboolean
academy_filter_offers (gpointer data)
{
  Offer *offer = data;
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (up_test_get_widget (offer->f->page,
                                                                                  "certifications-academy-filter")));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), offer->label) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Chooses the academy filter's row @label, once the academies are in. */
static void
choose_academy (Fixture    *f,
                const char *label)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (up_test_get_widget (f->page, "certifications-academy-filter"));
  GListModel *model = gtk_drop_down_get_model (dropdown);
  Offer offer = { f, label };

  wait_until (academy_filter_offers, &offer);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        gtk_drop_down_set_selected (dropdown, i);
    }
  wait_until (page_idle, f->page);
}

static void
test_filters_narrow_list (Fixture       *f,
                          gconstpointer  data)
{
  gint64 second = test_trainee (f->conn, f->academy, 2);
  gint64 rail = test_academy (f->conn, "CQ-RAIL");
  g_autofree char *issued = recent_date (1);
  const struct {
    gint64               trainee;
    UpCertificationKind  kind;
    int                  level;
    const char          *occupation;
    const char          *number;
    gint64               academy;   /* 0: the trainee's */
  } rows[] = {
    { f->trainee, UP_CERTIFICATION_KIND_SKILL_LEVEL, 4, "焊工", "F-1", 0 },
    { f->trainee, UP_CERTIFICATION_KIND_SPECIAL_ABILITY, 0, "汽车维修", "F-2", 0 },
    { second, UP_CERTIFICATION_KIND_SKILL_LEVEL, 3, "电焊工", "F-3", rail },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(UpCertificationInput) input = up_certification_input_new ();
      g_autoptr(UpCertificationResult) result = NULL;
      g_autoptr(GError) error = NULL;

      input->trainee_id = rows[i].trainee;
      input->academy_id = rows[i].academy;
      input->kind = rows[i].kind;
      input->skill_level = rows[i].level;
      input->occupation = g_strdup (rows[i].occupation);
      input->certificate_no = g_strdup (rows[i].number);
      input->issuing_body = g_strdup ("重庆市职业技能鉴定指导中心");
      input->issued_on = g_strdup (issued);
      result = up_certification_insert (f->conn, input, &error);
      g_assert_no_error (error);
    }

  show_page (f);
  g_assert_cmpuint (n_listed (f), ==, 3);
  g_assert_true (shows_text (GTK_WIDGET (f->page), "3 certificates"));

  /* The kind: skill levels. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (up_test_get_widget (f->page, "certifications-kind-filter")), 1);
  wait_until (page_idle, f->page);
  g_assert_cmpuint (n_listed (f), ==, 2);

  /* And the level: row 3 is Advanced (3). */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (up_test_get_widget (f->page, "certifications-level-filter")), 3);
  wait_until (page_idle, f->page);
  g_assert_cmpuint (n_listed (f), ==, 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (up_test_get_widget (f->page, "certifications-level-filter")), 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (up_test_get_widget (f->page, "certifications-kind-filter")), 0);
  wait_until (page_idle, f->page);
  g_assert_cmpuint (n_listed (f), ==, 3);

  /* A part of the occupation, after a pause in the typing. */
  up_test_set_text (f->page, "certifications-occupation-filter", "焊");
  g_usleep (400 * 1000);
  up_test_drain_main_context ();
  wait_until (page_idle, f->page);
  g_assert_cmpuint (n_listed (f), ==, 2);
  up_test_set_text (f->page, "certifications-occupation-filter", "");
  g_usleep (400 * 1000);
  up_test_drain_main_context ();
  wait_until (page_idle, f->page);

  /* The academy that recorded the certificate. */
  choose_academy (f, "工匠学院 CQ-RAIL");
  g_assert_cmpuint (n_listed (f), ==, 1);
  choose_academy (f, "工匠学院 CQ-WELD");
  g_assert_cmpuint (n_listed (f), ==, 2);
  /* Read again, the academies keep the one chosen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "certifications.reload", NULL));
  wait_until (page_idle, f->page);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (
                     up_test_get_widget (f->page, "certifications-academy-filter")))), ==, "工匠学院 CQ-WELD");
  g_assert_cmpuint (n_listed (f), ==, 2);
  choose_academy (f, "All academies");
  g_assert_cmpuint (n_listed (f), ==, 3);

  /* One trainee's certificates, as the trainee's detail asks for them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-certifications", "x", second));
  wait_until (page_idle, f->page);
  g_assert_cmpuint (n_listed (f), ==, 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->page), "F-3"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "certifications.all-trainees", NULL));
  wait_until (page_idle, f->page);
  g_assert_cmpuint (n_listed (f), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The sentences the tests look for are the English ones. */
  g_setenv ("LANGUAGE", "C", TRUE);

  up_test_gtk_init (&argc, &argv);

  g_test_add ("/certifications-page/dialog/records-certificate-and-says-its-claim", Fixture, NULL,
              fixture_setup, test_dialog_records_certificate, fixture_teardown);
  g_test_add ("/certifications-page/dialog/refuses-number-the-issuer-used", Fixture, NULL,
              fixture_setup, test_dialog_refuses_duplicate_number, fixture_teardown);
  g_test_add ("/certifications-page/dialog/edits-certificate-and-computes-claim-again", Fixture, NULL,
              fixture_setup, test_dialog_edits_certificate, fixture_teardown);
  g_test_add ("/certifications-page/filters/narrow-the-list", Fixture, NULL,
              fixture_setup, test_filters_narrow_list, fixture_teardown);

  ret = g_test_run ();

  up_test_pg_shutdown ();

  return ret;
}
