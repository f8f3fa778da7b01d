/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-window"

#include "config.h"

#include <glib/gi18n.h>

#include "up-account.h"
#include "up-accounts-window.h"
#include "up-certifications-page.h"
#include "up-backup-flow.h"
#include "up-courses-page.h"
#include "up-overview-page.h"
#include "up-reports-page.h"
#include "up-subsidies-page.h"
#include "up-trainees-page.h"
#include "up-ui-resources.h"
#include "up-window.h"

/* The main window: "connecting" while the application opens the database,
 * "error" when it could not, and "main" once it has one: a leaflet with the
 * sidebar of pages and the page shown.  The window remembers its size and
 * the page shown; another window of another process does not move it. */

struct _UpWindow
{
  AdwApplicationWindow  parent_instance;

  UpDatabase           *database;
  GBinding             *label_binding;
  GSettings            *settings;
  GCancellable         *accounts_cancellable; /* may the role manage accounts? */
  gboolean              can_manage_accounts;
  AdwToast             *lost_toast;   /* while the connection is lost */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkLabel             *connecting_label;
  AdwStatusPage        *error_status;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  AdwWindowTitle       *page_title;
  GtkWidget            *reload_button;
  GtkStack             *pages;
  UpOverviewPage       *overview_page;
  UpTraineesPage       *trainees_page;
  UpCoursesPage        *courses_page;
  UpCertificationsPage *certifications_page;
  UpReportsPage        *reports_page;
  UpSubsidiesPage      *subsidies_page;
};

G_DEFINE_FINAL_TYPE (UpWindow, up_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The sidebar's pages in order, for Alt+1 … Alt+6. */
static const char * const page_names[] = {
  "overview", "trainees", "courses", "certifications", "subsidies", "reports",
};

/* Auxiliary methods -------------------------------------------------------- */

static void
select_sidebar_row (UpWindow   *self,
                    const char *page)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL; i++)
    {
      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), page) == 0)
        {
          if (gtk_list_box_get_selected_row (self->sidebar) != row)
            gtk_list_box_select_row (self->sidebar, row);
          return;
        }
    }
}

static void
update_actions (UpWindow *self)
{
  gboolean on_overview = g_strcmp0 (up_window_get_page (self), "overview") == 0;

  gboolean on_trainees = g_strcmp0 (up_window_get_page (self), "trainees") == 0;
  gboolean on_courses = g_strcmp0 (up_window_get_page (self), "courses") == 0;
  gboolean on_certifications = g_strcmp0 (up_window_get_page (self), "certifications") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", self->database != NULL && on_overview);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back-up", self->database != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore",
                                 self->database != NULL && up_backup_flow_can_restore (self->database));
  /* Ctrl+N and Ctrl+F act on the page shown, wherever the focus is. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new", self->database != NULL && (on_trainees || on_courses || on_certifications));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", self->database != NULL && on_trainees);
  gtk_widget_set_visible (self->reload_button, on_overview);
}

/* Callbacks ---------------------------------------------------------------- */

static void
pages_visible_child_cb (UpWindow   *self,
                        GParamSpec *pspec,
                        GtkStack   *stack)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->pages);
  const char *page = gtk_stack_get_visible_child_name (self->pages);

  /* The stack notifies while the template is built and torn down too. */
  if (child == NULL || self->sidebar == NULL || self->page_title == NULL)
    return;

  adw_window_title_set_title (self->page_title, gtk_stack_page_get_title (gtk_stack_get_page (self->pages, child)));
  select_sidebar_row (self, page);
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* The "connecting" page's spinner turns only while it is on screen.  GTK 4.8
 * keeps the CSS animation of a spinning GtkSpinner running in a stack page
 * that is not shown, and its spin is a CSS transform: every frame of it
 * reallocates the spinner's parent, so the whole window lays itself out
 * again, and asks the X server for its geometry, 60 times a second while
 * the window shows the pages or the connection error. */
static void
spinner_map_cb (UpWindow   *self,
                GtkSpinner *spinner)
{
  gtk_spinner_start (spinner);
}

static void
spinner_unmap_cb (UpWindow   *self,
                  GtkSpinner *spinner)
{
  gtk_spinner_stop (spinner);
}

static void
sidebar_row_selected_cb (UpWindow      *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list)
{
  if (row != NULL)
    up_window_set_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
sidebar_row_activated_cb (UpWindow      *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  /* Narrow: the sidebar fills the window, a choice moves on to the page. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  UpWindow *self = UP_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpWindow *self = UP_WINDOW (widget);

  if (g_strcmp0 (up_window_get_page (self), "overview") == 0)
    up_overview_page_reload (self->overview_page);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  UpWindow *self = UP_WINDOW (widget);

  if (g_strcmp0 (up_window_get_page (self), "trainees") == 0)
    up_trainees_page_add_trainee (self->trainees_page);
  else if (g_strcmp0 (up_window_get_page (self), "courses") == 0)
    up_courses_page_new_course (self->courses_page);
  else if (g_strcmp0 (up_window_get_page (self), "certifications") == 0)
    up_certifications_page_new_certification (self->certifications_page);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UpWindow *self = UP_WINDOW (widget);

  if (g_strcmp0 (up_window_get_page (self), "trainees") == 0)
    up_trainees_page_focus_search (self->trainees_page);
}

/* The server went away: the pages stay as they are, with what was typed,
 * while the database reconnects by itself. */
static void
connection_lost_cb (UpWindow *self)
{
  if (self->lost_toast != NULL)
    return;

  self->lost_toast = adw_toast_new (_("The connection to the database server was lost. Reconnecting…"));
  adw_toast_set_timeout (self->lost_toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->lost_toast));
}

static void
reconnected_cb (UpWindow *self)
{
  if (self->lost_toast != NULL)
    adw_toast_dismiss (self->lost_toast);
  g_clear_object (&self->lost_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Connected to the database server again.")));
}

/* Accounts: in the menu only for a role that may manage them. */
static void
can_manage_accounts_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  UpWindow *self = user_data;   /* no reference: dispose cancels the query */
  g_autoptr(GError) error = NULL;
  gboolean can_manage = up_account_can_manage_finish (UP_DATABASE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || UP_DATABASE (object) != self->database)
    return;

  self->can_manage_accounts = can_manage;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.accounts", can_manage);
}

static void
accounts_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  UpWindow *self = UP_WINDOW (widget);

  /* A disabled action of a widget still runs when activated by name. */
  if (self->database != NULL && self->can_manage_accounts)
    gtk_window_present (GTK_WINDOW (up_accounts_window_new (GTK_WINDOW (self), self->database)));
}

static void
back_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  UpWindow *self = UP_WINDOW (widget);

  if (self->database != NULL)
    up_backup_flow_back_up (GTK_WINDOW (self), self->database, self->toast_overlay);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  UpWindow *self = UP_WINDOW (widget);

  if (self->database != NULL)
    up_backup_flow_restore (GTK_WINDOW (self), self->database, self->toast_overlay);
}

/* Alt+1…6: the page, and on a narrow window the page rather than the list
 * of pages. */
static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UpWindow *self = UP_WINDOW (widget);

  up_window_set_page (self, g_variant_get_string (parameter, NULL));
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* The roster of a course, from wherever it is named (a trainee's courses). */
static void
open_course_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  UpWindow *self = UP_WINDOW (widget);

  up_window_set_page (self, "courses");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  up_courses_page_open_course (self->courses_page, g_variant_get_int64 (parameter));
}

/* A trainee's certificates, from wherever the trainee is shown. */
static void
show_certifications_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  UpWindow *self = UP_WINDOW (widget);

  up_window_set_page (self, "certifications");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  up_certifications_page_show_trainee (self->certifications_page, g_variant_get_int64 (parameter));
}

/* A trainee's subsidy claims, from wherever the trainee is shown. */
static void
show_subsidies_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  UpWindow *self = UP_WINDOW (widget);

  up_window_set_page (self, "subsidies");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  up_subsidies_page_show_trainee (self->subsidies_page, g_variant_get_int64 (parameter));
}

/* GObject overrides -------------------------------------------------------- */

static void
up_window_dispose (GObject *object)
{
  UpWindow *self = UP_WINDOW (object);

  /* Tearing down the pages must not be saved as the page last shown. */
  g_settings_unbind (self, "default-width");
  g_settings_unbind (self, "default-height");
  g_settings_unbind (self, "maximized");
  g_settings_unbind (self, "page");

  if (self->label_binding != NULL)
    g_binding_unbind (g_steal_pointer (&self->label_binding));

  g_cancellable_cancel (self->accounts_cancellable);
  g_clear_object (&self->accounts_cancellable);
  g_clear_object (&self->lost_toast);
  if (self->database != NULL)
    g_signal_handlers_disconnect_by_data (self->database, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_WINDOW);

  g_clear_object (&self->database);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (up_window_parent_class)->dispose (object);
}

static void
up_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  UpWindow *self = UP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_PAGE:
      g_value_set_string (value, up_window_get_page (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  UpWindow *self = UP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      up_window_set_database (self, g_value_get_object (value));
      break;

    case PROP_PAGE:
      up_window_set_page (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_window_class_init (UpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_window_dispose;
  object_class->get_property = up_window_get_property;
  object_class->set_property = up_window_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL,
                         "overview",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The resource lives in this static library: naming it here keeps the
   * linker from dropping it, and with it the templates. */
  (void) up_ui_get_resource ();

  g_type_ensure (UP_TYPE_OVERVIEW_PAGE);
  g_type_ensure (UP_TYPE_TRAINEES_PAGE);
  g_type_ensure (UP_TYPE_COURSES_PAGE);
  g_type_ensure (UP_TYPE_CERTIFICATIONS_PAGE);
  g_type_ensure (UP_TYPE_REPORTS_PAGE);
  g_type_ensure (UP_TYPE_SUBSIDIES_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-window.ui");
  gtk_widget_class_bind_template_child (widget_class, UpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, connecting_label);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, error_status);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, reload_button);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, trainees_page);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, courses_page);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, certifications_page);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, reports_page);
  gtk_widget_class_bind_template_child (widget_class, UpWindow, subsidies_page);
  gtk_widget_class_bind_template_callback (widget_class, pages_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, spinner_map_cb);
  gtk_widget_class_bind_template_callback (widget_class, spinner_unmap_cb);

  gtk_widget_class_install_action (widget_class, "win.page", "s", page_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.open-course", "x", open_course_action);
  gtk_widget_class_install_action (widget_class, "win.back-up", NULL, back_up_action);
  gtk_widget_class_install_action (widget_class, "win.accounts", NULL, accounts_action);
  gtk_widget_class_install_action (widget_class, "win.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "win.show-certifications", "x", show_certifications_action);
  gtk_widget_class_install_action (widget_class, "win.show-subsidies", "x", show_subsidies_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.page", "s", page_names[i]);
}

/* A size kept from a bigger screen, or the default on a small one (800×600
 * at some academies), must not leave part of the window off the screen. */
static void
fit_on_screen (UpWindow *self)
{
  GdkDisplay *display = gdk_display_get_default ();
  GListModel *monitors = display != NULL ? gdk_display_get_monitors (display) : NULL;
  g_autoptr(GdkMonitor) monitor = NULL;
  GdkRectangle area;
  int width, height;

  if (monitors == NULL || g_list_model_get_n_items (monitors) == 0)
    return;

  monitor = g_list_model_get_item (monitors, 0);
  gdk_monitor_get_geometry (monitor, &area);
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (area.width > 0 && area.height > 0 && (width > area.width || height > area.height))
    gtk_window_set_default_size (GTK_WINDOW (self), MIN (width, area.width), MIN (height, area.height));
}

static void
up_window_init (UpWindow *self)
{
  /* The window follows its own changes only: GET_NO_CHANGES keeps another
   * Upskill window from resizing this one or turning its page. */
  const GSettingsBindFlags flags = G_SETTINGS_BIND_GET | G_SETTINGS_BIND_SET | G_SETTINGS_BIND_GET_NO_CHANGES;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", flags);
  g_settings_bind (self->settings, "window-height", self, "default-height", flags);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", flags);
  g_settings_bind (self->settings, "last-page", self, "page", flags);
  fit_on_screen (self);

  pages_visible_child_cb (self, NULL, self->pages);
  gtk_stack_set_visible_child_name (self->main_stack, "connecting");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.accounts", FALSE);
}

/* Public API --------------------------------------------------------------- */

UpWindow *
up_window_new (GtkApplication *app)
{
  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);

  return g_object_new (UP_TYPE_WINDOW,
                       "application", app,
                       NULL);
}

UpDatabase *
up_window_get_database (UpWindow *self)
{
  g_return_val_if_fail (UP_IS_WINDOW (self), NULL);

  return self->database;
}

void
up_window_set_database (UpWindow   *self,
                        UpDatabase *db)
{
  g_return_if_fail (UP_IS_WINDOW (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  if (self->database == db)
    return;

  if (self->label_binding != NULL)
    g_binding_unbind (g_steal_pointer (&self->label_binding));
  if (self->database != NULL)
    g_signal_handlers_disconnect_by_data (self->database, self);
  if (self->lost_toast != NULL)
    adw_toast_dismiss (self->lost_toast);
  g_clear_object (&self->lost_toast);

  g_set_object (&self->database, db);

  if (db != NULL)
    {
      self->label_binding = g_object_bind_property (db, "label", self->page_title, "subtitle",
                                                    G_BINDING_SYNC_CREATE);
      g_signal_connect_object (db, "connection-lost", G_CALLBACK (connection_lost_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (db, "reconnected", G_CALLBACK (reconnected_cb), self, G_CONNECT_SWAPPED);
      gtk_stack_set_visible_child_name (self->main_stack, "main");
    }
  else
    {
      adw_window_title_set_subtitle (self->page_title, NULL);
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") == 0)
        gtk_stack_set_visible_child_name (self->main_stack, "connecting");
    }

  up_overview_page_set_database (self->overview_page, db);
  up_trainees_page_set_database (self->trainees_page, db);
  up_courses_page_set_database (self->courses_page, db);
  up_certifications_page_set_database (self->certifications_page, db);
  up_reports_page_set_database (self->reports_page, db);
  up_subsidies_page_set_database (self->subsidies_page, db);
  update_actions (self);

  g_cancellable_cancel (self->accounts_cancellable);
  g_clear_object (&self->accounts_cancellable);
  self->can_manage_accounts = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.accounts", FALSE);
  if (db != NULL)
    {
      self->accounts_cancellable = g_cancellable_new ();
      up_account_can_manage_async (db, self->accounts_cancellable, can_manage_accounts_cb, self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

const char *
up_window_get_page (UpWindow *self)
{
  g_return_val_if_fail (UP_IS_WINDOW (self), NULL);

  if (self->pages == NULL)
    return NULL;

  return gtk_stack_get_visible_child_name (self->pages);
}

void
up_window_set_page (UpWindow   *self,
                    const char *page)
{
  g_return_if_fail (UP_IS_WINDOW (self));

  if (self->pages == NULL)
    return;

  if (page == NULL || gtk_stack_get_child_by_name (self->pages, page) == NULL)
    {
      g_debug ("No page “%s”", page);
      return;
    }

  /* The stack's notify::visible-child-name does the rest. */
  gtk_stack_set_visible_child_name (self->pages, page);
}

void
up_window_show_connecting (UpWindow *self)
{
  g_return_if_fail (UP_IS_WINDOW (self));

  gtk_label_set_label (self->connecting_label, _("Connecting to the Database…"));
  gtk_stack_set_visible_child_name (self->main_stack, "connecting");
}

void
up_window_show_busy (UpWindow   *self,
                     const char *message)
{
  g_return_if_fail (UP_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  gtk_label_set_label (self->connecting_label, message);
  gtk_stack_set_visible_child_name (self->main_stack, "connecting");
}

AdwToastOverlay *
up_window_get_toast_overlay (UpWindow *self)
{
  g_return_val_if_fail (UP_IS_WINDOW (self), NULL);

  return self->toast_overlay;
}

void
up_window_show_connection_error (UpWindow     *self,
                                 const GError *error)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (UP_IS_WINDOW (self));

  if (error != NULL)
    markup = g_markup_escape_text (error->message, -1);

  adw_status_page_set_description (self->error_status, markup);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

UpOverviewPage *
up_window_get_overview_page (UpWindow *self)
{
  g_return_val_if_fail (UP_IS_WINDOW (self), NULL);

  return self->overview_page;
}

UpTraineesPage *
up_window_get_trainees_page (UpWindow *self)
{
  g_return_val_if_fail (UP_IS_WINDOW (self), NULL);

  return self->trainees_page;
}

UpCoursesPage *
up_window_get_courses_page (UpWindow *self)
{
  g_return_val_if_fail (UP_IS_WINDOW (self), NULL);

  return self->courses_page;
}
