/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-demo"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-demo-private.h"
#include "up-pg.h"

/* The certifications the completions earned, then the subsidy policies,
 * the payment batches and their claims (subsidies). */

static const char *subsidy_state_names[] = { "pending", "approved", "rejected", "paid", "failed" };

/* Certifications ---------------------------------------------------------- */

static const char *
cert_issuer (Gen            *gen,
             const DemoCert *cert)
{
  switch (cert->kind)
    {
    case CERT_SKILL_LEVEL:
      if (cert->body == 1)
        return up_demo_employers[gen->academy_employer[gen->courses[cert->course].academy]].name;
      return "重庆市职业技能鉴定指导中心";
    case CERT_SPECIAL_ABILITY:
      return "重庆市职业技能鉴定指导中心";
    case CERT_ACADEMIC_DEGREE:
      if (cert->route == 1)
        return cert->level == EDU_BACHELOR ? "国家开放大学" : "重庆开放大学";
      return cert->level == EDU_BACHELOR ? up_demo_universities[cert->body] : up_demo_junior_colleges[cert->body];
    case CERT_SPECIAL_OPERATION:
    default:
      return "重庆市应急管理局";
    }
}

gboolean
up_demo_write_certifications (Gen     *gen,
                              GError **error)
{
  static const char *kinds[] = { "skill_level", "special_ability", "academic_degree", "special_operation" };
  static const char *verified_how[] = {
    "技能人才评价证书全国联网查询", "技能人才评价证书全国联网查询", "学信网学历查询", "特种作业操作证全国联网查询",
  };
  GString *buf = gen->buf;

  up_demo_set_stage (gen, _("Creating certifications"));
  if (!up_demo_copy_begin (gen, "COPY certifications (id, academy_id, trainee_id, course_id, kind, occupation, "
                                "skill_level, academic_level, academic_route, certificate_no, issuing_body, "
                                "issued_on, verified_on, verified_how) FROM STDIN WITH (FREEZE)", error))
    return FALSE;

  for (guint i = 0; i < gen->certs->len; i++)
    {
      const DemoCert *cert = &g_array_index (gen->certs, DemoCert, i);
      const DemoCourse *course = &gen->courses[cert->course];
      const char *year = gen->days[cert->issued - gen->day0];
      /* A running number over all certificates: unique for every issuer. */
      guint64 serial = gen->base[TABLE_CERTIFICATIONS] + i + 1;

      append_id (gen, TABLE_CERTIFICATIONS, i);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_ACADEMIES, course->academy);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_TRAINEES, cert->trainee);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_COURSES, cert->course);
      g_string_append_c (buf, '\t');
      g_string_append (buf, kinds[cert->kind]);
      g_string_append_c (buf, '\t');
      g_string_append (buf, up_demo_majors[course->major].occupation);
      g_string_append_c (buf, '\t');

      switch (cert->kind)
        {
        case CERT_SKILL_LEVEL:
          append_uint (buf, cert->level);
          APPEND_LITERAL (buf, "\t\\N\t\\N\tS5000");
          g_string_append_len (buf, year, 4);
          append_uint (buf, cert->level);
          break;
        case CERT_SPECIAL_ABILITY:
          APPEND_LITERAL (buf, "\\N\t\\N\t\\N\tZ5000");
          g_string_append_len (buf, year, 4);
          break;
        case CERT_ACADEMIC_DEGREE:
          APPEND_LITERAL (buf, "\\N\t");
          g_string_append (buf, cert->level == EDU_BACHELOR ? "bachelor" : "junior_college");
          g_string_append_c (buf, '\t');
          g_string_append (buf, up_demo_academic_routes[cert->route]);
          g_string_append_c (buf, '\t');
          append_uint (buf, 10600 + 17 * cert->body + cert->route);
          g_string_append_len (buf, year, 4);
          g_string_append_c (buf, cert->level == EDU_BACHELOR ? '5' : '6');
          break;
        case CERT_SPECIAL_OPERATION:
        default:
          APPEND_LITERAL (buf, "\\N\t\\N\t\\N\tT5001");
          g_string_append_len (buf, year, 4);
          break;
        }
      append_uint_padded (buf, serial, 10);
      g_string_append_c (buf, '\t');
      g_string_append (buf, cert_issuer (gen, cert));
      g_string_append_c (buf, '\t');
      append_day (gen, buf, cert->issued);
      g_string_append_c (buf, '\t');
      if (cert->verified != 0)
        {
          append_day (gen, buf, cert->verified);
          g_string_append_c (buf, '\t');
          g_string_append (buf, verified_how[cert->kind]);
        }
      else
        APPEND_LITERAL (buf, "\\N\t\\N");
      g_string_append_c (buf, '\n');

      gen->done += CERTIFICATION_COST;
      if (!up_demo_copy_flush (gen, FALSE, error))
        return FALSE;
    }
  gen->rows[TABLE_CERTIFICATIONS] = gen->certs->len;

  return up_demo_copy_end (gen, error);
}

/* Policies, payment batches and subsidies ------------------------------------ */

/* 紧缺职业: the demo's shortage occupations, raised by 20 % (rounded half up
 * to the fen, as up_compute_claim () does). */
static const char *shortage_occupations[] = { "工业机器人系统运维员", "工业机器人系统操作员", "数控铣工" };
#define SHORTAGE_UPLIFT_PERCENT 20

gboolean
up_demo_write_policies (Gen     *gen,
                        GError **error)
{
  GString *buf = gen->buf;

  if (!up_demo_copy_begin (gen, "COPY subsidy_policies (id, name, kind, skill_level, academic_level, amount_fen, "
                                "valid_from, valid_to, fund) FROM STDIN", error))
    return FALSE;

  for (guint i = 0; i < N_POLICIES; i++)
    {
      const DemoPolicy *policy = &up_demo_policies[i];

      append_id (gen, TABLE_POLICIES, i);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, policy->name);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, policy->kind);
      g_string_append_c (buf, '\t');
      if (policy->skill_level > 0)
        append_uint (buf, policy->skill_level);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, policy->level == EDU_BACHELOR ? "bachelor"
                              : policy->level == EDU_JUNIOR_COLLEGE ? "junior_college" : NULL);
      g_string_append_c (buf, '\t');
      append_uint (buf, policy->amount_fen);
      g_string_append (buf, "\t2024-01-01\t\\N\t专项资金\n");
    }
  gen->rows[TABLE_POLICIES] = N_POLICIES;

  if (!up_demo_copy_end (gen, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (shortage_occupations); i++)
    {
      g_autofree char *uplift = g_strdup_printf ("%d", SHORTAGE_UPLIFT_PERCENT);
      const char *params[] = { shortage_occupations[i], uplift };

      if (!up_pg_command (gen->conn, "INSERT INTO shortage_occupations (occupation, uplift_percent) "
                                     "VALUES ($1, $2) ON CONFLICT (occupation) DO NOTHING", 2, params, error))
        return FALSE;
    }
  return TRUE;
}

static guint
policy_for (const DemoCert *cert)
{
  switch (cert->kind)
    {
    case CERT_SKILL_LEVEL:
      return 5 - cert->level;
    case CERT_SPECIAL_ABILITY:
      return POLICY_SPECIAL_ABILITY;
    case CERT_ACADEMIC_DEGREE:
    default:
      return cert->level == EDU_BACHELOR ? POLICY_BACHELOR : POLICY_JUNIOR_COLLEGE;
    }
}

static gint64
subsidy_amount (Gen               *gen,
                const DemoSubsidy *subsidy)
{
  const DemoCert *cert = &g_array_index (gen->certs, DemoCert, subsidy->cert);
  const char *occupation = up_demo_majors[gen->courses[cert->course].major].occupation;
  gint64 amount = up_demo_policies[subsidy->policy].amount_fen;

  for (guint i = 0; i < G_N_ELEMENTS (shortage_occupations); i++)
    if (g_str_equal (occupation, shortage_occupations[i]))
      return amount + (amount * SHORTAGE_UPLIFT_PERCENT + 50) / 100;
  return amount;
}

/* Decides every claim first: a batch row carries the sum of its claims and
 * must exist before them. */
void
up_demo_plan_subsidies (Gen *gen)
{
  guint32 policy_start = up_demo_julian_of (2024, 1, 1);
  guint32 span = MAX (gen->today > policy_start ? gen->today - policy_start : 0, 2 * N_BATCHES);
  /* The paid batches share the time up to the last four months; the four
   * batches still on their way take a month each. */
  guint32 recent = MIN (span / 2, 120);
  guint32 lead = MIN ((span - recent) / 4, 60);
  guint n_years;
  g_autofree guint8 *claims = NULL;
  guint year_runs[16] = { 0 };

  if (gen->current_year < 2024)
    return;

  for (guint k = 0; k < N_BATCHES; k++)
    {
      DemoBatch *batch = &gen->batches[k];
      guint year;

      if (k < N_BATCHES / 2)
        batch->cutoff = policy_start + (k + 1) * (span - recent) / (N_BATCHES / 2);
      else
        batch->cutoff = policy_start + span - recent + (k + 1 - N_BATCHES / 2) * recent / (N_BATCHES / 2);
      batch->submitted = batch->cutoff + lead / 10 + 1;
      batch->notice_from = batch->cutoff + lead / 6 + 1;
      batch->notice_to = batch->notice_from + lead / 8 + 1;
      batch->paid = batch->cutoff + lead / 2 + 1;
      year = up_demo_year_of (batch->cutoff);
      g_snprintf (batch->name, sizeof batch->name, "%u年第%u批职工技能学历提升补助",
                  year, ++year_runs[MIN (year - 2024, G_N_ELEMENTS (year_runs) - 1)]);
    }

  /* At most annual_count_cap (3) claims a person a year. */
  n_years = gen->current_year - 2024 + 1;
  claims = g_malloc0 ((gsize) gen->n_trainees * n_years);

  for (guint i = 0; i < gen->certs->len; i++)
    {
      const DemoCert *cert = &g_array_index (gen->certs, DemoCert, i);
      DemoSubsidy subsidy = { i, 0, 0, SUBSIDY_PENDING, 0, N_BATCHES, 0 };
      guint8 *count;
      guint32 age;
      guint year;
      guint r;

      if (cert->kind == CERT_SPECIAL_OPERATION || cert->issued < policy_start)
        continue;
      if (!chance (gen->rand, 85))
        continue;

      /* Claimed within the window of twelve months. */
      subsidy.claimed = cert->issued + rand_range (gen->rand, 7, 90);
      if (subsidy.claimed > gen->today)
        continue;
      year = up_demo_year_of (subsidy.claimed);
      count = &claims[(gsize) cert->trainee * n_years + MIN (year - 2024, n_years - 1)];
      if (*count >= 3)
        continue;
      (*count)++;

      subsidy.policy = policy_for (cert);
      age = gen->today - subsidy.claimed;
      r = g_rand_int_range (gen->rand, 0, 100);

      if (age < 21)
        {
          if (r >= 85)
            {
              subsidy.state = SUBSIDY_REJECTED;
              subsidy.decided = subsidy.claimed + rand_range (gen->rand, 0, age);
            }
        }
      else if (r < 4)
        ;  /* still waiting for its review */
      else if (r < 12)
        {
          subsidy.state = SUBSIDY_REJECTED;
          subsidy.decided = subsidy.claimed + rand_range (gen->rand, 3, 20);
        }
      else
        {
          guint k = 0;

          subsidy.state = SUBSIDY_APPROVED;
          subsidy.decided = subsidy.claimed + rand_range (gen->rand, 5, 20);
          while (k < N_BATCHES - 1 && subsidy.decided > gen->batches[k].cutoff)
            k++;
          /* The newest batch is still being put together. */
          if (k < N_BATCHES - 1 || chance (gen->rand, 60))
            subsidy.batch = k;
          if (subsidy.batch < N_BATCHES && g_str_equal (up_demo_batch_states[k], "paid"))
            subsidy.state = chance (gen->rand, 96) ? SUBSIDY_PAID : SUBSIDY_FAILED;
        }

      if (subsidy.state == SUBSIDY_REJECTED)
        subsidy.reason = g_rand_int_range (gen->rand, 0, N_REJECT_REASONS);
      if (subsidy.batch < N_BATCHES && subsidy.state != SUBSIDY_FAILED)
        gen->batches[subsidy.batch].budget_fen += subsidy_amount (gen, &subsidy);

      g_array_append_val (gen->subsidies, subsidy);
    }
}

gboolean
up_demo_write_batches (Gen     *gen,
                       GError **error)
{
  GString *buf = gen->buf;

  if (!up_demo_copy_begin (gen, "COPY payment_batches (id, name, fund, state, budget_fen, notice_from, notice_to, "
                                "submitted_at, paid_at) FROM STDIN", error))
    return FALSE;

  for (guint k = 0; k < N_BATCHES; k++)
    {
      const DemoBatch *batch = &gen->batches[k];
      const char *state = up_demo_batch_states[k];
      gboolean submitted = !g_str_equal (state, "draft");
      gboolean noticed = submitted && !g_str_equal (state, "submitted");

      append_id (gen, TABLE_BATCHES, k);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, batch->name);
      g_string_append (buf, "\t专项资金\t");
      g_string_append (buf, state);
      g_string_append_c (buf, '\t');
      append_uint (buf, batch->budget_fen);
      g_string_append_c (buf, '\t');
      if (noticed)
        {
          append_day (gen, buf, batch->notice_from);
          g_string_append_c (buf, '\t');
          append_day (gen, buf, batch->notice_to);
        }
      else
        APPEND_LITERAL (buf, "\\N\t\\N");
      g_string_append_c (buf, '\t');
      if (submitted)
        append_time (gen, buf, batch->submitted, 10, 0);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      if (g_str_equal (state, "paid"))
        append_time (gen, buf, batch->paid, 15, 0);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\n');
    }
  gen->rows[TABLE_BATCHES] = N_BATCHES;

  return up_demo_copy_end (gen, error);
}

gboolean
up_demo_write_subsidies (Gen     *gen,
                         GError **error)
{
  GString *buf = gen->buf;

  g_autoptr(PGresult) scheme = NULL;

  /* Every demo claim is paid by the program's one scheme (migration 0004). */
  scheme = up_pg_exec (gen->conn, "SELECT up_default_scheme_id ()", 0, NULL, error);
  if (scheme == NULL)
    return FALSE;

  if (!up_demo_copy_begin (gen, "COPY subsidies (id, academy_id, trainee_id, certification_id, policy_id, batch_id, "
                                "amount_fen, state, reason, claimed_on, decided_at, paid_at, scheme_id, "
                                "subsidy_year) FROM STDIN WITH (FREEZE)", error))
    return FALSE;

  for (guint i = 0; i < gen->subsidies->len; i++)
    {
      const DemoSubsidy *subsidy = &g_array_index (gen->subsidies, DemoSubsidy, i);
      const DemoCert *cert = &g_array_index (gen->certs, DemoCert, subsidy->cert);

      append_id (gen, TABLE_SUBSIDIES, i);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_ACADEMIES, gen->courses[cert->course].academy);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_TRAINEES, cert->trainee);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_CERTIFICATIONS, subsidy->cert);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_POLICIES, subsidy->policy);
      g_string_append_c (buf, '\t');
      if (subsidy->batch < N_BATCHES)
        append_id (gen, TABLE_BATCHES, subsidy->batch);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      append_uint (buf, subsidy_amount (gen, subsidy));
      g_string_append_c (buf, '\t');
      g_string_append (buf, subsidy_state_names[subsidy->state]);
      g_string_append_c (buf, '\t');
      if (subsidy->state == SUBSIDY_REJECTED)
        g_string_append (buf, up_demo_reject_reasons[subsidy->reason]);
      else if (subsidy->state == SUBSIDY_FAILED)
        g_string_append (buf, "银行账户信息有误，资金退回");
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      append_day (gen, buf, subsidy->claimed);
      g_string_append_c (buf, '\t');
      if (subsidy->decided != 0)
        append_time (gen, buf, MIN (subsidy->decided, gen->today), 10, 30);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      if (subsidy->state == SUBSIDY_PAID || subsidy->state == SUBSIDY_FAILED)
        append_time (gen, buf, gen->batches[subsidy->batch].paid, 15, 0);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      g_string_append (buf, PQgetvalue (scheme, 0, 0));
      g_string_append_c (buf, '\t');
      append_uint (buf, up_demo_year_of (cert->issued));
      g_string_append_c (buf, '\n');

      gen->done += SUBSIDY_COST;
      if (!up_demo_copy_flush (gen, FALSE, error))
        return FALSE;
    }
  gen->rows[TABLE_SUBSIDIES] = gen->subsidies->len;

  return up_demo_copy_end (gen, error);
}
