/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-batch-notice-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "up-batch-notice-dialog.h"
#include "up-ui-resources.h"

struct _UpBatchNoticeDialog
{
  AdwMessageDialog  parent_instance;

  gint64            batch_id;

  /* Template widgets */
  GtkEditable      *from_entry;
  GtkEditable      *to_entry;
};

G_DEFINE_FINAL_TYPE (UpBatchNoticeDialog, up_batch_notice_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Auxiliary methods -------------------------------------------------------- */

/* "YYYY-MM-DD" */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned year = 0, month = 0, day = 0;
  char end = 0;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, " %u-%u-%u %c", &year, &month, &day, &end) != 3
      || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* GObject overrides -------------------------------------------------------- */

static void
up_batch_notice_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), UP_TYPE_BATCH_NOTICE_DIALOG);

  G_OBJECT_CLASS (up_batch_notice_dialog_parent_class)->dispose (object);
}

static void
up_batch_notice_dialog_class_init (UpBatchNoticeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_batch_notice_dialog_dispose;

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-batch-notice-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UpBatchNoticeDialog, from_entry);
  gtk_widget_class_bind_template_child (widget_class, UpBatchNoticeDialog, to_entry);
}

static void
up_batch_notice_dialog_init (UpBatchNoticeDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 7);
  g_autofree char *from = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (later, "%Y-%m-%d");

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_editable_set_text (self->from_entry, from);
  gtk_editable_set_text (self->to_entry, to);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "start", _("_Start"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "start");
}

/* Public API --------------------------------------------------------------- */

UpBatchNoticeDialog *
up_batch_notice_dialog_new (GtkWindow *parent,
                            gint64     batch_id)
{
  UpBatchNoticeDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (UP_TYPE_BATCH_NOTICE_DIALOG, "transient-for", parent, NULL);
  self->batch_id = batch_id;
  return self;
}

gint64
up_batch_notice_dialog_get_batch_id (UpBatchNoticeDialog *self)
{
  g_return_val_if_fail (UP_IS_BATCH_NOTICE_DIALOG (self), 0);

  return self->batch_id;
}

gboolean
up_batch_notice_dialog_get_period (UpBatchNoticeDialog *self,
                                   GDate               *from,
                                   GDate               *to)
{
  g_return_val_if_fail (UP_IS_BATCH_NOTICE_DIALOG (self), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  return parse_date (gtk_editable_get_text (self->from_entry), from)
         && parse_date (gtk_editable_get_text (self->to_entry), to);
}
