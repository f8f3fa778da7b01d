/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-batch-pay-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "up-batch-pay-dialog.h"
#include "up-money.h"
#include "up-ui-resources.h"

struct _UpBatchPayDialog
{
  AdwMessageDialog  parent_instance;

  gint64            batch_id;
  GArray           *failed;   /* gint64 claim ids */
};

G_DEFINE_FINAL_TYPE (UpBatchPayDialog, up_batch_pay_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* GObject overrides -------------------------------------------------------- */

static void
up_batch_pay_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), UP_TYPE_BATCH_PAY_DIALOG);

  G_OBJECT_CLASS (up_batch_pay_dialog_parent_class)->dispose (object);
}

static void
up_batch_pay_dialog_finalize (GObject *object)
{
  UpBatchPayDialog *self = UP_BATCH_PAY_DIALOG (object);

  g_clear_pointer (&self->failed, g_array_unref);

  G_OBJECT_CLASS (up_batch_pay_dialog_parent_class)->finalize (object);
}

static void
up_batch_pay_dialog_class_init (UpBatchPayDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_batch_pay_dialog_dispose;
  object_class->finalize = up_batch_pay_dialog_finalize;

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-batch-pay-dialog.ui");
}

static void
up_batch_pay_dialog_init (UpBatchPayDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "pay", _("_Pay"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "pay", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "cancel");
}

/* Public API --------------------------------------------------------------- */

UpBatchPayDialog *
up_batch_pay_dialog_new (GtkWindow      *parent,
                         UpPaymentBatch *batch,
                         GArray         *failed)
{
  UpBatchPayDialog *self;
  g_autofree char *body = NULL;
  g_autofree char *total = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (UP_IS_PAYMENT_BATCH (batch), NULL);
  g_return_val_if_fail (failed != NULL, NULL);

  total = up_money_format (up_payment_batch_get_total_fen (batch));
  if (failed->len > 0)
    /* Translators: %s is the batch's total; %u the claims the bank returned */
    body = g_strdup_printf (g_dngettext (NULL,
                                         "The batch of %s is paid, except %u claim selected on the Claims tab, "
                                         "which the bank returned: it fails and can be reissued. All of it is "
                                         "recorded, or nothing.",
                                         "The batch of %s is paid, except %u claims selected on the Claims tab, "
                                         "which the bank returned: they fail and can be reissued. All of it is "
                                         "recorded, or nothing.", failed->len), total, failed->len);
  else
    body = g_strdup_printf (_("Every claim of the batch, %s in all, is recorded as paid. To record claims the "
                              "bank returned, select them on the Claims tab first."), total);

  self = g_object_new (UP_TYPE_BATCH_PAY_DIALOG, "transient-for", parent, "body", body, NULL);
  self->batch_id = up_payment_batch_get_id (batch);
  self->failed = g_array_ref (failed);
  return self;
}

gint64
up_batch_pay_dialog_get_batch_id (UpBatchPayDialog *self)
{
  g_return_val_if_fail (UP_IS_BATCH_PAY_DIALOG (self), 0);

  return self->batch_id;
}

GArray *
up_batch_pay_dialog_get_failed (UpBatchPayDialog *self)
{
  g_return_val_if_fail (UP_IS_BATCH_PAY_DIALOG (self), NULL);

  return self->failed;
}
