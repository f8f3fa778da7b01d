/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-claim-reason-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "up-claim-reason-dialog.h"
#include "up-ui-resources.h"

struct _UpClaimReasonDialog
{
  AdwMessageDialog   parent_instance;

  UpSubsidyDecision  decision;

  /* Template widgets */
  GtkEditable       *reason_entry;
};

G_DEFINE_FINAL_TYPE (UpClaimReasonDialog, up_claim_reason_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Callbacks ---------------------------------------------------------------- */

static void
reason_changed_cb (UpClaimReasonDialog *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (self->reason_entry)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "confirm", *reason != '\0');
}

/* GObject overrides -------------------------------------------------------- */

static void
up_claim_reason_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), UP_TYPE_CLAIM_REASON_DIALOG);

  G_OBJECT_CLASS (up_claim_reason_dialog_parent_class)->dispose (object);
}

static void
up_claim_reason_dialog_class_init (UpClaimReasonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_claim_reason_dialog_dispose;

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-claim-reason-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UpClaimReasonDialog, reason_entry);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);
}

static void
up_claim_reason_dialog_init (UpClaimReasonDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API --------------------------------------------------------------- */

UpClaimReasonDialog *
up_claim_reason_dialog_new (GtkWindow         *parent,
                            UpSubsidyDecision  decision,
                            guint              n_claims)
{
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  const char *body;
  const char *confirm;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (decision == UP_SUBSIDY_REJECT || decision == UP_SUBSIDY_SEND_BACK, NULL);

  if (decision == UP_SUBSIDY_REJECT)
    {
      /* Translators: heading of the dialog that rejects claims */
      heading = g_strdup_printf (g_dngettext (NULL, "Reject %u Claim?", "Reject %u Claims?", n_claims), n_claims);
      body = _("Pending claims among the selected are rejected. Say why: the trainee is told the reason, and it is kept with each claim.");
      confirm = _("_Reject");
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (NULL, "Send Back %u Claim?", "Send Back %u Claims?", n_claims), n_claims);
      body = _("Approved claims among the selected go back to pending and leave a draft batch, or are withdrawn "
               "from a batch under public notice. Say why: the reason is kept with each claim.");
      confirm = _("_Send Back");
    }

  dialog = g_object_new (UP_TYPE_CLAIM_REASON_DIALOG,
                         "transient-for", parent,
                         "heading", heading,
                         "body", body,
                         NULL);
  UP_CLAIM_REASON_DIALOG (dialog)->decision = decision;
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "confirm", confirm, NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "confirm", FALSE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "confirm");

  return UP_CLAIM_REASON_DIALOG (dialog);
}

UpSubsidyDecision
up_claim_reason_dialog_get_decision (UpClaimReasonDialog *self)
{
  g_return_val_if_fail (UP_IS_CLAIM_REASON_DIALOG (self), UP_SUBSIDY_REJECT);

  return self->decision;
}

const char *
up_claim_reason_dialog_get_reason (UpClaimReasonDialog *self)
{
  g_return_val_if_fail (UP_IS_CLAIM_REASON_DIALOG (self), NULL);

  return gtk_editable_get_text (self->reason_entry);
}
