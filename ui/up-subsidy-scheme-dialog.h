/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_SUBSIDY_SCHEME_DIALOG (up_subsidy_scheme_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpSubsidySchemeDialog, up_subsidy_scheme_dialog, UP, SUBSIDY_SCHEME_DIALOG, AdwWindow)

/* The subsidy policies (补助标准) managers edit: the default scheme's rules,
 * its rates with their dates, the minimum hours per skill level, the
 * shortage occupations and the academy quotas; saved whole in one
 * transaction (scheme.save), and "Recompute Claims" (scheme.recompute),
 * which says how many claims changed.
 *
 * Signal "changed": after a save or a recompute. */

GtkWidget  *up_subsidy_scheme_dialog_new     (GtkWindow             *parent,
                                              UpDatabase            *db);
/* Something is loading or being saved. */
gboolean    up_subsidy_scheme_dialog_is_busy (UpSubsidySchemeDialog *self);
/* The last message the dialog showed, for tests. */
const char *up_subsidy_scheme_dialog_get_last_message (UpSubsidySchemeDialog *self);

G_END_DECLS
