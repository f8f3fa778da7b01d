/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-import"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "up-id-number.h"
#include "up-import.h"
#include "up-migrations.h"
#include "up-pg.h"
#include "up-test-pg.h"

/* The import against the floor of what PostgreSQL can load:
 *
 *   bench-import [N]                 N rows (default 1000000)
 *   UPSKILL_BENCH_DATABASE=conninfo bench-import [N]
 *
 * Writes a roster of N valid, distinct trainees as CSV, then in the same
 * run times `psql \copy` of that file into an unindexed table of text
 * columns, and the real import (every row checked, staged through COPY and
 * merged into trainees with all its indexes and triggers).  Prints both,
 * their ratio (the target is 3 or less) and the peak RSS of this process,
 * which reads the file as a stream. */

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-import: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static char *
write_roster (const char *dir,
              guint       n)
{
  static const char *surnames[] = { "张", "王", "李", "刘", "陈", "杨", "黄", "赵", "周", "吴" };
  static const char *given[] = { "晓明", "娜", "伟", "芳", "强", "静", "磊", "洋", "勇", "艳", "军", "杰" };
  static const char *employers[] = { "重庆长安汽车股份有限公司", "重庆机电控股（集团）公司", "重庆钢铁股份有限公司",
                                     "中国船舶重庆长平机械有限责任公司", "重庆轨道交通（集团）有限公司" };
  static const char *educations[] = { "中专", "大专", "本科", "", "高中" };
  static const char *levels[] = { "初级工", "中级工", "高级工", "技师", "" };
  g_autofree char *path = g_build_filename (dir, "roster.csv", NULL);
  FILE *file = g_fopen (path, "wb");
  GDate date;

  if (file == NULL)
    die ("write", NULL);

  fputs ("姓名,身份证号,手机号,工作单位,行业,工会会员,学历,技能等级\n", file);
  for (guint i = 0; i < n; i++)
    {
      char first17[18];

      /* Distinct: a thousand sequence numbers per birth date. */
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, 1, 1970);
      g_date_add_days (&date, i / 1000);
      g_snprintf (first17, sizeof first17, "500112%04u%02u%02u%03u",
                  (unsigned) g_date_get_year (&date), (unsigned) g_date_get_month (&date),
                  (unsigned) g_date_get_day (&date), i % 1000);
      fprintf (file, "%s%s,%s%c,138%08u,%s,制造业,%s,%s,%s\n",
               surnames[i % G_N_ELEMENTS (surnames)], given[(i / 10) % G_N_ELEMENTS (given)],
               first17, up_id_number_check_character (first17), i,
               employers[i % G_N_ELEMENTS (employers)], i % 3 == 0 ? "否" : "是",
               educations[i % G_N_ELEMENTS (educations)], levels[i % G_N_ELEMENTS (levels)]);
    }

  if (fclose (file) != 0)
    die ("write", NULL);
  return g_steal_pointer (&path);
}

static double
time_psql_copy (const char *conninfo,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_strdup_printf ("\\copy bench_copy FROM '%s' WITH (FORMAT csv, HEADER true)", path);
  const char *argv[] = { "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", copy, NULL };
  g_autofree char *err = NULL;
  gint64 start;
  int status = 0;

  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s", err != NULL ? err : "");
      die ("psql \\copy", error);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  if (GPOINTER_TO_INT (user_data))
    {
      g_printerr ("\r%3d %%", (int) (fraction * 100));
      if (fraction >= 1.0)
        g_printerr ("\r");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(UpImport) import = NULL;
  g_autoptr(UpImportSummary) summary = NULL;
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  struct rusage usage;
  double copy_s, import_s;
  gint64 start;
  gint64 academy = 0;

  setlocale (LC_ALL, "");
  if (n == 0 || n > 20000000)
    {
      g_printerr ("usage: bench-import [ROWS]\n");
      return 2;
    }

  conninfo = g_getenv ("UPSKILL_BENCH_DATABASE") != NULL
             ? g_strdup (g_getenv ("UPSKILL_BENCH_DATABASE"))
             : up_test_pg_new_migrated ();
  conn = up_pg_connect (conninfo, &error);
  if (conn == NULL || !up_migrations_apply (conn, NULL, &error))
    die ("connect", error);

  if (!up_pg_query_int64 (conn,
                          "INSERT INTO academies (code, name, level, district) "
                          "VALUES ('BENCH-IMP', '导入基准学院', 'municipal', '渝中区') "
                          "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id",
                          0, NULL, &academy, &error)
      || !up_pg_command (conn, "DROP TABLE IF EXISTS bench_copy", 0, NULL, &error)
      || !up_pg_command (conn, "CREATE TABLE bench_copy (name text, id_number text, phone text, employer text,"
                               " industry text, union_member text, education text, skill_level text)",
                         0, NULL, &error))
    die ("setup", error);

  dir = g_dir_make_tmp ("bench-import-XXXXXX", &error);
  if (dir == NULL)
    die ("temp dir", error);

  start = g_get_monotonic_time ();
  path = write_roster (dir, n);
  g_print ("roster of %u rows written in %.1f s\n", n, (g_get_monotonic_time () - start) / 1e6);

  copy_s = time_psql_copy (conninfo, path);
  g_print ("psql \\copy into an unindexed table: %.2f s\n", copy_s);

  import = up_import_new (UP_IMPORT_TRAINEES, path);
  up_import_set_academy_id (import, academy);
  start = g_get_monotonic_time ();
  summary = up_import_run (import, conninfo, progress_cb, GINT_TO_POINTER (isatty (2)), NULL, &error);
  if (summary == NULL)
    die ("import", error);
  import_s = (g_get_monotonic_time () - start) / 1e6;

  g_print ("import, checked and merged: %.2f s (%u read, %u imported, %u updated, %u skipped, %u rejected)\n",
           import_s, summary->read, summary->imported, summary->updated, summary->skipped, summary->rejected);
  g_print ("ratio: %.2f (target: 3 or less)\n", import_s / copy_s);

  getrusage (RUSAGE_SELF, &usage);
  g_print ("peak RSS of this process: %.1f MB\n", usage.ru_maxrss / 1024.0);

  up_pg_command (conn, "DROP TABLE IF EXISTS bench_copy", 0, NULL, NULL);
  g_unlink (path);
  g_rmdir (dir);
  return summary->rejected == 0 && summary->imported + summary->skipped == n ? EXIT_SUCCESS : EXIT_FAILURE;
}
