/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"

G_BEGIN_DECLS

/* One rate (subsidy_policies): the amount for a certificate kind and level
 * over a dated period. */
typedef struct
{
  gint64  id;              /* 0 for a new rate */
  int     version;
  char   *name;            /* NULL or "": made from kind and level */
  char   *kind;            /* certification_kind: skill_level, special_ability … */
  int     skill_level;     /* 1..5 for skill_level, else 0 */
  char   *academic_level;  /* academic_level for academic_degree, else NULL */
  gint64  amount_fen;
  GDate   valid_from;
  GDate   valid_to;        /* invalid: open-ended */
} UpSubsidyRate;

/* An occupation on the shortage list (紧缺职业) and its uplift. */
typedef struct
{
  char  *occupation;
  int    uplift_percent;   /* 1..100 */
} UpShortageOccupation;

/* How many claims an academy may have approved in a year. */
typedef struct
{
  gint64  academy_id;
  char   *academy_name;    /* read only */
  int     year;
  int     max_claims;
} UpAcademyQuota;

/* A subsidy scheme (补助方案) with everything its dialog edits: its rules
 * (one field per column of subsidy_schemes), its rates, the minimum hours
 * per skill level, and the program's shortage occupations and academy
 * quotas (shared by every scheme).  A plain boxed struct: the dialog edits
 * a copy and saves it whole. */
typedef struct
{
  gint64      id;
  int         version;
  char       *name;
  char       *fund;
  int         priority;
  gboolean    active;
  gboolean    once_per_level;
  gboolean    no_downgrade;
  gboolean    highest_per_year;
  int         annual_count_cap;       /* 0: no cap */
  gint64      annual_amount_cap_fen;  /* 0: no cap */
  int         claim_window_months;    /* 0: no window */
  int         min_age;                /* -1: no bound */
  int         max_age;                /* -1: no bound */
  gboolean    union_required;
  gboolean    shortage_uplift;
  /* Minimum course hours, in tenths of an hour, for skill levels 1..5
   * (index 1..5); 0: none. */
  int         min_hours_tenths[6];
  GPtrArray  *rates;        /* UpSubsidyRate */
  GPtrArray  *shortage;     /* UpShortageOccupation */
  GPtrArray  *quotas;       /* UpAcademyQuota */
} UpSubsidyScheme;

#define UP_TYPE_SUBSIDY_SCHEME (up_subsidy_scheme_get_type ())

GType             up_subsidy_scheme_get_type   (void) G_GNUC_CONST;
UpSubsidyScheme  *up_subsidy_scheme_new        (void);
UpSubsidyScheme  *up_subsidy_scheme_copy       (const UpSubsidyScheme *scheme);
void              up_subsidy_scheme_free       (UpSubsidyScheme       *scheme);

UpSubsidyRate    *up_subsidy_rate_new          (const char            *kind,
                                                int                    skill_level,
                                                const char            *academic_level,
                                                gint64                 amount_fen,
                                                const GDate           *valid_from,
                                                const GDate           *valid_to);
void              up_subsidy_rate_free         (UpSubsidyRate         *rate);
UpShortageOccupation *up_shortage_occupation_new (const char          *occupation,
                                                int                    uplift_percent);
void              up_shortage_occupation_free  (UpShortageOccupation  *shortage);
UpAcademyQuota   *up_academy_quota_new         (gint64                 academy_id,
                                                int                    year,
                                                int                    max_claims);
void              up_academy_quota_free        (UpAcademyQuota        *quota);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpSubsidyScheme, up_subsidy_scheme_free)

/* What differs between two readings of a scheme: its own fields as the
 * policies dialog shows them (the two ages are one row there), and its
 * groups (rates, minimum hours, shortage occupations, quotas). */
typedef enum
{
  UP_SCHEME_CHANGE_NONE             = 0,
  UP_SCHEME_CHANGE_NAME             = 1 << 0,
  UP_SCHEME_CHANGE_FUND             = 1 << 1,
  UP_SCHEME_CHANGE_ACTIVE           = 1 << 2,
  UP_SCHEME_CHANGE_ONCE_PER_LEVEL   = 1 << 3,
  UP_SCHEME_CHANGE_NO_DOWNGRADE     = 1 << 4,
  UP_SCHEME_CHANGE_HIGHEST_PER_YEAR = 1 << 5,
  UP_SCHEME_CHANGE_UNION_REQUIRED   = 1 << 6,
  UP_SCHEME_CHANGE_SHORTAGE_UPLIFT  = 1 << 7,
  UP_SCHEME_CHANGE_COUNT_CAP        = 1 << 8,
  UP_SCHEME_CHANGE_AMOUNT_CAP       = 1 << 9,
  UP_SCHEME_CHANGE_CLAIM_WINDOW     = 1 << 10,
  UP_SCHEME_CHANGE_AGE              = 1 << 11,
  UP_SCHEME_CHANGE_RATES            = 1 << 12,
  UP_SCHEME_CHANGE_MIN_HOURS        = 1 << 13,
  UP_SCHEME_CHANGE_SHORTAGE         = 1 << 14,
  UP_SCHEME_CHANGE_QUOTAS           = 1 << 15,
  /* Not in the dialog. */
  UP_SCHEME_CHANGE_PRIORITY         = 1 << 16,
} UpSchemeChange;

typedef struct
{
  UpSchemeChange  changes;
  /* Rates matched by id (by kind, level and first day when not saved
   * yet): in @after only, in @before only, in both with other values. */
  guint           rates_added;
  guint           rates_removed;
  guint           rates_changed;
  /* The same for the shortage occupations (matched by name) and the
   * quotas (by academy and year). */
  guint           shortage_added;
  guint           shortage_removed;
  guint           shortage_changed;
  guint           quotas_added;
  guint           quotas_removed;
  guint           quotas_changed;
} UpSchemeDiff;

/* Pure: what changed from @before to @after.  Versions and names the
 * dialog does not show (a rate's) are not changes. */
UpSchemeChange    up_subsidy_scheme_diff       (const UpSubsidyScheme *before,
                                                const UpSubsidyScheme *after,
                                                UpSchemeDiff          *diff);
/* The label the dialog gives one change (a single flag), translated. */
const char       *up_scheme_change_to_label    (UpSchemeChange         change);
/* The changes as the dialog says them, translated, in the dialog's order:
 * "Fund, Rates (1 changed, 1 added), Minimum Course Hours"; NULL when
 * nothing the dialog shows differs. */
char             *up_scheme_diff_describe      (const UpSchemeDiff    *diff);
/* Save Anyway, pure: a copy of @mine to save over @theirs, the version
 * someone else saved meanwhile.  It takes their versions, the scheme's and
 * each rate's; a rate of @mine they removed is saved as a new one, one
 * they added and @mine has not goes, as the form said; what the dialog
 * does not edit (the priority, a rate's name) stays theirs. */
UpSubsidyScheme  *up_subsidy_scheme_rebase     (const UpSubsidyScheme *mine,
                                                const UpSubsidyScheme *theirs);

/* Store: one transaction each.  Saving needs the versions the scheme and
 * each of its rates were read at (UP_ERROR_RETRY when someone saved either
 * meanwhile, and nothing is changed: up_subsidy_scheme_diff() says what
 * they changed, up_subsidy_scheme_rebase() saves over it knowingly); a rate
 * still used by claims cannot be removed.  A change to the shortage
 * occupations or the quotas, by anybody, moves every scheme's version
 * (schema v17): a save from any scheme's dialog that read the lists before
 * is refused likewise. */

/* The scheme @scheme_id, or the default (first) scheme for 0. */
UpSubsidyScheme  *up_subsidy_scheme_load       (PGconn                *conn,
                                                gint64                 scheme_id,
                                                GError               **error);
/* Saves @scheme whole and answers it as saved (new versions, ids).  Of the
 * shared lists it writes only the rows that differ from the database's, so
 * a save that leaves them as they were moves no other scheme's version. */
UpSubsidyScheme  *up_subsidy_scheme_save       (PGconn                *conn,
                                                const UpSubsidyScheme *scheme,
                                                GError               **error);
/* Computes again every claim no person decided (up_recompute_claims()):
 * *n_changed is how many changed. */
gboolean          up_subsidy_scheme_recompute  (PGconn                *conn,
                                                int                   *n_changed,
                                                GError               **error);

void              up_subsidy_scheme_load_async (UpDatabase            *db,
                                                gint64                 scheme_id,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
UpSubsidyScheme  *up_subsidy_scheme_load_finish (UpDatabase           *db,
                                                GAsyncResult          *result,
                                                GError               **error);
/* @scheme is copied. */
void              up_subsidy_scheme_save_async (UpDatabase            *db,
                                                const UpSubsidyScheme *scheme,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
UpSubsidyScheme  *up_subsidy_scheme_save_finish (UpDatabase           *db,
                                                GAsyncResult          *result,
                                                GError               **error);
void              up_subsidy_scheme_recompute_async (UpDatabase       *db,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
gboolean          up_subsidy_scheme_recompute_finish (UpDatabase      *db,
                                                GAsyncResult          *result,
                                                int                   *n_changed,
                                                GError               **error);

G_END_DECLS
