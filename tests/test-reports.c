/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "up-demo.h"
#include "up-error.h"
#include "up-id-number.h"
#include "up-pg.h"
#include "up-report-private.h"
#include "up-report-writer.h"
#include "up-test-pg.h"

/* The reports, written on a test database and read back by an independent
 * reader (openpyxl, through tests/read-xlsx.py): every figure against its
 * own SQL aggregate, formats, sheet names, text that stays text, the
 * continuation past a sheet's rows, cancellation, the numeric locale and
 * the command line. */

#define N_TRAINEES 2000
/* Every claim of the demo data, whatever today is. */
#define ALL_FROM "2000-01-01"
#define ALL_TO "2100-12-31"

static char *demo_conninfo;

typedef struct
{
  char    *conninfo;
  PGconn  *conn;
  char    *dir;
  char    *path;
} Fixture;

/* The workbook as read back ---------------------------------------------- */

typedef struct
{
  char  type;        /* 's' string, 'n' number, 'd' date */
  char *format;
  char *value;
} Cell;

typedef struct
{
  GPtrArray   *sheets;       /* names, in order */
  GHashTable  *kinds;        /* name -> "worksheet" | "chartsheet" */
  GHashTable  *meta;         /* "sheet\037key" -> value */
  GHashTable  *cells;        /* "sheet\037row\037col" (1-based) -> Cell */
  GHashTable  *properties;
} Book;

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  g_free (cell->format);
  g_free (cell->value);
  g_free (cell);
}

static void
book_free (Book *book)
{
  g_ptr_array_unref (book->sheets);
  g_hash_table_unref (book->kinds);
  g_hash_table_unref (book->meta);
  g_hash_table_unref (book->cells);
  g_hash_table_unref (book->properties);
  g_free (book);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Book, book_free)

static char *
unescape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          g_string_append_c (out, *p == 't' ? '\t' : *p == 'n' ? '\n' : *p);
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static Book *
read_book (const char *path)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "read-xlsx.py", NULL);
  const char *argv[] = { script, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  Book *book = g_new0 (Book, 1);
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("read-xlsx.py failed: %s", err);

  book->sheets = g_ptr_array_new_with_free_func (g_free);
  book->kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  book->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  book->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cell_free);
  book->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
      guint n = g_strv_length (f);

      if (n == 3 && g_str_equal (f[0], "property"))
        g_hash_table_insert (book->properties, g_strdup (f[1]), unescape (f[2]));
      else if (n == 3 && g_str_equal (f[0], "sheet"))
        {
          g_ptr_array_add (book->sheets, unescape (f[1]));
          g_hash_table_insert (book->kinds, unescape (f[1]), g_strdup (f[2]));
        }
      else if (n == 4 && g_str_equal (f[0], "meta"))
        {
          g_autofree char *sheet = unescape (f[1]);

          g_hash_table_insert (book->meta, g_strdup_printf ("%s\037%s", sheet, f[2]), unescape (f[3]));
        }
      else if (n == 7 && g_str_equal (f[0], "cell"))
        {
          g_autofree char *sheet = unescape (f[1]);
          Cell *cell = g_new0 (Cell, 1);

          cell->type = f[4][0];
          cell->format = unescape (f[5]);
          cell->value = unescape (f[6]);
          g_hash_table_insert (book->cells, g_strdup_printf ("%s\037%s\037%s", sheet, f[2], f[3]), cell);
        }
    }

  return book;
}

/* Row and column 1-based, as Excel shows them. */
static const Cell *
book_cell (Book       *book,
           const char *sheet,
           guint       row,
           guint       col)
{
  g_autofree char *key = g_strdup_printf ("%s\037%u\037%u", sheet, row, col);

  return g_hash_table_lookup (book->cells, key);
}

static const char *
book_meta (Book       *book,
           const char *sheet,
           const char *key)
{
  g_autofree char *k = g_strdup_printf ("%s\037%s", sheet, key);

  return g_hash_table_lookup (book->meta, k);
}

static guint
book_rows (Book       *book,
           const char *sheet)
{
  const char *rows = book_meta (book, sheet, "rows");

  g_assert_nonnull (rows);
  return (guint) g_ascii_strtoull (rows, NULL, 10);
}

static const char *
cell_text (Book       *book,
           const char *sheet,
           guint       row,
           guint       col)
{
  const Cell *cell = book_cell (book, sheet, row, col);

  if (cell == NULL)
    g_error ("no cell %s!R%uC%u", sheet, row, col);
  return cell->value;
}

/* A money cell, back in fen: the reader's double, rounded to the fen. */
static gint64
cell_fen (Book       *book,
          const char *sheet,
          guint       row,
          guint       col)
{
  const Cell *cell = book_cell (book, sheet, row, col);
  double yuan;

  g_assert_nonnull (cell);
  g_assert_cmpint (cell->type, ==, 'n');
  g_assert_cmpstr (cell->format, ==, "¥#,##0.00");
  yuan = g_ascii_strtod (cell->value, NULL);
  return (gint64) (yuan * 100 + (yuan < 0 ? -0.5 : 0.5));
}

static gint64
cell_int (Book       *book,
          const char *sheet,
          guint       row,
          guint       col)
{
  const Cell *cell = book_cell (book, sheet, row, col);

  if (cell == NULL)
    g_error ("no cell %s!R%uC%u", sheet, row, col);
  g_assert_cmpint (cell->type, ==, 'n');
  return (gint64) g_ascii_strtod (cell->value, NULL);
}

/* Fixtures ----------------------------------------------------------------- */

static const char *
get_demo_conninfo (void)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;

  if (demo_conninfo != NULL)
    return demo_conninfo;

  demo_conninfo = up_test_pg_new_migrated ();
  conn = up_pg_connect (demo_conninfo, &error);
  g_assert_no_error (error);

  up_demo_options_init (&options);
  options.n_trainees = N_TRAINEES;
  up_demo_generate (conn, &options, NULL, &error);
  g_assert_no_error (error);

  return demo_conninfo;
}

static void
fixture_setup_dir (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-reports-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "report.xlsx", NULL);
}

static void
fixture_setup_demo (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = g_strdup (get_demo_conninfo ());
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  fixture_setup_dir (f);
}

static void
fixture_setup_empty (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  fixture_setup_dir (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);

  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
}

/* The files in the fixture's folder: the report and nothing else. */
static guint
count_files (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static gint64
query_int (Fixture    *f,
           const char *sql,
           const char *param)
{
  return up_test_pg_query_int (f->conn, sql, param);
}

static gint64
query_int2 (Fixture    *f,
            const char *sql,
            const char *param1,
            const char *param2)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -1;

  up_pg_query_int64 (f->conn, sql, 2, (const char *[]) { param1, param2 }, &value, &error);
  g_assert_no_error (error);
  return value;
}

static void
write_report (Fixture        *f,
              UpReportWriter *writer)
{
  g_autoptr(GError) error = NULL;

  up_report_writer_run_sync (writer, f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_files (f), ==, 1);
}

static UpReportWriter *
ledger_writer (Fixture *f)
{
  UpReportWriter *writer = up_report_writer_new (UP_REPORT_LEDGER, f->conninfo);
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_parse (&from, ALL_FROM);
  g_date_set_parse (&to, ALL_TO);
  g_assert_true (g_date_valid (&from) && g_date_valid (&to));
  up_report_writer_set_period (writer, &from, &to);
  return writer;
}

static char *
batch_with_most_claims (Fixture *f)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT,
                          query_int (f, "SELECT batch_id FROM subsidies WHERE batch_id IS NOT NULL "
                                        "AND state <> 'rejected' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", NULL));
}

/* Sheet names -------------------------------------------------------------- */

static void
test_sheet_names_follow_excel_rules (void)
{
  g_autofree char *plain = up_report_sheet_name ("Claims", 1);
  g_autofree char *second = up_report_sheet_name ("Claims", 2);
  g_autofree char *bad = up_report_sheet_name ("a[b]:c*d?e/f\\g", 1);
  g_autofree char *quoted = up_report_sheet_name ("'x'", 1);
  g_autofree char *empty = up_report_sheet_name ("", 1);
  g_autofree char *long_name = up_report_sheet_name ("工匠学院培训情况汇总表工匠学院培训情况汇总表工匠学院培训情况汇总表", 12);

  g_assert_cmpstr (plain, ==, "Claims");
  g_assert_cmpstr (second, ==, "Claims (2)");
  g_assert_cmpstr (bad, ==, "a_b__c_d_e_f_g");
  g_assert_cmpstr (quoted, ==, "x");
  g_assert_cmpstr (empty, ==, "Sheet");
  g_assert_cmpint (g_utf8_strlen (long_name, -1), ==, 31);
  g_assert_true (g_str_has_suffix (long_name, " (12)"));
}

/* The ledger --------------------------------------------------------------- */

static void
test_ledger_equals_sql (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(UpReportWriter) writer = ledger_writer (f);
  g_autoptr(Book) book = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) claims = NULL;
  g_autoptr(GHashTable) fen_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gint64 n = query_int (f, "SELECT count(*) FROM subsidies", NULL);
  gint64 total = query_int (f, "SELECT sum (amount_fen) FROM subsidies", NULL);
  gint64 sum = 0;
  g_autofree char *autofilter = NULL;
  guint rows;
  guint n_raised = 0;

  g_assert_cmpint (n, >, 100);
  write_report (f, writer);
  book = read_book (f->path);

  g_assert_cmpuint (book->sheets->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (book->sheets, 0), ==, "Claims");
  g_assert_cmpstr (g_ptr_array_index (book->sheets, 1), ==, "Totals");
  g_assert_cmpstr (g_hash_table_lookup (book->properties, "title"), ==, "Subsidy Ledger");
  g_assert_cmpstr (g_hash_table_lookup (book->properties, "subject"), ==, ALL_FROM " – " ALL_TO);

  /* Title, period line, header, frozen below the header. */
  g_assert_cmpstr (cell_text (book, "Claims", 1, 1), ==, "Subsidy Ledger");
  g_assert_true (g_str_has_prefix (cell_text (book, "Claims", 2, 1), "Period: " ALL_FROM " – " ALL_TO));
  g_assert_cmpstr (cell_text (book, "Claims", 3, 1), ==, "Claim");
  g_assert_cmpstr (cell_text (book, "Claims", 3, 10), ==, "Amount");
  g_assert_cmpstr (book_meta (book, "Claims", "freeze"), ==, "A4");
  autofilter = g_strdup_printf ("A3:P%" G_GINT64_FORMAT, n + 3);
  g_assert_cmpstr (book_meta (book, "Claims", "autofilter"), ==, autofilter);
  g_assert_cmpstr (cell_text (book, "Claims", 3, 16), ==, "Rule");

  /* Every claim once, with its own amount. */
  claims = up_pg_exec (f->conn, "SELECT id, amount_fen, to_char (claimed_on, 'YYYY-MM-DD') FROM subsidies",
                       0, NULL, &error);
  g_assert_no_error (error);
  for (int r = 0; r < PQntuples (claims); r++)
    {
      gint64 *id = g_new (gint64, 1);
      gint64 *fen = g_new (gint64, 1);

      *id = g_ascii_strtoll (PQgetvalue (claims, r, 0), NULL, 10);
      *fen = g_ascii_strtoll (PQgetvalue (claims, r, 1), NULL, 10);
      g_hash_table_insert (fen_by_id, id, fen);
    }

  rows = book_rows (book, "Claims");
  g_assert_cmpuint (rows, ==, n + 4);
  for (guint row = 4; row < n + 4; row++)
    {
      gint64 id = cell_int (book, "Claims", row, 1);
      gint64 *fen = g_hash_table_lookup (fen_by_id, &id);
      const Cell *id_number = book_cell (book, "Claims", row, 5);
      const Cell *claimed = book_cell (book, "Claims", row, 2);

      g_assert_nonnull (fen);
      g_assert_cmpint (cell_fen (book, "Claims", row, 10), ==, *fen);
      sum += *fen;
      g_hash_table_remove (fen_by_id, &id);

      /* Masked, and a string. */
      g_assert_cmpint (id_number->type, ==, 's');
      g_assert_cmpint (strlen (id_number->value), ==, 18);
      g_assert_true (strstr (id_number->value, "********") == id_number->value + 6);

      g_assert_cmpint (claimed->type, ==, 'd');
      g_assert_cmpstr (claimed->format, ==, "yyyy-mm-dd");

      /* The rule that raised, reduced or refused the claim, in words. */
      {
        g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
        gint64 raised = query_int (f, "SELECT count(*) FROM subsidy_rule_results "
                                      "WHERE subsidy_id = $1 AND rule = 'shortage_uplift'", id_text);
        const Cell *rule = book_cell (book, "Claims", row, 16);

        if (raised > 0)
          {
            g_assert_true (rule != NULL && g_str_has_prefix (rule->value, "Raised: a shortage occupation"));
            n_raised++;
          }
      }
    }
  /* The demo raises some claims for a shortage occupation. */
  g_assert_cmpint (n_raised, >, 0);
  g_assert_cmpuint (g_hash_table_size (fen_by_id), ==, 0);
  g_assert_cmpint (sum, ==, total);

  /* The total row, to the fen. */
  g_assert_true (g_str_has_prefix (cell_text (book, "Claims", n + 4, 1), "Total: "));
  g_assert_cmpint (cell_fen (book, "Claims", n + 4, 10), ==, total);

  /* Totals by academy: a row per academy with claims, then the total. */
  {
    gint64 academies = query_int (f, "SELECT count(DISTINCT academy_id) FROM subsidies", NULL);
    guint total_row = 4 + academies;

    g_assert_cmpstr (book_meta (book, "Totals", "freeze"), ==, "A4");
    for (guint row = 4; row < total_row; row++)
      {
        const char *code = cell_text (book, "Totals", row, 1);

        g_assert_cmpint (cell_int (book, "Totals", row, 3), ==,
                         query_int (f, "SELECT count(*) FROM subsidies s JOIN academies a ON a.id = s.academy_id "
                                       "WHERE a.code = $1", code));
        g_assert_cmpint (cell_fen (book, "Totals", row, 12), ==,
                         query_int (f, "SELECT coalesce (sum (amount_fen), 0) FROM subsidies s "
                                       "JOIN academies a ON a.id = s.academy_id WHERE a.code = $1 AND s.state = 'paid'",
                                    code));
      }
    g_assert_cmpstr (cell_text (book, "Totals", total_row, 1), ==, "Total");
    g_assert_cmpint (cell_int (book, "Totals", total_row, 3), ==, n);
    g_assert_cmpint (cell_fen (book, "Totals", total_row, 4), ==, total);

    /* By state, after a blank row and a header. */
    for (guint row = total_row + 3; row < total_row + 3 + 5; row++)
      {
        const Cell *label = book_cell (book, "Totals", row, 1);

        if (label == NULL)
          break;
        g_assert_cmpint (cell_fen (book, "Totals", row, 4), >, 0);
      }
    g_assert_cmpint (cell_fen (book, "Totals", total_row + 3, 4), ==,
                     query_int (f, "SELECT sum (amount_fen) FROM subsidies WHERE state = 'pending'", NULL));
  }
}

static void
test_ledger_continues_on_next_sheet (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(UpReportWriter) writer = ledger_writer (f);
  g_autoptr(Book) book = NULL;
  gint64 n = query_int (f, "SELECT count(*) FROM subsidies", NULL);
  gint64 seen = 0;
  gint64 sum = 0;
  guint parts;

  up_report_writer_set_max_rows (writer, 100);
  write_report (f, writer);
  book = read_book (f->path);

  /* 97 claims per sheet below the three head rows; the total row after. */
  parts = (guint) ((n + 1 + 96) / 97);
  g_assert_cmpuint (book->sheets->len, ==, parts + 1);
  for (guint i = 0; i < parts; i++)
    {
      const char *name = g_ptr_array_index (book->sheets, i);
      g_autofree char *expected = i == 0 ? g_strdup ("Claims") : g_strdup_printf ("Claims (%u)", i + 1);
      guint rows = book_rows (book, name);

      g_assert_cmpstr (name, ==, expected);
      g_assert_cmpuint (rows, <=, 100);
      g_assert_cmpstr (cell_text (book, name, 3, 1), ==, "Claim");
      g_assert_cmpstr (book_meta (book, name, "freeze"), ==, "A4");
      for (guint row = 4; row <= rows; row++)
        {
          const Cell *first = book_cell (book, name, row, 1);

          if (first->type == 's')
            {
              g_assert_true (g_str_has_prefix (first->value, "Total: "));
              g_assert_cmpint (cell_fen (book, name, row, 10), ==, sum);
              continue;
            }
          seen++;
          sum += cell_fen (book, name, row, 10);
        }
    }
  g_assert_cmpint (seen, ==, n);
  g_assert_cmpint (sum, ==, query_int (f, "SELECT sum (amount_fen) FROM subsidies", NULL));
  g_assert_cmpstr (g_ptr_array_index (book->sheets, parts), ==, "Totals");
}

/* Text that looks like something else ------------------------------------ */

/* A valid number: the check character computed from the first 17. */
static char *
make_id_number (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, up_id_number_check_character (first17));
}

static void
insert_one_claim (Fixture    *f,
                  const char *name,
                  const char *id_number,
                  const char *certificate_no,
                  gint64      fen)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fen_text = g_strdup_printf ("%" G_GINT64_FORMAT, fen);
  const char *params[] = { name, id_number, certificate_no, fen_text };

  /* Our own amount, not what the subsidy rules (schema v4) would compute
   * for a certificate no scheme pays: triggers off for this insert (the
   * test cluster's user is its superuser). */
  up_pg_begin (f->conn, &error);
  g_assert_no_error (error);
  up_pg_command (f->conn, "SET LOCAL session_replication_role = replica", 0, NULL, &error);
  g_assert_no_error (error);
  up_pg_command (f->conn,
                 "WITH a AS (INSERT INTO academies (code, name, level, district) "
                 "           VALUES ('T1', '测试学院', 'municipal', '渝中区') "
                 "           ON CONFLICT (code) DO UPDATE SET code = excluded.code RETURNING id),"
                 "     t AS (INSERT INTO trainees (academy_id, id_number, name) SELECT id, $2, $1 FROM a RETURNING id, academy_id),"
                 "     x AS (INSERT INTO certifications (academy_id, trainee_id, kind, occupation, skill_level, "
                 "                                       certificate_no, issuing_body, issued_on) "
                 "           SELECT academy_id, id, 'skill_level', '焊工', 3, $3, '重庆市人社局', '2025-03-01' FROM t "
                 "           RETURNING id, trainee_id, academy_id)"
                 "INSERT INTO subsidies (academy_id, trainee_id, certification_id, amount_fen, claimed_on) "
                 "SELECT academy_id, trainee_id, id, $4::bigint, '2025-04-01' FROM x",
                 4, params, &error);
  g_assert_no_error (error);
  up_pg_commit (f->conn, &error);
  g_assert_no_error (error);
}

static void
test_text_stays_text (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(UpReportWriter) writer = ledger_writer (f);
  g_autoptr(Book) book = NULL;
  g_autofree char *number = make_id_number ("50010319900101123");
  const Cell *name, *id_number, *certificate;

  insert_one_claim (f, "=SUM(A1)", number, "0012345678901234567", 123456789);
  up_report_writer_set_full_id_numbers (writer, TRUE);
  write_report (f, writer);
  book = read_book (f->path);

  name = book_cell (book, "Claims", 4, 4);
  id_number = book_cell (book, "Claims", 4, 5);
  certificate = book_cell (book, "Claims", 4, 8);

  g_assert_cmpint (name->type, ==, 's');
  g_assert_cmpstr (name->value, ==, "=SUM(A1)");
  g_assert_cmpint (id_number->type, ==, 's');
  g_assert_cmpstr (id_number->value, ==, number);
  g_assert_cmpstr (id_number->format, ==, "@");
  g_assert_cmpint (certificate->type, ==, 's');
  g_assert_cmpstr (certificate->value, ==, "0012345678901234567");
  g_assert_cmpint (cell_fen (book, "Claims", 4, 10), ==, 123456789);
  g_assert_cmpint (cell_fen (book, "Claims", 5, 10), ==, 123456789);
}

/* The numeric locale ------------------------------------------------------ */

static void
test_comma_locale (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(UpReportWriter) writer = ledger_writer (f);
  g_autoptr(Book) book = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *locales = g_build_filename (f->dir, "locales", NULL);
  g_autofree char *target = g_build_filename (locales, "de_DE.UTF-8", NULL);
  const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", target, NULL };
  g_autofree char *old_locpath = g_strdup (g_getenv ("LOCPATH"));
  g_autofree char *number = make_id_number ("50010319900101123");
  gboolean loaded;
  char buf[32];
  int status = -1;

  /* A locale with a decimal comma, made here when the system has none. */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_mkdir (locales, 0700);
      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                         | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL)
          || !g_spawn_check_wait_status (status, NULL))
        {
          g_test_skip ("no de_DE locale, and localedef cannot make one");
          return;
        }
      g_setenv ("LOCPATH", locales, TRUE);
      loaded = setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL;
      /* Loaded, the locale needs its folder no more; and glibc's newlocale
       * leaks its copy of LOCPATH (which LeakSanitizer would report). */
      if (old_locpath != NULL)
        g_setenv ("LOCPATH", old_locpath, TRUE);
      else
        g_unsetenv ("LOCPATH");
      if (!loaded)
        {
          g_test_skip ("the de_DE locale made by localedef does not load");
          return;
        }
    }

  g_snprintf (buf, sizeof buf, "%.2f", 1234.5);
  g_assert_cmpstr (buf, ==, "1234,50");

  /* ¥1,234.56: a decimal point in the XML, where the locale would put a
   * comma. */
  insert_one_claim (f, "张三", number, "A-1", 123456);
  up_report_writer_run_sync (writer, f->path, NULL, &error);

  setlocale (LC_NUMERIC, "C");
  /* The locale folder goes before the fixture's teardown counts files. */
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", locales);

    g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  }

  g_assert_no_error (error);
  book = read_book (f->path);
  g_assert_cmpint (cell_fen (book, "Claims", 4, 10), ==, 123456);
  g_assert_cmpint (cell_int (book, "Claims", 4, 1), >, 0);
}

/* Failure and cancellation ------------------------------------------------ */

typedef struct
{
  GCancellable  *cancellable;
  GAsyncResult  *result;
  guint          calls;
} CancelRun;

static void
cancel_on_progress_cb (double   fraction,
                       gpointer user_data)
{
  CancelRun *run = user_data;

  run->calls++;
  if (fraction > 0.1)
    g_cancellable_cancel (run->cancellable);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CancelRun *run = user_data;

  run->result = g_object_ref (result);
}

static void
test_cancel_leaves_no_file (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(UpReportWriter) writer = ledger_writer (f);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CancelRun run = { cancellable, NULL, 0 };

  /* Small sheets: many of them, so there is time to cancel midway. */
  up_report_writer_set_max_rows (writer, 10);
  up_report_writer_set_progress_func (writer, cancel_on_progress_cb, &run, NULL);
  up_report_writer_run_async (writer, f->path, cancellable, store_result_cb, &run);
  /* A report is a long job: a minute at most, cancelled or not. */
  up_test_wait_for_pointer_full (&run.result, 60, "the cancelled report's answer");

  g_assert_false (up_report_writer_run_finish (writer, run.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (run.calls, >, 0);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (f), ==, 0);
  g_clear_object (&run.result);

  /* Cancelled before it starts: the same. */
  g_clear_error (&error);
  up_report_writer_run_sync (writer, f->path, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (f), ==, 0);
}

static void
test_failure_leaves_no_file (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(UpReportWriter) roster = up_report_writer_new (UP_REPORT_ROSTER, f->conninfo);
  g_autoptr(UpReportWriter) academy = ledger_writer (f);
  g_autoptr(UpReportWriter) down = up_report_writer_new (UP_REPORT_LEDGER, "host=/nonexistent dbname=x connect_timeout=2");
  g_autoptr(GError) error = NULL;

  up_report_writer_set_batch (roster, 987654);
  up_report_writer_run_sync (roster, f->path, NULL, &error);
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_cmpuint (count_files (f), ==, 0);
  g_clear_error (&error);

  up_report_writer_set_academy (academy, "NO-SUCH");
  up_report_writer_run_sync (academy, f->path, NULL, &error);
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_cmpuint (count_files (f), ==, 0);
  g_clear_error (&error);

  up_report_writer_run_sync (down, f->path, NULL, &error);
  g_assert_error (error, UP_ERROR, UP_ERROR_CONNECTION);
  g_assert_cmpuint (count_files (f), ==, 0);
}

/* Roster and notice list --------------------------------------------------- */

static void
test_roster_equals_sql (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(UpReportWriter) writer = up_report_writer_new (UP_REPORT_ROSTER, f->conninfo);
  g_autoptr(Book) book = NULL;
  g_autofree char *batch = batch_with_most_claims (f);
  g_autofree char *batch_name = NULL;
  gint64 n = query_int (f, "SELECT count(*) FROM subsidies WHERE batch_id = $1::bigint AND state <> 'rejected'", batch);
  gint64 total = query_int (f, "SELECT sum (amount_fen) FROM subsidies WHERE batch_id = $1::bigint "
                               "AND state <> 'rejected'", batch);
  gint64 sum = 0;

  g_assert_cmpint (n, >, 0);
  up_report_writer_set_batch (writer, g_ascii_strtoll (batch, NULL, 10));
  write_report (f, writer);
  book = read_book (f->path);

  g_assert_cmpuint (book->sheets->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (book->sheets, 0), ==, "Roster");
  g_assert_cmpstr (cell_text (book, "Roster", 1, 1), ==, "Subsidy Payment Roster");
  g_assert_cmpstr (cell_text (book, "Roster", 3, 10), ==, "Signature");

  /* Print-ready. */
  g_assert_cmpstr (book_meta (book, "Roster", "landscape"), ==, "True");
  g_assert_cmpstr (book_meta (book, "Roster", "paper"), ==, "9");
  g_assert_cmpstr (book_meta (book, "Roster", "fit_width"), ==, "1");
  g_assert_cmpstr (book_meta (book, "Roster", "fit_height"), ==, "0");
  g_assert_cmpstr (book_meta (book, "Roster", "print_rows"), ==, "$3:$3");
  g_assert_cmpstr (book_meta (book, "Roster", "footer"), ==, "Page &P of &N");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PGresult) result = up_pg_exec (f->conn, "SELECT name FROM payment_batches WHERE id = $1::bigint",
                                             1, (const char *[]) { batch }, &error);

    g_assert_no_error (error);
    batch_name = g_strdup (PQgetvalue (result, 0, 0));
  }
  g_assert_true (g_str_has_prefix (book_meta (book, "Roster", "header"), batch_name));
  g_assert_true (g_str_has_prefix (cell_text (book, "Roster", 2, 1), batch_name));

  for (guint row = 4; row < n + 4; row++)
    {
      const Cell *id_number = book_cell (book, "Roster", row, 3);

      g_assert_cmpint (cell_int (book, "Roster", row, 1), ==, row - 3);
      g_assert_cmpint (id_number->type, ==, 's');
      g_assert_true (g_regex_match_simple ("^[0-9]{6}\\*{8}[0-9]{3}[0-9X]$", id_number->value, 0, 0));
      sum += cell_fen (book, "Roster", row, 9);
    }
  g_assert_cmpint (sum, ==, total);
  g_assert_true (g_str_has_prefix (cell_text (book, "Roster", n + 4, 1), "Total: "));
  g_assert_cmpint (cell_fen (book, "Roster", n + 4, 9), ==, total);
  g_assert_cmpuint (book_rows (book, "Roster"), ==, n + 4);
}

static void
test_roster_full_id_numbers (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(UpReportWriter) writer = up_report_writer_new (UP_REPORT_ROSTER, f->conninfo);
  g_autoptr(Book) book = NULL;
  g_autofree char *batch = batch_with_most_claims (f);

  up_report_writer_set_batch (writer, g_ascii_strtoll (batch, NULL, 10));
  up_report_writer_set_full_id_numbers (writer, TRUE);
  write_report (f, writer);
  book = read_book (f->path);

  for (guint row = 4; row < 8; row++)
    {
      const Cell *id_number = book_cell (book, "Roster", row, 3);

      g_assert_cmpint (id_number->type, ==, 's');
      g_assert_cmpint (up_id_number_check (id_number->value, NULL), ==, UP_ID_NUMBER_OK);
      g_assert_cmpint (query_int (f, "SELECT count(*) FROM trainees WHERE id_number = $1", id_number->value), ==, 1);
    }
}

static void
test_notice_equals_sql (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(UpReportWriter) writer = up_report_writer_new (UP_REPORT_NOTICE, f->conninfo);
  g_autoptr(Book) book = NULL;
  g_autofree char *batch = batch_with_most_claims (f);
  gint64 n = query_int (f, "SELECT count(*) FROM subsidies WHERE batch_id = $1::bigint AND state <> 'rejected'", batch);
  gint64 total = query_int (f, "SELECT sum (amount_fen) FROM subsidies WHERE batch_id = $1::bigint "
                               "AND state <> 'rejected'", batch);

  up_report_writer_set_batch (writer, g_ascii_strtoll (batch, NULL, 10));
  write_report (f, writer);
  book = read_book (f->path);

  g_assert_cmpstr (g_ptr_array_index (book->sheets, 0), ==, "Notice list");
  g_assert_cmpstr (cell_text (book, "Notice list", 3, 7), ==, "Amount");
  g_assert_null (book_cell (book, "Notice list", 3, 8));
  g_assert_cmpuint (book_rows (book, "Notice list"), ==, n + 4);
  g_assert_cmpint (cell_fen (book, "Notice list", n + 4, 7), ==, total);
  g_assert_true (strstr (cell_text (book, "Notice list", 4, 3), "********") != NULL);
}

/* The academy summary ------------------------------------------------------ */

static void
test_summary_equals_sql (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(UpReportWriter) writer = up_report_writer_new (UP_REPORT_SUMMARY, f->conninfo);
  g_autoptr(Book) book = NULL;
  int year = (int) query_int (f, "SELECT extract (year FROM start_date)::int FROM courses "
                                 "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", NULL);
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  gint64 academies = query_int (f, "SELECT count(*) FROM academies", NULL);
  gint64 levels = query_int (f, "SELECT count(DISTINCT level) FROM academies", NULL);
  guint grand;
  gint64 person_times = 0, certificates = 0, paid = 0;

  up_report_writer_set_year (writer, year);
  write_report (f, writer);
  book = read_book (f->path);

  g_assert_cmpuint (book->sheets->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (book->sheets, 0), ==, "Academies");
  g_assert_cmpstr (g_ptr_array_index (book->sheets, 1), ==, "Courses");
  g_assert_cmpstr (g_ptr_array_index (book->sheets, 2), ==, "Chart");
  g_assert_cmpstr (g_hash_table_lookup (book->kinds, "Chart"), ==, "chartsheet");
  g_assert_cmpstr (book_meta (book, "Chart", "charts"), ==, "1");
  g_assert_cmpstr (book_meta (book, "Academies", "freeze"), ==, "A4");

  for (guint row = 4; row < academies + 4; row++)
    {
      const char *code = cell_text (book, "Academies", row, 1);
      const Cell *rate = book_cell (book, "Academies", row, 8);
      gint64 seats = query_int2 (f, "SELECT count(*) FROM enrollments e JOIN courses c ON c.id = e.course_id "
                                    "JOIN academies a ON a.id = c.academy_id WHERE a.code = $1 "
                                    "AND c.status <> 'cancelled' AND e.status IN ('enrolled', 'completed', 'not_completed') "
                                    "AND extract (year FROM c.start_date) = $2::int", code, year_text);

      g_assert_cmpint (cell_int (book, "Academies", row, 6), ==, seats);
      person_times += seats;
      g_assert_cmpint (cell_int (book, "Academies", row, 5), ==,
                       query_int2 (f, "SELECT count(*) FROM courses c JOIN academies a ON a.id = c.academy_id "
                                      "WHERE a.code = $1 AND c.status <> 'cancelled' "
                                      "AND extract (year FROM c.start_date) = $2::int", code, year_text));
      certificates += cell_int (book, "Academies", row, 19);
      paid += cell_fen (book, "Academies", row, 27);
      if (rate != NULL)
        g_assert_cmpstr (rate->format, ==, "0.0%");
    }

  /* Subtotals by level, then the grand total, which equals the database's
   * own totals for the year. */
  grand = academies + 4 + levels;
  g_assert_true (g_str_has_prefix (cell_text (book, "Academies", academies + 4, 1), "Subtotal: "));
  g_assert_cmpstr (cell_text (book, "Academies", grand, 1), ==, "Grand total");
  g_assert_cmpint (cell_int (book, "Academies", grand, 6), ==, person_times);
  g_assert_cmpint (cell_int (book, "Academies", grand, 19), ==, certificates);
  g_assert_cmpint (cell_fen (book, "Academies", grand, 27), ==, paid);
  g_assert_cmpint (certificates, ==,
                   query_int (f, "SELECT count(*) FROM certifications WHERE extract (year FROM issued_on) = $1::int",
                              year_text));
  g_assert_cmpint (paid, ==,
                   query_int (f, "SELECT coalesce (sum (amount_fen), 0) FROM subsidies WHERE state = 'paid' "
                                 "AND extract (year FROM claimed_on) = $1::int", year_text));
  {
    gint64 subtotal = 0;

    for (guint row = academies + 4; row < grand; row++)
      subtotal += cell_int (book, "Academies", row, 6);
    g_assert_cmpint (subtotal, ==, person_times);
  }

  /* A row per course, whose person-times add up to the same. */
  {
    gint64 courses = query_int (f, "SELECT count(*) FROM courses WHERE status <> 'cancelled' "
                                   "AND extract (year FROM start_date) = $1::int", year_text);
    gint64 seats = 0;

    g_assert_cmpuint (book_rows (book, "Courses"), ==, courses + 3);
    for (guint row = 4; row < courses + 4; row++)
      seats += cell_int (book, "Courses", row, 10);
    g_assert_cmpint (seats, ==, person_times);
    g_assert_cmpstr (book_cell (book, "Courses", 4, 5)->format, ==, "yyyy-mm-dd");
  }
}

static void
test_summary_one_academy (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(UpReportWriter) writer = up_report_writer_new (UP_REPORT_SUMMARY, f->conninfo);
  g_autoptr(Book) book = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = up_pg_exec (f->conn, "SELECT code, name FROM academies ORDER BY id LIMIT 1", 0, NULL,
                                           &error);
  g_autofree char *academy = NULL;

  g_assert_no_error (error);
  up_report_writer_set_academy (writer, PQgetvalue (result, 0, 0));
  write_report (f, writer);
  book = read_book (f->path);

  /* The line under the title names the academy. */
  academy = g_strdup_printf ("    Academy: %s    Made: ", PQgetvalue (result, 0, 1));
  g_assert_nonnull (strstr (cell_text (book, "Academies", 2, 1), academy));
  g_assert_cmpstr (cell_text (book, "Academies", 4, 1), ==, PQgetvalue (result, 0, 0));
  g_assert_true (g_str_has_prefix (cell_text (book, "Academies", 5, 1), "Subtotal: "));
  g_assert_cmpstr (cell_text (book, "Academies", 6, 1), ==, "Grand total");
}

/* Annual progress ---------------------------------------------------------- */

static void
test_progress_equals_sql (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(UpReportWriter) writer = up_report_writer_new (UP_REPORT_PROGRESS, f->conninfo);
  g_autoptr(Book) book = NULL;
  gint64 workers = query_int (f, "SELECT count(DISTINCT trainee_id) FROM subsidies WHERE state IN ('approved', 'paid') "
                                 "AND claimed_on BETWEEN '2025-01-01' AND '2025-12-31'", NULL);
  gint64 certificates = query_int (f, "SELECT count(*) FROM certifications "
                                      "WHERE issued_on BETWEEN '2025-01-01' AND '2025-12-31'", NULL);
  gint64 majors = query_int (f, "SELECT count(*) FROM majors "
                                "WHERE established_on BETWEEN '2025-01-01' AND '2025-12-31'", NULL);
  const Cell *ratio;

  up_report_writer_set_year (writer, 2025);
  write_report (f, writer);
  book = read_book (f->path);

  g_assert_cmpstr (g_ptr_array_index (book->sheets, 0), ==, "Progress");
  g_assert_cmpstr (cell_text (book, "Progress", 1, 1), ==, "Annual Progress Against Targets 2025");
  /* Five measures, each overall and for the four levels. */
  g_assert_cmpuint (book_rows (book, "Progress"), ==, 3 + 5 * 5);

  g_assert_cmpstr (cell_text (book, "Progress", 4, 1), ==, "Subsidised workers");
  g_assert_cmpstr (cell_text (book, "Progress", 4, 2), ==, "Overall");
  g_assert_cmpint (cell_int (book, "Progress", 4, 3), ==, 10000);
  g_assert_cmpint (cell_int (book, "Progress", 4, 4), ==, workers);
  ratio = book_cell (book, "Progress", 4, 5);
  g_assert_cmpstr (ratio->format, ==, "0.0%");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (ratio->value, NULL), workers / 10000.0, 1e-9);

  g_assert_cmpstr (cell_text (book, "Progress", 14, 1), ==, "Certificates obtained");
  g_assert_cmpint (cell_int (book, "Progress", 14, 4), ==, certificates);
  g_assert_cmpint (cell_int (book, "Progress", 24, 4), ==, majors);

  /* The levels add up for the measures a trainee cannot count twice in. */
  {
    gint64 sum = 0;

    for (guint row = 15; row < 19; row++)
      sum += cell_int (book, "Progress", row, 4);
    g_assert_cmpint (sum, ==, certificates);
  }
}

/* The command line --------------------------------------------------------- */

/* The language the command line runs in. */
static const char *cli_language = "en";

static int
run_cli (const char  *conninfo,
         char       **out,
         char       **err,
         ...)
{
  g_autofree char *upskill = g_build_filename (g_getenv ("UPSKILL_BUILD_ROOT"), "app", "upskill", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *arg;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, upskill);
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, (char *) conninfo);
  g_ptr_array_add (argv, (char *) "report");
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "LANGUAGE", cli_language, TRUE);
  /* gettext translates under any locale but C and POSIX. */
  envp = g_environ_setenv (envp, "LANG", "C.UTF-8", TRUE);
  envp = g_environ_unsetenv (envp, "LC_ALL");
  envp = g_environ_unsetenv (envp, "LC_MESSAGES");
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static gboolean
has_non_ascii (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if ((guchar) *text >= 0x80)
      return TRUE;
  return FALSE;
}

/* A report made in Chinese has Chinese sheet names, title and headers. */
static void
test_cli_writes_chinese (Fixture       *f,
                         gconstpointer  data)
{
  char *out = NULL, *err = NULL;
  g_autoptr(Book) book = NULL;
  const char *sheet;

  cli_language = "zh_CN";
  g_assert_cmpint (run_cli (f->conninfo, &out, &err, "ledger", "--from", ALL_FROM, "--to", ALL_TO,
                            "-o", f->path, NULL), ==, 0);
  cli_language = "en";
  g_assert_true (has_non_ascii (out));
  g_free (out);
  g_free (err);

  book = read_book (f->path);
  g_assert_cmpuint (book->sheets->len, ==, 2);
  sheet = g_ptr_array_index (book->sheets, 0);
  g_test_message ("sheets: %s, %s", sheet, (const char *) g_ptr_array_index (book->sheets, 1));
  g_assert_true (has_non_ascii (sheet));
  g_assert_true (has_non_ascii (g_ptr_array_index (book->sheets, 1)));
  g_assert_true (has_non_ascii (cell_text (book, sheet, 1, 1)));
  for (guint c = 1; c <= 16; c++)
    {
      g_test_message ("header %u: %s", c, cell_text (book, sheet, 3, c));
      g_assert_true (has_non_ascii (cell_text (book, sheet, 3, c)));
    }
}

/* --language: a zh_TW workbook from a program speaking English (the
 * Preferences' language of reports does the same in the window). */
static void
test_cli_writes_the_language_asked (Fixture       *f,
                                    gconstpointer  data)
{
  char *out = NULL, *err = NULL;
  g_autoptr(Book) book = NULL;
  const char *sheet;

  g_assert_cmpint (run_cli (f->conninfo, &out, &err, "ledger", "--from", ALL_FROM, "--to", ALL_TO,
                            "--language", "zh_TW", "-o", f->path, NULL), ==, 0);
  /* The terminal keeps the interface's language. */
  g_assert_nonnull (strstr (out, "Report written to"));
  g_free (out);
  g_free (err);

  book = read_book (f->path);
  sheet = g_ptr_array_index (book->sheets, 0);
  g_test_message ("sheet: %s", sheet);
  g_assert_true (has_non_ascii (sheet));
  /* Traditional characters: 補 (补 in zh_CN) of 補助. */
  g_assert_nonnull (strstr (cell_text (book, sheet, 1, 1), "補"));
  g_assert_true (has_non_ascii (cell_text (book, sheet, 3, 1)));
}

static void
test_cli_exit_codes (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *batch = batch_with_most_claims (f);
  char *out = NULL, *err = NULL;

#define EXPECT(code, fragment, ...) G_STMT_START {                          \
    g_assert_cmpint (run_cli (f->conninfo, &out, &err, __VA_ARGS__, NULL), ==, code); \
    if (strstr (err, fragment) == NULL && strstr (out, fragment) == NULL)   \
      g_error ("expected “%s” in: %s%s", fragment, out, err);              \
    g_clear_pointer (&out, g_free);                                         \
    g_clear_pointer (&err, g_free);                                         \
  } G_STMT_END

  EXPECT (2, "which report?", "-o", f->path);
  EXPECT (2, "unknown report “payroll”", "payroll", "-o", f->path);
  EXPECT (2, "-o FILE.xlsx", "ledger");
  EXPECT (2, "YYYY-MM-DD", "ledger", "--from", "2025-13-01", "--to", "2025-12-31", "-o", f->path);
  EXPECT (2, "not both", "ledger", "--year", "2025", "--from", "2025-01-01", "--to", "2025-12-31", "-o", f->path);
  EXPECT (2, "go together", "ledger", "--from", "2025-01-01", "-o", f->path);
  EXPECT (2, "ends before it begins", "ledger", "--from", "2025-12-01", "--to", "2025-01-01", "-o", f->path);
  EXPECT (2, "needs --batch", "roster", "-o", f->path);
  EXPECT (2, "No academy has the code", "summary", "--academy", "NO-SUCH", "-o", f->path);
  EXPECT (2, "no payment batch number", "notice", "--batch", "987654", "-o", f->path);
  g_assert_cmpuint (count_files (f), ==, 0);

  g_assert_cmpint (run_cli ("host=/nonexistent dbname=x connect_timeout=2", &out, &err,
                            "ledger", "-o", f->path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Cannot connect to the database server"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  EXPECT (0, "Report written to", "roster", "--batch", batch, "-o", f->path);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
  /* Not a terminal: no progress on stdout. */
  EXPECT (0, "Report written to", "ledger", "--from", ALL_FROM, "--to", ALL_TO, "-o", f->path);
  {
    g_autoptr(Book) book = read_book (f->path);

    g_assert_cmpuint (book_rows (book, "Claims"), ==, query_int (f, "SELECT count(*) FROM subsidies", NULL) + 4);
  }
  g_assert_cmpuint (count_files (f), ==, 1);
#undef EXPECT
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reports/sheet-names/follow-excel-rules", test_sheet_names_follow_excel_rules);
  g_test_add ("/reports/language/a-zh_CN-workbook-is-chinese", Fixture, NULL,
              fixture_setup_demo, test_cli_writes_chinese, fixture_teardown);
  g_test_add ("/reports/language/the-one-asked-for", Fixture, NULL,
              fixture_setup_demo, test_cli_writes_the_language_asked, fixture_teardown);
  g_test_add ("/reports/ledger/every-claim-and-total-equal-sql", Fixture, NULL,
              fixture_setup_demo, test_ledger_equals_sql, fixture_teardown);
  g_test_add ("/reports/ledger/continues-on-a-next-sheet-past-the-row-limit", Fixture, NULL,
              fixture_setup_demo, test_ledger_continues_on_next_sheet, fixture_teardown);
  g_test_add ("/reports/text/formula-name-id-and-certificate-numbers-stay-text", Fixture, NULL,
              fixture_setup_empty, test_text_stays_text, fixture_teardown);
  g_test_add ("/reports/locale/decimal-comma-locale-writes-a-valid-workbook", Fixture, NULL,
              fixture_setup_empty, test_comma_locale, fixture_teardown);
  g_test_add ("/reports/cancel/leaves-no-file", Fixture, NULL,
              fixture_setup_demo, test_cancel_leaves_no_file, fixture_teardown);
  g_test_add ("/reports/failure/leaves-no-file", Fixture, NULL,
              fixture_setup_demo, test_failure_leaves_no_file, fixture_teardown);
  g_test_add ("/reports/roster/rows-total-and-print-setup-equal-sql", Fixture, NULL,
              fixture_setup_demo, test_roster_equals_sql, fixture_teardown);
  g_test_add ("/reports/roster/whole-id-numbers-when-asked", Fixture, NULL,
              fixture_setup_demo, test_roster_full_id_numbers, fixture_teardown);
  g_test_add ("/reports/notice/rows-and-total-equal-sql", Fixture, NULL,
              fixture_setup_demo, test_notice_equals_sql, fixture_teardown);
  g_test_add ("/reports/summary/academies-subtotals-and-courses-equal-sql", Fixture, NULL,
              fixture_setup_demo, test_summary_equals_sql, fixture_teardown);
  g_test_add ("/reports/summary/one-academy", Fixture, NULL,
              fixture_setup_demo, test_summary_one_academy, fixture_teardown);
  g_test_add ("/reports/progress/targets-and-achieved-equal-sql", Fixture, NULL,
              fixture_setup_demo, test_progress_equals_sql, fixture_teardown);
  g_test_add ("/reports/cli/exit-codes-and-messages", Fixture, NULL,
              fixture_setup_demo, test_cli_exit_codes, fixture_teardown);

  ret = g_test_run ();

  g_clear_pointer (&demo_conninfo, g_free);
  return ret;
}
