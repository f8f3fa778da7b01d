/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_SUBSIDIES_PAGE (up_subsidies_page_get_type ())

G_DECLARE_FINAL_TYPE (UpSubsidiesPage, up_subsidies_page, UP, SUBSIDIES_PAGE, GtkWidget)

/* The Subsidies page (补助): the claims, filtered by state, academy, batch,
 * year and the rule that refused them, approved, rejected or sent back many
 * at once, with the count and yuan of the selection and of the filter
 * always shown and a claim's rule trail and history beside the list; and
 * the payment batches, from draft to paid.  Every change is one call of the
 * store on the database's worker; the rules are the database's.
 *
 * Actions: subsidies.approve, subsidies.reject, subsidies.send-back,
 * subsidies.reissue, subsidies.add-to-batch (int64: a batch id, or 0 to
 * choose), subsidies.edit-scheme, subsidies.reload; batches.new,
 * batches.submit, batches.start-notice, batches.approve, batches.pay,
 * batches.show-claims (on the batch selected in the batch list).  Messages
 * go to a toast. */

GtkWidget          *up_subsidies_page_new                 (void);
UpDatabase         *up_subsidies_page_get_database        (UpSubsidiesPage *self);
void                up_subsidies_page_set_database        (UpSubsidiesPage *self,
                                                           UpDatabase      *db);
void                up_subsidies_page_reload              (UpSubsidiesPage *self);
void                up_subsidies_page_show_trainee        (UpSubsidiesPage *self,
                                                           gint64           trainee_id);
/* Something is loading or being saved. */
gboolean            up_subsidies_page_is_busy             (UpSubsidiesPage *self);
/* The claims shown (an UpSubsidyList) and their multi-selection. */
GListModel         *up_subsidies_page_get_claims          (UpSubsidiesPage *self);
GtkSelectionModel  *up_subsidies_page_get_claim_selection (UpSubsidiesPage *self);
/* The batches (UpPaymentBatch) and their single selection. */
GListModel         *up_subsidies_page_get_batches         (UpSubsidiesPage *self);
GtkSelectionModel  *up_subsidies_page_get_batch_selection (UpSubsidiesPage *self);
/* The last message the page showed, for tests. */
const char         *up_subsidies_page_get_last_message    (UpSubsidiesPage *self);

G_END_DECLS
