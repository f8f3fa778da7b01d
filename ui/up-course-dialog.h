/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_COURSE_DIALOG (up_course_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpCourseDialog, up_course_dialog, UP, COURSE_DIALOG, AdwWindow)

/* The form of a new course (@course_id 0, with @academy_id chosen when not
 * 0) or of an existing one, loaded afresh from the database.  Saving is one
 * transaction; a refusal is said above the form, which keeps what was
 * typed.  Signal "saved" (gint64 course_id, gboolean created) before the
 * dialog closes itself. */
UpCourseDialog *up_course_dialog_new        (GtkWindow      *parent,
                                             UpDatabase     *db,
                                             gint64          course_id,
                                             gint64          academy_id);
/* Loading or saving. */
gboolean        up_course_dialog_is_busy    (UpCourseDialog *self);
/* Checks the form and saves it (the "course.save" action, Enter). */
void            up_course_dialog_save       (UpCourseDialog *self);
/* The refusal shown, or NULL. */
const char     *up_course_dialog_get_error  (UpCourseDialog *self);

G_END_DECLS
