/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-roster-page"

#include "config.h"

#include <glib/gi18n.h>

#include "up-course.h"
#include "up-enrollment.h"
#include "up-error.h"
#include "up-id-number.h"
#include "up-roster-page.h"
#include "up-text-column.h"
#include "up-trainee-list.h"
#include "up-ui-resources.h"
#include "up-widget-util.h"

/* The roster of one course.  Everything the page does is one call of the
 * enrollment store on the database's worker, after which the roster and the
 * course's counts load again: the rules (capacity, waitlist order, the
 * completion threshold) are the database's, and the page shows what it
 * decided.  An ID number is checked here first so that a typing mistake is
 * said at once, beside the entry. */

struct _UpRosterPage
{
  GtkWidget           parent_instance;

  UpDatabase         *database;
  gint64              course_id;
  UpCourse           *course;
  int                 threshold;           /* percent, 0 until read */
  GCancellable       *load_cancellable;    /* course, roster, threshold */
  GCancellable       *cancellable;         /* changes */
  GListStore         *roster;              /* of UpEnrollment */
  GtkSingleSelection *selection;
  UpTraineeList      *trainees;            /* for “Find Trainee…”, made on first use */
  guint               n_loads;             /* under load_cancellable */
  guint               n_changes;           /* under cancellable */
  gboolean            busy;
  char               *last_message;
  /* Said once the roster has loaded again after a withdrawal. */
  char               *withdrawn_name;
  gint64              promoted_id;

  /* Template widgets */
  GtkWidget          *content;
  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  GtkLabel           *threshold_label;
  GtkSpinner         *spinner;
  GtkEntry           *id_entry;
  GtkLabel           *id_error_label;
  GtkMenuButton      *find_button;
  GtkPopover         *find_popover;
  GtkSearchEntry     *trainee_search;
  GtkListView        *trainee_view;
  GtkLabel           *trainee_count_label;
  GtkStack           *roster_stack;
  GtkColumnView      *roster_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *employer_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *hours_column;
  GtkColumnViewColumn *passed_column;
  AdwStatusPage      *error_page;
  GtkLabel           *count_label;
};

G_DEFINE_FINAL_TYPE (UpRosterPage, up_roster_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_COURSE_ID,
  PROP_BUSY,
  N_PROPS
};

enum {
  BACK,
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void load (UpRosterPage *self);

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

/* Hours with at most one decimal, 0 or more. */
static gboolean
parse_hours (const char *text,
             double     *hours)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *dot;
  char *end = NULL;
  double value;

  if (*trimmed == '\0' || !g_ascii_isdigit (*trimmed))
    return FALSE;
  value = g_ascii_strtod (trimmed, &end);
  if (end == NULL || *end != '\0' || value < 0)
    return FALSE;
  dot = strchr (trimmed, '.');
  if (dot != NULL && strlen (dot + 1) > 1)
    return FALSE;

  *hours = value;
  return TRUE;
}

/* The hours a trainee must attend, as the database computes it:
 * hours × threshold ≥ course hours × percent. */
static gboolean
reaches_threshold (UpRosterPage *self,
                   double        hours)
{
  double course_hours = up_course_get_hours (self->course);

  return hours * 100 + 1e-9 >= course_hours * self->threshold;
}

static char *
needed_hours_text (UpRosterPage *self)
{
  /* One decimal, rounded up: 80 % of 37 hours is 29.6. */
  double needed = up_course_get_hours (self->course) * self->threshold / 100.0;

  return format_hours (((gint64) (needed * 10 + 0.999)) / 10.0);
}

static char *
name_text (gpointer item)
{
  return g_strdup (up_enrollment_get_trainee_name (item));
}

static char *
id_text (gpointer item)
{
  return g_strdup (up_enrollment_get_id_number_masked (item));
}

static char *
employer_text (gpointer item)
{
  return g_strdup (up_enrollment_get_employer (item));
}

static char *
status_text (gpointer item)
{
  UpEnrollmentStatus status = up_enrollment_get_status (item);

  if (status == UP_ENROLLMENT_STATUS_WAITLISTED)
    /* Translators: a trainee's place on a course's waiting list (候补第 %d 位) */
    return g_strdup_printf (_("Waiting list, place %d"), up_enrollment_get_waitlist_position (item));

  return g_strdup (up_enrollment_status_to_label (status));
}

static char *
hours_text (gpointer item)
{
  double hours = up_enrollment_get_attended_hours (item);

  return hours < 0 ? NULL : format_hours (hours);
}

static char *
passed_text (gpointer item)
{
  if (!up_enrollment_get_result_recorded (item))
    return NULL;

  return g_strdup (up_enrollment_get_passed (item) ? C_("assessment", "Passed") : C_("assessment", "Failed"));
}

static void
update_busy (UpRosterPage *self)
{
  gboolean busy = self->n_loads + self->n_changes > 0;

  gtk_spinner_set_spinning (self->spinner, busy);
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
load_done (UpRosterPage *self)
{
  g_return_if_fail (self->n_loads > 0);
  self->n_loads--;
  update_busy (self);
}

static void
change_started (UpRosterPage *self)
{
  self->n_changes++;
  update_busy (self);
}

static void
change_done (UpRosterPage *self)
{
  g_return_if_fail (self->n_changes > 0);
  self->n_changes--;
  update_busy (self);
}

/* What a change's callback needs besides the page: the page itself is not
 * referenced (see below), the names are for the message. */
typedef struct
{
  UpRosterPage *self;
  char         *name;
  GStrv         names;
} ChangeData;

static ChangeData *
change_data_new (UpRosterPage *self,
                 const char   *name,
                 GStrv         names)
{
  ChangeData *data = g_new0 (ChangeData, 1);

  data->self = self;
  data->name = g_strdup (name);
  data->names = names;
  return data;
}

static void
change_data_free (ChangeData *data)
{
  g_free (data->name);
  g_strfreev (data->names);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChangeData, change_data_free)

/* Says @message in a toast of the page's window. */
static void
say (UpRosterPage *self,
     const char   *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  g_free (self->last_message);
  self->last_message = g_strdup (message);

  if (overlay == NULL)
    return;

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* Says a refusal beside the ID entry. */
static void
refuse_id (UpRosterPage *self,
           const char   *message)
{
  g_free (self->last_message);
  self->last_message = g_strdup (message);
  gtk_label_set_label (self->id_error_label, message);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->id_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->id_entry), "error");
}

static UpEnrollment *
get_selected (UpRosterPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_actions (UpRosterPage *self)
{
  UpEnrollment *e = get_selected (self);
  gboolean ready = self->database != NULL && self->course != NULL;
  gboolean open = ready && up_course_get_status (self->course) != UP_COURSE_STATUS_FINISHED
                  && up_course_get_status (self->course) != UP_COURSE_STATUS_CANCELLED;
  UpEnrollmentStatus status = e != NULL ? up_enrollment_get_status (e) : UP_ENROLLMENT_STATUS_WITHDRAWN;
  gboolean seated = status == UP_ENROLLMENT_STATUS_ENROLLED || status == UP_ENROLLMENT_STATUS_COMPLETED
                    || status == UP_ENROLLMENT_STATUS_NOT_COMPLETED;
  gboolean recorded = status == UP_ENROLLMENT_STATUS_COMPLETED || status == UP_ENROLLMENT_STATUS_NOT_COMPLETED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.enroll-id", open);
  gtk_widget_set_sensitive (GTK_WIDGET (self->id_entry), open);
  gtk_widget_set_sensitive (GTK_WIDGET (self->find_button), open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.record", ready && e != NULL && seated
                                 && self->threshold > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.undo", ready && e != NULL && recorded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.withdraw", ready && e != NULL
                                 && (status == UP_ENROLLMENT_STATUS_ENROLLED
                                     || status == UP_ENROLLMENT_STATUS_WAITLISTED));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.complete-all", ready && self->threshold > 0
                                 && g_list_model_get_n_items (G_LIST_MODEL (self->roster)) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.reload", ready || self->course_id != 0);
}

static void
show_course (UpRosterPage *self)
{
  UpCourse *c = self->course;
  g_autofree char *period = NULL;
  g_autofree char *seats = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *threshold = NULL;

  if (c == NULL)
    {
      gtk_label_set_label (self->title_label, NULL);
      gtk_label_set_label (self->subtitle_label, NULL);
      gtk_label_set_label (self->threshold_label, NULL);
      return;
    }

  g_object_get (c, "period", &period, NULL);
  if (up_course_get_n_waitlisted (c) > 0)
    /* Translators: seats taken of the capacity, and the waiting list */
    seats = g_strdup_printf (ngettext ("%d of %d seats taken, %d waiting", "%d of %d seats taken, %d waiting",
                                       up_course_get_n_waitlisted (c)),
                             up_course_get_n_enrolled (c), up_course_get_capacity (c), up_course_get_n_waitlisted (c));
  else
    /* Translators: seats taken of the capacity */
    seats = g_strdup_printf (_("%d of %d seats taken"), up_course_get_n_enrolled (c), up_course_get_capacity (c));

  /* Translators: academy · major · kind · dates · status · seats */
  subtitle = g_strdup_printf (_("%s · %s · %s · %s · %s · %s"),
                              up_course_get_academy_name (c), up_course_get_major_name (c),
                              up_course_kind_to_label (up_course_get_kind (c)), period,
                              up_course_status_to_label (up_course_get_status (c)), seats);

  gtk_label_set_label (self->title_label, up_course_get_title (c));
  gtk_label_set_label (self->subtitle_label, subtitle);

  if (self->threshold > 0)
    {
      g_autofree char *hours = format_hours (up_course_get_hours (c));
      g_autofree char *needed = needed_hours_text (self);

      /* Translators: e.g. “Completion needs 80 % of 40 hours (32 hours) and a pass.” (结业) */
      threshold = g_strdup_printf (_("Completion needs %d %% of %s hours (%s hours) and a pass."),
                                   self->threshold, hours, needed);
    }
  gtk_label_set_label (self->threshold_label, threshold);
}

static void
show_roster (UpRosterPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->roster));
  g_autofree char *count = NULL;

  /* Translators: the number of lines in a course roster */
  count = g_strdup_printf (ngettext ("%u trainee", "%u trainees", n), n);
  gtk_label_set_label (self->count_label, n > 0 ? count : NULL);
  gtk_stack_set_visible_child_name (self->roster_stack, n > 0 ? "roster" : "empty");
}

static UpEnrollment *
find_enrollment (UpRosterPage *self,
                 gint64        id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->roster));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpEnrollment) e = g_list_model_get_item (G_LIST_MODEL (self->roster), i);

      if (up_enrollment_get_id (e) == id)
        return e;
    }

  return NULL;
}

static void
cancel_loads (UpRosterPage *self)
{
  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  /* Cancelled loads never come back to say they are done. */
  self->n_loads = 0;
  update_busy (self);
}

/* After a change: the roster and counts again, and the list of courses. */
static void
changed (UpRosterPage *self)
{
  load (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Callbacks ---------------------------------------------------------------- */

/* The loads and changes below get the page without a reference: a page that
 * goes away, or turns to another course, cancels them first, and a
 * cancelled call never touches the page. */

static void
course_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpRosterPage *self;
  g_autoptr(UpCourse) course = NULL;
  g_autoptr(GError) error = NULL;

  course = up_course_get_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ROSTER_PAGE (user_data);
  load_done (self);

  if (course == NULL)
    {
      g_debug ("Cannot load course %" G_GINT64_FORMAT ": %s", self->course_id, error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->roster_stack, "error");
      return;
    }

  g_set_object (&self->course, course);
  show_course (self);
  update_actions (self);
}

static void
threshold_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  UpRosterPage *self;
  g_autoptr(GError) error = NULL;
  int percent = 0;

  if (!up_enrollment_get_completion_threshold_finish (UP_DATABASE (object), result, &percent, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ROSTER_PAGE (user_data);
  load_done (self);

  if (error != NULL)
    {
      g_debug ("Cannot read the completion threshold: %s", error->message);
      return;
    }

  self->threshold = percent;
  show_course (self);
  update_actions (self);
}

static void
roster_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpRosterPage *self;
  g_autoptr(GListStore) roster = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 selected_id = 0;
  guint n;

  roster = up_enrollment_list_roster_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ROSTER_PAGE (user_data);
  load_done (self);

  if (roster == NULL)
    {
      g_debug ("Cannot load the roster: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->roster_stack, "error");
      update_actions (self);
      return;
    }

  if (get_selected (self) != NULL)
    selected_id = up_enrollment_get_id (get_selected (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (roster));
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (roster), i));
  g_list_store_splice (self->roster, 0, g_list_model_get_n_items (G_LIST_MODEL (self->roster)), items->pdata, n);

  /* The same line stays selected across a reload. */
  for (guint i = 0; i < n; i++)
    if (up_enrollment_get_id (g_ptr_array_index (items, i)) == selected_id)
      gtk_single_selection_set_selected (self->selection, i);

  if (self->withdrawn_name != NULL)
    {
      g_autofree char *message = NULL;
      UpEnrollment *promoted = self->promoted_id != 0 ? find_enrollment (self, self->promoted_id) : NULL;

      if (promoted != NULL)
        /* Translators: the first %s withdrew from a course; the second took the seat from the waiting list */
        message = g_strdup_printf (_("%s withdrew. %s moves up from the waiting list and takes the seat."),
                                   self->withdrawn_name, up_enrollment_get_trainee_name (promoted));
      else
        message = g_strdup_printf (_("%s withdrew."), self->withdrawn_name);
      say (self, message);
      g_clear_pointer (&self->withdrawn_name, g_free);
      self->promoted_id = 0;
    }

  show_roster (self);
  update_actions (self);
}

static void
enroll_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpRosterPage *self;
  g_autoptr(UpEnrollment) enrollment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  enrollment = up_enrollment_enroll_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ROSTER_PAGE (user_data);
  change_done (self);

  if (enrollment == NULL)
    {
      /* The entry keeps the number: correct it, or try again. */
      refuse_id (self, error->message);
      return;
    }

  refuse_id (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->id_entry), "");

  if (up_enrollment_get_status (enrollment) == UP_ENROLLMENT_STATUS_WAITLISTED)
    /* Translators: %s is a trainee's name, %d their place on the waiting list */
    message = g_strdup_printf (_("The course is full: %s joins the waiting list at place %d."),
                               up_enrollment_get_trainee_name (enrollment),
                               up_enrollment_get_waitlist_position (enrollment));
  else
    message = g_strdup_printf (_("%s is enrolled."), up_enrollment_get_trainee_name (enrollment));
  say (self, message);

  changed (self);
}

static void
withdraw_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  UpRosterPage *self;
  g_autoptr(GError) error = NULL;
  gint64 promoted_id = 0;

  if (!up_enrollment_withdraw_finish (UP_DATABASE (object), result, &promoted_id, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ROSTER_PAGE (user_data);
  change_done (self);

  if (error != NULL)
    {
      g_clear_pointer (&self->withdrawn_name, g_free);
      say (self, error->message);
      return;
    }

  self->promoted_id = promoted_id;
  changed (self);
}

static void
record_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ChangeData) data = user_data;
  UpRosterPage *self;
  g_autoptr(GError) error = NULL;
  const char *name = data->name;
  g_autofree char *message = NULL;
  UpEnrollmentStatus status = UP_ENROLLMENT_STATUS_ENROLLED;

  if (!up_enrollment_record_completion_finish (UP_DATABASE (object), result, &status, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = data->self;
  change_done (self);

  if (error != NULL)
    {
      say (self, error->message);
      return;
    }

  if (status == UP_ENROLLMENT_STATUS_COMPLETED)
    message = g_strdup_printf (_("%s completed the course."), name);
  else
    {
      g_autofree char *needed = needed_hours_text (self);

      /* Translators: %s is a trainee's name, then the hours completion needs */
      message = g_strdup_printf (_("Not completed: %s needs a pass and at least %s hours to complete the course. "
                                   "The result is recorded as not completed."), name, needed);
    }
  say (self, message);

  changed (self);
}

static void
record_all_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ChangeData) data = user_data;
  UpRosterPage *self;
  g_autoptr(GError) error = NULL;
  GStrv names = data->names;
  g_autofree char *message = NULL;
  guint failed = G_MAXUINT;

  if (!up_enrollment_record_completions_finish (UP_DATABASE (object), result, &failed, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = data->self;
  change_done (self);

  if (error != NULL)
    {
      if (names != NULL && failed < g_strv_length (names))
        /* Translators: nothing was saved; %s is the trainee refused, then the reason */
        message = g_strdup_printf (_("Nothing was recorded: %s: %s"), names[failed], error->message);
      else
        message = g_strdup_printf (_("Nothing was recorded: %s"), error->message);
      say (self, message);
      return;
    }

  message = g_strdup_printf (ngettext ("Results recorded for %u trainee.", "Results recorded for %u trainees.",
                                       names != NULL ? g_strv_length (names) : 0),
                             names != NULL ? g_strv_length (names) : 0);
  say (self, message);
  changed (self);
}

static void
undo_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  UpRosterPage *self;
  g_autoptr(GError) error = NULL;

  if (!up_enrollment_undo_completion_finish (UP_DATABASE (object), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ROSTER_PAGE (user_data);
  change_done (self);

  if (error != NULL)
    {
      say (self, error->message);
      return;
    }

  say (self, _("The result is undone: the trainee is enrolled again."));
  changed (self);
}

static void
id_entry_changed_cb (UpRosterPage *self,
                     GtkEditable  *editable)
{
  if (self->last_message != NULL && *gtk_label_get_label (self->id_error_label) != '\0')
    refuse_id (self, NULL);
}

static void
id_entry_activate_cb (UpRosterPage *self,
                      GtkEntry     *entry)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "roster.enroll-id", NULL);
}

static void
enroll_id_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  UpRosterPage *self = UP_ROSTER_PAGE (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->id_entry));
  UpIdNumberStatus status;

  if (self->database == NULL || self->course_id == 0)
    return;

  status = up_id_number_check (text, NULL);
  if (status != UP_ID_NUMBER_OK)
    {
      refuse_id (self, up_id_number_status_to_string (status));
      gtk_widget_grab_focus (GTK_WIDGET (self->id_entry));
      return;
    }

  change_started (self);
  up_enrollment_enroll_by_id_number_async (self->database, text, self->course_id, self->cancellable,
                                           enroll_cb, self);
}

static void
trainees_items_changed_cb (UpRosterPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->trainees));
  g_autofree char *text = NULL;

  /* Translators: the number of trainees a search found */
  text = g_strdup_printf (ngettext ("%u trainee found: click one to enroll", "%u trainees found: click one to enroll",
                                    n), n);
  gtk_label_set_label (self->trainee_count_label, text);
}

static void
find_popover_show_cb (UpRosterPage *self,
                      GtkPopover   *popover)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  if (self->trainees == NULL && self->database != NULL)
    {
      self->trainees = up_trainee_list_new (self->database);
      up_trainee_list_set_search (self->trainees,
                                  gtk_editable_get_text (GTK_EDITABLE (self->trainee_search)));
      g_signal_connect_object (self->trainees, "items-changed", G_CALLBACK (trainees_items_changed_cb), self,
                               G_CONNECT_SWAPPED);
      selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->trainees)));
      gtk_single_selection_set_autoselect (selection, FALSE);
      gtk_list_view_set_model (self->trainee_view, GTK_SELECTION_MODEL (selection));
      trainees_items_changed_cb (self);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->trainee_search));
}

static void
trainee_search_changed_cb (UpRosterPage   *self,
                           GtkSearchEntry *entry)
{
  /* The search entry waits for a pause in the typing by itself. */
  if (self->trainees != NULL)
    up_trainee_list_set_search (self->trainees, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
enroll_trainee (UpRosterPage *self,
                UpTrainee    *trainee)
{
  if (trainee == NULL || !up_trainee_get_loaded (trainee) || self->course_id == 0)
    return;

  gtk_popover_popdown (self->find_popover);
  change_started (self);
  up_enrollment_enroll_async (self->database, up_trainee_get_id (trainee), self->course_id, self->cancellable,
                              enroll_cb, self);
}

static void
trainee_view_activate_cb (UpRosterPage *self,
                          guint         position,
                          GtkListView  *view)
{
  g_autoptr(UpTrainee) trainee = NULL;

  if (self->trainees == NULL)
    return;

  trainee = g_list_model_get_item (G_LIST_MODEL (self->trainees), position);
  enroll_trainee (self, trainee);
}

static void
trainee_search_activate_cb (UpRosterPage   *self,
                            GtkSearchEntry *entry)
{
  g_autoptr(UpTrainee) trainee = NULL;

  /* Enter takes the only match: an ID number typed whole. */
  if (self->trainees == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->trainees)) != 1)
    return;

  trainee = g_list_model_get_item (G_LIST_MODEL (self->trainees), 0);
  enroll_trainee (self, trainee);
}

static void
roster_view_activate_cb (UpRosterPage  *self,
                         guint          position,
                         GtkColumnView *view)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "roster.record", NULL);
}

static void
selection_changed_cb (UpRosterPage *self)
{
  update_actions (self);
}

/* The result dialogs: hours, pass, and a line that says what will happen. */

typedef struct
{
  GtkWidget *hours_entry;
  GtkWidget *passed_check;
  GtkWidget *hint_label;
} ResultForm;

static void
result_form_update (AdwMessageDialog *dialog)
{
  UpRosterPage *self = g_object_get_data (G_OBJECT (dialog), "up-page");
  ResultForm *form = g_object_get_data (G_OBJECT (dialog), "up-form");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (form->hours_entry));
  gboolean passed = gtk_check_button_get_active (GTK_CHECK_BUTTON (form->passed_check));
  g_autofree char *hint = NULL;
  gboolean ok = FALSE;
  double hours = 0;

  if (self == NULL || self->course == NULL)
    return;

  if (!parse_hours (text, &hours))
    hint = g_strdup (_("Enter the hours attended, for example 36 or 36.5."));
  else if (hours > up_course_get_hours (self->course))
    {
      g_autofree char *course_hours = format_hours (up_course_get_hours (self->course));

      hint = g_strdup_printf (_("The course has only %s hours."), course_hours);
    }
  else
    {
      g_autofree char *needed = needed_hours_text (self);

      ok = TRUE;
      if (!passed)
        hint = g_strdup (_("Without a pass this is recorded as not completed."));
      else if (!reaches_threshold (self, hours))
        /* Translators: %s are hours, %d %% the threshold, e.g. “… at least 32 hours (80 % of 40) …” */
        hint = g_strdup_printf (_("Completion needs at least %s hours: this is recorded as not completed."), needed);
      else
        hint = g_strdup (_("This completes the course."));
    }

  gtk_label_set_label (GTK_LABEL (form->hint_label), hint);
  adw_message_dialog_set_response_enabled (dialog, "record", ok);
}

static AdwMessageDialog *
result_dialog_new (UpRosterPage *self,
                   const char   *heading,
                   const char   *body,
                   double        hours,
                   gboolean      passed)
{
  AdwMessageDialog *dialog;
  ResultForm *form = g_new0 (ResultForm, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  g_autofree char *hours_text = hours >= 0 ? format_hours (hours) : g_strdup ("");

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (up_widget_get_window (GTK_WIDGET (self)), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "record");
  adw_message_dialog_set_close_response (dialog, "cancel");

  form->hours_entry = gtk_entry_new ();
  gtk_widget_set_name (form->hours_entry, "roster-hours-entry");
  gtk_entry_set_placeholder_text (GTK_ENTRY (form->hours_entry), _("Attended hours"));
  gtk_entry_set_input_purpose (GTK_ENTRY (form->hours_entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_entry_set_activates_default (GTK_ENTRY (form->hours_entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (form->hours_entry), hours_text);

  form->passed_check = gtk_check_button_new_with_mnemonic (_("_Passed the assessment"));
  gtk_widget_set_name (form->passed_check, "roster-passed-check");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (form->passed_check), passed);

  form->hint_label = gtk_label_new (NULL);
  gtk_widget_set_name (form->hint_label, "roster-result-hint");
  gtk_label_set_wrap (GTK_LABEL (form->hint_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (form->hint_label), 0);
  gtk_widget_add_css_class (form->hint_label, "dim-label");

  gtk_box_append (GTK_BOX (box), form->hours_entry);
  gtk_box_append (GTK_BOX (box), form->passed_check);
  gtk_box_append (GTK_BOX (box), form->hint_label);
  adw_message_dialog_set_extra_child (dialog, box);

  g_object_set_data (G_OBJECT (dialog), "up-page", self);
  g_object_set_data_full (G_OBJECT (dialog), "up-form", form, g_free);
  g_signal_connect_object (form->hours_entry, "changed", G_CALLBACK (result_form_update), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (form->passed_check, "toggled", G_CALLBACK (result_form_update), dialog,
                           G_CONNECT_SWAPPED);
  result_form_update (dialog);

  return dialog;
}

static gboolean
result_dialog_read (AdwMessageDialog *dialog,
                    double           *hours,
                    gboolean         *passed)
{
  ResultForm *form = g_object_get_data (G_OBJECT (dialog), "up-form");

  *passed = gtk_check_button_get_active (GTK_CHECK_BUTTON (form->passed_check));
  return parse_hours (gtk_editable_get_text (GTK_EDITABLE (form->hours_entry)), hours);
}

static void
record_response_cb (UpRosterPage     *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  gint64 enrollment_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "up-enrollment-id"));
  const char *name = g_object_get_data (G_OBJECT (dialog), "up-name");
  double hours;
  gboolean passed;

  if (g_strcmp0 (response, "record") != 0 || !result_dialog_read (dialog, &hours, &passed))
    return;

  change_started (self);
  up_enrollment_record_completion_async (self->database, enrollment_id, hours, passed, self->cancellable,
                                         record_cb, change_data_new (self, name, NULL));
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpRosterPage *self = UP_ROSTER_PAGE (widget);
  UpEnrollment *e = get_selected (self);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *course_hours = NULL;
  g_autofree char *body = NULL;
  double hours;

  if (e == NULL || self->course == NULL || self->threshold == 0)
    return;

  course_hours = format_hours (up_course_get_hours (self->course));
  /* Translators: %s is the trainee's name */
  heading = g_strdup_printf (_("Result of %s"), up_enrollment_get_trainee_name (e));
  /* Translators: %s are the course hours */
  body = g_strdup_printf (_("How many of the course's %s hours did the trainee attend, and did they pass?"),
                          course_hours);
  hours = up_enrollment_get_attended_hours (e);
  dialog = result_dialog_new (self, heading, body, hours >= 0 ? hours : up_course_get_hours (self->course),
                              up_enrollment_get_result_recorded (e) ? up_enrollment_get_passed (e) : TRUE);
  g_object_set_data (G_OBJECT (dialog), "up-enrollment-id", GSIZE_TO_POINTER ((gsize) up_enrollment_get_id (e)));
  g_object_set_data_full (G_OBJECT (dialog), "up-name", g_strdup (up_enrollment_get_trainee_name (e)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (record_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
complete_all_response_cb (UpRosterPage     *self,
                          const char       *response,
                          AdwMessageDialog *dialog)
{
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GPtrArray) names = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->roster));
  double hours;
  gboolean passed;

  if (g_strcmp0 (response, "record") != 0 || !result_dialog_read (dialog, &hours, &passed))
    return;

  entries = g_array_new (FALSE, FALSE, sizeof (UpCompletionEntry));
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpEnrollment) e = g_list_model_get_item (G_LIST_MODEL (self->roster), i);
      UpEnrollmentStatus status = up_enrollment_get_status (e);
      UpCompletionEntry entry = { up_enrollment_get_id (e), hours, passed };

      /* Everyone in a seat whose completion is not recorded yet. */
      if (status != UP_ENROLLMENT_STATUS_ENROLLED && status != UP_ENROLLMENT_STATUS_NOT_COMPLETED)
        continue;
      g_array_append_val (entries, entry);
      g_ptr_array_add (names, g_strdup (up_enrollment_get_trainee_name (e)));
    }
  g_ptr_array_add (names, NULL);

  if (entries->len == 0)
    {
      say (self, _("Everyone in a seat already has a completion: nothing to record."));
      return;
    }

  change_started (self);
  up_enrollment_record_completions_async (self->database, (UpCompletionEntry *) entries->data, entries->len,
                                          self->cancellable, record_all_cb,
                                          change_data_new (self, NULL,
                                                           (GStrv) g_ptr_array_free (g_steal_pointer (&names),
                                                                                     FALSE)));
}

static void
complete_all_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  UpRosterPage *self = UP_ROSTER_PAGE (widget);
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->roster));
  guint n_open = 0;

  if (self->course == NULL || self->threshold == 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpEnrollment) e = g_list_model_get_item (G_LIST_MODEL (self->roster), i);
      UpEnrollmentStatus status = up_enrollment_get_status (e);

      if (status == UP_ENROLLMENT_STATUS_ENROLLED || status == UP_ENROLLMENT_STATUS_NOT_COMPLETED)
        n_open++;
    }

  body = g_strdup_printf (ngettext ("The same hours and result for the %u trainee in a seat without a completion. "
                                    "All are recorded, or none.",
                                    "The same hours and result for the %u trainees in a seat without a completion. "
                                    "All are recorded, or none.", n_open), n_open);
  dialog = result_dialog_new (self, _("Complete All"), body, up_course_get_hours (self->course), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (complete_all_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_reason_changed_cb (AdwMessageDialog *dialog,
                        GtkEditable      *entry)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "undo", *reason != '\0');
}

static void
undo_response_cb (UpRosterPage     *self,
                  const char       *response,
                  AdwMessageDialog *dialog)
{
  gint64 enrollment_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "up-enrollment-id"));
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "up-reason");
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "undo") != 0 || *reason == '\0')
    return;

  change_started (self);
  up_enrollment_undo_completion_async (self->database, enrollment_id, reason, self->cancellable, undo_cb, self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UpRosterPage *self = UP_ROSTER_PAGE (widget);
  UpEnrollment *e = get_selected (self);
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  g_autofree char *heading = NULL;

  if (e == NULL)
    return;

  /* Translators: %s is the trainee's name */
  heading = g_strdup_printf (_("Undo the Result of %s?"), up_enrollment_get_trainee_name (e));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (up_widget_get_window (GTK_WIDGET (self)), heading,
                                                       _("The trainee is enrolled again and the hours stay. "
                                                         "Say why: the reason is kept in the record.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "undo", _("_Undo Result"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "undo", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "undo", FALSE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "undo");

  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "roster-undo-reason");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. hours entered for the wrong trainee"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (undo_reason_changed_cb), dialog, G_CONNECT_SWAPPED);

  g_object_set_data (G_OBJECT (dialog), "up-enrollment-id", GSIZE_TO_POINTER ((gsize) up_enrollment_get_id (e)));
  g_object_set_data (G_OBJECT (dialog), "up-reason", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (undo_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
withdraw_response_cb (UpRosterPage     *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  gint64 enrollment_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "up-enrollment-id"));

  if (g_strcmp0 (response, "withdraw") != 0)
    return;

  g_free (self->withdrawn_name);
  self->withdrawn_name = g_strdup (g_object_get_data (G_OBJECT (dialog), "up-name"));
  change_started (self);
  up_enrollment_withdraw_async (self->database, enrollment_id, self->cancellable, withdraw_cb, self);
}

static void
withdraw_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  UpRosterPage *self = UP_ROSTER_PAGE (widget);
  UpEnrollment *e = get_selected (self);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  const char *body;

  if (e == NULL || self->course == NULL)
    return;

  /* Translators: %s is the trainee's name */
  heading = g_strdup_printf (_("Withdraw %s?"), up_enrollment_get_trainee_name (e));
  if (up_enrollment_get_status (e) == UP_ENROLLMENT_STATUS_ENROLLED && up_course_get_n_waitlisted (self->course) > 0)
    body = _("The seat goes to the first trainee on the waiting list.");
  else if (up_enrollment_get_status (e) == UP_ENROLLMENT_STATUS_WAITLISTED)
    body = _("The trainee leaves the waiting list; those after move up.");
  else
    body = _("The seat becomes free.");

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (up_widget_get_window (GTK_WIDGET (self)), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "withdraw", _("_Withdraw"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "withdraw", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "up-enrollment-id", GSIZE_TO_POINTER ((gsize) up_enrollment_get_id (e)));
  g_object_set_data_full (G_OBJECT (dialog), "up-name", g_strdup (up_enrollment_get_trainee_name (e)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (withdraw_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  up_roster_page_reload (UP_ROSTER_PAGE (widget));
}

static void
load (UpRosterPage *self)
{
  cancel_loads (self);
  if (self->database == NULL || self->course_id == 0)
    return;

  /* One cancellable for the three: the page turning to another course
   * drops them together. */
  self->load_cancellable = g_cancellable_new ();
  self->n_loads += 3;
  update_busy (self);
  up_course_get_async (self->database, self->course_id, self->load_cancellable, course_cb, self);
  up_enrollment_get_completion_threshold_async (self->database, self->load_cancellable, threshold_cb, self);
  up_enrollment_list_roster_async (self->database, self->course_id, self->load_cancellable, roster_cb, self);
}

/* GObject overrides -------------------------------------------------------- */

static void
up_roster_page_dispose (GObject *object)
{
  UpRosterPage *self = UP_ROSTER_PAGE (object);

  cancel_loads (self);
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_ROSTER_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->roster);
  g_clear_object (&self->trainees);
  g_clear_object (&self->course);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_roster_page_parent_class)->dispose (object);
}

static void
up_roster_page_finalize (GObject *object)
{
  UpRosterPage *self = UP_ROSTER_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_pointer (&self->withdrawn_name, g_free);

  G_OBJECT_CLASS (up_roster_page_parent_class)->finalize (object);
}

static void
up_roster_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  UpRosterPage *self = UP_ROSTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_COURSE_ID:
      g_value_set_int64 (value, self->course_id);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_roster_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  UpRosterPage *self = UP_ROSTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      up_roster_page_set_database (self, g_value_get_object (value));
      break;

    case PROP_COURSE_ID:
      up_roster_page_set_course_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_roster_page_class_init (UpRosterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_roster_page_dispose;
  object_class->finalize = up_roster_page_finalize;
  object_class->get_property = up_roster_page_get_property;
  object_class->set_property = up_roster_page_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COURSE_ID] =
    g_param_spec_int64 ("course-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  (void) up_ui_get_resource ();
  g_type_ensure (UP_TYPE_TRAINEE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-roster-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, content);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, threshold_label);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, id_entry);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, id_error_label);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, find_button);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, find_popover);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, trainee_search);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, trainee_view);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, trainee_count_label);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, roster_stack);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, roster_view);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, id_column);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, employer_column);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, hours_column);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, passed_column);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, UpRosterPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, id_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, id_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, trainee_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, trainee_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, trainee_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, roster_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "roster.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "roster.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "roster.enroll-id", NULL, enroll_id_action);
  gtk_widget_class_install_action (widget_class, "roster.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "roster.complete-all", NULL, complete_all_action);
  gtk_widget_class_install_action (widget_class, "roster.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "roster.withdraw", NULL, withdraw_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "roster.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "roster.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "roster");
}

static void
up_roster_page_init (UpRosterPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->roster = g_list_store_new (UP_TYPE_ENROLLMENT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->roster)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->roster_view, GTK_SELECTION_MODEL (self->selection));

  up_text_column_set_func (self->name_column, name_text, 0);
  up_text_column_set_func (self->id_column, id_text, 0);
  up_text_column_set_func (self->employer_column, employer_text, 0);
  up_text_column_set_func (self->status_column, status_text, 0);
  up_text_column_set_func (self->hours_column, hours_text, 1);
  up_text_column_set_func (self->passed_column, passed_text, 0);

  show_roster (self);
  update_actions (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_roster_page_new (void)
{
  return g_object_new (UP_TYPE_ROSTER_PAGE, NULL);
}

UpDatabase *
up_roster_page_get_database (UpRosterPage *self)
{
  g_return_val_if_fail (UP_IS_ROSTER_PAGE (self), NULL);

  return self->database;
}

void
up_roster_page_set_database (UpRosterPage *self,
                             UpDatabase   *db)
{
  g_return_if_fail (UP_IS_ROSTER_PAGE (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  if (self->database == db)
    return;

  /* Work on the old database is of no more use here. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  cancel_loads (self);
  /* Cancelled calls never come back to say they are done. */
  self->n_changes = 0;
  update_busy (self);

  g_set_object (&self->database, db);
  gtk_list_view_set_model (self->trainee_view, NULL);
  g_clear_object (&self->trainees);
  up_roster_page_set_course_id (self, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

gint64
up_roster_page_get_course_id (UpRosterPage *self)
{
  g_return_val_if_fail (UP_IS_ROSTER_PAGE (self), 0);

  return self->course_id;
}

void
up_roster_page_set_course_id (UpRosterPage *self,
                              gint64        course_id)
{
  g_return_if_fail (UP_IS_ROSTER_PAGE (self));

  if (self->course_id == course_id)
    return;

  self->course_id = course_id;
  g_clear_object (&self->course);
  g_list_store_remove_all (self->roster);
  refuse_id (self, NULL);
  g_clear_pointer (&self->last_message, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->id_entry), "");
  show_course (self);
  show_roster (self);
  update_actions (self);
  up_roster_page_reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COURSE_ID]);
}

void
up_roster_page_reload (UpRosterPage *self)
{
  g_return_if_fail (UP_IS_ROSTER_PAGE (self));

  load (self);
}

gboolean
up_roster_page_is_busy (UpRosterPage *self)
{
  g_return_val_if_fail (UP_IS_ROSTER_PAGE (self), FALSE);

  return self->busy;
}

GListModel *
up_roster_page_get_roster (UpRosterPage *self)
{
  g_return_val_if_fail (UP_IS_ROSTER_PAGE (self), NULL);

  return G_LIST_MODEL (self->roster);
}

const char *
up_roster_page_get_last_message (UpRosterPage *self)
{
  g_return_val_if_fail (UP_IS_ROSTER_PAGE (self), NULL);

  return self->last_message;
}
