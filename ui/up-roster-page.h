/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_ROSTER_PAGE (up_roster_page_get_type ())

G_DECLARE_FINAL_TYPE (UpRosterPage, up_roster_page, UP, ROSTER_PAGE, GtkWidget)

/* The roster (花名册) of one course: enroll by ID number or by search,
 * withdraw, record completion one by one or for everyone at once.
 *
 * Signals: "back" when the person asks to return to the list of courses;
 * "changed" after anything that changes the course's seat counts.
 * Messages go to the nearest AdwToastOverlay above the page. */

GtkWidget     *up_roster_page_new             (void);
UpDatabase    *up_roster_page_get_database    (UpRosterPage  *self);
void           up_roster_page_set_database    (UpRosterPage  *self,
                                               UpDatabase    *db);
gint64         up_roster_page_get_course_id   (UpRosterPage  *self);
/* Loads the course, its roster and the completion threshold; 0 empties
 * the page. */
void           up_roster_page_set_course_id   (UpRosterPage  *self,
                                               gint64         course_id);
void           up_roster_page_reload          (UpRosterPage  *self);
/* Something is loading or being saved. */
gboolean       up_roster_page_is_busy         (UpRosterPage  *self);
/* The roster shown: a GListModel of UpEnrollment. */
GListModel    *up_roster_page_get_roster      (UpRosterPage  *self);
/* The last message the page showed (toast or refusal), for tests. */
const char    *up_roster_page_get_last_message (UpRosterPage *self);

G_END_DECLS
