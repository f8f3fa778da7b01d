/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-embedded-server.h"

G_BEGIN_DECLS

/* Exit statuses a scheduler can tell apart. */
enum {
  UP_CLI_EXIT_OK = 0,
  UP_CLI_EXIT_FAILED = 1,
  UP_CLI_EXIT_USAGE = 2,
};

/* The server named by --database, by UPSKILL_DATABASE, or else the embedded
 * one (started when needed and released by up_cli_target_clear()). */
typedef struct
{
  char             *conninfo;
  UpEmbeddedServer *server;
  PGconn           *conn;
} UpCliTarget;

const char *up_cli_resolve_conninfo (const char   *option);
gboolean    up_cli_target_open      (UpCliTarget  *target,
                                     const char   *database,
                                     gboolean      migrate,
                                     GError      **error);
void        up_cli_target_clear     (UpCliTarget  *target);
void        up_cli_print_error      (const GError *error);

/* upskill backup …, upskill restore …: app/up-cli-backup.c */
int         up_cli_backup           (const char   *database,
                                     int           argc,
                                     char        **argv);
int         up_cli_restore          (const char   *database,
                                     int           argc,
                                     char        **argv);

/* upskill import … (app/up-cli-import.c) */
int         up_cli_import           (const char   *database,
                                     int           argc,
                                     char        **argv);

/* upskill report …: app/up-cli-report.c */
int         up_cli_report           (const char   *database,
                                     int           argc,
                                     char        **argv);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UpCliTarget, up_cli_target_clear)

G_END_DECLS
