/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "up-payment-batch.h"
#include "up-pg.h"
#include "up-subsidies-page.h"
#include "up-subsidy-list.h"
#include "up-subsidy-scheme-dialog.h"
#include "up-subsidy.h"
#include "up-test-course-data.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"
#include "up-import-dialog.h"
#include "up-window.h"

/* The Subsidies page in the real window on a database of its own holding a
 * few claims: approve, reject with a reason, and a payment batch made,
 * filled and submitted, each through the page's actions and dialogs, and
 * checked in the database and in the totals the page shows. */

typedef struct
{
  char            *conninfo;
  PGconn          *conn;
  UpDatabase      *db;
  UpWindow        *window;
  UpSubsidiesPage *page;
  gint64           academy;
  gint64           claims[3];
} Fixture;

/* 700.01, 1,000.50 and 1,500 yuan. */
static const gint64 amounts[3] = { 70001, 100050, 150000 };

/* Helpers ------------------------------------------------------------------ */

typedef gboolean (*Condition) (gpointer data);

#define wait_until(condition, data) wait_until_at (condition, data, G_STRLOC)

static void
wait_until_at (Condition   condition,
               gpointer    data,
               const char *where)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%s: timed out waiting", where);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  up_test_drain_main_context ();
}

static gboolean
page_idle (gpointer data)
{
  return !up_subsidies_page_is_busy (data);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gpointer found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          g_assert_null (found);
          found = window;
        }
    }

  g_assert_nonnull (found);
  return found;
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  gpointer weak = dialog;

  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  /* What a click on the response's button does: respond, then close. */
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_until (pointer_cleared, &weak);
}

static char *
claim_text (Fixture    *f,
            const char *column,
            gint64      id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s::text, '') FROM subsidies WHERE id = $1", column);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *params[] = { id_text };
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = up_pg_exec (f->conn, sql, 1, params, &error);

  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetvalue (result, 0, 0));
}

/* The position of claim @id in the list shown, or a test error. */
static guint
position_of (Fixture *f,
             gint64   id)
{
  UpSubsidyList *list = UP_SUBSIDY_LIST (up_subsidies_page_get_claims (f->page));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    if (up_subsidy_list_get_id_at (list, i) == id)
      return i;
  g_error ("claim %" G_GINT64_FORMAT " is not shown", id);
}

static void
select_claims (Fixture      *f,
               const gint64 *ids,
               guint         n)
{
  GtkSelectionModel *selection = up_subsidies_page_get_claim_selection (f->page);

  gtk_selection_model_unselect_all (selection);
  for (guint i = 0; i < n; i++)
    gtk_selection_model_select_item (selection, position_of (f, ids[i]), FALSE);
  wait_until (page_idle, f->page);
}

static gboolean
label_holds (GtkWidget  *label,
             const char *text)
{
  return strstr (gtk_label_get_label (GTK_LABEL (label)), text) != NULL;
}

/* Fixture ------------------------------------------------------------------ */

static gint64
add_claim (Fixture *f,
           guint    n,
           int      level)
{
  g_autoptr(GError) error = NULL;
  gint64 trainee = test_trainee (f->conn, f->academy, n);
  g_autofree char *academy = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy);
  g_autofree char *trainee_text = g_strdup_printf ("%" G_GINT64_FORMAT, trainee);
  g_autofree char *level_text = g_strdup_printf ("%d", level);
  g_autofree char *number = g_strdup_printf ("GUI%03u", n);
  const char *params[] = { academy, trainee_text, level_text, number };
  gint64 certification = 0;
  g_autofree char *c = NULL;

  up_pg_query_int64 (f->conn,
                     "INSERT INTO certifications (academy_id, trainee_id, kind, occupation, skill_level, "
                     "                            certificate_no, issuing_body, issued_on) "
                     "VALUES ($1, $2, 'skill_level', '焊工', $3::smallint, $4, '重庆市职业技能鉴定中心', "
                     "        current_date - 20) RETURNING id",
                     4, params, &certification, &error);
  g_assert_no_error (error);
  c = g_strdup_printf ("%" G_GINT64_FORMAT, certification);
  return test_query_int (f->conn, "SELECT id FROM subsidies WHERE certification_id = $1", c);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const int levels[3] = { 5, 4, 3 };

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  f->academy = test_academy (f->conn, "CQ-WELD");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *l = g_strdup_printf ("%d", levels[i]);
      g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, amounts[i]);
      const char *params[] = { l, amount };

      up_pg_command (f->conn,
                     "INSERT INTO subsidy_policies (name, kind, skill_level, amount_fen, valid_from) "
                     "VALUES ('技能等级 ' || $1, 'skill_level', $1::smallint, $2::bigint, '2020-01-01')",
                     2, params, &error);
      g_assert_no_error (error);
      /* One trainee each: the rules compare a trainee's own claims. */
      f->claims[i] = add_claim (f, i + 1, levels[i]);
    }

  f->db = up_database_new (f->conninfo);
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);

  f->window = g_object_ref (up_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  f->page = UP_SUBSIDIES_PAGE (up_test_get_widget (f->window, "subsidies-page"));
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  up_window_set_database (f->window, f->db);
  up_window_set_page (f->window, "subsidies");
  wait_until (page_idle, f->page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (g_steal_pointer (&f->window));
  up_test_drain_main_context ();

  up_test_pg_close_database (g_steal_pointer (&f->db));

  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

/* Tests -------------------------------------------------------------------- */

static void
test_approve_changes_totals (Fixture       *f,
                             gconstpointer  data)
{
  GtkWidget *filter_label = up_test_get_widget (f->page, "subsidies-filter-total");
  GtkWidget *selection_label = up_test_get_widget (f->page, "subsidies-selection-total");
  g_autofree char *state = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (up_subsidies_page_get_claims (f->page)), ==, 3);
  /* 700.01 + 1,000.50 + 1,500.00 */
  g_assert_true (label_holds (filter_label, "3 claims"));
  g_assert_true (label_holds (filter_label, "3,200.51"));

  /* Only the pending ones. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (up_test_get_widget (f->page, "subsidies-state-filter")),
                              1 + UP_SUBSIDY_STATE_PENDING);
  wait_until (page_idle, f->page);
  g_assert_true (label_holds (filter_label, "3 claims"));

  select_claims (f, &f->claims[1], 1);
  g_assert_true (label_holds (selection_label, "1 claim"));
  g_assert_true (label_holds (selection_label, "1,000.50"));
  /* The claim shown beside the list, with its rule trail. */
  g_assert_true (label_holds (up_test_get_widget (f->page, "subsidies-detail-title"), "学员2"));
  g_assert_nonnull (gtk_widget_get_first_child (up_test_get_widget (f->page, "subsidies-rule-trail")));
  g_assert_nonnull (gtk_widget_get_first_child (up_test_get_widget (f->page, "subsidies-history")));
  g_assert_nonnull (gtk_widget_get_first_child (up_test_get_widget (f->page, "subsidies-trainee-history")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.approve", NULL));
  wait_until (page_idle, f->page);

  state = claim_text (f, "state", f->claims[1]);
  g_assert_cmpstr (state, ==, "approved");
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "1 of 1"));
  /* The filter's count and total follow, the selection is gone. */
  g_assert_cmpuint (g_list_model_get_n_items (up_subsidies_page_get_claims (f->page)), ==, 2);
  g_assert_true (label_holds (filter_label, "2 claims"));
  g_assert_true (label_holds (filter_label, "2,200.01"));
  g_assert_true (label_holds (selection_label, "0 claims"));
}

/* From a trainee (win.show-subsidies): that trainee's claims only, until
 * Show All. */
static void
test_one_trainee (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *trainee = claim_text (f, "trainee_id", f->claims[2]);
  GtkWidget *filter_label = up_test_get_widget (f->page, "subsidies-filter-total");

  up_window_set_page (f->window, "overview");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-subsidies", "x",
                                             g_ascii_strtoll (trainee, NULL, 10)));
  wait_until (page_idle, f->page);
  g_assert_cmpstr (up_window_get_page (f->window), ==, "subsidies");
  g_assert_cmpuint (g_list_model_get_n_items (up_subsidies_page_get_claims (f->page)), ==, 1);
  g_assert_true (label_holds (filter_label, "1 claim"));
  g_assert_true (label_holds (filter_label, "1,500.00"));
  g_assert_true (gtk_widget_is_visible (up_test_get_widget (f->page, "subsidies-trainee")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.all-trainees", NULL));
  wait_until (page_idle, f->page);
  g_assert_cmpuint (g_list_model_get_n_items (up_subsidies_page_get_claims (f->page)), ==, 3);
}

static const char *
academy_chosen (Fixture *f)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (up_test_get_widget (f->page, "subsidies-academy-filter"));
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static void
choose_academy (Fixture    *f,
                const char *label)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (up_test_get_widget (f->page, "subsidies-academy-filter"));
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          wait_until (page_idle, f->page);
          return;
        }
    }
  g_error ("No “%s” in the academy filter", label);
}

/* The claims of one academy; read again (Ctrl+R), the academies keep the
 * one chosen, at its new row. */
static void
test_one_academy (Fixture       *f,
                  gconstpointer  data)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (up_test_get_widget (f->page, "subsidies-academy-filter"));
  GtkWidget *filter_label = up_test_get_widget (f->page, "subsidies-filter-total");
  guint position;

  choose_academy (f, "工匠学院 CQ-WELD");
  g_assert_true (label_holds (filter_label, "3 claims"));
  position = gtk_drop_down_get_selected (dropdown);

  /* A new academy comes first. */
  test_academy (f->conn, "AA-NEW");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.reload", NULL));
  wait_until (page_idle, f->page);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, position + 1);
  g_assert_cmpstr (academy_chosen (f), ==, "工匠学院 CQ-WELD");
  g_assert_true (label_holds (filter_label, "3 claims"));

  choose_academy (f, "工匠学院 AA-NEW");
  g_assert_cmpuint (g_list_model_get_n_items (up_subsidies_page_get_claims (f->page)), ==, 0);
  g_assert_true (label_holds (filter_label, "0 claims"));
  choose_academy (f, "All academies");
  g_assert_cmpuint (g_list_model_get_n_items (up_subsidies_page_get_claims (f->page)), ==, 3);
}

/* Bank Results… opens the import dialog on payment results. */
static void
test_bank_results_open_the_import (Fixture       *f,
                                   gconstpointer  data)
{
  UpImportDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.import-results", NULL));
  dialog = find_toplevel (UP_TYPE_IMPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpint (up_import_dialog_get_kind (dialog), ==, UP_IMPORT_PAYMENTS);
  gtk_window_destroy (GTK_WINDOW (dialog));
  up_test_drain_main_context ();
}

static void
test_reject_asks_reason (Fixture       *f,
                         gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autofree char *state = NULL;
  g_autofree char *reason = NULL;

  select_claims (f, f->claims, 2);
  g_assert_true (label_holds (up_test_get_widget (f->page, "subsidies-selection-total"), "1,700.51"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.reject", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  /* No reason, no rejection. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  up_test_set_text (dialog, "subsidies-reason-entry", "证书信息与本人不符");
  respond (dialog, "confirm");
  wait_until (page_idle, f->page);

  state = claim_text (f, "state", f->claims[0]);
  g_assert_cmpstr (state, ==, "rejected");
  reason = claim_text (f, "reason", f->claims[1]);
  g_assert_cmpstr (reason, ==, "证书信息与本人不符");
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "2 of 2"));
}

static void
test_batch_create_add_submit (Fixture       *f,
                              gconstpointer  data)
{
  GListModel *batches = up_subsidies_page_get_batches (f->page);
  AdwMessageDialog *dialog;
  g_autoptr(UpPaymentBatch) batch = NULL;
  g_autofree char *batch_id = NULL;

  /* Two approved through the page, one left pending. */
  select_claims (f, f->claims, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.approve", NULL));
  wait_until (page_idle, f->page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.new", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  up_test_set_text (dialog, "subsidies-batch-name", "2025年第1批");
  up_test_set_text (dialog, "subsidies-batch-budget", "5,000.00");
  respond (dialog, "create");
  wait_until (page_idle, f->page);
  g_assert_cmpuint (g_list_model_get_n_items (batches), ==, 1);
  batch = g_list_model_get_item (batches, 0);
  g_assert_cmpstr (up_payment_batch_get_name (batch), ==, "2025年第1批");
  g_assert_cmpint (up_payment_batch_get_budget_fen (batch), ==, 500000);

  /* Every claim selected: the approved ones go in. */
  gtk_selection_model_select_all (up_subsidies_page_get_claim_selection (f->page));
  wait_until (page_idle, f->page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.add-to-batch", "x",
                                             up_payment_batch_get_id (batch)));
  wait_until (page_idle, f->page);
  batch_id = g_strdup_printf ("%" G_GINT64_FORMAT, up_payment_batch_get_id (batch));
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM subsidies WHERE batch_id = $1", batch_id),
                   ==, 2);
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "2 claims added"));

  /* Submit the batch selected in the list of batches. */
  gtk_stack_set_visible_child_name (GTK_STACK (up_test_get_widget (f->page, "subsidies-view-stack")), "batches");
  gtk_selection_model_select_item (up_subsidies_page_get_batch_selection (f->page), 0, TRUE);
  wait_until (page_idle, f->page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.submit", NULL));
  wait_until (page_idle, f->page);
  {
    g_autofree char *state = NULL;
    g_autoptr(UpPaymentBatch) now = g_list_model_get_item (batches, 0);

    g_assert_cmpint (up_payment_batch_get_state (now), ==, UP_BATCH_STATE_SUBMITTED);
    g_assert_cmpint (up_payment_batch_get_n_claims (now), ==, 2);
    g_assert_cmpint (up_payment_batch_get_total_fen (now), ==, amounts[0] + amounts[1]);
    state = claim_text (f, "payee_name", f->claims[0]);
    g_assert_cmpstr (state, ==, "学员1");
  }
  /* The batch's history is shown. */
  g_assert_nonnull (gtk_widget_get_first_child (up_test_get_widget (f->page, "subsidies-batch-history")));
}

static gboolean
scheme_dialog_idle (gpointer data)
{
  return !up_subsidy_scheme_dialog_is_busy (data);
}

static void
test_scheme_dialog_saves_and_recomputes (Fixture       *f,
                                         gconstpointer  data)
{
  UpSubsidySchemeDialog *dialog;
  gpointer weak;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.edit-scheme", NULL));
  dialog = find_toplevel (UP_TYPE_SUBSIDY_SCHEME_DIALOG);
  wait_until (scheme_dialog_idle, dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  /* 焊工 becomes a shortage occupation: +20 % on the pending claims. */
  up_test_set_text (dialog, "scheme-new-occupation", "焊工");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scheme.add-occupation", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scheme.save", NULL));
  wait_until (scheme_dialog_idle, dialog);
  g_assert_cmpint (test_query_int (f->conn, "SELECT uplift_percent FROM shortage_occupations "
                                            "WHERE occupation = '焊工'", NULL), ==, 20);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scheme.recompute", NULL));
  wait_until (scheme_dialog_idle, dialog);
  g_assert_nonnull (strstr (up_subsidy_scheme_dialog_get_last_message (dialog), "3 claims changed"));
  {
    g_autofree char *amount = claim_text (f, "amount_fen", f->claims[0]);

    /* 700.01 × 1.2 = 840.012, half up to the fen. */
    g_assert_cmpstr (amount, ==, "84001");
  }

  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_until (pointer_cleared, &weak);
  wait_until (page_idle, f->page);
  /* The page loaded the new amounts. */
  g_assert_true (label_holds (up_test_get_widget (f->page, "subsidies-filter-total"), "3,840.61"));
}

/* Concurrent edits ------------------------------------------------------------ */

/* @sql with @param as $1 on a connection of its own: another manager. */
static void
other_manager (Fixture    *f,
               const char *sql,
               const char *param)
{
  PGconn *other = PQconnectdb (f->conninfo);
  const char *params[] = { param };
  PGresult *result;

  g_assert_cmpint (PQstatus (other), ==, CONNECTION_OK);
  result = PQexecParams (other, sql, param != NULL ? 1 : 0, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (other);
}

static const char *
entry_text (gpointer    root,
            const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (root, name)));
}

static UpSubsidySchemeDialog *
open_scheme_dialog (Fixture *f)
{
  UpSubsidySchemeDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.edit-scheme", NULL));
  dialog = find_toplevel (UP_TYPE_SUBSIDY_SCHEME_DIALOG);
  wait_until (scheme_dialog_idle, dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  /* The fixture's rates, highest amount first: levels 5, 4, 3. */
  g_assert_true (strstr (entry_text (dialog, "scheme-rate-amount-0"), "700.01") != NULL);
  g_assert_true (strstr (entry_text (dialog, "scheme-rate-amount-1"), "1,000.50") != NULL);
  return dialog;
}

static void
close_scheme_dialog (UpSubsidySchemeDialog *dialog)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_until (pointer_cleared, &weak);
}

/* Saved in the dialog after another manager changed a rate: the dialog
 * names the rates, and Save Anyway saves the form's values, that rate's
 * included. */
static void
test_scheme_conflict_save_anyway (Fixture       *f,
                                  gconstpointer  data)
{
  UpSubsidySchemeDialog *dialog = open_scheme_dialog (f);
  AdwMessageDialog *conflict;

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (up_test_get_widget (dialog, "scheme-claim-window")), 24);
  up_test_set_text (dialog, "scheme-rate-amount-0", "800.00");
  other_manager (f, "UPDATE subsidy_policies SET amount_fen = 88800 WHERE skill_level = 4", NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scheme.save", NULL));
  wait_until (scheme_dialog_idle, dialog);
  conflict = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (conflict));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (conflict)), ==, "scheme-conflict-dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (conflict), ": Rates (1 changed)."));
  g_assert_nonnull (strstr (up_subsidy_scheme_dialog_get_last_message (dialog), "Rates (1 changed)"));
  /* Nothing of mine is saved yet. */
  g_assert_cmpint (test_query_int (f->conn, "SELECT claim_window_months FROM subsidy_schemes", NULL), ==, 12);
  g_assert_cmpint (test_query_int (f->conn, "SELECT amount_fen FROM subsidy_policies WHERE skill_level = 5", NULL),
                   ==, amounts[0]);

  respond (conflict, "overwrite");
  wait_until (scheme_dialog_idle, dialog);
  g_assert_cmpint (test_query_int (f->conn, "SELECT claim_window_months FROM subsidy_schemes", NULL), ==, 24);
  g_assert_cmpint (test_query_int (f->conn, "SELECT amount_fen FROM subsidy_policies WHERE skill_level = 5", NULL),
                   ==, 80000);
  /* The rate they changed holds the form's amount again. */
  g_assert_cmpint (test_query_int (f->conn, "SELECT amount_fen FROM subsidy_policies WHERE skill_level = 4", NULL),
                   ==, amounts[1]);
  g_assert_nonnull (strstr (up_subsidy_scheme_dialog_get_last_message (dialog), "The policies are saved"));

  close_scheme_dialog (dialog);
}

/* Reload shows the other manager's values, replacing the form's. */
static void
test_scheme_conflict_reload (Fixture       *f,
                             gconstpointer  data)
{
  UpSubsidySchemeDialog *dialog = open_scheme_dialog (f);
  AdwMessageDialog *conflict;
  g_autofree char *fund = NULL;

  fund = g_strdup (entry_text (dialog, "scheme-fund"));
  up_test_set_text (dialog, "scheme-fund", "我的资金");
  other_manager (f, "UPDATE subsidy_policies SET amount_fen = 88800 WHERE skill_level = 5", NULL);
  other_manager (f, "UPDATE subsidy_schemes SET claim_window_months = $1::integer", "6");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scheme.save", NULL));
  wait_until (scheme_dialog_idle, dialog);
  conflict = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (conflict));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (conflict),
                            ": Claim within months of the issue date, Rates (1 changed)."));

  respond (conflict, "reload");
  wait_until (scheme_dialog_idle, dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_nonnull (strstr (entry_text (dialog, "scheme-rate-amount-0"), "888.00"));
  g_assert_cmpstr (entry_text (dialog, "scheme-fund"), ==, fund);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (up_test_get_widget (dialog,
                                                                                         "scheme-claim-window"))),
                   ==, 6);
  /* Nothing of mine was saved; a save now goes through. */
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM subsidy_schemes WHERE fund = '我的资金'", NULL),
                   ==, 0);
  up_test_set_text (dialog, "scheme-rate-amount-1", "1,100.00");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scheme.save", NULL));
  wait_until (scheme_dialog_idle, dialog);
  g_assert_cmpint (test_query_int (f->conn, "SELECT amount_fen FROM subsidy_policies WHERE skill_level = 4", NULL),
                   ==, 110000);
  g_assert_cmpint (test_query_int (f->conn, "SELECT amount_fen FROM subsidy_policies WHERE skill_level = 5", NULL),
                   ==, 88800);

  close_scheme_dialog (dialog);
}

/* Another manager lowers an academy's quota while the dialog is open (every
 * scheme's dialog shows the quotas): the save is refused with the conflict,
 * which names the quotas, and nothing of the form is saved; Save Anyway
 * saves the form, its quota included, and the next save goes through. */
static void
test_scheme_conflict_quota (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *academy = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy);
  UpSubsidySchemeDialog *dialog;
  AdwMessageDialog *conflict;
  GtkSpinButton *window_spin;

  test_query_int (f->conn, "INSERT INTO academy_quotas (academy_id, year, max_claims) VALUES ($1, 2025, 500) "
                           "RETURNING 1", academy);
  dialog = open_scheme_dialog (f);
  window_spin = GTK_SPIN_BUTTON (up_test_get_widget (dialog, "scheme-claim-window"));

  gtk_spin_button_set_value (window_spin, 24);
  other_manager (f, "UPDATE academy_quotas SET max_claims = 200 WHERE academy_id = $1", academy);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scheme.save", NULL));
  wait_until (scheme_dialog_idle, dialog);
  conflict = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (conflict));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (conflict)), ==, "scheme-conflict-dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (conflict), ": Academy Quotas (1 changed)."));
  g_assert_cmpint (test_query_int (f->conn, "SELECT claim_window_months FROM subsidy_schemes", NULL), ==, 12);
  g_assert_cmpint (test_query_int (f->conn, "SELECT max_claims FROM academy_quotas", NULL), ==, 200);

  respond (conflict, "overwrite");
  wait_until (scheme_dialog_idle, dialog);
  g_assert_nonnull (strstr (up_subsidy_scheme_dialog_get_last_message (dialog), "The policies are saved"));
  g_assert_cmpint (test_query_int (f->conn, "SELECT claim_window_months FROM subsidy_schemes", NULL), ==, 24);
  g_assert_cmpint (test_query_int (f->conn, "SELECT max_claims FROM academy_quotas", NULL), ==, 500);

  /* Saved at the version the save left: no conflict with itself. */
  gtk_spin_button_set_value (window_spin, 36);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scheme.save", NULL));
  wait_until (scheme_dialog_idle, dialog);
  g_assert_cmpint (test_query_int (f->conn, "SELECT claim_window_months FROM subsidy_schemes", NULL), ==, 36);

  close_scheme_dialog (dialog);
}

/* A draft batch of the first two claims, selected on the Payment Batches
 * tab. */
static UpPaymentBatch *
show_draft_batch (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpPaymentBatch) batch = NULL;
  guint n = 0;

  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, f->claims, 2, NULL, &n, &error);
  g_assert_no_error (error);
  batch = up_payment_batch_create (f->conn, "2025年第3批", "special", -1, &error);
  g_assert_no_error (error);
  up_payment_batch_add_claims (f->conn, up_payment_batch_get_id (batch), up_payment_batch_get_version (batch),
                               f->claims, 2, &n, &error);
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.reload", NULL));
  wait_until (page_idle, f->page);
  gtk_stack_set_visible_child_name (GTK_STACK (up_test_get_widget (f->page, "subsidies-view-stack")), "batches");
  gtk_selection_model_select_item (up_subsidies_page_get_batch_selection (f->page), 0, TRUE);
  wait_until (page_idle, f->page);
  return g_steal_pointer (&batch);
}

/* Submitted after another manager renamed the batch: the page says so and,
 * asked to, submits the batch as it is now. */
static void
test_batch_conflict_submit_again (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(UpPaymentBatch) batch = show_draft_batch (f);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, up_payment_batch_get_id (batch));
  AdwMessageDialog *conflict;
  const char *body;

  other_manager (f, "UPDATE payment_batches SET name = '2025年第3批（改）' WHERE id = $1::bigint", id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.submit", NULL));
  wait_until (page_idle, f->page);
  conflict = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (conflict));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (conflict)), ==, "subsidies-batch-conflict");
  body = adw_message_dialog_get_body (conflict);
  g_assert_nonnull (strstr (body, "Name: “2025年第3批” → “2025年第3批（改）”"));
  g_assert_null (strstr (body, "State:"));
  g_assert_nonnull (strstr (body, "Submit it as it is now?"));
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM payment_batches WHERE state = 'draft'", NULL),
                   ==, 1);

  respond (conflict, "again");
  wait_until (page_idle, f->page);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM payment_batches WHERE state = 'submitted' "
                                            "AND id = $1", id), ==, 1);
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "The batch is submitted"));
}

/* Another manager got there first: the page says the batch moved on and
 * offers nothing but to close. */
static void
test_batch_conflict_already_moved (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(UpPaymentBatch) batch = show_draft_batch (f);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, up_payment_batch_get_id (batch));
  AdwMessageDialog *conflict;
  const char *body;

  other_manager (f, "UPDATE payment_batches SET state = 'submitted' WHERE id = $1::bigint", id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.submit", NULL));
  wait_until (page_idle, f->page);
  conflict = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (conflict));
  body = adw_message_dialog_get_body (conflict);
  g_assert_nonnull (strstr (body, "State: Draft → Submitted"));
  g_assert_nonnull (strstr (body, "It is now “Submitted”: it can no longer be submitted."));
  g_assert_false (adw_message_dialog_has_response (conflict, "again"));
  respond (conflict, "cancel");
  wait_until (page_idle, f->page);

  /* The page shows the batch as it is now. */
  {
    g_autoptr(UpPaymentBatch) shown = g_list_model_get_item (up_subsidies_page_get_batches (f->page), 0);

    g_assert_cmpint (up_payment_batch_get_state (shown), ==, UP_BATCH_STATE_SUBMITTED);
  }
  g_assert_false (gtk_widget_is_sensitive (up_test_get_widget (f->page, "subsidies-submit-batch-button")));
}

/* A second manager approves claims the first one already decided: the
 * page says how many of those selected it approved, and why not the rest. */
static void
test_approve_already_decided (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  select_claims (f, f->claims, 2);
  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, f->claims, 1, NULL, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.approve", NULL));
  wait_until (page_idle, f->page);
  g_assert_cmpstr (up_subsidies_page_get_last_message (f->page), ==,
                   "1 of 2 selected claims approved; only pending claims are approved.");
}

static UpPaymentBatch *
shown_batch (Fixture *f)
{
  return g_list_model_get_item (up_subsidies_page_get_batches (f->page), 0);
}

/* A batch's whole way through the page: Add to Batch with no draft and
 * with the choice of one, a bad budget, Submit, the notice with a bad date
 * and then good ones, Approve, Show Claims, Pay with one claim returned,
 * and Reissue. */
static void
test_choice_and_full_flow (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UpPaymentBatch) batch = NULL;
  AdwMessageDialog *dialog;
  GtkDropDown *choice;
  guint n = 0;
  g_autofree char *id = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) d1 = g_date_time_add_days (now, -10);
  g_autoptr(GDateTime) d2 = g_date_time_add_days (now, -3);
  g_autofree char *from = g_date_time_format (d1, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (d2, "%Y-%m-%d");

  /* No draft yet. */
  select_claims (f, f->claims, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.add-to-batch", "x", (gint64) 0));
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "There is no draft payment batch"));

  /* A bad budget. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.new", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog, "subsidies-batch-fund"))),
                   ==, "Special fund");
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (dialog,
                                                                                            "subsidies-batch-name"))),
                                   "Batch of "));
  up_test_set_text (dialog, "subsidies-batch-budget", "lots");
  respond (dialog, "create");
  wait_until (page_idle, f->page);
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "The budget is an amount in yuan"));

  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, f->claims, 3, NULL, &n, &error);
  g_assert_no_error (error);
  batch = up_payment_batch_create (f->conn, "2025年第9批", "special", -1, &error);
  g_assert_no_error (error);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, up_payment_batch_get_id (batch));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.reload", NULL));
  wait_until (page_idle, f->page);
  g_assert_cmpuint (g_list_model_get_n_items (up_subsidies_page_get_batches (f->page)), ==, 1);

  /* Add to Batch… with the choice. */
  select_claims (f, f->claims, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.add-to-batch", "x", (gint64) 0));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  choice = GTK_DROP_DOWN (up_test_get_widget (dialog, "subsidies-batch-choice"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (choice)), ==, 1);
  respond (dialog, "add");
  wait_until (page_idle, f->page);
  g_assert_cmpint (test_query_int (f->conn, "SELECT count (*) FROM subsidies WHERE batch_id = $1", id), ==, 3);
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "3 claims added"));

  /* Submit, notice, approve, pay with one returned. */
  gtk_stack_set_visible_child_name (GTK_STACK (up_test_get_widget (f->page, "subsidies-view-stack")), "batches");
  gtk_selection_model_select_item (up_subsidies_page_get_batch_selection (f->page), 0, TRUE);
  wait_until (page_idle, f->page);
  g_assert_true (gtk_widget_is_sensitive (up_test_get_widget (f->page, "subsidies-submit-batch-button")));
  g_assert_false (gtk_widget_is_sensitive (up_test_get_widget (f->page, "subsidies-pay-batch-button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.submit", NULL));
  wait_until (page_idle, f->page);
  g_assert_true (gtk_widget_is_sensitive (up_test_get_widget (f->page, "subsidies-notice-batch-button")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.start-notice", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  up_test_set_text (dialog, "subsidies-notice-from", "not a date");
  respond (dialog, "start");
  wait_until (page_idle, f->page);
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "YYYY-MM-DD"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.start-notice", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  up_test_set_text (dialog, "subsidies-notice-from", from);
  up_test_set_text (dialog, "subsidies-notice-to", to);
  respond (dialog, "start");
  wait_until (page_idle, f->page);
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "public notice of the batch has started"));
  {
    g_autoptr(UpPaymentBatch) b = shown_batch (f);

    g_assert_cmpint (up_payment_batch_get_state (b), ==, UP_BATCH_STATE_NOTICE);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.approve", NULL));
  wait_until (page_idle, f->page);
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "approved for payment"));

  /* Show Claims: the claims of the batch. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.show-claims", NULL));
  wait_until (page_idle, f->page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (up_test_get_widget (f->page, "subsidies-view-stack"))),
                   ==, "claims");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (up_test_get_widget (f->page, "subsidies-batch-filter"))),
                    ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (up_subsidies_page_get_claims (f->page)), ==, 3);

  select_claims (f, &f->claims[2], 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "batches.pay", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "except 1 claim"));
  respond (dialog, "pay");
  wait_until (page_idle, f->page);
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "The batch is paid: "));
  g_assert_nonnull (strstr (up_subsidies_page_get_last_message (f->page), "1,700.51"));
  {
    g_autoptr(UpPaymentBatch) b = shown_batch (f);

    g_assert_cmpint (up_payment_batch_get_state (b), ==, UP_BATCH_STATE_PAID);
    g_assert_cmpint (up_payment_batch_get_n_failed (b), ==, 1);
  }

  /* Reissue the returned one. */
  select_claims (f, &f->claims[2], 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.reissue", NULL));
  wait_until (page_idle, f->page);
  g_assert_cmpstr (up_subsidies_page_get_last_message (f->page), ==,
                   "1 of 1 selected claim reissued; only failed payments are reissued.");
}

/* Send Back needs a reason, and only approved claims go back. */
static void
test_send_back (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  guint n = 0;
  g_autofree char *state = NULL;

  up_subsidy_decide (f->conn, UP_SUBSIDY_APPROVE, f->claims, 1, NULL, &n, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.reload", NULL));
  wait_until (page_idle, f->page);
  select_claims (f, f->claims, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "subsidies.send-back", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Send Back 2 Claims?");
  up_test_set_text (dialog, "subsidies-reason-entry", "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  up_test_set_text (dialog, "subsidies-reason-entry", "重新核对");
  respond (dialog, "confirm");
  wait_until (page_idle, f->page);
  state = claim_text (f, "state", f->claims[0]);
  g_assert_cmpstr (state, ==, "pending");
  g_assert_cmpstr (up_subsidies_page_get_last_message (f->page), ==,
                   "1 of 2 selected claims sent back; only approved claims are sent back.");
  /* The claim shown is read again after the change. */
  g_assert_true (label_holds (up_test_get_widget (f->page, "subsidies-detail-title"), "学员"));
}

/* Another database, or none: the page empties and fills again. */
static void
test_switch_database (Fixture       *f,
                      gconstpointer  data)
{
  select_claims (f, f->claims, 2);
  up_subsidies_page_set_database (f->page, NULL);
  g_assert_false (up_subsidies_page_is_busy (f->page));
  g_assert_null (up_subsidies_page_get_claims (f->page));
  g_assert_false (gtk_widget_is_sensitive (up_test_get_widget (f->page, "subsidies-approve-button")));
  up_subsidies_page_set_database (f->page, f->db);
  wait_until (page_idle, f->page);
  g_assert_cmpuint (g_list_model_get_n_items (up_subsidies_page_get_claims (f->page)), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  /* The sentences the tests look for are the English ones. */
  g_setenv ("LANGUAGE", "C", TRUE);

  up_test_gtk_init (&argc, &argv);

  g_test_add ("/subsidies-page/approve/changes-state-and-totals", Fixture, NULL,
              fixture_setup, test_approve_changes_totals, fixture_teardown);
  g_test_add ("/subsidies-page/batch/bank-results-open-the-import", Fixture, NULL,
              fixture_setup, test_bank_results_open_the_import, fixture_teardown);
  g_test_add ("/subsidies-page/filter/one-trainee", Fixture, NULL,
              fixture_setup, test_one_trainee, fixture_teardown);
  g_test_add ("/subsidies-page/filter/one-academy-kept-across-a-reload", Fixture, NULL,
              fixture_setup, test_one_academy, fixture_teardown);
  g_test_add ("/subsidies-page/reject/asks-a-reason", Fixture, NULL,
              fixture_setup, test_reject_asks_reason, fixture_teardown);
  g_test_add ("/subsidies-page/batch/create-add-submit", Fixture, NULL,
              fixture_setup, test_batch_create_add_submit, fixture_teardown);
  g_test_add ("/subsidies-page/policies/save-and-recompute", Fixture, NULL,
              fixture_setup, test_scheme_dialog_saves_and_recomputes, fixture_teardown);
  g_test_add ("/subsidies-page/policies/conflict-names-what-changed-and-saves-anyway", Fixture, NULL,
              fixture_setup, test_scheme_conflict_save_anyway, fixture_teardown);
  g_test_add ("/subsidies-page/policies/conflict-reload-shows-theirs", Fixture, NULL,
              fixture_setup, test_scheme_conflict_reload, fixture_teardown);
  g_test_add ("/subsidies-page/policies/conflict-names-a-quota-changed-elsewhere", Fixture, NULL,
              fixture_setup, test_scheme_conflict_quota, fixture_teardown);
  g_test_add ("/subsidies-page/approve/says-how-many-someone-else-decided", Fixture, NULL,
              fixture_setup, test_approve_already_decided, fixture_teardown);
  g_test_add ("/subsidies-page/batch/add-choose-notice-approve-pay-reissue", Fixture, NULL,
              fixture_setup, test_choice_and_full_flow, fixture_teardown);
  g_test_add ("/subsidies-page/send-back/asks-a-reason", Fixture, NULL,
              fixture_setup, test_send_back, fixture_teardown);
  g_test_add ("/subsidies-page/database/switch-empties-and-fills", Fixture, NULL,
              fixture_setup, test_switch_database, fixture_teardown);
  g_test_add ("/subsidies-page/batch/conflict-says-what-changed-and-submits-again", Fixture, NULL,
              fixture_setup, test_batch_conflict_submit_again, fixture_teardown);
  g_test_add ("/subsidies-page/batch/conflict-after-the-same-move-offers-only-close", Fixture, NULL,
              fixture_setup, test_batch_conflict_already_moved, fixture_teardown);

  return g_test_run ();
}
