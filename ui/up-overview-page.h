/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"
#include "up-overview.h"

G_BEGIN_DECLS

#define UP_TYPE_OVERVIEW_PAGE (up_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (UpOverviewPage, up_overview_page, UP, OVERVIEW_PAGE, GtkWidget)

GtkWidget              *up_overview_page_new          (void);
UpDatabase             *up_overview_page_get_database (UpOverviewPage *self);
/* Setting a database (re)loads the figures; NULL cancels and clears them. */
void                    up_overview_page_set_database (UpOverviewPage *self,
                                                       UpDatabase     *db);
/* Cancels a load under way and starts a new one (the "overview.reload"
 * action). */
void                    up_overview_page_reload       (UpOverviewPage *self);
gboolean                up_overview_page_is_loading   (UpOverviewPage *self);
/* The figures shown, or NULL before the first successful load. */
const UpOverviewCounts *up_overview_page_get_counts   (UpOverviewPage *self);
/* The error of the last load, or NULL. */
const GError           *up_overview_page_get_error    (UpOverviewPage *self);

G_END_DECLS
