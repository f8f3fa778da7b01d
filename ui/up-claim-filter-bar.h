/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"
#include "up-subsidy-list.h"

G_BEGIN_DECLS

#define UP_TYPE_CLAIM_FILTER_BAR (up_claim_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (UpClaimFilterBar, up_claim_filter_bar, UP, CLAIM_FILTER_BAR, GtkWidget)

/* The filters above the claims: the trainee's name, the state, the
 * academy, the payment batch, the year of the certificate and the rule
 * that refused the claim.  The academies are read from the database, the
 * batches follow a list of them.
 *
 * Signals: changed (the person changed a filter).
 * Properties: busy (reading the academies). */

GtkWidget  *up_claim_filter_bar_new           (void);
void        up_claim_filter_bar_set_database  (UpClaimFilterBar *self,
                                               UpDatabase       *db);
/* Reads the academies again. */
void        up_claim_filter_bar_reload        (UpClaimFilterBar *self);
/* The batch filter offers the batches (UpPaymentBatch) of @batches, and
 * follows its changes. */
void        up_claim_filter_bar_set_batches   (UpClaimFilterBar *self,
                                               GListModel       *batches);
/* Shows the claims of batch @batch_id, if the batch filter offers it. */
void        up_claim_filter_bar_select_batch  (UpClaimFilterBar *self,
                                               gint64            batch_id);
/* Sets in @filter, initialised, what the filters choose; the trainee is
 * the caller's. */
void        up_claim_filter_bar_get_filter    (UpClaimFilterBar *self,
                                               UpSubsidyFilter  *filter);
gboolean    up_claim_filter_bar_is_busy       (UpClaimFilterBar *self);

G_END_DECLS
