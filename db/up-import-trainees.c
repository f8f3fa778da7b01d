/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-import"

#include "config.h"

#include <glib/gi18n.h>

#include "up-error.h"
#include "up-i18n.h"
#include "up-id-number.h"
#include "up-import-private.h"
#include "up-pg.h"
#include "up-trainee.h"

/* Rosters: each row checked by the trainee form's own rules, staged, then
 * merged into trainees (new ones inserted, registered ones skipped or
 * updated) and, when asked, enrolled into a course in the file's order. */

static const char *staging_sql =
  "CREATE TEMP TABLE up_import_trainees ("
  "  line integer NOT NULL, id_number text NOT NULL, name text NOT NULL, phone text,"
  "  employer text, industry text, union_member boolean, education academic_level,"
  "  skill_level smallint"
  ") ON COMMIT DROP";

static const char *copy_sql =
  "COPY up_import_trainees (line, id_number, name, phone, employer, industry, union_member,"
  "                         education, skill_level) FROM STDIN";

static const char *count_existing_sql =
  "SELECT count (*) FROM up_import_trainees s JOIN trainees t ON t.id_number = s.id_number";

/* $1 … $6: whether the file has phone, employer, industry, union member,
 * education, skill level.  An empty cell keeps what is there.  Rows that
 * would not change are not touched (their version stays). */
static const char *update_sql =
  "UPDATE trainees t"
  "   SET name = n.name, phone = n.phone, employer = n.employer, industry = n.industry,"
  "       union_member = n.union_member, education = n.education, skill_level = n.skill_level"
  "  FROM (SELECT o.id, s.name,"
  "               CASE WHEN $1 THEN coalesce (s.phone, o.phone) ELSE o.phone END AS phone,"
  "               CASE WHEN $2 THEN coalesce (s.employer, o.employer) ELSE o.employer END AS employer,"
  "               CASE WHEN $3 THEN coalesce (s.industry, o.industry) ELSE o.industry END AS industry,"
  "               CASE WHEN $4 THEN coalesce (s.union_member, o.union_member) ELSE o.union_member END AS union_member,"
  "               CASE WHEN $5 THEN coalesce (s.education, o.education) ELSE o.education END AS education,"
  "               CASE WHEN $6 THEN coalesce (s.skill_level, o.skill_level) ELSE o.skill_level END AS skill_level"
  "          FROM up_import_trainees s JOIN trainees o ON o.id_number = s.id_number) n"
  " WHERE t.id = n.id"
  "   AND (t.name, t.phone, t.employer, t.industry, t.union_member, t.education, t.skill_level)"
  "       IS DISTINCT FROM"
  "       (n.name, n.phone, n.employer, n.industry, n.union_member, n.education, n.skill_level)";

/* New trainees, in the file's order. */
#define INSERT_TRAINEES_SQL(on_conflict)                                                                 \
  "WITH ins AS ("                                                                                        \
  "  INSERT INTO trainees (academy_id, id_number, name, phone, employer, industry, union_member,"        \
  "                        education, skill_level)"                                                      \
  "  SELECT $1, s.id_number, s.name, s.phone, s.employer, s.industry, coalesce (s.union_member, false)," \
  "         s.education, s.skill_level"                                                                  \
  "    FROM up_import_trainees s"                                                                        \
  "   WHERE NOT EXISTS (SELECT 1 FROM trainees t WHERE t.id_number = s.id_number)"                       \
  "   ORDER BY s.line"                                                                                   \
  "  " on_conflict                                                                                       \
  "  RETURNING 1)"                                                                                       \
  "SELECT count (*) FROM ins"

/* Someone registering the same number meanwhile wins: ON CONFLICT skips. */
static const char *insert_sql = INSERT_TRAINEES_SQL ("ON CONFLICT ON CONSTRAINT trainees_id_number_unique DO NOTHING");

/* Nobody else can meanwhile (the table is locked): no speculative insertion. */
static const char *bulk_insert_sql = INSERT_TRAINEES_SQL ("");

/* More new trainees than the table holds: the search indexes are built, and
 * the academies checked, once after the rows instead of row by row
 * (migration 0015). */
static const char *begin_bulk_sql = "SELECT up_trainees_begin_bulk_insert ($1)";

static const char *end_bulk_sql = "SELECT up_trainees_end_bulk_insert ()";

static const char *course_sql =
  "SELECT academy_id, status::text FROM courses WHERE id = $1";

static const char *only_academy_sql =
  "SELECT CASE WHEN count (*) = 1 THEN min (id) ELSE 0 END FROM academies";

static const char *already_enrolled_sql =
  "SELECT count (*) FROM up_import_trainees s JOIN trainees t ON t.id_number = s.id_number"
  " WHERE EXISTS (SELECT 1 FROM enrollments x"
  "                WHERE x.trainee_id = t.id AND x.course_id = $1 AND x.status <> 'withdrawn')";

/* The database's own up_enroll, in the file's order (OFFSET 0 keeps the
 * ordered subquery from being flattened), so that seats and the waiting
 * list follow the roster. */
static const char *enroll_sql =
  "SELECT count (*) FILTER (WHERE (r.e).status <> 'waitlisted'),"
  "       count (*) FILTER (WHERE (r.e).status = 'waitlisted')"
  "  FROM (SELECT up_enroll (q.trainee_id, $1) AS e"
  "          FROM (SELECT t.id AS trainee_id"
  "                  FROM up_import_trainees s JOIN trainees t ON t.id_number = s.id_number"
  "                 WHERE NOT EXISTS (SELECT 1 FROM enrollments x"
  "                                    WHERE x.trainee_id = t.id AND x.course_id = $1"
  "                                      AND x.status <> 'withdrawn')"
  "                 ORDER BY s.line OFFSET 0) q) r";

/* Checks one row of a roster: either stages it, or sets *reason. */
static void
check_trainee_row (UpImportRun  *run,
                   const UpRow  *row,
                   gboolean     *skipped,
                   char        **reason)
{
  g_autoptr(UpTraineeInput) input = up_trainee_input_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *union_text = NULL;
  g_autofree char *education_text = NULL;
  g_autofree char *skill_text = NULL;
  const char *education = NULL;
  gboolean union_member = FALSE;
  int skill_level = 0;
  guint first;

  input->academy_id = run->academy_id;
  input->id_number = up_import_run_cell (run, row, UP_TRAINEE_COLUMN_ID_NUMBER);
  input->name = up_import_run_cell (run, row, UP_TRAINEE_COLUMN_NAME);
  input->phone = up_import_empty_to_null (up_import_run_cell (run, row, UP_TRAINEE_COLUMN_PHONE));
  input->employer = up_import_empty_to_null (up_import_run_cell (run, row, UP_TRAINEE_COLUMN_EMPLOYER));
  input->industry = up_import_empty_to_null (up_import_run_cell (run, row, UP_TRAINEE_COLUMN_INDUSTRY));
  union_text = up_import_run_cell (run, row, UP_TRAINEE_COLUMN_UNION_MEMBER);
  education_text = up_import_run_cell (run, row, UP_TRAINEE_COLUMN_EDUCATION);
  skill_text = up_import_run_cell (run, row, UP_TRAINEE_COLUMN_SKILL_LEVEL);

  if (!up_import_parse_union_member (union_text, &union_member))
    {
      *reason = g_strdup (_("Union member: write 是 or 否 (yes or no)."));
      return;
    }
  if (!up_import_parse_education (education_text, &education))
    {
      *reason = g_strdup (_("Education: write one of 初中及以下, 中专/高中, 大专, 本科, 研究生, or leave it empty."));
      return;
    }
  if (!up_import_parse_skill_level (skill_text, &skill_level))
    {
      *reason = g_strdup (_("Skill level: write one of 初级工, 中级工, 高级工, 技师, 高级技师 (or 5 to 1), "
                            "or leave it empty."));
      return;
    }
  input->union_member = union_member;
  input->education = g_strdup (education);
  input->skill_level = skill_level;

  /* The form's own rules, in its words. */
  if (up_trainee_input_validate (input, &error) != UP_TRAINEE_FIELD_NONE)
    {
      *reason = g_strdup (error->message);
      return;
    }

  /* The form has no length rule for these, but the database's indexes hold
   * at most about 2,700 bytes: refuse here what the merge would fail on. */
  if (g_utf8_strlen (input->employer != NULL ? input->employer : "", -1) > UP_IMPORT_MAX_TEXT_CHARS
      || g_utf8_strlen (input->industry != NULL ? input->industry : "", -1) > UP_IMPORT_MAX_TEXT_CHARS)
    {
      *reason = g_strdup_printf (_("Employer and industry: at most %d characters each."), UP_IMPORT_MAX_TEXT_CHARS);
      return;
    }

  {
    g_autofree char *id_number = up_id_number_normalize (input->id_number);

    if (!up_import_run_id_number_is_new (run, id_number, row->number, &first))
      {
        /* Translators: %u is the number of the row that has the same ID number */
        *reason = g_strdup_printf (_("ID number: the same as in row %u; each trainee may appear only once."), first);
        return;
      }

    up_import_run_stage_begin (run, row->number);
    up_import_run_stage_text (run, id_number);
  }
  up_import_run_stage_text (run, input->name);
  up_import_run_stage_text (run, input->phone);
  up_import_run_stage_text (run, input->employer);
  up_import_run_stage_text (run, input->industry);
  /* An empty union member cell: NULL, so an update keeps what is there. */
  up_import_run_stage_text (run, *union_text == '\0' ? NULL : union_member ? "t" : "f");
  up_import_run_stage_text (run, education);
  up_import_run_stage_int (run, skill_level, skill_level > 0);
  up_import_run_stage_end (run);
}

static gboolean
resolve_academy (UpImportRun  *run,
                 GError      **error)
{
  UpImport *self = run->self;

  run->academy_id = self->academy_id;

  if (self->course_id > 0)
    {
      g_autofree char *course_text = g_strdup_printf ("%" G_GINT64_FORMAT, self->course_id);
      const char *params[] = { course_text };
      g_autoptr(PGresult) result = up_pg_exec (run->conn, course_sql, 1, params, error);
      const char *status;

      if (result == NULL)
        return FALSE;
      if (PQntuples (result) != 1)
        {
          /* Translators: %s is a course's number */
          g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("There is no course number %s."), course_text);
          return FALSE;
        }
      status = PQgetvalue (result, 0, 1);
      if (g_str_equal (status, "finished") || g_str_equal (status, "cancelled"))
        {
          g_set_error_literal (error, UP_ERROR, UP_ERROR_CHECK,
                               up_error_describe_constraint ("enrollments_course_open"));
          return FALSE;
        }
      if (run->academy_id <= 0)
        run->academy_id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
    }

  if (run->academy_id <= 0)
    {
      if (!up_pg_query_int64 (run->conn, only_academy_sql, 0, NULL, &run->academy_id, error))
        return FALSE;
      if (run->academy_id <= 0)
        {
          g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                               _("Choose the academy that registers the trainees."));
          return FALSE;
        }
      return TRUE;
    }

  return up_import_run_academy_exists (run, error);
}

static gboolean
merge (UpImportRun  *run,
       GError      **error)
{
  UpImport *self = run->self;
  gint64 existing = 0, count = 0;
  gboolean bulk = FALSE;

  if (!up_pg_command (run->conn, "ANALYZE up_import_trainees", 0, NULL, error)
      || !up_pg_query_int64 (run->conn, count_existing_sql, 0, NULL, &existing, error))
    return FALSE;
  up_import_run_lap (run, "analyze and count");
  up_import_run_report (run, UP_IMPORT_READ_SHARE + 0.05);

  {
    g_autofree char *new_rows = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 (gint64) run->summary->read - run->summary->rejected - existing);
    const char *params[] = { new_rows };
    g_autoptr(PGresult) result = up_pg_exec (run->conn, begin_bulk_sql, 1, params, error);

    if (result == NULL)
      return FALSE;
    bulk = g_str_equal (PQgetvalue (result, 0, 0), "t");
    up_import_run_lap (run, bulk ? "set the search indexes and academy key aside" : "keep the search indexes");
  }

  if (self->update_existing && existing > 0)
    {
      const char *params[] = {
        run->columns[UP_TRAINEE_COLUMN_PHONE] >= 0 ? "true" : "false",
        run->columns[UP_TRAINEE_COLUMN_EMPLOYER] >= 0 ? "true" : "false",
        run->columns[UP_TRAINEE_COLUMN_INDUSTRY] >= 0 ? "true" : "false",
        run->columns[UP_TRAINEE_COLUMN_UNION_MEMBER] >= 0 ? "true" : "false",
        run->columns[UP_TRAINEE_COLUMN_EDUCATION] >= 0 ? "true" : "false",
        run->columns[UP_TRAINEE_COLUMN_SKILL_LEVEL] >= 0 ? "true" : "false",
      };
      g_autoptr(PGresult) result = up_pg_exec (run->conn, update_sql, G_N_ELEMENTS (params), params, error);

      if (result == NULL)
        return FALSE;
      run->summary->updated = (guint) g_ascii_strtoull (PQcmdTuples (result), NULL, 10);
    }
  run->summary->skipped = (guint) existing - run->summary->updated;
  up_import_run_lap (run, "update");
  up_import_run_report (run, UP_IMPORT_READ_SHARE + 0.2);
  if (!up_import_run_check_cancelled (run, error))
    return FALSE;

  {
    g_autofree char *academy_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->academy_id);
    const char *params[] = { academy_text };

    if (!up_pg_query_int64 (run->conn, bulk ? bulk_insert_sql : insert_sql, 1, params, &count, error))
      return FALSE;
    run->summary->imported = (guint) count;
    /* Registered by someone else while we read: left as they are. */
    run->summary->skipped += (guint) (run->summary->read - run->summary->rejected - existing - count);
  }
  up_import_run_lap (run, "insert");
  up_import_run_report (run, UP_IMPORT_READ_SHARE + 0.5);
  if (!up_import_run_check_cancelled (run, error))
    return FALSE;

  if (bulk)
    {
      if (!up_pg_command (run->conn, end_bulk_sql, 0, NULL, error))
        return FALSE;
      up_import_run_lap (run, "make the search indexes and academy key again");
      up_import_run_report (run, UP_IMPORT_READ_SHARE + 0.8);
      if (!up_import_run_check_cancelled (run, error))
        return FALSE;
    }

  if (self->course_id > 0)
    {
      g_autofree char *course_text = g_strdup_printf ("%" G_GINT64_FORMAT, self->course_id);
      const char *params[] = { course_text };
      g_autoptr(PGresult) result = NULL;

      if (!up_pg_query_int64 (run->conn, already_enrolled_sql, 1, params, &count, error))
        return FALSE;
      run->summary->already_enrolled = (guint) count;

      result = up_pg_exec (run->conn, enroll_sql, 1, params, error);
      if (result == NULL)
        return FALSE;
      run->summary->enrolled = (guint) g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10);
      run->summary->waitlisted = (guint) g_ascii_strtoull (PQgetvalue (result, 0, 1), NULL, 10);
      up_import_run_lap (run, "enroll");
    }

  return TRUE;
}

static gboolean
start (UpImportRun  *run,
       GError      **error)
{
  return resolve_academy (run, error)
         && up_pg_begin (run->conn, error)
         && up_pg_command (run->conn, staging_sql, 0, NULL, error)
         && up_pg_copy_begin (run->conn, copy_sql, error);
}

const UpImportKindOps up_import_trainees_ops = {
  .start = start,
  .check_row = check_trainee_row,
  .merge = merge,
};
