/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "up-academies-dialog.h"
#include "up-course-dialog.h"
#include "up-courses-page.h"
#include "up-enrollment.h"
#include "up-pg.h"
#include "up-roster-page.h"
#include "up-test-course-data.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"
#include "up-trainee-list.h"
#include "up-window.h"

/* The Courses page in the real window on a database of its own: a course
 * made and edited in the dialog, the academies and their majors, a full
 * course's waiting list and its promotion on a withdrawal, enrolling found
 * by name, the completion threshold and the filters, acted on through the
 * widgets a person uses and checked in the database. */

typedef struct
{
  char          *conninfo;
  PGconn        *conn;      /* our own connection, for rows and checks */
  UpDatabase    *db;
  UpWindow      *window;    /* a reference of ours */
  UpCoursesPage *page;
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
  return !up_courses_page_is_loading (data);
}

static gboolean
roster_idle (gpointer data)
{
  return !up_roster_page_is_busy (data);
}

static gboolean
dialog_idle (gpointer data)
{
  return !up_course_dialog_is_busy (data);
}

static gboolean
academies_idle (gpointer data)
{
  return !up_academies_dialog_is_busy (data);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* A label or cell on screen whose text holds @text, anywhere under @root. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
      && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  /* The cells of the column views. */
  if (GTK_IS_INSCRIPTION (root) && gtk_widget_get_mapped (root)
      && gtk_inscription_get_text (GTK_INSCRIPTION (root)) != NULL
      && strstr (gtk_inscription_get_text (GTK_INSCRIPTION (root)), text) != NULL)
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

static gint64
course_with_title (PGconn         *conn,
                   gint64          academy_id,
                   gint64          major_id,
                   const char     *title,
                   UpCourseKind    kind,
                   UpCourseStatus  status,
                   int             year,
                   int             capacity)
{
  g_autoptr(UpCourse) course = test_course_new (academy_id, major_id, capacity, status, year);
  g_autoptr(GError) error = NULL;

  up_course_set_title (course, title);
  up_course_set_kind (course, kind);
  up_course_insert (conn, course, &error);
  g_assert_no_error (error);
  return up_course_get_id (course);
}

static void
show_page (Fixture *f)
{
  up_window_set_database (f->window, f->db);
  up_window_set_page (f->window, "courses");
  wait_until (page_idle, f->page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static UpRosterPage *
open_first_course (Fixture *f)
{
  UpRosterPage *roster = up_courses_page_get_roster_page (f->page);

  g_assert_cmpuint (g_list_model_get_n_items (up_courses_page_get_courses (f->page)), >=, 1);
  /* Enter or a double-click on the row. */
  g_signal_emit_by_name (up_test_get_widget (f->page, "courses-list"), "activate", 0);
  wait_until (roster_idle, roster);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (roster)));
  return roster;
}

static void
click (gpointer    root,
       const char *name)
{
  g_signal_emit_by_name (up_test_get_widget (root, name), "clicked");
}

/* Closes @window as its close button would and waits until it is gone. */
static void
close_window (gpointer window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  wait_until (pointer_cleared, &weak);
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

  f->db = up_database_new (f->conninfo);
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);

  f->window = g_object_ref (up_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 760);
  f->page = up_window_get_courses_page (f->window);
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
}

/* Tests -------------------------------------------------------------------- */

static void
test_dialog_creates_course (Fixture       *f,
                            gconstpointer  data)
{
  gint64 academy = test_academy (f->conn, "CQ-WELD");
  g_autofree char *academy_param = g_strdup_printf ("%" G_GINT64_FORMAT, academy);
  UpCourseDialog *dialog;
  gpointer weak;

  test_major (f->conn, academy, "焊工");
  show_page (f);

  /* Nothing yet: the page says what to do. */
  g_assert_cmpuint (g_list_model_get_n_items (up_courses_page_get_courses (f->page)), ==, 0);
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (f->page, "courses-empty")));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (up_test_get_widget (f->page, "courses-empty"))), ==,
                   "No Courses Yet");

  /* Ctrl+N's action, as the window has it wherever the focus is. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new", NULL));
  dialog = find_toplevel (UP_TYPE_COURSE_DIALOG);
  wait_until (dialog_idle, dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  up_test_set_text (dialog, "course-title", "焊工（高级）培训班");
  up_test_set_text (dialog, "course-start", "2025-02-30");
  up_test_set_text (dialog, "course-end", "2025-10-31");
  up_test_set_text (dialog, "course-hours", "48");
  up_test_set_text (dialog, "course-capacity", "30");
  up_test_set_text (dialog, "course-location", "渝北区");

  /* No 30 February: refused in words, nothing saved, the form kept. */
  g_signal_emit_by_name (up_test_get_widget (dialog, "course-save-button"), "clicked");
  g_assert_nonnull (up_course_dialog_get_error (dialog));
  g_assert_nonnull (strstr (up_course_dialog_get_error (dialog), "2025-03-01"));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "course-dialog-error")));
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM courses", NULL), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "course-title"))), ==,
                   "焊工（高级）培训班");

  /* Ending before it starts. */
  up_test_set_text (dialog, "course-start", "2025-11-01");
  g_signal_emit_by_name (up_test_get_widget (dialog, "course-save-button"), "clicked");
  g_assert_nonnull (strstr (up_course_dialog_get_error (dialog), "end before"));
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM courses", NULL), ==, 0);

  up_test_set_text (dialog, "course-start", "2025-09-01");
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_signal_emit_by_name (up_test_get_widget (dialog, "course-save-button"), "clicked");
  /* The dialog closes itself once the database has the course. */
  wait_until (pointer_cleared, &weak);

  g_assert_cmpint (test_query_int (f->conn,
                                   "SELECT count(*) FROM courses WHERE title = '焊工（高级）培训班' "
                                   "AND start_date = '2025-09-01' AND end_date = '2025-10-31' "
                                   "AND hours = 48 AND capacity = 30 AND location = '渝北区' "
                                   "AND kind = 'skill' AND status = 'planned' AND academy_id = $1",
                                   academy_param), ==, 1);

  /* And the page lists it. */
  wait_until (page_idle, f->page);
  g_assert_cmpuint (g_list_model_get_n_items (up_courses_page_get_courses (f->page)), ==, 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->page), "焊工（高级）培训班"));
  g_assert_true (shows_text (GTK_WIDGET (f->page), "0 / 30"));
}

static void
test_full_course_waitlists (Fixture       *f,
                            gconstpointer  data)
{
  gint64 academy = test_academy (f->conn, "CQ-CNC");
  gint64 major = test_major (f->conn, academy, "数控加工");
  gint64 course = test_course (f->conn, academy, major, 1, UP_COURSE_STATUS_OPEN);
  gint64 first = test_trainee (f->conn, academy, 1);
  g_autofree char *second_id_number = test_id_number (2);
  g_autofree char *course_param = g_strdup_printf ("%" G_GINT64_FORMAT, course);
  g_autoptr(UpEnrollment) seated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UpEnrollment) line = NULL;
  g_autofree char *status = NULL;
  UpRosterPage *roster;
  GtkWidget *entry;

  test_trainee (f->conn, academy, 2);
  seated = up_enrollment_enroll (f->conn, first, course, &error);
  g_assert_no_error (error);

  show_page (f);
  roster = open_first_course (f);
  g_assert_cmpuint (g_list_model_get_n_items (up_roster_page_get_roster (roster)), ==, 1);
  g_assert_true (shows_text (GTK_WIDGET (roster), "Completion needs 80 % of 40 hours (32 hours)"));

  /* A mistyped number is said at once and reaches nobody. */
  entry = up_test_get_widget (f->page, "roster-id-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "50011219800101001");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (up_roster_page_is_busy (roster));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (up_test_get_widget (f->page, "roster-id-error"))), !=, "");
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM enrollments", NULL), ==, 1);

  /* The second trainee by ID number, typed in lower case where it ends in
   * X would not matter: the course is full, so the waiting list. */
  gtk_editable_set_text (GTK_EDITABLE (entry), second_id_number);
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (up_roster_page_is_busy (roster));
  wait_until (roster_idle, roster);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  status = up_test_pg_query_text (f->conn,
                                  "SELECT e.status || ' ' || e.waitlist_position FROM enrollments e "
                                  "JOIN trainees t ON t.id = e.trainee_id WHERE t.name = '学员2' AND e.course_id = $1",
                                  course_param);
  g_assert_cmpstr (status, ==, "waitlisted 1");
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM enrollments WHERE status = 'enrolled'", NULL),
                   ==, 1);

  /* Said in a toast, and the roster shows the place. */
  g_assert_nonnull (strstr (up_roster_page_get_last_message (roster), "waiting list at place 1"));
  g_assert_true (shows_text (GTK_WIDGET (f->window), "joins the waiting list at place 1"));
  g_assert_cmpuint (g_list_model_get_n_items (up_roster_page_get_roster (roster)), ==, 2);
  line = g_list_model_get_item (up_roster_page_get_roster (roster), 1);
  g_assert_cmpint (up_enrollment_get_status (line), ==, UP_ENROLLMENT_STATUS_WAITLISTED);
  g_assert_cmpint (up_enrollment_get_waitlist_position (line), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* Enrolling the same trainee again is refused in words. */
  gtk_editable_set_text (GTK_EDITABLE (entry), second_id_number);
  g_signal_emit_by_name (entry, "activate");
  wait_until (roster_idle, roster);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (up_test_get_widget (f->page, "roster-id-error"))), !=, "");
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM enrollments", NULL), ==, 2);
}

static AdwMessageDialog *
open_result_dialog (Fixture      *f,
                    UpRosterPage *roster,
                    const char   *action)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (roster), action, NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  gpointer weak = dialog;

  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  /* What a click on the response's button does: respond, then close. */
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_until (pointer_cleared, &weak);
}

static void
test_completion_threshold (Fixture       *f,
                           gconstpointer  data)
{
  gint64 academy = test_academy (f->conn, "CQ-ELEC");
  gint64 major = test_major (f->conn, academy, "电工");
  gint64 course = test_course (f->conn, academy, major, 5, UP_COURSE_STATUS_RUNNING);
  g_autofree char *course_param = g_strdup_printf ("%" G_GINT64_FORMAT, course);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  UpRosterPage *roster;
  const char *status_sql = "SELECT status::text FROM enrollments e JOIN trainees t ON t.id = e.trainee_id "
                           "WHERE t.name = '学员1' AND e.course_id = $1";
  char *status;

  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(UpEnrollment) e = up_enrollment_enroll (f->conn, test_trainee (f->conn, academy, i), course, &error);
      g_assert_no_error (error);
    }

  show_page (f);
  roster = open_first_course (f);
  g_assert_cmpuint (g_list_model_get_n_items (up_roster_page_get_roster (roster)), ==, 3);

  /* 30 of 40 hours with a pass: below 80 %, so no completion, and the
   * dialog says so before anything is saved. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (
                                       up_test_get_widget (roster, "roster-list")))), 0);
  dialog = open_result_dialog (f, roster, "roster.record");
  up_test_set_text (dialog, "roster-hours-entry", "30");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (up_test_get_widget (dialog, "roster-passed-check")), TRUE);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (up_test_get_widget (dialog, "roster-result-hint"))),
                            "at least 32 hours"));
  /* More hours than the course has cannot be recorded at all. */
  up_test_set_text (dialog, "roster-hours-entry", "41");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "record"));
  up_test_set_text (dialog, "roster-hours-entry", "30");
  respond (dialog, "record");
  wait_until (roster_idle, roster);

  status = up_test_pg_query_text (f->conn, status_sql, course_param);
  g_assert_cmpstr (status, ==, "not_completed");
  g_free (status);
  g_assert_nonnull (strstr (up_roster_page_get_last_message (roster), "Not completed"));
  g_assert_nonnull (strstr (up_roster_page_get_last_message (roster), "32"));

  /* At the threshold exactly: completed. */
  dialog = open_result_dialog (f, roster, "roster.record");
  up_test_set_text (dialog, "roster-hours-entry", "32");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (up_test_get_widget (dialog, "roster-result-hint"))),
                            "completes"));
  respond (dialog, "record");
  wait_until (roster_idle, roster);
  status = up_test_pg_query_text (f->conn, status_sql, course_param);
  g_assert_cmpstr (status, ==, "completed");
  g_free (status);
  g_assert_nonnull (strstr (up_roster_page_get_last_message (roster), "completed the course"));

  /* Undoing needs a reason. */
  dialog = open_result_dialog (f, roster, "roster.undo");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "undo"));
  up_test_set_text (dialog, "roster-undo-reason", "课时录入错误");
  respond (dialog, "undo");
  wait_until (roster_idle, roster);
  status = up_test_pg_query_text (f->conn, "SELECT status::text || ' ' || completion_undone_reason FROM enrollments e "
                                           "JOIN trainees t ON t.id = e.trainee_id WHERE t.name = '学员1' AND e.course_id = $1",
                                  course_param);
  g_assert_cmpstr (status, ==, "enrolled 课时录入错误");
  g_free (status);

  /* Everyone at once, in one transaction. */
  dialog = open_result_dialog (f, roster, "roster.complete-all");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "roster-hours-entry"))), ==, "40");
  respond (dialog, "record");
  wait_until (roster_idle, roster);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM enrollments WHERE status = 'completed' "
                                            "AND attended_hours = 40 AND course_id = $1", course_param), ==, 3);
  g_assert_nonnull (strstr (up_roster_page_get_last_message (roster), "3 trainees"));
}

static void
select_filter (Fixture    *f,
               const char *name,
               const char *label)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (up_test_get_widget (f->page, name));
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          g_assert_true (up_courses_page_is_loading (f->page));
          wait_until (page_idle, f->page);
          return;
        }
    }

  g_error ("No “%s” in %s", label, name);
}

static guint
n_listed (Fixture *f)
{
  return g_list_model_get_n_items (up_courses_page_get_courses (f->page));
}

static void
test_filters_narrow_list (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  g_autofree char *this_year = g_strdup_printf ("%d", year);
  g_autofree char *last_year = g_strdup_printf ("%d", year - 1);
  gint64 weld = test_academy (f->conn, "CQ-WELD");
  gint64 rail = test_academy (f->conn, "CQ-RAIL");
  gint64 weld_major = test_major (f->conn, weld, "焊工");
  gint64 rail_major = test_major (f->conn, rail, "轨道交通运营");
  g_autoptr(UpCourse) first = NULL;

  course_with_title (f->conn, weld, weld_major, "焊工技能培训", UP_COURSE_KIND_SKILL, UP_COURSE_STATUS_OPEN, year, 30);
  course_with_title (f->conn, weld, weld_major, "焊工安全作业", UP_COURSE_KIND_SAFETY, UP_COURSE_STATUS_FINISHED,
                     year - 1, 30);
  course_with_title (f->conn, rail, rail_major, "轨道班组长培训", UP_COURSE_KIND_TEAM_LEADER,
                     UP_COURSE_STATUS_OPEN, year, 20);

  show_page (f);
  g_assert_cmpuint (n_listed (f), ==, 3);

  select_filter (f, "courses-academy-filter", "工匠学院 CQ-WELD");
  g_assert_cmpuint (n_listed (f), ==, 2);

  select_filter (f, "courses-year-filter", this_year);
  g_assert_cmpuint (n_listed (f), ==, 1);
  first = g_list_model_get_item (up_courses_page_get_courses (f->page), 0);
  g_assert_cmpstr (up_course_get_title (first), ==, "焊工技能培训");

  select_filter (f, "courses-year-filter", last_year);
  g_assert_cmpuint (n_listed (f), ==, 1);
  select_filter (f, "courses-kind-filter", up_course_kind_to_label (UP_COURSE_KIND_SKILL));
  g_assert_cmpuint (n_listed (f), ==, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (f->page, "courses-empty")));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (up_test_get_widget (f->page, "courses-empty"))), ==,
                   "No Courses Match");

  select_filter (f, "courses-academy-filter", "All academies");
  select_filter (f, "courses-year-filter", "All years");
  g_assert_cmpuint (n_listed (f), ==, 1);
  select_filter (f, "courses-status-filter", up_course_status_to_label (UP_COURSE_STATUS_OPEN));
  g_assert_cmpuint (n_listed (f), ==, 1);
  select_filter (f, "courses-kind-filter", "All kinds");
  g_assert_cmpuint (n_listed (f), ==, 2);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->page), "2 courses"));
}

static gboolean
dropdown_has (GtkDropDown *dropdown,
              const char  *label)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
academy_filter_has_rail (gpointer data)
{
  return dropdown_has (GTK_DROP_DOWN (up_test_get_widget (data, "courses-academy-filter")), "轨道交通工匠学院");
}

static const char *
selected_label (Fixture    *f,
                const char *name)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (up_test_get_widget (f->page, name)));

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static gboolean
academy_filter_has_new (gpointer data)
{
  Fixture *f = data;

  return dropdown_has (GTK_DROP_DOWN (up_test_get_widget (f->page, "courses-academy-filter")), "工匠学院 AA-NEW");
}

static gboolean
academy_filter_shows_all (gpointer data)
{
  return g_strcmp0 (selected_label (data, "courses-academy-filter"), "All academies") == 0;
}

/* Reading the academies again keeps the academy chosen, at its new row,
 * and the list as it was; when the academy is gone the filter falls back
 * to all of them, and the list follows. */
static void
test_academy_filter_across_reloads (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  gint64 weld = test_academy (f->conn, "CQ-WELD");
  gint64 rail = test_academy (f->conn, "CQ-RAIL");
  gint64 empty = test_academy (f->conn, "CQ-EMPTY");
  g_autofree char *empty_param = g_strdup_printf ("%" G_GINT64_FORMAT, empty);
  GtkDropDown *dropdown = GTK_DROP_DOWN (up_test_get_widget (f->page, "courses-academy-filter"));
  g_autoptr(GError) error = NULL;
  guint position;

  course_with_title (f->conn, weld, test_major (f->conn, weld, "焊工"), "焊工技能培训", UP_COURSE_KIND_SKILL,
                     UP_COURSE_STATUS_OPEN, year, 30);
  course_with_title (f->conn, rail, test_major (f->conn, rail, "轨道交通运营"), "轨道班组长培训",
                     UP_COURSE_KIND_TEAM_LEADER, UP_COURSE_STATUS_OPEN, year, 20);
  show_page (f);
  g_assert_cmpuint (n_listed (f), ==, 2);

  select_filter (f, "courses-academy-filter", "工匠学院 CQ-WELD");
  g_assert_cmpuint (n_listed (f), ==, 1);
  position = gtk_drop_down_get_selected (dropdown);

  /* A new academy comes first: the one chosen moves down a row. */
  test_academy (f->conn, "AA-NEW");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "courses.reload", NULL));
  wait_until (academy_filter_has_new, f);
  wait_until (page_idle, f->page);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, position + 1);
  g_assert_cmpstr (selected_label (f, "courses-academy-filter"), ==, "工匠学院 CQ-WELD");
  g_assert_cmpuint (n_listed (f), ==, 1);

  select_filter (f, "courses-academy-filter", "工匠学院 CQ-EMPTY");
  g_assert_cmpuint (n_listed (f), ==, 0);
  up_pg_command (f->conn, "DELETE FROM academies WHERE id = $1", 1, (const char *[]) { empty_param }, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "courses.reload", NULL));
  wait_until (academy_filter_shows_all, f);
  wait_until (page_idle, f->page);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);
  g_assert_cmpuint (n_listed (f), ==, 2);
}

static void
test_academies_dialog_adds_academy_and_major (Fixture       *f,
                                              gconstpointer  data)
{
  const char *code_refusal = "capital letters, digits and dashes";
  UpAcademiesDialog *dialog;
  g_autofree char *academy_id = NULL;

  test_academy (f->conn, "CQ-WELD");
  show_page (f);

  /* The “Academies and Majors” button of the page's header. */
  click (f->page, "courses-academies-button");
  dialog = find_toplevel (UP_TYPE_ACADEMIES_DIALOG);
  wait_until (academies_idle, dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  /* The first academy is chosen and shown. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "academy-code"))), ==, "CQ-WELD");

  /* “New Academy” (Ctrl+N) empties the form. */
  click (dialog, "academies-new-button");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "academy-name"))), ==, "");
  g_assert_false (gtk_widget_is_sensitive (up_test_get_widget (dialog, "academy-new-major")));

  up_test_set_text (dialog, "academy-name", "轨道交通工匠学院");
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (dialog, "academy-level")), UP_ACADEMY_LEVEL_INDUSTRY);
  up_test_set_text (dialog, "academy-district", "沙坪坝区");

  /* Too short, or holding what a code may not hold: refused in words,
   * nothing saved, the form kept. */
  up_test_set_text (dialog, "academy-code", "C");
  click (dialog, "academy-save-button");
  g_assert_false (up_academies_dialog_is_busy (dialog));
  g_assert_nonnull (up_academies_dialog_get_error (dialog));
  g_assert_nonnull (strstr (up_academies_dialog_get_error (dialog), code_refusal));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "academies-error")));
  g_assert_true (gtk_widget_has_css_class (up_test_get_widget (dialog, "academy-code"), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "academy-name"))), ==,
                   "轨道交通工匠学院");

  up_test_set_text (dialog, "academy-code", "cq_rail");
  click (dialog, "academy-save-button");
  g_assert_nonnull (strstr (up_academies_dialog_get_error (dialog), code_refusal));
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM academies", NULL), ==, 1);

  /* Small letters are only the way it was typed: the code is kept in
   * capitals. */
  up_test_set_text (dialog, "academy-code", "cq-rail");
  g_assert_false (gtk_widget_has_css_class (up_test_get_widget (dialog, "academy-code"), "error"));
  click (dialog, "academy-save-button");
  g_assert_true (up_academies_dialog_is_busy (dialog));
  wait_until (academies_idle, dialog);
  g_assert_null (up_academies_dialog_get_error (dialog));

  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM academies", NULL), ==, 2);
  academy_id = up_test_pg_query_text (f->conn,
                                      "SELECT id::text FROM academies WHERE code = $1 AND name = '轨道交通工匠学院' "
                                      "AND level = 'industry' AND district = '沙坪坝区' AND industry IS NULL",
                                      "CQ-RAIL");

  /* The new academy is the one chosen now: its majors can be added. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "academy-code"))), ==, "CQ-RAIL");
  g_assert_true (gtk_widget_is_sensitive (up_test_get_widget (dialog, "academy-new-major")));
  g_assert_true (shows_text (GTK_WIDGET (dialog), "CQ-RAIL · "));

  /* A major without a name is refused. */
  click (dialog, "academy-add-major-button");
  g_assert_false (up_academies_dialog_is_busy (dialog));
  g_assert_nonnull (strstr (up_academies_dialog_get_error (dialog), "name of the major"));

  up_test_set_text (dialog, "academy-new-major", "轨道交通运营");
  click (dialog, "academy-add-major-button");
  g_assert_true (up_academies_dialog_is_busy (dialog));
  wait_until (academies_idle, dialog);
  g_assert_null (up_academies_dialog_get_error (dialog));
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM majors WHERE name = '轨道交通运营' "
                                            "AND academy_id = $1::bigint", academy_id), ==, 1);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM majors", NULL), ==, 1);

  /* The entry is ready for the next one, and the list shows it. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "academy-new-major"))), ==, "");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "academy-majors")));
  g_assert_true (shows_text (up_test_get_widget (dialog, "academy-majors"), "轨道交通运营"));

  close_window (dialog);

  /* The page's academy filter knows the new academy. */
  wait_until (academy_filter_has_rail, f->page);
  wait_until (page_idle, f->page);
}

static void
test_dialog_edits_course (Fixture       *f,
                          gconstpointer  data)
{
  gint64 academy = test_academy (f->conn, "CQ-WELD");
  gint64 major = test_major (f->conn, academy, "焊工");
  gint64 course = test_course (f->conn, academy, major, 3, UP_COURSE_STATUS_OPEN);
  g_autofree char *course_param = g_strdup_printf ("%" G_GINT64_FORMAT, course);
  g_autoptr(GError) error = NULL;
  UpCourseDialog *dialog;
  GtkSelectionModel *selection;
  gint64 version;
  gpointer weak;

  for (guint i = 1; i <= 2; i++)
    {
      g_autoptr(UpEnrollment) e = up_enrollment_enroll (f->conn, test_trainee (f->conn, academy, i), course, &error);
      g_assert_no_error (error);
    }
  version = test_query_int (f->conn, "SELECT version FROM courses WHERE id = $1", course_param);

  show_page (f);
  g_assert_cmpuint (n_listed (f), ==, 1);

  /* Alt+Enter on the selected row. */
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (up_test_get_widget (f->page, "courses-list")));
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "courses.edit-course", NULL));
  dialog = find_toplevel (UP_TYPE_COURSE_DIALOG);
  wait_until (dialog_idle, dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_null (up_course_dialog_get_error (dialog));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Course");

  /* The form holds the course as the database has it. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "course-title"))), ==,
                   "焊工（中级）培训班");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "course-capacity"))), ==, "3");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "course-start"))), ==, "2025-03-01");

  /* Fewer seats than the two taken: the database refuses, the form keeps
   * what was typed and nothing changes. */
  up_test_set_text (dialog, "course-title", "焊工（中级）培训班 二期");
  up_test_set_text (dialog, "course-capacity", "1");
  click (dialog, "course-save-button");
  g_assert_true (up_course_dialog_is_busy (dialog));
  wait_until (dialog_idle, dialog);
  g_assert_nonnull (up_course_dialog_get_error (dialog));
  g_assert_nonnull (strstr (up_course_dialog_get_error (dialog), "lower than the number of seats already taken"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "course-dialog-error")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "course-title"))), ==,
                   "焊工（中级）培训班 二期");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "course-capacity"))), ==, "1");
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM courses WHERE title = '焊工（中级）培训班' "
                                            "AND capacity = 3 AND id = $1", course_param), ==, 1);
  g_assert_cmpint (test_query_int (f->conn, "SELECT version FROM courses WHERE id = $1", course_param), ==,
                   version);

  /* Two seats, exactly those taken, are fine; but someone else moved the
   * course meanwhile: the form names what they changed and, asked to,
   * saves over it. */
  up_test_set_text (dialog, "course-capacity", "2");
  up_pg_command (f->conn, "UPDATE courses SET location = '江北区' WHERE id = $1::bigint", 1,
                 (const char *[]) { course_param }, &error);
  g_assert_no_error (error);
  click (dialog, "course-save-button");
  wait_until (dialog_idle, dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_nonnull (strstr (up_course_dialog_get_error (dialog), "Location"));
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (dialog, "course-dialog-overwrite")));
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM courses WHERE location = '江北区' AND capacity = 3 "
                                            "AND id = $1", course_param), ==, 1);

  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "course.overwrite", NULL));
  wait_until (pointer_cleared, &weak);

  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM courses WHERE title = '焊工（中级）培训班 二期' "
                                            "AND capacity = 2 AND hours = 40 AND location = '渝北区' "
                                            "AND start_date = '2025-03-01' AND end_date = '2025-04-30' "
                                            "AND status = 'open' AND id = $1", course_param), ==, 1);
  g_assert_cmpint (test_query_int (f->conn, "SELECT version FROM courses WHERE id = $1", course_param), ==,
                   version + 2);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM courses", NULL), ==, 1);

  /* The page lists the course as saved. */
  wait_until (page_idle, f->page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->page), "焊工（中级）培训班 二期"));
  g_assert_true (shows_text (GTK_WIDGET (f->page), "2 / 2"));
}

static void
test_withdraw_promotes_waitlist (Fixture       *f,
                                 gconstpointer  data)
{
  gint64 academy = test_academy (f->conn, "CQ-CNC");
  gint64 major = test_major (f->conn, academy, "数控加工");
  gint64 course = test_course (f->conn, academy, major, 1, UP_COURSE_STATUS_OPEN);
  g_autofree char *course_param = g_strdup_printf ("%" G_GINT64_FORMAT, course);
  const char *status_sql = "SELECT string_agg(t.name || ' ' || e.status, ', ' ORDER BY t.name) "
                           "FROM enrollments e JOIN trainees t ON t.id = e.trainee_id WHERE e.course_id = $1";
  g_autoptr(GError) error = NULL;
  g_autoptr(UpEnrollment) first = NULL;
  g_autoptr(UpEnrollment) second = NULL;
  g_autoptr(UpEnrollment) seated = NULL;
  g_autofree char *status = NULL;
  AdwMessageDialog *dialog;
  UpRosterPage *roster;

  first = up_enrollment_enroll (f->conn, test_trainee (f->conn, academy, 1), course, &error);
  g_assert_no_error (error);
  second = up_enrollment_enroll (f->conn, test_trainee (f->conn, academy, 2), course, &error);
  g_assert_no_error (error);
  g_assert_cmpint (up_enrollment_get_status (second), ==, UP_ENROLLMENT_STATUS_WAITLISTED);

  show_page (f);
  roster = open_first_course (f);
  g_assert_cmpuint (g_list_model_get_n_items (up_roster_page_get_roster (roster)), ==, 2);

  /* The enrolled one, on the first line. */
  seated = g_list_model_get_item (up_roster_page_get_roster (roster), 0);
  g_assert_cmpint (up_enrollment_get_status (seated), ==, UP_ENROLLMENT_STATUS_ENROLLED);
  g_assert_cmpstr (up_enrollment_get_trainee_name (seated), ==, "学员1");
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (
                                       up_test_get_widget (roster, "roster-list")))), 0);

  /* Cancelling asks again and changes nothing. */
  dialog = open_result_dialog (f, roster, "roster.withdraw");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Withdraw 学员1?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "first trainee on the waiting list"));
  respond (dialog, "cancel");
  g_assert_false (up_roster_page_is_busy (roster));
  status = up_test_pg_query_text (f->conn, status_sql, course_param);
  g_assert_cmpstr (status, ==, "学员1 enrolled, 学员2 waitlisted");
  g_clear_pointer (&status, g_free);

  dialog = open_result_dialog (f, roster, "roster.withdraw");
  respond (dialog, "withdraw");
  wait_until (roster_idle, roster);

  status = up_test_pg_query_text (f->conn, status_sql, course_param);
  g_assert_cmpstr (status, ==, "学员1 withdrawn, 学员2 enrolled");
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM enrollments WHERE waitlist_position IS NOT NULL",
                                   NULL), ==, 0);

  /* Said in a toast that names who moved up. */
  g_assert_cmpstr (up_roster_page_get_last_message (roster), ==,
                   "学员1 withdrew. 学员2 moves up from the waiting list and takes the seat.");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->window), "学员2 moves up from the waiting list"));
}

static gboolean
search_settled (gpointer data)
{
  GtkListView *view = data;
  GtkSelectionModel *selection = gtk_list_view_get_model (view);
  GListModel *trainees;
  g_autoptr(UpTrainee) trainee = NULL;

  if (selection == NULL)
    return FALSE;
  trainees = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection));
  if (g_strcmp0 (up_trainee_list_get_search (UP_TRAINEE_LIST (trainees)), "员2") != 0
      || up_trainee_list_get_loading (UP_TRAINEE_LIST (trainees))
      || g_list_model_get_n_items (trainees) != 1)
    return FALSE;

  trainee = g_list_model_get_item (trainees, 0);
  return up_trainee_get_loaded (trainee);
}

static void
test_find_trainee_enrolls (Fixture       *f,
                           gconstpointer  data)
{
  gint64 academy = test_academy (f->conn, "CQ-ELEC");
  gint64 major = test_major (f->conn, academy, "电工");
  gint64 course = test_course (f->conn, academy, major, 5, UP_COURSE_STATUS_OPEN);
  g_autofree char *course_param = g_strdup_printf ("%" G_GINT64_FORMAT, course);
  g_autofree char *status = NULL;
  g_autoptr(UpTrainee) found = NULL;
  GtkMenuButton *button;
  GtkPopover *popover;
  GtkListView *view;
  UpRosterPage *roster;

  for (guint i = 1; i <= 3; i++)
    test_trainee (f->conn, academy, i);

  show_page (f);
  roster = open_first_course (f);
  g_assert_cmpuint (g_list_model_get_n_items (up_roster_page_get_roster (roster)), ==, 0);

  button = GTK_MENU_BUTTON (up_test_get_widget (f->page, "roster-find-button"));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (popover));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));

  /* Part of a name; the list loads once the typing pauses. */
  up_test_set_text (popover, "roster-trainee-search", "员2");
  view = GTK_LIST_VIEW (up_test_get_widget (popover, "roster-trainee-results"));
  wait_until (search_settled, view);
  found = g_list_model_get_item (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (gtk_list_view_get_model (
                                   view))), 0);
  g_assert_cmpstr (up_trainee_get_name (found), ==, "学员2");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (popover));
  g_assert_true (shows_text (GTK_WIDGET (popover), "1 trainee found"));

  /* A click on the row (single-click activation). */
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (up_roster_page_is_busy (roster));
  wait_until (roster_idle, roster);

  status = up_test_pg_query_text (f->conn, "SELECT t.name || ' ' || e.status FROM enrollments e "
                                           "JOIN trainees t ON t.id = e.trainee_id WHERE e.course_id = $1",
                                  course_param);
  g_assert_cmpstr (status, ==, "学员2 enrolled");
  g_assert_cmpstr (up_roster_page_get_last_message (roster), ==, "学员2 is enrolled.");
  g_assert_cmpuint (g_list_model_get_n_items (up_roster_page_get_roster (roster)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The sentences the tests look for are the English ones. */
  g_setenv ("LANGUAGE", "C", TRUE);

  up_test_gtk_init (&argc, &argv);

  g_test_add ("/courses-page/dialog/creates-course", Fixture, NULL,
              fixture_setup, test_dialog_creates_course, fixture_teardown);
  g_test_add ("/courses-page/dialog/edits-course-and-keeps-seats-taken", Fixture, NULL,
              fixture_setup, test_dialog_edits_course, fixture_teardown);
  g_test_add ("/courses-page/academies/adds-academy-and-major", Fixture, NULL,
              fixture_setup, test_academies_dialog_adds_academy_and_major, fixture_teardown);
  g_test_add ("/courses-page/roster/full-course-puts-trainee-on-waitlist", Fixture, NULL,
              fixture_setup, test_full_course_waitlists, fixture_teardown);
  g_test_add ("/courses-page/roster/completion-needs-threshold", Fixture, NULL,
              fixture_setup, test_completion_threshold, fixture_teardown);
  g_test_add ("/courses-page/roster/withdrawal-promotes-the-waiting-list", Fixture, NULL,
              fixture_setup, test_withdraw_promotes_waitlist, fixture_teardown);
  g_test_add ("/courses-page/roster/find-trainee-enrolls-by-name", Fixture, NULL,
              fixture_setup, test_find_trainee_enrolls, fixture_teardown);
  g_test_add ("/courses-page/filters/narrow-the-list", Fixture, NULL,
              fixture_setup, test_filters_narrow_list, fixture_teardown);
  g_test_add ("/courses-page/filters/academy-kept-across-reloads-or-all-when-gone", Fixture, NULL,
              fixture_setup, test_academy_filter_across_reloads, fixture_teardown);

  ret = g_test_run ();

  up_test_pg_shutdown ();

  return ret;
}
