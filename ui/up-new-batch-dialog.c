/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-new-batch-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "up-money.h"
#include "up-new-batch-dialog.h"
#include "up-ui-resources.h"

struct _UpNewBatchDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkEditable      *name_entry;
  GtkEditable      *fund_entry;
  GtkEditable      *budget_entry;
};

G_DEFINE_FINAL_TYPE (UpNewBatchDialog, up_new_batch_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* GObject overrides -------------------------------------------------------- */

static void
up_new_batch_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), UP_TYPE_NEW_BATCH_DIALOG);

  G_OBJECT_CLASS (up_new_batch_dialog_parent_class)->dispose (object);
}

static void
up_new_batch_dialog_class_init (UpNewBatchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_new_batch_dialog_dispose;

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-new-batch-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UpNewBatchDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, UpNewBatchDialog, fund_entry);
  gtk_widget_class_bind_template_child (widget_class, UpNewBatchDialog, budget_entry);
}

static void
up_new_batch_dialog_init (UpNewBatchDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* Translators: the default name of a new payment batch: year and month (2025年11月发放批次) */
  g_autofree char *name = g_date_time_format (now, _("Batch of %Y-%m"));

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_editable_set_text (self->name_entry, name);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "create", _("C_reate"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "create");
}

/* Public API --------------------------------------------------------------- */

UpNewBatchDialog *
up_new_batch_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (UP_TYPE_NEW_BATCH_DIALOG, "transient-for", parent, NULL);
}

const char *
up_new_batch_dialog_get_name (UpNewBatchDialog *self)
{
  g_return_val_if_fail (UP_IS_NEW_BATCH_DIALOG (self), NULL);

  return gtk_editable_get_text (self->name_entry);
}

const char *
up_new_batch_dialog_get_fund (UpNewBatchDialog *self)
{
  g_return_val_if_fail (UP_IS_NEW_BATCH_DIALOG (self), NULL);

  return gtk_editable_get_text (self->fund_entry);
}

gboolean
up_new_batch_dialog_get_budget (UpNewBatchDialog *self,
                                gint64           *budget_fen)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (UP_IS_NEW_BATCH_DIALOG (self), FALSE);
  g_return_val_if_fail (budget_fen != NULL, FALSE);

  text = g_strstrip (g_strdup (gtk_editable_get_text (self->budget_entry)));
  *budget_fen = -1;
  return *text == '\0' || up_money_parse (text, budget_fen);
}
