/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-subsidy.h"

G_BEGIN_DECLS

#define UP_TYPE_CLAIM_REASON_DIALOG (up_claim_reason_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpClaimReasonDialog, up_claim_reason_dialog, UP, CLAIM_REASON_DIALOG, AdwMessageDialog)

/* Reject… and Send Back…: asks why, for @n_claims selected claims; the
 * "confirm" response is offered once a reason is given. */

UpClaimReasonDialog *up_claim_reason_dialog_new          (GtkWindow           *parent,
                                                          UpSubsidyDecision    decision,
                                                          guint                n_claims);
UpSubsidyDecision    up_claim_reason_dialog_get_decision (UpClaimReasonDialog *self);
const char          *up_claim_reason_dialog_get_reason   (UpClaimReasonDialog *self);

G_END_DECLS
