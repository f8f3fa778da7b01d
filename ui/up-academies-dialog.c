/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-academies-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "up-academies-dialog.h"
#include "up-academy.h"
#include "up-error.h"
#include "up-major.h"
#include "up-ui-resources.h"

/* Academies on the left, the form of the one chosen on the right with its
 * majors below.  “New Academy” empties the form; saving inserts it.  All
 * database work runs on the connection's worker; a refusal is said above
 * the form, which keeps what was typed. */

struct _UpAcademiesDialog
{
  AdwWindow             parent_instance;

  UpDatabase           *database;
  GCancellable         *cancellable;
  GCancellable         *majors_cancellable;
  GListStore           *academies;   /* of UpAcademy */
  GListStore           *majors;      /* of UpMajor, of the academy chosen */
  UpAcademy            *academy;     /* chosen, or NULL for a new one */
  UpAcademy            *new_academy; /* being inserted */
  UpMajor              *new_major;   /* being inserted */
  gint64                select_id;   /* to choose once the list is in */
  guint                 n_busy;
  char                 *error_message;

  /* Template widgets */
  GtkSpinner           *spinner;
  GtkListBox           *academy_list;
  GtkLabel             *error_label;
  AdwPreferencesGroup  *academy_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *code_row;
  AdwComboRow          *level_row;
  AdwEntryRow          *district_row;
  AdwEntryRow          *industry_row;
  AdwPreferencesGroup  *majors_group;
  GtkListBox           *major_list;
  AdwEntryRow          *new_major_row;
};

G_DEFINE_FINAL_TYPE (UpAcademiesDialog, up_academies_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary methods -------------------------------------------------------- */

static void
update_actions (UpAcademiesDialog *self)
{
  gtk_spinner_set_spinning (self->spinner, self->n_busy > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "academies.save", self->n_busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "academies.add-major",
                                 self->n_busy == 0 && self->academy != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->majors_group), self->academy != NULL);
}

static void
busy_push (UpAcademiesDialog *self)
{
  self->n_busy++;
  update_actions (self);
}

static void
busy_pop (UpAcademiesDialog *self)
{
  g_return_if_fail (self->n_busy > 0);
  self->n_busy--;
  update_actions (self);
}

static void
show_error (UpAcademiesDialog *self,
            const char        *message)
{
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
refuse (UpAcademiesDialog *self,
        AdwEntryRow       *row,
        const char        *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_widget_grab_focus (GTK_WIDGET (row));
  show_error (self, message);
}

static char *
get_trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* The schema's academies_code_format, checked before the server says so. */
static gboolean
code_is_valid (const char *code)
{
  gsize len = strlen (code);

  if (len < 2 || len > 20 || code[0] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isupper (code[i]) && !g_ascii_isdigit (code[i]) && code[i] != '-')
      return FALSE;
  return TRUE;
}

static GtkWidget *
create_academy_row (gpointer item,
                    gpointer user_data)
{
  UpAcademy *academy = item;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (up_academy_get_name (academy));
  g_autofree char *detail = g_strdup_printf ("%s · %s · %s", up_academy_get_code (academy),
                                             up_academy_get_level_label (academy),
                                             up_academy_get_district (academy));
  GtkWidget *caption = gtk_label_new (detail);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  return box;
}

static GtkWidget *
create_major_row (gpointer item,
                  gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), up_major_get_name (item));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

static void
fill_form (UpAcademiesDialog *self)
{
  UpAcademy *academy = self->academy;

  show_error (self, NULL);
  set_entry_text (self->name_row, academy != NULL ? up_academy_get_name (academy) : NULL);
  set_entry_text (self->code_row, academy != NULL ? up_academy_get_code (academy) : NULL);
  set_entry_text (self->district_row, academy != NULL ? up_academy_get_district (academy) : NULL);
  set_entry_text (self->industry_row, academy != NULL ? up_academy_get_industry (academy) : NULL);
  adw_combo_row_set_selected (self->level_row, academy != NULL ? up_academy_get_level (academy)
                                                               : UP_ACADEMY_LEVEL_DISTRICT);
  adw_preferences_group_set_title (self->academy_group, academy != NULL ? _("Academy") : _("New Academy"));
  adw_preferences_group_set_description (self->majors_group, academy != NULL ? NULL
                                         : _("Save the academy first, then add the majors it teaches."));
}

static void load_academies (UpAcademiesDialog *self);
static void load_majors (UpAcademiesDialog *self);

/* Callbacks ---------------------------------------------------------------- */

static void
academies_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  UpAcademiesDialog *self;
  g_autoptr(GListStore) academies = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  academies = up_academy_list_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ACADEMIES_DIALOG (user_data);
  busy_pop (self);

  if (academies == NULL)
    {
      show_error (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (academies));
  g_set_object (&self->academies, academies);
  gtk_list_box_bind_model (self->academy_list, G_LIST_MODEL (academies), create_academy_row, NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpAcademy) academy = g_list_model_get_item (G_LIST_MODEL (academies), i);

      if (up_academy_get_id (academy) == self->select_id || (self->select_id == 0 && i == 0))
        {
          gtk_list_box_select_row (self->academy_list, gtk_list_box_get_row_at_index (self->academy_list, i));
          return;
        }
    }

  /* No academy yet: the form of the first one. */
  g_clear_object (&self->academy);
  fill_form (self);
  update_actions (self);
}

static void
majors_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpAcademiesDialog *self;
  g_autoptr(GListStore) majors = NULL;
  g_autoptr(GError) error = NULL;

  majors = up_major_list_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ACADEMIES_DIALOG (user_data);
  g_clear_object (&self->majors_cancellable);
  busy_pop (self);

  if (majors == NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_set_object (&self->majors, majors);
  gtk_list_box_bind_model (self->major_list, G_LIST_MODEL (majors), create_major_row, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->major_list), g_list_model_get_n_items (G_LIST_MODEL (majors)) > 0);
  if (g_list_model_get_n_items (G_LIST_MODEL (majors)) == 0)
    adw_preferences_group_set_description (self->majors_group,
                                           _("No majors yet: add the first one below."));
  else
    adw_preferences_group_set_description (self->majors_group, NULL);
}

static void
academy_row_selected_cb (UpAcademiesDialog *self,
                         GtkListBoxRow     *row,
                         GtkListBox        *list)
{
  if (row == NULL)
    return;

  g_clear_object (&self->academy);
  self->academy = g_list_model_get_item (G_LIST_MODEL (self->academies), gtk_list_box_row_get_index (row));
  fill_form (self);
  load_majors (self);
  update_actions (self);
}

static void
academy_saved (UpAcademiesDialog *self,
               GError            *error,
               UpAcademy         *academy)
{
  busy_pop (self);

  if (error != NULL)
    {
      g_debug ("Cannot save the academy: %s", error->message);
      if (g_error_matches (error, UP_ERROR, UP_ERROR_RETRY))
        show_error (self, _("Someone else changed this academy meanwhile. Choose it again to see their changes."));
      else
        show_error (self, error->message);
      return;
    }

  show_error (self, NULL);
  self->select_id = up_academy_get_id (academy);
  g_signal_emit (self, signals[CHANGED], 0);
  load_academies (self);
}

/* @user_data is the dialog without a reference: a dialog that goes away
 * cancels its work first, and cancelled work never touches it. */
static void
insert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpAcademiesDialog *self;
  g_autoptr(GError) error = NULL;

  up_academy_insert_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ACADEMIES_DIALOG (user_data);
  academy_saved (self, error, self->new_academy);
}

static void
update_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpAcademiesDialog *self;
  g_autoptr(GError) error = NULL;

  up_academy_update_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ACADEMIES_DIALOG (user_data);
  academy_saved (self, error, self->academy);
}

static void
major_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  UpAcademiesDialog *self;
  g_autoptr(GError) error = NULL;

  up_major_insert_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ACADEMIES_DIALOG (user_data);
  busy_pop (self);

  if (error != NULL)
    {
      g_debug ("Cannot add the major: %s", error->message);
      refuse (self, self->new_major_row, error->message);
      return;
    }

  show_error (self, NULL);
  set_entry_text (self->new_major_row, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
  load_majors (self);
}

static void
entry_changed_cb (UpAcademiesDialog *self,
                  GtkEditable       *editable)
{
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
}

static void
new_major_activated_cb (UpAcademiesDialog *self,
                        AdwEntryRow       *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "academies.add-major", NULL);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  UpAcademiesDialog *self = UP_ACADEMIES_DIALOG (widget);

  gtk_list_box_unselect_all (self->academy_list);
  g_clear_object (&self->academy);
  g_list_store_remove_all (self->majors);
  fill_form (self);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UpAcademiesDialog *self = UP_ACADEMIES_DIALOG (widget);
  g_autofree char *name = get_trimmed (self->name_row);
  g_autofree char *code = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->code_row)), -1);
  g_autofree char *district = get_trimmed (self->district_row);
  g_autofree char *industry = get_trimmed (self->industry_row);
  UpAcademy *academy;

  g_strstrip (code);
  if (*name == '\0')
    {
      refuse (self, self->name_row, _("The academy needs a name."));
      return;
    }
  if (!code_is_valid (code))
    {
      refuse (self, self->code_row,
              _("The academy code may only hold capital letters, digits and dashes (2 to 20), for example CQ-WELD."));
      return;
    }
  if (*district == '\0')
    {
      refuse (self, self->district_row, _("The academy needs a district, for example 渝北区."));
      return;
    }

  if (self->academy != NULL)
    academy = self->academy;
  else
    {
      g_clear_object (&self->new_academy);
      academy = self->new_academy = up_academy_new ();
    }

  up_academy_set_name (academy, name);
  up_academy_set_code (academy, code);
  up_academy_set_level (academy, adw_combo_row_get_selected (self->level_row));
  up_academy_set_district (academy, district);
  up_academy_set_industry (academy, *industry != '\0' ? industry : NULL);

  busy_push (self);
  if (academy == self->academy)
    up_academy_update_async (self->database, academy, self->cancellable, update_cb, self);
  else
    up_academy_insert_async (self->database, academy, self->cancellable, insert_cb, self);
}

static void
add_major_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  UpAcademiesDialog *self = UP_ACADEMIES_DIALOG (widget);
  g_autofree char *name = get_trimmed (self->new_major_row);

  if (self->academy == NULL || self->n_busy > 0)
    return;

  if (*name == '\0')
    {
      refuse (self, self->new_major_row, _("Type the name of the major, for example Welding."));
      return;
    }

  g_clear_object (&self->new_major);
  self->new_major = up_major_new (up_academy_get_id (self->academy), name);
  busy_push (self);
  up_major_insert_async (self->database, self->new_major, self->cancellable, major_cb, self);
}

static void
load_academies (UpAcademiesDialog *self)
{
  busy_push (self);
  up_academy_list_async (self->database, self->cancellable, academies_cb, self);
}

static void
load_majors (UpAcademiesDialog *self)
{
  if (self->majors_cancellable != NULL)
    {
      g_cancellable_cancel (self->majors_cancellable);
      g_clear_object (&self->majors_cancellable);
      busy_pop (self);
    }

  if (self->academy == NULL)
    return;

  self->majors_cancellable = g_cancellable_new ();
  busy_push (self);
  up_major_list_async (self->database, up_academy_get_id (self->academy), self->majors_cancellable, majors_cb,
                       self);
}

/* GObject overrides -------------------------------------------------------- */

static void
up_academies_dialog_dispose (GObject *object)
{
  UpAcademiesDialog *self = UP_ACADEMIES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->majors_cancellable != NULL)
    g_cancellable_cancel (self->majors_cancellable);
  g_clear_object (&self->majors_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_ACADEMIES_DIALOG);

  g_clear_object (&self->academy);
  g_clear_object (&self->new_academy);
  g_clear_object (&self->new_major);
  g_clear_object (&self->academies);
  g_clear_object (&self->majors);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_academies_dialog_parent_class)->dispose (object);
}

static void
up_academies_dialog_finalize (GObject *object)
{
  UpAcademiesDialog *self = UP_ACADEMIES_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (up_academies_dialog_parent_class)->finalize (object);
}

static void
up_academies_dialog_class_init (UpAcademiesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_academies_dialog_dispose;
  object_class->finalize = up_academies_dialog_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-academies-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, academy_list);
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, academy_group);
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, level_row);
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, district_row);
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, industry_row);
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, majors_group);
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, major_list);
  gtk_widget_class_bind_template_child (widget_class, UpAcademiesDialog, new_major_row);
  gtk_widget_class_bind_template_callback (widget_class, academy_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_major_activated_cb);

  gtk_widget_class_install_action (widget_class, "academies.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "academies.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "academies.add-major", NULL, add_major_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "academies.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "academies.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
up_academies_dialog_init (UpAcademiesDialog *self)
{
  g_autoptr(GtkStringList) levels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->academies = g_list_store_new (UP_TYPE_ACADEMY);
  self->majors = g_list_store_new (UP_TYPE_MAJOR);

  for (int l = UP_ACADEMY_LEVEL_MUNICIPAL; l <= UP_ACADEMY_LEVEL_ENTERPRISE; l++)
    gtk_string_list_append (levels, up_academy_level_to_label (l));
  adw_combo_row_set_model (self->level_row, G_LIST_MODEL (levels));
  gtk_widget_set_visible (GTK_WIDGET (self->major_list), FALSE);
  fill_form (self);
  update_actions (self);
}

/* Public API --------------------------------------------------------------- */

UpAcademiesDialog *
up_academies_dialog_new (GtkWindow  *parent,
                         UpDatabase *db)
{
  UpAcademiesDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);

  self = g_object_new (UP_TYPE_ACADEMIES_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->database = g_object_ref (db);
  load_academies (self);

  return self;
}

gboolean
up_academies_dialog_is_busy (UpAcademiesDialog *self)
{
  g_return_val_if_fail (UP_IS_ACADEMIES_DIALOG (self), FALSE);

  return self->n_busy > 0;
}

const char *
up_academies_dialog_get_error (UpAcademiesDialog *self)
{
  g_return_val_if_fail (UP_IS_ACADEMIES_DIALOG (self), NULL);

  return self->error_message;
}
