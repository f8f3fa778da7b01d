/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-account"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <string.h>

#include "up-account.h"
#include "up-pg.h"
#include "up-store-private.h"

/* Accounts are database roles: making one, giving it academies, disabling
 * it or setting its password goes through the schema's SECURITY DEFINER
 * functions (db/migrations/0007-access.sql), which check that the caller is
 * an administrator, so that no administrator needs to be a superuser. */

struct _UpAccount
{
  GObject   parent_instance;

  char     *login;
  char     *full_name;
  char     *kind;
  gboolean  disabled;
  GArray   *academy_ids;    /* gint64 */
  GStrv     academy_names;
};

G_DEFINE_FINAL_TYPE (UpAccount, up_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOGIN,
  PROP_FULL_NAME,
  PROP_KIND,
  PROP_DISABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *list_sql =
  "SELECT a.login, a.full_name, a.kind, a.disabled, "
  "       coalesce (array_to_string (array_agg (s.academy_id ORDER BY s.academy_id) "
  "                                  FILTER (WHERE s.academy_id IS NOT NULL), ','), ''), "
  "       coalesce (array_agg (ac.name ORDER BY ac.name COLLATE up_pinyin) FILTER (WHERE ac.name IS NOT NULL), '{}') "
  "  FROM accounts a "
  "  LEFT JOIN staff_academies s ON s.login = a.login "
  "  LEFT JOIN academies ac ON ac.id = s.academy_id "
  " GROUP BY a.login "
  " ORDER BY a.login";

static const char *can_manage_sql =
  "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
  "    OR pg_has_role (current_user, 'upskill_admin', 'MEMBER')";

static const char *create_sql =
  "SELECT up_create_account ($1, $2, $3, $4, $5::bigint[])";

static const char *set_academies_sql =
  "SELECT up_set_account_academies ($1, $2::bigint[])";

static const char *set_disabled_sql =
  "SELECT up_set_account_disabled ($1, $2::boolean)";

static const char *set_password_sql =
  "SELECT up_set_account_password ($1, $2)";

/* Auxiliary methods -------------------------------------------------------- */

/* An SQL array literal of the ids: {1,2,3}. */
static char *
format_ids (const gint64 *ids,
            guint         n_ids)
{
  GString *out = g_string_new ("{");

  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

/* A text[] in the text format: {a,"b c"}; the names of academies have no
 * backslashes or quotes of their own that matter here beyond unquoting. */
static GStrv
parse_text_array (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = text;

  if (p == NULL || *p != '{')
    return g_strv_builder_end (builder);
  p++;

  while (*p != '\0' && *p != '}')
    {
      g_autoptr(GString) item = g_string_new (NULL);

      if (*p == '"')
        {
          for (p++; *p != '\0' && *p != '"'; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (item, *p);
            }
          if (*p == '"')
            p++;
        }
      else
        for (; *p != '\0' && *p != ',' && *p != '}'; p++)
          g_string_append_c (item, *p);

      g_strv_builder_add (builder, item->str);
      if (*p == ',')
        p++;
    }

  return g_strv_builder_end (builder);
}

static UpAccount *
account_from_row (const PGresult *result,
                  int             row)
{
  UpAccount *self = g_object_new (UP_TYPE_ACCOUNT, NULL);
  g_auto(GStrv) ids = NULL;

  self->login = g_strdup (up_store_text (result, row, 0));
  self->full_name = g_strdup (up_store_text (result, row, 1));
  self->kind = g_strdup (up_store_text (result, row, 2));
  self->disabled = up_store_bool (result, row, 3);

  ids = g_strsplit (up_store_text (result, row, 4), ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    if (*ids[i] != '\0')
      {
        gint64 id = g_ascii_strtoll (ids[i], NULL, 10);

        g_array_append_val (self->academy_ids, id);
      }
  self->academy_names = parse_text_array (up_store_text (result, row, 5));

  return self;
}

/* The SCRAM verifier of @password for @login, made by libpq with the
 * server's own iteration count. */
static char *
make_verifier (PGconn      *conn,
               const char  *login,
               const char  *password,
               GError     **error)
{
  char *verifier = PQencryptPasswordConn (conn, password, login, "scram-sha-256");

  if (verifier == NULL)
    g_set_error (error, UP_ERROR, UP_ERROR_FAILED,
                 _("The password could not be encrypted: %s"), PQerrorMessage (conn));

  return verifier;
}

/* Store -------------------------------------------------------------------- */

GListStore *
up_account_list (PGconn  *conn,
                 GError **error)
{
  g_autoptr(PGresult) result = up_pg_exec (conn, list_sql, 0, NULL, error);
  GListStore *store;

  if (result == NULL)
    return NULL;

  store = g_list_store_new (UP_TYPE_ACCOUNT);
  for (int i = 0; i < PQntuples (result); i++)
    {
      g_autoptr(UpAccount) account = account_from_row (result, i);

      g_list_store_append (store, account);
    }

  return store;
}

gboolean
up_account_can_manage (PGconn    *conn,
                       gboolean  *can_manage,
                       GError   **error)
{
  g_autoptr(PGresult) result = up_pg_exec (conn, can_manage_sql, 0, NULL, error);

  if (result == NULL)
    return FALSE;

  *can_manage = PQntuples (result) > 0 && up_store_bool (result, 0, 0);
  return TRUE;
}

gboolean
up_account_create (PGconn        *conn,
                   const char    *login,
                   const char    *full_name,
                   const char    *kind,
                   const char    *password,
                   const gint64  *academy_ids,
                   guint          n_academy_ids,
                   GError       **error)
{
  g_autofree char *ids = format_ids (academy_ids, n_academy_ids);
  char *verifier = NULL;
  const char *params[5];
  gboolean ok;

  g_return_val_if_fail (login != NULL && full_name != NULL && kind != NULL, FALSE);

  if (password != NULL && *password != '\0')
    {
      verifier = make_verifier (conn, login, password, error);
      if (verifier == NULL)
        return FALSE;
    }

  params[0] = login;
  params[1] = full_name;
  params[2] = kind;
  params[3] = verifier;
  params[4] = ids;
  ok = up_pg_command_write (conn, create_sql, 5, params, error);
  PQfreemem (verifier);

  return ok;
}

gboolean
up_account_set_academies (PGconn        *conn,
                          const char    *login,
                          const gint64  *academy_ids,
                          guint          n_academy_ids,
                          GError       **error)
{
  g_autofree char *ids = format_ids (academy_ids, n_academy_ids);
  const char *params[] = { login, ids };

  g_return_val_if_fail (login != NULL, FALSE);

  return up_pg_command_write (conn, set_academies_sql, 2, params, error);
}

gboolean
up_account_set_disabled (PGconn      *conn,
                         const char  *login,
                         gboolean     disabled,
                         GError     **error)
{
  const char *params[] = { login, disabled ? "true" : "false" };

  g_return_val_if_fail (login != NULL, FALSE);

  return up_pg_command_write (conn, set_disabled_sql, 2, params, error);
}

gboolean
up_account_set_password (PGconn      *conn,
                         const char  *login,
                         const char  *password,
                         GError     **error)
{
  char *verifier;
  const char *params[2];
  gboolean ok;

  g_return_val_if_fail (login != NULL, FALSE);

  if (password == NULL || *password == '\0')
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("Type the new password."));
      return FALSE;
    }

  verifier = make_verifier (conn, login, password, error);
  if (verifier == NULL)
    return FALSE;

  params[0] = login;
  params[1] = verifier;
  ok = up_pg_command_write (conn, set_password_sql, 2, params, error);
  PQfreemem (verifier);

  return ok;
}

/* Async -------------------------------------------------------------------- */

typedef enum
{
  CHANGE_CREATE,
  CHANGE_ACADEMIES,
  CHANGE_DISABLED,
  CHANGE_PASSWORD,
} ChangeKind;

typedef struct
{
  ChangeKind  kind;
  char       *login;
  char       *full_name;
  char       *account_kind;
  char       *password;
  GArray     *academy_ids;
  gboolean    disabled;
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  /* The password stays in memory no longer than needed. */
  if (change->password != NULL)
    memset (change->password, 0, strlen (change->password));
  g_free (change->password);
  g_free (change->login);
  g_free (change->full_name);
  g_free (change->account_kind);
  g_clear_pointer (&change->academy_ids, g_array_unref);
  g_free (change);
}

static Change *
change_new (ChangeKind    kind,
            const char   *login,
            const gint64 *academy_ids,
            guint         n_academy_ids)
{
  Change *change = g_new0 (Change, 1);

  change->kind = kind;
  change->login = g_strdup (login);
  change->academy_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_academy_ids);
  if (n_academy_ids > 0)
    g_array_append_vals (change->academy_ids, academy_ids, n_academy_ids);

  return change;
}

static gpointer
change_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Change *change = data;
  const gint64 *ids = (const gint64 *) (gpointer) change->academy_ids->data;
  guint n_ids = change->academy_ids->len;
  gboolean ok = FALSE;

  switch (change->kind)
    {
    case CHANGE_CREATE:
      ok = up_account_create (conn, change->login, change->full_name, change->account_kind,
                              change->password, ids, n_ids, error);
      break;
    case CHANGE_ACADEMIES:
      ok = up_account_set_academies (conn, change->login, ids, n_ids, error);
      break;
    case CHANGE_DISABLED:
      ok = up_account_set_disabled (conn, change->login, change->disabled, error);
      break;
    case CHANGE_PASSWORD:
      ok = up_account_set_password (conn, change->login, change->password, error);
      break;
    default:
      g_assert_not_reached ();
    }

  return ok ? UP_STORE_OK : NULL;
}

static void
run_change (UpDatabase          *db,
            Change              *change,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  up_store_run_async (db, up_account_change_finish, change_func, change, change_free, NULL,
                      NULL, NULL, cancellable, callback, user_data);
}

static gpointer
list_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return up_account_list (conn, error);
}

void
up_account_list_async (UpDatabase          *db,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));

  up_store_run_async (db, up_account_list_async, list_func, NULL, NULL, g_object_unref,
                      NULL, NULL, cancellable, callback, user_data);
}

GListStore *
up_account_list_finish (UpDatabase    *db,
                        GAsyncResult  *result,
                        GError       **error)
{
  return up_store_propagate (db, result, up_account_list_async, error);
}

static gpointer
can_manage_func (PGconn        *conn,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  gboolean can_manage = FALSE;

  if (!up_account_can_manage (conn, &can_manage, error))
    return NULL;

  /* Two non-NULL answers: NULL is kept for a failure. */
  return GINT_TO_POINTER (can_manage ? 2 : 1);
}

void
up_account_can_manage_async (UpDatabase          *db,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));

  up_store_run_async (db, up_account_can_manage_async, can_manage_func, NULL, NULL, NULL,
                      NULL, NULL, cancellable, callback, user_data);
}

gboolean
up_account_can_manage_finish (UpDatabase    *db,
                              GAsyncResult  *result,
                              GError       **error)
{
  return GPOINTER_TO_INT (up_store_propagate (db, result, up_account_can_manage_async, error)) == 2;
}

void
up_account_create_async (UpDatabase          *db,
                         const char          *login,
                         const char          *full_name,
                         const char          *kind,
                         const char          *password,
                         const gint64        *academy_ids,
                         guint                n_academy_ids,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Change *change;

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (login != NULL && full_name != NULL && kind != NULL);

  change = change_new (CHANGE_CREATE, login, academy_ids, n_academy_ids);
  change->full_name = g_strdup (full_name);
  change->account_kind = g_strdup (kind);
  change->password = g_strdup (password);
  run_change (db, change, cancellable, callback, user_data);
}

void
up_account_set_academies_async (UpDatabase          *db,
                                const char          *login,
                                const gint64        *academy_ids,
                                guint                n_academy_ids,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (login != NULL);

  run_change (db, change_new (CHANGE_ACADEMIES, login, academy_ids, n_academy_ids),
              cancellable, callback, user_data);
}

void
up_account_set_disabled_async (UpDatabase          *db,
                               const char          *login,
                               gboolean             disabled,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Change *change;

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (login != NULL);

  change = change_new (CHANGE_DISABLED, login, NULL, 0);
  change->disabled = disabled;
  run_change (db, change, cancellable, callback, user_data);
}

void
up_account_set_password_async (UpDatabase          *db,
                               const char          *login,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Change *change;

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (login != NULL);

  change = change_new (CHANGE_PASSWORD, login, NULL, 0);
  change->password = g_strdup (password);
  run_change (db, change, cancellable, callback, user_data);
}

gboolean
up_account_change_finish (UpDatabase    *db,
                          GAsyncResult  *result,
                          GError       **error)
{
  return up_store_propagate (db, result, up_account_change_finish, error) != NULL;
}

/* UpAccount ---------------------------------------------------------------- */

static void
up_account_finalize (GObject *object)
{
  UpAccount *self = UP_ACCOUNT (object);

  g_free (self->login);
  g_free (self->full_name);
  g_free (self->kind);
  g_clear_pointer (&self->academy_ids, g_array_unref);
  g_clear_pointer (&self->academy_names, g_strfreev);

  G_OBJECT_CLASS (up_account_parent_class)->finalize (object);
}

static void
up_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  UpAccount *self = UP_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;
    case PROP_FULL_NAME:
      g_value_set_string (value, self->full_name);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_DISABLED:
      g_value_set_boolean (value, self->disabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_account_class_init (UpAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_account_finalize;
  object_class->get_property = up_account_get_property;

  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FULL_NAME] =
    g_param_spec_string ("full-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISABLED] =
    g_param_spec_boolean ("disabled", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_account_init (UpAccount *self)
{
  self->academy_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

const char *
up_account_get_login (UpAccount *self)
{
  g_return_val_if_fail (UP_IS_ACCOUNT (self), NULL);
  return self->login;
}

const char *
up_account_get_full_name (UpAccount *self)
{
  g_return_val_if_fail (UP_IS_ACCOUNT (self), NULL);
  return self->full_name;
}

const char *
up_account_get_kind (UpAccount *self)
{
  g_return_val_if_fail (UP_IS_ACCOUNT (self), NULL);
  return self->kind;
}

const char *
up_account_kind_to_label (const char *kind)
{
  if (g_strcmp0 (kind, "staff") == 0)
    /* Translators: an account for the staff of academies (学院工作人员) */
    return C_("account", "Staff");
  if (g_strcmp0 (kind, "manager") == 0)
    return C_("account", "Manager");
  if (g_strcmp0 (kind, "admin") == 0)
    return C_("account", "Administrator");
  return kind;
}

gboolean
up_account_get_disabled (UpAccount *self)
{
  g_return_val_if_fail (UP_IS_ACCOUNT (self), FALSE);
  return self->disabled;
}

const gint64 *
up_account_get_academy_ids (UpAccount *self,
                            guint     *n_ids)
{
  g_return_val_if_fail (UP_IS_ACCOUNT (self), NULL);

  if (n_ids != NULL)
    *n_ids = self->academy_ids->len;
  return (const gint64 *) (gpointer) self->academy_ids->data;
}

const char * const *
up_account_get_academy_names (UpAccount *self)
{
  g_return_val_if_fail (UP_IS_ACCOUNT (self), NULL);
  return (const char * const *) self->academy_names;
}
