/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "upskill"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "up-cli.h"

/* Run from the build tree (not installed): take the schema and the
 * translations from there, so a newcomer's first run needs no install. */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, BUILD_ROOT "/");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = LOCALEDIR;

  if (running_uninstalled ())
    {
      localedir = BUILD_LOCALEDIR;
      g_setenv ("GSETTINGS_SCHEMA_DIR", BUILD_DATADIR, FALSE);
    }

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return up_cli_main (argc, argv);
}
