/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-import"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "up-i18n.h"
#include <string.h>

#include "up-error.h"
#include "up-id-number.h"
#include "up-import.h"
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
  int                   columns[UP_TRAINEE_N_COLUMNS];  /* file column of each, or -1 */
  GStrv                 headers;

  GHashTable           *seen;        /* packed ID number → row number */
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

/* Checks one row: either appends it to the COPY buffer, or sets *reason. */
static void
check_row (Run          *run,
           const UpRow  *row,
           char        **reason)
{
  const UpImportColumn *columns = up_import_kind_get_columns (run->self->kind, NULL);
  g_autoptr(UpTraineeInput) input = up_trainee_input_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *union_text = NULL;
  g_autofree char *education_text = NULL;
  g_autofree char *skill_text = NULL;
  const char *education = NULL;
  gboolean union_member = FALSE;
  int skill_level = 0;
  gpointer key, first;
  char number[16];
  int id_column = run->columns[UP_TRAINEE_COLUMN_ID_NUMBER];

  if (row->truncated)
    {
      *reason = g_strdup_printf (_("The row has more than %d cells."), UP_ROW_MAX_CELLS);
      return;
    }

  for (guint c = 0; c < UP_TRAINEE_N_COLUMNS; c++)
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

    key = pack_id_number (id_number);
    if (g_hash_table_lookup_extended (run->seen, key, NULL, &first))
      {
        /* Translators: %u is the number of the row that has the same ID number */
        *reason = g_strdup_printf (_("ID number: the same as in row %u; each trainee may appear only once."),
                                   GPOINTER_TO_UINT (first));
        return;
      }
    g_hash_table_insert (run->seen, key, GUINT_TO_POINTER (row->number));

    g_snprintf (number, sizeof number, "%u", row->number);
    g_string_append (run->copy, number);
    g_string_append_c (run->copy, '\t');
    up_pg_copy_append (run->copy, id_number);
  }
  g_string_append_c (run->copy, '\t');
  up_pg_copy_append (run->copy, input->name);
  g_string_append_c (run->copy, '\t');
  up_pg_copy_append (run->copy, input->phone);
  g_string_append_c (run->copy, '\t');
  up_pg_copy_append (run->copy, input->employer);
  g_string_append_c (run->copy, '\t');
  up_pg_copy_append (run->copy, input->industry);
  g_string_append_c (run->copy, '\t');
  /* An empty union member cell: NULL, so an update keeps what is there. */
  up_pg_copy_append (run->copy, *union_text == '\0' ? NULL : union_member ? "t" : "f");
  g_string_append_c (run->copy, '\t');
  up_pg_copy_append (run->copy, education);
  g_string_append_c (run->copy, '\t');
  if (skill_level > 0)
    g_string_append_printf (run->copy, "%d", skill_level);
  else
    up_pg_copy_append (run->copy, NULL);
  g_string_append_c (run->copy, '\n');
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
      check_row (run, row, &reason);
      if (reason != NULL && !reject (run, row, reason, error))
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

  if (!up_pg_command (run->conn, "ANALYZE up_import_trainees", 0, NULL, error)
      || !up_pg_query_int64 (run->conn, count_existing_sql, 0, NULL, &existing, error))
    return FALSE;
  lap (run, "analyze and count");
  report (run, READ_SHARE + 0.05);

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

  if (!resolve_academy (run, error)
      || !up_pg_begin (run->conn, error)
      || !up_pg_command (run->conn, staging_sql, 0, NULL, error)
      || !up_pg_copy_begin (run->conn, copy_sql, error))
    return FALSE;
  run->in_copy = TRUE;

  if (!read_rows (run, error) || !flush_copy (run, TRUE, error))
    return FALSE;

  run->in_copy = FALSE;
  if (!up_pg_copy_end (run->conn, error))
    return FALSE;
  lap (run, "read, check and stage");
  report (run, READ_SHARE);

  if (run->rejects != NULL && fflush (run->rejects) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the rejected rows to “%s”: %s"), run->summary->reject_path, g_strerror (errno));
      return FALSE;
    }

  /* One rejected row keeps the whole file out, unless asked otherwise. */
  if (run->summary->rejected > 0 && !self->valid_only)
    {
      up_pg_rollback (run->conn);
      run->summary->committed = FALSE;
      return TRUE;
    }

  if (!merge (run, error) || !check_cancelled (run, error) || !up_pg_commit (run->conn, error))
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
                      UP_IMPORT_TRAINEES, UP_IMPORT_TRAINEES, UP_IMPORT_TRAINEES,
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
