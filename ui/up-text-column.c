/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-text-column"

#include "config.h"

#include "up-text-column.h"

/* Callbacks ---------------------------------------------------------------- */

/* A cell cut short tells the rest on hover.  A label of our own rather than
 * gtk_widget_set_tooltip_text (): 4.8 sizes its tooltip label too narrow
 * for CJK text and breaks a name into one character a line. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  GtkLabel *label = GTK_LABEL (widget);
  const char *text = gtk_label_get_text (label);
  GtkWidget *tip;

  if (text == NULL || *text == '\0' || !pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;

  tip = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (tip), 0);
  gtk_label_set_wrap (GTK_LABEL (tip), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (tip), PANGO_WRAP_WORD_CHAR);
  /* A CJK character is two columns wide. */
  gtk_label_set_width_chars (GTK_LABEL (tip), MIN ((int) g_utf8_strlen (text, -1) * 2, 60));
  gtk_label_set_max_width_chars (GTK_LABEL (tip), 60);
  gtk_tooltip_set_custom (tooltip, tip);
  return TRUE;
}

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
  up_text_cell_enable_tooltip (label);
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
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));

  gtk_label_set_text (label, "");
}

/* Public API --------------------------------------------------------------- */

void
up_text_cell_enable_tooltip (GtkWidget *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

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
