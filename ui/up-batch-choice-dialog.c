/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-batch-choice-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "up-batch-choice-dialog.h"
#include "up-payment-batch.h"
#include "up-ui-resources.h"

struct _UpBatchChoiceDialog
{
  AdwMessageDialog  parent_instance;

  GArray           *batch_ids;   /* gint64 per dropdown row */

  /* Template widgets */
  GtkDropDown      *batch_dropdown;
};

G_DEFINE_FINAL_TYPE (UpBatchChoiceDialog, up_batch_choice_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* GObject overrides -------------------------------------------------------- */

static void
up_batch_choice_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), UP_TYPE_BATCH_CHOICE_DIALOG);

  G_OBJECT_CLASS (up_batch_choice_dialog_parent_class)->dispose (object);
}

static void
up_batch_choice_dialog_finalize (GObject *object)
{
  UpBatchChoiceDialog *self = UP_BATCH_CHOICE_DIALOG (object);

  g_clear_pointer (&self->batch_ids, g_array_unref);

  G_OBJECT_CLASS (up_batch_choice_dialog_parent_class)->finalize (object);
}

static void
up_batch_choice_dialog_class_init (UpBatchChoiceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_batch_choice_dialog_dispose;
  object_class->finalize = up_batch_choice_dialog_finalize;

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-batch-choice-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UpBatchChoiceDialog, batch_dropdown);
}

static void
up_batch_choice_dialog_init (UpBatchChoiceDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->batch_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "add");
}

/* Public API --------------------------------------------------------------- */

UpBatchChoiceDialog *
up_batch_choice_dialog_new (GtkWindow  *parent,
                            GListModel *batches)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkStringList) model = NULL;
  UpBatchChoiceDialog *self;
  guint n;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (batches), NULL);

  n = g_list_model_get_n_items (batches);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpPaymentBatch) batch = g_list_model_get_item (batches, i);
      gint64 id = up_payment_batch_get_id (batch);

      if (up_payment_batch_get_state (batch) != UP_BATCH_STATE_DRAFT)
        continue;
      g_ptr_array_add (names, g_strdup (up_payment_batch_get_name (batch)));
      g_array_append_val (ids, id);
    }
  g_ptr_array_add (names, NULL);

  if (ids->len == 0)
    return NULL;

  self = g_object_new (UP_TYPE_BATCH_CHOICE_DIALOG, "transient-for", parent, NULL);
  g_array_append_vals (self->batch_ids, ids->data, ids->len);
  model = gtk_string_list_new ((const char * const *) names->pdata);
  gtk_drop_down_set_model (self->batch_dropdown, G_LIST_MODEL (model));
  return self;
}

gint64
up_batch_choice_dialog_get_batch_id (UpBatchChoiceDialog *self)
{
  guint i;

  g_return_val_if_fail (UP_IS_BATCH_CHOICE_DIALOG (self), 0);

  i = gtk_drop_down_get_selected (self->batch_dropdown);
  return i < self->batch_ids->len ? g_array_index (self->batch_ids, gint64, i) : 0;
}
