/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "up-database.h"
#include "up-pg.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"
#include "up-window.h"

/* The real window when its connection drops (the backend ended, as in a
 * server restart): it says so, keeps the page and what was typed, and says
 * when it is connected again, by itself. */

typedef struct
{
  char       *conninfo;
  PGconn     *conn;
  UpDatabase *db;
  UpWindow   *window;     /* a reference of ours */
} Fixture;

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
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  up_window_set_database (f->window, f->db);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (g_steal_pointer (&f->window));

  up_test_drain_main_context ();
  up_database_close (f->db);
  up_test_drain_main_context ();
  g_assert_finalize_object (g_steal_pointer (&f->db));
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

/* Whether a label at or below @root shows @text (a toast's title). */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0
      && gtk_widget_get_mapped (root))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;

  return FALSE;
}

static void
wait_for_text (Fixture    *f,
               const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!shows_text (GTK_WIDGET (f->window), text))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
}

static void
test_dropped_connection_is_said_and_mended (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) pid = NULL;
  const char *params[1];
  GtkWidget *search;

  up_window_set_page (f->window, "trainees");
  search = up_test_get_widget (f->window, "trainees-search");
  gtk_editable_set_text (GTK_EDITABLE (search), "张晓");
  up_test_drain_main_context ();

  pid = up_database_query_sync (f->db, "SELECT pg_backend_pid ()::text", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  params[0] = PQgetvalue (pid, 0, 0);
  g_assert_true (up_pg_command (f->conn, "SELECT pg_terminate_backend ($1::int)", 1, params, &error));
  g_assert_no_error (error);

  /* The next thing asked of the database finds the connection gone; a
   * reload only reads, so it runs again on the new connection: the
   * window says the connection is back, and the Overview comes. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "overview");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reload", NULL);
  wait_for_text (f, "Connected to the database server again.");

  /* Still the main view, with what was typed. */
  g_assert_true (up_window_get_database (f->window) == f->db);
  up_window_set_page (f->window, "trainees");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "张晓");
  g_assert_false (shows_text (GTK_WIDGET (f->window), "The connection to the database server was lost. Reconnecting…"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "none", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/window-reconnect/dropped-connection-is-said-and-mended", Fixture, NULL,
              fixture_setup, test_dropped_connection_is_said_and_mended, fixture_teardown);

  return g_test_run ();
}
