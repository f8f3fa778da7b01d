/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>

#include "up-database.h"
#include "up-demo.h"
#include "up-enrollment.h"
#include "up-error.h"
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

static UpEnrollment *
enroll (Fixture *f,
        gint64   trainee,
        gint64   course)
{
  g_autoptr(GError) error = NULL;
  UpEnrollment *e = up_enrollment_enroll (f->conn, trainee, course, &error);

  g_assert_no_error (error);
  g_assert_nonnull (e);
  return e;
}

static gint64
enrolled_count (PGconn *conn,
                gint64  course)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, course);

  return test_query_int (conn, "SELECT count(*) FROM enrollments WHERE course_id = $1 AND status = 'enrolled'", id);
}

static UpEnrollment *
roster_item (GListStore *roster,
             gint64      enrollment_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (roster)); i++)
    {
      g_autoptr(UpEnrollment) e = g_list_model_get_item (G_LIST_MODEL (roster), i);

      if (up_enrollment_get_id (e) == enrollment_id)
        return g_steal_pointer (&e);
    }
  g_assert_not_reached ();
  return NULL;
}

/* Capacity and waitlist ---------------------------------------------------- */

static void
test_waitlist_and_promotion (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 course = test_course (f->conn, f->academy, f->major, 2, UP_COURSE_STATUS_OPEN);
  g_autoptr(UpEnrollment) e1 = enroll (f, test_trainee (f->conn, f->academy, 1), course);
  g_autoptr(UpEnrollment) e2 = enroll (f, test_trainee (f->conn, f->academy, 2), course);
  g_autoptr(UpEnrollment) e3 = enroll (f, test_trainee (f->conn, f->academy, 3), course);
  g_autoptr(UpEnrollment) e4 = enroll (f, test_trainee (f->conn, f->academy, 4), course);
  g_autoptr(GListStore) roster = NULL;
  g_autoptr(UpEnrollment) r3 = NULL;
  g_autoptr(UpEnrollment) r4 = NULL;
  g_autoptr(UpEnrollment) again = NULL;
  gint64 promoted = -1;

  g_assert_cmpint (up_enrollment_get_status (e1), ==, UP_ENROLLMENT_STATUS_ENROLLED);
  g_assert_cmpint (up_enrollment_get_status (e2), ==, UP_ENROLLMENT_STATUS_ENROLLED);
  g_assert_cmpint (up_enrollment_get_status (e3), ==, UP_ENROLLMENT_STATUS_WAITLISTED);
  g_assert_cmpint (up_enrollment_get_waitlist_position (e3), ==, 1);
  g_assert_cmpint (up_enrollment_get_status (e4), ==, UP_ENROLLMENT_STATUS_WAITLISTED);
  g_assert_cmpint (up_enrollment_get_waitlist_position (e4), ==, 2);

  g_assert_true (up_enrollment_withdraw (f->conn, up_enrollment_get_id (e1), &promoted, &error));
  g_assert_no_error (error);
  g_assert_cmpint (promoted, ==, up_enrollment_get_id (e3));

  roster = up_enrollment_list_roster (f->conn, course, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roster)), ==, 4);
  r3 = roster_item (roster, up_enrollment_get_id (e3));
  r4 = roster_item (roster, up_enrollment_get_id (e4));
  g_assert_cmpint (up_enrollment_get_status (r3), ==, UP_ENROLLMENT_STATUS_ENROLLED);
  g_assert_cmpint (up_enrollment_get_status (r4), ==, UP_ENROLLMENT_STATUS_WAITLISTED);
  g_assert_cmpint (up_enrollment_get_waitlist_position (r4), ==, 1);
  g_assert_cmpint (enrolled_count (f->conn, course), ==, 2);

  /* Withdrawing twice changes nothing; a waitlisted one leaving promotes nobody. */
  g_assert_true (up_enrollment_withdraw (f->conn, up_enrollment_get_id (e1), &promoted, &error));
  g_assert_cmpint (promoted, ==, 0);
  g_assert_true (up_enrollment_withdraw (f->conn, up_enrollment_get_id (e4), &promoted, &error));
  g_assert_no_error (error);
  g_assert_cmpint (promoted, ==, 0);
  g_assert_cmpint (enrolled_count (f->conn, course), ==, 2);

  /* Who withdrew can come back: on the same line, to the waitlist now. */
  again = up_enrollment_enroll (f->conn, up_enrollment_get_trainee_id (e1), course, &error);
  g_assert_no_error (error);
  g_assert_cmpint (up_enrollment_get_id (again), ==, up_enrollment_get_id (e1));
  g_assert_cmpint (up_enrollment_get_status (again), ==, UP_ENROLLMENT_STATUS_WAITLISTED);
  g_assert_cmpint (up_enrollment_get_waitlist_position (again), ==, 1);
}

static void
test_roster_order_and_masking (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 course = test_course (f->conn, f->academy, f->major, 1, UP_COURSE_STATUS_OPEN);
  g_autoptr(UpEnrollment) a = enroll (f, test_trainee (f->conn, f->academy, 1), course);
  g_autoptr(UpEnrollment) b = enroll (f, test_trainee (f->conn, f->academy, 2), course);
  g_autoptr(UpEnrollment) c = enroll (f, test_trainee (f->conn, f->academy, 3), course);
  g_autoptr(GListStore) roster = NULL;
  g_autoptr(UpEnrollment) first = NULL;
  g_autoptr(UpEnrollment) second = NULL;
  g_autofree char *id_number = test_id_number (1);
  g_autofree char *masked = NULL;

  roster = up_enrollment_list_roster (f->conn, course, &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (G_LIST_MODEL (roster), 0);
  second = g_list_model_get_item (G_LIST_MODEL (roster), 1);
  g_assert_cmpint (up_enrollment_get_id (first), ==, up_enrollment_get_id (a));
  g_assert_cmpint (up_enrollment_get_id (second), ==, up_enrollment_get_id (b));
  g_assert_cmpstr (up_enrollment_get_trainee_name (first), ==, "学员1");
  g_assert_cmpstr (up_enrollment_get_employer (first), ==, "重庆长安汽车股份有限公司");

  /* Only the masked number leaves the store. */
  masked = up_id_number_mask (id_number);
  g_assert_cmpstr (up_enrollment_get_id_number_masked (first), ==, masked);
  g_assert_null (strstr (masked, id_number + 6));
  g_assert_cmpfloat (up_enrollment_get_attended_hours (first), ==, -1);
  g_assert_false (up_enrollment_get_result_recorded (first));
  g_assert_nonnull (up_enrollment_get_enrolled_at (first));
  (void) c;
}

static void
test_duplicate_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 course = test_course (f->conn, f->academy, f->major, 5, UP_COURSE_STATUS_OPEN);
  gint64 trainee = test_trainee (f->conn, f->academy, 1);
  g_autoptr(UpEnrollment) e = enroll (f, trainee, course);
  g_autoptr(UpEnrollment) twice = NULL;
  g_autofree char *sql_trainee = g_strdup_printf ("%" G_GINT64_FORMAT, trainee);

  twice = up_enrollment_enroll (f->conn, trainee, course, &error);
  g_assert_null (twice);
  g_assert_error (error, UP_ERROR, UP_ERROR_UNIQUE);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_once_per_course");
  g_clear_error (&error);

  /* Directly too: the unique constraint of the schema. */
  {
    g_autofree char *course_text = g_strdup_printf ("%" G_GINT64_FORMAT, course);
    g_autofree char *academy_text = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy);
    const char *params[] = { academy_text, course_text, sql_trainee };

    g_assert_false (up_pg_command (f->conn, "INSERT INTO enrollments (academy_id, course_id, trainee_id) "
                                            "VALUES ($1, $2, $3)", 3, params, &error));
    g_assert_error (error, UP_ERROR, UP_ERROR_UNIQUE);
    g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_once_per_course");
  }
}

static void
test_direct_insert_beyond_capacity (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 course = test_course (f->conn, f->academy, f->major, 2, UP_COURSE_STATUS_OPEN);
  g_autofree char *course_text = g_strdup_printf ("%" G_GINT64_FORMAT, course);
  g_autofree char *academy_text = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy);
  const char *params[] = { academy_text, course_text };

  for (guint i = 0; i < 3; i++)
    test_trainee (f->conn, f->academy, i);

  /* One statement with three seats for two: refused whole. */
  g_assert_false (up_pg_command (f->conn, "INSERT INTO enrollments (academy_id, course_id, trainee_id) "
                                          "SELECT $1, $2, id FROM trainees", 2, params, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_capacity");
  g_clear_error (&error);
  g_assert_cmpint (enrolled_count (f->conn, course), ==, 0);

  /* Two fit; a third one afterwards does not, nor does a waitlisted one
   * turned into a seat by hand. */
  g_assert_true (up_pg_command (f->conn, "INSERT INTO enrollments (academy_id, course_id, trainee_id) "
                                         "SELECT $1, $2, id FROM trainees ORDER BY id LIMIT 2", 2, params, &error));
  g_assert_no_error (error);
  g_assert_false (up_pg_command (f->conn, "INSERT INTO enrollments (academy_id, course_id, trainee_id) "
                                          "SELECT $1, $2, max (id) FROM trainees", 2, params, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_clear_error (&error);
  g_assert_true (up_pg_command (f->conn, "INSERT INTO enrollments (academy_id, course_id, trainee_id, status, "
                                         "  waitlist_position) "
                                         "SELECT $1, $2, max (id), 'waitlisted', 1 FROM trainees", 2, params, &error));
  g_assert_no_error (error);
  g_assert_false (up_pg_command (f->conn, "UPDATE enrollments SET status = 'enrolled', waitlist_position = NULL "
                                          "WHERE status = 'waitlisted'", 0, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_capacity");
  g_clear_error (&error);

  /* Two on the same place of the waitlist. */
  g_assert_false (up_pg_command (f->conn, "UPDATE enrollments SET status = 'waitlisted', waitlist_position = 1 "
                                          "WHERE status = 'enrolled'", 0, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_EXCLUSION);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_waitlist_position_unique");
}

static void
test_closed_course_refuses (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 cancelled = test_course (f->conn, f->academy, f->major, 5, UP_COURSE_STATUS_CANCELLED);
  gint64 finished = test_course (f->conn, f->academy, f->major, 5, UP_COURSE_STATUS_FINISHED);
  gint64 trainee = test_trainee (f->conn, f->academy, 1);
  g_autoptr(UpEnrollment) e = NULL;
  g_autofree char *cancelled_text = g_strdup_printf ("%" G_GINT64_FORMAT, cancelled);
  g_autofree char *academy_text = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy);
  g_autofree char *trainee_text = g_strdup_printf ("%" G_GINT64_FORMAT, trainee);
  const char *params[] = { academy_text, cancelled_text, trainee_text };

  e = up_enrollment_enroll (f->conn, trainee, cancelled, &error);
  g_assert_null (e);
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_course_open");
  g_clear_error (&error);

  e = up_enrollment_enroll (f->conn, trainee, finished, &error);
  g_assert_null (e);
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_clear_error (&error);

  g_assert_false (up_pg_command (f->conn, "INSERT INTO enrollments (academy_id, course_id, trainee_id) "
                                          "VALUES ($1, $2, $3)", 3, params, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_course_open");
  g_clear_error (&error);

  /* A withdrawn line of a cancelled course is history: it may be recorded. */
  g_assert_true (up_pg_command (f->conn, "INSERT INTO enrollments (academy_id, course_id, trainee_id, status) "
                                         "VALUES ($1, $2, $3, 'withdrawn')", 3, params, &error));
  g_assert_no_error (error);
}

static void
test_enroll_by_id_number (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 course = test_course (f->conn, f->academy, f->major, 5, UP_COURSE_STATUS_OPEN);
  gint64 trainee = 0;
  gint64 found = -1;
  g_autofree char *id_number = NULL;
  g_autoptr(UpEnrollment) e = NULL;
  guint n;

  /* A number whose check character is X, typed in lower case with spaces. */
  for (n = 1; n < 2000; n++)
    {
      g_free (id_number);
      id_number = test_id_number (n);
      if (id_number[17] == 'X')
        break;
    }
  g_assert_cmpint (id_number[17], ==, 'X');
  trainee = test_trainee (f->conn, f->academy, n);

  {
    g_autofree char *typed = g_strdup_printf (" %.17sx ", id_number);

    g_assert_true (up_enrollment_find_trainee (f->conn, typed, &found, &error));
    g_assert_no_error (error);
    g_assert_cmpint (found, ==, trainee);

    e = up_enrollment_enroll_by_id_number (f->conn, typed, course, &error);
    g_assert_no_error (error);
    g_assert_cmpint (up_enrollment_get_trainee_id (e), ==, trainee);
  }

  /* A valid number nobody has: not found, no error. */
  {
    g_autofree char *other = test_id_number (n + 1);
    g_autoptr(UpEnrollment) none = NULL;

    g_assert_true (up_enrollment_find_trainee (f->conn, other, &found, &error));
    g_assert_cmpint (found, ==, 0);
    none = up_enrollment_enroll_by_id_number (f->conn, other, course, &error);
    g_assert_null (none);
    g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
    g_clear_error (&error);
  }

  /* A bad check character: the reason, not a database error. */
  id_number[17] = '0';
  g_assert_false (up_enrollment_find_trainee (f->conn, id_number, &found, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, up_id_number_status_to_string (UP_ID_NUMBER_BAD_CHECK));
}

/* Two connections racing for the last seat ------------------------------- */

#define N_ROUNDS 50

typedef struct
{
  PGconn       *conn;
  gint64        trainee;
  gint64        course;
  volatile gint *ready;
  volatile gint *go;
  UpEnrollmentStatus status;
  GError       *error;
} Racer;

static gpointer
racer_thread (gpointer data)
{
  Racer *racer = data;
  g_autoptr(UpEnrollment) e = NULL;

  g_atomic_int_inc (racer->ready);
  while (!g_atomic_int_get (racer->go))
    ;
  e = up_enrollment_enroll (racer->conn, racer->trainee, racer->course, &racer->error);
  if (e != NULL)
    racer->status = up_enrollment_get_status (e);
  return NULL;
}

static void
test_race_for_last_seat (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PGconn *conns[2];

  for (guint i = 0; i < 2; i++)
    {
      conns[i] = up_pg_connect (f->conninfo, &error);
      g_assert_no_error (error);
    }

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      /* Capacity 2 with one seat taken: one seat left for two. */
      gint64 course = test_course (f->conn, f->academy, f->major, 2, UP_COURSE_STATUS_OPEN);
      g_autoptr(UpEnrollment) first = enroll (f, test_trainee (f->conn, f->academy, 3 * round), course);
      volatile gint ready = 0;
      volatile gint go = 0;
      Racer racers[2];
      GThread *threads[2];
      guint n_enrolled = 0, n_waitlisted = 0;

      for (guint i = 0; i < 2; i++)
        {
          racers[i] = (Racer) { conns[i], test_trainee (f->conn, f->academy, 3 * round + 1 + i), course,
                                &ready, &go, 0, NULL };
          threads[i] = g_thread_new ("racer", racer_thread, &racers[i]);
        }
      while (g_atomic_int_get (&ready) < 2)
        ;
      g_atomic_int_set (&go, 1);

      for (guint i = 0; i < 2; i++)
        {
          g_thread_join (threads[i]);
          g_assert_no_error (racers[i].error);
          if (racers[i].status == UP_ENROLLMENT_STATUS_ENROLLED)
            n_enrolled++;
          else if (racers[i].status == UP_ENROLLMENT_STATUS_WAITLISTED)
            n_waitlisted++;
        }

      g_assert_cmpuint (n_enrolled, ==, 1);
      g_assert_cmpuint (n_waitlisted, ==, 1);
      g_assert_cmpint (enrolled_count (f->conn, course), ==, 2);
    }

  for (guint i = 0; i < 2; i++)
    PQfinish (conns[i]);
}

/* Completion ------------------------------------------------------------- */

/* Two people changing the threshold: the second, over the version they
 * read, is told and changes nothing. */
static void
test_threshold_versions (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int percent = 0;
  gint64 version = -1, first = -1, second = -1;

  g_assert_true (up_enrollment_load_completion_threshold (f->conn, &percent, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (percent, ==, 80);
  g_assert_cmpint (version, >=, 1);

  g_assert_true (up_enrollment_save_completion_threshold (f->conn, 70, version, &first, &error));
  g_assert_cmpint (first, ==, version + 1);
  g_assert_false (up_enrollment_save_completion_threshold (f->conn, 60, version, &second, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);
  g_assert_false (up_enrollment_save_completion_threshold (f->conn, 0, first, &second, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (up_enrollment_load_completion_threshold (f->conn, &percent, &version, &error));
  g_assert_cmpint (percent, ==, 70);
  g_assert_cmpint (version, ==, first);
}

static void
test_completion_threshold (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 course = test_course (f->conn, f->academy, f->major, 10, UP_COURSE_STATUS_RUNNING);  /* 40 hours */
  g_autoptr(UpEnrollment) a = enroll (f, test_trainee (f->conn, f->academy, 1), course);
  g_autoptr(UpEnrollment) b = enroll (f, test_trainee (f->conn, f->academy, 2), course);
  g_autoptr(UpEnrollment) c = enroll (f, test_trainee (f->conn, f->academy, 3), course);
  g_autoptr(UpEnrollment) d = enroll (f, test_trainee (f->conn, f->academy, 4), course);
  UpEnrollmentStatus status = -1;
  int percent = 0;
  g_autofree char *b_id = g_strdup_printf ("%" G_GINT64_FORMAT, up_enrollment_get_id (b));

  g_assert_true (up_enrollment_get_completion_threshold (f->conn, &percent, &error));
  g_assert_cmpint (percent, ==, 80);

  /* 79 % of 40 hours is 31.6: not enough; 80 % is 32: enough. */
  g_assert_true (up_enrollment_record_completion (f->conn, up_enrollment_get_id (a), 31.6, TRUE, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, UP_ENROLLMENT_STATUS_NOT_COMPLETED);
  g_assert_true (up_enrollment_record_completion (f->conn, up_enrollment_get_id (b), 32, TRUE, &status, &error));
  g_assert_cmpint (status, ==, UP_ENROLLMENT_STATUS_COMPLETED);
  /* Failed the exam: not completed, whatever the hours. */
  g_assert_true (up_enrollment_record_completion (f->conn, up_enrollment_get_id (c), 40, FALSE, &status, &error));
  g_assert_cmpint (status, ==, UP_ENROLLMENT_STATUS_NOT_COMPLETED);

  /* More hours than the course has is a typing mistake. */
  g_assert_false (up_enrollment_record_completion (f->conn, up_enrollment_get_id (d), 400, TRUE, &status, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_hours_within_course");
  g_clear_error (&error);

  /* psql cannot complete someone below the threshold. */
  g_assert_false (up_pg_command (f->conn, "UPDATE enrollments SET status = 'completed', passed = true, "
                                          "completed_at = now (), attended_hours = 31.6 WHERE status = 'enrolled'",
                                 0, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_completion_threshold");
  g_clear_error (&error);

  /* Nor lower the hours of a completion below it. */
  g_assert_false (up_pg_command (f->conn, "UPDATE enrollments SET attended_hours = 10 WHERE id = $1",
                                 1, (const char *[]) { b_id }, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_clear_error (&error);

  /* The setting applies: at 50 %, 20 hours and a pass complete. */
  g_assert_false (up_enrollment_set_completion_threshold (f->conn, 0, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (up_pg_command (f->conn, "UPDATE settings SET value = '101' "
                                          "WHERE key = 'completion_threshold_percent'", 0, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "settings_completion_threshold_range");
  g_clear_error (&error);

  g_assert_true (up_enrollment_set_completion_threshold (f->conn, 50, &error));
  g_assert_no_error (error);
  g_assert_true (up_enrollment_get_completion_threshold (f->conn, &percent, &error));
  g_assert_cmpint (percent, ==, 50);
  g_assert_true (up_enrollment_record_completion (f->conn, up_enrollment_get_id (a), 20, TRUE, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, UP_ENROLLMENT_STATUS_COMPLETED);
  g_assert_true (up_enrollment_record_completion (f->conn, up_enrollment_get_id (d), 19.9, TRUE, &status, &error));
  g_assert_cmpint (status, ==, UP_ENROLLMENT_STATUS_NOT_COMPLETED);

  /* Who is only on the waitlist cannot complete. */
  {
    gint64 full = test_course (f->conn, f->academy, f->major, 1, UP_COURSE_STATUS_RUNNING);
    g_autoptr(UpEnrollment) seated = enroll (f, up_enrollment_get_trainee_id (a), full);
    g_autoptr(UpEnrollment) waiting = enroll (f, up_enrollment_get_trainee_id (b), full);

    g_assert_false (up_enrollment_record_completion (f->conn, up_enrollment_get_id (waiting), 40, TRUE,
                                                     &status, &error));
    g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
    g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_completion_needs_seat");
  }
}

static void
test_record_whole_roster (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 course = test_course (f->conn, f->academy, f->major, 30, UP_COURSE_STATUS_RUNNING);
  g_autoptr(GListStore) roster = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (UpCompletionEntry));
  g_autofree char *course_text = g_strdup_printf ("%" G_GINT64_FORMAT, course);
  guint failed = G_MAXUINT;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(UpEnrollment) e = enroll (f, test_trainee (f->conn, f->academy, i), course);
      UpCompletionEntry entry = { up_enrollment_get_id (e), i % 2 ? 40 : 30, i != 7 };

      g_array_append_val (entries, entry);
    }

  /* One bad line (negative hours) and nothing is recorded. */
  g_array_index (entries, UpCompletionEntry, 13).attended_hours = -1;
  g_assert_false (up_enrollment_record_completions (f->conn, (UpCompletionEntry *) entries->data, entries->len,
                                                    &failed, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (failed, ==, 13);
  g_clear_error (&error);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM enrollments WHERE course_id = $1 "
                                            "AND attended_hours IS NOT NULL", course_text), ==, 0);
  g_assert_cmpint (PQtransactionStatus (f->conn), ==, PQTRANS_IDLE);

  g_array_index (entries, UpCompletionEntry, 13).attended_hours = 40;
  g_assert_true (up_enrollment_record_completions (f->conn, (UpCompletionEntry *) entries->data, entries->len,
                                                   &failed, &error));
  g_assert_no_error (error);
  /* Odd lines attended 40 hours; line 7 failed the exam. */
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM enrollments WHERE course_id = $1 "
                                            "AND status = 'completed'", course_text), ==, 9);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM enrollments WHERE course_id = $1 "
                                            "AND status = 'not_completed'", course_text), ==, 11);

  roster = up_enrollment_list_roster (f->conn, course, &error);
  g_assert_no_error (error);
  {
    g_autoptr(UpEnrollment) line = roster_item (roster, g_array_index (entries, UpCompletionEntry, 1).enrollment_id);

    g_assert_cmpint (up_enrollment_get_status (line), ==, UP_ENROLLMENT_STATUS_COMPLETED);
    g_assert_cmpfloat (up_enrollment_get_attended_hours (line), ==, 40);
    g_assert_true (up_enrollment_get_result_recorded (line));
    g_assert_true (up_enrollment_get_passed (line));
    g_assert_nonnull (up_enrollment_get_completed_at (line));
  }
}

static void
test_undo_needs_reason (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 course = test_course (f->conn, f->academy, f->major, 10, UP_COURSE_STATUS_RUNNING);
  g_autoptr(UpEnrollment) e = enroll (f, test_trainee (f->conn, f->academy, 1), course);
  g_autoptr(GListStore) roster = NULL;
  g_autoptr(UpEnrollment) line = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, up_enrollment_get_id (e));
  UpEnrollmentStatus status;

  g_assert_true (up_enrollment_record_completion (f->conn, up_enrollment_get_id (e), 36, TRUE, &status, &error));
  g_assert_cmpint (status, ==, UP_ENROLLMENT_STATUS_COMPLETED);

  /* Recording a worse result over a completion needs the undo first. */
  g_assert_false (up_enrollment_record_completion (f->conn, up_enrollment_get_id (e), 10, TRUE, &status, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_completion_recorded");
  g_clear_error (&error);
  /* Withdrawing too. */
  g_assert_false (up_enrollment_withdraw (f->conn, up_enrollment_get_id (e), NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_clear_error (&error);

  g_assert_false (up_enrollment_undo_completion (f->conn, up_enrollment_get_id (e), "   ", &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (up_pg_command (f->conn, "SELECT up_undo_completion ($1, '')", 1, (const char *[]) { id }, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_undo_reason_present");
  g_clear_error (&error);
  /* psql cannot take it back without a reason either. */
  g_assert_false (up_pg_command (f->conn, "UPDATE enrollments SET status = 'enrolled', passed = NULL, "
                                          "completed_at = NULL WHERE id = $1", 1, (const char *[]) { id }, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_undo_reason_present");
  g_clear_error (&error);

  g_assert_true (up_enrollment_undo_completion (f->conn, up_enrollment_get_id (e), " 考勤录入错误 ", &error));
  g_assert_no_error (error);

  roster = up_enrollment_list_roster (f->conn, course, &error);
  line = roster_item (roster, up_enrollment_get_id (e));
  g_assert_cmpint (up_enrollment_get_status (line), ==, UP_ENROLLMENT_STATUS_ENROLLED);
  g_assert_cmpstr (up_enrollment_get_completion_undone_reason (line), ==, "考勤录入错误");
  g_assert_cmpfloat (up_enrollment_get_attended_hours (line), ==, 36);
  g_assert_false (up_enrollment_get_result_recorded (line));
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM audit_log WHERE table_name = 'enrollments' "
                                            "AND row_id = $1 AND new_row ->> 'completion_undone_reason' = '考勤录入错误'",
                                   id), ==, 1);

  /* Nothing to undo now. */
  g_assert_false (up_enrollment_undo_completion (f->conn, up_enrollment_get_id (e), "again", &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "enrollments_undo_needs_result");
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

  g_clear_object (&wait->result);
  up_test_wait_for_pointer_full (&wait->result, 30, what);
  return wait->result;
}

#define wait_for(wait) wait_for_at ((wait), G_STRLOC)

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(UpDatabase) db = up_database_new (f->conninfo);
  g_autoptr(GError) error = NULL;
  gint64 course = test_course (f->conn, f->academy, f->major, 1, UP_COURSE_STATUS_OPEN);
  gint64 t1 = test_trainee (f->conn, f->academy, 1);
  g_autofree char *id2 = test_id_number (2);
  g_autoptr(UpEnrollment) e1 = NULL;
  g_autoptr(UpEnrollment) e2 = NULL;
  g_autoptr(GListStore) roster = NULL;
  UpCompletionEntry entry;
  UpEnrollmentStatus status = -1;
  gint64 promoted = 0, found = 0;
  guint failed = 0;
  int percent = 0;
  Wait wait = { NULL };

  test_trainee (f->conn, f->academy, 2);
  g_assert_true (up_database_connect_sync (db, NULL, &error));

  up_enrollment_enroll_async (db, t1, course, NULL, wait_cb, &wait);
  e1 = up_enrollment_enroll_finish (db, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_assert_cmpint (up_enrollment_get_status (e1), ==, UP_ENROLLMENT_STATUS_ENROLLED);

  up_enrollment_find_trainee_async (db, id2, NULL, wait_cb, &wait);
  g_assert_true (up_enrollment_find_trainee_finish (db, wait_for (&wait), &found, &error));
  g_assert_cmpint (found, >, 0);

  /* Full: the second one joins the waitlist, which is no error. */
  up_enrollment_enroll_by_id_number_async (db, id2, course, NULL, wait_cb, &wait);
  e2 = up_enrollment_enroll_finish (db, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_assert_cmpint (up_enrollment_get_status (e2), ==, UP_ENROLLMENT_STATUS_WAITLISTED);

  up_enrollment_withdraw_async (db, up_enrollment_get_id (e1), NULL, wait_cb, &wait);
  g_assert_true (up_enrollment_withdraw_finish (db, wait_for (&wait), &promoted, &error));
  g_assert_cmpint (promoted, ==, up_enrollment_get_id (e2));

  up_enrollment_list_roster_async (db, course, NULL, wait_cb, &wait);
  roster = up_enrollment_list_roster_finish (db, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roster)), ==, 2);

  up_enrollment_record_completion_async (db, up_enrollment_get_id (e2), 40, TRUE, NULL, wait_cb, &wait);
  g_assert_true (up_enrollment_record_completion_finish (db, wait_for (&wait), &status, &error));
  g_assert_cmpint (status, ==, UP_ENROLLMENT_STATUS_COMPLETED);

  up_enrollment_undo_completion_async (db, up_enrollment_get_id (e2), "", NULL, wait_cb, &wait);
  g_assert_false (up_enrollment_undo_completion_finish (db, wait_for (&wait), &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  up_enrollment_undo_completion_async (db, up_enrollment_get_id (e2), "补考", NULL, wait_cb, &wait);
  g_assert_true (up_enrollment_undo_completion_finish (db, wait_for (&wait), &error));
  g_assert_no_error (error);

  entry = (UpCompletionEntry) { up_enrollment_get_id (e1), 40, TRUE };
  up_enrollment_record_completions_async (db, &entry, 1, NULL, wait_cb, &wait);
  g_assert_false (up_enrollment_record_completions_finish (db, wait_for (&wait), &failed, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);  /* e1 withdrew */
  g_assert_cmpuint (failed, ==, 0);
  g_clear_error (&error);

  up_enrollment_set_completion_threshold_async (db, 60, NULL, wait_cb, &wait);
  g_assert_true (up_enrollment_set_completion_threshold_finish (db, wait_for (&wait), &error));
  up_enrollment_get_completion_threshold_async (db, NULL, wait_cb, &wait);
  g_assert_true (up_enrollment_get_completion_threshold_finish (db, wait_for (&wait), &percent, &error));
  g_assert_cmpint (percent, ==, 60);

  g_clear_object (&wait.result);
  up_database_close (db);
}

/* Demo data and speed ------------------------------------------------------ */

static void
test_demo_still_loads (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *conninfo = up_test_pg_new_migrated ();
  g_autoptr(GListStore) roster = NULL;
  g_autofree char *biggest_text = NULL;
  UpDemoOptions options;
  gint64 biggest;
  gint64 start;

  conn = up_pg_connect (conninfo, &error);
  g_assert_no_error (error);
  up_demo_options_init (&options);
  options.n_trainees = 2000;
  g_assert_true (up_demo_generate (conn, &options, NULL, &error));
  g_assert_no_error (error);

  /* The rules hold over the demo data. */
  g_assert_cmpint (test_query_int (conn, "SELECT count(*) FROM courses c WHERE capacity < "
                                         "(SELECT count(*) FROM enrollments e WHERE e.course_id = c.id "
                                         " AND e.status IN ('enrolled', 'completed', 'not_completed'))", NULL), ==, 0);
  g_assert_cmpint (test_query_int (conn, "SELECT count(*) FROM enrollments", NULL), >, 5000);

  biggest = test_query_int (conn, "SELECT course_id FROM enrollments GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", NULL);
  biggest_text = g_strdup_printf ("%" G_GINT64_FORMAT, biggest);
  start = g_get_monotonic_time ();
  roster = up_enrollment_list_roster (conn, biggest, &error);
  g_assert_no_error (error);
  g_test_message ("roster of %u lines in %.1f ms", g_list_model_get_n_items (G_LIST_MODEL (roster)),
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (roster)), ==,
                   test_query_int (conn, "SELECT count(*) FROM enrollments WHERE course_id = $1", biggest_text));

  /* And the functions work on it: enroll into an open course. */
  {
    gint64 open = test_query_int (conn, "SELECT id FROM courses WHERE status = 'open' LIMIT 1", NULL);
    g_autofree char *open_text = g_strdup_printf ("%" G_GINT64_FORMAT, open);
    gint64 trainee = test_query_int (conn, "SELECT min (id) FROM trainees t WHERE NOT EXISTS "
                                           "(SELECT 1 FROM enrollments e WHERE e.trainee_id = t.id "
                                           " AND e.course_id = $1)", open_text);
    g_autoptr(UpEnrollment) e = NULL;

    if (open > 0)
      {
        e = up_enrollment_enroll (conn, trainee, open, &error);
        g_assert_no_error (error);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/enrollment/capacity/full-course-waitlists-and-withdrawal-promotes-first", test_waitlist_and_promotion);
  ADD ("/enrollment/roster/seated-then-waitlist-with-masked-id-numbers", test_roster_order_and_masking);
  ADD ("/enrollment/duplicate/is-refused", test_duplicate_refused);
  ADD ("/enrollment/capacity/direct-sql-beyond-capacity-is-refused", test_direct_insert_beyond_capacity);
  ADD ("/enrollment/course/cancelled-or-finished-refuses-enrollment", test_closed_course_refuses);
  ADD ("/enrollment/id-number/resolves-typed-number-and-says-why-not", test_enroll_by_id_number);
  ADD ("/enrollment/capacity/two-connections-race-for-the-last-seat", test_race_for_last_seat);
  ADD ("/enrollment/completion/needs-threshold-hours-and-a-pass", test_completion_threshold);
  ADD ("/enrollment/completion/threshold-saved-over-its-version", test_threshold_versions);
  ADD ("/enrollment/completion/whole-roster-in-one-transaction", test_record_whole_roster);
  ADD ("/enrollment/completion/undo-needs-a-reason-which-is-kept", test_undo_needs_reason);
  ADD ("/enrollment/async/enroll-withdraw-record-undo-threshold", test_async);
  ADD ("/enrollment/demo/still-loads-and-keeps-the-rules", test_demo_still_loads);
#undef ADD

  return g_test_run ();
}
