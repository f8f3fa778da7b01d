/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-subsidy-rule"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <stdlib.h>

#include "up-money.h"
#include "up-subsidy-rule.h"

static const char * const rule_names[] = {
  "no_policy", "rate", "age", "union_member", "claim_window", "min_hours", "once_per_level",
  "no_downgrade", "highest_per_year", "shortage_uplift", "annual_count_cap", "annual_amount_cap",
  NULL,
};

const char * const *
up_subsidy_rule_names (void)
{
  return rule_names;
}

const char *
up_subsidy_rule_label (const char *rule)
{
  static const struct {
    const char *rule;
    const char *label;
  } labels[] = {
    /* Translators: names of the subsidy rules, shown in lists and reports */
    { "no_policy", N_("No rate") },
    { "rate", N_("Rate") },
    { "age", N_("Age") },
    { "union_member", N_("Union membership") },
    { "claim_window", N_("Claim period") },
    { "min_hours", N_("Minimum hours") },
    { "once_per_level", N_("Once per level") },
    { "no_downgrade", N_("No downgrade") },
    { "highest_per_year", N_("Highest level of the year") },
    { "shortage_uplift", N_("Shortage occupation") },
    { "annual_count_cap", N_("Yearly number") },
    { "annual_amount_cap", N_("Yearly amount") },
  };

  if (rule == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].rule, rule))
      return _(labels[i].label);
  return NULL;
}

/* An integer the server sent as numeric text ("12", "60.0"); 0 for NULL. */
static gint64
whole (const char *value)
{
  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

/* The same, for ages, months, days, counts and percentages: a plain int,
 * so that translatable formats use %d (xgettext cannot see through
 * G_GINT64_FORMAT). */
static int
small (const char *value)
{
  return (int) CLAMP (whole (value), G_MININT, G_MAXINT);
}

/* Hours may have a tenth ("60.5"): shown as the server wrote them, without
 * a trailing ".0". */
static char *
hours_text (const char *value)
{
  if (value == NULL)
    return g_strdup ("?");
  if (g_str_has_suffix (value, ".0"))
    return g_strndup (value, strlen (value) - 2);
  return g_strdup (value);
}

static char *
level_text (gint64 rank)
{
  /* The rank of up_level_rank (): skill levels 5..1 are ranks 1..5. */
  switch (rank)
    {
    case 1: return g_strdup (_("entry level (5)"));
    case 2: return g_strdup (_("intermediate (4)"));
    case 3: return g_strdup (_("advanced (3)"));
    case 4: return g_strdup (_("technician (2)"));
    case 5: return g_strdup (_("senior technician (1)"));
    default: return g_strdup_printf ("%" G_GINT64_FORMAT, rank);
    }
}

char *
up_subsidy_rule_explain (const char *rule,
                         const char *outcome,
                         gint64      amount_fen,
                         const char *limit_value,
                         const char *actual_value)
{
  g_autofree char *amount = up_money_format (amount_fen);
  gboolean refused = g_strcmp0 (outcome, "refused") == 0;

  g_return_val_if_fail (rule != NULL, NULL);

  if (g_str_equal (rule, "no_policy"))
    return g_strdup (_("Refused: no subsidy rate covers this kind and level of certificate on its issue date."));

  if (g_str_equal (rule, "rate"))
    /* Translators: %s is an amount of money such as ¥1,500.00 */
    return g_strdup_printf (_("The rate for this certificate is %s."), amount);

  if (g_str_equal (rule, "age"))
    {
      int limit = small (limit_value);
      int age = small (actual_value);

      if (age < limit)
        /* Translators: the first number is an age limit, the second the trainee's age */
        return g_strdup_printf (_("Refused: the trainee must be at least %d years old on the issue date "
                                  "(was %d)."), limit, age);
      return g_strdup_printf (_("Refused: the trainee must be at most %d years old on the issue date "
                                "(was %d)."), limit, age);
    }

  if (g_str_equal (rule, "union_member"))
    return g_strdup (_("Refused: only union members receive this subsidy."));

  if (g_str_equal (rule, "claim_window"))
    /* Translators: first a number of months, then a number of days */
    return g_strdup_printf (_("Refused: a claim must be made within %d months of the certificate’s "
                              "issue date (made %d days after it)."),
                            small (limit_value), small (actual_value));

  if (g_str_equal (rule, "min_hours"))
    {
      g_autofree char *limit = hours_text (limit_value);
      g_autofree char *actual = hours_text (actual_value);

      /* Translators: numbers of class hours (学时) */
      return g_strdup_printf (_("Refused: the course must have at least %s hours for this level (it has %s)."),
                              limit, actual);
    }

  if (g_str_equal (rule, "once_per_level"))
    return g_strdup (_("Refused: this trainee already has a subsidy for this occupation at this level; "
                       "it is paid once in a lifetime."));

  if (g_str_equal (rule, "no_downgrade"))
    {
      g_autofree char *level = level_text (whole (limit_value));

      /* Translators: %s is a skill level such as "advanced (3)" */
      return g_strdup_printf (_("Refused: this trainee already has a subsidy for a higher level (%s) "
                                "in this occupation."), level);
    }

  if (g_str_equal (rule, "highest_per_year"))
    {
      if (actual_value == NULL)
        return g_strdup (_("Refused: a higher level in the same occupation and year is paid instead."));
      else
        {
          g_autofree char *paid = up_money_format (whole (actual_value));

          if (refused)
            /* Translators: %s is an amount of money */
            return g_strdup_printf (_("Refused: only the highest level of a year is paid, and %s was already "
                                      "approved for a lower one."), paid);
          /* Translators: the first %s is an amount already approved, the second the amount left */
          return g_strdup_printf (_("Reduced: only the highest level of a year is paid; the %s already approved "
                                    "for a lower level comes off, leaving %s."), paid, amount);
        }
    }

  if (g_str_equal (rule, "shortage_uplift"))
    /* Translators: a percentage, then an amount of money */
    return g_strdup_printf (_("Raised: a shortage occupation adds %d %%, making %s."),
                            small (limit_value), amount);

  if (g_str_equal (rule, "annual_count_cap"))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Refused: at most %d subsidy a year per trainee "
                                         "(this trainee has %d already).",
                                         "Refused: at most %d subsidies a year per trainee "
                                         "(this trainee has %d already).",
                                         small (limit_value)),
                            small (limit_value), small (actual_value));

  if (g_str_equal (rule, "annual_amount_cap"))
    {
      g_autofree char *cap = up_money_format (whole (limit_value));
      g_autofree char *had = up_money_format (whole (actual_value));

      if (refused)
        /* Translators: amounts of money: the yearly cap, what the trainee has already */
        return g_strdup_printf (_("Refused: at most %s a year per trainee, and %s is claimed already."), cap, had);
      return g_strdup_printf (_("Reduced: at most %s a year per trainee; with %s claimed already, %s is left."),
                              cap, had, amount);
    }

  return g_strdup (rule);
}
