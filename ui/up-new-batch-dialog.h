/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define UP_TYPE_NEW_BATCH_DIALOG (up_new_batch_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpNewBatchDialog, up_new_batch_dialog, UP, NEW_BATCH_DIALOG, AdwMessageDialog)

/* New Batch…: the name, fund and budget of a new draft payment batch; the
 * "create" response makes it.  The name starts as the month's batch, the
 * fund as the program's special fund. */

UpNewBatchDialog *up_new_batch_dialog_new        (GtkWindow        *parent);
const char       *up_new_batch_dialog_get_name   (UpNewBatchDialog *self);
const char       *up_new_batch_dialog_get_fund   (UpNewBatchDialog *self);
/* FALSE if the budget is not an amount in yuan; *budget_fen is -1 when
 * none is given. */
gboolean          up_new_batch_dialog_get_budget (UpNewBatchDialog *self,
                                                  gint64           *budget_fen);

G_END_DECLS
