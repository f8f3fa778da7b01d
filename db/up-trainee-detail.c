/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-trainee-detail"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-error.h"
#include "up-pg.h"
#include "up-trainee-detail.h"

/* A trainee's courses, certificates and subsidies for the detail view.
 * Every statement is served by an index on trainee_id (the unique
 * (trainee_id, course_id) of enrollments, certifications_trainee_idx,
 * subsidies_trainee_idx), so it costs the same on a region's database. */

struct _UpTraineeEnrollment
{
  GObject             parent_instance;

  gint64              course_id;
  char               *course_title;
  char               *academy_name;
  char               *period;
  UpEnrollmentStatus  status;
};

G_DEFINE_FINAL_TYPE (UpTraineeEnrollment, up_trainee_enrollment, G_TYPE_OBJECT)

static UpTraineeDetail *up_trainee_detail_copy (UpTraineeDetail *detail);

G_DEFINE_BOXED_TYPE (UpTraineeDetail, up_trainee_detail, up_trainee_detail_copy, up_trainee_detail_free)

enum {
  PROP_0,
  PROP_COURSE_ID,
  PROP_COURSE_TITLE,
  PROP_ACADEMY_NAME,
  PROP_PERIOD,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *enrollments_sql =
  "SELECT c.id, c.title, a.name, c.start_date::text, c.end_date::text, e.status::text "
  "FROM enrollments AS e "
  "JOIN courses AS c ON c.id = e.course_id "
  "JOIN academies AS a ON a.id = c.academy_id "
  "WHERE e.trainee_id = $1 "
  "ORDER BY c.start_date DESC, c.id DESC "
  "LIMIT " G_STRINGIFY (UP_TRAINEE_DETAIL_MAX_ENROLLMENTS);

static const char *counts_sql =
  "SELECT (SELECT count(*) FROM enrollments WHERE trainee_id = $1), "
  "       (SELECT count(*) FROM certifications WHERE trainee_id = $1), "
  "       (SELECT count(*) FROM subsidies WHERE trainee_id = $1), "
  "       (SELECT coalesce (sum (amount_fen), 0) FROM subsidies WHERE trainee_id = $1 AND state = 'paid')";

/* UpTraineeEnrollment ---------------------------------------------------------- */

static void
up_trainee_enrollment_finalize (GObject *object)
{
  UpTraineeEnrollment *self = UP_TRAINEE_ENROLLMENT (object);

  g_free (self->course_title);
  g_free (self->academy_name);
  g_free (self->period);

  G_OBJECT_CLASS (up_trainee_enrollment_parent_class)->finalize (object);
}

static void
up_trainee_enrollment_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  UpTraineeEnrollment *self = UP_TRAINEE_ENROLLMENT (object);

  switch (prop_id)
    {
    case PROP_COURSE_ID:
      g_value_set_int64 (value, self->course_id);
      break;

    case PROP_COURSE_TITLE:
      g_value_set_string (value, self->course_title);
      break;

    case PROP_ACADEMY_NAME:
      g_value_set_string (value, self->academy_name);
      break;

    case PROP_PERIOD:
      g_value_set_string (value, self->period);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_STATUS_LABEL:
      g_value_set_string (value, up_enrollment_status_to_label (self->status));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_trainee_enrollment_class_init (UpTraineeEnrollmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_trainee_enrollment_finalize;
  object_class->get_property = up_trainee_enrollment_get_property;

  properties[PROP_COURSE_ID] =
    g_param_spec_int64 ("course-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COURSE_TITLE] =
    g_param_spec_string ("course-title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACADEMY_NAME] =
    g_param_spec_string ("academy-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PERIOD] =
    g_param_spec_string ("period", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, UP_TYPE_ENROLLMENT_STATUS, UP_ENROLLMENT_STATUS_ENROLLED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS_LABEL] =
    g_param_spec_string ("status-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_trainee_enrollment_init (UpTraineeEnrollment *self)
{
}

gint64
up_trainee_enrollment_get_course_id (UpTraineeEnrollment *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_ENROLLMENT (self), 0);

  return self->course_id;
}

const char *
up_trainee_enrollment_get_course_title (UpTraineeEnrollment *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_ENROLLMENT (self), NULL);

  return self->course_title;
}

const char *
up_trainee_enrollment_get_academy_name (UpTraineeEnrollment *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_ENROLLMENT (self), NULL);

  return self->academy_name;
}

const char *
up_trainee_enrollment_get_period (UpTraineeEnrollment *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_ENROLLMENT (self), NULL);

  return self->period;
}

UpEnrollmentStatus
up_trainee_enrollment_get_status (UpTraineeEnrollment *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_ENROLLMENT (self), UP_ENROLLMENT_STATUS_ENROLLED);

  return self->status;
}

/* UpTraineeDetail -------------------------------------------------------------- */

static UpTraineeDetail *
up_trainee_detail_copy (UpTraineeDetail *detail)
{
  UpTraineeDetail *copy = g_memdup2 (detail, sizeof *detail);

  copy->enrollments = detail->enrollments != NULL ? g_object_ref (detail->enrollments) : NULL;
  return copy;
}

void
up_trainee_detail_free (UpTraineeDetail *detail)
{
  if (detail == NULL)
    return;

  g_clear_object (&detail->enrollments);
  g_free (detail);
}

static guint
field_uint (const PGresult *result,
            int             column)
{
  return (guint) MIN (g_ascii_strtoull (PQgetvalue (result, 0, column), NULL, 10), G_MAXUINT);
}

UpTraineeDetail *
up_trainee_detail_load (PGconn  *conn,
                        gint64   trainee_id,
                        GError **error)
{
  g_autoptr(UpTraineeDetail) detail = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(PGresult) counts = NULL;
  g_autofree char *id = NULL;
  const char *params[1];

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (trainee_id > 0, NULL);

  id = g_strdup_printf ("%" G_GINT64_FORMAT, trainee_id);
  params[0] = id;

  /* One snapshot for the list and the counts. */
  if (!up_pg_command (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error))
    return NULL;

  rows = up_pg_exec (conn, enrollments_sql, 1, params, error);
  if (rows != NULL)
    counts = up_pg_exec (conn, counts_sql, 1, params, error);
  if (counts == NULL || !up_pg_commit (conn, error))
    {
      up_pg_rollback (conn);
      return NULL;
    }

  detail = g_new0 (UpTraineeDetail, 1);
  detail->trainee_id = trainee_id;
  detail->enrollments = g_list_store_new (UP_TYPE_TRAINEE_ENROLLMENT);

  for (int row = 0; row < PQntuples (rows); row++)
    {
      g_autoptr(UpTraineeEnrollment) item = g_object_new (UP_TYPE_TRAINEE_ENROLLMENT, NULL);

      item->course_id = g_ascii_strtoll (PQgetvalue (rows, row, 0), NULL, 10);
      item->course_title = g_strdup (PQgetvalue (rows, row, 1));
      item->academy_name = g_strdup (PQgetvalue (rows, row, 2));
      /* Translators: the dates of a course, from – to */
      item->period = g_strdup_printf (C_("course period", "%s – %s"),
                                      PQgetvalue (rows, row, 3), PQgetvalue (rows, row, 4));
      if (!up_enrollment_status_from_sql (PQgetvalue (rows, row, 5), &item->status))
        item->status = UP_ENROLLMENT_STATUS_ENROLLED;

      g_list_store_append (detail->enrollments, item);
    }

  detail->n_enrollments = field_uint (counts, 0);
  detail->n_certifications = field_uint (counts, 1);
  detail->n_subsidies = field_uint (counts, 2);
  detail->subsidies_paid_fen = g_ascii_strtoll (PQgetvalue (counts, 0, 3), NULL, 10);

  return g_steal_pointer (&detail);
}

typedef struct
{
  gint64 trainee_id;
} LoadJob;

static gpointer
load_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  LoadJob *job = data;

  return up_trainee_detail_load (conn, job->trainee_id, error);
}

void
up_trainee_detail_load_async (UpDatabase          *db,
                              gint64               trainee_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  LoadJob *job;

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (trainee_id > 0);

  job = g_new0 (LoadJob, 1);
  job->trainee_id = trainee_id;

  up_database_run_read_async (db, load_func, job, g_free, (GDestroyNotify) up_trainee_detail_free,
                              cancellable, callback, user_data);
}

UpTraineeDetail *
up_trainee_detail_load_finish (UpDatabase    *db,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);

  return up_database_run_finish (db, result, error);
}
