/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-certification-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "up-certification-dialog.h"
#include "up-certification.h"
#include "up-error.h"
#include "up-trainee-detail.h"
#include "up-trainee-list.h"
#include "up-trainee.h"
#include "up-ui-resources.h"

/* A certificate's form.  The trainee is found as on the Trainees page (by
 * name, ID number or phone, over the whole database) in a popover; the
 * kind shows the level that fits it (a skill level, or an academic level
 * and its route); the occupation and the issuing body complete from the
 * ones already recorded; the course is one the trainee completed.  The
 * national registries are checked by hand: the form links to the one for
 * the kind and keeps when and how.  What the person typed is checked here
 * first and the wrong field is said and focused; the database has the last
 * word (a number the issuing body already used) and computes the claim,
 * which the "saved" signal carries to the page. */

/* Where a certificate of each kind is checked (by hand, in a browser). */
static const char *registry_uris[] = {
  /* 技能人才评价证书全国联网查询 */
  "http://zscx.osta.org.cn/",
  "http://zscx.osta.org.cn/",
  /* 学信网 */
  "https://www.chsi.com.cn/",
  /* 特种作业操作证查询 */
  "http://cx.mem.gov.cn/",
};

/* The values already recorded that an entry offers as one types: a popover
 * under the entry listing those that hold the text.  (GtkEntryCompletion
 * would do, but is deprecated from GTK 4.10 on and drags in the whole tree
 * view.) */
typedef struct
{
  GtkEntry           *entry;
  GtkStringList      *values;
  GtkStringFilter    *filter;
  GtkFilterListModel *matches;
  GtkPopover         *popover;
  GtkListView        *view;
} Suggestions;

struct _UpCertificationDialog
{
  AdwWindow         parent_instance;

  UpDatabase       *database;
  GCancellable     *cancellable;          /* every job; cancelled on dispose */
  GCancellable     *courses_cancellable;  /* the courses of the trainee chosen */
  UpCertification  *certification;        /* being edited, from the database */
  gint64            certification_id;
  gint64            trainee_id;
  gint64            wanted_course_id;     /* to select once the courses are in */
  char             *wanted_course_title;
  GArray           *course_ids;           /* gint64 per course_row row; 0 = none */
  UpTraineeList    *trainees;             /* for the trainee search, made on first use */
  guint             n_busy;
  char             *error_message;
  Suggestions       occupations;
  Suggestions       issuing_bodies;

  /* Template widgets */
  AdwWindowTitle   *window_title;
  GtkWidget        *save_button;
  GtkSpinner       *spinner;
  GtkWidget        *form;
  GtkLabel         *error_label;
  AdwActionRow     *trainee_row;
  GtkMenuButton    *trainee_button;
  GtkPopover       *trainee_popover;
  GtkSearchEntry   *trainee_search;
  GtkLabel         *trainee_count_label;
  GtkListView      *trainee_view;
  AdwComboRow      *kind_row;
  AdwComboRow      *skill_level_row;
  AdwComboRow      *academic_level_row;
  AdwComboRow      *route_row;
  AdwActionRow     *occupation_row;
  GtkEntry         *occupation_entry;
  AdwEntryRow      *number_row;
  AdwActionRow     *issuing_body_row;
  GtkEntry         *issuing_body_entry;
  AdwEntryRow      *issued_row;
  GtkMenuButton    *issued_button;
  GtkCalendar      *issued_calendar;
  AdwComboRow      *course_row;
  GtkLinkButton    *registry_link;
  AdwEntryRow      *verified_row;
  AdwEntryRow      *verified_how_row;
};

G_DEFINE_FINAL_TYPE (UpCertificationDialog, up_certification_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary methods -------------------------------------------------------- */

static void
update_busy (UpCertificationDialog *self)
{
  gtk_spinner_set_spinning (self->spinner, self->n_busy > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "certification.save", self->n_busy == 0);
}

static void
busy_push (UpCertificationDialog *self)
{
  self->n_busy++;
  update_busy (self);
}

static void
busy_pop (UpCertificationDialog *self)
{
  g_return_if_fail (self->n_busy > 0);
  self->n_busy--;
  update_busy (self);
}

static void
show_error (UpCertificationDialog *self,
            const char            *message)
{
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Marks @row wrong, says why and puts the cursor there. */
static void
refuse (UpCertificationDialog *self,
        GtkWidget             *row,
        const char            *message)
{
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
  show_error (self, message);
}

static void
set_text (gpointer    editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text != NULL ? text : "");
}

static char *
get_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static GtkWidget *
field_widget (UpCertificationDialog *self,
              UpCertificationField   field)
{
  switch (field)
    {
    case UP_CERTIFICATION_FIELD_TRAINEE:
      return GTK_WIDGET (self->trainee_row);
    case UP_CERTIFICATION_FIELD_KIND:
      return GTK_WIDGET (self->kind_row);
    case UP_CERTIFICATION_FIELD_OCCUPATION:
      return GTK_WIDGET (self->occupation_entry);
    case UP_CERTIFICATION_FIELD_SKILL_LEVEL:
      return GTK_WIDGET (self->skill_level_row);
    case UP_CERTIFICATION_FIELD_ACADEMIC_LEVEL:
      return GTK_WIDGET (self->academic_level_row);
    case UP_CERTIFICATION_FIELD_ACADEMIC_ROUTE:
      return GTK_WIDGET (self->route_row);
    case UP_CERTIFICATION_FIELD_NUMBER:
      return GTK_WIDGET (self->number_row);
    case UP_CERTIFICATION_FIELD_ISSUING_BODY:
      return GTK_WIDGET (self->issuing_body_entry);
    case UP_CERTIFICATION_FIELD_ISSUED_ON:
      return GTK_WIDGET (self->issued_row);
    case UP_CERTIFICATION_FIELD_COURSE:
      return GTK_WIDGET (self->course_row);
    case UP_CERTIFICATION_FIELD_VERIFIED_ON:
      return GTK_WIDGET (self->verified_row);
    case UP_CERTIFICATION_FIELD_NONE:
    default:
      return NULL;
    }
}

/* The rows the kind has: a skill level, or an academic level and a route. */
static void
show_kind (UpCertificationDialog *self)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);

  if (kind > UP_CERTIFICATION_KIND_SPECIAL_OPERATION)
    kind = UP_CERTIFICATION_KIND_SKILL_LEVEL;
  gtk_widget_set_visible (GTK_WIDGET (self->skill_level_row), kind == UP_CERTIFICATION_KIND_SKILL_LEVEL);
  gtk_widget_set_visible (GTK_WIDGET (self->academic_level_row), kind == UP_CERTIFICATION_KIND_ACADEMIC_DEGREE);
  gtk_widget_set_visible (GTK_WIDGET (self->route_row), kind == UP_CERTIFICATION_KIND_ACADEMIC_DEGREE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->occupation_row),
                                 kind == UP_CERTIFICATION_KIND_ACADEMIC_DEGREE ? _("Speciality")
                                                                              : _("Occupation"));
  gtk_link_button_set_uri (self->registry_link, registry_uris[kind]);
}

/* The trainee chosen, shown by name and masked ID number. */
static void
show_trainee (UpCertificationDialog *self,
              gint64                 trainee_id,
              const char            *name,
              const char            *id_number_masked)
{
  g_autofree char *subtitle = NULL;

  self->trainee_id = trainee_id;
  /* Translators: a trainee's name and masked ID number */
  subtitle = g_strdup_printf (_("%s, %s"), name != NULL ? name : "", id_number_masked != NULL ? id_number_masked : "");
  adw_action_row_set_subtitle (self->trainee_row, subtitle);
  gtk_widget_remove_css_class (GTK_WIDGET (self->trainee_row), "error");
}

static void
set_courses (UpCertificationDialog *self,
             GListModel            *enrollments)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0;
  gint64 none = 0;
  guint n = enrollments != NULL ? g_list_model_get_n_items (enrollments) : 0;

  g_array_set_size (self->course_ids, 0);
  g_array_append_val (self->course_ids, none);
  /* Translators: no course: the certificate was obtained without one */
  gtk_string_list_append (list, _("None"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpTraineeEnrollment) e = g_list_model_get_item (enrollments, i);
      gint64 id = up_trainee_enrollment_get_course_id (e);
      g_autofree char *text = NULL;

      if (up_trainee_enrollment_get_status (e) != UP_ENROLLMENT_STATUS_COMPLETED && id != self->wanted_course_id)
        continue;
      /* Translators: a course's title and dates in the course list of the form */
      text = g_strdup_printf (_("%s (%s)"), up_trainee_enrollment_get_course_title (e),
                              up_trainee_enrollment_get_period (e));
      gtk_string_list_append (list, text);
      g_array_append_val (self->course_ids, id);
      if (id == self->wanted_course_id)
        selected = self->course_ids->len - 1;
    }

  /* A course kept from before that is no longer among them. */
  if (self->wanted_course_id != 0 && selected == 0)
    {
      gtk_string_list_append (list, self->wanted_course_title != NULL ? self->wanted_course_title : "?");
      g_array_append_val (self->course_ids, self->wanted_course_id);
      selected = self->course_ids->len - 1;
    }

  adw_combo_row_set_model (self->course_row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (self->course_row, selected);
}

static void load_courses (UpCertificationDialog *self);

static void
fill_form (UpCertificationDialog *self)
{
  UpCertification *c = self->certification;
  const char * const *levels = up_education_levels ();
  const char * const *routes = up_academic_routes ();

  show_trainee (self, up_certification_get_trainee_id (c), up_certification_get_trainee_name (c),
                up_certification_get_id_number_masked (c));
  /* A certificate stays with its trainee: its claim is the trainee's. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->trainee_button), FALSE);

  adw_combo_row_set_selected (self->kind_row, up_certification_get_kind (c));
  if (up_certification_get_skill_level (c) >= 1)
    adw_combo_row_set_selected (self->skill_level_row, 5 - up_certification_get_skill_level (c));
  for (guint i = 0; levels[i] != NULL; i++)
    if (g_strcmp0 (levels[i], up_certification_get_academic_level (c)) == 0)
      adw_combo_row_set_selected (self->academic_level_row, i);
  for (guint i = 0; routes[i] != NULL; i++)
    if (g_strcmp0 (routes[i], up_certification_get_academic_route (c)) == 0)
      adw_combo_row_set_selected (self->route_row, i);
  set_text (self->occupation_entry, up_certification_get_occupation (c));
  set_text (self->number_row, up_certification_get_certificate_no (c));
  set_text (self->issuing_body_entry, up_certification_get_issuing_body (c));
  set_text (self->issued_row, up_certification_get_issued_on (c));
  set_text (self->verified_row, up_certification_get_verified_on (c));
  set_text (self->verified_how_row, up_certification_get_verified_how (c));
  self->wanted_course_id = up_certification_get_course_id (c);
  g_free (self->wanted_course_title);
  self->wanted_course_title = g_strdup (up_certification_get_course_title (c));
  adw_window_title_set_subtitle (self->window_title, up_certification_get_certificate_no (c));
  show_kind (self);
}

#define SUGGESTION_ITEM_UI \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
  "<interface><template class=\"GtkListItem\"><property name=\"child\">" \
  "<object class=\"GtkLabel\"><property name=\"xalign\">0</property>" \
  "<property name=\"ellipsize\">end</property>" \
  "<binding name=\"label\"><lookup name=\"string\" type=\"GtkStringObject\">" \
  "<lookup name=\"item\">GtkListItem</lookup></lookup></binding>" \
  "</object></property></template></interface>"

/* Whether the person is typing in @entry (its text has the focus), rather
 * than the form filling it. */
static gboolean
is_typing_in (GtkEntry *entry)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (entry));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (entry));
}

static void
suggestions_update (Suggestions *s)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (s->entry));
  guint n;

  gtk_string_filter_set_search (s->filter, text);
  n = g_list_model_get_n_items (G_LIST_MODEL (s->matches));

  if (*text != '\0' && n > 0 && is_typing_in (s->entry))
    {
      g_autoptr(GtkStringObject) only = n == 1 ? g_list_model_get_item (G_LIST_MODEL (s->matches), 0) : NULL;

      /* The one value, typed whole: nothing more to offer. */
      if (only == NULL || !g_str_equal (gtk_string_object_get_string (only), text))
        {
          gtk_popover_popup (s->popover);
          return;
        }
    }
  gtk_popover_popdown (s->popover);
}

static void
suggestions_changed_cb (GtkEditable *editable,
                        Suggestions *s)
{
  suggestions_update (s);
}

static void
suggestions_activate_cb (GtkListView *view,
                         guint        position,
                         Suggestions *s)
{
  g_autoptr(GtkStringObject) value = g_list_model_get_item (G_LIST_MODEL (s->matches), position);

  if (value == NULL)
    return;

  gtk_popover_popdown (s->popover);
  gtk_editable_set_text (GTK_EDITABLE (s->entry), gtk_string_object_get_string (value));
  gtk_widget_grab_focus (GTK_WIDGET (s->entry));
  gtk_editable_set_position (GTK_EDITABLE (s->entry), -1);
}

/* Down from the entry goes into the list, Escape closes it. */
static gboolean
suggestions_key_pressed_cb (GtkEventControllerKey *controller,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            Suggestions           *s)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (s->popover)))
    return GDK_EVENT_PROPAGATE;

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    {
      gtk_widget_grab_focus (GTK_WIDGET (s->view));
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Escape)
    {
      gtk_popover_popdown (s->popover);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
suggestions_init (Suggestions *s,
                  GtkEntry    *entry,
                  const char  *name)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (SUGGESTION_ITEM_UI, strlen (SUGGESTION_ITEM_UI));
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *scrolled;

  s->entry = entry;
  s->values = gtk_string_list_new (NULL);
  s->filter = gtk_string_filter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_string_filter_set_match_mode (s->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (s->filter, TRUE);
  s->matches = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (s->values)),
                                          GTK_FILTER (g_object_ref (s->filter)));

  s->view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (
                                                g_object_ref (G_LIST_MODEL (s->matches)))),
                                              gtk_builder_list_item_factory_new_from_bytes (NULL, bytes)));
  gtk_list_view_set_single_click_activate (s->view, TRUE);
  gtk_widget_set_name (GTK_WIDGET (s->view), name);
  g_signal_connect (s->view, "activate", G_CALLBACK (suggestions_activate_cb), s);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 220);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (s->view));

  s->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (s->popover, scrolled);
  gtk_popover_set_autohide (s->popover, FALSE);
  gtk_popover_set_has_arrow (s->popover, FALSE);
  gtk_popover_set_position (s->popover, GTK_POS_BOTTOM);
  gtk_widget_set_halign (GTK_WIDGET (s->popover), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (s->popover), GTK_WIDGET (entry));

  g_signal_connect (entry, "changed", G_CALLBACK (suggestions_changed_cb), s);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (suggestions_key_pressed_cb), s);
  gtk_widget_add_controller (GTK_WIDGET (entry), keys);
}

static void
suggestions_set (Suggestions        *s,
                 const char * const *values)
{
  gtk_string_list_splice (s->values, 0, g_list_model_get_n_items (G_LIST_MODEL (s->values)), values);
}

static void
suggestions_clear (Suggestions *s)
{
  if (s->entry != NULL)
    g_signal_handlers_disconnect_by_data (s->entry, s);
  if (s->popover != NULL)
    gtk_widget_unparent (GTK_WIDGET (s->popover));
  s->popover = NULL;
  s->view = NULL;
  s->entry = NULL;
  g_clear_object (&s->matches);
  g_clear_object (&s->filter);
  g_clear_object (&s->values);
}

/* Callbacks ---------------------------------------------------------------- */

static void
suggested (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data,
           gsize         suggestions_offset)
{
  g_auto(GStrv) values = NULL;
  g_autoptr(GError) error = NULL;
  UpCertificationDialog *self;

  values = up_certification_suggest_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_CERTIFICATION_DIALOG (user_data);
  busy_pop (self);
  if (values == NULL)
    {
      /* Completion is a help, not a need. */
      g_debug ("Cannot read the suggestions: %s", error->message);
      return;
    }

  suggestions_set (&G_STRUCT_MEMBER (Suggestions, self, suggestions_offset), (const char * const *) values);
}

static void
occupations_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  suggested (object, result, user_data, G_STRUCT_OFFSET (UpCertificationDialog, occupations));
}

static void
issuing_bodies_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  suggested (object, result, user_data, G_STRUCT_OFFSET (UpCertificationDialog, issuing_bodies));
}

static void
courses_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UpTraineeDetail) detail = NULL;
  g_autoptr(GError) error = NULL;
  UpCertificationDialog *self;

  detail = up_trainee_detail_load_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_CERTIFICATION_DIALOG (user_data);
  g_clear_object (&self->courses_cancellable);
  busy_pop (self);

  if (detail == NULL)
    {
      show_error (self, error->message);
      return;
    }

  set_courses (self, G_LIST_MODEL (detail->enrollments));
}

static void
load_courses (UpCertificationDialog *self)
{
  if (self->courses_cancellable != NULL)
    {
      g_cancellable_cancel (self->courses_cancellable);
      g_clear_object (&self->courses_cancellable);
      busy_pop (self);
    }

  set_courses (self, NULL);
  if (self->trainee_id == 0)
    return;

  self->courses_cancellable = g_cancellable_new ();
  busy_push (self);
  up_trainee_detail_load_async (self->database, self->trainee_id, self->courses_cancellable, courses_cb, self);
}

static void
trainee_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UpTrainee) trainee = NULL;
  g_autoptr(GError) error = NULL;
  UpCertificationDialog *self;

  trainee = up_trainee_get_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_CERTIFICATION_DIALOG (user_data);
  busy_pop (self);

  if (trainee == NULL)
    {
      self->trainee_id = 0;
      show_error (self, error->message);
      return;
    }

  show_trainee (self, up_trainee_get_id (trainee), up_trainee_get_name (trainee),
                up_trainee_get_id_number_masked (trainee));
  load_courses (self);
}

static void
certification_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(UpCertification) certification = NULL;
  g_autoptr(GError) error = NULL;
  UpCertificationDialog *self;

  certification = up_certification_get_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_CERTIFICATION_DIALOG (user_data);
  busy_pop (self);

  if (certification == NULL)
    {
      show_error (self, error->message);
      gtk_widget_set_sensitive (self->form, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "certification.save", FALSE);
      return;
    }

  self->certification = g_steal_pointer (&certification);
  fill_form (self);
  load_courses (self);
}

/* @user_data is the dialog without a reference: a dialog that goes away
 * cancels its work first, and a cancelled save never touches it. */
static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(UpCertificationResult) saved = NULL;
  g_autoptr(GError) error = NULL;
  UpCertificationDialog *self;
  gboolean created;

  saved = up_certification_save_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_CERTIFICATION_DIALOG (user_data);
  busy_pop (self);
  gtk_widget_set_sensitive (self->form, TRUE);

  if (saved == NULL)
    {
      /* The form keeps what was typed: try again, or cancel. */
      g_debug ("Cannot save the certificate: %s", error->message);
      if (g_strcmp0 (up_error_get_constraint (error), "certifications_number_unique") == 0)
        refuse (self, GTK_WIDGET (self->number_row), error->message);
      else if (g_error_matches (error, UP_ERROR, UP_ERROR_RETRY) && self->certification != NULL)
        show_error (self, _("Someone else changed this certificate while it was open here. Close the form and "
                            "open the certificate again to see their changes."));
      else
        show_error (self, error->message);
      return;
    }

  created = self->certification == NULL;
  g_signal_emit (self, signals[SAVED], 0, saved->certification_id, created, saved);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
trainees_items_changed_cb (UpCertificationDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->trainees));
  g_autofree char *text = NULL;

  /* Translators: the number of trainees a search found */
  text = g_strdup_printf (ngettext ("%u trainee found: click one to choose", "%u trainees found: click one to choose",
                                    n), n);
  gtk_label_set_label (self->trainee_count_label, text);
}

static void
trainee_popover_show_cb (UpCertificationDialog *self,
                         GtkPopover            *popover)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  if (self->trainees == NULL && self->database != NULL)
    {
      self->trainees = up_trainee_list_new (self->database);
      up_trainee_list_set_search (self->trainees, gtk_editable_get_text (GTK_EDITABLE (self->trainee_search)));
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
trainee_search_changed_cb (UpCertificationDialog *self,
                           GtkSearchEntry        *entry)
{
  /* The search entry waits for a pause in the typing by itself. */
  if (self->trainees != NULL)
    up_trainee_list_set_search (self->trainees, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
choose_trainee (UpCertificationDialog *self,
                UpTrainee             *trainee)
{
  if (trainee == NULL || !up_trainee_get_loaded (trainee))
    return;

  gtk_popover_popdown (self->trainee_popover);
  show_trainee (self, up_trainee_get_id (trainee), up_trainee_get_name (trainee),
                up_trainee_get_id_number_masked (trainee));
  self->wanted_course_id = 0;
  load_courses (self);
}

static void
trainee_view_activate_cb (UpCertificationDialog *self,
                          guint                  position,
                          GtkListView           *view)
{
  g_autoptr(UpTrainee) trainee = NULL;

  if (self->trainees == NULL)
    return;

  trainee = g_list_model_get_item (G_LIST_MODEL (self->trainees), position);
  choose_trainee (self, trainee);
}

static void
trainee_search_activate_cb (UpCertificationDialog *self,
                            GtkSearchEntry        *entry)
{
  g_autoptr(UpTrainee) trainee = NULL;

  /* Enter takes the only match: an ID number typed whole. */
  if (self->trainees == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->trainees)) != 1)
    return;

  trainee = g_list_model_get_item (G_LIST_MODEL (self->trainees), 0);
  choose_trainee (self, trainee);
}

static void
kind_selected_cb (UpCertificationDialog *self)
{
  show_kind (self);
}

static void
issued_popover_show_cb (UpCertificationDialog *self,
                        GtkPopover            *popover)
{
  g_autofree char *text = get_text (self->issued_row);
  unsigned year, month, day;

  if (sscanf (text, "%4u-%2u-%2u", &year, &month, &day) == 3 && g_date_valid_dmy (day, month, year))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, 0, 0, 0);

      if (dt != NULL)
        gtk_calendar_select_day (self->issued_calendar, dt);
    }
}

static void
issued_day_selected_cb (UpCertificationDialog *self,
                        GtkCalendar           *calendar)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (dt, "%Y-%m-%d");

  set_text (self->issued_row, text);
  gtk_menu_button_popdown (self->issued_button);
}

static void
entry_changed_cb (UpCertificationDialog *self,
                  GtkEditable           *editable)
{
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  up_certification_dialog_save (UP_CERTIFICATION_DIALOG (widget));
}

static void
verified_today_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  UpCertificationDialog *self = UP_CERTIFICATION_DIALOG (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  set_text (self->verified_row, today);
}

/* GObject overrides -------------------------------------------------------- */

static void
up_certification_dialog_dispose (GObject *object)
{
  UpCertificationDialog *self = UP_CERTIFICATION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->courses_cancellable != NULL)
    g_cancellable_cancel (self->courses_cancellable);
  g_clear_object (&self->courses_cancellable);
  suggestions_clear (&self->occupations);
  suggestions_clear (&self->issuing_bodies);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_CERTIFICATION_DIALOG);

  g_clear_object (&self->certification);
  g_clear_object (&self->trainees);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_certification_dialog_parent_class)->dispose (object);
}

static void
up_certification_dialog_finalize (GObject *object)
{
  UpCertificationDialog *self = UP_CERTIFICATION_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->course_ids, g_array_unref);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->wanted_course_title, g_free);

  G_OBJECT_CLASS (up_certification_dialog_parent_class)->finalize (object);
}

static void
up_certification_dialog_class_init (UpCertificationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_certification_dialog_dispose;
  object_class->finalize = up_certification_dialog_finalize;

  /**
   * UpCertificationDialog::saved:
   * @certification_id: the certificate saved
   * @created: whether it was recorded now
   * @claim: (type UpCertificationResult): its claim as the database computed it
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_BOOLEAN, UP_TYPE_CERTIFICATION_RESULT);

  (void) up_ui_get_resource ();
  g_type_ensure (UP_TYPE_TRAINEE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-certification-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, form);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, trainee_row);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, trainee_button);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, trainee_popover);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, trainee_search);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, trainee_count_label);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, trainee_view);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, skill_level_row);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, academic_level_row);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, route_row);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, occupation_row);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, occupation_entry);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, issuing_body_row);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, issuing_body_entry);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, issued_row);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, issued_button);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, issued_calendar);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, course_row);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, registry_link);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, verified_row);
  gtk_widget_class_bind_template_child (widget_class, UpCertificationDialog, verified_how_row);
  gtk_widget_class_bind_template_callback (widget_class, trainee_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, trainee_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, trainee_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, trainee_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, issued_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, issued_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "certification.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "certification.verified-today", NULL, verified_today_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "certification.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
up_certification_dialog_init (UpCertificationDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) skill_levels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) academic_levels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) routes = gtk_string_list_new (NULL);
  const char * const *levels = up_education_levels ();
  const char * const *route_names = up_academic_routes ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->course_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (int k = UP_CERTIFICATION_KIND_SKILL_LEVEL; k <= UP_CERTIFICATION_KIND_SPECIAL_OPERATION; k++)
    gtk_string_list_append (kinds, up_certification_kind_to_label (k));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  /* 5 (entry) first: most certificates are at the lower levels. */
  for (int l = 5; l >= 1; l--)
    {
      /* Translators: a skill level and its number, e.g. “Advanced (3)” */
      g_autofree char *text = g_strdup_printf (_("%s (%d)"), up_skill_level_to_label (l), l);

      gtk_string_list_append (skill_levels, text);
    }
  adw_combo_row_set_model (self->skill_level_row, G_LIST_MODEL (skill_levels));
  for (guint i = 0; levels[i] != NULL; i++)
    gtk_string_list_append (academic_levels, up_education_level_to_label (levels[i]));
  adw_combo_row_set_model (self->academic_level_row, G_LIST_MODEL (academic_levels));
  for (guint i = 0; route_names[i] != NULL; i++)
    gtk_string_list_append (routes, up_academic_route_to_label (route_names[i]));
  adw_combo_row_set_model (self->route_row, G_LIST_MODEL (routes));

  suggestions_init (&self->occupations, self->occupation_entry, "certification-occupation-suggestions");
  suggestions_init (&self->issuing_bodies, self->issuing_body_entry, "certification-issuing-body-suggestions");
  set_courses (self, NULL);
  show_kind (self);
}

/* Public API --------------------------------------------------------------- */

UpCertificationDialog *
up_certification_dialog_new (GtkWindow  *parent,
                             UpDatabase *db,
                             gint64      certification_id,
                             gint64      trainee_id)
{
  UpCertificationDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);

  self = g_object_new (UP_TYPE_CERTIFICATION_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->database = g_object_ref (db);
  self->certification_id = certification_id;

  busy_push (self);
  up_certification_suggest_async (db, UP_CERTIFICATION_SUGGEST_OCCUPATION, self->cancellable, occupations_cb, self);
  busy_push (self);
  up_certification_suggest_async (db, UP_CERTIFICATION_SUGGEST_ISSUING_BODY, self->cancellable, issuing_bodies_cb, self);

  if (certification_id != 0)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Certificate"));
      adw_window_title_set_title (self->window_title, _("Edit Certificate"));
      busy_push (self);
      up_certification_get_async (db, certification_id, self->cancellable, certification_cb, self);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Record Certificate"));
      adw_window_title_set_title (self->window_title, _("Record Certificate"));
      if (trainee_id != 0)
        {
          self->trainee_id = trainee_id;
          busy_push (self);
          up_trainee_get_async (db, trainee_id, self->cancellable, trainee_cb, self);
        }
    }

  return self;
}

gboolean
up_certification_dialog_is_busy (UpCertificationDialog *self)
{
  g_return_val_if_fail (UP_IS_CERTIFICATION_DIALOG (self), FALSE);

  return self->n_busy > 0;
}

void
up_certification_dialog_save (UpCertificationDialog *self)
{
  g_autoptr(UpCertificationInput) input = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *levels = up_education_levels ();
  const char * const *routes = up_academic_routes ();
  UpCertificationField field;
  guint kind, skill, level, route, course;

  g_return_if_fail (UP_IS_CERTIFICATION_DIALOG (self));

  if (self->n_busy > 0 || (self->certification_id != 0 && self->certification == NULL))
    return;

  kind = adw_combo_row_get_selected (self->kind_row);
  skill = adw_combo_row_get_selected (self->skill_level_row);
  level = adw_combo_row_get_selected (self->academic_level_row);
  route = adw_combo_row_get_selected (self->route_row);
  course = adw_combo_row_get_selected (self->course_row);

  input = up_certification_input_new ();
  input->trainee_id = self->trainee_id;
  input->kind = kind <= UP_CERTIFICATION_KIND_SPECIAL_OPERATION ? kind : UP_CERTIFICATION_KIND_SKILL_LEVEL;
  input->skill_level = skill < 5 ? 5 - (int) skill : 0;
  if (level < g_strv_length ((GStrv) levels))
    input->academic_level = g_strdup (levels[level]);
  if (route < g_strv_length ((GStrv) routes))
    input->academic_route = g_strdup (routes[route]);
  if (course < self->course_ids->len)
    input->course_id = g_array_index (self->course_ids, gint64, course);
  input->occupation = get_text (self->occupation_entry);
  input->certificate_no = get_text (self->number_row);
  input->issuing_body = get_text (self->issuing_body_entry);
  input->issued_on = get_text (self->issued_row);
  input->verified_on = get_text (self->verified_row);
  input->verified_how = get_text (self->verified_how_row);
  if (self->certification != NULL && input->course_id == 0)
    /* Without a course, the academy that recorded it keeps it. */
    input->academy_id = up_certification_get_academy_id (self->certification);

  field = up_certification_input_validate (input, &error);
  if (field != UP_CERTIFICATION_FIELD_NONE)
    {
      refuse (self, field_widget (self, field), error->message);
      return;
    }

  show_error (self, NULL);
  busy_push (self);
  /* Out of the form before it turns insensitive, so that the field typed in
   * is told it lost the focus (GtkText warns otherwise). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (self->form, FALSE);
  up_certification_save_async (self->database, self->certification_id,
                               self->certification != NULL ? up_certification_get_version (self->certification) : 0,
                               input, self->cancellable, save_cb, self);
}

const char *
up_certification_dialog_get_error (UpCertificationDialog *self)
{
  g_return_val_if_fail (UP_IS_CERTIFICATION_DIALOG (self), NULL);

  return self->error_message;
}
