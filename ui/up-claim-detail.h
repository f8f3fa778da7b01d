/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_CLAIM_DETAIL (up_claim_detail_get_type ())

G_DECLARE_FINAL_TYPE (UpClaimDetail, up_claim_detail, UP, CLAIM_DETAIL, GtkWidget)

/* The pane beside the list of claims: one claim's trainee, amount and
 * state, its certificate, the rule trail that gave it its amount, its
 * history and that of every claim of its trainee, read in one call.
 *
 * Properties: busy (reading the claim). */

GtkWidget  *up_claim_detail_new           (void);
void        up_claim_detail_set_database  (UpClaimDetail *self,
                                           UpDatabase    *db);
/* Shows claim @id, read again; 0: none, the hint instead. */
void        up_claim_detail_show          (UpClaimDetail *self,
                                           gint64         id);
/* The claim shown, or 0. */
gint64      up_claim_detail_get_claim_id  (UpClaimDetail *self);
/* Reads the claim shown again, after a change. */
void        up_claim_detail_reload        (UpClaimDetail *self);
gboolean    up_claim_detail_is_busy       (UpClaimDetail *self);

G_END_DECLS
