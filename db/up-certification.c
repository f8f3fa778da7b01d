/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-certification"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <stdio.h>
#include <string.h>

#include "up-certification-private.h"
#include "up-error.h"
#include "up-money.h"
#include "up-pg.h"
#include "up-store-private.h"
#include "up-subsidy-rule.h"
#include "up-trainee.h"

/* Certificates (取证): recorded, edited and read here; the database computes
 * the subsidy claim of each (the certifications_claim trigger) and raises
 * the trainee's recorded levels (certifications_levels_*).  A save answers
 * the claim as it then stands, so the form can say what it will pay. */

struct _UpCertification
{
  GObject              parent_instance;

  gint64               id;
  gint64               trainee_id;
  char                *trainee_name;
  char                *id_number_masked;
  gint64               academy_id;
  char                *academy_name;
  gint64               course_id;
  char                *course_title;
  UpCertificationKind  kind;
  char                *occupation;
  int                  skill_level;
  char                *academic_level;
  char                *academic_route;
  char                *certificate_no;
  char                *issuing_body;
  char                *issued_on;
  char                *verified_on;
  char                *verified_how;
  int                  version;
  guint                loaded : 1;
};

G_DEFINE_FINAL_TYPE (UpCertification, up_certification, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (UpCertificationKind, up_certification_kind,
  G_DEFINE_ENUM_VALUE (UP_CERTIFICATION_KIND_SKILL_LEVEL, "skill_level"),
  G_DEFINE_ENUM_VALUE (UP_CERTIFICATION_KIND_SPECIAL_ABILITY, "special_ability"),
  G_DEFINE_ENUM_VALUE (UP_CERTIFICATION_KIND_ACADEMIC_DEGREE, "academic_degree"),
  G_DEFINE_ENUM_VALUE (UP_CERTIFICATION_KIND_SPECIAL_OPERATION, "special_operation"))

G_DEFINE_BOXED_TYPE (UpCertificationInput, up_certification_input,
                     up_certification_input_copy, up_certification_input_free)

static UpCertificationResult *result_copy (const UpCertificationResult *result);

G_DEFINE_BOXED_TYPE (UpCertificationResult, up_certification_result,
                     result_copy, up_certification_result_free)

enum {
  PROP_0,
  PROP_ID,
  PROP_LOADED,
  PROP_TRAINEE_ID,
  PROP_TRAINEE_NAME,
  PROP_ID_NUMBER_MASKED,
  PROP_ACADEMY_ID,
  PROP_ACADEMY_NAME,
  PROP_COURSE_ID,
  PROP_COURSE_TITLE,
  PROP_KIND,
  PROP_KIND_LABEL,
  PROP_OCCUPATION,
  PROP_SKILL_LEVEL,
  PROP_ACADEMIC_LEVEL,
  PROP_ACADEMIC_ROUTE,
  PROP_LEVEL_LABEL,
  PROP_CERTIFICATE_NO,
  PROP_ISSUING_BODY,
  PROP_ISSUED_ON,
  PROP_VERIFIED_ON,
  PROP_VERIFIED_HOW,
  PROP_VERIFIED_LABEL,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *kind_sql[] = { "skill_level", "special_ability", "academic_degree", "special_operation" };
static const char *kind_labels[] = {
  /* Translators: certificate kind 职业技能等级证书 */
  NC_("certification kind", "Skill level"),
  /* Translators: certificate kind 专项职业能力证书 */
  NC_("certification kind", "Special vocational ability"),
  /* Translators: certificate kind 学历证书 */
  NC_("certification kind", "Academic degree"),
  /* Translators: certificate kind 特种作业操作证 */
  NC_("certification kind", "Special operation permit"),
};

static const char * const route_sql[] = { "adult_exam", "open_university", "self_study", "full_time", NULL };

static const char *get_sql =
  "SELECT " UP_CERTIFICATION_COLUMNS " FROM " UP_CERTIFICATION_FROM " WHERE c.id = $1";

/* With a course, the certificate is the course's academy's (the foreign key
 * certifications_course_fkey holds them together); without one, the academy
 * recording it, or else the one that registered the trainee. */
#define ACADEMY_SQL \
  "coalesce ((SELECT co.academy_id FROM courses co WHERE co.id = $3::bigint), $1::bigint, " \
  "          (SELECT t.academy_id FROM trainees t WHERE t.id = $2::bigint))"

static const char *insert_sql =
  "INSERT INTO certifications (academy_id, trainee_id, course_id, kind, occupation, skill_level, "
  "                            academic_level, academic_route, certificate_no, issuing_body, issued_on, "
  "                            verified_on, verified_how) "
  "VALUES (" ACADEMY_SQL ", $2::bigint, $3::bigint, $4::certification_kind, up_trim ($5), $6::smallint, "
  "        $7::academic_level, $8::academic_route, up_trim ($9), up_trim ($10), $11::date, $12::date, "
  "        nullif (up_trim ($13), '')) "
  "RETURNING id, version";

/* Only the row as it was read: a concurrent edit leaves no row to update. */
static const char *update_sql =
  "UPDATE certifications SET academy_id = " ACADEMY_SQL ", trainee_id = $2::bigint, course_id = $3::bigint, "
  "       kind = $4::certification_kind, occupation = up_trim ($5), skill_level = $6::smallint, "
  "       academic_level = $7::academic_level, academic_route = $8::academic_route, "
  "       certificate_no = up_trim ($9), issuing_body = up_trim ($10), issued_on = $11::date, "
  "       verified_on = $12::date, verified_how = nullif (up_trim ($13), '') "
  " WHERE id = $14 AND version = $15 "
  "RETURNING id, version";

/* An edit may change what the claim pays; a claim a person decided stays. */
static const char *compute_claim_sql = "SELECT up_compute_claim ($1)";

/* The claim as the trigger left it, and the line of its rule trail that
 * explains the amount: the rule that refused it, or else the last one that
 * reduced or raised it. */
static const char *claim_sql =
  "SELECT s.id, s.state, s.amount_fen, s.refused_by, "
  "       r.rule, r.outcome, r.amount_fen, r.limit_value::text, r.actual_value::text "
  "  FROM subsidies s "
  "  LEFT JOIN LATERAL ("
  "    SELECT x.rule, x.outcome, x.amount_fen, x.limit_value, x.actual_value "
  "      FROM subsidy_rule_results x "
  "     WHERE x.subsidy_id = s.id "
  "       AND (x.rule = s.refused_by OR (s.refused_by IS NULL AND x.outcome IN ('reduced', 'raised'))) "
  "     ORDER BY x.seq DESC LIMIT 1) r ON true "
  " WHERE s.certification_id = $1";

/* The distinct values through their btree, one index descent each (a loose
 * index scan): a few hundred occupations among hundreds of thousands of
 * certificates cost a few hundred lookups, not a scan.  The occupation comes
 * through certifications_occupation_idx, the issuing body through the index
 * of certifications_number_unique. */
static const char *suggest_occupation_sql =
  "WITH RECURSIVE o (v) AS ("
  "  (SELECT occupation FROM certifications ORDER BY occupation LIMIT 1) "
  "  UNION ALL "
  "  SELECT (SELECT c.occupation FROM certifications c WHERE c.occupation > o.v "
  "           ORDER BY c.occupation LIMIT 1) FROM o WHERE o.v IS NOT NULL) "
  "SELECT v FROM o WHERE v IS NOT NULL LIMIT $1::bigint";

static const char *suggest_issuing_body_sql =
  "WITH RECURSIVE o (v) AS ("
  "  (SELECT issuing_body FROM certifications ORDER BY issuing_body LIMIT 1) "
  "  UNION ALL "
  "  SELECT (SELECT c.issuing_body FROM certifications c WHERE c.issuing_body > o.v "
  "           ORDER BY c.issuing_body LIMIT 1) FROM o WHERE o.v IS NOT NULL) "
  "SELECT v FROM o WHERE v IS NOT NULL LIMIT $1::bigint";

/* Kinds and routes --------------------------------------------------------- */

const char *
up_certification_kind_to_sql (UpCertificationKind kind)
{
  g_return_val_if_fail (kind <= UP_CERTIFICATION_KIND_SPECIAL_OPERATION, NULL);
  return kind_sql[kind];
}

gboolean
up_certification_kind_from_sql (const char          *sql,
                                UpCertificationKind *kind)
{
  guint index;

  if (!up_store_enum_from_sql (sql, kind_sql, G_N_ELEMENTS (kind_sql), &index))
    return FALSE;
  *kind = index;
  return TRUE;
}

const char *
up_certification_kind_to_label (UpCertificationKind kind)
{
  g_return_val_if_fail (kind <= UP_CERTIFICATION_KIND_SPECIAL_OPERATION, NULL);
  return g_dpgettext2 (NULL, "certification kind", kind_labels[kind]);
}

const char * const *
up_academic_routes (void)
{
  return route_sql;
}

const char *
up_academic_route_to_label (const char *route)
{
  if (route == NULL)
    return NULL;
  if (g_str_equal (route, "adult_exam"))
    /* Translators: route to an academic degree (成人高考) */
    return C_("academic route", "Adult college entrance exam");
  if (g_str_equal (route, "open_university"))
    /* Translators: route to an academic degree (开放大学) */
    return C_("academic route", "Open university");
  if (g_str_equal (route, "self_study"))
    /* Translators: route to an academic degree (高等教育自学考试, 自考) */
    return C_("academic route", "Self-study examination");
  if (g_str_equal (route, "full_time"))
    /* Translators: route to an academic degree (全日制) */
    return C_("academic route", "Full-time study");
  return NULL;
}

static gboolean
is_academic_level (const char *level)
{
  const char * const *levels = up_education_levels ();

  for (guint i = 0; level != NULL && levels[i] != NULL; i++)
    if (g_str_equal (levels[i], level))
      return TRUE;
  return FALSE;
}

static gboolean
is_academic_route (const char *route)
{
  return route != NULL && g_strv_contains (route_sql, route);
}

/* Input -------------------------------------------------------------------- */

UpCertificationInput *
up_certification_input_new (void)
{
  UpCertificationInput *input = g_new0 (UpCertificationInput, 1);

  input->kind = UP_CERTIFICATION_KIND_SKILL_LEVEL;
  return input;
}

UpCertificationInput *
up_certification_input_copy (const UpCertificationInput *input)
{
  UpCertificationInput *copy;

  g_return_val_if_fail (input != NULL, NULL);

  copy = g_memdup2 (input, sizeof *input);
  copy->occupation = g_strdup (input->occupation);
  copy->academic_level = g_strdup (input->academic_level);
  copy->academic_route = g_strdup (input->academic_route);
  copy->certificate_no = g_strdup (input->certificate_no);
  copy->issuing_body = g_strdup (input->issuing_body);
  copy->issued_on = g_strdup (input->issued_on);
  copy->verified_on = g_strdup (input->verified_on);
  copy->verified_how = g_strdup (input->verified_how);
  return copy;
}

void
up_certification_input_free (UpCertificationInput *input)
{
  if (input == NULL)
    return;
  g_free (input->occupation);
  g_free (input->academic_level);
  g_free (input->academic_route);
  g_free (input->certificate_no);
  g_free (input->issuing_body);
  g_free (input->issued_on);
  g_free (input->verified_on);
  g_free (input->verified_how);
  g_free (input);
}

/* Text that holds more than white space (the ideographic space too). */
static gboolean
is_present (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x3000)
        return TRUE;
    }
  return FALSE;
}

/* YYYY-MM-DD and nothing else. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned year, month, day;
  int consumed = 0;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%n", &year, &month, &day, &consumed) != 3 || consumed != 10)
    return FALSE;
  if (year < 1900 || year > 2999 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static void
today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static UpCertificationField
refuse (GError               **error,
        UpCertificationField   field,
        const char            *message)
{
  g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT, message);
  return field;
}

UpCertificationField
up_certification_input_validate (const UpCertificationInput  *input,
                                 GError                     **error)
{
  GDate issued, verified, now;

  g_return_val_if_fail (input != NULL, UP_CERTIFICATION_FIELD_NONE);

  if (input->trainee_id <= 0)
    return refuse (error, UP_CERTIFICATION_FIELD_TRAINEE,
                   _("Trainee: choose the trainee who obtained the certificate."));
  if (input->kind > UP_CERTIFICATION_KIND_SPECIAL_OPERATION)
    return refuse (error, UP_CERTIFICATION_FIELD_KIND, _("Kind: choose the kind of certificate."));
  if (!is_present (input->occupation))
    return refuse (error, UP_CERTIFICATION_FIELD_OCCUPATION,
                   input->kind == UP_CERTIFICATION_KIND_ACADEMIC_DEGREE
                   ? _("Occupation: enter the speciality of the degree, for example “Mechatronics”.")
                   : _("Occupation: enter the occupation (工种) the certificate is for, for example “Welder”."));
  if (input->kind == UP_CERTIFICATION_KIND_SKILL_LEVEL && (input->skill_level < 1 || input->skill_level > 5))
    return refuse (error, UP_CERTIFICATION_FIELD_SKILL_LEVEL,
                   _("Skill level: choose a level from 5 (entry) to 1 (senior technician)."));
  if (input->kind == UP_CERTIFICATION_KIND_ACADEMIC_DEGREE)
    {
      if (!is_academic_level (input->academic_level))
        return refuse (error, UP_CERTIFICATION_FIELD_ACADEMIC_LEVEL,
                       _("Academic level: choose the level of the degree."));
      if (!is_academic_route (input->academic_route))
        return refuse (error, UP_CERTIFICATION_FIELD_ACADEMIC_ROUTE,
                       _("Route: choose how the degree was obtained (adult exam, open university, self-study …)."));
    }
  if (!is_present (input->certificate_no))
    return refuse (error, UP_CERTIFICATION_FIELD_NUMBER, _("Certificate number: enter the number printed on it."));
  if (g_utf8_strlen (input->certificate_no, -1) > 64)
    return refuse (error, UP_CERTIFICATION_FIELD_NUMBER,
                   _("Certificate number: at most 64 characters."));
  if (!is_present (input->issuing_body))
    return refuse (error, UP_CERTIFICATION_FIELD_ISSUING_BODY,
                   _("Issuing body: enter who issued the certificate."));

  today (&now);
  if (!parse_date (input->issued_on, &issued))
    return refuse (error, UP_CERTIFICATION_FIELD_ISSUED_ON,
                   _("Issue date: enter it as year-month-day, for example 2025-06-30."));
  if (g_date_compare (&issued, &now) > 0)
    return refuse (error, UP_CERTIFICATION_FIELD_ISSUED_ON, _("Issue date: it cannot lie in the future."));

  if (input->verified_on != NULL && *input->verified_on != '\0')
    {
      if (!parse_date (input->verified_on, &verified))
        return refuse (error, UP_CERTIFICATION_FIELD_VERIFIED_ON,
                       _("Verified on: enter it as year-month-day, or leave it empty."));
      if (g_date_compare (&verified, &issued) < 0)
        return refuse (error, UP_CERTIFICATION_FIELD_VERIFIED_ON,
                       _("Verified on: a certificate cannot be checked before it was issued."));
      if (g_date_compare (&verified, &now) > 0)
        return refuse (error, UP_CERTIFICATION_FIELD_VERIFIED_ON, _("Verified on: it cannot lie in the future."));
    }

  return UP_CERTIFICATION_FIELD_NONE;
}

/* Result ------------------------------------------------------------------- */

static UpCertificationResult *
result_copy (const UpCertificationResult *result)
{
  UpCertificationResult *copy = g_memdup2 (result, sizeof *result);

  copy->state = g_strdup (result->state);
  copy->refused_by = g_strdup (result->refused_by);
  copy->trail_rule = g_strdup (result->trail_rule);
  copy->trail_outcome = g_strdup (result->trail_outcome);
  copy->limit_value = g_strdup (result->limit_value);
  copy->actual_value = g_strdup (result->actual_value);
  return copy;
}

void
up_certification_result_free (UpCertificationResult *result)
{
  if (result == NULL)
    return;
  g_free (result->state);
  g_free (result->refused_by);
  g_free (result->trail_rule);
  g_free (result->trail_outcome);
  g_free (result->limit_value);
  g_free (result->actual_value);
  g_free (result);
}

/* The sentence of the trail line that explains the amount, or NULL. */
static char *
explain_trail (const UpCertificationResult *result)
{
  char *why;

  if (result->trail_rule == NULL)
    return NULL;

  why = up_subsidy_rule_explain (result->trail_rule,
                                 result->trail_outcome != NULL ? result->trail_outcome : "applied",
                                 result->trail_amount_fen, result->limit_value, result->actual_value);
  if (why == NULL)
    why = g_strdup (up_subsidy_rule_label (result->trail_rule) != NULL ? up_subsidy_rule_label (result->trail_rule)
                                                                        : result->trail_rule);
  return why;
}

char *
up_certification_result_describe (const UpCertificationResult *result)
{
  g_autofree char *amount = NULL;
  g_autofree char *why = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (result->subsidy_id == 0 || result->state == NULL)
    return g_strdup (_("No subsidy claim was computed for this certificate."));

  amount = up_money_format (result->amount_fen);
  why = explain_trail (result);

  if (g_str_equal (result->state, "pending"))
    {
      /* Translators: %s is an amount of money such as ¥1,500.00; 待审核 */
      g_autofree char *claim = g_strdup_printf (_("Claim computed: %s, pending approval."), amount);

      if (why == NULL)
        return g_steal_pointer (&claim);
      /* Translators: a sentence on the claim, then the rule that raised or reduced it */
      return g_strdup_printf (_("%s %s"), claim, why);
    }

  if (g_str_equal (result->state, "rejected") && result->refused_by != NULL)
    /* Translators: %s is the reason in words, from the rule that refused the claim */
    return g_strdup_printf (_("No subsidy. %s"), why != NULL ? why : result->refused_by);

  /* Translators: %s is an amount of money; the claim was approved, paid or
   * rejected by a person before this edit, and stays so */
  return g_strdup_printf (_("The claim was already decided and stays as it was (%s)."), amount);
}

/* GObject ------------------------------------------------------------------ */

char *
up_certification_dup_level_label (UpCertification *self)
{
  g_return_val_if_fail (UP_IS_CERTIFICATION (self), NULL);

  if (self->academic_level != NULL)
    {
      const char *level = up_education_level_to_label (self->academic_level);
      const char *route = up_academic_route_to_label (self->academic_route);

      if (route == NULL)
        return g_strdup (level != NULL ? level : "");
      /* Translators: an academic level and the route to it, e.g. “Bachelor (Open university)” */
      return g_strdup_printf (_("%s (%s)"), level != NULL ? level : "", route);
    }
  if (self->skill_level > 0)
    return g_strdup (up_skill_level_to_label (self->skill_level));
  return g_strdup ("");
}

static char *
dup_verified_label (UpCertification *self)
{
  if (!self->loaded)
    return NULL;
  if (self->verified_on == NULL)
    /* Translators: a certificate not yet checked in the national registry */
    return g_strdup (_("Not checked"));
  if (self->verified_how == NULL)
    return g_strdup (self->verified_on);
  /* Translators: when and how a certificate was checked, e.g. “2025-07-01, online registry” */
  return g_strdup_printf (_("%s, %s"), self->verified_on, self->verified_how);
}

static void
up_certification_finalize (GObject *object)
{
  UpCertification *self = (UpCertification *) object;

  g_free (self->trainee_name);
  g_free (self->id_number_masked);
  g_free (self->academy_name);
  g_free (self->course_title);
  g_free (self->occupation);
  g_free (self->academic_level);
  g_free (self->academic_route);
  g_free (self->certificate_no);
  g_free (self->issuing_body);
  g_free (self->issued_on);
  g_free (self->verified_on);
  g_free (self->verified_how);

  G_OBJECT_CLASS (up_certification_parent_class)->finalize (object);
}

static void
up_certification_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  UpCertification *self = UP_CERTIFICATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_TRAINEE_ID:
      g_value_set_int64 (value, self->trainee_id);
      break;
    case PROP_TRAINEE_NAME:
      g_value_set_string (value, self->trainee_name);
      break;
    case PROP_ID_NUMBER_MASKED:
      g_value_set_string (value, self->id_number_masked);
      break;
    case PROP_ACADEMY_ID:
      g_value_set_int64 (value, self->academy_id);
      break;
    case PROP_ACADEMY_NAME:
      g_value_set_string (value, self->academy_name);
      break;
    case PROP_COURSE_ID:
      g_value_set_int64 (value, self->course_id);
      break;
    case PROP_COURSE_TITLE:
      g_value_set_string (value, self->course_title);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_KIND_LABEL:
      g_value_set_string (value, self->loaded ? up_certification_kind_to_label (self->kind) : NULL);
      break;
    case PROP_OCCUPATION:
      g_value_set_string (value, self->occupation);
      break;
    case PROP_SKILL_LEVEL:
      g_value_set_int (value, self->skill_level);
      break;
    case PROP_ACADEMIC_LEVEL:
      g_value_set_string (value, self->academic_level);
      break;
    case PROP_ACADEMIC_ROUTE:
      g_value_set_string (value, self->academic_route);
      break;
    case PROP_LEVEL_LABEL:
      g_value_take_string (value, up_certification_dup_level_label (self));
      break;
    case PROP_CERTIFICATE_NO:
      g_value_set_string (value, self->certificate_no);
      break;
    case PROP_ISSUING_BODY:
      g_value_set_string (value, self->issuing_body);
      break;
    case PROP_ISSUED_ON:
      g_value_set_string (value, self->issued_on);
      break;
    case PROP_VERIFIED_ON:
      g_value_set_string (value, self->verified_on);
      break;
    case PROP_VERIFIED_HOW:
      g_value_set_string (value, self->verified_how);
      break;
    case PROP_VERIFIED_LABEL:
      g_value_take_string (value, dup_verified_label (self));
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_certification_class_init (UpCertificationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = up_certification_finalize;
  object_class->get_property = up_certification_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_TRAINEE_ID] = g_param_spec_int64 ("trainee-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TRAINEE_NAME] = g_param_spec_string ("trainee-name", NULL, NULL, NULL, flags);
  properties[PROP_ID_NUMBER_MASKED] = g_param_spec_string ("id-number-masked", NULL, NULL, NULL, flags);
  properties[PROP_ACADEMY_ID] = g_param_spec_int64 ("academy-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACADEMY_NAME] = g_param_spec_string ("academy-name", NULL, NULL, NULL, flags);
  properties[PROP_COURSE_ID] = g_param_spec_int64 ("course-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_COURSE_TITLE] = g_param_spec_string ("course-title", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, UP_TYPE_CERTIFICATION_KIND,
                                             UP_CERTIFICATION_KIND_SKILL_LEVEL, flags);
  properties[PROP_KIND_LABEL] = g_param_spec_string ("kind-label", NULL, NULL, NULL, flags);
  properties[PROP_OCCUPATION] = g_param_spec_string ("occupation", NULL, NULL, NULL, flags);
  properties[PROP_SKILL_LEVEL] = g_param_spec_int ("skill-level", NULL, NULL, 0, 5, 0, flags);
  properties[PROP_ACADEMIC_LEVEL] = g_param_spec_string ("academic-level", NULL, NULL, NULL, flags);
  properties[PROP_ACADEMIC_ROUTE] = g_param_spec_string ("academic-route", NULL, NULL, NULL, flags);
  properties[PROP_LEVEL_LABEL] = g_param_spec_string ("level-label", NULL, NULL, NULL, flags);
  properties[PROP_CERTIFICATE_NO] = g_param_spec_string ("certificate-no", NULL, NULL, NULL, flags);
  properties[PROP_ISSUING_BODY] = g_param_spec_string ("issuing-body", NULL, NULL, NULL, flags);
  properties[PROP_ISSUED_ON] = g_param_spec_string ("issued-on", NULL, NULL, NULL, flags);
  properties[PROP_VERIFIED_ON] = g_param_spec_string ("verified-on", NULL, NULL, NULL, flags);
  properties[PROP_VERIFIED_HOW] = g_param_spec_string ("verified-how", NULL, NULL, NULL, flags);
  properties[PROP_VERIFIED_LABEL] = g_param_spec_string ("verified-label", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_certification_init (UpCertification *self)
{
}

UpCertification *
up_certification_new_placeholder (void)
{
  return g_object_new (UP_TYPE_CERTIFICATION, NULL);
}

static void
take_string (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

void
up_certification_fill_from_result (UpCertification *self,
                                   const PGresult  *result,
                                   int              row,
                                   int              column)
{
  const int c = column;

  g_return_if_fail (UP_IS_CERTIFICATION (self));

  self->id = up_store_int64 (result, row, c + 0);
  self->trainee_id = up_store_int64 (result, row, c + 1);
  take_string (&self->trainee_name, up_store_text (result, row, c + 2));
  take_string (&self->id_number_masked, up_store_text (result, row, c + 3));
  self->academy_id = up_store_int64 (result, row, c + 4);
  take_string (&self->academy_name, up_store_text (result, row, c + 5));
  self->course_id = up_store_int64 (result, row, c + 6);
  take_string (&self->course_title, up_store_text (result, row, c + 7));
  if (!up_certification_kind_from_sql (up_store_text (result, row, c + 8), &self->kind))
    self->kind = UP_CERTIFICATION_KIND_SKILL_LEVEL;
  take_string (&self->occupation, up_store_text (result, row, c + 9));
  self->skill_level = (int) up_store_int64 (result, row, c + 10);
  take_string (&self->academic_level, up_store_text (result, row, c + 11));
  take_string (&self->academic_route, up_store_text (result, row, c + 12));
  take_string (&self->certificate_no, up_store_text (result, row, c + 13));
  take_string (&self->issuing_body, up_store_text (result, row, c + 14));
  take_string (&self->issued_on, up_store_text (result, row, c + 15));
  take_string (&self->verified_on, up_store_text (result, row, c + 16));
  take_string (&self->verified_how, up_store_text (result, row, c + 17));
  self->version = (int) up_store_int64 (result, row, c + 18);
  self->loaded = TRUE;

  /* A placeholder filled in place: every property may have changed. */
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_ID; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Getters ------------------------------------------------------------------ */

#define GETTER(type, name, field) \
  type \
  up_certification_get_##name (UpCertification *self) \
  { \
    g_return_val_if_fail (UP_IS_CERTIFICATION (self), (type) 0); \
    return self->field; \
  }

GETTER (gboolean, loaded, loaded)
GETTER (gint64, id, id)
GETTER (gint64, trainee_id, trainee_id)
GETTER (const char *, trainee_name, trainee_name)
GETTER (const char *, id_number_masked, id_number_masked)
GETTER (gint64, academy_id, academy_id)
GETTER (const char *, academy_name, academy_name)
GETTER (gint64, course_id, course_id)
GETTER (const char *, course_title, course_title)
GETTER (UpCertificationKind, kind, kind)
GETTER (const char *, occupation, occupation)
GETTER (int, skill_level, skill_level)
GETTER (const char *, academic_level, academic_level)
GETTER (const char *, academic_route, academic_route)
GETTER (const char *, certificate_no, certificate_no)
GETTER (const char *, issuing_body, issuing_body)
GETTER (const char *, issued_on, issued_on)
GETTER (const char *, verified_on, verified_on)
GETTER (const char *, verified_how, verified_how)
GETTER (int, version, version)

#undef GETTER

UpCertificationInput *
up_certification_input_new_from_certification (UpCertification *self)
{
  UpCertificationInput *input;

  g_return_val_if_fail (UP_IS_CERTIFICATION (self), NULL);

  input = up_certification_input_new ();
  input->trainee_id = self->trainee_id;
  input->academy_id = self->academy_id;
  input->course_id = self->course_id;
  input->kind = self->kind;
  input->occupation = g_strdup (self->occupation);
  input->skill_level = self->skill_level;
  input->academic_level = g_strdup (self->academic_level);
  input->academic_route = g_strdup (self->academic_route);
  input->certificate_no = g_strdup (self->certificate_no);
  input->issuing_body = g_strdup (self->issuing_body);
  input->issued_on = g_strdup (self->issued_on);
  input->verified_on = g_strdup (self->verified_on);
  input->verified_how = g_strdup (self->verified_how);
  return input;
}

/* Store -------------------------------------------------------------------- */

UpCertification *
up_certification_get (PGconn  *conn,
                      gint64   certification_id,
                      GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, certification_id);
  const char *params[] = { id };
  g_autoptr(PGresult) result = up_pg_exec (conn, get_sql, 1, params, error);
  UpCertification *self;

  if (result == NULL)
    return NULL;

  if (PQntuples (result) != 1)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED, _("This certificate no longer exists."));
      return NULL;
    }

  self = up_certification_new_placeholder ();
  up_certification_fill_from_result (self, result, 0, 0);
  return self;
}

static char *
int64_param (gint64 value)
{
  return value > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : NULL;
}

static const char *
optional (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static UpCertificationResult *
read_claim (PGconn   *conn,
            gint64    certification_id,
            int       version,
            GError  **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, certification_id);
  const char *params[] = { id };
  g_autoptr(PGresult) rows = up_pg_exec (conn, claim_sql, 1, params, error);
  UpCertificationResult *saved;

  if (rows == NULL)
    return NULL;

  saved = g_new0 (UpCertificationResult, 1);
  saved->certification_id = certification_id;
  saved->version = version;
  if (PQntuples (rows) == 1)
    {
      saved->subsidy_id = up_store_int64 (rows, 0, 0);
      saved->state = g_strdup (up_store_text (rows, 0, 1));
      saved->amount_fen = up_store_int64 (rows, 0, 2);
      saved->refused_by = g_strdup (up_store_text (rows, 0, 3));
      saved->trail_rule = g_strdup (up_store_text (rows, 0, 4));
      saved->trail_outcome = g_strdup (up_store_text (rows, 0, 5));
      saved->trail_amount_fen = up_store_int64 (rows, 0, 6);
      saved->limit_value = g_strdup (up_store_text (rows, 0, 7));
      saved->actual_value = g_strdup (up_store_text (rows, 0, 8));
    }
  return saved;
}

static UpCertificationResult *
save (PGconn                      *conn,
      gint64                       certification_id,
      int                          version,
      const UpCertificationInput  *input,
      GError                     **error)
{
  g_autofree char *academy = int64_param (input->academy_id);
  g_autofree char *trainee = int64_param (input->trainee_id);
  g_autofree char *course = int64_param (input->course_id);
  g_autofree char *skill = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, certification_id);
  g_autofree char *version_text = g_strdup_printf ("%d", version);
  const char *academic_level = NULL;
  const char *academic_route = NULL;
  g_autoptr(PGresult) result = NULL;
  gboolean update = certification_id > 0;
  UpCertificationResult *saved;
  gint64 new_id;
  int new_version;

  if (up_certification_input_validate (input, error) != UP_CERTIFICATION_FIELD_NONE)
    return NULL;

  /* Only the level that fits the kind is saved. */
  if (input->kind == UP_CERTIFICATION_KIND_SKILL_LEVEL)
    skill = g_strdup_printf ("%d", input->skill_level);
  if (input->kind == UP_CERTIFICATION_KIND_ACADEMIC_DEGREE)
    {
      academic_level = input->academic_level;
      academic_route = input->academic_route;
    }

  {
    const char *params[] = { academy, trainee, course, kind_sql[input->kind], input->occupation, skill,
                             academic_level, academic_route, input->certificate_no, input->issuing_body,
                             input->issued_on, optional (input->verified_on), optional (input->verified_how),
                             id, version_text };

    if (!up_pg_begin (conn, error))
      return NULL;

    result = up_pg_exec (conn, update ? update_sql : insert_sql, update ? 15 : 13, params, error);
    if (result == NULL)
      {
        up_pg_rollback (conn);
        return NULL;
      }
  }

  if (PQntuples (result) != 1)
    {
      up_pg_rollback (conn);
      g_set_error_literal (error, UP_ERROR, UP_ERROR_RETRY,
                           _("Someone else changed or removed this certificate in the meantime. "
                             "Reload it and make your changes again."));
      return NULL;
    }

  new_id = up_store_int64 (result, 0, 0);
  new_version = (int) up_store_int64 (result, 0, 1);

  if (update)
    {
      const char *params[] = { id };

      if (!up_pg_command (conn, compute_claim_sql, 1, params, error))
        {
          up_pg_rollback (conn);
          return NULL;
        }
    }

  saved = read_claim (conn, new_id, new_version, error);
  if (saved == NULL || !up_pg_commit (conn, error))
    {
      up_pg_rollback (conn);
      g_clear_pointer (&saved, up_certification_result_free);
      return NULL;
    }

  return saved;
}

UpCertificationResult *
up_certification_insert (PGconn                      *conn,
                         const UpCertificationInput  *input,
                         GError                     **error)
{
  g_return_val_if_fail (input != NULL, NULL);

  return save (conn, 0, 0, input, error);
}

UpCertificationResult *
up_certification_update (PGconn                      *conn,
                         gint64                       certification_id,
                         int                          version,
                         const UpCertificationInput  *input,
                         GError                     **error)
{
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (certification_id > 0, NULL);

  return save (conn, certification_id, version, input, error);
}

GStrv
up_certification_suggest (PGconn                  *conn,
                          UpCertificationSuggest   which,
                          guint                    limit,
                          GError                 **error)
{
  g_autofree char *limit_text = g_strdup_printf ("%u", limit > 0 ? limit : 500);
  const char *params[] = { limit_text };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(PGresult) result = NULL;

  result = up_pg_exec (conn, which == UP_CERTIFICATION_SUGGEST_OCCUPATION ? suggest_occupation_sql
                                                                          : suggest_issuing_body_sql,
                       1, params, error);
  if (result == NULL)
    return NULL;

  for (int i = 0; i < PQntuples (result); i++)
    g_strv_builder_add (builder, PQgetvalue (result, i, 0));
  return g_strv_builder_end (builder);
}

/* Async -------------------------------------------------------------------- */

static gpointer
get_func (PGconn        *conn,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  return up_certification_get (conn, *(gint64 *) data, error);
}

void
up_certification_get_async (UpDatabase          *db,
                            gint64               certification_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));

  up_store_run_async (db, up_certification_get_async, get_func,
                      g_memdup2 (&certification_id, sizeof certification_id), g_free,
                      g_object_unref, NULL, NULL, cancellable, callback, user_data);
}

UpCertification *
up_certification_get_finish (UpDatabase    *db,
                             GAsyncResult  *result,
                             GError       **error)
{
  return up_store_propagate (db, result, up_certification_get_async, error);
}

typedef struct
{
  gint64                 id;
  int                    version;
  UpCertificationInput  *input;
} SaveJob;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  up_certification_input_free (job->input);
  g_free (job);
}

static gpointer
save_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  SaveJob *job = data;

  return save (conn, job->id, job->version, job->input, error);
}

void
up_certification_save_async (UpDatabase                 *db,
                             gint64                      certification_id,
                             int                         version,
                             const UpCertificationInput *input,
                             GCancellable               *cancellable,
                             GAsyncReadyCallback         callback,
                             gpointer                    user_data)
{
  SaveJob *job;

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (input != NULL);

  job = g_new0 (SaveJob, 1);
  job->id = certification_id;
  job->version = version;
  job->input = up_certification_input_copy (input);
  up_store_run_async (db, up_certification_save_async, save_func, job, save_job_free,
                      (GDestroyNotify) up_certification_result_free, NULL, NULL, cancellable, callback,
                      user_data);
}

UpCertificationResult *
up_certification_save_finish (UpDatabase    *db,
                              GAsyncResult  *result,
                              GError       **error)
{
  return up_store_propagate (db, result, up_certification_save_async, error);
}

static gpointer
suggest_func (PGconn        *conn,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  return up_certification_suggest (conn, GPOINTER_TO_INT (data), 0, error);
}

void
up_certification_suggest_async (UpDatabase             *db,
                                UpCertificationSuggest  which,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));

  up_store_run_async (db, up_certification_suggest_async, suggest_func, GINT_TO_POINTER (which), NULL,
                      (GDestroyNotify) g_strfreev, NULL, NULL, cancellable, callback, user_data);
}

GStrv
up_certification_suggest_finish (UpDatabase    *db,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return up_store_propagate (db, result, up_certification_suggest_async, error);
}
