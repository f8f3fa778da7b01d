/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "up-error.h"
#include "up-enrollment.h"
#include "up-preferences-window.h"
#include "up-ui-resources.h"

/* Preferences: the completion threshold lives in the database (settings row
 * 'completion_threshold_percent', shared by everyone on it, checked by the
 * database); the rest is this user's, in GSettings.
 *
 * The threshold is saved a moment after the last change, with the version
 * read: when someone else changed it meanwhile, nothing is overwritten and
 * the window shows their value. */

#define SAVE_DELAY_MS 400

struct _UpPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  UpDatabase           *database;
  GSettings            *settings;
  GCancellable         *cancellable;

  int                   saved_percent;   /* what the database holds */
  int                   sent_percent;    /* what the save on its way writes */
  gint64                version;         /* of the settings row; 0: none */
  guint                 save_source;
  gboolean              loading;         /* reading, or setting the spin ourselves */
  gboolean              saving;

  /* Template widgets */
  GtkSpinButton        *threshold_spin;
  AdwActionRow         *folder_row;
  AdwComboRow          *language_row;
  AdwComboRow          *style_row;
};

G_DEFINE_FINAL_TYPE (UpPreferencesWindow, up_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The report languages and styles in the order of their combo rows. */
static const char * const languages[] = { "", "zh_CN", "zh_TW", "en", NULL };
static const char * const schemes[] = { "default", "light", "dark", NULL };

static void     load_threshold  (UpPreferencesWindow *self);
static gboolean save_timeout_cb (gpointer             user_data);

/* Auxiliary methods -------------------------------------------------------- */

static void
show_toast (UpPreferencesWindow *self,
            const char          *title)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
}

static void
set_spin_quietly (UpPreferencesWindow *self,
                  int                  percent)
{
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  gtk_spin_button_set_value (self->threshold_spin, percent);
  self->loading = was_loading;
}

static void
update_folder_row (UpPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "report-folder");
  g_autofree char *shown = NULL;

  if (folder[0] == '\0')
    {
      const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

      g_free (folder);
      folder = g_strdup (documents != NULL ? documents : g_get_home_dir ());
    }

  shown = g_filename_display_name (folder);
  adw_action_row_set_subtitle (self->folder_row, shown);
}

static gboolean
index_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char * const *names = user_data;
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], name))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
index_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  const char * const *names = user_data;
  guint index = g_value_get_uint (value);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i == index)
        return g_variant_new_string (names[i]);
    }

  return NULL;
}

static gboolean
scheme_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *name = g_variant_get_string (variant, NULL);

  if (g_str_equal (name, "light"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (name, "dark"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    g_value_set_enum (value, ADW_COLOR_SCHEME_DEFAULT);

  return TRUE;
}

/* Callbacks ---------------------------------------------------------------- */

static void
save_threshold_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(UpPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;
  gboolean saved = up_enrollment_save_completion_threshold_finish (UP_DATABASE (object), result, &version, &error);

  self->saving = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->database == NULL)
    return;

  if (!saved)
    {
      /* Someone else's change (UP_ERROR_RETRY) or a failure: their value, or
       * the database's, is shown again. */
      show_toast (self, error->message);
      load_threshold (self);
      return;
    }

  self->version = version;
  self->saved_percent = self->sent_percent;

  /* Changed again while this one was on its way. */
  if (gtk_spin_button_get_value_as_int (self->threshold_spin) != self->saved_percent
      && self->save_source == 0)
    self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
save_threshold (UpPreferencesWindow *self)
{
  int percent = gtk_spin_button_get_value_as_int (self->threshold_spin);

  if (self->database == NULL || percent == self->saved_percent)
    return;

  /* One save at a time: the next needs the version this one makes. */
  self->saving = TRUE;
  self->sent_percent = percent;
  up_enrollment_save_completion_threshold_async (self->database, percent, self->version, self->cancellable,
                                                 save_threshold_cb, g_object_ref (self));
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  UpPreferencesWindow *self = user_data;

  self->save_source = 0;
  if (self->saving)
    {
      /* Wait for the save on its way: its version is the next one's. */
      self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
      return G_SOURCE_REMOVE;
    }

  save_threshold (self);
  return G_SOURCE_REMOVE;
}

static void
threshold_changed_cb (UpPreferencesWindow *self)
{
  if (self->loading || self->database == NULL)
    return;

  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
load_threshold_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(UpPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  int percent = 80;
  gint64 version = 0;
  gboolean loaded = up_enrollment_load_completion_threshold_finish (UP_DATABASE (object), result,
                                                                    &percent, &version, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->database == NULL)
    return;

  self->loading = FALSE;
  if (!loaded)
    {
      show_toast (self, error->message);
      return;
    }

  self->saved_percent = percent;
  self->version = version;
  set_spin_quietly (self, self->saved_percent);
  gtk_widget_set_sensitive (GTK_WIDGET (self->threshold_spin), TRUE);
}

static void
load_threshold (UpPreferencesWindow *self)
{
  if (self->database == NULL)
    return;

  self->loading = TRUE;
  up_enrollment_load_completion_threshold_async (self->database, self->cancellable,
                                                 load_threshold_cb, g_object_ref (self));
}

static void
folder_response_cb (UpPreferencesWindow  *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);

  if (folder != NULL && (path = g_file_get_path (folder)) != NULL)
    g_settings_set_string (self->settings, "report-folder", path);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  UpPreferencesWindow *self = UP_PREFERENCES_WINDOW (widget);
  g_autofree char *current = g_settings_get_string (self->settings, "report-folder");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Default Folder for Reports"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (current[0] != '\0')
    {
      g_autoptr(GFile) folder = g_file_new_for_path (current);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }

  g_signal_connect_swapped (chooser, "response", G_CALLBACK (folder_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* GObject overrides -------------------------------------------------------- */

static void
up_preferences_window_dispose (GObject *object)
{
  UpPreferencesWindow *self = UP_PREFERENCES_WINDOW (object);

  /* A change not saved yet is saved now, as the window closes. */
  if (self->save_source != 0 && !self->saving)
    save_threshold (self);
  g_clear_handle_id (&self->save_source, g_source_remove);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->database);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (up_preferences_window_parent_class)->dispose (object);
}

static void
up_preferences_window_finalize (GObject *object)
{
  UpPreferencesWindow *self = UP_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (up_preferences_window_parent_class)->finalize (object);
}

static void
up_preferences_window_class_init (UpPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_preferences_window_dispose;
  object_class->finalize = up_preferences_window_finalize;

  /* Naming the resource keeps the linker from dropping it (see up-window.c). */
  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, UpPreferencesWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, UpPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, UpPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, UpPreferencesWindow, style_row);
  gtk_widget_class_bind_template_callback (widget_class, threshold_changed_cb);

  gtk_widget_class_install_action (widget_class, "prefs.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
up_preferences_window_init (UpPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APPLICATION_ID);

  g_settings_bind_with_mapping (self->settings, "report-language", self->language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, index_get_mapping, index_set_mapping,
                                (gpointer) languages, NULL);
  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, index_get_mapping, index_set_mapping,
                                (gpointer) schemes, NULL);
  g_signal_connect_swapped (self->settings, "changed::report-folder", G_CALLBACK (update_folder_row), self);
  update_folder_row (self);
}

/* Public API --------------------------------------------------------------- */

UpPreferencesWindow *
up_preferences_window_new (GtkWindow  *parent,
                           UpDatabase *database)
{
  UpPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (database == NULL || UP_IS_DATABASE (database), NULL);

  self = g_object_new (UP_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  g_set_object (&self->database, database);
  load_threshold (self);

  return self;
}

gboolean
up_preferences_window_is_busy (UpPreferencesWindow *self)
{
  g_return_val_if_fail (UP_IS_PREFERENCES_WINDOW (self), FALSE);

  return self->loading || self->saving || self->save_source != 0;
}

void
up_preferences_follow_color_scheme (GSettings *settings)
{
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_bind_with_mapping (settings, "color-scheme", adw_style_manager_get_default (), "color-scheme",
                                G_SETTINGS_BIND_GET, scheme_get_mapping, NULL, NULL, NULL);
}
