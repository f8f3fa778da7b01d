/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-report-progress"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-academy.h"
#include "up-report-private.h"

/* The year's progress against its targets (年度目标完成情况): for each
 * measure of annual_targets (db/migrations/0005-annual-targets.sql), the
 * whole program and then each academy level, with target, achieved and
 * their ratio.  What is achieved in the year:
 *
 *   subsidised_workers  trainees with a claim approved or paid, claimed in
 *                       the year (a trainee counts once, also overall)
 *   person_times        seats taken in the courses that started in it
 *   certificates        certificates issued in it
 *   courses             courses started in it and not cancelled
 *   new_majors          majors established in it */

static const char *progress_sql =
  "WITH m (measure, ord) AS (VALUES ('subsidised_workers', 1), ('person_times', 2), ('certificates', 3),"
  "                                 ('courses', 4), ('new_majors', 5)),"
  "     lv AS (SELECT NULL::academy_level AS level"
  "            UNION ALL SELECT unnest (enum_range (NULL::academy_level))),"
  "     y AS (SELECT make_date ($1::int, 1, 1) AS first, make_date ($1::int, 12, 31) AS last),"
  "     achieved AS ("
  "       SELECT 'subsidised_workers' AS measure, a.level, count(DISTINCT s.trainee_id) AS n"
  "         FROM subsidies s JOIN academies a ON a.id = s.academy_id, y"
  "        WHERE s.state IN ('approved', 'paid') AND s.claimed_on BETWEEN y.first AND y.last"
  "        GROUP BY GROUPING SETS ((a.level), ())"
  "       UNION ALL"
  "       SELECT 'person_times', a.level, count(*)"
  "         FROM enrollments e JOIN courses c ON c.id = e.course_id JOIN academies a ON a.id = c.academy_id, y"
  "        WHERE c.status <> 'cancelled' AND c.start_date BETWEEN y.first AND y.last"
  "          AND e.status IN ('enrolled', 'completed', 'not_completed')"
  "        GROUP BY GROUPING SETS ((a.level), ())"
  "       UNION ALL"
  "       SELECT 'certificates', a.level, count(*)"
  "         FROM certifications x JOIN academies a ON a.id = x.academy_id, y"
  "        WHERE x.issued_on BETWEEN y.first AND y.last"
  "        GROUP BY GROUPING SETS ((a.level), ())"
  "       UNION ALL"
  "       SELECT 'courses', a.level, count(*)"
  "         FROM courses c JOIN academies a ON a.id = c.academy_id, y"
  "        WHERE c.status <> 'cancelled' AND c.start_date BETWEEN y.first AND y.last"
  "        GROUP BY GROUPING SETS ((a.level), ())"
  "       UNION ALL"
  "       SELECT 'new_majors', a.level, count(*)"
  "         FROM majors j JOIN academies a ON a.id = j.academy_id, y"
  "        WHERE j.established_on BETWEEN y.first AND y.last"
  "        GROUP BY GROUPING SETS ((a.level), ()))"
  "SELECT m.measure, lv.level::text, t.target, coalesce (ach.n, 0)"
  "  FROM m CROSS JOIN lv"
  "  LEFT JOIN achieved ach ON ach.measure = m.measure AND ach.level IS NOT DISTINCT FROM lv.level"
  "  LEFT JOIN annual_targets t ON t.year = $1::int AND t.measure = m.measure"
  "                            AND t.academy_level IS NOT DISTINCT FROM lv.level"
  " ORDER BY m.ord, lv.level NULLS FIRST";

static const char *
measure_label (const char *measure)
{
  if (g_str_equal (measure, "subsidised_workers"))
    /* Translators: a yearly target: workers subsidised to raise their skill or academic level */
    return _("Subsidised workers");
  if (g_str_equal (measure, "person_times"))
    /* Translators: a yearly target: 培训人次 */
    return _("Person-times trained");
  if (g_str_equal (measure, "certificates"))
    /* Translators: a yearly target: 取证数 */
    return _("Certificates obtained");
  if (g_str_equal (measure, "courses"))
    /* Translators: a yearly target: 培训班次 */
    return _("Courses held");
  if (g_str_equal (measure, "new_majors"))
    /* Translators: a yearly target: 新增专业 */
    return _("New majors");
  return measure;
}

gboolean
up_report_progress_write (UpReport *report)
{
  const UpReportColumn columns[] = {
    { C_("progress", "Measure"), 24 },
    /* Translators: column of the progress report: overall or an academy level */
    { C_("progress", "Scope"), 14 },
    { C_("progress", "Target"), 12 },
    { C_("progress", "Achieved"), 12 },
    /* Translators: column of the progress report: achieved / target */
    { C_("progress", "Completion"), 12 },
  };
  int year = g_date_get_year (&report->from);
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  const char *params[1] = { year_text };
  g_autoptr(PGresult) result = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  UpReportSheet sheet;

  result = up_report_query (report, progress_sql, 1, params);
  if (result == NULL)
    return FALSE;
  up_report_set_progress (report, 0.5);

  /* Translators: the progress report's title; %s is the year */
  title = g_strdup_printf (_("Annual Progress Against Targets %s"), year_text);
  /* Translators: the line under the progress report's title */
  subtitle = g_strdup_printf (_("Year: %s    Made: %s"), year_text, report->made_at);

  /* Translators: a sheet name (at most 31 characters): the year's progress */
  if (!up_report_sheet_init (&sheet, report, C_("sheet", "Progress"), title, subtitle,
                             columns, G_N_ELEMENTS (columns), UP_REPORT_SHEET_PRINT_LANDSCAPE))
    return FALSE;

  for (int r = 0; r < PQntuples (result) && up_report_ok (report); r++)
    {
      lxw_row_t row = up_report_sheet_next_row (&sheet);
      gboolean overall = PQgetisnull (result, r, 1);
      UpAcademyLevel level = UP_ACADEMY_LEVEL_MUNICIPAL;
      gint64 achieved = g_ascii_strtoll (PQgetvalue (result, r, 3), NULL, 10);
      lxw_format *text = overall ? report->total_text_format : NULL;

      if (row == G_MAXUINT32)
        break;

      if (!overall)
        up_academy_level_from_sql (PQgetvalue (result, r, 1), &level);

      up_report_write_text (report, sheet.worksheet, row, 0, measure_label (PQgetvalue (result, r, 0)), text);
      /* Translators: the scope of a target: the whole program */
      up_report_write_text (report, sheet.worksheet, row, 1, overall ? _("Overall") : up_academy_level_to_label (level),
                            text);
      if (PQgetisnull (result, r, 2))
        {
          up_report_write_text (report, sheet.worksheet, row, 2, NULL, text);
          up_report_write_integer (report, sheet.worksheet, row, 3, achieved,
                                   overall ? report->total_integer_format : NULL);
          up_report_write_text (report, sheet.worksheet, row, 4, NULL, text);
        }
      else
        {
          gint64 target = g_ascii_strtoll (PQgetvalue (result, r, 2), NULL, 10);

          up_report_write_integer (report, sheet.worksheet, row, 2, target,
                                   overall ? report->total_integer_format : NULL);
          up_report_write_integer (report, sheet.worksheet, row, 3, achieved,
                                   overall ? report->total_integer_format : NULL);
          up_report_write_ratio (report, sheet.worksheet, row, 4, achieved, target,
                                 overall ? report->total_percent_format : NULL);
        }
    }

  return up_report_sheet_finish (&sheet);
}
