/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-demo"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-demo-private.h"

/* The courses and who each enrolls, then the enrollments; a completion
 * may earn a certificate, decided as its enrollment is written. */

static const char *course_status_names[] = { "planned", "open", "running", "finished", "cancelled" };

/* Courses ----------------------------------------------------------------- */

gboolean
up_demo_write_courses (Gen     *gen,
                       GError **error)
{
  GString *buf = gen->buf;
  guint32 first = up_demo_julian_of (2022, 1, 1);
  /* Through the current year, and a few planned for the next months. */
  guint32 last = MAX (first, MAX (up_demo_julian_of (gen->current_year, 12, 1), gen->today + 120));
  guint n_years = up_demo_year_of (last) - 2022 + 1;
  g_autofree guint *runs = g_new0 (guint, N_MAJORS * n_years);
  guint64 total_capacity = 0;
  guint64 wanted = (guint64) ENROLLMENTS_PER_TRAINEE * gen->n_trainees;

  up_demo_set_stage (gen, _("Creating courses"));
  gen->courses = g_new0 (DemoCourse, gen->n_courses);

  for (guint c = 0; c < gen->n_courses; c++)
    {
      DemoCourse *course = &gen->courses[c];
      guint major = g_rand_int_range (gen->rand, 0, N_MAJORS);
      guint32 from = CLAMP (gen->major_established[major], first, last);

      course->major = major;
      course->academy = gen->major_academy[major];
      course->start = rand_range (gen->rand, from, last);

      switch (up_demo_majors[major].kind)
        {
        case KIND_SKILL:
          course->end = course->start + rand_range (gen->rand, 14, 90);
          course->hours = 40 + 8 * rand_range (gen->rand, 0, 20);
          break;
        case KIND_ACADEMIC:
          course->end = course->start + rand_range (gen->rand, 365, 900);
          course->hours = 120 + 8 * rand_range (gen->rand, 0, 10);
          break;
        case KIND_TEAM_LEADER:
          course->end = course->start + rand_range (gen->rand, 3, 30);
          course->hours = 40 + 8 * rand_range (gen->rand, 0, 5);
          break;
        case KIND_SAFETY:
        default:
          course->end = course->start + rand_range (gen->rand, 5, 20);
          course->hours = 40 + 8 * rand_range (gen->rand, 0, 5);
          break;
        }

      /* Capacities lean to the upper end of 30..120: five enrollments a
       * trainee over a course for twenty trainees is a hundred a course. */
      course->capacity = up_demo_rand_high (gen->rand, 30, 120, 3);
      total_capacity += course->capacity;

      if (chance (gen->rand, 3))
        course->status = COURSE_CANCELLED;
      else if (course->end < gen->today)
        course->status = COURSE_FINISHED;
      else if (course->start <= gen->today)
        course->status = COURSE_RUNNING;
      else if (course->start <= gen->today + 60)
        course->status = COURSE_OPEN;
      else
        course->status = COURSE_PLANNED;
    }

  /* Spread the enrollments over the courses by capacity: a good part of
   * the courses gets more applicants than seats. */
  for (guint c = 0; c < gen->n_courses; c++)
    {
      DemoCourse *course = &gen->courses[c];
      guint64 n = course->capacity * wanted * rand_range (gen->rand, 90, 110) / (100 * total_capacity);

      course->n_enrolled = CLAMP (n, 1, gen->n_trainees);
    }

  /* Who each course enrolls, chosen now so that the trainees, written
   * next, carry the academies that enroll them: an arithmetic walk with a
   * step coprime with the number of trainees never meets the same trainee
   * twice. */
  gen->reach = g_new0 (guint64, gen->n_trainees);
  for (guint c = 0; c < gen->n_courses; c++)
    {
      DemoCourse *course = &gen->courses[c];
      guint64 n = gen->n_trainees;

      course->stride = up_demo_coprime_near (g_rand_int (gen->rand), n);
      course->offset = g_rand_int (gen->rand) % n;
      for (guint j = 0; j < course->n_enrolled; j++)
        gen->reach[(course->offset + j * course->stride) % n] |= G_GUINT64_CONSTANT (1) << course->academy;
    }

  if (!up_demo_copy_begin (gen, "COPY courses (id, academy_id, major_id, kind, title, start_date, end_date, hours, "
                                "capacity, location, status) FROM STDIN", error))
    return FALSE;

  for (guint c = 0; c < gen->n_courses; c++)
    {
      DemoCourse *course = &gen->courses[c];
      const DemoMajor *major = &up_demo_majors[course->major];
      guint year = up_demo_year_of (course->start);
      guint run = ++runs[course->major * n_years + MIN (year - 2022, n_years - 1)];

      append_id (gen, TABLE_COURSES, c);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_ACADEMIES, course->academy);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_MAJORS, course->major);
      g_string_append_c (buf, '\t');
      g_string_append (buf, up_demo_kind_names[major->kind]);
      g_string_append_c (buf, '\t');
      append_uint (buf, year);
      g_string_append (buf, "年");
      g_string_append (buf, major->name);
      g_string_append (buf, up_demo_kind_title[major->kind]);
      g_string_append (buf, "（第");
      append_uint (buf, run);
      g_string_append (buf, "期）\t");
      append_day (gen, buf, course->start);
      g_string_append_c (buf, '\t');
      append_day (gen, buf, course->end);
      g_string_append_c (buf, '\t');
      append_uint (buf, course->hours);
      g_string_append_c (buf, '\t');
      append_uint (buf, course->capacity);
      g_string_append_c (buf, '\t');
      if (chance (gen->rand, 85))
        {
          g_string_append (buf, up_demo_academies[course->academy].district);
          g_string_append (buf, "职工实训基地");
        }
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      g_string_append (buf, course_status_names[course->status]);
      g_string_append_c (buf, '\n');

      if (!up_demo_copy_flush (gen, FALSE, error))
        return FALSE;
    }
  gen->rows[TABLE_COURSES] = gen->n_courses;

  return up_demo_copy_end (gen, error);
}

/* Enrollments, and the certifications their completions earn ----------------- */

static void
maybe_certify (Gen        *gen,
               guint32     trainee,
               guint32     course_index)
{
  static const guint skill_levels[] = { 38, 30, 20, 9, 3 };  /* 5, 4, 3, 2, 1 */
  static const guint routes[] = { 40, 30, 20, 10 };
  const DemoCourse *course = &gen->courses[course_index];
  const DemoMajor *major = &up_demo_majors[course->major];
  guint r = g_rand_int_range (gen->rand, 0, 1000);
  DemoCert cert = { trainee, course_index, 0, 0, 0, 0, 0, 0 };

  switch (major->kind)
    {
    case KIND_SKILL:
      if (r < 260)
        cert.kind = CERT_SKILL_LEVEL;
      else if (r < 285)
        cert.kind = CERT_SPECIAL_ABILITY;
      else
        return;
      break;
    case KIND_ACADEMIC:
      if (r >= 450)
        return;
      cert.kind = CERT_ACADEMIC_DEGREE;
      break;
    case KIND_SAFETY:
      if (r >= 350)
        return;
      cert.kind = CERT_SPECIAL_OPERATION;
      break;
    case KIND_TEAM_LEADER:
    default:
      if (r >= 100)
        return;
      cert.kind = CERT_SPECIAL_ABILITY;
      break;
    }

  switch (cert.kind)
    {
    case CERT_SKILL_LEVEL:
      cert.issued = course->end + rand_range (gen->rand, 20, 60);
      r = g_rand_int_range (gen->rand, 0, 100);
      for (cert.level = 5; r >= skill_levels[5 - cert.level]; cert.level--)
        r -= skill_levels[5 - cert.level];
      /* Enterprise academies evaluate their own workers. */
      cert.body = gen->academy_employer[course->academy] >= 0 && chance (gen->rand, 60) ? 1 : 0;
      break;
    case CERT_SPECIAL_ABILITY:
      cert.issued = course->end + rand_range (gen->rand, 20, 60);
      break;
    case CERT_ACADEMIC_DEGREE:
      cert.issued = course->end + rand_range (gen->rand, 10, 40);
      cert.level = major->level;
      r = g_rand_int_range (gen->rand, 0, 100);
      for (cert.route = 0; r >= routes[cert.route]; cert.route++)
        r -= routes[cert.route];
      cert.body = g_rand_int_range (gen->rand, 0, 4);
      break;
    case CERT_SPECIAL_OPERATION:
    default:
      cert.issued = course->end + rand_range (gen->rand, 7, 30);
      break;
    }

  if (chance (gen->rand, 85))
    cert.verified = cert.issued + rand_range (gen->rand, 3, 30);

  /* Not issued yet. */
  if (cert.issued > gen->today)
    return;
  if (cert.verified > gen->today)
    cert.verified = 0;

  g_array_append_val (gen->certs, cert);
}

gboolean
up_demo_write_enrollments (Gen     *gen,
                           GError **error)
{
  GString *buf = gen->buf;
  guint64 index = 0;
  guint64 n = gen->n_trainees;

  up_demo_set_stage (gen, _("Creating enrollments"));
  if (!up_demo_copy_begin (gen, "COPY enrollments (id, academy_id, course_id, trainee_id, status, waitlist_position, "
                                "enrolled_at, attended_hours, passed, completed_at) FROM STDIN WITH (FREEZE)", error))
    return FALSE;

  for (guint c = 0; c < gen->n_courses; c++)
    {
      const DemoCourse *course = &gen->courses[c];
      guint64 stride = course->stride;
      guint64 offset = course->offset;
      guint waitlisted = 0;
      guint taken = 0;  /* seats held: someone who withdrew gave theirs back */
      guint elapsed_percent = 0;

      if (course->status == COURSE_RUNNING)
        elapsed_percent = 100 * (gen->today - course->start) / MAX (1, course->end - course->start);

      for (guint j = 0; j < course->n_enrolled; j++)
        {
          guint32 trainee = (offset + j * stride) % n;
          gboolean seated = j < course->capacity;
          guint32 enrolled = course->start - 30 + 28 * j / course->n_enrolled;
          guint tenths = course->hours * 10;
          const char *status;
          int attended = -1;  /* percent of the hours, -1: none recorded */
          gboolean completed = FALSE;

          switch (course->status)
            {
            case COURSE_FINISHED:
              if (!seated)
                status = "withdrawn";
              else
                {
                  guint r = g_rand_int_range (gen->rand, 0, 100);

                  if (r < 85)
                    {
                      status = "completed";
                      attended = rand_range (gen->rand, 80, 100);
                      completed = TRUE;
                    }
                  else if (r < 95)
                    {
                      status = "not_completed";
                      attended = rand_range (gen->rand, 20, 79);
                    }
                  else
                    {
                      status = "withdrawn";
                      attended = rand_range (gen->rand, 0, 30);
                    }
                }
              break;
            case COURSE_RUNNING:
              if (!chance (gen->rand, 95))
                status = "withdrawn";
              else if (taken < course->capacity)
                {
                  status = "enrolled";
                  taken++;
                  attended = elapsed_percent * rand_range (gen->rand, 85, 100) / 100;
                }
              else
                status = "waitlisted";
              break;
            case COURSE_CANCELLED:
              status = "withdrawn";
              break;
            case COURSE_OPEN:
            case COURSE_PLANNED:
            default:
              if (!chance (gen->rand, 97))
                status = "withdrawn";
              else if (taken < course->capacity)
                {
                  status = "enrolled";
                  taken++;
                }
              else
                status = "waitlisted";
              break;
            }

          append_id (gen, TABLE_ENROLLMENTS, index++);
          g_string_append_c (buf, '\t');
          append_id (gen, TABLE_ACADEMIES, course->academy);
          g_string_append_c (buf, '\t');
          append_id (gen, TABLE_COURSES, c);
          g_string_append_c (buf, '\t');
          append_id (gen, TABLE_TRAINEES, trainee);
          g_string_append_c (buf, '\t');
          g_string_append (buf, status);
          g_string_append_c (buf, '\t');
          if (status[0] == 'w' && status[1] == 'a')
            append_uint (buf, ++waitlisted);
          else
            APPEND_LITERAL (buf, "\\N");
          g_string_append_c (buf, '\t');
          append_time (gen, buf, MIN (enrolled, gen->today), rand_range (gen->rand, 8, 21),
                       g_rand_int_range (gen->rand, 0, 60));
          g_string_append_c (buf, '\t');
          if (attended >= 0)
            append_tenths (buf, tenths * attended / 100);
          else
            APPEND_LITERAL (buf, "\\N");
          if (completed)
            {
              APPEND_LITERAL (buf, "\tt\t");
              append_time (gen, buf, course->end, 17, 0);
              g_string_append_c (buf, '\n');
              maybe_certify (gen, trainee, c);
            }
          else if (status[0] == 'n')
            APPEND_LITERAL (buf, "\tf\t\\N\n");
          else
            APPEND_LITERAL (buf, "\t\\N\t\\N\n");
        }

      gen->done += course->n_enrolled;
      if (!up_demo_copy_flush (gen, FALSE, error))
        return FALSE;
    }
  gen->rows[TABLE_ENROLLMENTS] = index;

  return up_demo_copy_end (gen, error);
}
