/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-enrollment"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-enrollment.h"
#include "up-error.h"
#include "up-id-number.h"
#include "up-pg.h"
#include "up-store-private.h"

/* The rules live in the database (db/migrations/0003-enrollment-rules.sql):
 * the functions up_enroll, up_withdraw, up_record_completion and
 * up_undo_completion take the course lock and apply them; triggers refuse
 * what breaks them by any other way.  This module calls those functions
 * and reads rosters. */

struct _UpEnrollment
{
  GObject             parent_instance;

  gint64              id;
  gint64              course_id;
  gint64              trainee_id;
  char               *trainee_name;
  char               *id_number_masked;
  char               *employer;
  UpEnrollmentStatus  status;
  int                 waitlist_position;
  double              attended_hours;
  gboolean            passed;
  gboolean            result_recorded;
  GDateTime          *enrolled_at;
  GDateTime          *completed_at;
  char               *completion_undone_reason;
  int                 version;
};

G_DEFINE_FINAL_TYPE (UpEnrollment, up_enrollment, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (UpEnrollmentStatus, up_enrollment_status,
  G_DEFINE_ENUM_VALUE (UP_ENROLLMENT_STATUS_ENROLLED, "enrolled"),
  G_DEFINE_ENUM_VALUE (UP_ENROLLMENT_STATUS_WAITLISTED, "waitlisted"),
  G_DEFINE_ENUM_VALUE (UP_ENROLLMENT_STATUS_WITHDRAWN, "withdrawn"),
  G_DEFINE_ENUM_VALUE (UP_ENROLLMENT_STATUS_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (UP_ENROLLMENT_STATUS_NOT_COMPLETED, "not_completed"))

enum {
  PROP_0,
  PROP_ID,
  PROP_COURSE_ID,
  PROP_TRAINEE_ID,
  PROP_TRAINEE_NAME,
  PROP_ID_NUMBER_MASKED,
  PROP_EMPLOYER,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_WAITLIST_POSITION,
  PROP_ATTENDED_HOURS,
  PROP_PASSED,
  PROP_RESULT_RECORDED,
  PROP_ENROLLED_AT,
  PROP_COMPLETED_AT,
  PROP_COMPLETION_UNDONE_REASON,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *status_sql[] = { "enrolled", "waitlisted", "withdrawn", "completed", "not_completed" };
static const char *status_labels[] = {
  /* Translators: enrollment status 已报名 */
  NC_("enrollment status", "Enrolled"),
  /* Translators: enrollment status 候补 */
  NC_("enrollment status", "Waitlisted"),
  /* Translators: enrollment status 已退出 */
  NC_("enrollment status", "Withdrawn"),
  /* Translators: enrollment status 已结业 */
  NC_("enrollment status", "Completed"),
  /* Translators: enrollment status 未结业 */
  NC_("enrollment status", "Not completed"),
};

#define THRESHOLD_KEY "completion_threshold_percent"

/* The ID number is read only to be masked here; it never leaves this
 * module unmasked. */
#define ROSTER_SELECT \
  "SELECT e.id, e.course_id, e.trainee_id, t.name, t.id_number, t.employer, e.status, " \
  "       e.waitlist_position, e.attended_hours, e.passed, " \
  "       extract (epoch FROM e.enrolled_at)::bigint, extract (epoch FROM e.completed_at)::bigint, " \
  "       e.completion_undone_reason, e.version "

/* Seated first by name, then the waitlist in order, then who withdrew. */
static const char *roster_sql =
  ROSTER_SELECT
  "  FROM enrollments e JOIN trainees t ON t.id = e.trainee_id "
  " WHERE e.course_id = $1 "
  " ORDER BY CASE e.status WHEN 'waitlisted' THEN 1 WHEN 'withdrawn' THEN 2 ELSE 0 END, "
  "          e.waitlist_position, up_name_sort_key (t.name) COLLATE up_pinyin, e.id";

static const char *enroll_sql =
  ROSTER_SELECT
  "  FROM up_enroll ($1, $2) e JOIN trainees t ON t.id = e.trainee_id";

static const char *find_trainee_sql =
  "SELECT id FROM trainees WHERE id_number = $1";

static const char *withdraw_sql =
  "SELECT up_withdraw ($1)";

static const char *record_sql =
  "SELECT up_record_completion ($1, $2::numeric, $3::boolean)";

static const char *undo_sql =
  "SELECT up_undo_completion ($1, $2)";

static const char *get_threshold_sql =
  "SELECT up_completion_threshold_percent ()";

static const char *set_threshold_sql =
  "INSERT INTO settings (key, value) VALUES ('" THRESHOLD_KEY "', $1) "
  "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value "
  "WHERE settings.value IS DISTINCT FROM EXCLUDED.value";

/* The threshold with the version of its row (0: no row yet, as on a
 * database older than the settings table's first row). */
static const char *load_threshold_sql =
  "SELECT coalesce ((SELECT value::integer FROM settings WHERE key = '" THRESHOLD_KEY "'), 80),"
  "       coalesce ((SELECT version FROM settings WHERE key = '" THRESHOLD_KEY "'), 0)";

/* Only over the version read: someone else's change is never overwritten. */
static const char *save_threshold_sql =
  "WITH updated AS ("
  "  UPDATE settings SET value = $1 WHERE key = '" THRESHOLD_KEY "' AND version = $2::integer"
  "  RETURNING version),"
  " inserted AS ("
  "  INSERT INTO settings (key, value) SELECT '" THRESHOLD_KEY "', $1 WHERE $2::integer = 0"
  "  ON CONFLICT (key) DO NOTHING RETURNING version)"
  "SELECT version FROM updated UNION ALL SELECT version FROM inserted";

/* Statuses ------------------------------------------------------------- */

const char *
up_enrollment_status_to_sql (UpEnrollmentStatus status)
{
  g_return_val_if_fail (status <= UP_ENROLLMENT_STATUS_NOT_COMPLETED, NULL);
  return status_sql[status];
}

gboolean
up_enrollment_status_from_sql (const char         *sql,
                               UpEnrollmentStatus *status)
{
  guint index;

  if (!up_store_enum_from_sql (sql, status_sql, G_N_ELEMENTS (status_sql), &index))
    return FALSE;
  *status = index;
  return TRUE;
}

const char *
up_enrollment_status_to_label (UpEnrollmentStatus status)
{
  g_return_val_if_fail (status <= UP_ENROLLMENT_STATUS_NOT_COMPLETED, NULL);
  return g_dpgettext2 (NULL, "enrollment status", status_labels[status]);
}

/* GObject -------------------------------------------------------------- */

static void
up_enrollment_finalize (GObject *object)
{
  UpEnrollment *self = (UpEnrollment *) object;

  g_clear_pointer (&self->trainee_name, g_free);
  g_clear_pointer (&self->id_number_masked, g_free);
  g_clear_pointer (&self->employer, g_free);
  g_clear_pointer (&self->enrolled_at, g_date_time_unref);
  g_clear_pointer (&self->completed_at, g_date_time_unref);
  g_clear_pointer (&self->completion_undone_reason, g_free);

  G_OBJECT_CLASS (up_enrollment_parent_class)->finalize (object);
}

static void
up_enrollment_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  UpEnrollment *self = UP_ENROLLMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_COURSE_ID:
      g_value_set_int64 (value, self->course_id);
      break;
    case PROP_TRAINEE_ID:
      g_value_set_int64 (value, self->trainee_id);
      break;
    case PROP_TRAINEE_NAME:
      g_value_set_string (value, self->trainee_name);
      break;
    case PROP_ID_NUMBER_MASKED:
      g_value_set_string (value, self->id_number_masked);
      break;
    case PROP_EMPLOYER:
      g_value_set_string (value, self->employer);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, up_enrollment_status_to_label (self->status));
      break;
    case PROP_WAITLIST_POSITION:
      g_value_set_int (value, self->waitlist_position);
      break;
    case PROP_ATTENDED_HOURS:
      g_value_set_double (value, self->attended_hours);
      break;
    case PROP_PASSED:
      g_value_set_boolean (value, self->passed);
      break;
    case PROP_RESULT_RECORDED:
      g_value_set_boolean (value, self->result_recorded);
      break;
    case PROP_ENROLLED_AT:
      g_value_set_boxed (value, self->enrolled_at);
      break;
    case PROP_COMPLETED_AT:
      g_value_set_boxed (value, self->completed_at);
      break;
    case PROP_COMPLETION_UNDONE_REASON:
      g_value_set_string (value, self->completion_undone_reason);
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
up_enrollment_class_init (UpEnrollmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_enrollment_finalize;
  object_class->get_property = up_enrollment_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_COURSE_ID] = g_param_spec_int64 ("course-id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_TRAINEE_ID] = g_param_spec_int64 ("trainee-id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_TRAINEE_NAME] = g_param_spec_string ("trainee-name", NULL, NULL, NULL, RO);
  properties[PROP_ID_NUMBER_MASKED] = g_param_spec_string ("id-number-masked", NULL, NULL, NULL, RO);
  properties[PROP_EMPLOYER] = g_param_spec_string ("employer", NULL, NULL, NULL, RO);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, UP_TYPE_ENROLLMENT_STATUS,
                                               UP_ENROLLMENT_STATUS_ENROLLED, RO);
  properties[PROP_STATUS_LABEL] = g_param_spec_string ("status-label", NULL, NULL, NULL, RO);
  properties[PROP_WAITLIST_POSITION] = g_param_spec_int ("waitlist-position", NULL, NULL, 0, G_MAXINT, 0, RO);
  properties[PROP_ATTENDED_HOURS] = g_param_spec_double ("attended-hours", NULL, NULL, -1, G_MAXDOUBLE, -1, RO);
  properties[PROP_PASSED] = g_param_spec_boolean ("passed", NULL, NULL, FALSE, RO);
  properties[PROP_RESULT_RECORDED] = g_param_spec_boolean ("result-recorded", NULL, NULL, FALSE, RO);
  properties[PROP_ENROLLED_AT] = g_param_spec_boxed ("enrolled-at", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_COMPLETED_AT] = g_param_spec_boxed ("completed-at", NULL, NULL, G_TYPE_DATE_TIME, RO);
  properties[PROP_COMPLETION_UNDONE_REASON] =
    g_param_spec_string ("completion-undone-reason", NULL, NULL, NULL, RO);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_enrollment_init (UpEnrollment *self)
{
  self->attended_hours = -1;
}

#define GETTER(type, name, field, fallback) \
  type \
  up_enrollment_get_##name (UpEnrollment *self) \
  { \
    g_return_val_if_fail (UP_IS_ENROLLMENT (self), fallback); \
    return self->field; \
  }

GETTER (gint64, id, id, 0)
GETTER (gint64, course_id, course_id, 0)
GETTER (gint64, trainee_id, trainee_id, 0)
GETTER (const char *, trainee_name, trainee_name, NULL)
GETTER (const char *, id_number_masked, id_number_masked, NULL)
GETTER (const char *, employer, employer, NULL)
GETTER (UpEnrollmentStatus, status, status, 0)
GETTER (int, waitlist_position, waitlist_position, 0)
GETTER (double, attended_hours, attended_hours, -1)
GETTER (gboolean, passed, passed, FALSE)
GETTER (gboolean, result_recorded, result_recorded, FALSE)
GETTER (GDateTime *, enrolled_at, enrolled_at, NULL)
GETTER (GDateTime *, completed_at, completed_at, NULL)
GETTER (const char *, completion_undone_reason, completion_undone_reason, NULL)
GETTER (int, version, version, 0)

#undef GETTER

static UpEnrollment *
enrollment_from_row (const PGresult *result,
                     int             row)
{
  UpEnrollment *self = g_object_new (UP_TYPE_ENROLLMENT, NULL);

  self->id = up_store_int64 (result, row, 0);
  self->course_id = up_store_int64 (result, row, 1);
  self->trainee_id = up_store_int64 (result, row, 2);
  self->trainee_name = g_strdup (up_store_text (result, row, 3));
  self->id_number_masked = up_id_number_mask (up_store_text (result, row, 4));
  self->employer = g_strdup (up_store_text (result, row, 5));
  up_enrollment_status_from_sql (up_store_text (result, row, 6), &self->status);
  self->waitlist_position = (int) up_store_int64 (result, row, 7);
  self->attended_hours = up_store_double (result, row, 8, -1);
  self->result_recorded = !up_store_is_null (result, row, 9);
  self->passed = up_store_bool (result, row, 9);
  self->enrolled_at = up_store_time (result, row, 10);
  self->completed_at = up_store_time (result, row, 11);
  self->completion_undone_reason = g_strdup (up_store_text (result, row, 12));
  self->version = (int) up_store_int64 (result, row, 13);
  return self;
}

/* Store ---------------------------------------------------------------- */

GListStore *
up_enrollment_list_roster (PGconn  *conn,
                           gint64   course_id,
                           GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, course_id);
  const char *params[] = { id };
  g_autoptr(PGresult) result = up_pg_exec (conn, roster_sql, 1, params, error);
  GListStore *store;
  int n;

  if (result == NULL)
    return NULL;

  store = g_list_store_new (UP_TYPE_ENROLLMENT);
  n = PQntuples (result);
  if (n > 0)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_full (n, g_object_unref);

      for (int i = 0; i < n; i++)
        g_ptr_array_add (rows, enrollment_from_row (result, i));
      /* One items-changed for the whole roster. */
      g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
    }
  return store;
}

gboolean
up_enrollment_find_trainee (PGconn      *conn,
                            const char  *id_number,
                            gint64      *trainee_id,
                            GError     **error)
{
  UpIdNumberStatus check = up_id_number_check (id_number, NULL);
  g_autofree char *normal = NULL;
  const char *params[1];
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (trainee_id != NULL, FALSE);

  *trainee_id = 0;
  if (check != UP_ID_NUMBER_OK)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT, up_id_number_status_to_string (check));
      return FALSE;
    }

  normal = up_id_number_normalize (id_number);
  params[0] = normal;
  result = up_pg_exec (conn, find_trainee_sql, 1, params, error);
  if (result == NULL)
    return FALSE;

  if (PQntuples (result) > 0)
    *trainee_id = up_store_int64 (result, 0, 0);
  return TRUE;
}

UpEnrollment *
up_enrollment_enroll (PGconn  *conn,
                      gint64   trainee_id,
                      gint64   course_id,
                      GError **error)
{
  g_autofree char *trainee = g_strdup_printf ("%" G_GINT64_FORMAT, trainee_id);
  g_autofree char *course = g_strdup_printf ("%" G_GINT64_FORMAT, course_id);
  const char *params[] = { trainee, course };
  g_autoptr(PGresult) result = up_pg_exec_write (conn, enroll_sql, 2, params, error);

  if (result == NULL)
    return NULL;

  if (PQntuples (result) != 1)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED, _("The enrollment could not be read back."));
      return NULL;
    }

  return enrollment_from_row (result, 0);
}

UpEnrollment *
up_enrollment_enroll_by_id_number (PGconn      *conn,
                                   const char  *id_number,
                                   gint64       course_id,
                                   GError     **error)
{
  gint64 trainee_id = 0;

  /* A single statement each: the trainee found cannot be removed in
   * between, trainees are never deleted while enrolled (foreign key). */
  if (!up_enrollment_find_trainee (conn, id_number, &trainee_id, error))
    return NULL;

  if (trainee_id == 0)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("No trainee with this ID number is registered. Add the trainee first."));
      return NULL;
    }

  return up_enrollment_enroll (conn, trainee_id, course_id, error);
}

gboolean
up_enrollment_withdraw (PGconn  *conn,
                        gint64   enrollment_id,
                        gint64  *promoted_id,
                        GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, enrollment_id);
  const char *params[] = { id };
  g_autoptr(PGresult) result = up_pg_exec_write (conn, withdraw_sql, 1, params, error);

  if (result == NULL)
    return FALSE;

  if (promoted_id != NULL)
    *promoted_id = up_store_int64 (result, 0, 0);
  return TRUE;
}

static PGresult *
record_one (PGconn   *conn,
            gint64    enrollment_id,
            double    attended_hours,
            gboolean  passed,
            GError  **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, enrollment_id);
  char hours[G_ASCII_DTOSTR_BUF_SIZE];
  const char *params[] = { id, hours, passed ? "true" : "false" };

  if (attended_hours < 0)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("Attended hours cannot be negative."));
      return NULL;
    }

  g_ascii_formatd (hours, sizeof hours, "%.1f", attended_hours);
  return up_pg_exec_write (conn, record_sql, 3, params, error);
}

gboolean
up_enrollment_record_completion (PGconn              *conn,
                                 gint64               enrollment_id,
                                 double               attended_hours,
                                 gboolean             passed,
                                 UpEnrollmentStatus  *status,
                                 GError             **error)
{
  g_autoptr(PGresult) result = record_one (conn, enrollment_id, attended_hours, passed, error);

  if (result == NULL)
    return FALSE;

  if (status != NULL)
    up_enrollment_status_from_sql (up_store_text (result, 0, 0), status);
  return TRUE;
}

gboolean
up_enrollment_record_completions (PGconn                  *conn,
                                  const UpCompletionEntry *entries,
                                  guint                    n_entries,
                                  guint                   *failed_index,
                                  GError                 **error)
{
  g_return_val_if_fail (entries != NULL || n_entries == 0, FALSE);

  if (failed_index != NULL)
    *failed_index = 0;

  if (!up_pg_begin (conn, error))
    return FALSE;

  for (guint i = 0; i < n_entries; i++)
    {
      g_autoptr(PGresult) result = record_one (conn, entries[i].enrollment_id, entries[i].attended_hours,
                                               entries[i].passed, error);

      if (result == NULL)
        {
          if (failed_index != NULL)
            *failed_index = i;
          up_pg_rollback (conn);
          return FALSE;
        }
    }

  return up_pg_commit (conn, error);
}

gboolean
up_enrollment_undo_completion (PGconn      *conn,
                               gint64       enrollment_id,
                               const char  *reason,
                               GError     **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, enrollment_id);
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  const char *params[] = { id, trimmed };
  g_autoptr(PGresult) result = NULL;

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("Say why the completion is undone: the reason is kept with the record."));
      return FALSE;
    }

  result = up_pg_exec_write (conn, undo_sql, 2, params, error);
  return result != NULL;
}

gboolean
up_enrollment_get_completion_threshold (PGconn  *conn,
                                        int     *percent,
                                        GError **error)
{
  gint64 value = 0;

  g_return_val_if_fail (percent != NULL, FALSE);

  if (!up_pg_query_int64 (conn, get_threshold_sql, 0, NULL, &value, error))
    return FALSE;
  *percent = (int) value;
  return TRUE;
}

gboolean
up_enrollment_set_completion_threshold (PGconn  *conn,
                                        int      percent,
                                        GError **error)
{
  g_autofree char *value = g_strdup_printf ("%d", percent);
  const char *params[] = { value };

  if (percent < 1 || percent > 100)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("The completion threshold is a percentage from 1 to 100."));
      return FALSE;
    }

  return up_pg_command_write (conn, set_threshold_sql, 1, params, error);
}

gboolean
up_enrollment_load_completion_threshold (PGconn  *conn,
                                         int     *percent,
                                         gint64  *version,
                                         GError **error)
{
  g_autoptr(PGresult) result = up_pg_exec (conn, load_threshold_sql, 0, NULL, error);

  if (result == NULL)
    return FALSE;
  if (percent != NULL)
    *percent = (int) up_store_int64 (result, 0, 0);
  if (version != NULL)
    *version = up_store_int64 (result, 0, 1);
  return TRUE;
}

gboolean
up_enrollment_save_completion_threshold (PGconn  *conn,
                                         int      percent,
                                         gint64   version,
                                         gint64  *new_version,
                                         GError **error)
{
  g_autofree char *value = g_strdup_printf ("%d", percent);
  g_autofree char *version_text = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  const char *params[] = { value, version_text };
  g_autoptr(PGresult) result = NULL;

  if (percent < 1 || percent > 100)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("The completion threshold is a percentage from 1 to 100."));
      return FALSE;
    }

  result = up_pg_exec_write (conn, save_threshold_sql, 2, params, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) != 1)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_RETRY,
                           _("Someone else changed the threshold meanwhile; their value is shown."));
      return FALSE;
    }
  if (new_version != NULL)
    *new_version = up_store_int64 (result, 0, 0);
  return TRUE;
}

/* Async ------------------------------------------------------------------ */

/* The arguments of any of the jobs below. */
typedef struct
{
  gint64             id;
  gint64             course_id;
  char              *text;
  double             hours;
  gboolean           passed;
  int                percent;
  gint64             version;
  UpCompletionEntry *entries;
  guint              n_entries;
  /* out */
  gint64             out_id;
  gint64             out_version;
  UpEnrollmentStatus out_status;
  guint              out_index;
} Job;

static void
job_free (Job *job)
{
  g_free (job->text);
  g_free (job->entries);
  g_free (job);
}

static Job *
job_new (void)
{
  return g_new0 (Job, 1);
}

/* Runs @func with a Job that the task keeps for the finish function. */
static void
run_job (UpDatabase          *db,
         gpointer             source_tag,
         UpDatabaseFunc       func,
         Job                 *job,
         GDestroyNotify       result_destroy,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));

  up_store_run_async (db, source_tag, func, job, NULL, result_destroy,
                      job, (GDestroyNotify) job_free, cancellable, callback, user_data);
}

static Job *
finish_job (UpDatabase    *db,
            GAsyncResult  *result,
            gpointer       source_tag,
            GError       **error)
{
  if (up_store_propagate (db, result, source_tag, error) == NULL)
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}

static gpointer
roster_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return up_enrollment_list_roster (conn, ((Job *) data)->course_id, error);
}

void
up_enrollment_list_roster_async (UpDatabase          *db,
                                 gint64               course_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job = job_new ();

  job->course_id = course_id;
  run_job (db, up_enrollment_list_roster_async, roster_func, job, g_object_unref,
           cancellable, callback, user_data);
}

GListStore *
up_enrollment_list_roster_finish (UpDatabase    *db,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return up_store_propagate (db, result, up_enrollment_list_roster_async, error);
}

static gpointer
find_trainee_func (PGconn        *conn,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  Job *job = data;

  return up_enrollment_find_trainee (conn, job->text, &job->out_id, error) ? UP_STORE_OK : NULL;
}

void
up_enrollment_find_trainee_async (UpDatabase          *db,
                                  const char          *id_number,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job = job_new ();

  job->text = g_strdup (id_number);
  run_job (db, up_enrollment_find_trainee_async, find_trainee_func, job, NULL,
           cancellable, callback, user_data);
}

gboolean
up_enrollment_find_trainee_finish (UpDatabase    *db,
                                   GAsyncResult  *result,
                                   gint64        *trainee_id,
                                   GError       **error)
{
  Job *job = finish_job (db, result, up_enrollment_find_trainee_async, error);

  if (job == NULL)
    return FALSE;
  if (trainee_id != NULL)
    *trainee_id = job->out_id;
  return TRUE;
}

static gpointer
enroll_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;

  if (job->text != NULL)
    return up_enrollment_enroll_by_id_number (conn, job->text, job->course_id, error);
  return up_enrollment_enroll (conn, job->id, job->course_id, error);
}

void
up_enrollment_enroll_async (UpDatabase          *db,
                            gint64               trainee_id,
                            gint64               course_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Job *job = job_new ();

  job->id = trainee_id;
  job->course_id = course_id;
  /* Both enroll calls share the source tag and finish function. */
  run_job (db, up_enrollment_enroll_async, enroll_func, job, g_object_unref,
           cancellable, callback, user_data);
}

void
up_enrollment_enroll_by_id_number_async (UpDatabase          *db,
                                         const char          *id_number,
                                         gint64               course_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Job *job = job_new ();

  g_return_if_fail (id_number != NULL);

  job->text = g_strdup (id_number);
  job->course_id = course_id;
  run_job (db, up_enrollment_enroll_async, enroll_func, job, g_object_unref,
           cancellable, callback, user_data);
}

UpEnrollment *
up_enrollment_enroll_finish (UpDatabase    *db,
                             GAsyncResult  *result,
                             GError       **error)
{
  return up_store_propagate (db, result, up_enrollment_enroll_async, error);
}

static gpointer
withdraw_func (PGconn        *conn,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Job *job = data;

  return up_enrollment_withdraw (conn, job->id, &job->out_id, error) ? UP_STORE_OK : NULL;
}

void
up_enrollment_withdraw_async (UpDatabase          *db,
                              gint64               enrollment_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job = job_new ();

  job->id = enrollment_id;
  run_job (db, up_enrollment_withdraw_async, withdraw_func, job, NULL, cancellable, callback, user_data);
}

gboolean
up_enrollment_withdraw_finish (UpDatabase    *db,
                               GAsyncResult  *result,
                               gint64        *promoted_id,
                               GError       **error)
{
  Job *job = finish_job (db, result, up_enrollment_withdraw_async, error);

  if (job == NULL)
    return FALSE;
  if (promoted_id != NULL)
    *promoted_id = job->out_id;
  return TRUE;
}

static gpointer
record_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;

  return up_enrollment_record_completion (conn, job->id, job->hours, job->passed, &job->out_status, error)
         ? UP_STORE_OK : NULL;
}

void
up_enrollment_record_completion_async (UpDatabase          *db,
                                       gint64               enrollment_id,
                                       double               attended_hours,
                                       gboolean             passed,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  Job *job = job_new ();

  job->id = enrollment_id;
  job->hours = attended_hours;
  job->passed = passed;
  run_job (db, up_enrollment_record_completion_async, record_func, job, NULL,
           cancellable, callback, user_data);
}

gboolean
up_enrollment_record_completion_finish (UpDatabase          *db,
                                        GAsyncResult        *result,
                                        UpEnrollmentStatus  *status,
                                        GError             **error)
{
  Job *job = finish_job (db, result, up_enrollment_record_completion_async, error);

  if (job == NULL)
    return FALSE;
  if (status != NULL)
    *status = job->out_status;
  return TRUE;
}

static gpointer
record_all_func (PGconn        *conn,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Job *job = data;

  return up_enrollment_record_completions (conn, job->entries, job->n_entries, &job->out_index, error)
         ? UP_STORE_OK : NULL;
}

void
up_enrollment_record_completions_async (UpDatabase              *db,
                                        const UpCompletionEntry *entries,
                                        guint                    n_entries,
                                        GCancellable            *cancellable,
                                        GAsyncReadyCallback      callback,
                                        gpointer                 user_data)
{
  Job *job = job_new ();

  g_return_if_fail (entries != NULL || n_entries == 0);

  job->entries = g_memdup2 (entries, sizeof *entries * n_entries);
  job->n_entries = n_entries;
  run_job (db, up_enrollment_record_completions_async, record_all_func, job, NULL,
           cancellable, callback, user_data);
}

gboolean
up_enrollment_record_completions_finish (UpDatabase    *db,
                                         GAsyncResult  *result,
                                         guint         *failed_index,
                                         GError       **error)
{
  Job *job = g_task_get_task_data (G_TASK (result));

  if (finish_job (db, result, up_enrollment_record_completions_async, error) == NULL)
    {
      if (failed_index != NULL && job != NULL)
        *failed_index = job->out_index;
      return FALSE;
    }
  if (failed_index != NULL)
    *failed_index = 0;
  return TRUE;
}

static gpointer
undo_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Job *job = data;

  return up_enrollment_undo_completion (conn, job->id, job->text, error) ? UP_STORE_OK : NULL;
}

void
up_enrollment_undo_completion_async (UpDatabase          *db,
                                     gint64               enrollment_id,
                                     const char          *reason,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Job *job = job_new ();

  job->id = enrollment_id;
  job->text = g_strdup (reason);
  run_job (db, up_enrollment_undo_completion_async, undo_func, job, NULL, cancellable, callback, user_data);
}

gboolean
up_enrollment_undo_completion_finish (UpDatabase    *db,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_job (db, result, up_enrollment_undo_completion_async, error) != NULL;
}

static gpointer
get_threshold_func (PGconn        *conn,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  Job *job = data;

  return up_enrollment_get_completion_threshold (conn, &job->percent, error) ? UP_STORE_OK : NULL;
}

void
up_enrollment_get_completion_threshold_async (UpDatabase          *db,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  run_job (db, up_enrollment_get_completion_threshold_async, get_threshold_func, job_new (), NULL,
           cancellable, callback, user_data);
}

gboolean
up_enrollment_get_completion_threshold_finish (UpDatabase    *db,
                                               GAsyncResult  *result,
                                               int           *percent,
                                               GError       **error)
{
  Job *job = finish_job (db, result, up_enrollment_get_completion_threshold_async, error);

  if (job == NULL)
    return FALSE;
  if (percent != NULL)
    *percent = job->percent;
  return TRUE;
}

static gpointer
set_threshold_func (PGconn        *conn,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  Job *job = data;

  return up_enrollment_set_completion_threshold (conn, job->percent, error) ? UP_STORE_OK : NULL;
}

void
up_enrollment_set_completion_threshold_async (UpDatabase          *db,
                                              int                  percent,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  Job *job = job_new ();

  job->percent = percent;
  run_job (db, up_enrollment_set_completion_threshold_async, set_threshold_func, job, NULL,
           cancellable, callback, user_data);
}

gboolean
up_enrollment_set_completion_threshold_finish (UpDatabase    *db,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  return finish_job (db, result, up_enrollment_set_completion_threshold_async, error) != NULL;
}

static gpointer
load_threshold_func (PGconn        *conn,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  Job *job = data;

  return up_enrollment_load_completion_threshold (conn, &job->percent, &job->out_version, error)
         ? UP_STORE_OK : NULL;
}

void
up_enrollment_load_completion_threshold_async (UpDatabase          *db,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  run_job (db, up_enrollment_load_completion_threshold_async, load_threshold_func, job_new (), NULL,
           cancellable, callback, user_data);
}

gboolean
up_enrollment_load_completion_threshold_finish (UpDatabase    *db,
                                                GAsyncResult  *result,
                                                int           *percent,
                                                gint64        *version,
                                                GError       **error)
{
  Job *job = finish_job (db, result, up_enrollment_load_completion_threshold_async, error);

  if (job == NULL)
    return FALSE;
  if (percent != NULL)
    *percent = job->percent;
  if (version != NULL)
    *version = job->out_version;
  return TRUE;
}

static gpointer
save_threshold_func (PGconn        *conn,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  Job *job = data;

  return up_enrollment_save_completion_threshold (conn, job->percent, job->version, &job->out_version, error)
         ? UP_STORE_OK : NULL;
}

void
up_enrollment_save_completion_threshold_async (UpDatabase          *db,
                                               int                  percent,
                                               gint64               version,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  Job *job = job_new ();

  job->percent = percent;
  job->version = version;
  run_job (db, up_enrollment_save_completion_threshold_async, save_threshold_func, job, NULL,
           cancellable, callback, user_data);
}

gboolean
up_enrollment_save_completion_threshold_finish (UpDatabase    *db,
                                                GAsyncResult  *result,
                                                gint64        *new_version,
                                                GError       **error)
{
  Job *job = finish_job (db, result, up_enrollment_save_completion_threshold_async, error);

  if (job == NULL)
    return FALSE;
  if (new_version != NULL)
    *new_version = job->out_version;
  return TRUE;
}
