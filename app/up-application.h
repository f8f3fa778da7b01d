/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define UP_TYPE_APPLICATION (up_application_get_type ())

G_DECLARE_FINAL_TYPE (UpApplication, up_application, UP, APPLICATION, AdwApplication)

/* @conninfo: a libpq connection string or URI of a shared server, or NULL
 * for the embedded one. */
UpApplication *up_application_new (const char *conninfo);

G_END_DECLS
