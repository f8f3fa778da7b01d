/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-trainee-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "up-academy.h"
#include "up-error.h"
#include "up-id-number.h"
#include "up-money.h"
#include "up-trainee-detail.h"
#include "up-trainee-dialog.h"
#include "up-trainee.h"
#include "up-ui-resources.h"

/* Adding and editing a trainee.  The form checks as one types: the ID
 * number's reason is shown under it, and its birth date and gender are
 * filled in from it; the phone must be a mobile number.  Save stays off
 * until the form is complete.  Saving is one transaction on the
 * connection's worker; when the server refuses, the dialog stays open with
 * what was typed and says why in words: a duplicate ID number offers the
 * trainee already registered, a trainee changed by someone else offers to
 * reload.  Editing also shows the trainee's courses and how many
 * certificates and subsidy claims there are; the certificates lead to the
 * Certifications page narrowed to the trainee (win.show-certifications),
 * the claims to the Subsidies page (win.show-subsidies). */

#define EMPLOYER_DELAY_MS   200
#define EMPLOYER_LIMIT      12

struct _UpTraineeDialog
{
  AdwWindow         parent_instance;

  UpDatabase       *database;
  GCancellable     *cancellable;            /* every job of the dialog; cancelled on dispose */
  GCancellable     *employers_cancellable;  /* the completion under way */
  GListStore       *academies;
  GError           *error;

  gint64            trainee_id;
  int               version;
  /* The trainee as last read, to tell what someone else changed since. */
  UpTrainee        *loaded;
  /* The version someone else saved, for Save Anyway. */
  int               conflict_version;
  gint64            pending_academy_id;     /* to select once the academies arrive */
  guint             employer_timeout_id;
  guint             n_jobs;
  guint             filling : 1;            /* setting the fields from the database */
  guint             can_save : 1;

  /* Template widgets */
  GtkWidget        *save_button;
  GtkSpinner       *busy_spinner;
  GtkRevealer      *message_revealer;
  GtkLabel         *message_label;
  GtkWidget        *open_existing_button;
  GtkWidget        *reload_button;
  GtkWidget        *overwrite_button;
  GtkStack         *stack;
  GtkSpinner       *loading_spinner;
  AdwComboRow      *academy_row;
  AdwEntryRow      *id_number_row;
  GtkImage         *id_number_icon;
  GtkLabel         *id_number_message;
  AdwEntryRow      *name_row;
  GtkLabel         *birth_date_label;
  GtkLabel         *gender_label;
  AdwEntryRow      *phone_row;
  GtkLabel         *phone_message;
  AdwEntryRow      *employer_row;
  GtkMenuButton    *employer_button;
  GtkPopover       *employer_popover;
  GtkListBox       *employer_list;
  AdwEntryRow      *industry_row;
  GtkSwitch        *union_switch;
  AdwComboRow      *education_row;
  AdwComboRow      *skill_row;
  GtkWidget        *courses_group;
  GtkListBox       *enrollments_list;
  GtkWidget        *records_group;
  GtkLabel         *certificates_label;
  GtkLabel         *subsidies_label;
};

G_DEFINE_FINAL_TYPE (UpTraineeDialog, up_trainee_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_TRAINEE_ID,
  PROP_BUSY,
  PROP_CAN_SAVE,
  N_PROPS
};

enum {
  SAVED,
  OPEN_COURSE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The skill level combo's positions: none, then 5 (entry) up to 1. */
#define SKILL_POSITION_TO_LEVEL(p) ((p) == 0 ? 0 : 6 - (int) (p))
#define SKILL_LEVEL_TO_POSITION(l) ((l) <= 0 || (l) > 5 ? 0u : (guint) (6 - (l)))

/* Auxiliary methods -------------------------------------------------------- */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
text_is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static void
set_row_error (gpointer row,
               gboolean error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
update_actions (UpTraineeDialog *self)
{
  gboolean busy = self->n_jobs > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainee.save", self->can_save && !busy && self->database != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainee.open-existing", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainee.reload", !busy && self->trainee_id > 0);
  gtk_spinner_set_spinning (self->busy_spinner, busy);
}

static void
job_begin (UpTraineeDialog *self)
{
  if (self->n_jobs++ == 0)
    {
      update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
job_end (UpTraineeDialog *self)
{
  g_return_if_fail (self->n_jobs > 0);

  if (--self->n_jobs == 0)
    {
      update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
hide_message (UpTraineeDialog *self)
{
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  gtk_widget_set_visible (self->open_existing_button, FALSE);
  gtk_widget_set_visible (self->reload_button, FALSE);
  g_clear_error (&self->error);
}

/* Keeps @error and shows its sentence (or @sentence) above the form. */
static void
show_error_full (UpTraineeDialog *self,
                 GError          *error,
                 const char      *sentence,
                 gboolean         offer_existing,
                 gboolean         offer_reload)
{
  g_clear_error (&self->error);
  self->error = error;

  gtk_label_set_label (self->message_label, sentence != NULL ? sentence : error->message);
  gtk_widget_set_visible (self->open_existing_button, offer_existing);
  gtk_widget_set_visible (self->reload_button, offer_reload);
  gtk_widget_set_visible (self->overwrite_button, FALSE);
  gtk_revealer_set_reveal_child (self->message_revealer, TRUE);
}

static void
show_error (UpTraineeDialog *self,
            GError          *error,
            gboolean         offer_existing,
            gboolean         offer_reload)
{
  show_error_full (self, error, NULL, offer_existing, offer_reload);
}

static gint64
selected_academy_id (UpTraineeDialog *self)
{
  UpAcademy *academy = adw_combo_row_get_selected_item (self->academy_row);

  return academy != NULL ? up_academy_get_id (academy) : 0;
}

static void
select_academy (UpTraineeDialog *self,
                gint64           id)
{
  guint n = self->academies != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->academies)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpAcademy) academy = g_list_model_get_item (G_LIST_MODEL (self->academies), i);

      if (up_academy_get_id (academy) == id)
        {
          adw_combo_row_set_selected (self->academy_row, i);
          self->pending_academy_id = 0;
          return;
        }
    }

  /* Not there (yet): keep it for when the academies arrive. */
  self->pending_academy_id = id;
}

/* The ID number as one types: nothing said while it is empty, a quiet hint
 * while it is too short, the reason in red for anything wrong. */
static UpIdNumberStatus
check_id_number (UpTraineeDialog *self)
{
  const char *text = row_text (self->id_number_row);
  UpIdNumberStatus status = up_id_number_check (text, NULL);
  const char *reason = up_id_number_status_to_string (status);

  gtk_widget_set_visible (GTK_WIDGET (self->id_number_message), status != UP_ID_NUMBER_OK && status != UP_ID_NUMBER_EMPTY);
  gtk_label_set_label (self->id_number_message, reason != NULL ? reason : "");

  if (status == UP_ID_NUMBER_TOO_SHORT)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->id_number_message), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->id_number_message), "dim-label");
      set_row_error (self->id_number_row, FALSE);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->id_number_message), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->id_number_message), "error");
      set_row_error (self->id_number_row, status != UP_ID_NUMBER_OK && status != UP_ID_NUMBER_EMPTY);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->id_number_icon), status == UP_ID_NUMBER_OK);
  if (status == UP_ID_NUMBER_OK)
    {
      g_autofree char *number = up_id_number_normalize (text);
      GDate birth;
      char date[16] = "—";

      gtk_image_set_from_icon_name (self->id_number_icon, "emblem-ok-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->id_number_icon), _("The ID number is valid"));

      g_date_clear (&birth, 1);
      if (up_id_number_get_birth_date (number, &birth))
        g_snprintf (date, sizeof date, "%04d-%02d-%02d",
                    g_date_get_year (&birth), g_date_get_month (&birth), g_date_get_day (&birth));
      gtk_label_set_label (self->birth_date_label, date);

      switch (up_id_number_get_gender (number))
        {
        case UP_GENDER_MALE:
          gtk_label_set_label (self->gender_label, C_("gender", "Male"));
          break;
        case UP_GENDER_FEMALE:
          gtk_label_set_label (self->gender_label, C_("gender", "Female"));
          break;
        case UP_GENDER_UNKNOWN:
        default:
          gtk_label_set_label (self->gender_label, "—");
          break;
        }
    }
  else
    {
      gtk_label_set_label (self->birth_date_label, "—");
      gtk_label_set_label (self->gender_label, "—");
    }

  return status;
}

static gboolean
check_phone (UpTraineeDialog *self)
{
  const char *text = row_text (self->phone_row);
  g_autofree char *phone = g_strstrip (g_strdup (text));
  gboolean ok = *phone == '\0' || up_phone_is_valid (phone);

  set_row_error (self->phone_row, !ok);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_message), !ok);
  if (!ok)
    gtk_label_set_label (self->phone_message,
                         _("A mobile phone number has 11 digits and starts with 13 to 19."));

  return ok;
}

static void
update_can_save (UpTraineeDialog *self)
{
  gboolean can_save;

  can_save = selected_academy_id (self) > 0 &&
             up_id_number_check (row_text (self->id_number_row), NULL) == UP_ID_NUMBER_OK &&
             !text_is_blank (row_text (self->name_row)) &&
             check_phone (self);

  if (can_save == self->can_save)
    return;

  self->can_save = can_save;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SAVE]);
}

static UpTraineeInput *
collect_input (UpTraineeDialog *self)
{
  UpTraineeInput *input = up_trainee_input_new ();
  guint education = adw_combo_row_get_selected (self->education_row);
  const char * const *levels = up_education_levels ();

  input->academy_id = selected_academy_id (self);
  input->id_number = g_strdup (row_text (self->id_number_row));
  input->name = g_strstrip (g_strdup (row_text (self->name_row)));
  input->phone = g_strstrip (g_strdup (row_text (self->phone_row)));
  input->employer = g_strstrip (g_strdup (row_text (self->employer_row)));
  input->industry = g_strstrip (g_strdup (row_text (self->industry_row)));
  input->union_member = gtk_switch_get_active (self->union_switch);
  input->education = education > 0 && education <= g_strv_length ((char **) levels)
                     ? g_strdup (levels[education - 1]) : NULL;
  input->skill_level = SKILL_POSITION_TO_LEVEL (adw_combo_row_get_selected (self->skill_row));

  return input;
}

static GtkWidget *
field_widget (UpTraineeDialog *self,
              UpTraineeField   field)
{
  switch (field)
    {
    case UP_TRAINEE_FIELD_ACADEMY:
      return GTK_WIDGET (self->academy_row);
    case UP_TRAINEE_FIELD_ID_NUMBER:
      return GTK_WIDGET (self->id_number_row);
    case UP_TRAINEE_FIELD_NAME:
      return GTK_WIDGET (self->name_row);
    case UP_TRAINEE_FIELD_PHONE:
      return GTK_WIDGET (self->phone_row);
    case UP_TRAINEE_FIELD_EMPLOYER:
      return GTK_WIDGET (self->employer_row);
    case UP_TRAINEE_FIELD_INDUSTRY:
      return GTK_WIDGET (self->industry_row);
    case UP_TRAINEE_FIELD_EDUCATION:
      return GTK_WIDGET (self->education_row);
    case UP_TRAINEE_FIELD_SKILL_LEVEL:
      return GTK_WIDGET (self->skill_row);
    case UP_TRAINEE_FIELD_NONE:
    default:
      return NULL;
    }
}

/* The field a server refusal is about, from the constraint's name. */
static UpTraineeField
field_of_error (const GError *error)
{
  const char *constraint = up_error_get_constraint (error);

  if (up_trainee_error_is_duplicate_id_number (error))
    return UP_TRAINEE_FIELD_ID_NUMBER;
  if (constraint == NULL)
    return UP_TRAINEE_FIELD_NONE;
  if (strstr (constraint, "id_number") != NULL)
    return UP_TRAINEE_FIELD_ID_NUMBER;
  if (strstr (constraint, "phone") != NULL)
    return UP_TRAINEE_FIELD_PHONE;
  if (strstr (constraint, "name") != NULL)
    return UP_TRAINEE_FIELD_NAME;
  if (strstr (constraint, "academy") != NULL)
    return UP_TRAINEE_FIELD_ACADEMY;
  if (strstr (constraint, "skill_level") != NULL)
    return UP_TRAINEE_FIELD_SKILL_LEVEL;

  return UP_TRAINEE_FIELD_NONE;
}

static void
focus_field (UpTraineeDialog *self,
             UpTraineeField   field)
{
  GtkWidget *widget = field_widget (self, field);

  if (widget != NULL)
    {
      if (ADW_IS_ENTRY_ROW (widget))
        set_row_error (widget, TRUE);
      gtk_widget_grab_focus (widget);
    }
}

static void
fill_form (UpTraineeDialog *self,
           UpTrainee       *trainee)
{
  const char *education = up_trainee_get_education_level (trainee);
  const char * const *levels = up_education_levels ();
  guint education_position = 0;
  g_autofree char *title = NULL;

  self->filling = TRUE;

  if (self->trainee_id != up_trainee_get_id (trainee))
    {
      self->trainee_id = up_trainee_get_id (trainee);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINEE_ID]);
    }
  self->version = up_trainee_get_version (trainee);
  g_set_object (&self->loaded, trainee);

  select_academy (self, up_trainee_get_academy_id (trainee));
  gtk_editable_set_text (GTK_EDITABLE (self->id_number_row), up_trainee_get_id_number (trainee));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), up_trainee_get_name (trainee));
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), up_trainee_get_phone (trainee) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->employer_row), up_trainee_get_employer (trainee) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->industry_row), up_trainee_get_industry (trainee) ?: "");
  gtk_switch_set_active (self->union_switch, up_trainee_get_union_member (trainee));

  for (guint i = 0; education != NULL && levels[i] != NULL; i++)
    if (g_strcmp0 (levels[i], education) == 0)
      education_position = i + 1;
  adw_combo_row_set_selected (self->education_row, education_position);
  adw_combo_row_set_selected (self->skill_row, SKILL_LEVEL_TO_POSITION (up_trainee_get_skill_level (trainee)));

  /* Translators: the title of the dialog editing a trainee; %s is the name */
  title = g_strdup_printf (_("Edit %s"), up_trainee_get_name (trainee));
  gtk_window_set_title (GTK_WINDOW (self), title);

  self->filling = FALSE;

  check_id_number (self);
  update_can_save (self);
  gtk_stack_set_visible_child_name (self->stack, "form");
}

static void
enrollment_row_activated_cb (AdwActionRow    *row,
                             UpTraineeDialog *self)
{
  gint64 *course_id = g_object_get_data (G_OBJECT (row), "up-course-id");

  g_signal_emit (self, signals[OPEN_COURSE], 0, *course_id);
}

/* The trainee's certificates on the Certifications page (win.show-certifications). */
static void
show_certifications_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  UpTraineeDialog *self = UP_TRAINEE_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GtkWidget) window = parent != NULL ? g_object_ref (GTK_WIDGET (parent)) : NULL;
  gint64 trainee_id = self->trainee_id;

  if (window == NULL || trainee_id <= 0)
    return;

  gtk_window_close (GTK_WINDOW (self));
  gtk_widget_activate_action (window, "win.show-certifications", "x", trainee_id);
}

/* The trainee's claims on the Subsidies page (win.show-subsidies). */
static void
show_subsidies_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  UpTraineeDialog *self = UP_TRAINEE_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GtkWidget) window = parent != NULL ? g_object_ref (GTK_WIDGET (parent)) : NULL;
  gint64 trainee_id = self->trainee_id;

  if (window == NULL || trainee_id <= 0)
    return;

  gtk_window_close (GTK_WINDOW (self));
  gtk_widget_activate_action (window, "win.show-subsidies", "x", trainee_id);
}

static GtkWidget *
create_enrollment_row (gpointer item,
                       gpointer user_data)
{
  UpTraineeDialog *self = user_data;
  gint64 *course_id = g_new (gint64, 1);
  UpTraineeEnrollment *enrollment = item;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *status;

  /* Translators: under a course's title: the academy and the course's dates */
  subtitle = g_strdup_printf (C_("trainee course", "%s · %s"),
                              up_trainee_enrollment_get_academy_name (enrollment),
                              up_trainee_enrollment_get_period (enrollment));

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), up_trainee_enrollment_get_course_title (enrollment));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  status = gtk_label_new (up_enrollment_status_to_label (up_trainee_enrollment_get_status (enrollment)));
  gtk_widget_add_css_class (status, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);

  /* The row leads to the course's roster. */
  *course_id = up_trainee_enrollment_get_course_id (enrollment);
  g_object_set_data_full (G_OBJECT (row), "up-course-id", course_id, g_free);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect_object (row, "activated", G_CALLBACK (enrollment_row_activated_cb), self, 0);

  return row;
}

static void
show_detail (UpTraineeDialog *self,
             UpTraineeDetail *detail)
{
  g_autofree char *certificates = NULL;
  g_autofree char *subsidies = NULL;
  g_autofree char *paid = NULL;
  g_autofree char *title = NULL;

  gtk_list_box_bind_model (self->enrollments_list, G_LIST_MODEL (detail->enrollments),
                           create_enrollment_row, self, NULL);

  if (detail->n_enrollments > g_list_model_get_n_items (G_LIST_MODEL (detail->enrollments)))
    /* Translators: the title over a trainee's courses when only the latest are listed; %u is the number of all */
    title = g_strdup_printf (ngettext ("Courses (latest of %u)", "Courses (latest of %u)", detail->n_enrollments),
                             detail->n_enrollments);
  else
    title = g_strdup (_("Courses"));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->courses_group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->courses_group),
                                         detail->n_enrollments == 0 ? _("Not enrolled in any course yet.") : NULL);

  certificates = g_strdup_printf ("%u", detail->n_certifications);
  gtk_label_set_label (self->certificates_label, certificates);

  paid = up_money_format (detail->subsidies_paid_fen);
  /* Translators: the number of a trainee's subsidy claims and the amount paid, e.g. “2 · ¥1,500.00 paid” */
  subsidies = g_strdup_printf (_("%u · %s paid"), detail->n_subsidies, paid);
  gtk_label_set_label (self->subsidies_label, subsidies);

  gtk_widget_set_visible (self->courses_group, TRUE);
  gtk_widget_set_visible (self->records_group, TRUE);
}

static void show_employers (UpTraineeDialog *self,
                            GStrv            employers);

/* Callbacks ---------------------------------------------------------------- */

static void
academies_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(UpTraineeDialog) self = user_data;
  g_autoptr(GListStore) academies = NULL;
  g_autoptr(GError) error = NULL;

  academies = up_academy_list_finish (UP_DATABASE (object), result, &error);
  if (self->database == NULL)
    return;
  job_end (self);

  if (academies == NULL)
    {
      g_prefix_error (&error, "%s ", _("Cannot read the academies."));
      show_error (self, g_steal_pointer (&error), FALSE, FALSE);
      return;
    }

  g_set_object (&self->academies, academies);
  adw_combo_row_set_model (self->academy_row, G_LIST_MODEL (academies));

  if (g_list_model_get_n_items (G_LIST_MODEL (academies)) == 0)
    show_error (self,
                g_error_new_literal (UP_ERROR, UP_ERROR_INVALID_INPUT,
                                     _("No academy is registered yet: a trainee is registered by an academy.")),
                FALSE, FALSE);
  else if (self->pending_academy_id > 0)
    select_academy (self, self->pending_academy_id);

  update_can_save (self);
}

static void
detail_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(UpTraineeDialog) self = user_data;
  g_autoptr(UpTraineeDetail) detail = NULL;
  g_autoptr(GError) error = NULL;

  detail = up_trainee_detail_load_finish (UP_DATABASE (object), result, &error);
  if (self->database == NULL)
    return;
  job_end (self);

  if (detail == NULL)
    {
      g_debug ("Cannot read the trainee's courses: %s", error->message);
      return;
    }

  if (detail->trainee_id == self->trainee_id)
    show_detail (self, detail);
}

static void
trainee_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UpTraineeDialog) self = user_data;
  g_autoptr(UpTrainee) trainee = NULL;
  g_autoptr(GError) error = NULL;

  trainee = up_trainee_get_finish (UP_DATABASE (object), result, &error);
  if (self->database == NULL)
    return;
  job_end (self);

  if (trainee == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "form");
      show_error (self, g_steal_pointer (&error), FALSE, FALSE);
      return;
    }

  hide_message (self);
  fill_form (self, trainee);

  job_begin (self);
  up_trainee_detail_load_async (self->database, up_trainee_get_id (trainee), self->cancellable,
                                detail_cb, g_object_ref (self));
}

/* The fields someone else changed between @before and @after, as the
 * form names them, joined for a sentence; NULL when none. */
static char *
changed_fields (UpTrainee *before,
                UpTrainee *after)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (before == NULL || after == NULL)
    return NULL;

  if (up_trainee_get_academy_id (before) != up_trainee_get_academy_id (after))
    g_ptr_array_add (names, (gpointer) C_("trainee field", "Academy"));
  if (g_strcmp0 (up_trainee_get_id_number (before), up_trainee_get_id_number (after)) != 0)
    g_ptr_array_add (names, (gpointer) C_("trainee field", "ID number"));
  if (g_strcmp0 (up_trainee_get_name (before), up_trainee_get_name (after)) != 0)
    g_ptr_array_add (names, (gpointer) C_("trainee field", "Name"));
  if (g_strcmp0 (up_trainee_get_phone (before), up_trainee_get_phone (after)) != 0)
    g_ptr_array_add (names, (gpointer) C_("trainee field", "Mobile phone"));
  if (g_strcmp0 (up_trainee_get_employer (before), up_trainee_get_employer (after)) != 0)
    g_ptr_array_add (names, (gpointer) C_("trainee field", "Employer"));
  if (g_strcmp0 (up_trainee_get_industry (before), up_trainee_get_industry (after)) != 0)
    g_ptr_array_add (names, (gpointer) C_("trainee field", "Industry"));
  if (up_trainee_get_union_member (before) != up_trainee_get_union_member (after))
    g_ptr_array_add (names, (gpointer) C_("trainee field", "Union member"));
  if (g_strcmp0 (up_trainee_get_education_level (before), up_trainee_get_education_level (after)) != 0)
    g_ptr_array_add (names, (gpointer) C_("trainee field", "Education"));
  if (up_trainee_get_skill_level (before) != up_trainee_get_skill_level (after))
    g_ptr_array_add (names, (gpointer) C_("trainee field", "Skill level"));

  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  /* Translators: the separator between the names of changed fields */
  return g_strjoinv (C_("list separator", ", "), (char **) names->pdata);
}

static void
conflict_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(UpTraineeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(UpTrainee) current = up_trainee_get_finish (UP_DATABASE (object), result, &error);
  g_autofree char *fields = NULL;
  g_autofree char *sentence = NULL;

  if (self->database == NULL)
    return;
  job_end (self);
  if (current == NULL)
    return;   /* the message already shown, with Reload, stays */

  fields = changed_fields (self->loaded, current);
  self->conflict_version = up_trainee_get_version (current);
  if (fields != NULL)
    /* Translators: %s lists the fields someone else changed, e.g. "Mobile phone, Employer" */
    sentence = g_strdup_printf (_("Someone else changed this trainee since you opened it: %s. Reload to see "
                                  "their changes, replacing what you typed here, or Save Anyway to keep yours."),
                                fields);
  else
    sentence = g_strdup (_("Someone else saved this trainee since you opened it, without changing what this "
                           "form shows. Reload, or Save Anyway to keep what you typed."));
  gtk_label_set_label (self->message_label, sentence);
  gtk_widget_set_visible (self->overwrite_button, TRUE);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(UpTraineeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->trainee_id > 0)
    {
      int version = up_trainee_update_finish (UP_DATABASE (object), result, &error);

      id = version > 0 ? self->trainee_id : 0;
      if (version > 0)
        self->version = version;
    }
  else
    id = up_trainee_insert_finish (UP_DATABASE (object), result, &error);

  if (self->database == NULL)
    return;
  job_end (self);

  /* Saved though its answer was lost: the page reloads it, and the form
   * goes, so that it cannot be saved twice. */
  if (id > 0 || g_error_matches (error, UP_ERROR, UP_ERROR_DONE_UNCONFIRMED))
    {
      g_signal_emit (self, signals[SAVED], 0, id > 0 ? id : self->trainee_id);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (up_trainee_error_is_duplicate_id_number (error))
    {
      focus_field (self, UP_TRAINEE_FIELD_ID_NUMBER);
      show_error_full (self, g_steal_pointer (&error),
                       _("A trainee with this ID number is already registered."), TRUE, FALSE);
    }
  else if (g_error_matches (error, UP_TRAINEE_ERROR, UP_TRAINEE_ERROR_CHANGED))
    {
      show_error_full (self, g_steal_pointer (&error),
                       _("Someone else changed this trainee since you opened it. "
                         "Reload to see their changes; what you typed here will be replaced."),
                       FALSE, TRUE);
      /* Read what they saved, to say what changed and offer Save Anyway. */
      job_begin (self);
      up_trainee_get_async (self->database, self->trainee_id, self->cancellable, conflict_cb, g_object_ref (self));
    }
  else
    {
      focus_field (self, field_of_error (error));
      show_error (self, g_steal_pointer (&error), FALSE, FALSE);
    }
}

static void
find_existing_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(UpTraineeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = up_trainee_find_by_id_number_finish (UP_DATABASE (object), result, &error);
  if (self->database == NULL)
    return;
  job_end (self);

  if (id > 0)
    up_trainee_dialog_load (self, id);
  else if (error != NULL)
    show_error (self, g_steal_pointer (&error), FALSE, FALSE);
  else
    show_error (self,
                g_error_new_literal (UP_TRAINEE_ERROR, UP_TRAINEE_ERROR_NOT_FOUND,
                                     _("No trainee has this ID number any more.")),
                FALSE, FALSE);
}

static void
employers_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(UpTraineeDialog) self = user_data;
  g_auto(GStrv) employers = NULL;
  g_autoptr(GError) error = NULL;

  employers = up_trainee_list_employers_finish (UP_DATABASE (object), result, &error);
  if (self->database == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, UP_ERROR, UP_ERROR_CANCELLED))
    return;

  if (employers == NULL)
    {
      g_debug ("Cannot complete the employer: %s", error->message);
      return;
    }

  show_employers (self, employers);
}

static gboolean
employer_timeout_cb (gpointer user_data)
{
  UpTraineeDialog *self = user_data;
  g_autofree char *text = g_strstrip (g_strdup (row_text (self->employer_row)));

  self->employer_timeout_id = 0;

  if (self->employers_cancellable != NULL)
    g_cancellable_cancel (self->employers_cancellable);
  g_clear_object (&self->employers_cancellable);

  if (self->database == NULL || *text == '\0')
    return G_SOURCE_REMOVE;

  self->employers_cancellable = g_cancellable_new ();
  up_trainee_list_employers_async (self->database, text, EMPLOYER_LIMIT, self->employers_cancellable,
                                   employers_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
show_employers (UpTraineeDialog *self,
                GStrv            employers)
{
  const char *typed = row_text (self->employer_row);
  GtkWidget *child;
  GtkWidget *focus;
  gboolean typing;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->employer_list))) != NULL)
    gtk_list_box_remove (self->employer_list, child);

  for (guint i = 0; employers[i] != NULL; i++)
    {
      GtkWidget *label;

      /* What was typed already in full needs no suggestion. */
      if (g_strcmp0 (employers[i], typed) == 0)
        continue;

      label = gtk_label_new (employers[i]);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_append (self->employer_list, label);
      n++;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->employer_button), n > 0);

  /* Suggestions pop up only while the person is still in the field. */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  typing = focus != NULL && (focus == GTK_WIDGET (self->employer_row) ||
                             gtk_widget_is_ancestor (focus, GTK_WIDGET (self->employer_row)));
  if (n > 0 && typing)
    gtk_popover_popup (self->employer_popover);
  else if (n == 0)
    gtk_popover_popdown (self->employer_popover);
}

static void
employer_row_activated_cb (UpTraineeDialog *self,
                           GtkListBoxRow   *row,
                           GtkListBox      *list)
{
  GtkWidget *label = gtk_list_box_row_get_child (row);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->employer_row), gtk_label_get_label (GTK_LABEL (label)));
  gtk_editable_set_position (GTK_EDITABLE (self->employer_row), -1);
  self->filling = FALSE;

  gtk_popover_popdown (self->employer_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->employer_row));
}

static void
employer_changed_cb (UpTraineeDialog *self)
{
  g_clear_handle_id (&self->employer_timeout_id, g_source_remove);

  /* Only what a person types asks for suggestions. */
  if (self->filling)
    return;

  self->employer_timeout_id = g_timeout_add (EMPLOYER_DELAY_MS, employer_timeout_cb, self);
}

static void
id_number_changed_cb (UpTraineeDialog *self)
{
  check_id_number (self);
  update_can_save (self);
}

static void
phone_changed_cb (UpTraineeDialog *self)
{
  update_can_save (self);
}

static void
form_changed_cb (UpTraineeDialog *self)
{
  if (!self->filling)
    set_row_error (self->name_row, FALSE);
  update_can_save (self);
}

static void
entry_activated_cb (UpTraineeDialog *self)
{
  /* Enter saves when the form is ready. */
  if (self->can_save && self->n_jobs == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "trainee.save", NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UpTraineeDialog *self = UP_TRAINEE_DIALOG (widget);
  g_autoptr(UpTraineeInput) input = NULL;
  g_autoptr(GError) error = NULL;
  UpTraineeField field;

  if (self->database == NULL || self->n_jobs > 0)
    return;

  gtk_popover_popdown (self->employer_popover);
  input = collect_input (self);
  field = up_trainee_input_validate (input, &error);
  if (field != UP_TRAINEE_FIELD_NONE)
    {
      focus_field (self, field);
      show_error (self, g_steal_pointer (&error), FALSE, FALSE);
      return;
    }

  hide_message (self);
  job_begin (self);
  if (self->trainee_id > 0)
    up_trainee_update_async (self->database, self->trainee_id, self->version, input, self->cancellable,
                             save_cb, g_object_ref (self));
  else
    up_trainee_insert_async (self->database, input, self->cancellable, save_cb, g_object_ref (self));
}

static void
open_existing_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  UpTraineeDialog *self = UP_TRAINEE_DIALOG (widget);

  if (self->database == NULL || self->n_jobs > 0)
    return;

  job_begin (self);
  up_trainee_find_by_id_number_async (self->database, row_text (self->id_number_row), self->cancellable,
                                      find_existing_cb, g_object_ref (self));
}

/* Save Anyway: over the version someone else saved, knowingly. */
static void
overwrite_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  UpTraineeDialog *self = UP_TRAINEE_DIALOG (widget);

  if (self->trainee_id <= 0 || self->conflict_version <= 0)
    return;
  self->version = self->conflict_version;
  self->conflict_version = 0;
  hide_message (self);
  gtk_widget_activate_action (widget, "trainee.save", NULL);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpTraineeDialog *self = UP_TRAINEE_DIALOG (widget);

  if (self->trainee_id > 0)
    up_trainee_dialog_load (self, self->trainee_id);
}

/* GObject overrides -------------------------------------------------------- */

static void
up_trainee_dialog_dispose (GObject *object)
{
  UpTraineeDialog *self = UP_TRAINEE_DIALOG (object);

  g_clear_handle_id (&self->employer_timeout_id, g_source_remove);
  if (self->employers_cancellable != NULL)
    g_cancellable_cancel (self->employers_cancellable);
  g_clear_object (&self->employers_cancellable);
  g_cancellable_cancel (self->cancellable);

  /* The callbacks still to come see no database and touch nothing. */
  g_clear_object (&self->database);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_TRAINEE_DIALOG);

  g_clear_object (&self->academies);
  g_clear_object (&self->loaded);

  G_OBJECT_CLASS (up_trainee_dialog_parent_class)->dispose (object);
}

static void
up_trainee_dialog_finalize (GObject *object)
{
  UpTraineeDialog *self = UP_TRAINEE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (up_trainee_dialog_parent_class)->finalize (object);
}

static void
up_trainee_dialog_constructed (GObject *object)
{
  UpTraineeDialog *self = UP_TRAINEE_DIALOG (object);

  G_OBJECT_CLASS (up_trainee_dialog_parent_class)->constructed (object);

  if (self->database != NULL)
    {
      job_begin (self);
      up_academy_list_async (self->database, self->cancellable, academies_cb, g_object_ref (self));
    }
  update_actions (self);
}

static void
up_trainee_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  UpTraineeDialog *self = UP_TRAINEE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_TRAINEE_ID:
      g_value_set_int64 (value, self->trainee_id);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->n_jobs > 0);
      break;

    case PROP_CAN_SAVE:
      g_value_set_boolean (value, self->can_save);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_trainee_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  UpTraineeDialog *self = UP_TRAINEE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_trainee_dialog_class_init (UpTraineeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_trainee_dialog_dispose;
  object_class->finalize = up_trainee_dialog_finalize;
  object_class->constructed = up_trainee_dialog_constructed;
  object_class->get_property = up_trainee_dialog_get_property;
  object_class->set_property = up_trainee_dialog_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINEE_ID] =
    g_param_spec_int64 ("trainee-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_SAVE] =
    g_param_spec_boolean ("can-save", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * UpTraineeDialog::saved:
   * @id: the trainee's id; 0 for a new trainee saved while the connection
   *   dropped, whose id is not known here
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * UpTraineeDialog::open-course:
   * @course_id: the course whose roster the person asked for
   */
  signals[OPEN_COURSE] =
    g_signal_new ("open-course",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-trainee-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, open_existing_button);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, reload_button);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, overwrite_button);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, academy_row);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, id_number_row);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, id_number_icon);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, id_number_message);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, birth_date_label);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, gender_label);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, phone_message);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, employer_row);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, employer_button);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, employer_popover);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, employer_list);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, industry_row);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, union_switch);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, education_row);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, skill_row);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, courses_group);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, enrollments_list);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, records_group);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, certificates_label);
  gtk_widget_class_bind_template_child (widget_class, UpTraineeDialog, subsidies_label);
  gtk_widget_class_bind_template_callback (widget_class, id_number_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, phone_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, employer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, employer_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "trainee.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "trainee.open-existing", NULL, open_existing_action);
  gtk_widget_class_install_action (widget_class, "trainee.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "trainee.overwrite", NULL, overwrite_action);
  gtk_widget_class_install_action (widget_class, "trainee.show-certifications", NULL, show_certifications_action);
  gtk_widget_class_install_action (widget_class, "trainee.show-subsidies", NULL, show_subsidies_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "trainee.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
up_trainee_dialog_init (UpTraineeDialog *self)
{
  g_autoptr(GtkStringList) education = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) skill = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) academy_name = NULL;
  const char * const *levels = up_education_levels ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  academy_name = gtk_property_expression_new (UP_TYPE_ACADEMY, NULL, "name");
  adw_combo_row_set_expression (self->academy_row, academy_name);

  /* Translators: no academic level recorded for the trainee */
  gtk_string_list_append (education, C_("academic level", "Not recorded"));
  for (guint i = 0; levels[i] != NULL; i++)
    gtk_string_list_append (education, up_education_level_to_label (levels[i]));
  adw_combo_row_set_model (self->education_row, G_LIST_MODEL (education));

  /* Translators: the trainee holds no vocational skill level */
  gtk_string_list_append (skill, C_("skill level", "None"));
  for (int level = 5; level >= 1; level--)
    gtk_string_list_append (skill, up_skill_level_to_label (level));
  adw_combo_row_set_model (self->skill_row, G_LIST_MODEL (skill));

  gtk_stack_set_visible_child_name (self->stack, "form");

  /* The academy is chosen for the staff member already; what they type
   * first is the ID number, from which birth date and gender follow. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->id_number_row));
}

/* Public API --------------------------------------------------------------- */

UpTraineeDialog *
up_trainee_dialog_new (GtkWindow  *parent,
                       UpDatabase *db)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);

  return g_object_new (UP_TYPE_TRAINEE_DIALOG,
                       "transient-for", parent,
                       "database", db,
                       NULL);
}

void
up_trainee_dialog_load (UpTraineeDialog *self,
                        gint64           id)
{
  g_return_if_fail (UP_IS_TRAINEE_DIALOG (self));
  g_return_if_fail (id > 0);

  if (self->database == NULL)
    return;

  hide_message (self);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Trainee"));
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);

  if (self->trainee_id != id)
    {
      self->trainee_id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINEE_ID]);
    }

  job_begin (self);
  up_trainee_get_async (self->database, id, self->cancellable, trainee_cb, g_object_ref (self));
}

gint64
up_trainee_dialog_get_trainee_id (UpTraineeDialog *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_DIALOG (self), 0);

  return self->trainee_id;
}

gboolean
up_trainee_dialog_get_busy (UpTraineeDialog *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_DIALOG (self), FALSE);

  return self->n_jobs > 0;
}

gboolean
up_trainee_dialog_get_can_save (UpTraineeDialog *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_DIALOG (self), FALSE);

  return self->can_save;
}

const GError *
up_trainee_dialog_get_error (UpTraineeDialog *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_DIALOG (self), NULL);

  return self->error;
}
