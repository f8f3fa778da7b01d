/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-course-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "up-academy.h"
#include "up-course.h"
#include "up-course-dialog.h"
#include "up-error.h"
#include "up-major.h"
#include "up-ui-resources.h"

/* A course's form.  The academies, the course (when editing) and the majors
 * of the chosen academy load on the database's worker; the form is
 * insensitive only while it saves.  What the person typed is checked here
 * first, so that the usual mistakes are said beside the field; the database
 * has the last word and its refusal is said above the form. */

struct _UpCourseDialog
{
  AdwWindow       parent_instance;

  UpDatabase     *database;
  GCancellable   *cancellable;        /* everything but the majors */
  GCancellable   *majors_cancellable; /* the majors of the academy chosen */
  UpCourse       *course;             /* being edited, from the database; NULL for a new one */
  UpCourse       *new_course;         /* being inserted */
  gint64          course_id;
  gint64          wanted_academy_id;  /* to select once the academies are in */
  gint64          wanted_major_id;
  GListStore     *academies;
  GListStore     *majors;
  guint           n_busy;
  char           *error_message;
  /* The course's values as read, to tell what someone else changed. */
  GStrv           loaded_values;
  int             conflict_version;
  GtkWidget      *conflict_box;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  GtkSpinner     *spinner;
  GtkWidget      *form;
  GtkLabel       *error_label;
  AdwComboRow    *academy_row;
  AdwComboRow    *major_row;
  AdwComboRow    *kind_row;
  AdwEntryRow    *title_row;
  AdwEntryRow    *start_row;
  AdwEntryRow    *end_row;
  AdwEntryRow    *hours_row;
  AdwEntryRow    *capacity_row;
  AdwEntryRow    *location_row;
  AdwComboRow    *status_row;
  GtkCalendar    *start_calendar;
  GtkCalendar    *end_calendar;
  GtkMenuButton  *start_button;
  GtkMenuButton  *end_button;
};

G_DEFINE_FINAL_TYPE (UpCourseDialog, up_course_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary methods -------------------------------------------------------- */

static void
update_busy (UpCourseDialog *self)
{
  gtk_spinner_set_spinning (self->spinner, self->n_busy > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "course.save", self->n_busy == 0);
}

static void
busy_push (UpCourseDialog *self)
{
  self->n_busy++;
  update_busy (self);
}

static void
busy_pop (UpCourseDialog *self)
{
  g_return_if_fail (self->n_busy > 0);
  self->n_busy--;
  update_busy (self);
}

static void
show_error (UpCourseDialog *self,
            const char     *message)
{
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_widget_set_visible (self->conflict_box, FALSE);
}

/* Marks @row wrong, says why and puts the cursor there. */
static void
refuse (UpCourseDialog *self,
        GtkWidget      *row,
        const char     *message)
{
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
  show_error (self, message);
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static char *
format_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* YYYY-MM-DD and nothing else: dates in the form are never read by locale. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  unsigned year, month, day;
  int consumed = 0;

  g_date_clear (date, 1);
  if (strlen (trimmed) != 10 || trimmed[4] != '-' || trimmed[7] != '-')
    return FALSE;
  if (sscanf (trimmed, "%4u-%2u-%2u%n", &year, &month, &day, &consumed) != 3 || consumed != 10)
    return FALSE;
  if (year < 1900 || year > 2999 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* A positive number with at most one decimal, as the schema keeps hours. */
static gboolean
parse_hours (const char *text,
             double     *hours)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  const char *dot;
  char *end = NULL;
  double value;

  if (*trimmed == '\0' || !g_ascii_isdigit (*trimmed))
    return FALSE;
  value = g_ascii_strtod (trimmed, &end);
  if (end == NULL || *end != '\0' || !(value > 0) || value > 99999.9)
    return FALSE;
  dot = strchr (trimmed, '.');
  if (dot != NULL && strlen (dot + 1) > 1)
    return FALSE;

  *hours = value;
  return TRUE;
}

static gboolean
parse_capacity (const char *text,
                int        *capacity)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  guint64 value;

  if (!g_ascii_string_to_unsigned (trimmed, 10, 1, 100000, &value, NULL))
    return FALSE;

  *capacity = (int) value;
  return TRUE;
}

static char *
format_hours (double hours)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.1f", hours);
  if (g_str_has_suffix (buf, ".0"))
    buf[strlen (buf) - 2] = '\0';
  return g_strdup (buf);
}

static guint
find_position (GListModel *model,
               gint64      id,
               gint64    (*get_id) (gpointer))
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (get_id (item) == id)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static gint64
academy_id_of (gpointer item)
{
  return up_academy_get_id (item);
}

static gint64
major_id_of (gpointer item)
{
  return up_major_get_id (item);
}

/* A course's values as text, in the order of course_field_names (). */
static GStrv
course_values (UpCourse *c)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *academy = g_strdup_printf ("%" G_GINT64_FORMAT, up_course_get_academy_id (c));
  g_autofree char *major = g_strdup_printf ("%" G_GINT64_FORMAT, up_course_get_major_id (c));
  g_autofree char *kind = g_strdup_printf ("%d", up_course_get_kind (c));
  g_autofree char *start = format_date (up_course_get_start_date (c));
  g_autofree char *end = format_date (up_course_get_end_date (c));
  g_autofree char *hours = format_hours (up_course_get_hours (c));
  g_autofree char *capacity = g_strdup_printf ("%d", up_course_get_capacity (c));
  g_autofree char *status = g_strdup_printf ("%d", up_course_get_status (c));

  g_strv_builder_add_many (builder, academy, major, kind, up_course_get_title (c), start, end, hours, capacity,
                           up_course_get_location (c) != NULL ? up_course_get_location (c) : "", status, NULL);
  return g_strv_builder_end (builder);
}

static const char *
course_field_name (guint i)
{
  switch (i)
    {
    case 0: return C_("course field", "Academy");
    case 1: return C_("course field", "Major");
    case 2: return C_("course field", "Kind");
    case 3: return C_("course field", "Title");
    case 4: return C_("course field", "Start");
    case 5: return C_("course field", "End");
    case 6: return C_("course field", "Hours");
    case 7: return C_("course field", "Capacity");
    case 8: return C_("course field", "Location");
    default: return C_("course field", "Status");
    }
}

static void
fill_form (UpCourseDialog *self)
{
  UpCourse *c = self->course;
  g_autofree char *start = format_date (up_course_get_start_date (c));
  g_autofree char *end = format_date (up_course_get_end_date (c));
  g_autofree char *hours = format_hours (up_course_get_hours (c));
  g_autofree char *capacity = g_strdup_printf ("%d", up_course_get_capacity (c));

  adw_combo_row_set_selected (self->kind_row, up_course_get_kind (c));
  adw_combo_row_set_selected (self->status_row, up_course_get_status (c));
  set_entry_text (self->title_row, up_course_get_title (c));
  set_entry_text (self->start_row, start);
  set_entry_text (self->end_row, end);
  set_entry_text (self->hours_row, hours);
  set_entry_text (self->capacity_row, capacity);
  set_entry_text (self->location_row, up_course_get_location (c));
  adw_window_title_set_subtitle (self->window_title, up_course_get_title (c));
}

static void load_academies (UpCourseDialog *self);

/* Callbacks ---------------------------------------------------------------- */

static void
majors_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpCourseDialog *self;
  g_autoptr(GListStore) majors = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  majors = up_major_list_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_COURSE_DIALOG (user_data);
  g_clear_object (&self->majors_cancellable);
  busy_pop (self);

  if (majors == NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_set_object (&self->majors, majors);
  adw_combo_row_set_model (self->major_row, G_LIST_MODEL (majors));
  position = find_position (G_LIST_MODEL (majors), self->wanted_major_id, major_id_of);
  if (position != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->major_row, position);
  else if (g_list_model_get_n_items (G_LIST_MODEL (majors)) > 0)
    adw_combo_row_set_selected (self->major_row, 0);

  if (g_list_model_get_n_items (G_LIST_MODEL (majors)) == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->major_row),
                                 _("This academy has no majors yet: add one under “Academies and Majors”."));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->major_row), NULL);
}

static void
academy_selected_cb (UpCourseDialog *self,
                     GParamSpec     *pspec,
                     AdwComboRow    *row)
{
  UpAcademy *academy = adw_combo_row_get_selected_item (self->academy_row);

  if (self->majors_cancellable != NULL)
    {
      g_cancellable_cancel (self->majors_cancellable);
      g_clear_object (&self->majors_cancellable);
      busy_pop (self);
    }

  g_list_store_remove_all (self->majors);
  if (academy == NULL || self->database == NULL)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self->academy_row), "error");
  self->majors_cancellable = g_cancellable_new ();
  busy_push (self);
  up_major_list_async (self->database, up_academy_get_id (academy), self->majors_cancellable, majors_cb, self);
}

static void
academies_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  UpCourseDialog *self;
  g_autoptr(GListStore) academies = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  academies = up_academy_list_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_COURSE_DIALOG (user_data);
  busy_pop (self);

  if (academies == NULL)
    {
      show_error (self, error->message);
      return;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (academies)) == 0)
    refuse (self, NULL, _("There is no academy yet. Add one under “Academies and Majors” first."));

  g_set_object (&self->academies, academies);
  adw_combo_row_set_model (self->academy_row, G_LIST_MODEL (academies));
  position = find_position (G_LIST_MODEL (academies), self->wanted_academy_id, academy_id_of);
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  /* Selecting the row already selected would not load its majors. */
  if (adw_combo_row_get_selected (self->academy_row) == position)
    academy_selected_cb (self, NULL, self->academy_row);
  else
    adw_combo_row_set_selected (self->academy_row, position);
}

static void
course_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpCourseDialog *self;
  g_autoptr(UpCourse) course = NULL;
  g_autoptr(GError) error = NULL;

  course = up_course_get_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_COURSE_DIALOG (user_data);
  busy_pop (self);

  if (course == NULL)
    {
      show_error (self, error->message);
      gtk_widget_set_sensitive (self->form, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "course.save", FALSE);
      return;
    }

  self->course = g_steal_pointer (&course);
  g_strfreev (self->loaded_values);
  self->loaded_values = course_values (self->course);
  self->wanted_academy_id = up_course_get_academy_id (self->course);
  self->wanted_major_id = up_course_get_major_id (self->course);
  fill_form (self);
  load_academies (self);
}

/* @user_data is the dialog without a reference, as for the saves below. */
static void
conflict_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  UpCourseDialog *self;
  g_autoptr(UpCourse) current = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) values = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *fields = NULL;
  g_autofree char *message = NULL;

  current = up_course_get_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_COURSE_DIALOG (user_data);
  busy_pop (self);
  if (current == NULL || self->loaded_values == NULL)
    return;   /* the message shown stays */

  values = course_values (current);
  for (guint i = 0; values[i] != NULL && self->loaded_values[i] != NULL; i++)
    if (g_strcmp0 (values[i], self->loaded_values[i]) != 0)
      g_ptr_array_add (names, (gpointer) course_field_name (i));
  g_ptr_array_add (names, NULL);
  /* Translators: the separator between the names of changed fields */
  fields = g_strjoinv (C_("list separator", ", "), (char **) names->pdata);

  self->conflict_version = up_course_get_version (current);
  if (*fields != '\0')
    /* Translators: %s lists the fields someone else changed, e.g. "Capacity, Location" */
    message = g_strdup_printf (_("Someone else changed this course while it was open here: %s. Reload to see "
                                 "their changes, replacing what you typed, or Save Anyway to keep yours."),
                               fields);
  else
    message = g_strdup (_("Someone else saved this course while it was open here, without changing what this "
                          "form shows. Reload, or Save Anyway to keep what you typed."));
  show_error (self, message);
  gtk_widget_set_visible (self->conflict_box, TRUE);
}

static void
saved (UpCourseDialog *self,
       GError         *error,
       UpCourse       *course,
       gboolean        created)
{
  busy_pop (self);
  gtk_widget_set_sensitive (self->form, TRUE);

  /* Saved though its answer was lost: the page reloads it, and the form
   * goes, so that it cannot be saved twice. */
  if (error != NULL && !g_error_matches (error, UP_ERROR, UP_ERROR_DONE_UNCONFIRMED))
    {
      /* The form keeps what was typed: try again, or cancel. */
      g_debug ("Cannot save the course: %s", error->message);
      if (g_error_matches (error, UP_ERROR, UP_ERROR_RETRY) && !created)
        {
          show_error (self, _("Someone else changed this course while it was open here. Close the form and open "
                              "the course again to see their changes."));
          /* Read what they saved: say what changed, offer Reload or Save Anyway. */
          busy_push (self);
          up_course_get_async (self->database, up_course_get_id (course), self->cancellable, conflict_cb, self);
        }
      else
        show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, up_course_get_id (course), created);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* @user_data is the dialog without a reference: a dialog that goes away
 * cancels its work first, and a cancelled save never touches it. */
static void
insert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpCourseDialog *self;
  g_autoptr(GError) error = NULL;

  up_course_insert_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_COURSE_DIALOG (user_data);
  saved (self, error, self->new_course, TRUE);
}

static void
update_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpCourseDialog *self;
  g_autoptr(GError) error = NULL;

  up_course_update_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_COURSE_DIALOG (user_data);
  saved (self, error, self->course, FALSE);
}

static void
start_popover_show_cb (UpCourseDialog *self,
                       GtkPopover     *popover)
{
  GDate date;

  if (parse_date (gtk_editable_get_text (GTK_EDITABLE (self->start_row)), &date))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                                       g_date_get_day (&date), 0, 0, 0);
      gtk_calendar_select_day (self->start_calendar, dt);
    }
}

static void
end_popover_show_cb (UpCourseDialog *self,
                     GtkPopover     *popover)
{
  GDate date;

  if (parse_date (gtk_editable_get_text (GTK_EDITABLE (self->end_row)), &date)
      || parse_date (gtk_editable_get_text (GTK_EDITABLE (self->start_row)), &date))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                                       g_date_get_day (&date), 0, 0, 0);
      gtk_calendar_select_day (self->end_calendar, dt);
    }
}

static void
day_selected (GtkCalendar   *calendar,
              AdwEntryRow   *row,
              GtkMenuButton *button)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (dt, "%Y-%m-%d");

  set_entry_text (row, text);
  gtk_menu_button_popdown (button);
}

static void
start_day_selected_cb (UpCourseDialog *self,
                       GtkCalendar    *calendar)
{
  day_selected (calendar, self->start_row, self->start_button);
}

static void
end_day_selected_cb (UpCourseDialog *self,
                     GtkCalendar    *calendar)
{
  day_selected (calendar, self->end_row, self->end_button);
}

static void
entry_changed_cb (UpCourseDialog *self,
                  GtkEditable    *editable)
{
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  up_course_dialog_save (UP_COURSE_DIALOG (widget));
}

/* Reload: the course as saved now replaces what was typed. */
static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpCourseDialog *self = UP_COURSE_DIALOG (widget);
  gint64 id = self->course != NULL ? up_course_get_id (self->course) : 0;

  if (id <= 0 || self->database == NULL)
    return;
  show_error (self, NULL);
  g_clear_object (&self->course);
  busy_push (self);
  up_course_get_async (self->database, id, self->cancellable, course_cb, self);
}

/* Save Anyway: the form's values over the version someone else saved. */
static void
overwrite_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  UpCourseDialog *self = UP_COURSE_DIALOG (widget);

  if (self->course == NULL || self->conflict_version <= 0)
    return;
  up_course_set_version (self->course, self->conflict_version);
  self->conflict_version = 0;
  up_course_dialog_save (self);
}

static void
load_academies (UpCourseDialog *self)
{
  busy_push (self);
  up_academy_list_async (self->database, self->cancellable, academies_cb, self);
}

/* GObject overrides -------------------------------------------------------- */

static void
up_course_dialog_dispose (GObject *object)
{
  UpCourseDialog *self = UP_COURSE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->majors_cancellable != NULL)
    g_cancellable_cancel (self->majors_cancellable);
  g_clear_object (&self->majors_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_COURSE_DIALOG);

  g_clear_object (&self->course);
  g_clear_object (&self->new_course);
  g_clear_object (&self->academies);
  g_clear_object (&self->majors);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_course_dialog_parent_class)->dispose (object);
}

static void
up_course_dialog_finalize (GObject *object)
{
  UpCourseDialog *self = UP_COURSE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->loaded_values, g_strfreev);

  G_OBJECT_CLASS (up_course_dialog_parent_class)->finalize (object);
}

static void
up_course_dialog_class_init (UpCourseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_course_dialog_dispose;
  object_class->finalize = up_course_dialog_finalize;

  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);

  (void) up_ui_get_resource ();
  g_type_ensure (UP_TYPE_ACADEMY);
  g_type_ensure (UP_TYPE_MAJOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-course-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, form);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, conflict_box);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, academy_row);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, major_row);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, end_row);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, hours_row);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, start_calendar);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, end_calendar);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, start_button);
  gtk_widget_class_bind_template_child (widget_class, UpCourseDialog, end_button);
  gtk_widget_class_bind_template_callback (widget_class, academy_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, end_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, end_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "course.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "course.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "course.overwrite", NULL, overwrite_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "course.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
up_course_dialog_init (UpCourseDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->academies = g_list_store_new (UP_TYPE_ACADEMY);
  self->majors = g_list_store_new (UP_TYPE_MAJOR);
  adw_combo_row_set_model (self->major_row, G_LIST_MODEL (self->majors));

  for (int k = UP_COURSE_KIND_SKILL; k <= UP_COURSE_KIND_SAFETY; k++)
    gtk_string_list_append (kinds, up_course_kind_to_label (k));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  for (int s = UP_COURSE_STATUS_PLANNED; s <= UP_COURSE_STATUS_CANCELLED; s++)
    gtk_string_list_append (statuses, up_course_status_to_label (s));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
}

/* Public API --------------------------------------------------------------- */

UpCourseDialog *
up_course_dialog_new (GtkWindow  *parent,
                      UpDatabase *db,
                      gint64      course_id,
                      gint64      academy_id)
{
  UpCourseDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);

  self = g_object_new (UP_TYPE_COURSE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->database = g_object_ref (db);
  self->course_id = course_id;
  self->wanted_academy_id = academy_id;

  if (course_id != 0)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Course"));
      adw_window_title_set_title (self->window_title, _("Edit Course"));
      busy_push (self);
      up_course_get_async (db, course_id, self->cancellable, course_cb, self);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Course"));
      adw_window_title_set_title (self->window_title, _("New Course"));
      load_academies (self);
    }

  return self;
}

void
up_course_dialog_save (UpCourseDialog *self)
{
  UpAcademy *academy;
  UpMajor *major;
  UpCourse *course;
  g_autofree char *title = NULL;
  g_autofree char *location = NULL;
  GDate start, end;
  double hours = 0;
  int capacity = 0;

  g_return_if_fail (UP_IS_COURSE_DIALOG (self));

  if (self->n_busy > 0 || (self->course_id != 0 && self->course == NULL))
    return;

  academy = adw_combo_row_get_selected_item (self->academy_row);
  major = adw_combo_row_get_selected_item (self->major_row);
  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  location = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->location_row))));

  if (academy == NULL)
    {
      refuse (self, GTK_WIDGET (self->academy_row),
              _("Choose the academy that runs the course. Add academies under “Academies and Majors”."));
      return;
    }
  if (major == NULL)
    {
      refuse (self, GTK_WIDGET (self->major_row),
              _("Choose the major the course teaches. Add majors to the academy under “Academies and Majors”."));
      return;
    }
  if (*title == '\0')
    {
      refuse (self, GTK_WIDGET (self->title_row), _("The course needs a title."));
      return;
    }
  if (!parse_date (gtk_editable_get_text (GTK_EDITABLE (self->start_row)), &start))
    {
      refuse (self, GTK_WIDGET (self->start_row),
              _("Enter the start date as year-month-day, for example 2025-03-01."));
      return;
    }
  if (!parse_date (gtk_editable_get_text (GTK_EDITABLE (self->end_row)), &end))
    {
      refuse (self, GTK_WIDGET (self->end_row),
              _("Enter the end date as year-month-day, for example 2025-04-30."));
      return;
    }
  if (g_date_compare (&end, &start) < 0)
    {
      refuse (self, GTK_WIDGET (self->end_row), _("The course cannot end before it starts."));
      return;
    }
  if (!parse_hours (gtk_editable_get_text (GTK_EDITABLE (self->hours_row)), &hours))
    {
      refuse (self, GTK_WIDGET (self->hours_row),
              _("Enter the course hours as a number above zero, with at most one decimal, for example 40 or 12.5."));
      return;
    }
  if (!parse_capacity (gtk_editable_get_text (GTK_EDITABLE (self->capacity_row)), &capacity))
    {
      refuse (self, GTK_WIDGET (self->capacity_row),
              _("Enter the number of seats as a whole number from 1 to 100000."));
      return;
    }

  show_error (self, NULL);

  if (self->course != NULL)
    course = self->course;
  else
    {
      g_clear_object (&self->new_course);
      course = self->new_course = up_course_new ();
    }

  up_course_set_academy_id (course, up_academy_get_id (academy));
  up_course_set_major_id (course, up_major_get_id (major));
  up_course_set_kind (course, adw_combo_row_get_selected (self->kind_row));
  up_course_set_title (course, title);
  up_course_set_start_date (course, &start);
  up_course_set_end_date (course, &end);
  up_course_set_hours (course, hours);
  up_course_set_capacity (course, capacity);
  up_course_set_location (course, *location != '\0' ? location : NULL);
  up_course_set_status (course, adw_combo_row_get_selected (self->status_row));

  busy_push (self);
  gtk_widget_set_sensitive (self->form, FALSE);
  if (course == self->course)
    up_course_update_async (self->database, course, self->cancellable, update_cb, self);
  else
    up_course_insert_async (self->database, course, self->cancellable, insert_cb, self);
}

gboolean
up_course_dialog_is_busy (UpCourseDialog *self)
{
  g_return_val_if_fail (UP_IS_COURSE_DIALOG (self), FALSE);

  return self->n_busy > 0;
}

const char *
up_course_dialog_get_error (UpCourseDialog *self)
{
  g_return_val_if_fail (UP_IS_COURSE_DIALOG (self), NULL);

  return self->error_message;
}
