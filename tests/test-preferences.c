/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "up-database.h"
#include "up-pg.h"
#include "up-preferences-window.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"

/* The real preferences window on a real database: a threshold typed into the
 * spin button is what the database then holds, and someone else's change
 * is never overwritten. */

typedef struct
{
  char                *conninfo;
  PGconn              *conn;
  UpDatabase          *db;
  UpPreferencesWindow *window;     /* a reference of ours */
  GSettings           *settings;
} Fixture;

static gboolean
preferences_window_is_idle (gpointer window)
{
  return !up_preferences_window_is_busy (window);
}

static void
wait_until_idle (UpPreferencesWindow *window)
{
  up_test_wait_until_full (preferences_window_is_idle, window, 30, "the preferences window to finish its work");
  up_test_drain_main_context ();
}

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

  f->settings = g_settings_new (APPLICATION_ID);
  f->window = g_object_ref (up_preferences_window_new (NULL, f->db));
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  wait_until_idle (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_until_idle (f->window);
  g_assert_finalize_object (g_steal_pointer (&f->window));

  up_test_drain_main_context ();
  up_test_pg_close_database (g_steal_pointer (&f->db));

  g_settings_reset (f->settings, "report-language");
  g_settings_reset (f->settings, "color-scheme");
  g_clear_object (&f->settings);
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

static gint64
threshold_in_database (Fixture *f)
{
  return up_test_pg_query_int (f->conn,
                               "SELECT value::integer FROM settings WHERE key = 'completion_threshold_percent'",
                               NULL);
}

static gint64
version_in_database (Fixture *f)
{
  return up_test_pg_query_int (f->conn,
                               "SELECT version FROM settings WHERE key = 'completion_threshold_percent'",
                               NULL);
}

/* Types @text into the spin button as a person does, then Enter. */
static void
type_threshold (Fixture    *f,
                const char *text)
{
  GtkWidget *spin = up_test_get_widget (f->window, "threshold-spin");

  g_assert_true (gtk_widget_get_sensitive (spin));
  up_test_set_text (f->window, "threshold-spin", text);
  /* Enter in the spin button's text. */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (spin)), "activate");
}

/* Tests -------------------------------------------------------------------- */

static void
test_threshold_shows_the_database_value (Fixture       *f,
                                         gconstpointer  data)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (up_test_get_widget (f->window, "threshold-spin"));

  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, threshold_in_database (f));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 80);
}

static void
test_threshold_typed_reaches_the_database (Fixture       *f,
                                           gconstpointer  data)
{
  gint64 version = version_in_database (f);

  type_threshold (f, "75");
  wait_until_idle (f->window);

  g_assert_cmpint (threshold_in_database (f), ==, 75);
  g_assert_cmpint (version_in_database (f), ==, version + 1);

  /* And again: the version of the first save is the second one's. */
  type_threshold (f, "90");
  wait_until_idle (f->window);
  g_assert_cmpint (threshold_in_database (f), ==, 90);
  g_assert_cmpint (version_in_database (f), ==, version + 2);
}

static void
test_threshold_of_someone_else_is_not_overwritten (Fixture       *f,
                                                   gconstpointer  data)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (up_test_get_widget (f->window, "threshold-spin"));
  g_autoptr(GError) error = NULL;

  /* Another window changes it after this one read it. */
  up_pg_command (f->conn, "UPDATE settings SET value = '70' WHERE key = 'completion_threshold_percent'",
                 0, NULL, &error);
  g_assert_no_error (error);

  type_threshold (f, "95");
  wait_until_idle (f->window);

  g_assert_cmpint (threshold_in_database (f), ==, 70);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 70);

  /* Now that it shows theirs, a change goes through. */
  type_threshold (f, "85");
  wait_until_idle (f->window);
  g_assert_cmpint (threshold_in_database (f), ==, 85);
}

static void
test_language_and_style_are_saved (Fixture       *f,
                                   gconstpointer  data)
{
  AdwComboRow *language = ADW_COMBO_ROW (up_test_get_widget (f->window, "report-language-row"));
  AdwComboRow *style = ADW_COMBO_ROW (up_test_get_widget (f->window, "style-row"));
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *value = NULL;

  up_preferences_follow_color_scheme (f->settings);

  adw_combo_row_set_selected (language, 2);
  value = g_settings_get_string (f->settings, "report-language");
  g_assert_cmpstr (value, ==, "zh_TW");

  adw_combo_row_set_selected (style, 2);
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));

  adw_combo_row_set_selected (style, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* A value set elsewhere shows in the row. */
  g_settings_set_string (f->settings, "report-language", "en");
  g_assert_cmpuint (adw_combo_row_get_selected (language), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  up_test_gtk_init (&argc, &argv);

  g_test_add ("/preferences/threshold/shows-the-database-value", Fixture, NULL,
              fixture_setup, test_threshold_shows_the_database_value, fixture_teardown);
  g_test_add ("/preferences/threshold/typed-reaches-the-database", Fixture, NULL,
              fixture_setup, test_threshold_typed_reaches_the_database, fixture_teardown);
  g_test_add ("/preferences/threshold/of-someone-else-is-not-overwritten", Fixture, NULL,
              fixture_setup, test_threshold_of_someone_else_is_not_overwritten, fixture_teardown);
  g_test_add ("/preferences/language-and-style-are-saved", Fixture, NULL,
              fixture_setup, test_language_and_style_are_saved, fixture_teardown);

  return g_test_run ();
}
