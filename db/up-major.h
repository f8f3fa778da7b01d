/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"

G_BEGIN_DECLS

/* One row of majors: a speciality an academy teaches.  Properties: "id"
 * (int64, 0 until inserted), "academy-id" (int64), "name", "version"
 * (read-only). */
#define UP_TYPE_MAJOR (up_major_get_type ())

G_DECLARE_FINAL_TYPE (UpMajor, up_major, UP, MAJOR, GObject)

UpMajor     *up_major_new              (gint64               academy_id,
                                        const char          *name);
gint64       up_major_get_id           (UpMajor             *self);
gint64       up_major_get_academy_id   (UpMajor             *self);
const char  *up_major_get_name         (UpMajor             *self);
void         up_major_set_name         (UpMajor             *self,
                                        const char          *name);
int          up_major_get_version      (UpMajor             *self);

/* The majors of one academy, ordered by name: a GListStore of UpMajor. */
GListStore  *up_major_list             (PGconn              *conn,
                                        gint64               academy_id,
                                        GError             **error);
/* Inserts @major and sets its id and version. */
gboolean     up_major_insert           (PGconn              *conn,
                                        UpMajor             *major,
                                        GError             **error);

void         up_major_list_async       (UpDatabase          *db,
                                        gint64               academy_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GListStore  *up_major_list_finish      (UpDatabase          *db,
                                        GAsyncResult        *result,
                                        GError             **error);
/* Sets the id and version of @major in the finish function. */
void         up_major_insert_async     (UpDatabase          *db,
                                        UpMajor             *major,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean     up_major_insert_finish    (UpDatabase          *db,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
