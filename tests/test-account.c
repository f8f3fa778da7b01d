/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The account store on a real database, as the accounts window uses it:
 * create, list, give academies, disable and enable, set a password (which
 * reaches the server only as its SCRAM verifier), and who may do it.
 * Roles belong to the cluster: every login carries a suffix of its own. */
#include "config.h"

#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "up-account.h"
#include "up-database.h"
#include "up-pg.h"
#include "up-test-pg.h"

#define PASSWORD "Weld-3r!学院"

typedef struct
{
  char       *conninfo;
  PGconn     *conn;         /* superuser */
  UpDatabase *db;           /* superuser too */
  char       *suffix;
  gint64      academies[2];
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint n;
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  f->suffix = g_strdup_printf ("%d_%u", (int) getpid (), n++);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *code = g_strdup_printf ("ACC-%u", i);
      g_autofree char *name = g_strdup_printf ("第%u工匠学院", i + 1);
      const char *params[] = { code, name };

      g_assert_true (up_pg_query_int64 (f->conn,
                                        "INSERT INTO academies (code, name, level, district) "
                                        "VALUES ($1, $2, 'district', '渝中区') RETURNING id",
                                        2, params, &f->academies[i], &error));
      g_assert_no_error (error);
    }

  f->db = up_database_new (f->conninfo);
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  up_test_pg_close_database (g_steal_pointer (&f->db));
  g_clear_pointer (&f->conn, PQfinish);
  g_free (f->conninfo);
  g_free (f->suffix);
}

static char *
login_for (Fixture    *f,
           const char *who)
{
  return g_strdup_printf ("%s_%s", who, f->suffix);
}

/* Async calls, each answered within one round trip's 30 s; the error of one
 * that never answers names it. */

typedef struct
{
  const char   *call;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static void
wait_init (Wait       *wait,
           const char *call)
{
  wait->call = call;
  wait->result = NULL;
}

static GAsyncResult *
wait_run (Wait *wait)
{
  g_autofree char *what = g_strdup_printf ("the answer to %s()", wait->call);

  up_test_wait_for_pointer_full (&wait->result, 30, what);
  return wait->result;
}

static GListStore *
list_accounts (UpDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GListStore *store;
  Wait wait;

  wait_init (&wait, "up_account_list_async");
  up_account_list_async (db, NULL, done_cb, &wait);
  result = wait_run (&wait);
  store = up_account_list_finish (db, result, &error);
  g_assert_no_error (error);
  return store;
}

static UpAccount *
find_account (UpDatabase *db,
              const char *login)
{
  g_autoptr(GListStore) store = list_accounts (db);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(UpAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_str_equal (up_account_get_login (account), login))
        return g_steal_pointer (&account);
    }
  return NULL;
}

static gboolean
change_finish (UpDatabase  *db,
               Wait        *wait,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = wait_run (wait);

  return up_account_change_finish (db, result, error);
}

static gboolean
create (UpDatabase    *db,
        const char    *login,
        const char    *kind,
        const char    *password,
        const gint64  *ids,
        guint          n_ids,
        GError       **error)
{
  Wait wait;

  wait_init (&wait, "up_account_create_async");
  up_account_create_async (db, login, "李 晓明", kind, password, ids, n_ids, NULL, done_cb, &wait);
  return change_finish (db, &wait, error);
}

static gboolean
can_manage (UpDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean answer;
  Wait wait;

  wait_init (&wait, "up_account_can_manage_async");
  up_account_can_manage_async (db, NULL, done_cb, &wait);
  result = wait_run (&wait);
  answer = up_account_can_manage_finish (db, result, &error);
  g_assert_no_error (error);
  return answer;
}

static char *
rolpassword (Fixture    *f,
             const char *login)
{
  const char *params[] = { login };
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = up_pg_exec (f->conn, "SELECT rolpassword FROM pg_authid WHERE rolname = $1",
                                           1, params, &error);

  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (result), ==, 1);
  return PQgetisnull (result, 0, 0) ? NULL : g_strdup (PQgetvalue (result, 0, 0));
}

static UpDatabase *
database_as (Fixture    *f,
             const char *login)
{
  g_autofree char *conninfo = g_strdup_printf ("%s user=%s", f->conninfo, login);
  g_autoptr(GError) error = NULL;
  UpDatabase *db = up_database_new (conninfo);

  up_database_connect_sync (db, NULL, &error);
  g_assert_no_error (error);
  return db;
}

static void
close_database (UpDatabase *db)
{
  up_database_close (db);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (db);
}

/* Tests -------------------------------------------------------------------- */

static void
test_create_and_list (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *login = login_for (f, "li");
  g_autoptr(GError) error = NULL;
  g_autoptr(UpAccount) account = NULL;
  g_autofree char *verifier = NULL;
  const gint64 *ids;
  const char * const *names;
  guint n_ids;

  g_assert_true (create (f->db, login, "staff", PASSWORD, f->academies, 2, &error));
  g_assert_no_error (error);

  account = find_account (f->db, login);
  g_assert_nonnull (account);
  g_assert_cmpstr (up_account_get_full_name (account), ==, "李 晓明");
  g_assert_cmpstr (up_account_get_kind (account), ==, "staff");
  g_assert_false (up_account_get_disabled (account));
  ids = up_account_get_academy_ids (account, &n_ids);
  g_assert_cmpuint (n_ids, ==, 2);
  g_assert_cmpint (ids[0], ==, MIN (f->academies[0], f->academies[1]));
  g_assert_cmpint (ids[1], ==, MAX (f->academies[0], f->academies[1]));
  names = up_account_get_academy_names (account);
  g_assert_cmpuint (g_strv_length ((GStrv) names), ==, 2);
  g_assert_cmpstr (names[0], ==, "第1工匠学院");
  g_assert_cmpstr (names[1], ==, "第2工匠学院");

  /* The server holds a SCRAM verifier, never the password. */
  verifier = rolpassword (f, login);
  g_assert_nonnull (verifier);
  g_assert_true (g_str_has_prefix (verifier, "SCRAM-SHA-256$"));
  g_assert_null (strstr (verifier, PASSWORD));

  /* The role exists, may log in, and is a member of its group. */
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM pg_roles WHERE rolname = $1 AND rolcanlogin "
                                                  "AND pg_has_role (rolname, 'upskill_staff', 'MEMBER')", login),
                   ==, 1);
}

static void
test_staff_need_an_academy (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *login = login_for (f, "nobody");
  g_autoptr(GError) error = NULL;
  g_autoptr(UpAccount) account = NULL;

  g_assert_false (create (f->db, login, "staff", NULL, NULL, 0, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (error->message, ==, "A staff account works for at least one academy.");

  /* Nothing half made. */
  account = find_account (f->db, login);
  g_assert_null (account);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM pg_roles WHERE rolname = $1", login), ==, 0);
}

static void
test_bad_login_is_refused_in_words (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (create (f->db, "Li Xiaoming", "manager", NULL, NULL, 0, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (error->message, ==,
                   "A login name has 3 to 63 small letters, digits or underscores, and starts with a letter.");
}

static void
test_set_academies (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *login = login_for (f, "wang");
  g_autoptr(GError) error = NULL;
  g_autoptr(UpAccount) account = NULL;
  const gint64 *ids;
  guint n_ids;
  Wait wait;

  g_assert_true (create (f->db, login, "staff", NULL, &f->academies[0], 1, &error));
  g_assert_no_error (error);

  wait_init (&wait, "up_account_set_academies_async");
  up_account_set_academies_async (f->db, login, &f->academies[1], 1, NULL, done_cb, &wait);
  g_assert_true (change_finish (f->db, &wait, &error));
  g_assert_no_error (error);

  account = find_account (f->db, login);
  ids = up_account_get_academy_ids (account, &n_ids);
  g_assert_cmpuint (n_ids, ==, 1);
  g_assert_cmpint (ids[0], ==, f->academies[1]);
  g_assert_cmpstr (up_account_get_academy_names (account)[0], ==, "第2工匠学院");
}

static void
test_disable_and_enable (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *login = login_for (f, "zhao");
  g_autoptr(GError) error = NULL;
  g_autoptr(UpAccount) disabled = NULL;
  g_autoptr(UpAccount) enabled = NULL;
  Wait wait;

  g_assert_true (create (f->db, login, "manager", NULL, NULL, 0, &error));
  g_assert_no_error (error);

  wait_init (&wait, "up_account_set_disabled_async");
  up_account_set_disabled_async (f->db, login, TRUE, NULL, done_cb, &wait);
  g_assert_true (change_finish (f->db, &wait, &error));
  g_assert_no_error (error);
  disabled = find_account (f->db, login);
  g_assert_true (up_account_get_disabled (disabled));
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM pg_roles WHERE rolname = $1 AND rolcanlogin",
                                         login), ==, 0);

  wait_init (&wait, "up_account_set_disabled_async");
  up_account_set_disabled_async (f->db, login, FALSE, NULL, done_cb, &wait);
  g_assert_true (change_finish (f->db, &wait, &error));
  g_assert_no_error (error);
  enabled = find_account (f->db, login);
  g_assert_false (up_account_get_disabled (enabled));
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM pg_roles WHERE rolname = $1 AND rolcanlogin",
                                         login), ==, 1);
}

static void
test_set_password (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *login = login_for (f, "sun");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Wait wait;

  g_assert_true (create (f->db, login, "manager", NULL, NULL, 0, &error));
  g_assert_no_error (error);
  before = rolpassword (f, login);
  g_assert_null (before);

  wait_init (&wait, "up_account_set_password_async");
  up_account_set_password_async (f->db, login, PASSWORD, NULL, done_cb, &wait);
  g_assert_true (change_finish (f->db, &wait, &error));
  g_assert_no_error (error);

  after = rolpassword (f, login);
  g_assert_nonnull (after);
  g_assert_true (g_str_has_prefix (after, "SCRAM-SHA-256$"));
  g_assert_null (strstr (after, PASSWORD));

  /* An empty password is no password. */
  wait_init (&wait, "up_account_set_password_async");
  up_account_set_password_async (f->db, login, "", NULL, done_cb, &wait);
  g_assert_false (change_finish (f->db, &wait, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
}

static void
test_who_may_manage (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *admin = login_for (f, "admin");
  g_autofree char *staff = login_for (f, "staff");
  g_autofree char *made_by_admin = login_for (f, "qian");
  g_autofree char *made_by_staff = login_for (f, "zhou");
  g_autoptr(GError) error = NULL;
  UpDatabase *as_admin;
  UpDatabase *as_staff;
  g_autoptr(UpAccount) account = NULL;

  /* The superuser of the embedded database may. */
  g_assert_true (can_manage (f->db));

  g_assert_true (create (f->db, admin, "admin", NULL, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_true (create (f->db, staff, "staff", NULL, f->academies, 1, &error));
  g_assert_no_error (error);

  /* An administrator who is no superuser may, and makes accounts. */
  as_admin = database_as (f, admin);
  g_assert_true (can_manage (as_admin));
  g_assert_true (create (as_admin, made_by_admin, "staff", PASSWORD, f->academies, 2, &error));
  g_assert_no_error (error);
  account = find_account (as_admin, made_by_admin);
  g_assert_nonnull (account);
  close_database (as_admin);

  /* Staff may not. */
  as_staff = database_as (f, staff);
  g_assert_false (can_manage (as_staff));
  g_assert_false (create (as_staff, made_by_staff, "admin", NULL, NULL, 0, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_PERMISSION);
  close_database (as_staff);
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count (*) FROM pg_roles WHERE rolname = $1", made_by_staff),
                   ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/account/create-and-list", test_create_and_list);
  ADD ("/account/staff-need-an-academy", test_staff_need_an_academy);
  ADD ("/account/bad-login-is-refused-in-words", test_bad_login_is_refused_in_words);
  ADD ("/account/set-academies", test_set_academies);
  ADD ("/account/disable-and-enable", test_disable_and_enable);
  ADD ("/account/set-password", test_set_password);
  ADD ("/account/who-may-manage", test_who_may_manage);
#undef ADD

  return g_test_run ();
}
