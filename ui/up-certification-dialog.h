/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-certification.h"
#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_CERTIFICATION_DIALOG (up_certification_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpCertificationDialog, up_certification_dialog, UP, CERTIFICATION_DIALOG, AdwWindow)

/* The form of a new certificate (@certification_id 0; for trainee
 * @trainee_id when not 0) or of a recorded one, loaded afresh.  Saving is
 * one transaction in which the database computes the claim; a refusal is
 * said above the form, which keeps what was typed.  Signal "saved"
 * (gint64 certification_id, gboolean created, UpCertificationResult *claim)
 * before the dialog closes itself. */
UpCertificationDialog *up_certification_dialog_new       (GtkWindow             *parent,
                                                          UpDatabase            *db,
                                                          gint64                 certification_id,
                                                          gint64                 trainee_id);
/* Loading or saving. */
gboolean               up_certification_dialog_is_busy   (UpCertificationDialog *self);
/* Checks the form and saves it (the "certification.save" action, Ctrl+S). */
void                   up_certification_dialog_save      (UpCertificationDialog *self);
/* The refusal shown, or NULL. */
const char            *up_certification_dialog_get_error (UpCertificationDialog *self);

G_END_DECLS
