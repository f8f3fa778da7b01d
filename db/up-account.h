/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"

G_BEGIN_DECLS

/* A person's login on the shared server (schema v7: the accounts and
 * staff_academies tables).  Read-only: changes go through the store
 * functions below, which call the schema's SECURITY DEFINER functions.
 * Properties: "login", "full-name", "kind" ("staff", "manager" or
 * "admin"), "disabled". */
#define UP_TYPE_ACCOUNT (up_account_get_type ())

G_DECLARE_FINAL_TYPE (UpAccount, up_account, UP, ACCOUNT, GObject)

const char         *up_account_get_login         (UpAccount      *self);
const char         *up_account_get_full_name     (UpAccount      *self);
const char         *up_account_get_kind          (UpAccount      *self);
/* The translated word for the kind: Staff, Manager, Administrator. */
const char         *up_account_kind_to_label     (const char     *kind);
gboolean            up_account_get_disabled      (UpAccount      *self);
/* The ids of the academies the account works for, ascending. */
const gint64       *up_account_get_academy_ids   (UpAccount      *self,
                                                  guint          *n_ids);
/* Their names, ordered by name (NULL-terminated). */
const char * const *up_account_get_academy_names (UpAccount      *self);

/* Store: the plain functions run on a connection's worker thread (or a
 * connection of the caller's own); the _async ones queue them on an
 * UpDatabase.  A password is turned into its SCRAM verifier here, on the
 * client (PQencryptPasswordConn), so that it never travels in clear nor
 * reaches the server's log. */

/* Every account the role may see, ordered by login: UpAccount items. */
GListStore *up_account_list              (PGconn         *conn,
                                          GError        **error);
/* Whether the role logged in may manage accounts: a member of
 * upskill_admin, or a superuser (the embedded database). */
gboolean    up_account_can_manage        (PGconn         *conn,
                                          gboolean       *can_manage,
                                          GError        **error);
/* @password may be NULL or empty: no password (a peer or certificate
 * login, or one set later). */
gboolean    up_account_create            (PGconn         *conn,
                                          const char     *login,
                                          const char     *full_name,
                                          const char     *kind,
                                          const char     *password,
                                          const gint64   *academy_ids,
                                          guint           n_academy_ids,
                                          GError        **error);
gboolean    up_account_set_academies     (PGconn         *conn,
                                          const char     *login,
                                          const gint64   *academy_ids,
                                          guint           n_academy_ids,
                                          GError        **error);
gboolean    up_account_set_disabled      (PGconn         *conn,
                                          const char     *login,
                                          gboolean        disabled,
                                          GError        **error);
gboolean    up_account_set_password      (PGconn         *conn,
                                          const char     *login,
                                          const char     *password,
                                          GError        **error);

void        up_account_list_async        (UpDatabase          *db,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GListStore *up_account_list_finish       (UpDatabase          *db,
                                          GAsyncResult        *result,
                                          GError             **error);
void        up_account_can_manage_async  (UpDatabase          *db,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    up_account_can_manage_finish (UpDatabase          *db,
                                          GAsyncResult        *result,
                                          GError             **error);
/* Every argument is copied when called.  The finish function of each of
 * the four is up_account_change_finish(). */
void        up_account_create_async      (UpDatabase          *db,
                                          const char          *login,
                                          const char          *full_name,
                                          const char          *kind,
                                          const char          *password,
                                          const gint64        *academy_ids,
                                          guint                n_academy_ids,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void        up_account_set_academies_async (UpDatabase        *db,
                                          const char          *login,
                                          const gint64        *academy_ids,
                                          guint                n_academy_ids,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void        up_account_set_disabled_async (UpDatabase         *db,
                                          const char          *login,
                                          gboolean             disabled,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void        up_account_set_password_async (UpDatabase         *db,
                                          const char          *login,
                                          const char          *password,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    up_account_change_finish     (UpDatabase          *db,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
