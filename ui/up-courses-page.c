/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-courses-page"

#include "config.h"

#include <glib/gi18n.h>

#include "up-academies-dialog.h"
#include "up-academy-choices.h"
#include "up-course.h"
#include "up-course-dialog.h"
#include "up-courses-page.h"
#include "up-roster-page.h"
#include "up-text-column.h"
#include "up-ui-resources.h"
#include "up-widget-util.h"

/* The Courses page: the courses of the chosen academy, kind, year and
 * status, newest first, as the server lists them.  A change of filter
 * cancels the load under way and starts another; the rows on screen stay
 * until the new ones arrive.  Opening a course (Enter, double-click) slides
 * its roster in; Ctrl+N creates a course and Alt+Enter edits the selected
 * one. */

/* The page lists at most this many courses: a region holds thousands a
 * year, and more than this is for the filters to narrow, not to scroll. */
#define MAX_COURSES 2000

/* How many years back the year filter offers, besides the next two:
 * courses are planned a year or more ahead. */
#define N_PAST_YEARS 8

struct _UpCoursesPage
{
  GtkWidget           parent_instance;

  UpDatabase         *database;
  GCancellable       *cancellable;           /* the course list under way */
  GListStore         *courses;               /* of UpCourse */
  GtkSingleSelection *selection;
  UpAcademyChoices   *academies;             /* academy_dropdown's rows */
  GArray             *years;                 /* int per year_dropdown row; 0 = any */
  GError             *error;
  guint               loading : 1;
  guint               filling_filters : 1;
  guint               roster_changed : 1;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkStack           *page_stack;
  GtkDropDown        *academy_dropdown;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *year_dropdown;
  GtkDropDown        *status_dropdown;
  GtkSpinner         *spinner;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *title_column;
  GtkColumnViewColumn *academy_column;
  GtkColumnViewColumn *major_column;
  GtkColumnViewColumn *kind_column;
  GtkColumnViewColumn *dates_column;
  GtkColumnViewColumn *hours_column;
  GtkColumnViewColumn *seats_column;
  GtkColumnViewColumn *status_column;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *error_page;
  UpRosterPage       *roster_page;
};

G_DEFINE_FINAL_TYPE (UpCoursesPage, up_courses_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods -------------------------------------------------------- */

static char *
format_hours (double hours)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.1f", hours);
  if (g_str_has_suffix (buf, ".0"))
    buf[strlen (buf) - 2] = '\0';
  return g_strdup (buf);
}

static char *
title_text (gpointer item)
{
  return g_strdup (up_course_get_title (item));
}

static char *
academy_text (gpointer item)
{
  return g_strdup (up_course_get_academy_name (item));
}

static char *
major_text (gpointer item)
{
  return g_strdup (up_course_get_major_name (item));
}

static char *
kind_text (gpointer item)
{
  return g_strdup (up_course_kind_to_label (up_course_get_kind (item)));
}

static char *
dates_text (gpointer item)
{
  char *period = NULL;

  g_object_get (item, "period", &period, NULL);
  return period;
}

static char *
hours_text (gpointer item)
{
  return format_hours (up_course_get_hours (item));
}

static char *
seats_text (gpointer item)
{
  int waiting = up_course_get_n_waitlisted (item);
  g_autofree char *seats = NULL;

  /* Translators: seats taken / capacity of a course, e.g. “28 / 30” */
  seats = g_strdup_printf (_("%d / %d"), up_course_get_n_enrolled (item), up_course_get_capacity (item));
  if (waiting == 0)
    return g_steal_pointer (&seats);

  /* Translators: seats of a course and how many wait for one, e.g.
   * “30 / 30, 4 waiting” (候补 4 人) */
  return g_strdup_printf (ngettext ("%s, %d waiting", "%s, %d waiting", waiting), seats, waiting);
}

static char *
status_text (gpointer item)
{
  return g_strdup (up_course_status_to_label (up_course_get_status (item)));
}

static void
set_loading (UpCoursesPage *self,
             gboolean       loading)
{
  loading = !!loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
read_filter (UpCoursesPage  *self,
             UpCourseFilter *filter)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint year = gtk_drop_down_get_selected (self->year_dropdown);
  guint status = gtk_drop_down_get_selected (self->status_dropdown);

  up_course_filter_init (filter);
  filter->limit = MAX_COURSES;
  filter->academy_id = up_academy_choices_get_selected_id (self->academies);
  /* Row 0 of kind and status is “all”. */
  if (kind != GTK_INVALID_LIST_POSITION && kind > 0)
    filter->kind = (int) kind - 1;
  if (status != GTK_INVALID_LIST_POSITION && status > 0)
    filter->status = (int) status - 1;
  if (year != GTK_INVALID_LIST_POSITION && year < self->years->len)
    filter->year = g_array_index (self->years, int, year);
}

static gboolean
filter_is_narrowed (const UpCourseFilter *filter)
{
  return filter->academy_id != 0 || filter->kind >= 0 || filter->status >= 0 || filter->year != 0;
}

static void
show_courses (UpCoursesPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->courses));
  UpCourseFilter filter;
  g_autofree char *count = NULL;

  read_filter (self, &filter);

  if (n >= MAX_COURSES)
    /* Translators: %d is the most courses the page lists */
    count = g_strdup_printf (_("The newest %d courses: narrow the filters to see others"), MAX_COURSES);
  else
    count = g_strdup_printf (ngettext ("%u course", "%u courses", n), n);
  gtk_label_set_label (self->count_label, count);

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "courses");
      return;
    }

  if (filter_is_narrowed (&filter))
    {
      adw_status_page_set_title (self->empty_page, _("No Courses Match"));
      adw_status_page_set_description (self->empty_page,
                                       _("Choose other filters, or create a course with “New Course” (Ctrl+N)."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Courses Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Create one with “New Course” (Ctrl+N). A course belongs to an academy and "
                                         "one of its majors: add them first under “Academies and Majors”."));
    }
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
show_error (UpCoursesPage *self)
{
  g_autofree char *markup = g_markup_escape_text (self->error->message, -1);

  adw_status_page_set_description (self->error_page, markup);
  gtk_label_set_label (self->count_label, NULL);
  gtk_stack_set_visible_child_name (self->list_stack, "error");
}

static void
cancel_load (UpCoursesPage *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
update_actions (UpCoursesPage *self)
{
  gboolean have_db = self->database != NULL;
  gboolean selected = gtk_single_selection_get_selected_item (self->selection) != NULL;
  gboolean roster_shown = gtk_stack_get_visible_child (self->page_stack) == GTK_WIDGET (self->roster_page);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "courses.new-course", have_db);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "courses.edit-course", have_db && (selected || roster_shown));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "courses.manage-academies", have_db);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "courses.reload", have_db);
}

static void
fill_string_list (GtkDropDown        *dropdown,
                  const char * const *strings)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (strings);

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static void
setup_filters (UpCoursesPage *self)
{
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr(GPtrArray) statuses = g_ptr_array_new ();
  g_autoptr(GPtrArray) years = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int this_year = g_date_time_get_year (now);
  int any_year = 0;

  self->filling_filters = TRUE;

  g_ptr_array_add (kinds, (gpointer) _("All kinds"));
  for (int k = UP_COURSE_KIND_SKILL; k <= UP_COURSE_KIND_SAFETY; k++)
    g_ptr_array_add (kinds, (gpointer) up_course_kind_to_label (k));
  g_ptr_array_add (kinds, NULL);
  fill_string_list (self->kind_dropdown, (const char * const *) kinds->pdata);

  g_ptr_array_add (statuses, (gpointer) _("All statuses"));
  for (int s = UP_COURSE_STATUS_PLANNED; s <= UP_COURSE_STATUS_CANCELLED; s++)
    g_ptr_array_add (statuses, (gpointer) up_course_status_to_label (s));
  g_ptr_array_add (statuses, NULL);
  fill_string_list (self->status_dropdown, (const char * const *) statuses->pdata);

  g_ptr_array_add (years, g_strdup (_("All years")));
  g_array_append_val (self->years, any_year);
  for (int y = this_year + 2; y >= this_year - N_PAST_YEARS; y--)
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

/* Callbacks ---------------------------------------------------------------- */

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  UpCoursesPage *self;
  g_autoptr(GListStore) courses = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  courses = up_course_list_finish (UP_DATABASE (object), result, &error);
  /* A cancelled load never touches the page: it may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_COURSES_PAGE (user_data);
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (courses == NULL)
    {
      g_debug ("Cannot list the courses: %s", error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_list_store_remove_all (self->courses);
      show_error (self);
      update_actions (self);
      return;
    }

  g_clear_error (&self->error);
  n = g_list_model_get_n_items (G_LIST_MODEL (courses));
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (courses), i));
  g_list_store_splice (self->courses, 0, g_list_model_get_n_items (G_LIST_MODEL (self->courses)),
                       items->pdata, n);

  show_courses (self);
  update_actions (self);
}

static void
filter_changed_cb (UpCoursesPage *self,
                   GParamSpec    *pspec,
                   GObject       *source)
{
  if (self->filling_filters || self->database == NULL)
    return;

  up_courses_page_reload (self);
}

static void
selection_changed_cb (UpCoursesPage *self)
{
  update_actions (self);
}

static void
column_view_activate_cb (UpCoursesPage *self,
                         guint          position,
                         GtkColumnView *view)
{
  g_autoptr(UpCourse) course = g_list_model_get_item (G_LIST_MODEL (self->courses), position);

  if (course != NULL)
    up_courses_page_open_course (self, up_course_get_id (course));
}

static void
roster_back_cb (UpCoursesPage *self,
                UpRosterPage  *roster)
{
  gtk_stack_set_visible_child_name (self->page_stack, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  update_actions (self);

  if (self->roster_changed)
    {
      self->roster_changed = FALSE;
      up_courses_page_reload (self);
    }
}

static void
roster_changed_cb (UpCoursesPage *self,
                   UpRosterPage  *roster)
{
  self->roster_changed = TRUE;
}

static void
course_saved_cb (UpCoursesPage  *self,
                 gint64          course_id,
                 gboolean        created,
                 UpCourseDialog *dialog)
{
  AdwToast *toast;

  toast = adw_toast_new (created ? _("Course created") : _("Course saved"));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  up_courses_page_reload (self);
  if (gtk_stack_get_visible_child (self->page_stack) == GTK_WIDGET (self->roster_page)
      && up_roster_page_get_course_id (self->roster_page) == course_id)
    up_roster_page_reload (self->roster_page);
}

static void
academies_changed_cb (UpCoursesPage     *self,
                      UpAcademiesDialog *dialog)
{
  up_academy_choices_reload (self->academies, self->database);
  up_courses_page_reload (self);
}

static void
new_course_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  up_courses_page_new_course (UP_COURSES_PAGE (widget));
}

static void
edit_course_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  UpCoursesPage *self = UP_COURSES_PAGE (widget);
  UpCourse *course;
  UpCourseDialog *dialog;

  if (self->database == NULL)
    return;

  if (gtk_stack_get_visible_child (self->page_stack) == GTK_WIDGET (self->roster_page))
    {
      if (up_roster_page_get_course_id (self->roster_page) == 0)
        return;
      dialog = up_course_dialog_new (up_widget_get_window (GTK_WIDGET (self)), self->database,
                                     up_roster_page_get_course_id (self->roster_page), 0);
    }
  else
    {
      course = gtk_single_selection_get_selected_item (self->selection);
      if (course == NULL)
        return;
      dialog = up_course_dialog_new (up_widget_get_window (GTK_WIDGET (self)), self->database,
                                     up_course_get_id (course), 0);
    }

  g_signal_connect_object (dialog, "saved", G_CALLBACK (course_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
manage_academies_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  UpCoursesPage *self = UP_COURSES_PAGE (widget);
  UpAcademiesDialog *dialog;

  if (self->database == NULL)
    return;

  dialog = up_academies_dialog_new (up_widget_get_window (GTK_WIDGET (self)), self->database);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (academies_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpCoursesPage *self = UP_COURSES_PAGE (widget);

  if (gtk_stack_get_visible_child (self->page_stack) == GTK_WIDGET (self->roster_page))
    up_roster_page_reload (self->roster_page);
  else
    {
      up_academy_choices_reload (self->academies, self->database);
      up_courses_page_reload (self);
    }
}

/* GObject overrides -------------------------------------------------------- */

static void
up_courses_page_dispose (GObject *object)
{
  UpCoursesPage *self = UP_COURSES_PAGE (object);

  cancel_load (self);
  up_academy_choices_cancel (self->academies);
  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_COURSES_PAGE);
  g_clear_object (&self->academies);
  g_clear_object (&self->selection);
  g_clear_object (&self->courses);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_courses_page_parent_class)->dispose (object);
}

static void
up_courses_page_finalize (GObject *object)
{
  UpCoursesPage *self = UP_COURSES_PAGE (object);

  g_clear_pointer (&self->years, g_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (up_courses_page_parent_class)->finalize (object);
}

static void
up_courses_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  UpCoursesPage *self = UP_COURSES_PAGE (object);

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
up_courses_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  UpCoursesPage *self = UP_COURSES_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      up_courses_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_courses_page_class_init (UpCoursesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_courses_page_dispose;
  object_class->finalize = up_courses_page_finalize;
  object_class->get_property = up_courses_page_get_property;
  object_class->set_property = up_courses_page_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) up_ui_get_resource ();
  g_type_ensure (UP_TYPE_ROSTER_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-courses-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, academy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, title_column);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, academy_column);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, major_column);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, kind_column);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, dates_column);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, hours_column);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, seats_column);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, UpCoursesPage, roster_page);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, roster_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, roster_changed_cb);

  gtk_widget_class_install_action (widget_class, "courses.new-course", NULL, new_course_action);
  gtk_widget_class_install_action (widget_class, "courses.edit-course", NULL, edit_course_action);
  gtk_widget_class_install_action (widget_class, "courses.manage-academies", NULL, manage_academies_action);
  gtk_widget_class_install_action (widget_class, "courses.reload", NULL, reload_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "courses.new-course", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "courses.edit-course", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_ALT_MASK, "courses.edit-course", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "courses.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "courses.reload", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "courses");
}

static void
up_courses_page_init (UpCoursesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The academy filter changes when the person chooses another academy,
   * or when the one chosen is gone after a reload; not as its rows fill. */
  self->academies = up_academy_choices_new ();
  g_signal_connect_object (self->academies, "notify::selected-id", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  self->courses = g_list_store_new (UP_TYPE_COURSE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->courses)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  up_text_column_set_func (self->title_column, title_text, 0);
  up_text_column_set_func (self->academy_column, academy_text, 0);
  up_text_column_set_func (self->major_column, major_text, 0);
  up_text_column_set_func (self->kind_column, kind_text, 0);
  up_text_column_set_func (self->dates_column, dates_text, 0);
  up_text_column_set_func (self->hours_column, hours_text, 1);
  up_text_column_set_func (self->seats_column, seats_text, 1);
  up_text_column_set_func (self->status_column, status_text, 0);

  setup_filters (self);
  show_courses (self);
  update_actions (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_courses_page_new (void)
{
  return g_object_new (UP_TYPE_COURSES_PAGE, NULL);
}

UpDatabase *
up_courses_page_get_database (UpCoursesPage *self)
{
  g_return_val_if_fail (UP_IS_COURSES_PAGE (self), NULL);

  return self->database;
}

void
up_courses_page_set_database (UpCoursesPage *self,
                              UpDatabase    *db)
{
  g_return_if_fail (UP_IS_COURSES_PAGE (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  if (!g_set_object (&self->database, db))
    return;

  cancel_load (self);
  up_academy_choices_cancel (self->academies);
  up_roster_page_set_database (self->roster_page, db);
  gtk_stack_set_visible_child_name (self->page_stack, "list");

  if (db == NULL)
    {
      set_loading (self, FALSE);
      g_list_store_remove_all (self->courses);
      show_courses (self);
    }
  else
    {
      up_academy_choices_reload (self->academies, self->database);
      up_courses_page_reload (self);
    }

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

void
up_courses_page_reload (UpCoursesPage *self)
{
  UpCourseFilter filter;

  g_return_if_fail (UP_IS_COURSES_PAGE (self));

  cancel_load (self);
  if (self->database == NULL)
    return;

  read_filter (self, &filter);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  up_course_list_async (self->database, &filter, self->cancellable, list_cb, self);
}

gboolean
up_courses_page_is_loading (UpCoursesPage *self)
{
  g_return_val_if_fail (UP_IS_COURSES_PAGE (self), FALSE);

  return self->loading;
}

GListModel *
up_courses_page_get_courses (UpCoursesPage *self)
{
  g_return_val_if_fail (UP_IS_COURSES_PAGE (self), NULL);

  return G_LIST_MODEL (self->courses);
}

void
up_courses_page_new_course (UpCoursesPage *self)
{
  UpCourseDialog *dialog;
  UpCourseFilter filter;

  g_return_if_fail (UP_IS_COURSES_PAGE (self));

  if (self->database == NULL)
    return;

  /* The academy of the filter is the likely one. */
  read_filter (self, &filter);
  dialog = up_course_dialog_new (up_widget_get_window (GTK_WIDGET (self)), self->database, 0, filter.academy_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (course_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
up_courses_page_open_course (UpCoursesPage *self,
                             gint64         course_id)
{
  g_return_if_fail (UP_IS_COURSES_PAGE (self));

  up_roster_page_set_course_id (self->roster_page, course_id);
  gtk_stack_set_visible_child_name (self->page_stack, "roster");
  gtk_widget_grab_focus (GTK_WIDGET (self->roster_page));
  update_actions (self);
}

UpRosterPage *
up_courses_page_get_roster_page (UpCoursesPage *self)
{
  g_return_val_if_fail (UP_IS_COURSES_PAGE (self), NULL);

  return self->roster_page;
}
