/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"
#include "up-roster-page.h"

G_BEGIN_DECLS

#define UP_TYPE_COURSES_PAGE (up_courses_page_get_type ())

G_DECLARE_FINAL_TYPE (UpCoursesPage, up_courses_page, UP, COURSES_PAGE, GtkWidget)

GtkWidget     *up_courses_page_new           (void);
UpDatabase    *up_courses_page_get_database  (UpCoursesPage *self);
/* Setting a database loads the academies and the courses; NULL cancels
 * the loads and empties the page. */
void           up_courses_page_set_database  (UpCoursesPage *self,
                                              UpDatabase    *db);
/* Lists the courses of the filters again, cancelling a load under way. */
void           up_courses_page_reload        (UpCoursesPage *self);
gboolean       up_courses_page_is_loading    (UpCoursesPage *self);
/* The courses listed: a GListModel of UpCourse. */
GListModel    *up_courses_page_get_courses   (UpCoursesPage *self);
/* Opens the dialog of a new course ("courses.new-course", Ctrl+N). */
void           up_courses_page_new_course    (UpCoursesPage *self);
/* Shows the roster of a course in place of the list. */
void           up_courses_page_open_course   (UpCoursesPage *self,
                                              gint64         course_id);
UpRosterPage  *up_courses_page_get_roster_page (UpCoursesPage *self);

G_END_DECLS
