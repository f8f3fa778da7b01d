/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "up-demo.h"
#include "up-error.h"
#include "up-money.h"
#include "up-overview-page.h"
#include "up-pg.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"
#include "up-trainee-list.h"
#include "up-trainees-page.h"
#include "up-window.h"

/* The real window on a real database: what the Overview shows is what SQL
 * counts, read from the labels a person reads. */

#define N_TRAINEES 500

/* Filling a database takes a while: the tests that only read share one. */
static char *demo_conninfo;

typedef struct
{
  char       *conninfo;
  PGconn     *conn;       /* our own connection, for the expected figures */
  UpDatabase *db;
  UpWindow   *window;     /* a reference of ours */
} Fixture;

/* Helpers ------------------------------------------------------------------ */

static const char *
get_demo_conninfo (void)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;

  if (demo_conninfo != NULL)
    return demo_conninfo;

  demo_conninfo = up_test_pg_new_migrated ();
  conn = up_test_pg_connect (demo_conninfo);

  up_demo_options_init (&options);
  options.n_trainees = N_TRAINEES;
  up_demo_generate (conn, &options, NULL, &error);
  g_assert_no_error (error);

  return demo_conninfo;
}

static gboolean
overview_loaded (gpointer page)
{
  return !up_overview_page_is_loading (page);
}

static void
wait_for_overview (UpWindow *window)
{
  up_test_wait_until_full (overview_loaded, up_window_get_overview_page (window), 60, "the Overview to load");
  up_test_drain_main_context ();
}

static gboolean
trainee_list_loaded (gpointer list)
{
  return !up_trainee_list_get_loading (list);
}

/* Shown to a person: mapped in a window on screen. */
static void
assert_shown (UpWindow   *window,
              const char *name)
{
  g_assert_true (gtk_widget_get_mapped (up_test_get_widget (window, name)));
}

static void
assert_hidden (UpWindow   *window,
               const char *name)
{
  g_assert_false (gtk_widget_get_mapped (up_test_get_widget (window, name)));
}

/* Frames in which @window laid itself out over @ms of an idle main loop. */
static void
count_layout_cb (GdkFrameClock *clock,
                 guint         *n_layouts)
{
  (*n_layouts)++;
}

static gboolean
time_is_up_cb (gpointer user_data)
{
  gboolean *up = user_data;

  *up = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_main_loop_for (guint ms)
{
  gboolean up = FALSE;

  g_timeout_add (ms, time_is_up_cb, &up);
  while (!up)
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_idle_layouts (UpWindow *window,
                    guint     ms)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint n_layouts = 0;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "layout", G_CALLBACK (count_layout_cb), &n_layouts);
  run_main_loop_for (ms);
  g_signal_handler_disconnect (clock, handler);

  return n_layouts;
}

/* The tests run with GTK's animations off, which would hide an animation
 * left running where nobody sees it. */
static void
set_animations (gboolean enabled)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", enabled, NULL);
}

/* 131,000: grouped by threes with commas, like the amounts. */
static char *
grouped (gint64 count)
{
  g_autofree char *high = NULL;

  g_assert_cmpint (count, >=, 0);
  if (count < 1000)
    return g_strdup_printf ("%" G_GINT64_FORMAT, count);

  high = grouped (count / 1000);
  return g_strdup_printf ("%s,%03d", high, (int) (count % 1000));
}

static void
assert_label_count (UpWindow   *window,
                    const char *name,
                    gint64      count)
{
  g_autofree char *expected = grouped (count);

  g_assert_cmpstr (up_test_label_text (window, name), ==, expected);
}

static void
assert_label_money (UpWindow   *window,
                    const char *name,
                    gint64      fen)
{
  g_autofree char *expected = up_money_format (fen);

  g_assert_cmpstr (up_test_label_text (window, name), ==, expected);
}

/* The figures, from their own SQL on our own connection, against both the
 * page's counts and the labels' text. */
static void
assert_overview_matches_sql (Fixture *f)
{
  UpOverviewPage *page = up_window_get_overview_page (f->window);
  const UpOverviewCounts *counts = up_overview_page_get_counts (page);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *year = NULL;
  gint64 trainees, academies, courses, enrollments, certifications;

  g_assert_null (up_overview_page_get_error (page));
  g_assert_nonnull (counts);

  year = g_strdup_printf ("%d", counts->year);
  trainees = up_test_pg_query_int (f->conn, "SELECT count(*) FROM trainees", NULL);
  academies = up_test_pg_query_int (f->conn, "SELECT count(*) FROM academies", NULL);
  courses = up_test_pg_query_int (f->conn, "SELECT count(*) FROM courses WHERE extract (year FROM start_date) = $1::int", year);
  enrollments = up_test_pg_query_int (f->conn, "SELECT count(*) FROM enrollments", NULL);
  certifications = up_test_pg_query_int (f->conn, "SELECT count(*) FROM certifications", NULL);

  g_assert_cmpint (counts->year, ==, g_date_time_get_year (now));
  g_assert_cmpint (counts->trainees, ==, trainees);
  g_assert_cmpint (counts->academies, ==, academies);
  g_assert_cmpint (counts->courses_this_year, ==, courses);
  g_assert_cmpint (counts->enrollments, ==, enrollments);
  g_assert_cmpint (counts->certifications, ==, certifications);

  assert_label_count (f->window, "trainees-value", trainees);
  assert_label_count (f->window, "academies-value", academies);
  assert_label_count (f->window, "courses-value", courses);
  assert_label_count (f->window, "enrollments-value", enrollments);
  assert_label_count (f->window, "certifications-value", certifications);

  for (guint i = 0; i < UP_N_SUBSIDY_STATES; i++)
    {
      const char *state = up_subsidy_state_to_sql (i);
      g_autofree char *count_name = g_strdup_printf ("subsidy-%s-count", state);
      g_autofree char *amount_name = g_strdup_printf ("subsidy-%s-amount", state);
      g_autofree char *number = NULL;
      gint64 n, fen;

      n = up_test_pg_query_int (f->conn, "SELECT count(*) FROM subsidies WHERE state = $1::subsidy_state", state);
      fen = up_test_pg_query_int (f->conn, "SELECT coalesce (sum (amount_fen), 0) FROM subsidies WHERE state = $1::subsidy_state",
                       state);

      g_assert_cmpint (counts->subsidy_count[i], ==, n);
      g_assert_cmpint (counts->subsidy_fen[i], ==, fen);

      /* "1,234 claims": the grouped number leads, whatever the language. */
      number = grouped (n);
      g_assert_true (g_str_has_prefix (up_test_label_text (f->window, count_name), number));
      assert_label_money (f->window, amount_name, fen);

      if (i == UP_SUBSIDY_STATE_PAID)
        assert_label_money (f->window, "paid-value", fen);
    }
}

/* Fixture ------------------------------------------------------------------ */

static void
open_window (Fixture    *f,
             const char *conninfo)
{
  f->conninfo = g_strdup (conninfo);
  f->conn = up_test_pg_connect (f->conninfo);
  f->db = up_test_pg_open_database (f->conninfo, NULL);
  f->window = up_test_present_window ();
}

static void
fixture_setup_demo (Fixture       *f,
                    gconstpointer  data)
{
  open_window (f, get_demo_conninfo ());
}

static void
fixture_setup_empty (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *conninfo = up_test_pg_new_migrated ();

  open_window (f, conninfo);
}

static void
fixture_setup_no_database (Fixture       *f,
                           gconstpointer  data)
{
  f->window = up_test_present_window ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  up_test_destroy_window (g_steal_pointer (&f->window));

  /* Loads cancelled with the window come back through the main loop. */
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
test_overview_shows_database_counts (Fixture       *f,
                                     gconstpointer  data)
{
  UpOverviewPage *page = up_window_get_overview_page (f->window);

  up_window_set_page (f->window, "overview");
  up_window_set_database (f->window, f->db);
  g_assert_true (up_window_get_database (f->window) == f->db);
  g_assert_true (up_overview_page_get_database (page) == f->db);
  g_assert_true (up_overview_page_is_loading (page));

  wait_for_overview (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  assert_overview_matches_sql (f);
  g_assert_cmpint (up_overview_page_get_counts (page)->trainees, ==, N_TRAINEES);
  g_assert_cmpstr (up_test_label_text (f->window, "trainees-value"), ==, "500");
  g_assert_cmpint (up_overview_page_get_counts (page)->enrollments, >=, 1000);
  g_assert_nonnull (strchr (up_test_label_text (f->window, "enrollments-value"), ','));
  assert_shown (f->window, "trainees-value");
  assert_shown (f->window, "subsidy-paid-amount");
  assert_hidden (f->window, "overview-retry-button");
  assert_hidden (f->window, "connecting-label");

  /* The header says which database this is. */
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (up_test_get_widget (f->window, "page-title"))), ==,
                   up_database_get_label (f->db));
}

static void
test_overview_reload_shows_new_figures (Fixture       *f,
                                        gconstpointer  data)
{
  UpOverviewPage *page = up_window_get_overview_page (f->window);
  g_autoptr(GError) error = NULL;

  up_window_set_page (f->window, "overview");
  up_window_set_database (f->window, f->db);
  wait_for_overview (f->window);

  g_assert_cmpint (up_overview_page_get_counts (page)->academies, ==, 0);
  assert_label_count (f->window, "academies-value", 0);
  assert_label_money (f->window, "paid-value", 0);

  up_pg_command (f->conn,
                 "INSERT INTO academies (code, name, level, district) "
                 "VALUES ('CQ-WELD', 'Chongqing Welding Craftsman Academy', 'municipal', '渝中区')",
                 0, NULL, &error);
  g_assert_no_error (error);

  /* Ctrl+R's action, as the window has it wherever the focus is. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reload", NULL));
  g_assert_true (up_overview_page_is_loading (page));
  /* The old figures stay while the new ones come. */
  assert_label_count (f->window, "academies-value", 0);
  wait_for_overview (f->window);

  g_assert_cmpint (up_overview_page_get_counts (page)->academies, ==, 1);
  assert_overview_matches_sql (f);

  /* And the page's own action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "overview.reload", NULL));
  g_assert_true (up_overview_page_is_loading (page));
  wait_for_overview (f->window);
  assert_overview_matches_sql (f);
}

static void
test_overview_bad_database_shows_error (Fixture       *f,
                                        gconstpointer  data)
{
  UpOverviewPage *page = up_window_get_overview_page (f->window);
  g_autofree char *dir = g_dir_make_tmp ("upskill-no-server-XXXXXX", NULL);
  g_autofree char *conninfo = g_strdup_printf ("host=%s dbname=upskill connect_timeout=5", dir);
  const GError *error;

  /* A socket directory with no server in it: the connection fails fast. */
  f->db = up_database_new (conninfo);
  up_window_set_page (f->window, "overview");
  up_window_set_database (f->window, f->db);
  wait_for_overview (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  error = up_overview_page_get_error (page);
  g_assert_error (error, UP_ERROR, UP_ERROR_CONNECTION);
  g_assert_null (up_overview_page_get_counts (page));
  assert_shown (f->window, "overview-retry-button");
  assert_hidden (f->window, "trainees-value");

  /* Retry fails the same way, without a crash or a warning. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "overview.reload", NULL));
  g_assert_true (up_overview_page_is_loading (page));
  wait_for_overview (f->window);
  g_assert_error (up_overview_page_get_error (page), UP_ERROR, UP_ERROR_CONNECTION);

  g_rmdir (dir);
}

static void
test_overview_close_while_loading (Fixture       *f,
                                   gconstpointer  data)
{
  up_window_set_database (f->window, f->db);
  g_assert_true (up_overview_page_is_loading (up_window_get_overview_page (f->window)));
  /* The teardown destroys the window with the load under way: dispose
   * cancels it and the window finalizes at once. */
}

static void
test_overview_database_dropped (Fixture       *f,
                                gconstpointer  data)
{
  UpOverviewPage *page = up_window_get_overview_page (f->window);

  up_window_set_database (f->window, f->db);
  wait_for_overview (f->window);
  g_assert_nonnull (up_overview_page_get_counts (page));

  up_window_set_database (f->window, NULL);
  g_assert_null (up_window_get_database (f->window));
  g_assert_null (up_overview_page_get_counts (page));
  g_assert_false (up_overview_page_is_loading (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  assert_shown (f->window, "connecting-label");
  g_assert_false (gtk_widget_get_sensitive (up_test_get_widget (f->window, "reload-button")));
}

static void
test_connection_error_shows_message (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *status;
  GtkWidget *button;

  /* A new window waits for the application's connection. */
  assert_shown (f->window, "connecting-label");

  error = g_error_new_literal (UP_ERROR, UP_ERROR_CONNECTION,
                               "The database server at /run/nowhere does not answer & may be down.");
  up_window_show_connection_error (f->window, error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  assert_shown (f->window, "connection-error");
  assert_hidden (f->window, "connecting-label");
  status = up_test_get_widget (f->window, "connection-error");
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), ==,
                   "The database server at /run/nowhere does not answer &amp; may be down.");

  button = up_test_get_widget (f->window, "reconnect-button");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "app.reconnect");
  assert_shown (f->window, "reconnect-button");

  up_window_show_connecting (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  assert_shown (f->window, "connecting-label");
  assert_hidden (f->window, "connection-error");

  /* No error to tell: the page still shows, with its title alone. */
  up_window_show_connection_error (f->window, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  assert_shown (f->window, "connection-error");
}

static void
test_pages_switch (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const pages[] = { "certifications", "subsidies", "reports" };
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkListBox *sidebar;

  up_window_set_database (f->window, f->db);
  wait_for_overview (f->window);
  sidebar = GTK_LIST_BOX (up_test_get_widget (f->window, "sidebar"));

  up_window_set_page (f->window, "overview");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_cmpstr (up_window_get_page (f->window), ==, "overview");
  assert_shown (f->window, "trainees-value");
  assert_shown (f->window, "reload-button");
  g_assert_true (gtk_widget_get_sensitive (up_test_get_widget (f->window, "reload-button")));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *page = g_strdup_printf ("%s-page", pages[i]);

      up_window_set_page (f->window, pages[i]);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

      g_assert_cmpstr (up_window_get_page (f->window), ==, pages[i]);
      assert_shown (f->window, page);
      assert_hidden (f->window, "trainees-value");
      g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_selected_row (sidebar))), ==,
                       pages[i]);
      {
        g_autofree char *last_page = g_settings_get_string (settings, "last-page");
        g_assert_cmpstr (last_page, ==, pages[i]);
      }
      /* Reload is the Overview's alone. */
      assert_hidden (f->window, "reload-button");
    }

  /* Unknown names change nothing. */
  up_window_set_page (f->window, "no-such-page");
  up_window_set_page (f->window, NULL);
  g_assert_cmpstr (up_window_get_page (f->window), ==, "reports");

  /* Alt+1's action, and a click on a sidebar row. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "overview"));
  g_assert_cmpstr (up_window_get_page (f->window), ==, "overview");
  gtk_list_box_select_row (sidebar, gtk_list_box_get_row_at_index (sidebar, 2));
  g_assert_cmpstr (up_window_get_page (f->window), ==, "courses");
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (up_test_get_widget (f->window, "page-title"))), ==,
                   gtk_stack_page_get_title (gtk_stack_get_page (GTK_STACK (gtk_widget_get_parent (up_test_get_widget (f->window, "courses-page"))),
                                                                 up_test_get_widget (f->window, "courses-page"))));
}

static void
test_pages_remembers_last_page (Fixture       *f,
                                gconstpointer  data)
{
  UpWindow *second;

  up_window_set_page (f->window, "certifications");
  up_test_destroy_window (g_steal_pointer (&f->window));

  second = g_object_ref (up_window_new (NULL));
  g_assert_cmpstr (up_window_get_page (second), ==, "certifications");

  /* Back to the default for the other tests. */
  up_window_set_page (second, "overview");
  f->window = second;
}

/* An idle window does not lay itself out again frame after frame: a
 * spinner left spinning on a page that is not shown (the "connecting"
 * page's, the Trainees page's with no database) did, at 60 frames a
 * second, on every page. */
static void
test_idle_connection_error_lays_out_nothing (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(GError) error = g_error_new_literal (UP_ERROR, UP_ERROR_CONNECTION, "No server.");

  set_animations (TRUE);
  up_window_show_connection_error (f->window, error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  run_main_loop_for (500);   /* the stack's crossfade */
  assert_shown (f->window, "connection-error");

  g_assert_cmpuint (count_idle_layouts (f->window, 500), <=, 2);

  /* Shown, the "connecting" page's spinner turns: what is counted is what
   * a spinner costs. */
  up_window_show_connecting (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  run_main_loop_for (500);
  g_assert_cmpuint (count_idle_layouts (f->window, 500), >, 10);

  up_window_show_connection_error (f->window, error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  run_main_loop_for (500);
  g_assert_cmpuint (count_idle_layouts (f->window, 500), <=, 2);
  set_animations (FALSE);
}

static void
test_idle_pages_lay_out_nothing (Fixture       *f,
                                 gconstpointer  data)
{
  UpTraineeList *list;

  set_animations (TRUE);
  up_window_set_page (f->window, "overview");
  up_window_set_database (f->window, f->db);
  wait_for_overview (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  run_main_loop_for (500);

  g_assert_cmpuint (count_idle_layouts (f->window, 500), <=, 2);

  /* The Trainees page, its list loaded, and back: still idle. */
  up_window_set_page (f->window, "trainees");
  list = up_trainees_page_get_list (up_window_get_trainees_page (f->window));
  g_assert_nonnull (list);
  up_test_wait_until_full (trainee_list_loaded, list, 30, "the Trainees page's list to load");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  run_main_loop_for (500);
  g_assert_cmpuint (count_idle_layouts (f->window, 500), <=, 2);

  up_window_set_page (f->window, "overview");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  run_main_loop_for (500);
  g_assert_cmpuint (count_idle_layouts (f->window, 500), <=, 2);
  set_animations (FALSE);
}

static void
test_help_overlay_loads (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;

  /* GtkApplication loads it from RESOURCE_BASE by itself, and only warns
   * when it cannot: load it here, where that fails the test. */
  builder = gtk_builder_new_from_resource (RESOURCE_BASE "/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  up_test_gtk_init (&argc, &argv);

  g_test_add ("/window/overview/shows-database-counts", Fixture, NULL,
              fixture_setup_demo, test_overview_shows_database_counts, fixture_teardown);
  g_test_add ("/window/overview/reload-shows-new-figures", Fixture, NULL,
              fixture_setup_empty, test_overview_reload_shows_new_figures, fixture_teardown);
  g_test_add ("/window/overview/bad-database-shows-error", Fixture, NULL,
              fixture_setup_no_database, test_overview_bad_database_shows_error, fixture_teardown);
  g_test_add ("/window/overview/close-while-loading", Fixture, NULL,
              fixture_setup_demo, test_overview_close_while_loading, fixture_teardown);
  g_test_add ("/window/overview/database-dropped-clears-figures", Fixture, NULL,
              fixture_setup_demo, test_overview_database_dropped, fixture_teardown);
  g_test_add ("/window/connection-error/shows-message", Fixture, NULL,
              fixture_setup_no_database, test_connection_error_shows_message, fixture_teardown);
  g_test_add ("/window/pages/switch", Fixture, NULL,
              fixture_setup_demo, test_pages_switch, fixture_teardown);
  g_test_add ("/window/pages/remembers-last-page", Fixture, NULL,
              fixture_setup_no_database, test_pages_remembers_last_page, fixture_teardown);

  g_test_add ("/window/idle/connection-error-lays-out-nothing", Fixture, NULL,
              fixture_setup_no_database, test_idle_connection_error_lays_out_nothing, fixture_teardown);
  g_test_add ("/window/idle/pages-lay-out-nothing", Fixture, NULL,
              fixture_setup_demo, test_idle_pages_lay_out_nothing, fixture_teardown);

  g_test_add_func ("/window/help-overlay/loads", test_help_overlay_loads);

  ret = g_test_run ();

  g_clear_pointer (&demo_conninfo, g_free);
  up_test_pg_shutdown ();

  return ret;
}
