/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-claims-view"

#include "config.h"

#include <glib/gi18n.h>

#include "up-claim-column.h"
#include "up-claim-detail.h"
#include "up-claim-filter-bar.h"
#include "up-claim-reason-dialog.h"
#include "up-claims-view.h"
#include "up-money.h"
#include "up-subsidy-list.h"
#include "up-subsidy-rule.h"
#include "up-ui-resources.h"
#include "up-widget-util.h"

/* The claims come from an UpSubsidyList that pages rows in from the
 * server; the count and yuan of the filter come with its ids, those of the
 * selection from one query over the selected ids.  Each decision is one
 * statement over every selected claim (the caps and quotas are checked on
 * all of them at once); afterwards the claims load again.
 *
 * Loads and changes get the view without a reference: the view cancels
 * them when it goes away or changes database, and a cancelled call never
 * touches the view. */

struct _UpClaimsView
{
  GtkWidget            parent_instance;

  UpDatabase          *database;
  UpSubsidyList       *claims;
  GtkMultiSelection   *selection;
  GCancellable        *cancellable;       /* decisions */
  GCancellable        *sum_cancellable;   /* the selection's totals */
  guint                n_busy;
  guint                n_selected;
  gboolean             busy;
  gint64               trainee_id;        /* 0: every trainee */

  /* Template widgets */
  GtkWidget           *content;
  UpClaimFilterBar    *filter_bar;
  GtkStack            *claims_stack;
  GtkColumnView       *claims_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *academy_column;
  GtkColumnViewColumn *certificate_column;
  GtkColumnViewColumn *amount_column;
  GtkColumnViewColumn *state_column;
  GtkColumnViewColumn *rule_column;
  GtkColumnViewColumn *batch_column;
  GtkColumnViewColumn *claimed_column;
  AdwStatusPage       *error_page;
  UpClaimDetail       *detail;
  GtkLabel            *selection_label;
  GtkLabel            *filter_label;
};

G_DEFINE_FINAL_TYPE (UpClaimsView, up_claims_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_N_SELECTED,
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
  return g_strdup (up_subsidy_get_trainee_name (item));
}

static char *
id_text (gpointer item)
{
  return g_strdup (up_subsidy_get_id_number_masked (item));
}

static char *
academy_text (gpointer item)
{
  return g_strdup (up_subsidy_get_academy_name (item));
}

static char *
certificate_text (gpointer item)
{
  return g_strdup (up_subsidy_get_certificate_label (item));
}

static char *
amount_text (gpointer item)
{
  return up_money_format (up_subsidy_get_amount_fen (item));
}

static char *
state_text (gpointer item)
{
  return g_strdup (up_subsidy_state_to_label (up_subsidy_get_state (item)));
}

static char *
rule_text (gpointer item)
{
  return g_strdup (up_subsidy_rule_label (up_subsidy_get_refused_by (item)));
}

static char *
batch_text (gpointer item)
{
  return g_strdup (up_subsidy_get_batch_name (item));
}

static char *
claimed_text (gpointer item)
{
  return g_strdup (up_subsidy_get_claimed_on (item));
}

static void
update_busy (UpClaimsView *self)
{
  gboolean busy = up_claims_view_is_busy (self);

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
busy_changed (UpClaimsView *self,
              int           delta)
{
  self->n_busy += delta;
  update_busy (self);
}

static void
say (UpClaimsView *self,
     const char   *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message, TRUE);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* "12 claims · ¥8,400.00" */
static char *
totals_text (gint64 count,
             gint64 total_fen)
{
  g_autofree char *money = up_money_format (total_fen);
  g_autofree char *n = up_count_format (count);

  /* Translators: a number of subsidy claims and their total in yuan */
  return g_strdup_printf (g_dngettext (NULL, "%s claim · %s", "%s claims · %s", (gulong) count), n, money);
}

static void
update_filter_label (UpClaimsView *self)
{
  g_autofree char *totals = NULL;
  g_autofree char *text = NULL;
  guint n = self->claims != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->claims)) : 0;

  if (self->claims == NULL)
    {
      gtk_label_set_label (self->filter_label, NULL);
      return;
    }

  totals = totals_text (n, up_subsidy_list_get_total_fen (self->claims));
  /* Translators: the claims the filters show, e.g. “Shown: 120 claims · ¥84,000.00” */
  text = g_strdup_printf (_("Shown: %s"), totals);
  gtk_label_set_label (self->filter_label, text);
}

static void
show_selection_totals (UpClaimsView *self,
                       gint64        count,
                       gint64        total_fen)
{
  g_autofree char *totals = totals_text (count, total_fen);
  /* Translators: the selected claims, e.g. “Selected: 3 claims · ¥2,100.00” */
  g_autofree char *text = g_strdup_printf (_("Selected: %s"), totals);

  gtk_label_set_label (self->selection_label, text);
}

static void
set_n_selected (UpClaimsView *self,
                guint         n_selected)
{
  if (n_selected == self->n_selected)
    return;
  self->n_selected = n_selected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

/* Callbacks ---------------------------------------------------------------- */

static void
sum_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  UpClaimsView *self;
  g_autoptr(GError) error = NULL;
  UpSubsidyTotals totals;

  if (!up_subsidy_list_sum_finish (UP_DATABASE (object), result, &totals, &error) && is_cancelled (error))
    return;

  self = UP_CLAIMS_VIEW (user_data);
  g_clear_object (&self->sum_cancellable);

  if (error != NULL)
    gtk_label_set_label (self->selection_label, error->message);
  else
    show_selection_totals (self, totals.count, totals.total_fen);

  busy_changed (self, -1);
}

static void
selection_changed_cb (UpClaimsView *self)
{
  g_autoptr(GArray) ids = up_claims_view_get_selected_ids (self);

  if (self->sum_cancellable != NULL)
    {
      g_cancellable_cancel (self->sum_cancellable);
      g_clear_object (&self->sum_cancellable);
      busy_changed (self, -1);
    }

  set_n_selected (self, up_claims_view_get_n_selected (self));

  /* The claim beside the list: the one selected, when one is. */
  if (ids->len == 1 && g_array_index (ids, gint64, 0) != up_claim_detail_get_claim_id (self->detail))
    up_claim_detail_show (self->detail, g_array_index (ids, gint64, 0));

  if (ids->len == 0 || self->database == NULL)
    {
      show_selection_totals (self, 0, 0);
      return;
    }

  self->sum_cancellable = g_cancellable_new ();
  busy_changed (self, +1);
  up_subsidy_list_sum_async (self->database, NULL, (gint64 *) ids->data, ids->len, self->sum_cancellable,
                             sum_cb, self);
}

static void
claims_notify_cb (UpClaimsView *self)
{
  const GError *error = up_subsidy_list_get_error (self->claims);

  update_busy (self);
  update_filter_label (self);

  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->claims_stack, "error");
    }
  else if (!up_subsidy_list_get_loading (self->claims))
    gtk_stack_set_visible_child_name (self->claims_stack,
                                      g_list_model_get_n_items (G_LIST_MODEL (self->claims)) > 0
                                      ? "claims" : "empty");
}

static void
claims_view_activate_cb (UpClaimsView  *self,
                         guint          position,
                         GtkColumnView *view)
{
  up_claim_detail_show (self->detail, up_subsidy_list_get_id_at (self->claims, position));
}

static void
filter_changed_cb (UpClaimsView *self)
{
  UpSubsidyFilter filter;

  if (self->claims == NULL)
    return;

  up_subsidy_filter_init (&filter);
  up_claim_filter_bar_get_filter (self->filter_bar, &filter);
  filter.trainee_id = self->trainee_id;

  up_subsidy_list_set_filter (self->claims, &filter);
  up_subsidy_filter_clear (&filter);
}

/* Decisions ---------------------------------------------------------------- */

typedef struct
{
  UpClaimsView      *self;
  UpSubsidyDecision  decision;
  guint              n_asked;
} DecideData;

static void
decide_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree DecideData *data = user_data;
  UpClaimsView *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (!up_subsidy_decide_finish (UP_DATABASE (object), result, &n, &error) && is_cancelled (error))
    return;

  self = data->self;

  if (error != NULL)
    {
      say (self, error->message);
      busy_changed (self, -1);
      return;
    }

  switch (data->decision)
    {
    case UP_SUBSIDY_APPROVE:
      /* Translators: after approving; %u of %u selected claims */
      message = g_strdup_printf (g_dngettext (NULL, "%u of %u selected claim approved; only pending claims are approved.",
                                              "%u of %u selected claims approved; only pending claims are approved.",
                                              data->n_asked), n, data->n_asked);
      break;
    case UP_SUBSIDY_REJECT:
      message = g_strdup_printf (g_dngettext (NULL, "%u of %u selected claim rejected; only pending claims are rejected.",
                                              "%u of %u selected claims rejected; only pending claims are rejected.",
                                              data->n_asked), n, data->n_asked);
      break;
    case UP_SUBSIDY_SEND_BACK:
      message = g_strdup_printf (g_dngettext (NULL, "%u of %u selected claim sent back; only approved claims are sent back.",
                                              "%u of %u selected claims sent back; only approved claims are sent back.",
                                              data->n_asked), n, data->n_asked);
      break;
    case UP_SUBSIDY_REISSUE:
    default:
      message = g_strdup_printf (g_dngettext (NULL, "%u of %u selected claim reissued; only failed payments are reissued.",
                                              "%u of %u selected claims reissued; only failed payments are reissued.",
                                              data->n_asked), n, data->n_asked);
      break;
    }
  say (self, message);
  up_claims_view_refresh (self);
  g_signal_emit (self, signals[CHANGED], 0);
  busy_changed (self, -1);
}

static void
decide (UpClaimsView      *self,
        UpSubsidyDecision  decision,
        const char        *reason)
{
  g_autoptr(GArray) ids = up_claims_view_get_selected_ids (self);
  DecideData *data;

  if (ids->len == 0 || self->database == NULL)
    return;

  data = g_new0 (DecideData, 1);
  data->self = self;
  data->decision = decision;
  data->n_asked = ids->len;
  busy_changed (self, +1);
  up_subsidy_decide_async (self->database, decision, (gint64 *) ids->data, ids->len, reason, self->cancellable,
                           decide_cb, data);
}

static void
reason_response_cb (UpClaimsView        *self,
                    const char          *response,
                    UpClaimReasonDialog *dialog)
{
  if (g_strcmp0 (response, "confirm") != 0)
    return;

  decide (self, up_claim_reason_dialog_get_decision (dialog), up_claim_reason_dialog_get_reason (dialog));
}

/* GObject overrides -------------------------------------------------------- */

static void
cancel_all (UpClaimsView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sum_cancellable != NULL)
    g_cancellable_cancel (self->sum_cancellable);
  g_clear_object (&self->sum_cancellable);
  /* Cancelled calls never come back to say they are done. */
  self->n_busy = 0;
}

static void
up_claims_view_dispose (GObject *object)
{
  UpClaimsView *self = UP_CLAIMS_VIEW (object);

  cancel_all (self);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (self->claims, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  /* What they say as they go away is no news. */
  if (self->detail != NULL)
    g_signal_handlers_disconnect_by_data (self->detail, self);
  if (self->filter_bar != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_bar, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_CLAIMS_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->claims);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_claims_view_parent_class)->dispose (object);
}

static void
up_claims_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  UpClaimsView *self = UP_CLAIMS_VIEW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_N_SELECTED:
      g_value_set_uint (value, self->n_selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_claims_view_class_init (UpClaimsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_claims_view_dispose;
  object_class->get_property = up_claims_view_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL,
                       0, G_MAXUINT, 0,
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

  g_type_ensure (UP_TYPE_CLAIM_DETAIL);
  g_type_ensure (UP_TYPE_CLAIM_FILTER_BAR);

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-claims-view.ui");
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, content);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, claims_stack);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, claims_view);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, name_column);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, id_column);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, academy_column);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, certificate_column);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, amount_column);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, state_column);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, rule_column);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, batch_column);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, claimed_column);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, detail);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, selection_label);
  gtk_widget_class_bind_template_child (widget_class, UpClaimsView, filter_label);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, claims_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_busy);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
up_claims_view_init (UpClaimsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  up_claim_column_set_func (self->name_column, name_text, FALSE);
  up_claim_column_set_func (self->id_column, id_text, FALSE);
  up_claim_column_set_func (self->academy_column, academy_text, FALSE);
  up_claim_column_set_func (self->certificate_column, certificate_text, FALSE);
  up_claim_column_set_func (self->amount_column, amount_text, TRUE);
  up_claim_column_set_func (self->state_column, state_text, FALSE);
  up_claim_column_set_func (self->rule_column, rule_text, FALSE);
  up_claim_column_set_func (self->batch_column, batch_text, FALSE);
  up_claim_column_set_func (self->claimed_column, claimed_text, FALSE);

  show_selection_totals (self, 0, 0);
  gtk_stack_set_visible_child_name (self->claims_stack, "empty");
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_claims_view_new (void)
{
  return g_object_new (UP_TYPE_CLAIMS_VIEW, NULL);
}

void
up_claims_view_set_database (UpClaimsView *self,
                             UpDatabase   *db)
{
  g_return_if_fail (UP_IS_CLAIMS_VIEW (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  if (self->database == db)
    return;

  cancel_all (self);
  self->cancellable = g_cancellable_new ();

  gtk_column_view_set_model (self->claims_view, NULL);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (self->claims, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->claims);

  g_set_object (&self->database, db);
  up_claim_filter_bar_set_database (self->filter_bar, db);
  up_claim_detail_set_database (self->detail, db);

  if (db != NULL)
    {
      self->claims = up_subsidy_list_new (db);
      g_signal_connect_object (self->claims, "notify::n-items", G_CALLBACK (claims_notify_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->claims, "notify::total-fen", G_CALLBACK (claims_notify_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->claims, "notify::loading", G_CALLBACK (claims_notify_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->claims, "notify::error", G_CALLBACK (claims_notify_cb), self,
                               G_CONNECT_SWAPPED);
      self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->claims)));
      g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self,
                               G_CONNECT_SWAPPED);
      /* Items replaced by a reload drop their selection without a
       * selection-changed. */
      g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (selection_changed_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_column_view_set_model (self->claims_view, GTK_SELECTION_MODEL (self->selection));
      filter_changed_cb (self);
    }

  set_n_selected (self, 0);
  update_busy (self);
  update_filter_label (self);
}

void
up_claims_view_reload (UpClaimsView *self)
{
  g_return_if_fail (UP_IS_CLAIMS_VIEW (self));

  if (self->database == NULL)
    return;

  up_subsidy_list_reload (self->claims);
  up_claim_filter_bar_reload (self->filter_bar);
  update_busy (self);
}

void
up_claims_view_refresh (UpClaimsView *self)
{
  g_return_if_fail (UP_IS_CLAIMS_VIEW (self));

  if (self->claims == NULL)
    return;

  up_subsidy_list_reload (self->claims);
  up_claim_detail_reload (self->detail);
  update_busy (self);
}

/* The claims of one trainee (0: everyone's), shown until "Show All". */
void
up_claims_view_set_trainee (UpClaimsView *self,
                            gint64        trainee_id)
{
  g_return_if_fail (UP_IS_CLAIMS_VIEW (self));

  self->trainee_id = MAX (trainee_id, 0);
  filter_changed_cb (self);
}

void
up_claims_view_set_batches (UpClaimsView *self,
                            GListModel   *batches)
{
  g_return_if_fail (UP_IS_CLAIMS_VIEW (self));

  up_claim_filter_bar_set_batches (self->filter_bar, batches);
}

void
up_claims_view_show_batch (UpClaimsView *self,
                           gint64        batch_id)
{
  g_return_if_fail (UP_IS_CLAIMS_VIEW (self));

  up_claim_filter_bar_select_batch (self->filter_bar, batch_id);
}

void
up_claims_view_decide (UpClaimsView      *self,
                       UpSubsidyDecision  decision)
{
  g_autoptr(GArray) ids = NULL;
  UpClaimReasonDialog *dialog;

  g_return_if_fail (UP_IS_CLAIMS_VIEW (self));

  if (decision != UP_SUBSIDY_REJECT && decision != UP_SUBSIDY_SEND_BACK)
    {
      decide (self, decision, NULL);
      return;
    }

  ids = up_claims_view_get_selected_ids (self);
  if (ids->len == 0)
    return;

  dialog = up_claim_reason_dialog_new (up_widget_get_window (GTK_WIDGET (self)), decision, ids->len);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reason_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

GListModel *
up_claims_view_get_claims (UpClaimsView *self)
{
  g_return_val_if_fail (UP_IS_CLAIMS_VIEW (self), NULL);

  return G_LIST_MODEL (self->claims);
}

GtkSelectionModel *
up_claims_view_get_selection (UpClaimsView *self)
{
  g_return_val_if_fail (UP_IS_CLAIMS_VIEW (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

guint
up_claims_view_get_n_selected (UpClaimsView *self)
{
  g_autoptr(GtkBitset) set = NULL;

  g_return_val_if_fail (UP_IS_CLAIMS_VIEW (self), 0);

  if (self->selection == NULL)
    return 0;

  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) gtk_bitset_get_size (set);
}

GArray *
up_claims_view_get_selected_ids (UpClaimsView *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (UP_IS_CLAIMS_VIEW (self), ids);

  if (self->selection == NULL)
    return ids;

  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_iter_init_first (&iter, set, &position))
    do
      {
        gint64 id = up_subsidy_list_get_id_at (self->claims, position);

        if (id > 0)
          g_array_append_val (ids, id);
      }
    while (gtk_bitset_iter_next (&iter, &position));

  return ids;
}

/* Loaded rows only: the failed ones are chosen by looking at them. */
GArray *
up_claims_view_get_selected_ids_in_batch (UpClaimsView *self,
                                          gint64        batch_id)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (UP_IS_CLAIMS_VIEW (self), ids);

  if (self->selection == NULL)
    return ids;

  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_iter_init_first (&iter, set, &position))
    do
      {
        g_autoptr(UpSubsidy) claim = g_list_model_get_item (G_LIST_MODEL (self->claims), position);

        if (claim != NULL && up_subsidy_get_loaded (claim) && up_subsidy_get_batch_id (claim) == batch_id)
          {
            gint64 id = up_subsidy_get_id (claim);

            g_array_append_val (ids, id);
          }
      }
    while (gtk_bitset_iter_next (&iter, &position));

  return ids;
}

gboolean
up_claims_view_is_busy (UpClaimsView *self)
{
  g_return_val_if_fail (UP_IS_CLAIMS_VIEW (self), FALSE);

  return self->n_busy > 0
         || (self->claims != NULL && up_subsidy_list_get_loading (self->claims))
         /* NULL while the template is disposed. */
         || (self->detail != NULL && up_claim_detail_is_busy (self->detail))
         || (self->filter_bar != NULL && up_claim_filter_bar_is_busy (self->filter_bar));
}
