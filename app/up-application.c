/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "upskill"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdlib.h>

#include "up-application.h"
#include "up-backup.h"
#include "up-connection-dialog.h"
#include "up-database.h"
#include "up-embedded-server.h"
#include "up-error.h"
#include "up-migrations.h"
#include "up-preferences-window.h"
#include "up-window.h"

struct _UpApplication
{
  AdwApplication    parent_instance;

  char             *conninfo;      /* NULL: the embedded server */
  gboolean          chosen;        /* by --database or the connection dialog */
  gboolean          choosing;      /* the dialog asks at start */
  UpEmbeddedServer *server;
  UpDatabase       *database;
  GCancellable     *cancellable;   /* the connection under way */
  guint             signal_sources[3];
};

G_DEFINE_FINAL_TYPE (UpApplication, up_application, ADW_TYPE_APPLICATION)

static UpWindow *
get_window (UpApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return UP_IS_WINDOW (window) ? UP_WINDOW (window) : NULL;
}

static void
show_error (UpApplication *self,
            const GError  *error)
{
  UpWindow *window = get_window (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_warning ("Cannot open the database: %s", error->message);
  if (window != NULL)
    up_window_show_connection_error (window, error);
}

/* Connecting: [start the embedded server] → connect → migrate → window. */

static gpointer
migrate_func (PGconn        *conn,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  if (!up_migrations_apply (conn, NULL, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static void
daily_backup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = up_backup_daily_finish (result, &error);

  /* The message names no file's contents and no password. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The daily backup failed: %s", error->message);
  else if (path != NULL)
    g_debug ("Daily backup written to %s", path);
}

static void
migrate_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UpApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  UpWindow *window;

  if (up_database_run_finish (UP_DATABASE (object), result, &error) == NULL)
    {
      show_error (self, error);
      return;
    }

  window = get_window (self);
  if (window != NULL)
    up_window_set_database (window, self->database);

  /* The embedded database has no administrator: a backup a day, the last
   * seven kept.  Quitting cancels it, which stops pg_dump. */
  if (self->server != NULL && self->conninfo == NULL)
    {
      g_autofree char *dir = up_backup_get_default_dir ();

      up_backup_daily_async (up_database_get_conninfo (self->database), dir, UP_BACKUP_KEEP_DAILY,
                             self->cancellable, daily_backup_cb, NULL);
    }
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UpApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!up_database_connect_finish (UP_DATABASE (object), result, &error))
    {
      show_error (self, error);
      return;
    }

  up_database_run_async (self->database, migrate_func, NULL, NULL, NULL,
                         self->cancellable, migrate_cb, g_object_ref (self));
}

static void
open_database (UpApplication *self,
               const char    *conninfo)
{
  g_clear_object (&self->database);
  self->database = up_database_new (conninfo);
  if (self->server != NULL && self->conninfo == NULL)
    up_database_set_label (self->database, _("Embedded database on this computer"));

  up_database_connect_async (self->database, self->cancellable, connect_cb, g_object_ref (self));
}

static void
server_started_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(UpApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;

  if (!up_embedded_server_start_finish (UP_EMBEDDED_SERVER (object), result, &error))
    {
      show_error (self, error);
      return;
    }

  conninfo = up_embedded_server_dup_conninfo (self->server, NULL);
  open_database (self, conninfo);
}

static void
up_application_connect (UpApplication *self)
{
  UpWindow *window = get_window (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (window != NULL)
    {
      up_window_set_database (window, NULL);
      up_window_show_connecting (window);
    }

  if (self->conninfo != NULL)
    {
      open_database (self, self->conninfo);
      return;
    }

  if (self->server == NULL)
    self->server = up_embedded_server_new (NULL);

  up_embedded_server_start_async (self->server, self->cancellable,
                                  server_started_cb, g_object_ref (self));
}

/* The connection dialog: its choice replaces the database of the window.
 * The embedded server, once started, stays until the application quits. */
static void
connection_chosen_cb (UpConnectionDialog *dialog,
                      const char         *conninfo,
                      UpApplication      *self)
{
  g_clear_pointer (&self->conninfo, g_free);
  self->conninfo = g_strdup (conninfo);
  self->chosen = TRUE;
  self->choosing = FALSE;
  up_application_connect (self);
}

/* Closed at start without a choice: nothing to connect to yet. */
static void
connection_dialog_destroyed_cb (UpConnectionDialog *dialog,
                                UpApplication      *self)
{
  UpWindow *window = get_window (self);
  g_autoptr(GError) error = NULL;

  if (!self->choosing || window == NULL)
    return;

  self->choosing = FALSE;
  error = g_error_new_literal (UP_ERROR, UP_ERROR_CONNECTION,
                               _("No database was chosen. Choose one with Retry, or Connect to… in the menu."));
  up_window_show_connection_error (window, error);
}

static void
show_connection_dialog (UpApplication *self)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  UpConnectionDialog *dialog;

  dialog = up_connection_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)), settings);
  g_signal_connect_object (dialog, "connected", G_CALLBACK (connection_chosen_cb), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (connection_dialog_destroyed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* At start with no --database: the last choice, asking again when it was a
 * server (its password may be needed). */
static gboolean
last_choice_is_server (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *kind = g_settings_get_string (settings, "connection-kind");

  return g_strcmp0 (kind, "embedded") != 0;
}

/* Actions ------------------------------------------------------------------ */

static void
reconnect_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  UpApplication *self = UP_APPLICATION (user_data);

  if (!self->chosen && last_choice_is_server ())
    {
      self->choosing = TRUE;
      show_connection_dialog (self);
    }
  else
    up_application_connect (self);
}

static void
connect_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  show_connection_dialog (UP_APPLICATION (user_data));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  UpApplication *self = user_data;
  const char *developers[] = { _("The Upskill developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Upskill"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Upskill developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/upskill/upskill",
                        "issue-url", "https://github.com/upskill/upskill/issues",
                        "comments", _("Skills and academic qualification dual upgrade for industrial workers, "
                                      "run through the trade union's craftsman academies."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* The guide in the interface's language when there is one (zh_TW and
 * zh_HK readers get the Simplified Chinese one), else in English. */
static char *
find_guide (void)
{
  const char * const *languages = g_get_language_names ();
  const char * const dirs[] = { GUIDE_DIR, SOURCE_GUIDE_DIR };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      for (guint i = 0; languages[i] != NULL; i++)
        {
          const char *lang = g_str_has_prefix (languages[i], "zh") ? "zh_CN" : languages[i];
          g_autofree char *path = g_build_filename (dirs[d], lang, "index.html", NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return g_steal_pointer (&path);
        }
    }

  return NULL;
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  g_autofree char *path = find_guide ();
  g_autofree char *uri = NULL;

  if (path == NULL)
    {
      g_warning ("The user guide is not installed");
      return;
    }

  uri = g_filename_to_uri (path, NULL, NULL);
  gtk_show_uri (window, uri, GDK_CURRENT_TIME);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  UpWindow *window = get_window (UP_APPLICATION (user_data));
  UpPreferencesWindow *preferences;

  preferences = up_preferences_window_new (GTK_WINDOW (window),
                                           window != NULL ? up_window_get_database (window) : NULL);
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "reconnect", reconnect_action },
  { "connect", connect_action },
  { "preferences", preferences_action },
  { "help", help_action },
  { "quit", quit_action },
  { "about", about_action },
};

/* GApplication ------------------------------------------------------------- */

/* The application when GTK exits the process itself (the display went away:
 * GDK calls exit()), so that the embedded server still stops with its last
 * user.  Cleared once the application has shut down properly. */
static UpApplication *app_to_release;

static void
release_at_exit (void)
{
  UpApplication *self = app_to_release;

  app_to_release = NULL;
  if (self == NULL || self->server == NULL)
    return;

  if (self->database != NULL)
    up_database_close (self->database);
  if (!up_embedded_server_release (self->server, NULL))
    g_printerr ("upskill: the embedded database server was left running\n");
}

/* Logging out, kill or Ctrl+C in a terminal: leave as from the menu, so that
 * the embedded server is stopped when we were its last user. */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
up_application_startup (GApplication *application)
{
  UpApplication *self = UP_APPLICATION (application);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  const char *help_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (up_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);

  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

    up_preferences_follow_color_scheme (settings);
  }

  self->signal_sources[0] = g_unix_signal_add (SIGTERM, quit_on_signal_cb, self);
  self->signal_sources[1] = g_unix_signal_add (SIGINT, quit_on_signal_cb, self);
  self->signal_sources[2] = g_unix_signal_add (SIGHUP, quit_on_signal_cb, self);

  {
    static gboolean registered;

    app_to_release = self;
    if (!registered)
      registered = atexit (release_at_exit) == 0;
  }
}

static void
up_application_activate (GApplication *application)
{
  UpApplication *self = UP_APPLICATION (application);
  UpWindow *window = get_window (self);

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  window = up_window_new (GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (window));

  if (!self->chosen && last_choice_is_server ())
    {
      up_window_show_busy (window, _("Choose the database to connect to."));
      self->choosing = TRUE;
      show_connection_dialog (self);
      return;
    }

  up_application_connect (self);
}

static void
up_application_shutdown (GApplication *application)
{
  UpApplication *self = UP_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);

  /* Our connections first, so the embedded server sees who is left. */
  if (self->database != NULL)
    up_database_close (self->database);
  g_clear_object (&self->database);

  if (self->server != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!up_embedded_server_release (self->server, &error))
        g_warning ("Cannot stop the embedded database server: %s", error->message);
    }
  app_to_release = NULL;

  G_APPLICATION_CLASS (up_application_parent_class)->shutdown (application);
}

static void
up_application_finalize (GObject *object)
{
  UpApplication *self = UP_APPLICATION (object);

  if (app_to_release == self)
    app_to_release = NULL;
  g_clear_object (&self->cancellable);
  g_clear_object (&self->database);
  g_clear_object (&self->server);
  g_clear_pointer (&self->conninfo, g_free);

  G_OBJECT_CLASS (up_application_parent_class)->finalize (object);
}

static void
up_application_class_init (UpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = up_application_finalize;
  app_class->startup = up_application_startup;
  app_class->activate = up_application_activate;
  app_class->shutdown = up_application_shutdown;
}

static void
up_application_init (UpApplication *self)
{
}

UpApplication *
up_application_new (const char *conninfo)
{
  UpApplication *self;

  /* Several windows may run at once, each its own process sharing one
   * embedded server; no session bus is needed. */
  self = g_object_new (UP_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
  self->conninfo = g_strdup (conninfo);
  self->chosen = conninfo != NULL;

  return self;
}
