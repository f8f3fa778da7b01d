/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"
#include "up-subsidy.h"

G_BEGIN_DECLS

#define UP_TYPE_CLAIMS_VIEW (up_claims_view_get_type ())

G_DECLARE_FINAL_TYPE (UpClaimsView, up_claims_view, UP, CLAIMS_VIEW, GtkWidget)

/* The Claims tab of the Subsidies page: the claims (补助申领) under the
 * filters, many selected at once, with the count and yuan of the selection
 * and of the filter, the claim selected beside the list, and the decisions
 * about the selected claims.  Its buttons name the page's actions
 * (subsidies.*), which call the functions below.
 *
 * Signals: message (text, toast): a sentence for the person, to show as a
 * toast when @toast; changed: a decision changed claims, and so perhaps
 * batches.
 * Properties: busy, n-selected. */

GtkWidget         *up_claims_view_new                      (void);
void               up_claims_view_set_database             (UpClaimsView      *self,
                                                            UpDatabase        *db);
/* The claims and the filters' academies, read again. */
void               up_claims_view_reload                   (UpClaimsView      *self);
/* After a change elsewhere: the claims and the claim shown, read again. */
void               up_claims_view_refresh                  (UpClaimsView      *self);
/* The claims of one trainee (0: everyone's). */
void               up_claims_view_set_trainee              (UpClaimsView      *self,
                                                            gint64             trainee_id);
/* The batch filter offers the batches (UpPaymentBatch) of @batches. */
void               up_claims_view_set_batches              (UpClaimsView      *self,
                                                            GListModel        *batches);
/* Filters the claims of batch @batch_id. */
void               up_claims_view_show_batch               (UpClaimsView      *self,
                                                            gint64             batch_id);
/* @decision on the selected claims; Reject and Send Back ask why first. */
void               up_claims_view_decide                   (UpClaimsView      *self,
                                                            UpSubsidyDecision  decision);
/* The claims shown (an UpSubsidyList) and their multi-selection. */
GListModel        *up_claims_view_get_claims               (UpClaimsView      *self);
GtkSelectionModel *up_claims_view_get_selection            (UpClaimsView      *self);
guint              up_claims_view_get_n_selected           (UpClaimsView      *self);
/* The ids (gint64) of the selected claims, in list order. */
GArray            *up_claims_view_get_selected_ids         (UpClaimsView      *self);
/* The same among the loaded rows of batch @batch_id only. */
GArray            *up_claims_view_get_selected_ids_in_batch (UpClaimsView     *self,
                                                             gint64            batch_id);
gboolean           up_claims_view_is_busy                  (UpClaimsView      *self);

G_END_DECLS
