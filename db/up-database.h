/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define UP_TYPE_DATABASE (up_database_get_type ())

G_DECLARE_FINAL_TYPE (UpDatabase, up_database, UP, DATABASE, GObject)

/* Work run on the connection's own worker thread, which alone touches the
 * PGconn.  Return a result (or NULL with nothing to say) and set @error on
 * failure; a job may run several statements, a transaction or a COPY.
 * @cancellable, when cancelled, has already sent a cancel request to the
 * server: the running statement ends with an error that the job passes on. */
typedef gpointer (*UpDatabaseFunc) (PGconn        *conn,
                                    gpointer       data,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* Signals, on the thread-default main context of the thread that made the
 * database: ::connection-lost when a connection that worked broke (jobs then
 * fail with UP_ERROR_CONNECTION, nothing half done: each job's transaction
 * is rolled back by the server), ::reconnected when the worker, retrying by
 * itself with a growing wait, is connected again. */
UpDatabase  *up_database_new              (const char           *conninfo);
const char  *up_database_get_conninfo     (UpDatabase           *self);
/* What the window shows: "embedded" label set by the owner, or the server's
 * host, port and database name (never the password). */
const char  *up_database_get_label        (UpDatabase           *self);
void         up_database_set_label        (UpDatabase           *self,
                                           const char           *label);
gboolean     up_database_is_connected     (UpDatabase           *self);

void         up_database_connect_async    (UpDatabase           *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean     up_database_connect_finish   (UpDatabase           *self,
                                           GAsyncResult         *result,
                                           GError              **error);
gboolean     up_database_connect_sync     (UpDatabase           *self,
                                           GCancellable         *cancellable,
                                           GError              **error);

/* Jobs run in the order they were queued.  The callback runs in the thread-
 * default main context of the caller.  @data_destroy frees @data after the
 * job; @result_destroy frees a result nobody finished (cancelled caller).
 * A job whose COMMIT (up_pg_commit()) went unanswered completes only once
 * the server, asked after reconnecting, said what became of it: with
 * UP_ERROR_DONE_UNCONFIRMED (saved), UP_ERROR_CONNECTION (not saved) or,
 * after about 30 seconds or when @cancellable is cancelled, with
 * UP_ERROR_OUTCOME_UNKNOWN. */
void         up_database_run_async        (UpDatabase           *self,
                                           UpDatabaseFunc        func,
                                           gpointer              data,
                                           GDestroyNotify        data_destroy,
                                           GDestroyNotify        result_destroy,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* The same for work that only reads (no statement that writes, calls a
 * function that writes or sets the session): when the connection turns out
 * to be broken, the worker reconnects and runs it once more before the
 * caller hears of it.  Finish with up_database_run_finish(). */
void         up_database_run_read_async   (UpDatabase           *self,
                                           UpDatabaseFunc        func,
                                           gpointer              data,
                                           GDestroyNotify        data_destroy,
                                           GDestroyNotify        result_destroy,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gpointer     up_database_run_finish       (UpDatabase           *self,
                                           GAsyncResult         *result,
                                           GError              **error);
/* Blocks the calling thread: for the command line and tests, never the UI. */
gpointer     up_database_run_sync         (UpDatabase           *self,
                                           UpDatabaseFunc        func,
                                           gpointer              data,
                                           GCancellable         *cancellable,
                                           GError              **error);

/* One parameterised statement; the result is a PGresult with status
 * PGRES_TUPLES_OK or PGRES_COMMAND_OK (free with PQclear / g_autoptr). */
void         up_database_query_async      (UpDatabase           *self,
                                           const char           *sql,
                                           int                   n_params,
                                           const char * const   *params,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
PGresult    *up_database_query_finish     (UpDatabase           *self,
                                           GAsyncResult         *result,
                                           GError              **error);
PGresult    *up_database_query_sync       (UpDatabase           *self,
                                           const char           *sql,
                                           int                   n_params,
                                           const char * const   *params,
                                           GCancellable         *cancellable,
                                           GError              **error);

/* Waits for queued jobs and for cancel requests on their way, closes the
 * connection and ends the worker thread.
 * Called by dispose too. */
void         up_database_close            (UpDatabase           *self);

G_END_DECLS
