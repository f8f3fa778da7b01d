/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-course"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-course.h"
#include "up-error.h"
#include "up-pg.h"
#include "up-store-private.h"

struct _UpCourse
{
  GObject         parent_instance;

  gint64          id;
  gint64          academy_id;
  char           *academy_name;
  gint64          major_id;
  char           *major_name;
  UpCourseKind    kind;
  char           *title;
  GDate           start_date;
  GDate           end_date;
  double          hours;
  int             capacity;
  char           *location;
  UpCourseStatus  status;
  int             n_enrolled;
  int             n_waitlisted;
  int             n_completed;
  int             version;
};

G_DEFINE_FINAL_TYPE (UpCourse, up_course, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (UpCourseKind, up_course_kind,
  G_DEFINE_ENUM_VALUE (UP_COURSE_KIND_SKILL, "skill"),
  G_DEFINE_ENUM_VALUE (UP_COURSE_KIND_ACADEMIC, "academic"),
  G_DEFINE_ENUM_VALUE (UP_COURSE_KIND_TEAM_LEADER, "team_leader"),
  G_DEFINE_ENUM_VALUE (UP_COURSE_KIND_SAFETY, "safety"))

G_DEFINE_ENUM_TYPE (UpCourseStatus, up_course_status,
  G_DEFINE_ENUM_VALUE (UP_COURSE_STATUS_PLANNED, "planned"),
  G_DEFINE_ENUM_VALUE (UP_COURSE_STATUS_OPEN, "open"),
  G_DEFINE_ENUM_VALUE (UP_COURSE_STATUS_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (UP_COURSE_STATUS_FINISHED, "finished"),
  G_DEFINE_ENUM_VALUE (UP_COURSE_STATUS_CANCELLED, "cancelled"))

enum {
  PROP_0,
  PROP_ID,
  PROP_ACADEMY_ID,
  PROP_ACADEMY_NAME,
  PROP_MAJOR_ID,
  PROP_MAJOR_NAME,
  PROP_KIND,
  PROP_KIND_LABEL,
  PROP_TITLE,
  PROP_START_DATE,
  PROP_END_DATE,
  PROP_PERIOD,
  PROP_HOURS,
  PROP_CAPACITY,
  PROP_LOCATION,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_N_ENROLLED,
  PROP_N_WAITLISTED,
  PROP_N_COMPLETED,
  PROP_SEATS_LABEL,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *kind_sql[] = { "skill", "academic", "team_leader", "safety" };
static const char *kind_labels[] = {
  /* Translators: course kind 技能培训 */
  NC_("course kind", "Skill training"),
  /* Translators: course kind 学历教育 */
  NC_("course kind", "Academic education"),
  /* Translators: course kind 班组长培训 */
  NC_("course kind", "Team-leader training"),
  /* Translators: course kind 安全生产/特种作业 */
  NC_("course kind", "Safety and special operation"),
};

static const char *status_sql[] = { "planned", "open", "running", "finished", "cancelled" };
static const char *status_labels[] = {
  /* Translators: course status */
  NC_("course status", "Planned"),
  /* Translators: course status: open for enrollment */
  NC_("course status", "Open"),
  /* Translators: course status */
  NC_("course status", "Running"),
  /* Translators: course status */
  NC_("course status", "Finished"),
  /* Translators: course status */
  NC_("course status", "Cancelled"),
};

/* The seat counts come from enrollments_course_idx (course_id, status): a
 * few index entries per listed course. */
#define COURSE_SELECT \
  "SELECT c.id, c.academy_id, a.name, c.major_id, m.name, c.kind, c.title, " \
  "       to_char (c.start_date, 'YYYY-MM-DD'), to_char (c.end_date, 'YYYY-MM-DD'), " \
  "       c.hours, c.capacity, c.location, c.status, c.version, " \
  "       s.taken, s.waitlisted, s.completed " \
  "  FROM courses c " \
  "  JOIN academies a ON a.id = c.academy_id " \
  "  JOIN majors m ON m.id = c.major_id " \
  "  CROSS JOIN LATERAL (" \
  "    SELECT count (*) FILTER (WHERE e.status IN ('enrolled', 'completed', 'not_completed')) AS taken, " \
  "           count (*) FILTER (WHERE e.status = 'waitlisted') AS waitlisted, " \
  "           count (*) FILTER (WHERE e.status = 'completed') AS completed " \
  "      FROM enrollments e WHERE e.course_id = c.id) s "

static const char *list_sql =
  COURSE_SELECT
  " WHERE ($1::bigint IS NULL OR c.academy_id = $1::bigint) "
  "   AND ($2::course_kind IS NULL OR c.kind = $2::course_kind) "
  "   AND ($3::course_status IS NULL OR c.status = $3::course_status) "
  "   AND ($4::integer IS NULL OR (c.start_date >= make_date ($4::integer, 1, 1) "
  "                                AND c.start_date < make_date ($4::integer + 1, 1, 1))) "
  " ORDER BY c.start_date DESC, c.id DESC "
  " LIMIT $5::bigint";

static const char *get_sql =
  COURSE_SELECT " WHERE c.id = $1";

static const char *insert_sql =
  "INSERT INTO courses (academy_id, major_id, kind, title, start_date, end_date, hours, capacity, "
  "                     location, status) "
  "VALUES ($1, $2, $3::course_kind, btrim ($4), $5::date, $6::date, $7::numeric, $8::integer, $9, "
  "        $10::course_status) "
  "RETURNING id, version, (SELECT name FROM academies WHERE id = academy_id), "
  "          (SELECT name FROM majors WHERE id = major_id)";

/* Only the row as it was read: a concurrent edit leaves no row to update.
 * The capacity rules are the database's triggers. */
static const char *update_sql =
  "UPDATE courses SET academy_id = $1, major_id = $2, kind = $3::course_kind, title = btrim ($4), "
  "       start_date = $5::date, end_date = $6::date, hours = $7::numeric, capacity = $8::integer, "
  "       location = $9, status = $10::course_status "
  " WHERE id = $11 AND version = $12 "
  "RETURNING id, version, (SELECT name FROM academies WHERE id = academy_id), "
  "          (SELECT name FROM majors WHERE id = major_id)";

/* Kinds and states ------------------------------------------------------ */

const char *
up_course_kind_to_sql (UpCourseKind kind)
{
  g_return_val_if_fail (kind <= UP_COURSE_KIND_SAFETY, NULL);
  return kind_sql[kind];
}

gboolean
up_course_kind_from_sql (const char   *sql,
                         UpCourseKind *kind)
{
  guint index;

  if (!up_store_enum_from_sql (sql, kind_sql, G_N_ELEMENTS (kind_sql), &index))
    return FALSE;
  *kind = index;
  return TRUE;
}

const char *
up_course_kind_to_label (UpCourseKind kind)
{
  g_return_val_if_fail (kind <= UP_COURSE_KIND_SAFETY, NULL);
  return g_dpgettext2 (NULL, "course kind", kind_labels[kind]);
}

const char *
up_course_status_to_sql (UpCourseStatus status)
{
  g_return_val_if_fail (status <= UP_COURSE_STATUS_CANCELLED, NULL);
  return status_sql[status];
}

gboolean
up_course_status_from_sql (const char     *sql,
                           UpCourseStatus *status)
{
  guint index;

  if (!up_store_enum_from_sql (sql, status_sql, G_N_ELEMENTS (status_sql), &index))
    return FALSE;
  *status = index;
  return TRUE;
}

const char *
up_course_status_to_label (UpCourseStatus status)
{
  g_return_val_if_fail (status <= UP_COURSE_STATUS_CANCELLED, NULL);
  return g_dpgettext2 (NULL, "course status", status_labels[status]);
}

void
up_course_filter_init (UpCourseFilter *filter)
{
  filter->academy_id = 0;
  filter->kind = -1;
  filter->status = -1;
  filter->year = 0;
  filter->limit = 0;
}

/* GObject -------------------------------------------------------------- */

static char *
dup_period (UpCourse *self)
{
  g_autofree char *start = up_store_format_date (&self->start_date);
  g_autofree char *end = up_store_format_date (&self->end_date);

  if (start == NULL || end == NULL)
    return g_strdup ("");
  /* Translators: a course's dates, from – to */
  return g_strdup_printf (_("%s – %s"), start, end);
}

static void
up_course_finalize (GObject *object)
{
  UpCourse *self = (UpCourse *) object;

  g_clear_pointer (&self->academy_name, g_free);
  g_clear_pointer (&self->major_name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->location, g_free);

  G_OBJECT_CLASS (up_course_parent_class)->finalize (object);
}

static void
up_course_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  UpCourse *self = UP_COURSE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ACADEMY_ID:
      g_value_set_int64 (value, self->academy_id);
      break;
    case PROP_ACADEMY_NAME:
      g_value_set_string (value, self->academy_name);
      break;
    case PROP_MAJOR_ID:
      g_value_set_int64 (value, self->major_id);
      break;
    case PROP_MAJOR_NAME:
      g_value_set_string (value, self->major_name);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_KIND_LABEL:
      g_value_set_string (value, up_course_kind_to_label (self->kind));
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_START_DATE:
      g_value_set_boxed (value, g_date_valid (&self->start_date) ? &self->start_date : NULL);
      break;
    case PROP_END_DATE:
      g_value_set_boxed (value, g_date_valid (&self->end_date) ? &self->end_date : NULL);
      break;
    case PROP_PERIOD:
      g_value_take_string (value, dup_period (self));
      break;
    case PROP_HOURS:
      g_value_set_double (value, self->hours);
      break;
    case PROP_CAPACITY:
      g_value_set_int (value, self->capacity);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, up_course_status_to_label (self->status));
      break;
    case PROP_N_ENROLLED:
      g_value_set_int (value, self->n_enrolled);
      break;
    case PROP_N_WAITLISTED:
      g_value_set_int (value, self->n_waitlisted);
      break;
    case PROP_N_COMPLETED:
      g_value_set_int (value, self->n_completed);
      break;
    case PROP_SEATS_LABEL:
      /* Translators: seats taken / capacity of a course */
      g_value_take_string (value, g_strdup_printf (_("%d / %d"), self->n_enrolled, self->capacity));
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_course_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  UpCourse *self = UP_COURSE (object);

  switch (prop_id)
    {
    case PROP_ACADEMY_ID:
      up_course_set_academy_id (self, g_value_get_int64 (value));
      break;
    case PROP_MAJOR_ID:
      up_course_set_major_id (self, g_value_get_int64 (value));
      break;
    case PROP_KIND:
      up_course_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_TITLE:
      up_course_set_title (self, g_value_get_string (value));
      break;
    case PROP_START_DATE:
      up_course_set_start_date (self, g_value_get_boxed (value));
      break;
    case PROP_END_DATE:
      up_course_set_end_date (self, g_value_get_boxed (value));
      break;
    case PROP_HOURS:
      up_course_set_hours (self, g_value_get_double (value));
      break;
    case PROP_CAPACITY:
      up_course_set_capacity (self, g_value_get_int (value));
      break;
    case PROP_LOCATION:
      up_course_set_location (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      up_course_set_status (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RW (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
up_course_class_init (UpCourseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_course_finalize;
  object_class->get_property = up_course_get_property;
  object_class->set_property = up_course_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_ACADEMY_ID] = g_param_spec_int64 ("academy-id", NULL, NULL, 0, G_MAXINT64, 0, RW);
  properties[PROP_ACADEMY_NAME] = g_param_spec_string ("academy-name", NULL, NULL, NULL, RO);
  properties[PROP_MAJOR_ID] = g_param_spec_int64 ("major-id", NULL, NULL, 0, G_MAXINT64, 0, RW);
  properties[PROP_MAJOR_NAME] = g_param_spec_string ("major-name", NULL, NULL, NULL, RO);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, UP_TYPE_COURSE_KIND, UP_COURSE_KIND_SKILL, RW);
  properties[PROP_KIND_LABEL] = g_param_spec_string ("kind-label", NULL, NULL, NULL, RO);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, RW);
  properties[PROP_START_DATE] = g_param_spec_boxed ("start-date", NULL, NULL, G_TYPE_DATE, RW);
  properties[PROP_END_DATE] = g_param_spec_boxed ("end-date", NULL, NULL, G_TYPE_DATE, RW);
  properties[PROP_PERIOD] = g_param_spec_string ("period", NULL, NULL, NULL, RO);
  properties[PROP_HOURS] = g_param_spec_double ("hours", NULL, NULL, 0, 99999.9, 0, RW);
  properties[PROP_CAPACITY] = g_param_spec_int ("capacity", NULL, NULL, 0, G_MAXINT, 0, RW);
  properties[PROP_LOCATION] = g_param_spec_string ("location", NULL, NULL, NULL, RW);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, UP_TYPE_COURSE_STATUS,
                                               UP_COURSE_STATUS_PLANNED, RW);
  properties[PROP_STATUS_LABEL] = g_param_spec_string ("status-label", NULL, NULL, NULL, RO);
  properties[PROP_N_ENROLLED] = g_param_spec_int ("n-enrolled", NULL, NULL, 0, G_MAXINT, 0, RO);
  properties[PROP_N_WAITLISTED] = g_param_spec_int ("n-waitlisted", NULL, NULL, 0, G_MAXINT, 0, RO);
  properties[PROP_N_COMPLETED] = g_param_spec_int ("n-completed", NULL, NULL, 0, G_MAXINT, 0, RO);
  properties[PROP_SEATS_LABEL] = g_param_spec_string ("seats-label", NULL, NULL, NULL, RO);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_course_init (UpCourse *self)
{
  g_date_clear (&self->start_date, 1);
  g_date_clear (&self->end_date, 1);
  self->kind = UP_COURSE_KIND_SKILL;
  self->status = UP_COURSE_STATUS_PLANNED;
}

UpCourse *
up_course_new (void)
{
  return g_object_new (UP_TYPE_COURSE, NULL);
}

static void
notify (UpCourse *self,
        int       prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_string (UpCourse    *self,
            char       **field,
            const char  *value,
            int          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  notify (self, prop);
}

#define GETTER(type, name, field, fallback) \
  type \
  up_course_get_##name (UpCourse *self) \
  { \
    g_return_val_if_fail (UP_IS_COURSE (self), fallback); \
    return self->field; \
  }

GETTER (gint64, id, id, 0)
GETTER (gint64, academy_id, academy_id, 0)
GETTER (const char *, academy_name, academy_name, NULL)
GETTER (gint64, major_id, major_id, 0)
GETTER (const char *, major_name, major_name, NULL)
GETTER (UpCourseKind, kind, kind, 0)
GETTER (const char *, title, title, NULL)
GETTER (double, hours, hours, 0)
GETTER (int, capacity, capacity, 0)
GETTER (const char *, location, location, NULL)
GETTER (UpCourseStatus, status, status, 0)
GETTER (int, n_enrolled, n_enrolled, 0)
GETTER (int, n_waitlisted, n_waitlisted, 0)
GETTER (int, n_completed, n_completed, 0)
GETTER (int, version, version, 0)

void
up_course_set_version (UpCourse *self,
                       int       version)
{
  g_return_if_fail (UP_IS_COURSE (self));

  if (self->version == version)
    return;
  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

#undef GETTER

void
up_course_set_academy_id (UpCourse *self,
                          gint64    academy_id)
{
  g_return_if_fail (UP_IS_COURSE (self));
  if (self->academy_id == academy_id)
    return;
  self->academy_id = academy_id;
  notify (self, PROP_ACADEMY_ID);
}

void
up_course_set_major_id (UpCourse *self,
                        gint64    major_id)
{
  g_return_if_fail (UP_IS_COURSE (self));
  if (self->major_id == major_id)
    return;
  self->major_id = major_id;
  notify (self, PROP_MAJOR_ID);
}

void
up_course_set_kind (UpCourse     *self,
                    UpCourseKind  kind)
{
  g_return_if_fail (UP_IS_COURSE (self));
  g_return_if_fail (kind <= UP_COURSE_KIND_SAFETY);
  if (self->kind == kind)
    return;
  self->kind = kind;
  notify (self, PROP_KIND);
  notify (self, PROP_KIND_LABEL);
}

void
up_course_set_title (UpCourse   *self,
                     const char *title)
{
  g_return_if_fail (UP_IS_COURSE (self));
  set_string (self, &self->title, title, PROP_TITLE);
}

const GDate *
up_course_get_start_date (UpCourse *self)
{
  g_return_val_if_fail (UP_IS_COURSE (self), NULL);
  return &self->start_date;
}

const GDate *
up_course_get_end_date (UpCourse *self)
{
  g_return_val_if_fail (UP_IS_COURSE (self), NULL);
  return &self->end_date;
}

static void
set_date (UpCourse    *self,
          GDate       *field,
          const GDate *date,
          int          prop)
{
  gboolean was_valid = g_date_valid (field);
  gboolean valid = date != NULL && g_date_valid (date);

  if (was_valid == valid && (!valid || g_date_compare (field, date) == 0))
    return;
  if (valid)
    *field = *date;
  else
    g_date_clear (field, 1);
  notify (self, prop);
  notify (self, PROP_PERIOD);
}

void
up_course_set_start_date (UpCourse    *self,
                          const GDate *date)
{
  g_return_if_fail (UP_IS_COURSE (self));
  set_date (self, &self->start_date, date, PROP_START_DATE);
}

void
up_course_set_end_date (UpCourse    *self,
                        const GDate *date)
{
  g_return_if_fail (UP_IS_COURSE (self));
  set_date (self, &self->end_date, date, PROP_END_DATE);
}

void
up_course_set_hours (UpCourse *self,
                     double    hours)
{
  g_return_if_fail (UP_IS_COURSE (self));
  if (self->hours == hours)
    return;
  self->hours = hours;
  notify (self, PROP_HOURS);
}

void
up_course_set_capacity (UpCourse *self,
                        int       capacity)
{
  g_return_if_fail (UP_IS_COURSE (self));
  if (self->capacity == capacity)
    return;
  self->capacity = capacity;
  notify (self, PROP_CAPACITY);
  notify (self, PROP_SEATS_LABEL);
}

void
up_course_set_location (UpCourse   *self,
                        const char *location)
{
  g_return_if_fail (UP_IS_COURSE (self));
  set_string (self, &self->location, location, PROP_LOCATION);
}

void
up_course_set_status (UpCourse       *self,
                      UpCourseStatus  status)
{
  g_return_if_fail (UP_IS_COURSE (self));
  g_return_if_fail (status <= UP_COURSE_STATUS_CANCELLED);
  if (self->status == status)
    return;
  self->status = status;
  notify (self, PROP_STATUS);
  notify (self, PROP_STATUS_LABEL);
}

/* Store ---------------------------------------------------------------- */

static UpCourse *
course_from_row (const PGresult *result,
                 int             row)
{
  UpCourse *course = up_course_new ();

  course->id = up_store_int64 (result, row, 0);
  course->academy_id = up_store_int64 (result, row, 1);
  course->academy_name = g_strdup (up_store_text (result, row, 2));
  course->major_id = up_store_int64 (result, row, 3);
  course->major_name = g_strdup (up_store_text (result, row, 4));
  up_course_kind_from_sql (up_store_text (result, row, 5), &course->kind);
  course->title = g_strdup (up_store_text (result, row, 6));
  up_store_date (result, row, 7, &course->start_date);
  up_store_date (result, row, 8, &course->end_date);
  course->hours = up_store_double (result, row, 9, 0);
  course->capacity = (int) up_store_int64 (result, row, 10);
  course->location = g_strdup (up_store_text (result, row, 11));
  up_course_status_from_sql (up_store_text (result, row, 12), &course->status);
  course->version = (int) up_store_int64 (result, row, 13);
  course->n_enrolled = (int) up_store_int64 (result, row, 14);
  course->n_waitlisted = (int) up_store_int64 (result, row, 15);
  course->n_completed = (int) up_store_int64 (result, row, 16);
  return course;
}

GListStore *
up_course_list (PGconn               *conn,
                const UpCourseFilter *filter,
                GError              **error)
{
  g_autofree char *academy = NULL;
  g_autofree char *year = NULL;
  g_autofree char *limit = NULL;
  const char *params[5] = { NULL, };
  g_autoptr(PGresult) result = NULL;
  GListStore *store;
  int n;

  g_return_val_if_fail (filter != NULL, NULL);

  if (filter->academy_id > 0)
    params[0] = academy = g_strdup_printf ("%" G_GINT64_FORMAT, filter->academy_id);
  if (filter->kind >= 0 && filter->kind <= UP_COURSE_KIND_SAFETY)
    params[1] = kind_sql[filter->kind];
  if (filter->status >= 0 && filter->status <= UP_COURSE_STATUS_CANCELLED)
    params[2] = status_sql[filter->status];
  if (filter->year > 0)
    params[3] = year = g_strdup_printf ("%d", filter->year);
  if (filter->limit > 0)
    params[4] = limit = g_strdup_printf ("%u", filter->limit);

  result = up_pg_exec (conn, list_sql, G_N_ELEMENTS (params), params, error);
  if (result == NULL)
    return NULL;

  store = g_list_store_new (UP_TYPE_COURSE);
  n = PQntuples (result);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(UpCourse) course = course_from_row (result, i);

      g_list_store_append (store, course);
    }
  return store;
}

UpCourse *
up_course_get (PGconn  *conn,
               gint64   course_id,
               GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, course_id);
  const char *params[] = { id };
  g_autoptr(PGresult) result = up_pg_exec (conn, get_sql, 1, params, error);

  if (result == NULL)
    return NULL;

  if (PQntuples (result) != 1)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED,
                           _("This course no longer exists."));
      return NULL;
    }

  return course_from_row (result, 0);
}

/* What is saved, copied on the caller's thread. */
typedef struct
{
  gint64  id;
  int     version;
  char   *academy_id;
  char   *major_id;
  UpCourseKind kind;
  char   *title;
  char   *start_date;
  char   *end_date;
  char    hours[G_ASCII_DTOSTR_BUF_SIZE];
  char   *capacity;
  char   *location;
  UpCourseStatus status;
  /* out */
  gint64  new_id;
  int     new_version;
  char   *academy_name;
  char   *major_name;
} CourseValues;

static void
course_values_free (CourseValues *values)
{
  g_free (values->academy_id);
  g_free (values->major_id);
  g_free (values->title);
  g_free (values->start_date);
  g_free (values->end_date);
  g_free (values->capacity);
  g_free (values->location);
  g_free (values->academy_name);
  g_free (values->major_name);
  g_free (values);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CourseValues, course_values_free)

static CourseValues *
course_values_new (UpCourse *course)
{
  CourseValues *values = g_new0 (CourseValues, 1);

  values->id = course->id;
  values->version = course->version;
  values->academy_id = g_strdup_printf ("%" G_GINT64_FORMAT, course->academy_id);
  values->major_id = g_strdup_printf ("%" G_GINT64_FORMAT, course->major_id);
  values->kind = course->kind;
  values->title = g_strdup (course->title);
  values->start_date = up_store_format_date (&course->start_date);
  values->end_date = up_store_format_date (&course->end_date);
  g_ascii_formatd (values->hours, sizeof values->hours, "%.1f", course->hours);
  values->capacity = g_strdup_printf ("%d", course->capacity);
  values->location = course->location != NULL && *course->location != '\0' ? g_strdup (course->location) : NULL;
  values->status = course->status;
  return values;
}

/* What the database would refuse with a less helpful sentence. */
static gboolean
values_check (CourseValues  *values,
              GError       **error)
{
  if (values->title == NULL || *g_strstrip (values->title) == '\0')
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("Enter the title of the course."));
      return FALSE;
    }
  if (values->start_date == NULL || values->end_date == NULL)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("Enter the start and end dates of the course."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
values_save (PGconn        *conn,
             CourseValues  *values,
             GError       **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, values->id);
  g_autofree char *version = g_strdup_printf ("%d", values->version);
  const char *params[] = { values->academy_id, values->major_id, kind_sql[values->kind], values->title,
                           values->start_date, values->end_date, values->hours, values->capacity,
                           values->location, status_sql[values->status], id, version };
  gboolean update = values->id > 0;
  g_autoptr(PGresult) result = NULL;

  if (!values_check (values, error))
    return FALSE;

  result = up_pg_exec_write (conn, update ? update_sql : insert_sql, update ? 12 : 10, params, error);
  if (result == NULL)
    return FALSE;

  if (PQntuples (result) != 1)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_RETRY,
                           _("Someone else changed or removed this course in the meantime. "
                             "Reload it and make your changes again."));
      return FALSE;
    }

  values->new_id = up_store_int64 (result, 0, 0);
  values->new_version = (int) up_store_int64 (result, 0, 1);
  values->academy_name = g_strdup (up_store_text (result, 0, 2));
  values->major_name = g_strdup (up_store_text (result, 0, 3));
  return TRUE;
}

static void
set_saved (UpCourse     *self,
           CourseValues *values)
{
  if (self->id != values->new_id)
    {
      self->id = values->new_id;
      notify (self, PROP_ID);
    }
  if (self->version != values->new_version)
    {
      self->version = values->new_version;
      notify (self, PROP_VERSION);
    }
  set_string (self, &self->academy_name, values->academy_name, PROP_ACADEMY_NAME);
  set_string (self, &self->major_name, values->major_name, PROP_MAJOR_NAME);
}

gboolean
up_course_insert (PGconn    *conn,
                  UpCourse  *course,
                  GError   **error)
{
  g_autoptr(CourseValues) values = NULL;

  g_return_val_if_fail (UP_IS_COURSE (course), FALSE);
  g_return_val_if_fail (course->id == 0, FALSE);

  values = course_values_new (course);
  if (!values_save (conn, values, error))
    return FALSE;
  set_saved (course, values);
  return TRUE;
}

gboolean
up_course_update (PGconn    *conn,
                  UpCourse  *course,
                  GError   **error)
{
  g_autoptr(CourseValues) values = NULL;

  g_return_val_if_fail (UP_IS_COURSE (course), FALSE);
  g_return_val_if_fail (course->id > 0, FALSE);

  values = course_values_new (course);
  if (!values_save (conn, values, error))
    return FALSE;
  set_saved (course, values);
  return TRUE;
}

/* Async ------------------------------------------------------------------ */

static gpointer
list_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return up_course_list (conn, data, error);
}

void
up_course_list_async (UpDatabase           *db,
                      const UpCourseFilter *filter,
                      GCancellable         *cancellable,
                      GAsyncReadyCallback   callback,
                      gpointer              user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (filter != NULL);

  up_store_run_read_async (db, up_course_list_async, list_func, g_memdup2 (filter, sizeof *filter), g_free,
                           g_object_unref, NULL, NULL, cancellable, callback, user_data);
}

GListStore *
up_course_list_finish (UpDatabase    *db,
                       GAsyncResult  *result,
                       GError       **error)
{
  return up_store_propagate (db, result, up_course_list_async, error);
}

static gpointer
get_func (PGconn        *conn,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  return up_course_get (conn, *(gint64 *) data, error);
}

void
up_course_get_async (UpDatabase          *db,
                     gint64               course_id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));

  up_store_run_read_async (db, up_course_get_async, get_func, g_memdup2 (&course_id, sizeof course_id), g_free,
                           g_object_unref, NULL, NULL, cancellable, callback, user_data);
}

UpCourse *
up_course_get_finish (UpDatabase    *db,
                      GAsyncResult  *result,
                      GError       **error)
{
  return up_store_propagate (db, result, up_course_get_async, error);
}

static gpointer
save_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return values_save (conn, data, error) ? UP_STORE_OK : NULL;
}

typedef struct
{
  UpCourse     *course;
  CourseValues *values;
} SaveData;

static void
save_data_free (SaveData *save)
{
  g_object_unref (save->course);
  course_values_free (save->values);
  g_free (save);
}

static void
save_async (UpDatabase          *db,
            UpCourse            *course,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  SaveData *save = g_new0 (SaveData, 1);

  save->course = g_object_ref (course);
  save->values = course_values_new (course);
  /* The worker writes only into values; the task keeps them until finish. */
  up_store_run_async (db, source_tag, save_func, save->values, NULL, NULL,
                      save, (GDestroyNotify) save_data_free, cancellable, callback, user_data);
}

static gboolean
save_finish (UpDatabase    *db,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  SaveData *save;

  if (up_store_propagate (db, result, source_tag, error) == NULL)
    return FALSE;

  save = g_task_get_task_data (G_TASK (result));
  set_saved (save->course, save->values);
  return TRUE;
}

void
up_course_insert_async (UpDatabase          *db,
                        UpCourse            *course,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (UP_IS_COURSE (course));
  g_return_if_fail (course->id == 0);

  save_async (db, course, up_course_insert_async, cancellable, callback, user_data);
}

gboolean
up_course_insert_finish (UpDatabase    *db,
                         GAsyncResult  *result,
                         GError       **error)
{
  return save_finish (db, result, up_course_insert_async, error);
}

void
up_course_update_async (UpDatabase          *db,
                        UpCourse            *course,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (UP_IS_COURSE (course));
  g_return_if_fail (course->id > 0);

  save_async (db, course, up_course_update_async, cancellable, callback, user_data);
}

gboolean
up_course_update_finish (UpDatabase    *db,
                         GAsyncResult  *result,
                         GError       **error)
{
  return save_finish (db, result, up_course_update_async, error);
}
