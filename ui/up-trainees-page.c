/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-trainees-page"

#include "config.h"

#include <glib/gi18n.h>

#include "up-import-dialog.h"
#include "up-money.h"
#include "up-trainee.h"
#include "up-trainees-page.h"
#include "up-ui-resources.h"

/* The Trainees page: a search field over the trainees of the whole database,
 * a sort control for the server's ORDER BY (GTK 4.8's column view cannot say
 * which header was clicked) and a column view over an UpTraineeList, which
 * pages rows in as they scroll into view; a cell binds to its trainee's
 * properties, so it fills in when the row's page arrives.  ID numbers and
 * phones are shown masked.  GtkSearchEntry's own delay debounces the typing,
 * and the list cancels the previous search itself. */

struct _UpTraineesPage
{
  GtkWidget           parent_instance;

  UpDatabase         *database;
  UpTraineeList      *list;
  GtkSingleSelection *selection;
  UpTraineeDialog    *dialog;        /* weak */

  /* Template widgets */
  GtkWidget          *content;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *sort_dropdown;
  GtkToggleButton    *descending_button;
  GtkLabel           *count_label;
  GtkSpinner         *spinner;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *error_page;
};

G_DEFINE_FINAL_TYPE (UpTraineesPage, up_trainees_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods -------------------------------------------------------- */

static void
update_count (UpTraineesPage *self)
{
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  guint n;

  if (self->list == NULL || up_trainee_list_get_error (self->list) != NULL)
    {
      gtk_label_set_label (self->count_label, "");
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  number = up_count_format (n);
  if (up_trainee_list_get_count_is_estimate (self->list))
    /* Translators: the planner's estimate of the number of trainees; %s is the number, grouped */
    text = g_strdup_printf (ngettext ("About %s trainee", "About %s trainees", n), number);
  else
    /* Translators: the number of trainees matching the search; %s is the number, grouped */
    text = g_strdup_printf (ngettext ("%s trainee", "%s trainees", n), number);

  gtk_label_set_label (self->count_label, text);
}

static gboolean
search_is_blank (const char *search)
{
  for (const char *p = search; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static void
update_state (UpTraineesPage *self)
{
  const GError *error;
  gboolean loading;
  guint n;

  if (self->list == NULL)
    {
      gtk_spinner_set_spinning (self->spinner, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      update_count (self);
      return;
    }

  loading = up_trainee_list_get_loading (self->list);
  error = up_trainee_list_get_error (self->list);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  gtk_spinner_set_spinning (self->spinner, loading);

  if (error != NULL && !loading)
    {
      g_autofree char *markup = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, markup);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (loading)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (search_is_blank (up_trainee_list_get_search (self->list)))
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "no-results");

  update_count (self);
}

static UpTraineeDialog *
present_dialog (UpTraineesPage *self,
                gint64          id);

/* Callbacks ---------------------------------------------------------------- */

static void
list_changed_cb (UpTraineesPage *self)
{
  update_state (self);
}

/* The "loading" page's spinner turns only while it is on screen: GTK 4.8
 * goes on animating a spinning GtkSpinner that is not shown, and every frame
 * of its CSS transform lays the whole window out again.  With no database,
 * while the window shows the connection error, this page is "loading" for
 * as long as the window is open. */
static void
spinner_map_cb (UpTraineesPage *self,
                GtkSpinner     *spinner)
{
  gtk_spinner_start (spinner);
}

static void
spinner_unmap_cb (UpTraineesPage *self,
                  GtkSpinner     *spinner)
{
  gtk_spinner_stop (spinner);
}

static void
search_changed_cb (UpTraineesPage *self,
                   GtkSearchEntry *entry)
{
  if (self->list != NULL)
    up_trainee_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
search_activate_cb (UpTraineesPage *self,
                    GtkSearchEntry *entry)
{
  /* Enter in the search: on to the results, where Enter opens one. */
  if (self->list != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
stop_search_cb (UpTraineesPage *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
sort_changed_cb (UpTraineesPage *self)
{
  gboolean descending = gtk_toggle_button_get_active (self->descending_button);
  guint selected = gtk_drop_down_get_selected (self->sort_dropdown);

  gtk_button_set_icon_name (GTK_BUTTON (self->descending_button),
                            descending ? "view-sort-descending-symbolic" : "view-sort-ascending-symbolic");

  if (self->list != NULL && selected != GTK_INVALID_LIST_POSITION)
    up_trainee_list_set_sort (self->list, (UpTraineeSort) selected, descending);
}

static void
row_activated_cb (UpTraineesPage *self,
                  guint           position,
                  GtkColumnView  *view)
{
  g_autoptr(UpTrainee) trainee = NULL;

  if (self->list == NULL)
    return;

  trainee = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  /* A row whose page has not arrived yet has nothing to open. */
  if (trainee == NULL || !up_trainee_get_loaded (trainee))
    return;

  present_dialog (self, up_trainee_get_id (trainee));
}

static void
dialog_saved_cb (UpTraineesPage  *self,
                 gint64           id,
                 UpTraineeDialog *dialog)
{
  if (self->list != NULL)
    up_trainee_list_reload (self->list);
}

/* A course of the trainee: the window shows its roster (win.open-course). */
static void
dialog_open_course_cb (UpTraineesPage  *self,
                       gint64           course_id,
                       UpTraineeDialog *dialog)
{
  gtk_window_close (GTK_WINDOW (dialog));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-course", "x", course_id);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  up_trainees_page_add_trainee (UP_TRAINEES_PAGE (widget));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  up_trainees_page_focus_search (UP_TRAINEES_PAGE (widget));
}

static void
import_done_cb (UpTraineesPage *self)
{
  if (self->list != NULL)
    up_trainee_list_reload (self->list);
}

/* Import…: a roster from a spreadsheet; the list reloads after it. */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpTraineesPage *self = UP_TRAINEES_PAGE (widget);
  UpImportDialog *dialog;
  GtkRoot *root;

  if (self->database == NULL)
    return;

  root = gtk_widget_get_root (widget);
  dialog = up_import_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->database);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (import_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpTraineesPage *self = UP_TRAINEES_PAGE (widget);

  if (self->list != NULL)
    up_trainee_list_reload (self->list);
}

static UpTraineeDialog *
present_dialog (UpTraineesPage *self,
                gint64          id)
{
  GtkRoot *root;

  if (self->database == NULL)
    return NULL;

  /* One dialog at a time: it is modal anyway. */
  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return self->dialog;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->dialog = up_trainee_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->database);
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (self->dialog, "saved", G_CALLBACK (dialog_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dialog, "open-course", G_CALLBACK (dialog_open_course_cb), self, G_CONNECT_SWAPPED);

  if (id > 0)
    up_trainee_dialog_load (self->dialog, id);

  gtk_window_present (GTK_WINDOW (self->dialog));
  return self->dialog;
}

/* GObject overrides -------------------------------------------------------- */

static void
up_trainees_page_dispose (GObject *object)
{
  UpTraineesPage *self = UP_TRAINEES_PAGE (object);

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->dialog)));
    }

  if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_TRAINEES_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_trainees_page_parent_class)->dispose (object);
}

static void
up_trainees_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  UpTraineesPage *self = UP_TRAINEES_PAGE (object);

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
up_trainees_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  UpTraineesPage *self = UP_TRAINEES_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      up_trainees_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_trainees_page_class_init (UpTraineesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_trainees_page_dispose;
  object_class->get_property = up_trainees_page_get_property;
  object_class->set_property = up_trainees_page_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The resource lives in this static library: naming it here keeps the
   * linker from dropping it, and with it the templates. */
  (void) up_ui_get_resource ();

  /* The cells' expressions name it. */
  g_type_ensure (UP_TYPE_TRAINEE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-trainees-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UpTraineesPage, content);
  gtk_widget_class_bind_template_child (widget_class, UpTraineesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, UpTraineesPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpTraineesPage, descending_button);
  gtk_widget_class_bind_template_child (widget_class, UpTraineesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, UpTraineesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpTraineesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, UpTraineesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, UpTraineesPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, spinner_map_cb);
  gtk_widget_class_bind_template_callback (widget_class, spinner_unmap_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "trainees.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "trainees.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "trainees.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "trainees.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "trainees.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "trainees.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "trainees.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "trainees.reload", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trainees");
}

static void
up_trainees_page_init (UpTraineesPage *self)
{
  g_autoptr(GtkStringList) sorts = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The dropdown's positions are the UpTraineeSort values. */
  for (int sort = UP_TRAINEE_SORT_NAME; sort <= UP_TRAINEE_SORT_NEWEST; sort++)
    gtk_string_list_append (sorts, up_trainee_sort_to_label ((UpTraineeSort) sort));
  gtk_drop_down_set_model (self->sort_dropdown, G_LIST_MODEL (sorts));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* Typing anywhere on the page starts a search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainees.add", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainees.reload", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainees.import", FALSE);
  update_state (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_trainees_page_new (void)
{
  return g_object_new (UP_TYPE_TRAINEES_PAGE, NULL);
}

UpDatabase *
up_trainees_page_get_database (UpTraineesPage *self)
{
  g_return_val_if_fail (UP_IS_TRAINEES_PAGE (self), NULL);

  return self->database;
}

void
up_trainees_page_set_database (UpTraineesPage *self,
                               UpDatabase     *db)
{
  g_return_if_fail (UP_IS_TRAINEES_PAGE (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  if (self->database == db)
    return;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  gtk_single_selection_set_model (self->selection, NULL);
  if (self->list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->list, self);
      /* Disposing the list cancels its work. */
      g_clear_object (&self->list);
    }

  g_set_object (&self->database, db);

  if (db != NULL)
    {
      self->list = up_trainee_list_new (db);
      up_trainee_list_set_sort (self->list,
                                (UpTraineeSort) gtk_drop_down_get_selected (self->sort_dropdown),
                                gtk_toggle_button_get_active (self->descending_button));
      g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (list_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->list, "notify::n-items", G_CALLBACK (list_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->list, "notify::error", G_CALLBACK (list_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->list, "notify::count-is-estimate", G_CALLBACK (list_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));
      up_trainee_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainees.add", db != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainees.reload", db != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainees.import", db != NULL);
  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

UpTraineeList *
up_trainees_page_get_list (UpTraineesPage *self)
{
  g_return_val_if_fail (UP_IS_TRAINEES_PAGE (self), NULL);

  return self->list;
}

void
up_trainees_page_focus_search (UpTraineesPage *self)
{
  g_return_if_fail (UP_IS_TRAINEES_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

UpTraineeDialog *
up_trainees_page_add_trainee (UpTraineesPage *self)
{
  g_return_val_if_fail (UP_IS_TRAINEES_PAGE (self), NULL);

  return present_dialog (self, 0);
}

UpTraineeDialog *
up_trainees_page_open_trainee (UpTraineesPage *self,
                               gint64          id)
{
  g_return_val_if_fail (UP_IS_TRAINEES_PAGE (self), NULL);
  g_return_val_if_fail (id > 0, NULL);

  return present_dialog (self, id);
}

UpTraineeDialog *
up_trainees_page_get_dialog (UpTraineesPage *self)
{
  g_return_val_if_fail (UP_IS_TRAINEES_PAGE (self), NULL);

  return self->dialog;
}
