/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"

G_BEGIN_DECLS

/* The course_kind and course_status enums of the schema, in their order.
 * The GEnum nicks are the SQL names. */
typedef enum
{
  UP_COURSE_KIND_SKILL,
  UP_COURSE_KIND_ACADEMIC,
  UP_COURSE_KIND_TEAM_LEADER,
  UP_COURSE_KIND_SAFETY,
} UpCourseKind;

typedef enum
{
  UP_COURSE_STATUS_PLANNED,
  UP_COURSE_STATUS_OPEN,
  UP_COURSE_STATUS_RUNNING,
  UP_COURSE_STATUS_FINISHED,
  UP_COURSE_STATUS_CANCELLED,
} UpCourseStatus;

#define UP_TYPE_COURSE_KIND   (up_course_kind_get_type ())
#define UP_TYPE_COURSE_STATUS (up_course_status_get_type ())

GType           up_course_kind_get_type        (void) G_GNUC_CONST;
const char     *up_course_kind_to_sql          (UpCourseKind     kind);
gboolean        up_course_kind_from_sql        (const char      *sql,
                                                UpCourseKind    *kind);
/* 技能培训, 学历教育 … */
const char     *up_course_kind_to_label        (UpCourseKind     kind);

GType           up_course_status_get_type      (void) G_GNUC_CONST;
const char     *up_course_status_to_sql        (UpCourseStatus   status);
gboolean        up_course_status_from_sql      (const char      *sql,
                                                UpCourseStatus  *status);
const char     *up_course_status_to_label      (UpCourseStatus   status);

/* One course with its seat counts.  Properties:
 *   "id" (int64, 0 until inserted), "academy-id", "major-id" (int64),
 *   "academy-name", "major-name" (read-only, filled by list/get),
 *   "kind" (UpCourseKind), "kind-label" (read-only), "title",
 *   "start-date", "end-date" (GDate boxed), "period" (read-only text
 *   "2025-03-01 – 2025-04-15"), "hours" (double, one decimal),
 *   "capacity" (int), "location" (may be NULL), "status" (UpCourseStatus),
 *   "status-label" (read-only),
 *   "n-enrolled" (read-only: seats taken = enrolled + completed +
 *   not_completed), "n-waitlisted", "n-completed" (read-only),
 *   "seats-label" (read-only text "23 / 30"), "version" (read-only). */
#define UP_TYPE_COURSE (up_course_get_type ())

G_DECLARE_FINAL_TYPE (UpCourse, up_course, UP, COURSE, GObject)

UpCourse       *up_course_new                  (void);
gint64          up_course_get_id               (UpCourse        *self);
gint64          up_course_get_academy_id       (UpCourse        *self);
void            up_course_set_academy_id       (UpCourse        *self,
                                                gint64           academy_id);
const char     *up_course_get_academy_name     (UpCourse        *self);
gint64          up_course_get_major_id         (UpCourse        *self);
void            up_course_set_major_id         (UpCourse        *self,
                                                gint64           major_id);
const char     *up_course_get_major_name       (UpCourse        *self);
UpCourseKind    up_course_get_kind             (UpCourse        *self);
void            up_course_set_kind             (UpCourse        *self,
                                                UpCourseKind     kind);
const char     *up_course_get_title            (UpCourse        *self);
void            up_course_set_title            (UpCourse        *self,
                                                const char      *title);
/* Invalid GDate when not set. */
const GDate    *up_course_get_start_date       (UpCourse        *self);
void            up_course_set_start_date       (UpCourse        *self,
                                                const GDate     *date);
const GDate    *up_course_get_end_date         (UpCourse        *self);
void            up_course_set_end_date         (UpCourse        *self,
                                                const GDate     *date);
double          up_course_get_hours            (UpCourse        *self);
void            up_course_set_hours            (UpCourse        *self,
                                                double           hours);
int             up_course_get_capacity         (UpCourse        *self);
void            up_course_set_capacity         (UpCourse        *self,
                                                int              capacity);
const char     *up_course_get_location         (UpCourse        *self);
void            up_course_set_location         (UpCourse        *self,
                                                const char      *location);
UpCourseStatus  up_course_get_status           (UpCourse        *self);
void            up_course_set_status           (UpCourse        *self,
                                                UpCourseStatus   status);
int             up_course_get_n_enrolled       (UpCourse        *self);
int             up_course_get_n_waitlisted     (UpCourse        *self);
int             up_course_get_n_completed      (UpCourse        *self);
int             up_course_get_version          (UpCourse        *self);
/* Takes @version as the one saved over: after someone else's change, to
 * save this course's values over it knowingly. */
void            up_course_set_version          (UpCourse        *self,
                                                int              version);

/* Which courses the Courses page lists. */
typedef struct
{
  gint64  academy_id;     /* 0: every academy */
  int     kind;           /* an UpCourseKind, or -1: every kind */
  int     status;         /* an UpCourseStatus, or -1: every status */
  int     year;           /* courses starting in that year, or 0: any */
  guint   limit;          /* at most this many rows (newest first), 0: all */
} UpCourseFilter;

/* Every course: no academy, kind, status or year, limit 0. */
void            up_course_filter_init          (UpCourseFilter  *filter);

/* Store: the plain functions run on a connection's worker thread (or a
 * connection of the caller's own); the _async ones queue them on an
 * UpDatabase.  Each is one transaction. */

/* Courses matching @filter, newest start date first, with their seat
 * counts: a GListStore of UpCourse. */
GListStore     *up_course_list                 (PGconn               *conn,
                                                const UpCourseFilter *filter,
                                                GError              **error);
/* One course with its counts, or NULL with an error when it does not exist. */
UpCourse       *up_course_get                  (PGconn               *conn,
                                                gint64                course_id,
                                                GError              **error);
/* Inserts @course and sets its id and version. */
gboolean        up_course_insert               (PGconn               *conn,
                                                UpCourse             *course,
                                                GError              **error);
/* Saves @course if nobody changed it since it was read (its version);
 * otherwise fails with UP_ERROR_RETRY.  Lowering the capacity below the
 * seats taken fails (courses_capacity_above_enrolled); raising it promotes
 * waitlisted trainees.  Sets the new version. */
gboolean        up_course_update               (PGconn               *conn,
                                                UpCourse             *course,
                                                GError              **error);

void            up_course_list_async           (UpDatabase           *db,
                                                const UpCourseFilter *filter,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GListStore     *up_course_list_finish          (UpDatabase           *db,
                                                GAsyncResult         *result,
                                                GError              **error);
void            up_course_get_async            (UpDatabase           *db,
                                                gint64                course_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
UpCourse       *up_course_get_finish           (UpDatabase           *db,
                                                GAsyncResult         *result,
                                                GError              **error);
/* The values are read from @course when called; its id and version are set
 * (on the caller's thread) by the finish function. */
void            up_course_insert_async         (UpDatabase           *db,
                                                UpCourse             *course,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean        up_course_insert_finish        (UpDatabase           *db,
                                                GAsyncResult         *result,
                                                GError              **error);
void            up_course_update_async         (UpDatabase           *db,
                                                UpCourse             *course,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean        up_course_update_finish        (UpDatabase           *db,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
