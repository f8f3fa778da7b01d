/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-demo"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <string.h>

#include "up-demo-private.h"
#include "up-error.h"
#include "up-pg.h"

/* The academies and their majors, then the trainees, who carry the
 * academies whose courses enroll them (chosen with the courses:
 * up-demo-courses.c). */

/* Academies and majors ----------------------------------------------------- */

gboolean
up_demo_write_academies (Gen     *gen,
                         GError **error)
{
  GString *buf = gen->buf;
  guint32 founded[N_ACADEMIES];
  guint32 first = up_demo_julian_of (2016, 1, 1);
  guint32 last = up_demo_julian_of (2024, 12, 31);

  if (!up_demo_copy_begin (gen, "COPY academies (id, code, name, level, district, industry, founded_on) FROM STDIN", error))
    return FALSE;

  for (guint i = 0; i < N_ACADEMIES; i++)
    {
      const DemoAcademy *a = &up_demo_academies[i];

      /* Most academies date from the program's first years. */
      founded[i] = up_demo_rand_low (gen->rand, first, last, 2);

      append_id (gen, TABLE_ACADEMIES, i);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, a->code);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, a->name);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, a->level);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, a->district);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, a->industry);
      g_string_append_c (buf, '\t');
      append_day (gen, buf, founded[i]);
      g_string_append_c (buf, '\n');
    }
  gen->rows[TABLE_ACADEMIES] = N_ACADEMIES;

  if (!up_demo_copy_end (gen, error))
    return FALSE;

  if (!up_demo_copy_begin (gen, "COPY majors (id, academy_id, name, established_on) FROM STDIN", error))
    return FALSE;

  for (guint i = 0; i < N_MAJORS; i++)
    {
      guint academy = 0;
      guint32 latest;

      while (!g_str_equal (up_demo_academies[academy].code, up_demo_majors[i].academy))
        academy++;

      /* Established between the academy's founding and a while before
       * today, so that every major has had courses. */
      latest = MAX (founded[academy], MIN (up_demo_julian_of (2025, 12, 31), gen->today - 180));
      gen->major_academy[i] = academy;
      gen->major_established[i] = up_demo_rand_low (gen->rand, founded[academy], latest, 2);

      append_id (gen, TABLE_MAJORS, i);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_ACADEMIES, academy);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, up_demo_majors[i].name);
      g_string_append_c (buf, '\t');
      append_day (gen, buf, gen->major_established[i]);
      g_string_append_c (buf, '\n');
    }
  gen->rows[TABLE_MAJORS] = N_MAJORS;

  return up_demo_copy_end (gen, error);
}

/* Trainees ---------------------------------------------------------------- */

static guint
pick_weighted (GRand              *rand,
               const DemoWeighted *items,
               guint               n_items,
               guint               total)
{
  guint r = g_rand_int_range (rand, 0, (gint32) total);

  for (guint i = 0; i < n_items; i++)
    {
      if (r < items[i].weight)
        return i;
      r -= items[i].weight;
    }
  return n_items - 1;
}

static guint
pick_employer (Gen *gen)
{
  guint r = g_rand_int_range (gen->rand, 0, (gint32) gen->employer_weight);
  guint i;

  for (i = 0; r >= up_demo_employers[i].weight; i++)
    r -= up_demo_employers[i].weight;
  return i;
}

/* The check character of GB 11643 (ISO 7064 MOD 11-2). */
static char
id_check_character (const char *first17)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  for (int i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

/* Sequence numbers per sex: odd 001..997 for men, even 002..998 for women. */
#define ID_SEQUENCES 499

/* The academies of @reach, in id order as the enrollments' triggers keep
 * them (0011), or \N. */
G_STATIC_ASSERT (N_ACADEMIES <= 64);

static void
append_reach (Gen     *gen,
              guint64  reach)
{
  gboolean first = TRUE;

  if (reach == 0)
    {
      APPEND_LITERAL (gen->buf, "\\N");
      return;
    }

  g_string_append_c (gen->buf, '{');
  for (guint a = 0; a < N_ACADEMIES; a++)
    if (reach & (G_GUINT64_CONSTANT (1) << a))
      {
        if (!first)
          g_string_append_c (gen->buf, ',');
        append_id (gen, TABLE_ACADEMIES, a);
        first = FALSE;
      }
  g_string_append_c (gen->buf, '}');
}

gboolean
up_demo_write_trainees (Gen     *gen,
                        GError **error)
{
  static const DemoWeighted educations[] = {
    { NULL, 3 }, { "below_secondary", 8 }, { "secondary", 45 }, { "junior_college", 30 },
    { "bachelor", 12 }, { "postgraduate", 2 },
  };
  static const DemoWeighted skill_levels[] = {
    { NULL, 30 }, { "5", 24 }, { "4", 22 }, { "3", 15 }, { "2", 6 }, { "1", 3 },
  };
  GString *buf = gen->buf;
  guint n_districts = N_DISTRICTS;
  guint64 modulus = (guint64) gen->n_birth_days * ID_SEQUENCES;
  guint64 multiplier;
  guint64 offsets[N_DISTRICTS][2];
  guint64 counters[N_DISTRICTS][2] = { { 0 } };
  guint academy_weights[N_ACADEMIES];
  guint academy_total = 0;
  char id[19];

  /* Each (region, sex) has its own counter; the counter goes through a
   * bijection onto (birth date, sequence number), so numbers are distinct by
   * construction and still look scattered. */
  multiplier = up_demo_coprime_near (G_GUINT64_CONSTANT (2654435761) + g_rand_int (gen->rand), modulus);
  for (guint r = 0; r < n_districts; r++)
    for (guint s = 0; s < 2; s++)
      offsets[r][s] = (((guint64) g_rand_int (gen->rand) << 16) ^ g_rand_int (gen->rand)) % modulus;

  if ((guint64) gen->n_trainees > modulus * n_districts)
    {
      /* Translators: %u is a number of trainees, about 149 million */
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                   _("Too many trainees to give each a distinct ID number: at most %u."),
                   (guint) (modulus * n_districts));
      return FALSE;
    }

  for (guint i = 0; i < N_ACADEMIES; i++)
    {
      const char *level = up_demo_academies[i].level;

      academy_weights[i] = g_str_equal (level, "municipal") ? 4 : 3;
      academy_total += academy_weights[i];
    }

  up_demo_set_stage (gen, _("Creating trainees"));
  if (!up_demo_copy_begin (gen, "COPY trainees (id, academy_id, id_number, name, phone, employer, industry, "
                                "union_member, education, skill_level, enrolled_academy_ids) FROM STDIN WITH (FREEZE)",
                          error))
    return FALSE;

  id[18] = '\0';
  for (guint i = 0; i < gen->n_trainees; i++)
    {
      guint academy = 0;
      guint region;
      guint sex = chance (gen->rand, 68) ? 0 : 1;  /* 0 male, 1 female */
      guint64 x;
      guint day, sequence;
      guint r;
      int employer;

      for (r = g_rand_int_range (gen->rand, 0, (gint32) academy_total); r >= academy_weights[academy]; academy++)
        r -= academy_weights[academy];

      /* A full region passes its trainees on to the next one. */
      r = g_rand_int_range (gen->rand, 0, (gint32) gen->district_weight);
      for (region = 0; r >= up_demo_districts[region].weight; region++)
        r -= up_demo_districts[region].weight;
      while (counters[region][sex] >= modulus)
        region = (region + 1) % n_districts;

      x = (counters[region][sex]++ * multiplier + offsets[region][sex]) % modulus;
      day = x % gen->n_birth_days;
      sequence = 2 * (x / gen->n_birth_days) + 1 + sex;

      memcpy (id, up_demo_districts[region].region, 6);
      memcpy (id + 6, gen->births[day], 8);
      id[14] = '0' + sequence / 100;
      id[15] = '0' + sequence / 10 % 10;
      id[16] = '0' + sequence % 10;
      id[17] = id_check_character (id);

      append_id (gen, TABLE_TRAINEES, i);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_ACADEMIES, academy);
      g_string_append_c (buf, '\t');
      g_string_append_len (buf, id, 18);
      g_string_append_c (buf, '\t');

      /* Name: a surname and one or two given characters. */
      g_string_append (buf, up_demo_surnames[pick_weighted (gen->rand, up_demo_surnames, N_SURNAMES,
                                                            gen->surname_weight)].text);
      if (chance (gen->rand, 70))
        {
          if (chance (gen->rand, 40))
            g_string_append (buf, up_demo_given_first[g_rand_int_range (gen->rand, 0, N_GIVEN_FIRST)]);
          else if (sex == 0)
            g_string_append (buf, up_demo_given_male[g_rand_int_range (gen->rand, 0, N_GIVEN_MALE)]);
          else
            g_string_append (buf, up_demo_given_female[g_rand_int_range (gen->rand, 0, N_GIVEN_FEMALE)]);
        }
      if (sex == 0)
        g_string_append (buf, up_demo_given_male[g_rand_int_range (gen->rand, 0, N_GIVEN_MALE)]);
      else
        g_string_append (buf, up_demo_given_female[g_rand_int_range (gen->rand, 0, N_GIVEN_FEMALE)]);
      g_string_append_c (buf, '\t');

      if (chance (gen->rand, 93))
        {
          g_string_append_len (buf, up_demo_phone_prefixes[g_rand_int_range (gen->rand, 0, N_PHONE_PREFIXES)], 3);
          append_uint_padded (buf, g_rand_int_range (gen->rand, 0, 100000000), 8);
        }
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');

      /* An enterprise academy trains its own company's workers. */
      employer = gen->academy_employer[academy];
      if (employer < 0 || chance (gen->rand, 10))
        employer = chance (gen->rand, 4) ? -1 : (int) pick_employer (gen);
      if (employer >= 0)
        {
          g_string_append (buf, up_demo_employers[employer].name);
          g_string_append_c (buf, '\t');
          g_string_append (buf, up_demo_employers[employer].industry);
        }
      else
        APPEND_LITERAL (buf, "\\N\t\\N");

      g_string_append (buf, chance (gen->rand, 92) ? "\tt\t" : "\tf\t");

      r = pick_weighted (gen->rand, educations, G_N_ELEMENTS (educations), 100);
      up_pg_copy_append (buf, educations[r].text);
      g_string_append_c (buf, '\t');
      r = pick_weighted (gen->rand, skill_levels, G_N_ELEMENTS (skill_levels), 100);
      up_pg_copy_append (buf, skill_levels[r].text);
      g_string_append_c (buf, '\t');
      append_reach (gen, gen->reach[i]);
      g_string_append_c (buf, '\n');

      gen->done += TRAINEE_COST;
      if (!up_demo_copy_flush (gen, FALSE, error))
        return FALSE;
    }
  gen->rows[TABLE_TRAINEES] = gen->n_trainees;

  return up_demo_copy_end (gen, error);
}
