/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-certification-list.h"
#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_CERTIFICATIONS_PAGE (up_certifications_page_get_type ())

G_DECLARE_FINAL_TYPE (UpCertificationsPage, up_certifications_page, UP, CERTIFICATIONS_PAGE, GtkWidget)

GtkWidget            *up_certifications_page_new              (void);
UpDatabase           *up_certifications_page_get_database     (UpCertificationsPage *self);
/* Setting a database loads the academies and the certificates; NULL empties
 * the page. */
void                  up_certifications_page_set_database     (UpCertificationsPage *self,
                                                               UpDatabase           *db);
/* The certificates listed: an UpCertificationList (NULL without a database). */
UpCertificationList  *up_certifications_page_get_list         (UpCertificationsPage *self);
gboolean              up_certifications_page_is_loading       (UpCertificationsPage *self);
/* Opens the form of a new certificate ("certifications.new", Ctrl+N); for
 * the trainee the page is narrowed to, if any. */
void                  up_certifications_page_new_certification (UpCertificationsPage *self);
/* Narrows the list to one trainee's certificates (0: every trainee's). */
void                  up_certifications_page_show_trainee     (UpCertificationsPage *self,
                                                               gint64                trainee_id);

G_END_DECLS
