/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The money rules of schema v4, held by the database: each subsidy rule on
 * its own, allowed and refused, with the reason it records; the amount by
 * issue date across policy changes; every move of claims and batches; a
 * submitted batch frozen; caps, quotas and budgets under two connections at
 * the same moment; a failed batch payment paying nothing; audit rows; sums
 * exact to the fen. */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdarg.h>
#include <string.h>

#include "up-error.h"
#include "up-money.h"
#include "up-pg.h"
#include "up-subsidy-rule.h"
#include "up-test-course-data.h"
#include "up-test-pg.h"

typedef struct
{
  char    *conninfo;
  PGconn  *conn;
  char    *academy;
  char    *major;
  char    *course;      /* 200 hours */
  char    *trainee;     /* born 1980, union member */
  char    *trainee2;
  char    *scheme;
  guint    n_certs;
} Fixture;

/* Runs @sql with the NULL-terminated text parameters that follow; returns
 * the first value of the first row (NULL when none). */
static char *
sqlv (PGconn     *conn,
      const char *sql,
      va_list     ap)
{
  const char *params[16];
  int n = 0;
  const char *p;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;

  while ((p = va_arg (ap, const char *)) != NULL)
    {
      g_assert_cmpint (n, <, (int) G_N_ELEMENTS (params));
      params[n++] = g_str_equal (p, "NULL") ? NULL : p;
    }
  result = up_pg_exec (conn, sql, n, params, &error);
  if (error != NULL)
    g_error ("%s\nfailed: %s", sql, error->message);
  if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) == 0 || PQgetisnull (result, 0, 0))
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}

static G_GNUC_NULL_TERMINATED char *
sql (Fixture    *f,
     const char *sql_text,
     ...)
{
  va_list ap;
  char *value;

  va_start (ap, sql_text);
  value = sqlv (f->conn, sql_text, ap);
  va_end (ap);
  return value;
}

/* @sql must fail with the constraint named (a CHECK or a rule's trigger). */
static G_GNUC_NULL_TERMINATED void
refused (Fixture    *f,
         const char *constraint,
         const char *sql_text,
         ...)
{
  const char *params[16];
  int n = 0;
  const char *p;
  va_list ap;
  g_autoptr(PGresult) result = NULL;
  const char *got;

  va_start (ap, sql_text);
  while ((p = va_arg (ap, const char *)) != NULL)
    params[n++] = g_str_equal (p, "NULL") ? NULL : p;
  va_end (ap);

  result = PQexecParams (f->conn, sql_text, n, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_FATAL_ERROR)
    g_error ("%s\nsucceeded; expected %s", sql_text, constraint);
  got = PQresultErrorField (result, PG_DIAG_CONSTRAINT_NAME);
  if (g_strcmp0 (got, constraint) != 0)
    g_error ("%s\nfailed with %s (%s); expected %s", sql_text, got, PQresultErrorMessage (result), constraint);
  /* Every refusal reads as a sentence. */
  g_assert_nonnull (up_error_describe_constraint (constraint));
}

#define SQL(f, ...) g_free (sql (f, __VA_ARGS__, NULL))

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 academy, major;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);

  academy = test_academy (f->conn, "YB-01");
  major = test_major (f->conn, academy, "焊工");
  f->academy = g_strdup_printf ("%" G_GINT64_FORMAT, academy);
  f->major = g_strdup_printf ("%" G_GINT64_FORMAT, major);
  f->course = sql (f, "INSERT INTO courses (academy_id, major_id, kind, title, start_date, end_date, hours, capacity) "
                      "VALUES ($1, $2, 'skill', '焊工培训班', current_date - 120, current_date - 60, 200, 50) "
                      "RETURNING id", f->academy, f->major, NULL);
  f->trainee = g_strdup_printf ("%" G_GINT64_FORMAT, test_trainee (f->conn, academy, 1));
  f->trainee2 = g_strdup_printf ("%" G_GINT64_FORMAT, test_trainee (f->conn, academy, 2));
  SQL (f, "UPDATE trainees SET union_member = true WHERE id = $1", f->trainee);
  f->scheme = sql (f, "SELECT up_default_scheme_id ()", NULL);

  /* The demo's rates, since 2020. */
  SQL (f, "INSERT INTO subsidy_policies (name, kind, skill_level, academic_level, amount_fen, valid_from) "
          "VALUES ('初级工', 'skill_level', 5, NULL, 70000, '2020-01-01'),"
          "       ('中级工', 'skill_level', 4, NULL, 100000, '2020-01-01'),"
          "       ('高级工', 'skill_level', 3, NULL, 150000, '2020-01-01'),"
          "       ('技师', 'skill_level', 2, NULL, 200000, '2020-01-01'),"
          "       ('高级技师', 'skill_level', 1, NULL, 300000, '2020-01-01'),"
          "       ('专项职业能力', 'special_ability', NULL, NULL, 50000, '2020-01-01'),"
          "       ('大专', 'academic_degree', NULL, 'junior_college', 300000, '2020-01-01'),"
          "       ('本科', 'academic_degree', NULL, 'bachelor', 300000, '2020-01-01')");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->conn, PQfinish);
  g_free (f->conninfo);
  g_free (f->academy);
  g_free (f->major);
  g_free (f->course);
  g_free (f->trainee);
  g_free (f->trainee2);
  g_free (f->scheme);
}

/* Records a certificate @days_ago days ago and returns its id. */
static char *
certify_full (Fixture    *f,
              const char *trainee,
              const char *kind,
              const char *occupation,
              const char *skill_level,
              const char *academic_level,
              const char *days_ago,
              const char *course)
{
  g_autofree char *number = g_strdup_printf ("C%06u", ++f->n_certs);

  return sql (f, "INSERT INTO certifications (academy_id, trainee_id, course_id, kind, occupation, skill_level, "
                 "  academic_level, certificate_no, issuing_body, issued_on) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '重庆市职业技能鉴定中心', current_date - $9::int) "
                 "RETURNING id",
              f->academy, trainee, course != NULL ? course : "NULL", kind, occupation,
              skill_level != NULL ? skill_level : "NULL", academic_level != NULL ? academic_level : "NULL",
              number, days_ago, NULL);
}

static char *
certify (Fixture    *f,
         const char *trainee,
         const char *occupation,
         const char *skill_level,
         const char *days_ago)
{
  return certify_full (f, trainee, "skill_level", occupation, skill_level, NULL, days_ago, NULL);
}

/* "state|amount_fen[|refused_by]" of a certificate's claim. */
static char *
claim_of (Fixture    *f,
          const char *cert)
{
  return sql (f, "SELECT concat_ws ('|', state, amount_fen, refused_by) FROM subsidies WHERE certification_id = $1",
              cert, NULL);
}

static char *
claim_id (Fixture    *f,
          const char *cert)
{
  return sql (f, "SELECT id FROM subsidies WHERE certification_id = $1", cert, NULL);
}

/* The claim's rule trail: "rule:outcome:amount[:limit[:actual]]" joined by ", ". */
static char *
trail_of (Fixture    *f,
          const char *cert)
{
  return sql (f, "SELECT string_agg (concat_ws (':', r.rule, r.outcome, r.amount_fen, r.limit_value, r.actual_value), "
                 "                   ', ' ORDER BY r.seq) "
                 "FROM subsidy_rule_results r JOIN subsidies s ON s.id = r.subsidy_id WHERE s.certification_id = $1",
              cert, NULL);
}

#define assert_claim(f, cert, expected) G_STMT_START { \
    g_autofree char *got_ = claim_of ((f), (cert));    \
    g_assert_cmpstr (got_, ==, (expected));            \
  } G_STMT_END

#define assert_trail(f, cert, expected) G_STMT_START { \
    g_autofree char *got_ = trail_of ((f), (cert));    \
    g_assert_cmpstr (got_, ==, (expected));            \
  } G_STMT_END

/* Each rule on its own ------------------------------------------------------- */

static void
test_rate_by_issue_date (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *old = NULL;
  g_autofree char *new = NULL;

  /* From 100 days ago, level 4 pays 1,200 yuan; before that 1,000. */
  SQL (f, "UPDATE subsidy_policies SET valid_to = current_date - 101 WHERE skill_level = 4");
  SQL (f, "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from) "
          "VALUES ('中级工（新）', 'skill_level', 4, 120000, current_date - 100)");
  old = certify (f, f->trainee, "焊工", "4", "101");
  new = certify (f, f->trainee2, "焊工", "4", "100");
  assert_claim (f, old, "pending|100000");
  assert_claim (f, new, "pending|120000");
  assert_trail (f, new, "rate:applied:120000:120000");
}

static void
test_no_policy (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *permit = certify_full (f, f->trainee, "special_operation", "电工作业", NULL, NULL, "10", NULL);
  g_autofree char *master = certify_full (f, f->trainee, "academic_degree", "机械制造", NULL, "postgraduate", "10", NULL);
  g_autofree char *words = up_subsidy_rule_explain ("no_policy", "refused", 0, NULL, NULL);

  assert_claim (f, permit, "rejected|0|no_policy");
  assert_claim (f, master, "rejected|0|no_policy");
  assert_trail (f, permit, "no_policy:refused:0");
  g_assert_nonnull (strstr (words, "rate"));
}

static char *
trainee_born (Fixture    *f,
              int         year,
              guint       seq)
{
  char first17[18];
  g_autofree char *id_number = NULL;

  g_snprintf (first17, sizeof first17, "500103%04d0101%03u", year, seq);
  id_number = g_strdup_printf ("%s%c", first17, up_id_number_check_character (first17));
  return sql (f, "INSERT INTO trainees (academy_id, id_number, name) VALUES ($1, $2, '测试') RETURNING id",
              f->academy, id_number, NULL);
}

static void
test_age_at_issue_date (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int this_year = g_date_time_get_year (now);
  g_autofree char *young = trainee_born (f, this_year - 15, 11);
  g_autofree char *old = trainee_born (f, this_year - 62, 12);
  g_autofree char *fine = trainee_born (f, this_year - 40, 13);
  g_autofree char *c1 = certify (f, young, "焊工", "5", "1");
  g_autofree char *c2 = certify (f, old, "焊工", "5", "1");
  g_autofree char *c3 = certify (f, fine, "焊工", "5", "1");
  g_autofree char *words = NULL;

  assert_claim (f, c1, "rejected|0|age");
  assert_claim (f, c2, "rejected|0|age");
  assert_claim (f, c3, "pending|70000");
  {
    g_autofree char *trail = trail_of (f, c2);

    /* 61 or 62, depending on the day of the year. */
    g_assert_true (g_str_has_prefix (trail, "rate:applied:70000:70000, age:refused:0:60:6"));
  }

  /* The range is the scheme's to change, or to switch off. */
  SQL (f, "UPDATE subsidy_schemes SET max_age = NULL WHERE id = $1", f->scheme);
  SQL (f, "SELECT up_recompute_claims ()");
  assert_claim (f, c2, "pending|70000");
  assert_claim (f, c1, "rejected|0|age");

  words = up_subsidy_rule_explain ("age", "refused", 0, "16", "14");
  g_assert_nonnull (strstr (words, "16"));
  g_assert_nonnull (strstr (words, "14"));
}

static void
test_union_membership (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *member = NULL;
  g_autofree char *other = NULL;

  SQL (f, "UPDATE subsidy_schemes SET union_required = true WHERE id = $1", f->scheme);
  member = certify (f, f->trainee, "焊工", "4", "5");
  other = certify (f, f->trainee2, "焊工", "4", "5");
  assert_claim (f, member, "pending|100000");
  assert_claim (f, other, "rejected|0|union_member");
}

static void
test_claim_window (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *late = NULL;
  g_autofree char *in_time = NULL;
  g_autofree char *trail = NULL;

  late = certify (f, f->trainee, "焊工", "4", "400");
  in_time = certify (f, f->trainee2, "焊工", "4", "300");
  assert_claim (f, late, "rejected|0|claim_window");
  assert_claim (f, in_time, "pending|100000");
  trail = trail_of (f, late);
  g_assert_true (g_str_has_suffix (trail, "claim_window:refused:0:12:400"));

  /* A longer period, then the claim computed again. */
  SQL (f, "UPDATE subsidy_schemes SET claim_window_months = 24 WHERE id = $1", f->scheme);
  g_free (sql (f, "SELECT up_recompute_claims ()", NULL));
  assert_claim (f, late, "pending|100000");
}

static void
test_minimum_hours (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *short_course = sql (f, "INSERT INTO courses (academy_id, major_id, kind, title, start_date, "
                                          "  end_date, hours, capacity) "
                                          "VALUES ($1, $2, 'skill', '短训班', current_date - 30, current_date - 20, "
                                          "        59.5, 30) RETURNING id", f->academy, f->major, NULL);
  g_autofree char *c1 = certify_full (f, f->trainee, "skill_level", "焊工", "5", NULL, "5", short_course);
  g_autofree char *c2 = certify_full (f, f->trainee2, "skill_level", "焊工", "5", NULL, "5", f->course);
  /* Without a course the rule does not apply; levels 2 and 1 have no minimum. */
  g_autofree char *c3 = certify_full (f, f->trainee, "skill_level", "电工", "4", NULL, "5", NULL);
  g_autofree char *c4 = certify_full (f, f->trainee2, "skill_level", "钳工", "2", NULL, "5", short_course);

  assert_claim (f, c1, "rejected|0|min_hours");
  assert_trail (f, c1, "rate:applied:70000:70000, min_hours:refused:0:60.0:59.5");
  assert_claim (f, c2, "pending|70000");
  assert_claim (f, c3, "pending|100000");
  assert_claim (f, c4, "pending|200000");
}

static void
test_once_per_level (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *first = certify (f, f->trainee, "焊工", "4", "200");
  g_autofree char *again = certify (f, f->trainee, "焊工", "4", "10");
  g_autofree char *other = certify (f, f->trainee, "电工", "4", "10");

  assert_claim (f, first, "pending|100000");
  assert_claim (f, again, "rejected|0|once_per_level");
  assert_claim (f, other, "pending|100000");

  /* Switched off, the second one is paid too. */
  SQL (f, "UPDATE subsidy_schemes SET once_per_level = false, annual_count_cap = NULL WHERE id = $1", f->scheme);
  g_free (sql (f, "SELECT up_recompute_claims ()", NULL));
  assert_claim (f, again, "pending|100000");
}

static void
test_no_downgrade (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *high = certify (f, f->trainee, "焊工", "3", "300");
  g_autofree char *low = certify (f, f->trainee, "焊工", "4", "10");

  assert_claim (f, high, "pending|150000");
  assert_claim (f, low, "rejected|0|no_downgrade");
  assert_trail (f, low, "rate:applied:100000:100000, no_downgrade:refused:0:3:2");
}

static void
test_highest_of_the_year (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  g_autofree char *low_id = NULL;
  g_autofree char *c5 = NULL;
  g_autofree char *c3 = NULL;
  g_autofree char *c5_id = NULL;

  /* Two promotions in one year, both pending: the higher one is paid and
   * the lower one gives way. */
  low = certify (f, f->trainee, "焊工", "5", "0");
  high = certify (f, f->trainee, "焊工", "4", "0");
  assert_claim (f, high, "pending|100000");
  assert_claim (f, low, "rejected|0|highest_per_year");
  low_id = claim_id (f, low);

  /* When the lower one was approved already, only the difference is paid. */
  c5 = certify (f, f->trainee2, "电工", "5", "0");
  c5_id = claim_id (f, c5);
  SQL (f, "UPDATE subsidies SET state = 'approved' WHERE id = $1", c5_id);
  c3 = certify (f, f->trainee2, "电工", "3", "0");
  assert_claim (f, c3, "pending|80000");
  assert_trail (f, c3, "rate:applied:150000:150000, highest_per_year:reduced:80000:70000");
}

static void
test_shortage_uplift (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *c1 = NULL;
  g_autofree char *c2 = NULL;

  SQL (f, "INSERT INTO shortage_occupations (occupation, uplift_percent) VALUES ('焊工', 20)");
  c1 = certify (f, f->trainee, "焊工", "4", "1");
  c2 = certify (f, f->trainee2, "电工", "4", "1");
  assert_claim (f, c1, "pending|120000");
  assert_trail (f, c1, "rate:applied:100000:100000, shortage_uplift:raised:120000:20");
  assert_claim (f, c2, "pending|100000");

  /* Rounded half up to the fen: 700 yuan + 15 % = 805 yuan; 333 fen + 15 % = 382.95 → 383. */
  SQL (f, "UPDATE shortage_occupations SET uplift_percent = 15");
  SQL (f, "UPDATE subsidy_policies SET amount_fen = 333 WHERE skill_level = 4");
  g_free (sql (f, "SELECT up_recompute_claims ()", NULL));
  assert_claim (f, c1, "pending|383");
}

static void
test_yearly_count_cap (Fixture       *f,
                       gconstpointer  data)
{
  const char *occupations[] = { "焊工", "电工", "钳工", "车工" };
  char *certs[G_N_ELEMENTS (occupations)];

  for (guint i = 0; i < G_N_ELEMENTS (occupations); i++)
    certs[i] = certify (f, f->trainee, occupations[i], "5", "0");
  assert_claim (f, certs[0], "pending|70000");
  assert_claim (f, certs[2], "pending|70000");
  assert_claim (f, certs[3], "rejected|0|annual_count_cap");
  assert_trail (f, certs[3], "rate:applied:70000:70000, annual_count_cap:refused:0:3:3");

  /* A claim a manager rejects frees its place, once the claims are computed again. */
  {
    g_autofree char *id = claim_id (f, certs[0]);

    SQL (f, "UPDATE subsidies SET state = 'rejected', reason = '材料不全' WHERE id = $1", id);
    g_free (sql (f, "SELECT up_recompute_claims ()", NULL));
    assert_claim (f, certs[3], "pending|70000");
    /* The manager's decision stays as it was. */
    assert_claim (f, certs[0], "rejected|70000");
  }
  for (guint i = 0; i < G_N_ELEMENTS (occupations); i++)
    g_free (certs[i]);
}

static void
test_yearly_amount_cap (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *c1 = NULL;
  g_autofree char *c2 = NULL;
  g_autofree char *c3 = NULL;

  SQL (f, "UPDATE subsidy_schemes SET annual_amount_cap_fen = 200000 WHERE id = $1", f->scheme);
  c1 = certify (f, f->trainee, "焊工", "3", "0");
  c2 = certify (f, f->trainee, "电工", "4", "0");
  c3 = certify (f, f->trainee, "钳工", "5", "0");
  assert_claim (f, c1, "pending|150000");
  assert_claim (f, c2, "pending|50000");
  assert_trail (f, c2, "rate:applied:100000:100000, annual_amount_cap:reduced:50000:200000:150000");
  assert_claim (f, c3, "rejected|0|annual_amount_cap");
}

static void
test_recompute_leaves_decided_claims (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *approved = certify (f, f->trainee, "焊工", "4", "10");
  g_autofree char *pending = certify (f, f->trainee2, "焊工", "4", "10");
  g_autofree char *id = claim_id (f, approved);
  g_autofree char *changed = NULL;

  SQL (f, "UPDATE subsidies SET state = 'approved' WHERE id = $1", id);
  SQL (f, "UPDATE subsidy_policies SET amount_fen = 110000 WHERE skill_level = 4");
  changed = sql (f, "SELECT up_recompute_claims ()", NULL);
  g_assert_cmpstr (changed, ==, "1");
  assert_claim (f, approved, "approved|100000");
  assert_claim (f, pending, "pending|110000");
}

static void
test_every_rule_has_words (Fixture       *f,
                           gconstpointer  data)
{
  const char * const *names = up_subsidy_rule_names ();
  g_autofree char *known = sql (f, "SELECT pg_get_constraintdef (oid) FROM pg_constraint "
                                   "WHERE conname = 'subsidy_rule_results_rule_known'", NULL);
  guint n = 0;

  for (; *names != NULL; names++, n++)
    {
      g_autofree char *quoted = g_strdup_printf ("'%s'", *names);
      g_autofree char *words = up_subsidy_rule_explain (*names, "refused", 0, "3", "4");

      g_assert_nonnull (strstr (known, quoted));
      g_assert_nonnull (up_subsidy_rule_label (*names));
      g_assert_cmpstr (words, !=, *names);
    }
  g_assert_cmpuint (n, ==, 12);
}

/* Claim moves --------------------------------------------------------------- */

static char *
pending_claim (Fixture    *f,
               const char *trainee,
               const char *occupation)
{
  g_autofree char *cert = certify (f, trainee, occupation, "4", "1");

  return claim_id (f, cert);
}

static void
test_claim_moves (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *c = pending_claim (f, f->trainee, "焊工");
  g_autofree char *d = pending_claim (f, f->trainee2, "焊工");
  const char *move = "UPDATE subsidies SET state = $2, reason = $3 WHERE id = $1";

  refused (f, "subsidies_state_move", move, c, "paid", "NULL", NULL);
  refused (f, "subsidies_state_move", move, c, "failed", "NULL", NULL);
  refused (f, "subsidies_rejected_has_reason", move, c, "rejected", "NULL", NULL);
  SQL (f, move, c, "approved", "NULL");
  refused (f, "subsidies_return_has_reason", move, c, "pending", "NULL", NULL);
  refused (f, "subsidies_state_move", move, c, "rejected", "不符合条件", NULL);
  refused (f, "subsidies_amount_fixed", "UPDATE subsidies SET amount_fen = 1 WHERE id = $1", c, NULL);
  SQL (f, move, c, "pending", "证书待核验");
  SQL (f, move, c, "approved", "NULL");

  SQL (f, move, d, "rejected", "证书编号不符");
  /* A manager's rejection is final; only a rule's refusal is computed again. */
  refused (f, "subsidies_state_move", move, d, "pending", "NULL", NULL);
  refused (f, "subsidies_state_move", move, d, "approved", "NULL", NULL);
}

/* Batches -------------------------------------------------------------------- */

static char *
new_batch (Fixture    *f,
           const char *name,
           const char *budget)
{
  return sql (f, "INSERT INTO payment_batches (name, fund, budget_fen) VALUES ($1, 'special', $2) RETURNING id",
              name, budget, NULL);
}

static void
test_batch_lifecycle_and_freeze (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *c = pending_claim (f, f->trainee, "焊工");
  g_autofree char *d = pending_claim (f, f->trainee2, "焊工");
  g_autofree char *e = pending_claim (f, f->trainee2, "电工");
  g_autofree char *b = new_batch (f, "2026年第1批", "10000000");
  g_autofree char *payee = NULL;
  g_autofree char *state = NULL;
  g_autofree char *paid = NULL;
  const char *join = "UPDATE subsidies SET batch_id = $2 WHERE id = $1";
  const char *batch_move = "UPDATE payment_batches SET state = $2 WHERE id = $1";

  refused (f, "payment_batches_not_empty", batch_move, b, "submitted", NULL);
  refused (f, "subsidies_batch_needs_approval", join, c, b, NULL);
  g_autofree char *ids = g_strdup_printf ("{%s,%s,%s}", c, d, e);

  SQL (f, "UPDATE subsidies SET state = 'approved' WHERE id = ANY ($1::bigint[])", ids);
  SQL (f, join, c, b);
  SQL (f, join, d, b);
  SQL (f, join, e, b);
  /* A draft gives claims back freely. */
  SQL (f, "UPDATE subsidies SET batch_id = NULL WHERE id = $1", e);
  SQL (f, join, e, b);

  refused (f, "payment_batches_state_move", batch_move, b, "notice", NULL);
  refused (f, "payment_batches_state_move", batch_move, b, "paid", NULL);
  SQL (f, batch_move, b, "submitted");

  /* Frozen: no claim in or out, no amount, no budget changes; later edits
   * of the trainee do not reach the batch. */
  refused (f, "payment_batches_frozen", "UPDATE subsidies SET batch_id = NULL WHERE id = $1", c, NULL);
  refused (f, "payment_batches_frozen", "UPDATE payment_batches SET budget_fen = 1 WHERE id = $1", b, NULL);
  refused (f, "subsidies_batch_needs_approval", "UPDATE subsidies SET state = 'pending', reason = '复核' WHERE id = $1",
           c, NULL);
  SQL (f, "UPDATE trainees SET name = '改名' WHERE id = $1", f->trainee);
  payee = sql (f, "SELECT payee_name FROM subsidies WHERE id = $1", c, NULL);
  g_assert_cmpstr (payee, ==, "学员1");
  refused (f, "payment_batches_frozen", "UPDATE subsidies SET payee_name = '改名' WHERE id = $1", c, NULL);

  refused (f, "payment_batches_notice_period", batch_move, b, "notice", NULL);
  SQL (f, "UPDATE payment_batches SET state = 'notice', notice_from = current_date, notice_to = current_date + 6 "
          "WHERE id = $1", b);
  /* During the notice a claim may be withdrawn, with a reason. */
  SQL (f, "UPDATE subsidies SET batch_id = NULL, state = 'pending', reason = '公示期间收到异议' WHERE id = $1", e);
  refused (f, "payment_batches_notice_period",
           "UPDATE payment_batches SET notice_to = current_date + 1 WHERE id = $1", b, NULL);
  refused (f, "payment_batches_notice_running", batch_move, b, "approved", NULL);
  /* (The notice ended: as if a week went by.) */
  SQL (f, "ALTER TABLE payment_batches DISABLE TRIGGER payment_batches_guard");
  SQL (f, "UPDATE payment_batches SET notice_from = current_date - 8, notice_to = current_date - 1 WHERE id = $1", b);
  SQL (f, "ALTER TABLE payment_batches ENABLE TRIGGER payment_batches_guard");
  SQL (f, batch_move, b, "approved");

  /* Claims are paid only by paying the batch. */
  refused (f, "subsidies_paid_by_batch", "UPDATE subsidies SET state = 'paid' WHERE id = $1", c, NULL);
  refused (f, "subsidies_paid_by_batch", batch_move, b, "paid", NULL);

  /* A payment that fails pays nothing. */
  refused (f, "subsidies_not_in_batch", "SELECT up_pay_batch ($1, ARRAY[$2]::bigint[])", b, e, NULL);
  state = sql (f, "SELECT string_agg (DISTINCT s.state::text, ',') || '/' || b.state FROM subsidies s "
                  "JOIN payment_batches b ON b.id = s.batch_id WHERE b.id = $1 GROUP BY b.state", b, NULL);
  g_assert_cmpstr (state, ==, "approved/approved");

  paid = sql (f, "SELECT up_pay_batch ($1, ARRAY[$2]::bigint[])", b, d, NULL);
  g_assert_cmpstr (paid, ==, "100000");
  g_clear_pointer (&state, g_free);
  state = sql (f, "SELECT string_agg (id || ':' || state, ',' ORDER BY id) FROM subsidies WHERE batch_id = $1", b, NULL);
  {
    g_autofree char *expected = g_strdup_printf ("%s:paid,%s:failed", c, d);
    g_assert_cmpstr (state, ==, expected);
  }

  /* Paid is final; a failed claim is reissued into a later batch. */
  refused (f, "subsidies_paid_final", "UPDATE subsidies SET state = 'approved' WHERE id = $1", c, NULL);
  refused (f, "payment_batches_state_move", batch_move, b, "draft", NULL);
  SQL (f, "UPDATE subsidies SET state = 'approved' WHERE id = $1", d);
  g_clear_pointer (&state, g_free);
  state = sql (f, "SELECT concat_ws ('|', state, batch_id, paid_at) FROM subsidies WHERE id = $1", d, NULL);
  g_assert_cmpstr (state, ==, "approved");
  refused (f, "payment_batches_frozen", "DELETE FROM payment_batches WHERE id = $1", b, NULL);
}

/* Caps, quotas and budgets under two connections ------------------------------ */

typedef struct
{
  PGconn *a;
  PGconn *b;
} Pair;

static void
pair_open (Fixture *f,
           Pair    *pair)
{
  g_autoptr(GError) error = NULL;

  pair->a = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  pair->b = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
}

static void
pair_close (Pair *pair)
{
  g_clear_pointer (&pair->a, PQfinish);
  g_clear_pointer (&pair->b, PQfinish);
}

/* The constraint of the statement's error, or "" when it succeeded. */
static char *
finish (PGconn *conn)
{
  PGresult *result;
  char *outcome = NULL;

  while ((result = PQgetResult (conn)) != NULL)
    {
      if (outcome == NULL)
        outcome = PQresultStatus (result) == PGRES_FATAL_ERROR
                  ? g_strdup (PQresultErrorField (result, PG_DIAG_CONSTRAINT_NAME))
                  : g_strdup ("");
      PQclear (result);
    }
  return outcome;
}

/* A holds its approval open while B's waits for it; then A commits: B's is
 * checked after A's and refused.  Then the same race without the pause, many
 * times: always exactly one of the two. */
static void
race (Fixture    *f,
      const char *sql_a,
      const char *param_a,
      const char *sql_b,
      const char *param_b,
      const char *undo_sql,
      const char *constraint)
{
  Pair pair = { 0 };
  const char *pa[] = { param_a };
  const char *pb[] = { param_b };
  g_autofree char *ra = NULL;
  g_autofree char *rb = NULL;

  pair_open (f, &pair);

  {
    PGresult *begin = PQexec (pair.a, "BEGIN");

    g_assert_cmpint (PQresultStatus (begin), ==, PGRES_COMMAND_OK);
    PQclear (begin);
  }
  g_assert_true (PQsendQueryParams (pair.a, sql_a, 1, NULL, pa, NULL, NULL, 0));
  ra = finish (pair.a);
  g_assert_cmpstr (ra, ==, "");
  g_assert_true (PQsendQueryParams (pair.b, sql_b, 1, NULL, pb, NULL, NULL, 0));
  g_usleep (200 * 1000);
  g_assert_true (PQconsumeInput (pair.b));
  g_assert_true (PQisBusy (pair.b));   /* waiting for A's lock */
  PQclear (PQexec (pair.a, "COMMIT"));
  rb = finish (pair.b);
  g_assert_cmpstr (rb, ==, constraint);

  for (int i = 0; i < 20; i++)
    {
      g_autofree char *x = NULL;
      g_autofree char *y = NULL;

      SQL (f, undo_sql);
      g_assert_true (PQsendQueryParams (pair.a, sql_a, 1, NULL, pa, NULL, NULL, 0));
      g_assert_true (PQsendQueryParams (pair.b, sql_b, 1, NULL, pb, NULL, NULL, 0));
      x = finish (pair.a);
      y = finish (pair.b);
      g_assert_true ((g_str_equal (x, "") && g_strcmp0 (y, constraint) == 0)
                     || (g_str_equal (y, "") && g_strcmp0 (x, constraint) == 0));
    }
  pair_close (&pair);
}

static void
test_concurrent_count_cap (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *c = pending_claim (f, f->trainee, "焊工");
  g_autofree char *d = pending_claim (f, f->trainee, "电工");
  g_autofree char *undo = g_strdup_printf ("UPDATE subsidies SET state = 'pending', reason = '重新审核' "
                                           "WHERE id IN (%s, %s) AND state = 'approved'", c, d);

  /* Both claims made under the cap of 3; the cap is now 1. */
  SQL (f, "UPDATE subsidy_schemes SET annual_count_cap = 1 WHERE id = $1", f->scheme);
  race (f, "UPDATE subsidies SET state = 'approved' WHERE id = $1", c,
        "UPDATE subsidies SET state = 'approved' WHERE id = $1", d, undo, "subsidies_annual_count_cap");
}

static void
test_concurrent_amount_cap (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *c = pending_claim (f, f->trainee, "焊工");
  g_autofree char *d = pending_claim (f, f->trainee, "电工");
  g_autofree char *undo = g_strdup_printf ("UPDATE subsidies SET state = 'pending', reason = '重新审核' "
                                           "WHERE id IN (%s, %s) AND state = 'approved'", c, d);

  SQL (f, "UPDATE subsidy_schemes SET annual_amount_cap_fen = 150000 WHERE id = $1", f->scheme);
  race (f, "UPDATE subsidies SET state = 'approved' WHERE id = $1", c,
        "UPDATE subsidies SET state = 'approved' WHERE id = $1", d, undo, "subsidies_annual_amount_cap");
}

static void
test_concurrent_academy_quota (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *c = pending_claim (f, f->trainee, "焊工");
  g_autofree char *d = pending_claim (f, f->trainee2, "焊工");
  g_autofree char *undo = g_strdup_printf ("UPDATE subsidies SET state = 'pending', reason = '重新审核' "
                                           "WHERE id IN (%s, %s) AND state = 'approved'", c, d);

  SQL (f, "INSERT INTO academy_quotas (academy_id, year, max_claims) "
          "VALUES ($1, extract (year FROM current_date - 1), 1)", f->academy);
  race (f, "UPDATE subsidies SET state = 'approved' WHERE id = $1", c,
        "UPDATE subsidies SET state = 'approved' WHERE id = $1", d, undo, "academy_quotas_exceeded");
}

static void
test_concurrent_batch_budget (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *c = pending_claim (f, f->trainee, "焊工");
  g_autofree char *d = pending_claim (f, f->trainee2, "焊工");
  g_autofree char *b = new_batch (f, "2026年第2批", "150000");
  g_autofree char *add = g_strdup_printf ("UPDATE subsidies SET batch_id = %s WHERE id = $1", b);
  g_autofree char *undo = g_strdup_printf ("UPDATE subsidies SET batch_id = NULL WHERE batch_id = %s", b);

  SQL (f, "UPDATE subsidies SET state = 'approved' WHERE id IN ($1, $2)", c, d);
  race (f, add, c, add, d, undo, "payment_batches_budget_exceeded");
}

/* Audit ---------------------------------------------------------------------- */

static void
test_audit_rows (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *person = sql (f, "SELECT current_setting ('upskill.person', true)", NULL);
  g_autofree char *c = NULL;
  g_autofree char *b = NULL;
  g_autofree char *history = NULL;
  g_autofree char *count = NULL;

  /* Every connection names its person (up_pg_connect); a client may name another. */
  g_assert_nonnull (person);
  g_assert_cmpstr (person, !=, "");
  SQL (f, "SELECT set_config ('upskill.person', '审核员 陈七', false)");
  c = pending_claim (f, f->trainee, "焊工");
  b = new_batch (f, "2026年第3批", "NULL");
  SQL (f, "UPDATE subsidies SET state = 'approved' WHERE id = $1", c);
  SQL (f, "UPDATE subsidies SET batch_id = $2 WHERE id = $1", c, b);
  SQL (f, "UPDATE subsidy_schemes SET annual_count_cap = 4 WHERE id = $1", f->scheme);
  SQL (f, "INSERT INTO shortage_occupations (occupation) VALUES ('钳工')");
  SQL (f, "UPDATE payment_batches SET state = 'submitted' WHERE id = $1", b);

  history = sql (f, "SELECT string_agg (concat_ws ('/', action, person, old_row->>'state', new_row->>'state', "
                    "                              new_row->>'batch_id' IS NOT NULL), ',' ORDER BY id) "
                    "FROM audit_log WHERE table_name = 'subsidies' AND row_id = $1", c, NULL);
  g_assert_cmpstr (history, ==, "INSERT/审核员 陈七/pending/f,UPDATE/审核员 陈七/pending/approved/f,"
                                "UPDATE/审核员 陈七/approved/approved/t,UPDATE/审核员 陈七/approved/approved/t");
  /* The scheme's update, the occupation and the scheme's version it moved
   * (schema v17), the batch's update. */
  count = sql (f, "SELECT count(*) FROM audit_log WHERE person = '审核员 陈七' "
                  "AND table_name IN ('subsidy_schemes', 'shortage_occupations', 'payment_batches')", NULL);
  g_assert_cmpstr (count, ==, "5");
  /* A trainee's history through the claims' audit rows. */
  g_clear_pointer (&count, g_free);
  count = sql (f, "SELECT count(*) FROM audit_log WHERE table_name = 'subsidies' "
                  "AND (coalesce (new_row, old_row) ->> 'trainee_id')::bigint = $1", f->trainee, NULL);
  g_assert_cmpstr (count, ==, "4");
}

/* Sums ----------------------------------------------------------------------- */

static void
test_sums_exact_over_100000_claims (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autofree char *sql_sum = NULL;
  g_autofree char *sql_yuan = NULL;
  g_autofree char *c_yuan = NULL;
  g_autofree char *sql_money = NULL;
  gint64 sum = 0;

  /* Certificates in bulk, their claims written directly with amounts that
   * use every fen digit. */
  SQL (f, "ALTER TABLE certifications DISABLE TRIGGER certifications_claim");
  SQL (f, "INSERT INTO certifications (academy_id, trainee_id, kind, occupation, skill_level, certificate_no, "
          "  issuing_body, issued_on) "
          "SELECT $1, CASE WHEN i % 2 = 0 THEN $2::bigint ELSE $3::bigint END, 'skill_level', '焊工', 5, "
          "       'B' || i, '鉴定中心', current_date - 1 FROM generate_series (1, 100000) i",
       f->academy, f->trainee, f->trainee2);
  SQL (f, "INSERT INTO subsidies (academy_id, trainee_id, certification_id, amount_fen) "
          "SELECT academy_id, trainee_id, id, (id * 7919) % 300001 + id % 100 FROM certifications");

  rows = up_pg_exec (f->conn, "SELECT amount_fen FROM subsidies", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (rows), ==, 100000);
  for (int i = 0; i < PQntuples (rows); i++)
    sum += g_ascii_strtoll (PQgetvalue (rows, i, 0), NULL, 10);

  sql_sum = sql (f, "SELECT sum (amount_fen) FROM subsidies", NULL);
  g_assert_cmpint (g_ascii_strtoll (sql_sum, NULL, 10), ==, sum);
  /* Yuan as numeric, and as the app writes them. */
  sql_yuan = sql (f, "SELECT (sum (amount_fen) / 100.0)::numeric(16,2) FROM subsidies", NULL);
  c_yuan = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", sum / 100, (int) (sum % 100));
  g_assert_cmpstr (sql_yuan, ==, c_yuan);
  sql_money = up_money_format (sum);
  g_assert_true (g_str_has_suffix (sql_money, c_yuan + strlen (c_yuan) - 3));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/subsidy-rules/rate/follows-the-issue-date", test_rate_by_issue_date);
  ADD ("/subsidy-rules/rate/none-refuses", test_no_policy);
  ADD ("/subsidy-rules/age/at-the-issue-date", test_age_at_issue_date);
  ADD ("/subsidy-rules/union-membership/when-required", test_union_membership);
  ADD ("/subsidy-rules/claim-window/months-after-issue", test_claim_window);
  ADD ("/subsidy-rules/minimum-hours/of-the-course", test_minimum_hours);
  ADD ("/subsidy-rules/once-per-level/for-life", test_once_per_level);
  ADD ("/subsidy-rules/no-downgrade/in-an-occupation", test_no_downgrade);
  ADD ("/subsidy-rules/highest-of-the-year/is-paid", test_highest_of_the_year);
  ADD ("/subsidy-rules/shortage-occupation/raises-the-amount", test_shortage_uplift);
  ADD ("/subsidy-rules/yearly-count-cap/refuses", test_yearly_count_cap);
  ADD ("/subsidy-rules/yearly-amount-cap/reduces-then-refuses", test_yearly_amount_cap);
  ADD ("/subsidy-rules/recompute/leaves-decided-claims", test_recompute_leaves_decided_claims);
  ADD ("/subsidy-rules/words/every-rule-has-them", test_every_rule_has_words);
  ADD ("/subsidy-rules/claims/moves", test_claim_moves);
  ADD ("/subsidy-rules/batches/lifecycle-and-freeze", test_batch_lifecycle_and_freeze);
  ADD ("/subsidy-rules/concurrent/yearly-count-cap", test_concurrent_count_cap);
  ADD ("/subsidy-rules/concurrent/yearly-amount-cap", test_concurrent_amount_cap);
  ADD ("/subsidy-rules/concurrent/academy-quota", test_concurrent_academy_quota);
  ADD ("/subsidy-rules/concurrent/batch-budget", test_concurrent_batch_budget);
  ADD ("/subsidy-rules/audit/every-change", test_audit_rows);
  ADD ("/subsidy-rules/sums/exact-over-100000-claims", test_sums_exact_over_100000_claims);
#undef ADD

  ret = g_test_run ();
  up_test_pg_shutdown ();
  return ret;
}
