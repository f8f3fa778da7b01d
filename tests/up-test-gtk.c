/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-test-gtk"

#include "config.h"

#include "up-test-gtk.h"

void
up_test_drain_main_context (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
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
