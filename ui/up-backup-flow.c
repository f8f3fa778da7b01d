/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-backup-flow"

#include "config.h"

#include <glib/gi18n.h>

#include "up-backup.h"
#include "up-backup-flow.h"
#include "up-embedded-server.h"
#include "up-window.h"

/* Back Up…: choose a file → pg_dump with a toast that shows it is running
 * and cancels it → a toast naming the file.
 *
 * Restore…: choose a file → read its table of contents (a file that is no
 * Upskill backup stops here) → a confirmation naming the file and the time
 * it was made → the window lets go of the database and shows that the
 * restore runs → the restore (after a safety backup of the database as it
 * is) → reconnect, which migrates an older backup → a toast. */

typedef struct
{
  GtkWindow       *parent;
  AdwToastOverlay *toasts;
  char            *conninfo;
  GCancellable    *cancellable;
  GFile           *file;
  AdwToast        *progress;
  UpBackupInfo    *info;
} Flow;

static void
flow_free (Flow *flow)
{
  if (flow->progress != NULL)
    adw_toast_dismiss (flow->progress);
  g_clear_object (&flow->progress);
  g_clear_object (&flow->parent);
  g_clear_object (&flow->toasts);
  g_clear_object (&flow->cancellable);
  g_clear_object (&flow->file);
  g_clear_pointer (&flow->info, up_backup_info_free);
  g_free (flow->conninfo);
  g_free (flow);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Flow, flow_free)

static Flow *
flow_new (GtkWindow       *parent,
          UpDatabase      *database,
          AdwToastOverlay *toasts)
{
  Flow *flow = g_new0 (Flow, 1);

  flow->parent = g_object_ref (parent);
  flow->toasts = g_object_ref (toasts);
  flow->conninfo = g_strdup (up_database_get_conninfo (database));
  flow->cancellable = g_cancellable_new ();

  return flow;
}

static void
show_toast (Flow       *flow,
            const char *title,
            int         timeout)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (flow->toasts, toast);
}

static void
show_error (Flow       *flow,
            const char *heading,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (flow->parent, heading, message);

  gtk_widget_set_name (dialog, "backup-error");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
display_name (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  return g_filename_display_name (path != NULL ? path : "");
}

static void
add_dump_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) dumps = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (dumps, _("Upskill Backups"));
  gtk_file_filter_add_pattern (dumps, "*.dump");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, dumps);
  gtk_file_chooser_add_filter (chooser, all);
}

/* Back up ------------------------------------------------------------------ */

static void
progress_button_cb (AdwToast *toast,
                    gpointer  user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
dump_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Flow) flow = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = display_name (flow->file);

  if (flow->progress != NULL)
    adw_toast_dismiss (flow->progress);
  g_clear_object (&flow->progress);

  if (!up_backup_dump_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (flow, _("Backup cancelled"), 5);
      else
        show_error (flow, _("Backup Failed"), error->message);
      return;
    }

  {
    /* Translators: %s is the file the backup went to */
    g_autofree char *title = g_strdup_printf (_("Backed up to %s"), name);

    show_toast (flow, title, 5);
  }
}

static void
back_up (Flow *flow)
{
  g_autofree char *path = g_file_get_path (flow->file);

  if (path == NULL)
    {
      flow_free (flow);
      return;
    }

  flow->progress = g_object_ref (adw_toast_new (_("Backing up…")));
  adw_toast_set_timeout (flow->progress, 0);
  adw_toast_set_button_label (flow->progress, _("_Cancel"));
  g_signal_connect_object (flow->progress, "button-clicked", G_CALLBACK (progress_button_cb),
                           flow->cancellable, 0);
  adw_toast_overlay_add_toast (flow->toasts, g_object_ref (flow->progress));

  up_backup_dump_async (flow->conninfo, path, flow->cancellable, dump_cb, flow);
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(Flow) flow = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    flow->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (flow->file != NULL)
    back_up (g_steal_pointer (&flow));
}

void
up_backup_flow_back_up_to (GtkWindow       *parent,
                           UpDatabase      *database,
                           AdwToastOverlay *toasts,
                           GFile           *file)
{
  Flow *flow;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (UP_IS_DATABASE (database));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (toasts));
  g_return_if_fail (G_IS_FILE (file));

  flow = flow_new (parent, database, toasts);
  flow->file = g_object_ref (file);
  back_up (flow);
}

void
up_backup_flow_back_up (GtkWindow       *parent,
                        UpDatabase      *database,
                        AdwToastOverlay *toasts)
{
  g_autoptr(Flow) flow = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (UP_IS_DATABASE (database));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (toasts));

  flow = flow_new (parent, database, toasts);

  chooser = gtk_file_chooser_native_new (_("Back Up the Database"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Back Up"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_dump_filter (GTK_FILE_CHOOSER (chooser));
  /* Translators: the file name a backup is offered; %s is today's date */
  name = g_strdup_printf (_("upskill-backup-%s.dump"), stamp);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (documents != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }

  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_steal_pointer (&flow));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Restore ------------------------------------------------------------------ */

gboolean
up_backup_flow_can_restore (UpDatabase *database)
{
  g_autoptr(UpEmbeddedServer) server = NULL;
  g_autofree char *embedded = NULL;

  g_return_val_if_fail (UP_IS_DATABASE (database), FALSE);

  /* Made, not started: only to know its connection string. */
  server = up_embedded_server_new (NULL);
  embedded = up_embedded_server_dup_conninfo (server, NULL);

  return g_strcmp0 (up_database_get_conninfo (database), embedded) == 0;
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Flow) flow = user_data;
  g_autoptr(GError) error = NULL;

  up_backup_restore_finish (result, &error);

  /* Reconnecting reloads every page and migrates an older backup. */
  gtk_widget_activate_action (GTK_WIDGET (flow->parent), "app.reconnect", NULL);

  if (error != NULL)
    {
      show_error (flow, _("Restore Failed"), error->message);
      return;
    }

  {
    g_autofree char *name = display_name (flow->file);
    /* Translators: a file, then the time it was made */
    g_autofree char *title = g_strdup_printf (_("Restored %s, made %s"), name, flow->info->created);

    show_toast (flow, title, 8);
  }
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  g_autoptr(Flow) flow = user_data;
  g_autofree char *path = NULL;
  g_autofree char *safety_dir = up_backup_get_default_dir ();

  if (!g_str_equal (response, "restore") || (path = g_file_get_path (flow->file)) == NULL)
    return;

  /* Nothing may be read or written while the tables are replaced. */
  if (UP_IS_WINDOW (flow->parent))
    {
      up_window_set_database (UP_WINDOW (flow->parent), NULL);
      up_window_show_busy (UP_WINDOW (flow->parent), _("Restoring the Backup…"));
    }

  /* The flow goes to the callback: not in the same call that reads it, as
   * the order arguments are evaluated in is not defined. */
  {
    Flow *owned = g_steal_pointer (&flow);

    up_backup_restore_async (owned->conninfo, path, safety_dir, owned->cancellable, restore_cb, owned);
  }
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Flow) flow = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *safety_dir = NULL;
  g_autofree char *safety_name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  flow->info = up_backup_inspect_finish (result, &error);
  if (flow->info == NULL)
    {
      show_error (flow, _("Cannot Restore This File"), error->message);
      return;
    }

  name = display_name (flow->file);
  safety_dir = up_backup_get_default_dir ();
  safety_name = g_filename_display_name (safety_dir);
  /* Translators: the file, the time it was made, then a folder */
  body = g_strdup_printf (_("Everything in the database will be replaced by the backup “%s”, made %s.\n\n"
                            "The database as it is now is backed up first, to the folder %s."),
                          name, flow->info->created, safety_name);

  dialog = adw_message_dialog_new (flow->parent, _("Restore This Backup?"), body);
  gtk_widget_set_name (dialog, "restore-confirmation");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), g_steal_pointer (&flow));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore (Flow *flow)
{
  g_autofree char *path = g_file_get_path (flow->file);

  if (path == NULL)
    {
      flow_free (flow);
      return;
    }

  up_backup_inspect_async (path, flow->cancellable, inspect_cb, flow);
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(Flow) flow = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    flow->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (flow->file != NULL)
    restore (g_steal_pointer (&flow));
}

void
up_backup_flow_restore_from (GtkWindow       *parent,
                             UpDatabase      *database,
                             AdwToastOverlay *toasts,
                             GFile           *file)
{
  Flow *flow;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (UP_IS_DATABASE (database));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (toasts));
  g_return_if_fail (G_IS_FILE (file));

  flow = flow_new (parent, database, toasts);
  flow->file = g_object_ref (file);
  restore (flow);
}

void
up_backup_flow_restore (GtkWindow       *parent,
                        UpDatabase      *database,
                        AdwToastOverlay *toasts)
{
  g_autoptr(Flow) flow = NULL;
  g_autofree char *backups = up_backup_get_default_dir ();
  GtkFileChooserNative *chooser;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (UP_IS_DATABASE (database));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (toasts));

  flow = flow_new (parent, database, toasts);

  chooser = gtk_file_chooser_native_new (_("Restore a Backup"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_dump_filter (GTK_FILE_CHOOSER (chooser));
  /* The daily backups, when there are any. */
  if (g_file_test (backups, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (backups);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }

  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), g_steal_pointer (&flow));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
