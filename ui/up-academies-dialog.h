/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_ACADEMIES_DIALOG (up_academies_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpAcademiesDialog, up_academies_dialog, UP, ACADEMIES_DIALOG, AdwWindow)

/* The craftsman academies (工匠学院) and their majors (专业): the list of
 * academies, the form of the one chosen (or of a new one), its majors and a
 * row to add one.  Signal "changed" after each save. */
UpAcademiesDialog *up_academies_dialog_new      (GtkWindow         *parent,
                                                 UpDatabase        *db);
gboolean           up_academies_dialog_is_busy  (UpAcademiesDialog *self);
/* The refusal shown, or NULL. */
const char        *up_academies_dialog_get_error (UpAcademiesDialog *self);

G_END_DECLS
