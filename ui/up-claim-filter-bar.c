/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-claim-filter-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "up-academy-choices.h"
#include "up-claim-filter-bar.h"
#include "up-payment-batch.h"
#include "up-subsidy-rule.h"
#include "up-subsidy.h"
#include "up-ui-resources.h"

/* Each dropdown's rows stand for values kept beside it, row by row.  Filling
 * a dropdown again keeps the value chosen when it is still offered, and is
 * no change of the filter.  The academies are an UpAcademyChoices, which
 * keeps the academy chosen the same way; the bar cancels its read when it
 * goes away or changes database. */

struct _UpClaimFilterBar
{
  GtkWidget         parent_instance;

  UpDatabase       *database;
  GListModel       *batches;             /* of UpPaymentBatch */
  UpAcademyChoices *academies;           /* academy_dropdown's rows */
  GArray           *batch_ids;           /* gint64 per batch_dropdown row; 0 = all, -1 = none */
  GArray           *years;               /* int per year_dropdown row; 0 = all */
  GPtrArray        *rules;               /* rule name per rule_dropdown row; NULL = all */
  gboolean          filling;

  /* Template widgets */
  GtkWidget        *content;
  GtkSearchEntry   *search_entry;
  GtkDropDown      *state_dropdown;
  GtkDropDown      *academy_dropdown;
  GtkDropDown      *batch_dropdown;
  GtkDropDown      *year_dropdown;
  GtkDropDown      *rule_dropdown;
};

G_DEFINE_FINAL_TYPE (UpClaimFilterBar, up_claim_filter_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary methods -------------------------------------------------------- */

static void
fill_string_list (GtkDropDown        *dropdown,
                  const char * const *strings)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (strings);

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static void
setup_filters (UpClaimFilterBar *self)
{
  g_autoptr(GPtrArray) states = g_ptr_array_new ();
  g_autoptr(GPtrArray) years = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rule_labels = g_ptr_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char * const *names = up_subsidy_rule_names ();
  const char *all_batches[] = { _("Any batch"), _("In no batch"), NULL };
  gint64 none[] = { 0, UP_SUBSIDY_FILTER_NO_BATCH };
  int any_year = 0;

  self->filling = TRUE;

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

  up_academy_choices_bind_selection (self->academies, GTK_WIDGET (self->academy_dropdown));
  gtk_drop_down_set_expression (self->academy_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));

  g_array_append_vals (self->batch_ids, none, 2);
  fill_string_list (self->batch_dropdown, all_batches);

  self->filling = FALSE;
}

/* Callbacks ---------------------------------------------------------------- */

static void
filter_changed_cb (UpClaimFilterBar *self)
{
  if (!self->filling)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
academies_loading_cb (UpClaimFilterBar *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The batch filter follows the list of batches. */
static void
batches_changed_cb (UpClaimFilterBar *self)
{
  guint n = g_list_model_get_n_items (self->batches);
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
      g_autoptr(UpPaymentBatch) batch = g_list_model_get_item (self->batches, i);
      gint64 id = up_payment_batch_get_id (batch);

      g_ptr_array_add (names, g_strdup (up_payment_batch_get_name (batch)));
      g_array_append_val (self->batch_ids, id);
      if (id == selected_id)
        selected = i + 2;
    }
  g_ptr_array_add (names, NULL);

  self->filling = TRUE;
  fill_string_list (self->batch_dropdown, (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->batch_dropdown, selected);
  self->filling = FALSE;
}

/* GObject overrides -------------------------------------------------------- */

static void
up_claim_filter_bar_dispose (GObject *object)
{
  UpClaimFilterBar *self = UP_CLAIM_FILTER_BAR (object);

  up_academy_choices_cancel (self->academies);
  if (self->batches != NULL)
    g_signal_handlers_disconnect_by_data (self->batches, self);
  g_clear_object (&self->batches);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_CLAIM_FILTER_BAR);
  g_clear_object (&self->academies);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_claim_filter_bar_parent_class)->dispose (object);
}

static void
up_claim_filter_bar_finalize (GObject *object)
{
  UpClaimFilterBar *self = UP_CLAIM_FILTER_BAR (object);

  g_clear_pointer (&self->batch_ids, g_array_unref);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);

  G_OBJECT_CLASS (up_claim_filter_bar_parent_class)->finalize (object);
}

static void
up_claim_filter_bar_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  UpClaimFilterBar *self = UP_CLAIM_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, up_claim_filter_bar_is_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_claim_filter_bar_class_init (UpClaimFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_claim_filter_bar_dispose;
  object_class->finalize = up_claim_filter_bar_finalize;
  object_class->get_property = up_claim_filter_bar_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-claim-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, UpClaimFilterBar, content);
  gtk_widget_class_bind_template_child (widget_class, UpClaimFilterBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, UpClaimFilterBar, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpClaimFilterBar, academy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpClaimFilterBar, batch_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpClaimFilterBar, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpClaimFilterBar, rule_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
up_claim_filter_bar_init (UpClaimFilterBar *self)
{
  /* The academy filter changes when the person chooses another academy,
   * or when the one chosen is gone after a reload; not as its rows fill. */
  self->academies = up_academy_choices_new ();
  g_signal_connect_object (self->academies, "notify::selected-id", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->academies, "notify::loading", G_CALLBACK (academies_loading_cb), self,
                           G_CONNECT_SWAPPED);
  self->batch_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  self->rules = g_ptr_array_new ();

  /* The template's dropdowns say "changed" as they get their models. */
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  setup_filters (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_claim_filter_bar_new (void)
{
  return g_object_new (UP_TYPE_CLAIM_FILTER_BAR, NULL);
}

void
up_claim_filter_bar_set_database (UpClaimFilterBar *self,
                                  UpDatabase       *db)
{
  g_return_if_fail (UP_IS_CLAIM_FILTER_BAR (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  up_academy_choices_cancel (self->academies);
  g_set_object (&self->database, db);
}

void
up_claim_filter_bar_reload (UpClaimFilterBar *self)
{
  g_return_if_fail (UP_IS_CLAIM_FILTER_BAR (self));

  if (self->database == NULL)
    return;

  up_academy_choices_reload (self->academies, self->database);
}

void
up_claim_filter_bar_set_batches (UpClaimFilterBar *self,
                                 GListModel       *batches)
{
  g_return_if_fail (UP_IS_CLAIM_FILTER_BAR (self));
  g_return_if_fail (batches == NULL || G_IS_LIST_MODEL (batches));

  if (self->batches != NULL)
    g_signal_handlers_disconnect_by_data (self->batches, self);
  g_set_object (&self->batches, batches);
  if (batches != NULL)
    g_signal_connect_object (batches, "items-changed", G_CALLBACK (batches_changed_cb), self, G_CONNECT_SWAPPED);
}

void
up_claim_filter_bar_select_batch (UpClaimFilterBar *self,
                                  gint64            batch_id)
{
  g_return_if_fail (UP_IS_CLAIM_FILTER_BAR (self));

  for (guint i = 0; i < self->batch_ids->len; i++)
    if (g_array_index (self->batch_ids, gint64, i) == batch_id)
      gtk_drop_down_set_selected (self->batch_dropdown, i);
}

void
up_claim_filter_bar_get_filter (UpClaimFilterBar *self,
                                UpSubsidyFilter  *filter)
{
  guint i;

  g_return_if_fail (UP_IS_CLAIM_FILTER_BAR (self));
  g_return_if_fail (filter != NULL);

  i = gtk_drop_down_get_selected (self->state_dropdown);
  filter->state = i != GTK_INVALID_LIST_POSITION && i > 0 ? (int) i - 1 : -1;
  filter->academy_id = up_academy_choices_get_selected_id (self->academies);
  i = gtk_drop_down_get_selected (self->batch_dropdown);
  if (i < self->batch_ids->len)
    filter->batch_id = g_array_index (self->batch_ids, gint64, i);
  i = gtk_drop_down_get_selected (self->year_dropdown);
  if (i < self->years->len)
    filter->year = g_array_index (self->years, int, i);
  i = gtk_drop_down_get_selected (self->rule_dropdown);
  if (i < self->rules->len && g_ptr_array_index (self->rules, i) != NULL)
    {
      g_free (filter->rule);
      filter->rule = g_strdup (g_ptr_array_index (self->rules, i));
    }
  g_free (filter->search);
  filter->search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

gboolean
up_claim_filter_bar_is_busy (UpClaimFilterBar *self)
{
  g_return_val_if_fail (UP_IS_CLAIM_FILTER_BAR (self), FALSE);

  return self->academies != NULL && up_academy_choices_is_loading (self->academies);
}
