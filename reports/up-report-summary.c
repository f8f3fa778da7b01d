/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-report-summary"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-academy.h"
#include "up-course.h"
#include "up-report-private.h"

/* The academy summary (工匠学院培训情况汇总表) of a period:
 *
 *   - courses held: started within the period and not cancelled;
 *   - person-times: the seats taken in those courses (enrolled, completed,
 *     not completed: the waiting list and withdrawals trained nobody);
 *   - completions, and their share of the person-times;
 *   - certificates issued within the period, by skill and academic level;
 *   - subsidy claims made within the period, by state, with their yuan.
 *
 * One row per academy the person may act for (a staff member's own; all
 * for a manager: up_caller_may_act_for), by level, then name, then a
 * subtotal per academy
 * level and the grand total, added up here in integers from the rows; a
 * sheet with a row per course; a chart sheet of person-times and
 * certificates per academy. */

#define SEATED "('enrolled', 'completed', 'not_completed')"

static const char *academies_sql =
  "WITH a AS (SELECT id, code, name, level, district FROM academies"
  "            WHERE ($3::bigint IS NULL OR id = $3::bigint) AND up_caller_may_act_for (id)),"
  "     c AS (SELECT id, academy_id FROM courses"
  "            WHERE start_date BETWEEN $1::date AND $2::date AND status <> 'cancelled'"
  "              AND ($3::bigint IS NULL OR academy_id = $3::bigint)),"
  "     cc AS (SELECT academy_id, count(*) AS courses FROM c GROUP BY academy_id),"
  "     e AS (SELECT c.academy_id, count(*) AS seats,"
  "                  count(*) FILTER (WHERE e.status = 'completed') AS completed"
  "             FROM enrollments e JOIN c ON c.id = e.course_id"
  "            WHERE e.status IN " SEATED
  "            GROUP BY c.academy_id),"
  "     x AS (SELECT academy_id,"
  "                  count(*) FILTER (WHERE kind = 'skill_level' AND skill_level = 5) AS s5,"
  "                  count(*) FILTER (WHERE kind = 'skill_level' AND skill_level = 4) AS s4,"
  "                  count(*) FILTER (WHERE kind = 'skill_level' AND skill_level = 3) AS s3,"
  "                  count(*) FILTER (WHERE kind = 'skill_level' AND skill_level = 2) AS s2,"
  "                  count(*) FILTER (WHERE kind = 'skill_level' AND skill_level = 1) AS s1,"
  "                  count(*) FILTER (WHERE kind = 'academic_degree' AND academic_level = 'secondary') AS a1,"
  "                  count(*) FILTER (WHERE kind = 'academic_degree' AND academic_level = 'junior_college') AS a2,"
  "                  count(*) FILTER (WHERE kind = 'academic_degree' AND academic_level = 'bachelor') AS a3,"
  "                  count(*) FILTER (WHERE kind = 'academic_degree' AND academic_level = 'postgraduate') AS a4,"
  "                  count(*) FILTER (WHERE kind = 'skill_level' AND skill_level <= 3) AS high,"
  "                  count(*) AS total"
  "             FROM certifications"
  "            WHERE issued_on BETWEEN $1::date AND $2::date"
  "              AND ($3::bigint IS NULL OR academy_id = $3::bigint)"
  "            GROUP BY academy_id),"
  "     s AS (SELECT academy_id,"
  "                  count(*) FILTER (WHERE state = 'pending') AS n1, sum (amount_fen) FILTER (WHERE state = 'pending') AS f1,"
  "                  count(*) FILTER (WHERE state = 'approved') AS n2, sum (amount_fen) FILTER (WHERE state = 'approved') AS f2,"
  "                  count(*) FILTER (WHERE state = 'rejected') AS n3, sum (amount_fen) FILTER (WHERE state = 'rejected') AS f3,"
  "                  count(*) FILTER (WHERE state = 'paid') AS n4, sum (amount_fen) FILTER (WHERE state = 'paid') AS f4,"
  "                  count(*) FILTER (WHERE state = 'failed') AS n5, sum (amount_fen) FILTER (WHERE state = 'failed') AS f5"
  "             FROM subsidies"
  "            WHERE claimed_on BETWEEN $1::date AND $2::date"
  "              AND ($3::bigint IS NULL OR academy_id = $3::bigint)"
  "            GROUP BY academy_id)"
  "SELECT a.code, a.name, a.level::text, a.district,"
  "       coalesce (cc.courses, 0), coalesce (e.seats, 0), coalesce (e.completed, 0),"
  "       coalesce (x.s5, 0), coalesce (x.s4, 0), coalesce (x.s3, 0), coalesce (x.s2, 0), coalesce (x.s1, 0),"
  "       coalesce (x.a1, 0), coalesce (x.a2, 0), coalesce (x.a3, 0), coalesce (x.a4, 0),"
  "       coalesce (x.high, 0), coalesce (x.total, 0),"
  "       coalesce (s.n1, 0), coalesce (s.f1, 0), coalesce (s.n2, 0), coalesce (s.f2, 0),"
  "       coalesce (s.n3, 0), coalesce (s.f3, 0), coalesce (s.n4, 0), coalesce (s.f4, 0),"
  "       coalesce (s.n5, 0), coalesce (s.f5, 0)"
  "  FROM a"
  "  LEFT JOIN cc ON cc.academy_id = a.id"
  "  LEFT JOIN e ON e.academy_id = a.id"
  "  LEFT JOIN x ON x.academy_id = a.id"
  "  LEFT JOIN s ON s.academy_id = a.id"
  " ORDER BY a.level, a.name COLLATE up_pinyin";

static const char *courses_count_sql =
  "SELECT count(*) FROM courses"
  " WHERE start_date BETWEEN $1::date AND $2::date AND status <> 'cancelled'"
  "   AND ($3::bigint IS NULL OR academy_id = $3::bigint)";

static const char *courses_sql =
  "SELECT a.name, c.title, m.name, c.kind::text, to_char (c.start_date, 'YYYY-MM-DD'),"
  "       to_char (c.end_date, 'YYYY-MM-DD'), c.hours::text, c.capacity, c.status::text,"
  "       (SELECT count(*) FROM enrollments e WHERE e.course_id = c.id AND e.status IN " SEATED "),"
  "       (SELECT count(*) FROM enrollments e WHERE e.course_id = c.id AND e.status = 'completed'),"
  "       (SELECT count(*) FROM certifications x WHERE x.course_id = c.id"
  "           AND x.issued_on BETWEEN $1::date AND $2::date)"
  "  FROM courses c"
  "  JOIN academies a ON a.id = c.academy_id"
  "  JOIN majors m ON m.id = c.major_id"
  " WHERE c.start_date BETWEEN $1::date AND $2::date AND c.status <> 'cancelled'"
  "   AND ($3::bigint IS NULL OR c.academy_id = $3::bigint)"
  " ORDER BY a.level, a.name COLLATE up_pinyin, c.start_date, c.id";

/* The integer columns of academies_sql: 4 … 27. */
#define FIRST_FIGURE 4
#define N_FIGURES 24
/* The sheet has the completion rate after the completions. */
#define RATE_COLUMN 7

static lxw_col_t
sheet_column (int sql_column)
{
  return sql_column < RATE_COLUMN ? sql_column : sql_column + 1;
}

static gboolean
is_money (int sql_column)
{
  return sql_column >= 18 && (sql_column - 18) % 2 == 1;
}

static void
write_figures (UpReport      *report,
               lxw_worksheet *ws,
               lxw_row_t      row,
               const gint64  *figures,
               gboolean       total)
{
  for (int k = 0; k < N_FIGURES; k++)
    {
      int column = FIRST_FIGURE + k;

      if (is_money (column))
        up_report_write_fen (report, ws, row, sheet_column (column), figures[k],
                             total ? report->total_money_format : NULL);
      else
        up_report_write_integer (report, ws, row, sheet_column (column), figures[k],
                                 total ? report->total_integer_format : NULL);
    }

  /* completions / person-times */
  up_report_write_ratio (report, ws, row, RATE_COLUMN, figures[6 - FIRST_FIGURE], figures[5 - FIRST_FIGURE],
                         total ? report->total_percent_format : NULL);
}

static void
write_total_row (UpReport      *report,
                 UpReportSheet *sheet,
                 const char    *label,
                 const gint64  *figures)
{
  lxw_row_t row = up_report_sheet_next_row (sheet);

  if (row == G_MAXUINT32)
    return;

  up_report_write_text (report, sheet->worksheet, row, 0, label, report->total_text_format);
  for (lxw_col_t c = 1; c < FIRST_FIGURE; c++)
    up_report_write_text (report, sheet->worksheet, row, c, NULL, report->total_text_format);
  write_figures (report, sheet->worksheet, row, figures, TRUE);
}

static gboolean
write_academies (UpReport    *report,
                 const char **params,
                 int         *n_academies)
{
  const UpReportColumn columns[] = {
    { C_("summary", "Code"), 12 },
    { C_("summary", "Academy"), 26 },
    { C_("summary", "Level"), 10 },
    { C_("summary", "District"), 12 },
    /* Translators: summary column: courses held in the period */
    { C_("summary", "Courses"), 9 },
    /* Translators: summary column: 人次 */
    { C_("summary", "Person-times"), 11 },
    { C_("summary", "Completions"), 11 },
    { C_("summary", "Completion rate"), 11 },
    /* Translators: summary column: certificates of skill level 5 (初级工) */
    { C_("summary", "Entry certificates"), 11 },
    { C_("summary", "Intermediate certificates"), 12 },
    { C_("summary", "Advanced certificates"), 11 },
    { C_("summary", "Technician certificates"), 11 },
    { C_("summary", "Senior technician certificates"), 12 },
    /* Translators: summary column: academic degrees at secondary level (中专/高中) */
    { C_("summary", "Secondary degrees"), 11 },
    { C_("summary", "Junior college degrees"), 11 },
    { C_("summary", "Bachelor degrees"), 11 },
    { C_("summary", "Postgraduate degrees"), 11 },
    /* Translators: summary column: certificates of level 3 and above (高技能人才) */
    { C_("summary", "High-skilled certificates"), 12 },
    { C_("summary", "All certificates"), 11 },
    { C_("summary", "Claims pending"), 10 },
    { C_("summary", "Pending amount"), 14 },
    { C_("summary", "Claims approved"), 10 },
    { C_("summary", "Approved amount"), 14 },
    { C_("summary", "Claims rejected"), 10 },
    { C_("summary", "Rejected amount"), 14 },
    { C_("summary", "Claims paid"), 10 },
    { C_("summary", "Paid amount"), 14 },
    { C_("summary", "Claims failed"), 10 },
    { C_("summary", "Failed amount"), 14 },
  };
  g_autoptr(PGresult) result = up_report_query (report, academies_sql, 3, params);
  gint64 level_sums[4][N_FIGURES] = { { 0 } };
  gboolean level_seen[4] = { FALSE };
  gint64 grand[N_FIGURES] = { 0 };
  UpReportSheet sheet;
  int n;

  if (result == NULL)
    return FALSE;

  /* Translators: a sheet name (at most 31 characters): the academies */
  if (!up_report_sheet_init (&sheet, report, C_("sheet", "Academies"), up_report_kind_to_label (report->kind),
                             NULL, columns, G_N_ELEMENTS (columns), UP_REPORT_SHEET_PRINT_LANDSCAPE))
    return FALSE;

  n = PQntuples (result);
  for (int r = 0; r < n && up_report_ok (report); r++)
    {
      lxw_row_t row = up_report_sheet_next_row (&sheet);
      UpAcademyLevel level = UP_ACADEMY_LEVEL_MUNICIPAL;
      gint64 figures[N_FIGURES];

      if (row == G_MAXUINT32)
        break;

      up_academy_level_from_sql (PQgetvalue (result, r, 2), &level);
      for (int k = 0; k < N_FIGURES; k++)
        {
          figures[k] = g_ascii_strtoll (PQgetvalue (result, r, FIRST_FIGURE + k), NULL, 10);
          level_sums[level][k] += figures[k];
          grand[k] += figures[k];
        }
      level_seen[level] = TRUE;

      up_report_write_text (report, sheet.worksheet, row, 0, PQgetvalue (result, r, 0), report->text_format);
      up_report_write_text (report, sheet.worksheet, row, 1, PQgetvalue (result, r, 1), NULL);
      up_report_write_text (report, sheet.worksheet, row, 2, up_academy_level_to_label (level), NULL);
      up_report_write_text (report, sheet.worksheet, row, 3, PQgetvalue (result, r, 3), NULL);
      write_figures (report, sheet.worksheet, row, figures, FALSE);
    }

  for (int level = 0; level < 4; level++)
    if (level_seen[level])
      {
        /* Translators: a summary row: the subtotal of one academy level; %s
         * is the level (市级 …) */
        g_autofree char *label = g_strdup_printf (_("Subtotal: %s"), up_academy_level_to_label (level));

        write_total_row (report, &sheet, label, level_sums[level]);
      }
  /* Translators: the summary's last row */
  write_total_row (report, &sheet, _("Grand total"), grand);

  *n_academies = n;
  return up_report_sheet_finish (&sheet);
}

typedef struct
{
  UpReportSheet  sheet;
  lxw_format    *hours_format;
} Courses;

static gboolean
course_row_cb (UpReport       *report,
               const PGresult *result,
               int             r,
               gpointer        user_data)
{
  Courses *courses = user_data;
  lxw_row_t row = up_report_sheet_next_row (&courses->sheet);
  lxw_worksheet *ws = courses->sheet.worksheet;
  UpCourseKind kind = UP_COURSE_KIND_SKILL;
  UpCourseStatus status = UP_COURSE_STATUS_PLANNED;
  gint64 seats, completed;

  if (row == G_MAXUINT32)
    return FALSE;

  up_course_kind_from_sql (PQgetvalue (result, r, 3), &kind);
  up_course_status_from_sql (PQgetvalue (result, r, 8), &status);
  seats = g_ascii_strtoll (PQgetvalue (result, r, 9), NULL, 10);
  completed = g_ascii_strtoll (PQgetvalue (result, r, 10), NULL, 10);

  up_report_write_text (report, ws, row, 0, PQgetvalue (result, r, 0), NULL);
  up_report_write_text (report, ws, row, 1, PQgetvalue (result, r, 1), NULL);
  up_report_write_text (report, ws, row, 2, PQgetvalue (result, r, 2), NULL);
  up_report_write_text (report, ws, row, 3, up_course_kind_to_label (kind), NULL);
  up_report_write_date (report, ws, row, 4, PQgetvalue (result, r, 4));
  up_report_write_date (report, ws, row, 5, PQgetvalue (result, r, 5));
  up_report_check (report, worksheet_write_number (ws, row, 6, g_ascii_strtod (PQgetvalue (result, r, 6), NULL),
                                                   courses->hours_format), "write_number");
  up_report_write_integer (report, ws, row, 7, g_ascii_strtoll (PQgetvalue (result, r, 7), NULL, 10), NULL);
  up_report_write_text (report, ws, row, 8, up_course_status_to_label (status), NULL);
  up_report_write_integer (report, ws, row, 9, seats, NULL);
  up_report_write_integer (report, ws, row, 10, completed, NULL);
  up_report_write_ratio (report, ws, row, 11, completed, seats, NULL);
  up_report_write_integer (report, ws, row, 12, g_ascii_strtoll (PQgetvalue (result, r, 11), NULL, 10), NULL);

  return up_report_ok (report);
}

static gboolean
write_courses (UpReport    *report,
               const char **params)
{
  const UpReportColumn columns[] = {
    { C_("summary", "Academy"), 24 },
    { C_("summary", "Course"), 30 },
    { C_("summary", "Major"), 18 },
    { C_("summary", "Kind"), 12 },
    { C_("summary", "Starts"), 12 },
    { C_("summary", "Ends"), 12 },
    { C_("summary", "Hours"), 8 },
    { C_("summary", "Capacity"), 9 },
    { C_("summary", "Status"), 10 },
    { C_("summary", "Person-times"), 11 },
    { C_("summary", "Completions"), 11 },
    { C_("summary", "Completion rate"), 11 },
    { C_("summary", "Certificates"), 11 },
  };
  g_autoptr(PGresult) count = up_report_query (report, courses_count_sql, 3, params);
  Courses courses = { 0 };

  if (count == NULL)
    return FALSE;

  courses.hours_format = workbook_add_format (report->workbook);
  format_set_num_format (courses.hours_format, "0.0");

  /* Translators: a sheet name (at most 31 characters): the courses */
  if (!up_report_sheet_init (&courses.sheet, report, C_("sheet", "Courses"), up_report_kind_to_label (report->kind),
                             NULL, columns, G_N_ELEMENTS (columns), UP_REPORT_SHEET_AUTOFILTER))
    return FALSE;

  up_report_sheet_set_filter_rows (&courses.sheet, g_ascii_strtoll (PQgetvalue (count, 0, 0), NULL, 10));
  up_report_stream (report, courses_sql, 3, params, g_ascii_strtoll (PQgetvalue (count, 0, 0), NULL, 10),
                    0.2, 0.95, course_row_cb, &courses);

  return up_report_sheet_finish (&courses.sheet);
}

static gboolean
write_chart (UpReport *report,
             int       n_academies)
{
  g_autofree char *sheet_name = up_report_sheet_name (C_("sheet", "Academies"), 1);
  lxw_row_t first = UP_REPORT_HEAD_ROWS;
  lxw_row_t last = UP_REPORT_HEAD_ROWS + n_academies - 1;
  lxw_chartsheet *chartsheet;
  lxw_chart_series *series;
  lxw_chart *chart;

  if (n_academies == 0)
    return up_report_ok (report);

  chart = workbook_add_chart (report->workbook, LXW_CHART_COLUMN);
  if (chart == NULL)
    {
      up_report_check (report, LXW_ERROR_MEMORY_MALLOC_FAILED, "add_chart");
      return FALSE;
    }

  /* Translators: the title of the summary's chart */
  chart_title_set_name (chart, _("Person-times and certificates per academy"));

  series = chart_add_series (chart, NULL, NULL);
  chart_series_set_categories (series, sheet_name, first, 1, last, 1);
  chart_series_set_values (series, sheet_name, first, sheet_column (5), last, sheet_column (5));
  chart_series_set_name (series, C_("summary", "Person-times"));

  series = chart_add_series (chart, NULL, NULL);
  chart_series_set_categories (series, sheet_name, first, 1, last, 1);
  chart_series_set_values (series, sheet_name, first, sheet_column (17), last, sheet_column (17));
  chart_series_set_name (series, C_("summary", "All certificates"));

  /* Translators: a sheet name (at most 31 characters): the chart */
  {
    g_autofree char *name = up_report_sheet_name (C_("sheet", "Chart"), 1);

    chartsheet = workbook_add_chartsheet (report->workbook, name);
  }
  if (chartsheet == NULL)
    {
      up_report_check (report, LXW_ERROR_MEMORY_MALLOC_FAILED, "add_chartsheet");
      return FALSE;
    }
  up_report_check (report, chartsheet_set_chart (chartsheet, chart), "set_chart");

  return up_report_ok (report);
}

gboolean
up_report_summary_write (UpReport *report)
{
  const char *params[3] = { report->from_text, report->to_text, report->academy_id };
  int n_academies = 0;

  return write_academies (report, params, &n_academies)
         && (up_report_set_progress (report, 0.2), TRUE)
         && write_courses (report, params)
         && write_chart (report, n_academies);
}
