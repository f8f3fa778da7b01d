/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "up-demo.h"
#include "up-error.h"
#include "up-id-number.h"
#include "up-pg.h"
#include "up-test-pg.h"

#define N_TRAINEES 2000

typedef struct
{
  char    *conninfo;
  PGconn  *conn;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->conn, PQfinish);
  g_free (f->conninfo);
}

static gint64
query_int (PGconn     *conn,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -1;

  up_pg_query_int64 (conn, sql, 0, NULL, &value, &error);
  g_assert_no_error (error);
  return value;
}

typedef struct
{
  double        last;
  guint         calls;
  double        cancel_at;   /* cancel once the fraction passes it; 0: never */
  GCancellable *cancellable;
  gboolean      cancelled_midway;
} Progress;

static void
progress_cb (double      fraction,
             const char *stage,
             gpointer    user_data)
{
  Progress *p = user_data;

  g_assert_nonnull (stage);
  g_assert_cmpstr (stage, !=, "");
  g_assert_cmpfloat (fraction, >=, p->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  p->last = fraction;
  p->calls++;

  if (p->cancel_at > 0 && fraction > p->cancel_at && !g_cancellable_is_cancelled (p->cancellable))
    {
      p->cancelled_midway = TRUE;
      g_cancellable_cancel (p->cancellable);
    }
}

static void
generate (PGconn  *conn,
          guint    n_trainees,
          guint32  seed)
{
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;
  Progress progress = { 0 };

  up_demo_options_init (&options);
  options.n_trainees = n_trainees;
  options.seed = seed;
  options.progress = progress_cb;
  options.progress_data = &progress;

  up_demo_generate (conn, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress.calls, >, 3);
  g_assert_cmpfloat (progress.last, ==, 1.0);
}

/* One generated database serves the tests that only read it. */
static const char *
generated_database (void)
{
  static char *conninfo;

  if (conninfo == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PGconn) conn = NULL;

      conninfo = up_test_pg_new_migrated ();
      conn = up_pg_connect (conninfo, &error);
      g_assert_no_error (error);
      generate (conn, N_TRAINEES, 42);
    }

  return conninfo;
}

static PGconn *
connect_generated (void)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = up_pg_connect (generated_database (), &error);

  g_assert_no_error (error);
  return conn;
}

/* The rows of every generated table, without the times of the load. */
static const char *checksum_sql =
  "SELECT md5 (concat ("
  " (SELECT string_agg (concat_ws ('|', id, code, name, level, district, industry, founded_on), ',' ORDER BY id) FROM academies),"
  " (SELECT string_agg (concat_ws ('|', id, academy_id, name, established_on), ',' ORDER BY id) FROM majors),"
  " (SELECT string_agg (concat_ws ('|', id, academy_id, id_number, name, phone, employer, industry, union_member,"
  "                                education, skill_level), ',' ORDER BY id) FROM trainees),"
  " (SELECT string_agg (concat_ws ('|', id, academy_id, major_id, kind, title, start_date, end_date, hours, capacity,"
  "                                location, status), ',' ORDER BY id) FROM courses),"
  " (SELECT string_agg (concat_ws ('|', id, course_id, trainee_id, status, waitlist_position, enrolled_at,"
  "                                attended_hours, passed, completed_at), ',' ORDER BY id) FROM enrollments),"
  " (SELECT string_agg (concat_ws ('|', id, trainee_id, course_id, kind, occupation, skill_level, academic_level,"
  "                                academic_route, certificate_no, issuing_body, issued_on, verified_on), ',' ORDER BY id)"
  "  FROM certifications),"
  " (SELECT string_agg (concat_ws ('|', id, name, state, budget_fen, notice_from, submitted_at, paid_at), ',' ORDER BY id)"
  "  FROM payment_batches),"
  " (SELECT string_agg (concat_ws ('|', id, certification_id, policy_id, batch_id, amount_fen, state, reason, claimed_on,"
  "                                decided_at, paid_at), ',' ORDER BY id) FROM subsidies)))";

/* Tests ---------------------------------------------------------------------- */

static void
test_is_empty_on_a_fresh_database (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean empty = FALSE;

  g_assert_true (up_demo_is_empty (f->conn, &empty, &error));
  g_assert_no_error (error);
  g_assert_true (empty);
}

static void
test_fills_every_table_in_proportion (void)
{
  g_autoptr(PGconn) conn = connect_generated ();
  g_autoptr(GError) error = NULL;
  gboolean empty = TRUE;
  gint64 n;

  g_assert_true (up_demo_is_empty (conn, &empty, &error));
  g_assert_no_error (error);
  g_assert_false (empty);

  n = query_int (conn, "SELECT count(*) FROM academies");
  g_assert_cmpint (n, >=, 25);
  g_assert_cmpint (n, <=, 35);
  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT level) FROM academies"), ==, 4);
  n = query_int (conn, "SELECT count(*) FROM majors");
  g_assert_cmpint (n, >=, 50);
  g_assert_cmpint (n, <=, 70);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM trainees"), ==, N_TRAINEES);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM courses"), ==, N_TRAINEES / 20);
  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT kind) FROM courses"), ==, 4);
  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT status) FROM courses"), >=, 3);
  n = query_int (conn, "SELECT count(*) FROM enrollments");
  g_assert_cmpint (n, >=, 45 * N_TRAINEES / 10);
  g_assert_cmpint (n, <=, 55 * N_TRAINEES / 10);
  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT status) FROM enrollments"), ==, 5);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM certifications"), >, N_TRAINEES / 5);
  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT kind) FROM certifications"), ==, 4);
  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT skill_level) FROM certifications"), ==, 5);
  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT academic_level) FROM certifications"), ==, 2);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM subsidy_policies"), ==, 8);
  /* Funds are named as people name them (schema v13), not by a code. */
  g_assert_cmpint (query_int (conn, "SELECT (SELECT count(*) FROM subsidy_schemes WHERE fund = 'special')"
                                    "     + (SELECT count(*) FROM payment_batches WHERE fund = 'special')"),
                   ==, 0);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM subsidies"), >, 0);
}

static void
test_makes_valid_distinct_id_numbers (void)
{
  g_autoptr(PGconn) conn = connect_generated ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;

  result = up_pg_exec (conn, "SELECT id_number, is_male, extract (year FROM birth_date)::int FROM trainees",
                       0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (result), ==, N_TRAINEES);

  for (int i = 0; i < PQntuples (result); i++)
    {
      const char *id_number = PQgetvalue (result, i, 0);
      gboolean male = g_str_equal (PQgetvalue (result, i, 1), "t");
      int year = atoi (PQgetvalue (result, i, 2));

      g_assert_cmpint (up_id_number_check (id_number, NULL), ==, UP_ID_NUMBER_OK);
      g_assert_cmpint (up_id_number_get_gender (id_number), ==, male ? UP_GENDER_MALE : UP_GENDER_FEMALE);
      g_assert_true (g_str_has_prefix (id_number, "50"));
      g_assert_cmpint (year, >=, 1966);
      g_assert_cmpint (year, <=, 2006);
    }

  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM trainees WHERE NOT up_id_number_is_valid (id_number)"), ==, 0);
  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT id_number) FROM trainees"), ==, N_TRAINEES);
  /* Both sexes, many regions. */
  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT is_male) FROM trainees"), ==, 2);
  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT left (id_number, 6)) FROM trainees"), >=, 10);
  /* Phones, when present, are mobile numbers. */
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM trainees WHERE phone IS NOT NULL"), >, N_TRAINEES * 8 / 10);
}

static void
test_keeps_courses_within_capacity (void)
{
  g_autoptr(PGconn) conn = connect_generated ();

  g_assert_cmpint (query_int (conn,
                              "SELECT count(*) FROM courses c WHERE c.capacity < "
                              " (SELECT count(*) FROM enrollments e WHERE e.course_id = c.id"
                              "  AND e.status IN ('enrolled', 'completed', 'not_completed'))"),
                   ==, 0);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM courses WHERE capacity NOT BETWEEN 30 AND 120 "
                                    "OR hours NOT BETWEEN 40 AND 200"),
                   ==, 0);
  /* Waiting lists are numbered 1, 2, 3 … in every course. */
  g_assert_cmpint (query_int (conn,
                              "SELECT count(*) FROM (SELECT course_id, max (waitlist_position) AS m, count(*) AS n "
                              " FROM enrollments WHERE status = 'waitlisted' GROUP BY course_id) w WHERE m <> n"),
                   ==, 0);
  /* Nobody waits for a seat that is free. */
  g_assert_cmpint (query_int (conn,
                              "SELECT count(*) FROM courses c WHERE EXISTS "
                              " (SELECT FROM enrollments w WHERE w.course_id = c.id AND w.status = 'waitlisted') "
                              "AND c.capacity > (SELECT count(*) FROM enrollments e WHERE e.course_id = c.id"
                              "  AND e.status IN ('enrolled', 'completed', 'not_completed'))"),
                   ==, 0);
  /* Only finished courses have completions, and those after the end date. */
  g_assert_cmpint (query_int (conn,
                              "SELECT count(*) FROM enrollments e JOIN courses c ON c.id = e.course_id "
                              "WHERE e.status IN ('completed', 'not_completed') AND c.status <> 'finished'"),
                   ==, 0);
}

/* The demo sets the enrollments' statement check aside while it loads and
 * checks the whole table once (up_enrollments_check_all): the trigger is on
 * again afterwards, and the one pass refuses what the trigger refuses. */
static void
test_checks_enrollments_once (void)
{
  g_autoptr(PGconn) conn = connect_generated ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (query_int (conn,
                              "SELECT count(*) FROM pg_trigger WHERE tgname = 'enrollments_check_insert'"
                              "   AND tgenabled = 'O'"),
                   ==, 1);

  g_assert_true (up_pg_command (conn, "SELECT up_enrollments_check_all ()", 0, NULL, &error));
  g_assert_no_error (error);

  /* A course made smaller than its enrolled count behind the rules' back. */
  g_assert_true (up_pg_command (conn, "BEGIN", 0, NULL, &error));
  g_assert_true (up_pg_command (conn, "ALTER TABLE courses DISABLE TRIGGER USER", 0, NULL, &error));
  g_assert_true (up_pg_command (conn,
                                "UPDATE courses SET capacity = 1 WHERE id = (SELECT course_id FROM enrollments"
                                " WHERE status = 'enrolled' GROUP BY course_id HAVING count(*) > 1 LIMIT 1)",
                                0, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (up_pg_command (conn, "SELECT up_enrollments_check_all ()", 0, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  up_pg_rollback (conn);
}

/* The demo writes each trainee's enrolled academies itself, with the
 * triggers that keep them (0011) resting, and checks or does once what the
 * trainees' other row triggers would have: the same arrays and employers
 * the triggers would have made, and the triggers on again. */
static void
test_trainees_carry_their_academies (void)
{
  g_autoptr(PGconn) conn = connect_generated ();

  g_assert_cmpint (query_int (conn,
                              "SELECT count(*) FROM pg_trigger WHERE tgenabled = 'O' AND tgname IN"
                              " ('enrollments_reach_insert', 'trainees_keep_enrolled_academies_insert',"
                              "  'trainees_normalize', 'trainees_employers_insert')"),
                   ==, 4);
  /* Every employer is known for completion and search, as the trigger
   * would have made it. */
  g_assert_cmpint (query_int (conn,
                              "SELECT count(DISTINCT employer) FROM trainees WHERE employer IS NOT NULL"
                              " AND employer NOT IN (SELECT name FROM trainee_employers)"),
                   ==, 0);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM trainee_employers"), >, 10);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM trainees WHERE enrolled_academy_ids IS NOT NULL"),
                   >, N_TRAINEES / 2);
  g_assert_cmpint (query_int (conn,
                              "SELECT count(*) FROM trainees t WHERE t.enrolled_academy_ids IS DISTINCT FROM"
                              " (SELECT array_agg (DISTINCT e.academy_id ORDER BY e.academy_id)"
                              "    FROM enrollments e WHERE e.trainee_id = t.id)"),
                   ==, 0);
}

static void
test_makes_subsidies_in_every_state (void)
{
  g_autoptr(PGconn) conn = connect_generated ();

  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT state) FROM subsidies"), ==, 5);
  g_assert_cmpint (query_int (conn, "SELECT count(DISTINCT state) FROM payment_batches"), ==, 5);
  /* The policy's amount (raised for a shortage occupation), and the policy
   * fits the certificate. */
  g_assert_cmpint (query_int (conn,
                              "SELECT count(*) FROM subsidies s JOIN subsidy_policies p ON p.id = s.policy_id "
                              "JOIN certifications c ON c.id = s.certification_id "
                              "LEFT JOIN shortage_occupations o ON o.occupation = c.occupation "
                              "WHERE s.amount_fen <> p.amount_fen + coalesce ((p.amount_fen * o.uplift_percent + 50) / 100, 0) "
                              "OR c.kind <> p.kind "
                              "OR c.skill_level IS DISTINCT FROM p.skill_level "
                              "OR c.academic_level IS DISTINCT FROM p.academic_level "
                              "OR c.issued_on < p.valid_from OR s.claimed_on < c.issued_on"),
                   ==, 0);
  g_assert_cmpint (query_int (conn, "SELECT amount_fen FROM subsidy_policies WHERE kind = 'skill_level' "
                                    "AND skill_level = 5"),
                   ==, 70000);
  /* Paid ones in paid batches, after the decision. */
  g_assert_cmpint (query_int (conn,
                              "SELECT count(*) FROM subsidies s JOIN payment_batches b ON b.id = s.batch_id "
                              "WHERE (s.state IN ('paid', 'failed')) <> (b.state = 'paid') "
                              "OR s.paid_at < s.decided_at"),
                   ==, 0);
  /* annual_count_cap: at most three claims a person a year. */
  g_assert_cmpint (query_int (conn,
                              "SELECT count(*) FROM (SELECT trainee_id FROM subsidies "
                              " GROUP BY trainee_id, extract (year FROM claimed_on) HAVING count(*) > 3) x"),
                   ==, 0);
  /* A batch's budget covers what it pays. */
  g_assert_cmpint (query_int (conn,
                              "SELECT count(*) FROM payment_batches b WHERE b.budget_fen < "
                              " (SELECT coalesce (sum (amount_fen), 0) FROM subsidies s "
                              "  WHERE s.batch_id = b.id AND s.state IN ('approved', 'paid'))"),
                   ==, 0);
}

static void
test_leaves_the_sequences_ahead (void)
{
  g_autoptr(PGconn) conn = connect_generated ();
  g_autoptr(GError) error = NULL;

  /* Rows added later take ids after the demo's own. */
  g_assert_true (up_pg_begin (conn, &error));
  up_pg_command (conn, "INSERT INTO academies (code, name, level, district) "
                       "VALUES ('TEST-01', 'Test academy', 'district', 'Test')", 0, NULL, &error);
  g_assert_no_error (error);
  up_pg_command (conn, "INSERT INTO subsidy_policies (name, kind, amount_fen, valid_from) "
                       "VALUES ('Test', 'special_operation', 1, '2024-01-01')", 0, NULL, &error);
  g_assert_no_error (error);
  up_pg_rollback (conn);
}

static void
test_same_seed_gives_same_data (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(PGconn) conn = connect_generated ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *other = NULL;
  g_autofree char *other_conninfo = up_test_pg_new_migrated ();
  g_autoptr(PGconn) other_conn = NULL;
  g_autoptr(GError) error = NULL;

  generate (f->conn, N_TRAINEES, 42);
  first = up_test_pg_query_text (conn, checksum_sql, NULL);
  second = up_test_pg_query_text (f->conn, checksum_sql, NULL);
  g_assert_cmpstr (first, ==, second);

  other_conn = up_pg_connect (other_conninfo, &error);
  g_assert_no_error (error);
  generate (other_conn, N_TRAINEES, 43);
  other = up_test_pg_query_text (other_conn, checksum_sql, NULL);
  g_assert_cmpstr (first, !=, other);
}

static void
test_refuses_a_database_with_trainees (void)
{
  g_autoptr(PGconn) conn = connect_generated ();
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;
  gint64 before = query_int (conn, "SELECT count(*) FROM enrollments");

  up_demo_options_init (&options);
  options.n_trainees = 100;

  g_assert_false (up_demo_generate (conn, &options, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_FAILED);
  g_assert_cmpint (PQtransactionStatus (conn), ==, PQTRANS_IDLE);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM trainees"), ==, N_TRAINEES);
  g_assert_cmpint (query_int (conn, "SELECT count(*) FROM enrollments"), ==, before);
}

static void
test_cancel_leaves_the_database_empty (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;
  Progress progress = { 0 };
  gboolean empty = FALSE;

  /* Enough rows that the enrollments go out in several chunks: the cancel
   * lands in the middle of a COPY. */
  up_demo_options_init (&options);
  options.n_trainees = 20000;
  options.progress = progress_cb;
  options.progress_data = &progress;
  progress.cancellable = cancellable;
  progress.cancel_at = 0.4;

  g_assert_false (up_demo_generate (f->conn, &options, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (progress.cancelled_midway);
  g_clear_error (&error);

  g_assert_cmpint (PQtransactionStatus (f->conn), ==, PQTRANS_IDLE);
  g_assert_true (up_demo_is_empty (f->conn, &empty, &error));
  g_assert_true (empty);
  g_assert_cmpint (query_int (f->conn, "SELECT count(*) FROM academies"), ==, 0);
  g_assert_cmpint (query_int (f->conn, "SELECT count(*) FROM enrollments"), ==, 0);

  /* Cancelled before the start: nothing happens either. */
  up_demo_options_init (&options);
  options.n_trainees = 100;
  g_assert_false (up_demo_generate (f->conn, &options, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* And the database takes the demo afterwards. */
  generate (f->conn, 100, 1);
  g_assert_cmpint (query_int (f->conn, "SELECT count(*) FROM trainees"), ==, 100);
}

static void
test_refuses_zero_trainees (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;

  up_demo_options_init (&options);
  g_assert_cmpuint (options.n_trainees, ==, 20000);
  g_assert_null (options.progress);
  options.n_trainees = 0;

  g_assert_false (up_demo_generate (f->conn, &options, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/demo/is-empty/on-a-fresh-database", Fixture, NULL,
              fixture_setup, test_is_empty_on_a_fresh_database, fixture_teardown);
  g_test_add_func ("/demo/generate/fills-every-table-in-proportion", test_fills_every_table_in_proportion);
  g_test_add_func ("/demo/generate/makes-valid-distinct-id-numbers", test_makes_valid_distinct_id_numbers);
  g_test_add_func ("/demo/generate/keeps-courses-within-capacity", test_keeps_courses_within_capacity);
  g_test_add_func ("/demo/generate/makes-subsidies-in-every-state", test_makes_subsidies_in_every_state);
  g_test_add_func ("/demo/generate/checks-enrollments-once", test_checks_enrollments_once);
  g_test_add_func ("/demo/generate/trainees-carry-their-academies", test_trainees_carry_their_academies);
  g_test_add_func ("/demo/generate/leaves-the-sequences-ahead", test_leaves_the_sequences_ahead);
  g_test_add ("/demo/generate/same-seed-gives-same-data", Fixture, NULL,
              fixture_setup, test_same_seed_gives_same_data, fixture_teardown);
  g_test_add_func ("/demo/generate/refuses-a-database-with-trainees", test_refuses_a_database_with_trainees);
  g_test_add ("/demo/generate/cancel-leaves-the-database-empty", Fixture, NULL,
              fixture_setup, test_cancel_leaves_the_database_empty, fixture_teardown);
  g_test_add ("/demo/generate/refuses-zero-trainees", Fixture, NULL,
              fixture_setup, test_refuses_zero_trainees, fixture_teardown);

  return g_test_run ();
}
