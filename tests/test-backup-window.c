/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "up-backup.h"
#include "up-backup-flow.h"
#include "up-demo.h"
#include "up-embedded-server.h"
#include "up-pg.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"
#include "up-window.h"

/* Back Up… and Restore… once the file is chosen, in the real window: the
 * file written, the confirmation that names the backup, the window kept
 * away from the database while it is replaced, and what the database holds
 * afterwards. */

#define CHANGED_NAMES "SELECT count(*) FROM trainees WHERE name LIKE '%改'"

typedef struct
{
  char       *conninfo;
  PGconn     *conn;
  UpDatabase *db;
  UpWindow   *window;     /* a reference of ours */
  char       *dir;
} Fixture;

static char *data_home;

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  up_demo_options_init (&options);
  options.n_trainees = 200;
  up_demo_generate (f->conn, &options, NULL, &error);
  g_assert_no_error (error);

  f->dir = g_dir_make_tmp ("upskill-flow-XXXXXX", &error);
  g_assert_no_error (error);

  f->db = up_database_new (f->conninfo);
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);

  f->window = g_object_ref (up_window_new (NULL));
  up_window_set_database (f->window, f->db);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  up_test_drain_main_context ();
  g_assert_finalize_object (g_steal_pointer (&f->window));

  up_test_pg_close_database (g_steal_pointer (&f->db));

  remove_tree (f->dir);
  g_free (f->dir);
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

/* Runs the main loop until @done says so, for at most 30 s. */
static void
wait_for (gboolean (*done) (Fixture *f),
          Fixture  *f)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!done (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

static AdwMessageDialog *
find_dialog (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && g_strcmp0 (gtk_widget_get_name (window), name) == 0
          && gtk_widget_get_visible (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* A label at or below @root whose text starts with @prefix: a toast's. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *prefix)
{
  if (GTK_IS_LABEL (root) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (root)), prefix))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
backed_up_toast_shown (Fixture *f)
{
  return find_label (GTK_WIDGET (f->window), "Backed up to ") != NULL;
}

static gboolean
restored_toast_shown (Fixture *f)
{
  return find_label (GTK_WIDGET (f->window), "Restored ") != NULL;
}

static gboolean
confirmation_shown (Fixture *f)
{
  return find_dialog ("restore-confirmation") != NULL;
}

static gboolean
error_shown (Fixture *f)
{
  return find_dialog ("backup-error") != NULL;
}

static gboolean
names_restored (Fixture *f)
{
  return up_test_pg_query_int (f->conn, CHANGED_NAMES, NULL) == 0;
}

static char *
backup_path (Fixture    *f,
             const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static gboolean
backup_written (Fixture *f)
{
  g_autofree char *path = backup_path (f, "window.dump");

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
change_names (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  up_pg_command (f->conn, "UPDATE trainees SET name = name || '改' WHERE id % 2 = 0", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (up_test_pg_query_int (f->conn, CHANGED_NAMES, NULL), >, 0);
}

static char *
make_backup (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *path = backup_path (f, "made.dump");

  up_backup_dump_sync (f->conninfo, path, NULL, &error);
  g_assert_no_error (error);
  return path;
}

static AdwToastOverlay *
toasts (Fixture *f)
{
  return up_window_get_toast_overlay (f->window);
}

/* Tests -------------------------------------------------------------------- */

static void
test_back_up_writes_the_file (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = backup_path (f, "window.dump");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(UpBackupInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  up_backup_flow_back_up_to (GTK_WINDOW (f->window), f->db, toasts (f), file);
  wait_for (backed_up_toast_shown, f);
  g_assert_true (backup_written (f));

  info = up_backup_inspect_sync (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  /* The window kept its database all along. */
  g_assert_true (up_window_get_database (f->window) == f->db);
}

static void
test_restore_only_on_the_embedded_database (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(UpEmbeddedServer) server = up_embedded_server_new (NULL);
  g_autofree char *conninfo = up_embedded_server_dup_conninfo (server, NULL);
  g_autoptr(UpDatabase) embedded = up_database_new (conninfo);

  /* The test server stands for a shared one. */
  g_assert_false (up_backup_flow_can_restore (f->db));
  g_assert_true (up_backup_flow_can_restore (embedded));
}

static void
test_restore_asks_then_gives_back_the_backup (Fixture       *f,
                                              gconstpointer  data)
{
  g_autofree char *path = make_backup (f);
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(UpBackupInfo) info = up_backup_inspect_sync (path, NULL, NULL);
  g_autofree char *backups = g_build_filename (data_home, "upskill", "backups", NULL);
  AdwMessageDialog *dialog;
  const char *body;

  change_names (f);
  up_backup_flow_restore_from (GTK_WINDOW (f->window), f->db, toasts (f), file);
  wait_for (confirmation_shown, f);

  /* The question names the file and when it was made. */
  dialog = find_dialog ("restore-confirmation");
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, name));
  g_assert_nonnull (strstr (body, info->created));
  g_assert_cmpint (up_test_pg_query_int (f->conn, CHANGED_NAMES, NULL), >, 0);

  adw_message_dialog_response (dialog, "restore");
  /* Nothing can be read or edited while the tables are replaced. */
  g_assert_null (up_window_get_database (f->window));
  g_assert_cmpstr (up_test_label_text (f->window, "connecting-label"), ==, "Restoring the Backup…");

  wait_for (restored_toast_shown, f);
  g_assert_true (names_restored (f));

  /* The database as it was, kept aside first. */
  {
    g_autoptr(GDir) d = g_dir_open (backups, 0, NULL);
    const char *entry;
    guint safety = 0;

    while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
      safety += g_str_has_prefix (entry, "before-restore-");
    g_assert_cmpuint (safety, >=, 1);
  }
}

static void
test_restore_cancelled_changes_nothing (Fixture       *f,
                                        gconstpointer  data)
{
  g_autofree char *path = make_backup (f);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  change_names (f);
  up_backup_flow_restore_from (GTK_WINDOW (f->window), f->db, toasts (f), file);
  wait_for (confirmation_shown, f);

  adw_message_dialog_response (find_dialog ("restore-confirmation"), "cancel");
  up_test_drain_main_context ();

  g_assert_true (up_window_get_database (f->window) == f->db);
  g_assert_cmpint (up_test_pg_query_int (f->conn, CHANGED_NAMES, NULL), >, 0);
}

static void
test_restore_of_another_file_says_why (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *path = backup_path (f, "list.dump");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  g_file_set_contents (path, "name,id\n", -1, &error);
  g_assert_no_error (error);

  up_backup_flow_restore_from (GTK_WINDOW (f->window), f->db, toasts (f), file);
  wait_for (error_shown, f);

  dialog = find_dialog ("backup-error");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "list.dump"));
  g_assert_null (find_dialog ("restore-confirmation"));
  g_assert_true (up_window_get_database (f->window) == f->db);

  adw_message_dialog_response (dialog, "close");
  up_test_drain_main_context ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The safety backups go to $XDG_DATA_HOME/upskill/backups: a temp one. */
  data_home = g_dir_make_tmp ("upskill-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  up_test_gtk_init (&argc, &argv);

  g_test_add ("/backup-window/back-up/writes-the-file", Fixture, NULL,
              fixture_setup, test_back_up_writes_the_file, fixture_teardown);
  g_test_add ("/backup-window/restore/only-on-the-embedded-database", Fixture, NULL,
              fixture_setup, test_restore_only_on_the_embedded_database, fixture_teardown);
  g_test_add ("/backup-window/restore/asks-then-gives-back-the-backup", Fixture, NULL,
              fixture_setup, test_restore_asks_then_gives_back_the_backup, fixture_teardown);
  g_test_add ("/backup-window/restore/cancelled-changes-nothing", Fixture, NULL,
              fixture_setup, test_restore_cancelled_changes_nothing, fixture_teardown);
  g_test_add ("/backup-window/restore/of-another-file-says-why", Fixture, NULL,
              fixture_setup, test_restore_of_another_file_says_why, fixture_teardown);

  ret = g_test_run ();
  remove_tree (data_home);
  g_free (data_home);
  return ret;
}
