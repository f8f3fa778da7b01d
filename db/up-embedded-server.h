/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define UP_TYPE_EMBEDDED_SERVER (up_embedded_server_get_type ())

G_DECLARE_FINAL_TYPE (UpEmbeddedServer, up_embedded_server, UP, EMBEDDED_SERVER, GObject)

/* A private PostgreSQL cluster: Unix socket only, in a 0700 directory.
 * @base_dir holds the cluster; NULL means $XDG_DATA_HOME/upskill/postgresql
 * (as root, where the postgres user cannot reach that, /var/lib/upskill). */
UpEmbeddedServer *up_embedded_server_new            (const char        *base_dir);
const char       *up_embedded_server_get_base_dir   (UpEmbeddedServer  *self);
const char       *up_embedded_server_get_data_dir   (UpEmbeddedServer  *self);
const char       *up_embedded_server_get_socket_dir (UpEmbeddedServer  *self);
/* The libpq connection string for @dbname (NULL: "upskill"). */
char             *up_embedded_server_dup_conninfo   (UpEmbeddedServer  *self,
                                                     const char        *dbname);

/* Creates the cluster if there is none, recovers from a stale
 * postmaster.pid, starts the server unless it runs already, and creates the
 * database "upskill".  Blocks: call from a worker thread or the command
 * line; start_async does that for the window. */
gboolean          up_embedded_server_start          (UpEmbeddedServer  *self,
                                                     GCancellable      *cancellable,
                                                     GError           **error);
void              up_embedded_server_start_async    (UpEmbeddedServer  *self,
                                                     GCancellable      *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer           user_data);
gboolean          up_embedded_server_start_finish   (UpEmbeddedServer  *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);
/* Stops the server if no other Upskill process is connected to it.  Close
 * this process's own connections first. */
gboolean          up_embedded_server_release        (UpEmbeddedServer  *self,
                                                     GError           **error);
/* Stops the server whoever uses it (tests, restore). */
gboolean          up_embedded_server_stop           (UpEmbeddedServer  *self,
                                                     GError           **error);
gboolean          up_embedded_server_is_running     (UpEmbeddedServer  *self);
/* The directory with initdb, pg_ctl and postgres, or NULL with an error that
 * says which package to install. */
char             *up_embedded_server_find_bindir    (GError           **error);

G_END_DECLS
