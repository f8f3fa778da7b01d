/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <string.h>

#include "up-database.h"
#include "up-error.h"
#include "up-money.h"
#include "up-payment-batch.h"
#include "up-pg.h"
#include "up-subsidy-list.h"
#include "up-subsidy-scheme.h"
#include "up-subsidy.h"
#include "up-test-course-data.h"
#include "up-test-pg.h"

/* The store of claims, batches and schemes on a database of their own: the
 * rules are the database's (their own tests are the SQL tests); these check
 * that each call asks for the right thing, in one transaction, and reports
 * what the database decided. */

typedef struct
{
  char        *conninfo;
  PGconn      *conn;
  UpDatabase  *db;
  gint64       academy;
  gint64       academy2;
  guint        n_trainees;
  guint        n_certificates;
} Fixture;

/* The demo rates of issue 4, in fen; level 4 with odd fen to see sums exact. */
static const gint64 rate_fen[6] = { 0, 300000, 200000, 150000, 100050, 70001 };

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  f->academy = test_academy (f->conn, "YB-01");
  f->academy2 = test_academy (f->conn, "JJ-02");

  for (int level = 1; level <= 5; level++)
    {
      g_autofree char *l = g_strdup_printf ("%d", level);
      g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, rate_fen[level]);
      const char *params[] = { l, amount };

      up_pg_command (f->conn,
                     "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from) "
                     "VALUES ('技能等级 ' || $1, 'skill_level', $1::smallint, $2::bigint, '2020-01-01')",
                     2, params, &error);
      g_assert_no_error (error);
    }

  f->db = up_database_new (f->conninfo);
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  up_database_close (f->db);
  g_clear_object (&f->db);
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

/* A new trainee of @academy with a @level certificate in @occupation issued
 * @days_ago: recording it computes its claim, whose id is returned. */
static gint64
add_claim (Fixture    *f,
           gint64      academy,
           const char *occupation,
           int         level,
           int         days_ago)
{
  g_autoptr(GError) error = NULL;
  gint64 trainee = test_trainee (f->conn, academy, ++f->n_trainees);
  g_autofree char *academy_text = g_strdup_printf ("%" G_GINT64_FORMAT, academy);
  g_autofree char *trainee_text = g_strdup_printf ("%" G_GINT64_FORMAT, trainee);
  g_autofree char *level_text = g_strdup_printf ("%d", level);
  g_autofree char *number = g_strdup_printf ("S%06u", ++f->n_certificates);
  g_autofree char *days = g_strdup_printf ("%d", days_ago);
  const char *params[] = { academy_text, trainee_text, occupation, level_text, number, days };
  gint64 certification = 0;

  up_pg_query_int64 (f->conn,
                     "INSERT INTO certifications (academy_id, trainee_id, kind, occupation, skill_level, "
                     "                            certificate_no, issuing_body, issued_on) "
                     "VALUES ($1, $2, 'skill_level', $3, $4::smallint, $5, '重庆市职业技能鉴定中心', "
                     "        current_date - $6::integer) RETURNING id",
                     6, params, &certification, &error);
  g_assert_no_error (error);
  {
    g_autofree char *c = g_strdup_printf ("%" G_GINT64_FORMAT, certification);

    return test_query_int (f->conn, "SELECT id FROM subsidies WHERE certification_id = $1", c);
  }
}

static char *
claim_text (Fixture    *f,
            const char *column,
            gint64      id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s::text, '') FROM subsidies WHERE id = $1", column);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *params[] = { id_text };
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = up_pg_exec (f->conn, sql, 1, params, &error);

  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetvalue (result, 0, 0));
}

#define assert_claim_state(f, id, state) \
  G_STMT_START { \
    g_autofree char *s_ = claim_text ((f), "state", (id)); \
    g_assert_cmpstr (s_, ==, (state)); \
  } G_STMT_END

/* How long an async call may take to answer, on a busy machine too. */
#define ANSWER_SECONDS 60

static gboolean
uint_is_set (gpointer data)
{
  return *(guint *) data != G_MAXUINT;
}

static gboolean
count_is_set (gpointer data)
{
  return *(gint64 *) data >= 0;
}

static gboolean
version_is_set (gpointer data)
{
  return *(int *) data != 0;
}

/* Claims ----------------------------------------------------------------- */

static void
test_get_claim (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_claim (f, f->academy, "焊工", 4, 30);
  g_autoptr(UpSubsidy) claim = NULL;
  UpSubsidyRuleLine *line;
  UpAuditEntry *entry;
  guint n = 0;

  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, &id, 1, NULL, &n, &error);
  g_assert_no_error (error);

  claim = up_subsidy_get (f->conn, id, &error);
  g_assert_no_error (error);
  g_assert_true (up_subsidy_get_loaded (claim));
  g_assert_cmpint (up_subsidy_get_id (claim), ==, id);
  g_assert_cmpint (up_subsidy_get_amount_fen (claim), ==, rate_fen[4]);
  g_assert_cmpint (up_subsidy_get_state (claim), ==, UP_SUBSIDY_STATE_APPROVED);
  g_assert_cmpstr (up_subsidy_get_occupation (claim), ==, "焊工");
  g_assert_nonnull (strstr (up_subsidy_get_certificate_label (claim), "焊工"));
  g_assert_cmpstr (up_subsidy_get_trainee_name (claim), ==, "学员1");
  /* Masked by the server: region code and the last four only. */
  g_assert_true (g_str_has_prefix (up_subsidy_get_id_number_masked (claim), "500112********"));
  g_assert_cmpint (strlen (up_subsidy_get_id_number_masked (claim)), ==, 18);
  g_assert_null (up_subsidy_get_refused_by (claim));

  /* The rule trail: the rate applied, in words. */
  g_assert_cmpuint (up_subsidy_get_rule_lines (claim)->len, >=, 1);
  line = g_ptr_array_index (up_subsidy_get_rule_lines (claim), 0);
  g_assert_cmpstr (line->rule, ==, "rate");
  g_assert_cmpstr (line->outcome, ==, "applied");
  g_assert_cmpint (line->amount_fen, ==, rate_fen[4]);
  g_assert_nonnull (line->sentence);
  g_assert_cmpuint (strlen (line->sentence), >, 0);

  /* The history: computed (INSERT), then approved, with the person. */
  g_assert_cmpuint (up_subsidy_get_history (claim)->len, ==, 2);
  entry = g_ptr_array_index (up_subsidy_get_history (claim), 0);
  g_assert_cmpstr (entry->action, ==, "INSERT");
  g_assert_cmpstr (entry->new_state, ==, "pending");
  g_assert_cmpint (entry->new_amount_fen, ==, rate_fen[4]);
  entry = g_ptr_array_index (up_subsidy_get_history (claim), 1);
  g_assert_cmpstr (entry->action, ==, "UPDATE");
  g_assert_cmpstr (entry->old_state, ==, "pending");
  g_assert_cmpstr (entry->new_state, ==, "approved");
  g_assert_nonnull (entry->person);
  g_assert_nonnull (entry->db_role);
  g_assert_nonnull (entry->at);
  {
    g_autofree char *words = up_audit_entry_describe (entry);

    g_assert_nonnull (strstr (words, "→"));
  }

  g_assert_cmpuint (up_subsidy_get_trainee_history (claim)->len, ==, 2);

  /* The trainee's history: the same two rows. */
  {
    g_autoptr(GPtrArray) trainee = up_subsidy_list_trainee_history (f->conn, up_subsidy_get_trainee_id (claim), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (trainee->len, ==, 2);
    g_assert_cmpstr (((UpAuditEntry *) g_ptr_array_index (trainee, 1))->trainee_name, ==, "学员1");
  }

  /* A claim that is not there. */
  g_assert_null (up_subsidy_get (f->conn, id + 1000, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_FAILED);
}

static void
test_refused_claim_has_its_rule (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* More than 12 months after the issue date. */
  gint64 id = add_claim (f, f->academy, "电工", 5, 400);
  g_autoptr(UpSubsidy) claim = up_subsidy_get (f->conn, id, &error);
  UpSubsidyRuleLine *line;

  g_assert_no_error (error);
  g_assert_cmpint (up_subsidy_get_state (claim), ==, UP_SUBSIDY_STATE_REJECTED);
  g_assert_cmpstr (up_subsidy_get_refused_by (claim), ==, "claim_window");
  g_assert_cmpint (up_subsidy_get_amount_fen (claim), ==, 0);
  line = g_ptr_array_index (up_subsidy_get_rule_lines (claim), up_subsidy_get_rule_lines (claim)->len - 1);
  g_assert_cmpstr (line->rule, ==, "claim_window");
  g_assert_cmpstr (line->outcome, ==, "refused");
  g_assert_cmpstr (line->limit_value, ==, "12");
  g_assert_cmpstr (line->actual_value, ==, "400");
  g_assert_nonnull (strstr (line->sentence, "400"));
}

static void
test_approve_many (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 ids[4];
  UpSubsidyTotals totals;
  guint n = 0;

  ids[0] = add_claim (f, f->academy, "焊工", 4, 10);
  ids[1] = add_claim (f, f->academy, "焊工", 5, 20);
  ids[2] = add_claim (f, f->academy2, "钳工", 3, 30);
  /* Refused by a rule: not pending, so approving leaves it alone. */
  ids[3] = add_claim (f, f->academy, "钳工", 3, 400);

  up_subsidy_list_sum (f->conn, NULL, ids, 4, &totals, &error);
  g_assert_no_error (error);
  g_assert_cmpint (totals.count, ==, 4);
  g_assert_cmpint (totals.total_fen, ==, rate_fen[4] + rate_fen[5] + rate_fen[3]);

  g_assert_true (up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, ids, 4, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  assert_claim_state (f, ids[0], "approved");
  assert_claim_state (f, ids[1], "approved");
  assert_claim_state (f, ids[2], "approved");
  assert_claim_state (f, ids[3], "rejected");

  /* The totals of the approved, exact to the fen. */
  {
    UpSubsidyFilter filter;

    up_subsidy_filter_init (&filter);
    filter.state = UP_SUBSIDY_STATE_APPROVED;
    up_subsidy_list_sum (f->conn, &filter, NULL, 0, &totals, &error);
    g_assert_no_error (error);
    g_assert_cmpint (totals.count, ==, 3);
    g_assert_cmpint (totals.total_fen, ==, 100050 + 70001 + 150000);
    g_assert_cmpint (totals.total_fen,
                     ==, test_query_int (f->conn, "SELECT sum (amount_fen) FROM subsidies WHERE state = 'approved'",
                                         NULL));
    up_subsidy_filter_clear (&filter);
  }

  /* Approving again changes nothing. */
  g_assert_true (up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, ids, 4, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 0);
}

static void
test_reject_needs_reason (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_claim (f, f->academy, "焊工", 5, 10);
  guint n = 99;

  g_assert_false (up_subsidy_decide (f->conn, UP_SUBSIDY_REJECT, &id, 1, NULL, &n, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_cmpuint (n, ==, 0);
  g_clear_error (&error);
  g_assert_false (up_subsidy_decide (f->conn, UP_SUBSIDY_REJECT, &id, 1, " \t　", &n, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  assert_claim_state (f, id, "pending");

  g_assert_true (up_subsidy_decide (f->conn, UP_SUBSIDY_REJECT, &id, 1, " 证书与本人不符 ", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  assert_claim_state (f, id, "rejected");
  {
    g_autofree char *reason = claim_text (f, "reason", id);

    g_assert_cmpstr (reason, ==, "证书与本人不符");
  }

  /* Rejected by a person is final for the approve action. */
  g_assert_true (up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, &id, 1, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  assert_claim_state (f, id, "rejected");
}

static void
test_send_back (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_claim (f, f->academy, "焊工", 5, 10);
  guint n = 0;

  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, &id, 1, NULL, &n, &error);
  g_assert_no_error (error);

  g_assert_false (up_subsidy_decide (f->conn, UP_SUBSIDY_SEND_BACK, &id, 1, "", &n, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  assert_claim_state (f, id, "approved");

  g_assert_true (up_subsidy_decide (f->conn, UP_SUBSIDY_SEND_BACK, &id, 1, "学时记录待核实", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  assert_claim_state (f, id, "pending");
  {
    g_autofree char *reason = claim_text (f, "reason", id);

    g_assert_cmpstr (reason, ==, "学时记录待核实");
  }
}

static void
test_quota_refuses_all (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *academy = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy);
  const char *params[] = { academy };
  gint64 ids[2];
  guint n = 7;

  ids[0] = add_claim (f, f->academy, "焊工", 5, 10);
  ids[1] = add_claim (f, f->academy, "焊工", 4, 10);
  up_pg_command (f->conn, "INSERT INTO academy_quotas (academy_id, year, max_claims) "
                          "SELECT $1, subsidy_year, 1 FROM subsidies LIMIT 1", 1, params, &error);
  g_assert_no_error (error);

  /* Two at once over a quota of one: neither, with the rule's sentence. */
  g_assert_false (up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, ids, 2, NULL, &n, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "academy_quotas_exceeded");
  g_assert_cmpstr (error->message, ==, up_error_describe_constraint ("academy_quotas_exceeded"));
  assert_claim_state (f, ids[0], "pending");
  assert_claim_state (f, ids[1], "pending");
}

static void
decided_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  guint *n = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (up_subsidy_decide_finish (UP_DATABASE (object), result, n, &error));
  g_assert_no_error (error);
}

static void
summed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpSubsidyTotals *totals = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (up_subsidy_list_sum_finish (UP_DATABASE (object), result, totals, &error));
  g_assert_no_error (error);
}

static void
test_decide_async (Fixture       *f,
                   gconstpointer  data)
{
  gint64 ids[2];
  guint n = G_MAXUINT;
  UpSubsidyTotals totals = { -1, -1 };

  ids[0] = add_claim (f, f->academy, "焊工", 5, 10);
  ids[1] = add_claim (f, f->academy, "焊工", 3, 10);

  up_subsidy_decide_async (f->db, UP_SUBSIDY_APPROVE, ids, 2, NULL, NULL, decided_cb, &n);
  up_test_wait_until (uint_is_set, &n, ANSWER_SECONDS);
  g_assert_cmpuint (n, ==, 2);

  up_subsidy_list_sum_async (f->db, NULL, ids, 2, NULL, summed_cb, &totals);
  up_test_wait_until (count_is_set, &totals.count, ANSWER_SECONDS);
  g_assert_cmpint (totals.count, ==, 2);
  g_assert_cmpint (totals.total_fen, ==, rate_fen[5] + rate_fen[3]);
}

/* The list model ----------------------------------------------------------- */

static gboolean
list_is_idle (gpointer list)
{
  return !up_subsidy_list_get_loading (list);
}

static void
wait_until_idle (UpSubsidyList *list)
{
  up_test_drain_main_context ();
  up_test_wait_until (list_is_idle, list, ANSWER_SECONDS);
  g_assert_null (up_subsidy_list_get_error (list));
}

static guint
filtered (UpSubsidyList   *list,
          UpSubsidyFilter *filter)
{
  up_subsidy_list_set_filter (list, filter);
  wait_until_idle (list);
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpSubsidyList) list = up_subsidy_list_new (f->db);
  UpSubsidyFilter filter;
  gint64 ids[5];
  guint n = 0;
  gint64 year = test_query_int (f->conn, "SELECT extract (year FROM current_date - 10)::bigint", NULL);

  ids[0] = add_claim (f, f->academy, "焊工", 4, 10);
  ids[1] = add_claim (f, f->academy, "焊工", 5, 10);
  ids[2] = add_claim (f, f->academy2, "钳工", 3, 10);
  ids[3] = add_claim (f, f->academy2, "钳工", 3, 400);
  ids[4] = add_claim (f, f->academy, "电工", 2, 10);
  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, ids, 2, NULL, &n, &error);
  g_assert_no_error (error);

  /* The list loaded before the claims were made. */
  up_subsidy_list_reload (list);
  up_subsidy_filter_init (&filter);
  g_assert_cmpuint (filtered (list, &filter), ==, 5);
  g_assert_cmpint (up_subsidy_list_get_total_fen (list), ==, rate_fen[4] + rate_fen[5] + rate_fen[3] + rate_fen[2]);

  /* Newest claim first, every row loads in place. */
  {
    g_autoptr(UpSubsidy) first = g_list_model_get_item (G_LIST_MODEL (list), 0);

    wait_until_idle (list);
    g_assert_true (up_subsidy_get_loaded (first));
    g_assert_cmpint (up_subsidy_get_id (first), ==, up_subsidy_list_get_id_at (list, 0));
    g_assert_cmpint (up_subsidy_get_id (first), ==, ids[4]);
  }

  filter.state = UP_SUBSIDY_STATE_APPROVED;
  g_assert_cmpuint (filtered (list, &filter), ==, 2);
  g_assert_cmpint (up_subsidy_list_get_total_fen (list), ==, rate_fen[4] + rate_fen[5]);

  filter.state = -1;
  filter.academy_id = f->academy2;
  g_assert_cmpuint (filtered (list, &filter), ==, 2);

  filter.academy_id = 0;
  filter.rule = g_strdup ("claim_window");
  g_assert_cmpuint (filtered (list, &filter), ==, 1);
  g_assert_cmpint (up_subsidy_list_get_id_at (list, 0), ==, ids[3]);
  g_clear_pointer (&filter.rule, g_free);

  filter.search = g_strdup ("学员3");
  g_assert_cmpuint (filtered (list, &filter), ==, 1);
  g_assert_cmpint (up_subsidy_list_get_id_at (list, 0), ==, ids[2]);
  g_clear_pointer (&filter.search, g_free);
  /* LIKE's own characters are only text. */
  filter.search = g_strdup ("%");
  g_assert_cmpuint (filtered (list, &filter), ==, 0);
  g_clear_pointer (&filter.search, g_free);

  filter.year = (int) year;
  g_assert_cmpuint (filtered (list, &filter), ==, 4);
  filter.year = 0;

  filter.batch_id = UP_SUBSIDY_FILTER_NO_BATCH;
  g_assert_cmpuint (filtered (list, &filter), ==, 5);
  {
    g_autoptr(UpPaymentBatch) batch = up_payment_batch_create (f->conn, "2025年第1批", "special", -1, &error);

    g_assert_no_error (error);
    up_payment_batch_add_claims (f->conn, up_payment_batch_get_id (batch), up_payment_batch_get_version (batch),
                                 ids, 1, &n, &error);
    g_assert_no_error (error);
    up_subsidy_list_reload (list);
    wait_until_idle (list);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
    filter.batch_id = up_payment_batch_get_id (batch);
    g_assert_cmpuint (filtered (list, &filter), ==, 1);
    g_assert_cmpint (up_subsidy_list_get_total_fen (list), ==, rate_fen[4]);
  }
  filter.batch_id = 0;

  /* Claimed on: today, for all of them. */
  g_date_set_time_t (&filter.claimed_from, time (NULL));
  g_date_subtract_days (&filter.claimed_from, 1);
  g_assert_cmpuint (filtered (list, &filter), ==, 5);
  filter.claimed_to = filter.claimed_from;
  g_assert_cmpuint (filtered (list, &filter), ==, 0);

  up_subsidy_filter_clear (&filter);
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* Payment batches ------------------------------------------------------------ */

static void
test_batch_lifecycle (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpPaymentBatch) batch = NULL;
  g_autoptr(UpPaymentBatch) read = NULL;
  g_autoptr(GListStore) batches = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gint64 ids[5];
  gint64 batch_id;
  int version, stale;
  guint n = 0;
  gint64 paid = 0;
  GDate from, to;

  ids[0] = add_claim (f, f->academy, "焊工", 4, 10);
  ids[1] = add_claim (f, f->academy, "焊工", 5, 10);
  ids[2] = add_claim (f, f->academy2, "钳工", 3, 10);
  ids[3] = add_claim (f, f->academy2, "钳工", 2, 10);
  ids[4] = add_claim (f, f->academy2, "电工", 5, 10);  /* stays pending */
  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, ids, 4, NULL, &n, &error);
  g_assert_no_error (error);

  /* A name is needed. */
  g_assert_null (up_payment_batch_create (f->conn, "", "special", -1, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  batch = up_payment_batch_create (f->conn, "2025年第1批", "special", 1000000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (up_payment_batch_get_state (batch), ==, UP_BATCH_STATE_DRAFT);
  g_assert_cmpint (up_payment_batch_get_budget_fen (batch), ==, 1000000);
  batch_id = up_payment_batch_get_id (batch);
  version = up_payment_batch_get_version (batch);

  /* Only approved claims go in. */
  g_assert_true (up_payment_batch_add_claims (f->conn, batch_id, version, ids, 5, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  g_assert_true (up_payment_batch_remove_claims (f->conn, batch_id, version, &ids[3], 1, &n, &error));
  g_assert_cmpuint (n, ==, 1);

  read = up_payment_batch_get (f->conn, batch_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (up_payment_batch_get_n_claims (read), ==, 3);
  g_assert_cmpint (up_payment_batch_get_total_fen (read), ==, rate_fen[4] + rate_fen[5] + rate_fen[3]);
  g_clear_object (&read);

  /* Over the budget: the claim stays out. */
  {
    g_autoptr(UpPaymentBatch) small = up_payment_batch_create (f->conn, "小批次", "special", 100, &error);

    g_assert_no_error (error);
    g_assert_false (up_payment_batch_add_claims (f->conn, up_payment_batch_get_id (small),
                                                 up_payment_batch_get_version (small), &ids[3], 1, &n, &error));
    g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
    g_assert_cmpstr (up_error_get_constraint (error), ==, "payment_batches_budget_exceeded");
    g_clear_error (&error);
    {
      g_autofree char *b = claim_text (f, "batch_id", ids[3]);

      g_assert_cmpstr (b, ==, "");
    }
  }

  /* Submit; a stale version is refused and changes nothing. */
  stale = version;
  g_assert_true (up_payment_batch_submit (f->conn, batch_id, version, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, >, stale);
  g_assert_false (up_payment_batch_approve (f->conn, batch_id, stale, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);
  g_assert_false (up_payment_batch_add_claims (f->conn, batch_id, stale, &ids[3], 1, &n, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);

  /* Frozen: no more claims. */
  g_assert_false (up_payment_batch_add_claims (f->conn, batch_id, version, &ids[3], 1, &n, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "payment_batches_frozen");
  g_clear_error (&error);
  {
    g_autofree char *payee = claim_text (f, "payee_name", ids[0]);

    g_assert_cmpstr (payee, ==, "学员1");
  }

  /* The notice, already over (so that it can be approved today). */
  g_date_clear (&from, 1);
  g_date_set_time_t (&from, time (NULL));
  to = from;
  g_date_subtract_days (&from, 10);
  g_date_subtract_days (&to, 1);
  g_assert_false (up_payment_batch_start_notice (f->conn, batch_id, version, NULL, &to, &version, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (up_payment_batch_start_notice (f->conn, batch_id, version, &from, &to, &version, &error));
  g_assert_no_error (error);

  /* An objection: one claim withdrawn, with its reason. */
  g_assert_false (up_payment_batch_withdraw_claims (f->conn, batch_id, &ids[2], 1, " ", &n, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (up_payment_batch_withdraw_claims (f->conn, batch_id, &ids[2], 1, "公示期异议", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  assert_claim_state (f, ids[2], "pending");

  g_assert_true (up_payment_batch_approve (f->conn, batch_id, version, &version, &error));
  g_assert_no_error (error);

  /* Pay: a claim not in the batch as failed pays nothing. */
  g_assert_false (up_payment_batch_pay (f->conn, batch_id, version, &ids[4], 1, &paid, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_constraint (error), ==, "subsidies_not_in_batch");
  g_clear_error (&error);
  assert_claim_state (f, ids[0], "approved");

  g_assert_true (up_payment_batch_pay (f->conn, batch_id, version, &ids[1], 1, &paid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (paid, ==, rate_fen[4]);
  assert_claim_state (f, ids[0], "paid");
  assert_claim_state (f, ids[1], "failed");

  read = up_payment_batch_get (f->conn, batch_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (up_payment_batch_get_state (read), ==, UP_BATCH_STATE_PAID);
  g_assert_cmpint (up_payment_batch_get_n_claims (read), ==, 2);
  g_assert_cmpint (up_payment_batch_get_n_failed (read), ==, 1);
  g_assert_cmpint (up_payment_batch_get_total_fen (read), ==, rate_fen[4]);

  /* The bank return is reissued: approved, out of the paid batch. */
  g_assert_true (up_subsidy_decide (f->conn, UP_SUBSIDY_REISSUE, &ids[1], 1, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  assert_claim_state (f, ids[1], "approved");
  {
    g_autofree char *b = claim_text (f, "batch_id", ids[1]);

    g_assert_cmpstr (b, ==, "");
  }

  /* Paid is final. */
  g_assert_true (up_subsidy_decide (f->conn, UP_SUBSIDY_SEND_BACK, &ids[0], 1, "再看看", &n, &error));
  g_assert_cmpuint (n, ==, 0);
  assert_claim_state (f, ids[0], "paid");

  batches = up_payment_batch_list (f->conn, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batches)), ==, 2);

  history = up_payment_batch_list_history (f->conn, batch_id, &error);
  g_assert_no_error (error);
  /* The batch: created, submitted, notice, approved, paid; its claims:
   * added, frozen payee, paid … */
  g_assert_cmpuint (history->len, >=, 8);
  /* … and the claims that left it: the withdrawal, the reissue. */
  {
    gboolean withdrawn = FALSE, reissued = FALSE;

    for (guint i = 0; i < history->len; i++)
      {
        UpAuditEntry *e = g_ptr_array_index (history, i);

        if (e->row_id == ids[2] && e->old_batch_id == batch_id && e->new_batch_id == 0)
          withdrawn = g_strcmp0 (e->new_state, "pending") == 0 && g_strcmp0 (e->reason, "公示期异议") == 0;
        if (e->row_id == ids[1] && e->old_batch_id == batch_id && e->new_batch_id == 0)
          reissued = g_strcmp0 (e->old_state, "failed") == 0 && g_strcmp0 (e->new_state, "approved") == 0;
      }
    g_assert_true (withdrawn);
    g_assert_true (reissued);
  }
}

static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  UpBatchChangeResult *r = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (up_payment_batch_change_finish (UP_DATABASE (object), result, r, &error));
  g_assert_no_error (error);
}

static void
test_batch_async (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpPaymentBatch) batch = up_payment_batch_create (f->conn, "异步批次", "special", -1, &error);
  gint64 id = add_claim (f, f->academy, "焊工", 5, 10);
  UpBatchChangeResult r = { G_MAXUINT, 0, 0 };
  guint n;

  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, &id, 1, NULL, &n, &error);
  g_assert_no_error (error);

  up_payment_batch_change_async (f->db, UP_BATCH_CHANGE_ADD_CLAIMS, up_payment_batch_get_id (batch),
                                 up_payment_batch_get_version (batch), &id, 1, NULL, NULL, NULL, NULL,
                                 changed_cb, &r);
  up_test_wait_until (uint_is_set, &r.n_claims, ANSWER_SECONDS);
  g_assert_cmpuint (r.n_claims, ==, 1);

  r.new_version = 0;
  up_payment_batch_change_async (f->db, UP_BATCH_CHANGE_SUBMIT, up_payment_batch_get_id (batch),
                                 up_payment_batch_get_version (batch), NULL, 0, NULL, NULL, NULL, NULL,
                                 changed_cb, &r);
  up_test_wait_until (version_is_set, &r.new_version, ANSWER_SECONDS);
  g_assert_cmpint (r.new_version, >, up_payment_batch_get_version (batch));
}

/* Schemes ------------------------------------------------------------------- */

static void
test_scheme_load_save (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpSubsidyScheme) scheme = up_subsidy_scheme_load (f->conn, 0, &error);
  g_autoptr(UpSubsidyScheme) saved = NULL;
  g_autoptr(UpSubsidyScheme) stale = NULL;
  gint64 refused = add_claim (f, f->academy, "焊工", 5, 400);
  gint64 pending = add_claim (f, f->academy, "焊工", 4, 10);
  GDate from;
  int n_changed = -1;

  g_assert_no_error (error);
  g_assert_cmpint (scheme->id, >, 0);
  g_assert_true (scheme->once_per_level);
  g_assert_cmpint (scheme->annual_count_cap, ==, 3);
  g_assert_cmpint (scheme->annual_amount_cap_fen, ==, 0);
  g_assert_cmpint (scheme->claim_window_months, ==, 12);
  g_assert_cmpint (scheme->min_age, ==, 16);
  g_assert_cmpint (scheme->max_age, ==, 60);
  g_assert_cmpint (scheme->min_hours_tenths[5], ==, 600);
  g_assert_cmpint (scheme->min_hours_tenths[4], ==, 1100);
  g_assert_cmpint (scheme->min_hours_tenths[3], ==, 1500);
  g_assert_cmpuint (scheme->rates->len, ==, 5);
  stale = up_subsidy_scheme_copy (scheme);

  /* A longer claim period, a new rate, a shortage occupation, a quota. */
  scheme->claim_window_months = 24;
  scheme->min_hours_tenths[2] = 2005;
  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, 1, 2020);
  g_ptr_array_add (scheme->rates, up_subsidy_rate_new ("special_ability", 0, NULL, 50000, &from, NULL));
  g_ptr_array_add (scheme->shortage, up_shortage_occupation_new ("焊工", 20));
  g_ptr_array_add (scheme->quotas, up_academy_quota_new (f->academy, 2025, 500));
  saved = up_subsidy_scheme_save (f->conn, scheme, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->version, >, scheme->version);
  g_assert_cmpint (saved->claim_window_months, ==, 24);
  g_assert_cmpint (saved->min_hours_tenths[2], ==, 2005);
  g_assert_cmpuint (saved->rates->len, ==, 6);
  g_assert_cmpuint (saved->shortage->len, ==, 1);
  g_assert_cmpuint (saved->quotas->len, ==, 1);
  g_assert_nonnull (((UpAcademyQuota *) g_ptr_array_index (saved->quotas, 0))->academy_name);

  /* Someone saved since the copy was read. */
  stale->priority = 5;
  g_assert_null (up_subsidy_scheme_save (f->conn, stale, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);

  /* An overlapping rate: the constraint's sentence, nothing saved. */
  {
    g_autoptr(UpSubsidyScheme) overlap = up_subsidy_scheme_copy (saved);

    g_ptr_array_add (overlap->rates, up_subsidy_rate_new ("skill_level", 5, NULL, 1, &from, NULL));
    overlap->priority = 7;
    g_assert_null (up_subsidy_scheme_save (f->conn, overlap, &error));
    g_assert_error (error, UP_ERROR, UP_ERROR_EXCLUSION);
    g_assert_cmpstr (error->message, ==, up_error_describe_constraint ("subsidy_policies_no_overlap"));
    g_clear_error (&error);
    g_assert_cmpint (test_query_int (f->conn, "SELECT priority FROM subsidy_schemes", NULL), ==, 100);
  }

  /* Recompute: the refused claim is now in its period; the shortage uplift
   * raises the pending one by 20 %, rounded half up to the fen. */
  g_assert_true (up_subsidy_scheme_recompute (f->conn, &n_changed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_changed, ==, 2);
  assert_claim_state (f, refused, "pending");
  {
    g_autofree char *amount = claim_text (f, "amount_fen", pending);

    g_assert_cmpint (g_ascii_strtoll (amount, NULL, 10), ==, rate_fen[4] + (rate_fen[4] * 20 + 50) / 100);
  }

  /* Removing a rate claims use: refused with its sentence. */
  {
    g_autoptr(UpSubsidyScheme) fewer = up_subsidy_scheme_copy (saved);
    g_autoptr(UpSubsidyScheme) now = up_subsidy_scheme_load (f->conn, 0, &error);

    g_assert_no_error (error);
    fewer->version = now->version;
    for (guint i = 0; i < fewer->rates->len; i++)
      if (((UpSubsidyRate *) g_ptr_array_index (fewer->rates, i))->skill_level == 4)
        g_ptr_array_remove_index (fewer->rates, i);
    g_assert_null (up_subsidy_scheme_save (f->conn, fewer, &error));
    g_assert_error (error, UP_ERROR, UP_ERROR_FOREIGN_KEY);
    g_clear_error (&error);
  }
}

/* Concurrent edits ------------------------------------------------------------ */

static UpSubsidyScheme *
scheme_with_rates (void)
{
  UpSubsidyScheme *scheme = up_subsidy_scheme_new ();
  GDate from;

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, 1, 2024);
  scheme->id = 1;
  scheme->version = 3;
  scheme->name = g_strdup ("默认方案");
  scheme->fund = g_strdup ("special");
  scheme->min_age = 16;
  scheme->max_age = 60;
  scheme->min_hours_tenths[5] = 600;
  for (int level = 5; level >= 3; level--)
    {
      UpSubsidyRate *rate = up_subsidy_rate_new ("skill_level", level, NULL, rate_fen[level], &from, NULL);

      rate->id = 10 + level;
      rate->version = 1;
      g_ptr_array_add (scheme->rates, rate);
    }
  g_ptr_array_add (scheme->shortage, up_shortage_occupation_new ("焊工", 20));
  g_ptr_array_add (scheme->shortage, up_shortage_occupation_new ("电工", 10));
  g_ptr_array_add (scheme->quotas, up_academy_quota_new (7, 2025, 500));
  return scheme;
}

static UpSubsidyRate *
rate_of_level (UpSubsidyScheme *scheme,
               int              level)
{
  for (guint i = 0; i < scheme->rates->len; i++)
    {
      UpSubsidyRate *rate = g_ptr_array_index (scheme->rates, i);

      if (g_strcmp0 (rate->kind, "skill_level") == 0 && rate->skill_level == level)
        return rate;
    }
  return NULL;
}

static void
remove_rate_of_level (UpSubsidyScheme *scheme,
                      int              level)
{
  g_assert_true (g_ptr_array_remove (scheme->rates, rate_of_level (scheme, level)));
}

/* Pure: no database. */
static void
test_scheme_diff (void)
{
  g_autoptr(UpSubsidyScheme) before = scheme_with_rates ();
  g_autoptr(UpSubsidyScheme) after = up_subsidy_scheme_copy (before);
  g_autofree char *described = NULL;
  UpSchemeDiff diff;
  GDate from;

  /* Saved again unchanged, the lists in another order: nothing to say. */
  after->version++;
  rate_of_level (after, 4)->version++;
  g_ptr_array_add (after->shortage, g_ptr_array_steal_index (after->shortage, 0));
  g_assert_cmpint (up_subsidy_scheme_diff (before, after, &diff), ==, UP_SCHEME_CHANGE_NONE);
  g_assert_cmpuint (diff.rates_added + diff.rates_removed + diff.rates_changed, ==, 0);
  g_assert_null (up_scheme_diff_describe (&diff));

  /* The priority is not in the dialog: a change, but nothing to say. */
  after->priority = 7;
  g_assert_cmpint (up_subsidy_scheme_diff (before, after, &diff), ==, UP_SCHEME_CHANGE_PRIORITY);
  g_assert_null (up_scheme_diff_describe (&diff));

  /* A field, an age, each group; a rate changed, one removed, one added. */
  g_free (after->fund);
  after->fund = g_strdup ("工会专项");
  after->max_age = 55;
  after->union_required = TRUE;
  rate_of_level (after, 5)->amount_fen += 1;
  remove_rate_of_level (after, 3);
  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, 1, 2025);
  g_ptr_array_add (after->rates, up_subsidy_rate_new ("academic_degree", 0, "bachelor", 500000, &from, NULL));
  after->min_hours_tenths[4] = 1100;
  ((UpShortageOccupation *) g_ptr_array_index (after->shortage, 0))->uplift_percent = 30;
  ((UpAcademyQuota *) g_ptr_array_index (after->quotas, 0))->max_claims = 400;

  g_assert_cmpint (up_subsidy_scheme_diff (before, after, &diff), ==,
                   UP_SCHEME_CHANGE_FUND | UP_SCHEME_CHANGE_UNION_REQUIRED | UP_SCHEME_CHANGE_AGE
                   | UP_SCHEME_CHANGE_RATES | UP_SCHEME_CHANGE_MIN_HOURS | UP_SCHEME_CHANGE_SHORTAGE
                   | UP_SCHEME_CHANGE_QUOTAS | UP_SCHEME_CHANGE_PRIORITY);
  g_assert_cmpuint (diff.rates_changed, ==, 1);
  g_assert_cmpuint (diff.rates_removed, ==, 1);
  g_assert_cmpuint (diff.rates_added, ==, 1);
  described = up_scheme_diff_describe (&diff);
  g_assert_cmpstr (described, ==, "Fund, Union members only, Age at the issue date, "
                                  "Rates (1 changed, 1 added, 1 removed), Minimum Course Hours, "
                                  "Shortage Occupations (1 changed), Academy Quotas (1 changed)");
  g_assert_cmpuint (diff.shortage_changed, ==, 1);
  g_assert_cmpuint (diff.shortage_added + diff.shortage_removed, ==, 0);
  g_assert_cmpuint (diff.quotas_changed, ==, 1);
  g_assert_cmpuint (diff.quotas_added + diff.quotas_removed, ==, 0);
  g_assert_cmpstr (up_scheme_change_to_label (UP_SCHEME_CHANGE_NAME), ==, "Name");

  /* The other way round: added and removed swap. */
  up_subsidy_scheme_diff (after, before, &diff);
  g_assert_cmpuint (diff.rates_added, ==, 1);
  g_assert_cmpuint (diff.rates_removed, ==, 1);

  /* An occupation gone is a change too, and so is a quota of another
   * academy or year: each group says how many. */
  g_clear_pointer (&after, up_subsidy_scheme_free);
  after = up_subsidy_scheme_copy (before);
  g_ptr_array_remove_index (after->shortage, 1);
  g_assert_cmpint (up_subsidy_scheme_diff (before, after, NULL), ==, UP_SCHEME_CHANGE_SHORTAGE);
  g_ptr_array_add (after->quotas, up_academy_quota_new (7, 2026, 500));
  g_ptr_array_add (after->quotas, up_academy_quota_new (8, 2025, 300));
  g_assert_cmpint (up_subsidy_scheme_diff (before, after, &diff), ==,
                   UP_SCHEME_CHANGE_SHORTAGE | UP_SCHEME_CHANGE_QUOTAS);
  g_clear_pointer (&described, g_free);
  described = up_scheme_diff_describe (&diff);
  g_assert_cmpstr (described, ==, "Shortage Occupations (1 removed), Academy Quotas (2 added)");
}

/* Pure: Save Anyway's scheme takes their versions, keeps mine. */
static void
test_scheme_rebase (void)
{
  g_autoptr(UpSubsidyScheme) mine = scheme_with_rates ();
  g_autoptr(UpSubsidyScheme) theirs = up_subsidy_scheme_copy (mine);
  g_autoptr(UpSubsidyScheme) rebased = NULL;

  theirs->version = 9;
  theirs->priority = 50;
  rate_of_level (theirs, 5)->version = 4;
  rate_of_level (theirs, 5)->amount_fen = 1;
  g_free (rate_of_level (theirs, 5)->name);
  rate_of_level (theirs, 5)->name = g_strdup ("初级工补贴");
  remove_rate_of_level (theirs, 4);
  rate_of_level (mine, 5)->amount_fen = 2;
  mine->claim_window_months = 24;

  rebased = up_subsidy_scheme_rebase (mine, theirs);
  g_assert_cmpint (rebased->version, ==, 9);
  g_assert_cmpint (rebased->priority, ==, 50);
  g_assert_cmpint (rebased->claim_window_months, ==, 24);
  g_assert_cmpuint (rebased->rates->len, ==, 3);
  g_assert_cmpint (rate_of_level (rebased, 5)->version, ==, 4);
  g_assert_cmpint (rate_of_level (rebased, 5)->amount_fen, ==, 2);
  g_assert_cmpstr (rate_of_level (rebased, 5)->name, ==, "初级工补贴");
  /* Removed by them, kept here: saved as new. */
  g_assert_cmpint (rate_of_level (rebased, 4)->id, ==, 0);
  g_assert_cmpint (rate_of_level (rebased, 4)->amount_fen, ==, rate_fen[4]);
  g_assert_cmpint (rate_of_level (rebased, 3)->id, ==, 13);
  /* Mine is untouched. */
  g_assert_cmpint (mine->version, ==, 3);
  g_assert_cmpint (rate_of_level (mine, 4)->id, ==, 14);
}

/* A rate or a minimum added by another program (psql) moves the version
 * as a save from the app does: a dialog open meanwhile gets the conflict
 * instead of removing it (schema v16).  The app's own save still moves the
 * version by one. */
static void
test_scheme_changed_elsewhere (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpSubsidyScheme) loaded = up_subsidy_scheme_load (f->conn, 0, &error);
  g_autoptr(UpSubsidyScheme) fresh = NULL;
  g_autoptr(UpSubsidyScheme) saved = NULL;
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, loaded->id);
  test_query_int (f->conn, "INSERT INTO subsidy_policies (name, kind, amount_fen, valid_from, scheme_id)"
                           " VALUES ('专项能力', 'special_ability', 30000, '2020-01-01', $1) RETURNING 1", id);
  g_assert_cmpint (test_query_int (f->conn, "SELECT version FROM subsidy_schemes WHERE id = $1", id),
                   ==, loaded->version + 1);

  loaded->claim_window_months = 24;
  g_assert_null (up_subsidy_scheme_save (f->conn, loaded, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM subsidy_policies WHERE kind = 'special_ability'",
                                   NULL), ==, 1);

  /* Minimum hours too. */
  test_query_int (f->conn, "INSERT INTO subsidy_min_hours (scheme_id, skill_level, min_hours)"
                           " VALUES ($1, 1, 300) RETURNING 1", id);
  g_assert_cmpint (test_query_int (f->conn, "SELECT version FROM subsidy_schemes WHERE id = $1", id),
                   ==, loaded->version + 2);

  /* Read again and saved, rates and all: one version on. */
  fresh = up_subsidy_scheme_load (f->conn, loaded->id, &error);
  g_assert_no_error (error);
  fresh->claim_window_months = 24;
  rate_of_level (fresh, 5)->amount_fen += 100;
  saved = up_subsidy_scheme_save (f->conn, fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->version, ==, fresh->version + 1);
  g_assert_cmpint (saved->claim_window_months, ==, 24);
  g_assert_cmpuint (saved->rates->len, ==, fresh->rates->len);
}

/* Two managers: the second one's save meets the first one's, is told
 * what changed and saves over it knowingly. */
static void
test_scheme_save_anyway (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpSubsidyScheme) loaded = up_subsidy_scheme_load (f->conn, 0, &error);
  g_autoptr(UpSubsidyScheme) mine = NULL;
  g_autoptr(UpSubsidyScheme) theirs = NULL;
  g_autoptr(UpSubsidyScheme) saved = NULL;
  g_autoptr(UpSubsidyScheme) current = NULL;
  g_autoptr(UpSubsidyScheme) rebased = NULL;
  g_autoptr(UpSubsidyScheme) result = NULL;
  g_autoptr(UpSubsidyScheme) again = NULL;
  g_autofree char *described = NULL;
  UpSchemeDiff diff;
  GDate from;

  g_assert_no_error (error);
  mine = up_subsidy_scheme_copy (loaded);
  theirs = up_subsidy_scheme_copy (loaded);

  /* They: another fund and priority, level 5 dearer, level 1 gone, a new
   * rate for special abilities. */
  g_free (theirs->fund);
  theirs->fund = g_strdup ("工会经费");
  theirs->priority = 50;
  rate_of_level (theirs, 5)->amount_fen = 80000;
  remove_rate_of_level (theirs, 1);
  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, 1, 2020);
  g_ptr_array_add (theirs->rates, up_subsidy_rate_new ("special_ability", 0, NULL, 50000, &from, NULL));
  saved = up_subsidy_scheme_save (f->conn, theirs, &error);
  g_assert_no_error (error);

  /* Me: level 5 at another amount, a longer claim period. */
  rate_of_level (mine, 5)->amount_fen = 90000;
  mine->claim_window_months = 24;
  g_assert_null (up_subsidy_scheme_save (f->conn, mine, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);
  g_assert_cmpint (test_query_int (f->conn, "SELECT claim_window_months FROM subsidy_schemes", NULL), ==, 12);

  /* What they changed since I read it. */
  current = up_subsidy_scheme_load (f->conn, loaded->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (up_subsidy_scheme_diff (loaded, current, &diff), ==,
                   UP_SCHEME_CHANGE_FUND | UP_SCHEME_CHANGE_RATES | UP_SCHEME_CHANGE_PRIORITY);
  g_assert_cmpuint (diff.rates_changed, ==, 1);
  g_assert_cmpuint (diff.rates_added, ==, 1);
  g_assert_cmpuint (diff.rates_removed, ==, 1);
  described = up_scheme_diff_describe (&diff);
  g_assert_cmpstr (described, ==, "Fund, Rates (1 changed, 1 added, 1 removed)");

  /* Save Anyway: mine, at their versions. */
  rebased = up_subsidy_scheme_rebase (mine, current);
  result = up_subsidy_scheme_save (f->conn, rebased, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->claim_window_months, ==, 24);
  g_assert_cmpstr (result->fund, ==, loaded->fund);
  g_assert_cmpint (result->priority, ==, 50);
  g_assert_cmpuint (result->rates->len, ==, 5);
  g_assert_cmpint (rate_of_level (result, 5)->amount_fen, ==, 90000);
  /* The rate they removed is back, as a new one; theirs is gone. */
  g_assert_cmpint (rate_of_level (result, 1)->amount_fen, ==, rate_fen[1]);
  g_assert_cmpint (rate_of_level (result, 1)->id, !=, rate_of_level (loaded, 1)->id);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM subsidy_policies WHERE kind = 'special_ability'",
                                   NULL), ==, 0);
  g_assert_cmpint (test_query_int (f->conn, "SELECT amount_fen FROM subsidy_policies "
                                            "WHERE kind = 'skill_level' AND skill_level = 5", NULL), ==, 90000);

  /* A rate changed alone (its own version moves, the scheme's does not)
   * is a conflict too. */
  up_pg_command (f->conn, "UPDATE subsidy_policies SET amount_fen = 1 WHERE skill_level = 3", 0, NULL, &error);
  g_assert_no_error (error);
  again = up_subsidy_scheme_copy (result);
  again->claim_window_months = 6;
  g_assert_null (up_subsidy_scheme_save (f->conn, again, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_assert_cmpint (test_query_int (f->conn, "SELECT claim_window_months FROM subsidy_schemes", NULL), ==, 24);
}

/* The shared lists ------------------------------------------------------------ */

/* A scheme beside the default one: its id, as text. */
static char *
add_scheme (Fixture    *f,
            const char *name)
{
  gint64 id = test_query_int (f->conn, "INSERT INTO subsidy_schemes (name, fund, priority) "
                                       "VALUES ($1, '专项资金', 200) RETURNING id", name);

  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static int
scheme_version (Fixture    *f,
                const char *id)
{
  return (int) test_query_int (f->conn, "SELECT version FROM subsidy_schemes WHERE id = $1", id);
}

/* @sql, with @param as $1 when not NULL, on @conn. */
static void
run_on (PGconn     *conn,
        const char *sql,
        const char *param)
{
  g_autoptr(GError) error = NULL;
  const char *params[] = { param };

  up_pg_command (conn, sql, param != NULL ? 1 : 0, param != NULL ? params : NULL, &error);
  g_assert_no_error (error);
}

/* Each row of the two lists as it was written: a row written again gets
 * another xmin. */
static char *
lists_rows (PGconn *conn)
{
  return up_test_pg_query_text (conn, "SELECT concat_ws (' / ', "
                                      "  (SELECT string_agg (occupation || ':' || xmin, ',' ORDER BY occupation) "
                                      "     FROM shortage_occupations), "
                                      "  (SELECT string_agg (academy_id || '-' || year || ':' || xmin, ',' "
                                      "                      ORDER BY academy_id, year) FROM academy_quotas))", NULL);
}

/* The shortage occupations and the quotas are every scheme's: a change to
 * either made outside the app (psql) moves the version of every scheme,
 * once per transaction, so that any dialog open meanwhile gets the
 * conflict instead of saving its old lists back (schema v17).  A statement
 * that changes no row moves nothing. */
static void
test_lists_changed_elsewhere (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(PGconn) other = up_test_pg_connect (f->conninfo);
  g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, test_query_int (f->conn, "SELECT up_default_scheme_id ()",
                                                                             NULL));
  g_autofree char *b = add_scheme (f, "乡村振兴技能补助");
  g_autofree char *academy = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy);
  int va = scheme_version (f, a);
  int vb = scheme_version (f, b);

#define ASSERT_MOVED(n) \
  G_STMT_START { \
    g_assert_cmpint (scheme_version (f, a), ==, va + (n)); \
    g_assert_cmpint (scheme_version (f, b), ==, vb + (n)); \
  } G_STMT_END

  run_on (other, "INSERT INTO academy_quotas (academy_id, year, max_claims) VALUES ($1, 2025, 500)", academy);
  ASSERT_MOVED (1);
  run_on (other, "UPDATE academy_quotas SET max_claims = 400 WHERE academy_id = $1", academy);
  ASSERT_MOVED (2);
  run_on (other, "INSERT INTO shortage_occupations (occupation, uplift_percent) VALUES ('焊工', 20)", NULL);
  ASSERT_MOVED (3);
  run_on (other, "UPDATE shortage_occupations SET uplift_percent = 30", NULL);
  ASSERT_MOVED (4);

  /* Statements that change no row: none moves. */
  run_on (other, "UPDATE academy_quotas SET max_claims = 1 WHERE year = 1999", NULL);
  run_on (other, "DELETE FROM shortage_occupations WHERE occupation = '电工'", NULL);
  run_on (other, "INSERT INTO shortage_occupations (occupation) VALUES ('焊工') ON CONFLICT (occupation) DO NOTHING",
          NULL);
  run_on (other, "INSERT INTO shortage_occupations (occupation, uplift_percent) VALUES ('焊工', 30) "
                 "ON CONFLICT (occupation) DO UPDATE SET uplift_percent = EXCLUDED.uplift_percent "
                 " WHERE shortage_occupations.uplift_percent <> EXCLUDED.uplift_percent", NULL);
  ASSERT_MOVED (4);

  /* Several statements in one transaction: one move. */
  run_on (other, "BEGIN", NULL);
  run_on (other, "DELETE FROM academy_quotas", NULL);
  run_on (other, "INSERT INTO shortage_occupations (occupation) VALUES ('电工')", NULL);
  run_on (other, "DELETE FROM shortage_occupations WHERE occupation = '焊工'", NULL);
  run_on (other, "COMMIT", NULL);
  ASSERT_MOVED (5);

  run_on (other, "TRUNCATE shortage_occupations", NULL);
  ASSERT_MOVED (6);
#undef ASSERT_MOVED
}

/* The app's save of one scheme that changes the lists moves the other
 * schemes' versions once and its own once, rates and all (v16's triggers
 * and v17's together).  The quotas are written as a difference: a quota
 * gone is deleted, a changed one updated, a new one inserted, the others
 * left as they are.  A save that leaves the lists as they are writes none
 * of their rows and moves no other scheme. */
static void
test_lists_saved_by_the_app (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpSubsidyScheme) scheme = up_subsidy_scheme_load (f->conn, 0, &error);
  g_autoptr(UpSubsidyScheme) saved = NULL;
  g_autoptr(UpSubsidyScheme) again = NULL;
  g_autoptr(UpSubsidyScheme) last = NULL;
  g_autofree char *b = add_scheme (f, "乡村振兴技能补助");
  g_autofree char *rows = NULL;
  g_autofree char *rows_after = NULL;
  gint64 scheme_audit_rows, list_audit_rows;
  int vb = scheme_version (f, b);

  g_assert_no_error (error);

  /* A rate, an occupation and three quotas. */
  rate_of_level (scheme, 5)->amount_fen += 100;
  g_ptr_array_add (scheme->shortage, up_shortage_occupation_new ("焊工", 20));
  g_ptr_array_add (scheme->quotas, up_academy_quota_new (f->academy, 2025, 500));
  g_ptr_array_add (scheme->quotas, up_academy_quota_new (f->academy, 2026, 600));
  g_ptr_array_add (scheme->quotas, up_academy_quota_new (f->academy2, 2025, 300));
  saved = up_subsidy_scheme_save (f->conn, scheme, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->version, ==, scheme->version + 1);
  g_assert_cmpint (scheme_version (f, b), ==, vb + 1);
  g_assert_cmpuint (saved->quotas->len, ==, 3);

  /* Saved again with other rules, the lists as they are: no row of theirs
   * written, no other scheme moved, one audit row (the scheme's). */
  rows = lists_rows (f->conn);
  scheme_audit_rows = test_query_int (f->conn, "SELECT count (*) FROM audit_log WHERE table_name = 'subsidy_schemes'",
                                      NULL);
  list_audit_rows = test_query_int (f->conn, "SELECT count (*) FROM audit_log "
                                             "WHERE table_name = 'shortage_occupations'", NULL);
  saved->claim_window_months = 24;
  again = up_subsidy_scheme_save (f->conn, saved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->version, ==, saved->version + 1);
  g_assert_cmpint (scheme_version (f, b), ==, vb + 1);
  rows_after = lists_rows (f->conn);
  g_assert_cmpstr (rows_after, ==, rows);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM audit_log WHERE table_name = 'subsidy_schemes'",
                                   NULL), ==, scheme_audit_rows + 1);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM audit_log "
                                            "WHERE table_name = 'shortage_occupations'", NULL), ==, list_audit_rows);

  /* One quota changed, one gone, one new; the fourth left as it was. */
  for (guint i = 0; i < again->quotas->len; i++)
    {
      UpAcademyQuota *q = g_ptr_array_index (again->quotas, i);

      if (q->academy_id == f->academy && q->year == 2026)
        q->max_claims = 650;
    }
  for (guint i = 0; i < again->quotas->len; i++)
    if (((UpAcademyQuota *) g_ptr_array_index (again->quotas, i))->academy_id == f->academy2)
      g_ptr_array_remove_index (again->quotas, i);
  g_ptr_array_add (again->quotas, up_academy_quota_new (f->academy2, 2026, 350));
  {
    g_autofree char *kept = NULL;
    g_autofree char *kept_after = NULL;
    g_autofree char *academy = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy);
    const char *kept_sql = "SELECT xmin::text FROM academy_quotas WHERE academy_id = $1 AND year = 2025";
    g_autoptr(PGresult) r = up_pg_exec (f->conn, kept_sql, 1, (const char *[]) { academy }, &error);

    g_assert_no_error (error);
    kept = g_strdup (PQgetvalue (r, 0, 0));
    last = up_subsidy_scheme_save (f->conn, again, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, PQclear);
    r = up_pg_exec (f->conn, kept_sql, 1, (const char *[]) { academy }, &error);
    g_assert_no_error (error);
    kept_after = g_strdup (PQgetvalue (r, 0, 0));
    g_assert_cmpstr (kept_after, ==, kept);
  }
  g_assert_cmpint (last->version, ==, again->version + 1);
  g_assert_cmpint (scheme_version (f, b), ==, vb + 2);
  g_clear_pointer (&rows, g_free);
  rows = up_test_pg_query_text (f->conn, "SELECT string_agg (academy_id || '-' || year || ':' || max_claims, ',' "
                                         "                   ORDER BY academy_id, year) FROM academy_quotas", NULL);
  {
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT "-2025:500,%" G_GINT64_FORMAT "-2026:650,"
                                                 "%" G_GINT64_FORMAT "-2026:350", f->academy, f->academy,
                                                 f->academy2);

    g_assert_cmpstr (rows, ==, expected);
  }

  /* An academy twice in a year: refused as the key refuses it, nothing
   * written. */
  g_ptr_array_add (last->quotas, up_academy_quota_new (f->academy, 2025, 1));
  g_assert_null (up_subsidy_scheme_save (f->conn, last, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_UNIQUE);
  {
    g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, last->id);

    g_assert_cmpint (scheme_version (f, a), ==, last->version);
    g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM academy_quotas", NULL), ==, 3);
  }
  g_assert_cmpint (scheme_version (f, b), ==, vb + 2);
}

/* A dialog of the default scheme read the lists; another manager changes a
 * quota from another scheme's dialog, and psql adds an occupation.  The
 * first dialog's save is refused with the conflict, nothing of it is
 * written, and what changed names the quota and the occupation; Save
 * Anyway saves the form at the new version, its lists as the form shows
 * them. */
static void
test_lists_stale_save_is_refused (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpSubsidyScheme) first = NULL;
  g_autoptr(UpSubsidyScheme) loaded = NULL;
  g_autoptr(UpSubsidyScheme) mine = NULL;
  g_autoptr(UpSubsidyScheme) theirs = NULL;
  g_autoptr(UpSubsidyScheme) saved = NULL;
  g_autoptr(UpSubsidyScheme) current = NULL;
  g_autoptr(UpSubsidyScheme) rebased = NULL;
  g_autoptr(UpSubsidyScheme) result = NULL;
  g_autoptr(PGconn) other = up_test_pg_connect (f->conninfo);
  g_autofree char *b = add_scheme (f, "乡村振兴技能补助");
  g_autofree char *described = NULL;
  UpSchemeDiff diff;

  /* A quota to start with. */
  first = up_subsidy_scheme_load (f->conn, 0, &error);
  g_assert_no_error (error);
  g_ptr_array_add (first->quotas, up_academy_quota_new (f->academy, 2025, 500));
  up_subsidy_scheme_free (up_subsidy_scheme_save (f->conn, first, &error));
  g_assert_no_error (error);

  /* The first manager's dialog reads the default scheme. */
  loaded = up_subsidy_scheme_load (f->conn, 0, &error);
  g_assert_no_error (error);
  mine = up_subsidy_scheme_copy (loaded);

  /* The second manager, in scheme B's dialog, lowers the quota. */
  theirs = up_subsidy_scheme_load (f->conn, g_ascii_strtoll (b, NULL, 10), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (theirs->quotas->len, ==, 1);
  ((UpAcademyQuota *) g_ptr_array_index (theirs->quotas, 0))->max_claims = 200;
  saved = up_subsidy_scheme_save (f->conn, theirs, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->version, ==, theirs->version + 1);
  /* psql adds an occupation. */
  run_on (other, "INSERT INTO shortage_occupations (occupation, uplift_percent) VALUES ('数控铣工', 20)", NULL);

  /* The first manager saves a longer claim period: refused, nothing written. */
  mine->claim_window_months = 24;
  g_assert_null (up_subsidy_scheme_save (f->conn, mine, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);
  g_assert_cmpint (test_query_int (f->conn, "SELECT max_claims FROM academy_quotas", NULL), ==, 200);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM shortage_occupations", NULL), ==, 1);
  g_assert_cmpint (test_query_int (f->conn, "SELECT claim_window_months FROM subsidy_schemes "
                                            "WHERE id = up_default_scheme_id ()", NULL), ==, 12);

  /* What they changed, in the dialog's words. */
  current = up_subsidy_scheme_load (f->conn, loaded->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (current->version, >, loaded->version);
  g_assert_cmpint (up_subsidy_scheme_diff (loaded, current, &diff), ==,
                   UP_SCHEME_CHANGE_SHORTAGE | UP_SCHEME_CHANGE_QUOTAS);
  g_assert_cmpuint (diff.quotas_changed, ==, 1);
  g_assert_cmpuint (diff.shortage_added, ==, 1);
  described = up_scheme_diff_describe (&diff);
  g_assert_cmpstr (described, ==, "Shortage Occupations (1 added), Academy Quotas (1 changed)");

  /* Save Anyway: the form at their version, its lists as it shows them. */
  rebased = up_subsidy_scheme_rebase (mine, current);
  result = up_subsidy_scheme_save (f->conn, rebased, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->version, ==, current->version + 1);
  g_assert_cmpint (result->claim_window_months, ==, 24);
  g_assert_cmpint (test_query_int (f->conn, "SELECT max_claims FROM academy_quotas", NULL), ==, 500);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM shortage_occupations", NULL), ==, 0);
}

/* The backend of @conn waits for a lock. */
typedef struct
{
  PGconn *observer;
  char   *pid;
} LockWait;

static gboolean
waits_for_lock (gpointer data)
{
  LockWait *wait = data;

  return test_query_int (wait->observer, "SELECT count (*) FROM pg_stat_activity "
                                         "WHERE pid = $1::integer AND wait_event_type = 'Lock'", wait->pid) > 0;
}

static gboolean
answered (gpointer conn)
{
  g_assert_true (PQconsumeInput (conn));
  return !PQisBusy (conn);
}

/* A save (as up_subsidy_scheme_save () makes it) takes the schemes and
 * updates scheme @scheme; meanwhile psql runs @statement, which must wait
 * for it; the save then runs @save_sql on the same row and commits, and
 * psql's statement goes through after it.  Both take $1 = @param. */
static void
race_a_save (Fixture    *f,
             const char *scheme,
             const char *statement,
             const char *save_sql,
             const char *param)
{
  g_autoptr(PGconn) save = up_test_pg_connect (f->conninfo);
  g_autoptr(PGconn) psql = up_test_pg_connect (f->conninfo);
  const char *params[] = { param };
  LockWait wait = { f->conn, g_strdup_printf ("%d", PQbackendPID (psql)) };
  PGresult *result;

  run_on (save, "BEGIN", NULL);
  run_on (save, "SELECT up_lock_schemes ()", NULL);
  run_on (save, "UPDATE subsidy_schemes SET claim_window_months = 24 WHERE id = $1", scheme);

  g_assert_true (PQsendQueryParams (psql, statement, 1, NULL, params, NULL, NULL, 0));
  up_test_wait_until_full (waits_for_lock, &wait, ANSWER_SECONDS, "psql's statement to wait for the save");

  run_on (save, save_sql, param);
  run_on (save, "COMMIT", NULL);

  up_test_wait_until_full (answered, psql, ANSWER_SECONDS, "psql's statement to go through after the save");
  result = PQgetResult (psql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("the statement that waited: %s", PQresultErrorMessage (result));
  PQclear (result);
  g_assert_null (PQgetResult (psql));
  g_free (wait.pid);
}

/* A save writes its scheme's row, then the lists, and a change to the
 * lists writes every scheme's row: a psql statement on a quota the save
 * then changes would hold the quota and wait for the schemes, the save
 * hold the schemes and wait for the quota.  Both take the schemes first,
 * in one order, so the statement waits for the save and both go through. */
static void
test_lists_writers_wait_in_turn (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, test_query_int (f->conn, "SELECT up_default_scheme_id ()",
                                                                             NULL));
  g_autofree char *b = add_scheme (f, "乡村振兴技能补助");
  g_autofree char *academy = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy);
  int va, vb;

  run_on (f->conn, "INSERT INTO academy_quotas (academy_id, year, max_claims) VALUES ($1, 2025, 500)", academy);
  va = scheme_version (f, a);
  vb = scheme_version (f, b);

  race_a_save (f, a, "UPDATE academy_quotas SET max_claims = 300 WHERE academy_id = $1",
               "UPDATE academy_quotas SET max_claims = 400 WHERE academy_id = $1", academy);

  g_assert_cmpint (test_query_int (f->conn, "SELECT max_claims FROM academy_quotas", NULL), ==, 300);
  /* Each transaction moved each scheme once. */
  g_assert_cmpint (scheme_version (f, a), ==, va + 2);
  g_assert_cmpint (scheme_version (f, b), ==, vb + 2);
}

/* The same for v16's rates: a rate changed by psql moves its scheme's row,
 * so its statement takes the schemes first too, and waits for a save that
 * holds them instead of deadlocking with it. */
static void
test_rate_writers_wait_in_turn (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, test_query_int (f->conn, "SELECT up_default_scheme_id ()",
                                                                             NULL));
  int va = scheme_version (f, a);

  race_a_save (f, a, "UPDATE subsidy_policies SET amount_fen = 100000 WHERE scheme_id = $1::bigint AND skill_level = 3",
               "UPDATE subsidy_policies SET amount_fen = 90000 WHERE scheme_id = $1::bigint AND skill_level = 3", a);

  g_assert_cmpint (test_query_int (f->conn, "SELECT amount_fen FROM subsidy_policies "
                                            "WHERE scheme_id = up_default_scheme_id () AND skill_level = 3", NULL),
                   ==, 100000);
  /* The save moved it once, psql's change once. */
  g_assert_cmpint (scheme_version (f, a), ==, va + 2);
}

/* A move at a version someone else moved on from is refused and changes
 * nothing; the batch read again says what changed and what can be asked. */
static void
test_batch_stale_version (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpPaymentBatch) shown = NULL;
  g_autoptr(UpPaymentBatch) fresh = NULL;
  g_autoptr(UpPaymentBatch) fresher = NULL;
  g_autofree char *batch_id = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 ids[3];
  gint64 batch;
  int version = 0;
  guint n = 0;

  ids[0] = add_claim (f, f->academy, "焊工", 5, 10);
  ids[1] = add_claim (f, f->academy, "焊工", 4, 10);
  ids[2] = add_claim (f, f->academy, "焊工", 3, 10);
  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, ids, 3, NULL, &n, &error);
  g_assert_no_error (error);
  shown = up_payment_batch_create (f->conn, "2025年第2批", "special", -1, &error);
  g_assert_no_error (error);
  batch = up_payment_batch_get_id (shown);
  batch_id = g_strdup_printf ("%" G_GINT64_FORMAT, batch);
  g_assert_true (up_payment_batch_add_claims (f->conn, batch, up_payment_batch_get_version (shown), ids, 1, &n,
                                              &error));
  g_clear_object (&shown);
  shown = up_payment_batch_get (f->conn, batch, &error);
  g_assert_true (up_payment_batch_allows (shown, UP_BATCH_CHANGE_SUBMIT));
  g_assert_false (up_payment_batch_allows (shown, UP_BATCH_CHANGE_APPROVE));

  /* Someone else renames it and gives it a budget, and adds a claim. */
  up_pg_command (f->conn, "UPDATE payment_batches SET name = '2025年第2批（补）', budget_fen = 1000000 "
                          "WHERE id = $1::bigint", 1, (const char *[]) { batch_id }, &error);
  g_assert_no_error (error);
  g_assert_true (up_payment_batch_add_claims (f->conn, batch, up_payment_batch_get_version (shown) + 1, &ids[1], 1,
                                              &n, &error));
  g_assert_no_error (error);

  /* Here, at the version shown: each move is refused, nothing changes. */
  g_assert_false (up_payment_batch_submit (f->conn, batch, up_payment_batch_get_version (shown), &version, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);
  g_assert_false (up_payment_batch_add_claims (f->conn, batch, up_payment_batch_get_version (shown), &ids[2], 1, &n,
                                               &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);
  g_assert_false (up_payment_batch_pay (f->conn, batch, up_payment_batch_get_version (shown), NULL, 0, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM subsidies WHERE batch_id = $1", batch_id), ==, 2);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM payment_batches WHERE state = 'draft'", NULL),
                   ==, 1);

  /* Read again: what changed, in the page's words; submitting still makes
   * sense, at the new version. */
  fresh = up_payment_batch_get (f->conn, batch, &error);
  g_assert_no_error (error);
  lines = up_payment_batch_describe_changes (shown, fresh);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "Name: “2025年第2批” → “2025年第2批（补）”");
  g_assert_cmpstr (lines[1], ==, "Claims: 1 → 2");
  g_assert_cmpstr (lines[2], ==, "Total: ¥700.01 → ¥1,700.51");
  g_assert_cmpstr (lines[3], ==, "Budget: none → ¥10,000.00");
  g_clear_pointer (&lines, g_strfreev);
  lines = up_payment_batch_describe_changes (fresh, fresh);
  g_assert_cmpuint (g_strv_length (lines), ==, 0);
  g_clear_pointer (&lines, g_strfreev);
  g_assert_true (up_payment_batch_allows (fresh, UP_BATCH_CHANGE_SUBMIT));

  /* Someone else submits it: submitting again no longer makes sense. */
  g_assert_true (up_payment_batch_submit (f->conn, batch, up_payment_batch_get_version (fresh), &version, &error));
  g_assert_no_error (error);
  g_assert_false (up_payment_batch_submit (f->conn, batch, up_payment_batch_get_version (fresh), NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_RETRY);
  g_clear_error (&error);
  fresher = up_payment_batch_get (f->conn, batch, &error);
  g_assert_no_error (error);
  lines = up_payment_batch_describe_changes (fresh, fresher);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_cmpstr (lines[0], ==, "State: Draft → Submitted");
  g_assert_false (up_payment_batch_allows (fresher, UP_BATCH_CHANGE_SUBMIT));
  g_assert_true (up_payment_batch_allows (fresher, UP_BATCH_CHANGE_START_NOTICE));
}

static void
got_batch_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  UpPaymentBatch **batch = user_data;
  g_autoptr(GError) error = NULL;

  *batch = up_payment_batch_get_finish (UP_DATABASE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_batch_get_async (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpPaymentBatch) created = up_payment_batch_create (f->conn, "异步读取", "special", 500, &error);
  g_autoptr(UpPaymentBatch) batch = NULL;

  g_assert_no_error (error);
  up_payment_batch_get_async (f->db, up_payment_batch_get_id (created), NULL, got_batch_cb, &batch);
  up_test_wait_for_pointer (&batch, ANSWER_SECONDS);
  g_assert_cmpstr (up_payment_batch_get_name (batch), ==, "异步读取");
  g_assert_cmpint (up_payment_batch_get_budget_fen (batch), ==, 500);
  g_assert_cmpint (up_payment_batch_get_version (batch), ==, up_payment_batch_get_version (created));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/subsidy/get/has-its-rule-trail-and-history", test_get_claim);
  ADD ("/subsidy/get/refused-claim-names-its-rule", test_refused_claim_has_its_rule);
  ADD ("/subsidy/decide/approves-many-at-once-with-exact-totals", test_approve_many);
  ADD ("/subsidy/decide/reject-needs-a-reason", test_reject_needs_reason);
  ADD ("/subsidy/decide/send-back-needs-a-reason", test_send_back);
  ADD ("/subsidy/decide/over-the-quota-approves-none", test_quota_refuses_all);
  ADD ("/subsidy/decide/async", test_decide_async);
  ADD ("/subsidy-list/filters-count-and-total", test_list_filters);
  ADD ("/payment-batch/lifecycle-through-payment-and-reissue", test_batch_lifecycle);
  ADD ("/payment-batch/async", test_batch_async);
  ADD ("/subsidy-scheme/load-save-conflict-recompute", test_scheme_load_save);
  ADD ("/subsidy-scheme/save-anyway/saves-mine-over-a-newer-version", test_scheme_save_anyway);
  ADD ("/subsidy-scheme/changed-elsewhere/moves-the-version", test_scheme_changed_elsewhere);
  ADD ("/subsidy-scheme/shared-lists/changed-elsewhere-move-every-version", test_lists_changed_elsewhere);
  ADD ("/subsidy-scheme/shared-lists/saved-as-a-difference-by-the-app", test_lists_saved_by_the_app);
  ADD ("/subsidy-scheme/shared-lists/stale-save-is-refused-and-names-them", test_lists_stale_save_is_refused);
  ADD ("/subsidy-scheme/shared-lists/writers-wait-in-turn", test_lists_writers_wait_in_turn);
  ADD ("/subsidy-scheme/rates/writers-wait-in-turn", test_rate_writers_wait_in_turn);
  ADD ("/payment-batch/stale-version/is-refused-and-says-what-changed", test_batch_stale_version);
  ADD ("/payment-batch/get-async", test_batch_get_async);
  g_test_add_func ("/subsidy-scheme/diff/names-what-changed", test_scheme_diff);
  g_test_add_func ("/subsidy-scheme/rebase/takes-their-versions", test_scheme_rebase);

  return g_test_run ();
}
