/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <string.h>

#include "up-certification-list.h"
#include "up-certification.h"
#include "up-database.h"
#include "up-error.h"
#include "up-pg.h"
#include "up-test-course-data.h"
#include "up-test-pg.h"

/* Certificates recorded, edited and read through the store, each kind with
 * its levels, the refusals said in words, the claim the database computes
 * on recording, the trainee's levels raised, and the list's filters. */

typedef struct
{
  char    *conninfo;
  PGconn  *conn;
  gint64   academy;
  gint64   trainee;
  char    *trainee_param;
} Fixture;

/* Helpers ------------------------------------------------------------------ */

/* The demo's rates (issue 4), valid since 2020. */
static void
add_rates (PGconn *conn)
{
  g_autoptr(GError) error = NULL;

  up_pg_command (conn,
                 "INSERT INTO subsidy_policies (name, kind, skill_level, academic_level, amount_fen, valid_from) "
                 "VALUES ('初级工', 'skill_level', 5, NULL, 70000, '2020-01-01'), "
                 "       ('中级工', 'skill_level', 4, NULL, 100000, '2020-01-01'), "
                 "       ('高级工', 'skill_level', 3, NULL, 150000, '2020-01-01'), "
                 "       ('技师', 'skill_level', 2, NULL, 200000, '2020-01-01'), "
                 "       ('高级技师', 'skill_level', 1, NULL, 300000, '2020-01-01'), "
                 "       ('专项职业能力', 'special_ability', NULL, NULL, 50000, '2020-01-01'), "
                 "       ('大专', 'academic_degree', NULL, 'junior_college', 300000, '2020-01-01'), "
                 "       ('本科', 'academic_degree', NULL, 'bachelor', 300000, '2020-01-01')",
                 0, NULL, &error);
  g_assert_no_error (error);
}

/* A date a few months ago, inside the claim window of twelve months. */
static char *
recent_date (int months_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_months (now, -months_ago);

  return g_date_time_format (then, "%Y-%m-%d");
}

static UpCertificationInput *
skill_input (gint64      trainee,
             const char *occupation,
             int         level,
             const char *number)
{
  UpCertificationInput *input = up_certification_input_new ();

  input->trainee_id = trainee;
  input->kind = UP_CERTIFICATION_KIND_SKILL_LEVEL;
  input->occupation = g_strdup (occupation);
  input->skill_level = level;
  input->certificate_no = g_strdup (number);
  input->issuing_body = g_strdup ("重庆市职业技能鉴定指导中心");
  input->issued_on = recent_date (2);
  return input;
}

static UpCertificationResult *
record (PGconn                     *conn,
        const UpCertificationInput *input)
{
  g_autoptr(GError) error = NULL;
  UpCertificationResult *result = up_certification_insert (conn, input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (result->certification_id, >, 0);
  return result;
}

/* Fixture ------------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  f->academy = test_academy (f->conn, "CQ-WELD");
  f->trainee = test_trainee (f->conn, f->academy, 1);
  f->trainee_param = g_strdup_printf ("%" G_GINT64_FORMAT, f->trainee);
  add_rates (f->conn);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
  g_clear_pointer (&f->trainee_param, g_free);
}

/* Recording ---------------------------------------------------------------- */

static void
test_record_computes_claim (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(UpCertificationInput) input = skill_input (f->trainee, "焊工", 3, "S000123");
  g_autoptr(UpCertificationResult) result = NULL;
  g_autoptr(UpCertification) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *level_label = NULL;
  g_autofree char *id_number = test_id_number (1);

  result = record (f->conn, input);

  /* The claim the trigger computed, returned with the new id. */
  g_assert_cmpint (result->version, ==, 1);
  g_assert_cmpint (result->subsidy_id, >, 0);
  g_assert_cmpstr (result->state, ==, "pending");
  g_assert_cmpint (result->amount_fen, ==, 150000);
  g_assert_null (result->refused_by);
  g_assert_null (result->trail_rule);
  sentence = up_certification_result_describe (result);
  g_assert_cmpstr (sentence, ==, "Claim computed: ¥1,500.00, pending approval.");

  /* The trainee's level follows the certificate. */
  g_assert_cmpint (test_query_int (f->conn, "SELECT skill_level FROM trainees WHERE id = $1", f->trainee_param),
                   ==, 3);

  read = up_certification_get (f->conn, result->certification_id, &error);
  g_assert_no_error (error);
  g_assert_true (up_certification_get_loaded (read));
  g_assert_cmpint (up_certification_get_trainee_id (read), ==, f->trainee);
  g_assert_cmpstr (up_certification_get_trainee_name (read), ==, "学员1");
  /* Masked by the server: the full number never comes back. */
  g_assert_cmpint (strlen (up_certification_get_id_number_masked (read)), ==, 18);
  g_assert_true (g_str_has_prefix (up_certification_get_id_number_masked (read), "500112********"));
  g_assert_true (g_str_has_suffix (up_certification_get_id_number_masked (read), id_number + 14));
  g_assert_cmpint (up_certification_get_academy_id (read), ==, f->academy);
  g_assert_cmpstr (up_certification_get_academy_name (read), ==, "工匠学院 CQ-WELD");
  g_assert_cmpint (up_certification_get_kind (read), ==, UP_CERTIFICATION_KIND_SKILL_LEVEL);
  g_assert_cmpstr (up_certification_get_occupation (read), ==, "焊工");
  g_assert_cmpint (up_certification_get_skill_level (read), ==, 3);
  g_assert_null (up_certification_get_academic_level (read));
  g_assert_cmpstr (up_certification_get_certificate_no (read), ==, "S000123");
  g_assert_cmpstr (up_certification_get_issuing_body (read), ==, "重庆市职业技能鉴定指导中心");
  g_assert_cmpstr (up_certification_get_issued_on (read), ==, input->issued_on);
  g_assert_null (up_certification_get_verified_on (read));
  g_assert_cmpint (up_certification_get_course_id (read), ==, 0);
  level_label = up_certification_dup_level_label (read);
  g_assert_cmpstr (level_label, ==, "Advanced");

  /* A certificate that is not there. */
  g_clear_object (&read);
  read = up_certification_get (f->conn, result->certification_id + 1000, &error);
  g_assert_null (read);
  g_assert_error (error, UP_ERROR, UP_ERROR_FAILED);
}

static void
test_record_each_kind (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(UpCertificationInput) ability = skill_input (f->trainee, "汽车维修", 0, "A-1");
  g_autoptr(UpCertificationInput) degree = skill_input (f->trainee, "机电一体化", 4, "D-1");
  g_autoptr(UpCertificationInput) permit = skill_input (f->trainee, "电工作业", 2, "T-1");
  g_autoptr(UpCertificationResult) result = NULL;
  g_autoptr(UpCertification) read = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *education = NULL;
  g_autofree char *level_label = NULL;
  g_autofree char *id = NULL;

  /* Special vocational ability: no level. */
  ability->kind = UP_CERTIFICATION_KIND_SPECIAL_ABILITY;
  result = record (f->conn, ability);
  g_assert_cmpstr (result->state, ==, "pending");
  g_assert_cmpint (result->amount_fen, ==, 50000);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, result->certification_id);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM certifications WHERE id = $1 "
                                            "AND skill_level IS NULL AND academic_level IS NULL", id), ==, 1);
  g_clear_pointer (&result, up_certification_result_free);
  g_clear_pointer (&id, g_free);

  /* A degree: its academic level and route; the skill level typed before
   * the kind was changed is not saved. */
  degree->kind = UP_CERTIFICATION_KIND_ACADEMIC_DEGREE;
  degree->academic_level = g_strdup ("bachelor");
  degree->academic_route = g_strdup ("open_university");
  result = record (f->conn, degree);
  g_assert_cmpstr (result->state, ==, "pending");
  g_assert_cmpint (result->amount_fen, ==, 300000);
  read = up_certification_get (f->conn, result->certification_id, NULL);
  g_assert_cmpint (up_certification_get_skill_level (read), ==, 0);
  g_assert_cmpstr (up_certification_get_academic_level (read), ==, "bachelor");
  g_assert_cmpstr (up_certification_get_academic_route (read), ==, "open_university");
  level_label = up_certification_dup_level_label (read);
  g_assert_cmpstr (level_label, ==, "Bachelor (Open university)");
  education = up_test_pg_query_text (f->conn, "SELECT education FROM trainees WHERE id = $1", f->trainee_param);
  g_assert_cmpstr (education, ==, "bachelor");
  g_clear_pointer (&result, up_certification_result_free);

  /* A special-operation permit: no rate covers it, said in words. */
  permit->kind = UP_CERTIFICATION_KIND_SPECIAL_OPERATION;
  result = record (f->conn, permit);
  g_assert_cmpstr (result->state, ==, "rejected");
  g_assert_cmpint (result->amount_fen, ==, 0);
  g_assert_cmpstr (result->refused_by, ==, "no_policy");
  sentence = up_certification_result_describe (result);
  g_assert_true (g_str_has_prefix (sentence, "No subsidy. "));
  g_assert_nonnull (strstr (sentence, "no subsidy rate"));

  /* The kinds have their words. */
  for (int k = UP_CERTIFICATION_KIND_SKILL_LEVEL; k <= UP_CERTIFICATION_KIND_SPECIAL_OPERATION; k++)
    {
      UpCertificationKind back;

      g_assert_nonnull (up_certification_kind_to_label (k));
      g_assert_true (up_certification_kind_from_sql (up_certification_kind_to_sql (k), &back));
      g_assert_cmpint (back, ==, k);
    }
  for (const char * const *r = up_academic_routes (); *r != NULL; r++)
    g_assert_nonnull (up_academic_route_to_label (*r));
}

static void
test_validate_names_fields (Fixture       *f,
                            gconstpointer  data)
{
  static const struct {
    const char           *what;
    UpCertificationField  field;
    const char           *words;
  } cases[] = {
    { "trainee", UP_CERTIFICATION_FIELD_TRAINEE, "Trainee:" },
    { "occupation", UP_CERTIFICATION_FIELD_OCCUPATION, "Occupation:" },
    { "skill level", UP_CERTIFICATION_FIELD_SKILL_LEVEL, "Skill level:" },
    { "academic level", UP_CERTIFICATION_FIELD_ACADEMIC_LEVEL, "Academic level:" },
    { "route", UP_CERTIFICATION_FIELD_ACADEMIC_ROUTE, "Route:" },
    { "number", UP_CERTIFICATION_FIELD_NUMBER, "Certificate number:" },
    { "issuing body", UP_CERTIFICATION_FIELD_ISSUING_BODY, "Issuing body:" },
    { "date format", UP_CERTIFICATION_FIELD_ISSUED_ON, "year-month-day" },
    { "future date", UP_CERTIFICATION_FIELD_ISSUED_ON, "future" },
    { "verified early", UP_CERTIFICATION_FIELD_VERIFIED_ON, "before it was issued" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(UpCertificationInput) input = skill_input (f->trainee, "焊工", 4, "V-1");
      g_autoptr(UpCertificationResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("refused: %s", cases[i].what);
      switch (cases[i].field)
        {
        case UP_CERTIFICATION_FIELD_TRAINEE:
          input->trainee_id = 0;
          break;
        case UP_CERTIFICATION_FIELD_OCCUPATION:
          g_free (input->occupation);
          input->occupation = g_strdup ("　 ");
          break;
        case UP_CERTIFICATION_FIELD_SKILL_LEVEL:
          input->skill_level = 6;
          break;
        case UP_CERTIFICATION_FIELD_ACADEMIC_LEVEL:
          input->kind = UP_CERTIFICATION_KIND_ACADEMIC_DEGREE;
          break;
        case UP_CERTIFICATION_FIELD_ACADEMIC_ROUTE:
          input->kind = UP_CERTIFICATION_KIND_ACADEMIC_DEGREE;
          input->academic_level = g_strdup ("junior_college");
          input->academic_route = g_strdup ("by_mail");
          break;
        case UP_CERTIFICATION_FIELD_NUMBER:
          g_clear_pointer (&input->certificate_no, g_free);
          break;
        case UP_CERTIFICATION_FIELD_ISSUING_BODY:
          g_free (input->issuing_body);
          input->issuing_body = g_strdup (" ");
          break;
        case UP_CERTIFICATION_FIELD_ISSUED_ON:
          g_free (input->issued_on);
          input->issued_on = g_strdup (strstr (cases[i].words, "future") != NULL ? "2999-01-01" : "2025/6/30");
          break;
        case UP_CERTIFICATION_FIELD_VERIFIED_ON:
          input->verified_on = g_strdup ("2000-01-01");
          break;
        case UP_CERTIFICATION_FIELD_NONE:
        case UP_CERTIFICATION_FIELD_KIND:
        case UP_CERTIFICATION_FIELD_COURSE:
        default:
          g_assert_not_reached ();
        }

      g_assert_cmpint (up_certification_input_validate (input, &error), ==, cases[i].field);
      g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_clear_error (&error);

      /* The store checks the same before any database work. */
      result = up_certification_insert (f->conn, input, &error);
      g_assert_null (result);
      g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
    }

  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM certifications", NULL), ==, 0);

  /* What gets past C meets the database's rule, in its words. */
  {
    g_autoptr(GError) error = NULL;
    const char *params[] = { f->trainee_param };

    g_assert_false (up_pg_command (f->conn,
                                   "INSERT INTO certifications (academy_id, trainee_id, kind, occupation, "
                                   "  academic_level, certificate_no, issuing_body, issued_on) "
                                   "SELECT academy_id, id, 'skill_level', '焊工', 'bachelor', 'X', 'Y', '2025-01-01' "
                                   "  FROM trainees WHERE id = $1", 1, params, &error));
    g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
    g_assert_cmpstr (error->message, ==, "The level does not fit the kind of certificate.");
  }
}

static void
test_duplicate_number_per_issuer (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(UpCertificationInput) first = skill_input (f->trainee, "焊工", 4, "2025-0001");
  g_autoptr(UpCertificationInput) twin = skill_input (test_trainee (f->conn, f->academy, 2), "电工", 5, "2025-0001");
  g_autoptr(UpCertificationResult) result = NULL;
  g_autoptr(UpCertificationResult) refused = NULL;
  g_autoptr(UpCertificationResult) other_body = NULL;
  g_autoptr(GError) error = NULL;

  result = record (f->conn, first);

  /* The same number from the same body, even with spaces around it. */
  g_free (twin->certificate_no);
  twin->certificate_no = g_strdup (" 2025-0001 ");
  refused = up_certification_insert (f->conn, twin, &error);
  g_assert_null (refused);
  g_assert_error (error, UP_ERROR, UP_ERROR_UNIQUE);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "certifications_number_unique");
  g_assert_cmpstr (error->message, ==, "This issuing body already issued a certificate with this number.");
  g_clear_error (&error);
  /* Nothing of it stays: no certificate, no claim. */
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM certifications", NULL), ==, 1);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count(*) FROM subsidies", NULL), ==, 1);

  /* Another body may use the same number. */
  g_free (twin->issuing_body);
  twin->issuing_body = g_strdup ("重庆市人力资源和社会保障局");
  other_body = record (f->conn, twin);
  g_assert_cmpint (other_body->certification_id, !=, result->certification_id);
}

static void
test_edit_recomputes_claim (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(UpCertificationInput) input = skill_input (f->trainee, "焊工", 4, "E-1");
  g_autoptr(UpCertificationInput) edit = NULL;
  g_autoptr(UpCertificationResult) result = NULL;
  g_autoptr(UpCertificationResult) edited = NULL;
  g_autoptr(UpCertificationResult) stale = NULL;
  g_autoptr(UpCertification) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *how = NULL;

  result = record (f->conn, input);
  g_assert_cmpint (result->amount_fen, ==, 100000);
  g_assert_cmpint (test_query_int (f->conn, "SELECT skill_level FROM trainees WHERE id = $1", f->trainee_param),
                   ==, 4);

  /* Read back, corrected to level 3 and marked verified. */
  read = up_certification_get (f->conn, result->certification_id, &error);
  g_assert_no_error (error);
  edit = up_certification_input_new_from_certification (read);
  g_assert_cmpint (edit->trainee_id, ==, f->trainee);
  g_assert_cmpstr (edit->certificate_no, ==, "E-1");
  edit->skill_level = 3;
  edit->verified_on = recent_date (1);
  edit->verified_how = g_strdup ("全国技能人才评价证书查询");

  edited = up_certification_update (f->conn, result->certification_id, up_certification_get_version (read),
                                    edit, &error);
  g_assert_no_error (error);
  g_assert_cmpint (edited->certification_id, ==, result->certification_id);
  g_assert_cmpint (edited->version, ==, 2);
  /* The same claim, computed again for the new level. */
  g_assert_cmpint (edited->subsidy_id, ==, result->subsidy_id);
  g_assert_cmpstr (edited->state, ==, "pending");
  g_assert_cmpint (edited->amount_fen, ==, 150000);
  g_assert_cmpint (test_query_int (f->conn, "SELECT skill_level FROM trainees WHERE id = $1", f->trainee_param),
                   ==, 3);
  how = up_test_pg_query_text (f->conn,
                               "SELECT verified_how FROM certifications WHERE trainee_id = $1", f->trainee_param);
  g_assert_cmpstr (how, ==, "全国技能人才评价证书查询");

  /* A save from the copy read before is refused. */
  edit->skill_level = 2;
  stale = up_certification_update (f->conn, result->certification_id, up_certification_get_version (read),
                                   edit, &error);
  g_assert_null (stale);
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_assert_cmpint (test_query_int (f->conn, "SELECT skill_level FROM certifications WHERE trainee_id = $1",
                                   f->trainee_param), ==, 3);
}

static void
test_describe_says_rule_that_raised (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(UpCertificationInput) input = skill_input (f->trainee, "焊工", 3, "R-1");
  g_autoptr(UpCertificationResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;

  /* 焊工 is a shortage occupation: +20 %. */
  up_pg_command (f->conn, "INSERT INTO shortage_occupations (occupation, uplift_percent) VALUES ('焊工', 20)",
                 0, NULL, &error);
  g_assert_no_error (error);

  result = record (f->conn, input);
  g_assert_cmpstr (result->state, ==, "pending");
  g_assert_cmpint (result->amount_fen, ==, 180000);
  g_assert_cmpstr (result->trail_rule, ==, "shortage_uplift");
  sentence = up_certification_result_describe (result);
  g_assert_true (g_str_has_prefix (sentence, "Claim computed: ¥1,800.00, pending approval. "));
  g_assert_nonnull (strstr (sentence, "20 %"));
}

static void
test_course_gives_academy_and_hours (Fixture       *f,
                                     gconstpointer  data)
{
  gint64 other = test_academy (f->conn, "CQ-RAIL");
  gint64 major = test_major (f->conn, other, "焊工");
  /* 40 hours: below the 60 the entry level needs. */
  gint64 course = test_course (f->conn, other, major, 30, UP_COURSE_STATUS_FINISHED);
  g_autoptr(UpCertificationInput) input = skill_input (f->trainee, "焊工", 5, "C-1");
  g_autoptr(UpCertificationResult) result = NULL;
  g_autoptr(UpCertification) read = NULL;
  g_autofree char *sentence = NULL;

  input->course_id = course;
  /* The recording academy given is overruled by the course's. */
  input->academy_id = f->academy;
  result = record (f->conn, input);
  read = up_certification_get (f->conn, result->certification_id, NULL);
  g_assert_cmpint (up_certification_get_academy_id (read), ==, other);
  g_assert_cmpint (up_certification_get_course_id (read), ==, course);
  g_assert_cmpstr (up_certification_get_course_title (read), ==, "焊工（中级）培训班");

  g_assert_cmpstr (result->state, ==, "rejected");
  g_assert_cmpstr (result->refused_by, ==, "min_hours");
  sentence = up_certification_result_describe (result);
  g_assert_nonnull (strstr (sentence, "60"));
  g_assert_nonnull (strstr (sentence, "40"));
}

/* The list ------------------------------------------------------------------- */

static gint64
count (Fixture                     *f,
       const UpCertificationFilter *filter)
{
  g_autoptr(GError) error = NULL;
  gint64 n = up_certification_list_count (f->conn, filter, &error);

  g_assert_no_error (error);
  return n;
}

static gboolean
list_is_idle (gpointer list)
{
  return !up_certification_list_get_loading (list);
}

static void
wait_until_idle (UpCertificationList *list)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  up_test_wait_until_full (list_is_idle, list, 30, "the certification list to load");
}

static void
test_list_filters_and_count (Fixture       *f,
                             gconstpointer  data)
{
  gint64 rail = test_academy (f->conn, "CQ-RAIL");
  gint64 major = test_major (f->conn, rail, "电工");
  gint64 course = test_course (f->conn, rail, major, 30, UP_COURSE_STATUS_FINISHED);
  gint64 second = test_trainee (f->conn, rail, 2);
  g_autoptr(UpCertificationFilter) filter = up_certification_filter_new ();
  g_autoptr(UpDatabase) db = NULL;
  g_autoptr(UpCertificationList) list = NULL;
  g_autoptr(UpCertification) first_row = NULL;
  g_autoptr(UpCertification) last_row = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_digits = NULL;

  {
    g_autoptr(UpCertificationInput) a = skill_input (f->trainee, "焊工", 4, "N-100");
    g_autoptr(UpCertificationInput) b = skill_input (f->trainee, "电焊工", 3, "N-101");
    g_autoptr(UpCertificationInput) c = skill_input (second, "电工", 5, "M-200");
    g_autoptr(UpCertificationInput) d = skill_input (second, "机电一体化", 0, "D-300");
    g_autoptr(UpCertificationResult) ra = NULL, rb = NULL, rc = NULL, rd = NULL;

    g_free (a->issued_on);
    a->issued_on = g_strdup ("2024-03-01");
    ra = record (f->conn, a);
    rb = record (f->conn, b);
    c->course_id = course;
    rc = record (f->conn, c);
    d->kind = UP_CERTIFICATION_KIND_ACADEMIC_DEGREE;
    d->academic_level = g_strdup ("junior_college");
    d->academic_route = g_strdup ("adult_exam");
    rd = record (f->conn, d);
  }

  g_assert_cmpint (count (f, filter), ==, 4);

  /* Academy: the course's (c), or the one that recorded it. */
  filter->academy_id = rail;
  g_assert_cmpint (count (f, filter), ==, 2);
  filter->academy_id = f->academy;
  g_assert_cmpint (count (f, filter), ==, 2);
  filter->academy_id = 0;

  filter->trainee_id = second;
  g_assert_cmpint (count (f, filter), ==, 2);
  filter->trainee_id = 0;

  filter->kind = UP_CERTIFICATION_KIND_ACADEMIC_DEGREE;
  g_assert_cmpint (count (f, filter), ==, 1);
  filter->academic_level = g_strdup ("junior_college");
  g_assert_cmpint (count (f, filter), ==, 1);
  g_clear_pointer (&filter->academic_level, g_free);
  filter->kind = UP_CERTIFICATION_KIND_SKILL_LEVEL;
  g_assert_cmpint (count (f, filter), ==, 3);
  filter->skill_level = 3;
  g_assert_cmpint (count (f, filter), ==, 1);
  filter->skill_level = 0;
  filter->kind = -1;

  /* A part of the occupation: 焊 is in 焊工 and 电焊工; 电 in three. */
  filter->occupation = g_strdup ("焊");
  g_assert_cmpint (count (f, filter), ==, 2);
  g_free (filter->occupation);
  filter->occupation = g_strdup ("电");
  g_assert_cmpint (count (f, filter), ==, 3);
  g_free (filter->occupation);
  filter->occupation = g_strdup ("100%_");
  g_assert_cmpint (count (f, filter), ==, 0);
  g_clear_pointer (&filter->occupation, g_free);

  /* Issue dates, inclusive. */
  filter->issued_from = g_strdup ("2024-03-01");
  filter->issued_to = g_strdup ("2024-03-01");
  g_assert_cmpint (count (f, filter), ==, 1);
  g_clear_pointer (&filter->issued_to, g_free);
  g_free (filter->issued_from);
  filter->issued_from = g_strdup ("2024-03-02");
  g_assert_cmpint (count (f, filter), ==, 3);
  g_clear_pointer (&filter->issued_from, g_free);

  /* The search: a trainee's name, the last digits of an ID number, the
   * start of a certificate number. */
  filter->search = g_strdup ("学员2");
  g_assert_cmpint (count (f, filter), ==, 2);
  g_free (filter->search);
  last_digits = test_id_number (1);
  filter->search = g_strdup (last_digits + 12);
  g_assert_cmpint (count (f, filter), ==, 2);
  g_free (filter->search);
  filter->search = g_strdup ("N-10");
  g_assert_cmpint (count (f, filter), ==, 2);
  g_free (filter->search);
  filter->search = g_strdup ("M-200");
  g_assert_cmpint (count (f, filter), ==, 1);
  /* Combined with another filter. */
  filter->kind = UP_CERTIFICATION_KIND_ACADEMIC_DEGREE;
  g_assert_cmpint (count (f, filter), ==, 0);
  filter->kind = -1;
  g_clear_pointer (&filter->search, g_free);

  /* The model: the same filters, newest issue first, rows filled in. */
  db = up_database_new (f->conninfo);
  up_database_connect_sync (db, NULL, &error);
  g_assert_no_error (error);
  list = up_certification_list_new (db);
  wait_until_idle (list);
  g_assert_null (up_certification_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == UP_TYPE_CERTIFICATION);
  last_row = g_list_model_get_item (G_LIST_MODEL (list), 3);
  wait_until_idle (list);
  g_assert_true (up_certification_get_loaded (last_row));
  g_assert_cmpstr (up_certification_get_certificate_no (last_row), ==, "N-100");
  g_assert_cmpstr (up_certification_get_issued_on (last_row), ==, "2024-03-01");
  g_assert_cmpstr (up_certification_get_academy_name (last_row), ==, "工匠学院 CQ-WELD");

  filter->occupation = g_strdup ("电工");
  up_certification_list_set_filter (list, filter);
  wait_until_idle (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  first_row = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (up_certification_get_loaded (first_row));
  g_assert_cmpstr (up_certification_get_trainee_name (first_row), ==, "学员2");
  g_assert_cmpstr (up_certification_get_academy_name (first_row), ==, "工匠学院 CQ-RAIL");
  g_assert_cmpstr (up_certification_get_course_title (first_row), ==, "焊工（中级）培训班");

  g_clear_object (&list);
  up_database_close (db);
}

static void
test_suggest_distinct_values (Fixture       *f,
                              gconstpointer  data)
{
  g_auto(GStrv) occupations = NULL;
  g_auto(GStrv) bodies = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "焊工", "电工", "焊工", "车工" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *number = g_strdup_printf ("G-%u", i);
      g_autoptr(UpCertificationInput) input = skill_input (test_trainee (f->conn, f->academy, 10 + i),
                                                          names[i], 5, number);
      g_autoptr(UpCertificationResult) result = record (f->conn, input);
    }

  occupations = up_certification_suggest (f->conn, UP_CERTIFICATION_SUGGEST_OCCUPATION, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (occupations), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) occupations, "焊工"));
  g_assert_true (g_strv_contains ((const char * const *) occupations, "车工"));

  bodies = up_certification_suggest (f->conn, UP_CERTIFICATION_SUGGEST_ISSUING_BODY, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (bodies), ==, 1);
  g_assert_cmpstr (bodies[0], ==, "重庆市职业技能鉴定指导中心");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  /* The sentences the tests compare are the English ones. */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/certification/record/computes-claim-and-raises-level", Fixture, NULL,
              fixture_setup, test_record_computes_claim, fixture_teardown);
  g_test_add ("/certification/record/each-kind-with-its-level", Fixture, NULL,
              fixture_setup, test_record_each_kind, fixture_teardown);
  g_test_add ("/certification/record/refusals-name-the-field", Fixture, NULL,
              fixture_setup, test_validate_names_fields, fixture_teardown);
  g_test_add ("/certification/record/number-unique-per-issuing-body", Fixture, NULL,
              fixture_setup, test_duplicate_number_per_issuer, fixture_teardown);
  g_test_add ("/certification/edit/recomputes-claim-and-refuses-stale-copy", Fixture, NULL,
              fixture_setup, test_edit_recomputes_claim, fixture_teardown);
  g_test_add ("/certification/record/course-gives-academy-and-hours", Fixture, NULL,
              fixture_setup, test_course_gives_academy_and_hours, fixture_teardown);
  g_test_add ("/certification/record/says-the-rule-that-raised-the-claim", Fixture, NULL,
              fixture_setup, test_describe_says_rule_that_raised, fixture_teardown);
  g_test_add ("/certification/list/filters-and-count", Fixture, NULL,
              fixture_setup, test_list_filters_and_count, fixture_teardown);
  g_test_add ("/certification/suggest/distinct-occupations-and-bodies", Fixture, NULL,
              fixture_setup, test_suggest_distinct_values, fixture_teardown);

  ret = g_test_run ();

  up_test_pg_shutdown ();

  return ret;
}
