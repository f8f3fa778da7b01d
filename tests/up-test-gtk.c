/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-test-gtk"

#include "config.h"

#include <adwaita.h>

#include "up-test-gtk.h"

void
up_test_gtk_init (int    *argc,
                  char ***argv)
{
  /* No session bus under xvfb-run: GTK's AT-SPI bridge would warn, and
   * warnings are fatal here. */
  g_setenv ("GTK_A11Y", "none", TRUE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* What the tests look at is there at once.  No cursor blinks either: a
   * blink timer that fires after a busy machine moved the focus warns
   * ("GtkText - did not receive a focus-out event"), and warnings are
   * fatal here. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, "gtk-cursor-blink", FALSE, NULL);
}

GtkWidget *
up_test_find_widget (GtkWidget  *root,
                     const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = up_test_find_widget (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
up_test_get_widget (gpointer    root,
                    const char *name)
{
  GtkWidget *widget = up_test_find_widget (GTK_WIDGET (root), name);

  if (widget == NULL)
    g_error ("No widget named “%s”", name);

  return widget;
}

void
up_test_set_text (gpointer    root,
                  const char *name,
                  const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (up_test_get_widget (root, name)), text);
}

const char *
up_test_label_text (gpointer    root,
                    const char *name)
{
  GtkWidget *widget = up_test_get_widget (root, name);

  g_assert_true (GTK_IS_LABEL (widget));
  return gtk_label_get_label (GTK_LABEL (widget));
}

void
up_test_wait_until_settled (UpTestCondition done,
                            gpointer        data,
                            guint           seconds)
{
  up_test_wait_until (done, data, seconds);
  up_test_drain_main_context ();
}

/* The main window ---------------------------------------------------------- */

UpWindow *
up_test_present_window (void)
{
  UpWindow *window = g_object_ref (up_window_new (NULL));

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

void
up_test_destroy_window (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The connection dialog ---------------------------------------------------- */

void
up_test_reset_connection_settings (GSettings *settings)
{
  static const char * const keys[] = {
    "connection-kind", "host", "port", "dbname", "user", "sslmode", "service", "remember-password",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

static gboolean
connection_dialog_is_idle (gpointer dialog)
{
  return !up_connection_dialog_is_busy (dialog);
}

void
up_test_wait_for_connection_dialog (UpConnectionDialog *dialog)
{
  up_test_wait_until_full (connection_dialog_is_idle, dialog, 60,
                           "the connection dialog to finish trying the connection or asking the keyring");
  up_test_drain_main_context ();
}

void
up_test_fill_connection_dialog (UpConnectionDialog        *dialog,
                                const UpTestConninfoParts *server,
                                const char                *dbname,
                                const char                *password)
{
  /* Row 1 of the kinds: a database server. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (dialog, "kind-row")), 1);
  up_test_set_text (dialog, "host-row", server->host);
  up_test_set_text (dialog, "port-row", server->port != NULL ? server->port : "");
  up_test_set_text (dialog, "dbname-row", dbname);
  up_test_set_text (dialog, "user-row", server->user != NULL ? server->user : "");
  if (password != NULL)
    up_test_set_text (dialog, "password-row", password);
  /* Row 1 of the SSL modes: "prefer". */
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (dialog, "sslmode-row")), 1);
}

void
up_test_press_connect (UpConnectionDialog *dialog)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "connection.connect", NULL));
  up_test_wait_for_connection_dialog (dialog);
}
