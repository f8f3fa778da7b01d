/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"

G_BEGIN_DECLS

#define UP_TYPE_PREFERENCES_WINDOW (up_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (UpPreferencesWindow, up_preferences_window, UP, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @database may be NULL (not connected): the database's settings are then
 * shown insensitive. */
UpPreferencesWindow *up_preferences_window_new               (GtkWindow           *parent,
                                                              UpDatabase          *database);
/* TRUE while the threshold is read or saved. */
gboolean             up_preferences_window_is_busy           (UpPreferencesWindow *self);
/* Makes AdwStyleManager follow the "color-scheme" setting, now and on every
 * change; called once at startup. */
void                 up_preferences_follow_color_scheme      (GSettings           *settings);

G_END_DECLS
