/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-payment-batch.h"

G_BEGIN_DECLS

#define UP_TYPE_BATCH_CONFLICT_DIALOG (up_batch_conflict_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpBatchConflictDialog, up_batch_conflict_dialog, UP, BATCH_CONFLICT_DIALOG, AdwMessageDialog)

/* A move of a payment batch the database refused because someone else
 * saved the batch since it was shown: what changed between @shown and
 * @fresh, and, when @fresh still allows @change, the "again" response that
 * asks for the same move on the batch as it is now.  Claims leave a batch
 * by Send Back, which names no version: removing and withdrawing claims
 * never come here. */

UpBatchConflictDialog *up_batch_conflict_dialog_new (GtkWindow      *parent,
                                                     UpBatchChange   change,
                                                     UpPaymentBatch *shown,
                                                     UpPaymentBatch *fresh);

G_END_DECLS
