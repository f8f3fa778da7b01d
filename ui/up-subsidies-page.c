/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-subsidies-page"

#include "config.h"

#include <glib/gi18n.h>

#include "up-batch-choice-dialog.h"
#include "up-batches-view.h"
#include "up-claims-view.h"
#include "up-import-dialog.h"
#include "up-subsidies-page.h"
#include "up-subsidy-scheme-dialog.h"
#include "up-ui-resources.h"
#include "up-widget-util.h"

/* The page holds the two tabs and their actions: the Claims tab
 * (UpClaimsView) and the Payment Batches tab (UpBatchesView) do the work,
 * the page passes between them what one needs of the other (the selected
 * claims to a batch, a batch to the claims filter) and reloads one when
 * the other changed what it shows.  Their messages go to the page's
 * toast. */

struct _UpSubsidiesPage
{
  GtkWidget        parent_instance;

  UpDatabase      *database;
  gboolean         busy;
  char            *last_message;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkSpinner      *spinner;
  GtkWidget       *trainee_box;
  GtkStack        *view_stack;
  UpClaimsView    *claims_view;
  UpBatchesView   *batches_view;
};

G_DEFINE_FINAL_TYPE (UpSubsidiesPage, up_subsidies_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods -------------------------------------------------------- */

static void
say (UpSubsidiesPage *self,
     const char      *message)
{
  AdwToast *toast;

  g_free (self->last_message);
  self->last_message = g_strdup (message);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* After a change: the claims, the batches and the claim shown, again. */
static void
changed (UpSubsidiesPage *self)
{
  up_claims_view_refresh (self->claims_view);
  up_batches_view_reload (self->batches_view);
}

/* Callbacks ---------------------------------------------------------------- */

static void
update_busy (UpSubsidiesPage *self)
{
  gboolean busy = up_subsidies_page_is_busy (self);

  gtk_spinner_set_spinning (self->spinner, busy);
  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_actions (UpSubsidiesPage *self)
{
  gboolean ready = self->database != NULL;
  guint n_selected;
  UpPaymentBatch *batch;
  UpBatchState state;

  /* NULL while the template is disposed. */
  if (self->claims_view == NULL || self->batches_view == NULL)
    return;

  n_selected = up_claims_view_get_n_selected (self->claims_view);
  batch = up_batches_view_get_selected_batch (self->batches_view);
  state = batch != NULL ? up_payment_batch_get_state (batch) : UP_BATCH_STATE_PAID;

  /* Which of the selected claims can move is the database's to say: the
   * actions act on those in the right state and say how many moved. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subsidies.approve", ready && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subsidies.reject", ready && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subsidies.send-back", ready && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subsidies.reissue", ready && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subsidies.add-to-batch", ready && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subsidies.edit-scheme", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subsidies.reload", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batches.new", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batches.import-results", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batches.submit", ready && batch != NULL
                                 && state == UP_BATCH_STATE_DRAFT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batches.start-notice", ready && batch != NULL
                                 && state == UP_BATCH_STATE_SUBMITTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batches.approve", ready && batch != NULL
                                 && state == UP_BATCH_STATE_NOTICE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batches.pay", ready && batch != NULL
                                 && state == UP_BATCH_STATE_APPROVED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batches.show-claims", ready && batch != NULL);
}

static void
message_cb (UpSubsidiesPage *self,
            const char      *message,
            gboolean         toast)
{
  if (toast)
    say (self, message);
  else
    {
      /* A dialog shows it. */
      g_free (self->last_message);
      self->last_message = g_strdup (message);
    }
}

/* A decision may take claims out of a batch. */
static void
claims_changed_cb (UpSubsidiesPage *self)
{
  up_batches_view_reload (self->batches_view);
}

/* A move of a batch changes its claims. */
static void
batches_changed_cb (UpSubsidiesPage *self)
{
  up_claims_view_refresh (self->claims_view);
}

static void
choose_batch_response_cb (UpSubsidiesPage     *self,
                          const char          *response,
                          UpBatchChoiceDialog *dialog)
{
  g_autoptr(GArray) ids = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;

  ids = up_claims_view_get_selected_ids (self->claims_view);
  up_batches_view_add_claims (self->batches_view, up_batch_choice_dialog_get_batch_id (dialog), ids);
}

static void
scheme_saved_cb (UpSubsidiesPage *self)
{
  changed (self);
}

static void
results_imported_cb (UpSubsidiesPage *self)
{
  up_subsidies_page_reload (self);
}

/* Actions ------------------------------------------------------------------ */

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  up_claims_view_decide (UP_SUBSIDIES_PAGE (widget)->claims_view, UP_SUBSIDY_APPROVE);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  up_claims_view_decide (UP_SUBSIDIES_PAGE (widget)->claims_view, UP_SUBSIDY_REJECT);
}

static void
send_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  up_claims_view_decide (UP_SUBSIDIES_PAGE (widget)->claims_view, UP_SUBSIDY_SEND_BACK);
}

static void
reissue_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  up_claims_view_decide (UP_SUBSIDIES_PAGE (widget)->claims_view, UP_SUBSIDY_REISSUE);
}

/* int64: a batch id, or 0 to choose among the drafts. */
static void
add_to_batch_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  gint64 batch_id = g_variant_get_int64 (parameter);
  UpBatchChoiceDialog *dialog;

  if (batch_id > 0)
    {
      g_autoptr(GArray) ids = up_claims_view_get_selected_ids (self->claims_view);

      up_batches_view_add_claims (self->batches_view, batch_id, ids);
      return;
    }

  dialog = up_batch_choice_dialog_new (up_widget_get_window (GTK_WIDGET (self)),
                                       up_batches_view_get_batches (self->batches_view));
  if (dialog == NULL)
    {
      say (self, _("There is no draft payment batch: make one on the Payment Batches tab first."));
      return;
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (choose_batch_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_scheme_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  GtkWidget *dialog;

  if (self->database == NULL)
    return;

  dialog = up_subsidy_scheme_dialog_new (up_widget_get_window (GTK_WIDGET (self)), self->database);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (scheme_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  up_subsidies_page_reload (UP_SUBSIDIES_PAGE (widget));
}

static void
all_trainees_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  up_subsidies_page_show_trainee (UP_SUBSIDIES_PAGE (widget), 0);
}

static void
new_batch_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  up_batches_view_new_batch (UP_SUBSIDIES_PAGE (widget)->batches_view);
}

/* Bank Results…: the bank's file for an approved batch, through the import
 * dialog, which pays the batch all or nothing. */
static void
import_results_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  UpImportDialog *dialog;

  if (self->database == NULL)
    return;

  dialog = up_import_dialog_new (up_widget_get_window (GTK_WIDGET (self)), self->database);
  up_import_dialog_set_kind (dialog, UP_IMPORT_PAYMENTS);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (results_imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  up_batches_view_submit (UP_SUBSIDIES_PAGE (widget)->batches_view);
}

static void
start_notice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  up_batches_view_start_notice (UP_SUBSIDIES_PAGE (widget)->batches_view);
}

static void
approve_batch_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  up_batches_view_approve (UP_SUBSIDIES_PAGE (widget)->batches_view);
}

/* The claims selected on the Claims tab that belong to the batch are the
 * ones the bank returned. */
static void
pay_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  UpPaymentBatch *batch = up_batches_view_get_selected_batch (self->batches_view);
  g_autoptr(GArray) failed = NULL;

  if (batch == NULL)
    return;

  failed = up_claims_view_get_selected_ids_in_batch (self->claims_view, up_payment_batch_get_id (batch));
  up_batches_view_pay (self->batches_view, failed);
}

static void
show_claims_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  UpPaymentBatch *batch = up_batches_view_get_selected_batch (self->batches_view);

  if (batch == NULL)
    return;

  up_claims_view_show_batch (self->claims_view, up_payment_batch_get_id (batch));
  gtk_stack_set_visible_child_name (self->view_stack, "claims");
}

/* GObject overrides -------------------------------------------------------- */

static void
up_subsidies_page_dispose (GObject *object)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (object);

  /* The tabs cancel their work as they go away: no news for the page. */
  if (self->claims_view != NULL)
    g_signal_handlers_disconnect_by_data (self->claims_view, self);
  if (self->batches_view != NULL)
    g_signal_handlers_disconnect_by_data (self->batches_view, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_SUBSIDIES_PAGE);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_subsidies_page_parent_class)->dispose (object);
}

static void
up_subsidies_page_finalize (GObject *object)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (object);

  g_clear_pointer (&self->last_message, g_free);

  G_OBJECT_CLASS (up_subsidies_page_parent_class)->finalize (object);
}

static void
up_subsidies_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_subsidies_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      up_subsidies_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_subsidies_page_class_init (UpSubsidiesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_subsidies_page_dispose;
  object_class->finalize = up_subsidies_page_finalize;
  object_class->get_property = up_subsidies_page_get_property;
  object_class->set_property = up_subsidies_page_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (UP_TYPE_CLAIMS_VIEW);
  g_type_ensure (UP_TYPE_BATCHES_VIEW);

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-subsidies-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, trainee_box);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, claims_view);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batches_view);
  gtk_widget_class_bind_template_callback (widget_class, update_busy);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);
  gtk_widget_class_bind_template_callback (widget_class, message_cb);
  gtk_widget_class_bind_template_callback (widget_class, claims_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, batches_changed_cb);

  gtk_widget_class_install_action (widget_class, "subsidies.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "subsidies.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "subsidies.send-back", NULL, send_back_action);
  gtk_widget_class_install_action (widget_class, "subsidies.reissue", NULL, reissue_action);
  gtk_widget_class_install_action (widget_class, "subsidies.add-to-batch", "x", add_to_batch_action);
  gtk_widget_class_install_action (widget_class, "subsidies.edit-scheme", NULL, edit_scheme_action);
  gtk_widget_class_install_action (widget_class, "subsidies.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "subsidies.all-trainees", NULL, all_trainees_action);
  gtk_widget_class_install_action (widget_class, "batches.new", NULL, new_batch_action);
  gtk_widget_class_install_action (widget_class, "batches.import-results", NULL, import_results_action);
  gtk_widget_class_install_action (widget_class, "batches.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "batches.start-notice", NULL, start_notice_action);
  gtk_widget_class_install_action (widget_class, "batches.approve", NULL, approve_batch_action);
  gtk_widget_class_install_action (widget_class, "batches.pay", NULL, pay_action);
  gtk_widget_class_install_action (widget_class, "batches.show-claims", NULL, show_claims_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "subsidies.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "subsidies.reload", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "subsidies");
}

static void
up_subsidies_page_init (UpSubsidiesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The batch filter of the claims follows the list of batches. */
  up_claims_view_set_batches (self->claims_view, up_batches_view_get_batches (self->batches_view));
  update_actions (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_subsidies_page_new (void)
{
  return g_object_new (UP_TYPE_SUBSIDIES_PAGE, NULL);
}

UpDatabase *
up_subsidies_page_get_database (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), NULL);

  return self->database;
}

void
up_subsidies_page_set_database (UpSubsidiesPage *self,
                                UpDatabase      *db)
{
  g_return_if_fail (UP_IS_SUBSIDIES_PAGE (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  if (self->database == db)
    return;

  g_set_object (&self->database, db);
  up_batches_view_set_database (self->batches_view, db);
  up_claims_view_set_database (self->claims_view, db);
  up_subsidies_page_reload (self);

  update_busy (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

/* The claims of one trainee (0: everyone's), shown until "Show All". */
void
up_subsidies_page_show_trainee (UpSubsidiesPage *self,
                                gint64           trainee_id)
{
  g_return_if_fail (UP_IS_SUBSIDIES_PAGE (self));

  gtk_widget_set_visible (self->trainee_box, trainee_id > 0);
  up_claims_view_set_trainee (self->claims_view, trainee_id);
}

void
up_subsidies_page_reload (UpSubsidiesPage *self)
{
  g_return_if_fail (UP_IS_SUBSIDIES_PAGE (self));

  if (self->database == NULL)
    return;

  up_claims_view_reload (self->claims_view);
  up_batches_view_reload (self->batches_view);
}

gboolean
up_subsidies_page_is_busy (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), FALSE);

  /* NULL while the template is disposed. */
  return (self->claims_view != NULL && up_claims_view_is_busy (self->claims_view))
         || (self->batches_view != NULL && up_batches_view_is_busy (self->batches_view));
}

GListModel *
up_subsidies_page_get_claims (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), NULL);

  return up_claims_view_get_claims (self->claims_view);
}

GtkSelectionModel *
up_subsidies_page_get_claim_selection (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), NULL);

  return up_claims_view_get_selection (self->claims_view);
}

GListModel *
up_subsidies_page_get_batches (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), NULL);

  return up_batches_view_get_batches (self->batches_view);
}

GtkSelectionModel *
up_subsidies_page_get_batch_selection (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), NULL);

  return up_batches_view_get_selection (self->batches_view);
}

const char *
up_subsidies_page_get_last_message (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), NULL);

  return self->last_message;
}
