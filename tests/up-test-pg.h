/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "up-database.h"
#include "up-embedded-server.h"

G_BEGIN_DECLS

/* A throwaway PostgreSQL cluster for one test program: started on first use
 * in a private temp dir (as the postgres user when the tests run as root),
 * stopped and removed at exit.  Each test takes a fresh database of its own. */

UpEmbeddedServer *up_test_pg_get_server           (void);
/* A new empty database; returns its libpq conninfo. */
char             *up_test_pg_new_database         (void);
/* A new database with every migration applied. */
char             *up_test_pg_new_migrated         (void);
/* Stops the cluster and removes its directory (registered with atexit too). */
void              up_test_pg_shutdown             (void);

/* The integer the query answers, with @param as $1 when not NULL; a test
 * error when it fails. */
gint64            up_test_pg_query_int            (PGconn     *conn,
                                                   const char *sql,
                                                   const char *param);
/* The text of the one row's first column the query answers ("" for NULL),
 * with @param as $1 when not NULL; a test error when it fails or answers
 * another number of rows. */
char             *up_test_pg_query_text           (PGconn     *conn,
                                                   const char *sql,
                                                   const char *param);
/* A connection of the test's own to @conninfo; a test error when it fails. */
PGconn           *up_test_pg_connect              (const char *conninfo);

/* The parts of a test database's conninfo that a person types into the
 * connection dialog. */
typedef struct
{
  char *host;
  char *port;     /* NULL when the conninfo names none */
  char *dbname;
  char *user;     /* NULL when the conninfo names none */
} UpTestConninfoParts;

/* Fills @parts from @conninfo, which names a host and a database. */
void              up_test_pg_conninfo_parts_init  (UpTestConninfoParts *parts,
                                                   const char          *conninfo);
/* Frees what @parts holds. */
void              up_test_pg_conninfo_parts_clear (UpTestConninfoParts *parts);

/* The main loop --------------------------------------------------------- */

/* What up_test_wait_until() waits for: TRUE once it is so. */
typedef gboolean (*UpTestCondition) (gpointer data);

/* Runs what is pending on the default main context, without blocking. */
void              up_test_drain_main_context      (void);
/* Iterates the default main context until @done answers TRUE; after
 * @seconds, a test error that names the test.  It polls, so @done may also
 * watch other threads. */
void              up_test_wait_until              (UpTestCondition done,
                                                   gpointer        data,
                                                   guint           seconds);
/* The same, and the error says what the test waited for: @what, such as
 * "the trainee list to load". */
void              up_test_wait_until_full         (UpTestCondition done,
                                                   gpointer        data,
                                                   guint           seconds,
                                                   const char     *what);
/* The same until the pointer at @slot is set, as an async callback sets its
 * result. */
void              up_test_wait_for_pointer        (gpointer slot,
                                                   guint    seconds);
/* The same, naming @what, such as "the answer to up_course_get_async()". */
void              up_test_wait_for_pointer_full   (gpointer    slot,
                                                   guint       seconds,
                                                   const char *what);
/* Drops the caller's reference to @object, which must be the last one once
 * the main context has run what is pending (the end of an async call that
 * was cancelled holds it a moment longer on a busy machine); a test error
 * naming @what when @object still lives after 10 s. */
void              up_test_finalize_soon           (gpointer    object,
                                                   const char *what);
/* A GSourceFunc that cancels the GCancellable it is given, once. */
gboolean          up_test_cancel_cb               (gpointer cancellable);

/* An UpDatabase under test ---------------------------------------------- */

/* How many times an UpDatabase said its connection was lost and mended. */
typedef struct
{
  guint n_lost;
  guint n_reconnected;
} UpTestConnectionCounts;

/* Counts @db's ::connection-lost and ::reconnected into @counts. */
void              up_test_pg_count_signals        (UpDatabase             *db,
                                                   UpTestConnectionCounts *counts);
/* A new UpDatabase on @conninfo, connected (a test error when it cannot);
 * when @counts is not NULL, it counts the database's ::connection-lost and
 * ::reconnected from the start. */
UpDatabase       *up_test_pg_open_database        (const char             *conninfo,
                                                   UpTestConnectionCounts *counts);
/* Closes @db and drops the caller's reference, which must be the last
 * (up_test_finalize_soon()). */
void              up_test_pg_close_database       (UpDatabase *db);
/* Waits until *@counter reaches @value (one of an UpTestConnectionCounts');
 * a test error after 30 s. */
void              up_test_pg_wait_for_count       (const guint *counter,
                                                   guint        value);
/* Ends the server session @db is connected on, as a server restart would,
 * from @conn (a superuser's); @pid, when not NULL, gets that backend's
 * process id, as text. */
void              up_test_pg_end_session          (UpDatabase  *db,
                                                   PGconn      *conn,
                                                   char       **pid);

G_END_DECLS
