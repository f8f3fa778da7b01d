/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The words for a claim's rule trail (subsidy_rule_results, schema v4):
 * what the app, the reports and the worker who asks "why not?" read.  No
 * I/O: the values are the row's text as the server sends it. */

/* A short name for @rule ("Claim period"), or NULL for an unknown rule. */
const char *up_subsidy_rule_label   (const char *rule);

/* One sentence for one line of the trail: the rule, what it did
 * (@outcome: applied, raised, reduced, refused), the amount after it, and
 * the rule's number and the claim's own, either NULL when the rule has none. */
char       *up_subsidy_rule_explain (const char *rule,
                                     const char *outcome,
                                     gint64      amount_fen,
                                     const char *limit_value,
                                     const char *actual_value);

/* The rule names subsidy_rule_results knows, in the order the claim
 * computation applies them; NULL-terminated. */
const char * const *up_subsidy_rule_names (void);

G_END_DECLS
