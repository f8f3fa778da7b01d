/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-subsidies-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "up-academy.h"
#include "up-error.h"
#include "up-money.h"
#include "up-payment-batch.h"
#include "up-import-dialog.h"
#include "up-subsidies-page.h"
#include "up-subsidy-list.h"
#include "up-subsidy-rule.h"
#include "up-subsidy-scheme-dialog.h"
#include "up-subsidy.h"
#include "up-text-column.h"
#include "up-ui-resources.h"

/* The claims come from an UpSubsidyList that pages rows in from the
 * server; the count and yuan of the filter come with its ids, those of the
 * selection from one query over the selected ids.  Each decision is one
 * statement over every selected claim (the caps and quotas are checked on
 * all of them at once); afterwards the list and the batches load again.
 *
 * Loads and changes get the page without a reference: the page cancels
 * them when it goes away or changes database, and a cancelled call never
 * touches the page. */

struct _UpSubsidiesPage
{
  GtkWidget           parent_instance;

  UpDatabase         *database;
  UpSubsidyList      *claims;
  GtkMultiSelection  *selection;
  GListStore         *batches;             /* of UpPaymentBatch */
  GtkSingleSelection *batch_selection;
  GArray             *academy_ids;         /* gint64 per academy_dropdown row; 0 = all */
  GArray             *batch_ids;           /* gint64 per batch_dropdown row; 0 = all, -1 = none */
  GArray             *years;               /* int per year_dropdown row; 0 = all */
  GPtrArray          *rules;               /* rule name per rule_dropdown row; NULL = all */
  GCancellable       *cancellable;         /* changes and loads of this database */
  GCancellable       *sum_cancellable;     /* the selection's totals */
  GCancellable       *detail_cancellable;  /* the claim shown beside the list */
  GCancellable       *batch_history_cancellable;
  guint               n_busy;
  gboolean            busy;
  gboolean            filling_filters;
  gint64              trainee_id;     /* 0: every trainee */
  gint64              detail_id;
  char               *last_message;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkSpinner         *spinner;
  GtkWidget          *trainee_box;
  GtkStack           *view_stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *state_dropdown;
  GtkDropDown        *academy_dropdown;
  GtkDropDown        *batch_dropdown;
  GtkDropDown        *year_dropdown;
  GtkDropDown        *rule_dropdown;
  GtkStack           *claims_stack;
  GtkColumnView      *claims_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *academy_column;
  GtkColumnViewColumn *certificate_column;
  GtkColumnViewColumn *amount_column;
  GtkColumnViewColumn *state_column;
  GtkColumnViewColumn *rule_column;
  GtkColumnViewColumn *batch_column;
  GtkColumnViewColumn *claimed_column;
  AdwStatusPage      *error_page;
  GtkLabel           *detail_title;
  GtkLabel           *detail_subtitle;
  GtkListBox         *trail_list;
  GtkListBox         *history_list;
  GtkListBox         *trainee_history_list;
  GtkLabel           *selection_label;
  GtkLabel           *filter_label;
  GtkColumnView      *batches_view;
  GtkColumnViewColumn *batch_name_column;
  GtkColumnViewColumn *batch_fund_column;
  GtkColumnViewColumn *batch_state_column;
  GtkColumnViewColumn *batch_count_column;
  GtkColumnViewColumn *batch_total_column;
  GtkColumnViewColumn *batch_budget_column;
  GtkColumnViewColumn *batch_notice_column;
  GtkListBox         *batch_history_list;
};

G_DEFINE_FINAL_TYPE (UpSubsidiesPage, up_subsidies_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_batches (UpSubsidiesPage *self);
static void update_actions (UpSubsidiesPage *self);

/* Auxiliary methods -------------------------------------------------------- */

/* Cells of a claim: the rows of the list are placeholders filled in place
 * when their page arrives, so a cell follows its row's "loaded". */

static void
claim_cell_update (GtkListItem *list_item)
{
  UpTextCellFunc func = g_object_get_data (G_OBJECT (list_item), "up-func");
  gpointer item = gtk_list_item_get_item (list_item);
  g_autofree char *text = item != NULL && up_subsidy_get_loaded (item) ? func (item) : NULL;
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));

  gtk_label_set_text (label, text != NULL ? text : "");
}

static void
claim_cell_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "up-xalign")));
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), 3);
  up_text_cell_enable_tooltip (label);
  gtk_list_item_set_child (list_item, label);
  g_object_set_data (G_OBJECT (list_item), "up-func", user_data);
}

static void
claim_cell_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  gpointer item = gtk_list_item_get_item (list_item);
  gulong handler;

  claim_cell_update (list_item);
  handler = g_signal_connect_object (item, "notify::loaded", G_CALLBACK (claim_cell_update), list_item,
                                     G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (list_item), "up-handler", GSIZE_TO_POINTER ((gsize) handler));
}

static void
claim_cell_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  gpointer item = gtk_list_item_get_item (list_item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "up-handler"));

  if (item != NULL && handler != 0)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (list_item), "up-handler", NULL);
}

static void
claim_column_set_func (GtkColumnViewColumn *column,
                       UpTextCellFunc       func,
                       gboolean             numeric)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "up-xalign", GINT_TO_POINTER (numeric ? 1 : 0));
  g_signal_connect (factory, "setup", G_CALLBACK (claim_cell_setup_cb), (gpointer) func);
  g_signal_connect (factory, "bind", G_CALLBACK (claim_cell_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (claim_cell_unbind_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
}

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

static char *
batch_name_text (gpointer item)
{
  return g_strdup (up_payment_batch_get_name (item));
}

static char *
batch_fund_text (gpointer item)
{
  return g_strdup (up_payment_batch_get_fund (item));
}

static char *
batch_state_text (gpointer item)
{
  return g_strdup (up_batch_state_to_label (up_payment_batch_get_state (item)));
}

static char *
batch_count_text (gpointer item)
{
  int failed = up_payment_batch_get_n_failed (item);

  if (failed > 0)
    /* Translators: claims in a batch, and how many of them the bank returned */
    return g_strdup_printf (_("%d (%d failed)"), up_payment_batch_get_n_claims (item), failed);
  return g_strdup_printf ("%d", up_payment_batch_get_n_claims (item));
}

static char *
batch_total_text (gpointer item)
{
  return up_money_format (up_payment_batch_get_total_fen (item));
}

static char *
batch_budget_text (gpointer item)
{
  gint64 budget = up_payment_batch_get_budget_fen (item);

  return budget >= 0 ? up_money_format (budget) : NULL;
}

static char *
batch_notice_text (gpointer item)
{
  const char *from = up_payment_batch_get_notice_from (item);
  const char *to = up_payment_batch_get_notice_to (item);

  if (from == NULL || to == NULL)
    return NULL;
  /* Translators: a public notice period, from – to */
  return g_strdup_printf (_("%s – %s"), from, to);
}

static void
busy_changed (UpSubsidiesPage *self,
              int              delta)
{
  gboolean busy;

  self->n_busy += delta;
  busy = self->n_busy > 0 || (self->claims != NULL && up_subsidy_list_get_loading (self->claims));
  gtk_spinner_set_spinning (self->spinner, busy);
  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

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

static GtkWindow *
get_parent_window (UpSubsidiesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The ids of the selected claims, in list order. */
static GArray *
selected_ids (UpSubsidiesPage *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint position;

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

static UpPaymentBatch *
get_selected_batch (UpSubsidiesPage *self)
{
  return self->batch_selection != NULL ? gtk_single_selection_get_selected_item (self->batch_selection) : NULL;
}

static void
update_actions (UpSubsidiesPage *self)
{
  gboolean ready = self->database != NULL;
  guint n_selected = 0;
  UpPaymentBatch *batch = get_selected_batch (self);
  UpBatchState state = batch != NULL ? up_payment_batch_get_state (batch) : UP_BATCH_STATE_PAID;

  if (self->selection != NULL)
    {
      g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

      n_selected = (guint) gtk_bitset_get_size (set);
    }

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

/* "12 claims · ¥8,400.00" */
static char *
totals_text (gint64 count,
             gint64 total_fen)
{
  g_autofree char *money = up_money_format (total_fen);
  g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, count);

  /* Translators: a number of subsidy claims and their total in yuan */
  return g_strdup_printf (g_dngettext (NULL, "%s claim · %s", "%s claims · %s", (gulong) count), n, money);
}

static void
update_filter_label (UpSubsidiesPage *self)
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
show_selection_totals (UpSubsidiesPage *self,
                       gint64           count,
                       gint64           total_fen)
{
  g_autofree char *totals = totals_text (count, total_fen);
  /* Translators: the selected claims, e.g. “Selected: 3 claims · ¥2,100.00” */
  g_autofree char *text = g_strdup_printf (_("Selected: %s"), totals);

  gtk_label_set_label (self->selection_label, text);
}

/* List boxes of plain lines (the rule trail, a history). */

static GtkWidget *
line_row_new (gpointer item,
              gpointer user_data)
{
  GtkWidget *label = gtk_label_new (gtk_string_object_get_string (item));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  return label;
}

static void
set_lines (GtkListBox         *list,
           const char * const *lines)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (lines);

  gtk_list_box_bind_model (list, G_LIST_MODEL (model), line_row_new, NULL, NULL);
}

/* "2025-11-25 14:30 · 李娜 (upskill) · Pending → Approved" */
static char *
history_line (const UpAuditEntry *entry,
              gboolean            with_claim)
{
  g_autofree char *when = entry->at != NULL ? g_date_time_format (entry->at, "%Y-%m-%d %H:%M") : g_strdup ("");
  g_autofree char *what = up_audit_entry_describe (entry);
  g_autofree char *who = NULL;

  if (entry->person != NULL)
    /* Translators: who made a change: the person's name and the database role */
    who = g_strdup_printf (_("%s (%s)"), entry->person, entry->db_role);
  else
    who = g_strdup (entry->db_role);

  if (with_claim && g_strcmp0 (entry->table_name, "subsidies") == 0)
    {
      g_autofree char *claim = g_strdup_printf ("%" G_GINT64_FORMAT, entry->row_id);

      /* Translators: a line of a batch's history about one of its claims:
       * time · who · claim number and trainee: what changed */
      return g_strdup_printf (_("%s · %s · claim %s %s: %s"), when, who, claim,
                              entry->trainee_name != NULL ? entry->trainee_name : "", what);
    }

  /* Translators: a line of a history: time · who · what changed */
  return g_strdup_printf (_("%s · %s · %s"), when, who, what);
}

static void
set_history (GtkListBox *list,
             GPtrArray  *entries,
             gboolean    with_claims)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  /* Newest first. */
  for (guint i = entries->len; i > 0; i--)
    g_ptr_array_add (lines, history_line (g_ptr_array_index (entries, i - 1), with_claims));
  g_ptr_array_add (lines, NULL);
  set_lines (list, (const char * const *) lines->pdata);
}

static void
clear_detail (UpSubsidiesPage *self)
{
  const char *none[] = { NULL };

  self->detail_id = 0;
  gtk_label_set_label (self->detail_title, _("Select a claim to see why it has its amount, and its history."));
  gtk_label_set_label (self->detail_subtitle, NULL);
  set_lines (self->trail_list, none);
  set_lines (self->history_list, none);
  set_lines (self->trainee_history_list, none);
}

/* Callbacks ---------------------------------------------------------------- */

static void
detail_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpSubsidiesPage *self;
  g_autoptr(UpSubsidy) claim = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *amount = NULL;
  GPtrArray *trail;

  claim = up_subsidy_get_finish (UP_DATABASE (object), result, &error);
  if (is_cancelled (error))
    return;

  self = UP_SUBSIDIES_PAGE (user_data);
  g_clear_object (&self->detail_cancellable);
  busy_changed (self, -1);

  if (claim == NULL)
    {
      gtk_label_set_label (self->detail_title, error->message);
      return;
    }

  amount = up_money_format (up_subsidy_get_amount_fen (claim));
  /* Translators: a claim's heading: trainee, amount, state */
  title = g_strdup_printf (_("%s · %s · %s"), up_subsidy_get_trainee_name (claim), amount,
                           up_subsidy_state_to_label (up_subsidy_get_state (claim)));
  /* Translators: a claim's details: masked ID number, certificate, its number and issue date, academy */
  subtitle = g_strdup_printf (_("%s\n%s, no. %s, issued %s\n%s"), up_subsidy_get_id_number_masked (claim),
                              up_subsidy_get_certificate_label (claim), up_subsidy_get_certificate_no (claim),
                              up_subsidy_get_issued_on (claim), up_subsidy_get_academy_name (claim));
  if (up_subsidy_get_reason (claim) != NULL)
    {
      g_autofree char *with_reason = g_strdup_printf (_("%s\nReason: %s"), subtitle, up_subsidy_get_reason (claim));

      g_free (subtitle);
      subtitle = g_steal_pointer (&with_reason);
    }
  gtk_label_set_label (self->detail_title, title);
  gtk_label_set_label (self->detail_subtitle, subtitle);

  trail = up_subsidy_get_rule_lines (claim);
  lines = g_ptr_array_new ();
  for (guint i = 0; i < trail->len; i++)
    g_ptr_array_add (lines, ((UpSubsidyRuleLine *) g_ptr_array_index (trail, i))->sentence);
  g_ptr_array_add (lines, NULL);
  set_lines (self->trail_list, (const char * const *) lines->pdata);

  set_history (self->history_list, up_subsidy_get_history (claim), FALSE);
  set_history (self->trainee_history_list, up_subsidy_get_trainee_history (claim), TRUE);
}

static void
load_detail (UpSubsidiesPage *self,
             gint64           id)
{
  if (self->detail_cancellable != NULL)
    {
      g_cancellable_cancel (self->detail_cancellable);
      g_clear_object (&self->detail_cancellable);
      busy_changed (self, -1);
    }
  if (id == 0 || self->database == NULL)
    {
      clear_detail (self);
      return;
    }

  self->detail_id = id;
  self->detail_cancellable = g_cancellable_new ();
  busy_changed (self, +1);
  up_subsidy_get_async (self->database, id, self->detail_cancellable, detail_cb, self);
}

static void
sum_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  UpSubsidiesPage *self;
  g_autoptr(GError) error = NULL;
  UpSubsidyTotals totals;

  if (!up_subsidy_list_sum_finish (UP_DATABASE (object), result, &totals, &error) && is_cancelled (error))
    return;

  self = UP_SUBSIDIES_PAGE (user_data);
  g_clear_object (&self->sum_cancellable);
  busy_changed (self, -1);

  if (error != NULL)
    {
      gtk_label_set_label (self->selection_label, error->message);
      return;
    }

  show_selection_totals (self, totals.count, totals.total_fen);
}

static void
selection_changed_cb (UpSubsidiesPage *self)
{
  g_autoptr(GArray) ids = selected_ids (self);

  if (self->sum_cancellable != NULL)
    {
      g_cancellable_cancel (self->sum_cancellable);
      g_clear_object (&self->sum_cancellable);
      busy_changed (self, -1);
    }

  update_actions (self);

  /* The claim beside the list: the one selected, when one is. */
  if (ids->len == 1 && g_array_index (ids, gint64, 0) != self->detail_id)
    load_detail (self, g_array_index (ids, gint64, 0));

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
claims_notify_cb (UpSubsidiesPage *self)
{
  const GError *error = up_subsidy_list_get_error (self->claims);

  busy_changed (self, 0);
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
claims_view_activate_cb (UpSubsidiesPage *self,
                         guint            position,
                         GtkColumnView   *view)
{
  load_detail (self, up_subsidy_list_get_id_at (self->claims, position));
}

static void
filter_changed_cb (UpSubsidiesPage *self)
{
  UpSubsidyFilter filter;
  guint i;

  if (self->filling_filters || self->claims == NULL)
    return;

  up_subsidy_filter_init (&filter);

  i = gtk_drop_down_get_selected (self->state_dropdown);
  filter.state = i != GTK_INVALID_LIST_POSITION && i > 0 ? (int) i - 1 : -1;
  i = gtk_drop_down_get_selected (self->academy_dropdown);
  if (i < self->academy_ids->len)
    filter.academy_id = g_array_index (self->academy_ids, gint64, i);
  i = gtk_drop_down_get_selected (self->batch_dropdown);
  if (i < self->batch_ids->len)
    filter.batch_id = g_array_index (self->batch_ids, gint64, i);
  i = gtk_drop_down_get_selected (self->year_dropdown);
  if (i < self->years->len)
    filter.year = g_array_index (self->years, int, i);
  i = gtk_drop_down_get_selected (self->rule_dropdown);
  if (i < self->rules->len && g_ptr_array_index (self->rules, i) != NULL)
    filter.rule = g_strdup (g_ptr_array_index (self->rules, i));
  filter.search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  filter.trainee_id = self->trainee_id;

  up_subsidy_list_set_filter (self->claims, &filter);
  up_subsidy_filter_clear (&filter);
}

static void
fill_string_list (GtkDropDown        *dropdown,
                  const char * const *strings)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (strings);

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static void
setup_filters (UpSubsidiesPage *self)
{
  g_autoptr(GPtrArray) states = g_ptr_array_new ();
  g_autoptr(GPtrArray) years = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rule_labels = g_ptr_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char * const *names = up_subsidy_rule_names ();
  const char *all_academies[] = { _("All academies"), NULL };
  const char *all_batches[] = { _("Any batch"), _("In no batch"), NULL };
  gint64 none[] = { 0, UP_SUBSIDY_FILTER_NO_BATCH };
  int any_year = 0;

  self->filling_filters = TRUE;

  g_ptr_array_add (states, (gpointer) _("All states"));
  for (int s = UP_SUBSIDY_STATE_PENDING; s <= UP_SUBSIDY_STATE_FAILED; s++)
    g_ptr_array_add (states, (gpointer) up_subsidy_state_to_label (s));
  g_ptr_array_add (states, NULL);
  fill_string_list (self->state_dropdown, (const char * const *) states->pdata);

  g_ptr_array_add (years, g_strdup (_("All years")));
  g_array_append_val (self->years, any_year);
  for (int y = g_date_time_get_year (now); y >= g_date_time_get_year (now) - 5; y--)
    {
      g_ptr_array_add (years, g_strdup_printf ("%d", y));
      g_array_append_val (self->years, y);
    }
  g_ptr_array_add (years, NULL);
  fill_string_list (self->year_dropdown, (const char * const *) years->pdata);

  g_ptr_array_add (rule_labels, (gpointer) _("Any rule"));
  g_ptr_array_add (self->rules, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      /* Only rules that refuse a claim are a reason to filter by. */
      if (g_str_equal (names[i], "rate") || g_str_equal (names[i], "shortage_uplift"))
        continue;
      g_ptr_array_add (rule_labels, (gpointer) up_subsidy_rule_label (names[i]));
      g_ptr_array_add (self->rules, (gpointer) names[i]);
    }
  g_ptr_array_add (rule_labels, NULL);
  fill_string_list (self->rule_dropdown, (const char * const *) rule_labels->pdata);

  g_array_append_val (self->academy_ids, none[0]);
  fill_string_list (self->academy_dropdown, all_academies);
  gtk_drop_down_set_expression (self->academy_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));

  g_array_append_vals (self->batch_ids, none, 2);
  fill_string_list (self->batch_dropdown, all_batches);

  self->filling_filters = FALSE;
}

static void
academies_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  UpSubsidiesPage *self;
  g_autoptr(GListStore) academies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  gint64 selected_id = 0;
  guint selected = 0;
  guint n;

  academies = up_academy_list_finish (UP_DATABASE (object), result, &error);
  if (is_cancelled (error))
    return;

  self = UP_SUBSIDIES_PAGE (user_data);
  busy_changed (self, -1);

  if (academies == NULL)
    {
      g_debug ("Cannot list the academies: %s", error->message);
      return;
    }

  if (gtk_drop_down_get_selected (self->academy_dropdown) < self->academy_ids->len)
    selected_id = g_array_index (self->academy_ids, gint64, gtk_drop_down_get_selected (self->academy_dropdown));

  n = g_list_model_get_n_items (G_LIST_MODEL (academies));
  names = g_ptr_array_new_full (n + 2, g_free);
  g_array_set_size (self->academy_ids, 1);
  g_ptr_array_add (names, g_strdup (_("All academies")));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpAcademy) academy = g_list_model_get_item (G_LIST_MODEL (academies), i);
      gint64 id = up_academy_get_id (academy);

      g_ptr_array_add (names, g_strdup (up_academy_get_name (academy)));
      g_array_append_val (self->academy_ids, id);
      if (id == selected_id)
        selected = i + 1;
    }
  g_ptr_array_add (names, NULL);

  self->filling_filters = TRUE;
  fill_string_list (self->academy_dropdown, (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->academy_dropdown, selected);
  self->filling_filters = FALSE;
}

/* The batch filter follows the list of batches. */
static void
fill_batch_filter (UpSubsidiesPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->batches));
  g_autoptr(GPtrArray) names = g_ptr_array_new_full (n + 3, g_free);
  gint64 selected_id = 0;
  guint selected = 0;

  if (gtk_drop_down_get_selected (self->batch_dropdown) < self->batch_ids->len)
    selected_id = g_array_index (self->batch_ids, gint64, gtk_drop_down_get_selected (self->batch_dropdown));
  if (selected_id == UP_SUBSIDY_FILTER_NO_BATCH)
    selected = 1;

  g_array_set_size (self->batch_ids, 2);
  g_ptr_array_add (names, g_strdup (_("Any batch")));
  g_ptr_array_add (names, g_strdup (_("In no batch")));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpPaymentBatch) batch = g_list_model_get_item (G_LIST_MODEL (self->batches), i);
      gint64 id = up_payment_batch_get_id (batch);

      g_ptr_array_add (names, g_strdup (up_payment_batch_get_name (batch)));
      g_array_append_val (self->batch_ids, id);
      if (id == selected_id)
        selected = i + 2;
    }
  g_ptr_array_add (names, NULL);

  self->filling_filters = TRUE;
  fill_string_list (self->batch_dropdown, (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->batch_dropdown, selected);
  self->filling_filters = FALSE;
}

static void
batch_history_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  UpSubsidiesPage *self;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  history = up_payment_batch_list_history_finish (UP_DATABASE (object), result, &error);
  if (is_cancelled (error))
    return;

  self = UP_SUBSIDIES_PAGE (user_data);
  g_clear_object (&self->batch_history_cancellable);
  busy_changed (self, -1);

  if (history == NULL)
    {
      const char *lines[] = { error->message, NULL };

      set_lines (self->batch_history_list, lines);
      return;
    }

  set_history (self->batch_history_list, history, TRUE);
}

static void
batch_selection_changed_cb (UpSubsidiesPage *self)
{
  UpPaymentBatch *batch = get_selected_batch (self);
  const char *none[] = { NULL };

  update_actions (self);

  if (self->batch_history_cancellable != NULL)
    {
      g_cancellable_cancel (self->batch_history_cancellable);
      g_clear_object (&self->batch_history_cancellable);
      busy_changed (self, -1);
    }

  if (batch == NULL || self->database == NULL)
    {
      set_lines (self->batch_history_list, none);
      return;
    }

  self->batch_history_cancellable = g_cancellable_new ();
  busy_changed (self, +1);
  up_payment_batch_list_history_async (self->database, up_payment_batch_get_id (batch),
                                       self->batch_history_cancellable, batch_history_cb, self);
}

static void
batches_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  UpSubsidiesPage *self;
  g_autoptr(GListStore) batches = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  UpPaymentBatch *selected;
  gint64 selected_id;
  guint n;

  batches = up_payment_batch_list_finish (UP_DATABASE (object), result, &error);
  if (is_cancelled (error))
    return;

  self = UP_SUBSIDIES_PAGE (user_data);
  busy_changed (self, -1);

  if (batches == NULL)
    {
      say (self, error->message);
      return;
    }

  selected = get_selected_batch (self);
  selected_id = selected != NULL ? up_payment_batch_get_id (selected) : 0;

  n = g_list_model_get_n_items (G_LIST_MODEL (batches));
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (batches), i));
  g_list_store_splice (self->batches, 0, g_list_model_get_n_items (G_LIST_MODEL (self->batches)), items->pdata, n);

  /* The same batch stays selected across a reload. */
  gtk_single_selection_set_selected (self->batch_selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < n; i++)
    if (up_payment_batch_get_id (g_ptr_array_index (items, i)) == selected_id)
      gtk_single_selection_set_selected (self->batch_selection, i);

  fill_batch_filter (self);
  update_actions (self);
}

static void
load_batches (UpSubsidiesPage *self)
{
  if (self->database == NULL)
    return;
  busy_changed (self, +1);
  up_payment_batch_list_async (self->database, self->cancellable, batches_cb, self);
}

/* After a change: the claims, the batches and the claim shown, again. */
static void
changed (UpSubsidiesPage *self)
{
  gint64 detail = self->detail_id;

  up_subsidy_list_reload (self->claims);
  load_batches (self);
  self->detail_id = 0;
  if (detail != 0)
    load_detail (self, detail);
}

/* Decisions -------------------------------------------------------------- */

typedef struct
{
  UpSubsidiesPage   *self;
  UpSubsidyDecision  decision;
  guint              n_asked;
} DecideData;

static void
decide_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree DecideData *data = user_data;
  UpSubsidiesPage *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (!up_subsidy_decide_finish (UP_DATABASE (object), result, &n, &error) && is_cancelled (error))
    return;

  self = data->self;
  busy_changed (self, -1);

  if (error != NULL)
    {
      say (self, error->message);
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
  changed (self);
}

static void
decide (UpSubsidiesPage   *self,
        UpSubsidyDecision  decision,
        const char        *reason)
{
  g_autoptr(GArray) ids = selected_ids (self);
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
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  decide (UP_SUBSIDIES_PAGE (widget), UP_SUBSIDY_APPROVE, NULL);
}

static void
reissue_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  decide (UP_SUBSIDIES_PAGE (widget), UP_SUBSIDY_REISSUE, NULL);
}

static void
reason_changed_cb (AdwMessageDialog *dialog,
                   GtkEditable      *entry)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "confirm", *reason != '\0');
}

static void
reason_response_cb (UpSubsidiesPage  *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "up-reason");
  UpSubsidyDecision decision = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "up-decision"));

  if (g_strcmp0 (response, "confirm") != 0)
    return;

  decide (self, decision, gtk_editable_get_text (entry));
}

static void
ask_reason (UpSubsidiesPage   *self,
            UpSubsidyDecision  decision)
{
  g_autoptr(GArray) ids = selected_ids (self);
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  g_autofree char *heading = NULL;
  const char *body;
  const char *confirm;

  if (ids->len == 0)
    return;

  if (decision == UP_SUBSIDY_REJECT)
    {
      /* Translators: heading of the dialog that rejects claims */
      heading = g_strdup_printf (g_dngettext (NULL, "Reject %u Claim?", "Reject %u Claims?", ids->len), ids->len);
      body = _("Pending claims among the selected are rejected. Say why: the trainee is told the reason, and it is kept with each claim.");
      confirm = _("_Reject");
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (NULL, "Send Back %u Claim?", "Send Back %u Claims?", ids->len), ids->len);
      body = _("Approved claims among the selected go back to pending and leave a draft batch, or are withdrawn "
               "from a batch under public notice. Say why: the reason is kept with each claim.");
      confirm = _("_Send Back");
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_parent_window (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "confirm", confirm, NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "confirm", FALSE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "confirm");

  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "subsidies-reason-entry");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. the certificate does not match the trainee"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, G_CONNECT_SWAPPED);

  g_object_set_data (G_OBJECT (dialog), "up-reason", entry);
  g_object_set_data (G_OBJECT (dialog), "up-decision", GINT_TO_POINTER (decision));
  g_signal_connect_object (dialog, "response", G_CALLBACK (reason_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_reason (UP_SUBSIDIES_PAGE (widget), UP_SUBSIDY_REJECT);
}

static void
send_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ask_reason (UP_SUBSIDIES_PAGE (widget), UP_SUBSIDY_SEND_BACK);
}

/* Batches ------------------------------------------------------------------ */

/* A move of a batch, kept until it is done: when the database refuses it
 * because someone else changed the batch since the page read it, the page
 * reads the batch again, says what changed and offers to ask again. */
typedef struct
{
  UpSubsidiesPage *self;
  UpBatchChange    change;
  UpPaymentBatch  *batch;   /* as the page showed it when asked */
  GArray          *ids;     /* the claims to add or to fail, or NULL */
  GDate            from;
  GDate            to;
} BatchChangeData;

static void
batch_change_data_free (BatchChangeData *data)
{
  g_clear_object (&data->batch);
  g_clear_pointer (&data->ids, g_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BatchChangeData, batch_change_data_free)

static void change_batch (UpSubsidiesPage *self,
                          UpBatchChange    change,
                          UpPaymentBatch  *batch,
                          GArray          *ids,
                          const GDate     *from,
                          const GDate     *to);

/* "Submit it as it is now?"  Claims leave a batch by Send Back, which
 * names no version: those moves never come here. */
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

static void
batch_conflict_response_cb (UpSubsidiesPage  *self,
                            const char       *response,
                            AdwMessageDialog *dialog)
{
  BatchChangeData *data = g_object_get_data (G_OBJECT (dialog), "up-change");

  if (g_strcmp0 (response, "again") != 0 || data == NULL || self->database == NULL)
    return;

  /* The same move, at the version just read. */
  change_batch (self, data->change, data->batch, data->ids, &data->from, &data->to);
}

static void
batch_conflict_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BatchChangeData) data = user_data;
  UpSubsidiesPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(UpPaymentBatch) fresh = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  AdwMessageDialog *dialog;
  gboolean again;

  fresh = up_payment_batch_get_finish (UP_DATABASE (object), result, &error);
  if (is_cancelled (error))
    return;

  self = data->self;
  busy_changed (self, -1);
  changed (self);

  if (fresh == NULL)
    {
      say (self, error->message);
      return;
    }

  lines = up_payment_batch_describe_changes (data->batch, fresh);
  again = up_payment_batch_allows (fresh, data->change);
  if (lines[0] != NULL)
    {
      g_autofree char *list = g_strjoinv ("\n", lines);

      /* Translators: %s is the batch's name; the lines of what changed follow */
      g_string_append_printf (body, _("Someone else changed the payment batch “%s” since it was shown here:"),
                              up_payment_batch_get_name (data->batch));
      g_string_append_printf (body, "\n%s\n\n", list);
    }
  else
    {
      /* Translators: %s is the batch's name */
      g_string_append_printf (body, _("Someone else saved the payment batch “%s” since it was shown here, without "
                                      "changing what this page shows."),
                              up_payment_batch_get_name (data->batch));
      g_string_append (body, "\n\n");
    }
  if (again)
    g_string_append (body, ask_again_text (data->change));
  else
    {
      g_autofree char *too_late = too_late_text (data->change, fresh);

      g_string_append (body, too_late);
    }

  g_free (self->last_message);
  self->last_message = g_strdup (body->str);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_parent_window (self), _("Someone Else Changed the Batch"),
                                                       body->str));
  gtk_widget_set_name (GTK_WIDGET (dialog), "subsidies-batch-conflict");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  if (again)
    {
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "again", again_label (data->change), NULL);
      adw_message_dialog_set_response_appearance (dialog, "again", ADW_RESPONSE_SUGGESTED);
    }
  else
    adw_message_dialog_add_response (dialog, "cancel", _("_Close"));
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "cancel");

  /* Asked again, the move is the same one on the batch as read now. */
  g_set_object (&data->batch, fresh);
  data->self = NULL;
  g_object_set_data_full (G_OBJECT (dialog), "up-change", g_steal_pointer (&data),
                          (GDestroyNotify) batch_change_data_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (batch_conflict_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
batch_changed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BatchChangeData) data = user_data;
  UpSubsidiesPage *self;
  g_autoptr(GError) error = NULL;
  UpBatchChangeResult r;
  UpBatchChange change = data->change;

  if (!up_payment_batch_change_finish (UP_DATABASE (object), result, &r, &error) && is_cancelled (error))
    return;

  self = data->self;
  busy_changed (self, -1);

  if (g_error_matches (error, UP_ERROR, UP_ERROR_RETRY))
    {
      /* Someone else changed the batch: what, and ask again? */
      gint64 batch_id = up_payment_batch_get_id (data->batch);

      busy_changed (self, +1);
      up_payment_batch_get_async (self->database, batch_id, self->cancellable, batch_conflict_cb,
                                  g_steal_pointer (&data));
      return;
    }
  if (error != NULL)
    {
      say (self, error->message);
      changed (self);
      return;
    }

  switch (change)
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

  changed (self);
}

/* @batch as the page shows it: the move names its version. */
static void
change_batch (UpSubsidiesPage *self,
              UpBatchChange    change,
              UpPaymentBatch  *batch,
              GArray          *ids,
              const GDate     *from,
              const GDate     *to)
{
  BatchChangeData *data = g_new0 (BatchChangeData, 1);

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
                                 NULL, from, to, self->cancellable, batch_changed_cb, data);
}

static UpPaymentBatch *
find_batch (UpSubsidiesPage *self,
            gint64           id)
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

static void
add_to_batch (UpSubsidiesPage *self,
              gint64           batch_id)
{
  g_autoptr(GArray) ids = selected_ids (self);
  UpPaymentBatch *batch = find_batch (self, batch_id);

  if (batch == NULL || ids->len == 0)
    return;

  change_batch (self, UP_BATCH_CHANGE_ADD_CLAIMS, batch, ids, NULL, NULL);
}

static void
choose_batch_response_cb (UpSubsidiesPage  *self,
                          const char       *response,
                          AdwMessageDialog *dialog)
{
  GtkDropDown *dropdown = g_object_get_data (G_OBJECT (dialog), "up-batches");
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "up-batch-ids");
  guint i = gtk_drop_down_get_selected (dropdown);

  if (g_strcmp0 (response, "add") != 0 || i >= ids->len)
    return;

  add_to_batch (self, g_array_index (ids, gint64, i));
}

static void
add_to_batch_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  gint64 batch_id = g_variant_get_int64 (parameter);
  g_autoptr(GPtrArray) names = NULL;
  GArray *ids;
  AdwMessageDialog *dialog;
  GtkWidget *dropdown;
  guint n;

  if (batch_id > 0)
    {
      add_to_batch (self, batch_id);
      return;
    }

  /* Which draft batch. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->batches));
  names = g_ptr_array_new_with_free_func (g_free);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpPaymentBatch) batch = g_list_model_get_item (G_LIST_MODEL (self->batches), i);
      gint64 id = up_payment_batch_get_id (batch);

      if (up_payment_batch_get_state (batch) != UP_BATCH_STATE_DRAFT)
        continue;
      g_ptr_array_add (names, g_strdup (up_payment_batch_get_name (batch)));
      g_array_append_val (ids, id);
    }
  g_ptr_array_add (names, NULL);

  if (ids->len == 0)
    {
      g_array_unref (ids);
      say (self, _("There is no draft payment batch: make one on the Payment Batches tab first."));
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_parent_window (self), _("Add to Which Batch?"),
                                                       _("The approved claims among the selected that are in no "
                                                         "batch go into the draft batch you choose.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "add");
  dropdown = gtk_drop_down_new_from_strings ((const char * const *) names->pdata);
  gtk_widget_set_name (dropdown, "subsidies-batch-choice");
  adw_message_dialog_set_extra_child (dialog, dropdown);
  g_object_set_data (G_OBJECT (dialog), "up-batches", dropdown);
  g_object_set_data_full (G_OBJECT (dialog), "up-batch-ids", ids, (GDestroyNotify) g_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (choose_batch_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  UpSubsidiesPage *self;
  g_autoptr(UpPaymentBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  batch = up_payment_batch_create_finish (UP_DATABASE (object), result, &error);
  if (is_cancelled (error))
    return;

  self = UP_SUBSIDIES_PAGE (user_data);
  busy_changed (self, -1);

  if (batch == NULL)
    {
      say (self, error->message);
      return;
    }

  /* Translators: %s is the name of a new payment batch */
  message = g_strdup_printf (_("Batch “%s” created. Select approved claims and add them to it."),
                             up_payment_batch_get_name (batch));
  say (self, message);
  load_batches (self);
}

static void
new_batch_response_cb (UpSubsidiesPage  *self,
                       const char       *response,
                       AdwMessageDialog *dialog)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "up-name");
  GtkEditable *fund = g_object_get_data (G_OBJECT (dialog), "up-fund");
  GtkEditable *budget = g_object_get_data (G_OBJECT (dialog), "up-budget");
  g_autofree char *budget_text = g_strstrip (g_strdup (gtk_editable_get_text (budget)));
  gint64 budget_fen = -1;

  if (g_strcmp0 (response, "create") != 0)
    return;

  if (*budget_text != '\0' && !up_money_parse (budget_text, &budget_fen))
    {
      say (self, _("The budget is an amount in yuan, for example 200000 or 200,000.00."));
      return;
    }

  busy_changed (self, +1);
  up_payment_batch_create_async (self->database, gtk_editable_get_text (name), gtk_editable_get_text (fund),
                                 budget_fen, self->cancellable, created_cb, self);
}

static GtkWidget *
dialog_entry (AdwMessageDialog *dialog,
              GtkWidget        *box,
              const char       *name,
              const char       *placeholder,
              const char       *text,
              const char       *key)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_box_append (GTK_BOX (box), entry);
  g_object_set_data (G_OBJECT (dialog), key, entry);
  return entry;
}

static void
results_imported_cb (UpSubsidiesPage *self)
{
  up_subsidies_page_reload (self);
}

/* Bank Results…: the bank's file for an approved batch, through the import
 * dialog, which pays the batch all or nothing. */
static void
import_results_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  UpImportDialog *dialog;

  if (self->database == NULL)
    return;

  dialog = up_import_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->database);
  up_import_dialog_set_kind (dialog, UP_IMPORT_PAYMENTS);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (results_imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_batch_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* Translators: the default name of a new payment batch: year and month (2025年11月发放批次) */
  g_autofree char *name = g_date_time_format (now, _("Batch of %Y-%m"));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_parent_window (self), _("New Payment Batch"),
                                                       _("A draft batch: add approved claims to it, then submit it.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "create", _("C_reate"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "create");

  dialog_entry (dialog, box, "subsidies-batch-name", _("Name"), name, "up-name");
  /* Translators: the name a new batch's fund starts with, which the person
   * may change: the program's special fund (专项资金) */
  dialog_entry (dialog, box, "subsidies-batch-fund", _("Fund"), _("Special fund"), "up-fund");
  dialog_entry (dialog, box, "subsidies-batch-budget", _("Budget in yuan (optional)"), NULL, "up-budget");
  adw_message_dialog_set_extra_child (dialog, box);
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_batch_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  UpPaymentBatch *batch = get_selected_batch (self);

  if (batch == NULL)
    return;
  change_batch (self, UP_BATCH_CHANGE_SUBMIT, batch, NULL, NULL, NULL);
}

static void
approve_batch_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  UpPaymentBatch *batch = get_selected_batch (self);

  if (batch == NULL)
    return;
  change_batch (self, UP_BATCH_CHANGE_APPROVE, batch, NULL, NULL, NULL);
}

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

static void
notice_response_cb (UpSubsidiesPage  *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  GtkEditable *from_entry = g_object_get_data (G_OBJECT (dialog), "up-from");
  GtkEditable *to_entry = g_object_get_data (G_OBJECT (dialog), "up-to");
  gint64 batch_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "up-batch-id"));
  UpPaymentBatch *batch;
  GDate from, to;

  if (g_strcmp0 (response, "start") != 0)
    return;

  batch = find_batch (self, batch_id);
  if (batch == NULL)
    return;

  if (!parse_date (gtk_editable_get_text (from_entry), &from) || !parse_date (gtk_editable_get_text (to_entry), &to))
    {
      say (self, _("Enter the first and last day of the public notice as YYYY-MM-DD."));
      return;
    }

  change_batch (self, UP_BATCH_CHANGE_START_NOTICE, batch, NULL, &from, &to);
}

static void
start_notice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  UpPaymentBatch *batch = get_selected_batch (self);
  AdwMessageDialog *dialog;
  GtkWidget *box;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 7);
  g_autofree char *from = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (later, "%Y-%m-%d");

  if (batch == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_parent_window (self), _("Start the Public Notice"),
                                                       _("During the notice objections can be raised and claims "
                                                         "withdrawn (Send Back). The batch is approved once it is "
                                                         "over.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "start", _("_Start"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "start");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  dialog_entry (dialog, box, "subsidies-notice-from", _("First day (YYYY-MM-DD)"), from, "up-from");
  dialog_entry (dialog, box, "subsidies-notice-to", _("Last day (YYYY-MM-DD)"), to, "up-to");
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data (G_OBJECT (dialog), "up-batch-id", GSIZE_TO_POINTER ((gsize) up_payment_batch_get_id (batch)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (notice_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The selected claims of @batch_id (loaded rows only: the failed ones are
 * chosen by looking at them). */
static GArray *
selected_ids_in_batch (UpSubsidiesPage *self,
                       gint64           batch_id)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkBitsetIter iter;
  guint position;

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

static void
pay_response_cb (UpSubsidiesPage  *self,
                 const char       *response,
                 AdwMessageDialog *dialog)
{
  gint64 batch_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "up-batch-id"));
  GArray *failed = g_object_get_data (G_OBJECT (dialog), "up-failed");
  UpPaymentBatch *batch = find_batch (self, batch_id);

  if (g_strcmp0 (response, "pay") != 0 || batch == NULL)
    return;

  change_batch (self, UP_BATCH_CHANGE_PAY, batch, failed, NULL, NULL);
}

static void
pay_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  UpPaymentBatch *batch = get_selected_batch (self);
  GArray *failed;
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  g_autofree char *total = NULL;

  if (batch == NULL)
    return;

  failed = selected_ids_in_batch (self, up_payment_batch_get_id (batch));
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

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_parent_window (self), _("Pay the Batch?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "pay", _("_Pay"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "pay", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "up-batch-id", GSIZE_TO_POINTER ((gsize) up_payment_batch_get_id (batch)));
  g_object_set_data_full (G_OBJECT (dialog), "up-failed", failed, (GDestroyNotify) g_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (pay_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_claims_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (widget);
  UpPaymentBatch *batch = get_selected_batch (self);

  if (batch == NULL)
    return;

  for (guint i = 0; i < self->batch_ids->len; i++)
    if (g_array_index (self->batch_ids, gint64, i) == up_payment_batch_get_id (batch))
      gtk_drop_down_set_selected (self->batch_dropdown, i);
  gtk_stack_set_visible_child_name (self->view_stack, "claims");
}

static void
batches_view_activate_cb (UpSubsidiesPage *self,
                          guint            position,
                          GtkColumnView   *view)
{
  gtk_single_selection_set_selected (self->batch_selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "batches.show-claims", NULL);
}

static void
scheme_saved_cb (UpSubsidiesPage *self)
{
  changed (self);
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

  dialog = up_subsidy_scheme_dialog_new (get_parent_window (self), self->database);
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

/* GObject overrides -------------------------------------------------------- */

static void
cancel_all (UpSubsidiesPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sum_cancellable != NULL)
    g_cancellable_cancel (self->sum_cancellable);
  g_clear_object (&self->sum_cancellable);
  if (self->detail_cancellable != NULL)
    g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  if (self->batch_history_cancellable != NULL)
    g_cancellable_cancel (self->batch_history_cancellable);
  g_clear_object (&self->batch_history_cancellable);
  /* Cancelled calls never come back to say they are done. */
  self->n_busy = 0;
}

static void
up_subsidies_page_dispose (GObject *object)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (object);

  cancel_all (self);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (self->claims, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_SUBSIDIES_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->claims);
  g_clear_object (&self->batch_selection);
  g_clear_object (&self->batches);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_subsidies_page_parent_class)->dispose (object);
}

static void
up_subsidies_page_finalize (GObject *object)
{
  UpSubsidiesPage *self = UP_SUBSIDIES_PAGE (object);

  g_clear_pointer (&self->academy_ids, g_array_unref);
  g_clear_pointer (&self->batch_ids, g_array_unref);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
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

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-subsidies-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, trainee_box);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, academy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batch_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, rule_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, claims_stack);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, claims_view);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, id_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, academy_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, certificate_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, amount_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, state_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, rule_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batch_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, claimed_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, trail_list);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, trainee_history_list);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, filter_label);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batches_view);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batch_name_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batch_fund_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batch_state_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batch_count_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batch_total_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batch_budget_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batch_notice_column);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidiesPage, batch_history_list);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, claims_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, batches_view_activate_cb);

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

  self->cancellable = g_cancellable_new ();
  self->academy_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->batch_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  self->rules = g_ptr_array_new ();

  self->batches = g_list_store_new (UP_TYPE_PAYMENT_BATCH);
  self->batch_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->batches)));
  gtk_single_selection_set_autoselect (self->batch_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->batch_selection, TRUE);
  g_signal_connect_object (self->batch_selection, "notify::selected", G_CALLBACK (batch_selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->batches_view, GTK_SELECTION_MODEL (self->batch_selection));

  claim_column_set_func (self->name_column, name_text, FALSE);
  claim_column_set_func (self->id_column, id_text, FALSE);
  claim_column_set_func (self->academy_column, academy_text, FALSE);
  claim_column_set_func (self->certificate_column, certificate_text, FALSE);
  claim_column_set_func (self->amount_column, amount_text, TRUE);
  claim_column_set_func (self->state_column, state_text, FALSE);
  claim_column_set_func (self->rule_column, rule_text, FALSE);
  claim_column_set_func (self->batch_column, batch_text, FALSE);
  claim_column_set_func (self->claimed_column, claimed_text, FALSE);

  up_text_column_set_func (self->batch_name_column, batch_name_text, 0);
  up_text_column_set_func (self->batch_fund_column, batch_fund_text, 0);
  up_text_column_set_func (self->batch_state_column, batch_state_text, 0);
  up_text_column_set_func (self->batch_count_column, batch_count_text, 1);
  up_text_column_set_func (self->batch_total_column, batch_total_text, 1);
  up_text_column_set_func (self->batch_budget_column, batch_budget_text, 1);
  up_text_column_set_func (self->batch_notice_column, batch_notice_text, 0);

  setup_filters (self);
  clear_detail (self);
  show_selection_totals (self, 0, 0);
  gtk_stack_set_visible_child_name (self->claims_stack, "empty");
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

  cancel_all (self);
  self->cancellable = g_cancellable_new ();

  gtk_column_view_set_model (self->claims_view, NULL);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (self->claims, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->claims);
  g_list_store_remove_all (self->batches);

  g_set_object (&self->database, db);

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
      up_subsidies_page_reload (self);
    }

  clear_detail (self);
  busy_changed (self, 0);
  update_filter_label (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

/* The claims of one trainee (0: everyone's), shown until "Show All". */
void
up_subsidies_page_show_trainee (UpSubsidiesPage *self,
                                gint64           trainee_id)
{
  g_return_if_fail (UP_IS_SUBSIDIES_PAGE (self));

  self->trainee_id = MAX (trainee_id, 0);
  gtk_widget_set_visible (self->trainee_box, self->trainee_id != 0);
  filter_changed_cb (self);
}

void
up_subsidies_page_reload (UpSubsidiesPage *self)
{
  g_return_if_fail (UP_IS_SUBSIDIES_PAGE (self));

  if (self->database == NULL)
    return;

  up_subsidy_list_reload (self->claims);
  load_batches (self);
  busy_changed (self, +1);
  up_academy_list_async (self->database, self->cancellable, academies_cb, self);
}

gboolean
up_subsidies_page_is_busy (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), FALSE);

  return self->n_busy > 0 || (self->claims != NULL && up_subsidy_list_get_loading (self->claims));
}

GListModel *
up_subsidies_page_get_claims (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), NULL);

  return G_LIST_MODEL (self->claims);
}

GtkSelectionModel *
up_subsidies_page_get_claim_selection (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

GListModel *
up_subsidies_page_get_batches (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), NULL);

  return G_LIST_MODEL (self->batches);
}

GtkSelectionModel *
up_subsidies_page_get_batch_selection (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), NULL);

  return GTK_SELECTION_MODEL (self->batch_selection);
}

const char *
up_subsidies_page_get_last_message (UpSubsidiesPage *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDIES_PAGE (self), NULL);

  return self->last_message;
}
