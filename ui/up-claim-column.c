/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-claim-column"

#include "config.h"

#include "up-claim-column.h"
#include "up-subsidy.h"

/* Cells of a claim: the rows of the list are placeholders filled in place
 * when their page arrives, so a cell follows its row's "loaded". */

static void
claim_cell_update (GtkListItem *list_item)
{
  UpTextCellFunc func = g_object_get_data (G_OBJECT (list_item), "up-func");
  gpointer item = gtk_list_item_get_item (list_item);
  g_autofree char *text = item != NULL && up_subsidy_get_loaded (item) ? func (item) : NULL;
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));

  gtk_label_set_text (label, text != NULL ? text : "");
}

static void
claim_cell_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "up-xalign")));
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), 3);
  up_text_cell_enable_tooltip (label);
  gtk_list_item_set_child (list_item, label);
  g_object_set_data (G_OBJECT (list_item), "up-func", user_data);
}

static void
claim_cell_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  gpointer item = gtk_list_item_get_item (list_item);
  gulong handler;

  claim_cell_update (list_item);
  handler = g_signal_connect_object (item, "notify::loaded", G_CALLBACK (claim_cell_update), list_item,
                                     G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (list_item), "up-handler", GSIZE_TO_POINTER ((gsize) handler));
}

static void
claim_cell_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  gpointer item = gtk_list_item_get_item (list_item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "up-handler"));

  if (item != NULL && handler != 0)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (list_item), "up-handler", NULL);
}

void
up_claim_column_set_func (GtkColumnViewColumn *column,
                          UpTextCellFunc       func,
                          gboolean             numeric)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));
  g_return_if_fail (func != NULL);

  factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "up-xalign", GINT_TO_POINTER (numeric ? 1 : 0));
  g_signal_connect (factory, "setup", G_CALLBACK (claim_cell_setup_cb), (gpointer) func);
  g_signal_connect (factory, "bind", G_CALLBACK (claim_cell_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (claim_cell_unbind_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
}
