/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-import"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <glib/gi18n.h>
#include "up-i18n.h"
#include <glib/gstdio.h>
#include <string.h>

#include "up-error.h"
#include "up-id-number.h"
#include "up-import.h"
#include "up-money.h"
#include "up-payment-batch.h"
#include "up-pg.h"
#include "up-trainee.h"
#include "up-xlsx-reader.h"

/* The import of one file.  Reading and checking stream: memory holds one
 * row, the COPY buffer and, for duplicates within the file, one 64-bit
 * number per ID number seen.  Personal data stays in the rows: no ID number
 * or phone goes to a log or an error message; the reject file carries each
 * rejected row as the user's own file had it. */

#define COPY_CHUNK         (1024 * 1024)
#define HEADER_SEARCH_ROWS 10
#define PROGRESS_ROWS      1024
#define READ_SHARE         0.4   /* of the progress bar; the merge, into indexed tables, takes the rest */
#define MAX_TEXT_CHARS     200

struct _UpImport
{
  GObject        parent_instance;

  UpImportKind   kind;
  char          *path;
  char          *sheet;
  char          *reject_path;
  gint64         academy_id;
  gint64         course_id;
  gint64         batch_id;
  char          *issuer;
  gboolean       update_existing;
  gboolean       valid_only;

  /* The preview, and the mapping (guessed or set) */
  GStrv          headers;
  GPtrArray     *preview_rows;
  GStrv          sheet_names;
  int           *mapping;
  guint          n_mapping;
  guint          header_row;      /* 0: not found yet */

  double         fraction;
  GMainContext  *context;         /* where "fraction" is notified */
};

G_DEFINE_FINAL_TYPE (UpImport, up_import, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (UpImportSummary, up_import_summary, up_import_summary_copy, up_import_summary_free)

enum {
  PROP_0,
  PROP_KIND,
  PROP_PATH,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* SQL ----------------------------------------------------------------------- */

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

/* Someone registering the same number meanwhile wins: ON CONFLICT skips. */
static const char *insert_sql =
  "WITH ins AS ("
  "  INSERT INTO trainees (academy_id, id_number, name, phone, employer, industry, union_member,"
  "                        education, skill_level)"
  "  SELECT $1, s.id_number, s.name, s.phone, s.employer, s.industry, coalesce (s.union_member, false),"
  "         s.education, s.skill_level"
  "    FROM up_import_trainees s"
  "   WHERE NOT EXISTS (SELECT 1 FROM trainees t WHERE t.id_number = s.id_number)"
  "   ORDER BY s.line"
  "  ON CONFLICT ON CONSTRAINT trainees_id_number_unique DO NOTHING"
  "  RETURNING 1)"
  "SELECT count (*) FROM ins";

/* More new trainees than the table holds: the search indexes are built, and
 * the academies checked, once after the rows instead of row by row
 * (migration 0015). */
static const char *begin_bulk_sql = "SELECT up_trainees_begin_bulk_insert ($1)";
static const char *end_bulk_sql = "SELECT up_trainees_end_bulk_insert ()";

static const char *course_sql =
  "SELECT academy_id, status::text FROM courses WHERE id = $1";

static const char *academy_exists_sql =
  "SELECT count (*) FROM academies WHERE id = $1";

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

/* Certificates: each row matched to a registered trainee by ID number, then
 * inserted in one statement, in the order of their issue dates, so that the
 * database's trigger computes each claim as if recorded one by one. */
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

/* Payment results: the bank's file for one approved batch.  One row per
 * person: a trainee with two claims in the batch was paid their sum in one
 * transfer, and a failed transfer fails both. */
static const char *payments_staging_sql =
  "CREATE TEMP TABLE up_import_payments ("
  "  line integer NOT NULL, id_number text NOT NULL, name text, amount_fen bigint, failed boolean NOT NULL"
  ") ON COMMIT DROP";

static const char *payments_copy_sql =
  "COPY up_import_payments (line, id_number, name, amount_fen, failed) FROM STDIN";

/* Locked until the end, so that nobody changes the batch meanwhile. */
static const char *batch_state_sql =
  "SELECT state::text FROM payment_batches WHERE id = $1 FOR UPDATE";

/* The payees as the batch froze them when it was submitted. */
static const char *payees_sql =
  "CREATE TEMP TABLE up_import_payees ON COMMIT DROP AS"
  " SELECT coalesce (x.payee_id_number, t.id_number) AS id_number,"
  "        min (coalesce (x.payee_name, t.name)) AS name,"
  "        sum (x.amount_fen)::bigint AS amount_fen, array_agg (x.id) AS claim_ids"
  "   FROM subsidies x JOIN trainees t ON t.id = x.trainee_id"
  "  WHERE x.batch_id = $1 AND x.state = 'approved'"
  "  GROUP BY 1";

/* The rows that match no payee of the batch, or not exactly (RefusedPayment). */
static const char *payments_refused_sql =
  "SELECT s.line,"
  "       CASE WHEN p.id_number IS NULL THEN 1 WHEN s.name IS NOT NULL AND s.name <> p.name THEN 2 ELSE 3 END,"
  "       p.amount_fen"
  "  FROM up_import_payments s LEFT JOIN up_import_payees p ON p.id_number = s.id_number"
  " WHERE p.id_number IS NULL OR (s.name IS NOT NULL AND s.name <> p.name)"
  "    OR (s.amount_fen IS NOT NULL AND s.amount_fen <> p.amount_fen)"
  " ORDER BY s.line";

static const char *payments_missing_sql =
  "SELECT p.id_number, p.name FROM up_import_payees p"
  " WHERE NOT EXISTS (SELECT 1 FROM up_import_payments s WHERE s.id_number = p.id_number)"
  " ORDER BY p.name, p.id_number";

/* The database's own up_pay_batch, once: all of the batch, or nothing. */
static const char *pay_sql =
  "SELECT up_pay_batch ($1, coalesce ((SELECT array_agg (c)"
  "                                      FROM up_import_payments s"
  "                                      JOIN up_import_payees p ON p.id_number = s.id_number,"
  "                                           unnest (p.claim_ids) AS c"
  "                                     WHERE s.failed), '{}'))";

static const char *payments_counts_sql =
  "SELECT count (*) FILTER (WHERE x.state = 'paid'), count (*) FILTER (WHERE x.state = 'failed')"
  "  FROM subsidies x WHERE x.batch_id = $1";

/* Summary ------------------------------------------------------------------- */

UpImportSummary *
up_import_summary_copy (const UpImportSummary *summary)
{
  UpImportSummary *copy = g_memdup2 (summary, sizeof *summary);

  copy->reject_path = g_strdup (summary->reject_path);
  return copy;
}

void
up_import_summary_free (UpImportSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->reject_path);
  g_free (summary);
}

/* The run ------------------------------------------------------------------- */

typedef struct
{
  UpImport             *self;
  PGconn               *conn;
  PGcancel             *cancel;
  GCancellable         *cancellable;
  UpImportProgressFunc  progress;
  gpointer              progress_data;
  double                last_fraction;
  gint64                started;

  UpRowSource          *source;
  const int            *mapping;
  guint                 n_mapping;
  int                   columns[UP_IMPORT_MAX_COLUMNS];  /* file column of each, or -1 */
  GStrv                 headers;

  GHashTable           *seen;        /* packed ID number → row number */
  GHashTable           *numbers;     /* certificates: issuer and number → Seen */
  GHashTable           *kept;        /* certificates, payments: row number → UpRow, for the reject file */
  char                  today[11];
  GString              *copy;
  gboolean              in_copy;
  FILE                 *rejects;
  UpImportSummary      *summary;
  gint64                academy_id;
} Run;

static void
report (Run    *run,
        double  fraction)
{
  if (run->progress == NULL || fraction - run->last_fraction < 0.01)
    return;
  run->last_fraction = fraction;
  run->progress (fraction, run->progress_data);
}

/* Where the time goes, for G_MESSAGES_DEBUG=up-import. */
static void
lap (Run        *run,
     const char *step)
{
  gint64 now = g_get_monotonic_time ();

  g_debug ("%s: %.3f s", step, (now - run->started) / 1e6);
  run->started = now;
}

static gboolean
check_cancelled (Run     *run,
                 GError **error)
{
  if (!g_cancellable_is_cancelled (run->cancellable))
    return TRUE;
  g_set_error_literal (error, UP_ERROR, UP_ERROR_CANCELLED, _("The import was cancelled; nothing was imported."));
  return FALSE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  PGcancel *cancel = user_data;
  char buf[256];

  /* PQcancel is safe from any thread. */
  PQcancel (cancel, buf, sizeof buf);
}

/* Reject file ---------------------------------------------------------------- */

/* One CSV cell: quoted when needed; text that Excel would take for a formula
 * gets a leading apostrophe, so opening the file evaluates nothing. */
static void
write_csv_cell (GString    *line,
                const char *text,
                gboolean    from_file)
{
  gboolean formula = from_file && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;

  if (formula || strpbrk (text, ",\"\r\n") != NULL || text[0] == ' ')
    {
      g_string_append_c (line, '"');
      if (formula)
        g_string_append_c (line, '\'');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
  else
    g_string_append (line, text);
}

static gboolean
open_rejects (Run     *run,
              GError **error)
{
  g_autoptr(GString) line = g_string_new ("\xef\xbb\xbf");
  const char *path = run->summary->reject_path;

  run->rejects = g_fopen (path, "wb");
  if (run->rejects == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   /* Translators: the first %s is a file name, the second the system's reason */
                   _("Cannot write the rejected rows to “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  /* Translators: a column of the file of rejected rows (行号) */
  write_csv_cell (line, _("Row"), FALSE);
  g_string_append_c (line, ',');
  /* Translators: a column of the file of rejected rows (原因) */
  write_csv_cell (line, _("Reason"), FALSE);
  for (guint i = 0; run->headers != NULL && run->headers[i] != NULL; i++)
    {
      g_string_append_c (line, ',');
      write_csv_cell (line, run->headers[i], TRUE);
    }
  g_string_append (line, "\r\n");
  fwrite (line->str, 1, line->len, run->rejects);
  return TRUE;
}

static gboolean
reject (Run         *run,
        const UpRow *row,
        const char  *reason,
        GError     **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  char number[16];

  if (run->rejects == NULL && !open_rejects (run, error))
    return FALSE;

  g_snprintf (number, sizeof number, "%u", row->number);
  g_string_append (line, number);
  g_string_append_c (line, ',');
  write_csv_cell (line, reason, FALSE);
  for (guint i = 0; i < up_row_get_n_cells (row); i++)
    {
      g_string_append_c (line, ',');
      write_csv_cell (line, up_row_get_cell (row, i), TRUE);
    }
  g_string_append (line, "\r\n");

  if (fwrite (line->str, 1, line->len, run->rejects) != line->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the rejected rows to “%s”: %s"), run->summary->reject_path, g_strerror (errno));
      return FALSE;
    }

  run->summary->rejected++;
  return TRUE;
}

/* Rows ---------------------------------------------------------------------- */

/* The cell of column @column, trimmed; "" when the file has no such column. */
static char *
cell (Run         *run,
      const UpRow *row,
      int          column)
{
  int index = run->columns[column];

  if (index < 0)
    return g_strdup ("");
  return up_import_trim (up_row_get_cell (row, (guint) index));
}

static char *
empty_to_null (char *text)
{
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* An ID number as one exact 64-bit number (17 digits and the check
 * character fit), for finding duplicates without keeping the text. */
static gpointer
pack_id_number (const char *id_number)
{
  guint64 value = 0;

  for (guint i = 0; i < 17; i++)
    value = value * 10 + (guint64) (id_number[i] - '0');
  value = value * 11 + (guint64) (id_number[17] == 'X' ? 10 : id_number[17] - '0');
  return GSIZE_TO_POINTER ((gsize) value + 1);
}

/* Whether no earlier row of the file had @id_number (a valid one); else
 * *first is the number of the row that had it. */
static gboolean
id_number_is_new (Run        *run,
                  const char *id_number,
                  guint       row_number,
                  guint      *first)
{
  gpointer key = pack_id_number (id_number);
  gpointer earlier;

  if (g_hash_table_lookup_extended (run->seen, key, NULL, &earlier))
    {
      *first = GPOINTER_TO_UINT (earlier);
      return FALSE;
    }
  g_hash_table_insert (run->seen, key, GUINT_TO_POINTER (row_number));
  return TRUE;
}

/* A staged row is a line of the COPY: the row's number, each field after a
 * tab (NULL: \N), and the end of the line. */
static void
stage_begin (Run   *run,
             guint  row_number)
{
  g_string_append_printf (run->copy, "%u", row_number);
}

static void
stage_text (Run        *run,
            const char *text)
{
  g_string_append_c (run->copy, '\t');
  up_pg_copy_append (run->copy, text);
}

/* @value, or NULL when not @present. */
static void
stage_int (Run      *run,
           gint64    value,
           gboolean  present)
{
  g_string_append_c (run->copy, '\t');
  if (present)
    g_string_append_printf (run->copy, "%" G_GINT64_FORMAT, value);
  else
    up_pg_copy_append (run->copy, NULL);
}

static void
stage_end (Run *run)
{
  g_string_append_c (run->copy, '\n');
}

/* What every kind checks first: the row's size, Excel's error cells, and
 * an ID number Excel turned into a number.  Sets *reason, or not. */
static void
check_common (Run          *run,
              const UpRow  *row,
              char        **reason)
{
  guint n_columns = 0;
  const UpImportColumn *columns = up_import_kind_get_columns (run->self->kind, &n_columns);
  int id_column = run->columns[0];  /* the ID number is the first column of every kind */

  if (row->truncated)
    {
      *reason = g_strdup_printf (_("The row has more than %d cells."), UP_ROW_MAX_CELLS);
      return;
    }

  for (guint c = 0; c < n_columns; c++)
    if (run->columns[c] >= 0 && up_row_get_kind (row, (guint) run->columns[c]) == UP_CELL_ERROR)
      {
        /* Translators: the first %s is a column name, the second what Excel shows (#N/A) */
        *reason = g_strdup_printf (_("%s: the cell shows an Excel error (%s)."),
                                   up_import_column_get_label (&columns[c]),
                                   up_row_get_cell (row, (guint) run->columns[c]));
        return;
      }

  if (id_column >= 0
      && (up_row_get_kind (row, (guint) id_column) == UP_CELL_NUMBER
          || up_import_looks_scientific (up_row_get_cell (row, (guint) id_column))))
    {
      *reason = g_strdup (_("ID number: Excel stored it as a number, which keeps only 15 digits, so its "
                            "last digits are lost. Format the column as Text, type the numbers again "
                            "and import anew."));
      return;
    }
}

/* The ID number of the row, canonical, or NULL with *reason set. */
static char *
checked_id_number (Run          *run,
                   const UpRow  *row,
                   char        **reason)
{
  g_autofree char *text = cell (run, row, 0);
  UpIdNumberStatus status = up_id_number_check (text, NULL);

  if (status != UP_ID_NUMBER_OK)
    {
      /* Translators: %s says what is wrong with the ID number */
      *reason = g_strdup_printf (_("ID number: %s"), up_id_number_status_to_string (status));
      return NULL;
    }
  return up_id_number_normalize (text);
}

/* Checks one row of a roster: either appends it to the COPY buffer, or sets *reason. */
static void
check_trainee_row (Run          *run,
                   const UpRow  *row,
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
  input->id_number = cell (run, row, UP_TRAINEE_COLUMN_ID_NUMBER);
  input->name = cell (run, row, UP_TRAINEE_COLUMN_NAME);
  input->phone = empty_to_null (cell (run, row, UP_TRAINEE_COLUMN_PHONE));
  input->employer = empty_to_null (cell (run, row, UP_TRAINEE_COLUMN_EMPLOYER));
  input->industry = empty_to_null (cell (run, row, UP_TRAINEE_COLUMN_INDUSTRY));
  union_text = cell (run, row, UP_TRAINEE_COLUMN_UNION_MEMBER);
  education_text = cell (run, row, UP_TRAINEE_COLUMN_EDUCATION);
  skill_text = cell (run, row, UP_TRAINEE_COLUMN_SKILL_LEVEL);

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
  if (g_utf8_strlen (input->employer != NULL ? input->employer : "", -1) > MAX_TEXT_CHARS
      || g_utf8_strlen (input->industry != NULL ? input->industry : "", -1) > MAX_TEXT_CHARS)
    {
      *reason = g_strdup_printf (_("Employer and industry: at most %d characters each."), MAX_TEXT_CHARS);
      return;
    }

  {
    g_autofree char *id_number = up_id_number_normalize (input->id_number);

    if (!id_number_is_new (run, id_number, row->number, &first))
      {
        /* Translators: %u is the number of the row that has the same ID number */
        *reason = g_strdup_printf (_("ID number: the same as in row %u; each trainee may appear only once."), first);
        return;
      }

    stage_begin (run, row->number);
    stage_text (run, id_number);
  }
  stage_text (run, input->name);
  stage_text (run, input->phone);
  stage_text (run, input->employer);
  stage_text (run, input->industry);
  /* An empty union member cell: NULL, so an update keeps what is there. */
  stage_text (run, *union_text == '\0' ? NULL : union_member ? "t" : "f");
  stage_text (run, education);
  stage_int (run, skill_level, skill_level > 0);
  stage_end (run);
}

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
check_certificate_row (Run          *run,
                       const UpRow  *row,
                       gboolean     *skipped,
                       char        **reason)
{
  g_autofree char *id_number = NULL;
  g_autofree char *name = cell (run, row, UP_CERTIFICATE_COLUMN_NAME);
  g_autofree char *occupation = cell (run, row, UP_CERTIFICATE_COLUMN_OCCUPATION);
  g_autofree char *level_text = cell (run, row, UP_CERTIFICATE_COLUMN_LEVEL);
  g_autofree char *number_text = cell (run, row, UP_CERTIFICATE_COLUMN_NUMBER);
  g_autofree char *issuer = cell (run, row, UP_CERTIFICATE_COLUMN_ISSUER);
  g_autofree char *date_text = cell (run, row, UP_CERTIFICATE_COLUMN_ISSUED_ON);
  g_autofree char *kind_text = cell (run, row, UP_CERTIFICATE_COLUMN_KIND);
  g_autofree char *key = NULL;
  g_autofree char *content = NULL;
  const char *kind = NULL, *level_kind = NULL, *academic_level = NULL;
  int skill_level = 0;
  char issued_on[11];
  Seen *seen;

  id_number = checked_id_number (run, row, reason);
  if (id_number == NULL)
    return;

  if (*occupation == '\0' || g_utf8_strlen (occupation, -1) > MAX_TEXT_CHARS)
    {
      /* Translators: %d is a number of characters */
      *reason = g_strdup_printf (_("Occupation: write the occupation (工种), at most %d characters."), MAX_TEXT_CHARS);
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

  if (*number_text == '\0' || g_utf8_strlen (number_text, -1) > MAX_TEXT_CHARS)
    {
      *reason = g_strdup (_("Certificate number: the cell is empty or too long."));
      return;
    }

  if (*issuer == '\0' && run->self->issuer != NULL)
    {
      g_free (issuer);
      issuer = up_import_trim (run->self->issuer);
    }
  if (*issuer == '\0' || g_utf8_strlen (issuer, -1) > MAX_TEXT_CHARS)
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

  stage_begin (run, row->number);
  stage_text (run, id_number);
  stage_text (run, *name != '\0' ? name : NULL);
  stage_text (run, occupation);
  stage_text (run, kind);
  stage_int (run, skill_level, skill_level > 0);
  stage_text (run, academic_level);
  stage_text (run, number_text);
  stage_text (run, issuer);
  stage_text (run, issued_on);
  stage_end (run);
}

/* A row of the bank's file: either staged, or refused (*reason). */
static void
check_payment_row (Run          *run,
                   const UpRow  *row,
                   char        **reason)
{
  g_autofree char *id_number = NULL;
  g_autofree char *name = cell (run, row, UP_PAYMENT_COLUMN_NAME);
  g_autofree char *amount_text = cell (run, row, UP_PAYMENT_COLUMN_AMOUNT);
  g_autofree char *result_text = cell (run, row, UP_PAYMENT_COLUMN_RESULT);
  g_autofree char *failure_text = cell (run, row, UP_PAYMENT_COLUMN_REASON);
  gint64 amount_fen = -1;
  gboolean failed = FALSE;
  guint first;

  id_number = checked_id_number (run, row, reason);
  if (id_number == NULL)
    return;

  if (*amount_text != '\0' && (!up_money_parse (amount_text, &amount_fen) || amount_fen < 0))
    {
      *reason = g_strdup (_("Amount: write the yuan paid, such as 1500 or 1,500.00."));
      return;
    }

  /* The result's word, or else the reason column: a reason means failed. */
  if (*result_text != '\0')
    {
      if (!up_import_parse_payment_result (result_text, &failed))
        {
          *reason = g_strdup (_("Result: write 成功 or 失败 (success or failed)."));
          return;
        }
    }
  else if (run->columns[UP_PAYMENT_COLUMN_REASON] >= 0)
    failed = *failure_text != '\0';
  else
    {
      *reason = g_strdup (_("Result: write 成功 or 失败 (success or failed)."));
      return;
    }

  if (!id_number_is_new (run, id_number, row->number, &first))
    {
      /* Translators: %u is the number of the row that has the same ID number */
      *reason = g_strdup_printf (_("ID number: the same as in row %u; the bank's file has one row per person."),
                                 first);
      return;
    }

  stage_begin (run, row->number);
  stage_text (run, id_number);
  stage_text (run, *name != '\0' ? name : NULL);
  stage_int (run, amount_fen, amount_fen >= 0);
  stage_text (run, failed ? "t" : "f");
  stage_end (run);
}

/* Checks one row of any kind.  Returns TRUE when it was staged. */
static gboolean
check_row (Run          *run,
           const UpRow  *row,
           char        **reason)
{
  gboolean skipped = FALSE;
  gsize len = run->copy->len;

  check_common (run, row, reason);
  if (*reason != NULL)
    return FALSE;

  switch (run->self->kind)
    {
    case UP_IMPORT_TRAINEES:
      check_trainee_row (run, row, reason);
      break;
    case UP_IMPORT_CERTIFICATES:
      check_certificate_row (run, row, &skipped, reason);
      if (skipped)
        run->summary->skipped++;
      break;
    case UP_IMPORT_PAYMENTS:
      check_payment_row (run, row, reason);
      break;
    default:
      g_assert_not_reached ();
    }

  return *reason == NULL && run->copy->len > len;
}

static gboolean
flush_copy (Run       *run,
            gboolean   force,
            GError   **error)
{
  if (!force && run->copy->len < COPY_CHUNK)
    return TRUE;
  if (run->copy->len > 0 && !up_pg_copy_put (run->conn, run->copy->str, run->copy->len, error))
    return FALSE;
  g_string_truncate (run->copy, 0);
  return TRUE;
}

/* Ends a COPY in progress with an error, so the server discards it. */
static void
abort_copy (Run *run)
{
  PGresult *result;

  if (!run->in_copy)
    return;
  run->in_copy = FALSE;
  if (PQputCopyEnd (run->conn, "import aborted") != 1)
    return;
  while ((result = PQgetResult (run->conn)) != NULL)
    PQclear (result);
}

/* Header -------------------------------------------------------------------- */

static GStrv
row_to_strv (const UpRow *row)
{
  GStrv strv = g_new0 (char *, up_row_get_n_cells (row) + 1);

  for (guint i = 0; i < up_row_get_n_cells (row); i++)
    strv[i] = up_import_trim (up_row_get_cell (row, i));
  return strv;
}

/* Reads rows until the header: the first of the first rows that names two
 * known columns.  Sets self's headers, mapping and header_row. */
static gboolean
find_header (UpImport     *self,
             UpRowSource  *source,
             GError      **error)
{
  for (guint i = 0; i < HEADER_SEARCH_ROWS; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(UpRow) row = up_row_source_next_row (source, &local_error);
      g_auto(GStrv) cells = NULL;
      guint matched = 0;
      int *mapping;

      if (row == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      if (up_row_is_blank (row))
        continue;

      cells = row_to_strv (row);
      mapping = up_import_guess_mapping (self->kind, (const char * const *) cells, g_strv_length (cells), &matched);
      if (matched >= 2)
        {
          g_strfreev (self->headers);
          self->headers = g_steal_pointer (&cells);
          g_free (self->mapping);
          self->mapping = mapping;
          self->n_mapping = g_strv_length (self->headers);
          self->header_row = row->number;
          return TRUE;
        }
      g_free (mapping);
    }

  g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                       _("No header row found: the first rows of the file must name its columns, "
                         "such as 身份证号 (ID number) and 姓名 (Name). Save a template to see how."));
  return FALSE;
}

static gboolean
check_required (UpImport  *self,
                Run       *run,
                GError   **error)
{
  const UpImportColumn *columns;
  guint n;

  columns = up_import_kind_get_columns (self->kind, &n);
  for (guint c = 0; c < n; c++)
    run->columns[c] = -1;
  for (guint i = 0; i < self->n_mapping; i++)
    if (self->mapping[i] >= 0 && (guint) self->mapping[i] < n && run->columns[self->mapping[i]] < 0)
      run->columns[self->mapping[i]] = (int) i;

  for (guint c = 0; c < n; c++)
    if (columns[c].required && run->columns[c] < 0)
      {
        /* Translators: %s is a column name (身份证号) */
        g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                     _("The file has no column for “%s”, which every row needs. Name it in the header "
                       "row or choose it in the preview."), up_import_column_get_label (&columns[c]));
        return FALSE;
      }

  if (self->kind == UP_IMPORT_PAYMENTS
      && run->columns[UP_PAYMENT_COLUMN_RESULT] < 0 && run->columns[UP_PAYMENT_COLUMN_REASON] < 0)
    {
      /* Translators: the %s are column names (结果, 失败原因) */
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                   _("The file has no column for “%s” or “%s”: the bank's file must say which transfers "
                     "failed."), up_import_column_get_label (&columns[UP_PAYMENT_COLUMN_RESULT]),
                   up_import_column_get_label (&columns[UP_PAYMENT_COLUMN_REASON]));
      return FALSE;
    }
  if (self->kind == UP_IMPORT_CERTIFICATES && run->columns[UP_CERTIFICATE_COLUMN_ISSUER] < 0
      && (self->issuer == NULL || *self->issuer == '\0'))
    {
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                   _("The file has no column for “%s”: name the issuing body of its certificates."),
                   up_import_column_get_label (&columns[UP_CERTIFICATE_COLUMN_ISSUER]));
      return FALSE;
    }
  return TRUE;
}

/* Database steps ------------------------------------------------------------ */

static gboolean
resolve_academy (Run     *run,
                 GError **error)
{
  UpImport *self = run->self;
  g_autofree char *id_text = NULL;

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

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->academy_id);
  {
    const char *params[] = { id_text };
    gint64 exists = 0;

    if (!up_pg_query_int64 (run->conn, academy_exists_sql, 1, params, &exists, error))
      return FALSE;
    if (exists == 0)
      {
        /* Translators: %s is an academy's number */
        g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("There is no academy number %s."), id_text);
        return FALSE;
      }
  }
  return TRUE;
}

static gboolean
read_rows (Run     *run,
           GError **error)
{
  guint since_progress = 0;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(UpRow) row = up_row_source_next_row (run->source, &local_error);
      g_autofree char *reason = NULL;

      if (row == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          return TRUE;
        }

      if (row->number <= run->self->header_row || up_row_is_blank (row))
        continue;

      run->summary->read++;
      if (check_row (run, row, &reason))
        {
          /* Kept for the rows the database may still turn away. */
          if (run->kept != NULL)
            {
              guint number = row->number;

              g_hash_table_insert (run->kept, GUINT_TO_POINTER (number), g_steal_pointer (&row));
            }
        }
      else if (reason != NULL && !reject (run, row, reason, error))
        return FALSE;

      if (!flush_copy (run, FALSE, error))
        return FALSE;

      if (++since_progress >= PROGRESS_ROWS)
        {
          since_progress = 0;
          if (!check_cancelled (run, error))
            return FALSE;
          report (run, READ_SHARE * up_row_source_get_fraction (run->source));
        }
    }
}

static gboolean
merge (Run     *run,
       GError **error)
{
  UpImport *self = run->self;
  gint64 existing = 0, count = 0;
  gboolean bulk = FALSE;

  if (!up_pg_command (run->conn, "ANALYZE up_import_trainees", 0, NULL, error)
      || !up_pg_query_int64 (run->conn, count_existing_sql, 0, NULL, &existing, error))
    return FALSE;
  lap (run, "analyze and count");
  report (run, READ_SHARE + 0.05);

  {
    g_autofree char *new_rows = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 (gint64) run->summary->read - run->summary->rejected - existing);
    const char *params[] = { new_rows };
    g_autoptr(PGresult) result = up_pg_exec (run->conn, begin_bulk_sql, 1, params, error);

    if (result == NULL)
      return FALSE;
    bulk = g_str_equal (PQgetvalue (result, 0, 0), "t");
    lap (run, bulk ? "set the search indexes and academy key aside" : "keep the search indexes");
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
  lap (run, "update");
  report (run, READ_SHARE + 0.2);
  if (!check_cancelled (run, error))
    return FALSE;

  {
    g_autofree char *academy_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->academy_id);
    const char *params[] = { academy_text };

    if (!up_pg_query_int64 (run->conn, insert_sql, 1, params, &count, error))
      return FALSE;
    run->summary->imported = (guint) count;
    /* Registered by someone else while we read: left as they are. */
    run->summary->skipped += (guint) (run->summary->read - run->summary->rejected - existing - count);
  }
  lap (run, "insert");
  report (run, READ_SHARE + 0.5);
  if (!check_cancelled (run, error))
    return FALSE;

  if (bulk)
    {
      if (!up_pg_command (run->conn, end_bulk_sql, 0, NULL, error))
        return FALSE;
      lap (run, "make the search indexes and academy key again");
      report (run, READ_SHARE + 0.8);
      if (!check_cancelled (run, error))
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
      lap (run, "enroll");
    }

  return TRUE;
}

/* Certificates and payments: the rows the database's contents turn away -------- */

static gboolean
reject_line (Run         *run,
             guint        line,
             const char  *reason,
             GError     **error)
{
  UpRow *row = g_hash_table_lookup (run->kept, GUINT_TO_POINTER (line));

  g_return_val_if_fail (row != NULL, FALSE);
  return reject (run, row, reason, error);
}

/* Takes the lines of @lines out of the staging @table. */
static gboolean
drop_lines (Run         *run,
            const char  *sql,
            GArray      *lines,
            GError     **error)
{
  g_autoptr(GString) array = g_string_new ("{");
  const char *params[1];

  if (lines->len == 0)
    return TRUE;
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (array, "%s%u", i > 0 ? "," : "", g_array_index (lines, guint, i));
  g_string_append_c (array, '}');
  params[0] = array->str;
  return up_pg_command (run->conn, sql, 1, params, error);
}

static gboolean
resolve_certificate_academy (Run     *run,
                             GError **error)
{
  g_autofree char *id_text = NULL;
  gint64 exists = 0;

  /* 0: each certificate goes to the academy that registered its trainee. */
  run->academy_id = run->self->academy_id;
  if (run->academy_id <= 0)
    return TRUE;

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->academy_id);
  {
    const char *params[] = { id_text };

    if (!up_pg_query_int64 (run->conn, academy_exists_sql, 1, params, &exists, error))
      return FALSE;
  }
  if (exists == 0)
    {
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("There is no academy number %s."), id_text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
vet_certificates (Run     *run,
                  GError **error)
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
      if (reason != NULL && !reject_line (run, line, reason, error))
        return FALSE;
      g_array_append_val (lines, line);
    }

  return drop_lines (run, certificates_drop_lines_sql, lines, error);
}

static gboolean
merge_certificates (Run     *run,
                    GError **error)
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
  lap (run, "insert certificates and compute claims");
  report (run, READ_SHARE + 0.5);

  claims = up_pg_exec (run->conn, certificates_claims_sql, 0, NULL, error);
  if (claims == NULL)
    return FALSE;
  run->summary->claims_pending = (guint) g_ascii_strtoull (PQgetvalue (claims, 0, 0), NULL, 10);
  run->summary->claims_refused = (guint) g_ascii_strtoull (PQgetvalue (claims, 0, 1), NULL, 10);
  return TRUE;
}

static gboolean
check_batch (Run     *run,
             GError **error)
{
  g_autofree char *batch_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->self->batch_id);
  const char *params[] = { batch_text };
  g_autoptr(PGresult) result = NULL;
  UpBatchState state;

  if (run->self->batch_id <= 0)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("Choose the payment batch the bank's file is for."));
      return FALSE;
    }

  result = up_pg_exec (run->conn, batch_state_sql, 1, params, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) != 1)
    {
      /* Translators: %s is a payment batch's number */
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("There is no payment batch number %s."), batch_text);
      return FALSE;
    }
  if (!up_batch_state_from_sql (PQgetvalue (result, 0, 0), &state) || state != UP_BATCH_STATE_APPROVED)
    {
      /* Translators: %s is a batch's number, %s its state (Paid, Draft …) */
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                   _("Payment batch %s is not approved (it is %s): the bank's results are imported for an "
                     "approved batch only, once."),
                   batch_text, up_batch_state_to_label (state));
      return FALSE;
    }

  return up_pg_command (run->conn, payees_sql, 1, params, error);
}

static gboolean
vet_payments (Run     *run,
              GError **error)
{
  g_autofree char *batch_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->self->batch_id);
  g_autoptr(PGresult) result = NULL;

  result = up_pg_exec (run->conn, payments_refused_sql, 0, NULL, error);
  if (result == NULL)
    return FALSE;

  for (int i = 0; i < PQntuples (result); i++)
    {
      guint line = (guint) g_ascii_strtoull (PQgetvalue (result, i, 0), NULL, 10);
      int why = atoi (PQgetvalue (result, i, 1));
      g_autofree char *reason = NULL;

      if (why == 1)
        /* Translators: %s is a payment batch's number */
        reason = g_strdup_printf (_("ID number: no claim of batch %s is paid to this number."), batch_text);
      else if (why == 2)
        reason = g_strdup (_("Name: the batch pays this ID number to another name."));
      else
        {
          g_autofree char *expected = up_money_format (g_ascii_strtoll (PQgetvalue (result, i, 2), NULL, 10));

          /* Translators: %s is an amount (¥1,500.00) */
          reason = g_strdup_printf (_("Amount: the batch pays %s to this person."), expected);
        }
      if (!reject_line (run, line, reason, error))
        return FALSE;
    }
  return TRUE;
}

/* Every payee of the batch must be in the bank's file. */
static gboolean
check_missing_payees (Run     *run,
                      GError **error)
{
  g_autoptr(PGresult) result = up_pg_exec (run->conn, payments_missing_sql, 0, NULL, error);
  g_autoptr(GString) list = NULL;
  int n;

  if (result == NULL)
    return FALSE;
  n = PQntuples (result);
  if (n == 0)
    return TRUE;

  /* Named and masked: enough to find them, no full ID number on screen. */
  list = g_string_new (NULL);
  for (int i = 0; i < MIN (n, 10); i++)
    {
      g_autofree char *masked = up_id_number_mask (PQgetvalue (result, i, 0));

      g_string_append_printf (list, "%s%s (%s)", i > 0 ? _(", ") : "", PQgetvalue (result, i, 1), masked);
    }
  if (n > 10)
    /* Translators: %d is how many more people are missing */
    g_string_append_printf (list, _(" and %d more"), n - 10);

  g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
               /* Translators: %d is a number of people, %s their names and masked ID numbers */
               g_dngettext (GETTEXT_PACKAGE,
                            "The bank's file leaves out %d person paid by the batch, so nothing was recorded: %s. "
                            "A bank's file must cover the whole batch.",
                            "The bank's file leaves out %d people paid by the batch, so nothing was recorded: %s. "
                            "A bank's file must cover the whole batch.", (gulong) n),
               n, list->str);
  return FALSE;
}

static gboolean
pay_batch (Run     *run,
           GError **error)
{
  g_autofree char *batch_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->self->batch_id);
  const char *params[] = { batch_text };
  g_autoptr(PGresult) counts = NULL;
  gint64 paid_fen = 0;

  if (!check_missing_payees (run, error)
      || !up_pg_query_int64 (run->conn, pay_sql, 1, params, &paid_fen, error))
    return FALSE;
  lap (run, "pay the batch");

  counts = up_pg_exec (run->conn, payments_counts_sql, 1, params, error);
  if (counts == NULL)
    return FALSE;
  run->summary->imported = run->summary->read - run->summary->rejected;
  run->summary->paid = (guint) g_ascii_strtoull (PQgetvalue (counts, 0, 0), NULL, 10);
  run->summary->failed = (guint) g_ascii_strtoull (PQgetvalue (counts, 0, 1), NULL, 10);
  run->summary->paid_fen = paid_fen;
  return TRUE;
}

static gboolean
run_import (Run     *run,
            GError **error)
{
  UpImport *self = run->self;

  if (!check_cancelled (run, error))
    return FALSE;

  run->source = up_row_source_open (self->path, self->sheet, error);
  if (run->source == NULL)
    return FALSE;

  if (self->mapping == NULL || self->header_row == 0)
    {
      if (!find_header (self, run->source, error))
        return FALSE;
    }
  run->headers = self->headers;
  if (!check_required (self, run, error))
    return FALSE;

  switch (self->kind)
    {
    case UP_IMPORT_TRAINEES:
      if (!resolve_academy (run, error)
          || !up_pg_begin (run->conn, error)
          || !up_pg_command (run->conn, staging_sql, 0, NULL, error)
          || !up_pg_copy_begin (run->conn, copy_sql, error))
        return FALSE;
      break;
    case UP_IMPORT_CERTIFICATES:
      if (!resolve_certificate_academy (run, error)
          || !up_pg_begin (run->conn, error)
          || !up_pg_command (run->conn, certificates_staging_sql, 0, NULL, error)
          || !up_pg_copy_begin (run->conn, certificates_copy_sql, error))
        return FALSE;
      break;
    case UP_IMPORT_PAYMENTS:
      if (!up_pg_begin (run->conn, error)
          || !check_batch (run, error)
          || !up_pg_command (run->conn, payments_staging_sql, 0, NULL, error)
          || !up_pg_copy_begin (run->conn, payments_copy_sql, error))
        return FALSE;
      break;
    default:
      g_assert_not_reached ();
    }
  run->in_copy = TRUE;

  if (!read_rows (run, error) || !flush_copy (run, TRUE, error))
    return FALSE;

  run->in_copy = FALSE;
  if (!up_pg_copy_end (run->conn, error))
    return FALSE;
  lap (run, "read, check and stage");
  report (run, READ_SHARE);

  if ((self->kind == UP_IMPORT_CERTIFICATES && !vet_certificates (run, error))
      || (self->kind == UP_IMPORT_PAYMENTS && !vet_payments (run, error)))
    return FALSE;

  if (run->rejects != NULL && fflush (run->rejects) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the rejected rows to “%s”: %s"), run->summary->reject_path, g_strerror (errno));
      return FALSE;
    }

  /* One rejected row keeps the whole file out, unless asked otherwise; a
   * bank's file always (it pays a batch all or nothing). */
  if (run->summary->rejected > 0 && (!self->valid_only || self->kind == UP_IMPORT_PAYMENTS))
    {
      up_pg_rollback (run->conn);
      run->summary->committed = FALSE;
      return TRUE;
    }

  switch (self->kind)
    {
    case UP_IMPORT_TRAINEES:
      if (!merge (run, error))
        return FALSE;
      break;
    case UP_IMPORT_CERTIFICATES:
      if (!merge_certificates (run, error))
        return FALSE;
      break;
    case UP_IMPORT_PAYMENTS:
      if (!pay_batch (run, error))
        return FALSE;
      break;
    default:
      g_assert_not_reached ();
    }
  if (!check_cancelled (run, error) || !up_pg_commit (run->conn, error))
    return FALSE;
  lap (run, "commit");

  run->summary->committed = TRUE;
  report (run, 1.0);
  return TRUE;
}

UpImportSummary *
up_import_run (UpImport              *self,
               const char            *conninfo,
               UpImportProgressFunc   progress,
               gpointer               progress_data,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  Run run = { 0 };
  gulong cancel_id = 0;
  gboolean ok;

  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  run.self = self;
  run.cancellable = cancellable;
  run.progress = progress;
  run.progress_data = progress_data;
  run.last_fraction = -1;
  run.started = g_get_monotonic_time ();
  run.seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  run.numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, seen_free);
  if (self->kind != UP_IMPORT_TRAINEES)
    run.kept = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) up_row_free);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

    g_strlcpy (run.today, today, sizeof run.today);
  }
  run.copy = g_string_sized_new (COPY_CHUNK + 64 * 1024);
  run.summary = g_new0 (UpImportSummary, 1);
  run.summary->reject_path = self->reject_path != NULL ? g_strdup (self->reject_path)
                                                       : up_import_default_reject_path (self->path);

  run.conn = up_pg_connect (conninfo, &local_error);
  if (run.conn != NULL)
    {
      run.cancel = PQgetCancel (run.conn);
      if (cancellable != NULL && run.cancel != NULL)
        cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), run.cancel, NULL);
      ok = run_import (&run, &local_error);
    }
  else
    ok = FALSE;

  /* A statement the server cancelled for us is our own cancel. */
  if (!ok && g_cancellable_is_cancelled (cancellable)
      && !g_error_matches (local_error, UP_ERROR, UP_ERROR_CANCELLED))
    {
      g_clear_error (&local_error);
      g_set_error_literal (&local_error, UP_ERROR, UP_ERROR_CANCELLED,
                           _("The import was cancelled; nothing was imported."));
    }

  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);
  if (run.conn != NULL)
    {
      abort_copy (&run);
      if (!ok)
        up_pg_rollback (run.conn);
    }
  g_clear_pointer (&run.cancel, PQfreeCancel);
  g_clear_pointer (&run.conn, PQfinish);
  g_clear_object (&run.source);
  g_hash_table_unref (run.seen);
  g_hash_table_unref (run.numbers);
  g_clear_pointer (&run.kept, g_hash_table_unref);
  g_string_free (run.copy, TRUE);
  if (run.rejects != NULL)
    fclose (run.rejects);
  else
    g_clear_pointer (&run.summary->reject_path, g_free);

  if (!ok)
    {
      up_import_summary_free (run.summary);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return run.summary;
}

/* Async --------------------------------------------------------------------- */

typedef struct
{
  UpImport *self;
  double    fraction;
} Progress;

static gboolean
notify_fraction_cb (gpointer data)
{
  Progress *p = data;

  if (p->self->fraction != p->fraction)
    {
      p->self->fraction = p->fraction;
      g_object_notify_by_pspec (G_OBJECT (p->self), properties[PROP_FRACTION]);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->self);
  g_free (p);
}

static void
thread_progress_cb (double   fraction,
                    gpointer user_data)
{
  UpImport *self = user_data;
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (self);
  p->fraction = fraction;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, notify_fraction_cb, p, progress_free);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  UpImport *self = source_object;
  GError *error = NULL;
  UpImportSummary *summary;

  summary = up_import_run (self, task_data, thread_progress_cb, self, cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) up_import_summary_free);
}

void
up_import_run_async (UpImport            *self,
                     const char          *conninfo,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (UP_IS_IMPORT (self));
  g_return_if_fail (conninfo != NULL);

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  if (self->fraction != 0)
    {
      self->fraction = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, up_import_run_async);
  g_task_set_task_data (task, g_strdup (conninfo), g_free);
  g_task_run_in_thread (task, run_thread);
}

UpImportSummary *
up_import_run_finish (UpImport      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == up_import_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GObject ------------------------------------------------------------------- */

static void
up_import_finalize (GObject *object)
{
  UpImport *self = UP_IMPORT (object);

  g_free (self->path);
  g_free (self->sheet);
  g_free (self->issuer);
  g_free (self->reject_path);
  g_strfreev (self->headers);
  g_strfreev (self->sheet_names);
  g_clear_pointer (&self->preview_rows, g_ptr_array_unref);
  g_free (self->mapping);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (up_import_parent_class)->finalize (object);
}

static void
up_import_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  UpImport *self = UP_IMPORT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_import_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  UpImport *self = UP_IMPORT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_import_class_init (UpImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_import_finalize;
  object_class->get_property = up_import_get_property;
  object_class->set_property = up_import_set_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      UP_IMPORT_TRAINEES, UP_IMPORT_PAYMENTS, UP_IMPORT_TRAINEES,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_import_init (UpImport *self)
{
}

/* Public API ---------------------------------------------------------------- */

UpImport *
up_import_new (UpImportKind  kind,
               const char   *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (UP_TYPE_IMPORT, "kind", kind, "path", path, NULL);
}

UpImportKind
up_import_get_kind (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), UP_IMPORT_TRAINEES);
  return self->kind;
}

const char *
up_import_get_path (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  return self->path;
}

double
up_import_get_fraction (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), 0);
  return self->fraction;
}

void
up_import_set_sheet (UpImport   *self,
                     const char *sheet)
{
  g_return_if_fail (UP_IS_IMPORT (self));

  if (g_strcmp0 (self->sheet, sheet) == 0)
    return;
  g_free (self->sheet);
  self->sheet = g_strdup (sheet);
  /* Another sheet has another header. */
  self->header_row = 0;
  g_clear_pointer (&self->mapping, g_free);
  self->n_mapping = 0;
}

void
up_import_set_academy_id (UpImport *self,
                          gint64    academy_id)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  self->academy_id = academy_id;
}

void
up_import_set_course_id (UpImport *self,
                         gint64    course_id)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  self->course_id = course_id;
}

void
up_import_set_issuer (UpImport   *self,
                      const char *issuer)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  g_free (self->issuer);
  self->issuer = g_strdup (issuer);
}

void
up_import_set_batch_id (UpImport *self,
                        gint64    batch_id)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  self->batch_id = batch_id;
}

void
up_import_set_update_existing (UpImport *self,
                               gboolean  update)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  self->update_existing = update;
}

void
up_import_set_valid_only (UpImport *self,
                          gboolean  valid_only)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  self->valid_only = valid_only;
}

void
up_import_set_reject_path (UpImport   *self,
                           const char *path)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  g_free (self->reject_path);
  self->reject_path = g_strdup (path);
}

char *
up_import_default_reject_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');
  g_autofree char *name = NULL;

  if (dot != NULL && dot != base)
    *dot = '\0';
  name = g_strconcat (base, ".rejected.csv", NULL);
  return g_build_filename (dir, name, NULL);
}

gboolean
up_import_load_preview (UpImport  *self,
                        guint      n_rows,
                        GError   **error)
{
  g_autoptr(UpRowSource) source = NULL;

  g_return_val_if_fail (UP_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_pointer (&self->sheet_names, g_strfreev);
  g_clear_pointer (&self->preview_rows, g_ptr_array_unref);
  self->header_row = 0;

  source = up_row_source_open (self->path, self->sheet, error);
  if (source == NULL)
    return FALSE;

  if (UP_IS_XLSX_READER (source))
    self->sheet_names = g_strdupv ((GStrv) up_xlsx_reader_get_sheet_names (UP_XLSX_READER (source)));

  if (!find_header (self, source, error))
    return FALSE;

  self->preview_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) up_row_free);
  while (self->preview_rows->len < n_rows)
    {
      g_autoptr(GError) local_error = NULL;
      UpRow *row = up_row_source_next_row (source, &local_error);

      if (row == NULL)
        {
          /* The preview shows what could be read; the import says the rest. */
          if (local_error != NULL)
            g_debug ("preview stops: %s", local_error->message);
          break;
        }
      if (up_row_is_blank (row))
        {
          up_row_free (row);
          continue;
        }
      g_ptr_array_add (self->preview_rows, row);
    }

  return TRUE;
}

const char * const *
up_import_get_headers (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  return (const char * const *) self->headers;
}

GPtrArray *
up_import_get_preview_rows (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  return self->preview_rows;
}

const char * const *
up_import_get_sheet_names (UpImport *self)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);
  return (const char * const *) self->sheet_names;
}

const int *
up_import_get_mapping (UpImport *self,
                       guint    *n_headers)
{
  g_return_val_if_fail (UP_IS_IMPORT (self), NULL);

  if (n_headers != NULL)
    *n_headers = self->n_mapping;
  return self->mapping;
}

void
up_import_set_mapping (UpImport  *self,
                       const int *mapping,
                       guint      n_headers)
{
  g_return_if_fail (UP_IS_IMPORT (self));
  g_return_if_fail (self->header_row > 0);

  g_free (self->mapping);
  self->mapping = g_memdup2 (mapping, sizeof (int) * MAX (n_headers, 1));
  self->n_mapping = n_headers;
}
