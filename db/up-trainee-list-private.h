/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "up-trainee-list.h"

G_BEGIN_DECLS

/* The WHERE condition (over "trainees AS t") that @search turns into, and
 * its parameters; looks up the employers the text matches on @conn.  Runs on
 * the worker; the tests and the benchmark EXPLAIN the result. */
gboolean    up_trainee_list_prepare_filter  (PGconn       *conn,
                                             const char   *search,
                                             const char  **sql,
                                             GStrv        *params,
                                             GError      **error);
gboolean    up_trainee_list_search_is_empty (const char   *search);
/* The ORDER BY of @sort (over "trainees AS t"). */
const char *up_trainee_list_order_sql (UpTraineeSort sort,
                                       gboolean      descending);

/* The statement of the first page of @filter (from
 * up_trainee_list_prepare_filter()) in @order, as the list runs it. */
char       *up_trainee_list_first_page_sql (const char *filter,
                                            const char *order);

G_END_DECLS
