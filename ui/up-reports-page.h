/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_REPORTS_PAGE (up_reports_page_get_type ())

G_DECLARE_FINAL_TYPE (UpReportsPage, up_reports_page, UP, REPORTS_PAGE, GtkWidget)

GtkWidget     *up_reports_page_new              (void);
UpDatabase    *up_reports_page_get_database     (UpReportsPage *self);
/* Lists the academies and payment batches to choose from; NULL cancels a
 * report under way. */
void           up_reports_page_set_database     (UpReportsPage *self,
                                                 UpDatabase    *db);
/* TRUE while a report is being written ("running" notifies). */
gboolean       up_reports_page_is_running       (UpReportsPage *self);
/* For tests: "reports.save" writes here instead of asking where. */
void           up_reports_page_set_output_path  (UpReportsPage *self,
                                                 const char    *path);

G_END_DECLS
