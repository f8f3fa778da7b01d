/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-text-column"

#include "config.h"

#include "up-text-column.h"

/* Callbacks ---------------------------------------------------------------- */

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  /* A label, not a GtkInscription: in 4.8 an inscription sizes its line by
   * the main font and clips the taller CJK fallback glyphs at the bottom. */
  GtkWidget *label = gtk_label_new (NULL);
  float xalign = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "up-xalign")) / 100.f;

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), 3);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  UpTextCellFunc func = (UpTextCellFunc) user_data;
  gpointer item = gtk_list_item_get_item (list_item);
  g_autofree char *text = item != NULL ? func (item) : NULL;
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));

  gtk_label_set_text (label, text != NULL ? text : "");
  /* A cell cut short tells the rest on hover. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));

  gtk_label_set_text (label, "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
}

/* Public API --------------------------------------------------------------- */

void
up_text_column_set_func (GtkColumnViewColumn *column,
                         UpTextCellFunc       func,
                         float                xalign)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));
  g_return_if_fail (func != NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_object_set_data (G_OBJECT (factory), "up-xalign", GINT_TO_POINTER ((int) (xalign * 100)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), (gpointer) func);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
}
