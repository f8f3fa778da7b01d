/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-subsidy-scheme"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include "up-i18n.h"

#include "up-error.h"
#include "up-pg.h"
#include "up-store-private.h"
#include "up-subsidy-scheme.h"

G_DEFINE_BOXED_TYPE (UpSubsidyScheme, up_subsidy_scheme, up_subsidy_scheme_copy, up_subsidy_scheme_free)

static const char *scheme_sql =
  "SELECT id, version, name, fund, priority, active, once_per_level, no_downgrade, highest_per_year, "
  "       annual_count_cap, annual_amount_cap_fen, claim_window_months, min_age, max_age, "
  "       union_required, shortage_uplift "
  "  FROM subsidy_schemes WHERE id = coalesce ($1::bigint, up_default_scheme_id ())";

static const char *rates_sql =
  "SELECT id, version, name, kind::text, skill_level, academic_level::text, amount_fen, "
  "       to_char (valid_from, 'YYYY-MM-DD'), to_char (valid_to, 'YYYY-MM-DD') "
  "  FROM subsidy_policies WHERE scheme_id = $1 "
  " ORDER BY kind, skill_level DESC NULLS LAST, academic_level, valid_from";

static const char *min_hours_sql =
  "SELECT skill_level, (min_hours * 10)::integer FROM subsidy_min_hours WHERE scheme_id = $1";

static const char *shortage_sql =
  "SELECT occupation, uplift_percent FROM shortage_occupations ORDER BY occupation";

static const char *quotas_sql =
  "SELECT q.academy_id, a.name, q.year, q.max_claims "
  "  FROM academy_quotas q JOIN academies a ON a.id = q.academy_id ORDER BY q.year DESC, a.name COLLATE up_pinyin";

/* A NULL parameter is no limit. */
static const char *update_scheme_sql =
  "UPDATE subsidy_schemes SET name = up_trim ($3), fund = up_trim ($4), priority = $5::integer, "
  "       active = $6::boolean, once_per_level = $7::boolean, no_downgrade = $8::boolean, "
  "       highest_per_year = $9::boolean, annual_count_cap = $10::integer, "
  "       annual_amount_cap_fen = $11::bigint, claim_window_months = $12::integer, "
  "       min_age = $13::integer, max_age = $14::integer, union_required = $15::boolean, "
  "       shortage_uplift = $16::boolean "
  " WHERE id = $1 AND version = $2 RETURNING id";

static const char *delete_rates_sql =
  "DELETE FROM subsidy_policies WHERE scheme_id = $1 AND NOT (id = ANY ($2::bigint[]))";
static const char *update_rate_sql =
  "UPDATE subsidy_policies SET name = $3, kind = $4::certification_kind, skill_level = $5::smallint, "
  "       academic_level = $6::academic_level, amount_fen = $7::bigint, valid_from = $8::date, "
  "       valid_to = $9::date "
  " WHERE id = $1 AND version = $2 AND scheme_id = $10 RETURNING id";
static const char *insert_rate_sql =
  "INSERT INTO subsidy_policies (name, kind, skill_level, academic_level, amount_fen, valid_from, valid_to, "
  "                              scheme_id) "
  "VALUES ($1, $2::certification_kind, $3::smallint, $4::academic_level, $5::bigint, $6::date, $7::date, $8)";

static const char *delete_min_hours_sql = "DELETE FROM subsidy_min_hours WHERE scheme_id = $1";
static const char *insert_min_hours_sql =
  "INSERT INTO subsidy_min_hours (scheme_id, skill_level, min_hours) VALUES ($1, $2::smallint, $3::numeric / 10)";

/* The shared lists are written as a difference, so that a save that leaves
 * them as they are writes none of their rows: a change to them moves every
 * scheme's version (schema v17).  The upserts leave a row as it is when it
 * holds the value already. */
static const char *delete_shortage_sql =
  "DELETE FROM shortage_occupations "
  " WHERE NOT (occupation = ANY (SELECT up_trim (o) FROM unnest ($1::text[]) AS o))";
static const char *upsert_shortage_sql =
  "INSERT INTO shortage_occupations (occupation, uplift_percent) VALUES (up_trim ($1), $2::integer) "
  "ON CONFLICT (occupation) DO UPDATE SET uplift_percent = EXCLUDED.uplift_percent "
  " WHERE shortage_occupations.uplift_percent <> EXCLUDED.uplift_percent";

static const char *delete_quotas_sql =
  "DELETE FROM academy_quotas q "
  " WHERE NOT EXISTS (SELECT FROM unnest ($1::bigint[], $2::integer[]) AS k (academy_id, year) "
  "                    WHERE k.academy_id = q.academy_id AND k.year = q.year)";
static const char *upsert_quotas_sql =
  "INSERT INTO academy_quotas (academy_id, year, max_claims) "
  "SELECT * FROM unnest ($1::bigint[], $2::integer[], $3::integer[]) "
  "ON CONFLICT (academy_id, year) DO UPDATE SET max_claims = EXCLUDED.max_claims "
  " WHERE academy_quotas.max_claims <> EXCLUDED.max_claims";

/* Every scheme's row, in the order of their ids (schema v17). */
static const char *lock_schemes_sql = "SELECT up_lock_schemes ()";

static const char *recompute_sql = "SELECT up_recompute_claims ()";

/* Plain data ---------------------------------------------------------------- */

UpSubsidyRate *
up_subsidy_rate_new (const char  *kind,
                     int          skill_level,
                     const char  *academic_level,
                     gint64       amount_fen,
                     const GDate *valid_from,
                     const GDate *valid_to)
{
  UpSubsidyRate *rate = g_new0 (UpSubsidyRate, 1);

  rate->kind = g_strdup (kind);
  rate->skill_level = skill_level;
  rate->academic_level = g_strdup (academic_level);
  rate->amount_fen = amount_fen;
  g_date_clear (&rate->valid_from, 1);
  g_date_clear (&rate->valid_to, 1);
  if (valid_from != NULL && g_date_valid (valid_from))
    rate->valid_from = *valid_from;
  if (valid_to != NULL && g_date_valid (valid_to))
    rate->valid_to = *valid_to;
  return rate;
}

void
up_subsidy_rate_free (UpSubsidyRate *rate)
{
  if (rate == NULL)
    return;
  g_free (rate->name);
  g_free (rate->kind);
  g_free (rate->academic_level);
  g_free (rate);
}

static UpSubsidyRate *
rate_copy (const UpSubsidyRate *rate)
{
  UpSubsidyRate *copy = g_memdup2 (rate, sizeof *rate);

  copy->name = g_strdup (rate->name);
  copy->kind = g_strdup (rate->kind);
  copy->academic_level = g_strdup (rate->academic_level);
  return copy;
}

UpShortageOccupation *
up_shortage_occupation_new (const char *occupation,
                            int         uplift_percent)
{
  UpShortageOccupation *shortage = g_new0 (UpShortageOccupation, 1);

  shortage->occupation = g_strdup (occupation);
  shortage->uplift_percent = uplift_percent;
  return shortage;
}

void
up_shortage_occupation_free (UpShortageOccupation *shortage)
{
  if (shortage == NULL)
    return;
  g_free (shortage->occupation);
  g_free (shortage);
}

UpAcademyQuota *
up_academy_quota_new (gint64 academy_id,
                      int    year,
                      int    max_claims)
{
  UpAcademyQuota *quota = g_new0 (UpAcademyQuota, 1);

  quota->academy_id = academy_id;
  quota->year = year;
  quota->max_claims = max_claims;
  return quota;
}

void
up_academy_quota_free (UpAcademyQuota *quota)
{
  if (quota == NULL)
    return;
  g_free (quota->academy_name);
  g_free (quota);
}

UpSubsidyScheme *
up_subsidy_scheme_new (void)
{
  UpSubsidyScheme *scheme = g_new0 (UpSubsidyScheme, 1);

  scheme->active = TRUE;
  scheme->min_age = -1;
  scheme->max_age = -1;
  scheme->priority = 100;
  scheme->rates = g_ptr_array_new_with_free_func ((GDestroyNotify) up_subsidy_rate_free);
  scheme->shortage = g_ptr_array_new_with_free_func ((GDestroyNotify) up_shortage_occupation_free);
  scheme->quotas = g_ptr_array_new_with_free_func ((GDestroyNotify) up_academy_quota_free);
  return scheme;
}

UpSubsidyScheme *
up_subsidy_scheme_copy (const UpSubsidyScheme *scheme)
{
  UpSubsidyScheme *copy;

  g_return_val_if_fail (scheme != NULL, NULL);

  copy = up_subsidy_scheme_new ();
  g_ptr_array_unref (copy->rates);
  g_ptr_array_unref (copy->shortage);
  g_ptr_array_unref (copy->quotas);
  *copy = *scheme;
  copy->name = g_strdup (scheme->name);
  copy->fund = g_strdup (scheme->fund);
  copy->rates = g_ptr_array_new_with_free_func ((GDestroyNotify) up_subsidy_rate_free);
  for (guint i = 0; i < scheme->rates->len; i++)
    g_ptr_array_add (copy->rates, rate_copy (g_ptr_array_index (scheme->rates, i)));
  copy->shortage = g_ptr_array_new_with_free_func ((GDestroyNotify) up_shortage_occupation_free);
  for (guint i = 0; i < scheme->shortage->len; i++)
    {
      UpShortageOccupation *s = g_ptr_array_index (scheme->shortage, i);

      g_ptr_array_add (copy->shortage, up_shortage_occupation_new (s->occupation, s->uplift_percent));
    }
  copy->quotas = g_ptr_array_new_with_free_func ((GDestroyNotify) up_academy_quota_free);
  for (guint i = 0; i < scheme->quotas->len; i++)
    {
      UpAcademyQuota *q = g_ptr_array_index (scheme->quotas, i);
      UpAcademyQuota *c = up_academy_quota_new (q->academy_id, q->year, q->max_claims);

      c->academy_name = g_strdup (q->academy_name);
      g_ptr_array_add (copy->quotas, c);
    }
  return copy;
}

void
up_subsidy_scheme_free (UpSubsidyScheme *scheme)
{
  if (scheme == NULL)
    return;
  g_free (scheme->name);
  g_free (scheme->fund);
  g_ptr_array_unref (scheme->rates);
  g_ptr_array_unref (scheme->shortage);
  g_ptr_array_unref (scheme->quotas);
  g_free (scheme);
}

/* Comparing and rebasing ------------------------------------------------------ */

static gboolean
same_text (const char *a,
           const char *b)
{
  /* NULL and "" are both "none". */
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") == 0;
}

static gboolean
same_date (const GDate *a,
           const GDate *b)
{
  if (!g_date_valid (a) || !g_date_valid (b))
    return g_date_valid (a) == g_date_valid (b);
  return g_date_compare (a, b) == 0;
}

/* The values the dialog shows of a rate: not its version, nor its name. */
static gboolean
same_rate (gconstpointer a_,
           gconstpointer b_)
{
  const UpSubsidyRate *a = a_, *b = b_;

  return same_text (a->kind, b->kind) && a->skill_level == b->skill_level
         && same_text (a->academic_level, b->academic_level) && a->amount_fen == b->amount_fen
         && same_date (&a->valid_from, &b->valid_from) && same_date (&a->valid_to, &b->valid_to);
}

/* The same rate: the same id, or for rates not saved yet, neither saved
 * and of the same kind, level and first day. */
static gboolean
same_rate_key (gconstpointer a_,
               gconstpointer b_)
{
  const UpSubsidyRate *a = a_, *b = b_;

  return a->id > 0 ? b->id == a->id
                   : b->id == 0 && same_text (b->kind, a->kind) && b->skill_level == a->skill_level
                       && same_text (b->academic_level, a->academic_level)
                       && same_date (&b->valid_from, &a->valid_from);
}

/* @rate's counterpart in @rates. */
static UpSubsidyRate *
find_rate (GPtrArray           *rates,
           const UpSubsidyRate *rate)
{
  guint index;

  if (!g_ptr_array_find_with_equal_func (rates, rate, same_rate_key, &index))
    return NULL;
  return g_ptr_array_index (rates, index);
}

/* Occupations are matched by name, quotas by academy and year. */
static gboolean
same_occupation_key (gconstpointer a,
                     gconstpointer b)
{
  return same_text (((const UpShortageOccupation *) a)->occupation, ((const UpShortageOccupation *) b)->occupation);
}

static gboolean
same_uplift (gconstpointer a,
             gconstpointer b)
{
  return ((const UpShortageOccupation *) a)->uplift_percent == ((const UpShortageOccupation *) b)->uplift_percent;
}

static gboolean
same_quota_key (gconstpointer a_,
                gconstpointer b_)
{
  const UpAcademyQuota *a = a_, *b = b_;

  return a->academy_id == b->academy_id && a->year == b->year;
}

static gboolean
same_max_claims (gconstpointer a,
                 gconstpointer b)
{
  return ((const UpAcademyQuota *) a)->max_claims == ((const UpAcademyQuota *) b)->max_claims;
}

/* A group's items matched by @same_key, in any order: in @after only
 * (added), in @before only (removed), in both but not @same_value
 * (changed).  TRUE when any differs. */
static gboolean
count_group (GPtrArray  *before,
             GPtrArray  *after,
             GEqualFunc  same_key,
             GEqualFunc  same_value,
             guint      *added,
             guint      *removed,
             guint      *changed)
{
  guint index;

  for (guint i = 0; i < before->len; i++)
    {
      gpointer item = g_ptr_array_index (before, i);

      if (!g_ptr_array_find_with_equal_func (after, item, same_key, &index))
        (*removed)++;
      else if (!same_value (item, g_ptr_array_index (after, index)))
        (*changed)++;
    }
  for (guint i = 0; i < after->len; i++)
    if (!g_ptr_array_find_with_equal_func (before, g_ptr_array_index (after, i), same_key, NULL))
      (*added)++;

  return *added + *removed + *changed > 0;
}

UpSchemeChange
up_subsidy_scheme_diff (const UpSubsidyScheme *before,
                        const UpSubsidyScheme *after,
                        UpSchemeDiff          *diff)
{
  UpSchemeDiff d = { 0, };

  g_return_val_if_fail (before != NULL, UP_SCHEME_CHANGE_NONE);
  g_return_val_if_fail (after != NULL, UP_SCHEME_CHANGE_NONE);

#define FIELD(flag, differs) \
  if (differs) \
    d.changes |= (flag)

  FIELD (UP_SCHEME_CHANGE_NAME, !same_text (before->name, after->name));
  FIELD (UP_SCHEME_CHANGE_FUND, !same_text (before->fund, after->fund));
  FIELD (UP_SCHEME_CHANGE_ACTIVE, !before->active != !after->active);
  FIELD (UP_SCHEME_CHANGE_ONCE_PER_LEVEL, !before->once_per_level != !after->once_per_level);
  FIELD (UP_SCHEME_CHANGE_NO_DOWNGRADE, !before->no_downgrade != !after->no_downgrade);
  FIELD (UP_SCHEME_CHANGE_HIGHEST_PER_YEAR, !before->highest_per_year != !after->highest_per_year);
  FIELD (UP_SCHEME_CHANGE_UNION_REQUIRED, !before->union_required != !after->union_required);
  FIELD (UP_SCHEME_CHANGE_SHORTAGE_UPLIFT, !before->shortage_uplift != !after->shortage_uplift);
  FIELD (UP_SCHEME_CHANGE_COUNT_CAP, before->annual_count_cap != after->annual_count_cap);
  FIELD (UP_SCHEME_CHANGE_AMOUNT_CAP, before->annual_amount_cap_fen != after->annual_amount_cap_fen);
  FIELD (UP_SCHEME_CHANGE_CLAIM_WINDOW, before->claim_window_months != after->claim_window_months);
  FIELD (UP_SCHEME_CHANGE_AGE, before->min_age != after->min_age || before->max_age != after->max_age);
  FIELD (UP_SCHEME_CHANGE_PRIORITY, before->priority != after->priority);
  FIELD (UP_SCHEME_CHANGE_MIN_HOURS, memcmp (before->min_hours_tenths, after->min_hours_tenths,
                                             sizeof before->min_hours_tenths) != 0);
#undef FIELD

  if (count_group (before->rates, after->rates, same_rate_key, same_rate,
                   &d.rates_added, &d.rates_removed, &d.rates_changed))
    d.changes |= UP_SCHEME_CHANGE_RATES;
  if (count_group (before->shortage, after->shortage, same_occupation_key, same_uplift,
                   &d.shortage_added, &d.shortage_removed, &d.shortage_changed))
    d.changes |= UP_SCHEME_CHANGE_SHORTAGE;
  if (count_group (before->quotas, after->quotas, same_quota_key, same_max_claims,
                   &d.quotas_added, &d.quotas_removed, &d.quotas_changed))
    d.changes |= UP_SCHEME_CHANGE_QUOTAS;

  if (diff != NULL)
    *diff = d;
  return d.changes;
}

const char *
up_scheme_change_to_label (UpSchemeChange change)
{
  /* The titles of the dialog's rows and groups (ui/up-subsidy-scheme-dialog.ui). */
  switch (change)
    {
    case UP_SCHEME_CHANGE_NAME: return C_("scheme", "Name");
    case UP_SCHEME_CHANGE_FUND: return _("Fund");
    case UP_SCHEME_CHANGE_ACTIVE: return _("In force");
    case UP_SCHEME_CHANGE_ONCE_PER_LEVEL: return _("Once per occupation and level");
    case UP_SCHEME_CHANGE_NO_DOWNGRADE: return _("No downgrade");
    case UP_SCHEME_CHANGE_HIGHEST_PER_YEAR: return _("Only the highest level of a year");
    case UP_SCHEME_CHANGE_UNION_REQUIRED: return _("Union members only");
    case UP_SCHEME_CHANGE_SHORTAGE_UPLIFT: return _("Shortage occupation uplift");
    case UP_SCHEME_CHANGE_COUNT_CAP: return _("Subsidies per trainee per year");
    /* Translators: the yearly amount cap of a scheme, as a changed field */
    case UP_SCHEME_CHANGE_AMOUNT_CAP: return _("Yuan per trainee per year");
    case UP_SCHEME_CHANGE_CLAIM_WINDOW: return _("Claim within months of the issue date");
    case UP_SCHEME_CHANGE_AGE: return _("Age at the issue date");
    case UP_SCHEME_CHANGE_RATES: return _("Rates");
    case UP_SCHEME_CHANGE_MIN_HOURS: return _("Minimum Course Hours");
    case UP_SCHEME_CHANGE_SHORTAGE: return _("Shortage Occupations");
    case UP_SCHEME_CHANGE_QUOTAS: return _("Academy Quotas");
    /* Translators: a scheme's priority among schemes, as a changed field */
    case UP_SCHEME_CHANGE_PRIORITY: return C_("scheme", "Priority");
    case UP_SCHEME_CHANGE_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A group and what changed in it: "Rates (1 changed, 2 added)". */
static char *
describe_group (UpSchemeChange group,
                guint          changed,
                guint          added,
                guint          removed)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (changed > 0)
    /* Translators: rates, shortage occupations or quotas someone else changed, within "Rates (%s)" */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "%u changed", "%u changed", changed), changed));
  if (added > 0)
    /* Translators: rates, shortage occupations or quotas someone else added, within "Rates (%s)" */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "%u added", "%u added", added), added));
  if (removed > 0)
    /* Translators: rates, shortage occupations or quotas someone else removed, within "Rates (%s)" */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "%u removed", "%u removed", removed), removed));
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the names of changed fields */
  joined = g_strjoinv (C_("list separator", ", "), (char **) parts->pdata);
  /* Translators: a group of the policies and what changed in it: "Rates (1 changed, 2 added)" */
  return g_strdup_printf (C_("changed group", "%s (%s)"), up_scheme_change_to_label (group), joined);
}

char *
up_scheme_diff_describe (const UpSchemeDiff *diff)
{
  /* The dialog's order, top to bottom; the priority is not in the dialog. */
  static const UpSchemeChange order[] = {
    UP_SCHEME_CHANGE_NAME, UP_SCHEME_CHANGE_FUND, UP_SCHEME_CHANGE_ACTIVE, UP_SCHEME_CHANGE_ONCE_PER_LEVEL,
    UP_SCHEME_CHANGE_NO_DOWNGRADE, UP_SCHEME_CHANGE_HIGHEST_PER_YEAR, UP_SCHEME_CHANGE_UNION_REQUIRED,
    UP_SCHEME_CHANGE_SHORTAGE_UPLIFT, UP_SCHEME_CHANGE_COUNT_CAP, UP_SCHEME_CHANGE_AMOUNT_CAP,
    UP_SCHEME_CHANGE_CLAIM_WINDOW, UP_SCHEME_CHANGE_AGE, UP_SCHEME_CHANGE_RATES, UP_SCHEME_CHANGE_MIN_HOURS,
    UP_SCHEME_CHANGE_SHORTAGE, UP_SCHEME_CHANGE_QUOTAS,
  };
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (diff != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if ((diff->changes & order[i]) == 0)
        continue;
      if (order[i] == UP_SCHEME_CHANGE_RATES)
        g_ptr_array_add (names, describe_group (order[i], diff->rates_changed, diff->rates_added,
                                                diff->rates_removed));
      else if (order[i] == UP_SCHEME_CHANGE_SHORTAGE)
        g_ptr_array_add (names, describe_group (order[i], diff->shortage_changed, diff->shortage_added,
                                                diff->shortage_removed));
      else if (order[i] == UP_SCHEME_CHANGE_QUOTAS)
        g_ptr_array_add (names, describe_group (order[i], diff->quotas_changed, diff->quotas_added,
                                                diff->quotas_removed));
      else
        g_ptr_array_add (names, g_strdup (up_scheme_change_to_label (order[i])));
    }

  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  /* Translators: the separator between the names of changed fields */
  return g_strjoinv (C_("list separator", ", "), (char **) names->pdata);
}

UpSubsidyScheme *
up_subsidy_scheme_rebase (const UpSubsidyScheme *mine,
                          const UpSubsidyScheme *theirs)
{
  UpSubsidyScheme *rebased;

  g_return_val_if_fail (mine != NULL, NULL);
  g_return_val_if_fail (theirs != NULL, NULL);
  g_return_val_if_fail (mine->id == theirs->id, NULL);

  rebased = up_subsidy_scheme_copy (mine);
  rebased->version = theirs->version;
  rebased->priority = theirs->priority;

  for (guint i = 0; i < rebased->rates->len; i++)
    {
      UpSubsidyRate *rate = g_ptr_array_index (rebased->rates, i);
      UpSubsidyRate *current;

      if (rate->id <= 0)
        continue;
      current = find_rate (theirs->rates, rate);
      if (current != NULL)
        {
          rate->version = current->version;
          g_free (rate->name);
          rate->name = g_strdup (current->name);
        }
      else
        {
          /* Removed by them, kept here: it comes back as a new rate. */
          rate->id = 0;
          rate->version = 0;
        }
    }

  return rebased;
}

/* Store ------------------------------------------------------------------- */

static char *
int_or_null (gint64 value,
             gint64 none)
{
  return value == none ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

UpSubsidyScheme *
up_subsidy_scheme_load (PGconn  *conn,
                        gint64   scheme_id,
                        GError **error)
{
  g_autofree char *requested = scheme_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, scheme_id) : NULL;
  const char *params[1] = { requested };
  g_autoptr(PGresult) s = NULL;
  g_autoptr(PGresult) rates = NULL;
  g_autoptr(PGresult) hours = NULL;
  g_autoptr(PGresult) shortage = NULL;
  g_autoptr(PGresult) quotas = NULL;
  g_autoptr(UpSubsidyScheme) scheme = NULL;
  g_autofree char *id = NULL;

  if (!up_pg_command (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error))
    return NULL;

  if ((s = up_pg_exec (conn, scheme_sql, 1, params, error)) == NULL)
    {
      up_pg_rollback (conn);
      return NULL;
    }
  if (PQntuples (s) != 1)
    {
      up_pg_rollback (conn);
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED, _("This subsidy scheme no longer exists."));
      return NULL;
    }

  id = g_strdup (PQgetvalue (s, 0, 0));
  params[0] = id;
  if ((rates = up_pg_exec (conn, rates_sql, 1, params, error)) == NULL
      || (hours = up_pg_exec (conn, min_hours_sql, 1, params, error)) == NULL
      || (shortage = up_pg_exec (conn, shortage_sql, 0, NULL, error)) == NULL
      || (quotas = up_pg_exec (conn, quotas_sql, 0, NULL, error)) == NULL)
    {
      up_pg_rollback (conn);
      return NULL;
    }
  up_pg_rollback (conn);

  scheme = up_subsidy_scheme_new ();
  scheme->id = up_store_int64 (s, 0, 0);
  scheme->version = (int) up_store_int64 (s, 0, 1);
  scheme->name = g_strdup (up_store_text (s, 0, 2));
  scheme->fund = g_strdup (up_store_text (s, 0, 3));
  scheme->priority = (int) up_store_int64 (s, 0, 4);
  scheme->active = up_store_bool (s, 0, 5);
  scheme->once_per_level = up_store_bool (s, 0, 6);
  scheme->no_downgrade = up_store_bool (s, 0, 7);
  scheme->highest_per_year = up_store_bool (s, 0, 8);
  scheme->annual_count_cap = (int) up_store_int64 (s, 0, 9);
  scheme->annual_amount_cap_fen = up_store_int64 (s, 0, 10);
  scheme->claim_window_months = (int) up_store_int64 (s, 0, 11);
  scheme->min_age = up_store_is_null (s, 0, 12) ? -1 : (int) up_store_int64 (s, 0, 12);
  scheme->max_age = up_store_is_null (s, 0, 13) ? -1 : (int) up_store_int64 (s, 0, 13);
  scheme->union_required = up_store_bool (s, 0, 14);
  scheme->shortage_uplift = up_store_bool (s, 0, 15);

  for (int i = 0; i < PQntuples (rates); i++)
    {
      UpSubsidyRate *rate = up_subsidy_rate_new (up_store_text (rates, i, 3), (int) up_store_int64 (rates, i, 4),
                                                 up_store_text (rates, i, 5), up_store_int64 (rates, i, 6),
                                                 NULL, NULL);

      rate->id = up_store_int64 (rates, i, 0);
      rate->version = (int) up_store_int64 (rates, i, 1);
      rate->name = g_strdup (up_store_text (rates, i, 2));
      up_store_date (rates, i, 7, &rate->valid_from);
      up_store_date (rates, i, 8, &rate->valid_to);
      g_ptr_array_add (scheme->rates, rate);
    }

  for (int i = 0; i < PQntuples (hours); i++)
    {
      int level = (int) up_store_int64 (hours, i, 0);

      if (level >= 1 && level <= 5)
        scheme->min_hours_tenths[level] = (int) up_store_int64 (hours, i, 1);
    }

  for (int i = 0; i < PQntuples (shortage); i++)
    g_ptr_array_add (scheme->shortage, up_shortage_occupation_new (up_store_text (shortage, i, 0),
                                                                   (int) up_store_int64 (shortage, i, 1)));

  for (int i = 0; i < PQntuples (quotas); i++)
    {
      UpAcademyQuota *quota = up_academy_quota_new (up_store_int64 (quotas, i, 0), (int) up_store_int64 (quotas, i, 2),
                                                    (int) up_store_int64 (quotas, i, 3));

      quota->academy_name = g_strdup (up_store_text (quotas, i, 1));
      g_ptr_array_add (scheme->quotas, quota);
    }

  return g_steal_pointer (&scheme);
}

static void
set_changed (GError **error)
{
  g_set_error_literal (error, UP_ERROR, UP_ERROR_RETRY,
                       _("Someone else changed this subsidy scheme in the meantime. "
                         "Open it again and make your changes again."));
}

/* A rate's name when the person gave none: its kind and level. */
static char *
rate_name (const UpSubsidyRate *rate)
{
  if (rate->name != NULL && *rate->name != '\0')
    return g_strdup (rate->name);
  if (rate->skill_level > 0)
    return g_strdup_printf ("%s %d", rate->kind, rate->skill_level);
  if (rate->academic_level != NULL)
    return g_strdup_printf ("%s %s", rate->kind, rate->academic_level);
  return g_strdup (rate->kind);
}

static gboolean
save_rate (PGconn               *conn,
           const char           *scheme_id,
           const UpSubsidyRate  *rate,
           GError              **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, rate->id);
  g_autofree char *version = g_strdup_printf ("%d", rate->version);
  g_autofree char *name = rate_name (rate);
  g_autofree char *level = rate->skill_level > 0 ? g_strdup_printf ("%d", rate->skill_level) : NULL;
  g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, rate->amount_fen);
  g_autofree char *from = up_store_format_date (&rate->valid_from);
  g_autofree char *to = up_store_format_date (&rate->valid_to);
  const char *academic = rate->academic_level != NULL && *rate->academic_level != '\0' ? rate->academic_level : NULL;
  g_autoptr(PGresult) result = NULL;

  if (from == NULL)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("Each rate needs the day it starts."));
      return FALSE;
    }
  if (rate->amount_fen < 0)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("An amount cannot be negative."));
      return FALSE;
    }

  if (rate->id > 0)
    {
      const char *params[] = { id, version, name, rate->kind, level, academic, amount, from, to, scheme_id };

      result = up_pg_exec (conn, update_rate_sql, 10, params, error);
      if (result == NULL)
        return FALSE;
      if (PQntuples (result) != 1)
        {
          set_changed (error);
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      const char *params[] = { name, rate->kind, level, academic, amount, from, to, scheme_id };

      return up_pg_command (conn, insert_rate_sql, 8, params, error);
    }
}

/* An academy has one quota a year (the table's key): a form that names one
 * twice is refused as the key would refuse it, before the one upsert
 * meets its own row twice (which the server reports in other words). */
static gboolean
check_quotas (GPtrArray  *quotas,
              GError    **error)
{
  for (guint i = 0; i < quotas->len; i++)
    {
      guint first;

      /* Found first at another row: the same academy and year twice. */
      g_ptr_array_find_with_equal_func (quotas, g_ptr_array_index (quotas, i), same_quota_key, &first);
      if (first != i)
        {
          g_set_error (error, UP_ERROR, UP_ERROR_UNIQUE, "%s.", _("This would duplicate a record that already exists"));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
save_all (PGconn                 *conn,
          const UpSubsidyScheme  *scheme,
          GError                **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, scheme->id);
  g_autofree char *version = g_strdup_printf ("%d", scheme->version);
  g_autofree char *priority = g_strdup_printf ("%d", scheme->priority);
  g_autofree char *count_cap = int_or_null (scheme->annual_count_cap, 0);
  g_autofree char *amount_cap = int_or_null (scheme->annual_amount_cap_fen, 0);
  g_autofree char *window = int_or_null (scheme->claim_window_months, 0);
  g_autofree char *min_age = int_or_null (scheme->min_age, -1);
  g_autofree char *max_age = int_or_null (scheme->max_age, -1);
  const char *params[] = {
    id, version, scheme->name, scheme->fund, priority,
    scheme->active ? "true" : "false", scheme->once_per_level ? "true" : "false",
    scheme->no_downgrade ? "true" : "false", scheme->highest_per_year ? "true" : "false",
    count_cap, amount_cap, window, min_age, max_age,
    scheme->union_required ? "true" : "false", scheme->shortage_uplift ? "true" : "false",
  };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GString) kept = g_string_new ("{");
  g_autoptr(GPtrArray) occupations = g_ptr_array_new ();
  g_autofree char *occupation_array = NULL;

  if (!check_quotas (scheme->quotas, error))
    return FALSE;

  /* The scheme's own row before anything else: what follows (its rates and
   * minimum hours, v16; the shared lists, v17) moves the version of every
   * scheme whose row this transaction has not written yet, so written
   * first, its version is checked as it was read and moves once.  Every
   * scheme's row is locked before it, in the order the lists' triggers
   * lock them, so that two saves wait for each other instead of each
   * holding a row the other needs. */
  if (!up_pg_command (conn, lock_schemes_sql, 0, NULL, error))
    return FALSE;
  result = up_pg_exec (conn, update_scheme_sql, G_N_ELEMENTS (params), params, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) != 1)
    {
      set_changed (error);
      return FALSE;
    }

  /* Rates: the removed ones first, so that a changed period does not
   * overlap one that goes. */
  for (guint i = 0; i < scheme->rates->len; i++)
    {
      UpSubsidyRate *rate = g_ptr_array_index (scheme->rates, i);

      if (rate->id > 0)
        g_string_append_printf (kept, "%s%" G_GINT64_FORMAT, kept->len > 1 ? "," : "", rate->id);
    }
  g_string_append_c (kept, '}');
  {
    const char *p[] = { id, kept->str };

    if (!up_pg_command (conn, delete_rates_sql, 2, p, error))
      return FALSE;
  }
  for (guint i = 0; i < scheme->rates->len; i++)
    if (((UpSubsidyRate *) g_ptr_array_index (scheme->rates, i))->id > 0
        && !save_rate (conn, id, g_ptr_array_index (scheme->rates, i), error))
      return FALSE;
  for (guint i = 0; i < scheme->rates->len; i++)
    if (((UpSubsidyRate *) g_ptr_array_index (scheme->rates, i))->id == 0
        && !save_rate (conn, id, g_ptr_array_index (scheme->rates, i), error))
      return FALSE;

  /* Minimum hours: replaced. */
  {
    const char *p[] = { id };

    if (!up_pg_command (conn, delete_min_hours_sql, 1, p, error))
      return FALSE;
  }
  for (int level = 1; level <= 5; level++)
    if (scheme->min_hours_tenths[level] > 0)
      {
        g_autofree char *l = g_strdup_printf ("%d", level);
        g_autofree char *h = g_strdup_printf ("%d", scheme->min_hours_tenths[level]);
        const char *p[] = { id, l, h };

        if (!up_pg_command (conn, insert_min_hours_sql, 3, p, error))
          return FALSE;
      }

  /* Shortage occupations: kept by name, so unchanged rows keep their
   * history. */
  {
    GString *array = g_string_new ("{");

    for (guint i = 0; i < scheme->shortage->len; i++)
      {
        UpShortageOccupation *s = g_ptr_array_index (scheme->shortage, i);
        g_autofree char *trimmed = g_strstrip (g_strdup (s->occupation != NULL ? s->occupation : ""));

        g_string_append (array, i > 0 ? ",\"" : "\"");
        for (const char *c = trimmed; *c != '\0'; c++)
          {
            if (*c == '"' || *c == '\\')
              g_string_append_c (array, '\\');
            g_string_append_c (array, *c);
          }
        g_string_append_c (array, '"');
      }
    g_string_append_c (array, '}');
    occupation_array = g_string_free (array, FALSE);
  }
  {
    const char *p[] = { occupation_array };

    if (!up_pg_command (conn, delete_shortage_sql, 1, p, error))
      return FALSE;
  }
  for (guint i = 0; i < scheme->shortage->len; i++)
    {
      UpShortageOccupation *s = g_ptr_array_index (scheme->shortage, i);
      g_autofree char *uplift = g_strdup_printf ("%d", s->uplift_percent);
      const char *p[] = { s->occupation, uplift };

      if (!up_pg_command (conn, upsert_shortage_sql, 2, p, error))
        return FALSE;
    }

  /* Quotas: the ones gone from the form, then the new and changed ones,
   * each in one statement. */
  {
    g_autoptr(GString) academies = g_string_new ("{");
    g_autoptr(GString) years = g_string_new ("{");
    g_autoptr(GString) maxima = g_string_new ("{");

    for (guint i = 0; i < scheme->quotas->len; i++)
      {
        UpAcademyQuota *q = g_ptr_array_index (scheme->quotas, i);
        const char *comma = i > 0 ? "," : "";

        g_string_append_printf (academies, "%s%" G_GINT64_FORMAT, comma, q->academy_id);
        g_string_append_printf (years, "%s%d", comma, q->year);
        g_string_append_printf (maxima, "%s%d", comma, q->max_claims);
      }
    g_string_append_c (academies, '}');
    g_string_append_c (years, '}');
    g_string_append_c (maxima, '}');
    {
      const char *p[] = { academies->str, years->str, maxima->str };

      if (!up_pg_command (conn, delete_quotas_sql, 2, p, error))
        return FALSE;
      if (scheme->quotas->len > 0 && !up_pg_command (conn, upsert_quotas_sql, 3, p, error))
        return FALSE;
    }
  }

  return TRUE;
}

UpSubsidyScheme *
up_subsidy_scheme_save (PGconn                 *conn,
                        const UpSubsidyScheme  *scheme,
                        GError                **error)
{
  g_return_val_if_fail (scheme != NULL, NULL);
  g_return_val_if_fail (scheme->id > 0, NULL);

  if (!up_pg_begin (conn, error))
    return NULL;

  if (!save_all (conn, scheme, error) || !up_pg_commit (conn, error))
    {
      up_pg_rollback (conn);
      return NULL;
    }

  return up_subsidy_scheme_load (conn, scheme->id, error);
}

gboolean
up_subsidy_scheme_recompute (PGconn  *conn,
                             int     *n_changed,
                             GError **error)
{
  gint64 n = 0;

  if (!up_pg_query_int64 (conn, recompute_sql, 0, NULL, &n, error))
    return FALSE;
  if (n_changed != NULL)
    *n_changed = (int) n;
  return TRUE;
}

/* Async ------------------------------------------------------------------ */

typedef struct
{
  gint64           id;
  UpSubsidyScheme *scheme;
  int              n_changed;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->scheme, up_subsidy_scheme_free);
  g_free (job);
}

static gpointer
load_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return up_subsidy_scheme_load (conn, ((Job *) data)->id, error);
}

void
up_subsidy_scheme_load_async (UpDatabase          *db,
                              gint64               scheme_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (UP_IS_DATABASE (db));

  job->id = scheme_id;
  up_store_run_async (db, up_subsidy_scheme_load_async, load_func, job, NULL,
                      (GDestroyNotify) up_subsidy_scheme_free, job, (GDestroyNotify) job_free,
                      cancellable, callback, user_data);
}

UpSubsidyScheme *
up_subsidy_scheme_load_finish (UpDatabase    *db,
                               GAsyncResult  *result,
                               GError       **error)
{
  return up_store_propagate (db, result, up_subsidy_scheme_load_async, error);
}

static gpointer
save_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return up_subsidy_scheme_save (conn, ((Job *) data)->scheme, error);
}

void
up_subsidy_scheme_save_async (UpDatabase            *db,
                              const UpSubsidyScheme *scheme,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (scheme != NULL);

  job->scheme = up_subsidy_scheme_copy (scheme);
  up_store_run_async (db, up_subsidy_scheme_save_async, save_func, job, NULL,
                      (GDestroyNotify) up_subsidy_scheme_free, job, (GDestroyNotify) job_free,
                      cancellable, callback, user_data);
}

UpSubsidyScheme *
up_subsidy_scheme_save_finish (UpDatabase    *db,
                               GAsyncResult  *result,
                               GError       **error)
{
  return up_store_propagate (db, result, up_subsidy_scheme_save_async, error);
}

static gpointer
recompute_func (PGconn        *conn,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Job *job = data;

  return up_subsidy_scheme_recompute (conn, &job->n_changed, error) ? UP_STORE_OK : NULL;
}

void
up_subsidy_scheme_recompute_async (UpDatabase          *db,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (UP_IS_DATABASE (db));

  up_store_run_async (db, up_subsidy_scheme_recompute_async, recompute_func, job, NULL, NULL,
                      job, (GDestroyNotify) job_free, cancellable, callback, user_data);
}

gboolean
up_subsidy_scheme_recompute_finish (UpDatabase    *db,
                                    GAsyncResult  *result,
                                    int           *n_changed,
                                    GError       **error)
{
  Job *job;

  if (up_store_propagate (db, result, up_subsidy_scheme_recompute_async, error) == NULL)
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  if (n_changed != NULL)
    *n_changed = job->n_changed;
  return TRUE;
}
