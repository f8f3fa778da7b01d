/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "up-trainee-list.h"

G_BEGIN_DECLS

/* What the benches share: the database they measure, the clock, medians,
 * the server's own time of a statement, and waiting on an UpTraineeList. */

/* The database to measure: UPSKILL_BENCH_DATABASE when set, else a new
 * migrated one on the test cluster (stopped at exit). */
char          *up_bench_dup_conninfo      (void);
/* Fills @conn's database with demo data for @n_trainees trainees when it
 * holds none, and says so and how long it took. */
gboolean       up_bench_fill_demo         (PGconn              *conn,
                                           guint                n_trainees,
                                           GError             **error);

/* The monotonic clock, in milliseconds. */
double         up_bench_now_ms            (void);
/* The median of @n values; sorts @values in place, so that the best is
 * values[0] after and the worst values[n - 1]. */
double         up_bench_median            (double              *values,
                                           guint                n);
/* How many parameters the NULL-terminated @params holds (NULL: none). */
guint          up_bench_n_params          (const char * const  *params);
/* The server's time for @sql ("Planning Time" + "Execution Time" of an
 * EXPLAIN (ANALYZE, FORMAT JSON)), with the NULL-terminated @params; -1 and
 * @error when it fails. */
double         up_bench_server_ms         (PGconn              *conn,
                                           const char          *sql,
                                           const char * const  *params,
                                           GError             **error);
/* The text of the first column of the first row @sql answers, with @param
 * as $1 when not NULL; NULL and @error (when the server gave one) when it
 * fails or answers no row or NULL. */
char          *up_bench_query_text        (PGconn              *conn,
                                           const char          *sql,
                                           const char          *param,
                                           GError             **error);

/* Runs what is pending, then iterates until @list has loaded; returns the
 * error it ended with, or NULL. */
const GError  *up_bench_wait_until_idle   (UpTraineeList       *list);
/* Iterates until item @position of @list is loaded; returns the time since
 * @start (an up_bench_now_ms()), or -1 when the list has no such item. */
double         up_bench_wait_for_item     (UpTraineeList       *list,
                                           guint                position,
                                           double               start);

G_END_DECLS
