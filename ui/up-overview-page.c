/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-overview-page"

#include "config.h"

#include <glib/gi18n.h>

#include "up-money.h"
#include "up-overview-page.h"
#include "up-ui-resources.h"

/* The Overview page: the program's live figures, read in one query on the
 * connection's worker thread.  The first load shows a spinner in place of the
 * figures; a reload keeps the old figures on screen with a small spinner
 * beside the time they were read, so the page does not flash. */

struct _UpOverviewPage
{
  GtkWidget         parent_instance;

  UpDatabase       *database;
  GCancellable     *cancellable;     /* the load under way */
  UpOverviewCounts *counts;
  GError           *error;
  guint             loading : 1;

  /* Template widgets */
  GtkStack         *stack;
  GtkSpinner       *loading_spinner;
  AdwStatusPage    *error_page;
  GtkLabel         *trainees_label;
  GtkLabel         *academies_label;
  GtkLabel         *courses_caption;
  GtkLabel         *courses_label;
  GtkLabel         *enrollments_label;
  GtkLabel         *certifications_label;
  GtkLabel         *paid_label;
  AdwActionRow     *pending_row;
  AdwActionRow     *approved_row;
  AdwActionRow     *rejected_row;
  AdwActionRow     *paid_row;
  AdwActionRow     *failed_row;
  GtkLabel         *pending_count_label;
  GtkLabel         *approved_count_label;
  GtkLabel         *rejected_count_label;
  GtkLabel         *paid_count_label;
  GtkLabel         *failed_count_label;
  GtkLabel         *pending_amount_label;
  GtkLabel         *approved_amount_label;
  GtkLabel         *rejected_amount_label;
  GtkLabel         *paid_amount_label;
  GtkLabel         *failed_amount_label;
  GtkSpinner       *reload_spinner;
  GtkLabel         *updated_label;
};

G_DEFINE_FINAL_TYPE (UpOverviewPage, up_overview_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods -------------------------------------------------------- */

static void
set_loading (UpOverviewPage *self,
             gboolean        loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_count_label (GtkLabel *label,
                 gint64    count)
{
  g_autofree char *text = up_count_format (count);

  gtk_label_set_label (label, text);
}

static void
set_money_label (GtkLabel *label,
                 gint64    fen)
{
  g_autofree char *text = up_money_format (fen);

  gtk_label_set_label (label, text);
}

static void
show_subsidy_state (GtkLabel *count_label,
                    GtkLabel *amount_label,
                    gint64    count,
                    gint64    fen)
{
  g_autofree char *number = up_count_format (count);
  g_autofree char *claims = NULL;

  /* Translators: a number of subsidy claims; %s is the number, grouped */
  claims = g_strdup_printf (ngettext ("%s claim", "%s claims", (gulong) CLAMP (count, 0, G_MAXLONG)), number);
  gtk_label_set_label (count_label, claims);
  set_money_label (amount_label, fen);
}

static void
show_counts (UpOverviewPage *self)
{
  const UpOverviewCounts *c = self->counts;
  g_autofree char *courses_caption = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  g_autofree char *updated = NULL;

  set_count_label (self->trainees_label, c->trainees);
  set_count_label (self->academies_label, c->academies);
  set_count_label (self->courses_label, c->courses_this_year);
  set_count_label (self->enrollments_label, c->enrollments);
  set_count_label (self->certifications_label, c->certifications);
  set_money_label (self->paid_label, c->subsidy_fen[UP_SUBSIDY_STATE_PAID]);

  /* Translators: the caption of the number of courses starting in a year;
   * %d is the year, e.g. “Courses in 2025” (年度培训班) */
  courses_caption = g_strdup_printf (C_("overview figure", "Courses in %d"), c->year);
  gtk_label_set_label (self->courses_caption, courses_caption);

  show_subsidy_state (self->pending_count_label, self->pending_amount_label,
                      c->subsidy_count[UP_SUBSIDY_STATE_PENDING], c->subsidy_fen[UP_SUBSIDY_STATE_PENDING]);
  show_subsidy_state (self->approved_count_label, self->approved_amount_label,
                      c->subsidy_count[UP_SUBSIDY_STATE_APPROVED], c->subsidy_fen[UP_SUBSIDY_STATE_APPROVED]);
  show_subsidy_state (self->rejected_count_label, self->rejected_amount_label,
                      c->subsidy_count[UP_SUBSIDY_STATE_REJECTED], c->subsidy_fen[UP_SUBSIDY_STATE_REJECTED]);
  show_subsidy_state (self->paid_count_label, self->paid_amount_label,
                      c->subsidy_count[UP_SUBSIDY_STATE_PAID], c->subsidy_fen[UP_SUBSIDY_STATE_PAID]);
  show_subsidy_state (self->failed_count_label, self->failed_amount_label,
                      c->subsidy_count[UP_SUBSIDY_STATE_FAILED], c->subsidy_fen[UP_SUBSIDY_STATE_FAILED]);

  now = g_date_time_new_now_local ();
  time = g_date_time_format (now, "%X");
  /* Translators: %s is the time of day the figures were read */
  updated = g_strdup_printf (_("Figures as of %s"), time);
  gtk_label_set_label (self->updated_label, updated);

  gtk_stack_set_visible_child_name (self->stack, "counts");
}

static void
show_error (UpOverviewPage *self)
{
  g_autofree char *markup = g_markup_escape_text (self->error->message, -1);

  adw_status_page_set_description (self->error_page, markup);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
stop_spinners (UpOverviewPage *self)
{
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  gtk_spinner_set_spinning (self->reload_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->reload_spinner), FALSE);
}

static void
cancel_load (UpOverviewPage *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

/* Callbacks ---------------------------------------------------------------- */

/* @user_data is the page without a reference: a page that goes away cancels
 * its load first, and a cancelled load never touches the page. */
static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  UpOverviewPage *self;
  g_autoptr(UpOverviewCounts) counts = NULL;
  g_autoptr(GError) error = NULL;

  counts = up_overview_load_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_OVERVIEW_PAGE (user_data);
  g_clear_object (&self->cancellable);
  stop_spinners (self);

  if (counts == NULL)
    {
      g_debug ("Cannot load the overview: %s", error->message);
      g_clear_pointer (&self->counts, up_overview_counts_free);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      show_error (self);
    }
  else
    {
      g_clear_error (&self->error);
      g_clear_pointer (&self->counts, up_overview_counts_free);
      self->counts = g_steal_pointer (&counts);
      show_counts (self);
    }

  set_loading (self, FALSE);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  up_overview_page_reload (UP_OVERVIEW_PAGE (widget));
}

/* GObject overrides -------------------------------------------------------- */

static void
up_overview_page_dispose (GObject *object)
{
  UpOverviewPage *self = UP_OVERVIEW_PAGE (object);

  cancel_load (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_OVERVIEW_PAGE);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_overview_page_parent_class)->dispose (object);
}

static void
up_overview_page_finalize (GObject *object)
{
  UpOverviewPage *self = UP_OVERVIEW_PAGE (object);

  g_clear_pointer (&self->counts, up_overview_counts_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (up_overview_page_parent_class)->finalize (object);
}

static void
up_overview_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  UpOverviewPage *self = UP_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_overview_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  UpOverviewPage *self = UP_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      up_overview_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_overview_page_class_init (UpOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_overview_page_dispose;
  object_class->finalize = up_overview_page_finalize;
  object_class->get_property = up_overview_page_get_property;
  object_class->set_property = up_overview_page_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The resource lives in this static library: naming it here keeps the
   * linker from dropping it, and with it the templates. */
  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, trainees_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, academies_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, courses_caption);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, courses_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, enrollments_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, certifications_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, paid_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, pending_row);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, approved_row);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, rejected_row);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, paid_row);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, failed_row);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, pending_count_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, approved_count_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, rejected_count_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, paid_count_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, failed_count_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, pending_amount_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, approved_amount_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, rejected_amount_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, paid_amount_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, failed_amount_label);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, reload_spinner);
  gtk_widget_class_bind_template_child (widget_class, UpOverviewPage, updated_label);

  gtk_widget_class_install_action (widget_class, "overview.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "overview.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "overview.reload", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "overview");
}

static void
up_overview_page_init (UpOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pending_row),
                                 up_subsidy_state_to_label (UP_SUBSIDY_STATE_PENDING));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->approved_row),
                                 up_subsidy_state_to_label (UP_SUBSIDY_STATE_APPROVED));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rejected_row),
                                 up_subsidy_state_to_label (UP_SUBSIDY_STATE_REJECTED));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->paid_row),
                                 up_subsidy_state_to_label (UP_SUBSIDY_STATE_PAID));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->failed_row),
                                 up_subsidy_state_to_label (UP_SUBSIDY_STATE_FAILED));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.reload", FALSE);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_overview_page_new (void)
{
  return g_object_new (UP_TYPE_OVERVIEW_PAGE, NULL);
}

UpDatabase *
up_overview_page_get_database (UpOverviewPage *self)
{
  g_return_val_if_fail (UP_IS_OVERVIEW_PAGE (self), NULL);

  return self->database;
}

void
up_overview_page_set_database (UpOverviewPage *self,
                               UpDatabase     *db)
{
  g_return_if_fail (UP_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  if (self->database == db)
    return;

  cancel_load (self);
  g_set_object (&self->database, db);

  /* Figures of another database must not stay on screen. */
  g_clear_pointer (&self->counts, up_overview_counts_free);
  g_clear_error (&self->error);
  stop_spinners (self);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.reload", db != NULL);

  if (db != NULL)
    up_overview_page_reload (self);
  else
    set_loading (self, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

void
up_overview_page_reload (UpOverviewPage *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (UP_IS_OVERVIEW_PAGE (self));

  if (self->database == NULL)
    return;

  cancel_load (self);
  self->cancellable = g_cancellable_new ();

  if (self->counts != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->reload_spinner), TRUE);
      gtk_spinner_set_spinning (self->reload_spinner, TRUE);
    }
  else
    {
      gtk_spinner_set_spinning (self->loading_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  now = g_date_time_new_now_local ();
  up_overview_load_async (self->database, g_date_time_get_year (now), self->cancellable, load_cb, self);

  set_loading (self, TRUE);
}

gboolean
up_overview_page_is_loading (UpOverviewPage *self)
{
  g_return_val_if_fail (UP_IS_OVERVIEW_PAGE (self), FALSE);

  return self->loading;
}

const UpOverviewCounts *
up_overview_page_get_counts (UpOverviewPage *self)
{
  g_return_val_if_fail (UP_IS_OVERVIEW_PAGE (self), NULL);

  return self->counts;
}

const GError *
up_overview_page_get_error (UpOverviewPage *self)
{
  g_return_val_if_fail (UP_IS_OVERVIEW_PAGE (self), NULL);

  return self->error;
}
