/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-courses-page.h"
#include "up-database.h"
#include "up-overview-page.h"
#include "up-trainees-page.h"

G_BEGIN_DECLS

#define UP_TYPE_WINDOW (up_window_get_type ())

G_DECLARE_FINAL_TYPE (UpWindow, up_window, UP, WINDOW, AdwApplicationWindow)

/* @app may be NULL (tests): the window then lives without app actions. */
UpWindow        *up_window_new                   (GtkApplication *app);
/* NULL drops the database; a database shows the pages and loads them. */
void             up_window_set_database          (UpWindow       *self,
                                                  UpDatabase     *db);
UpDatabase      *up_window_get_database          (UpWindow       *self);
/* The sidebar page shown: "overview", "trainees", "courses",
 * "certifications", "subsidies" or "reports"; unknown names are ignored. */
const char      *up_window_get_page              (UpWindow       *self);
void             up_window_set_page              (UpWindow       *self,
                                                  const char     *page);
void             up_window_show_connecting       (UpWindow       *self);
/* The spinner page with @message, while the database is away on purpose
 * (a restore); up_window_show_connecting() or a database ends it. */
void             up_window_show_busy             (UpWindow       *self,
                                                  const char     *message);
AdwToastOverlay *up_window_get_toast_overlay     (UpWindow       *self);
/* @error may be NULL; its message is shown as plain text. */
void             up_window_show_connection_error (UpWindow       *self,
                                                  const GError   *error);
UpOverviewPage  *up_window_get_overview_page     (UpWindow       *self);
UpTraineesPage  *up_window_get_trainees_page     (UpWindow       *self);
UpCoursesPage   *up_window_get_courses_page      (UpWindow       *self);

G_END_DECLS
