/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "up-text-column.h"

G_BEGIN_DECLS

/* Gives @column, over an UpSubsidyList, a factory of single-line,
 * ellipsized label cells whose text is @func of the claim; @numeric aligns
 * it right.  A row not loaded yet is blank, and its cells fill in when the
 * row's page arrives: unlike up_text_column_set_func(), a cell follows its
 * claim's "loaded". */
void  up_claim_column_set_func  (GtkColumnViewColumn *column,
                                 UpTextCellFunc       func,
                                 gboolean             numeric);

G_END_DECLS
