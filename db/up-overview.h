/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "up-database.h"

G_BEGIN_DECLS

typedef enum
{
  UP_SUBSIDY_STATE_PENDING,
  UP_SUBSIDY_STATE_APPROVED,
  UP_SUBSIDY_STATE_REJECTED,
  UP_SUBSIDY_STATE_PAID,
  UP_SUBSIDY_STATE_FAILED,
  UP_N_SUBSIDY_STATES
} UpSubsidyState;

/* The figures on the Overview page, read in one snapshot. */
typedef struct
{
  int     year;                 /* "this year" for courses_this_year */
  gint64  trainees;
  gint64  academies;
  gint64  courses_this_year;
  gint64  enrollments;          /* person-times, all years */
  gint64  certifications;
  gint64  subsidy_count[UP_N_SUBSIDY_STATES];
  gint64  subsidy_fen[UP_N_SUBSIDY_STATES];
} UpOverviewCounts;

#define UP_TYPE_OVERVIEW_COUNTS (up_overview_counts_get_type ())

GType             up_overview_counts_get_type  (void) G_GNUC_CONST;
UpOverviewCounts *up_overview_counts_copy      (const UpOverviewCounts *counts);
void              up_overview_counts_free      (UpOverviewCounts       *counts);

/* The SQL names of the states, in UpSubsidyState order. */
const char       *up_subsidy_state_to_sql      (UpSubsidyState          state);
/* The translated word a person reads: 待审核, 已审核 … */
const char       *up_subsidy_state_to_label    (UpSubsidyState          state);

/* Runs on the worker thread; exposed for the command line and tests.
 * A @year of 0 means the current year. */
UpOverviewCounts *up_overview_counts_query     (PGconn                 *conn,
                                                int                     year,
                                                GError                **error);

void              up_overview_load_async       (UpDatabase             *db,
                                                int                     year,
                                                GCancellable           *cancellable,
                                                GAsyncReadyCallback     callback,
                                                gpointer                user_data);
UpOverviewCounts *up_overview_load_finish      (UpDatabase             *db,
                                                GAsyncResult           *result,
                                                GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpOverviewCounts, up_overview_counts_free)

G_END_DECLS
