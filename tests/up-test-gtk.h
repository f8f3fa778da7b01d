/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "up-connection-dialog.h"
#include "up-test-pg.h"
#include "up-window.h"

G_BEGIN_DECLS

/* Helpers of the GUI tests: widgets are found by their name (the "name"
 * property the .ui files give the ones tests look at).  The main-loop
 * helpers, up_test_drain_main_context() among them, are up-test-pg.h's. */

/* gtk_test_init() and adw_init() for a GUI test program, with no
 * accessibility bridge and no animations. */
void                up_test_gtk_init                   (int        *argc,
                                                        char     ***argv);

/* The widget named @name at or below @root, or NULL. */
GtkWidget          *up_test_find_widget                (GtkWidget  *root,
                                                        const char *name);
/* The same; a test error when there is none. */
GtkWidget          *up_test_get_widget                 (gpointer    root,
                                                        const char *name);
/* Types @text into the editable named @name. */
void                up_test_set_text                   (gpointer    root,
                                                        const char *name,
                                                        const char *text);
/* The text of the label named @name. */
const char         *up_test_label_text                 (gpointer    root,
                                                        const char *name);

/* Waits as up_test_wait_until() does, then runs what is left pending: the
 * widgets catch up with what @done saw. */
void                up_test_wait_until_settled         (UpTestCondition done,
                                                        gpointer        data,
                                                        guint           seconds);

/* The main window ----------------------------------------------------------- */

/* A new main window, presented and drawn; the reference is the caller's. */
UpWindow           *up_test_present_window             (void);
/* Destroys @window and checks that the reference it takes, the caller's,
 * was the last. */
void                up_test_destroy_window             (gpointer window);

/* The connection dialog ----------------------------------------------------- */

/* Resets the connection keys of the application's @settings, the ones the
 * connection dialog reads and writes. */
void                up_test_reset_connection_settings  (GSettings *settings);
/* Waits until @dialog is no longer trying a connection or asking the
 * keyring (a test error after 60 s), and the widgets caught up. */
void                up_test_wait_for_connection_dialog (UpConnectionDialog *dialog);
/* Fills @dialog as a person would for a server: @server's host, port and
 * user, @dbname, @password unless NULL (the field is left as it is), and
 * SSL "prefer" (the test server has none; libpq goes on without). */
void                up_test_fill_connection_dialog     (UpConnectionDialog        *dialog,
                                                        const UpTestConninfoParts *server,
                                                        const char                *dbname,
                                                        const char                *password);
/* Presses Connect in @dialog and waits for its answer. */
void                up_test_press_connect              (UpConnectionDialog *dialog);

G_END_DECLS
