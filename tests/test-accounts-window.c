/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <unistd.h>

#include "up-accounts-window.h"
#include "up-database.h"
#include "up-pg.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"
#include "up-window.h"

/* The real accounts window on a real database: an account made in the form
 * is a role on the server with its academies and a SCRAM password; one
 * disabled in the form cannot log in; a refused login name is said in
 * words; the window's menu offers Accounts to a role that may use it.
 * Roles belong to the cluster: every login carries a suffix of its own. */

typedef struct
{
  char             *conninfo;
  PGconn           *conn;
  UpDatabase       *db;
  UpAccountsWindow *window;     /* a reference of ours */
  char             *suffix;
  gint64            academy;
} Fixture;

static gboolean
accounts_window_is_idle (gpointer window)
{
  return !up_accounts_window_is_busy (window);
}

static void
wait_until_idle (UpAccountsWindow *window)
{
  up_test_wait_until_full (accounts_window_is_idle, window, 30, "the accounts window to finish its work");
  up_test_drain_main_context ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint n;
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  f->suffix = g_strdup_printf ("%d_%u", (int) getpid (), n++);
  g_assert_true (up_pg_query_int64 (f->conn, "INSERT INTO academies (code, name, level, district) "
                                             "VALUES ('AW-1', '渝中工匠学院', 'district', '渝中区') RETURNING id",
                                    0, NULL, &f->academy, &error));
  g_assert_no_error (error);

  f->db = up_database_new (f->conninfo);
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);

  f->window = g_object_ref (up_accounts_window_new (NULL, f->db));
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  wait_until_idle (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  up_test_drain_main_context ();
  g_assert_finalize_object (g_steal_pointer (&f->window));

  up_test_pg_close_database (g_steal_pointer (&f->db));
  g_clear_pointer (&f->conn, PQfinish);
  g_free (f->conninfo);
  g_free (f->suffix);
}

static void
activate (Fixture    *f,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
  wait_until_idle (f->window);
}

static gint64
count (Fixture    *f,
       const char *sql,
       const char *login)
{
  return up_test_pg_query_int (f->conn, sql, login);
}

static void
test_new_account_reaches_the_server (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *login = g_strdup_printf ("li_%s", f->suffix);
  g_autofree char *check = g_strdup_printf ("academy-%" G_GINT64_FORMAT, f->academy);
  g_autofree char *academy = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy);
  const char *params[] = { login, academy };
  GtkWidget *row;
  gint64 n = 0;

  activate (f, "accounts.new");
  up_test_set_text (f->window, "login-row", login);
  up_test_set_text (f->window, "name-row", "李 晓明");
  up_test_set_text (f->window, "password-row", "Weld-3r!");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (up_test_get_widget (f->window, check)), TRUE);
  activate (f, "accounts.save");

  g_assert_false (gtk_widget_get_visible (up_test_get_widget (f->window, "edit-error-label")));
  g_assert_true (up_pg_query_int64 (f->conn, "SELECT count (*) FROM staff_academies WHERE login = $1 AND academy_id = $2",
                                    2, params, &n, NULL));
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM pg_authid WHERE rolname = $1 "
                             "AND rolpassword LIKE 'SCRAM-SHA-256$%'", login), ==, 1);

  /* The list shows it; opening it and switching it off disables it. */
  row = up_test_get_widget (up_test_get_widget (f->window, "accounts-list"), login);
  g_signal_emit_by_name (up_test_get_widget (f->window, "accounts-list"), "row-activated", row);
  up_test_drain_main_context ();
  gtk_switch_set_active (GTK_SWITCH (up_test_get_widget (f->window, "disabled-switch")), TRUE);
  activate (f, "accounts.save");

  g_assert_cmpint (count (f, "SELECT count (*) FROM accounts WHERE login = $1 AND disabled", login), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM pg_roles WHERE rolname = $1 AND NOT rolcanlogin", login), ==, 1);
}

static void
test_bad_login_is_said_in_words (Fixture       *f,
                                 gconstpointer  data)
{
  GtkWidget *label;

  activate (f, "accounts.new");
  up_test_set_text (f->window, "login-row", "Li Xiaoming");
  up_test_set_text (f->window, "name-row", "李 晓明");
  /* A manager needs no academy. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (f->window, "kind-row")), 1);
  activate (f, "accounts.save");

  label = up_test_get_widget (f->window, "edit-error-label");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==,
                   "A login name has 3 to 63 small letters, digits or underscores, and starts with a letter.");
}

/* An accounts window other than the fixture's. */
static UpAccountsWindow *
find_accounts_window (Fixture *f)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (UP_IS_ACCOUNTS_WINDOW (l->data) && l->data != (gpointer) f->window)
      return l->data;
  return NULL;
}

static void
test_window_menu_offers_accounts (Fixture       *f,
                                  gconstpointer  data)
{
  UpWindow *window = g_object_ref (up_window_new (NULL));
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  UpAccountsWindow *accounts = NULL;

  /* Disabled until the server said the role may: the action does nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.accounts", NULL));
  g_assert_null (find_accounts_window (f));

  /* The superuser of the embedded database may manage accounts. */
  up_window_set_database (window, f->db);
  while ((accounts = find_accounts_window (f)) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.accounts", NULL);
    }

  g_object_ref (accounts);
  wait_until_idle (accounts);
  gtk_window_destroy (GTK_WINDOW (accounts));
  up_test_drain_main_context ();
  g_assert_finalize_object (accounts);

  gtk_window_destroy (GTK_WINDOW (window));
  up_test_drain_main_context ();
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  up_test_gtk_init (&argc, &argv);

  g_test_add ("/accounts-window/new-account-reaches-the-server", Fixture, NULL,
              fixture_setup, test_new_account_reaches_the_server, fixture_teardown);
  g_test_add ("/accounts-window/bad-login-is-said-in-words", Fixture, NULL,
              fixture_setup, test_bad_login_is_said_in_words, fixture_teardown);
  g_test_add ("/accounts-window/window-menu-offers-accounts", Fixture, NULL,
              fixture_setup, test_window_menu_offers_accounts, fixture_teardown);

  return g_test_run ();
}
