/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Helpers of the GUI tests: widgets are found by their name (the "name"
 * property the .ui files give the ones tests look at). */

/* Runs what is pending on the default main context, without blocking. */
void         up_test_drain_main_context (void);
/* The widget named @name at or below @root, or NULL. */
GtkWidget   *up_test_find_widget        (GtkWidget  *root,
                                         const char *name);
/* The same; a test error when there is none. */
GtkWidget   *up_test_get_widget         (gpointer    root,
                                         const char *name);
/* Types @text into the editable named @name. */
void         up_test_set_text           (gpointer    root,
                                         const char *name,
                                         const char *text);
/* The text of the label named @name. */
const char  *up_test_label_text         (gpointer    root,
                                         const char *name);

G_END_DECLS
