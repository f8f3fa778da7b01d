/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-batch-mover"

#include "config.h"

#include <glib/gi18n.h>

#include "up-batch-conflict-dialog.h"
#include "up-batch-mover.h"
#include "up-error.h"
#include "up-money.h"
#include "up-widget-util.h"

/* A move gets the mover without a reference: the mover cancels its moves
 * when it goes away or changes database, and a cancelled call never
 * touches the mover. */

struct _UpBatchMover
{
  GObject       parent_instance;

  GtkWidget    *owner;
  UpDatabase   *database;
  GCancellable *cancellable;
  guint         n_busy;
};

G_DEFINE_FINAL_TYPE (UpBatchMover, up_batch_mover, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MESSAGE,
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A move, kept until it is done, and across the question whether to ask
 * again. */
typedef struct
{
  UpBatchMover   *self;
  UpBatchChange   change;
  UpPaymentBatch *batch;   /* as shown when asked */
  GArray         *ids;     /* the claims to add or to fail, or NULL */
  GDate           from;
  GDate           to;
} MoveData;

static void
move_data_free (MoveData *data)
{
  g_clear_object (&data->batch);
  g_clear_pointer (&data->ids, g_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoveData, move_data_free)

/* Auxiliary methods -------------------------------------------------------- */

static void
busy_changed (UpBatchMover *self,
              int           delta)
{
  gboolean was_busy = self->n_busy > 0;

  self->n_busy += delta;
  if (was_busy != (self->n_busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
say (UpBatchMover *self,
     const char   *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message, TRUE);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Callbacks ---------------------------------------------------------------- */

static void
conflict_response_cb (UpBatchMover          *self,
                      const char            *response,
                      UpBatchConflictDialog *dialog)
{
  MoveData *data = g_object_get_data (G_OBJECT (dialog), "up-move");

  if (g_strcmp0 (response, "again") != 0 || data == NULL || self->database == NULL)
    return;

  /* The same move, at the version just read. */
  up_batch_mover_move (self, data->change, data->batch, data->ids, &data->from, &data->to);
}

static void
conflict_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MoveData) data = user_data;
  UpBatchMover *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(UpPaymentBatch) fresh = NULL;
  UpBatchConflictDialog *dialog;

  fresh = up_payment_batch_get_finish (UP_DATABASE (object), result, &error);
  if (is_cancelled (error))
    return;

  self = data->self;
  g_signal_emit (self, signals[DONE], 0);
  busy_changed (self, -1);

  if (fresh == NULL)
    {
      say (self, error->message);
      return;
    }

  dialog = up_batch_conflict_dialog_new (up_widget_get_window (self->owner), data->change, data->batch, fresh);
  g_signal_emit (self, signals[MESSAGE], 0, adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), FALSE);

  /* Asked again, the move is the same one on the batch as read now. */
  g_set_object (&data->batch, fresh);
  data->self = NULL;
  g_object_set_data_full (G_OBJECT (dialog), "up-move", g_steal_pointer (&data), (GDestroyNotify) move_data_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (conflict_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
moved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MoveData) data = user_data;
  UpBatchMover *self;
  g_autoptr(GError) error = NULL;
  UpBatchChangeResult r;

  if (!up_payment_batch_change_finish (UP_DATABASE (object), result, &r, &error) && is_cancelled (error))
    return;

  self = data->self;

  if (g_error_matches (error, UP_ERROR, UP_ERROR_RETRY))
    {
      /* Someone else changed the batch: what, and ask again?  Still busy. */
      gint64 batch_id = up_payment_batch_get_id (data->batch);

      up_payment_batch_get_async (self->database, batch_id, self->cancellable, conflict_cb, g_steal_pointer (&data));
      return;
    }

  if (error != NULL)
    say (self, error->message);
  else
    switch (data->change)
      {
      case UP_BATCH_CHANGE_ADD_CLAIMS:
        {
          g_autofree char *message =
            /* Translators: claims put into a payment batch */
            g_strdup_printf (g_dngettext (NULL, "%u claim added to the batch; only approved claims in no batch are added.",
                                          "%u claims added to the batch; only approved claims in no batch are added.",
                                          r.n_claims), r.n_claims);
          say (self, message);
        }
        break;
      case UP_BATCH_CHANGE_SUBMIT:
        say (self, _("The batch is submitted: its claims, amounts and payees are frozen."));
        break;
      case UP_BATCH_CHANGE_START_NOTICE:
        say (self, _("The public notice of the batch has started."));
        break;
      case UP_BATCH_CHANGE_APPROVE:
        say (self, _("The batch is approved for payment."));
        break;
      case UP_BATCH_CHANGE_PAY:
        {
          g_autofree char *paid = up_money_format (r.paid_fen);
          /* Translators: %s is the yuan paid */
          g_autofree char *message = g_strdup_printf (_("The batch is paid: %s."), paid);

          say (self, message);
        }
        break;
      case UP_BATCH_CHANGE_REMOVE_CLAIMS:
      case UP_BATCH_CHANGE_WITHDRAW_CLAIMS:
      default:
        break;
      }

  g_signal_emit (self, signals[DONE], 0);
  busy_changed (self, -1);
}

/* GObject overrides -------------------------------------------------------- */

static void
cancel (UpBatchMover *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* Cancelled calls never come back to say they are done. */
  if (self->n_busy > 0)
    {
      self->n_busy = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
up_batch_mover_dispose (GObject *object)
{
  UpBatchMover *self = UP_BATCH_MOVER (object);

  cancel (self);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_batch_mover_parent_class)->dispose (object);
}

static void
up_batch_mover_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  UpBatchMover *self = UP_BATCH_MOVER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, up_batch_mover_is_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_batch_mover_class_init (UpBatchMoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = up_batch_mover_dispose;
  object_class->get_property = up_batch_mover_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
up_batch_mover_init (UpBatchMover *self)
{
}

/* Public API --------------------------------------------------------------- */

UpBatchMover *
up_batch_mover_new (GtkWidget *owner)
{
  UpBatchMover *self;

  g_return_val_if_fail (GTK_IS_WIDGET (owner), NULL);

  self = g_object_new (UP_TYPE_BATCH_MOVER, NULL);
  self->owner = owner;
  return self;
}

void
up_batch_mover_set_database (UpBatchMover *self,
                             UpDatabase   *db)
{
  g_return_if_fail (UP_IS_BATCH_MOVER (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  cancel (self);
  g_set_object (&self->database, db);
}

void
up_batch_mover_move (UpBatchMover   *self,
                     UpBatchChange   change,
                     UpPaymentBatch *batch,
                     GArray         *ids,
                     const GDate    *from,
                     const GDate    *to)
{
  MoveData *data;

  g_return_if_fail (UP_IS_BATCH_MOVER (self));
  g_return_if_fail (UP_IS_PAYMENT_BATCH (batch));

  if (self->database == NULL)
    return;

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();

  data = g_new0 (MoveData, 1);
  data->self = self;
  data->change = change;
  data->batch = g_object_ref (batch);
  if (ids != NULL)
    data->ids = g_array_ref (ids);
  g_date_clear (&data->from, 1);
  g_date_clear (&data->to, 1);
  if (from != NULL && g_date_valid (from))
    data->from = *from;
  if (to != NULL && g_date_valid (to))
    data->to = *to;
  busy_changed (self, +1);
  up_payment_batch_change_async (self->database, change, up_payment_batch_get_id (batch),
                                 up_payment_batch_get_version (batch),
                                 ids != NULL ? (gint64 *) ids->data : NULL, ids != NULL ? ids->len : 0,
                                 NULL, from, to, self->cancellable, moved_cb, data);
}

gboolean
up_batch_mover_is_busy (UpBatchMover *self)
{
  g_return_val_if_fail (UP_IS_BATCH_MOVER (self), FALSE);

  return self->n_busy > 0;
}
