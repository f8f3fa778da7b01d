/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <libsecret/secret.h>

#include "up-connection-dialog.h"
#include "up-pg.h"
#include "up-test-gtk.h"
#include "up-test-pg.h"

/* The real connection dialog, filled in for the test server as a person
 * would: it connects, says in words why it could not, and remembers the
 * choice in GSettings — never the password. */

#define PASSWORD "not-kept-Q7#x"

typedef struct
{
  char                *conninfo;
  UpTestConninfoParts  server;      /* what a person types for it */
  GSettings           *settings;
  UpConnectionDialog  *dialog;      /* a reference of ours */
  guint                n_connected;
  char                *connected_conninfo;
} Fixture;

static void
connected_cb (UpConnectionDialog *dialog,
              const char         *conninfo,
              Fixture            *f)
{
  f->n_connected++;
  g_free (f->connected_conninfo);
  f->connected_conninfo = g_strdup (conninfo);
}

static void
open_dialog (Fixture *f)
{
  f->dialog = g_object_ref (up_connection_dialog_new (NULL, f->settings));
  g_signal_connect (f->dialog, "connected", G_CALLBACK (connected_cb), f);
  gtk_window_present (GTK_WINDOW (f->dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->dialog));
  up_test_wait_for_connection_dialog (f->dialog);
}

/* Destroys the dialog and checks that, once its work ended, our reference
 * was the last. */
static void
close_dialog (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  up_test_wait_for_connection_dialog (f->dialog);
  g_assert_finalize_object (g_steal_pointer (&f->dialog));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->conninfo = up_test_pg_new_migrated ();
  up_test_pg_conninfo_parts_init (&f->server, f->conninfo);

  f->settings = g_settings_new (APPLICATION_ID);
  up_test_reset_connection_settings (f->settings);

  open_dialog (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  close_dialog (f);

  up_test_reset_connection_settings (f->settings);
  g_clear_object (&f->settings);
  g_clear_pointer (&f->connected_conninfo, g_free);
  g_clear_pointer (&f->conninfo, g_free);
  up_test_pg_conninfo_parts_clear (&f->server);
}

/* Fills the form for the test server, with @dbname.  The test cluster
 * trusts local logins: the password is not asked, but it travels all the
 * same. */
static void
fill_server (Fixture    *f,
             const char *dbname)
{
  up_test_fill_connection_dialog (f->dialog, &f->server, dbname, PASSWORD);
}

static void
assert_no_password_in_settings (Fixture *f)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (f->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (f->settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, PASSWORD));
    }
}

static void
test_server_connects_and_is_remembered (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *user = NULL;
  g_autofree char *port = NULL;

  fill_server (f, f->server.dbname);
  up_test_press_connect (f->dialog);

  g_assert_cmpuint (f->n_connected, ==, 1);
  g_assert_nonnull (f->connected_conninfo);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->dialog)));

  /* The connection string it hands over reaches the same database. */
  conn = up_pg_connect (f->connected_conninfo, &error);
  g_assert_no_error (error);
  result = up_pg_exec (conn, "SELECT current_database ()", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, f->server.dbname);

  kind = g_settings_get_string (f->settings, "connection-kind");
  host = g_settings_get_string (f->settings, "host");
  port = g_settings_get_string (f->settings, "port");
  dbname = g_settings_get_string (f->settings, "dbname");
  user = g_settings_get_string (f->settings, "user");
  g_assert_cmpstr (kind, ==, "server");
  g_assert_cmpstr (host, ==, f->server.host);
  g_assert_cmpstr (port, ==, f->server.port != NULL ? f->server.port : "");
  g_assert_cmpstr (dbname, ==, f->server.dbname);
  g_assert_cmpstr (user, ==, f->server.user != NULL ? f->server.user : "");
  g_assert_false (g_settings_get_boolean (f->settings, "remember-password"));
  assert_no_password_in_settings (f);
}

static void
test_server_wrong_database_is_said_in_words (Fixture       *f,
                                             gconstpointer  data)
{
  GtkWidget *label;
  g_autofree char *dbname = NULL;

  fill_server (f, "no_such_upskill_database");
  up_test_press_connect (f->dialog);

  g_assert_cmpuint (f->n_connected, ==, 0);
  label = up_test_get_widget (f->dialog, "error-label");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "no database of that name"));
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (label)), PASSWORD));

  /* Nothing is saved from an attempt that failed. */
  dbname = g_settings_get_string (f->settings, "dbname");
  g_assert_cmpstr (dbname, ==, "");

  /* Typing again clears the message. */
  up_test_set_text (f->dialog, "dbname-row", f->server.dbname);
  g_assert_false (gtk_widget_get_visible (label));
}

static void
test_server_unreachable_is_said_in_words (Fixture       *f,
                                          gconstpointer  data)
{
  const char *text;

  fill_server (f, f->server.dbname);
  up_test_set_text (f->dialog, "host-row", "/nonexistent-upskill-socket-dir");
  up_test_press_connect (f->dialog);

  g_assert_cmpuint (f->n_connected, ==, 0);
  text = up_test_label_text (f->dialog, "error-label");
  g_assert_nonnull (strstr (text, "Cannot connect to the database server"));
}

static void
test_server_port_must_be_a_number (Fixture       *f,
                                   gconstpointer  data)
{
  fill_server (f, f->server.dbname);
  up_test_set_text (f->dialog, "port-row", "54x2");
  up_test_press_connect (f->dialog);

  g_assert_cmpuint (f->n_connected, ==, 0);
  g_assert_cmpstr (up_test_label_text (f->dialog, "error-label"), ==, "The port is a number, such as 5432.");
}

static void
test_embedded_is_chosen (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *kind = NULL;

  g_settings_set_string (f->settings, "connection-kind", "server");
  adw_combo_row_set_selected (ADW_COMBO_ROW (up_test_get_widget (f->dialog, "kind-row")), 0);
  up_test_press_connect (f->dialog);

  g_assert_cmpuint (f->n_connected, ==, 1);
  g_assert_null (f->connected_conninfo);
  kind = g_settings_get_string (f->settings, "connection-kind");
  g_assert_cmpstr (kind, ==, "embedded");
}

static void
test_opens_with_the_last_choice (Fixture       *f,
                                 gconstpointer  data)
{
  g_settings_set_string (f->settings, "connection-kind", "service");
  g_settings_set_string (f->settings, "service", "upskill");
  g_settings_set_string (f->settings, "user", "li");
  g_settings_set_string (f->settings, "sslmode", "verify-full");

  close_dialog (f);
  open_dialog (f);

  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (up_test_get_widget (f->dialog, "kind-row"))), ==, 2);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (up_test_get_widget (f->dialog, "sslmode-row"))), ==, 4);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (f->dialog, "service-row"))), ==, "upskill");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (f->dialog, "user-row"))), ==, "li");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (f->dialog, "password-row"))), ==, "");
  g_assert_true (gtk_widget_get_visible (up_test_get_widget (f->dialog, "service-row")));
  g_assert_false (gtk_widget_get_mapped (up_test_get_widget (f->dialog, "host-row")));
}

/* The keyring --------------------------------------------------------------- */

static const SecretSchema *
password_schema (void)
{
  /* The dialog's own schema, spelled out again: a test of what it wrote. */
  static const SecretSchema schema = {
    "io.github.upskill.Upskill.Database", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "dbname", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

typedef struct
{
  gboolean       done;
  SecretService *service;
  GError        *error;
} ServiceWait;

static void
service_got_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ServiceWait *wait = user_data;

  wait->service = secret_service_get_finish (result, &wait->error);
  wait->done = TRUE;
}

static gboolean
service_answered (gpointer data)
{
  ServiceWait *wait = data;

  return wait->done;
}

/* Whether a secret service answers within 5 s, with its default collection
 * there to keep a password in. */
static gboolean
keyring_is_reachable (char **reason)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ServiceWait wait = { FALSE, NULL, NULL };
  guint timeout = g_timeout_add_seconds (5, up_test_cancel_cb, cancellable);
  gboolean ok;

  secret_service_get (SECRET_SERVICE_NONE, cancellable, service_got_cb, &wait);
  /* The call is cancelled after 5 s and answers then; the deadline is for
   * one that would not. */
  up_test_wait_until_full (service_answered, &wait, 30, "the answer to secret_service_get()");
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (timeout);

  ok = wait.service != NULL;
  if (!ok)
    *reason = g_strdup_printf ("no secret service reachable: %s",
                               wait.error != NULL ? wait.error->message : "no answer");
  g_clear_error (&wait.error);
  g_clear_object (&wait.service);

  return ok;
}

static void
test_keyring_keeps_the_password_when_asked (Fixture       *f,
                                            gconstpointer  data)
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;

  if (!keyring_is_reachable (&reason))
    {
      g_test_skip (reason);
      return;
    }

  fill_server (f, f->server.dbname);
  gtk_switch_set_active (GTK_SWITCH (up_test_get_widget (f->dialog, "remember-switch")), TRUE);
  up_test_press_connect (f->dialog);
  g_assert_cmpuint (f->n_connected, ==, 1);
  g_assert_true (g_settings_get_boolean (f->settings, "remember-password"));
  assert_no_password_in_settings (f);

  stored = secret_password_lookup_sync (password_schema (), NULL, &error,
                                        "kind", "server", "host", f->server.host,
                                        "port", f->server.port != NULL ? f->server.port : "",
                                        "dbname", f->server.dbname,
                                        "user", f->server.user != NULL ? f->server.user : "",
                                        "service", "", NULL);
  if (error != NULL)
    {
      g_test_skip ("the keyring did not answer (locked?)");
      return;
    }
  g_assert_cmpstr (stored, ==, PASSWORD);

  /* Another dialog on the same choice fills it in. */
  close_dialog (f);
  open_dialog (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (up_test_get_widget (f->dialog, "password-row"))), ==, PASSWORD);

  secret_password_clear_sync (password_schema (), NULL, NULL,
                              "kind", "server", "host", f->server.host, "dbname", f->server.dbname, NULL);
}

/* Connection strings ------------------------------------------------------- */

static void
test_conninfo_quotes_every_value (void)
{
  const char *keywords[] = { "host", "dbname", "user", "password", "port", NULL };
  const char *values[] = { "db.example.org", "up skill", "li' host=evil", "a\\b'c d", "", NULL };
  g_autofree char *conninfo = up_pg_conninfo_from_params (keywords, values);
  PQconninfoOption *options;
  guint n_given = 0;

  g_assert_nonnull (conninfo);
  options = PQconninfoParse (conninfo, NULL);
  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;
      n_given++;
      if (g_str_equal (o->keyword, "host"))
        g_assert_cmpstr (o->val, ==, "db.example.org");
      else if (g_str_equal (o->keyword, "dbname"))
        g_assert_cmpstr (o->val, ==, "up skill");
      else if (g_str_equal (o->keyword, "user"))
        g_assert_cmpstr (o->val, ==, "li' host=evil");
      else if (g_str_equal (o->keyword, "password"))
        g_assert_cmpstr (o->val, ==, "a\\b'c d");
      else
        g_assert_not_reached ();
    }
  PQconninfoFree (options);
  /* The empty port was left out: libpq's default applies. */
  g_assert_cmpuint (n_given, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  up_test_gtk_init (&argc, &argv);

  g_test_add_func ("/connection-dialog/conninfo/quotes-every-value", test_conninfo_quotes_every_value);
  g_test_add ("/connection-dialog/server/connects-and-is-remembered", Fixture, NULL,
              fixture_setup, test_server_connects_and_is_remembered, fixture_teardown);
  g_test_add ("/connection-dialog/server/wrong-database-is-said-in-words", Fixture, NULL,
              fixture_setup, test_server_wrong_database_is_said_in_words, fixture_teardown);
  g_test_add ("/connection-dialog/server/unreachable-is-said-in-words", Fixture, NULL,
              fixture_setup, test_server_unreachable_is_said_in_words, fixture_teardown);
  g_test_add ("/connection-dialog/server/port-must-be-a-number", Fixture, NULL,
              fixture_setup, test_server_port_must_be_a_number, fixture_teardown);
  g_test_add ("/connection-dialog/embedded/is-chosen", Fixture, NULL,
              fixture_setup, test_embedded_is_chosen, fixture_teardown);
  g_test_add ("/connection-dialog/opens-with-the-last-choice", Fixture, NULL,
              fixture_setup, test_opens_with_the_last_choice, fixture_teardown);
  g_test_add ("/connection-dialog/keyring/keeps-the-password-when-asked", Fixture, NULL,
              fixture_setup, test_keyring_keeps_the_password_when_asked, fixture_teardown);

  return g_test_run ();
}
