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
  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_test_pg_connect (f->conninfo);
  f->db = up_test_pg_open_database (f->conninfo, NULL);

  f->window = up_test_present_window ();
  up_window_set_database (f->window, f->db);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  up_test_destroy_window (g_steal_pointer (&f->window));

  up_test_drain_main_context ();
  up_test_pg_close_database (g_steal_pointer (&f->db));
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

static gboolean
shows_reconnected (gpointer window)
{
  return shows_text (window, "Connected to the database server again.");
}

static void
test_dropped_connection_is_said_and_mended (Fixture       *f,
                                            gconstpointer  data)
{
  GtkWidget *search;

  up_window_set_page (f->window, "trainees");
  search = up_test_get_widget (f->window, "trainees-search");
  gtk_editable_set_text (GTK_EDITABLE (search), "张晓");
  up_test_drain_main_context ();

  up_test_pg_end_session (f->db, f->conn, NULL);

  /* The next thing asked of the database finds the connection gone; a
   * reload only reads, so it runs again on the new connection: the
   * window says the connection is back, and the Overview comes. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "overview");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reload", NULL);
  up_test_wait_until_full (shows_reconnected, f->window, 30, "the window to say the connection is back");

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
  up_test_gtk_init (&argc, &argv);

  g_test_add ("/window-reconnect/dropped-connection-is-said-and-mended", Fixture, NULL,
              fixture_setup, test_dropped_connection_is_said_and_mended, fixture_teardown);

  return g_test_run ();
}
