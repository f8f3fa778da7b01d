/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"
#include "up-subsidy.h"

G_BEGIN_DECLS

/* Which claims the Subsidies page lists. */
typedef struct
{
  int      state;        /* an UpSubsidyState, or -1: every state */
  gint64   academy_id;   /* 0: every academy */
  gint64   batch_id;     /* 0: any, UP_SUBSIDY_FILTER_NO_BATCH: in no batch */
  int      year;         /* subsidy_year (the certificate's year), 0: any */
  GDate    claimed_from; /* claimed on or after, invalid: no bound */
  GDate    claimed_to;   /* claimed on or before, invalid: no bound */
  char    *rule;         /* refused by this rule (subsidy_rule_results.rule), NULL: any */
  char    *search;       /* part of the trainee's name, NULL or "": any */
  gint64   trainee_id;   /* 0: every trainee */
} UpSubsidyFilter;

#define UP_SUBSIDY_FILTER_NO_BATCH ((gint64) -1)

/* Every claim. */
void             up_subsidy_filter_init     (UpSubsidyFilter       *filter);
void             up_subsidy_filter_clear    (UpSubsidyFilter       *filter);
void             up_subsidy_filter_copy     (UpSubsidyFilter       *dest,
                                             const UpSubsidyFilter *src);
gboolean         up_subsidy_filter_equal    (const UpSubsidyFilter *a,
                                             const UpSubsidyFilter *b);

/* How many claims and their yuan, exact, in fen. */
typedef struct
{
  gint64  count;
  gint64  total_fen;
} UpSubsidyTotals;

/* The count and total of the claims matching @filter (NULL: all) among
 * @ids (NULL: all), in one statement. */
gboolean         up_subsidy_list_sum        (PGconn                *conn,
                                             const UpSubsidyFilter *filter,
                                             const gint64          *ids,
                                             guint                  n_ids,
                                             UpSubsidyTotals       *totals,
                                             GError               **error);
/* @filter and @ids are copied; finishes with the totals. */
void             up_subsidy_list_sum_async  (UpDatabase            *db,
                                             const UpSubsidyFilter *filter,
                                             const gint64          *ids,
                                             guint                  n_ids,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
gboolean         up_subsidy_list_sum_finish (UpDatabase            *db,
                                             GAsyncResult          *result,
                                             UpSubsidyTotals       *totals,
                                             GError               **error);

/* The claims matching a filter, newest claim first, as a GListModel of
 * UpSubsidy that loads pages of rows on demand, like UpTraineeList: one
 * statement brings the ids of every match in order with their count and
 * yuan total; any page is then one lookup by primary key.  get_item()
 * answers at once: a row not loaded yet is an UpSubsidy with "loaded" FALSE,
 * filled in place (with notifications) when its page arrives.
 *
 * Properties:
 *   "database"   UpDatabase*      construct-only
 *   "loading"    gboolean         a query is running
 *   "n-items"    guint
 *   "total-fen"  gint64           the yuan of every match, in fen
 *   "error"      GError* (boxed)  the last failure, or NULL */
#define UP_TYPE_SUBSIDY_LIST (up_subsidy_list_get_type ())

G_DECLARE_FINAL_TYPE (UpSubsidyList, up_subsidy_list, UP, SUBSIDY_LIST, GObject)

UpSubsidyList         *up_subsidy_list_new         (UpDatabase            *db);
const UpSubsidyFilter *up_subsidy_list_get_filter  (UpSubsidyList         *self);
/* A new filter cancels the work of the previous one and loads again. */
void                   up_subsidy_list_set_filter  (UpSubsidyList         *self,
                                                    const UpSubsidyFilter *filter);
void                   up_subsidy_list_reload      (UpSubsidyList         *self);
gboolean               up_subsidy_list_get_loading (UpSubsidyList         *self);
gint64                 up_subsidy_list_get_total_fen (UpSubsidyList       *self);
const GError          *up_subsidy_list_get_error   (UpSubsidyList         *self);
/* The id of the claim at @position (known for every position as soon as
 * n-items is), 0 when out of range. */
gint64                 up_subsidy_list_get_id_at   (UpSubsidyList         *self,
                                                    guint                  position);

G_END_DECLS
