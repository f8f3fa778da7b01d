/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"
#include "up-enrollment.h"

G_BEGIN_DECLS

/* What a trainee's detail shows besides the trainee's own fields: the
 * courses the trainee is or was in, and how many certificates and subsidy
 * claims there are.  Read in one read-only transaction. */

/* One course of a trainee.  Properties (read-only): "course-id" (int64),
 * "course-title", "academy-name", "period" (text "2025-03-01 – 2025-04-15"),
 * "status" (UpEnrollmentStatus), "status-label". */
#define UP_TYPE_TRAINEE_ENROLLMENT (up_trainee_enrollment_get_type ())

G_DECLARE_FINAL_TYPE (UpTraineeEnrollment, up_trainee_enrollment, UP, TRAINEE_ENROLLMENT, GObject)

gint64              up_trainee_enrollment_get_course_id    (UpTraineeEnrollment *self);
const char         *up_trainee_enrollment_get_course_title (UpTraineeEnrollment *self);
const char         *up_trainee_enrollment_get_academy_name (UpTraineeEnrollment *self);
const char         *up_trainee_enrollment_get_period       (UpTraineeEnrollment *self);
UpEnrollmentStatus  up_trainee_enrollment_get_status       (UpTraineeEnrollment *self);

typedef struct
{
  gint64      trainee_id;
  GListStore *enrollments;        /* of UpTraineeEnrollment, latest course first */
  guint       n_enrollments;      /* all of them; the store holds at most UP_TRAINEE_DETAIL_MAX_ENROLLMENTS */
  guint       n_certifications;
  guint       n_subsidies;
  gint64      subsidies_paid_fen;
} UpTraineeDetail;

#define UP_TRAINEE_DETAIL_MAX_ENROLLMENTS 200

#define UP_TYPE_TRAINEE_DETAIL (up_trainee_detail_get_type ())

GType             up_trainee_detail_get_type    (void) G_GNUC_CONST;
void              up_trainee_detail_free        (UpTraineeDetail     *detail);

/* On a connection's worker thread (or a connection of the caller's own). */
UpTraineeDetail  *up_trainee_detail_load        (PGconn              *conn,
                                                 gint64               trainee_id,
                                                 GError             **error);

void              up_trainee_detail_load_async  (UpDatabase          *db,
                                                 gint64               trainee_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
UpTraineeDetail  *up_trainee_detail_load_finish (UpDatabase          *db,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpTraineeDetail, up_trainee_detail_free)

G_END_DECLS
