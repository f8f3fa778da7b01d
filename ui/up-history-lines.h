/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* List boxes of plain, selectable lines: a claim's rule trail, the history
 * of a claim, of a trainee's claims or of a payment batch. */

/* @list shows @lines, NULL-terminated (none: empty). */
void  up_history_lines_set          (GtkListBox         *list,
                                     const char * const *lines);
/* @list shows @entries (UpAuditEntry, oldest first) newest first; with
 * @with_claims a line about a claim names the claim and its trainee. */
void  up_history_lines_set_entries  (GtkListBox         *list,
                                     GPtrArray          *entries,
                                     gboolean            with_claims);

G_END_DECLS
