/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The command line: opens the window, or runs a command without a display
 * (demo, db status, db migrate).  Returns the process exit status. */
int  up_cli_main  (int    argc,
                   char  *argv[]);

G_END_DECLS
