/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Small rows for the course and enrollment tests, made through the store
 * functions where there are some and through SQL otherwise. */

#include <gio/gio.h>

#include "up-academy.h"
#include "up-course.h"
#include "up-id-number.h"
#include "up-major.h"
#include "up-pg.h"

static inline gint64
test_academy (PGconn     *conn,
              const char *code)
{
  g_autoptr(UpAcademy) academy = up_academy_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("工匠学院 %s", code);

  up_academy_set_code (academy, code);
  up_academy_set_name (academy, name);
  up_academy_set_level (academy, UP_ACADEMY_LEVEL_DISTRICT);
  up_academy_set_district (academy, "渝北区");
  up_academy_insert (conn, academy, &error);
  g_assert_no_error (error);
  return up_academy_get_id (academy);
}

static inline gint64
test_major (PGconn     *conn,
            gint64      academy_id,
            const char *name)
{
  g_autoptr(UpMajor) major = up_major_new (academy_id, name);
  g_autoptr(GError) error = NULL;

  up_major_insert (conn, major, &error);
  g_assert_no_error (error);
  return up_major_get_id (major);
}

static inline UpCourse *
test_course_new (gint64          academy_id,
                 gint64          major_id,
                 int             capacity,
                 UpCourseStatus  status,
                 int             year)
{
  UpCourse *course = up_course_new ();
  GDate start, end;

  g_date_clear (&start, 1);
  g_date_clear (&end, 1);
  g_date_set_dmy (&start, 1, 3, year);
  g_date_set_dmy (&end, 30, 4, year);

  up_course_set_academy_id (course, academy_id);
  up_course_set_major_id (course, major_id);
  up_course_set_kind (course, UP_COURSE_KIND_SKILL);
  up_course_set_title (course, "焊工（中级）培训班");
  up_course_set_start_date (course, &start);
  up_course_set_end_date (course, &end);
  up_course_set_hours (course, 40);
  up_course_set_capacity (course, capacity);
  up_course_set_location (course, "渝北区");
  up_course_set_status (course, status);
  return course;
}

static inline gint64
test_course (PGconn         *conn,
             gint64          academy_id,
             gint64          major_id,
             int             capacity,
             UpCourseStatus  status)
{
  g_autoptr(UpCourse) course = test_course_new (academy_id, major_id, capacity, status, 2025);
  g_autoptr(GError) error = NULL;

  up_course_insert (conn, course, &error);
  g_assert_no_error (error);
  return up_course_get_id (course);
}

/* A valid ID number, different for each @n below 366,000. */
static inline char *
test_id_number (guint n)
{
  GDate date;
  char first17[18];

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, 1, 1980);
  g_date_add_days (&date, n / 999);
  g_snprintf (first17, sizeof first17, "500112%04u%02u%02u%03u",
              (unsigned) g_date_get_year (&date), (unsigned) g_date_get_month (&date),
              (unsigned) g_date_get_day (&date), n % 999 + 1);
  return g_strdup_printf ("%s%c", first17, up_id_number_check_character (first17));
}

static inline gint64
test_trainee (PGconn     *conn,
              gint64      academy_id,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *academy = g_strdup_printf ("%" G_GINT64_FORMAT, academy_id);
  g_autofree char *id_number = test_id_number (n);
  g_autofree char *name = g_strdup_printf ("学员%u", n);
  const char *params[] = { academy, id_number, name };
  gint64 id = 0;

  up_pg_query_int64 (conn, "INSERT INTO trainees (academy_id, id_number, name, employer) "
                           "VALUES ($1, $2, $3, '重庆长安汽车股份有限公司') RETURNING id",
                     3, params, &id, &error);
  g_assert_no_error (error);
  return id;
}

static inline gint64
test_query_int (PGconn     *conn,
                const char *sql,
                const char *param)
{
  g_autoptr(GError) error = NULL;
  const char *params[] = { param };
  gint64 value = -1;

  up_pg_query_int64 (conn, sql, param != NULL ? 1 : 0, param != NULL ? params : NULL, &value, &error);
  g_assert_no_error (error);
  return value;
}
