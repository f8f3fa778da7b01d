/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-accounts-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "up-academy.h"
#include "up-account.h"
#include "up-accounts-window.h"
#include "up-ui-resources.h"

/* Two pages: the list of accounts, and one account's form (a new one, or
 * an existing one whose login, name and kind are fixed: the schema changes
 * an account's academies, password and whether it is disabled).  Saving an
 * existing account runs each change that is needed, one after the other;
 * each is a transaction of its own, and the list is read again after, so
 * what is shown is what the server holds. */

static const char * const kinds[] = { "staff", "manager", "admin" };

typedef enum
{
  STEP_ACADEMIES = 1 << 0,
  STEP_DISABLED  = 1 << 1,
  STEP_PASSWORD  = 1 << 2,
} SaveSteps;

struct _UpAccountsWindow
{
  AdwWindow     parent_instance;

  UpDatabase   *database;
  GCancellable *cancellable;
  guint         n_busy;
  GListStore   *accounts;
  GListStore   *academies;
  GHashTable   *chosen;          /* academy ids (gint64 *) ticked */
  UpAccount    *editing;         /* NULL: a new account */
  SaveSteps     steps;           /* of the save under way */

  /* Template widgets */
  GtkWidget    *back_button;
  GtkWidget    *new_button;
  GtkWidget    *save_button;
  GtkSpinner   *spinner;
  GtkStack     *stack;
  GtkLabel     *list_error_label;
  GtkListBox   *accounts_list;
  GtkLabel     *edit_error_label;
  AdwEntryRow  *login_row;
  AdwEntryRow  *name_row;
  AdwComboRow  *kind_row;
  AdwEntryRow  *password_row;
  GtkWidget    *disabled_row;
  GtkSwitch    *disabled_switch;
  GtkWidget    *academies_group;
  GtkListBox   *academies_list;
};

G_DEFINE_FINAL_TYPE (UpAccountsWindow, up_accounts_window, ADW_TYPE_WINDOW)

static void load (UpAccountsWindow *self);
static void kind_changed_cb (UpAccountsWindow *self);
static void save_next_step (UpAccountsWindow *self);

/* Auxiliary methods -------------------------------------------------------- */

static void
set_label_error (GtkLabel   *label,
                 const char *message)
{
  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
update_state (UpAccountsWindow *self)
{
  gboolean editing = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "edit") == 0;

  gtk_spinner_set_spinning (self->spinner, self->n_busy > 0);
  gtk_widget_set_visible (self->back_button, editing);
  gtk_widget_set_visible (self->new_button, !editing);
  gtk_widget_set_visible (self->save_button, editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.save", editing && self->n_busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.new", self->n_busy == 0);
}

static void
busy_begin (UpAccountsWindow *self)
{
  self->n_busy++;
  update_state (self);
}

static void
busy_end (UpAccountsWindow *self)
{
  g_return_if_fail (self->n_busy > 0);
  self->n_busy--;
  update_state (self);
}

static const char *
selected_kind (UpAccountsWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return kinds[selected < G_N_ELEMENTS (kinds) ? selected : 0];
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The ticked academies, ascending. */
static GArray *
chosen_ids (UpAccountsWindow *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->chosen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  g_array_sort (ids, compare_ids);

  return ids;
}

static gboolean
academies_changed (UpAccountsWindow *self)
{
  g_autoptr(GArray) ids = chosen_ids (self);
  const gint64 *had;
  guint n_had;

  had = up_account_get_academy_ids (self->editing, &n_had);
  if (n_had != ids->len)
    return TRUE;

  for (guint i = 0; i < n_had; i++)
    if (had[i] != g_array_index (ids, gint64, i))
      return TRUE;

  return FALSE;
}

/* Rows --------------------------------------------------------------------- */

static char *
describe_account (UpAccount *account)
{
  const char * const *names = up_account_get_academy_names (account);
  GString *out = g_string_new (up_account_get_login (account));

  g_string_append (out, " · ");
  g_string_append (out, up_account_kind_to_label (up_account_get_kind (account)));
  if (names != NULL && names[0] != NULL)
    {
      /* Translators: between the names of academies in a list */
      g_autofree char *joined = g_strjoinv (_(", "), (GStrv) names);

      g_string_append (out, " · ");
      g_string_append (out, joined);
    }
  if (up_account_get_disabled (account))
    {
      g_string_append (out, " · ");
      g_string_append (out, _("Disabled"));
    }

  return g_string_free (out, FALSE);
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  UpAccount *account = item;
  g_autofree char *title = g_markup_escape_text (up_account_get_full_name (account), -1);
  g_autofree char *description = describe_account (account);
  g_autofree char *subtitle = g_markup_escape_text (description, -1);
  GtkWidget *row;

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "name", up_account_get_login (account),
                      "title", title,
                      "subtitle", subtitle,
                      "activatable", TRUE,
                      NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  if (up_account_get_disabled (account))
    gtk_widget_add_css_class (row, "dim-label");
  g_object_set_data_full (G_OBJECT (row), "account", g_object_ref (account), g_object_unref);

  return row;
}

static void
academy_toggled_cb (GtkCheckButton   *check,
                    UpAccountsWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "academy-id"));

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->chosen, g_memdup2 (&id, sizeof id));
  else
    g_hash_table_remove (self->chosen, &id);
}

static GtkWidget *
create_academy_row (gpointer item,
                    gpointer user_data)
{
  UpAccountsWindow *self = user_data;
  UpAcademy *academy = item;
  gint64 id = up_academy_get_id (academy);
  g_autofree char *title = g_markup_escape_text (up_academy_get_name (academy), -1);
  g_autofree char *name = g_strdup_printf ("academy-%" G_GINT64_FORMAT, id);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *row;

  gtk_widget_set_name (check, name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (self->chosen, &id));
  g_object_set_data (G_OBJECT (check), "academy-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (check, "toggled", G_CALLBACK (academy_toggled_cb), self, 0);

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", title,
                      "subtitle", up_academy_get_code (academy),
                      "activatable-widget", check,
                      NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);

  return row;
}

/* Editing ------------------------------------------------------------------ */

static void
show_form (UpAccountsWindow *self,
           UpAccount        *account)
{
  gboolean is_new = account == NULL;

  g_set_object (&self->editing, account);
  g_hash_table_remove_all (self->chosen);

  if (account != NULL)
    {
      guint n_ids;
      const gint64 *ids = up_account_get_academy_ids (account, &n_ids);

      for (guint i = 0; i < n_ids; i++)
        g_hash_table_add (self->chosen, g_memdup2 (&ids[i], sizeof ids[i]));
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        if (g_strcmp0 (up_account_get_kind (account), kinds[i]) == 0)
          adw_combo_row_set_selected (self->kind_row, i);
    }
  else
    adw_combo_row_set_selected (self->kind_row, 0);

  gtk_editable_set_text (GTK_EDITABLE (self->login_row), is_new ? "" : up_account_get_login (account));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), is_new ? "" : up_account_get_full_name (account));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                 is_new ? _("Password") : _("New password (empty: unchanged)"));
  gtk_switch_set_active (self->disabled_switch, !is_new && up_account_get_disabled (account));
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_row), is_new);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), is_new);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), is_new);
  gtk_widget_set_visible (self->disabled_row, !is_new);
  kind_changed_cb (self);
  gtk_window_set_title (GTK_WINDOW (self), is_new ? _("New Account") : _("Account"));

  /* The rows read the ticks when made. */
  gtk_list_box_bind_model (self->academies_list, G_LIST_MODEL (self->academies),
                           create_academy_row, self, NULL);

  set_label_error (self->edit_error_label, NULL);
  gtk_stack_set_visible_child_name (self->stack, "edit");
  update_state (self);
  gtk_widget_grab_focus (GTK_WIDGET (is_new ? self->login_row : self->password_row));
}

static void
show_list (UpAccountsWindow *self)
{
  g_clear_object (&self->editing);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_window_set_title (GTK_WINDOW (self), _("Accounts"));
  gtk_stack_set_visible_child_name (self->stack, "list");
  update_state (self);
}

static void
saved (UpAccountsWindow *self)
{
  show_list (self);
  load (self);
}

static void
save_failed (UpAccountsWindow *self,
             const GError     *error)
{
  set_label_error (self->edit_error_label, error->message);
  /* A step that was done stays done: the list shows what the server holds. */
  load (self);
}

static void
change_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(UpAccountsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  up_account_change_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  busy_end (self);

  if (error != NULL)
    {
      save_failed (self, error);
      return;
    }

  if (self->editing == NULL || self->steps == 0)
    saved (self);
  else
    save_next_step (self);
}

static void
save_next_step (UpAccountsWindow *self)
{
  const char *login = up_account_get_login (self->editing);

  busy_begin (self);

  if (self->steps & STEP_ACADEMIES)
    {
      g_autoptr(GArray) ids = chosen_ids (self);

      self->steps &= ~STEP_ACADEMIES;
            up_account_set_academies_async (self->database, login, (const gint64 *) (gpointer) ids->data, ids->len,
                                      self->cancellable, change_done_cb, g_object_ref (self));
    }
  else if (self->steps & STEP_DISABLED)
    {
      self->steps &= ~STEP_DISABLED;
      up_account_set_disabled_async (self->database, login, gtk_switch_get_active (self->disabled_switch),
                                     self->cancellable, change_done_cb, g_object_ref (self));
    }
  else
    {
      self->steps &= ~STEP_PASSWORD;
      up_account_set_password_async (self->database, login,
                                     gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                     self->cancellable, change_done_cb, g_object_ref (self));
    }
}

/* Loading ------------------------------------------------------------------ */

static void
accounts_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(UpAccountsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) accounts = up_account_list_finish (UP_DATABASE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  busy_end (self);

  if (accounts == NULL)
    {
      set_label_error (self->list_error_label, error->message);
      return;
    }

  set_label_error (self->list_error_label, NULL);
  g_set_object (&self->accounts, accounts);
  gtk_list_box_bind_model (self->accounts_list, G_LIST_MODEL (self->accounts),
                           create_account_row, self, NULL);
}

static void
academies_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(UpAccountsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) academies = up_academy_list_finish (UP_DATABASE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  busy_end (self);

  if (academies == NULL)
    {
      set_label_error (self->list_error_label, error->message);
      return;
    }

  g_set_object (&self->academies, academies);
}

static void
load (UpAccountsWindow *self)
{
  busy_begin (self);
  up_account_list_async (self->database, self->cancellable, accounts_loaded_cb, g_object_ref (self));
  busy_begin (self);
  up_academy_list_async (self->database, self->cancellable, academies_loaded_cb, g_object_ref (self));
}

/* Callbacks ---------------------------------------------------------------- */

static void
account_activated_cb (UpAccountsWindow *self,
                      GtkListBoxRow    *row,
                      GtkListBox       *list)
{
  UpAccount *account = g_object_get_data (G_OBJECT (row), "account");

  if (account != NULL && self->n_busy == 0)
    show_form (self, account);
}

static void
kind_changed_cb (UpAccountsWindow *self)
{
  if (self->academies_group == NULL)
    return;

  /* Managers and administrators work for every academy. */
  gtk_widget_set_visible (self->academies_group, g_str_equal (selected_kind (self), "staff"));
}

/* Actions ------------------------------------------------------------------ */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  show_form (UP_ACCOUNTS_WINDOW (widget), NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_list (UP_ACCOUNTS_WINDOW (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UpAccountsWindow *self = UP_ACCOUNTS_WINDOW (widget);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->n_busy > 0)
    return;

  set_label_error (self->edit_error_label, NULL);

  if (self->editing == NULL)
    {
      g_autofree char *login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row))));
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
      const char *kind = selected_kind (self);
      g_autoptr(GArray) ids = NULL;

      if (*login == '\0' || *name == '\0')
        {
          set_label_error (self->edit_error_label, _("An account needs a login name and the person’s name."));
          return;
        }

      ids = g_str_equal (kind, "staff") ? chosen_ids (self) : g_array_new (FALSE, FALSE, sizeof (gint64));
            busy_begin (self);
      up_account_create_async (self->database, login, name, kind, password,
                               (const gint64 *) (gpointer) ids->data, ids->len,
                               self->cancellable, change_done_cb, g_object_ref (self));
      return;
    }

  self->steps = 0;
  if (g_str_equal (up_account_get_kind (self->editing), "staff") && academies_changed (self))
    self->steps |= STEP_ACADEMIES;
  if (gtk_switch_get_active (self->disabled_switch) != up_account_get_disabled (self->editing))
    self->steps |= STEP_DISABLED;
  if (*password != '\0')
    self->steps |= STEP_PASSWORD;

  if (self->steps == 0)
    {
      show_list (self);
      return;
    }

  save_next_step (self);
}

/* GObject ------------------------------------------------------------------ */

static void
up_accounts_window_dispose (GObject *object)
{
  UpAccountsWindow *self = UP_ACCOUNTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_ACCOUNTS_WINDOW);

  g_clear_object (&self->editing);
  g_clear_object (&self->accounts);
  g_clear_object (&self->academies);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_accounts_window_parent_class)->dispose (object);
}

static void
up_accounts_window_finalize (GObject *object)
{
  UpAccountsWindow *self = UP_ACCOUNTS_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->chosen, g_hash_table_unref);

  G_OBJECT_CLASS (up_accounts_window_parent_class)->finalize (object);
}

static void
up_accounts_window_class_init (UpAccountsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_accounts_window_dispose;
  object_class->finalize = up_accounts_window_finalize;

  (void) up_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-accounts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, list_error_label);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, edit_error_label);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, login_row);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, kind_row);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, disabled_row);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, disabled_switch);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, academies_group);
  gtk_widget_class_bind_template_child (widget_class, UpAccountsWindow, academies_list);
  gtk_widget_class_bind_template_callback (widget_class, account_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "accounts.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "accounts.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "accounts.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "accounts.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
up_accounts_window_init (UpAccountsWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->chosen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->accounts = g_list_store_new (UP_TYPE_ACCOUNT);
  self->academies = g_list_store_new (UP_TYPE_ACADEMY);

  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

/* Public ------------------------------------------------------------------- */

UpAccountsWindow *
up_accounts_window_new (GtkWindow  *parent,
                        UpDatabase *database)
{
  UpAccountsWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (UP_IS_DATABASE (database), NULL);

  self = g_object_new (UP_TYPE_ACCOUNTS_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->database = g_object_ref (database);
  load (self);

  return self;
}

gboolean
up_accounts_window_is_busy (UpAccountsWindow *self)
{
  g_return_val_if_fail (UP_IS_ACCOUNTS_WINDOW (self), FALSE);

  return self->n_busy > 0;
}
