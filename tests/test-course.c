/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>

#include "up-academy.h"
#include "up-course.h"
#include "up-database.h"
#include "up-enrollment.h"
#include "up-error.h"
#include "up-major.h"
#include "up-pg.h"
#include "up-test-course-data.h"
#include "up-test-pg.h"

typedef struct
{
  char    *conninfo;
  PGconn  *conn;
  gint64   academy;
  gint64   major;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  f->academy = test_academy (f->conn, "YB-01");
  f->major = test_major (f->conn, f->academy, "焊工");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

/* Academies and majors --------------------------------------------------- */

static void
test_academy_crud (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) list = NULL;
  g_autoptr(UpAcademy) academy = up_academy_new ();
  g_autoptr(UpAcademy) first = NULL;
  g_autoptr(UpAcademy) stale = NULL;
  g_autoptr(UpAcademy) twin = up_academy_new ();
  int version;

  up_academy_set_code (academy, "CQ-RAIL");
  up_academy_set_name (academy, "重庆轨道交通工匠学院");
  up_academy_set_level (academy, UP_ACADEMY_LEVEL_INDUSTRY);
  up_academy_set_district (academy, "渝中区");
  up_academy_set_industry (academy, "轨道交通");
  g_assert_true (up_academy_insert (f->conn, academy, &error));
  g_assert_no_error (error);
  g_assert_cmpint (up_academy_get_id (academy), >, 0);
  g_assert_cmpint (up_academy_get_version (academy), ==, 1);

  list = up_academy_list (f->conn, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == UP_TYPE_ACADEMY);

  /* Update, then an update from a copy read before it is refused. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(UpAcademy) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (up_academy_get_id (item) == up_academy_get_id (academy))
        stale = g_steal_pointer (&item);
    }
  g_assert_nonnull (stale);
  g_assert_cmpstr (up_academy_get_industry (stale), ==, "轨道交通");
  g_assert_cmpint (up_academy_get_level (stale), ==, UP_ACADEMY_LEVEL_INDUSTRY);

  up_academy_set_level (academy, UP_ACADEMY_LEVEL_MUNICIPAL);
  g_assert_true (up_academy_update (f->conn, academy, &error));
  g_assert_no_error (error);
  version = up_academy_get_version (academy);
  g_assert_cmpint (version, ==, 2);

  up_academy_set_name (stale, "另一个名字");
  g_assert_false (up_academy_update (f->conn, stale, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);

  /* The same code twice is refused with the constraint's sentence. */
  up_academy_set_code (twin, "CQ-RAIL");
  up_academy_set_name (twin, "另一所学院");
  up_academy_set_level (twin, UP_ACADEMY_LEVEL_ENTERPRISE);
  up_academy_set_district (twin, "江北区");
  g_assert_false (up_academy_insert (f->conn, twin, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_UNIQUE);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "academies_code_key");
  g_assert_cmpint (up_academy_get_id (twin), ==, 0);

  g_clear_object (&list);
  list = up_academy_list (f->conn, NULL);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_nonnull (up_academy_get_level_label (first));
}

static void
test_major_crud (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) list = NULL;
  g_autoptr(UpMajor) twin = up_major_new (f->academy, "焊工");
  g_autoptr(UpMajor) item = NULL;
  gint64 other = test_academy (f->conn, "JB-02");

  test_major (f->conn, f->academy, "电工");
  test_major (f->conn, other, "焊工");

  list = up_major_list (f->conn, f->academy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (up_major_get_academy_id (item), ==, f->academy);

  g_assert_false (up_major_insert (f->conn, twin, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_UNIQUE);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "majors_name_unique");
}

/* Short lists of names come in pinyin order (schema v18), as a reader
 * looks them up: 车 chē, 电 diàn, 焊 hàn, 钳 qián (code points would give
 * 焊 电 车 钳). */
static void
test_major_list_pinyin_order (Fixture       *f,
                              gconstpointer  data)
{
  const char *names[] = { "钳工", "电工", "焊工", "车工" };
  const char *expected[] = { "车工", "电工", "焊工", "钳工" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) list = NULL;
  gint64 academy = test_academy (f->conn, "PY-01");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    test_major (f->conn, academy, names[i]);

  list = up_major_list (f->conn, academy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(UpMajor) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpstr (up_major_get_name (item), ==, expected[i]);
    }
}

/* Courses ---------------------------------------------------------------- */

static void
test_course_insert_get_update (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpCourse) course = test_course_new (f->academy, f->major, 30, UP_COURSE_STATUS_OPEN, 2025);
  g_autoptr(UpCourse) read = NULL;
  g_autoptr(UpCourse) stale = NULL;
  g_autofree char *period = NULL;

  up_course_set_hours (course, 48.5);
  g_assert_true (up_course_insert (f->conn, course, &error));
  g_assert_no_error (error);
  g_assert_cmpint (up_course_get_id (course), >, 0);
  g_assert_cmpstr (up_course_get_major_name (course), ==, "焊工");

  read = up_course_get (f->conn, up_course_get_id (course), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (up_course_get_title (read), ==, "焊工（中级）培训班");
  g_assert_cmpfloat (up_course_get_hours (read), ==, 48.5);
  g_assert_cmpint (up_course_get_capacity (read), ==, 30);
  g_assert_cmpint (up_course_get_status (read), ==, UP_COURSE_STATUS_OPEN);
  g_assert_cmpint (up_course_get_n_enrolled (read), ==, 0);
  g_assert_cmpint (g_date_get_year (up_course_get_start_date (read)), ==, 2025);
  g_assert_cmpint (g_date_get_month (up_course_get_end_date (read)), ==, 4);
  g_object_get (read, "period", &period, NULL);
  g_assert_true (g_str_has_prefix (period, "2025-03-01"));

  stale = up_course_get (f->conn, up_course_get_id (course), &error);
  up_course_set_title (read, "焊工（高级）培训班");
  g_assert_true (up_course_update (f->conn, read, &error));
  g_assert_no_error (error);
  g_assert_cmpint (up_course_get_version (read), ==, 2);

  up_course_set_capacity (stale, 40);
  g_assert_false (up_course_update (f->conn, stale, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);

  /* A major of another academy is refused. */
  {
    gint64 other = test_academy (f->conn, "JB-02");
    gint64 other_major = test_major (f->conn, other, "电工");
    g_autoptr(UpCourse) wrong = test_course_new (f->academy, other_major, 10, UP_COURSE_STATUS_OPEN, 2025);

    g_assert_false (up_course_insert (f->conn, wrong, &error));
    g_assert_error (error, UP_ERROR, UP_ERROR_FOREIGN_KEY);
    g_assert_cmpstr (up_error_get_constraint (error), ==, "courses_major_fkey");
  }
}

static void
test_course_missing_title (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpCourse) course = test_course_new (f->academy, f->major, 30, UP_COURSE_STATUS_OPEN, 2025);

  up_course_set_title (course, "  ");
  g_assert_false (up_course_insert (f->conn, course, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  up_course_set_title (course, "电工培训班");
  up_course_set_start_date (course, NULL);
  g_assert_false (up_course_insert (f->conn, course, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM courses", NULL), ==, 0);
}

static guint
count_listed (PGconn               *conn,
              const UpCourseFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) list = up_course_list (conn, filter, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

static void
test_course_list_filters (Fixture       *f,
                          gconstpointer  data)
{
  gint64 other = test_academy (f->conn, "JB-02");
  gint64 other_major = test_major (f->conn, other, "电工");
  UpCourseFilter filter;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) list = NULL;
  g_autoptr(UpCourse) first = NULL;
  gint64 full;

  /* 2024: one open; 2025: one open team-leader, one cancelled; other academy
   * 2025: one running. */
  {
    g_autoptr(UpCourse) c1 = test_course_new (f->academy, f->major, 2, UP_COURSE_STATUS_OPEN, 2024);
    g_autoptr(UpCourse) c2 = test_course_new (f->academy, f->major, 2, UP_COURSE_STATUS_OPEN, 2025);
    g_autoptr(UpCourse) c3 = test_course_new (f->academy, f->major, 2, UP_COURSE_STATUS_CANCELLED, 2025);
    g_autoptr(UpCourse) c4 = test_course_new (other, other_major, 2, UP_COURSE_STATUS_RUNNING, 2025);

    up_course_set_kind (c2, UP_COURSE_KIND_TEAM_LEADER);
    g_assert_true (up_course_insert (f->conn, c1, NULL));
    g_assert_true (up_course_insert (f->conn, c2, NULL));
    g_assert_true (up_course_insert (f->conn, c3, NULL));
    g_assert_true (up_course_insert (f->conn, c4, NULL));
    full = up_course_get_id (c2);
  }

  up_course_filter_init (&filter);
  g_assert_cmpuint (count_listed (f->conn, &filter), ==, 4);
  filter.academy_id = f->academy;
  g_assert_cmpuint (count_listed (f->conn, &filter), ==, 3);
  filter.year = 2025;
  g_assert_cmpuint (count_listed (f->conn, &filter), ==, 2);
  filter.kind = UP_COURSE_KIND_TEAM_LEADER;
  g_assert_cmpuint (count_listed (f->conn, &filter), ==, 1);
  filter.kind = -1;
  filter.status = UP_COURSE_STATUS_CANCELLED;
  g_assert_cmpuint (count_listed (f->conn, &filter), ==, 1);
  filter.status = UP_COURSE_STATUS_RUNNING;
  g_assert_cmpuint (count_listed (f->conn, &filter), ==, 0);

  up_course_filter_init (&filter);
  filter.limit = 3;
  g_assert_cmpuint (count_listed (f->conn, &filter), ==, 3);

  /* The counts: two seats taken, one on the waitlist. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(UpEnrollment) e = up_enrollment_enroll (f->conn, test_trainee (f->conn, f->academy, i), full, &error);
      g_assert_no_error (error);
    }
  up_course_filter_init (&filter);
  filter.kind = UP_COURSE_KIND_TEAM_LEADER;
  list = up_course_list (f->conn, &filter, &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (up_course_get_id (first), ==, full);
  g_assert_cmpint (up_course_get_n_enrolled (first), ==, 2);
  g_assert_cmpint (up_course_get_n_waitlisted (first), ==, 1);
  g_assert_cmpint (up_course_get_capacity (first), ==, 2);
  g_assert_cmpstr (up_course_get_academy_name (first), ==, "工匠学院 YB-01");
}

static void
test_capacity_not_below_enrolled (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpCourse) course = NULL;
  gint64 id = test_course (f->conn, f->academy, f->major, 5, UP_COURSE_STATUS_OPEN);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(UpEnrollment) e = up_enrollment_enroll (f->conn, test_trainee (f->conn, f->academy, i), id, &error);
      g_assert_no_error (error);
    }

  course = up_course_get (f->conn, id, &error);
  g_assert_no_error (error);
  up_course_set_capacity (course, 2);
  g_assert_false (up_course_update (f->conn, course, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "courses_capacity_above_enrolled");
  g_clear_error (&error);

  /* psql cannot either. */
  g_assert_false (up_pg_command (f->conn, "UPDATE courses SET capacity = 1", 0, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_clear_error (&error);

  up_course_set_capacity (course, 3);
  g_assert_true (up_course_update (f->conn, course, &error));
  g_assert_no_error (error);
}

static void
test_capacity_raised_promotes_waitlist (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpCourse) course = NULL;
  g_autofree char *id_text = NULL;
  gint64 id = test_course (f->conn, f->academy, f->major, 1, UP_COURSE_STATUS_OPEN);

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(UpEnrollment) e = up_enrollment_enroll (f->conn, test_trainee (f->conn, f->academy, i), id, &error);
      g_assert_no_error (error);
    }

  course = up_course_get (f->conn, id, &error);
  g_assert_cmpint (up_course_get_n_waitlisted (course), ==, 3);
  up_course_set_capacity (course, 3);
  g_assert_true (up_course_update (f->conn, course, &error));
  g_assert_no_error (error);

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM enrollments WHERE course_id = $1 "
                                            "AND status = 'enrolled'", id_text), ==, 3);
  /* The last one is now first on the waitlist. */
  g_assert_cmpint (test_query_int (f->conn, "SELECT waitlist_position FROM enrollments WHERE course_id = $1 "
                                            "AND status = 'waitlisted'", id_text), ==, 1);
  g_assert_cmpint (test_query_int (f->conn, "SELECT trainee_id FROM enrollments WHERE course_id = $1 "
                                            "AND status = 'waitlisted'", id_text),
                   ==, test_query_int (f->conn, "SELECT max (id) FROM trainees", NULL));
}

/* Async ------------------------------------------------------------------ */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

/* The answer of the async call the test awaits at @where, within one
 * round trip's 30 s. */
static GAsyncResult *
wait_for_at (Wait       *wait,
             const char *where)
{
  g_autofree char *what = g_strdup_printf ("the answer awaited at %s", where);

  up_test_wait_for_pointer_full (&wait->result, 30, what);
  return wait->result;
}

#define wait_for(wait) wait_for_at ((wait), G_STRLOC)

static void
test_course_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(UpDatabase) db = up_database_new (f->conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(UpCourse) course = test_course_new (f->academy, f->major, 12, UP_COURSE_STATUS_PLANNED, 2026);
  g_autoptr(GListStore) list = NULL;
  g_autoptr(GListStore) academies = NULL;
  g_autoptr(GListStore) majors = NULL;
  g_autoptr(UpCourse) read = NULL;
  UpCourseFilter filter;
  Wait wait = { NULL };

  g_assert_true (up_database_connect_sync (db, NULL, &error));
  g_assert_no_error (error);

  up_course_insert_async (db, course, NULL, wait_cb, &wait);
  g_assert_true (up_course_insert_finish (db, wait_for (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpint (up_course_get_id (course), >, 0);
  g_assert_cmpint (up_course_get_version (course), ==, 1);

  up_course_set_status (course, UP_COURSE_STATUS_OPEN);
  up_course_update_async (db, course, NULL, wait_cb, &wait);
  g_assert_true (up_course_update_finish (db, wait_for (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpint (up_course_get_version (course), ==, 2);

  up_course_filter_init (&filter);
  filter.status = UP_COURSE_STATUS_OPEN;
  up_course_list_async (db, &filter, NULL, wait_cb, &wait);
  list = up_course_list_finish (db, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  up_course_get_async (db, up_course_get_id (course), NULL, wait_cb, &wait);
  read = up_course_get_finish (db, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpint (up_course_get_capacity (read), ==, 12);

  up_academy_list_async (db, NULL, wait_cb, &wait);
  academies = up_academy_list_finish (db, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (academies)), ==, 1);

  up_major_list_async (db, f->academy, NULL, wait_cb, &wait);
  majors = up_major_list_finish (db, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (majors)), ==, 1);

  up_database_close (db);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/course/academy/insert-list-update-and-refuse-stale-or-duplicate", test_academy_crud);
  ADD ("/course/major/insert-list-per-academy-and-refuse-duplicate", test_major_crud);
  ADD ("/course/major/list-in-pinyin-order", test_major_list_pinyin_order);
  ADD ("/course/course/insert-get-update-and-refuse-stale", test_course_insert_get_update);
  ADD ("/course/course/refuses-missing-title-or-dates", test_course_missing_title);
  ADD ("/course/list/filters-by-academy-kind-year-status-and-counts-seats", test_course_list_filters);
  ADD ("/course/capacity/cannot-go-below-seats-taken", test_capacity_not_below_enrolled);
  ADD ("/course/capacity/raised-promotes-the-waitlist-in-order", test_capacity_raised_promotes_waitlist);
  ADD ("/course/async/insert-update-list-get", test_course_async);
#undef ADD

  return g_test_run ();
}
