/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-import"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "up-error.h"
#include "up-i18n.h"
#include "up-import-private.h"
#include "up-pg.h"

/* Certificates: the list an issuing body sends.  Each row matched to a
 * registered trainee by ID number, then inserted in one statement, in the
 * order of their issue dates, so that the database's trigger computes each
 * claim as if recorded one by one. */

static const char *certificates_staging_sql =
  "CREATE TEMP TABLE up_import_certificates ("
  "  line integer NOT NULL, id_number text NOT NULL, name text, occupation text NOT NULL,"
  "  kind certification_kind NOT NULL, skill_level smallint, academic_level academic_level,"
  "  certificate_no text NOT NULL, issuing_body text NOT NULL, issued_on date NOT NULL,"
  "  trainee_id bigint, academy_id bigint"
  ") ON COMMIT DROP";

static const char *certificates_copy_sql =
  "COPY up_import_certificates (line, id_number, name, occupation, kind, skill_level, academic_level,"
  "                             certificate_no, issuing_body, issued_on) FROM STDIN";

/* $1: the academy chosen for every certificate, or NULL for each trainee's own. */
static const char *certificates_match_sql =
  "UPDATE up_import_certificates s SET trainee_id = t.id, academy_id = coalesce ($1::bigint, t.academy_id)"
  "  FROM trainees t WHERE t.id_number = s.id_number";

/* The rows the database's contents turn away, with why (RefusedCertificate). */
static const char *certificates_refused_sql =
  "SELECT s.line,"
  "       CASE WHEN s.trainee_id IS NULL THEN 1"
  "            WHEN s.name IS NOT NULL AND s.name <> t.name THEN 2"
  "            WHEN (c.trainee_id, c.kind, c.occupation, c.skill_level, c.academic_level, c.issued_on)"
  "                 IS NOT DISTINCT FROM"
  "                 (s.trainee_id, s.kind, s.occupation, s.skill_level, s.academic_level, s.issued_on) THEN 3"
  "            ELSE 4 END"
  "  FROM up_import_certificates s"
  "  LEFT JOIN trainees t ON t.id = s.trainee_id"
  "  LEFT JOIN certifications c ON c.issuing_body = s.issuing_body AND c.certificate_no = s.certificate_no"
  " WHERE s.trainee_id IS NULL OR (s.name IS NOT NULL AND s.name <> t.name) OR c.id IS NOT NULL"
  " ORDER BY s.line";

static const char *certificates_drop_lines_sql =
  "DELETE FROM up_import_certificates WHERE line = ANY ($1::integer[])";

static const char *certificates_inserted_sql =
  "CREATE TEMP TABLE up_import_inserted (id bigint NOT NULL) ON COMMIT DROP";

/* Someone recording the same number meanwhile wins: ON CONFLICT skips. */
static const char *certificates_insert_sql =
  "WITH ins AS ("
  "  INSERT INTO certifications (academy_id, trainee_id, kind, occupation, skill_level, academic_level,"
  "                              certificate_no, issuing_body, issued_on)"
  "  SELECT academy_id, trainee_id, kind, occupation, skill_level, academic_level,"
  "         certificate_no, issuing_body, issued_on"
  "    FROM up_import_certificates"
  "   ORDER BY issued_on, line"
  "  ON CONFLICT ON CONSTRAINT certifications_number_unique DO NOTHING"
  "  RETURNING id)"
  "INSERT INTO up_import_inserted (id) SELECT id FROM ins";

static const char *certificates_claims_sql =
  "SELECT count (*) FILTER (WHERE x.state = 'pending'), count (*) FILTER (WHERE x.state = 'rejected')"
  "  FROM subsidies x JOIN up_import_inserted n ON n.id = x.certification_id";

/* A certificate number seen in the file: on which row, for what. */
typedef struct
{
  guint  line;
  char  *content;
} Seen;

static void
seen_free (gpointer data)
{
  Seen *seen = data;

  g_free (seen->content);
  g_free (seen);
}

static const char *level_hint =
  N_("Level: write one of 初级工, 中级工, 高级工, 技师, 高级技师 (or 5 to 1), "
     "专项职业能力, or an academic level such as 大专 or 本科.");

/* A certificate: either staged, skipped (the same certificate twice in the
 * file: *skipped), or refused (*reason). */
static void
check_certificate_row (UpImportRun  *run,
                       const UpRow  *row,
                       gboolean     *skipped,
                       char        **reason)
{
  g_autofree char *id_number = NULL;
  g_autofree char *name = up_import_run_cell (run, row, UP_CERTIFICATE_COLUMN_NAME);
  g_autofree char *occupation = up_import_run_cell (run, row, UP_CERTIFICATE_COLUMN_OCCUPATION);
  g_autofree char *level_text = up_import_run_cell (run, row, UP_CERTIFICATE_COLUMN_LEVEL);
  g_autofree char *number_text = up_import_run_cell (run, row, UP_CERTIFICATE_COLUMN_NUMBER);
  g_autofree char *issuer = up_import_run_cell (run, row, UP_CERTIFICATE_COLUMN_ISSUER);
  g_autofree char *date_text = up_import_run_cell (run, row, UP_CERTIFICATE_COLUMN_ISSUED_ON);
  g_autofree char *kind_text = up_import_run_cell (run, row, UP_CERTIFICATE_COLUMN_KIND);
  g_autofree char *key = NULL;
  g_autofree char *content = NULL;
  const char *kind = NULL, *level_kind = NULL, *academic_level = NULL;
  int skill_level = 0;
  char issued_on[11];
  Seen *seen;

  id_number = up_import_run_checked_id_number (run, row, reason);
  if (id_number == NULL)
    return;

  if (*occupation == '\0' || g_utf8_strlen (occupation, -1) > UP_IMPORT_MAX_TEXT_CHARS)
    {
      /* Translators: %d is a number of characters */
      *reason = g_strdup_printf (_("Occupation: write the occupation (工种), at most %d characters."), UP_IMPORT_MAX_TEXT_CHARS);
      return;
    }

  if (!up_import_parse_certificate_kind (kind_text, &kind))
    {
      *reason = g_strdup (_("Kind of certificate: write one of 职业技能等级证书, 专项职业能力证书, 学历证书, "
                            "特种作业操作证, or leave it empty."));
      return;
    }
  if (*level_text == '\0')
    {
      /* 专项职业能力 and 特种作业 certificates have no level. */
      if (kind == NULL || !(g_str_equal (kind, "special_ability") || g_str_equal (kind, "special_operation")))
        {
          *reason = g_strdup (_(level_hint));
          return;
        }
    }
  else if (!up_import_parse_certificate_level (level_text, &level_kind, &skill_level, &academic_level))
    {
      *reason = g_strdup (_(level_hint));
      return;
    }
  else if (kind == NULL)
    kind = level_kind;
  else if (!g_str_equal (kind, level_kind)
           && !(skill_level > 0 && (g_str_equal (kind, "special_ability") || g_str_equal (kind, "special_operation"))))
    {
      /* Translators: %s says the level does not fit the kind */
      *reason = g_strdup_printf (_("Level: %s"), up_error_describe_constraint ("certifications_level_fits_kind"));
      return;
    }
  if (!g_str_equal (kind, "skill_level") && !g_str_equal (kind, "academic_degree") && skill_level == 0)
    academic_level = NULL;

  if (*number_text == '\0' || g_utf8_strlen (number_text, -1) > UP_IMPORT_MAX_TEXT_CHARS)
    {
      *reason = g_strdup (_("Certificate number: the cell is empty or too long."));
      return;
    }

  if (*issuer == '\0' && run->self->issuer != NULL)
    {
      g_free (issuer);
      issuer = up_import_trim (run->self->issuer);
    }
  if (*issuer == '\0' || g_utf8_strlen (issuer, -1) > UP_IMPORT_MAX_TEXT_CHARS)
    {
      *reason = g_strdup (_("Issuing body: the cell is empty and no issuing body was chosen for the whole file."));
      return;
    }

  if (!up_import_parse_date (date_text, issued_on))
    {
      *reason = g_strdup (_("Issue date: write it as 2025-03-01, 2025/3/1 or 2025年3月1日."));
      return;
    }
  if (strcmp (issued_on, run->today) > 0)
    {
      *reason = g_strdup (_("Issue date: it is in the future."));
      return;
    }

  /* The same number of the same issuing body twice in the file: the same
   * certificate is skipped, another one refused. */
  key = g_strconcat (issuer, "\x1f", number_text, NULL);
  content = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%d\x1f%s\x1f%s", id_number, occupation, kind, skill_level,
                             academic_level != NULL ? academic_level : "", issued_on);
  seen = g_hash_table_lookup (run->numbers, key);
  if (seen != NULL)
    {
      if (g_str_equal (seen->content, content))
        *skipped = TRUE;
      else
        /* Translators: %u is the number of the row with the same certificate number */
        *reason = g_strdup_printf (_("Certificate number: the same as in row %u, from the same issuing body, "
                                     "for another certificate."), seen->line);
      return;
    }
  seen = g_new0 (Seen, 1);
  seen->line = row->number;
  seen->content = g_steal_pointer (&content);
  g_hash_table_insert (run->numbers, g_steal_pointer (&key), seen);

  up_import_run_stage_begin (run, row->number);
  up_import_run_stage_text (run, id_number);
  up_import_run_stage_text (run, *name != '\0' ? name : NULL);
  up_import_run_stage_text (run, occupation);
  up_import_run_stage_text (run, kind);
  up_import_run_stage_int (run, skill_level, skill_level > 0);
  up_import_run_stage_text (run, academic_level);
  up_import_run_stage_text (run, number_text);
  up_import_run_stage_text (run, issuer);
  up_import_run_stage_text (run, issued_on);
  up_import_run_stage_end (run);
}

static gboolean
resolve_certificate_academy (UpImportRun  *run,
                             GError      **error)
{
  /* 0: each certificate goes to the academy that registered its trainee. */
  run->academy_id = run->self->academy_id;
  return run->academy_id <= 0 || up_import_run_academy_exists (run, error);
}

static gboolean
vet_certificates (UpImportRun  *run,
                  GError      **error)
{
  g_autofree char *academy_text = run->academy_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, run->academy_id) : NULL;
  const char *params[] = { academy_text };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!up_pg_command (run->conn, "ANALYZE up_import_certificates", 0, NULL, error)
      || !up_pg_command (run->conn, certificates_match_sql, 1, params, error))
    return FALSE;
  result = up_pg_exec (run->conn, certificates_refused_sql, 0, NULL, error);
  if (result == NULL)
    return FALSE;

  for (int i = 0; i < PQntuples (result); i++)
    {
      guint line = (guint) g_ascii_strtoull (PQgetvalue (result, i, 0), NULL, 10);
      int why = atoi (PQgetvalue (result, i, 1));
      g_autofree char *reason = NULL;

      switch (why)
        {
        case 1:
          reason = g_strdup (_("ID number: no trainee is registered with this number. Register the trainee "
                               "first, or import the roster."));
          break;
        case 2:
          reason = g_strdup (_("Name: the trainee registered with this ID number has another name."));
          break;
        case 3:
          /* Already recorded, the same certificate: nothing to do. */
          run->summary->skipped++;
          break;
        default:
          /* Translators: %s says the number is taken */
          reason = g_strdup_printf (_("Certificate number: %s"),
                                    up_error_describe_constraint ("certifications_number_unique"));
          break;
        }
      if (reason != NULL && !up_import_run_reject_line (run, line, reason, error))
        return FALSE;
      g_array_append_val (lines, line);
    }

  return up_import_run_drop_lines (run, certificates_drop_lines_sql, lines, error);
}

static gboolean
merge_certificates (UpImportRun  *run,
                    GError      **error)
{
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(PGresult) claims = NULL;
  guint staged = run->summary->read - run->summary->rejected - run->summary->skipped;

  if (!up_pg_command (run->conn, certificates_inserted_sql, 0, NULL, error))
    return FALSE;
  inserted = up_pg_exec (run->conn, certificates_insert_sql, 0, NULL, error);
  if (inserted == NULL)
    return FALSE;
  run->summary->imported = (guint) g_ascii_strtoull (PQcmdTuples (inserted), NULL, 10);
  /* Recorded by someone else while we read: left as they are. */
  run->summary->skipped += staged - run->summary->imported;
  up_import_run_lap (run, "insert certificates and compute claims");
  up_import_run_report (run, UP_IMPORT_READ_SHARE + 0.5);

  claims = up_pg_exec (run->conn, certificates_claims_sql, 0, NULL, error);
  if (claims == NULL)
    return FALSE;
  run->summary->claims_pending = (guint) g_ascii_strtoull (PQgetvalue (claims, 0, 0), NULL, 10);
  run->summary->claims_refused = (guint) g_ascii_strtoull (PQgetvalue (claims, 0, 1), NULL, 10);
  return TRUE;
}

static gboolean
check_columns (UpImportRun           *run,
               const UpImportColumn  *columns,
               GError               **error)
{
  if (run->columns[UP_CERTIFICATE_COLUMN_ISSUER] < 0 && (run->self->issuer == NULL || *run->self->issuer == '\0'))
    {
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                   _("The file has no column for “%s”: name the issuing body of its certificates."),
                   up_import_column_get_label (&columns[UP_CERTIFICATE_COLUMN_ISSUER]));
      return FALSE;
    }
  return TRUE;
}

static gboolean
start (UpImportRun  *run,
       GError      **error)
{
  run->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, seen_free);
  return resolve_certificate_academy (run, error)
         && up_pg_begin (run->conn, error)
         && up_pg_command (run->conn, certificates_staging_sql, 0, NULL, error)
         && up_pg_copy_begin (run->conn, certificates_copy_sql, error);
}

const UpImportKindOps up_import_certificates_ops = {
  .check_columns = check_columns,
  .start = start,
  .check_row = check_certificate_row,
  .vet = vet_certificates,
  .merge = merge_certificates,
};
