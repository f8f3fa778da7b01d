/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"

G_BEGIN_DECLS

/* The academy_level enum of the schema, in its order.  The GEnum nicks are
 * the SQL names. */
typedef enum
{
  UP_ACADEMY_LEVEL_MUNICIPAL,
  UP_ACADEMY_LEVEL_DISTRICT,
  UP_ACADEMY_LEVEL_INDUSTRY,
  UP_ACADEMY_LEVEL_ENTERPRISE,
} UpAcademyLevel;

#define UP_TYPE_ACADEMY_LEVEL (up_academy_level_get_type ())
GType           up_academy_level_get_type     (void) G_GNUC_CONST;
const char     *up_academy_level_to_sql       (UpAcademyLevel   level);
/* FALSE when @sql is no level name. */
gboolean        up_academy_level_from_sql     (const char      *sql,
                                               UpAcademyLevel  *level);
/* The translated word a person reads: 市级, 区县级 … */
const char     *up_academy_level_to_label     (UpAcademyLevel   level);

/* One row of academies.  Properties: "id" (int64, 0 until inserted),
 * "code", "name", "level" (UpAcademyLevel), "level-label" (read-only),
 * "district", "industry" (may be NULL), "version" (int, read-only). */
#define UP_TYPE_ACADEMY (up_academy_get_type ())

G_DECLARE_FINAL_TYPE (UpAcademy, up_academy, UP, ACADEMY, GObject)

UpAcademy      *up_academy_new                (void);
gint64          up_academy_get_id             (UpAcademy       *self);
const char     *up_academy_get_code           (UpAcademy       *self);
void            up_academy_set_code           (UpAcademy       *self,
                                               const char      *code);
const char     *up_academy_get_name           (UpAcademy       *self);
void            up_academy_set_name           (UpAcademy       *self,
                                               const char      *name);
UpAcademyLevel  up_academy_get_level          (UpAcademy       *self);
void            up_academy_set_level          (UpAcademy       *self,
                                               UpAcademyLevel   level);
const char     *up_academy_get_level_label    (UpAcademy       *self);
const char     *up_academy_get_district       (UpAcademy       *self);
void            up_academy_set_district       (UpAcademy       *self,
                                               const char      *district);
const char     *up_academy_get_industry       (UpAcademy       *self);
void            up_academy_set_industry       (UpAcademy       *self,
                                               const char      *industry);
int             up_academy_get_version        (UpAcademy       *self);

/* Store: the plain functions run on a connection's worker thread (or a
 * connection of the caller's own); the _async ones queue them on an
 * UpDatabase.  Each is one transaction. */

/* All academies, ordered by name: a GListStore of UpAcademy. */
GListStore     *up_academy_list               (PGconn          *conn,
                                               GError         **error);
/* Inserts @academy and sets its id and version. */
gboolean        up_academy_insert             (PGconn          *conn,
                                               UpAcademy       *academy,
                                               GError         **error);
/* Saves @academy if nobody changed it since it was read (its version);
 * otherwise fails with UP_ERROR_RETRY.  Sets the new version. */
gboolean        up_academy_update             (PGconn          *conn,
                                               UpAcademy       *academy,
                                               GError         **error);

void            up_academy_list_async         (UpDatabase          *db,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GListStore     *up_academy_list_finish        (UpDatabase          *db,
                                               GAsyncResult        *result,
                                               GError             **error);
/* The values are read from @academy when called; its id and version are
 * set (on the caller's thread) by the finish function. */
void            up_academy_insert_async       (UpDatabase          *db,
                                               UpAcademy           *academy,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        up_academy_insert_finish      (UpDatabase          *db,
                                               GAsyncResult        *result,
                                               GError             **error);
void            up_academy_update_async       (UpDatabase          *db,
                                               UpAcademy           *academy,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        up_academy_update_finish      (UpDatabase          *db,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
