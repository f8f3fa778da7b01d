/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"
#include "up-payment-batch.h"

G_BEGIN_DECLS

#define UP_TYPE_BATCH_MOVER (up_batch_mover_get_type ())

G_DECLARE_FINAL_TYPE (UpBatchMover, up_batch_mover, UP, BATCH_MOVER, GObject)

/* The moves of payment batches, one call of the store each on the
 * database's worker.  A move names the version of the batch as it was
 * shown; when the database refuses it because someone else saved the batch
 * since, the mover reads the batch again, shows what changed over
 * @owner's window (UpBatchConflictDialog) and, if the person asks, makes
 * the same move on the batch as it is now.
 *
 * Signals: message (text, toast): how a move went, to show as a toast when
 * @toast (otherwise a dialog shows it); done: a move is over, moved or not,
 * and the batches and their claims are worth reading again.
 * Properties: busy. */

/* @owner (not referenced) outlives the mover. */
UpBatchMover *up_batch_mover_new          (GtkWidget      *owner);
/* Cancels the moves under way; a cancelled move says nothing. */
void          up_batch_mover_set_database (UpBatchMover   *self,
                                           UpDatabase     *db);
/* @change of @batch as shown; @ids the claims to add, or to fail when the
 * batch is paid (NULL: none); @from and @to the notice period (NULL
 * otherwise). */
void          up_batch_mover_move         (UpBatchMover   *self,
                                           UpBatchChange   change,
                                           UpPaymentBatch *batch,
                                           GArray         *ids,
                                           const GDate    *from,
                                           const GDate    *to);
gboolean      up_batch_mover_is_busy      (UpBatchMover   *self);

G_END_DECLS
