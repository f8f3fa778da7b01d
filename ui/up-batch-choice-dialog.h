/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define UP_TYPE_BATCH_CHOICE_DIALOG (up_batch_choice_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpBatchChoiceDialog, up_batch_choice_dialog, UP, BATCH_CHOICE_DIALOG, AdwMessageDialog)

/* Add to Batch…: which draft batch among @batches (UpPaymentBatch) the
 * selected claims go into; the "add" response adds them.  NULL when none
 * of @batches is a draft. */

UpBatchChoiceDialog *up_batch_choice_dialog_new          (GtkWindow           *parent,
                                                          GListModel          *batches);
/* The batch chosen, or 0. */
gint64               up_batch_choice_dialog_get_batch_id (UpBatchChoiceDialog *self);

G_END_DECLS
