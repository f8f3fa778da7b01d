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
#include "up-pg.h"
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
  ADD ("/import/xlsx/reads-strings-numbers-dates-and-sheets", test_xlsx_reader);
  ADD ("/import/xlsx/rejects-an-id-number-stored-as-a-number", test_import_xlsx);
  ADD ("/import/template/csv-and-xlsx-import-back", test_templates_import_back);
  ADD ("/import/preview/mapping-can-be-corrected", test_preview_and_mapping);
  ADD ("/import/cli/exit-codes-and-summary", test_cli);

  return g_test_run ();
}
