/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-connection-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "up-connection-dialog.h"
#include "up-error.h"
#include "up-pg.h"
#include "up-ui-resources.h"

/* The connection is tried on a thread of its own, from keyword/value arrays
 * (never a string made of what was typed), before anything is saved: the
 * settings then hold the choice, the keyring the password if asked.  A
 * libsecret call never waits more than KEYRING_TIMEOUT_S: without a secret
 * service (a bare X session, a test) it fails, and the dialog goes on
 * without it. */

#define KEYRING_TIMEOUT_S 5
/* How long libpq waits for a server that does not answer. */
#define CONNECT_TIMEOUT "10"

typedef enum
{
  KIND_EMBEDDED,
  KIND_SERVER,
  KIND_SERVICE,
} ConnectionKind;

static const char * const kind_names[] = { "embedded", "server", "service" };
static const char * const sslmodes[] = { "disable", "prefer", "require", "verify-ca", "verify-full" };

struct _UpConnectionDialog
{
  AdwWindow     parent_instance;

  GSettings    *settings;
  GCancellable *cancellable;      /* the connection being tried */
  GPtrArray    *keyring_calls;    /* the GCancellables of those under way */
  GPtrArray    *lookups;          /* those cancelled with the dialog */
  gboolean      password_edited;  /* typed by the user, not from the keyring */
  gboolean      filling;

  /* Template widgets */
  GtkWidget    *connect_button;
  GtkSpinner   *spinner;
  GtkLabel     *error_label;
  AdwComboRow  *kind_row;
  GtkWidget    *server_group;
  GtkWidget    *service_group;
  GtkWidget    *login_group;
  AdwEntryRow  *host_row;
  AdwEntryRow  *port_row;
  AdwEntryRow  *dbname_row;
  AdwComboRow  *sslmode_row;
  AdwEntryRow  *service_row;
  AdwEntryRow  *user_row;
  AdwEntryRow  *password_row;
  GtkSwitch    *remember_switch;
};

G_DEFINE_FINAL_TYPE (UpConnectionDialog, up_connection_dialog, ADW_TYPE_WINDOW)

enum {
  CONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary methods -------------------------------------------------------- */

static const SecretSchema *
get_password_schema (void)
{
  static const SecretSchema schema = {
    "io.github.upskill.Upskill.Database", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "dbname", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static ConnectionKind
get_kind (UpConnectionDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return selected < G_N_ELEMENTS (kind_names) ? (ConnectionKind) selected : KIND_EMBEDDED;
}

static char *
get_row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* What identifies the password in the keyring: the server and the login. */
static GHashTable *
keyring_attributes (UpConnectionDialog *self)
{
  ConnectionKind kind = get_kind (self);
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "kind", g_strdup (kind_names[kind]));
  g_hash_table_insert (attributes, (gpointer) "host", kind == KIND_SERVER ? get_row_text (self->host_row) : g_strdup (""));
  g_hash_table_insert (attributes, (gpointer) "port", kind == KIND_SERVER ? get_row_text (self->port_row) : g_strdup (""));
  g_hash_table_insert (attributes, (gpointer) "dbname", kind == KIND_SERVER ? get_row_text (self->dbname_row) : g_strdup (""));
  g_hash_table_insert (attributes, (gpointer) "service", kind == KIND_SERVICE ? get_row_text (self->service_row) : g_strdup (""));
  g_hash_table_insert (attributes, (gpointer) "user", get_row_text (self->user_row));

  return attributes;
}

static void
set_error (UpConnectionDialog *self,
           const char         *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_busy (UpConnectionDialog *self)
{
  gboolean connecting = self->cancellable != NULL;

  gtk_spinner_set_spinning (self->spinner, connecting);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), connecting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.connect", !connecting);
}

static void
update_rows (UpConnectionDialog *self)
{
  ConnectionKind kind = get_kind (self);

  gtk_widget_set_visible (self->server_group, kind == KIND_SERVER);
  gtk_widget_set_visible (self->service_group, kind == KIND_SERVICE);
  gtk_widget_set_visible (self->login_group, kind != KIND_EMBEDDED);
}

/* Keyring ------------------------------------------------------------------ */

typedef struct
{
  UpConnectionDialog *self;
  GCancellable       *cancellable;
  guint               timeout_id;
} KeyringCall;

static gboolean
keyring_timeout_cb (gpointer user_data)
{
  KeyringCall *call = user_data;

  call->timeout_id = 0;
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

/* A lookup ends with the dialog; storing or forgetting a password goes on
 * after it closed, within the timeout. */
static KeyringCall *
keyring_call_new (UpConnectionDialog *self,
                  gboolean            is_lookup)
{
  KeyringCall *call = g_new0 (KeyringCall, 1);

  call->self = g_object_ref (self);
  call->cancellable = g_cancellable_new ();
  call->timeout_id = g_timeout_add_seconds (KEYRING_TIMEOUT_S, keyring_timeout_cb, call);
  g_ptr_array_add (self->keyring_calls, g_object_ref (call->cancellable));
  if (is_lookup)
    g_ptr_array_add (self->lookups, g_object_ref (call->cancellable));

  return call;
}

static void
keyring_call_free (KeyringCall *call)
{
  g_clear_handle_id (&call->timeout_id, g_source_remove);
  g_ptr_array_remove (call->self->keyring_calls, call->cancellable);
  g_ptr_array_remove (call->self->lookups, call->cancellable);
  g_object_unref (call->cancellable);
  g_object_unref (call->self);
  g_free (call);
}

/* The message of a keyring error says nothing of the password. */
static void
keyring_warn (const char   *what,
              const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("%s: no answer from the keyring in time", what);
  else
    g_debug ("%s: %s", what, error->message);
}

static void
password_lookup_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  KeyringCall *call = user_data;
  UpConnectionDialog *self = call->self;
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    keyring_warn ("Looking up the password", error);
  else if (password != NULL && !self->password_edited && self->password_row != NULL)
    {
      self->filling = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
      self->filling = FALSE;
    }

  secret_password_free (password);
  keyring_call_free (call);
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  KeyringCall *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    keyring_warn ("Keeping the password", error);

  keyring_call_free (call);
}

static void
password_cleared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  KeyringCall *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    keyring_warn ("Forgetting the password", error);

  keyring_call_free (call);
}

static void
lookup_password (UpConnectionDialog *self)
{
  g_autoptr(GHashTable) attributes = keyring_attributes (self);
  KeyringCall *call = keyring_call_new (self, TRUE);

  secret_password_lookupv (get_password_schema (), attributes, call->cancellable,
                           password_lookup_cb, call);
}

static void
store_password (UpConnectionDialog *self,
                const char         *password)
{
  g_autoptr(GHashTable) attributes = keyring_attributes (self);
  KeyringCall *call = keyring_call_new (self, FALSE);

  secret_password_storev (get_password_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                          _("Upskill database password"), password, call->cancellable,
                          password_stored_cb, call);
}

static void
clear_password (UpConnectionDialog *self)
{
  g_autoptr(GHashTable) attributes = keyring_attributes (self);
  KeyringCall *call = keyring_call_new (self, FALSE);

  secret_password_clearv (get_password_schema (), attributes, call->cancellable,
                          password_cleared_cb, call);
}

/* Settings ----------------------------------------------------------------- */

static void
load_settings (UpConnectionDialog *self)
{
  g_autofree char *kind = g_settings_get_string (self->settings, "connection-kind");
  g_autofree char *sslmode = g_settings_get_string (self->settings, "sslmode");
  g_autofree char *host = g_settings_get_string (self->settings, "host");
  g_autofree char *port = g_settings_get_string (self->settings, "port");
  g_autofree char *dbname = g_settings_get_string (self->settings, "dbname");
  g_autofree char *user = g_settings_get_string (self->settings, "user");
  g_autofree char *service = g_settings_get_string (self->settings, "service");

  self->filling = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (kind, kind_names[i]))
      adw_combo_row_set_selected (self->kind_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (sslmodes); i++)
    if (g_str_equal (sslmode, sslmodes[i]))
      adw_combo_row_set_selected (self->sslmode_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host);
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_editable_set_text (GTK_EDITABLE (self->dbname_row), dbname);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  gtk_editable_set_text (GTK_EDITABLE (self->service_row), service);
  gtk_switch_set_active (self->remember_switch, g_settings_get_boolean (self->settings, "remember-password"));
  self->filling = FALSE;

  update_rows (self);

  if (get_kind (self) != KIND_EMBEDDED && g_settings_get_boolean (self->settings, "remember-password"))
    lookup_password (self);
}

static void
save_settings (UpConnectionDialog *self)
{
  ConnectionKind kind = get_kind (self);
  guint sslmode = adw_combo_row_get_selected (self->sslmode_row);
  g_autofree char *host = get_row_text (self->host_row);
  g_autofree char *port = get_row_text (self->port_row);
  g_autofree char *dbname = get_row_text (self->dbname_row);
  g_autofree char *user = get_row_text (self->user_row);
  g_autofree char *service = get_row_text (self->service_row);

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "connection-kind", kind_names[kind]);
  if (kind != KIND_EMBEDDED)
    {
      g_settings_set_string (self->settings, "host", host);
      g_settings_set_string (self->settings, "port", port);
      g_settings_set_string (self->settings, "dbname", dbname);
      g_settings_set_string (self->settings, "user", user);
      g_settings_set_string (self->settings, "service", service);
      g_settings_set_string (self->settings, "sslmode",
                             sslmodes[sslmode < G_N_ELEMENTS (sslmodes) ? sslmode : 1]);
      g_settings_set_boolean (self->settings, "remember-password",
                              gtk_switch_get_active (self->remember_switch));
    }
  g_settings_apply (self->settings);
}

/* Connecting --------------------------------------------------------------- */

typedef struct
{
  GPtrArray *keywords;
  GPtrArray *values;
} Params;

static void
params_free (Params *params)
{
  g_ptr_array_unref (params->keywords);
  g_ptr_array_unref (params->values);
  g_free (params);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Params, params_free)

static void
params_add (Params     *params,
            const char *keyword,
            char       *value)
{
  g_ptr_array_add (params->keywords, g_strdup (keyword));
  g_ptr_array_add (params->values, value);
}

/* The keyword/value arrays for what the form says, NULL-terminated; NULL
 * with @error set when the form is not complete. */
static Params *
collect_params (UpConnectionDialog  *self,
                GError             **error)
{
  g_autoptr(Params) params = g_new0 (Params, 1);
  ConnectionKind kind = get_kind (self);

  params->keywords = g_ptr_array_new_with_free_func (g_free);
  params->values = g_ptr_array_new_with_free_func (g_free);

  if (kind == KIND_SERVER)
    {
      g_autofree char *port = get_row_text (self->port_row);
      guint sslmode = adw_combo_row_get_selected (self->sslmode_row);

      for (const char *p = port; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p))
          {
            g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                                 _("The port is a number, such as 5432."));
            return NULL;
          }

      params_add (params, "host", get_row_text (self->host_row));
      params_add (params, "port", g_steal_pointer (&port));
      params_add (params, "dbname", get_row_text (self->dbname_row));
      params_add (params, "sslmode", g_strdup (sslmodes[sslmode < G_N_ELEMENTS (sslmodes) ? sslmode : 1]));
    }
  else
    {
      g_autofree char *service = get_row_text (self->service_row);

      if (*service == '\0')
        {
          g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                               _("Type the name of a service of pg_service.conf."));
          return NULL;
        }
      params_add (params, "service", g_steal_pointer (&service));
    }

  params_add (params, "user", get_row_text (self->user_row));
  /* The password as typed: spaces may belong to it. */
  params_add (params, "password", g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row))));
  params_add (params, "connect_timeout", g_strdup (CONNECT_TIMEOUT));
  g_ptr_array_add (params->keywords, NULL);
  g_ptr_array_add (params->values, NULL);

  return g_steal_pointer (&params);
}

static void
try_connection_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  Params *params = task_data;
  g_autoptr(GError) error = NULL;
  PGconn *conn;

  conn = up_pg_connect_params ((const char * const *) params->keywords->pdata,
                               (const char * const *) params->values->pdata, &error);
  if (conn == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  PQfinish (conn);
  g_task_return_boolean (task, TRUE);
}

static void
connection_tried_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(UpConnectionDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  Params *params = g_task_get_task_data (G_TASK (result));
  const char *password;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->cancellable);
      update_busy (self);
      set_error (self, error->message);
      return;
    }

  g_clear_object (&self->cancellable);
  update_busy (self);

  conninfo = up_pg_conninfo_from_params ((const char * const *) params->keywords->pdata,
                                         (const char * const *) params->values->pdata);
  if (conninfo == NULL)
    {
      set_error (self, _("These connection details cannot be used together."));
      return;
    }

  /* The keyring keeps the password only when asked; a "no" forgets one
   * kept before for the same server and login. */
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (gtk_switch_get_active (self->remember_switch) && *password != '\0')
    store_password (self, password);
  else if (!gtk_switch_get_active (self->remember_switch)
           && g_settings_get_boolean (self->settings, "remember-password"))
    clear_password (self);

  save_settings (self);
  g_signal_emit (self, signals[CONNECTED], 0, conninfo);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Callbacks ---------------------------------------------------------------- */

static void
kind_changed_cb (UpConnectionDialog *self)
{
  if (self->server_group == NULL)
    return;

  set_error (self, NULL);
  update_rows (self);
}

static void
entry_changed_cb (UpConnectionDialog *self)
{
  if (!self->filling)
    set_error (self, NULL);
}

static void
password_changed_cb (UpConnectionDialog *self)
{
  if (self->filling)
    return;

  self->password_edited = TRUE;
  set_error (self, NULL);
}

/* Actions ------------------------------------------------------------------ */

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  UpConnectionDialog *self = UP_CONNECTION_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Params *params;

  if (self->cancellable != NULL)
    return;

  set_error (self, NULL);

  if (get_kind (self) == KIND_EMBEDDED)
    {
      save_settings (self);
      g_signal_emit (self, signals[CONNECTED], 0, NULL);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  params = collect_params (self, &error);
  if (params == NULL)
    {
      set_error (self, error->message);
      return;
    }

  self->cancellable = g_cancellable_new ();
  update_busy (self);

  /* libpq's connect blocks: a thread of its own.  Cancel (closing the
   * dialog) answers at once; the thread ends by itself within the
   * connect timeout. */
  task = g_task_new (NULL, self->cancellable, connection_tried_cb, g_object_ref (self));
  g_task_set_source_tag (task, connect_action);
  g_task_set_task_data (task, params, (GDestroyNotify) params_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, try_connection_thread);
}

/* GObject ------------------------------------------------------------------ */

static void
up_connection_dialog_dispose (GObject *object)
{
  UpConnectionDialog *self = UP_CONNECTION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  for (guint i = 0; i < self->lookups->len; i++)
    g_cancellable_cancel (g_ptr_array_index (self->lookups, i));

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_CONNECTION_DIALOG);

  G_OBJECT_CLASS (up_connection_dialog_parent_class)->dispose (object);
}

static void
up_connection_dialog_finalize (GObject *object)
{
  UpConnectionDialog *self = UP_CONNECTION_DIALOG (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->keyring_calls, g_ptr_array_unref);
  g_clear_pointer (&self->lookups, g_ptr_array_unref);

  G_OBJECT_CLASS (up_connection_dialog_parent_class)->finalize (object);
}

static void
up_connection_dialog_class_init (UpConnectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_connection_dialog_dispose;
  object_class->finalize = up_connection_dialog_finalize;

  signals[CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* Links the resource into programs that use this dialog alone. */
  (void) up_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-connection-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, server_group);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, service_group);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, login_group);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, dbname_row);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, sslmode_row);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, UpConnectionDialog, remember_switch);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);

  gtk_widget_class_install_action (widget_class, "connection.connect", NULL, connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
up_connection_dialog_init (UpConnectionDialog *self)
{
  self->keyring_calls = g_ptr_array_new_with_free_func (g_object_unref);
  self->lookups = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->connect_button);
  update_busy (self);
}

/* Public ------------------------------------------------------------------- */

UpConnectionDialog *
up_connection_dialog_new (GtkWindow *parent,
                          GSettings *settings)
{
  UpConnectionDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (UP_TYPE_CONNECTION_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->settings = g_object_ref (settings);
  load_settings (self);

  return self;
}

gboolean
up_connection_dialog_is_busy (UpConnectionDialog *self)
{
  g_return_val_if_fail (UP_IS_CONNECTION_DIALOG (self), FALSE);

  return self->cancellable != NULL || self->keyring_calls->len > 0;
}
