/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-overview"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-error.h"
#include "up-overview.h"
#include "up-pg.h"
#include "up-store-private.h"

/* The Overview figures come from one statement: PostgreSQL gives every
 * statement a single snapshot, so the figures agree with each other even
 * while others write.  The scalar subqueries are uncorrelated InitPlans,
 * evaluated once; the subsidies are grouped by state and joined on, one row
 * per state that occurs (or one row with a NULL state when there is none).
 *
 * Exact count(*) over the big tables is a full (parallel, index-only when the
 * visibility map allows) scan: on 1M trainees and 5M enrollments it takes a
 * few hundred milliseconds.  That is why the page loads it asynchronously
 * behind a spinner. */
static const char *overview_sql =
  "SELECT (SELECT count(*) FROM trainees),"
  "       (SELECT count(*) FROM academies),"
  "       (SELECT count(*) FROM courses"
  "         WHERE start_date >= make_date ($1::int, 1, 1)"
  "           AND start_date < make_date ($1::int + 1, 1, 1)),"
  "       (SELECT count(*) FROM enrollments),"
  "       (SELECT count(*) FROM certifications),"
  "       s.state::text, s.n, s.fen"
  "  FROM (VALUES (1)) AS one"
  "  LEFT JOIN (SELECT state, count(*) AS n, coalesce (sum (amount_fen), 0) AS fen"
  "               FROM subsidies GROUP BY state) AS s ON true";

static const char *subsidy_state_sql[UP_N_SUBSIDY_STATES] = {
  [UP_SUBSIDY_STATE_PENDING] = "pending",
  [UP_SUBSIDY_STATE_APPROVED] = "approved",
  [UP_SUBSIDY_STATE_REJECTED] = "rejected",
  [UP_SUBSIDY_STATE_PAID] = "paid",
  [UP_SUBSIDY_STATE_FAILED] = "failed",
};

G_DEFINE_BOXED_TYPE (UpOverviewCounts, up_overview_counts, up_overview_counts_copy, up_overview_counts_free)

UpOverviewCounts *
up_overview_counts_copy (const UpOverviewCounts *counts)
{
  g_return_val_if_fail (counts != NULL, NULL);

  return g_memdup2 (counts, sizeof *counts);
}

void
up_overview_counts_free (UpOverviewCounts *counts)
{
  g_free (counts);
}

const char *
up_subsidy_state_to_sql (UpSubsidyState state)
{
  g_return_val_if_fail (state < UP_N_SUBSIDY_STATES, NULL);

  return subsidy_state_sql[state];
}

const char *
up_subsidy_state_to_label (UpSubsidyState state)
{
  switch (state)
    {
    case UP_SUBSIDY_STATE_PENDING:
      /* Translators: a subsidy claim waiting for review (待审核) */
      return C_("subsidy state", "Pending");
    case UP_SUBSIDY_STATE_APPROVED:
      /* Translators: a subsidy claim reviewed and approved (已审核) */
      return C_("subsidy state", "Approved");
    case UP_SUBSIDY_STATE_REJECTED:
      /* Translators: a subsidy claim turned down (已驳回) */
      return C_("subsidy state", "Rejected");
    case UP_SUBSIDY_STATE_PAID:
      /* Translators: a subsidy paid out to the trainee (已发放) */
      return C_("subsidy state", "Paid");
    case UP_SUBSIDY_STATE_FAILED:
      /* Translators: a subsidy whose payment did not go through (发放失败) */
      return C_("subsidy state", "Failed");
    case UP_N_SUBSIDY_STATES:
    default:
      break;
    }

  g_return_val_if_reached (NULL);
}

UpOverviewCounts *
up_overview_counts_query (PGconn  *conn,
                          int      year,
                          GError **error)
{
  g_autoptr(UpOverviewCounts) counts = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autofree char *year_text = NULL;
  const char *params[1];

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (year <= 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      year = g_date_time_get_year (now);
    }

  year_text = g_strdup_printf ("%d", year);
  params[0] = year_text;

  result = up_pg_exec (conn, overview_sql, G_N_ELEMENTS (params), params, error);
  if (result == NULL)
    return NULL;

  if (PQntuples (result) < 1 || PQnfields (result) != 8)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED,
                           _("The database answered the overview query in an unexpected form."));
      return NULL;
    }

  counts = g_new0 (UpOverviewCounts, 1);
  counts->year = year;
  counts->trainees = up_store_int64 (result, 0, 0);
  counts->academies = up_store_int64 (result, 0, 1);
  counts->courses_this_year = up_store_int64 (result, 0, 2);
  counts->enrollments = up_store_int64 (result, 0, 3);
  counts->certifications = up_store_int64 (result, 0, 4);

  for (int row = 0; row < PQntuples (result); row++)
    {
      guint state;

      if (PQgetisnull (result, row, 5))
        continue;

      /* A state added by a newer schema is not ours to show. */
      if (!up_store_enum_from_sql (PQgetvalue (result, row, 5), subsidy_state_sql, UP_N_SUBSIDY_STATES, &state))
        {
          g_debug ("Ignoring unknown subsidy state “%s”", PQgetvalue (result, row, 5));
          continue;
        }

      counts->subsidy_count[state] = up_store_int64 (result, row, 6);
      counts->subsidy_fen[state] = up_store_int64 (result, row, 7);
    }

  return g_steal_pointer (&counts);
}

/* Async -------------------------------------------------------------------- */

static gpointer
overview_func (PGconn        *conn,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return up_overview_counts_query (conn, GPOINTER_TO_INT (data), error);
}

static void
overview_run_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  UpOverviewCounts *counts;

  counts = up_database_run_finish (UP_DATABASE (object), result, &error);
  if (counts == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, counts, (GDestroyNotify) up_overview_counts_free);
}

void
up_overview_load_async (UpDatabase          *db,
                        int                  year,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, up_overview_load_async);

  up_database_run_read_async (db, overview_func, GINT_TO_POINTER (year), NULL,
                              (GDestroyNotify) up_overview_counts_free,
                              cancellable, overview_run_cb, g_steal_pointer (&task));
}

UpOverviewCounts *
up_overview_load_finish (UpDatabase    *db,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);
  g_return_val_if_fail (g_task_is_valid (result, db), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == up_overview_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
