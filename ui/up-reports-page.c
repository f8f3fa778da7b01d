/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-reports-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "up-academy-choices.h"
#include "up-error.h"
#include "up-report-writer.h"
#include "up-reports-page.h"
#include "up-ui-resources.h"

/* The Reports page: choose a report, its period, academy or payment batch,
 * then where to save it.  The report is written by its own worker thread
 * on a connection of its own (reports/up-report-writer.c): the window
 * stays responsive, the progress bar moves, Cancel stops it and leaves no
 * file, and a toast offers to open the workbook in the desktop's
 * spreadsheet application. */

/* The years offered: this one and those before. */
#define N_YEARS 9

enum {
  PERIOD_YEAR,
  PERIOD_QUARTER,
  PERIOD_RANGE,
};

struct _UpReportsPage
{
  GtkWidget             parent_instance;

  UpDatabase           *database;
  GCancellable         *load_cancellable;   /* the batches */
  GCancellable         *cancellable;        /* the report under way */
  UpReportWriter       *writer;
  GtkFileChooserNative *chooser;
  UpAcademyChoices     *academies;          /* academy_row's rows */
  GArray               *batch_ids;          /* gint64 per batch_row item */
  GArray               *years;              /* int per year_row item */
  char                 *output_path;        /* tests: no dialog */
  char                 *writing_path;
  guint                 running : 1;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwComboRow          *kind_row;
  AdwComboRow          *period_row;
  AdwComboRow          *year_row;
  AdwComboRow          *quarter_row;
  AdwEntryRow          *from_row;
  AdwEntryRow          *to_row;
  AdwComboRow          *academy_row;
  AdwComboRow          *batch_row;
  GtkSwitch            *full_ids_switch;
  GtkWidget            *progress_box;
  GtkProgressBar       *progress_bar;
};

G_DEFINE_FINAL_TYPE (UpReportsPage, up_reports_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods -------------------------------------------------------- */

static UpReportKind
selected_kind (UpReportsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return selected < UP_N_REPORTS ? (UpReportKind) selected : UP_REPORT_SUMMARY;
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned year, month, day;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3
      || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* The period chosen; FALSE while the dates typed are not a period. */
static gboolean
selected_period (UpReportsPage *self,
                 GDate         *from,
                 GDate         *to)
{
  guint year_index = adw_combo_row_get_selected (self->year_row);
  int year = year_index < self->years->len ? g_array_index (self->years, int, year_index) : 0;

  g_date_clear (from, 1);
  g_date_clear (to, 1);

  switch (adw_combo_row_get_selected (self->period_row))
    {
    case PERIOD_QUARTER:
      {
        guint quarter = MIN (adw_combo_row_get_selected (self->quarter_row), 3);
        GDateMonth last = (GDateMonth) (quarter * 3 + 3);

        if (year == 0)
          return FALSE;
        g_date_set_dmy (from, 1, (GDateMonth) (quarter * 3 + 1), year);
        g_date_set_dmy (to, g_date_get_days_in_month (last, year), last, year);
        return TRUE;
      }

    case PERIOD_RANGE:
      return parse_date (gtk_editable_get_text (GTK_EDITABLE (self->from_row)), from)
             && parse_date (gtk_editable_get_text (GTK_EDITABLE (self->to_row)), to)
             && g_date_compare (from, to) <= 0;

    case PERIOD_YEAR:
    default:
      if (year == 0)
        return FALSE;
      g_date_set_dmy (from, 1, G_DATE_JANUARY, year);
      g_date_set_dmy (to, 31, G_DATE_DECEMBER, year);
      return TRUE;
    }
}

static gint64
selected_batch (UpReportsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->batch_row);

  return selected < self->batch_ids->len ? g_array_index (self->batch_ids, gint64, selected) : 0;
}

static void
update_rows (UpReportsPage *self)
{
  UpReportKind kind = selected_kind (self);
  gboolean batch = up_report_kind_needs_batch (kind);
  guint period = adw_combo_row_get_selected (self->period_row);
  GDate from, to;
  gboolean ready;

  gtk_widget_set_visible (GTK_WIDGET (self->period_row), !batch && kind != UP_REPORT_PROGRESS);
  gtk_widget_set_visible (GTK_WIDGET (self->year_row), !batch && (kind == UP_REPORT_PROGRESS || period != PERIOD_RANGE));
  gtk_widget_set_visible (GTK_WIDGET (self->quarter_row),
                          !batch && kind != UP_REPORT_PROGRESS && period == PERIOD_QUARTER);
  gtk_widget_set_visible (GTK_WIDGET (self->from_row), !batch && kind != UP_REPORT_PROGRESS && period == PERIOD_RANGE);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), !batch && kind != UP_REPORT_PROGRESS && period == PERIOD_RANGE);
  gtk_widget_set_visible (GTK_WIDGET (self->academy_row), kind == UP_REPORT_SUMMARY || kind == UP_REPORT_LEDGER);
  gtk_widget_set_visible (GTK_WIDGET (self->batch_row), batch);

  if (batch)
    ready = selected_batch (self) > 0;
  else if (kind == UP_REPORT_PROGRESS)
    ready = adw_combo_row_get_selected (self->year_row) < self->years->len;
  else
    ready = selected_period (self, &from, &to);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.save",
                                 self->database != NULL && !self->running && ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.cancel", self->running);
}

static void
set_running (UpReportsPage *self,
             gboolean       running)
{
  if (self->running == !!running)
    return;

  self->running = !!running;
  gtk_widget_set_visible (self->progress_box, running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), !running);
  update_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
show_toast (UpReportsPage *self,
            AdwToast      *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Callbacks ---------------------------------------------------------------- */

static void
choice_changed_cb (UpReportsPage *self)
{
  update_rows (self);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  UpReportsPage *self = UP_REPORTS_PAGE (user_data);

  if (self->running && self->progress_bar != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static void
report_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(UpReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_steal_pointer (&self->writing_path);
  AdwToast *toast;

  up_report_writer_run_finish (UP_REPORT_WRITER (object), result, &error);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->writer);

  /* Disposed meanwhile (which cancelled it): nobody to tell. */
  if (self->toast_overlay == NULL)
    {
      self->running = FALSE;
      return;
    }
  set_running (self, FALSE);

  if (error == NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *basename = g_file_get_basename (file);
      /* Translators: a toast; %s is the file name of the workbook */
      g_autofree char *title = g_strdup_printf (_("Report saved as “%s”"), basename);

      toast = adw_toast_new (title);
      /* Translators: the button of the toast: opens the workbook */
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "reports.open");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
      adw_toast_set_timeout (toast, 10);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast = adw_toast_new (_("The report was cancelled; no file was written."));
  else
    {
      /* Translators: a toast; %s says what went wrong */
      g_autofree char *title = g_strdup_printf (_("The report could not be written: %s"), error->message);

      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 0);
    }

  show_toast (self, toast);
}

static void
start_report (UpReportsPage *self,
              const char    *path)
{
  UpReportKind kind = selected_kind (self);
  guint academy = adw_combo_row_get_selected (self->academy_row);
  GDate from, to;

  if (self->database == NULL || self->running)
    return;

  self->writer = up_report_writer_new (kind, up_database_get_conninfo (self->database));
  if (kind == UP_REPORT_PROGRESS)
    {
      guint year = adw_combo_row_get_selected (self->year_row);

      if (year < self->years->len)
        up_report_writer_set_year (self->writer, g_array_index (self->years, int, year));
    }
  else if (selected_period (self, &from, &to))
    up_report_writer_set_period (self->writer, &from, &to);
  if (kind == UP_REPORT_SUMMARY || kind == UP_REPORT_LEDGER)
    up_report_writer_set_academy (self->writer, up_academy_choices_get_code (self->academies, academy));
  up_report_writer_set_batch (self->writer, selected_batch (self));
  up_report_writer_set_full_id_numbers (self->writer, gtk_switch_get_active (self->full_ids_switch));
  /* The language chosen in Preferences for reports; empty: the interface's. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autofree char *language = g_settings_get_string (settings, "report-language");

    up_report_writer_set_language (self->writer, language);
  }
  up_report_writer_set_progress_func (self->writer, progress_cb, g_object_ref (self), g_object_unref);

  g_free (self->writing_path);
  self->writing_path = g_strdup (path);
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_running (self, TRUE);

  up_report_writer_run_async (self->writer, path, self->cancellable, report_done_cb, g_object_ref (self));
}

static void
chooser_response_cb (UpReportsPage        *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }

  g_clear_object (&self->chooser);

  if (path == NULL)
    return;
  if (!g_str_has_suffix (path, ".xlsx"))
    {
      char *with_suffix = g_strconcat (path, ".xlsx", NULL);

      g_free (path);
      path = with_suffix;
    }
  start_report (self, path);
}

static char *
suggested_name (UpReportsPage *self)
{
  UpReportKind kind = selected_kind (self);
  GDate from, to;

  if (up_report_kind_needs_batch (kind))
    return g_strdup_printf ("%s-%" G_GINT64_FORMAT ".xlsx", up_report_kind_to_label (kind), selected_batch (self));
  if (selected_period (self, &from, &to))
    return g_strdup_printf ("%s %04u-%02u-%02u–%04u-%02u-%02u.xlsx", up_report_kind_to_label (kind),
                            (unsigned) g_date_get_year (&from), (unsigned) g_date_get_month (&from),
                            (unsigned) g_date_get_day (&from), (unsigned) g_date_get_year (&to),
                            (unsigned) g_date_get_month (&to), (unsigned) g_date_get_day (&to));
  return g_strdup_printf ("%s.xlsx", up_report_kind_to_label (kind));
}

/* Actions ------------------------------------------------------------------ */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UpReportsPage *self = UP_REPORTS_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *name = NULL;
  GtkRoot *root;

  if (self->running || self->database == NULL)
    return;

  if (self->output_path != NULL)
    {
      start_report (self, self->output_path);
      return;
    }

  if (self->chooser != NULL)
    return;

  root = gtk_widget_get_root (widget);
  /* GTK 4.8 has no GtkFileDialog: the native chooser talks to the portal. */
  self->chooser = gtk_file_chooser_native_new (_("Save Report"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  filter = gtk_file_filter_new ();
  /* Translators: the file type in the save dialog */
  gtk_file_filter_set_name (filter, _("Excel workbooks"));
  gtk_file_filter_add_pattern (filter, "*.xlsx");
  gtk_file_filter_add_mime_type (filter, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  /* The folder chosen in Preferences, else the Documents folder. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autofree char *folder_path = g_settings_get_string (settings, "report-folder");
    const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
    g_autoptr(GFile) folder = NULL;

    if (folder_path[0] != '\0' && g_file_test (folder_path, G_FILE_TEST_IS_DIR))
      folder = g_file_new_for_path (folder_path);
    else if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
      folder = g_file_new_for_path (documents);
    if (folder != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  }

  name = suggested_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpReportsPage *self = UP_REPORTS_PAGE (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, g_variant_get_string (parameter, NULL),
                GDK_CURRENT_TIME);
}

/* Lists to choose from ----------------------------------------------------- */

/* Each list of academies starts from all of them. */
static void
academies_loaded_cb (UpReportsPage *self)
{
  adw_combo_row_set_selected (self->academy_row, 0);
}

static void
batches_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  UpReportsPage *self;
  g_autoptr(PGresult) batches = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = NULL;

  batches = up_report_list_batches_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_REPORTS_PAGE (user_data);
  if (batches == NULL)
    {
      g_debug ("Cannot list the payment batches: %s", error->message);
      return;
    }

  names = gtk_string_list_new (NULL);
  g_array_set_size (self->batch_ids, 0);
  for (int r = 0; r < PQntuples (batches); r++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (batches, r, 0), NULL, 10);

      gtk_string_list_append (names, PQgetvalue (batches, r, 1));
      g_array_append_val (self->batch_ids, id);
    }

  adw_combo_row_set_model (self->batch_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->batch_row, 0);
  update_rows (self);
}

static void
load_lists (UpReportsPage *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  up_academy_choices_reload (self->academies, self->database);
  if (self->database == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  up_report_list_batches_async (self->database, self->load_cancellable, batches_cb, self);
}

/* GObject overrides -------------------------------------------------------- */

static void
up_reports_page_dispose (GObject *object)
{
  UpReportsPage *self = UP_REPORTS_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  up_academy_choices_cancel (self->academies);
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_REPORTS_PAGE);
  g_clear_object (&self->academies);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_reports_page_parent_class)->dispose (object);
}

static void
up_reports_page_finalize (GObject *object)
{
  UpReportsPage *self = UP_REPORTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->writer);
  g_clear_pointer (&self->batch_ids, g_array_unref);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->output_path, g_free);
  g_clear_pointer (&self->writing_path, g_free);

  G_OBJECT_CLASS (up_reports_page_parent_class)->finalize (object);
}

static void
up_reports_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  UpReportsPage *self = UP_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_reports_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  UpReportsPage *self = UP_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      up_reports_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_reports_page_class_init (UpReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_reports_page_dispose;
  object_class->finalize = up_reports_page_finalize;
  object_class->get_property = up_reports_page_get_property;
  object_class->set_property = up_reports_page_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, year_row);
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, quarter_row);
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, to_row);
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, academy_row);
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, batch_row);
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, full_ids_switch);
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, UpReportsPage, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);

  gtk_widget_class_install_action (widget_class, "reports.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "reports.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "reports.open", "s", open_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reports");
}

static void
up_reports_page_init (UpReportsPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) years = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->academies = up_academy_choices_new ();
  g_signal_connect_object (self->academies, "loaded", G_CALLBACK (academies_loaded_cb), self, G_CONNECT_SWAPPED);
  adw_combo_row_set_model (self->academy_row, G_LIST_MODEL (self->academies));
  self->batch_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->years = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < UP_N_REPORTS; i++)
    gtk_string_list_append (kinds, up_report_kind_to_label (i));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  for (int i = 0; i < N_YEARS; i++)
    {
      int year = g_date_time_get_year (now) - i;
      g_autofree char *text = g_strdup_printf ("%d", year);

      gtk_string_list_append (years, text);
      g_array_append_val (self->years, year);
    }
  adw_combo_row_set_model (self->year_row, G_LIST_MODEL (years));

  update_rows (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_reports_page_new (void)
{
  return g_object_new (UP_TYPE_REPORTS_PAGE, NULL);
}

UpDatabase *
up_reports_page_get_database (UpReportsPage *self)
{
  g_return_val_if_fail (UP_IS_REPORTS_PAGE (self), NULL);

  return self->database;
}

void
up_reports_page_set_database (UpReportsPage *self,
                              UpDatabase    *db)
{
  g_return_if_fail (UP_IS_REPORTS_PAGE (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  if (self->database == db)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->database, db);
  load_lists (self);
  update_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

gboolean
up_reports_page_is_running (UpReportsPage *self)
{
  g_return_val_if_fail (UP_IS_REPORTS_PAGE (self), FALSE);

  return self->running;
}

void
up_reports_page_set_output_path (UpReportsPage *self,
                                 const char    *path)
{
  g_return_if_fail (UP_IS_REPORTS_PAGE (self));

  g_free (self->output_path);
  self->output_path = g_strdup (path);
}
