/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"

G_BEGIN_DECLS

/* The enrollment_status enum of the schema, in its order.  The GEnum nicks
 * are the SQL names. */
typedef enum
{
  UP_ENROLLMENT_STATUS_ENROLLED,
  UP_ENROLLMENT_STATUS_WAITLISTED,
  UP_ENROLLMENT_STATUS_WITHDRAWN,
  UP_ENROLLMENT_STATUS_COMPLETED,
  UP_ENROLLMENT_STATUS_NOT_COMPLETED,
} UpEnrollmentStatus;

#define UP_TYPE_ENROLLMENT_STATUS (up_enrollment_status_get_type ())

GType               up_enrollment_status_get_type   (void) G_GNUC_CONST;
const char         *up_enrollment_status_to_sql     (UpEnrollmentStatus   status);
gboolean            up_enrollment_status_from_sql   (const char          *sql,
                                                     UpEnrollmentStatus  *status);
/* 已报名, 候补, 已退出, 已结业, 未结业 */
const char         *up_enrollment_status_to_label   (UpEnrollmentStatus   status);

/* One line of a course roster: the enrollment and who it is.  Properties
 * (all read-only: rows change through the store functions below):
 *   "id", "course-id", "trainee-id" (int64),
 *   "trainee-name", "id-number-masked" (500103********123X), "employer",
 *   "status" (UpEnrollmentStatus), "status-label",
 *   "waitlist-position" (int, 0 when not waitlisted),
 *   "attended-hours" (double, -1 when none recorded),
 *   "passed" (boolean), "result-recorded" (boolean: passed is meaningful),
 *   "enrolled-at", "completed-at" (GDateTime, completed-at may be NULL),
 *   "completion-undone-reason" (the last undo's reason, or NULL),
 *   "version" (int). */
#define UP_TYPE_ENROLLMENT (up_enrollment_get_type ())

G_DECLARE_FINAL_TYPE (UpEnrollment, up_enrollment, UP, ENROLLMENT, GObject)

gint64              up_enrollment_get_id                    (UpEnrollment *self);
gint64              up_enrollment_get_course_id             (UpEnrollment *self);
gint64              up_enrollment_get_trainee_id            (UpEnrollment *self);
const char         *up_enrollment_get_trainee_name          (UpEnrollment *self);
const char         *up_enrollment_get_id_number_masked      (UpEnrollment *self);
const char         *up_enrollment_get_employer              (UpEnrollment *self);
UpEnrollmentStatus  up_enrollment_get_status                (UpEnrollment *self);
int                 up_enrollment_get_waitlist_position     (UpEnrollment *self);
double              up_enrollment_get_attended_hours        (UpEnrollment *self);
gboolean            up_enrollment_get_passed                (UpEnrollment *self);
gboolean            up_enrollment_get_result_recorded       (UpEnrollment *self);
GDateTime          *up_enrollment_get_enrolled_at           (UpEnrollment *self);
GDateTime          *up_enrollment_get_completed_at          (UpEnrollment *self);
const char         *up_enrollment_get_completion_undone_reason (UpEnrollment *self);
int                 up_enrollment_get_version               (UpEnrollment *self);

/* One line of "record completion for the whole roster". */
typedef struct
{
  gint64    enrollment_id;
  double    attended_hours;
  gboolean  passed;
} UpCompletionEntry;

/* Store: the plain functions run on a connection's worker thread (or a
 * connection of the caller's own); the _async ones queue them on an
 * UpDatabase.  Each is one transaction.  The rules themselves (capacity,
 * waitlist order, completion threshold, closed courses) are the database's
 * (db/migrations/0003-enrollment-rules.sql): a refusal arrives as UP_ERROR
 * with a sentence a staff member understands. */

/* The roster of a course: seated trainees by name, then the waitlist in
 * order, then those who withdrew.  A GListStore of UpEnrollment. */
GListStore         *up_enrollment_list_roster        (PGconn                  *conn,
                                                      gint64                   course_id,
                                                      GError                 **error);
/* The trainee registered with @id_number (spaces, lower-case x allowed).
 * Sets *trainee_id to 0 when nobody has that number (not an error); fails
 * with UP_ERROR_INVALID_INPUT and the reason when the number is not valid. */
gboolean            up_enrollment_find_trainee       (PGconn                  *conn,
                                                      const char              *id_number,
                                                      gint64                  *trainee_id,
                                                      GError                 **error);
/* Enrolls the trainee: a seat when one is free, otherwise the end of the
 * waitlist (check the status of the returned line: joining the waitlist is
 * no error).  A trainee who withdrew earlier is enrolled again on the same
 * line.  Fails when the trainee is already in the course
 * (enrollments_once_per_course) or the course is finished or cancelled
 * (enrollments_course_open). */
UpEnrollment       *up_enrollment_enroll             (PGconn                  *conn,
                                                      gint64                   trainee_id,
                                                      gint64                   course_id,
                                                      GError                 **error);
/* up_enrollment_find_trainee() and up_enrollment_enroll() in one; fails
 * with UP_ERROR_INVALID_INPUT when no trainee has @id_number. */
UpEnrollment       *up_enrollment_enroll_by_id_number (PGconn                 *conn,
                                                      const char              *id_number,
                                                      gint64                   course_id,
                                                      GError                 **error);
/* Marks the line withdrawn; when it held a seat, the first on the waitlist
 * takes it and the rest move up.  *promoted_id (may be NULL) is the
 * enrollment promoted, or 0. */
gboolean            up_enrollment_withdraw           (PGconn                  *conn,
                                                      gint64                   enrollment_id,
                                                      gint64                  *promoted_id,
                                                      GError                 **error);
/* Records attended hours and the result: completed when passed and the
 * hours reach the threshold, otherwise not_completed.  *status (may be
 * NULL) is the outcome. */
gboolean            up_enrollment_record_completion  (PGconn                  *conn,
                                                      gint64                   enrollment_id,
                                                      double                   attended_hours,
                                                      gboolean                 passed,
                                                      UpEnrollmentStatus      *status,
                                                      GError                 **error);
/* All of @entries in one transaction: all are recorded or none.  On error
 * *failed_index (may be NULL) is the index of the entry refused. */
gboolean            up_enrollment_record_completions (PGconn                  *conn,
                                                      const UpCompletionEntry *entries,
                                                      guint                    n_entries,
                                                      guint                   *failed_index,
                                                      GError                 **error);
/* Back to enrolled; @reason must not be blank and is kept (on the line and
 * in the audit log). */
gboolean            up_enrollment_undo_completion    (PGconn                  *conn,
                                                      gint64                   enrollment_id,
                                                      const char              *reason,
                                                      GError                 **error);
/* The completion threshold: percent (1..100) of a course's hours a trainee
 * must attend; 80 unless changed. */
gboolean            up_enrollment_get_completion_threshold (PGconn            *conn,
                                                      int                     *percent,
                                                      GError                 **error);
gboolean            up_enrollment_set_completion_threshold (PGconn            *conn,
                                                      int                      percent,
                                                      GError                 **error);
/* The same with the version of the settings row: a save over an older
 * version fails with UP_ERROR_RETRY (someone else changed it). */
gboolean            up_enrollment_load_completion_threshold (PGconn           *conn,
                                                      int                     *percent,
                                                      gint64                  *version,
                                                      GError                 **error);
gboolean            up_enrollment_save_completion_threshold (PGconn           *conn,
                                                      int                      percent,
                                                      gint64                   version,
                                                      gint64                  *new_version,
                                                      GError                 **error);

void                up_enrollment_list_roster_async  (UpDatabase              *db,
                                                      gint64                   course_id,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
GListStore         *up_enrollment_list_roster_finish (UpDatabase              *db,
                                                      GAsyncResult            *result,
                                                      GError                 **error);
/* Finishes with the trainee id, 0 when nobody has the number. */
void                up_enrollment_find_trainee_async (UpDatabase              *db,
                                                      const char              *id_number,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean            up_enrollment_find_trainee_finish (UpDatabase             *db,
                                                      GAsyncResult            *result,
                                                      gint64                  *trainee_id,
                                                      GError                 **error);
void                up_enrollment_enroll_async       (UpDatabase              *db,
                                                      gint64                   trainee_id,
                                                      gint64                   course_id,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
void                up_enrollment_enroll_by_id_number_async (UpDatabase       *db,
                                                      const char              *id_number,
                                                      gint64                   course_id,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
/* Finishes both enroll calls. */
UpEnrollment       *up_enrollment_enroll_finish      (UpDatabase              *db,
                                                      GAsyncResult            *result,
                                                      GError                 **error);
void                up_enrollment_withdraw_async     (UpDatabase              *db,
                                                      gint64                   enrollment_id,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean            up_enrollment_withdraw_finish    (UpDatabase              *db,
                                                      GAsyncResult            *result,
                                                      gint64                  *promoted_id,
                                                      GError                 **error);
void                up_enrollment_record_completion_async (UpDatabase         *db,
                                                      gint64                   enrollment_id,
                                                      double                   attended_hours,
                                                      gboolean                 passed,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean            up_enrollment_record_completion_finish (UpDatabase        *db,
                                                      GAsyncResult            *result,
                                                      UpEnrollmentStatus      *status,
                                                      GError                 **error);
/* @entries is copied. */
void                up_enrollment_record_completions_async (UpDatabase        *db,
                                                      const UpCompletionEntry *entries,
                                                      guint                    n_entries,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean            up_enrollment_record_completions_finish (UpDatabase       *db,
                                                      GAsyncResult            *result,
                                                      guint                   *failed_index,
                                                      GError                 **error);
void                up_enrollment_undo_completion_async (UpDatabase           *db,
                                                      gint64                   enrollment_id,
                                                      const char              *reason,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean            up_enrollment_undo_completion_finish (UpDatabase          *db,
                                                      GAsyncResult            *result,
                                                      GError                 **error);
void                up_enrollment_get_completion_threshold_async (UpDatabase  *db,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean            up_enrollment_get_completion_threshold_finish (UpDatabase *db,
                                                      GAsyncResult            *result,
                                                      int                     *percent,
                                                      GError                 **error);
void                up_enrollment_set_completion_threshold_async (UpDatabase  *db,
                                                      int                      percent,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean            up_enrollment_set_completion_threshold_finish (UpDatabase *db,
                                                      GAsyncResult            *result,
                                                      GError                 **error);
void                up_enrollment_load_completion_threshold_async (UpDatabase *db,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean            up_enrollment_load_completion_threshold_finish (UpDatabase *db,
                                                      GAsyncResult            *result,
                                                      int                     *percent,
                                                      gint64                  *version,
                                                      GError                 **error);
void                up_enrollment_save_completion_threshold_async (UpDatabase *db,
                                                      int                      percent,
                                                      gint64                   version,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean            up_enrollment_save_completion_threshold_finish (UpDatabase *db,
                                                      GAsyncResult            *result,
                                                      gint64                  *new_version,
                                                      GError                 **error);

G_END_DECLS
