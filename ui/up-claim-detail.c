/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-claim-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "up-claim-detail.h"
#include "up-history-lines.h"
#include "up-money.h"
#include "up-subsidy.h"
#include "up-ui-resources.h"

/* A read gets the pane without a reference: the pane cancels it when it
 * goes away, changes database or shows another claim, and a cancelled call
 * never touches the pane. */

struct _UpClaimDetail
{
  GtkWidget     parent_instance;

  UpDatabase   *database;
  GCancellable *cancellable;   /* the claim being read */
  gint64        claim_id;

  /* Template widgets */
  GtkWidget    *content;
  GtkLabel     *title;
  GtkLabel     *subtitle;
  GtkListBox   *trail_list;
  GtkListBox   *history_list;
  GtkListBox   *trainee_history_list;
};

G_DEFINE_FINAL_TYPE (UpClaimDetail, up_claim_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods -------------------------------------------------------- */

static void
clear (UpClaimDetail *self)
{
  const char *none[] = { NULL };

  self->claim_id = 0;
  gtk_label_set_label (self->title, _("Select a claim to see why it has its amount, and its history."));
  gtk_label_set_label (self->subtitle, NULL);
  up_history_lines_set (self->trail_list, none);
  up_history_lines_set (self->history_list, none);
  up_history_lines_set (self->trainee_history_list, none);
}

/* Cancels the read under way, if any; TRUE if there was one. */
static gboolean
cancel (UpClaimDetail *self)
{
  if (self->cancellable == NULL)
    return FALSE;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  return TRUE;
}

static void
show_claim (UpClaimDetail *self,
            UpSubsidy     *claim)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *amount = up_money_format (up_subsidy_get_amount_fen (claim));
  GPtrArray *trail;

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
  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->subtitle, subtitle);

  trail = up_subsidy_get_rule_lines (claim);
  for (guint i = 0; i < trail->len; i++)
    g_ptr_array_add (lines, ((UpSubsidyRuleLine *) g_ptr_array_index (trail, i))->sentence);
  g_ptr_array_add (lines, NULL);
  up_history_lines_set (self->trail_list, (const char * const *) lines->pdata);

  up_history_lines_set_entries (self->history_list, up_subsidy_get_history (claim), FALSE);
  up_history_lines_set_entries (self->trainee_history_list, up_subsidy_get_trainee_history (claim), TRUE);
}

/* Callbacks ---------------------------------------------------------------- */

static void
claim_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  UpClaimDetail *self;
  g_autoptr(UpSubsidy) claim = NULL;
  g_autoptr(GError) error = NULL;

  claim = up_subsidy_get_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_CLAIM_DETAIL (user_data);
  g_clear_object (&self->cancellable);

  if (claim == NULL)
    gtk_label_set_label (self->title, error->message);
  else
    show_claim (self, claim);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* GObject overrides -------------------------------------------------------- */

static void
up_claim_detail_dispose (GObject *object)
{
  UpClaimDetail *self = UP_CLAIM_DETAIL (object);

  cancel (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_CLAIM_DETAIL);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_claim_detail_parent_class)->dispose (object);
}

static void
up_claim_detail_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  UpClaimDetail *self = UP_CLAIM_DETAIL (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, up_claim_detail_is_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_claim_detail_class_init (UpClaimDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_claim_detail_dispose;
  object_class->get_property = up_claim_detail_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-claim-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, UpClaimDetail, content);
  gtk_widget_class_bind_template_child (widget_class, UpClaimDetail, title);
  gtk_widget_class_bind_template_child (widget_class, UpClaimDetail, subtitle);
  gtk_widget_class_bind_template_child (widget_class, UpClaimDetail, trail_list);
  gtk_widget_class_bind_template_child (widget_class, UpClaimDetail, history_list);
  gtk_widget_class_bind_template_child (widget_class, UpClaimDetail, trainee_history_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
up_claim_detail_init (UpClaimDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  clear (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_claim_detail_new (void)
{
  return g_object_new (UP_TYPE_CLAIM_DETAIL, NULL);
}

void
up_claim_detail_set_database (UpClaimDetail *self,
                              UpDatabase    *db)
{
  g_return_if_fail (UP_IS_CLAIM_DETAIL (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  g_set_object (&self->database, db);
  up_claim_detail_show (self, 0);
}

void
up_claim_detail_show (UpClaimDetail *self,
                      gint64         id)
{
  gboolean was_busy;

  g_return_if_fail (UP_IS_CLAIM_DETAIL (self));

  was_busy = cancel (self);
  if (id == 0 || self->database == NULL)
    clear (self);
  else
    {
      self->claim_id = id;
      self->cancellable = g_cancellable_new ();
      up_subsidy_get_async (self->database, id, self->cancellable, claim_cb, self);
    }

  if (was_busy != up_claim_detail_is_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

gint64
up_claim_detail_get_claim_id (UpClaimDetail *self)
{
  g_return_val_if_fail (UP_IS_CLAIM_DETAIL (self), 0);

  return self->claim_id;
}

void
up_claim_detail_reload (UpClaimDetail *self)
{
  g_return_if_fail (UP_IS_CLAIM_DETAIL (self));

  if (self->claim_id != 0)
    up_claim_detail_show (self, self->claim_id);
}

gboolean
up_claim_detail_is_busy (UpClaimDetail *self)
{
  g_return_val_if_fail (UP_IS_CLAIM_DETAIL (self), FALSE);

  return self->cancellable != NULL;
}
