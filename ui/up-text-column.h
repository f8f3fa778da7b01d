/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The text of one cell for @item, a row of the column view's model. */
typedef char *(*UpTextCellFunc) (gpointer item);

/* Gives @column a factory of single-line, ellipsized label cells
 * whose text is @func of the row; @xalign 1 for numbers.  The rows of the
 * models this serves are replaced, never changed in place, so the text is
 * set when a row is bound. */
void  up_text_column_set_func  (GtkColumnViewColumn *column,
                                UpTextCellFunc       func,
                                float                xalign);

/* @label, a cell that ellipsizes, shows its whole text on hover when it is
 * cut short. */
void  up_text_cell_enable_tooltip (GtkWidget           *label);

G_END_DECLS
