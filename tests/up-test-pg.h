/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "up-embedded-server.h"

G_BEGIN_DECLS

/* A throwaway PostgreSQL cluster for one test program: started on first use
 * in a private temp dir (as the postgres user when the tests run as root),
 * stopped and removed at exit.  Each test takes a fresh database of its own. */

UpEmbeddedServer *up_test_pg_get_server        (void);
/* A new empty database; returns its libpq conninfo. */
char             *up_test_pg_new_database      (void);
/* A new database with every migration applied. */
char             *up_test_pg_new_migrated      (void);
/* Stops the cluster and removes its directory (registered with atexit too). */
void              up_test_pg_shutdown          (void);

/* The integer the query answers, with @param as $1 when not NULL; a test
 * error when it fails. */
gint64            up_test_pg_query_int       (PGconn     *conn,
                                              const char *sql,
                                              const char *param);

G_END_DECLS
