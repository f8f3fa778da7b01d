/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Backups are pg_dump archives in the custom format (-Fc), made and loaded
 * by the PostgreSQL programs themselves, run as child processes.  The
 * conninfo's password, if any, goes to them in the environment, never on
 * their command line; no message here holds it. */

/* How many daily backups the automatic backup keeps. */
#define UP_BACKUP_KEEP_DAILY 7

typedef struct
{
  char *path;
  char *created;     /* "2026-11-25 15:00:00 CST", as pg_dump wrote it */
  char *dbname;      /* the database it was made from */
} UpBackupInfo;

/* $XDG_DATA_HOME/upskill/backups (not created here). */
char          *up_backup_get_default_dir   (void);
/* A new backup's path in @dir: upskill-YYYYMMDD-HHMMSS.dump at @now. */
char          *up_backup_build_path        (const char          *dir,
                                            GDateTime           *now);
/* The full path of pg_dump, pg_restore…: UPSKILL_PG_BINDIR, else the newest
 * /usr/lib/postgresql/N/bin (the embedded server's own), else PATH. */
char          *up_backup_find_program      (const char          *name,
                                            GError             **error);

/* Writes the database to @path through a temporary file beside it, renamed
 * when pg_dump succeeded: @path is never a half-written archive.  The file
 * is readable by its owner only.  Cancelling kills pg_dump. */
void           up_backup_dump_async        (const char          *conninfo,
                                            const char          *path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean       up_backup_dump_finish       (GAsyncResult        *result,
                                            GError             **error);
gboolean       up_backup_dump_sync         (const char          *conninfo,
                                            const char          *path,
                                            GCancellable        *cancellable,
                                            GError             **error);

/* Reads an archive's table of contents: fails unless @path is a pg_dump
 * custom-format archive pg_restore can read. */
void           up_backup_inspect_async     (const char          *path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
UpBackupInfo  *up_backup_inspect_finish    (GAsyncResult        *result,
                                            GError             **error);
UpBackupInfo  *up_backup_inspect_sync      (const char          *path,
                                            GCancellable        *cancellable,
                                            GError             **error);
void           up_backup_info_free         (UpBackupInfo        *info);

/* Replaces the database's contents with the archive's, after the caller has
 * asked the person.  First, when @safety_dir is not NULL, the database as it
 * is now is backed up there (before-restore-YYYYMMDD-HHMMSS.dump), so that a
 * wrong choice can be undone.  Then pg_restore --clean --if-exists
 * --single-transaction: one transaction, so a failure or a cancel half way
 * leaves the database exactly as it was.  The caller applies migrations
 * afterwards when the archive is older than the program. */
void           up_backup_restore_async     (const char          *conninfo,
                                            const char          *path,
                                            const char          *safety_dir,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean       up_backup_restore_finish    (GAsyncResult        *result,
                                            GError             **error);
gboolean       up_backup_restore_sync      (const char          *conninfo,
                                            const char          *path,
                                            const char          *safety_dir,
                                            GCancellable        *cancellable,
                                            GError             **error);

/* The daily backup: unless an upskill-*.dump in @dir was made today (a
 * calendar day, so that someone who starts Upskill at nine every morning
 * gets one every morning), writes a new one, then deletes all but the
 * newest @keep.  Returns the new file's path, or NULL with no error when no
 * backup was due. */
void           up_backup_daily_async       (const char          *conninfo,
                                            const char          *dir,
                                            guint                keep,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char          *up_backup_daily_finish      (GAsyncResult        *result,
                                            GError             **error);
gboolean       up_backup_daily_is_due      (const char          *dir,
                                            GDateTime           *now);
/* Deletes all but the newest @keep upskill-*.dump files of @dir (and as
 * many before-restore-*.dump ones); returns how many it deleted. */
guint          up_backup_rotate            (const char          *dir,
                                            guint                keep,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpBackupInfo, up_backup_info_free)

G_END_DECLS
