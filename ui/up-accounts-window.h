/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_ACCOUNTS_WINDOW (up_accounts_window_get_type ())

G_DECLARE_FINAL_TYPE (UpAccountsWindow, up_accounts_window, UP, ACCOUNTS_WINDOW, AdwWindow)

/* The administrators' window: the accounts of the shared server, a new
 * one, and an account's academies, password and whether it is disabled. */
UpAccountsWindow *up_accounts_window_new       (GtkWindow        *parent,
                                                UpDatabase       *database);
/* TRUE while the accounts are read or a change is saved. */
gboolean          up_accounts_window_is_busy   (UpAccountsWindow *self);

G_END_DECLS
