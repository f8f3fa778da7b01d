/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "up-backup.h"
#include "up-demo.h"
#include "up-error.h"
#include "up-migrations.h"
#include "up-pg.h"
#include "up-test-pg.h"

#define N_TRAINEES 300

typedef struct
{
  char    *conninfo;
  PGconn  *conn;
  char    *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("upskill-backup-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->conn, PQfinish);
  remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->conninfo);
}

static void
fill_with_demo (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;

  up_demo_options_init (&options);
  options.n_trainees = N_TRAINEES;
  options.seed = 7;
  up_demo_generate (f->conn, &options, NULL, &error);
  g_assert_no_error (error);
}

static void
command (PGconn     *conn,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  up_pg_command (conn, sql, 0, NULL, &error);
  g_assert_no_error (error);
}

/* Every table's row count and an md5 of all its rows in a fixed order, and
 * every sequence's value: one line each, sorted by name. */
static char *
snapshot (PGconn *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) tables = NULL;
  g_autoptr(PGresult) sequences = NULL;
  GString *out = g_string_new (NULL);

  tables = up_pg_exec (conn, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
                       0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (tables), >, 10);

  for (int i = 0; i < PQntuples (tables); i++)
    {
      const char *name = PQgetvalue (tables, i, 0);
      char *ident = PQescapeIdentifier (conn, name, strlen (name));
      g_autofree char *sql = g_strdup_printf ("SELECT count(*), coalesce (md5 (string_agg (t::text, E'\\n' "
                                              "ORDER BY t::text)), '-') FROM public.%s t", ident);
      g_autoptr(PGresult) rows = NULL;

      PQfreemem (ident);
      rows = up_pg_exec (conn, sql, 0, NULL, &error);
      g_assert_no_error (error);
      g_string_append_printf (out, "%s %s %s\n", name, PQgetvalue (rows, 0, 0), PQgetvalue (rows, 0, 1));
    }

  sequences = up_pg_exec (conn, "SELECT sequencename, coalesce (last_value, 0) FROM pg_sequences "
                          "WHERE schemaname = 'public' ORDER BY 1", 0, NULL, &error);
  g_assert_no_error (error);
  for (int i = 0; i < PQntuples (sequences); i++)
    g_string_append_printf (out, "sequence %s %s\n", PQgetvalue (sequences, i, 0), PQgetvalue (sequences, i, 1));

  /* Who may do what: grants, row-level security and its policies. */
  {
    g_autoptr(PGresult) access = NULL;

    access = up_pg_exec (conn,
                         "SELECT concat_ws (E'\\n',"
                         " (SELECT string_agg (concat_ws (' ', grantee, privilege_type, table_name), ','"
                         "  ORDER BY grantee, privilege_type, table_name)"
                         "  FROM information_schema.role_table_grants WHERE table_schema = 'public'),"
                         " (SELECT string_agg (concat_ws (' ', relname, relrowsecurity), ',' ORDER BY relname)"
                         "  FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'),"
                         " (SELECT string_agg (concat_ws (' ', tablename, policyname, roles::text, qual), ','"
                         "  ORDER BY tablename, policyname) FROM pg_policies WHERE schemaname = 'public'))",
                         0, NULL, &error);
    g_assert_no_error (error);
    g_string_append_printf (out, "access %s\n", PQgetvalue (access, 0, 0));
  }

  return g_string_free (out, FALSE);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* A dump or a restore goes over the whole database: a long job, a minute
 * at most. */
static void
wait_for_result (GAsyncResult **result,
                 const char    *what)
{
  up_test_wait_for_pointer_full (result, 60, what);
}

static gboolean
dump (const char    *conninfo,
      const char    *path,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  up_backup_dump_async (conninfo, path, cancellable, wait_cb, &result);
  wait_for_result (&result, "the dump (up_backup_dump_async())");
  return up_backup_dump_finish (result, error);
}

static gboolean
restore (const char    *conninfo,
         const char    *path,
         const char    *safety_dir,
         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  up_backup_restore_async (conninfo, path, safety_dir, NULL, wait_cb, &result);
  wait_for_result (&result, "the restore (up_backup_restore_async())");
  return up_backup_restore_finish (result, error);
}

static char *
daily (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *path;

  up_backup_daily_async (f->conninfo, f->dir, UP_BACKUP_KEEP_DAILY, NULL, wait_cb, &result);
  wait_for_result (&result, "the daily backup (up_backup_daily_async())");
  path = up_backup_daily_finish (result, &error);
  g_assert_no_error (error);
  return path;
}

static guint
count_files (const char *dir,
             const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      if (prefix == NULL || g_str_has_prefix (name, prefix))
        n++;
    }
  return n;
}

static void
touch (const char *dir,
       const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, "old", -1, &error);
  g_assert_no_error (error);
}

/* Tests ---------------------------------------------------------------------- */

static void
test_restore_gives_back_what_was_backed_up (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "round-trip.dump", NULL);
  g_autofree char *before = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *after = NULL;
  g_autoptr(UpBackupInfo) info = NULL;
  GStatBuf st;

  fill_with_demo (f);
  before = snapshot (f->conn);

  dump (f->conninfo, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* Only the archive: no temporary file left beside it. */
  g_assert_cmpuint (count_files (f->dir, NULL), ==, 1);

  info = up_backup_inspect_sync (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->created, !=, "");
  g_assert_true (g_str_has_prefix (info->dbname, "test"));

  /* Change, delete and add rows in several tables. */
  command (f->conn, "UPDATE settings SET value = '60' WHERE key = 'completion_threshold_percent'");
  command (f->conn, "UPDATE trainees SET name = name || '改' WHERE id % 3 = 0");
  command (f->conn, "DELETE FROM annual_targets");
  command (f->conn, "INSERT INTO academies (code, name, level, district, industry, founded_on) "
                    "SELECT code || 'X', name || '分院', level, district, industry, founded_on FROM academies");
  changed = snapshot (f->conn);
  g_assert_cmpstr (changed, !=, before);

  restore (f->conninfo, path, f->dir, &error);
  g_assert_no_error (error);

  after = snapshot (f->conn);
  g_assert_cmpstr (after, ==, before);

  /* The database as it was before the restore is kept aside. */
  g_assert_cmpuint (count_files (f->dir, "before-restore-"), ==, 1);

  /* The schema is still the program's: nothing to migrate. */
  {
    int current = 0;

    g_assert_true (up_migrations_get_current (f->conn, &current, &error));
    g_assert_cmpint (current, ==, up_migrations_get_latest ());
  }
}

static void
test_restore_refuses_a_file_that_is_no_backup (Fixture       *f,
                                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "notes.dump", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fill_with_demo (f);
  before = snapshot (f->conn);

  g_file_set_contents (path, "PGDMP but not really\n", -1, &error);
  g_assert_no_error (error);

  g_assert_false (restore (f->conninfo, path, f->dir, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, path));

  /* Refused before anything was done: no safety copy either. */
  g_assert_cmpuint (count_files (f->dir, "before-restore-"), ==, 0);
  after = snapshot (f->conn);
  g_assert_cmpstr (after, ==, before);
}

static void
test_restore_failing_half_way_changes_nothing (Fixture       *f,
                                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "old.dump", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fill_with_demo (f);
  dump (f->conninfo, path, NULL, &error);
  g_assert_no_error (error);

  /* Something the archive does not know depends on one of its tables: the
   * restore cannot drop that table and must undo all it did. */
  command (f->conn, "CREATE VIEW someone_elses_view AS SELECT id, name FROM trainees");
  command (f->conn, "UPDATE trainees SET name = name || '改' WHERE id % 2 = 0");
  before = snapshot (f->conn);

  g_assert_false (restore (f->conninfo, path, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "The database is unchanged. "));
  g_assert_nonnull (strstr (error->message, "cannot drop"));

  after = snapshot (f->conn);
  g_assert_cmpstr (after, ==, before);
}

static void
test_restore_of_a_truncated_archive_changes_nothing (Fixture       *f,
                                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "cut.dump", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize length = 0;

  fill_with_demo (f);
  dump (f->conninfo, path, NULL, &error);
  g_assert_no_error (error);

  /* The table of contents is whole, the rows stop half way: pg_restore
   * has already sent the DROPs when it fails. */
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, length - 2000, &error);
  g_assert_no_error (error);

  command (f->conn, "UPDATE trainees SET name = name || '改' WHERE id % 2 = 0");
  before = snapshot (f->conn);

  g_assert_false (restore (f->conninfo, path, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_FAILED);

  after = snapshot (f->conn);
  g_assert_cmpstr (after, ==, before);
}

static void
test_takes_a_password_and_never_quotes_it (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "pw.dump", NULL);
  g_autofree char *conninfo = g_strconcat (f->conninfo, " password='s3cret-pw'", NULL);

  /* Trust authentication ignores the password; pg_dump still succeeds
   * with it in its environment only. */
  dump (conninfo, path, NULL, &error);
  g_assert_no_error (error);

  /* A broken string is reported without being quoted. */
  g_assert_false (dump ("host='unterminated password=s3cret-pw", path, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_null (strstr (error->message, "s3cret"));
}

static void
test_cancelled_backup_leaves_no_file (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (f->dir, "cancelled.dump", NULL);

  fill_with_demo (f);
  g_cancellable_cancel (cancellable);

  g_assert_false (dump (f->conninfo, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (f->dir, NULL), ==, 0);
}

static void
test_daily_backup_keeps_the_last_seven (Fixture       *f,
                                        gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  /* Ten backups of days long gone, and files that are not ours. */
  for (int day = 1; day <= 10; day++)
    {
      g_autofree char *name = g_strdup_printf ("upskill-202601%02d-030000.dump", day);
      touch (f->dir, name);
    }
  touch (f->dir, "upskill-notes.txt");
  touch (f->dir, "mine.dump");

  g_assert_true (up_backup_daily_is_due (f->dir, now));
  first = daily (f);
  g_assert_nonnull (first);
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));

  /* The new one and the six newest old ones; the rest untouched. */
  g_assert_cmpuint (count_files (f->dir, "upskill-2"), ==, 7);
  {
    g_autofree char *oldest_kept = g_build_filename (f->dir, "upskill-20260105-030000.dump", NULL);
    g_autofree char *newest_gone = g_build_filename (f->dir, "upskill-20260104-030000.dump", NULL);

    g_assert_true (g_file_test (oldest_kept, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (newest_gone, G_FILE_TEST_EXISTS));
  }
  g_assert_cmpuint (count_files (f->dir, "upskill-notes"), ==, 1);
  g_assert_cmpuint (count_files (f->dir, "mine"), ==, 1);

  /* Once a day: not again at the next start. */
  g_assert_false (up_backup_daily_is_due (f->dir, now));
  second = daily (f);
  g_assert_null (second);
  g_assert_cmpuint (count_files (f->dir, "upskill-2"), ==, 7);
}

static void
test_daily_backup_is_due_once_a_day (void)
{
  g_autofree char *dir = g_dir_make_tmp ("upskill-due-XXXXXX", NULL);
  g_autoptr(GDateTime) made = g_date_time_new_local (2026, 11, 20, 9, 0, 0);
  g_autoptr(GDateTime) same_day = g_date_time_add_hours (made, 14);
  g_autoptr(GDateTime) next_day = g_date_time_add_hours (made, 23);
  g_autoptr(GDateTime) long_before = g_date_time_add_days (made, -30);
  g_autofree char *path = up_backup_build_path (dir, made);
  g_autofree char *base = g_path_get_basename (path);

  g_assert_cmpstr (base, ==, "upskill-20261120-090000.dump");
  g_assert_true (up_backup_daily_is_due (dir, made));

  touch (dir, base);
  g_assert_false (up_backup_daily_is_due (dir, made));
  g_assert_false (up_backup_daily_is_due (dir, same_day));
  g_assert_true (up_backup_daily_is_due (dir, next_day));
  /* A backup dated far ahead by a wrong clock does not stop new ones. */
  g_assert_true (up_backup_daily_is_due (dir, long_before));

  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/backup/restore/gives-back-what-was-backed-up", Fixture, NULL,
              fixture_setup, test_restore_gives_back_what_was_backed_up, fixture_teardown);
  g_test_add ("/backup/restore/refuses-a-file-that-is-no-backup", Fixture, NULL,
              fixture_setup, test_restore_refuses_a_file_that_is_no_backup, fixture_teardown);
  g_test_add ("/backup/restore/failing-half-way-changes-nothing", Fixture, NULL,
              fixture_setup, test_restore_failing_half_way_changes_nothing, fixture_teardown);
  g_test_add ("/backup/restore/of-a-truncated-archive-changes-nothing", Fixture, NULL,
              fixture_setup, test_restore_of_a_truncated_archive_changes_nothing, fixture_teardown);
  g_test_add ("/backup/dump/takes-a-password-and-never-quotes-it", Fixture, NULL,
              fixture_setup, test_takes_a_password_and_never_quotes_it, fixture_teardown);
  g_test_add ("/backup/dump/cancelled-leaves-no-file", Fixture, NULL,
              fixture_setup, test_cancelled_backup_leaves_no_file, fixture_teardown);
  g_test_add ("/backup/daily/keeps-the-last-seven", Fixture, NULL,
              fixture_setup, test_daily_backup_keeps_the_last_seven, fixture_teardown);
  g_test_add_func ("/backup/daily/is-due-once-a-day", test_daily_backup_is_due_once_a_day);

  return g_test_run ();
}
