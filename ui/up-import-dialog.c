/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "up-academy.h"
#include "up-course.h"
#include "up-error.h"
#include "up-id-number.h"
#include "up-import-dialog.h"
#include "up-import-template.h"
#include "up-money.h"
#include "up-payment-batch.h"
#include "up-ui-resources.h"

/* The file is read on a worker thread twice: for the preview (the header
 * and a few rows, with the mapping guessed), then for the import itself,
 * which runs on a connection of its own so that the window's connection
 * stays free for the lists.  Cancel is a rollback: nothing is written. */

#define PREVIEW_ROWS    8
#define PREVIEW_COLUMNS 60

struct _UpImportDialog
{
  AdwWindow             parent_instance;

  UpDatabase           *database;
  UpImportKind          kind;
  GCancellable         *cancellable;          /* every job; cancelled on dispose */
  GCancellable         *import_cancellable;   /* the import under way */
  GFile                *file;
  UpImport             *import;               /* the file previewed */
  UpImportSummary      *summary;
  GPtrArray            *dropdowns;            /* a GtkDropDown per file column */
  GArray               *course_ids;           /* gint64 per course_row position */
  GArray               *certificate_academy_ids;  /* gint64 per certificate_academy_row position */
  GArray               *batch_ids;            /* gint64 per batch_row position */
  GtkFileChooserNative *chooser;
  guint                 n_jobs;
  guint                 filling_sheets : 1;

  /* Template widgets */
  GtkDropDown          *kind_dropdown;
  AdwStatusPage        *choose_page;
  AdwComboRow          *certificate_academy_row;
  AdwEntryRow          *issuer_row;
  AdwComboRow          *batch_row;
  GtkWidget            *update_row;
  GtkWidget            *valid_only_row;
  GtkWidget            *import_button;
  GtkSpinner           *spinner;
  GtkRevealer          *message_revealer;
  GtkLabel             *message_label;
  GtkStack             *stack;
  AdwActionRow         *file_row;
  AdwComboRow          *sheet_row;
  GtkGrid              *preview_grid;
  AdwComboRow          *academy_row;
  AdwComboRow          *course_row;
  GtkSwitch            *update_switch;
  GtkSwitch            *valid_only_switch;
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *result_page;
  GtkWidget            *rejects_button;
};

G_DEFINE_FINAL_TYPE (UpImportDialog, up_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_BUSY,
  N_PROPS
};

enum {
  IMPORTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Auxiliary methods -------------------------------------------------------- */

static void
show_message (UpImportDialog *self,
              const char     *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static gboolean
mapping_is_complete (UpImportDialog *self)
{
  const UpImportColumn *columns;
  guint n;

  if (self->import == NULL || self->dropdowns == NULL)
    return FALSE;

  columns = up_import_kind_get_columns (self->kind, &n);
  for (guint c = 0; c < n; c++)
    {
      gboolean found = FALSE;

      if (!columns[c].required)
        continue;
      for (guint i = 0; i < self->dropdowns->len && !found; i++)
        found = gtk_drop_down_get_selected (g_ptr_array_index (self->dropdowns, i)) == c + 1;
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static void
update_actions (UpImportDialog *self)
{
  gboolean busy = self->n_jobs > 0;
  gboolean previewing = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "preview") == 0;
  gboolean importing = self->import_cancellable != NULL;
  gboolean options = FALSE;

  switch (self->kind)
    {
    case UP_IMPORT_TRAINEES:
      options = adw_combo_row_get_selected_item (self->academy_row) != NULL;
      break;
    case UP_IMPORT_CERTIFICATES:
      options = TRUE;
      break;
    case UP_IMPORT_PAYMENTS:
      options = adw_combo_row_get_selected (self->batch_row) < self->batch_ids->len;
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run",
                                 previewing && !busy && mapping_is_complete (self) && options);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), !importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !busy && !importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.save-template", !importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.open-rejects",
                                 self->summary != NULL && self->summary->reject_path != NULL);
  gtk_widget_set_visible (self->import_button, previewing);
}

static void
job_begin (UpImportDialog *self)
{
  if (self->n_jobs++ == 0)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  update_actions (self);
}

static void
job_end (UpImportDialog *self)
{
  g_return_if_fail (self->n_jobs > 0);

  if (--self->n_jobs == 0)
    {
      gtk_spinner_set_spinning (self->spinner, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  update_actions (self);
}

static void
clear_grid (UpImportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid))) != NULL)
    gtk_grid_remove (self->preview_grid, child);
  g_clear_pointer (&self->dropdowns, g_ptr_array_unref);
}

static GtkWidget *
cell_label (const char *text,
            gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

/* The preview is for telling columns apart: ID numbers and phones show
 * masked, as everywhere the full value is not needed. */
static GtkWidget *
preview_cell (const char *text)
{
  g_autofree char *masked = NULL;

  if (up_id_number_check (text, NULL) == UP_ID_NUMBER_OK)
    {
      g_autofree char *normalized = up_id_number_normalize (text);

      masked = up_id_number_mask (normalized);
    }
  else if (up_phone_is_valid (text))
    masked = up_phone_mask (text);

  return cell_label (masked != NULL ? masked : text, FALSE);
}

static void mapping_changed_cb (UpImportDialog *self);

/* The preview's cells are the file's: made here, as the file has them. */
static void
fill_preview (UpImportDialog *self)
{
  const char * const *headers = up_import_get_headers (self->import);
  GPtrArray *rows = up_import_get_preview_rows (self->import);
  const UpImportColumn *columns;
  const int *mapping;
  guint n_columns, n_headers = 0;
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

  clear_grid (self);
  self->dropdowns = g_ptr_array_new ();

  /* Translators: a column of the file that is left out of the import */
  gtk_string_list_append (choices, _("Not imported"));
  columns = up_import_kind_get_columns (self->kind, &n_columns);
  for (guint c = 0; c < n_columns; c++)
    gtk_string_list_append (choices, up_import_column_get_label (&columns[c]));

  mapping = up_import_get_mapping (self->import, &n_headers);
  for (guint i = 0; i < MIN (n_headers, (guint) PREVIEW_COLUMNS); i++)
    {
      GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (choices)), NULL);
      g_autofree char *name = g_strdup_printf ("import-column-%u", i);

      gtk_widget_set_name (dropdown, name);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), (guint) (mapping[i] + 1));
      g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (mapping_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_grid_attach (self->preview_grid, dropdown, (int) i, 0, 1, 1);
      gtk_grid_attach (self->preview_grid, cell_label (headers[i], TRUE), (int) i, 1, 1, 1);
      g_ptr_array_add (self->dropdowns, dropdown);

      for (guint r = 0; rows != NULL && r < rows->len; r++)
        gtk_grid_attach (self->preview_grid, preview_cell (up_row_get_cell (g_ptr_array_index (rows, r), i)),
                         (int) i, (int) r + 2, 1, 1);
    }
}

static void
fill_sheets (UpImportDialog *self)
{
  const char * const *sheets = up_import_get_sheet_names (self->import);
  g_autoptr(GtkStringList) model = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->sheet_row), sheets != NULL);
  if (sheets == NULL)
    return;

  self->filling_sheets = TRUE;
  model = gtk_string_list_new (sheets);
  adw_combo_row_set_model (self->sheet_row, G_LIST_MODEL (model));
  self->filling_sheets = FALSE;
}

/* Preview ------------------------------------------------------------------- */

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  UpImport *import = task_data;
  GError *error = NULL;

  if (up_import_load_preview (import, PREVIEW_ROWS, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (object);
  UpImport *import = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      job_end (self);
      show_message (self, error->message);
      return;
    }
  job_end (self);

  g_set_object (&self->import, import);
  fill_preview (self);
  if (up_import_get_sheet_names (import) != NULL && !gtk_widget_get_visible (GTK_WIDGET (self->sheet_row)))
    fill_sheets (self);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  if (!mapping_is_complete (self))
    {
      const UpImportColumn *columns;
      g_autoptr(GString) needed = g_string_new (NULL);
      g_autofree char *message = NULL;
      guint n;

      columns = up_import_kind_get_columns (self->kind, &n);
      for (guint c = 0; c < n; c++)
        if (columns[c].required)
          g_string_append_printf (needed, "%s%s", needed->len > 0 ? _(", ") : "",
                                  up_import_column_get_label (&columns[c]));
      /* Translators: %s lists column names (身份证号, 姓名) */
      message = g_strdup_printf (_("Choose the columns that hold: %s."), needed->str);
      show_message (self, message);
    }
  update_actions (self);
}

static void
load_preview (UpImportDialog *self,
              const char     *sheet)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = g_file_get_path (self->file);
  UpImport *import;

  if (path == NULL)
    {
      show_message (self, _("Only files on this computer can be imported."));
      return;
    }

  show_message (self, NULL);
  import = up_import_new (self->kind, path);
  up_import_set_sheet (import, sheet);

  task = g_task_new (self, self->cancellable, preview_cb, NULL);
  g_task_set_source_tag (task, load_preview);
  g_task_set_task_data (task, import, g_object_unref);
  job_begin (self);
  g_task_run_in_thread (task, preview_thread);
}

/* Callbacks ---------------------------------------------------------------- */

static void
mapping_changed_cb (UpImportDialog *self)
{
  show_message (self, NULL);
  update_actions (self);
}

static void
sheet_changed_cb (UpImportDialog *self)
{
  GtkStringObject *item;

  if (self->filling_sheets || self->file == NULL)
    return;

  item = adw_combo_row_get_selected_item (self->sheet_row);
  if (item != NULL)
    load_preview (self, gtk_string_object_get_string (item));
}

static void
academies_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(UpImportDialog) self = user_data;
  g_autoptr(GListStore) academies = NULL;
  g_autoptr(GError) error = NULL;

  academies = up_academy_list_finish (UP_DATABASE (object), result, &error);
  if (self->database == NULL)
    return;
  job_end (self);

  if (academies == NULL)
    {
      show_message (self, error->message);
      return;
    }
  adw_combo_row_set_model (self->academy_row, G_LIST_MODEL (academies));

  {
    g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
    gint64 none = 0;

    g_array_set_size (self->certificate_academy_ids, 0);
    /* Translators: certificates go to the academy that registered each trainee */
    gtk_string_list_append (names, _("Each Trainee's Own Academy"));
    g_array_append_val (self->certificate_academy_ids, none);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (academies)); i++)
      {
        g_autoptr(UpAcademy) academy = g_list_model_get_item (G_LIST_MODEL (academies), i);
        gint64 id = up_academy_get_id (academy);

        gtk_string_list_append (names, up_academy_get_name (academy));
        g_array_append_val (self->certificate_academy_ids, id);
      }
    adw_combo_row_set_model (self->certificate_academy_row, G_LIST_MODEL (names));
  }
  update_actions (self);
}

static void
batches_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UpImportDialog) self = user_data;
  g_autoptr(GListStore) batches = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  batches = up_payment_batch_list_finish (UP_DATABASE (object), result, &error);
  if (self->database == NULL)
    return;
  job_end (self);

  /* Only an approved batch is paid from the bank's file. */
  g_array_set_size (self->batch_ids, 0);
  for (guint i = 0; batches != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (batches)); i++)
    {
      g_autoptr(UpPaymentBatch) batch = g_list_model_get_item (G_LIST_MODEL (batches), i);
      gint64 id = up_payment_batch_get_id (batch);
      g_autofree char *total = NULL;
      g_autofree char *text = NULL;

      if (up_payment_batch_get_state (batch) != UP_BATCH_STATE_APPROVED)
        continue;
      total = up_money_format (up_payment_batch_get_total_fen (batch));
      /* Translators: a payment batch: its name, number of claims and total (¥1,500.00) */
      text = g_strdup_printf (_("%s (%d claims, %s)"), up_payment_batch_get_name (batch),
                              up_payment_batch_get_n_claims (batch), total);
      gtk_string_list_append (names, text);
      g_array_append_val (self->batch_ids, id);
    }
  adw_combo_row_set_model (self->batch_row, G_LIST_MODEL (names));
  if (batches == NULL)
    show_message (self, error->message);
  else if (self->kind == UP_IMPORT_PAYMENTS && self->batch_ids->len == 0
           && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "result") != 0)
    show_message (self, _("No payment batch is approved: a bank's results are imported for an approved batch."));
  update_actions (self);
}

static void
load_batches (UpImportDialog *self)
{
  if (self->database == NULL)
    return;
  job_begin (self);
  up_payment_batch_list_async (self->database, self->cancellable, batches_cb, g_object_ref (self));
}

static void
courses_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UpImportDialog) self = user_data;
  g_autoptr(GListStore) courses = NULL;
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 none = 0;

  courses = up_course_list_finish (UP_DATABASE (object), result, &error);
  if (self->database == NULL)
    return;
  job_end (self);

  g_array_set_size (self->course_ids, 0);
  /* Translators: import without enrolling into a course */
  gtk_string_list_append (titles, C_("course", "None"));
  g_array_append_val (self->course_ids, none);

  for (guint i = 0; courses != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (courses)); i++)
    {
      g_autoptr(UpCourse) course = g_list_model_get_item (G_LIST_MODEL (courses), i);
      gint64 id = up_course_get_id (course);

      if (up_course_get_status (course) >= UP_COURSE_STATUS_FINISHED)
        continue;
      gtk_string_list_append (titles, up_course_get_title (course));
      g_array_append_val (self->course_ids, id);
    }

  adw_combo_row_set_model (self->course_row, G_LIST_MODEL (titles));
  if (courses == NULL)
    show_message (self, error->message);
}

/* What the dialog shows for each kind: its words and its options. */
static void
apply_kind (UpImportDialog *self)
{
  static const char *titles[] = {
    N_("Import Trainees"), N_("Import Certificates"), N_("Import Payment Results"),
  };
  static const char *choose_titles[] = {
    N_("Import a Roster"), N_("Import Certificates"), N_("Import a Bank's Payment Results"),
  };
  static const char *choose_descriptions[] = {
    N_("A CSV file or an Excel workbook (.xlsx) with a header row: 姓名 (Name) and 身份证号 (ID number), and any "
       "of 手机号, 工作单位, 行业, 工会会员, 学历, 技能等级. Save the template to see how."),
    N_("The list an issuing body sends, as CSV or .xlsx: 身份证号 (ID number), 职业 (occupation), 等级 (level), "
       "证书编号 (certificate number), 发证日期 (issue date), and 发证机构 (issuing body) unless one body issued "
       "them all. Each trainee must be registered; the database computes each certificate's subsidy claim."),
    N_("The bank's return file for one approved batch, as CSV or .xlsx: 身份证号 (ID number) and 结果 (result: "
       "成功 or 失败) or 失败原因 (failure reason), with 金额 (amount) checked when present. It must cover the "
       "whole batch, which is paid all or nothing."),
  };
  gboolean trainees = self->kind == UP_IMPORT_TRAINEES;
  gboolean certificates = self->kind == UP_IMPORT_CERTIFICATES;
  gboolean payments = self->kind == UP_IMPORT_PAYMENTS;

  if (gtk_drop_down_get_selected (self->kind_dropdown) != (guint) self->kind)
    gtk_drop_down_set_selected (self->kind_dropdown, (guint) self->kind);

  gtk_window_set_title (GTK_WINDOW (self), _(titles[self->kind]));
  adw_status_page_set_title (self->choose_page, _(choose_titles[self->kind]));
  adw_status_page_set_description (self->choose_page, _(choose_descriptions[self->kind]));

  gtk_widget_set_visible (GTK_WIDGET (self->academy_row), trainees);
  gtk_widget_set_visible (GTK_WIDGET (self->course_row), trainees);
  gtk_widget_set_visible (self->update_row, trainees);
  gtk_widget_set_visible (GTK_WIDGET (self->certificate_academy_row), certificates);
  gtk_widget_set_visible (GTK_WIDGET (self->issuer_row), certificates);
  gtk_widget_set_visible (GTK_WIDGET (self->batch_row), payments);
  gtk_widget_set_visible (self->valid_only_row, !payments);
}

static void
kind_changed_cb (UpImportDialog *self)
{
  UpImportKind kind = (UpImportKind) gtk_drop_down_get_selected (self->kind_dropdown);

  if (kind >= UP_IMPORT_N_KINDS || kind == self->kind)
    return;
  up_import_dialog_set_kind (self, kind);
}

static void
fraction_cb (UpImportDialog *self,
             GParamSpec     *pspec,
             UpImport       *import)
{
  gtk_progress_bar_set_fraction (self->progress_bar, up_import_get_fraction (import));
}

static char *
summary_text (UpImportKind           kind,
              const UpImportSummary *s,
              gboolean               course)
{
  GString *text = g_string_new (NULL);

  if (kind == UP_IMPORT_CERTIFICATES)
    {
      /* Translators: counts of rows: read, certificates recorded, skipped, rejected */
      g_string_append_printf (text, _("%u rows read: %u certificates imported, %u skipped (already recorded), "
                                      "%u rejected."), s->read, s->imported, s->skipped, s->rejected);
      if (s->committed)
        {
          g_string_append_c (text, '\n');
          /* Translators: counts of subsidy claims the database computed */
          g_string_append_printf (text, _("Claims computed: %u pending review, %u refused by a rule of the scheme."),
                                  s->claims_pending, s->claims_refused);
        }
    }
  else if (kind == UP_IMPORT_PAYMENTS)
    {
      /* Translators: counts of rows of the bank's file: read, rejected */
      g_string_append_printf (text, _("%u rows read, %u rejected."), s->read, s->rejected);
      if (s->committed)
        {
          g_autofree char *amount = up_money_format (s->paid_fen);

          g_string_append_c (text, '\n');
          /* Translators: counts of claims paid and failed, then the amount paid (¥1,500.00) */
          g_string_append_printf (text, _("The batch is paid: %u claims paid, %u failed (returned by the bank); "
                                          "%s paid in all."), s->paid, s->failed, amount);
        }
      else
        {
          g_string_append_c (text, '\n');
          g_string_append (text, _("Nothing was recorded and the batch is still approved: a batch is paid all "
                                   "or nothing. Correct the file and import it again."));
        }
    }

  /* Translators: counts of rows: read, imported, updated, skipped, rejected */
  g_string_append_printf (text, _("%u rows read: %u imported, %u updated, %u skipped (already registered), %u rejected."),
                          s->read, s->imported, s->updated, s->skipped, s->rejected);
  if (kind == UP_IMPORT_TRAINEES && course && s->committed)
    {
      g_string_append_c (text, '\n');
      /* Translators: counts of trainees: given a seat, waitlisted, already in the course */
      g_string_append_printf (text, _("Course: %u enrolled, %u on the waiting list, %u already in the course."),
                              s->enrolled, s->waitlisted, s->already_enrolled);
    }
  if (kind != UP_IMPORT_PAYMENTS && !s->committed)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("Nothing was imported, because rows were rejected. Correct them and import the "
                               "file again, or import the valid rows only."));
    }
  if (s->reject_path != NULL)
    {
      g_autofree char *name = g_path_get_basename (s->reject_path);

      g_string_append_c (text, '\n');
      /* Translators: %s is the name of the file of rejected rows */
      g_string_append_printf (text, _("The rejected rows and why are in “%s”, beside the imported file."), name);
    }
  return g_string_free (text, FALSE);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(UpImportDialog) self = user_data;
  g_autoptr(UpImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = up_import_run_finish (UP_IMPORT (object), result, &error);
  g_signal_handlers_disconnect_by_func (object, fraction_cb, self);
  g_clear_object (&self->import_cancellable);
  if (self->database == NULL)
    return;
  job_end (self);

  if (summary == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "preview");
      show_message (self, error->message);
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->summary, up_import_summary_free);
  self->summary = g_steal_pointer (&summary);

  {
    gboolean course = adw_combo_row_get_selected (self->course_row) > 0;
    g_autofree char *text = summary_text (up_import_get_kind (UP_IMPORT (object)), self->summary, course);

    adw_status_page_set_title (self->result_page,
                               self->summary->committed ? _("Import Complete") : _("Nothing Imported"));
    adw_status_page_set_icon_name (self->result_page,
                                   self->summary->committed ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
    adw_status_page_set_description (self->result_page, text);
  }
  gtk_widget_set_visible (self->rejects_button, self->summary->reject_path != NULL);
  gtk_stack_set_visible_child_name (self->stack, "result");
  update_actions (self);

  if (self->summary->committed)
    {
      /* The batch just paid is no longer one to choose. */
      if (up_import_get_kind (UP_IMPORT (object)) == UP_IMPORT_PAYMENTS)
        load_batches (self);
      g_signal_emit (self, signals[IMPORTED], 0);
    }
}

static void
chooser_response_cb (UpImportDialog       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    up_import_dialog_set_file (self, file);
}

static void
template_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  UpImportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "kind"));

  if (up_import_write_template (kind, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
template_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      job_end (self);
      show_message (self, error->message);
      return;
    }
  job_end (self);
}

static void
template_response_cb (UpImportDialog       *self,
                      int                   response,
                      GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  char *path;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  task = g_task_new (self, self->cancellable, template_cb, NULL);
  g_task_set_source_tag (task, template_response_cb);
  g_task_set_task_data (task, path, g_free);
  g_object_set_data (G_OBJECT (task), "kind", GINT_TO_POINTER (self->kind));
  job_begin (self);
  g_task_run_in_thread (task, template_thread);
}

/* Actions ------------------------------------------------------------------ */

static GtkFileChooserNative *
new_chooser (UpImportDialog       *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept)
{
  g_autoptr(GtkFileFilter) rosters = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: a file filter */
  gtk_file_filter_set_name (rosters, _("Rosters (CSV, Excel)"));
  gtk_file_filter_add_suffix (rosters, "csv");
  gtk_file_filter_add_suffix (rosters, "txt");
  gtk_file_filter_add_suffix (rosters, "xlsx");
  gtk_file_filter_add_mime_type (rosters, "text/csv");
  gtk_file_filter_add_mime_type (rosters, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), rosters);
  return chooser;
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = new_chooser (self, _("Choose a Roster"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_template_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = new_chooser (self, _("Save Template"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  if (self->kind == UP_IMPORT_CERTIFICATES)
    /* Translators: the file name offered for the certificates template; keep .xlsx */
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("certificates-template.xlsx"));
  else if (self->kind == UP_IMPORT_PAYMENTS)
    /* Translators: the file name offered for the bank's results template; keep .xlsx */
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("payment-results-template.xlsx"));
  else
    /* Translators: the file name offered for the import template; keep .xlsx */
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("trainee-roster-template.xlsx"));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (template_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (widget);
  g_autofree int *mapping = NULL;
  UpAcademy *academy;
  guint course;

  if (self->import == NULL || self->import_cancellable != NULL || self->database == NULL)
    return;

  mapping = g_new (int, MAX (self->dropdowns->len, 1));
  for (guint i = 0; i < self->dropdowns->len; i++)
    mapping[i] = (int) gtk_drop_down_get_selected (g_ptr_array_index (self->dropdowns, i)) - 1;
  up_import_set_mapping (self->import, mapping, self->dropdowns->len);

  academy = adw_combo_row_get_selected_item (self->academy_row);
  course = adw_combo_row_get_selected (self->course_row);
  up_import_set_academy_id (self->import, academy != NULL ? up_academy_get_id (academy) : 0);
  up_import_set_course_id (self->import, course < self->course_ids->len
                                         ? g_array_index (self->course_ids, gint64, course) : 0);
  up_import_set_update_existing (self->import, gtk_switch_get_active (self->update_switch));
  up_import_set_valid_only (self->import, gtk_switch_get_active (self->valid_only_switch));
  if (self->kind == UP_IMPORT_CERTIFICATES)
    {
      guint position = adw_combo_row_get_selected (self->certificate_academy_row);
      const char *issuer = gtk_editable_get_text (GTK_EDITABLE (self->issuer_row));

      up_import_set_academy_id (self->import, position < self->certificate_academy_ids->len
                                              ? g_array_index (self->certificate_academy_ids, gint64, position) : 0);
      up_import_set_course_id (self->import, 0);
      up_import_set_issuer (self->import, issuer[0] != '\0' ? issuer : NULL);
    }
  else if (self->kind == UP_IMPORT_PAYMENTS)
    {
      guint position = adw_combo_row_get_selected (self->batch_row);

      if (position >= self->batch_ids->len)
        return;
      up_import_set_batch_id (self->import, g_array_index (self->batch_ids, gint64, position));
      up_import_set_course_id (self->import, 0);
    }

  show_message (self, NULL);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  self->import_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->import, "notify::fraction", G_CALLBACK (fraction_cb), self, G_CONNECT_SWAPPED);
  job_begin (self);
  up_import_run_async (self->import, up_database_get_conninfo (self->database), self->import_cancellable,
                       run_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (widget);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

static void
open_rejects_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (widget);
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;

  if (self->summary == NULL || self->summary->reject_path == NULL)
    return;

  file = g_file_new_for_path (self->summary->reject_path);
  uri = g_file_get_uri (file);
  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    show_message (self, error->message);
}

/* GObject overrides -------------------------------------------------------- */

static gboolean
up_import_dialog_close_request (GtkWindow *window)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (window);

  /* Closing during an import cancels it: nothing is written. */
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);

  return GTK_WINDOW_CLASS (up_import_dialog_parent_class)->close_request (window);
}

static void
up_import_dialog_constructed (GObject *object)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (object);
  UpCourseFilter filter;

  G_OBJECT_CLASS (up_import_dialog_parent_class)->constructed (object);

  if (self->database != NULL)
    {
      up_course_filter_init (&filter);
      filter.limit = 500;
      job_begin (self);
      up_academy_list_async (self->database, self->cancellable, academies_cb, g_object_ref (self));
      job_begin (self);
      up_course_list_async (self->database, &filter, self->cancellable, courses_cb, g_object_ref (self));
    }
}

static void
up_import_dialog_dispose (GObject *object)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  clear_grid (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->database);
  g_clear_object (&self->import);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (up_import_dialog_parent_class)->dispose (object);
}

static void
up_import_dialog_finalize (GObject *object)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->summary, up_import_summary_free);
  g_array_unref (self->course_ids);
  g_array_unref (self->certificate_academy_ids);
  g_array_unref (self->batch_ids);

  G_OBJECT_CLASS (up_import_dialog_parent_class)->finalize (object);
}

static void
up_import_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, up_import_dialog_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_import_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  UpImportDialog *self = UP_IMPORT_DIALOG (object);

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
up_import_dialog_class_init (UpImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = up_import_dialog_constructed;
  object_class->dispose = up_import_dialog_dispose;
  object_class->finalize = up_import_dialog_finalize;
  object_class->get_property = up_import_dialog_get_property;
  object_class->set_property = up_import_dialog_set_property;
  window_class->close_request = up_import_dialog_close_request;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * UpImportDialog::imported:
   *
   * An import was committed: lists of trainees and rosters are stale.
   */
  signals[IMPORTED] =
    g_signal_new ("imported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  (void) up_ui_get_resource ();
  g_type_ensure (UP_TYPE_ACADEMY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, choose_page);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, certificate_academy_row);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, batch_row);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, update_row);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, valid_only_row);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, sheet_row);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, academy_row);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, course_row);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, update_switch);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, valid_only_switch);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, UpImportDialog, rejects_button);
  gtk_widget_class_bind_template_callback (widget_class, sheet_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.save-template", NULL, save_template_action);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.open-rejects", NULL, open_rejects_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "import.choose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
up_import_dialog_init (UpImportDialog *self)
{
  g_autoptr(GtkExpression) academy_name = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->course_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->certificate_academy_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->batch_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->kind = UP_IMPORT_TRAINEES;

  academy_name = gtk_property_expression_new (UP_TYPE_ACADEMY, NULL, "name");
  adw_combo_row_set_expression (self->academy_row, academy_name);

  gtk_stack_set_visible_child_name (self->stack, "choose");
  apply_kind (self);
  update_actions (self);
}

/* Public API --------------------------------------------------------------- */

UpImportDialog *
up_import_dialog_new (GtkWindow  *parent,
                      UpDatabase *database)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (UP_IS_DATABASE (database), NULL);

  return g_object_new (UP_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       "database", database,
                       NULL);
}

void
up_import_dialog_set_file (UpImportDialog *self,
                           GFile          *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (UP_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  g_clear_object (&self->import);
  g_clear_pointer (&self->summary, up_import_summary_free);
  gtk_widget_set_visible (GTK_WIDGET (self->sheet_row), FALSE);

  name = g_file_get_basename (file);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
  load_preview (self, NULL);
}

void
up_import_dialog_set_kind (UpImportDialog *self,
                           UpImportKind    kind)
{
  g_return_if_fail (UP_IS_IMPORT_DIALOG (self));
  g_return_if_fail ((guint) kind < UP_IMPORT_N_KINDS);

  if (self->kind == kind && gtk_drop_down_get_selected (self->kind_dropdown) == (guint) kind)
    return;
  self->kind = kind;
  apply_kind (self);
  show_message (self, NULL);
  if (kind == UP_IMPORT_PAYMENTS)
    load_batches (self);

  /* Another kind reads other columns: the file's preview again. */
  if (self->file != NULL && self->import_cancellable == NULL)
    {
      GtkStringObject *sheet = gtk_widget_get_visible (GTK_WIDGET (self->sheet_row))
                               ? adw_combo_row_get_selected_item (self->sheet_row) : NULL;

      g_clear_object (&self->import);
      load_preview (self, sheet != NULL ? gtk_string_object_get_string (sheet) : NULL);
    }
  update_actions (self);
}

UpImportKind
up_import_dialog_get_kind (UpImportDialog *self)
{
  g_return_val_if_fail (UP_IS_IMPORT_DIALOG (self), UP_IMPORT_TRAINEES);

  return self->kind;
}

gboolean
up_import_dialog_get_busy (UpImportDialog *self)
{
  g_return_val_if_fail (UP_IS_IMPORT_DIALOG (self), FALSE);

  return self->n_jobs > 0;
}

const UpImportSummary *
up_import_dialog_get_summary (UpImportDialog *self)
{
  g_return_val_if_fail (UP_IS_IMPORT_DIALOG (self), NULL);

  return self->summary;
}
