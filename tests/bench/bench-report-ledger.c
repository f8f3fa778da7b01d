/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-report-ledger"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <xlsxwriter.h>

#include "up-bench.h"
#include "up-migrations.h"
#include "up-pg.h"
#include "up-report-writer.h"

/* The subsidy ledger of a whole region:
 *
 *   bench-report-ledger [N]       N claims (default 1000000) on a throwaway
 *                                 database, made by generate_series
 *   UPSKILL_BENCH_DATABASE=conninfo bench-report-ledger [N]
 *                                 a database of one's own, filled on the
 *                                 first run when it holds no claim
 *
 * Prints the time of the ledger report (query, cursor, cells, zip), the
 * time of the same number of cells of the same kinds written by
 * libxlsxwriter alone in constant_memory mode, their ratio (the goal: at
 * most 1.5) and the peak resident memory (the goal: under 100 MB). */

#define N_TRAINEES_PER_CLAIM 5

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-report-ledger: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* Academies, trainees with valid ID numbers, a certificate per claim and
 * the claims in every state, all by generate_series.  The rules' triggers
 * (claim computation, audit) are off for the load: the test cluster's user
 * is its superuser. */
static const char *fill_sql[] = {
  "SET session_replication_role = replica",
  "INSERT INTO academies (code, name, level, district) "
  "SELECT 'B' || i, '重庆市第' || i || '工匠学院', (enum_range (NULL::academy_level))[1 + i % 4], '渝中区' "
  "  FROM generate_series (1, 40) i",
  "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from) "
  "VALUES ('职业技能等级补助', 'skill_level', 3, 150050, '2020-01-01')",
  "INSERT INTO payment_batches (name, fund, state) "
  "SELECT '2025年第' || i || '批职工技能学历提升补助', 'special', 'paid' FROM generate_series (1, 12) i",
  "INSERT INTO trainees (academy_id, id_number, name, employer) "
  "SELECT (SELECT min (id) FROM academies) + i % 40,"
  "       f || up_id_number_check_character (f),"
  "       (ARRAY['张','王','李','赵','刘','陈','杨','黄'])[1 + i % 8] || (ARRAY['伟','芳','娜','敏','静','强','磊','洋'])[1 + (i / 8) % 8],"
  "       '重庆长安汽车股份有限公司第' || (i % 97) || '分厂'"
  "  FROM generate_series (0, $1::int - 1) i,"
  "       LATERAL (SELECT '500103' || to_char (date '1970-01-01' + i % 10000, 'YYYYMMDD')"
  "                       || lpad ((i / 10000)::text, 3, '0') AS f) g",
  "INSERT INTO certifications (academy_id, trainee_id, kind, occupation, skill_level, certificate_no, "
  "                            issuing_body, issued_on) "
  "SELECT t.academy_id, t.id, 'skill_level', '焊工', 1 + k % 5, 'S' || lpad ((t.id * 8 + k)::text, 15, '0'),"
  "       '重庆市职业技能鉴定指导中心', date '2025-01-01' + ((t.id + k) % 300)::int"
  "  FROM trainees t, generate_series (0, $1::int - 1) k",
  "INSERT INTO subsidies (academy_id, trainee_id, certification_id, policy_id, batch_id, amount_fen, state, "
  "                       reason, claimed_on, decided_at, paid_at) "
  "SELECT c.academy_id, c.trainee_id, c.id, (SELECT min (id) FROM subsidy_policies),"
  "       CASE WHEN c.id % 5 IN (3, 4) THEN (SELECT min (id) FROM payment_batches) + c.id % 12 END,"
  "       100000 + (c.id % 1000) * 17 + c.id % 100,"
  "       (ARRAY['pending','approved','rejected','paid','failed'])[1 + c.id % 5]::subsidy_state,"
  "       CASE WHEN c.id % 5 = 2 THEN '证书不在补助目录内' END,"
  "       c.issued_on + 10,"
  "       CASE WHEN c.id % 5 > 0 THEN c.issued_on + 20 END,"
  "       CASE WHEN c.id % 5 IN (3, 4) THEN c.issued_on + 40 END"
  "  FROM certifications c",
  "SET session_replication_role = DEFAULT",
  "ANALYZE",
};

static void
fill (PGconn  *conn,
      guint64  n_claims)
{
  g_autofree char *trainees = g_strdup_printf ("%" G_GUINT64_FORMAT, MAX (n_claims / N_TRAINEES_PER_CLAIM, 1));
  g_autofree char *per = g_strdup_printf ("%d", N_TRAINEES_PER_CLAIM);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_print ("generating %" G_GUINT64_FORMAT " claims\n", n_claims);
  for (guint i = 0; i < G_N_ELEMENTS (fill_sql); i++)
    {
      const char *param = i == 4 ? trainees : i == 5 ? per : NULL;

      if (!up_pg_command (conn, fill_sql[i], param != NULL ? 1 : 0, param != NULL ? &param : NULL, &error))
        die ("generate", error);
    }
  g_print ("generated in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);
}

/* The same cells as the ledger of the generated claims, from memory: per
 * row numbers, dates and strings (two of the "@" text format) as the
 * ledger writes them, in constant_memory. */
static double
bare_write (const char *path,
            gint64      n_rows)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE };
  lxw_workbook *wb = workbook_new_opt (path, &options);
  lxw_worksheet *ws = workbook_add_worksheet (wb, "Claims");
  lxw_format *text = workbook_add_format (wb);
  lxw_format *money = workbook_add_format (wb);
  lxw_format *date_format = workbook_add_format (wb);
  lxw_format *integer = workbook_add_format (wb);
  gint64 start = g_get_monotonic_time ();
  lxw_error status = LXW_NO_ERROR;
  char id_number[19];
  char certificate[20];

  format_set_num_format (text, "@");
  format_set_num_format (money, "¥#,##0.00");
  format_set_num_format (date_format, "yyyy-mm-dd");
  format_set_num_format (integer, "#,##0");
  for (lxw_col_t c = 0; c < 15; c++)
    worksheet_set_column (ws, c, c, 14, NULL);

  for (gint64 i = 0; i < n_rows && status == LXW_NO_ERROR; i++)
    {
      lxw_row_t row = (lxw_row_t) (i + 3);
      lxw_datetime date = { 2025, 1 + i % 12, 1 + i % 28, 0, 0, 0 };

      g_snprintf (id_number, sizeof id_number, "500103********%03d%c", (int) (i % 1000), 'X');
      g_snprintf (certificate, sizeof certificate, "S%015" G_GINT64_FORMAT, i);
      status = worksheet_write_number (ws, row, 0, (double) i, integer);
      status |= worksheet_write_datetime (ws, row, 1, &date, date_format);
      status |= worksheet_write_string (ws, row, 2, "重庆市第12工匠学院", NULL);
      status |= worksheet_write_string (ws, row, 3, "张伟", NULL);
      status |= worksheet_write_string (ws, row, 4, id_number, text);
      status |= worksheet_write_string (ws, row, 5, "焊工", NULL);
      status |= worksheet_write_string (ws, row, 6, "高级工", NULL);
      status |= worksheet_write_string (ws, row, 7, certificate, text);
      status |= worksheet_write_string (ws, row, 8, "职业技能等级补助", NULL);
      status |= worksheet_write_number (ws, row, 9, (double) (100000 + i % 17000) / 100, money);
      status |= worksheet_write_string (ws, row, 10, "已发放", NULL);
      /* The cells the generated claims have: a decision for four in five,
       * a batch and payment for two, a reason for one. */
      if (i % 5 > 0)
        status |= worksheet_write_datetime (ws, row, 11, &date, date_format);
      if (i % 5 >= 3)
        {
          status |= worksheet_write_string (ws, row, 12, "2025年第3批职工技能学历提升补助", NULL);
          status |= worksheet_write_datetime (ws, row, 13, &date, date_format);
        }
      if (i % 5 == 2)
        status |= worksheet_write_string (ws, row, 14, "证书不在补助目录内", NULL);
    }

  status |= workbook_close (wb);
  if (status != LXW_NO_ERROR)
    die ("bare write", NULL);

  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *report_path = NULL;
  g_autofree char *bare_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(UpReportWriter) writer = NULL;
  guint64 n_claims = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  gint64 claims = 0;
  double report_s, bare_s, report_rss;
  GStatBuf report_stat, bare_stat;
  gint64 start;

  setlocale (LC_ALL, "");

  conninfo = up_bench_dup_conninfo ();
  conn = up_pg_connect (conninfo, &error);
  if (conn == NULL || !up_migrations_apply (conn, NULL, &error))
    die ("connect", error);

  if (!up_pg_query_int64 (conn, "SELECT count(*) FROM subsidies", 0, NULL, &claims, &error))
    die ("count", error);
  if (claims == 0)
    {
      fill (conn, n_claims);
      if (!up_pg_query_int64 (conn, "SELECT count(*) FROM subsidies", 0, NULL, &claims, &error))
        die ("count", error);
    }
  g_print ("claims: %" G_GINT64_FORMAT "\n", claims);

  dir = g_dir_make_tmp ("bench-report-ledger-XXXXXX", &error);
  if (dir == NULL)
    die ("temp dir", error);
  report_path = g_build_filename (dir, "ledger.xlsx", NULL);
  bare_path = g_build_filename (dir, "bare.xlsx", NULL);

  writer = up_report_writer_new (UP_REPORT_LEDGER, conninfo);
  {
    GDate from, to;

    g_date_clear (&from, 1);
    g_date_clear (&to, 1);
    g_date_set_dmy (&from, 1, 1, 2000);
    g_date_set_dmy (&to, 31, 12, 2100);
    up_report_writer_set_period (writer, &from, &to);
  }

  start = g_get_monotonic_time ();
  if (!up_report_writer_run_sync (writer, report_path, NULL, &error))
    die ("report", error);
  report_s = (g_get_monotonic_time () - start) / 1e6;
  report_rss = peak_rss_mb ();

  bare_s = bare_write (bare_path, claims);

  g_stat (report_path, &report_stat);
  g_stat (bare_path, &bare_stat);
  g_print ("ledger report: %.1f s, %.1f MB file\n", report_s, report_stat.st_size / 1e6);
  g_print ("libxlsxwriter alone, same cells: %.1f s, %.1f MB file\n", bare_s, bare_stat.st_size / 1e6);
  g_print ("ratio: %.2f (goal: at most 1.5)\n", report_s / bare_s);
  g_print ("peak RSS after the report: %.1f MB (goal: under 100 MB); at the end: %.1f MB\n",
           report_rss, peak_rss_mb ());

  g_unlink (report_path);
  g_unlink (bare_path);
  g_rmdir (dir);
  return EXIT_SUCCESS;
}
