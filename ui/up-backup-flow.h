/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"

G_BEGIN_DECLS

/* Back Up… and Restore… of the window's menu: the file chooser, the
 * confirmation, the progress and the toast at the end.  @toasts shows the
 * progress and the outcome; a restore detaches the database from the window
 * while it runs and reconnects (app.reconnect) when it is over. */
void up_backup_flow_back_up (GtkWindow       *parent,
                             UpDatabase      *database,
                             AdwToastOverlay *toasts);
void up_backup_flow_restore (GtkWindow       *parent,
                             UpDatabase      *database,
                             AdwToastOverlay *toasts);
/* TRUE for the embedded database only: on a shared server a restore would
 * replace every academy's data, which is its administrator's call. */
gboolean up_backup_flow_can_restore (UpDatabase  *database);
/* The same once the file is chosen. */
void up_backup_flow_back_up_to    (GtkWindow       *parent,
                                   UpDatabase      *database,
                                   AdwToastOverlay *toasts,
                                   GFile           *file);
void up_backup_flow_restore_from  (GtkWindow       *parent,
                                   UpDatabase      *database,
                                   AdwToastOverlay *toasts,
                                   GFile           *file);

G_END_DECLS
