/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-batch-conflict-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "up-batch-conflict-dialog.h"
#include "up-ui-resources.h"

struct _UpBatchConflictDialog
{
  AdwMessageDialog parent_instance;
};

G_DEFINE_FINAL_TYPE (UpBatchConflictDialog, up_batch_conflict_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Auxiliary methods -------------------------------------------------------- */

/* "Submit it as it is now?" */
static const char *
ask_again_text (UpBatchChange change)
{
  switch (change)
    {
    case UP_BATCH_CHANGE_ADD_CLAIMS:
      return _("Add the selected claims to it as it is now?");
    case UP_BATCH_CHANGE_SUBMIT:
      return _("Submit it as it is now?");
    case UP_BATCH_CHANGE_START_NOTICE:
      return _("Start its public notice as it is now?");
    case UP_BATCH_CHANGE_APPROVE:
      return _("Approve it as it is now?");
    case UP_BATCH_CHANGE_PAY:
      return _("Pay it as it is now?");
    case UP_BATCH_CHANGE_REMOVE_CLAIMS:
    case UP_BATCH_CHANGE_WITHDRAW_CLAIMS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Why not again: "It is now “Submitted”: it can no longer be submitted." */
static char *
too_late_text (UpBatchChange   change,
               UpPaymentBatch *batch)
{
  const char *state = up_batch_state_to_label (up_payment_batch_get_state (batch));

  switch (change)
    {
    case UP_BATCH_CHANGE_ADD_CLAIMS:
      /* Translators: %s is a batch's state now, e.g. "Submitted" */
      return g_strdup_printf (_("It is now “%s”: claims can no longer be added to it."), state);
    case UP_BATCH_CHANGE_SUBMIT:
      /* Translators: %s is a batch's state now, e.g. "Submitted" */
      return g_strdup_printf (_("It is now “%s”: it can no longer be submitted."), state);
    case UP_BATCH_CHANGE_START_NOTICE:
      /* Translators: %s is a batch's state now, e.g. "Public notice" */
      return g_strdup_printf (_("It is now “%s”: its public notice can no longer be started."), state);
    case UP_BATCH_CHANGE_APPROVE:
      /* Translators: %s is a batch's state now, e.g. "Approved" */
      return g_strdup_printf (_("It is now “%s”: it can no longer be approved."), state);
    case UP_BATCH_CHANGE_PAY:
      /* Translators: %s is a batch's state now, e.g. "Paid" */
      return g_strdup_printf (_("It is now “%s”: it can no longer be paid."), state);
    case UP_BATCH_CHANGE_REMOVE_CLAIMS:
    case UP_BATCH_CHANGE_WITHDRAW_CLAIMS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The button that asks again: the words of the action's own button. */
static const char *
again_label (UpBatchChange change)
{
  switch (change)
    {
    case UP_BATCH_CHANGE_ADD_CLAIMS:
      return _("_Add");
    case UP_BATCH_CHANGE_SUBMIT:
      return _("_Submit");
    case UP_BATCH_CHANGE_START_NOTICE:
      return _("_Start");
    case UP_BATCH_CHANGE_APPROVE:
      return _("A_pprove");
    case UP_BATCH_CHANGE_PAY:
      return _("_Pay");
    case UP_BATCH_CHANGE_REMOVE_CLAIMS:
    case UP_BATCH_CHANGE_WITHDRAW_CLAIMS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
body_text (UpBatchChange   change,
           UpPaymentBatch *shown,
           UpPaymentBatch *fresh)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_auto(GStrv) lines = up_payment_batch_describe_changes (shown, fresh);

  if (lines[0] != NULL)
    {
      g_autofree char *list = g_strjoinv ("\n", lines);

      /* Translators: %s is the batch's name; the lines of what changed follow */
      g_string_append_printf (body, _("Someone else changed the payment batch “%s” since it was shown here:"),
                              up_payment_batch_get_name (shown));
      g_string_append_printf (body, "\n%s\n\n", list);
    }
  else
    {
      /* Translators: %s is the batch's name */
      g_string_append_printf (body, _("Someone else saved the payment batch “%s” since it was shown here, without "
                                      "changing what this page shows."),
                              up_payment_batch_get_name (shown));
      g_string_append (body, "\n\n");
    }
  if (up_payment_batch_allows (fresh, change))
    g_string_append (body, ask_again_text (change));
  else
    {
      g_autofree char *too_late = too_late_text (change, fresh);

      g_string_append (body, too_late);
    }

  return g_string_free (g_steal_pointer (&body), FALSE);
}

/* GObject overrides -------------------------------------------------------- */

static void
up_batch_conflict_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), UP_TYPE_BATCH_CONFLICT_DIALOG);

  G_OBJECT_CLASS (up_batch_conflict_dialog_parent_class)->dispose (object);
}

static void
up_batch_conflict_dialog_class_init (UpBatchConflictDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_batch_conflict_dialog_dispose;

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-batch-conflict-dialog.ui");
}

static void
up_batch_conflict_dialog_init (UpBatchConflictDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API --------------------------------------------------------------- */

UpBatchConflictDialog *
up_batch_conflict_dialog_new (GtkWindow      *parent,
                              UpBatchChange   change,
                              UpPaymentBatch *shown,
                              UpPaymentBatch *fresh)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (UP_IS_PAYMENT_BATCH (shown), NULL);
  g_return_val_if_fail (UP_IS_PAYMENT_BATCH (fresh), NULL);

  body = body_text (change, shown, fresh);
  dialog = g_object_new (UP_TYPE_BATCH_CONFLICT_DIALOG,
                         "transient-for", parent,
                         "body", body,
                         NULL);
  if (up_payment_batch_allows (fresh, change))
    {
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "again", again_label (change), NULL);
      adw_message_dialog_set_response_appearance (dialog, "again", ADW_RESPONSE_SUGGESTED);
    }
  else
    adw_message_dialog_add_response (dialog, "cancel", _("_Close"));
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "cancel");

  return UP_BATCH_CONFLICT_DIALOG (dialog);
}
