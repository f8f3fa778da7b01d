/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-certifications-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "up-academy-choices.h"
#include "up-certification-dialog.h"
#include "up-certification-list.h"
#include "up-certifications-page.h"
#include "up-import-dialog.h"
#include "up-money.h"
#include "up-trainee.h"
#include "up-ui-resources.h"
#include "up-widget-util.h"

/* The Certifications page: the certificates of the whole database, newest
 * issue first, narrowed by a search (the trainee as the Trainees page finds
 * them, or a certificate number), the occupation, the academy, the kind,
 * the level and the year of issue.  The list is an UpCertificationList that
 * pages rows in from the server as they scroll into view; each cell binds
 * to its row's properties, so it fills in when the row's page arrives.  ID
 * numbers are masked by the server.  After a certificate is recorded the
 * page says what claim the database computed for it, or why none. */

/* How many years back the year filter offers. */
#define N_PAST_YEARS 10
/* A pause in the typing of the occupation before the list follows. */
#define OCCUPATION_DELAY_MS 300

struct _UpCertificationsPage
{
  GtkWidget            parent_instance;

  UpDatabase          *database;
  UpCertificationList *list;
  GtkSingleSelection  *selection;
  UpAcademyChoices    *academies;     /* academy_dropdown's rows */
  GArray              *years;         /* int per year_dropdown row; 0 = any */
  gint64               trainee_id;    /* 0: every trainee */
  guint                occupation_timeout;
  guint                filling_filters : 1;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkSearchEntry      *search_entry;
  GtkEntry            *occupation_entry;
  GtkDropDown         *academy_dropdown;
  GtkDropDown         *kind_dropdown;
  GtkDropDown         *level_dropdown;
  GtkDropDown         *year_dropdown;
  GtkLabel            *count_label;
  GtkSpinner          *spinner;
  GtkWidget           *trainee_box;
  GtkLabel            *trainee_label;
  GtkRevealer         *claim_revealer;
  GtkLabel            *claim_label;
  GtkStack            *list_stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *trainee_column;
  GtkColumnViewColumn *id_number_column;
  GtkColumnViewColumn *kind_column;
  GtkColumnViewColumn *occupation_column;
  GtkColumnViewColumn *level_column;
  GtkColumnViewColumn *number_column;
  GtkColumnViewColumn *body_column;
  GtkColumnViewColumn *issued_column;
  GtkColumnViewColumn *verified_column;
  GtkColumnViewColumn *academy_column;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
};

G_DEFINE_FINAL_TYPE (UpCertificationsPage, up_certifications_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods -------------------------------------------------------- */

/* A cell: a label bound to one property of the row's UpCertification, so a
 * placeholder row fills in when its page arrives.  (A label, not a
 * GtkInscription: in 4.8 an inscription clips the taller CJK glyphs.) */
static void
set_bound_factory (GtkColumnViewColumn *column,
                   const char          *property,
                   gboolean             numeric)
{
  g_autofree char *xml = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;

  xml = g_markup_printf_escaped (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<interface><template class=\"GtkListItem\"><property name=\"child\">"
    "<object class=\"GtkLabel\">"
    "<property name=\"xalign\">0</property>"
    "<property name=\"single-line-mode\">True</property>"
    "<property name=\"ellipsize\">end</property>"
    "<property name=\"width-chars\">3</property>"
    "<style><class name=\"%s\"/></style>"
    "<binding name=\"label\"><lookup name=\"%s\" type=\"UpCertification\">"
    "<lookup name=\"item\">GtkListItem</lookup></lookup></binding>"
    "<binding name=\"tooltip-text\"><lookup name=\"%s\" type=\"UpCertification\">"
    "<lookup name=\"item\">GtkListItem</lookup></lookup></binding>"
    "</object></property></template></interface>",
    numeric ? "numeric" : "certification-cell", property, property);
  {
    gsize len = strlen (xml);

    bytes = g_bytes_new_take (g_steal_pointer (&xml), len);
  }
  factory = gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);
  gtk_column_view_column_set_factory (column, factory);
}

static void
fill_string_list (GtkDropDown        *dropdown,
                  const char * const *strings)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (strings);

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

/* The level dropdown: all, the skill levels 5..1, then the academic levels. */
static void
setup_filters (UpCertificationsPage *self)
{
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr(GPtrArray) levels = g_ptr_array_new ();
  g_autoptr(GPtrArray) years = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char * const *education = up_education_levels ();
  int this_year = g_date_time_get_year (now);
  int any_year = 0;

  self->filling_filters = TRUE;

  g_ptr_array_add (kinds, (gpointer) _("All kinds"));
  for (int k = UP_CERTIFICATION_KIND_SKILL_LEVEL; k <= UP_CERTIFICATION_KIND_SPECIAL_OPERATION; k++)
    g_ptr_array_add (kinds, (gpointer) up_certification_kind_to_label (k));
  g_ptr_array_add (kinds, NULL);
  fill_string_list (self->kind_dropdown, (const char * const *) kinds->pdata);

  g_ptr_array_add (levels, (gpointer) _("All levels"));
  for (int l = 5; l >= 1; l--)
    g_ptr_array_add (levels, (gpointer) up_skill_level_to_label (l));
  for (guint i = 0; education[i] != NULL; i++)
    g_ptr_array_add (levels, (gpointer) up_education_level_to_label (education[i]));
  g_ptr_array_add (levels, NULL);
  fill_string_list (self->level_dropdown, (const char * const *) levels->pdata);

  g_ptr_array_add (years, g_strdup (_("All years")));
  g_array_append_val (self->years, any_year);
  for (int y = this_year; y >= this_year - N_PAST_YEARS; y--)
    {
      g_ptr_array_add (years, g_strdup_printf ("%d", y));
      g_array_append_val (self->years, y);
    }
  g_ptr_array_add (years, NULL);
  fill_string_list (self->year_dropdown, (const char * const *) years->pdata);

  up_academy_choices_bind_selection (self->academies, GTK_WIDGET (self->academy_dropdown));
  gtk_drop_down_set_expression (self->academy_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));

  self->filling_filters = FALSE;
}

static UpCertificationFilter *
read_filter (UpCertificationsPage *self)
{
  UpCertificationFilter *filter = up_certification_filter_new ();
  const char * const *education = up_education_levels ();
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint level = gtk_drop_down_get_selected (self->level_dropdown);
  guint year = gtk_drop_down_get_selected (self->year_dropdown);

  filter->trainee_id = self->trainee_id;
  filter->search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  filter->occupation = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->occupation_entry)));
  filter->academy_id = up_academy_choices_get_selected_id (self->academies);
  /* Row 0 of kind and level is “all”. */
  if (kind != GTK_INVALID_LIST_POSITION && kind > 0)
    filter->kind = (int) kind - 1;
  if (level != GTK_INVALID_LIST_POSITION && level >= 1 && level <= 5)
    filter->skill_level = 6 - (int) level;
  else if (level != GTK_INVALID_LIST_POSITION && level > 5 && level - 6 < g_strv_length ((GStrv) education))
    filter->academic_level = g_strdup (education[level - 6]);
  if (year != GTK_INVALID_LIST_POSITION && year < self->years->len && g_array_index (self->years, int, year) > 0)
    {
      int y = g_array_index (self->years, int, year);

      filter->issued_from = g_strdup_printf ("%04d-01-01", y);
      filter->issued_to = g_strdup_printf ("%04d-12-31", y);
    }
  return filter;
}

static gboolean
filter_is_narrowed (const UpCertificationFilter *filter)
{
  g_autoptr(UpCertificationFilter) all = up_certification_filter_new ();

  return !up_certification_filter_equal (filter, all);
}

static void
update_view (UpCertificationsPage *self)
{
  guint n = self->list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  gboolean loading = self->list != NULL && up_certification_list_get_loading (self->list);
  const GError *error = self->list != NULL ? up_certification_list_get_error (self->list) : NULL;
  g_autofree char *number = up_count_format (n);
  g_autofree char *count = NULL;
  g_autoptr(UpCertificationFilter) filter = NULL;

  gtk_spinner_set_spinning (self->spinner, loading);

  if (error != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, markup);
      gtk_label_set_label (self->count_label, NULL);
      gtk_stack_set_visible_child_name (self->list_stack, "error");
      return;
    }

  /* Translators: %s is a number of certificates, grouped by commas (9,400) */
  count = g_strdup_printf (ngettext ("%s certificate", "%s certificates", n), number);
  gtk_label_set_label (self->count_label, count);

  if (n > 0 || loading)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  filter = read_filter (self);
  if (filter_is_narrowed (filter))
    {
      adw_status_page_set_title (self->empty_page, _("No Certificates Match"));
      adw_status_page_set_description (self->empty_page,
                                       _("Choose other filters, or record a certificate with “Record Certificate” "
                                         "(Ctrl+N)."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Certificates Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Record the skill level certificates, degrees and permits trainees "
                                         "obtain with “Record Certificate” (Ctrl+N). Each one computes its "
                                         "subsidy claim."));
    }
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
update_actions (UpCertificationsPage *self)
{
  gboolean have_db = self->database != NULL;
  UpCertification *selected = self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection)
                                                      : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "certifications.new", have_db);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "certifications.import", have_db);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "certifications.edit",
                                 have_db && selected != NULL && up_certification_get_loaded (selected));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "certifications.reload", have_db);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "certifications.all-trainees", self->trainee_id != 0);
}

static void
apply_filter (UpCertificationsPage *self)
{
  g_autoptr(UpCertificationFilter) filter = NULL;

  if (self->filling_filters || self->list == NULL)
    return;

  filter = read_filter (self);
  up_certification_list_set_filter (self->list, filter);
  update_view (self);
}

static void
open_dialog (UpCertificationsPage *self,
             gint64                certification_id);

/* Callbacks ---------------------------------------------------------------- */

static void
list_changed_cb (UpCertificationsPage *self)
{
  update_view (self);
  update_actions (self);
}

static void
filter_changed_cb (UpCertificationsPage *self)
{
  apply_filter (self);
}

static gboolean
occupation_timeout_cb (gpointer user_data)
{
  UpCertificationsPage *self = user_data;

  self->occupation_timeout = 0;
  apply_filter (self);
  return G_SOURCE_REMOVE;
}

static void
occupation_changed_cb (UpCertificationsPage *self,
                       GtkEditable          *editable)
{
  g_clear_handle_id (&self->occupation_timeout, g_source_remove);
  self->occupation_timeout = g_timeout_add (OCCUPATION_DELAY_MS, occupation_timeout_cb, self);
}

static void
selection_changed_cb (UpCertificationsPage *self)
{
  update_actions (self);
}

static void
column_view_activate_cb (UpCertificationsPage *self,
                         guint                 position,
                         GtkColumnView        *view)
{
  g_autoptr(UpCertification) certification = NULL;

  if (self->list == NULL)
    return;

  certification = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (certification != NULL && up_certification_get_loaded (certification))
    open_dialog (self, up_certification_get_id (certification));
}

static void
certification_saved_cb (UpCertificationsPage  *self,
                        gint64                 certification_id,
                        gboolean               created,
                        UpCertificationResult *claim,
                        UpCertificationDialog *dialog)
{
  g_autofree char *sentence = claim != NULL ? up_certification_result_describe (claim) : NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  /* Translators: said after saving a certificate; %s says what its claim is */
  text = g_strdup_printf (created ? _("Certificate recorded. %s") : _("Certificate saved. %s"),
                          sentence != NULL ? sentence : "");
  gtk_label_set_label (self->claim_label, text);
  gtk_revealer_set_reveal_child (self->claim_revealer, TRUE);

  toast = adw_toast_new (created ? _("Certificate recorded") : _("Certificate saved"));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  if (self->list != NULL)
    up_certification_list_reload (self->list);
}

static void
open_dialog (UpCertificationsPage *self,
             gint64                certification_id)
{
  UpCertificationDialog *dialog;

  if (self->database == NULL)
    return;

  dialog = up_certification_dialog_new (up_widget_get_window (GTK_WIDGET (self)), self->database, certification_id,
                                        certification_id == 0 ? self->trainee_id : 0);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (certification_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  up_certifications_page_new_certification (UP_CERTIFICATIONS_PAGE (widget));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UpCertificationsPage *self = UP_CERTIFICATIONS_PAGE (widget);
  UpCertification *certification;

  if (self->selection == NULL)
    return;

  certification = gtk_single_selection_get_selected_item (self->selection);
  if (certification != NULL && up_certification_get_loaded (certification))
    open_dialog (self, up_certification_get_id (certification));
}

static void
imported_cb (UpCertificationsPage *self)
{
  if (self->list != NULL)
    up_certification_list_reload (self->list);
}

/* Import…: an issuing body's list, through the import dialog; the list
 * reloads after it. */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpCertificationsPage *self = UP_CERTIFICATIONS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  UpImportDialog *dialog;

  if (self->database == NULL)
    return;

  dialog = up_import_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->database);
  up_import_dialog_set_kind (dialog, UP_IMPORT_CERTIFICATES);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpCertificationsPage *self = UP_CERTIFICATIONS_PAGE (widget);

  up_academy_choices_reload (self->academies, self->database);
  if (self->list != NULL)
    up_certification_list_reload (self->list);
}

static void
all_trainees_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  up_certifications_page_show_trainee (UP_CERTIFICATIONS_PAGE (widget), 0);
}

static void
dismiss_claim_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  UpCertificationsPage *self = UP_CERTIFICATIONS_PAGE (widget);

  gtk_revealer_set_reveal_child (self->claim_revealer, FALSE);
}

/* GObject overrides -------------------------------------------------------- */

static void
up_certifications_page_dispose (GObject *object)
{
  UpCertificationsPage *self = UP_CERTIFICATIONS_PAGE (object);

  up_academy_choices_cancel (self->academies);
  g_clear_handle_id (&self->occupation_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_CERTIFICATIONS_PAGE);
  g_clear_object (&self->academies);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_certifications_page_parent_class)->dispose (object);
}

static void
up_certifications_page_finalize (GObject *object)
{
  UpCertificationsPage *self = UP_CERTIFICATIONS_PAGE (object);

  g_clear_pointer (&self->years, g_array_unref);

  G_OBJECT_CLASS (up_certifications_page_parent_class)->finalize (object);
}

static void
up_certifications_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  UpCertificationsPage *self = UP_CERTIFICATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_certifications_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  UpCertificationsPage *self = UP_CERTIFICATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      up_certifications_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_certifications_page_class_init (UpCertificationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_certifications_page_dispose;
  object_class->finalize = up_certifications_page_finalize;
  object_class->get_property = up_certifications_page_get_property;
  object_class->set_property = up_certifications_page_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) up_ui_get_resource ();
  g_type_ensure (UP_TYPE_CERTIFICATION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-certifications-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, occupation_entry);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, academy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, trainee_box);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, trainee_label);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, claim_revealer);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, claim_label);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, trainee_column);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, id_number_column);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, kind_column);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, occupation_column);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, level_column);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, number_column);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, body_column);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, issued_column);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, verified_column);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, academy_column);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationsPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, occupation_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "certifications.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "certifications.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "certifications.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "certifications.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "certifications.all-trainees", NULL, all_trainees_action);
  gtk_widget_class_install_action (widget_class, "certifications.dismiss-claim", NULL, dismiss_claim_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "certifications.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "certifications.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_ALT_MASK, "certifications.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "certifications.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "certifications.reload", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "certifications");
}

static void
up_certifications_page_init (UpCertificationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The academy filter changes when the person chooses another academy,
   * or when the one chosen is gone after a reload; not as its rows fill. */
  self->academies = up_academy_choices_new ();
  g_signal_connect_object (self->academies, "notify::selected-id", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->years = g_array_new (FALSE, FALSE, sizeof (int));

  set_bound_factory (self->trainee_column, "trainee-name", FALSE);
  set_bound_factory (self->id_number_column, "id-number-masked", TRUE);
  set_bound_factory (self->kind_column, "kind-label", FALSE);
  set_bound_factory (self->occupation_column, "occupation", FALSE);
  set_bound_factory (self->level_column, "level-label", FALSE);
  set_bound_factory (self->number_column, "certificate-no", TRUE);
  set_bound_factory (self->body_column, "issuing-body", FALSE);
  set_bound_factory (self->issued_column, "issued-on", TRUE);
  set_bound_factory (self->verified_column, "verified-label", FALSE);
  set_bound_factory (self->academy_column, "academy-name", FALSE);

  setup_filters (self);
  update_view (self);
  update_actions (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_certifications_page_new (void)
{
  return g_object_new (UP_TYPE_CERTIFICATIONS_PAGE, NULL);
}

UpDatabase *
up_certifications_page_get_database (UpCertificationsPage *self)
{
  g_return_val_if_fail (UP_IS_CERTIFICATIONS_PAGE (self), NULL);

  return self->database;
}

void
up_certifications_page_set_database (UpCertificationsPage *self,
                                     UpDatabase           *db)
{
  g_return_if_fail (UP_IS_CERTIFICATIONS_PAGE (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  if (!g_set_object (&self->database, db))
    return;

  up_academy_choices_cancel (self->academies);
  gtk_column_view_set_model (self->column_view, NULL);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);

  if (db != NULL)
    {
      g_autoptr(UpCertificationFilter) filter = read_filter (self);

      self->list = up_certification_list_new (db);
      up_certification_list_set_filter (self->list, filter);
      g_signal_connect_object (self->list, "items-changed", G_CALLBACK (list_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (list_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->list, "notify::error", G_CALLBACK (list_changed_cb), self,
                               G_CONNECT_SWAPPED);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
      up_academy_choices_reload (self->academies, self->database);
    }

  update_view (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

UpCertificationList *
up_certifications_page_get_list (UpCertificationsPage *self)
{
  g_return_val_if_fail (UP_IS_CERTIFICATIONS_PAGE (self), NULL);

  return self->list;
}

gboolean
up_certifications_page_is_loading (UpCertificationsPage *self)
{
  g_return_val_if_fail (UP_IS_CERTIFICATIONS_PAGE (self), FALSE);

  return self->list != NULL && up_certification_list_get_loading (self->list);
}

void
up_certifications_page_new_certification (UpCertificationsPage *self)
{
  g_return_if_fail (UP_IS_CERTIFICATIONS_PAGE (self));

  open_dialog (self, 0);
}

void
up_certifications_page_show_trainee (UpCertificationsPage *self,
                                     gint64                trainee_id)
{
  g_return_if_fail (UP_IS_CERTIFICATIONS_PAGE (self));

  self->trainee_id = MAX (trainee_id, 0);
  gtk_widget_set_visible (self->trainee_box, self->trainee_id != 0);
  gtk_label_set_label (self->trainee_label, _("The certificates of one trainee."));
  apply_filter (self);
  update_actions (self);
}
