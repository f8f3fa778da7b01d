/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-demo"

#include "config.h"

#include <string.h>

#include "up-demo-private.h"
#include "up-pg.h"

/* The generator's state, set up and cleared, and what every writer uses:
 * dates, draws that lean one way, progress and the COPY stream. */

#define COPY_CHUNK (1024 * 1024)

/* Small helpers ----------------------------------------------------------- */

guint32
up_demo_julian_of (guint year,
                   guint month,
                   guint day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

guint
up_demo_year_of (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_date_get_year (&date);
}

/* The least of @draws uniform draws: leans towards @begin. */
guint
up_demo_rand_low (GRand *rand,
                  guint  begin,
                  guint  end,
                  guint  draws)
{
  guint low = end;

  for (guint i = 0; i < draws; i++)
    {
      guint value = rand_range (rand, begin, end);  /* MIN evaluates twice */
      low = MIN (low, value);
    }
  return low;
}

/* The greatest of @draws uniform draws: leans towards @end. */
guint
up_demo_rand_high (GRand *rand,
                   guint  begin,
                   guint  end,
                   guint  draws)
{
  guint high = begin;

  for (guint i = 0; i < draws; i++)
    {
      guint value = rand_range (rand, begin, end);  /* MAX evaluates twice */
      high = MAX (high, value);
    }
  return high;
}

static guint64
gcd (guint64 a,
     guint64 b)
{
  while (b != 0)
    {
      guint64 t = a % b;
      a = b;
      b = t;
    }
  return a;
}

/* A multiplier coprime with @modulus, so that c -> (c * m + b) % modulus is a
 * bijection: that is what makes the ID numbers and the course members
 * distinct without checking. */
guint64
up_demo_coprime_near (guint64 start,
                      guint64 modulus)
{
  guint64 m = start % modulus;

  if (m == 0)
    m = 1;
  while (gcd (m, modulus) != 1)
    m = m % (modulus - 1) + 1;
  return m;
}

/* COPY plumbing ----------------------------------------------------------- */

static void
report (Gen *gen)
{
  if (gen->options->progress != NULL)
    gen->options->progress (MIN (gen->done / gen->total, 0.99), gen->stage,
                            gen->options->progress_data);
}

void
up_demo_set_stage (Gen        *gen,
                   const char *stage)
{
  gen->stage = stage;
  report (gen);
}

gboolean
up_demo_check_cancelled (Gen     *gen,
                         GError **error)
{
  return !g_cancellable_set_error_if_cancelled (gen->cancellable, error);
}

gboolean
up_demo_copy_begin (Gen        *gen,
                    const char *sql,
                    GError    **error)
{
  if (!up_demo_check_cancelled (gen, error) || !up_pg_copy_begin (gen->conn, sql, error))
    return FALSE;

  gen->in_copy = TRUE;
  g_string_truncate (gen->buf, 0);
  return TRUE;
}

/* Sends the buffer once it holds a chunk (or at once with @force); between
 * chunks is where progress is reported and cancellation noticed. */
gboolean
up_demo_copy_flush (Gen       *gen,
                    gboolean   force,
                    GError   **error)
{
  if (!force && gen->buf->len < COPY_CHUNK)
    return TRUE;

  if (gen->buf->len > 0 && !up_pg_copy_put (gen->conn, gen->buf->str, gen->buf->len, error))
    return FALSE;
  g_string_truncate (gen->buf, 0);

  report (gen);
  return up_demo_check_cancelled (gen, error);
}

gboolean
up_demo_copy_end (Gen     *gen,
                  GError **error)
{
  if (!up_demo_copy_flush (gen, TRUE, error))
    return FALSE;

  gen->in_copy = FALSE;
  return up_pg_copy_end (gen->conn, error);
}

/* Ends a COPY in progress with an error so the server discards it. */
void
up_demo_copy_abort (Gen *gen)
{
  PGresult *result;

  if (!gen->in_copy)
    return;
  gen->in_copy = FALSE;

  if (PQputCopyEnd (gen->conn, "cancelled") != 1)
    return;
  while ((result = PQgetResult (gen->conn)) != NULL)
    PQclear (result);
}

/* Setup ------------------------------------------------------------------- */

void
up_demo_gen_init (Gen                 *gen,
                  PGconn              *conn,
                  const UpDemoOptions *options,
                  GCancellable        *cancellable)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date;

  memset (gen, 0, sizeof *gen);
  gen->conn = conn;
  gen->options = options;
  gen->cancellable = cancellable;
  gen->rand = g_rand_new_with_seed (options->seed);
  gen->buf = g_string_sized_new (COPY_CHUNK + 4096);
  gen->n_trainees = options->n_trainees;
  gen->n_courses = MAX (1, options->n_trainees / TRAINEES_PER_COURSE);
  gen->certs = g_array_new (FALSE, FALSE, sizeof (DemoCert));
  gen->subsidies = g_array_new (FALSE, FALSE, sizeof (DemoSubsidy));

  gen->current_year = g_date_time_get_year (now);
  gen->today = up_demo_julian_of (gen->current_year, g_date_time_get_month (now),
                                  g_date_time_get_day_of_month (now));

  /* Academies were founded from 2016; academic courses run into the years
   * after the current one. */
  gen->day0 = up_demo_julian_of (2015, 1, 1);
  gen->n_days = up_demo_julian_of (gen->current_year + 5, 12, 31) - gen->day0 + 1;
  gen->days = g_malloc (gen->n_days * sizeof *gen->days);
  g_date_clear (&date, 1);
  for (guint i = 0; i < gen->n_days; i++)
    {
      g_date_set_julian (&date, gen->day0 + i);
      g_snprintf (gen->days[i], sizeof gen->days[i], "%04u-%02u-%02u",
                  (guint) g_date_get_year (&date), (guint) g_date_get_month (&date),
                  (guint) g_date_get_day (&date));
    }

  /* Trainees are born 1966 to 2006: of working age. */
  gen->birth0 = up_demo_julian_of (1966, 1, 1);
  gen->n_birth_days = up_demo_julian_of (2006, 12, 31) - gen->birth0 + 1;
  gen->births = g_malloc (gen->n_birth_days * sizeof *gen->births);
  for (guint i = 0; i < gen->n_birth_days; i++)
    {
      g_date_set_julian (&date, gen->birth0 + i);
      g_snprintf (gen->births[i], sizeof gen->births[i], "%04u%02u%02u",
                  (guint) g_date_get_year (&date), (guint) g_date_get_month (&date),
                  (guint) g_date_get_day (&date));
    }

  for (guint i = 0; i < N_ACADEMIES; i++)
    {
      gen->academy_employer[i] = -1;
      for (guint j = 0; up_demo_academies[i].employer != NULL && j < N_EMPLOYERS; j++)
        if (g_str_equal (up_demo_academies[i].employer, up_demo_employers[j].name))
          gen->academy_employer[i] = j;
    }

  for (guint i = 0; i < N_EMPLOYERS; i++)
    gen->employer_weight += up_demo_employers[i].weight;
  for (guint i = 0; i < N_SURNAMES; i++)
    gen->surname_weight += up_demo_surnames[i].weight;
  for (guint i = 0; i < N_DISTRICTS; i++)
    gen->district_weight += up_demo_districts[i].weight;

  /* Work for the progress fraction, in the server's time for one
   * enrollment row (measured with tests/bench/bench-demo): a trainee row
   * costs about three and a half (trigger, ID number check, six indexes), a
   * certificate one and a half, a subsidy three (audit trigger).  About 0.65
   * certificates and 0.4 subsidies are made per trainee. */
  gen->total = gen->n_trainees * (TRAINEE_COST + ENROLLMENTS_PER_TRAINEE
                                  + 0.65 * CERTIFICATION_COST + 0.4 * SUBSIDY_COST + 0.1);
}

void
up_demo_gen_clear (Gen *gen)
{
  g_clear_pointer (&gen->rand, g_rand_free);
  if (gen->buf != NULL)
    g_string_free (gen->buf, TRUE);
  gen->buf = NULL;
  g_clear_pointer (&gen->days, g_free);
  g_clear_pointer (&gen->births, g_free);
  g_clear_pointer (&gen->courses, g_free);
  g_clear_pointer (&gen->reach, g_free);
  g_clear_pointer (&gen->certs, g_array_unref);
  g_clear_pointer (&gen->subsidies, g_array_unref);
}
