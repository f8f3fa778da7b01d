/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"
#include "up-trainee-dialog.h"
#include "up-trainee-list.h"

G_BEGIN_DECLS

#define UP_TYPE_TRAINEES_PAGE (up_trainees_page_get_type ())

G_DECLARE_FINAL_TYPE (UpTraineesPage, up_trainees_page, UP, TRAINEES_PAGE, GtkWidget)

GtkWidget        *up_trainees_page_new           (void);
UpDatabase       *up_trainees_page_get_database  (UpTraineesPage *self);
/* NULL drops the list; a database searches it from the start. */
void              up_trainees_page_set_database  (UpTraineesPage *self,
                                                  UpDatabase     *db);
/* The list shown, or NULL without a database. */
UpTraineeList    *up_trainees_page_get_list      (UpTraineesPage *self);
void              up_trainees_page_focus_search  (UpTraineesPage *self);
/* Opens the add dialog (or presents the one open); NULL without a
 * database.  The dialog belongs to its window. */
UpTraineeDialog  *up_trainees_page_add_trainee   (UpTraineesPage *self);
/* Opens trainee @id for editing. */
UpTraineeDialog  *up_trainees_page_open_trainee  (UpTraineesPage *self,
                                                  gint64          id);
/* The dialog open from this page, or NULL. */
UpTraineeDialog  *up_trainees_page_get_dialog    (UpTraineesPage *self);

G_END_DECLS
