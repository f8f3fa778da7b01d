/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-error.h"

G_BEGIN_DECLS

/* Small helpers for code that runs on a connection's worker thread (inside
 * an UpDatabaseFunc) or on a connection of its own (command line, tests).
 * Values always travel as parameters. */

/* Runs one statement; returns the result when its status is TUPLES_OK or
 * COMMAND_OK, otherwise NULL with @error set from the SQLSTATE. */
PGresult  *up_pg_exec          (PGconn              *conn,
                                const char          *sql,
                                int                  n_params,
                                const char * const  *params,
                                GError             **error);
/* up_pg_exec() for a statement whose rows do not matter. */
gboolean   up_pg_command       (PGconn              *conn,
                                const char          *sql,
                                int                  n_params,
                                const char * const  *params,
                                GError             **error);
/* The first column of the first row as a 64-bit integer (0 when NULL). */
gboolean   up_pg_query_int64   (PGconn              *conn,
                                const char          *sql,
                                int                  n_params,
                                const char * const  *params,
                                gint64              *value,
                                GError             **error);

gboolean   up_pg_begin         (PGconn              *conn,
                                GError             **error);
/* Asks the transaction's id first, then commits.  When the connection
 * breaks after COMMIT went out, a transaction that wrote fails with
 * UP_ERROR_OUTCOME_UNKNOWN and its id is kept for
 * up_pg_take_unconfirmed_commit(). */
gboolean   up_pg_commit        (PGconn              *conn,
                                GError             **error);
/* The id (xid8, as text) of the transaction whose COMMIT on @conn was sent
 * from this thread but never answered, or NULL; forgets it either way.
 * pg_xact_status() on a new connection says what became of it. */
char      *up_pg_take_unconfirmed_commit (PGconn    *conn);
/* A single writing statement in a transaction of its own (BEGIN, the
 * statement, up_pg_commit()), so that a lost answer can be checked rather
 * than guessed.  Inside a transaction already begun, the statement alone:
 * the caller's COMMIT decides. */
PGresult  *up_pg_exec_write    (PGconn              *conn,
                                const char          *sql,
                                int                  n_params,
                                const char * const  *params,
                                GError             **error);
/* up_pg_exec_write() for a statement whose rows do not matter. */
gboolean   up_pg_command_write (PGconn              *conn,
                                const char          *sql,
                                int                  n_params,
                                const char * const  *params,
                                GError             **error);
/* Never fails in a way the caller can act on: it is the cleanup path. */
void       up_pg_rollback      (PGconn              *conn);

/* COPY ... FROM STDIN in text format: start, send buffers, end. */
gboolean   up_pg_copy_begin    (PGconn              *conn,
                                const char          *copy_sql,
                                GError             **error);
gboolean   up_pg_copy_put      (PGconn              *conn,
                                const char          *buffer,
                                gsize                len,
                                GError             **error);
gboolean   up_pg_copy_end      (PGconn              *conn,
                                GError             **error);
/* Appends @value to @buf escaped for COPY text format (\N for NULL). */
void       up_pg_copy_append   (GString             *buf,
                                const char          *value);

/* Opens a blocking connection with application_name=upskill (for the
 * command line and tests). */
PGconn    *up_pg_connect       (const char          *conninfo,
                                GError             **error);
/* The same from keyword/value arrays (NULL-terminated, as for
 * PQconnectdbParams); empty values are left out so libpq's defaults and
 * environment apply.  A value is never parsed as a connection string. */
PGconn    *up_pg_connect_params (const char * const *keywords,
                                 const char * const *values,
                                 GError            **error);
/* A connection string for the other programs and connections that take
 * one (pg_dump, reports): each value quoted by libpq's rules; empty values
 * left out.  NULL if libpq could not read it back. */
char      *up_pg_conninfo_from_params (const char * const *keywords,
                                       const char * const *values);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

G_END_DECLS
