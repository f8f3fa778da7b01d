/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-subsidy"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <string.h>

#include "up-error.h"
#include "up-money.h"
#include "up-pg.h"
#include "up-store-private.h"
#include "up-subsidy-private.h"
#include "up-subsidy-rule.h"
#include "up-subsidy.h"
#include "up-trainee.h"

struct _UpSubsidy
{
  GObject         parent_instance;

  gint64          id;
  gint64          academy_id;
  char           *academy_name;
  gint64          trainee_id;
  char           *trainee_name;
  char           *id_number_masked;
  gint64          certification_id;
  char           *occupation;
  char           *certificate_label;
  char           *certificate_no;
  char           *issued_on;
  gint64          amount_fen;
  UpSubsidyState  state;
  char           *reason;
  char           *refused_by;
  gint64          batch_id;
  char           *batch_name;
  char           *claimed_on;
  int             subsidy_year;
  int             version;
  gboolean        loaded;
  GPtrArray      *rule_lines;
  GPtrArray      *history;
  GPtrArray      *trainee_history;
};

G_DEFINE_FINAL_TYPE (UpSubsidy, up_subsidy, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (UpSubsidyState, up_subsidy_state,
  G_DEFINE_ENUM_VALUE (UP_SUBSIDY_STATE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (UP_SUBSIDY_STATE_APPROVED, "approved"),
  G_DEFINE_ENUM_VALUE (UP_SUBSIDY_STATE_REJECTED, "rejected"),
  G_DEFINE_ENUM_VALUE (UP_SUBSIDY_STATE_PAID, "paid"),
  G_DEFINE_ENUM_VALUE (UP_SUBSIDY_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_ID,
  PROP_LOADED,
  PROP_ACADEMY_ID,
  PROP_ACADEMY_NAME,
  PROP_TRAINEE_ID,
  PROP_TRAINEE_NAME,
  PROP_ID_NUMBER_MASKED,
  PROP_CERTIFICATION_ID,
  PROP_OCCUPATION,
  PROP_CERTIFICATE_LABEL,
  PROP_AMOUNT_FEN,
  PROP_AMOUNT_LABEL,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_REASON,
  PROP_REFUSED_BY,
  PROP_REFUSED_BY_LABEL,
  PROP_BATCH_ID,
  PROP_BATCH_NAME,
  PROP_CLAIMED_ON,
  PROP_ISSUED_ON,
  PROP_SUBSIDY_YEAR,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *state_sql[] = { "pending", "approved", "rejected", "paid", "failed" };
G_STATIC_ASSERT (G_N_ELEMENTS (state_sql) == UP_N_SUBSIDY_STATES);

/* One claim, its rule trail, its history. */
static const char *get_sql =
  "SELECT " UP_SUBSIDY_COLUMNS UP_SUBSIDY_FROM " WHERE s.id = $1";

static const char *rule_lines_sql =
  "SELECT seq, rule, outcome, amount_fen, limit_value::text, actual_value::text "
  "  FROM subsidy_rule_results WHERE subsidy_id = $1 ORDER BY seq";

/* audit_log_row_idx (table_name, row_id). */
static const char *claim_history_sql =
  "SELECT " UP_AUDIT_COLUMNS " FROM audit_log AS l "
  " WHERE l.table_name = 'subsidies' AND l.row_id = $1 ORDER BY l.at, l.id";

/* audit_log_subsidy_trainee_idx. */
static const char *trainee_history_sql =
  "SELECT " UP_AUDIT_COLUMNS " FROM audit_log AS l "
  " WHERE l.table_name = 'subsidies' "
  "   AND (coalesce (l.new_row, l.old_row) ->> 'trainee_id')::bigint = $1 ORDER BY l.at, l.id";

/* The decisions: each moves only the claims in its starting state, in one
 * statement, so the caps and quotas (checked after the statement) see them
 * all at once. */
static const char *approve_sql =
  "UPDATE subsidies SET state = 'approved' "
  " WHERE id = ANY ($1::bigint[]) AND state = 'pending'";
static const char *reject_sql =
  "UPDATE subsidies SET state = 'rejected', reason = $2 "
  " WHERE id = ANY ($1::bigint[]) AND state = 'pending'";
static const char *send_back_sql =
  "UPDATE subsidies SET state = 'pending', reason = $2, batch_id = NULL "
  " WHERE id = ANY ($1::bigint[]) AND state = 'approved'";
static const char *reissue_sql =
  "UPDATE subsidies SET state = 'approved' "
  " WHERE id = ANY ($1::bigint[]) AND state = 'failed'";

/* States ---------------------------------------------------------------- */

gboolean
up_subsidy_state_from_sql (const char     *sql,
                           UpSubsidyState *state)
{
  guint index;

  if (!up_store_enum_from_sql (sql, state_sql, G_N_ELEMENTS (state_sql), &index))
    return FALSE;
  *state = index;
  return TRUE;
}

static const char *
state_label_of_sql (const char *sql)
{
  UpSubsidyState state;

  if (sql == NULL || !up_subsidy_state_from_sql (sql, &state))
    return sql;
  return up_subsidy_state_to_label (state);
}

/* Rule lines and audit entries -------------------------------------------- */

void
up_subsidy_rule_line_free (UpSubsidyRuleLine *line)
{
  if (line == NULL)
    return;
  g_free (line->rule);
  g_free (line->outcome);
  g_free (line->limit_value);
  g_free (line->actual_value);
  g_free (line->sentence);
  g_free (line);
}

void
up_audit_entry_free (UpAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_pointer (&entry->at, g_date_time_unref);
  g_free (entry->person);
  g_free (entry->db_role);
  g_free (entry->table_name);
  g_free (entry->action);
  g_free (entry->old_state);
  g_free (entry->new_state);
  g_free (entry->reason);
  g_free (entry->trainee_name);
  g_free (entry);
}

char *
up_audit_entry_describe (const UpAuditEntry *entry)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (entry != NULL, NULL);

  if (g_strcmp0 (entry->action, "INSERT") == 0)
    {
      /* Translators: the first line of a claim's or batch's history; %s is its state */
      g_string_append_printf (text, _("Created: %s"), state_label_of_sql (entry->new_state));
    }
  else if (g_strcmp0 (entry->action, "DELETE") == 0)
    {
      g_string_append (text, _("Removed"));
    }
  else if (g_strcmp0 (entry->old_state, entry->new_state) != 0)
    {
      /* Translators: a change of state in a history: old → new */
      g_string_append_printf (text, _("%s → %s"), state_label_of_sql (entry->old_state),
                              state_label_of_sql (entry->new_state));
    }

  if (entry->old_amount_fen != entry->new_amount_fen && entry->new_amount_fen >= 0)
    {
      g_autofree char *new_amount = up_money_format (entry->new_amount_fen);

      if (text->len > 0)
        g_string_append (text, "; ");
      if (entry->old_amount_fen >= 0)
        {
          g_autofree char *old_amount = up_money_format (entry->old_amount_fen);

          /* Translators: a change of amount in a history: ¥700.00 → ¥840.00 */
          g_string_append_printf (text, _("%s → %s"), old_amount, new_amount);
        }
      else
        {
          g_string_append (text, new_amount);
        }
    }

  if (entry->old_batch_id != entry->new_batch_id && g_strcmp0 (entry->table_name, "subsidies") == 0)
    {
      if (text->len > 0)
        g_string_append (text, "; ");
      g_autofree char *batch = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                entry->new_batch_id != 0 ? entry->new_batch_id
                                                                         : entry->old_batch_id);

      if (entry->new_batch_id != 0)
        /* Translators: a claim put into payment batch number %s */
        g_string_append_printf (text, _("into batch no. %s"), batch);
      else
        /* Translators: a claim taken out of payment batch number %s */
        g_string_append_printf (text, _("out of batch no. %s"), batch);
    }

  if (text->len == 0)
    g_string_append (text, _("Changed"));

  if (entry->reason != NULL && *entry->reason != '\0'
      && g_strcmp0 (entry->old_state, entry->new_state) != 0)
    /* Translators: the reason given for a change, after the change */
    g_string_append_printf (text, _(" (reason: %s)"), entry->reason);

  return g_string_free (text, FALSE);
}

GPtrArray *
up_audit_entries_from_result (const PGresult *result)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) up_audit_entry_free);
  int n = PQntuples (result);

  for (int i = 0; i < n; i++)
    {
      UpAuditEntry *entry = g_new0 (UpAuditEntry, 1);

      entry->at = up_store_time (result, i, 0);
      entry->person = g_strdup (up_store_text (result, i, 1));
      entry->db_role = g_strdup (up_store_text (result, i, 2));
      entry->table_name = g_strdup (up_store_text (result, i, 3));
      entry->row_id = up_store_int64 (result, i, 4);
      entry->action = g_strdup (up_store_text (result, i, 5));
      entry->old_state = g_strdup (up_store_text (result, i, 6));
      entry->new_state = g_strdup (up_store_text (result, i, 7));
      entry->old_amount_fen = up_store_is_null (result, i, 8) ? -1 : up_store_int64 (result, i, 8);
      entry->new_amount_fen = up_store_is_null (result, i, 9) ? -1 : up_store_int64 (result, i, 9);
      entry->reason = g_strdup (up_store_text (result, i, 10));
      entry->old_batch_id = up_store_int64 (result, i, 11);
      entry->new_batch_id = up_store_int64 (result, i, 12);
      entry->trainee_name = g_strdup (up_store_text (result, i, 13));
      g_ptr_array_add (entries, entry);
    }

  return entries;
}

char *
up_subsidy_trim_reason (const char *reason)
{
  static const char ideographic_space[] = "\xe3\x80\x80";
  const char *start = reason != NULL ? reason : "";
  const char *end;

  for (;;)
    {
      if (g_ascii_isspace (*start))
        start++;
      else if (g_str_has_prefix (start, ideographic_space))
        start += 3;
      else
        break;
    }

  end = start + strlen (start);
  for (;;)
    {
      if (end > start && g_ascii_isspace (end[-1]))
        end--;
      else if (end - start >= 3 && memcmp (end - 3, ideographic_space, 3) == 0)
        end -= 3;
      else
        break;
    }

  return g_strndup (start, end - start);
}

char *
up_subsidy_ids_to_sql (const gint64 *ids,
                       guint         n_ids)
{
  GString *array = g_string_new ("{");

  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (array, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (array, '}');
  return g_string_free (array, FALSE);
}

/* GObject -------------------------------------------------------------- */

static const char *
refused_by_label (UpSubsidy *self)
{
  return self->refused_by != NULL ? up_subsidy_rule_label (self->refused_by) : NULL;
}

static void
up_subsidy_finalize (GObject *object)
{
  UpSubsidy *self = (UpSubsidy *) object;

  g_free (self->academy_name);
  g_free (self->trainee_name);
  g_free (self->id_number_masked);
  g_free (self->occupation);
  g_free (self->certificate_label);
  g_free (self->certificate_no);
  g_free (self->issued_on);
  g_free (self->reason);
  g_free (self->refused_by);
  g_free (self->batch_name);
  g_free (self->claimed_on);
  g_clear_pointer (&self->rule_lines, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->trainee_history, g_ptr_array_unref);

  G_OBJECT_CLASS (up_subsidy_parent_class)->finalize (object);
}

static void
up_subsidy_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  UpSubsidy *self = UP_SUBSIDY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_ACADEMY_ID:
      g_value_set_int64 (value, self->academy_id);
      break;
    case PROP_ACADEMY_NAME:
      g_value_set_string (value, self->academy_name);
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
    case PROP_CERTIFICATION_ID:
      g_value_set_int64 (value, self->certification_id);
      break;
    case PROP_OCCUPATION:
      g_value_set_string (value, self->occupation);
      break;
    case PROP_CERTIFICATE_LABEL:
      g_value_set_string (value, self->certificate_label);
      break;
    case PROP_AMOUNT_FEN:
      g_value_set_int64 (value, self->amount_fen);
      break;
    case PROP_AMOUNT_LABEL:
      g_value_take_string (value, self->loaded ? up_money_format (self->amount_fen) : NULL);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, self->loaded ? up_subsidy_state_to_label (self->state) : NULL);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_REFUSED_BY:
      g_value_set_string (value, self->refused_by);
      break;
    case PROP_REFUSED_BY_LABEL:
      g_value_set_string (value, refused_by_label (self));
      break;
    case PROP_BATCH_ID:
      g_value_set_int64 (value, self->batch_id);
      break;
    case PROP_BATCH_NAME:
      g_value_set_string (value, self->batch_name);
      break;
    case PROP_CLAIMED_ON:
      g_value_set_string (value, self->claimed_on);
      break;
    case PROP_ISSUED_ON:
      g_value_set_string (value, self->issued_on);
      break;
    case PROP_SUBSIDY_YEAR:
      g_value_set_int (value, self->subsidy_year);
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
up_subsidy_class_init (UpSubsidyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_subsidy_finalize;
  object_class->get_property = up_subsidy_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, RO);
  properties[PROP_ACADEMY_ID] = g_param_spec_int64 ("academy-id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_ACADEMY_NAME] = g_param_spec_string ("academy-name", NULL, NULL, NULL, RO);
  properties[PROP_TRAINEE_ID] = g_param_spec_int64 ("trainee-id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_TRAINEE_NAME] = g_param_spec_string ("trainee-name", NULL, NULL, NULL, RO);
  properties[PROP_ID_NUMBER_MASKED] = g_param_spec_string ("id-number-masked", NULL, NULL, NULL, RO);
  properties[PROP_CERTIFICATION_ID] = g_param_spec_int64 ("certification-id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_OCCUPATION] = g_param_spec_string ("occupation", NULL, NULL, NULL, RO);
  properties[PROP_CERTIFICATE_LABEL] = g_param_spec_string ("certificate-label", NULL, NULL, NULL, RO);
  properties[PROP_AMOUNT_FEN] = g_param_spec_int64 ("amount-fen", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_AMOUNT_LABEL] = g_param_spec_string ("amount-label", NULL, NULL, NULL, RO);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, UP_TYPE_SUBSIDY_STATE,
                                              UP_SUBSIDY_STATE_PENDING, RO);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, RO);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, RO);
  properties[PROP_REFUSED_BY] = g_param_spec_string ("refused-by", NULL, NULL, NULL, RO);
  properties[PROP_REFUSED_BY_LABEL] = g_param_spec_string ("refused-by-label", NULL, NULL, NULL, RO);
  properties[PROP_BATCH_ID] = g_param_spec_int64 ("batch-id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_BATCH_NAME] = g_param_spec_string ("batch-name", NULL, NULL, NULL, RO);
  properties[PROP_CLAIMED_ON] = g_param_spec_string ("claimed-on", NULL, NULL, NULL, RO);
  properties[PROP_ISSUED_ON] = g_param_spec_string ("issued-on", NULL, NULL, NULL, RO);
  properties[PROP_SUBSIDY_YEAR] = g_param_spec_int ("subsidy-year", NULL, NULL, 0, G_MAXINT, 0, RO);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_subsidy_init (UpSubsidy *self)
{
}

UpSubsidy *
up_subsidy_new_placeholder (void)
{
  return g_object_new (UP_TYPE_SUBSIDY, NULL);
}

static char *
certificate_label (const char *kind,
                   const char *occupation,
                   int         skill_level,
                   const char *academic_level)
{
  const char *level = NULL;

  if (g_strcmp0 (kind, "skill_level") == 0)
    level = up_skill_level_to_label (skill_level);
  else if (g_strcmp0 (kind, "academic_degree") == 0)
    level = up_education_level_to_label (academic_level);
  else if (g_strcmp0 (kind, "special_ability") == 0)
    /* Translators: certificate kind 专项职业能力 */
    level = C_("certificate kind", "Special vocational ability");
  else if (g_strcmp0 (kind, "special_operation") == 0)
    /* Translators: certificate kind 特种作业操作证 */
    level = C_("certificate kind", "Special-operation permit");

  if (level == NULL)
    return g_strdup (occupation);
  /* Translators: a certificate: occupation · level, e.g. 焊工 · 中级工 */
  return g_strdup_printf (_("%s · %s"), occupation, level);
}

void
up_subsidy_fill_from_result (UpSubsidy      *self,
                             const PGresult *result,
                             int             row,
                             int             column)
{
  int c = column;

  g_return_if_fail (UP_IS_SUBSIDY (self));

  g_object_freeze_notify (G_OBJECT (self));

  self->id = up_store_int64 (result, row, c + 0);
  self->academy_id = up_store_int64 (result, row, c + 1);
  g_free (self->academy_name);
  self->academy_name = g_strdup (up_store_text (result, row, c + 2));
  self->trainee_id = up_store_int64 (result, row, c + 3);
  g_free (self->trainee_name);
  self->trainee_name = g_strdup (up_store_text (result, row, c + 4));
  g_free (self->id_number_masked);
  self->id_number_masked = g_strdup (up_store_text (result, row, c + 5));
  self->certification_id = up_store_int64 (result, row, c + 6);
  g_free (self->occupation);
  self->occupation = g_strdup (up_store_text (result, row, c + 8));
  g_free (self->certificate_label);
  self->certificate_label = certificate_label (up_store_text (result, row, c + 7), self->occupation,
                                               (int) up_store_int64 (result, row, c + 9),
                                               up_store_text (result, row, c + 10));
  g_free (self->certificate_no);
  self->certificate_no = g_strdup (up_store_text (result, row, c + 11));
  g_free (self->issued_on);
  self->issued_on = g_strdup (up_store_text (result, row, c + 12));
  self->amount_fen = up_store_int64 (result, row, c + 13);
  up_subsidy_state_from_sql (up_store_text (result, row, c + 14), &self->state);
  g_free (self->reason);
  self->reason = g_strdup (up_store_text (result, row, c + 15));
  g_free (self->refused_by);
  self->refused_by = g_strdup (up_store_text (result, row, c + 16));
  self->batch_id = up_store_int64 (result, row, c + 17);
  g_free (self->batch_name);
  self->batch_name = g_strdup (up_store_text (result, row, c + 18));
  g_free (self->claimed_on);
  self->claimed_on = g_strdup (up_store_text (result, row, c + 19));
  self->subsidy_year = (int) up_store_int64 (result, row, c + 20);
  self->version = (int) up_store_int64 (result, row, c + 21);
  self->loaded = TRUE;

  /* Everything may have changed: a placeholder becomes a row. */
  for (guint i = 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);

  g_object_thaw_notify (G_OBJECT (self));
}

#define GETTER(type, name, field, fallback) \
  type \
  up_subsidy_get_##name (UpSubsidy *self) \
  { \
    g_return_val_if_fail (UP_IS_SUBSIDY (self), fallback); \
    return self->field; \
  }

GETTER (gint64, id, id, 0)
GETTER (gboolean, loaded, loaded, FALSE)
GETTER (gint64, academy_id, academy_id, 0)
GETTER (const char *, academy_name, academy_name, NULL)
GETTER (gint64, trainee_id, trainee_id, 0)
GETTER (const char *, trainee_name, trainee_name, NULL)
GETTER (const char *, id_number_masked, id_number_masked, NULL)
GETTER (gint64, certification_id, certification_id, 0)
GETTER (const char *, occupation, occupation, NULL)
GETTER (const char *, certificate_label, certificate_label, NULL)
GETTER (const char *, certificate_no, certificate_no, NULL)
GETTER (gint64, amount_fen, amount_fen, 0)
GETTER (UpSubsidyState, state, state, UP_SUBSIDY_STATE_PENDING)
GETTER (const char *, reason, reason, NULL)
GETTER (const char *, refused_by, refused_by, NULL)
GETTER (gint64, batch_id, batch_id, 0)
GETTER (const char *, batch_name, batch_name, NULL)
GETTER (const char *, claimed_on, claimed_on, NULL)
GETTER (const char *, issued_on, issued_on, NULL)
GETTER (int, subsidy_year, subsidy_year, 0)
GETTER (int, version, version, 0)
GETTER (GPtrArray *, rule_lines, rule_lines, NULL)
GETTER (GPtrArray *, history, history, NULL)
GETTER (GPtrArray *, trainee_history, trainee_history, NULL)

/* Store ---------------------------------------------------------------- */

UpSubsidy *
up_subsidy_get (PGconn  *conn,
                gint64   subsidy_id,
                GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, subsidy_id);
  const char *params[] = { id };
  g_autoptr(PGresult) claim = NULL;
  g_autoptr(PGresult) lines = NULL;
  g_autoptr(PGresult) history = NULL;
  g_autoptr(PGresult) trainee_history = NULL;
  g_autoptr(UpSubsidy) self = NULL;
  g_autofree char *trainee_id = NULL;
  const char *trainee_params[1];
  int n;

  /* One snapshot for the three reads. */
  if (!up_pg_command (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error))
    return NULL;

  if ((claim = up_pg_exec (conn, get_sql, 1, params, error)) == NULL
      || (lines = up_pg_exec (conn, rule_lines_sql, 1, params, error)) == NULL
      || (history = up_pg_exec (conn, claim_history_sql, 1, params, error)) == NULL)
    {
      up_pg_rollback (conn);
      return NULL;
    }

  if (PQntuples (claim) != 1)
    {
      up_pg_rollback (conn);
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED, _("This subsidy claim no longer exists."));
      return NULL;
    }

  /* Column 3 of UP_SUBSIDY_COLUMNS. */
  trainee_id = g_strdup (PQgetvalue (claim, 0, 3));
  trainee_params[0] = trainee_id;
  trainee_history = up_pg_exec (conn, trainee_history_sql, 1, trainee_params, error);
  up_pg_rollback (conn);
  if (trainee_history == NULL)
    return NULL;

  self = up_subsidy_new_placeholder ();
  up_subsidy_fill_from_result (self, claim, 0, 0);

  self->rule_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) up_subsidy_rule_line_free);
  n = PQntuples (lines);
  for (int i = 0; i < n; i++)
    {
      UpSubsidyRuleLine *line = g_new0 (UpSubsidyRuleLine, 1);

      line->seq = (int) up_store_int64 (lines, i, 0);
      line->rule = g_strdup (up_store_text (lines, i, 1));
      line->outcome = g_strdup (up_store_text (lines, i, 2));
      line->amount_fen = up_store_int64 (lines, i, 3);
      line->limit_value = g_strdup (up_store_text (lines, i, 4));
      line->actual_value = g_strdup (up_store_text (lines, i, 5));
      line->sentence = up_subsidy_rule_explain (line->rule, line->outcome, line->amount_fen,
                                                line->limit_value, line->actual_value);
      g_ptr_array_add (self->rule_lines, line);
    }

  self->history = up_audit_entries_from_result (history);
  self->trainee_history = up_audit_entries_from_result (trainee_history);
  return g_steal_pointer (&self);
}

gboolean
up_subsidy_decide (PGconn             *conn,
                   UpSubsidyDecision   decision,
                   const gint64       *ids,
                   guint               n_ids,
                   const char         *reason,
                   guint              *n_changed,
                   GError            **error)
{
  g_autofree char *array = NULL;
  g_autofree char *trimmed = up_subsidy_trim_reason (reason);
  const char *params[2];
  g_autoptr(PGresult) result = NULL;
  const char *sql;
  int n_params = 1;

  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (n_changed != NULL)
    *n_changed = 0;

  switch (decision)
    {
    case UP_SUBSIDY_APPROVE:
      sql = approve_sql;
      break;
    case UP_SUBSIDY_REISSUE:
      sql = reissue_sql;
      break;
    case UP_SUBSIDY_REJECT:
    case UP_SUBSIDY_SEND_BACK:
      if (*trimmed == '\0')
        {
          g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                               decision == UP_SUBSIDY_REJECT
                               ? _("Say why the claim is rejected: the trainee is told the reason.")
                               : _("Say why the claim is sent back: the reason is kept with the claim."));
          return FALSE;
        }
      sql = decision == UP_SUBSIDY_REJECT ? reject_sql : send_back_sql;
      n_params = 2;
      break;
    default:
      g_return_val_if_reached (FALSE);
    }

  if (n_ids == 0)
    return TRUE;

  array = up_subsidy_ids_to_sql (ids, n_ids);
  params[0] = array;
  params[1] = trimmed;
  result = up_pg_exec_write (conn, sql, n_params, params, error);
  if (result == NULL)
    return FALSE;

  if (n_changed != NULL)
    *n_changed = (guint) g_ascii_strtoull (PQcmdTuples (result), NULL, 10);
  return TRUE;
}

GPtrArray *
up_subsidy_list_trainee_history (PGconn  *conn,
                                 gint64   trainee_id,
                                 GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, trainee_id);
  const char *params[] = { id };
  g_autoptr(PGresult) result = up_pg_exec (conn, trainee_history_sql, 1, params, error);

  if (result == NULL)
    return NULL;
  return up_audit_entries_from_result (result);
}

/* Async ------------------------------------------------------------------ */

typedef struct
{
  gint64             id;
  UpSubsidyDecision  decision;
  gint64            *ids;
  guint              n_ids;
  char              *reason;
  /* out */
  guint              n_changed;
} Job;

static void
job_free (Job *job)
{
  g_free (job->ids);
  g_free (job->reason);
  g_free (job);
}

static gpointer
get_func (PGconn        *conn,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  return up_subsidy_get (conn, ((Job *) data)->id, error);
}

void
up_subsidy_get_async (UpDatabase          *db,
                      gint64               subsidy_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (UP_IS_DATABASE (db));

  job->id = subsidy_id;
  up_store_run_async (db, up_subsidy_get_async, get_func, job, NULL, g_object_unref,
                      job, (GDestroyNotify) job_free, cancellable, callback, user_data);
}

UpSubsidy *
up_subsidy_get_finish (UpDatabase    *db,
                       GAsyncResult  *result,
                       GError       **error)
{
  return up_store_propagate (db, result, up_subsidy_get_async, error);
}

static gpointer
decide_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;

  return up_subsidy_decide (conn, job->decision, job->ids, job->n_ids, job->reason, &job->n_changed, error)
         ? UP_STORE_OK : NULL;
}

void
up_subsidy_decide_async (UpDatabase          *db,
                         UpSubsidyDecision    decision,
                         const gint64        *ids,
                         guint                n_ids,
                         const char          *reason,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (ids != NULL || n_ids == 0);

  job->decision = decision;
  job->ids = g_memdup2 (ids, sizeof (gint64) * n_ids);
  job->n_ids = n_ids;
  job->reason = g_strdup (reason);
  up_store_run_async (db, up_subsidy_decide_async, decide_func, job, NULL, NULL,
                      job, (GDestroyNotify) job_free, cancellable, callback, user_data);
}

gboolean
up_subsidy_decide_finish (UpDatabase    *db,
                          GAsyncResult  *result,
                          guint         *n_changed,
                          GError       **error)
{
  Job *job;

  if (up_store_propagate (db, result, up_subsidy_decide_async, error) == NULL)
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  if (n_changed != NULL)
    *n_changed = job->n_changed;
  return TRUE;
}

static gpointer
trainee_history_func (PGconn        *conn,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return up_subsidy_list_trainee_history (conn, ((Job *) data)->id, error);
}

void
up_subsidy_list_trainee_history_async (UpDatabase          *db,
                                       gint64               trainee_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (UP_IS_DATABASE (db));

  job->id = trainee_id;
  up_store_run_async (db, up_subsidy_list_trainee_history_async, trainee_history_func, job, NULL,
                      (GDestroyNotify) g_ptr_array_unref, job, (GDestroyNotify) job_free,
                      cancellable, callback, user_data);
}

GPtrArray *
up_subsidy_list_trainee_history_finish (UpDatabase    *db,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return up_store_propagate (db, result, up_subsidy_list_trainee_history_async, error);
}
