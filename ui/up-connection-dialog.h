/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define UP_TYPE_CONNECTION_DIALOG (up_connection_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpConnectionDialog, up_connection_dialog, UP, CONNECTION_DIALOG, AdwWindow)

/* Chooses the database: this computer's own (the embedded one), a server
 * or a libpq service, filled in from @settings (the application's schema)
 * and saved back there once a connection worked — never the password,
 * which goes to the GNOME keyring only when the user asks.
 *
 * ::connected (const char *conninfo) is emitted once the connection was
 * tried and works, with the connection string to use (it holds the password
 * typed, if any: keep it in memory only), or NULL for the embedded
 * database; the dialog then closes. */
UpConnectionDialog *up_connection_dialog_new     (GtkWindow          *parent,
                                                  GSettings          *settings);
/* TRUE while a connection is tried or the keyring is asked. */
gboolean            up_connection_dialog_is_busy (UpConnectionDialog *self);

G_END_DECLS
