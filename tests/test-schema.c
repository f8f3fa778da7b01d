/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <string.h>

#include "up-error.h"
#include "up-pg.h"
#include "up-test-pg.h"

/* Every rule of the schema refuses the rows that break it, with the SQLSTATE
 * and the constraint name the client turns into a sentence (db/up-error.c).
 *
 * One migrated database serves the whole program; each test works inside a
 * transaction of its own on top of a valid base row set and rolls it back, so
 * tests stay independent and the program stays fast.  A statement expected to
 * fail runs under a savepoint. */

/* Constraints no client statement can break: the unique keys exist only as
 * targets of composite foreign keys (the primary key fires first), and the
 * audit log is written by a trigger alone. */
static const char *unbreakable_constraints[] = {
  "majors_id_academy_unique",
  "courses_id_academy_unique",
  "certifications_id_trainee_unique",
  "audit_log_action_known",
};

static char *migrated_conninfo;
/* Constraint names the tests saw fire, for the coverage test at the end. */
static GHashTable *exercised;

typedef struct
{
  PGconn *conn;
  char *academy;          /* academy A */
  char *academy_b;        /* academy B */
  char *major;            /* of A */
  char *major_b;          /* of B */
  char *course;           /* of A */
  char *course_b;         /* of B */
  char *trainee;          /* registered by A, male */
  char *trainee2;         /* registered by A, female */
  char *id_number;        /* the trainee's */
  char *id_number2;       /* trainee2's */
  char *enrollment;       /* trainee in course */
  char *certification;    /* trainee's, from course */
  char *certification2;   /* trainee2's, no course */
  char *policy;
  char *batch;
  char *subsidy;          /* for certification */
} SchemaFixture;

/* The check character of GB 11643-1999, computed here so the schema tests do
 * not depend on the C implementation they are compared against elsewhere. */
static char *
make_id_number (const char *first17)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  g_assert_cmpuint (strlen (first17), ==, 17);
  for (guint i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];

  return g_strdup_printf ("%s%c", first17, "10X98765432"[sum % 11]);
}

static PGresult *
exec_va (PGconn     *conn,
         const char *sql,
         int         n_params,
         va_list     args)
{
  const char *params[16];

  g_assert_cmpint (n_params, <=, (int) G_N_ELEMENTS (params));
  for (int i = 0; i < n_params; i++)
    params[i] = va_arg (args, const char *);

  return PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
}

/* Runs @sql, which must succeed; returns the first column of the first row
 * (or NULL when there is none). */
static char *
run (SchemaFixture *f,
     const char    *sql,
     int            n_params,
     ...)
{
  g_autoptr(PGresult) res = NULL;
  va_list args;

  va_start (args, n_params);
  res = exec_va (f->conn, sql, n_params, args);
  va_end (args);

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s\nfailed: %s", sql, PQresultErrorMessage (res));

  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    return g_strdup (PQgetvalue (res, 0, 0));

  return NULL;
}

static void
check_failure (SchemaFixture      *f,
               const PGresult     *res,
               const char         *sql,
               const char         *sqlstate,
               const char * const *constraints,
               const char         *column)
{
  const char *got_state = PQresultErrorField (res, PG_DIAG_SQLSTATE);
  const char *got_constraint = PQresultErrorField (res, PG_DIAG_CONSTRAINT_NAME);
  g_autoptr(GError) error = NULL;

  /* A wrong outcome fails this test but lets the others run. */
  if (PQresultStatus (res) != PGRES_FATAL_ERROR)
    {
      g_test_message ("FAILED: %s -- succeeded", sql);
      g_test_fail_printf ("%s -- succeeded, expected SQLSTATE %s (%s)", sql, sqlstate,
                          constraints != NULL ? constraints[0] : column != NULL ? column : "no constraint");
      return;
    }

  g_test_message ("%s -> %s %s: %s", sql, got_state, got_constraint != NULL ? got_constraint : "(none)",
                  PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY));

  if (g_strcmp0 (got_state, sqlstate) != 0
      || (constraints != NULL && (got_constraint == NULL || !g_strv_contains (constraints, got_constraint)))
      || (constraints == NULL && got_constraint != NULL))
    {
      g_test_message ("FAILED: %s -- wrong SQLSTATE or constraint", sql);
      g_test_fail_printf ("%s -- failed with SQLSTATE %s on %s (\"%s\"), expected SQLSTATE %s on %s",
                          sql, got_state, got_constraint != NULL ? got_constraint : "no constraint",
                          PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY), sqlstate,
                          constraints != NULL ? constraints[0] : "no constraint");
      return;
    }

  if (constraints != NULL)
    g_hash_table_add (exercised, g_strdup (got_constraint));
  else if (g_str_has_prefix (sqlstate, "23"))
    {
      /* A not-null violation names the column, not a constraint. */
      g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_COLUMN_NAME), ==, column);
    }

  /* The client keeps what it needs to say which rule it was. */
  up_error_set_from_result (&error, f->conn, res);
  g_assert_error (error, UP_ERROR, error->code);
  g_assert_cmpstr (up_error_get_sqlstate (error), ==, sqlstate);
  g_assert_cmpstr (up_error_get_constraint (error), ==, got_constraint);
  if (g_str_equal (sqlstate, "23514"))
    g_assert_cmpint (error->code, ==, UP_ERROR_CHECK);
  else if (g_str_equal (sqlstate, "23505"))
    g_assert_cmpint (error->code, ==, UP_ERROR_UNIQUE);
  else if (g_str_equal (sqlstate, "23503"))
    g_assert_cmpint (error->code, ==, UP_ERROR_FOREIGN_KEY);
  else if (g_str_equal (sqlstate, "23502"))
    g_assert_cmpint (error->code, ==, UP_ERROR_NOT_NULL);
  else if (g_str_has_prefix (sqlstate, "22"))
    g_assert_cmpint (error->code, ==, UP_ERROR_INVALID_INPUT);
}

static void
fails_va (SchemaFixture      *f,
          const char         *sqlstate,
          const char * const *constraints,
          const char         *column,
          const char         *sql,
          int                 n_params,
          va_list             args)
{
  g_autoptr(PGresult) res = NULL;

  g_free (run (f, "SAVEPOINT bad_row", 0));
  res = exec_va (f->conn, sql, n_params, args);
  check_failure (f, res, sql, sqlstate, constraints, column);
  g_free (run (f, "ROLLBACK TO SAVEPOINT bad_row", 0));
}

/* @sql must fail with @sqlstate on @constraint (NULL: no constraint named,
 * as for a bad enum value). */
static void
fails (SchemaFixture *f,
       const char    *sqlstate,
       const char    *constraint,
       const char    *sql,
       int            n_params,
       ...)
{
  const char *constraints[] = { constraint, NULL };
  va_list args;

  va_start (args, n_params);
  fails_va (f, sqlstate, constraint != NULL ? constraints : NULL, NULL, sql, n_params, args);
  va_end (args);
}

/* @sql must fail on one of two constraints: when a row breaks two rules at
 * once, the order in which PostgreSQL checks them is not ours to rely on. */
static void
fails_either (SchemaFixture *f,
              const char    *sqlstate,
              const char    *constraint1,
              const char    *constraint2,
              const char    *sql,
              int            n_params,
              ...)
{
  const char *constraints[] = { constraint1, constraint2, NULL };
  va_list args;

  va_start (args, n_params);
  fails_va (f, sqlstate, constraints, NULL, sql, n_params, args);
  va_end (args);
}

static void
fails_not_null (SchemaFixture *f,
                const char    *column,
                const char    *sql,
                int            n_params,
                ...)
{
  va_list args;

  va_start (args, n_params);
  fails_va (f, "23502", NULL, column, sql, n_params, args);
  va_end (args);
}

static GPtrArray *
list_constraints (PGconn *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  res = up_pg_exec (conn,
                    "SELECT conname FROM pg_constraint "
                    "WHERE contype IN ('c', 'u', 'f') AND connamespace = 'public'::regnamespace "
                    "ORDER BY conname",
                    0, NULL, &error);
  g_assert_no_error (error);

  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (names, g_strdup (PQgetvalue (res, i, 0)));

  return names;
}

/* Fixture ------------------------------------------------------------------ */

static void
schema_fixture_set_up (SchemaFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (migrated_conninfo == NULL)
    migrated_conninfo = up_test_pg_new_migrated ();

  f->conn = up_pg_connect (migrated_conninfo, &error);
  g_assert_no_error (error);

  g_free (run (f, "BEGIN", 0));

  /* A valid row of every table, every NOT NULL column given where the
   * default would not do. */
  f->academy = run (f, "INSERT INTO academies (code, name, level, district, industry) "
                       "VALUES ('CQ-001', '重庆市焊接工匠学院', 'municipal', '渝中区', '制造业') RETURNING id", 0);
  f->academy_b = run (f, "INSERT INTO academies (code, name, level, district) "
                         "VALUES ('YB-002', '渝北区数控工匠学院', 'district', '渝北区') RETURNING id", 0);
  f->major = run (f, "INSERT INTO majors (academy_id, name) VALUES ($1, '焊接') RETURNING id", 1, f->academy);
  f->major_b = run (f, "INSERT INTO majors (academy_id, name) VALUES ($1, '数控加工') RETURNING id", 1, f->academy_b);
  f->course = run (f, "INSERT INTO courses (academy_id, major_id, kind, title, start_date, end_date, hours, capacity, "
                      "                     location, status) "
                      "VALUES ($1, $2, 'skill', '焊工中级班', '2024-03-01', '2024-04-30', 80, 40, '渝中区', 'open') "
                      "RETURNING id", 2, f->academy, f->major);
  f->course_b = run (f, "INSERT INTO courses (academy_id, major_id, kind, title, start_date, end_date, hours, capacity) "
                        "VALUES ($1, $2, 'skill', '数控车工高级班', '2024-05-01', '2024-06-30', 120, 30) "
                        "RETURNING id", 2, f->academy_b, f->major_b);

  f->id_number = make_id_number ("50010319900307123");
  f->id_number2 = make_id_number ("50011219851120234");
  f->trainee = run (f, "INSERT INTO trainees (academy_id, id_number, name, phone, employer, industry, union_member, "
                       "                      education, skill_level) "
                       "VALUES ($1, $2, '张三', '13800138000', '重庆钢铁', '制造业', true, 'secondary', 5) "
                       "RETURNING id", 2, f->academy, f->id_number);
  f->trainee2 = run (f, "INSERT INTO trainees (academy_id, id_number, name) VALUES ($1, $2, '李四') RETURNING id",
                     2, f->academy, f->id_number2);

  f->enrollment = run (f, "INSERT INTO enrollments (academy_id, course_id, trainee_id, attended_hours) "
                          "VALUES ($1, $2, $3, 64) RETURNING id", 3, f->academy, f->course, f->trainee);
  f->policy = run (f, "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from, valid_to) "
                      "VALUES ('中级工取证补助', 'skill_level', 4, 150000, '2024-01-01', '2025-12-31') "
                      "RETURNING id", 0);
  f->certification = run (f, "INSERT INTO certifications (academy_id, trainee_id, course_id, kind, occupation, "
                             "  skill_level, certificate_no, issuing_body, issued_on) "
                             "VALUES ($1, $2, $3, 'skill_level', '焊工', 4, 'S000001', '重庆市职业技能鉴定中心', "
                             "        '2024-05-10') RETURNING id", 3, f->academy, f->trainee, f->course);
  f->certification2 = run (f, "INSERT INTO certifications (academy_id, trainee_id, kind, occupation, "
                              "  academic_level, academic_route, certificate_no, issuing_body, issued_on) "
                              "VALUES ($1, $2, 'academic_degree', '机械制造', 'junior_college', 'adult_exam', "
                              "        'D000001', '重庆开放大学', '2024-07-01') RETURNING id", 2,
                              f->academy, f->trainee2);
  /* Recording a certificate computes its claim (0004); these tests of the
   * table's own constraints make their claim by hand. */
  g_free (run (f, "DELETE FROM subsidies", 0));
  f->batch = run (f, "INSERT INTO payment_batches (name, fund, budget_fen, notice_from, notice_to) "
                     "VALUES ('2024年第一批', 'special', 20000000, '2024-06-01', '2024-06-07') RETURNING id", 0);
  f->subsidy = run (f, "INSERT INTO subsidies (academy_id, trainee_id, certification_id, policy_id, amount_fen) "
                       "VALUES ($1, $2, $3, $4, 150000) RETURNING id", 4,
                       f->academy, f->trainee, f->certification, f->policy);
}

static void
schema_fixture_tear_down (SchemaFixture *f,
                          gconstpointer  data)
{
  up_pg_rollback (f->conn);
  g_clear_pointer (&f->conn, PQfinish);
  g_free (f->academy);
  g_free (f->academy_b);
  g_free (f->major);
  g_free (f->major_b);
  g_free (f->course);
  g_free (f->course_b);
  g_free (f->trainee);
  g_free (f->trainee2);
  g_free (f->id_number);
  g_free (f->id_number2);
  g_free (f->enrollment);
  g_free (f->certification);
  g_free (f->certification2);
  g_free (f->policy);
  g_free (f->batch);
  g_free (f->subsidy);
}

/* Academies ---------------------------------------------------------------- */

static void
test_academies_rejects_bad_code (SchemaFixture *f,
                                 gconstpointer  data)
{
  static const char *bad[] = { "cq-003", "CQ 003", "-CQ", "C", "CQ_003", "CQ-0000000000000000003", "" };
  const char *sql = "INSERT INTO academies (code, name, level, district) VALUES ($1, '新学院', 'industry', '綦江区')";

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    fails (f, "23514", "academies_code_format", sql, 1, bad[i]);

  g_free (run (f, sql, 1, "QJ-003"));
}

static void
test_academies_rejects_duplicate_code (SchemaFixture *f,
                                       gconstpointer  data)
{
  fails (f, "23505", "academies_code_key",
         "INSERT INTO academies (code, name, level, district) VALUES ('CQ-001', '新学院', 'industry', '綦江区')", 0);
}

static void
test_academies_rejects_duplicate_name (SchemaFixture *f,
                                       gconstpointer  data)
{
  fails (f, "23505", "academies_name_key",
         "INSERT INTO academies (code, name, level, district) "
         "VALUES ('QJ-003', '重庆市焊接工匠学院', 'industry', '綦江区')", 0);
}

static void
test_academies_rejects_blank_name_and_district (SchemaFixture *f,
                                                gconstpointer  data)
{
  const char *sql = "INSERT INTO academies (code, name, level, district) VALUES ('QJ-003', $1, 'industry', $2)";

  fails (f, "23514", "academies_name_present", sql, 2, "  ", "綦江区");
  fails (f, "23514", "academies_district_present", sql, 2, "綦江区工匠学院", "");
  fails_not_null (f, "name", sql, 2, NULL, "綦江区");
  fails_not_null (f, "district", sql, 2, "綦江区工匠学院", NULL);
}

static void
test_academies_rejects_unknown_level (SchemaFixture *f,
                                      gconstpointer  data)
{
  fails (f, "22P02", NULL,
         "INSERT INTO academies (code, name, level, district) VALUES ('QJ-003', '綦江区工匠学院', 'national', '綦江区')", 0);
}

static void
test_academies_rejects_deleting_one_in_use (SchemaFixture *f,
                                            gconstpointer  data)
{
  g_autofree char *academy = run (f, "INSERT INTO academies (code, name, level, district) "
                                     "VALUES ('QJ-003', '綦江区工匠学院', 'industry', '綦江区') RETURNING id", 0);

  g_free (run (f, "INSERT INTO majors (academy_id, name) VALUES ($1, '电工')", 1, academy));
  fails (f, "23503", "majors_academy_id_fkey", "DELETE FROM academies WHERE id = $1", 1, academy);
}

/* Majors -------------------------------------------------------------------- */

static void
test_majors_rejects_unknown_academy (SchemaFixture *f,
                                     gconstpointer  data)
{
  fails (f, "23503", "majors_academy_id_fkey", "INSERT INTO majors (academy_id, name) VALUES (0, '电工')", 0);
}

static void
test_majors_rejects_blank_name (SchemaFixture *f,
                                gconstpointer  data)
{
  fails (f, "23514", "majors_name_present", "INSERT INTO majors (academy_id, name) VALUES ($1, ' ')", 1, f->academy);
}

static void
test_majors_rejects_duplicate_name_in_one_academy (SchemaFixture *f,
                                                   gconstpointer  data)
{
  fails (f, "23505", "majors_name_unique", "INSERT INTO majors (academy_id, name) VALUES ($1, '焊接')", 1, f->academy);
  /* Another academy may teach a major of the same name. */
  g_free (run (f, "INSERT INTO majors (academy_id, name) VALUES ($1, '焊接')", 1, f->academy_b));
}

/* Courses ------------------------------------------------------------------- */

#define INSERT_COURSE \
  "INSERT INTO courses (academy_id, major_id, kind, title, start_date, end_date, hours, capacity) " \
  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"

static void
test_courses_rejects_end_before_start (SchemaFixture *f,
                                       gconstpointer  data)
{
  fails (f, "23514", "courses_dates_ordered", INSERT_COURSE, 8,
         f->academy, f->major, "skill", "焊工初级班", "2024-03-01", "2024-02-29", "40", "30");
  fails (f, "23514", "courses_dates_ordered", "UPDATE courses SET end_date = start_date - 1 WHERE id = $1", 1, f->course);
  /* A one-day course is fine. */
  g_free (run (f, INSERT_COURSE, 8, f->academy, f->major, "safety", "焊工安全一日班", "2024-03-01", "2024-03-01", "8", "30"));
}

static void
test_courses_rejects_hours_not_positive (SchemaFixture *f,
                                         gconstpointer  data)
{
  fails (f, "23514", "courses_hours_positive", INSERT_COURSE, 8,
         f->academy, f->major, "skill", "焊工初级班", "2024-03-01", "2024-03-31", "0", "30");
  fails (f, "23514", "courses_hours_positive", INSERT_COURSE, 8,
         f->academy, f->major, "skill", "焊工初级班", "2024-03-01", "2024-03-31", "-1.5", "30");
}

static void
test_courses_rejects_capacity_not_positive (SchemaFixture *f,
                                            gconstpointer  data)
{
  fails (f, "23514", "courses_capacity_positive", INSERT_COURSE, 8,
         f->academy, f->major, "skill", "焊工初级班", "2024-03-01", "2024-03-31", "40", "0");
  fails (f, "23514", "courses_capacity_positive", "UPDATE courses SET capacity = -5 WHERE id = $1", 1, f->course);
}

static void
test_courses_rejects_blank_title (SchemaFixture *f,
                                  gconstpointer  data)
{
  fails (f, "23514", "courses_title_present", INSERT_COURSE, 8,
         f->academy, f->major, "skill", "   ", "2024-03-01", "2024-03-31", "40", "30");
}

static void
test_courses_rejects_major_of_another_academy (SchemaFixture *f,
                                               gconstpointer  data)
{
  fails (f, "23503", "courses_major_fkey", INSERT_COURSE, 8,
         f->academy, f->major_b, "skill", "数控车工班", "2024-03-01", "2024-03-31", "40", "30");
  fails (f, "23503", "courses_major_fkey", "UPDATE courses SET major_id = $1 WHERE id = $2", 2, f->major_b, f->course);
}

static void
test_courses_rejects_unknown_academy (SchemaFixture *f,
                                      gconstpointer  data)
{
  /* No major belongs to an academy that does not exist: both keys apply. */
  fails_either (f, "23503", "courses_academy_id_fkey", "courses_major_fkey", INSERT_COURSE, 8,
                "0", f->major, "skill", "焊工初级班", "2024-03-01", "2024-03-31", "40", "30");
}

static void
test_courses_rejects_unknown_kind_and_status (SchemaFixture *f,
                                              gconstpointer  data)
{
  fails (f, "22P02", NULL, INSERT_COURSE, 8,
         f->academy, f->major, "hobby", "焊工初级班", "2024-03-01", "2024-03-31", "40", "30");
  fails (f, "22P02", NULL, "UPDATE courses SET status = 'postponed' WHERE id = $1", 1, f->course);
  fails_not_null (f, "kind", INSERT_COURSE, 8,
                  f->academy, f->major, NULL, "焊工初级班", "2024-03-01", "2024-03-31", "40", "30");
}

/* Trainees ------------------------------------------------------------------ */

#define INSERT_TRAINEE "INSERT INTO trainees (academy_id, id_number, name) VALUES ($1, $2, $3)"

static void
test_trainees_rejects_bad_id_number (SchemaFixture *f,
                                     gconstpointer  data)
{
  g_autofree char *good = make_id_number ("50011019920815004");
  g_autofree char *bad_check = g_strdup (good);
  g_autofree char *bad_region = make_id_number ("99011019920815004");
  g_autofree char *leap_1999 = make_id_number ("50011019990229004");
  g_autofree char *leap_1900 = make_id_number ("50011019000229004");
  g_autofree char *month_13 = make_id_number ("50011019921315004");
  g_autofree char *day_32 = make_id_number ("50011019920132004");
  g_autofree char *day_0 = make_id_number ("50011019920100004");
  g_autofree char *year_1899 = make_id_number ("50011018991231004");
  g_autofree char *too_long = g_strconcat (good, "1", NULL);
  g_autofree char *too_short = g_strndup (good, 17);
  const char *bad[] = {
    bad_check, bad_region, leap_1999, leap_1900, month_13, day_32, day_0, year_1899,
    too_long, too_short, "5001101992081500A4", "50011019920815004Y", "", "身份证号码",
  };

  bad_check[17] = bad_check[17] == '0' ? '1' : '0';

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    fails (f, "23514", "trainees_id_number_valid", INSERT_TRAINEE, 3, f->academy, bad[i], "王五");

  fails (f, "23514", "trainees_id_number_valid", "UPDATE trainees SET id_number = $1 WHERE id = $2", 2,
         bad_check, f->trainee);
  fails_not_null (f, "id_number", INSERT_TRAINEE, 3, f->academy, NULL, "王五");

  g_free (run (f, INSERT_TRAINEE, 3, f->academy, good, "王五"));
}

static void
test_trainees_accepts_leap_day (SchemaFixture *f,
                                gconstpointer  data)
{
  g_autofree char *leap_2000 = make_id_number ("50011020000229004");
  g_autofree char *birth = NULL;

  g_free (run (f, INSERT_TRAINEE, 3, f->academy, leap_2000, "王五"));
  birth = run (f, "SELECT birth_date FROM trainees WHERE id_number = $1", 1, leap_2000);
  g_assert_cmpstr (birth, ==, "2000-02-29");
}

static void
test_trainees_normalizes_id_number (SchemaFixture *f,
                                    gconstpointer  data)
{
  g_autofree char *with_x = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *spaced = NULL;
  g_autofree char *stored = NULL;
  char first17[18];

  /* Find a sequence number whose check character is X. */
  for (int seq = 0; with_x == NULL && seq < 1000; seq++)
    {
      g_autofree char *candidate = NULL;

      g_snprintf (first17, sizeof first17, "50011219881008%03d", seq);
      candidate = make_id_number (first17);
      if (candidate[17] == 'X')
        with_x = g_steal_pointer (&candidate);
    }
  g_assert_nonnull (with_x);

  lower = g_ascii_strdown (with_x, -1);
  spaced = g_strdup_printf ("  %s ", lower);

  stored = run (f, "INSERT INTO trainees (academy_id, id_number, name) VALUES ($1, $2, ' 赵六 ') "
                   "RETURNING id_number", 2, f->academy, spaced);
  g_assert_cmpstr (stored, ==, with_x);
  g_clear_pointer (&stored, g_free);
  stored = run (f, "SELECT name FROM trainees WHERE id_number = $1", 1, with_x);
  g_assert_cmpstr (stored, ==, "赵六");

  /* The same person written the other way is the same person. */
  fails (f, "23505", "trainees_id_number_unique", INSERT_TRAINEE, 3, f->academy, with_x, "赵六");
}

static void
test_trainees_rejects_duplicate_id_number (SchemaFixture *f,
                                           gconstpointer  data)
{
  fails (f, "23505", "trainees_id_number_unique", INSERT_TRAINEE, 3, f->academy_b, f->id_number, "张三");
  fails (f, "23505", "trainees_id_number_unique", "UPDATE trainees SET id_number = $1 WHERE id = $2", 2,
         f->id_number, f->trainee2);
}

static void
test_trainees_rejects_birth_date_in_future (SchemaFixture *f,
                                            gconstpointer  data)
{
  g_autofree char *future = make_id_number ("50010320900101001");
  g_autofree char *next_year = NULL;
  g_autofree char *first17 = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  fails (f, "23514", "trainees_birth_date_past", INSERT_TRAINEE, 3, f->academy, future, "王五");
  fails (f, "23514", "trainees_birth_date_past", "UPDATE trainees SET id_number = $1 WHERE id = $2", 2,
         future, f->trainee);

  first17 = g_strdup_printf ("500103%04d0101001", g_date_time_get_year (now) + 1);
  next_year = make_id_number (first17);
  fails (f, "23514", "trainees_birth_date_past", INSERT_TRAINEE, 3, f->academy, next_year, "王五");
}

static void
test_trainees_rejects_bad_phone (SchemaFixture *f,
                                 gconstpointer  data)
{
  static const char *bad[] = {
    "12800138000", "1380013800", "138001380001", "1380013800a", "+8613800138000", "138 0013 8000", "",
  };
  const char *sql = "UPDATE trainees SET phone = $1 WHERE id = $2";

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    fails (f, "23514", "trainees_phone_valid", sql, 2, bad[i], f->trainee);

  g_free (run (f, sql, 2, "19912345678", f->trainee));
  g_free (run (f, sql, 2, NULL, f->trainee));
}

static void
test_trainees_rejects_blank_or_long_name (SchemaFixture *f,
                                          gconstpointer  data)
{
  g_autoptr(GString) long_name = g_string_new (NULL);

  for (int i = 0; i < 101; i++)
    g_string_append (long_name, "王");

  fails (f, "23514", "trainees_name_present", "UPDATE trainees SET name = '   ' WHERE id = $1", 1, f->trainee);
  fails (f, "23514", "trainees_name_present", "UPDATE trainees SET name = $1 WHERE id = $2", 2,
         long_name->str, f->trainee);
  fails_not_null (f, "name", "UPDATE trainees SET name = NULL WHERE id = $1", 1, f->trainee);

  /* 100 characters, not bytes. */
  g_string_truncate (long_name, 100 * strlen ("王"));
  g_free (run (f, "UPDATE trainees SET name = $1 WHERE id = $2", 2, long_name->str, f->trainee));
}

static void
test_trainees_rejects_bad_skill_level (SchemaFixture *f,
                                       gconstpointer  data)
{
  fails (f, "23514", "trainees_skill_level_range", "UPDATE trainees SET skill_level = 0 WHERE id = $1", 1, f->trainee);
  fails (f, "23514", "trainees_skill_level_range", "UPDATE trainees SET skill_level = 6 WHERE id = $1", 1, f->trainee);
  fails (f, "22P02", NULL, "UPDATE trainees SET education = 'doctorate' WHERE id = $1", 1, f->trainee);
}

static void
test_trainees_rejects_unknown_academy (SchemaFixture *f,
                                       gconstpointer  data)
{
  g_autofree char *id_number = make_id_number ("50010319700101001");

  fails (f, "23503", "trainees_academy_id_fkey", INSERT_TRAINEE, 3, "0", id_number, "王五");
}

static void
test_trainees_computes_birth_date_and_gender (SchemaFixture *f,
                                              gconstpointer  data)
{
  g_autofree char *birth = run (f, "SELECT birth_date FROM trainees WHERE id = $1", 1, f->trainee);
  g_autofree char *male = run (f, "SELECT is_male FROM trainees WHERE id = $1", 1, f->trainee);
  g_autofree char *birth2 = run (f, "SELECT birth_date FROM trainees WHERE id = $1", 1, f->trainee2);
  g_autofree char *male2 = run (f, "SELECT is_male FROM trainees WHERE id = $1", 1, f->trainee2);
  g_autofree char *changed = make_id_number ("50010319780615002");
  g_autofree char *birth3 = NULL;
  g_autofree char *male3 = NULL;

  g_assert_cmpstr (birth, ==, "1990-03-07");
  g_assert_cmpstr (male, ==, "t");
  g_assert_cmpstr (birth2, ==, "1985-11-20");
  g_assert_cmpstr (male2, ==, "f");

  /* They follow a corrected number. */
  g_free (run (f, "UPDATE trainees SET id_number = $1 WHERE id = $2", 2, changed, f->trainee));
  birth3 = run (f, "SELECT birth_date FROM trainees WHERE id = $1", 1, f->trainee);
  male3 = run (f, "SELECT is_male FROM trainees WHERE id = $1", 1, f->trainee);
  g_assert_cmpstr (birth3, ==, "1978-06-15");
  g_assert_cmpstr (male3, ==, "f");

  /* Nobody writes them by hand. */
  fails (f, "428C9", NULL, "UPDATE trainees SET birth_date = '2000-01-01' WHERE id = $1", 1, f->trainee);
}

/* Enrollments --------------------------------------------------------------- */

#define INSERT_ENROLLMENT \
  "INSERT INTO enrollments (academy_id, course_id, trainee_id, status, waitlist_position) " \
  "VALUES ($1, $2, $3, $4, $5)"

static void
test_enrollments_rejects_second_in_course (SchemaFixture *f,
                                           gconstpointer  data)
{
  fails (f, "23505", "enrollments_once_per_course", INSERT_ENROLLMENT, 5,
         f->academy, f->course, f->trainee, "enrolled", NULL);
  /* Even after withdrawing: the row is updated, not added again. */
  g_free (run (f, "UPDATE enrollments SET status = 'withdrawn' WHERE id = $1", 1, f->enrollment));
  fails (f, "23505", "enrollments_once_per_course", INSERT_ENROLLMENT, 5,
         f->academy, f->course, f->trainee, "enrolled", NULL);
  g_free (run (f, INSERT_ENROLLMENT, 5, f->academy_b, f->course_b, f->trainee, "enrolled", NULL));
}

static void
test_enrollments_rejects_course_of_another_academy (SchemaFixture *f,
                                                    gconstpointer  data)
{
  fails (f, "23503", "enrollments_course_fkey", INSERT_ENROLLMENT, 5,
         f->academy_b, f->course, f->trainee2, "enrolled", NULL);
  fails (f, "23503", "enrollments_course_fkey", INSERT_ENROLLMENT, 5,
         f->academy, "0", f->trainee2, "enrolled", NULL);
  fails (f, "23503", "enrollments_course_fkey", "UPDATE enrollments SET academy_id = $1 WHERE id = $2", 2,
         f->academy_b, f->enrollment);
}

static void
test_enrollments_rejects_unknown_trainee (SchemaFixture *f,
                                          gconstpointer  data)
{
  g_autofree char *id_number = make_id_number ("50010319700101001");
  g_autofree char *trainee = NULL;

  fails (f, "23503", "enrollments_trainee_id_fkey", INSERT_ENROLLMENT, 5,
         f->academy, f->course, "0", "enrolled", NULL);

  /* Nor can an enrolled trainee be deleted. */
  trainee = run (f, INSERT_TRAINEE " RETURNING id", 3, f->academy, id_number, "王五");
  g_free (run (f, INSERT_ENROLLMENT, 5, f->academy, f->course, trainee, "enrolled", NULL));
  fails (f, "23503", "enrollments_trainee_id_fkey", "DELETE FROM trainees WHERE id = $1", 1, trainee);
}

static void
test_enrollments_rejects_waitlist_mismatch (SchemaFixture *f,
                                            gconstpointer  data)
{
  fails (f, "23514", "enrollments_waitlist_position", INSERT_ENROLLMENT, 5,
         f->academy, f->course, f->trainee2, "waitlisted", NULL);
  fails (f, "23514", "enrollments_waitlist_position", INSERT_ENROLLMENT, 5,
         f->academy, f->course, f->trainee2, "enrolled", "3");
  fails (f, "23514", "enrollments_waitlist_position",
         "UPDATE enrollments SET status = 'waitlisted' WHERE id = $1", 1, f->enrollment);
  g_free (run (f, INSERT_ENROLLMENT, 5, f->academy, f->course, f->trainee2, "waitlisted", "1"));
}

static void
test_enrollments_rejects_completed_without_pass (SchemaFixture *f,
                                                 gconstpointer  data)
{
  const char *sql = "UPDATE enrollments SET status = 'completed', passed = $1, completed_at = $2 WHERE id = $3";

  fails (f, "23514", "enrollments_completed_passed", sql, 3, "false", "2024-04-30 17:00+08", f->enrollment);
  fails (f, "23514", "enrollments_completed_passed", sql, 3, "true", NULL, f->enrollment);
  /* Not knowing whether the trainee passed is not having passed. */
  fails (f, "23514", "enrollments_completed_passed", sql, 3, NULL, "2024-04-30 17:00+08", f->enrollment);
  g_free (run (f, sql, 3, "true", "2024-04-30 17:00+08", f->enrollment));
}

static void
test_enrollments_rejects_negative_hours (SchemaFixture *f,
                                         gconstpointer  data)
{
  fails (f, "23514", "enrollments_hours_nonnegative",
         "UPDATE enrollments SET attended_hours = -0.5 WHERE id = $1", 1, f->enrollment);
  fails (f, "22P02", NULL, "UPDATE enrollments SET status = 'dropped' WHERE id = $1", 1, f->enrollment);
}

/* Certifications ------------------------------------------------------------ */

#define INSERT_CERTIFICATION \
  "INSERT INTO certifications (academy_id, trainee_id, course_id, kind, occupation, skill_level, academic_level, " \
  "                            certificate_no, issuing_body, issued_on) " \
  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '2024-06-01')"

static void
test_certifications_rejects_level_not_fitting_kind (SchemaFixture *f,
                                                    gconstpointer  data)
{
  static const struct {
    const char *kind;
    const char *skill_level;
    const char *academic_level;
    gboolean ok;
  } cases[] = {
    { "skill_level", NULL, NULL, FALSE },
    { "skill_level", "3", "bachelor", FALSE },
    { "skill_level", NULL, "bachelor", FALSE },
    { "skill_level", "3", NULL, TRUE },
    { "academic_degree", NULL, NULL, FALSE },
    { "academic_degree", "3", "bachelor", FALSE },
    { "academic_degree", "3", NULL, FALSE },
    { "academic_degree", NULL, "bachelor", TRUE },
    { "special_operation", NULL, "bachelor", FALSE },
    { "special_operation", NULL, NULL, TRUE },
    { "special_ability", NULL, "secondary", FALSE },
    { "special_ability", NULL, NULL, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *number = g_strdup_printf ("K%04u", i);

      if (cases[i].ok)
        g_free (run (f, INSERT_CERTIFICATION, 9, f->academy, f->trainee2, NULL, cases[i].kind, "电工",
                     cases[i].skill_level, cases[i].academic_level, number, "重庆市职业技能鉴定中心"));
      else
        fails (f, "23514", "certifications_level_fits_kind", INSERT_CERTIFICATION, 9,
               f->academy, f->trainee2, NULL, cases[i].kind, "电工",
               cases[i].skill_level, cases[i].academic_level, number, "重庆市职业技能鉴定中心");
    }
}

static void
test_certifications_rejects_duplicate_number (SchemaFixture *f,
                                              gconstpointer  data)
{
  fails (f, "23505", "certifications_number_unique", INSERT_CERTIFICATION, 9,
         f->academy, f->trainee2, NULL, "skill_level", "焊工", "4", NULL, "S000001", "重庆市职业技能鉴定中心");
  /* Another body may use the same number. */
  g_free (run (f, INSERT_CERTIFICATION, 9,
               f->academy, f->trainee2, NULL, "skill_level", "焊工", "4", NULL, "S000001", "重庆市人力资源和社会保障局"));
}

static void
test_certifications_rejects_blank_fields (SchemaFixture *f,
                                          gconstpointer  data)
{
  fails (f, "23514", "certifications_occupation_present", INSERT_CERTIFICATION, 9,
         f->academy, f->trainee2, NULL, "skill_level", " ", "4", NULL, "S000002", "重庆市职业技能鉴定中心");
  fails (f, "23514", "certifications_number_present", INSERT_CERTIFICATION, 9,
         f->academy, f->trainee2, NULL, "skill_level", "焊工", "4", NULL, "", "重庆市职业技能鉴定中心");
  fails (f, "23514", "certifications_issuer_present", INSERT_CERTIFICATION, 9,
         f->academy, f->trainee2, NULL, "skill_level", "焊工", "4", NULL, "S000002", "  ");
  fails_not_null (f, "certificate_no", INSERT_CERTIFICATION, 9,
                  f->academy, f->trainee2, NULL, "skill_level", "焊工", "4", NULL, NULL, "重庆市职业技能鉴定中心");
  fails_not_null (f, "issued_on", "UPDATE certifications SET issued_on = NULL WHERE id = $1", 1, f->certification);
}

static void
test_certifications_rejects_bad_skill_level (SchemaFixture *f,
                                             gconstpointer  data)
{
  fails (f, "23514", "certifications_skill_level_range", INSERT_CERTIFICATION, 9,
         f->academy, f->trainee2, NULL, "skill_level", "焊工", "0", NULL, "S000002", "重庆市职业技能鉴定中心");
  fails (f, "23514", "certifications_skill_level_range", INSERT_CERTIFICATION, 9,
         f->academy, f->trainee2, NULL, "skill_level", "焊工", "6", NULL, "S000002", "重庆市职业技能鉴定中心");
  fails (f, "22P02", NULL, INSERT_CERTIFICATION, 9,
         f->academy, f->trainee2, NULL, "diploma", "焊工", NULL, NULL, "S000002", "重庆市职业技能鉴定中心");
}

static void
test_certifications_rejects_course_of_another_academy (SchemaFixture *f,
                                                       gconstpointer  data)
{
  fails (f, "23503", "certifications_course_fkey", INSERT_CERTIFICATION, 9,
         f->academy_b, f->trainee2, f->course, "skill_level", "焊工", "4", NULL, "S000002", "重庆市职业技能鉴定中心");
  g_free (run (f, INSERT_CERTIFICATION, 9,
               f->academy_b, f->trainee2, f->course_b, "skill_level", "数控车工", "3", NULL, "S000002",
               "重庆市职业技能鉴定中心"));
}

static void
test_certifications_rejects_unknown_trainee_or_academy (SchemaFixture *f,
                                                       gconstpointer  data)
{
  fails (f, "23503", "certifications_trainee_id_fkey", INSERT_CERTIFICATION, 9,
         f->academy, "0", NULL, "skill_level", "焊工", "4", NULL, "S000002", "重庆市职业技能鉴定中心");
  fails (f, "23503", "certifications_academy_id_fkey", INSERT_CERTIFICATION, 9,
         "0", f->trainee2, NULL, "skill_level", "焊工", "4", NULL, "S000002", "重庆市职业技能鉴定中心");
  /* A trainee with certificates stays. */
  fails (f, "23503", "certifications_trainee_id_fkey", "DELETE FROM trainees WHERE id = $1", 1, f->trainee2);
}

/* Subsidy policies and payment batches -------------------------------------- */

#define INSERT_POLICY \
  "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from, valid_to) " \
  "VALUES ($1, 'skill_level', $2, $3, $4, $5)"

static void
test_policies_rejects_bad_values (SchemaFixture *f,
                                  gconstpointer  data)
{
  fails (f, "23514", "subsidy_policies_amount_nonnegative", INSERT_POLICY, 5,
         "高级工取证补助", "3", "-1", "2024-01-01", NULL);
  fails (f, "23514", "subsidy_policies_name_present", INSERT_POLICY, 5,
         " ", "3", "200000", "2024-01-01", NULL);
  fails (f, "23514", "subsidy_policies_skill_level_range", INSERT_POLICY, 5,
         "高级工取证补助", "9", "200000", "2024-01-01", NULL);
  fails (f, "23514", "subsidy_policies_dates_ordered", INSERT_POLICY, 5,
         "高级工取证补助", "3", "200000", "2024-01-01", "2023-12-31");
  fails_not_null (f, "amount_fen", INSERT_POLICY, 5,
                  "高级工取证补助", "3", NULL, "2024-01-01", NULL);
  /* Fen are whole: a fraction of a fen is no amount. */
  fails (f, "22P02", NULL, INSERT_POLICY, 5,
         "高级工取证补助", "3", "1500.5", "2024-01-01", NULL);
  g_free (run (f, INSERT_POLICY, 5, "高级工取证补助", "3", "0", "2024-01-01", "2024-01-01"));
  /* One amount for a kind and level on any day (0004). */
  fails (f, "23P01", "subsidy_policies_no_overlap", INSERT_POLICY, 5,
         "高级工取证补助", "3", "100", "2023-06-01", "2024-01-01");
  fails (f, "23P01", "subsidy_policies_no_overlap", INSERT_POLICY, 5,
         "中级工取证补助", "4", "100", "2025-12-31", NULL);
  g_free (run (f, INSERT_POLICY, 5, "中级工取证补助", "4", "180000", "2026-01-01", NULL));
}

static void
test_batches_rejects_bad_values (SchemaFixture *f,
                                 gconstpointer  data)
{
  const char *sql = "INSERT INTO payment_batches (name, fund, budget_fen, notice_from, notice_to) "
                    "VALUES ($1, 'special', $2, $3, $4)";

  fails (f, "23505", "payment_batches_name_key", sql, 4, "2024年第一批", NULL, NULL, NULL);
  fails (f, "23514", "payment_batches_name_present", sql, 4, "", NULL, NULL, NULL);
  fails (f, "23514", "payment_batches_budget_nonnegative", sql, 4, "2024年第二批", "-1", NULL, NULL);
  fails (f, "23514", "payment_batches_notice_ordered", sql, 4, "2024年第二批", NULL, "2024-06-07", "2024-06-01");
  fails (f, "22P02", NULL, "UPDATE payment_batches SET state = 'cancelled' WHERE id = $1", 1, f->batch);
}

/* Subsidies ----------------------------------------------------------------- */

#define INSERT_SUBSIDY \
  "INSERT INTO subsidies (academy_id, trainee_id, certification_id, policy_id, batch_id, amount_fen) " \
  "VALUES ($1, $2, $3, $4, $5, $6)"

static void
test_subsidies_rejects_second_claim (SchemaFixture *f,
                                     gconstpointer  data)
{
  fails (f, "23505", "subsidies_once_per_certification", INSERT_SUBSIDY, 6,
         f->academy, f->trainee, f->certification, f->policy, NULL, "150000");
  /* Not even after a rejection: the claim is reopened, not made again. */
  g_free (run (f, "UPDATE subsidies SET state = 'rejected', reason = '证书未核验' WHERE id = $1", 1, f->subsidy));
  fails (f, "23505", "subsidies_once_per_certification", INSERT_SUBSIDY, 6,
         f->academy, f->trainee, f->certification, f->policy, NULL, "150000");
}

static void
test_subsidies_rejects_negative_amount (SchemaFixture *f,
                                        gconstpointer  data)
{
  fails (f, "23514", "subsidies_amount_nonnegative", INSERT_SUBSIDY, 6,
         f->academy, f->trainee2, f->certification2, NULL, NULL, "-1");
  fails (f, "23514", "subsidies_amount_nonnegative", "UPDATE subsidies SET amount_fen = -150000 WHERE id = $1", 1,
         f->subsidy);
  fails_not_null (f, "amount_fen", INSERT_SUBSIDY, 6, f->academy, f->trainee2, f->certification2, NULL, NULL, NULL);
}

static void
test_subsidies_rejects_certification_of_another_trainee (SchemaFixture *f,
                                                         gconstpointer  data)
{
  fails (f, "23503", "subsidies_certification_fkey", INSERT_SUBSIDY, 6,
         f->academy, f->trainee, f->certification2, NULL, NULL, "300000");
  fails (f, "23503", "subsidies_certification_fkey", INSERT_SUBSIDY, 6,
         f->academy, f->trainee2, "0", NULL, NULL, "300000");
  /* A certificate with a claim stays. */
  fails (f, "23503", "subsidies_certification_fkey", "DELETE FROM certifications WHERE id = $1", 1, f->certification);
}

static void
test_subsidies_rejects_unknown_references (SchemaFixture *f,
                                           gconstpointer  data)
{
  fails (f, "23503", "subsidies_academy_id_fkey", INSERT_SUBSIDY, 6,
         "0", f->trainee2, f->certification2, NULL, NULL, "300000");
  fails (f, "23503", "subsidies_policy_id_fkey", INSERT_SUBSIDY, 6,
         f->academy, f->trainee2, f->certification2, "0", NULL, "300000");
  fails (f, "23503", "subsidies_batch_id_fkey", INSERT_SUBSIDY, 6,
         f->academy, f->trainee2, f->certification2, NULL, "0", "300000");
  fails (f, "22P02", NULL, "UPDATE subsidies SET state = 'cancelled' WHERE id = $1", 1, f->subsidy);
}

static void
test_subsidies_rejects_rejection_without_reason (SchemaFixture *f,
                                                 gconstpointer  data)
{
  const char *sql = "UPDATE subsidies SET state = 'rejected', reason = $1 WHERE id = $2";

  fails (f, "23514", "subsidies_rejected_has_reason", sql, 2, NULL, f->subsidy);
  fails (f, "23514", "subsidies_rejected_has_reason", sql, 2, "  ", f->subsidy);
  g_free (run (f, sql, 2, "证书编号与鉴定中心记录不符", f->subsidy));
}

static void
test_subsidies_rejects_payment_without_batch (SchemaFixture *f,
                                              gconstpointer  data)
{
  const char *sql = "UPDATE subsidies SET state = $1, batch_id = $2, paid_at = $3 WHERE id = $4";

  /* A pending claim is approved first; an approved one is paid only by
   * paying its batch (0004, up_pay_batch). */
  fails (f, "23514", "subsidies_state_move", sql, 4, "paid", NULL, "2024-06-10 10:00+08", f->subsidy);
  fails (f, "23514", "subsidies_state_move", sql, 4, "failed", NULL, NULL, f->subsidy);
  g_free (run (f, sql, 4, "approved", f->batch, NULL, f->subsidy));
  fails (f, "23514", "subsidies_paid_by_batch", sql, 4, "paid", f->batch, "2024-06-10 10:00+08", f->subsidy);
  fails (f, "23514", "subsidies_paid_by_batch", sql, 4, "failed", f->batch, NULL, f->subsidy);
  /* Even so, a paid or failed row without its batch and time is refused. */
  fails (f, "23514", "subsidies_paid_has_batch",
         "INSERT INTO subsidies (academy_id, trainee_id, certification_id, amount_fen, state) "
         "VALUES ($1, $2, $3, 0, 'paid')", 3, f->academy, f->trainee2, f->certification2);
}

static void
test_subsidies_records_changes_in_audit_log (SchemaFixture *f,
                                             gconstpointer  data)
{
  g_autofree char *before = run (f, "SELECT count(*) FROM audit_log WHERE table_name = 'subsidies' AND row_id = $1",
                                 1, f->subsidy);
  g_autofree char *after = NULL;
  g_autofree char *row = NULL;

  /* The insert of the fixture is recorded already. */
  g_assert_cmpstr (before, ==, "1");

  g_free (run (f, "SELECT set_config ('upskill.person', '审核员 陈七', true)", 0));
  g_free (run (f, "UPDATE subsidies SET state = 'approved', decided_at = now () WHERE id = $1", 1, f->subsidy));

  after = run (f, "SELECT count(*) FROM audit_log WHERE table_name = 'subsidies' AND row_id = $1", 1, f->subsidy);
  g_assert_cmpstr (after, ==, "2");

  row = run (f, "SELECT concat_ws ('|', action, person, db_role = current_user, old_row->>'state', "
                "                  new_row->>'state', new_row->>'amount_fen', new_row->>'version') "
                "FROM audit_log WHERE table_name = 'subsidies' AND row_id = $1 ORDER BY id DESC LIMIT 1",
             1, f->subsidy);
  g_assert_cmpstr (row, ==, "UPDATE|审核员 陈七|t|pending|approved|150000|2");

  /* Policies and batches are audited too. */
  g_free (run (f, "UPDATE subsidy_policies SET amount_fen = 160000 WHERE id = $1", 1, f->policy));
  g_free (run (f, "UPDATE payment_batches SET notice_to = '2024-06-08' WHERE id = $1", 1, f->batch));
  g_clear_pointer (&after, g_free);
  after = run (f, "SELECT count(*) FROM audit_log WHERE action = 'UPDATE' "
                  "AND ((table_name = 'subsidy_policies' AND row_id = $1) "
                  "  OR (table_name = 'payment_batches' AND row_id = $2))", 2, f->policy, f->batch);
  g_assert_cmpstr (after, ==, "2");
}

/* A name of blanks is no name, whatever the blanks: a tab or newline pasted
 * from a spreadsheet, or the ideographic space (U+3000) a Chinese input
 * method types. */
static void
test_names_reject_every_kind_of_blank (SchemaFixture *f,
                                       gconstpointer  data)
{
  static const char *blanks[] = { "\t", "\n", "\xe3\x80\x80", "\xe3\x80\x80 \xe3\x80\x80" };

  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      fails (f, "23514", "trainees_name_present", "UPDATE trainees SET name = $1 WHERE id = $2", 2,
             blanks[i], f->trainee);
      fails (f, "23514", "courses_title_present", "UPDATE courses SET title = $1 WHERE id = $2", 2,
             blanks[i], f->course);
      fails (f, "23514", "academies_name_present", "UPDATE academies SET name = $1 WHERE id = $2", 2,
             blanks[i], f->academy);
    }
}

/* Whole schema --------------------------------------------------------------- */

static void
test_versions_bump_on_every_update (SchemaFixture *f,
                                    gconstpointer  data)
{
  const struct {
    const char *table;
    const char *id;
  } rows[] = {
    { "academies", f->academy },
    { "majors", f->major },
    { "courses", f->course },
    { "trainees", f->trainee },
    { "enrollments", f->enrollment },
    { "certifications", f->certification },
    { "subsidy_policies", f->policy },
    { "payment_batches", f->batch },
    { "subsidies", f->subsidy },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      /* The table names are ours, from the list above. */
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET version = 100 WHERE id = $1 RETURNING version",
                                              rows[i].table);
      g_autofree char *select = g_strdup_printf ("SELECT version FROM %s WHERE id = $1", rows[i].table);
      g_autofree char *start = run (f, select, 1, rows[i].id);
      g_autofree char *first = run (f, sql, 1, rows[i].id);
      g_autofree char *second = run (f, sql, 1, rows[i].id);

      /* A client cannot set the version; each update counts one.  (A
       * trainee's certificate has raised their level already: 0004.) */
      g_test_message ("%s", rows[i].table);
      g_assert_cmpint (atoi (first), ==, atoi (start) + 1);
      g_assert_cmpint (atoi (second), ==, atoi (start) + 2);
    }
}

static void
test_amounts_are_integer_fen (SchemaFixture *f,
                              gconstpointer  data)
{
  g_autofree char *n_fen = run (f, "SELECT count(*) FROM information_schema.columns "
                                   "WHERE table_schema = 'public' AND column_name LIKE '%\\_fen'", 0);
  g_autofree char *not_bigint = run (f, "SELECT string_agg (table_name || '.' || column_name || ' ' || data_type, ', ') "
                                        "FROM information_schema.columns "
                                        "WHERE table_schema = 'public' AND column_name LIKE '%\\_fen' "
                                        "  AND data_type <> 'bigint'", 0);
  g_autofree char *floating = run (f, "SELECT string_agg (table_name || '.' || column_name, ', ') "
                                      "FROM information_schema.columns "
                                      "WHERE table_schema = 'public' AND data_type IN ('real', 'double precision', 'money')",
                                   0);

  /* subsidy_policies.amount_fen, .annual_amount_cap_fen, payment_batches.budget_fen, subsidies.amount_fen */
  g_assert_cmpint (g_ascii_strtoll (n_fen, NULL, 10), >=, 4);
  g_assert_cmpstr (not_bigint, ==, NULL);
  g_assert_cmpstr (floating, ==, NULL);
}

static gboolean
is_unbreakable (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (unbreakable_constraints); i++)
    if (g_str_equal (unbreakable_constraints[i], name))
      return TRUE;
  return FALSE;
}

static void
test_every_constraint_has_a_sentence (SchemaFixture *f,
                                      gconstpointer  data)
{
  g_autoptr(GPtrArray) names = list_constraints (f->conn);
  g_autoptr(GString) missing = g_string_new (NULL);

  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (is_unbreakable (name))
        continue;
      if (up_error_describe_constraint (name) == NULL)
        g_string_append_printf (missing, " %s", name);
    }

  if (missing->len > 0)
    g_test_fail_printf ("no sentence in up_error_describe_constraint() for:%s", missing->str);
}

/* Runs last: every constraint of the schema was seen to fire by a test
 * above, so a new rule without a test shows up here. */
/* Rules of migration 0003; their behaviour is tested in test-enrollment.c,
 * their refusal by name here. */
static void
test_settings_rejects_bad_threshold_and_duplicate_key (SchemaFixture *f,
                                                       gconstpointer  data)
{
  fails (f, "23514", "settings_completion_threshold_range",
         "UPDATE settings SET value = '0' WHERE key = 'completion_threshold_percent'", 0);
  fails (f, "23514", "settings_completion_threshold_range",
         "UPDATE settings SET value = 'eighty' WHERE key = 'completion_threshold_percent'", 0);
  fails (f, "23505", "settings_key_unique",
         "INSERT INTO settings (key, value) VALUES ('completion_threshold_percent', '50')", 0);
}

static void
test_enrollments_rejects_undo_without_reason (SchemaFixture *f,
                                              gconstpointer  data)
{
  g_free (run (f, "SELECT up_record_completion ($1, 64, true)", 1, f->enrollment));
  fails (f, "23514", "enrollments_undo_reason_present",
         "UPDATE enrollments SET status = 'enrolled', passed = NULL, completed_at = NULL WHERE id = $1",
         1, f->enrollment);
}

/* Schemes, their lists and the rule trail (0004) ------------------------------ */

static void
test_schemes_reject_bad_values (SchemaFixture *f,
                                gconstpointer  data)
{
  const char *scheme = "INSERT INTO subsidy_schemes (name, fund, annual_count_cap, annual_amount_cap_fen, "
                       "  claim_window_months, min_age, max_age) VALUES ($1, $2, $3, $4, $5, $6, $7)";
  g_autofree char *scheme_id = run (f, "SELECT up_default_scheme_id ()", 0);

  fails (f, "23505", "subsidy_schemes_name_key", scheme, 7, "职工技能学历双提升补助", "special", NULL, NULL, NULL, NULL, NULL);
  fails (f, "23514", "subsidy_schemes_name_present", scheme, 7, " ", "special", NULL, NULL, NULL, NULL, NULL);
  fails (f, "23514", "subsidy_schemes_fund_present", scheme, 7, "产教联盟补助", "　", NULL, NULL, NULL, NULL, NULL);
  fails (f, "23514", "subsidy_schemes_count_cap_positive", scheme, 7, "产教联盟补助", "union", "0", NULL, NULL, NULL, NULL);
  fails (f, "23514", "subsidy_schemes_amount_cap_positive", scheme, 7, "产教联盟补助", "union", NULL, "0", NULL, NULL, NULL);
  fails (f, "23514", "subsidy_schemes_window_positive", scheme, 7, "产教联盟补助", "union", NULL, NULL, "0", NULL, NULL);
  fails (f, "23514", "subsidy_schemes_min_age_range", scheme, 7, "产教联盟补助", "union", NULL, NULL, NULL, "-1", NULL);
  fails (f, "23514", "subsidy_schemes_max_age_range", scheme, 7, "产教联盟补助", "union", NULL, NULL, NULL, NULL, "121");
  fails (f, "23514", "subsidy_schemes_ages_ordered", scheme, 7, "产教联盟补助", "union", NULL, NULL, NULL, "40", "30");

  fails (f, "23514", "subsidy_policies_level_fits_kind",
         "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from) "
         "VALUES ('专项能力', 'special_ability', 3, 50000, '2024-01-01')", 0);
  fails (f, "23503", "subsidy_policies_scheme_id_fkey",
         "INSERT INTO subsidy_policies (name, kind, amount_fen, valid_from, scheme_id) "
         "VALUES ('专项能力', 'special_ability', 50000, '2024-01-01', 0)", 0);

  fails (f, "23514", "subsidy_min_hours_level_range",
         "INSERT INTO subsidy_min_hours (scheme_id, skill_level, min_hours) VALUES ($1, 0, 10)", 1, scheme_id);
  fails (f, "23514", "subsidy_min_hours_positive",
         "INSERT INTO subsidy_min_hours (scheme_id, skill_level, min_hours) VALUES ($1, 2, 0)", 1, scheme_id);
  fails (f, "23503", "subsidy_min_hours_scheme_id_fkey",
         "INSERT INTO subsidy_min_hours (scheme_id, skill_level, min_hours) VALUES (0, 2, 10)", 0);

  g_free (run (f, "INSERT INTO shortage_occupations (occupation) VALUES ('焊工')", 0));
  fails (f, "23505", "shortage_occupations_occupation_key",
         "INSERT INTO shortage_occupations (occupation) VALUES ('焊工')", 0);
  fails (f, "23514", "shortage_occupations_occupation_present",
         "INSERT INTO shortage_occupations (occupation) VALUES (' ')", 0);
  fails (f, "23514", "shortage_occupations_uplift_range",
         "INSERT INTO shortage_occupations (occupation, uplift_percent) VALUES ('电工', 0)", 0);

  fails (f, "23503", "academy_quotas_academy_id_fkey",
         "INSERT INTO academy_quotas (academy_id, year, max_claims) VALUES (0, 2025, 10)", 0);
  fails (f, "23514", "academy_quotas_year_range",
         "INSERT INTO academy_quotas (academy_id, year, max_claims) VALUES ($1, 1999, 10)", 1, f->academy);
  fails (f, "23514", "academy_quotas_max_positive",
         "INSERT INTO academy_quotas (academy_id, year, max_claims) VALUES ($1, 2025, 0)", 1, f->academy);

  fails (f, "23503", "subsidies_scheme_id_fkey", "UPDATE subsidies SET scheme_id = 0 WHERE id = $1", 1, f->subsidy);
  fails (f, "23514", "subsidies_refused_is_rejected",
         "UPDATE subsidies SET refused_by = 'age' WHERE id = $1", 1, f->subsidy);

  fails (f, "23514", "subsidy_rule_results_rule_known",
         "INSERT INTO subsidy_rule_results (subsidy_id, seq, rule, outcome, amount_fen) "
         "VALUES ($1, 1, 'luck', 'applied', 0)", 1, f->subsidy);
  fails (f, "23514", "subsidy_rule_results_outcome_known",
         "INSERT INTO subsidy_rule_results (subsidy_id, seq, rule, outcome, amount_fen) "
         "VALUES ($1, 1, 'rate', 'maybe', 0)", 1, f->subsidy);
  fails (f, "23503", "subsidy_rule_results_subsidy_id_fkey",
         "INSERT INTO subsidy_rule_results (subsidy_id, seq, rule, outcome, amount_fen) "
         "VALUES (0, 1, 'rate', 'applied', 0)", 0);
  g_free (run (f, "INSERT INTO subsidy_rule_results (subsidy_id, seq, rule, outcome, amount_fen) "
                  "VALUES ($1, 1, 'rate', 'applied', 150000)", 1, f->subsidy));
  fails (f, "23505", "subsidy_rule_results_seq_unique",
         "INSERT INTO subsidy_rule_results (subsidy_id, seq, rule, outcome, amount_fen) "
         "VALUES ($1, 1, 'rate', 'applied', 150000)", 1, f->subsidy);
}

static void
test_targets_reject_bad_values (SchemaFixture *f,
                                gconstpointer  data)
{
  const char *sql = "INSERT INTO annual_targets (year, measure, target) VALUES ($1, $2, $3)";

  fails (f, "23514", "annual_targets_year_range", sql, 3, "1999", "courses", "10");
  fails (f, "23514", "annual_targets_measure_known", sql, 3, "2026", "happiness", "10");
  fails (f, "23514", "annual_targets_target_positive", sql, 3, "2026", "courses", "0");
}

/* Accounts (0007); the roles themselves are tried in test-access. */
static void
test_accounts_reject_bad_values (SchemaFixture *f,
                                 gconstpointer  data)
{
  const char *create = "SELECT up_create_account ($1, $2, $3, $4, $5::bigint[])";
  g_autofree char *academies = g_strdup_printf ("{%s}", f->academy);

  fails (f, "23514", "accounts_login_format", create, 5, "Zhang San", "张三", "staff", NULL, academies);
  fails (f, "23514", "accounts_login_format", create, 5, "x", "张三", "staff", NULL, academies);
  fails (f, "23514", "accounts_kind_known", create, 5, "zhangsan_schema", "张三", "root", NULL, academies);
  fails (f, "23514", "accounts_full_name_present", create, 5, "zhangsan_schema", "　", "staff", NULL, academies);
  fails (f, "23514", "accounts_password_verifier", create, 5, "zhangsan_schema", "张三", "staff", "secret", academies);
  fails (f, "23514", "staff_academies_needed", create, 5, "zhangsan_schema", "张三", "staff", NULL, "{}");
  fails (f, "23503", "staff_academies_academy_id_fkey", create, 5, "zhangsan_schema", "张三", "staff", NULL, "{0}");
  fails (f, "23503", "staff_academies_login_fkey",
         "INSERT INTO staff_academies (login, academy_id) VALUES ('nobody_here', $1)", 1, f->academy);
}

static void
test_every_constraint_is_exercised (SchemaFixture *f,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) names = list_constraints (f->conn);
  g_autoptr(GString) missing = g_string_new (NULL);

  if (g_hash_table_size (exercised) == 0)
    {
      g_test_skip ("only meaningful when the whole program runs");
      return;
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (!is_unbreakable (name) && !g_hash_table_contains (exercised, name))
        g_string_append_printf (missing, " %s", name);
    }

  if (missing->len > 0)
    g_test_fail_printf ("no test breaks:%s", missing->str);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  exercised = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

#define ADD(path, func) \
  g_test_add (path, SchemaFixture, NULL, schema_fixture_set_up, func, schema_fixture_tear_down)

  ADD ("/schema/academies/rejects-bad-code", test_academies_rejects_bad_code);
  ADD ("/schema/academies/rejects-duplicate-code", test_academies_rejects_duplicate_code);
  ADD ("/schema/academies/rejects-duplicate-name", test_academies_rejects_duplicate_name);
  ADD ("/schema/academies/rejects-blank-name-and-district", test_academies_rejects_blank_name_and_district);
  ADD ("/schema/academies/rejects-unknown-level", test_academies_rejects_unknown_level);
  ADD ("/schema/academies/rejects-deleting-one-in-use", test_academies_rejects_deleting_one_in_use);
  ADD ("/schema/majors/rejects-unknown-academy", test_majors_rejects_unknown_academy);
  ADD ("/schema/majors/rejects-blank-name", test_majors_rejects_blank_name);
  ADD ("/schema/majors/rejects-duplicate-name-in-one-academy", test_majors_rejects_duplicate_name_in_one_academy);
  ADD ("/schema/courses/rejects-end-before-start", test_courses_rejects_end_before_start);
  ADD ("/schema/courses/rejects-hours-not-positive", test_courses_rejects_hours_not_positive);
  ADD ("/schema/courses/rejects-capacity-not-positive", test_courses_rejects_capacity_not_positive);
  ADD ("/schema/courses/rejects-blank-title", test_courses_rejects_blank_title);
  ADD ("/schema/courses/rejects-major-of-another-academy", test_courses_rejects_major_of_another_academy);
  ADD ("/schema/courses/rejects-unknown-academy", test_courses_rejects_unknown_academy);
  ADD ("/schema/courses/rejects-unknown-kind-and-status", test_courses_rejects_unknown_kind_and_status);
  ADD ("/schema/trainees/rejects-bad-id-number", test_trainees_rejects_bad_id_number);
  ADD ("/schema/trainees/accepts-leap-day", test_trainees_accepts_leap_day);
  ADD ("/schema/trainees/normalizes-id-number", test_trainees_normalizes_id_number);
  ADD ("/schema/trainees/rejects-duplicate-id-number", test_trainees_rejects_duplicate_id_number);
  ADD ("/schema/trainees/rejects-birth-date-in-future", test_trainees_rejects_birth_date_in_future);
  ADD ("/schema/trainees/rejects-bad-phone", test_trainees_rejects_bad_phone);
  ADD ("/schema/trainees/rejects-blank-or-long-name", test_trainees_rejects_blank_or_long_name);
  ADD ("/schema/trainees/rejects-bad-skill-level", test_trainees_rejects_bad_skill_level);
  ADD ("/schema/trainees/rejects-unknown-academy", test_trainees_rejects_unknown_academy);
  ADD ("/schema/trainees/computes-birth-date-and-gender", test_trainees_computes_birth_date_and_gender);
  ADD ("/schema/enrollments/rejects-second-in-course", test_enrollments_rejects_second_in_course);
  ADD ("/schema/enrollments/rejects-course-of-another-academy", test_enrollments_rejects_course_of_another_academy);
  ADD ("/schema/enrollments/rejects-unknown-trainee", test_enrollments_rejects_unknown_trainee);
  ADD ("/schema/enrollments/rejects-waitlist-mismatch", test_enrollments_rejects_waitlist_mismatch);
  ADD ("/schema/enrollments/rejects-completed-without-pass", test_enrollments_rejects_completed_without_pass);
  ADD ("/schema/enrollments/rejects-negative-hours", test_enrollments_rejects_negative_hours);
  ADD ("/schema/certifications/rejects-level-not-fitting-kind", test_certifications_rejects_level_not_fitting_kind);
  ADD ("/schema/certifications/rejects-duplicate-number", test_certifications_rejects_duplicate_number);
  ADD ("/schema/certifications/rejects-blank-fields", test_certifications_rejects_blank_fields);
  ADD ("/schema/certifications/rejects-bad-skill-level", test_certifications_rejects_bad_skill_level);
  ADD ("/schema/certifications/rejects-course-of-another-academy",
       test_certifications_rejects_course_of_another_academy);
  ADD ("/schema/certifications/rejects-unknown-trainee-or-academy",
       test_certifications_rejects_unknown_trainee_or_academy);
  ADD ("/schema/subsidy-policies/rejects-bad-values", test_policies_rejects_bad_values);
  ADD ("/schema/payment-batches/rejects-bad-values", test_batches_rejects_bad_values);
  ADD ("/schema/subsidies/rejects-second-claim", test_subsidies_rejects_second_claim);
  ADD ("/schema/subsidies/rejects-negative-amount", test_subsidies_rejects_negative_amount);
  ADD ("/schema/subsidies/rejects-certification-of-another-trainee",
       test_subsidies_rejects_certification_of_another_trainee);
  ADD ("/schema/subsidies/rejects-unknown-references", test_subsidies_rejects_unknown_references);
  ADD ("/schema/subsidies/rejects-rejection-without-reason", test_subsidies_rejects_rejection_without_reason);
  ADD ("/schema/subsidies/rejects-payment-without-batch", test_subsidies_rejects_payment_without_batch);
  ADD ("/schema/subsidies/records-changes-in-audit-log", test_subsidies_records_changes_in_audit_log);
  ADD ("/schema/names/reject-every-kind-of-blank", test_names_reject_every_kind_of_blank);
  ADD ("/schema/versions/bump-on-every-update", test_versions_bump_on_every_update);
  ADD ("/schema/money/amounts-are-integer-fen", test_amounts_are_integer_fen);
  ADD ("/schema/errors/every-constraint-has-a-sentence", test_every_constraint_has_a_sentence);
  ADD ("/schema/settings/rejects-bad-threshold-and-duplicate-key", test_settings_rejects_bad_threshold_and_duplicate_key);
  ADD ("/schema/enrollments/rejects-undo-without-reason", test_enrollments_rejects_undo_without_reason);
  ADD ("/schema/subsidy-schemes/reject-bad-values", test_schemes_reject_bad_values);
  ADD ("/schema/annual-targets/reject-bad-values", test_targets_reject_bad_values);
  ADD ("/schema/accounts/reject-bad-values", test_accounts_reject_bad_values);
  ADD ("/schema/constraints/every-one-is-exercised", test_every_constraint_is_exercised);

#undef ADD

  ret = g_test_run ();

  g_hash_table_unref (exercised);
  g_free (migrated_conninfo);

  return ret;
}
