/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-payment-batch.h"

G_BEGIN_DECLS

#define UP_TYPE_BATCH_PAY_DIALOG (up_batch_pay_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpBatchPayDialog, up_batch_pay_dialog, UP, BATCH_PAY_DIALOG, AdwMessageDialog)

/* Pay…: records @batch as paid, but for @failed (gint64 claim ids, the
 * claims selected on the Claims tab that the bank returned); the "pay"
 * response pays it. */

UpBatchPayDialog *up_batch_pay_dialog_new          (GtkWindow        *parent,
                                                    UpPaymentBatch   *batch,
                                                    GArray           *failed);
gint64            up_batch_pay_dialog_get_batch_id (UpBatchPayDialog *self);
GArray           *up_batch_pay_dialog_get_failed   (UpBatchPayDialog *self);

G_END_DECLS
