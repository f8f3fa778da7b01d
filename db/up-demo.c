/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-demo"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <string.h>

#include "up-demo-private.h"
#include "up-error.h"
#include "up-pg.h"

/* The public API and the run of the demo (up-demo-private.h names the
 * parts). */

/* Ids --------------------------------------------------------------------- */

/* Constant names: the only text ever put into SQL by this file. */
static const char *table_names[N_TABLES] = {
  "academies", "majors", "trainees", "courses", "enrollments", "certifications",
  "subsidy_policies", "payment_batches", "subsidies",
};

/* The ids already taken in each table, by rows or by the identity sequence,
 * so ours never meet one handed out before. */
static gboolean
read_bases (Gen     *gen,
            GError **error)
{
  for (guint t = 0; t < N_TABLES; t++)
    {
      const char *params[] = { table_names[t] };
      g_autofree char *sql = NULL;
      char *table;

      /* A table cannot be a parameter: its name, escaped by libpq, is the
       * one thing joined into the statement. */
      table = PQescapeIdentifier (gen->conn, table_names[t], strlen (table_names[t]));
      if (table == NULL)
        {
          up_error_set_from_result (error, gen->conn, NULL);
          return FALSE;
        }
      sql = g_strconcat ("SELECT greatest ((SELECT max (id) FROM ", table, "), "
                         "pg_sequence_last_value (pg_get_serial_sequence ($1, 'id')::regclass), 0)", NULL);
      PQfreemem (table);
      if (!up_pg_query_int64 (gen->conn, sql, G_N_ELEMENTS (params), params, &gen->base[t], error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
advance_sequences (Gen     *gen,
                   GError **error)
{
  for (guint t = 0; t < N_TABLES; t++)
    {
      g_autofree char *last = NULL;

      if (gen->rows[t] == 0)
        continue;

      last = g_strdup_printf ("%" G_GINT64_FORMAT, gen->base[t] + gen->rows[t]);
      if (!up_pg_command (gen->conn, "SELECT setval (pg_get_serial_sequence ($1, 'id'), $2::bigint)",
                          2, (const char *[]) { table_names[t], last }, error))
        return FALSE;
    }

  return TRUE;
}

/* Public API --------------------------------------------------------------- */

void
up_demo_options_init (UpDemoOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->n_trainees = 20000;
  options->seed = 1;
}

gboolean
up_demo_is_empty (PGconn    *conn,
                  gboolean  *empty,
                  GError   **error)
{
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (empty != NULL, FALSE);

  result = up_pg_exec (conn, "SELECT NOT EXISTS (SELECT FROM trainees)", 0, NULL, error);
  if (result == NULL)
    return FALSE;

  *empty = PQntuples (result) == 1 && g_str_equal (PQgetvalue (result, 0, 0), "t");
  return TRUE;
}

/* Bulk loading ------------------------------------------------------------ */

/* The tables filled in bulk.  Their keys, indexes and foreign keys are
 * set aside while the rows stream in and made again afterwards, in the same
 * transaction: building an index once, or checking a foreign key with one
 * join, is many times faster than doing it row by row.  Check constraints and
 * triggers stay, and every key is checked again when it is made, so every row
 * still passes every rule before the transaction commits. */
/* Not courses: the enrollment rules (migration 0003) look courses up by id
 * for every course a statement touches, which needs its primary key. */
static const char *bulk_tables = "{trainees,enrollments,certifications,subsidies,subsidy_rule_results,audit_log}";

/* The statements are made by the server from its catalogue (names quoted by
 * quote_ident and pg_get_*def); no user text goes into them. */
static const char *set_aside_sql =
  "SELECT CASE contype WHEN 'f' THEN 2 ELSE 1 END,"
  "       format ('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),"
  "       format ('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname,"
  "               pg_get_constraintdef (oid))"
  "  FROM pg_constraint"
  " WHERE contype IN ('f', 'p', 'u') AND conrelid = ANY ($1::regclass[])"
  " UNION ALL "
  "SELECT 0, format ('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef (i.indexrelid)"
  "  FROM pg_index i"
  " WHERE i.indrelid = ANY ($1::regclass[])"
  "   AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
  " ORDER BY 1 DESC";

/* Drops the foreign keys, then the primary keys, unique constraints and other
 * indexes of the bulk tables (no other table refers to them); @restore
 * receives the statements that make them again, in the reverse order. */
static gboolean
set_aside_indexes (Gen        *gen,
                   GPtrArray  *restore,
                   GError    **error)
{
  const char *params[] = { bulk_tables };
  g_autoptr(PGresult) result = NULL;
  int n;

  result = up_pg_exec (gen->conn, set_aside_sql, 1, params, error);
  if (result == NULL)
    return FALSE;

  /* Foreign keys first (ORDER BY 1 DESC): they need the keys they use. */
  n = PQntuples (result);
  for (int i = 0; i < n; i++)
    if (!up_pg_command (gen->conn, PQgetvalue (result, i, 1), 0, NULL, error))
      return FALSE;

  /* Keys and indexes are made again before the foreign keys that use them. */
  for (int i = n - 1; i >= 0; i--)
    g_ptr_array_add (restore, g_strdup (PQgetvalue (result, i, 2)));

  return up_pg_command (gen->conn, "SET LOCAL maintenance_work_mem = '256MB'", 0, NULL, error);
}

/* The tables the demo fills alone: empty, since it found no trainees and
 * each of them needs a trainee.  Emptied again all the same, in this
 * transaction, so that they get new files: COPY can then write its rows
 * frozen (no later pass to mark them), and a server with wal_level =
 * minimal (the embedded one: db/up-embedded-server.c) writes them and their
 * indexes straight to their files instead of through the WAL too. */
static const char *demo_tables_empty_sql =
  "SELECT NOT EXISTS (SELECT FROM enrollments) AND NOT EXISTS (SELECT FROM certifications)"
  "   AND NOT EXISTS (SELECT FROM subsidies) AND NOT EXISTS (SELECT FROM subsidy_rule_results)";

static gboolean
truncate_empty_tables (Gen     *gen,
                       GError **error)
{
  g_autoptr(PGresult) result = up_pg_exec (gen->conn, demo_tables_empty_sql, 0, NULL, error);

  if (result == NULL)
    return FALSE;
  if (PQntuples (result) != 1 || !g_str_equal (PQgetvalue (result, 0, 0), "t"))
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED,
                           _("The database already holds trainees: demo data is only added to an empty database."));
      return FALSE;
    }

  return up_pg_command (gen->conn, "TRUNCATE trainees, enrollments, certifications, subsidies, subsidy_rule_results",
                        0, NULL, error);
}

/* The trainees' row triggers rest while the demo writes its own rows; what
 * they would have done is checked, or done, once over the table after. */
static const char *trainee_triggers_off_sql =
  "ALTER TABLE trainees DISABLE TRIGGER trainees_normalize, DISABLE TRIGGER trainees_employers_insert, "
  "DISABLE TRIGGER trainees_keep_enrolled_academies_insert";
static const char *trainee_triggers_on_sql =
  "ALTER TABLE trainees ENABLE TRIGGER trainees_normalize, ENABLE TRIGGER trainees_employers_insert, "
  "ENABLE TRIGGER trainees_keep_enrolled_academies_insert";
/* The trainees' own checks (migration 0014), over the whole table. */
static const char *trainees_not_normal_sql =
  "SELECT count(*) FROM trainees WHERE up_trainee_needs_normalizing (id_number, name)";
static const char *trainee_employers_sql =
  "SELECT up_trainee_employers_add (ARRAY (SELECT DISTINCT employer FROM trainees))";

static gboolean
check_trainees_once (Gen     *gen,
                     GError **error)
{
  gint64 n = 0;

  if (!up_pg_query_int64 (gen->conn, trainees_not_normal_sql, 0, NULL, &n, error))
    return FALSE;
  /* Never with the generator's rows; a programming error if ever. */
  if (n != 0)
    {
      /* Translators: %d is a number of trainees */
      g_set_error (error, UP_ERROR, UP_ERROR_FAILED, _("%d demo trainees are not in normal form."),
                   (int) MIN (n, G_MAXINT));
      return FALSE;
    }

  return up_pg_command (gen->conn, trainee_employers_sql, 0, NULL, error);
}

static const char *analyze_sql =
  "ANALYZE academies, majors, courses, trainees, enrollments, certifications, subsidy_policies, "
  "payment_batches, subsidies";

static gboolean
restore_indexes (Gen        *gen,
                 GPtrArray  *restore,
                 GError    **error)
{
  gboolean analyzed = FALSE;

  for (guint i = 0; i < restore->len; i++)
    {
      gint64 start = g_get_monotonic_time ();

      /* Statistics once the indexes are there (those of expression indexes
       * need them) and before the foreign keys, whose checks (a join of
       * every row) are then planned on real numbers. */
      if (!analyzed && strstr (g_ptr_array_index (restore, i), "FOREIGN KEY") != NULL)
        {
          /* A key's check is an anti-join of every row: merged along the
           * indexes just made, read from the index alone (the rows were
           * written frozen, so all visible), it beats hashing millions of
           * ids (enrollments→trainees: 0.7 s against 1.9 s). */
          if (!up_pg_command (gen->conn, analyze_sql, 0, NULL, error)
              || !up_pg_command (gen->conn, "SET LOCAL enable_hashjoin = off", 0, NULL, error))
            return FALSE;
          g_debug ("%.2f s: %s", (g_get_monotonic_time () - start) / 1e6, analyze_sql);
          analyzed = TRUE;
          start = g_get_monotonic_time ();
        }

      if (!up_demo_check_cancelled (gen, error)
          || !up_pg_command (gen->conn, g_ptr_array_index (restore, i), 0, NULL, error))
        return FALSE;
      /* Catalogue text only (index and constraint definitions). */
      g_debug ("%.2f s: %s", (g_get_monotonic_time () - start) / 1e6,
               (const char *) g_ptr_array_index (restore, i));
    }
  /* No foreign key to make (never with the demo's tables): still analyzed. */
  if (!analyzed)
    return up_pg_command (gen->conn, analyze_sql, 0, NULL, error);
  return up_pg_command (gen->conn, "RESET enable_hashjoin", 0, NULL, error);
}

static gboolean
generate (Gen     *gen,
          GError **error)
{
  g_autoptr(GPtrArray) restore = g_ptr_array_new_with_free_func (g_free);
  gboolean empty = FALSE;

  /* Nobody else writes these tables meanwhile: our ids are chosen here. */
  if (!up_pg_command (gen->conn, "SET LOCAL synchronous_commit = off", 0, NULL, error)
      || !up_pg_command (gen->conn, "LOCK TABLE academies, majors, courses, trainees, enrollments, "
                                    "certifications, subsidy_policies, payment_batches, subsidies "
                                    "IN SHARE ROW EXCLUSIVE MODE", 0, NULL, error)
      || !up_demo_is_empty (gen->conn, &empty, error))
    return FALSE;

  if (!empty)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED,
                           _("The database already holds trainees: demo data is only added to an empty database."));
      return FALSE;
    }

  if (!set_aside_indexes (gen, restore, error)
      || !truncate_empty_tables (gen, error))
    return FALSE;

  up_demo_set_stage (gen, _("Creating academies and majors"));
  if (!read_bases (gen, error)
      || !up_demo_write_academies (gen, error)
      /* The courses first: who they enroll is chosen with them, and the
       * trainees carry the academies that enroll them, so that the
       * enrollments' trigger that keeps those (0011) rests meanwhile, as
       * does the trainees' one that refuses a client's value (ours is the
       * owner's, and tests/test-demo compares it with the enrollments). */
      || !up_demo_write_courses (gen, error)
      || !up_pg_command (gen->conn, trainee_triggers_off_sql, 0, NULL, error)
      || !up_demo_write_trainees (gen, error)
      || !up_pg_command (gen->conn, trainee_triggers_on_sql, 0, NULL, error)
      || !check_trainees_once (gen, error)
      /* The enrollment rules are checked once over the loaded table rather
       * than over a copy of every row in the trigger's transition table. */
      || !up_pg_command (gen->conn, "ALTER TABLE enrollments DISABLE TRIGGER enrollments_check_insert, "
                                    "DISABLE TRIGGER enrollments_reach_insert", 0, NULL, error)
      || !up_demo_write_enrollments (gen, error)
      || !up_pg_command (gen->conn, "ALTER TABLE enrollments ENABLE TRIGGER enrollments_check_insert, "
                                    "ENABLE TRIGGER enrollments_reach_insert", 0, NULL, error)
      || !up_pg_command (gen->conn, "SELECT up_enrollments_check_all ()", 0, NULL, error)
      /* The demo writes its own claims and levels: the certificates'
       * triggers (0004) that compute them row by row rest meanwhile. */
      || !up_pg_command (gen->conn, "ALTER TABLE certifications DISABLE TRIGGER certifications_claim, "
                                    "DISABLE TRIGGER certifications_levels_insert", 0, NULL, error)
      || !up_demo_write_certifications (gen, error)
      || !up_pg_command (gen->conn, "ALTER TABLE certifications ENABLE TRIGGER certifications_claim, "
                                    "ENABLE TRIGGER certifications_levels_insert", 0, NULL, error))
    return FALSE;

  up_demo_set_stage (gen, _("Creating subsidies"));
  up_demo_plan_subsidies (gen);
  if (!up_demo_write_policies (gen, error)
      || !up_demo_write_batches (gen, error)
      || !up_demo_write_subsidies (gen, error)
      /* Each claim's rule trail: its rate, and the raise of a shortage
       * occupation; the demo's refusals are people's, with their reasons. */
      || !up_pg_command (gen->conn,
                         "INSERT INTO subsidy_rule_results (subsidy_id, seq, rule, outcome, amount_fen, limit_value) "
                         "SELECT s.id, 1, 'rate', 'applied', p.amount_fen, p.amount_fen "
                         "  FROM subsidies s JOIN subsidy_policies p ON p.id = s.policy_id "
                         "UNION ALL "
                         "SELECT s.id, 2, 'shortage_uplift', 'raised', s.amount_fen, o.uplift_percent "
                         "  FROM subsidies s JOIN certifications c ON c.id = s.certification_id "
                         "  JOIN shortage_occupations o ON o.occupation = c.occupation",
                         0, NULL, error))
    return FALSE;

  up_demo_set_stage (gen, _("Saving"));
  return restore_indexes (gen, restore, error)
         && advance_sequences (gen, error)
         && up_demo_check_cancelled (gen, error);
}

gboolean
up_demo_generate (PGconn               *conn,
                  const UpDemoOptions  *options,
                  GCancellable         *cancellable,
                  GError              **error)
{
  Gen gen;
  gboolean ok;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  /* All or nothing: the demo is its own transaction. */
  g_return_val_if_fail (PQtransactionStatus (conn) == PQTRANS_IDLE, FALSE);

  if (options->n_trainees == 0)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("The demo data needs at least one trainee."));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || !up_pg_begin (conn, error))
    return FALSE;

  up_demo_gen_init (&gen, conn, options, cancellable);
  ok = generate (&gen, error) && up_pg_commit (conn, error);
  if (!ok)
    {
      up_demo_copy_abort (&gen);
      up_pg_rollback (conn);
    }
  else if (options->progress != NULL)
    options->progress (1.0, gen.stage, options->progress_data);
  up_demo_gen_clear (&gen);

  return ok;
}
