/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_TRAINEE_DIALOG (up_trainee_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpTraineeDialog, up_trainee_dialog, UP, TRAINEE_DIALOG, AdwWindow)

/* A modal window to add a trainee (or, after up_trainee_dialog_load(), to
 * edit one and see the trainee's courses).  Emits "saved" (gint64 id) after
 * each successful save, then closes.
 *
 * Properties: "database" (construct-only), "trainee-id" (0 when adding),
 * "busy" (loading or saving), "can-save" (the form is complete and valid). */

UpTraineeDialog *up_trainee_dialog_new             (GtkWindow       *parent,
                                                    UpDatabase      *db);
/* Switches to editing trainee @id: reads it and fills the form. */
void             up_trainee_dialog_load            (UpTraineeDialog *self,
                                                    gint64           id);
gint64           up_trainee_dialog_get_trainee_id  (UpTraineeDialog *self);
gboolean         up_trainee_dialog_get_busy        (UpTraineeDialog *self);
gboolean         up_trainee_dialog_get_can_save    (UpTraineeDialog *self);
/* The last save's error (or NULL), as the dialog shows it. */
const GError    *up_trainee_dialog_get_error       (UpTraineeDialog *self);

G_END_DECLS
