/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>
#include <stdio.h>

#include "up-database.h"

G_BEGIN_DECLS

/* Glue shared by the store modules (up-academy, up-major, up-course,
 * up-enrollment): an _async call is a GTask of our own, with our source
 * tag, wrapped around a job on the connection's worker thread. */

typedef struct
{
  GTask          *task;
  GDestroyNotify  result_destroy;
} UpStoreJob;

static inline void
up_store_job_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  UpStoreJob *job = user_data;
  g_autoptr(GError) error = NULL;
  gpointer value;

  value = up_database_run_finish (UP_DATABASE (object), result, &error);
  if (error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&error));
  else
    g_task_return_pointer (job->task, value, job->result_destroy);

  g_object_unref (job->task);
  g_free (job);
}

/* Runs @func (@data) on @db's worker; work that only reads
 * (@read_only) runs once more after a dropped connection mends
 * (up_database_run_read_async()).  @task_data stays with the task for
 * the finish function (g_task_get_task_data). */
static inline void
up_store_run_job (UpDatabase          *db,
                  gboolean             read_only,
                  gpointer             source_tag,
                  UpDatabaseFunc       func,
                  gpointer             data,
                  GDestroyNotify       data_destroy,
                  GDestroyNotify       result_destroy,
                  gpointer             task_data,
                  GDestroyNotify       task_data_destroy,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  UpStoreJob *job = g_new0 (UpStoreJob, 1);

  job->task = g_task_new (db, cancellable, callback, user_data);
  job->result_destroy = result_destroy;
  g_task_set_source_tag (job->task, source_tag);
  if (task_data != NULL)
    g_task_set_task_data (job->task, task_data, task_data_destroy);

  (read_only ? up_database_run_read_async : up_database_run_async)
    (db, func, data, data_destroy, result_destroy, cancellable, up_store_job_done_cb, job);
}

#define up_store_run_async(db, ...) up_store_run_job ((db), FALSE, __VA_ARGS__)
#define up_store_run_read_async(db, ...) up_store_run_job ((db), TRUE, __VA_ARGS__)

/* The job's result (NULL may be a success: check @error). */
static inline gpointer
up_store_propagate (UpDatabase    *db,
                    GAsyncResult  *result,
                    gpointer       source_tag,
                    GError       **error)
{
  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);
  g_return_val_if_fail (g_task_is_valid (result, db), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Jobs that return nothing return this on success. */
#define UP_STORE_OK GINT_TO_POINTER (1)

/* Reading result columns. */

/* The position of @sql among the @n names of an SQL enum, in the C enum's
 * order; FALSE for a name we do not know (a newer schema's) or NULL. */
static inline gboolean
up_store_enum_from_sql (const char         *sql,
                        const char * const *names,
                        guint               n,
                        guint              *index)
{
  for (guint i = 0; sql != NULL && i < n; i++)
    if (g_str_equal (sql, names[i]))
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

static inline gboolean
up_store_is_null (const PGresult *result, int row, int column)
{
  return PQgetisnull (result, row, column);
}

static inline gint64
up_store_int64 (const PGresult *result, int row, int column)
{
  return PQgetisnull (result, row, column) ? 0 : g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

static inline double
up_store_double (const PGresult *result, int row, int column, double null_value)
{
  return PQgetisnull (result, row, column) ? null_value : g_ascii_strtod (PQgetvalue (result, row, column), NULL);
}

static inline gboolean
up_store_bool (const PGresult *result, int row, int column)
{
  return !PQgetisnull (result, row, column) && PQgetvalue (result, row, column)[0] == 't';
}

static inline const char *
up_store_text (const PGresult *result, int row, int column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

/* A date written by to_char (d, 'YYYY-MM-DD'); cleared when NULL. */
static inline void
up_store_date (const PGresult *result, int row, int column, GDate *date)
{
  unsigned year = 0, month = 0, day = 0;

  g_date_clear (date, 1);
  if (!PQgetisnull (result, row, column)
      && sscanf (PQgetvalue (result, row, column), "%u-%u-%u", &year, &month, &day) == 3
      && g_date_valid_dmy (day, month, year))
    g_date_set_dmy (date, day, month, year);
}

/* A timestamp read as whole seconds since the epoch; NULL when NULL. */
static inline GDateTime *
up_store_time (const PGresult *result, int row, int column)
{
  if (PQgetisnull (result, row, column))
    return NULL;
  return g_date_time_new_from_unix_local (g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10));
}

/* "YYYY-MM-DD" for a parameter, or NULL for an invalid date. */
static inline char *
up_store_format_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", (unsigned) g_date_get_year (date),
                          (unsigned) g_date_get_month (date), (unsigned) g_date_get_day (date));
}

G_END_DECLS
