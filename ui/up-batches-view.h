/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"
#include "up-payment-batch.h"

G_BEGIN_DECLS

#define UP_TYPE_BATCHES_VIEW (up_batches_view_get_type ())

G_DECLARE_FINAL_TYPE (UpBatchesView, up_batches_view, UP, BATCHES_VIEW, GtkWidget)

/* The Payment Batches tab of the Subsidies page: the batches (发放批次),
 * from draft to paid, the history of the one selected, and its moves.  A
 * move names the version of the batch shown; when someone else saved the
 * batch since, the view reads it again, says what changed and offers to
 * ask again.  Its buttons name the page's actions (batches.*), which call
 * the functions below.
 *
 * Signals: message (text, toast): a sentence for the person, to show as a
 * toast when @toast (otherwise a dialog shows it); changed: a move changed
 * claims.
 * Properties: busy, selected-batch. */

GtkWidget         *up_batches_view_new                (void);
void               up_batches_view_set_database       (UpBatchesView  *self,
                                                       UpDatabase     *db);
void               up_batches_view_reload             (UpBatchesView  *self);
/* The batches (UpPaymentBatch) and their single selection. */
GListModel        *up_batches_view_get_batches        (UpBatchesView  *self);
GtkSelectionModel *up_batches_view_get_selection      (UpBatchesView  *self);
UpPaymentBatch    *up_batches_view_get_selected_batch (UpBatchesView  *self);

/* New Batch…: asks the name, fund and budget. */
void               up_batches_view_new_batch          (UpBatchesView  *self);
/* The moves of the selected batch; Start Notice… asks the period. */
void               up_batches_view_submit             (UpBatchesView  *self);
void               up_batches_view_start_notice       (UpBatchesView  *self);
void               up_batches_view_approve            (UpBatchesView  *self);
/* Pay…: asks first; @failed are the ids (gint64) of its claims the bank
 * returned. */
void               up_batches_view_pay                (UpBatchesView  *self,
                                                       GArray         *failed);
/* Puts claims @claim_ids into batch @batch_id. */
void               up_batches_view_add_claims         (UpBatchesView  *self,
                                                       gint64          batch_id,
                                                       GArray         *claim_ids);
gboolean           up_batches_view_is_busy            (UpBatchesView  *self);

G_END_DECLS
