/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* The numbered SQL files under db/migrations, compiled in. */
int       up_migrations_get_latest   (void);
/* The version the database is at: 0 for an empty database. */
gboolean  up_migrations_get_current  (PGconn    *conn,
                                      int       *version,
                                      GError   **error);
/* Brings the database to the latest version, each migration in one
 * transaction under an advisory lock; refuses a database newer than this
 * program.  @applied (may be NULL) gets how many migrations ran. */
gboolean  up_migrations_apply        (PGconn    *conn,
                                      int       *applied,
                                      GError   **error);

G_END_DECLS
