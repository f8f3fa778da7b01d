/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_ACADEMY_CHOICES (up_academy_choices_get_type ())

G_DECLARE_FINAL_TYPE (UpAcademyChoices, up_academy_choices, UP, ACADEMY_CHOICES, GObject)

/* The rows of an academy filter: “All academies”, then every academy by
 * name as up_academy_list() orders them.  A GListModel of GtkStringObject,
 * so a GtkDropDown or an AdwComboRow shows it with its default factory.
 * Until a reload succeeds it holds “All academies” alone; a reload that
 * fails leaves the rows as they were.
 *
 * A widget bound with up_academy_choices_bind_selection() keeps its
 * academy across reloads, or falls back to “All academies” when the
 * academy is gone; "selected-id" follows what the person chooses there,
 * and only that, so a page that watches it reloads when the filter really
 * changed.
 *
 * Properties: loading (a read is under way), selected-id (the bound
 * widget's academy; 0 for all).
 * Signals: loaded (a reload succeeded: the rows are new and the bound
 * widget shows its academy again). */

UpAcademyChoices *up_academy_choices_new             (void);
/* Reads the academies of @db, cancelling the read under way; with @db
 * NULL it only cancels. */
void              up_academy_choices_reload          (UpAcademyChoices *self,
                                                      UpDatabase       *db);
/* Cancels the read under way; a cancelled read changes nothing. */
void              up_academy_choices_cancel          (UpAcademyChoices *self);
gboolean          up_academy_choices_is_loading      (UpAcademyChoices *self);
/* The academy of row @position: 0 for “All academies” or a row that is
 * not there (GTK_INVALID_LIST_POSITION). */
gint64            up_academy_choices_get_id          (UpAcademyChoices *self,
                                                      guint             position);
/* Its code; NULL for “All academies” or a row that is not there. */
const char       *up_academy_choices_get_code        (UpAcademyChoices *self,
                                                      guint             position);
/* The row of academy @id; 0 (“All academies”) when it is not listed. */
guint             up_academy_choices_find_id         (UpAcademyChoices *self,
                                                      gint64            id);
/* Makes @self the model of @widget, a GtkDropDown or an AdwComboRow (not
 * referenced), and keeps its selection as said above.  One widget. */
void              up_academy_choices_bind_selection  (UpAcademyChoices *self,
                                                      GtkWidget        *widget);
gint64            up_academy_choices_get_selected_id (UpAcademyChoices *self);

G_END_DECLS
