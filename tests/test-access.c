/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Schema v7: accounts, roles and row-level security, tried through libpq as
 * psql would: staff of two academies each read none of the other's rows and
 * cannot write them; a manager sees everything; staff cannot approve claims
 * or edit policies; only administrators manage accounts; a disabled account
 * cannot log in.  The reports, which run under the caller's role, show a
 * staff member their academy's rows and figures alone (read back through
 * tests/read-xlsx.py), a manager everyone's. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdarg.h>
#include <unistd.h>

#include "up-import.h"
#include "up-overview.h"
#include "up-pg.h"
#include "up-report-writer.h"
#include "up-test-course-data.h"
#include "up-test-pg.h"

typedef struct
{
  char    *conninfo;
  PGconn  *conn;        /* superuser */
  char    *suffix;      /* roles belong to the cluster: one name per test */
  char    *academy_a;
  char    *academy_b;
  char    *staff_a;
  char    *staff_b;
  char    *manager;
  char    *admin;
} Fixture;

static char *
sqlv (PGconn     *conn,
      const char *sql,
      va_list     ap)
{
  const char *params[8];
  int n = 0;
  const char *p;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;

  while ((p = va_arg (ap, const char *)) != NULL)
    params[n++] = p;
  result = up_pg_exec (conn, sql, n, params, &error);
  if (error != NULL)
    g_error ("%s\nfailed: %s", sql, error->message);
  if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) == 0 || PQgetisnull (result, 0, 0))
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}

static G_GNUC_NULL_TERMINATED char *
sql (PGconn     *conn,
     const char *sql_text,
     ...)
{
  va_list ap;
  char *value;

  va_start (ap, sql_text);
  value = sqlv (conn, sql_text, ap);
  va_end (ap);
  return value;
}

#define SQL(conn, ...) g_free (sql (conn, __VA_ARGS__, NULL))

/* The SQLSTATE @sql fails with as @conn ("" when it succeeds). */
static G_GNUC_NULL_TERMINATED char *
state_of (PGconn     *conn,
          const char *sql_text,
          ...)
{
  const char *params[8];
  int n = 0;
  const char *p;
  va_list ap;
  g_autoptr(PGresult) result = NULL;

  va_start (ap, sql_text);
  while ((p = va_arg (ap, const char *)) != NULL)
    params[n++] = p;
  va_end (ap);
  result = PQexecParams (conn, sql_text, n, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (result) == PGRES_FATAL_ERROR)
    return g_strdup (PQresultErrorField (result, PG_DIAG_SQLSTATE));
  return g_strdup ("");
}

#define assert_state(expected, ...) G_STMT_START { \
    g_autofree char *got_ = state_of (__VA_ARGS__, NULL); \
    g_assert_cmpstr (got_, ==, (expected));                \
  } G_STMT_END

static PGconn *
connect_as (Fixture    *f,
            const char *login)
{
  g_autofree char *conninfo = g_strdup_printf ("%s user=%s", f->conninfo, login);
  g_autoptr(GError) error = NULL;
  PGconn *conn = up_pg_connect (conninfo, &error);

  g_assert_no_error (error);
  return conn;
}

static char *
account (Fixture    *f,
         const char *kind,
         const char *who,
         const char *academies)
{
  char *login = g_strdup_printf ("%s_%s", who, f->suffix);

  SQL (f->conn, "SELECT up_create_account ($1, $2, $3, NULL, $4::bigint[])", login, "测试 人员", kind, academies);
  return login;
}

/* Two academies, each with a major, a course, a trainee enrolled in it, a
 * certificate and its claim. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "A", "B" };
  char **academies[] = { &f->academy_a, &f->academy_b };
  g_autofree char *list_a = NULL;
  g_autofree char *list_b = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  f->suffix = g_strdup_printf ("%d_%u", (int) getpid (), n++);

  SQL (f->conn, "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from) "
                "VALUES ('中级工', 'skill_level', 4, 100000, '2020-01-01')");
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *code = g_strdup_printf ("AC-%s", names[i]);
      gint64 academy = test_academy (f->conn, code);
      gint64 major = test_major (f->conn, academy, "焊工");
      g_autofree char *academy_text = g_strdup_printf ("%" G_GINT64_FORMAT, academy);
      g_autofree char *major_text = g_strdup_printf ("%" G_GINT64_FORMAT, major);
      g_autofree char *trainee = g_strdup_printf ("%" G_GINT64_FORMAT, test_trainee (f->conn, academy, i + 1));
      g_autofree char *course = sql (f->conn, "INSERT INTO courses (academy_id, major_id, kind, title, start_date, "
                                              "  end_date, hours, capacity) "
                                              "VALUES ($1, $2, 'skill', '焊工班', current_date - 60, current_date - 10, "
                                              "        120, 30) RETURNING id", academy_text, major_text, NULL);
      g_autofree char *number = g_strdup_printf ("AC%u", i);

      SQL (f->conn, "SELECT up_enroll ($1, $2)", trainee, course);
      SQL (f->conn, "INSERT INTO certifications (academy_id, trainee_id, course_id, kind, occupation, skill_level, "
                    "  certificate_no, issuing_body, issued_on) "
                    "VALUES ($1, $2, $3, 'skill_level', '焊工', 4, $4, '鉴定中心', current_date - 5)",
           academy_text, trainee, course, number);
      *academies[i] = g_steal_pointer (&academy_text);
    }

  list_a = g_strdup_printf ("{%s}", f->academy_a);
  list_b = g_strdup_printf ("{%s}", f->academy_b);
  f->staff_a = account (f, "staff", "staff_a", list_a);
  f->staff_b = account (f, "staff", "staff_b", list_b);
  f->manager = account (f, "manager", "manager", "{}");
  f->admin = account (f, "admin", "admin", "{}");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->conn, PQfinish);
  g_free (f->conninfo);
  g_free (f->suffix);
  g_free (f->academy_a);
  g_free (f->academy_b);
  g_free (f->staff_a);
  g_free (f->staff_b);
  g_free (f->manager);
  g_free (f->admin);
}

static const char *scoped_tables[] = {
  "majors", "courses", "enrollments", "certifications", "subsidies", "academy_quotas",
};

static gint64
count (PGconn     *conn,
       const char *sql_text,
       const char *param)
{
  g_autofree char *value = param != NULL ? sql (conn, sql_text, param, NULL) : sql (conn, sql_text, NULL);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : -1;
}

static void
test_staff_see_only_their_academy (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(PGconn) a = connect_as (f, f->staff_a);
  g_autoptr(PGconn) m = connect_as (f, f->manager);

  SQL (f->conn, "INSERT INTO academy_quotas (academy_id, year, max_claims) VALUES ($1, 2026, 10), ($2, 2026, 10)",
       f->academy_a, f->academy_b);

  for (guint i = 0; i < G_N_ELEMENTS (scoped_tables); i++)
    {
      g_autofree char *of_b = g_strdup_printf ("SELECT count(*) FROM %s WHERE academy_id = $1", scoped_tables[i]);
      g_autofree char *all = g_strdup_printf ("SELECT count(*) FROM %s", scoped_tables[i]);
      gint64 total = count (f->conn, all, NULL);

      g_test_message ("%s", scoped_tables[i]);
      g_assert_cmpint (total, >, 0);
      g_assert_cmpint (count (a, of_b, f->academy_b), ==, 0);
      g_assert_cmpint (count (a, all, NULL), ==, count (f->conn, of_b, f->academy_a));
      g_assert_cmpint (count (m, all, NULL), ==, total);
    }

  /* Trainees: those registered or enrolled at the academy. */
  g_assert_cmpint (count (a, "SELECT count(*) FROM trainees", NULL), ==, 1);
  g_assert_cmpint (count (m, "SELECT count(*) FROM trainees", NULL), ==, 2);
  /* A claim's trail goes with the claim. */
  g_assert_cmpint (count (a, "SELECT count(DISTINCT subsidy_id) FROM subsidy_rule_results", NULL), ==, 1);
  /* The audit log is the managers'. */
  assert_state ("42501", a, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (count (m, "SELECT count(*) FROM audit_log WHERE table_name = 'subsidies'", NULL), >=, 2);
}

static void
test_staff_cannot_write_another_academy (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(PGconn) a = connect_as (f, f->staff_a);
  g_autofree char *course_b = sql (f->conn, "SELECT id FROM courses WHERE academy_id = $1", f->academy_b, NULL);
  g_autofree char *trainee_b = sql (f->conn, "SELECT id FROM trainees WHERE academy_id = $1", f->academy_b, NULL);
  g_autofree char *major_b = sql (f->conn, "SELECT id FROM majors WHERE academy_id = $1", f->academy_b, NULL);
  g_autofree char *id_number = test_id_number (77);
  g_autofree char *updated = NULL;
  g_autofree char *title = NULL;

  /* New rows for academy B are refused. */
  assert_state ("42501", a, "INSERT INTO trainees (academy_id, id_number, name) VALUES ($1, $2, '外人')",
                f->academy_b, id_number);
  assert_state ("42501", a, "INSERT INTO courses (academy_id, major_id, kind, title, start_date, end_date, hours, "
                            "capacity) VALUES ($1, $2, 'skill', '越权班', current_date, current_date, 10, 10)",
                f->academy_b, major_b);
  /* B's rows are not there to change or remove. */
  updated = sql (a, "WITH u AS (UPDATE courses SET title = '改' WHERE id = $1 RETURNING 1) SELECT count(*) FROM u",
                 course_b, NULL);
  g_assert_cmpstr (updated, ==, "0");
  g_clear_pointer (&updated, g_free);
  updated = sql (a, "WITH u AS (UPDATE trainees SET name = '改' WHERE id = $1 RETURNING 1) SELECT count(*) FROM u",
                 trainee_b, NULL);
  g_assert_cmpstr (updated, ==, "0");
  assert_state ("42501", a, "DELETE FROM courses WHERE id = $1", course_b);
  assert_state ("42501", a, "DELETE FROM trainees WHERE id = $1", trainee_b);
  /* Nor can a row of A be moved to B. */
  assert_state ("42501", a, "UPDATE courses SET academy_id = $1 WHERE academy_id <> $1", f->academy_b);
  title = sql (f->conn, "SELECT title FROM courses WHERE id = $1", course_b, NULL);
  g_assert_cmpstr (title, ==, "焊工班");

  /* Their own academy's work goes on: a trainee, an enrollment, a
   * certificate whose claim the database computes for them. */
  {
    g_autofree char *course_a = sql (f->conn, "SELECT id FROM courses WHERE academy_id = $1", f->academy_a, NULL);
    g_autofree char *trainee = sql (a, "INSERT INTO trainees (academy_id, id_number, name) VALUES ($1, $2, '新学员') "
                                       "RETURNING id", f->academy_a, id_number, NULL);
    g_autofree char *claim = NULL;
    g_autofree char *role = NULL;

    SQL (a, "SELECT up_enroll ($1, $2)", trainee, course_a);
    SQL (a, "INSERT INTO certifications (academy_id, trainee_id, kind, occupation, skill_level, certificate_no, "
            "  issuing_body, issued_on) VALUES ($1, $2, 'skill_level', '电工', 4, 'AC9', '鉴定中心', current_date)",
         f->academy_a, trainee);
    claim = sql (a, "SELECT state || '|' || amount_fen FROM subsidies WHERE trainee_id = $1", trainee, NULL);
    g_assert_cmpstr (claim, ==, "pending|100000");
    /* The log names the login, not the function's owner. */
    role = sql (f->conn, "SELECT db_role FROM audit_log WHERE table_name = 'subsidies' ORDER BY id DESC LIMIT 1", NULL);
    g_assert_cmpstr (role, ==, f->staff_a);
  }
}

static void
test_staff_cannot_approve_or_set_policies (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(PGconn) a = connect_as (f, f->staff_a);
  g_autoptr(PGconn) m = connect_as (f, f->manager);
  g_autofree char *claim = sql (f->conn, "SELECT id FROM subsidies WHERE academy_id = $1", f->academy_a, NULL);
  g_autofree char *state = NULL;

  assert_state ("42501", a, "UPDATE subsidies SET state = 'approved' WHERE id = $1", claim);
  assert_state ("42501", a, "INSERT INTO subsidies (academy_id, trainee_id, certification_id, amount_fen) "
                            "SELECT academy_id, trainee_id, certification_id, 1 FROM subsidies WHERE id = $1", claim);
  assert_state ("42501", a, "UPDATE subsidy_policies SET amount_fen = 1");
  assert_state ("42501", a, "UPDATE subsidy_schemes SET annual_count_cap = 99");
  assert_state ("42501", a, "INSERT INTO payment_batches (name, fund) VALUES ('私批', 'special')");
  assert_state ("42501", a, "SELECT up_recompute_claims ()");
  assert_state ("42501", a, "SELECT up_compute_claim (1)");

  SQL (m, "UPDATE subsidies SET state = 'approved' WHERE id = $1", claim);
  state = sql (f->conn, "SELECT state FROM subsidies WHERE id = $1", claim, NULL);
  g_assert_cmpstr (state, ==, "approved");
}

static void
test_only_administrators_manage_accounts (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(PGconn) a = connect_as (f, f->staff_a);
  g_autoptr(PGconn) m = connect_as (f, f->manager);
  g_autoptr(PGconn) admin = connect_as (f, f->admin);
  g_autofree char *login = g_strdup_printf ("new_%s", f->suffix);
  g_autofree char *list = g_strdup_printf ("{%s}", f->academy_b);
  g_autofree char *seen = NULL;
  g_autofree char *conninfo = NULL;
  PGconn *refused;

  assert_state ("42501", a, "SELECT up_create_account ($1, '新人', 'staff', NULL, $2::bigint[])", login, list);
  assert_state ("42501", m, "SELECT up_create_account ($1, '新人', 'staff', NULL, $2::bigint[])", login, list);
  assert_state ("42501", a, "INSERT INTO staff_academies (login, academy_id) VALUES ($1, $2)", f->staff_a,
                f->academy_b);
  SQL (admin, "SELECT up_create_account ($1, '新人', 'staff', NULL, $2::bigint[])", login, list);
  /* Another academy for staff A, then none of B's rows are hidden from them. */
  {
    g_autofree char *both = g_strdup_printf ("{%s,%s}", f->academy_a, f->academy_b);

    SQL (admin, "SELECT up_set_account_academies ($1, $2::bigint[])", f->staff_a, both);
    seen = sql (a, "SELECT count(*) FROM courses", NULL);
    g_assert_cmpstr (seen, ==, "2");
  }

  /* Disabled: no login. */
  SQL (admin, "SELECT up_set_account_disabled ($1, true)", f->staff_b);
  conninfo = g_strdup_printf ("%s user=%s", f->conninfo, f->staff_b);
  refused = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (refused), ==, CONNECTION_BAD);
  PQfinish (refused);
  SQL (admin, "SELECT up_set_account_disabled ($1, false)", f->staff_b);
}

/* A trainee enrolled at an academy is seen by its staff (schema v11 keeps
 * that in trainees.enrolled_academy_ids for the policy's index); only the
 * enrollments write it, and keeping it is no edit of the trainee. */
static void
test_staff_see_trainees_enrolled_at_their_academy (Fixture       *f,
                                                   gconstpointer  data)
{
  g_autoptr(PGconn) a = connect_as (f, f->staff_a);
  g_autoptr(PGconn) b = connect_as (f, f->staff_b);
  g_autoptr(PGconn) m = connect_as (f, f->manager);
  g_autofree char *course_a = sql (f->conn, "SELECT id FROM courses WHERE academy_id = $1", f->academy_a, NULL);
  g_autofree char *trainee_b = sql (f->conn, "SELECT id FROM trainees WHERE academy_id = $1", f->academy_b, NULL);
  g_autofree char *version = NULL;
  g_autofree char *version_after = NULL;
  g_autofree char *list_a = g_strdup_printf ("{%s}", f->academy_a);
  g_autofree char *id_number = test_id_number (78);

  g_assert_cmpint (count (a, "SELECT count(*) FROM trainees", NULL), ==, 1);

  /* Staff of B cannot make their trainees A's, whatever they write. */
  SQL (b, "UPDATE trainees SET enrolled_academy_ids = $1::bigint[] WHERE id = $2", list_a, trainee_b);
  SQL (b, "INSERT INTO trainees (academy_id, id_number, name, enrolled_academy_ids) "
          "VALUES ($1, $2, '外人', $3::bigint[])", f->academy_b, id_number, list_a);
  g_assert_cmpint (count (a, "SELECT count(*) FROM trainees", NULL), ==, 1);
  g_assert_cmpint (count (b, "SELECT count(*) FROM trainees", NULL), ==, 2);
  version = sql (f->conn, "SELECT version FROM trainees WHERE id = $1", trainee_b, NULL);

  /* Enrolled at A: A sees them, and the trainee's version stays. */
  SQL (m, "SELECT up_enroll ($1, $2)", trainee_b, course_a);
  g_assert_cmpint (count (a, "SELECT count(*) FROM trainees", NULL), ==, 2);
  g_assert_cmpint (count (a, "SELECT count(*) FROM trainees WHERE id = $1", trainee_b), ==, 1);
  version_after = sql (f->conn, "SELECT version FROM trainees WHERE id = $1", trainee_b, NULL);
  g_assert_cmpstr (version_after, ==, version);

  /* The enrollment gone, so is the trainee from A's view. */
  SQL (m, "DELETE FROM enrollments WHERE trainee_id = $1 AND course_id = $2", trainee_b, course_a);
  g_assert_cmpint (count (a, "SELECT count(*) FROM trainees WHERE id = $1", trainee_b), ==, 0);
  g_assert_cmpint (count (a, "SELECT count(*) FROM trainees", NULL), ==, 1);
  g_assert_cmpint (count (m, "SELECT count(*) FROM trainees", NULL), ==, 3);
}

/* What the window and the command line show a staff member: the Overview's
 * counts are their academy's alone. */
static void
test_overview_sees_only_their_academy (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(PGconn) a = connect_as (f, f->staff_a);
  g_autoptr(PGconn) m = connect_as (f, f->manager);
  g_autoptr(GError) error = NULL;
  g_autoptr(UpOverviewCounts) mine = up_overview_counts_query (a, 0, &error);
  g_autoptr(UpOverviewCounts) all = NULL;
  gint64 claims = 0, all_claims = 0;

  g_assert_no_error (error);
  all = up_overview_counts_query (m, 0, &error);
  g_assert_no_error (error);

  g_assert_cmpint (mine->trainees, ==, 1);
  g_assert_cmpint (all->trainees, ==, 2);
  g_assert_cmpint (mine->enrollments, ==, 1);
  g_assert_cmpint (all->enrollments, ==, 2);
  g_assert_cmpint (mine->certifications, ==, 1);
  g_assert_cmpint (all->certifications, ==, 2);
  for (guint i = 0; i < UP_N_SUBSIDY_STATES; i++)
    {
      claims += mine->subsidy_count[i];
      all_claims += all->subsidy_count[i];
    }
  g_assert_cmpint (claims, ==, 1);
  g_assert_cmpint (all_claims, ==, 2);
}

/* Reports ------------------------------------------------------------------- */

/* A workbook as tests/read-xlsx.py reads it: "sheet\037row\037col" (1-based)
 * → the cell's value (escapes left as they are: the values here have none). */
typedef struct
{
  GHashTable *cells;
  GPtrArray  *sheets;
} Book;

static void
book_free (Book *book)
{
  g_hash_table_unref (book->cells);
  g_ptr_array_unref (book->sheets);
  g_free (book);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Book, book_free)

/* Makes report @kind as @login into a file of its own, and reads it back. */
static Book *
make_report (Fixture      *f,
             const char   *login,
             UpReportKind  kind,
             gint64        batch_id)
{
  g_autofree char *conninfo = g_strdup_printf ("%s user=%s", f->conninfo, login);
  g_autoptr(UpReportWriter) writer = up_report_writer_new (kind, conninfo);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "read-xlsx.py", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  Book *book;
  int status = 0;

  dir = g_dir_make_tmp ("test-access-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "report.xlsx", NULL);

  up_report_writer_set_language (writer, "en");
  if (batch_id > 0)
    up_report_writer_set_batch (writer, batch_id);
  up_report_writer_run_sync (writer, path, NULL, &error);
  g_assert_no_error (error);

  {
    const char *argv[] = { script, path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("read-xlsx.py failed: %s", err);
  }
  g_unlink (path);
  g_rmdir (dir);

  book = g_new0 (Book, 1);
  book->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  book->sheets = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      guint n = g_strv_length (fields);

      if (n == 7 && g_str_equal (fields[0], "cell"))
        g_hash_table_insert (book->cells, g_strdup_printf ("%s\037%s\037%s", fields[1], fields[2], fields[3]),
                             g_strdup (fields[6]));
      else if (n == 3 && g_str_equal (fields[0], "sheet"))
        g_ptr_array_add (book->sheets, g_strdup (fields[1]));
    }
  return book;
}

/* Whether a cell of @sheet holds exactly @value. */
static gboolean
book_sheet_has (Book       *book,
                const char *sheet,
                const char *value)
{
  g_autofree char *prefix = g_strconcat (sheet, "\037", NULL);
  GHashTableIter iter;
  gpointer key, cell;

  g_hash_table_iter_init (&iter, book->cells);
  while (g_hash_table_iter_next (&iter, &key, &cell))
    if (g_str_has_prefix (key, prefix) && g_str_equal (cell, value))
      return TRUE;
  return FALSE;
}

/* Whether a cell of any sheet holds exactly @value. */
static gboolean
book_has (Book       *book,
          const char *value)
{
  for (guint i = 0; i < book->sheets->len; i++)
    if (book_sheet_has (book, g_ptr_array_index (book->sheets, i), value))
      return TRUE;
  return FALSE;
}

/* A number in a cell; 0 for an empty cell. */
static gint64
book_int (Book       *book,
          const char *sheet,
          guint       row,
          guint       col)
{
  g_autofree char *key = g_strdup_printf ("%s\037%u\037%u", sheet, row, col);
  const char *value = g_hash_table_lookup (book->cells, key);

  return value != NULL ? (gint64) g_ascii_strtod (value, NULL) : 0;
}

/* The row whose column 1 holds @value, 0 when none does. */
static guint
book_row_of (Book       *book,
             const char *sheet,
             const char *value)
{
  for (guint row = 1; row < 1000; row++)
    {
      g_autofree char *key = g_strdup_printf ("%s\037%u\0371", sheet, row);
      const char *cell = g_hash_table_lookup (book->cells, key);

      if (cell != NULL && g_str_equal (cell, value))
        return row;
    }
  return 0;
}

/* Which of the trainees of academies A and B (学员1, 学员2: fixture_setup())
 * a workbook names. */
static void
assert_shows (Book     *book,
              gboolean  a,
              gboolean  b)
{
  g_assert_cmpint (book_has (book, "学员1"), ==, a);
  g_assert_cmpint (book_has (book, "学员2"), ==, b);
}

/* Both claims approved and put into a draft batch: its id. */
static gint64
claims_in_a_batch (Fixture *f)
{
  g_autofree char *batch = NULL;

  SQL (f->conn, "UPDATE subsidies SET state = 'approved'");
  batch = sql (f->conn, "INSERT INTO payment_batches (name, fund) VALUES ('2026 第一批', 'special') RETURNING id",
               NULL);
  SQL (f->conn, "UPDATE subsidies SET batch_id = $1", batch);
  return g_ascii_strtoll (batch, NULL, 10);
}

static void
test_roster_and_notice_show_their_academy (Fixture       *f,
                                           gconstpointer  data)
{
  gint64 batch = claims_in_a_batch (f);
  const UpReportKind kinds[] = { UP_REPORT_ROSTER, UP_REPORT_NOTICE };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(Book) mine = make_report (f, f->staff_a, kinds[i], batch);
      g_autoptr(Book) theirs = make_report (f, f->staff_b, kinds[i], batch);
      g_autoptr(Book) all = make_report (f, f->manager, kinds[i], batch);
      const char *sheet = g_ptr_array_index (mine->sheets, 0);

      g_test_message ("%s", up_report_kind_to_string (kinds[i]));
      assert_shows (mine, TRUE, FALSE);
      assert_shows (theirs, FALSE, TRUE);
      assert_shows (all, TRUE, TRUE);
      g_assert_false (book_has (mine, "工匠学院 AC-B"));
      /* A's one claim in row 4, the total after it; the manager's list
       * has both claims. */
      g_assert_cmpint (book_int (mine, sheet, 4, 1), ==, 1);
      g_assert_cmpint (book_int (mine, sheet, 5, 1), ==, 0);
      g_assert_cmpint (book_int (all, sheet, 5, 1), ==, 2);
    }
}

static void
test_ledger_shows_their_academy (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(Book) mine = NULL;
  g_autoptr(Book) all = NULL;
  g_autoptr(Book) before = make_report (f, f->staff_a, UP_REPORT_LEDGER, 0);

  assert_shows (before, TRUE, FALSE);
  g_assert_false (book_has (before, "工匠学院 AC-B"));

  claims_in_a_batch (f);
  mine = make_report (f, f->staff_a, UP_REPORT_LEDGER, 0);
  all = make_report (f, f->manager, UP_REPORT_LEDGER, 0);
  assert_shows (mine, TRUE, FALSE);
  g_assert_false (book_has (mine, "工匠学院 AC-B"));
  g_assert_false (book_has (mine, "AC-B"));
  /* The certificates' numbers. */
  g_assert_true (book_has (mine, "AC0"));
  g_assert_false (book_has (mine, "AC1"));
  assert_shows (all, TRUE, TRUE);
  g_assert_true (book_has (all, "AC-B"));
  g_assert_true (book_has (all, "AC1"));
}

static void
test_summary_shows_their_academy (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(Book) mine = make_report (f, f->staff_a, UP_REPORT_SUMMARY, 0);
  g_autoptr(Book) all = make_report (f, f->manager, UP_REPORT_SUMMARY, 0);
  guint a_row = book_row_of (mine, "Academies", "AC-A");
  guint b_row = book_row_of (mine, "Academies", "AC-B");
  guint grand = book_row_of (mine, "Academies", "Grand total");
  guint all_grand = book_row_of (all, "Academies", "Grand total");

  g_assert_cmpuint (a_row, >, 0);
  g_assert_cmpuint (grand, >, 0);
  g_assert_cmpuint (all_grand, >, 0);
  /* Academy A's course, seat and certificate; no row for B (a row of
   * zeros would read as an academy that did nothing); the manager's has
   * both. */
  g_assert_cmpint (book_int (mine, "Academies", a_row, 5), ==, 1);
  g_assert_cmpint (book_int (mine, "Academies", a_row, 6), ==, 1);
  g_assert_cmpint (book_int (mine, "Academies", a_row, 19), ==, 1);
  g_assert_cmpuint (b_row, ==, 0);
  g_assert_cmpuint (book_row_of (all, "Academies", "AC-B"), >, 0);
  g_assert_cmpint (book_int (mine, "Academies", grand, 5), ==, 1);
  g_assert_cmpint (book_int (mine, "Academies", grand, 6), ==, 1);
  g_assert_cmpint (book_int (mine, "Academies", grand, 19), ==, 1);
  g_assert_cmpint (book_int (all, "Academies", all_grand, 5), ==, 2);
  g_assert_cmpint (book_int (all, "Academies", all_grand, 6), ==, 2);
  g_assert_cmpint (book_int (all, "Academies", all_grand, 19), ==, 2);
  /* The courses: A's alone. */
  g_assert_true (book_sheet_has (mine, "Courses", "工匠学院 AC-A"));
  g_assert_false (book_sheet_has (mine, "Courses", "工匠学院 AC-B"));
  g_assert_true (book_sheet_has (all, "Courses", "工匠学院 AC-B"));
}

static void
test_progress_counts_their_academy (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(Book) mine = NULL;
  g_autoptr(Book) all = NULL;

  claims_in_a_batch (f);
  mine = make_report (f, f->staff_a, UP_REPORT_PROGRESS, 0);
  all = make_report (f, f->manager, UP_REPORT_PROGRESS, 0);

  /* Subsidised workers (approved claims) and certificates obtained, this
   * year, overall. */
  g_assert_cmpint (book_row_of (mine, "Progress", "Subsidised workers"), ==, 4);
  g_assert_cmpint (book_row_of (mine, "Progress", "Certificates obtained"), ==, 14);
  g_assert_cmpint (book_int (mine, "Progress", 4, 4), ==, 1);
  g_assert_cmpint (book_int (all, "Progress", 4, 4), ==, 2);
  g_assert_cmpint (book_int (mine, "Progress", 14, 4), ==, 1);
  g_assert_cmpint (book_int (all, "Progress", 14, 4), ==, 2);
}

/* Two people editing one trainee: the second save finds the version gone. */
/* A roster larger than the trainees table, imported by a staff member: the
 * search indexes are set aside and made again as their owner (schema v15);
 * the rows are the staff member's academy's all the same. */
static void
test_staff_import_large_roster (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(PGconn) admin = connect_as (f, f->admin);
  g_autoptr(GString) csv = g_string_new ("姓名,身份证号\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("upskill-access-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *conninfo = g_strdup_printf ("%s user=%s", f->conninfo, f->staff_a);
  g_autoptr(UpImport) import = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  gint64 indexes = count (f->conn, "SELECT count(*) FROM pg_index WHERE indrelid = 'trainees'::regclass", NULL);
  g_autofree char *oids = sql (f->conn, "SELECT string_agg (indexrelid::text, ',' ORDER BY indexrelid) FROM pg_index"
                                        " WHERE indrelid = 'trainees'::regclass", NULL);
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  for (guint i = 20; i < 25; i++)
    {
      g_autofree char *id = test_id_number (i);
      g_string_append_printf (csv, "学员%u,%s\n", i, id);
    }
  path = g_build_filename (dir, "roster.csv", NULL);
  g_file_set_contents (path, csv->str, -1, &error);
  g_assert_no_error (error);

  /* Not for an account that does not add trainees. */
  assert_state ("42501", admin, "SELECT up_trainees_begin_bulk_insert (1000)");

  import = up_import_new (UP_IMPORT_TRAINEES, path);
  up_import_set_academy_id (import, g_ascii_strtoll (f->academy_a, NULL, 10));
  summary = up_import_run (import, conninfo, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (summary->committed);
  g_assert_cmpuint (summary->imported, ==, 5);
  g_assert_cmpint (count (f->conn, "SELECT count(*) FROM trainees WHERE academy_id = $1", f->academy_a), ==, 6);
  g_assert_cmpint (count (f->conn, "SELECT count(*) FROM pg_index WHERE indrelid = 'trainees'::regclass", NULL),
                   ==, indexes);
  after = sql (f->conn, "SELECT string_agg (indexrelid::text, ',' ORDER BY indexrelid) FROM pg_index"
                        " WHERE indrelid = 'trainees'::regclass", NULL);
  g_assert_cmpstr (after, !=, oids);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_second_edit_conflicts (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PGconn) one = connect_as (f, f->staff_a);
  g_autoptr(PGconn) two = connect_as (f, f->staff_a);
  g_autofree char *trainee = sql (one, "SELECT id FROM trainees", NULL);
  g_autofree char *version = sql (one, "SELECT version FROM trainees WHERE id = $1", trainee, NULL);
  g_autofree char *first = sql (one, "UPDATE trainees SET phone = '13800138000' WHERE id = $1 AND version = $2 "
                                     "RETURNING version", trainee, version, NULL);
  g_autofree char *second = sql (two, "UPDATE trainees SET phone = '13900139000' WHERE id = $1 AND version = $2 "
                                      "RETURNING version", trainee, version, NULL);

  g_assert_nonnull (first);
  g_assert_null (second);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/access/staff/see-only-their-academy", test_staff_see_only_their_academy);
  ADD ("/access/staff/cannot-write-another-academy", test_staff_cannot_write_another_academy);
  ADD ("/access/staff/see-trainees-enrolled-at-their-academy", test_staff_see_trainees_enrolled_at_their_academy);
  ADD ("/access/staff/cannot-approve-or-set-policies", test_staff_cannot_approve_or_set_policies);
  ADD ("/access/accounts/only-administrators-manage-them", test_only_administrators_manage_accounts);
  ADD ("/access/overview/sees-only-their-academy", test_overview_sees_only_their_academy);
  ADD ("/access/editing/second-save-conflicts", test_second_edit_conflicts);
  ADD ("/access/staff/import-a-roster-larger-than-the-table", test_staff_import_large_roster);
  ADD ("/access/reports/roster-and-notice-show-their-academy", test_roster_and_notice_show_their_academy);
  ADD ("/access/reports/ledger-shows-their-academy", test_ledger_shows_their_academy);
  ADD ("/access/reports/summary-shows-their-academy", test_summary_shows_their_academy);
  ADD ("/access/reports/progress-counts-their-academy", test_progress_counts_their_academy);
#undef ADD

  ret = g_test_run ();
  up_test_pg_shutdown ();
  return ret;
}
