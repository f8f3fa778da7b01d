/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-batches-view"

#include "config.h"

#include <glib/gi18n.h>

#include "up-batch-mover.h"
#include "up-batch-notice-dialog.h"
#include "up-batch-pay-dialog.h"
#include "up-batches-view.h"
#include "up-history-lines.h"
#include "up-money.h"
#include "up-new-batch-dialog.h"
#include "up-text-column.h"
#include "up-ui-resources.h"
#include "up-widget-util.h"

/* Loads get the view without a reference: the view cancels them when it
 * goes away or changes database, and a cancelled call never touches the
 * view.  Moves are its UpBatchMover's, which says when one is over. */

struct _UpBatchesView
{
  GtkWidget            parent_instance;

  UpDatabase          *database;
  UpBatchMover        *mover;
  GListStore          *batches;             /* of UpPaymentBatch */
  GtkSingleSelection  *selection;
  GCancellable        *cancellable;         /* loads and new batches of this database */
  GCancellable        *history_cancellable;
  guint                n_busy;
  gboolean             busy;

  /* Template widgets */
  GtkWidget           *content;
  GtkColumnView       *batches_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *fund_column;
  GtkColumnViewColumn *state_column;
  GtkColumnViewColumn *count_column;
  GtkColumnViewColumn *total_column;
  GtkColumnViewColumn *budget_column;
  GtkColumnViewColumn *notice_column;
  GtkListBox          *history_list;
};

G_DEFINE_FINAL_TYPE (UpBatchesView, up_batches_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_SELECTED_BATCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MESSAGE,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary methods -------------------------------------------------------- */

static char *
name_text (gpointer item)
{
  return g_strdup (up_payment_batch_get_name (item));
}

static char *
fund_text (gpointer item)
{
  return g_strdup (up_payment_batch_get_fund (item));
}

static char *
state_text (gpointer item)
{
  return g_strdup (up_batch_state_to_label (up_payment_batch_get_state (item)));
}

static char *
count_text (gpointer item)
{
  int failed = up_payment_batch_get_n_failed (item);

  if (failed > 0)
    /* Translators: claims in a batch, and how many of them the bank returned */
    return g_strdup_printf (_("%d (%d failed)"), up_payment_batch_get_n_claims (item), failed);
  return g_strdup_printf ("%d", up_payment_batch_get_n_claims (item));
}

static char *
total_text (gpointer item)
{
  return up_money_format (up_payment_batch_get_total_fen (item));
}

static char *
budget_text (gpointer item)
{
  gint64 budget = up_payment_batch_get_budget_fen (item);

  return budget >= 0 ? up_money_format (budget) : NULL;
}

static char *
notice_text (gpointer item)
{
  const char *from = up_payment_batch_get_notice_from (item);
  const char *to = up_payment_batch_get_notice_to (item);

  if (from == NULL || to == NULL)
    return NULL;
  /* Translators: a public notice period, from – to */
  return g_strdup_printf (_("%s – %s"), from, to);
}

static void
busy_changed (UpBatchesView *self,
              int            delta)
{
  gboolean busy;

  self->n_busy += delta;
  busy = up_batches_view_is_busy (self);
  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
say (UpBatchesView *self,
     const char    *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message, TRUE);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static UpPaymentBatch *
find_batch (UpBatchesView *self,
            gint64         id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->batches));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpPaymentBatch) batch = g_list_model_get_item (G_LIST_MODEL (self->batches), i);

      if (up_payment_batch_get_id (batch) == id)
        return batch;
    }
  return NULL;
}

/* Callbacks ---------------------------------------------------------------- */

static void
mover_busy_cb (UpBatchesView *self)
{
  busy_changed (self, 0);
}

static void
mover_message_cb (UpBatchesView *self,
                  const char    *message,
                  gboolean       toast)
{
  g_signal_emit (self, signals[MESSAGE], 0, message, toast);
}

/* After a move: the batches again, and the claims. */
static void
mover_done_cb (UpBatchesView *self)
{
  up_batches_view_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  UpBatchesView *self;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  history = up_payment_batch_list_history_finish (UP_DATABASE (object), result, &error);
  if (is_cancelled (error))
    return;

  self = UP_BATCHES_VIEW (user_data);
  g_clear_object (&self->history_cancellable);

  if (history == NULL)
    {
      const char *lines[] = { error->message, NULL };

      up_history_lines_set (self->history_list, lines);
    }
  else
    up_history_lines_set_entries (self->history_list, history, TRUE);

  busy_changed (self, -1);
}

static void
selection_changed_cb (UpBatchesView *self)
{
  UpPaymentBatch *batch = up_batches_view_get_selected_batch (self);
  const char *none[] = { NULL };

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_BATCH]);

  if (self->history_cancellable != NULL)
    {
      g_cancellable_cancel (self->history_cancellable);
      g_clear_object (&self->history_cancellable);
      busy_changed (self, -1);
    }

  if (batch == NULL || self->database == NULL)
    {
      up_history_lines_set (self->history_list, none);
      return;
    }

  self->history_cancellable = g_cancellable_new ();
  busy_changed (self, +1);
  up_payment_batch_list_history_async (self->database, up_payment_batch_get_id (batch),
                                       self->history_cancellable, history_cb, self);
}

static void
batches_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  UpBatchesView *self;
  g_autoptr(GListStore) batches = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  UpPaymentBatch *selected;
  gint64 selected_id;
  guint n;

  batches = up_payment_batch_list_finish (UP_DATABASE (object), result, &error);
  if (is_cancelled (error))
    return;

  self = UP_BATCHES_VIEW (user_data);

  if (batches == NULL)
    {
      say (self, error->message);
      busy_changed (self, -1);
      return;
    }

  selected = up_batches_view_get_selected_batch (self);
  selected_id = selected != NULL ? up_payment_batch_get_id (selected) : 0;

  n = g_list_model_get_n_items (G_LIST_MODEL (batches));
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (batches), i));
  g_list_store_splice (self->batches, 0, g_list_model_get_n_items (G_LIST_MODEL (self->batches)), items->pdata, n);

  /* The same batch stays selected across a reload. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < n; i++)
    if (up_payment_batch_get_id (g_ptr_array_index (items, i)) == selected_id)
      gtk_single_selection_set_selected (self->selection, i);

  /* Its state may have moved with the same row selected. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_BATCH]);
  busy_changed (self, -1);
}

static void
batches_view_activate_cb (UpBatchesView *self,
                          guint          position,
                          GtkColumnView *view)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "batches.show-claims", NULL);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  UpBatchesView *self;
  g_autoptr(UpPaymentBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  batch = up_payment_batch_create_finish (UP_DATABASE (object), result, &error);
  if (is_cancelled (error))
    return;

  self = UP_BATCHES_VIEW (user_data);

  if (batch == NULL)
    {
      say (self, error->message);
      busy_changed (self, -1);
      return;
    }

  /* Translators: %s is the name of a new payment batch */
  message = g_strdup_printf (_("Batch “%s” created. Select approved claims and add them to it."),
                             up_payment_batch_get_name (batch));
  say (self, message);
  up_batches_view_reload (self);
  busy_changed (self, -1);
}

static void
new_batch_response_cb (UpBatchesView    *self,
                       const char       *response,
                       UpNewBatchDialog *dialog)
{
  gint64 budget_fen = -1;

  if (g_strcmp0 (response, "create") != 0)
    return;

  if (!up_new_batch_dialog_get_budget (dialog, &budget_fen))
    {
      say (self, _("The budget is an amount in yuan, for example 200000 or 200,000.00."));
      return;
    }

  busy_changed (self, +1);
  up_payment_batch_create_async (self->database, up_new_batch_dialog_get_name (dialog),
                                 up_new_batch_dialog_get_fund (dialog), budget_fen, self->cancellable,
                                 created_cb, self);
}

static void
notice_response_cb (UpBatchesView       *self,
                    const char          *response,
                    UpBatchNoticeDialog *dialog)
{
  UpPaymentBatch *batch;
  GDate from, to;

  if (g_strcmp0 (response, "start") != 0)
    return;

  batch = find_batch (self, up_batch_notice_dialog_get_batch_id (dialog));
  if (batch == NULL)
    return;

  if (!up_batch_notice_dialog_get_period (dialog, &from, &to))
    {
      say (self, _("Enter the first and last day of the public notice as YYYY-MM-DD."));
      return;
    }

  up_batch_mover_move (self->mover, UP_BATCH_CHANGE_START_NOTICE, batch, NULL, &from, &to);
}

static void
pay_response_cb (UpBatchesView    *self,
                 const char       *response,
                 UpBatchPayDialog *dialog)
{
  UpPaymentBatch *batch = find_batch (self, up_batch_pay_dialog_get_batch_id (dialog));

  if (g_strcmp0 (response, "pay") != 0 || batch == NULL)
    return;

  up_batch_mover_move (self->mover, UP_BATCH_CHANGE_PAY, batch, up_batch_pay_dialog_get_failed (dialog), NULL, NULL);
}

/* GObject overrides -------------------------------------------------------- */

static void
cancel_all (UpBatchesView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->history_cancellable != NULL)
    g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  /* Cancelled calls never come back to say they are done. */
  self->n_busy = 0;
}

static void
up_batches_view_dispose (GObject *object)
{
  UpBatchesView *self = UP_BATCHES_VIEW (object);

  cancel_all (self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->mover != NULL)
    g_signal_handlers_disconnect_by_data (self->mover, self);
  g_clear_object (&self->mover);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_BATCHES_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->batches);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_batches_view_parent_class)->dispose (object);
}

static void
up_batches_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  UpBatchesView *self = UP_BATCHES_VIEW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_SELECTED_BATCH:
      g_value_set_object (value, up_batches_view_get_selected_batch (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_batches_view_class_init (UpBatchesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_batches_view_dispose;
  object_class->get_property = up_batches_view_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_BATCH] =
    g_param_spec_object ("selected-batch", NULL, NULL,
                         UP_TYPE_PAYMENT_BATCH,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-batches-view.ui");
  gtk_widget_class_bind_template_child (widget_class, UpBatchesView, content);
  gtk_widget_class_bind_template_child (widget_class, UpBatchesView, batches_view);
  gtk_widget_class_bind_template_child (widget_class, UpBatchesView, name_column);
  gtk_widget_class_bind_template_child (widget_class, UpBatchesView, fund_column);
  gtk_widget_class_bind_template_child (widget_class, UpBatchesView, state_column);
  gtk_widget_class_bind_template_child (widget_class, UpBatchesView, count_column);
  gtk_widget_class_bind_template_child (widget_class, UpBatchesView, total_column);
  gtk_widget_class_bind_template_child (widget_class, UpBatchesView, budget_column);
  gtk_widget_class_bind_template_child (widget_class, UpBatchesView, notice_column);
  gtk_widget_class_bind_template_child (widget_class, UpBatchesView, history_list);
  gtk_widget_class_bind_template_callback (widget_class, batches_view_activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
up_batches_view_init (UpBatchesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->mover = up_batch_mover_new (GTK_WIDGET (self));
  g_signal_connect_object (self->mover, "notify::busy", G_CALLBACK (mover_busy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mover, "message", G_CALLBACK (mover_message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mover, "done", G_CALLBACK (mover_done_cb), self, G_CONNECT_SWAPPED);
  self->batches = g_list_store_new (UP_TYPE_PAYMENT_BATCH);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->batches)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->batches_view, GTK_SELECTION_MODEL (self->selection));

  up_text_column_set_func (self->name_column, name_text, 0);
  up_text_column_set_func (self->fund_column, fund_text, 0);
  up_text_column_set_func (self->state_column, state_text, 0);
  up_text_column_set_func (self->count_column, count_text, 1);
  up_text_column_set_func (self->total_column, total_text, 1);
  up_text_column_set_func (self->budget_column, budget_text, 1);
  up_text_column_set_func (self->notice_column, notice_text, 0);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_batches_view_new (void)
{
  return g_object_new (UP_TYPE_BATCHES_VIEW, NULL);
}

void
up_batches_view_set_database (UpBatchesView *self,
                              UpDatabase    *db)
{
  g_return_if_fail (UP_IS_BATCHES_VIEW (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  if (self->database == db)
    return;

  cancel_all (self);
  self->cancellable = g_cancellable_new ();
  up_batch_mover_set_database (self->mover, db);
  g_list_store_remove_all (self->batches);
  g_set_object (&self->database, db);
  busy_changed (self, 0);
}

void
up_batches_view_reload (UpBatchesView *self)
{
  g_return_if_fail (UP_IS_BATCHES_VIEW (self));

  if (self->database == NULL)
    return;
  busy_changed (self, +1);
  up_payment_batch_list_async (self->database, self->cancellable, batches_cb, self);
}

GListModel *
up_batches_view_get_batches (UpBatchesView *self)
{
  g_return_val_if_fail (UP_IS_BATCHES_VIEW (self), NULL);

  return G_LIST_MODEL (self->batches);
}

GtkSelectionModel *
up_batches_view_get_selection (UpBatchesView *self)
{
  g_return_val_if_fail (UP_IS_BATCHES_VIEW (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

UpPaymentBatch *
up_batches_view_get_selected_batch (UpBatchesView *self)
{
  g_return_val_if_fail (UP_IS_BATCHES_VIEW (self), NULL);

  return self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

void
up_batches_view_new_batch (UpBatchesView *self)
{
  UpNewBatchDialog *dialog;

  g_return_if_fail (UP_IS_BATCHES_VIEW (self));

  dialog = up_new_batch_dialog_new (up_widget_get_window (GTK_WIDGET (self)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_batch_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
up_batches_view_submit (UpBatchesView *self)
{
  UpPaymentBatch *batch;

  g_return_if_fail (UP_IS_BATCHES_VIEW (self));

  batch = up_batches_view_get_selected_batch (self);
  if (batch != NULL)
    up_batch_mover_move (self->mover, UP_BATCH_CHANGE_SUBMIT, batch, NULL, NULL, NULL);
}

void
up_batches_view_start_notice (UpBatchesView *self)
{
  UpPaymentBatch *batch;
  UpBatchNoticeDialog *dialog;

  g_return_if_fail (UP_IS_BATCHES_VIEW (self));

  batch = up_batches_view_get_selected_batch (self);
  if (batch == NULL)
    return;

  dialog = up_batch_notice_dialog_new (up_widget_get_window (GTK_WIDGET (self)), up_payment_batch_get_id (batch));
  g_signal_connect_object (dialog, "response", G_CALLBACK (notice_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
up_batches_view_approve (UpBatchesView *self)
{
  UpPaymentBatch *batch;

  g_return_if_fail (UP_IS_BATCHES_VIEW (self));

  batch = up_batches_view_get_selected_batch (self);
  if (batch != NULL)
    up_batch_mover_move (self->mover, UP_BATCH_CHANGE_APPROVE, batch, NULL, NULL, NULL);
}

void
up_batches_view_pay (UpBatchesView *self,
                     GArray        *failed)
{
  UpPaymentBatch *batch;
  UpBatchPayDialog *dialog;

  g_return_if_fail (UP_IS_BATCHES_VIEW (self));
  g_return_if_fail (failed != NULL);

  batch = up_batches_view_get_selected_batch (self);
  if (batch == NULL)
    return;

  dialog = up_batch_pay_dialog_new (up_widget_get_window (GTK_WIDGET (self)), batch, failed);
  g_signal_connect_object (dialog, "response", G_CALLBACK (pay_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
up_batches_view_add_claims (UpBatchesView *self,
                            gint64         batch_id,
                            GArray        *claim_ids)
{
  UpPaymentBatch *batch;

  g_return_if_fail (UP_IS_BATCHES_VIEW (self));
  g_return_if_fail (claim_ids != NULL);

  batch = find_batch (self, batch_id);
  if (batch == NULL || claim_ids->len == 0)
    return;

  up_batch_mover_move (self->mover, UP_BATCH_CHANGE_ADD_CLAIMS, batch, claim_ids, NULL, NULL);
}

gboolean
up_batches_view_is_busy (UpBatchesView *self)
{
  g_return_val_if_fail (UP_IS_BATCHES_VIEW (self), FALSE);

  return self->n_busy > 0 || (self->mover != NULL && up_batch_mover_is_busy (self->mover));
}
