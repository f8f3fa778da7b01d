/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "up-application.h"
#include "up-connection-dialog.h"
#include "up-demo.h"
#include "up-overview-page.h"
#include "up-pg.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"
#include "up-window.h"

/* The application as a person uses it, end to end (app/up-application.c is
 * built into this test): its window opens on one database; Connect to… in
 * the menu, the connection dialog filled in for another database, and the
 * window shows that one — its Overview counts the second database's rows,
 * the title names it. */

#ifdef __SANITIZE_ADDRESS__
/* GLib allocates its first block of quarks in its library constructor and
 * drops it, on purpose, when the 2,048th quark makes it grow: a leak
 * LeakSanitizer reports.  This test, the whole application with two
 * windows, is the one that makes that many.  The block can only be told
 * from a leak of ours by the constructor in its allocation's stack
 * (tests/lsan.supp: _dl_init), which the fast unwinder does not reach
 * through GLib's frames; here the slow one records it. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
#endif

typedef struct
{
  char                *conninfo;
  UpTestConninfoParts  parts;     /* what a person types for it */
  gint64               trainees;
  gint64               enrollments;
} Database;

typedef struct
{
  Database       first;
  Database       second;
  GSettings     *settings;
  UpApplication *app;
  gboolean       ran;
  guint          quit_timeout;
} Fixture;

/* A migrated database of @n_trainees demo trainees, and its counts. */
static void
database_init (Database *db,
               guint     n_trainees)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;
  UpDemoOptions demo;

  db->conninfo = up_test_pg_new_migrated ();
  conn = up_test_pg_connect (db->conninfo);
  up_demo_options_init (&demo);
  demo.n_trainees = n_trainees;
  up_demo_generate (conn, &demo, NULL, &error);
  g_assert_no_error (error);
  db->trainees = up_test_pg_query_int (conn, "SELECT count(*) FROM trainees", NULL);
  db->enrollments = up_test_pg_query_int (conn, "SELECT count(*) FROM enrollments", NULL);
  up_test_pg_conninfo_parts_init (&db->parts, db->conninfo);
}

static void
database_clear (Database *db)
{
  g_clear_pointer (&db->conninfo, g_free);
  up_test_pg_conninfo_parts_clear (&db->parts);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  database_init (&f->first, 200);
  database_init (&f->second, 350);
  g_assert_cmpint (f->first.trainees, !=, f->second.trainees);

  f->settings = g_settings_new (APPLICATION_ID);
  up_test_reset_connection_settings (f->settings);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  up_test_reset_connection_settings (f->settings);
  g_clear_object (&f->settings);
  database_clear (&f->first);
  database_clear (&f->second);
}

/* Helpers ------------------------------------------------------------------ */

static gboolean
overview_is_shown (gpointer data)
{
  UpWindow *window = data;
  UpOverviewPage *page = up_window_get_overview_page (window);

  return up_window_get_database (window) != NULL
         && up_database_is_connected (up_window_get_database (window))
         && !up_overview_page_is_loading (page)
         && up_overview_page_get_counts (page) != NULL;
}

/* The connection dialog the application opened, if any. */
static UpConnectionDialog *
find_connection_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (UP_IS_CONNECTION_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return UP_CONNECTION_DIALOG (window);
    }
  return NULL;
}

static gboolean
connection_dialog_is_shown (gpointer data)
{
  UpConnectionDialog *dialog = find_connection_dialog ();

  return dialog != NULL && !up_connection_dialog_is_busy (dialog);
}

/* What the window shows of @db: the Overview's counts, as the labels read,
 * and the database's name in the title. */
static void
assert_window_shows (UpWindow *window,
                     Database *db)
{
  UpOverviewPage *page = up_window_get_overview_page (window);
  const UpOverviewCounts *counts = up_overview_page_get_counts (page);
  g_autofree char *trainees = g_strdup_printf ("%" G_GINT64_FORMAT, db->trainees);
  const char *subtitle = adw_window_title_get_subtitle (ADW_WINDOW_TITLE (up_test_get_widget (window, "page-title")));

  g_assert_null (up_overview_page_get_error (page));
  g_assert_cmpint (counts->trainees, ==, db->trainees);
  g_assert_cmpint (counts->enrollments, ==, db->enrollments);
  /* Fewer than a thousand: no grouping comma. */
  g_assert_cmpint (db->trainees, <, 1000);
  g_assert_cmpstr (up_test_label_text (window, "trainees-value"), ==, trainees);
  g_test_message ("title: %s", subtitle);
  g_assert_nonnull (subtitle);
  g_assert_nonnull (strstr (subtitle, db->parts.dbname));
}

/* The test ----------------------------------------------------------------- */

static gboolean
still_running_cb (gpointer user_data)
{
  g_error ("%s: the application still ran 30 s after its last window closed", g_test_get_path ());
  return G_SOURCE_REMOVE;
}

static gboolean
run_cb (gpointer user_data)
{
  Fixture *f = user_data;
  UpWindow *window = UP_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->app)));
  UpDatabase *first_db;
  g_autoptr(UpConnectionDialog) dialog = NULL;
  g_autofree char *first_title = NULL;

  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  up_test_wait_until_settled (overview_is_shown, window, 60);
  assert_window_shows (window, &f->first);
  first_db = up_window_get_database (window);
  first_title = g_strdup (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (up_test_get_widget (window, "page-title"))));

  /* Connect to… in the menu. */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "connect", NULL);
  up_test_wait_until_settled (connection_dialog_is_shown, NULL, 60);
  /* Ours until it has answered: it closes itself once connected. */
  dialog = g_object_ref (find_connection_dialog ());
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  up_test_fill_connection_dialog (dialog, &f->second.parts, f->second.parts.dbname, NULL);
  up_test_press_connect (dialog);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_clear_object (&dialog);

  /* The window follows: another database, its figures, its name. */
  up_test_wait_until_settled (overview_is_shown, window, 60);
  g_assert_true (up_window_get_database (window) != first_db);
  assert_window_shows (window, &f->second);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (up_test_get_widget (window, "page-title"))),
                   !=, first_title);
  g_assert_cmpstr (up_window_get_page (window), ==, "overview");

  f->ran = TRUE;
  /* Closing the last window ends the application, as a person would. */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    while (g_list_model_get_n_items (toplevels) > 0)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);

        gtk_window_destroy (toplevel);
      }
  }
  /* g_application_run() waits for the application to end: within 30 s. */
  f->quit_timeout = g_timeout_add_seconds (30, still_running_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *app,
             Fixture      *f)
{
  g_idle_add (run_cb, f);
}

static void
test_connect_to_switches_the_window (Fixture       *f,
                                     gconstpointer  data)
{
  f->app = up_application_new (f->first.conninfo);
  g_signal_connect_after (f->app, "activate", G_CALLBACK (activate_cb), f);
  g_assert_cmpint (g_application_run (G_APPLICATION (f->app), 0, NULL), ==, 0);
  g_clear_handle_id (&f->quit_timeout, g_source_remove);
  g_assert_true (f->ran);

  /* The window and the dialog are gone with the application. */
  up_test_drain_main_context ();
  g_assert_finalize_object (g_steal_pointer (&f->app));
}

int
main (int   argc,
      char *argv[])
{
  up_test_gtk_init (&argc, &argv);

  g_test_add ("/window-switch/connect-to/switches-the-window", Fixture, NULL,
              fixture_setup, test_connect_to_switches_the_window, fixture_teardown);

  return g_test_run ();
}
