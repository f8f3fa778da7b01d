/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-error"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include <string.h>

#include "up-error.h"

/* Errors carry the SQLSTATE and the constraint name as private data of an
 * extended error domain, so they survive g_error_copy() and
 * g_propagate_error() without a side table. */
typedef struct
{
  char sqlstate[6];
  char *constraint;
} UpErrorPrivate;

static void
up_error_private_init (UpErrorPrivate *priv)
{
  priv->sqlstate[0] = '\0';
  priv->constraint = NULL;
}

static void
up_error_private_copy (const UpErrorPrivate *src,
                       UpErrorPrivate       *dest)
{
  memcpy (dest->sqlstate, src->sqlstate, sizeof dest->sqlstate);
  dest->constraint = g_strdup (src->constraint);
}

static void
up_error_private_clear (UpErrorPrivate *priv)
{
  g_clear_pointer (&priv->constraint, g_free);
}

G_DEFINE_EXTENDED_ERROR (UpError, up_error)

static void
remember_detail (const GError *error,
                 const char   *sqlstate,
                 const char   *constraint)
{
  UpErrorPrivate *priv = up_error_get_private (error);

  if (priv == NULL)
    return;

  if (sqlstate != NULL)
    g_strlcpy (priv->sqlstate, sqlstate, sizeof priv->sqlstate);
  g_free (priv->constraint);
  priv->constraint = g_strdup (constraint);
}

const char *
up_error_get_sqlstate (const GError *error)
{
  UpErrorPrivate *priv = error != NULL ? up_error_get_private (error) : NULL;

  return priv != NULL && priv->sqlstate[0] != '\0' ? priv->sqlstate : NULL;
}

const char *
up_error_get_constraint (const GError *error)
{
  UpErrorPrivate *priv = error != NULL ? up_error_get_private (error) : NULL;

  return priv != NULL ? priv->constraint : NULL;
}

/* Sentences for the rules of the schema, by constraint name.  A person reads
 * these; the constraint names are the schema's (db/migrations). */
const char *
up_error_describe_constraint (const char *constraint)
{
  static const struct {
    const char *name;
    const char *text;
  } sentences[] = {
    { "academies_code_key", N_("Another academy already has this code.") },
    { "academies_name_key", N_("Another academy already has this name.") },
    { "academies_code_format", N_("The academy code may only hold capital letters, digits and dashes (2 to 20).") },
    { "majors_name_unique", N_("This academy already has a major with this name.") },
    { "courses_dates_ordered", N_("The course cannot end before it starts.") },
    { "courses_hours_positive", N_("The course hours must be more than zero.") },
    { "courses_capacity_positive", N_("The course capacity must be at least one.") },
    { "courses_major_fkey", N_("The major does not belong to the course's academy.") },
    { "trainees_id_number_unique", N_("A trainee with this ID number is already registered.") },
    { "trainees_id_number_valid", N_("The ID number is not valid: check its length, region, birth date and last character.") },
    { "trainees_birth_date_past", N_("The birth date in the ID number lies in the future.") },
    { "trainees_name_present", N_("The name must not be empty.") },
    { "trainees_phone_valid", N_("The mobile phone number must have 11 digits and start with 13 to 19.") },
    { "enrollments_once_per_course", N_("This trainee is already enrolled in this course.") },
    { "enrollments_course_fkey", N_("The course does not exist or belongs to another academy.") },
    { "certifications_number_unique", N_("This issuing body already issued a certificate with this number.") },
    { "certifications_level_fits_kind", N_("The level does not fit the kind of certificate.") },
    { "subsidies_once_per_certification", N_("This certificate already has a subsidy claim.") },
    { "subsidies_amount_nonnegative", N_("An amount cannot be negative.") },
    { "subsidy_policies_amount_nonnegative", N_("An amount cannot be negative.") },
    { "subsidies_rejected_has_reason", N_("A rejected claim needs a reason.") },
    { "payment_batches_name_key", N_("Another payment batch already has this name.") },
    { "academies_name_present", N_("The academy needs a name.") },
    { "academies_district_present", N_("The academy needs a district.") },
    { "majors_name_present", N_("The major needs a name.") },
    { "majors_academy_id_fkey", N_("The academy of this major does not exist, or still has majors.") },
    { "courses_title_present", N_("The course needs a title.") },
    { "courses_academy_id_fkey", N_("The academy of this course does not exist, or still has courses.") },
    { "trainees_academy_id_fkey", N_("The academy of this trainee does not exist, or still has trainees.") },
    { "trainees_skill_level_range", N_("The skill level must be between 1 (senior technician) and 5 (entry level).") },
    { "enrollments_trainee_id_fkey", N_("The trainee does not exist, or is still enrolled in courses.") },
    { "enrollments_hours_nonnegative", N_("Attended hours cannot be negative.") },
    { "enrollments_waitlist_position", N_("Only a trainee on the waiting list has a place on it.") },
    { "enrollments_completed_passed", N_("A completed enrollment needs a pass and a completion date.") },
    { "certifications_academy_id_fkey", N_("The academy of this certificate does not exist, or still has certificates.") },
    { "certifications_trainee_id_fkey", N_("The trainee does not exist, or still has certificates.") },
    { "certifications_course_fkey", N_("The course of this certificate does not exist or belongs to another academy.") },
    { "certifications_occupation_present", N_("The certificate needs an occupation.") },
    { "certifications_number_present", N_("The certificate needs its number.") },
    { "certifications_issuer_present", N_("The certificate needs its issuing body.") },
    { "certifications_skill_level_range", N_("The skill level must be between 1 (senior technician) and 5 (entry level).") },
    { "subsidy_policies_name_present", N_("The subsidy policy needs a name.") },
    { "subsidy_policies_skill_level_range", N_("The skill level must be between 1 (senior technician) and 5 (entry level).") },
    { "subsidy_policies_dates_ordered", N_("The policy cannot end before it starts.") },
    { "payment_batches_name_present", N_("The payment batch needs a name.") },
    { "payment_batches_budget_nonnegative", N_("An amount cannot be negative.") },
    { "payment_batches_notice_ordered", N_("The public notice cannot end before it starts.") },
    { "subsidies_academy_id_fkey", N_("The academy of this claim does not exist, or still has claims.") },
    { "subsidies_batch_id_fkey", N_("The payment batch does not exist, or still holds claims.") },
    { "subsidies_certification_fkey", N_("The certificate of this claim does not exist or belongs to another trainee.") },
    { "subsidies_policy_id_fkey", N_("The subsidy policy does not exist, or claims still use it.") },
    { "subsidies_paid_has_batch", N_("A paid claim needs its payment batch and payment date.") },
    { "enrollments_capacity", N_("The course is full; no more seats can be taken.") },
    { "enrollments_course_open", N_("This course is finished or cancelled and takes no new enrollments.") },
    { "enrollments_completion_threshold", N_("Completion needs a pass and at least the required share of the course hours.") },
    { "enrollments_completion_needs_seat", N_("Only a trainee holding a seat can complete the course, not one waiting or withdrawn.") },
    { "enrollments_completion_recorded", N_("This trainee's result is already recorded; undo it, with a reason, before recording another.") },
    { "enrollments_hours_within_course", N_("The attended hours cannot be more than the course's hours.") },
    { "enrollments_undo_reason_present", N_("Undoing a completion needs a reason.") },
    { "enrollments_undo_needs_result", N_("There is no recorded result to undo.") },
    { "enrollments_withdraw_recorded", N_("A trainee whose result is recorded cannot withdraw; undo the result first.") },
    { "enrollments_waitlist_position_unique", N_("Two trainees cannot hold the same place on a waiting list.") },
    { "enrollments_exists", N_("The enrollment no longer exists.") },
    { "courses_capacity_above_enrolled", N_("The capacity cannot be lower than the number of seats already taken.") },
    { "settings_completion_threshold_range", N_("The completion threshold must be a percentage from 1 to 100.") },
    { "settings_key_unique", N_("This setting already exists.") },
    /* Accounts (0007) */
    { "accounts_pkey", N_("Another account already has this login name.") },
    { "accounts_login_format", N_("A login name has 3 to 63 small letters, digits or underscores, and starts with a letter.") },
    { "accounts_kind_known", N_("An account is for staff, a manager or an administrator.") },
    { "accounts_full_name_present", N_("The account needs the person’s name.") },
    { "accounts_password_verifier", N_("The password must be sent encrypted.") },
    { "staff_academies_login_fkey", N_("The account does not exist.") },
    { "staff_academies_academy_id_fkey", N_("The academy does not exist.") },
    { "staff_academies_needed", N_("A staff account works for at least one academy.") },
    /* Yearly targets (0005) */
    { "annual_targets_year_range", N_("The year must be between 2000 and 2100.") },
    { "annual_targets_measure_known", N_("The target measure is not known.") },
    { "annual_targets_target_positive", N_("A target must be more than zero.") },
    { "annual_targets_overall_unique", N_("This year already has a target for this measure.") },
    { "annual_targets_level_unique", N_("This year already has a target for this measure and academy level.") },
    /* Subsidy schemes, rules and claims (0004) */
    { "subsidy_schemes_name_key", N_("Another subsidy scheme already has this name.") },
    { "subsidy_schemes_name_present", N_("The subsidy scheme needs a name.") },
    { "subsidy_schemes_fund_present", N_("The subsidy scheme needs the fund that pays it.") },
    { "subsidy_schemes_count_cap_positive", N_("The yearly number of claims allowed must be at least one.") },
    { "subsidy_schemes_amount_cap_positive", N_("The yearly amount allowed must be more than zero.") },
    { "subsidy_schemes_window_positive", N_("The claim period must be at least one month.") },
    { "subsidy_schemes_min_age_range", N_("The ages must be between 0 and 120.") },
    { "subsidy_schemes_max_age_range", N_("The ages must be between 0 and 120.") },
    { "subsidy_schemes_ages_ordered", N_("The highest age cannot be below the lowest.") },
    { "subsidy_policies_level_fits_kind", N_("A skill-level certificate needs a skill level, a degree an academic level, and other kinds neither.") },
    { "subsidy_policies_scheme_id_fkey", N_("The subsidy scheme does not exist, or still has rates.") },
    { "subsidy_policies_no_overlap", N_("Another rate for this kind and level covers some of these dates.") },
    { "subsidy_min_hours_level_range", N_("The skill level must be between 1 (senior technician) and 5 (entry level).") },
    { "subsidy_min_hours_positive", N_("The minimum hours must be more than zero.") },
    { "subsidy_min_hours_scheme_id_fkey", N_("The subsidy scheme does not exist.") },
    { "shortage_occupations_occupation_key", N_("This occupation is already on the shortage list.") },
    { "shortage_occupations_occupation_present", N_("The occupation must not be empty.") },
    { "shortage_occupations_uplift_range", N_("The uplift must be a percentage from 1 to 100.") },
    { "academy_quotas_academy_id_fkey", N_("The academy does not exist.") },
    { "academy_quotas_year_range", N_("The year must be between 2000 and 2100.") },
    { "academy_quotas_max_positive", N_("A quota must allow at least one claim.") },
    { "academy_quotas_exceeded", N_("The academy's quota of approved claims for the year is used up.") },
    { "subsidies_scheme_id_fkey", N_("The subsidy scheme does not exist, or claims still use it.") },
    { "subsidies_refused_is_rejected", N_("A claim refused by a rule is a rejected claim.") },
    { "subsidies_state_move", N_("A claim cannot make this move: pending claims are approved or rejected, approved ones paid or sent back, and paid ones stay paid.") },
    { "subsidies_paid_final", N_("This claim is paid; a paid claim does not change.") },
    { "subsidies_return_has_reason", N_("Sending an approved claim back needs a reason.") },
    { "subsidies_amount_fixed", N_("The amount of a decided claim does not change.") },
    { "subsidies_batch_needs_approval", N_("Only approved claims go into a payment batch, and a claim sent back leaves its batch.") },
    { "subsidies_paid_by_batch", N_("Claims are paid by paying their approved payment batch.") },
    { "subsidies_not_in_batch", N_("A claim marked as returned by the bank is not in this batch.") },
    { "subsidies_annual_count_cap", N_("This trainee already has the most subsidies a year allows.") },
    { "subsidies_annual_amount_cap", N_("This would pay the trainee more than the yearly amount allowed.") },
    { "subsidy_rule_results_outcome_known", N_("The rule outcome is not known.") },
    { "subsidy_rule_results_rule_known", N_("The rule is not known.") },
    { "subsidy_rule_results_seq_unique", N_("Two rule lines of a claim cannot share a place.") },
    { "subsidy_rule_results_subsidy_id_fkey", N_("The claim does not exist.") },
    { "payment_batches_state_move", N_("A payment batch moves only forward: draft, submitted, public notice, approved, paid.") },
    { "payment_batches_frozen", N_("This payment batch is submitted: its claims and amounts are frozen.") },
    { "payment_batches_not_empty", N_("An empty payment batch cannot be submitted.") },
    { "payment_batches_notice_period", N_("The public notice needs its first and last day, and can later only be extended.") },
    { "payment_batches_notice_running", N_("The public notice period is not over yet.") },
    { "payment_batches_budget_exceeded", N_("The claims of this payment batch would be more than its budget.") },
  };

  if (constraint == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    if (g_str_equal (sentences[i].name, constraint))
      return _(sentences[i].text);

  return NULL;
}

static UpErrorCode
code_for_sqlstate (const char *sqlstate)
{
  static const struct {
    const char *state;
    UpErrorCode code;
  } exact[] = {
    { "23505", UP_ERROR_UNIQUE },
    { "23514", UP_ERROR_CHECK },
    { "23502", UP_ERROR_NOT_NULL },
    { "23503", UP_ERROR_FOREIGN_KEY },
    { "23P01", UP_ERROR_EXCLUSION },
    { "40001", UP_ERROR_RETRY },
    { "40P01", UP_ERROR_RETRY },
    { "57014", UP_ERROR_CANCELLED },
    { "42501", UP_ERROR_PERMISSION },
    { "57P01", UP_ERROR_CONNECTION }, /* admin shutdown */
    { "57P02", UP_ERROR_CONNECTION }, /* crash shutdown */
    { "57P03", UP_ERROR_CONNECTION }, /* cannot connect now */
  };

  if (sqlstate == NULL)
    return UP_ERROR_FAILED;

  for (guint i = 0; i < G_N_ELEMENTS (exact); i++)
    if (g_str_equal (exact[i].state, sqlstate))
      return exact[i].code;

  if (g_str_has_prefix (sqlstate, "08"))
    return UP_ERROR_CONNECTION;
  if (g_str_has_prefix (sqlstate, "28"))
    return UP_ERROR_AUTHENTICATION;
  if (g_str_has_prefix (sqlstate, "22"))
    return UP_ERROR_INVALID_INPUT;

  return UP_ERROR_FAILED;
}

/* The first line of a libpq message, without "ERROR:  " and the newline. */
static char *
first_line (const char *message)
{
  const char *end;

  if (message == NULL || *message == '\0')
    return g_strdup ("");

  if (g_str_has_prefix (message, "ERROR:  "))
    message += strlen ("ERROR:  ");
  else if (g_str_has_prefix (message, "FATAL:  "))
    message += strlen ("FATAL:  ");

  end = strchr (message, '\n');
  return end != NULL ? g_strndup (message, end - message) : g_strdup (message);
}

void
up_error_set_from_result (GError         **error,
                          PGconn          *conn,
                          const PGresult  *result)
{
  const char *sqlstate = NULL;
  const char *constraint = NULL;
  g_autofree char *server_message = NULL;
  const char *sentence = NULL;
  UpErrorCode code;

  if (error == NULL)
    return;

  if (result != NULL)
    {
      sqlstate = PQresultErrorField (result, PG_DIAG_SQLSTATE);
      constraint = PQresultErrorField (result, PG_DIAG_CONSTRAINT_NAME);
      server_message = first_line (PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY));
    }
  else if (conn != NULL)
    server_message = first_line (PQerrorMessage (conn));
  else
    server_message = g_strdup ("");

  code = code_for_sqlstate (sqlstate);

  /* No SQLSTATE and a broken connection: the server went away. */
  if (sqlstate == NULL && conn != NULL && PQstatus (conn) == CONNECTION_BAD)
    code = UP_ERROR_CONNECTION;

  sentence = up_error_describe_constraint (constraint);

  if (sentence != NULL)
    g_set_error_literal (error, UP_ERROR, code, sentence);
  else
    {
      const char *lead;

      switch (code)
        {
        case UP_ERROR_CONNECTION:
          lead = _("The connection to the database server was lost or could not be made");
          break;
        case UP_ERROR_AUTHENTICATION:
          lead = _("The database server did not accept the user name or password");
          break;
        case UP_ERROR_CANCELLED:
          lead = _("The database server cancelled the request");
          break;
        case UP_ERROR_UNIQUE:
          lead = _("This would duplicate a record that already exists");
          break;
        case UP_ERROR_CHECK:
        case UP_ERROR_NOT_NULL:
        case UP_ERROR_EXCLUSION:
          lead = _("The database refused a value that breaks one of its rules");
          break;
        case UP_ERROR_FOREIGN_KEY:
          lead = _("The record refers to something that does not exist, or is still in use");
          break;
        case UP_ERROR_RETRY:
          lead = _("Someone else changed the same records at the same moment; please try again");
          break;
        case UP_ERROR_PERMISSION:
          lead = _("Your account is not allowed to do this");
          break;
        case UP_ERROR_INVALID_INPUT:
          lead = _("A value has the wrong form");
          break;
        case UP_ERROR_FAILED:
        case UP_ERROR_SCHEMA_TOO_NEW:
        case UP_ERROR_SERVER_MISSING:
        case UP_ERROR_SERVER_START:
        case UP_ERROR_OUTCOME_UNKNOWN:
        case UP_ERROR_DONE_UNCONFIRMED:
        default:
          lead = _("The database reported an error");
          break;
        }

      if (server_message != NULL && *server_message != '\0')
        /* Translators: the first %s is a sentence of ours, the second is the
         * database server's own message (often in English). */
        g_set_error (error, UP_ERROR, code, _("%s: %s"), lead, server_message);
      else
        g_set_error (error, UP_ERROR, code, "%s.", lead);
    }

  remember_detail (*error, sqlstate, constraint);
}
