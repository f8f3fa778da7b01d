/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/wait.h>
#include <xlsxwriter.h>

#include "up-csv-reader.h"
#include "up-error.h"
#include "up-id-number.h"
#include "up-import-template.h"
#include "up-import.h"
#include "up-money.h"
#include "up-payment-batch.h"
#include "up-pg.h"
#include "up-subsidy.h"
#include "up-test-course-data.h"
#include "up-test-pg.h"
#include "up-xlsx-reader.h"

/* The import of trainee rosters: the readers on files as people make them,
 * and the import on a real database: what is written, what is rejected and
 * why, and that a failure writes nothing. */

typedef struct
{
  char   *conninfo;
  PGconn *conn;
  char   *dir;
  gint64  academy_id;
  gint64  major_id;
} Fixture;

/* Helpers ------------------------------------------------------------------ */

static char *
id_number (guint n)
{
  return test_id_number (n);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
write_gb18030 (Fixture    *f,
               const char *name,
               const char *utf8)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *converted = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &len, &error);

  g_assert_no_error (error);
  return write_file (f, name, converted, (gssize) len);
}

/* All rows of a CSV text, cells joined by | and rows by newlines, each row
 * prefixed with its number: "1:a|b\n3:c|d\n". */
static char *
read_all (UpRowSource  *source,
          GError      **error)
{
  GString *out = g_string_new (NULL);
  UpRow *row;

  while ((row = up_row_source_next_row (source, error)) != NULL)
    {
      g_string_append_printf (out, "%u:", row->number);
      for (guint i = 0; i < up_row_get_n_cells (row); i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", up_row_get_cell (row, i));
      g_string_append_c (out, '\n');
      up_row_free (row);
    }
  if (error != NULL && *error != NULL)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
read_csv_text (const char *text,
               gssize      len,
               GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);
  g_autoptr(UpCsvReader) reader = up_csv_reader_new_for_bytes (bytes, error);

  if (reader == NULL)
    return NULL;
  return read_all (UP_ROW_SOURCE (reader), error);
}

static UpImportSummary *
import_file (Fixture     *f,
             const char  *path,
             gboolean     update,
             gboolean     valid_only,
             gint64       course_id,
             GError     **error)
{
  g_autoptr(UpImport) import = up_import_new (UP_IMPORT_TRAINEES, path);

  up_import_set_academy_id (import, f->academy_id);
  up_import_set_update_existing (import, update);
  up_import_set_valid_only (import, valid_only);
  up_import_set_course_id (import, course_id);
  return up_import_run (import, f->conninfo, NULL, NULL, NULL, error);
}

static gint64
count_trainees (Fixture *f)
{
  return up_test_pg_query_int (f->conn, "SELECT count (*) FROM trainees", NULL);
}

static char *
trainee_text (Fixture    *f,
              const char *column,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s::text, '∅') FROM trainees WHERE id_number = $1", column);
  const char *params[] = { id };
  g_autoptr(PGresult) result = up_pg_exec (f->conn, sql, 1, params, &error);

  g_assert_no_error (error);
  if (PQntuples (result) != 1)
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}

static char *
read_rejects (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  /* UTF-8 with a byte order mark, for Excel. */
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbf"));
  return contents;
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
  f->dir = g_dir_make_tmp ("upskill-import-XXXXXX", &error);
  g_assert_no_error (error);

  f->academy_id = test_academy (f->conn, "CQ-IMP");
  f->major_id = test_major (f->conn, f->academy_id, "焊接");
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
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

/* CSV reader ----------------------------------------------------------------- */

static void
test_csv_encodings_and_delimiters (void)
{
  g_autoptr(GError) error = NULL;
  const char *utf8 = "姓名;身份证号\n张三;1\n";
  g_autofree char *gb = g_convert ("姓名\t身份证号\r\n李四\t2\r\n", -1, "GB18030", "UTF-8", NULL, NULL, NULL);
  g_autofree char *utf16 = NULL;
  gsize utf16_len = 0;
  g_autofree char *text = NULL;
  g_autofree char *with_bom = g_strconcat ("\xef\xbb\xbf", "姓名,身份证号\n王五,3\n", NULL);

  text = read_csv_text (utf8, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "1:姓名|身份证号\n2:张三|1\n");
  g_clear_pointer (&text, g_free);

  {
    g_autoptr(GBytes) bytes = g_bytes_new (gb, strlen (gb));
    g_autoptr(UpCsvReader) reader = up_csv_reader_new_for_bytes (bytes, &error);

    g_assert_no_error (error);
    g_assert_cmpint (up_csv_reader_get_encoding (reader), ==, UP_CSV_ENCODING_GB18030);
    g_assert_cmpint (up_csv_reader_get_delimiter (reader), ==, '\t');
    text = read_all (UP_ROW_SOURCE (reader), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, "1:姓名|身份证号\n2:李四|2\n");
    g_clear_pointer (&text, g_free);
  }

  {
    g_autoptr(GBytes) bytes = g_bytes_new (with_bom, strlen (with_bom));
    g_autoptr(UpCsvReader) reader = up_csv_reader_new_for_bytes (bytes, &error);

    g_assert_no_error (error);
    g_assert_cmpint (up_csv_reader_get_encoding (reader), ==, UP_CSV_ENCODING_UTF8_BOM);
    g_assert_cmpint (up_csv_reader_get_delimiter (reader), ==, ',');
    text = read_all (UP_ROW_SOURCE (reader), &error);
    g_assert_no_error (error);
    /* The byte order mark is no part of the first header. */
    g_assert_cmpstr (text, ==, "1:姓名|身份证号\n2:王五|3\n");
    g_clear_pointer (&text, g_free);
  }

  /* Excel's "Unicode text": UTF-16 with a byte order mark, tabs. */
  {
    g_autofree char *body = g_convert ("姓名\t身份证号\r\n赵六\t4\r\n", -1, "UTF-16LE", "UTF-8", NULL, &utf16_len, &error);
    g_autoptr(GByteArray) bytes = g_byte_array_new ();

    g_assert_no_error (error);
    g_byte_array_append (bytes, (const guint8 *) "\xff\xfe", 2);
    g_byte_array_append (bytes, (const guint8 *) body, (guint) utf16_len);
    text = read_csv_text ((const char *) bytes->data, bytes->len, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, "1:姓名|身份证号\n2:赵六|4\n");
  }
}

static void
test_csv_quotes_and_empty_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* A quoted cell with a delimiter, a doubled quote and a line break; the
   * next row is numbered as Excel shows it. Empty lines are skipped. */
  text = read_csv_text ("a,b\n\n\"x, \"\"y\"\"\nz\",2\r\n\r\nc,\"\"\nlast,row", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "1:a|b\n3:x, \"y\"\nz|2\n5:c|\n6:last|row\n");
  g_clear_pointer (&text, g_free);

  /* Windows line ends, one of them split by the reader's 64 KiB chunks
   * between its \r and \n: still one line end, not a blank line. */
  {
    g_autoptr(GString) crlf = g_string_new ("a,b\r\n");
    guint rows = 1;

    while (crlf->len < 65536 - 24)
      {
        g_string_append (crlf, "12345,6789\r\n");
        rows++;
      }
    g_string_append_printf (crlf, "%*s\r\n", (int) (65535 - crlf->len), "x");
    rows++;
    g_assert_cmpint (crlf->str[65535], ==, '\r');
    g_string_append (crlf, "last,1\r\n");
    rows++;
    text = read_csv_text (crlf->str, (gssize) crlf->len, &error);
    g_assert_no_error (error);
    {
      g_autofree char *expected = g_strdup_printf ("\n%u:last|1\n", rows);
      g_assert_true (g_str_has_suffix (text, expected));
    }
    g_clear_pointer (&text, g_free);
  }

  /* A stray quote inside an unquoted cell is kept as it is. */
  text = read_csv_text ("name,size\n5\" pipe,1\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "1:name|size\n2:5\" pipe|1\n");
  g_clear_pointer (&text, g_free);

  /* A quote opened and never closed: an error naming its line. */
  text = read_csv_text ("a,b\n1,2\n\"open,3\n4,5\n", -1, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "3"));
  g_assert_null (text);
}

static void
test_csv_cell_sizes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("a,b\n1,\"");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(UpCsvReader) reader = NULL;
  g_autoptr(UpRow) row = NULL;

  /* 100,000 characters, three bytes each, with a line break inside. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (csv, i == 50000 ? "\n" : "汉");
  g_string_append (csv, "\"\n2,3\n");
  bytes = g_bytes_new (csv->str, csv->len);
  reader = up_csv_reader_new_for_bytes (bytes, &error);
  g_assert_no_error (error);
  g_clear_pointer (&row, up_row_free);
  row = up_row_source_next_row (UP_ROW_SOURCE (reader), &error);
  g_clear_pointer (&row, up_row_free);
  row = up_row_source_next_row (UP_ROW_SOURCE (reader), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_utf8_strlen (up_row_get_cell (row, 1), -1), ==, 100000);
  g_clear_pointer (&row, up_row_free);
  row = up_row_source_next_row (UP_ROW_SOURCE (reader), &error);
  g_assert_no_error (error);
  /* One row in Excel, however many lines its cell holds. */
  g_assert_cmpuint (row->number, ==, 3);
  g_clear_object (&reader);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Beyond the limit: an error, not unbounded memory. */
  g_string_assign (csv, "a,b\n1,\"");
  while (csv->len <= UP_CSV_MAX_CELL_BYTES + 10)
    g_string_append (csv, "0123456789012345678901234567890123456789");
  g_string_append (csv, "\"\n");
  bytes = g_bytes_new (csv->str, csv->len);
  reader = up_csv_reader_new_for_bytes (bytes, &error);
  g_assert_no_error (error);
  g_clear_pointer (&row, up_row_free);
  row = up_row_source_next_row (UP_ROW_SOURCE (reader), &error);
  g_assert_no_error (error);
  g_clear_pointer (&row, up_row_free);
  row = up_row_source_next_row (UP_ROW_SOURCE (reader), &error);
  g_assert_null (row);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "2"));
}

/* Headers -------------------------------------------------------------------- */

static void
test_headers_recognised (void)
{
  const char *headers[] = { "序号", "姓名", "身份证号码（必填）", "手机号", "工作单位", "行业",
                            "是否工会会员", "文化程度", "职业技能等级", "备注" };
  const char *english[] = { "Name", " ID No. ", "Mobile", "Employer", "Union member", "Education", "Skill level" };
  g_autofree int *mapping = NULL;
  guint matched = 0;

  mapping = up_import_guess_mapping (UP_IMPORT_TRAINEES, headers, G_N_ELEMENTS (headers), &matched);
  g_assert_cmpuint (matched, ==, 8);
  g_assert_cmpint (mapping[0], ==, UP_IMPORT_COLUMN_IGNORED);
  g_assert_cmpint (mapping[1], ==, UP_TRAINEE_COLUMN_NAME);
  g_assert_cmpint (mapping[2], ==, UP_TRAINEE_COLUMN_ID_NUMBER);
  g_assert_cmpint (mapping[3], ==, UP_TRAINEE_COLUMN_PHONE);
  g_assert_cmpint (mapping[4], ==, UP_TRAINEE_COLUMN_EMPLOYER);
  g_assert_cmpint (mapping[5], ==, UP_TRAINEE_COLUMN_INDUSTRY);
  g_assert_cmpint (mapping[6], ==, UP_TRAINEE_COLUMN_UNION_MEMBER);
  g_assert_cmpint (mapping[7], ==, UP_TRAINEE_COLUMN_EDUCATION);
  g_assert_cmpint (mapping[8], ==, UP_TRAINEE_COLUMN_SKILL_LEVEL);
  g_assert_cmpint (mapping[9], ==, UP_IMPORT_COLUMN_IGNORED);
  g_clear_pointer (&mapping, g_free);

  mapping = up_import_guess_mapping (UP_IMPORT_TRAINEES, english, G_N_ELEMENTS (english), &matched);
  g_assert_cmpuint (matched, ==, 7);
  g_assert_cmpint (mapping[1], ==, UP_TRAINEE_COLUMN_ID_NUMBER);
  g_assert_cmpint (mapping[6], ==, UP_TRAINEE_COLUMN_SKILL_LEVEL);
}

static void
test_cell_words (void)
{
  gboolean member = FALSE;
  const char *education = NULL;
  int level = -1;

  g_assert_true (up_import_parse_union_member ("是", &member) && member);
  g_assert_true (up_import_parse_union_member ("否", &member) && !member);
  g_assert_true (up_import_parse_union_member (" Yes ", &member) && member);
  g_assert_false (up_import_parse_union_member ("maybe", &member));
  g_assert_true (up_import_parse_education ("中专/高中", &education));
  g_assert_cmpstr (education, ==, "secondary");
  g_assert_true (up_import_parse_education ("本科", &education));
  g_assert_cmpstr (education, ==, "bachelor");
  g_assert_false (up_import_parse_education ("幼儿园", &education));
  g_assert_true (up_import_parse_skill_level ("高级工（三级）", &level));
  g_assert_cmpint (level, ==, 3);
  g_assert_true (up_import_parse_skill_level ("高级技师", &level));
  g_assert_cmpint (level, ==, 1);
  g_assert_true (up_import_parse_skill_level ("5", &level));
  g_assert_cmpint (level, ==, 5);
  g_assert_false (up_import_parse_skill_level ("6", &level));
  g_assert_true (up_import_looks_scientific ("5.00103E+17"));
  g_assert_false (up_import_looks_scientific ("500103199001011234"));
}

/* Import --------------------------------------------------------------------- */

static void
test_import_csv_all_columns (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *a = id_number (1);
  g_autofree char *b = id_number (2);
  g_autofree char *csv = g_strdup_printf ("2025年第一期焊工培训班学员花名册,,,,,,,\n"
                                          "姓名,身份证号,手机号,工作单位,行业,工会会员,学历,技能等级\n"
                                          "张晓明,%s,13812345678,重庆长安汽车股份有限公司,汽车制造,是,大专,高级工\n"
                                          "\n"
                                          "李娜,%s,,\"重庆机电, 集团\",,否,,\n", a, b);
  g_autofree char *path = write_gb18030 (f, "roster.csv", csv);
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  summary = import_file (f, path, FALSE, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->read, ==, 2);
  g_assert_cmpuint (summary->imported, ==, 2);
  g_assert_cmpuint (summary->rejected, ==, 0);
  g_assert_null (summary->reject_path);
  g_assert_cmpint (count_trainees (f), ==, 2);

  value = trainee_text (f, "name || phone || employer || industry || union_member || education || skill_level", a);
  g_assert_cmpstr (value, ==, "张晓明13812345678重庆长安汽车股份有限公司汽车制造truejunior_college3");
  g_clear_pointer (&value, g_free);
  value = trainee_text (f, "employer", b);
  g_assert_cmpstr (value, ==, "重庆机电, 集团");
  g_clear_pointer (&value, g_free);
  value = trainee_text (f, "phone", b);
  g_assert_cmpstr (value, ==, "∅");
}

static void
test_import_rejects_bad_rows (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *good = id_number (10);
  g_autofree char *good2 = id_number (11);
  g_autofree char *bad_check = id_number (12);
  g_autofree char *formula_id = id_number (13);
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *rejects = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  bad_check[17] = bad_check[17] == '0' ? '1' : '0';
  csv = g_strdup_printf ("姓名,身份证号,手机号,备注\n"
                         "张一,%s,13812345678,extra,cells,beyond\n"   /* 2: good, extra cells ignored */
                         "张二,%s\n"                                  /* 3: bad check character */
                         "张三,%s,138\n"                               /* 4: bad phone */
                         "张四,%s,13912345678\n"                       /* 5: duplicate of row 2 */
                         "张五\n"                                      /* 6: missing ID */
                         "张六,5.00103E+17\n"                          /* 7: scientific */
                         ",%s\n"                                       /* 8: no name */
                         "=1+1,%s\n",                                  /* 9: a formula, kept as text */
                         good, bad_check, good2, good, good2, formula_id);
  path = write_file (f, "roster.csv", csv, -1);

  /* Without "valid rows only": nothing is written. */
  summary = import_file (f, path, FALSE, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_false (summary->committed);
  g_assert_cmpuint (summary->read, ==, 8);
  g_assert_cmpuint (summary->rejected, ==, 6);
  g_assert_cmpint (count_trainees (f), ==, 0);

  g_assert_nonnull (summary->reject_path);
  g_assert_true (g_str_has_suffix (summary->reject_path, "roster.rejected.csv"));
  rejects = read_rejects (summary->reject_path);
  g_assert_nonnull (strstr (rejects, "Row,Reason,姓名,身份证号,手机号,备注\r\n"));
  g_assert_nonnull (strstr (rejects, "\r\n3,ID number: The last character does not match"));
  g_assert_nonnull (strstr (rejects, "\r\n4,\"Mobile phone: 11 digits"));
  g_assert_nonnull (strstr (rejects, "\r\n5,ID number: the same as in row 2;"));
  g_assert_nonnull (strstr (rejects, "\r\n6,ID number: Enter the 18-character"));
  g_assert_nonnull (strstr (rejects, "\r\n7,\"ID number: Excel stored it as a number"));
  g_assert_nonnull (strstr (rejects, "\r\n8,Name: enter"));
  /* Row 2, 9 were good: not in the file. */
  g_assert_null (strstr (rejects, "\r\n2,"));
  g_assert_null (strstr (rejects, "\r\n9,"));
  g_clear_pointer (&summary, up_import_summary_free);
  g_clear_pointer (&rejects, g_free);

  /* With it: the good rows go in, the file lists the others again. */
  summary = import_file (f, path, FALSE, TRUE, 0, &error);
  g_assert_no_error (error);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->imported, ==, 2);
  g_assert_cmpuint (summary->rejected, ==, 6);
  g_assert_cmpint (count_trainees (f), ==, 2);

  /* A cell that looks like a formula is text: stored as it was, never
   * evaluated. */
  {
    g_autofree char *id = id_number (13);
    g_autofree char *name = trainee_text (f, "name", id);

    g_assert_cmpstr (name, ==, "=1+1");
  }
}

static void
test_import_reject_file_defuses_formulas (Fixture       *f,
                                          gconstpointer  data)
{
  g_autofree char *path = write_file (f, "roster.csv", "姓名,身份证号,工作单位\n"
                                                       "=HYPERLINK(\"x\"),1,@SUM(A1)\n", -1);
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rejects = NULL;

  summary = import_file (f, path, FALSE, FALSE, 0, &error);
  g_assert_no_error (error);
  rejects = read_rejects (summary->reject_path);
  /* Quoted, with an apostrophe Excel shows as text. */
  g_assert_nonnull (strstr (rejects, ",\"'=HYPERLINK(\"\"x\"\")\",1,\"'@SUM(A1)\"\r\n"));
}

static void
test_import_long_cells (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *a = id_number (20);
  g_autofree char *b = id_number (21);
  g_autofree char *c = id_number (22);
  g_autoptr(GString) csv = g_string_new ("姓名,身份证号,工作单位\n");
  g_autoptr(GString) long_cell = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rejects = NULL;
  g_autofree char *expected = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (long_cell, i % 1000 == 999 ? "\n" : "企");

  /* 100,000 characters in a quoted cell with line breaks: read whole, and
   * refused with a reason (the database cannot index such an employer). */
  g_string_append_printf (csv, "王一,%s,\"%s\"\n", a, long_cell->str);
  /* A name of 100,000 characters breaks the form's rule. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (csv, "名");
  g_string_append_printf (csv, ",%s,单位\n", b);
  g_string_append_printf (csv, "王三,%s,单位\n", c);
  path = write_file (f, "long.csv", csv->str, (gssize) csv->len);

  summary = import_file (f, path, FALSE, TRUE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 1);
  g_assert_cmpuint (summary->rejected, ==, 2);

  rejects = read_rejects (summary->reject_path);
  expected = g_strdup_printf ("\r\n2,Employer and industry: at most 200 characters each.,王一,%s,\"%s\"\r\n", a, long_cell->str);
  g_assert_nonnull (strstr (rejects, expected));
  g_assert_nonnull (strstr (rejects, "\r\n3,Name: at most 100 characters.,"));
}

static void
test_import_update_or_skip (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *a = id_number (30);
  g_autofree char *b = id_number (31);
  g_autofree char *first = g_strdup_printf ("姓名,身份证号,手机号,工作单位,技能等级\n"
                                            "陈一,%s,13812345678,旧单位,初级工\n", a);
  g_autofree char *second = g_strdup_printf ("身份证号,姓名,工作单位\n"
                                             "%s,陈一一,新单位\n"
                                             "%s,陈二,新单位\n", a, b);
  g_autofree char *path1 = write_file (f, "first.csv", first, -1);
  g_autofree char *path2 = write_file (f, "second.csv", second, -1);
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  summary = import_file (f, path1, FALSE, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 1);
  g_clear_pointer (&summary, up_import_summary_free);

  /* Skip: the registered trainee stays as it is. */
  summary = import_file (f, path2, FALSE, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 1);
  g_assert_cmpuint (summary->skipped, ==, 1);
  g_assert_cmpuint (summary->updated, ==, 0);
  value = trainee_text (f, "name || employer || version", a);
  g_assert_cmpstr (value, ==, "陈一旧单位1");
  g_clear_pointer (&value, g_free);
  g_clear_pointer (&summary, up_import_summary_free);

  /* Update: only the columns the file has; the phone and level stay. */
  summary = import_file (f, path2, TRUE, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 0);
  g_assert_cmpuint (summary->updated, ==, 1);   /* b is unchanged */
  g_assert_cmpuint (summary->skipped, ==, 1);
  value = trainee_text (f, "name || employer || phone || skill_level || version", a);
  g_assert_cmpstr (value, ==, "陈一一新单位1381234567852");
}

static void
test_import_enrolls_into_course (Fixture       *f,
                                 gconstpointer  data)
{
  gint64 course = test_course (f->conn, f->academy_id, f->major_id, 2, UP_COURSE_STATUS_OPEN);
  g_autoptr(GString) csv = g_string_new ("姓名,身份证号\n");
  g_autofree char *path = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *course_text = g_strdup_printf ("%" G_GINT64_FORMAT, course);

  for (guint i = 40; i < 43; i++)
    {
      g_autofree char *id = id_number (i);
      g_string_append_printf (csv, "学员%u,%s\n", i, id);
    }
  path = write_file (f, "course.csv", csv->str, -1);

  summary = import_file (f, path, FALSE, FALSE, course, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 3);
  g_assert_cmpuint (summary->enrolled, ==, 2);
  g_assert_cmpuint (summary->waitlisted, ==, 1);
  /* The file's order: the third is the one waiting. */
  {
    g_autofree char *third = id_number (42);
    g_autofree char *status = NULL;
    const char *params[] = { third, course_text };
    g_autoptr(PGresult) result = up_pg_exec (f->conn,
                                             "SELECT e.status::text FROM enrollments e JOIN trainees t ON t.id = e.trainee_id"
                                             " WHERE t.id_number = $1 AND e.course_id = $2", 2, params, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "waitlisted");
  }
  g_clear_pointer (&summary, up_import_summary_free);

  /* Again: all three are in the course already. */
  summary = import_file (f, path, FALSE, FALSE, course, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->skipped, ==, 3);
  g_assert_cmpuint (summary->already_enrolled, ==, 3);
  g_assert_cmpuint (summary->enrolled + summary->waitlisted, ==, 0);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM enrollments", NULL), ==, 3);
}

static void
test_import_failure_leaves_database (Fixture       *f,
                                     gconstpointer  data)
{
  gint64 course = test_course (f->conn, f->academy_id, f->major_id, 5, UP_COURSE_STATUS_OPEN);
  g_autoptr(GString) csv = g_string_new ("姓名,身份证号\n");
  g_autofree char *path = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 50; i < 60; i++)
    {
      g_autofree char *id = id_number (i);
      g_string_append_printf (csv, "%s,%s\n", i == 57 ? "拒绝" : "学员", id);
    }
  path = write_file (f, "fail.csv", csv->str, -1);
  test_trainee (f->conn, f->academy_id, 52);

  /* The database refuses one row at the merge (a rule C does not know). */
  up_pg_command (f->conn,
                 "CREATE FUNCTION test_refuse () RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                 "IF NEW.name = '拒绝' THEN RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation'; END IF; "
                 "RETURN NEW; END $$", 0, NULL, &error);
  g_assert_no_error (error);
  up_pg_command (f->conn, "CREATE TRIGGER test_refuse BEFORE INSERT ON trainees FOR EACH ROW EXECUTE FUNCTION test_refuse ()",
                 0, NULL, &error);
  g_assert_no_error (error);

  summary = import_file (f, path, TRUE, TRUE, course, &error);
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_null (summary);
  g_clear_error (&error);
  g_assert_cmpint (count_trainees (f), ==, 1);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM enrollments", NULL), ==, 0);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT version FROM trainees", NULL), ==, 1);
  /* Nine new against one: the search indexes were set aside, and are back. */
  g_assert_cmpint (up_test_pg_query_int (f->conn,
                                         "SELECT count (*) FROM pg_index WHERE indrelid = 'trainees'::regclass",
                                         NULL), >, 10);
}

/* The trainees' indexes and constraints, one per line in name order:
 * "name definition", or "name oid" (with_oid); keys_only: the indexes of
 * the keys only. */
static char *
trainee_indexes (Fixture  *f,
                 gboolean  with_oid,
                 gboolean  keys_only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { with_oid ? "t" : "f", keys_only ? "t" : "f" };

  result = up_pg_exec (f->conn,
                       "SELECT string_agg (line, E'\\n' ORDER BY line) FROM ("
                       "  SELECT c.relname || ' ' || CASE WHEN $1 THEN i.indexrelid::text"
                       "                                   ELSE pg_get_indexdef (i.indexrelid) END AS line"
                       "    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                       "   WHERE i.indrelid = 'trainees'::regclass"
                       "     AND (NOT $2 OR i.indisprimary OR i.indisunique)"
                       "  UNION ALL"
                       "  SELECT k.conname || ' ' || CASE WHEN $1 THEN k.oid::text ELSE pg_get_constraintdef (k.oid) END"
                       "    FROM pg_constraint k"
                       "   WHERE k.conrelid = 'trainees'::regclass AND NOT $2) lines", 2, params, &error);
  g_assert_no_error (error);
  return g_strdup (PQgetvalue (result, 0, 0));
}

static char *
roster_of (guint from,
           guint to)
{
  GString *csv = g_string_new ("姓名,身份证号,手机号,工作单位\n");

  for (guint i = from; i < to; i++)
    {
      g_autofree char *id = id_number (i);
      g_string_append_printf (csv, "学员%u,%s,138%08u,单位%u\n", i, id, i, i % 3);
    }
  return g_string_free (csv, FALSE);
}

static void
test_import_builds_indexes_once (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *definitions = trainee_indexes (f, FALSE, FALSE);
  g_autofree char *oids = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *after = NULL;
  g_autofree char *large = roster_of (100, 110);
  g_autofree char *small = roster_of (200, 205);
  g_autofree char *path = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    test_trainee (f->conn, f->academy_id, 60 + i);
  oids = trainee_indexes (f, TRUE, FALSE);
  keys = trainee_indexes (f, TRUE, TRUE);

  /* Ten new trainees, three there: the search indexes and the academy's
   * foreign key are set aside and made again (new ones), the same as
   * before; the keys stay. */
  path = write_file (f, "large.csv", large, -1);
  summary = import_file (f, path, FALSE, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 10);
  g_assert_true (summary->committed);
  after = trainee_indexes (f, FALSE, FALSE);
  g_assert_cmpstr (after, ==, definitions);
  g_clear_pointer (&after, g_free);
  after = trainee_indexes (f, TRUE, FALSE);
  g_assert_cmpstr (after, !=, oids);
  g_clear_pointer (&after, g_free);
  after = trainee_indexes (f, TRUE, TRUE);
  g_assert_cmpstr (after, ==, keys);
  /* The rows are found through the new indexes. */
  up_pg_command (f->conn, "SET enable_seqscan = off", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM trainees WHERE name LIKE '%员10%'", NULL),
                   ==, 10);
  up_pg_command (f->conn, "RESET enable_seqscan", 0, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&oids, g_free);
  g_clear_pointer (&summary, up_import_summary_free);
  g_clear_pointer (&path, g_free);

  /* Five new against thirteen: row by row, the indexes and keys as they
   * were. */
  oids = trainee_indexes (f, TRUE, FALSE);
  path = write_file (f, "small.csv", small, -1);
  summary = import_file (f, path, FALSE, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 5);
  g_clear_pointer (&after, g_free);
  after = trainee_indexes (f, TRUE, FALSE);
  g_assert_cmpstr (after, ==, oids);
  g_assert_cmpint (count_trainees (f), ==, 18);
}

/* A client that sets the indexes aside and does not make them again (psql,
 * or a program that stops halfway) cannot commit. */
static void
test_import_indexes_cannot_stay_aside (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *definitions = trainee_indexes (f, FALSE, FALSE);
  g_autoptr(GError) error = NULL;
  gint64 set_aside = 0;

  g_assert_true (up_pg_begin (f->conn, &error));
  g_assert_true (up_pg_query_int64 (f->conn, "SELECT up_trainees_begin_bulk_insert (10)::int", 0, NULL,
                                    &set_aside, &error));
  g_assert_no_error (error);
  g_assert_cmpint (set_aside, ==, 1);
  g_assert_cmpint (up_test_pg_query_int (f->conn,
                                         "SELECT count (*) FROM pg_index WHERE indrelid = 'trainees'::regclass",
                                         NULL), ==, 2);
  g_assert_false (up_pg_commit (f->conn, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_FAILED);
  g_clear_error (&error);
  up_pg_rollback (f->conn);
  {
    g_autofree char *after = trainee_indexes (f, FALSE, FALSE);

    g_assert_cmpstr (after, ==, definitions);
  }

  /* Not for more rows than the import brings. */
  test_trainee (f->conn, f->academy_id, 70);
  test_trainee (f->conn, f->academy_id, 71);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT up_trainees_begin_bulk_insert (1)::int", NULL), ==, 0);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT up_trainees_begin_bulk_insert (2)::int", NULL), ==, 0);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT up_trainees_end_bulk_insert ()", NULL), ==, 0);
}

static void
cancel_cb (double   fraction,
           gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_import_cancel_rolls_back (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("姓名,身份证号\n");
  g_autofree char *path = NULL;
  g_autoptr(UpImport) import = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *id = id_number (1000 + i);
      g_string_append_printf (csv, "学员,%s\n", id);
    }
  path = write_file (f, "cancel.csv", csv->str, -1);

  import = up_import_new (UP_IMPORT_TRAINEES, path);
  summary = up_import_run (import, f->conninfo, cancel_cb, cancellable, cancellable, &error);
  g_assert_error (error, UP_ERROR, UP_ERROR_CANCELLED);
  g_assert_null (summary);
  g_assert_cmpint (count_trainees (f), ==, 0);
}

/* .xlsx ---------------------------------------------------------------------- */

static char *
write_workbook (Fixture *f,
                guint    n_good)
{
  char *path = g_build_filename (f->dir, "roster.xlsx", NULL);
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *notes = workbook_add_worksheet (workbook, "说明");
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "学员");
  lxw_format *date = workbook_add_format (workbook);
  lxw_datetime when = { 2024, 5, 1, 0, 0, 0 };
  const char *headers[] = { "姓名", "身份证号", "手机号", "工作单位", "入职日期", "工会会员" };

  format_set_num_format (date, "yyyy-mm-dd");
  worksheet_write_string (notes, 0, 0, "填写说明", NULL);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    worksheet_write_string (sheet, 1, (lxw_col_t) c, headers[c], NULL);
  worksheet_write_string (sheet, 0, 0, "花名册", NULL);
  for (guint r = 0; r < n_good; r++)
    {
      g_autofree char *id = id_number (100 + r);
      g_autofree char *name = g_strdup_printf ("学员%u", r);

      worksheet_write_string (sheet, (lxw_row_t) (2 + r), 0, name, NULL);
      worksheet_write_string (sheet, (lxw_row_t) (2 + r), 1, id, NULL);
      /* A phone stored as a number reads back whole. */
      worksheet_write_number (sheet, (lxw_row_t) (2 + r), 2, 13812345678.0, NULL);
      worksheet_write_string (sheet, (lxw_row_t) (2 + r), 3, "重庆长安", NULL);
      worksheet_write_datetime (sheet, (lxw_row_t) (2 + r), 4, &when, date);
      worksheet_write_boolean (sheet, (lxw_row_t) (2 + r), 5, 1, NULL);
    }
  /* An ID number Excel turned into a number. */
  worksheet_write_string (sheet, (lxw_row_t) (2 + n_good), 0, "数字", NULL);
  worksheet_write_number (sheet, (lxw_row_t) (2 + n_good), 1, 500103199005031234.0, NULL);
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);
  return path;
}

static void
test_xlsx_reader (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = write_workbook (f, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(UpXlsxReader) reader = NULL;
  g_autofree char *text = NULL;
  g_autofree char *a = id_number (100);
  g_autofree char *b = id_number (101);
  g_autofree char *expected = NULL;
  g_auto(GStrv) sheets = up_xlsx_reader_list_sheets (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (sheets), ==, 2);
  g_assert_cmpstr (sheets[1], ==, "学员");

  reader = up_xlsx_reader_new (path, "学员", &error);
  g_assert_no_error (error);
  text = read_all (UP_ROW_SOURCE (reader), &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("1:花名册\n"
                              "2:姓名|身份证号|手机号|工作单位|入职日期|工会会员\n"
                              "3:学员0|%s|13812345678|重庆长安|2024-05-01|1\n"
                              "4:学员1|%s|13812345678|重庆长安|2024-05-01|1\n"
                              "5:数字|5.00103199005031e+17\n", a, b);
  g_assert_cmpstr (text, ==, expected);
  g_clear_object (&reader);

  /* The first sheet by default; a name that is not there is an error. */
  reader = up_xlsx_reader_new (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (up_xlsx_reader_get_sheet (reader), ==, "说明");
  g_clear_object (&reader);
  reader = up_xlsx_reader_new (path, "Sheet9", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (reader);
}

static void
test_import_xlsx (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = write_workbook (f, 3);
  g_autoptr(UpImport) import = up_import_new (UP_IMPORT_TRAINEES, path);
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rejects = NULL;
  g_autofree char *a = id_number (100);
  g_autofree char *value = NULL;

  up_import_set_sheet (import, "学员");
  up_import_set_valid_only (import, TRUE);
  summary = up_import_run (import, f->conninfo, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->read, ==, 4);
  g_assert_cmpuint (summary->imported, ==, 3);
  g_assert_cmpuint (summary->rejected, ==, 1);
  g_assert_true (g_str_has_suffix (summary->reject_path, "roster.rejected.csv"));
  rejects = read_rejects (summary->reject_path);
  g_assert_nonnull (strstr (rejects, "\r\n6,\"ID number: Excel stored it as a number"));

  value = trainee_text (f, "phone || union_member", a);
  g_assert_cmpstr (value, ==, "13812345678true");
}

/* Templates ------------------------------------------------------------------ */

static void
test_templates_import_back (Fixture       *f,
                            gconstpointer  data)
{
  const char *names[] = { "template.csv", "template.xlsx" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      g_autoptr(UpImportSummary) summary = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) example = up_import_template_example (UP_IMPORT_TRAINEES);
      g_autofree char *value = NULL;

      up_import_write_template (UP_IMPORT_TRAINEES, path, &error);
      g_assert_no_error (error);

      /* Its example row is a valid trainee, read back in every column. */
      summary = import_file (f, path, TRUE, FALSE, 0, &error);
      g_assert_no_error (error);
      g_assert_true (summary->committed);
      g_assert_cmpuint (summary->imported + summary->skipped, ==, 1);
      value = trainee_text (f, "name || phone || union_member || education || skill_level",
                            example[UP_TRAINEE_COLUMN_ID_NUMBER]);
      g_assert_cmpstr (value, ==, "张晓明13812345678truejunior_college3");
    }
}

/* Preview and mapping -------------------------------------------------------- */

static void
test_preview_and_mapping (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *a = id_number (200);
  g_autofree char *csv = g_strdup_printf ("姓名,证件,单位名称\n李雷,%s,某厂\n", a);
  g_autofree char *path = write_file (f, "preview.csv", csv, -1);
  g_autoptr(UpImport) import = up_import_new (UP_IMPORT_TRAINEES, path);
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  const int *mapping;
  guint n = 0;
  int corrected[3];

  up_import_load_preview (import, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (up_import_get_preview_rows (import)->len, ==, 1);
  mapping = up_import_get_mapping (import, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (mapping[0], ==, UP_TRAINEE_COLUMN_NAME);
  g_assert_cmpint (mapping[1], ==, UP_IMPORT_COLUMN_IGNORED);   /* "证件" is not known */
  g_assert_cmpint (mapping[2], ==, UP_TRAINEE_COLUMN_EMPLOYER);

  /* Without an ID number column the import says so. */
  summary = up_import_run (import, f->conninfo, NULL, NULL, NULL, &error);
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* The user's correction. */
  memcpy (corrected, mapping, sizeof corrected);
  corrected[1] = UP_TRAINEE_COLUMN_ID_NUMBER;
  up_import_set_mapping (import, corrected, 3);
  summary = up_import_run (import, f->conninfo, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 1);
}

/* Command line --------------------------------------------------------------- */

static int
run_cli (Fixture     *f,
         char       **out,
         ...)
{
  g_autofree char *upskill = g_build_filename (g_getenv ("UPSKILL_BUILD_ROOT"), "app", "upskill", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *err = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, upskill);
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, f->conninfo);
  g_ptr_array_add (argv, (char *) "import");
  va_start (args, out);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "LANGUAGE", "en", TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (out != NULL)
    {
      char *both = g_strconcat (*out, err, NULL);
      g_free (*out);
      *out = both;
    }
  return WEXITSTATUS (status);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *template = g_build_filename (f->dir, "t.xlsx", NULL);
  g_autofree char *a = id_number (300);
  g_autofree char *good = g_strdup_printf ("姓名,身份证号\n韩梅梅,%s\n", a);
  g_autofree char *good_path = write_file (f, "good.csv", good, -1);
  g_autofree char *bad_path = write_file (f, "bad.csv", "姓名,身份证号\n坏,123\n", -1);
  g_autofree char *course = NULL;
  char *out = NULL;

  g_assert_cmpint (run_cli (f, &out, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f, &out, "trainees", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f, &out, "trainees", good_path, "--bogus", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f, &out, "template", template, NULL), ==, 0);
  g_assert_true (g_file_test (template, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f, &out, "trainees", bad_path, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "1 rejected"));
  g_assert_nonnull (strstr (out, "Nothing was imported"));
  g_clear_pointer (&out, g_free);

  course = g_strdup_printf ("%" G_GINT64_FORMAT,
                            test_course (f->conn, f->academy_id, f->major_id, 10, UP_COURSE_STATUS_OPEN));
  g_assert_cmpint (run_cli (f, &out, "trainees", good_path, "--course", course, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Read 1 rows: 1 imported, 0 updated, 0 skipped (already registered), 0 rejected."));
  g_assert_nonnull (strstr (out, "Course: 1 enrolled"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (count_trainees (f), ==, 1);

  g_assert_cmpint (run_cli (f, &out, "trainees", "/nonexistent/roster.csv", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
}

/* Certificates ------------------------------------------------------------------ */

static const gint64 rate_fen[6] = { 0, 300000, 200000, 150000, 100050, 70001 };

/* Rates for every skill level, so that each certificate gets a claim. */
static void
add_policies (Fixture *f)
{
  for (int level = 1; level <= 5; level++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *l = g_strdup_printf ("%d", level);
      g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, rate_fen[level]);
      const char *params[] = { l, amount };

      up_pg_command (f->conn,
                     "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from) "
                     "VALUES ('技能等级 ' || $1, 'skill_level', $1::smallint, $2::bigint, '2020-01-01')",
                     2, params, &error);
      g_assert_no_error (error);
    }
}

/* Today less @days, in @format (strftime's, as GDateTime knows it). */
static char *
days_ago (int         days,
          const char *format)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);

  return g_date_time_format (then, format);
}

static char *
query_text (Fixture    *f,
            const char *sql,
            const char *param)
{
  g_autoptr(GError) error = NULL;
  const char *params[] = { param };
  g_autoptr(PGresult) result = up_pg_exec (f->conn, sql, param != NULL ? 1 : 0, params, &error);

  g_assert_no_error (error);
  if (PQntuples (result) == 0)
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}

static UpImportSummary *
import_certificates (Fixture     *f,
                     const char  *path,
                     gint64       academy_id,
                     const char  *issuer,
                     gboolean     valid_only,
                     GError     **error)
{
  g_autoptr(UpImport) import = up_import_new (UP_IMPORT_CERTIFICATES, path);

  up_import_set_academy_id (import, academy_id);
  up_import_set_issuer (import, issuer);
  up_import_set_valid_only (import, valid_only);
  return up_import_run (import, f->conninfo, NULL, NULL, NULL, error);
}

static void
test_certificates_good_file (Fixture       *f,
                             gconstpointer  data)
{
  gint64 academy2 = test_academy (f->conn, "CQ-IMP2");
  g_autofree char *a = id_number (1);
  g_autofree char *b = id_number (2);
  g_autofree char *c = id_number (3);
  g_autofree char *recent = days_ago (10, "%Y/%m/%d");
  g_autofree char *recent_cn = days_ago (20, "%Y年%-m月%-d日");
  g_autofree char *old = days_ago (3 * 366, "%Y-%m-%d");
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *value = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  add_policies (f);
  test_trainee (f->conn, f->academy_id, 1);
  test_trainee (f->conn, f->academy_id, 2);
  test_trainee (f->conn, academy2, 3);

  csv = g_strdup_printf ("2025年职业技能等级认定合格人员名单,,,,,,\n"
                         "身份证号码,姓名,职业（工种）,等级,证书编号,发证机构,发证日期\n"
                         "%s,学员1,焊工,高级工,S2025001,重庆市职业技能鉴定中心,%s\n"
                         "%s,,电工,4,S2025002,重庆市职业技能鉴定中心,%s\n"
                         "%s,学员3,钳工,中级工（四级）,S2025003,重庆市职业技能鉴定中心,%s\n"
                         "%s,学员1,焊工,高级工,S2025001,重庆市职业技能鉴定中心,%s\n",
                         a, recent, b, recent_cn, c, old, a, recent);
  path = write_gb18030 (f, "certificates.csv", csv);

  summary = import_certificates (f, path, 0, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->read, ==, 4);
  g_assert_cmpuint (summary->imported, ==, 3);
  g_assert_cmpuint (summary->skipped, ==, 1);  /* the same certificate twice */
  g_assert_cmpuint (summary->rejected, ==, 0);
  g_assert_null (summary->reject_path);
  /* The database computed each claim: two pending, one past the claim window. */
  g_assert_cmpuint (summary->claims_pending, ==, 2);
  g_assert_cmpuint (summary->claims_refused, ==, 1);

  value = query_text (f, "SELECT c.kind::text || c.skill_level || c.occupation || c.issuing_body || x.state || x.amount_fen"
                         "  FROM certifications c JOIN trainees t ON t.id = c.trainee_id"
                         "  JOIN subsidies x ON x.certification_id = c.id WHERE t.id_number = $1", a);
  {
    g_autofree char *expected = g_strdup_printf ("skill_level3焊工重庆市职业技能鉴定中心pending%" G_GINT64_FORMAT,
                                                 rate_fen[3]);
    g_assert_cmpstr (value, ==, expected);
  }
  g_clear_pointer (&value, g_free);
  value = query_text (f, "SELECT c.issued_on::text FROM certifications c WHERE c.certificate_no = 'S2025002'", NULL);
  {
    g_autofree char *expected = days_ago (20, "%Y-%m-%d");
    g_assert_cmpstr (value, ==, expected);
  }
  g_clear_pointer (&value, g_free);
  value = query_text (f, "SELECT x.state::text || x.amount_fen || coalesce (x.refused_by, '') FROM subsidies x"
                         "  JOIN certifications c ON c.id = x.certification_id WHERE c.certificate_no = 'S2025003'",
                      NULL);
  g_assert_true (g_str_has_prefix (value, "rejected0"));
  g_clear_pointer (&value, g_free);

  /* Each certificate goes to the academy that registered its trainee. */
  {
    g_autofree char *academy_text = g_strdup_printf ("%" G_GINT64_FORMAT, academy2);

    value = query_text (f, "SELECT academy_id::text FROM certifications WHERE certificate_no = 'S2025003'", NULL);
    g_assert_cmpstr (value, ==, academy_text);
    g_clear_pointer (&value, g_free);
  }

  /* The same file again: everything is already recorded, nothing changes. */
  g_clear_pointer (&summary, up_import_summary_free);
  summary = import_certificates (f, path, 0, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->imported, ==, 0);
  g_assert_cmpuint (summary->skipped, ==, 4);
  g_assert_cmpuint (summary->rejected, ==, 0);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM certifications", NULL), ==, 3);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM subsidies", NULL), ==, 3);
}

static void
test_certificates_issuer_and_academy_options (Fixture       *f,
                                              gconstpointer  data)
{
  gint64 academy2 = test_academy (f->conn, "CQ-IMP2");
  g_autofree char *a = id_number (11);
  g_autofree char *recent = days_ago (5, "%Y%m%d");
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *value = NULL;
  g_autofree char *academy_text = g_strdup_printf ("%" G_GINT64_FORMAT, academy2);
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  add_policies (f);
  test_trainee (f->conn, f->academy_id, 11);
  csv = g_strdup_printf ("ID number,Occupation,Level,Certificate No.,Issue date,Kind\n"
                         "%s,CNC machining,Technician,T-0001,%s,skill level\n"
                         "%s,Welding,,T-0002,%s,专项职业能力证书\n", a, recent, a, recent);
  path = write_file (f, "issuer.csv", csv, -1);

  /* No issuing body in the file, and none chosen. */
  g_assert_null (import_certificates (f, path, 0, NULL, FALSE, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  summary = import_certificates (f, path, academy2, "Chongqing Skills Centre", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->imported, ==, 2);
  value = query_text (f, "SELECT string_agg (kind::text || coalesce (skill_level::text, '-') || issuing_body || academy_id,"
                         " ',' ORDER BY certificate_no) FROM certifications", NULL);
  {
    g_autofree char *expected = g_strdup_printf ("skill_level2Chongqing Skills Centre%s,"
                                                 "special_ability-Chongqing Skills Centre%s",
                                                 academy_text, academy_text);
    g_assert_cmpstr (value, ==, expected);
  }

  /* An academy that does not exist. */
  g_clear_pointer (&summary, up_import_summary_free);
  g_assert_null (import_certificates (f, path, 999999, "X", FALSE, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
}

static void
test_certificates_rejects (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *a = id_number (21);
  g_autofree char *b = id_number (22);
  g_autofree char *unknown = id_number (29);
  g_autofree char *recent = days_ago (10, "%Y-%m-%d");
  g_autofree char *future = days_ago (-10, "%Y-%m-%d");
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *rejects = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  add_policies (f);
  test_trainee (f->conn, f->academy_id, 21);
  test_trainee (f->conn, f->academy_id, 22);
  {
    /* A certificate already recorded: number D-OLD of the centre. */
    const char *params[] = { b, recent };

    up_pg_command (f->conn,
                   "INSERT INTO certifications (academy_id, trainee_id, kind, occupation, skill_level,"
                   "                            certificate_no, issuing_body, issued_on)"
                   "SELECT academy_id, id, 'skill_level', '电工', 5, 'D-OLD', '鉴定中心', $2::date"
                   "  FROM trainees WHERE id_number = $1", 2, params, &error);
    g_assert_no_error (error);
  }

  csv = g_strdup_printf ("身份证号,姓名,工种,等级,证书编号,发证机构,发证日期\n"
                         "%s,学员21,焊工,高级工,D-1,鉴定中心,%s\n"          /* 2: good */
                         "%s,,焊工,高级工,D-2,鉴定中心,%s\n"                /* 3: nobody registered */
                         "%s,王五,焊工,高级工,D-3,鉴定中心,%s\n"            /* 4: another name */
                         "%s,,钳工,高级工,D-1,鉴定中心,%s\n"                /* 5: D-1 again, other certificate */
                         "%s,,焊工,高级工,D-OLD,鉴定中心,%s\n"              /* 6: D-OLD is someone else's */
                         "%s,,焊工,九级,D-6,鉴定中心,%s\n"                  /* 7: bad level */
                         "%s,,焊工,高级工,D-7,鉴定中心,2025-13-01\n"       /* 8: bad date */
                         "%s,,焊工,高级工,D-8,鉴定中心,%s\n"                /* 9: in the future */
                         "123,,焊工,高级工,D-9,鉴定中心,%s\n",             /* 10: bad ID number */
                         a, recent, unknown, recent, a, recent, a, recent, a, recent, a, recent, a, a, future,
                         recent);
  path = write_file (f, "bad-certificates.csv", csv, -1);

  summary = import_certificates (f, path, 0, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (summary->committed);
  g_assert_cmpuint (summary->read, ==, 9);
  g_assert_cmpuint (summary->rejected, ==, 8);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM certifications", NULL), ==, 1);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM subsidies", NULL), ==, 1);

  rejects = read_rejects (summary->reject_path);
  g_assert_nonnull (strstr (rejects, "\r\n3,\"ID number: no trainee is registered with this number."));
  g_assert_nonnull (strstr (rejects, "\r\n4,Name: the trainee registered with this ID number has another name."));
  g_assert_nonnull (strstr (rejects, "\r\n5,\"Certificate number: the same as in row 2, from the same issuing body"));
  g_assert_nonnull (strstr (rejects, "\r\n6,Certificate number: This issuing body already issued a certificate"));
  g_assert_nonnull (strstr (rejects, "\r\n7,\"Level: write one of"));
  g_assert_nonnull (strstr (rejects, "\r\n8,\"Issue date: write it as"));
  g_assert_nonnull (strstr (rejects, "\r\n9,Issue date: it is in the future."));
  g_assert_nonnull (strstr (rejects, "\r\n10,ID number: "));
  /* The row as the file had it follows its reason. */
  g_assert_nonnull (strstr (rejects, "王五,焊工,高级工,D-3,鉴定中心"));

  /* The valid rows only: the good one is recorded and its claim computed. */
  g_clear_pointer (&summary, up_import_summary_free);
  summary = import_certificates (f, path, 0, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->imported, ==, 1);
  g_assert_cmpuint (summary->rejected, ==, 8);
  g_assert_cmpuint (summary->claims_pending, ==, 1);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM certifications", NULL), ==, 2);
}

static void
test_certificates_xlsx_dates (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "certificates.xlsx", NULL);
  g_autofree char *a = id_number (31);
  g_autofree char *b = id_number (32);
  g_autofree char *value = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -15);
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "名单");
  lxw_format *date_format = workbook_add_format (workbook);
  lxw_datetime when = { g_date_time_get_year (then), g_date_time_get_month (then),
                        g_date_time_get_day_of_month (then), 0, 0, 0 };
  GDate epoch, day;
  const char *headers[] = { "身份证号", "职业", "等级", "证书编号", "发证机构", "发证日期" };

  add_policies (f);
  test_trainee (f->conn, f->academy_id, 31);
  test_trainee (f->conn, f->academy_id, 32);

  format_set_num_format (date_format, "yyyy-mm-dd");
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    worksheet_write_string (sheet, 0, (lxw_col_t) i, headers[i], NULL);
  worksheet_write_string (sheet, 1, 0, a, NULL);
  worksheet_write_string (sheet, 1, 1, "焊工", NULL);
  worksheet_write_number (sheet, 1, 2, 3, NULL);  /* the level as a number */
  worksheet_write_string (sheet, 1, 3, "X-1", NULL);
  worksheet_write_string (sheet, 1, 4, "鉴定中心", NULL);
  worksheet_write_datetime (sheet, 1, 5, &when, date_format);
  /* A date in a General cell: Excel's serial day number. */
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 30, 12, 1899);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) when.day, (GDateMonth) when.month, (GDateYear) when.year);
  worksheet_write_string (sheet, 2, 0, b, NULL);
  worksheet_write_string (sheet, 2, 1, "焊工", NULL);
  worksheet_write_string (sheet, 2, 2, "初级工", NULL);
  worksheet_write_string (sheet, 2, 3, "X-2", NULL);
  worksheet_write_string (sheet, 2, 4, "鉴定中心", NULL);
  worksheet_write_number (sheet, 2, 5, g_date_days_between (&epoch, &day), NULL);
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  summary = import_certificates (f, path, 0, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->imported, ==, 2);
  value = query_text (f, "SELECT string_agg (issued_on::text || skill_level, ',' ORDER BY certificate_no)"
                         "  FROM certifications", NULL);
  {
    g_autofree char *date = g_date_time_format (then, "%Y-%m-%d");
    g_autofree char *expected = g_strdup_printf ("%s3,%s5", date, date);

    g_assert_cmpstr (value, ==, expected);
  }
}

static void
test_certificate_words (void)
{
  const char *kind = NULL, *academic = NULL;
  int level = 0;
  char iso[11];
  gboolean failed = FALSE;

  g_assert_true (up_import_parse_certificate_level ("高级技师", &kind, &level, &academic));
  g_assert_cmpstr (kind, ==, "skill_level");
  g_assert_cmpint (level, ==, 1);
  g_assert_true (up_import_parse_certificate_level ("专项职业能力", &kind, &level, &academic));
  g_assert_cmpstr (kind, ==, "special_ability");
  g_assert_true (up_import_parse_certificate_level ("本科", &kind, &level, &academic));
  g_assert_cmpstr (kind, ==, "academic_degree");
  g_assert_cmpstr (academic, ==, "bachelor");
  g_assert_false (up_import_parse_certificate_level ("九级", &kind, &level, &academic));
  g_assert_false (up_import_parse_certificate_level ("", &kind, &level, &academic));

  g_assert_true (up_import_parse_date ("2025-03-01", iso));
  g_assert_cmpstr (iso, ==, "2025-03-01");
  g_assert_true (up_import_parse_date ("2025/3/1", iso));
  g_assert_cmpstr (iso, ==, "2025-03-01");
  g_assert_true (up_import_parse_date ("2025年3月1日", iso));
  g_assert_cmpstr (iso, ==, "2025-03-01");
  g_assert_true (up_import_parse_date ("20250301", iso));
  g_assert_cmpstr (iso, ==, "2025-03-01");
  g_assert_true (up_import_parse_date ("45717", iso));  /* Excel's serial day */
  g_assert_cmpstr (iso, ==, "2025-03-01");
  g_assert_true (up_import_parse_date ("2025-03-01 00:00:00", iso));
  g_assert_false (up_import_parse_date ("2025-02-30", iso));
  g_assert_false (up_import_parse_date ("01/03/2025", iso));
  g_assert_false (up_import_parse_date ("soon", iso));

  g_assert_true (up_import_parse_payment_result ("成功", &failed));
  g_assert_false (failed);
  g_assert_true (up_import_parse_payment_result ("Failed", &failed));
  g_assert_true (failed);
  g_assert_true (up_import_parse_payment_result ("退票", &failed));
  g_assert_true (failed);
  g_assert_false (up_import_parse_payment_result ("maybe", &failed));
}

/* Payment results ---------------------------------------------------------------- */

/* An approved batch paying a new trainee number @first + i a certificate of
 * level @levels[i] each; their claims' ids in @claims. */
static gint64
approved_batch (Fixture    *f,
                const char *name,
                guint       first,
                const int  *levels,
                guint       n,
                gint64     *claims)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpPaymentBatch) batch = NULL;
  g_autofree char *recent = days_ago (30, "%Y-%m-%d");
  gint64 batch_id;
  int version;
  guint changed = 0;
  GDate from, to;

  for (guint i = 0; i < n; i++)
    {
      gint64 trainee = test_trainee (f->conn, f->academy_id, first + i);
      g_autofree char *trainee_text = g_strdup_printf ("%" G_GINT64_FORMAT, trainee);
      g_autofree char *level = g_strdup_printf ("%d", levels[i]);
      g_autofree char *number = g_strdup_printf ("P%u", first + i);
      const char *params[] = { trainee_text, level, number, recent };

      up_pg_query_int64 (f->conn,
                         "WITH c AS (INSERT INTO certifications (academy_id, trainee_id, kind, occupation, skill_level,"
                         "                                       certificate_no, issuing_body, issued_on)"
                         "           SELECT academy_id, id, 'skill_level', '焊工', $2::smallint, $3, '鉴定中心', $4::date"
                         "             FROM trainees WHERE id = $1 RETURNING id)"
                         "SELECT id FROM c", 4, params, &claims[i], &error);
      g_assert_no_error (error);
      {
        g_autofree char *certification = g_strdup_printf ("%" G_GINT64_FORMAT, claims[i]);

        claims[i] = up_test_pg_query_int (f->conn, "SELECT id FROM subsidies WHERE certification_id = $1::bigint",
                                          certification);
      }
    }
  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, claims, n, NULL, &changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, n);

  batch = up_payment_batch_create (f->conn, name, "special", -1, &error);
  g_assert_no_error (error);
  batch_id = up_payment_batch_get_id (batch);
  version = up_payment_batch_get_version (batch);
  up_payment_batch_add_claims (f->conn, batch_id, version, claims, n, &changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, n);
  up_payment_batch_submit (f->conn, batch_id, version, &version, &error);
  g_assert_no_error (error);
  g_date_clear (&from, 1);
  g_date_set_time_t (&from, time (NULL));
  to = from;
  g_date_subtract_days (&from, 10);
  g_date_subtract_days (&to, 1);
  up_payment_batch_start_notice (f->conn, batch_id, version, &from, &to, &version, &error);
  g_assert_no_error (error);
  up_payment_batch_approve (f->conn, batch_id, version, &version, &error);
  g_assert_no_error (error);
  return batch_id;
}

static UpImportSummary *
import_payments (Fixture     *f,
                 const char  *path,
                 gint64       batch_id,
                 GError     **error)
{
  g_autoptr(UpImport) import = up_import_new (UP_IMPORT_PAYMENTS, path);

  up_import_set_batch_id (import, batch_id);
  /* Asked for, but a batch is paid all or nothing. */
  up_import_set_valid_only (import, TRUE);
  return up_import_run (import, f->conninfo, NULL, NULL, NULL, error);
}

static char *
batch_states (Fixture *f,
              gint64   batch_id)
{
  g_autofree char *batch = g_strdup_printf ("%" G_GINT64_FORMAT, batch_id);

  return query_text (f, "SELECT b.state::text || ':' || string_agg (x.state::text, ',' ORDER BY x.id)"
                        "  FROM payment_batches b JOIN subsidies x ON x.batch_id = b.id"
                        " WHERE b.id = $1::bigint GROUP BY b.state", batch);
}

static void
test_payments_good_file (Fixture       *f,
                         gconstpointer  data)
{
  static const int levels[] = { 3, 4, 5 };
  gint64 claims[3], claims2[2];
  gint64 batch, batch2;
  g_autofree char *a = id_number (41);
  g_autofree char *b = id_number (42);
  g_autofree char *c = id_number (43);
  g_autofree char *d = id_number (51);
  g_autofree char *e = id_number (52);
  g_autofree char *amount_a = up_money_format (rate_fen[3]);
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *states = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  add_policies (f);
  batch = approved_batch (f, "2025年第1批", 41, levels, 3, claims);
  batch2 = approved_batch (f, "2025年第2批", 51, levels, 2, claims2);

  /* The bank's words, amounts as it writes them (¥, thousands). */
  csv = g_strdup_printf ("代发工资结果明细\n"
                         "序号,户名,身份证号,金额,交易状态\n"
                         "1,学员41,%s,\"%s\",成功\n"
                         "2,学员42,%s,1000.50,失败\n"
                         "3,学员43,%s,,成功\n", a, amount_a, b, c);
  path = write_gb18030 (f, "bank.csv", csv);

  summary = import_payments (f, path, batch, &error);
  g_assert_no_error (error);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->read, ==, 3);
  g_assert_cmpuint (summary->rejected, ==, 0);
  g_assert_cmpuint (summary->paid, ==, 2);
  g_assert_cmpuint (summary->failed, ==, 1);
  g_assert_cmpint (summary->paid_fen, ==, rate_fen[3] + rate_fen[5]);
  states = batch_states (f, batch);
  g_assert_cmpstr (states, ==, "paid:paid,failed,paid");
  g_clear_pointer (&states, g_free);
  /* The other batch is untouched. */
  states = batch_states (f, batch2);
  g_assert_cmpstr (states, ==, "approved:approved,approved");
  g_clear_pointer (&states, g_free);

  /* Once paid, the same file is refused with a clear sentence. */
  g_clear_pointer (&summary, up_import_summary_free);
  g_assert_null (import_payments (f, path, batch, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "is not approved"));
  g_clear_error (&error);

  /* A file with a failure reason column instead of a result. */
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&csv, g_free);
  csv = g_strdup_printf ("ID number,Name,Failure reason\n%s,学员51,\n%s,学员52,账户已销户\n", d, e);
  path = write_file (f, "bank2.csv", csv, -1);
  summary = import_payments (f, path, batch2, &error);
  g_assert_no_error (error);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->paid, ==, 1);
  g_assert_cmpuint (summary->failed, ==, 1);
  g_assert_cmpint (summary->paid_fen, ==, rate_fen[3]);
  states = batch_states (f, batch2);
  g_assert_cmpstr (states, ==, "paid:paid,failed");
}

static void
test_payments_refused_files (Fixture       *f,
                             gconstpointer  data)
{
  static const int levels[] = { 3, 4, 5 };
  gint64 claims[3], claims2[1];
  gint64 batch, batch2, draft;
  g_autofree char *a = id_number (61);
  g_autofree char *b = id_number (62);
  g_autofree char *c = id_number (63);
  g_autofree char *other = id_number (71);
  g_autofree char *masked = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *states = NULL;
  g_autofree char *rejects = NULL;
  g_autofree char *audit_before = NULL;
  g_autofree char *audit_after = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  add_policies (f);
  batch = approved_batch (f, "2025年第3批", 61, levels, 3, claims);
  batch2 = approved_batch (f, "2025年第4批", 71, levels, 1, claims2);
  audit_before = query_text (f, "SELECT count (*)::text FROM audit_log", NULL);

  /* A row for another batch's payee, and a wrong amount. */
  csv = g_strdup_printf ("身份证号,姓名,金额,结果\n"
                         "%s,学员61,1500.00,成功\n"
                         "%s,学员62,999.00,成功\n"
                         "%s,学员63,,失败\n"
                         "%s,学员71,,成功\n", a, b, c, other);
  path = write_file (f, "refused.csv", csv, -1);
  summary = import_payments (f, path, batch, &error);
  g_assert_no_error (error);
  g_assert_false (summary->committed);
  g_assert_cmpuint (summary->rejected, ==, 2);
  rejects = read_rejects (summary->reject_path);
  g_assert_nonnull (strstr (rejects, "\r\n3,\"Amount: the batch pays ¥1,000.50 to this person.\""));
  {
    g_autofree char *expected = g_strdup_printf ("\r\n5,ID number: no claim of batch %" G_GINT64_FORMAT
                                                 " is paid to this number.", batch);

    g_assert_nonnull (strstr (rejects, expected));
  }
  states = batch_states (f, batch);
  g_assert_cmpstr (states, ==, "approved:approved,approved,approved");
  g_clear_pointer (&states, g_free);
  states = batch_states (f, batch2);
  g_assert_cmpstr (states, ==, "approved:approved");
  g_clear_pointer (&states, g_free);

  /* A payee of the batch missing from the file: the whole file is refused,
   * naming them with their ID number masked. */
  g_clear_pointer (&summary, up_import_summary_free);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&csv, g_free);
  csv = g_strdup_printf ("身份证号,结果\n%s,成功\n%s,失败\n", a, b);
  path = write_file (f, "missing.csv", csv, -1);
  g_assert_null (import_payments (f, path, batch, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  masked = up_id_number_mask (c);
  g_assert_nonnull (strstr (error->message, masked));
  g_assert_nonnull (strstr (error->message, "学员63"));
  g_assert_null (strstr (error->message, c));
  g_clear_error (&error);
  states = batch_states (f, batch);
  g_assert_cmpstr (states, ==, "approved:approved,approved,approved");
  g_clear_pointer (&states, g_free);

  /* Nothing at all was written: no audit row, no move. */
  audit_after = query_text (f, "SELECT count (*)::text FROM audit_log", NULL);
  g_assert_cmpstr (audit_before, ==, audit_after);

  /* A batch that is not approved, or none. */
  {
    g_autoptr(UpPaymentBatch) d = up_payment_batch_create (f->conn, "草稿", "special", -1, &error);

    g_assert_no_error (error);
    draft = up_payment_batch_get_id (d);
  }
  g_assert_null (import_payments (f, path, draft, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "is not approved"));
  g_clear_error (&error);
  g_assert_null (import_payments (f, path, 999999, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* No result and no reason column: nothing says which transfers failed. */
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&csv, g_free);
  csv = g_strdup_printf ("身份证号,姓名\n%s,学员61\n", a);
  path = write_file (f, "no-result.csv", csv, -1);
  g_assert_null (import_payments (f, path, batch, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  states = batch_states (f, batch);
  g_assert_cmpstr (states, ==, "approved:approved,approved,approved");
}

static void
test_cli_certificates_and_payments (Fixture       *f,
                                    gconstpointer  data)
{
  static const int levels[] = { 4 };
  gint64 claims[1];
  gint64 batch;
  g_autofree char *batch_text = NULL;
  g_autofree char *a = id_number (81);
  g_autofree char *p = id_number (91);
  g_autofree char *recent = days_ago (3, "%Y-%m-%d");
  g_autofree char *certificates = NULL;
  g_autofree char *certificates_path = NULL;
  g_autofree char *payments = NULL;
  g_autofree char *payments_path = NULL;
  g_autofree char *template = g_build_filename (f->dir, "certificates-template.csv", NULL);
  g_autofree char *template_xlsx = g_build_filename (f->dir, "bank-template.xlsx", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *states = NULL;
  char *out = NULL;

  add_policies (f);
  test_trainee (f->conn, f->academy_id, 81);
  certificates = g_strdup_printf ("身份证号,职业,等级,证书编号,发证日期\n%s,焊工,技师,Q-1,%s\n", a, recent);
  certificates_path = write_file (f, "list.csv", certificates, -1);

  /* Bad arguments. */
  g_assert_cmpint (run_cli (f, &out, "certificates", certificates_path, "--batch", "1", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f, &out, "payments", certificates_path, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f, &out, "trainees", certificates_path, "--issuer", "X", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f, &out, "template", template, "--kind", "diplomas", NULL), ==, 2);
  g_clear_pointer (&out, g_free);

  /* No issuing body: a failure that says so. */
  g_assert_cmpint (run_cli (f, &out, "certificates", certificates_path, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "Issuing body"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f, &out, "certificates", certificates_path, "--issuer", "重庆市职业技能鉴定中心", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Read 1 rows: 1 certificates imported, 0 skipped (already recorded), 0 rejected."));
  g_assert_nonnull (strstr (out, "Claims computed: 1 pending review, 0 refused by a rule of the scheme."));
  g_clear_pointer (&out, g_free);

  /* Templates of each kind. */
  g_assert_cmpint (run_cli (f, &out, "template", template, "--kind", "certificates", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_file_get_contents (template, &contents, NULL, NULL);
  g_assert_nonnull (strstr (contents, "ID number,Name,Occupation,Level,Certificate number,Issuing body,Issue date"));
  g_assert_cmpint (run_cli (f, &out, "template", template_xlsx, "--kind", "payments", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_test (template_xlsx, G_FILE_TEST_IS_REGULAR));

  /* Payments: a wrong amount refuses the file (exit 1), the right one pays. */
  batch = approved_batch (f, "CLI 批次", 91, levels, 1, claims);
  batch_text = g_strdup_printf ("%" G_GINT64_FORMAT, batch);
  payments = g_strdup_printf ("身份证号,金额,结果\n%s,1.00,成功\n", p);
  payments_path = write_file (f, "bank.csv", payments, -1);
  g_assert_cmpint (run_cli (f, &out, "payments", payments_path, "--batch", batch_text, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "Read 1 rows: 1 rejected."));
  g_assert_nonnull (strstr (out, "the batch is still approved"));
  g_clear_pointer (&out, g_free);

  g_clear_pointer (&payments, g_free);
  payments = g_strdup_printf ("身份证号,金额,结果\n%s,1000.50,成功\n", p);
  g_file_set_contents (payments_path, payments, -1, NULL);
  g_assert_cmpint (run_cli (f, &out, "payments", payments_path, "--batch", batch_text, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "The batch is paid: 1 claims paid, 0 failed (returned by the bank); ¥1,000.50 paid in all."));
  g_clear_pointer (&out, g_free);
  states = batch_states (f, batch);
  g_assert_cmpstr (states, ==, "paid:paid");

  /* Paid already: a failure with the reason. */
  g_assert_cmpint (run_cli (f, &out, "payments", payments_path, "--batch", batch_text, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "is not approved"));
  g_clear_pointer (&out, g_free);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/import/csv/reads-each-encoding-and-delimiter", test_csv_encodings_and_delimiters);
  g_test_add_func ("/import/csv/reads-quotes-line-breaks-and-skips-empty-lines", test_csv_quotes_and_empty_lines);
  g_test_add_func ("/import/csv/reads-100000-characters-and-bounds-a-cell", test_csv_cell_sizes);
  g_test_add_func ("/import/headers/recognised-in-chinese-and-english", test_headers_recognised);
  g_test_add_func ("/import/cells/words-for-union-education-and-skill", test_cell_words);
  ADD ("/import/trainees/csv-with-a-title-row-in-gb18030", test_import_csv_all_columns);
  ADD ("/import/trainees/rejects-bad-rows-with-their-reasons", test_import_rejects_bad_rows);
  ADD ("/import/trainees/reject-file-defuses-formulas", test_import_reject_file_defuses_formulas);
  ADD ("/import/trainees/long-cells", test_import_long_cells);
  ADD ("/import/trainees/updates-or-skips-registered-trainees", test_import_update_or_skip);
  ADD ("/import/trainees/enrolls-into-a-course-in-file-order", test_import_enrolls_into_course);
  ADD ("/import/trainees/failure-leaves-the-database-as-it-was", test_import_failure_leaves_database);
  ADD ("/import/trainees/cancel-rolls-back", test_import_cancel_rolls_back);
  ADD ("/import/trainees/a-large-import-builds-the-search-indexes-once", test_import_builds_indexes_once);
  ADD ("/import/trainees/search-indexes-set-aside-must-be-made-again", test_import_indexes_cannot_stay_aside);
  ADD ("/import/xlsx/reads-strings-numbers-dates-and-sheets", test_xlsx_reader);
  ADD ("/import/xlsx/rejects-an-id-number-stored-as-a-number", test_import_xlsx);
  ADD ("/import/template/csv-and-xlsx-import-back", test_templates_import_back);
  ADD ("/import/preview/mapping-can-be-corrected", test_preview_and_mapping);
  ADD ("/import/cli/exit-codes-and-summary", test_cli);
  g_test_add_func ("/import/cells/certificate-levels-dates-and-bank-results", test_certificate_words);
  ADD ("/import/certificates/good-file-computes-each-claim", test_certificates_good_file);
  ADD ("/import/certificates/issuer-and-academy-as-options", test_certificates_issuer_and_academy_options);
  ADD ("/import/certificates/rejects-unknown-trainees-duplicates-bad-levels-and-dates", test_certificates_rejects);
  ADD ("/import/certificates/xlsx-dates-and-serial-days", test_certificates_xlsx_dates);
  ADD ("/import/payments/pays-the-batch-and-fails-the-returns", test_payments_good_file);
  ADD ("/import/payments/a-wrong-row-or-missing-payee-refuses-the-file", test_payments_refused_files);
  ADD ("/import/cli/certificates-payments-and-templates", test_cli_certificates_and_payments);

  return g_test_run ();
}
