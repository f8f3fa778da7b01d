/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <string.h>

#include "up-database.h"
#include "up-error.h"
#include "up-pg.h"
#include "up-test-pg.h"

typedef struct
{
  char        *conninfo;
  UpDatabase  *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->db = up_database_new (f->conninfo);

  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (up_database_is_connected (f->db));
}

static gboolean
only_ours_left (gpointer db)
{
  return G_OBJECT (db)->ref_count <= 1;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* The worker lets go of finished tasks through the main context. */
  up_test_wait_until_full (only_ours_left, f->db, 30, "the database's finished tasks to let go of it");
  g_assert_finalize_object (f->db);
  g_free (f->conninfo);
}

/* Async calls complete on the main loop ----------------------------------- */

typedef struct
{
  GPtrArray *order;
  PGresult  *result;
  GError    *error;
  int        pending;
} Collect;

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Collect *c = user_data;
  GError *error = NULL;
  PGresult *res = up_database_query_finish (UP_DATABASE (object), result, &error);

  if (res != NULL)
    {
      if (c->order != NULL)
        g_ptr_array_add (c->order, g_strdup (PQgetvalue (res, 0, 0)));
      if (c->result == NULL)
        c->result = res;
      else
        PQclear (res);
    }
  else if (c->error == NULL)
    c->error = error;
  else
    g_error_free (error);

  c->pending--;
}

static gboolean
all_answered (gpointer data)
{
  Collect *c = data;

  return c->pending == 0;
}

/* The queries @c counts answer within 30 s: each is one short round trip. */
static void
wait_for_answers (Collect *c)
{
  up_test_wait_until_full (all_answered, c, 30, "the answers to up_database_query_async()");
}

static void
test_query_async_with_parameters (Fixture       *f,
                                  gconstpointer  data)
{
  Collect c = { NULL, NULL, NULL, 1 };
  /* A value that would break SQL built from text travels untouched. */
  const char *params[] = { "O'Brien; DROP TABLE trainees; --" };

  up_database_query_async (f->db, "SELECT $1::text", 1, params, NULL, query_done_cb, &c);
  wait_for_answers (&c);

  g_assert_no_error (c.error);
  g_assert_nonnull (c.result);
  g_assert_cmpstr (PQgetvalue (c.result, 0, 0), ==, params[0]);
  PQclear (c.result);
}

static void
test_jobs_run_in_order (Fixture       *f,
                        gconstpointer  data)
{
  Collect c = { g_ptr_array_new_with_free_func (g_free), NULL, NULL, 0 };

  for (int i = 0; i < 50; i++)
    {
      g_autofree char *n = g_strdup_printf ("%d", i);
      const char *params[] = { n };

      c.pending++;
      up_database_query_async (f->db, "SELECT $1::int", 1, params, NULL, query_done_cb, &c);
    }
  wait_for_answers (&c);

  g_assert_no_error (c.error);
  g_assert_cmpuint (c.order->len, ==, 50);
  for (guint i = 0; i < c.order->len; i++)
    {
      g_autofree char *n = g_strdup_printf ("%u", i);
      g_assert_cmpstr (g_ptr_array_index (c.order, i), ==, n);
    }
  g_ptr_array_unref (c.order);
  PQclear (c.result);
}

static void
test_error_carries_sqlstate (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;

  result = up_database_query_sync (f->db,
                                   "INSERT INTO academies (code, name, level, district) "
                                   "VALUES ('bad code', 'x', 'municipal', 'y')",
                                   0, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, UP_ERROR, UP_ERROR_CHECK);
  g_assert_cmpstr (up_error_get_sqlstate (error), ==, "23514");
  g_assert_cmpstr (up_error_get_constraint (error), ==, "academies_code_format");

  /* The details survive a copy, as when an error is propagated. */
  {
    g_autoptr(GError) copy = g_error_copy (error);
    g_assert_cmpstr (up_error_get_constraint (copy), ==, "academies_code_format");
  }
}

/* Cancel ------------------------------------------------------------------ */

static gboolean
cancel_soon_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_running_query (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Collect c = { NULL, NULL, NULL, 1 };
  gint64 start = g_get_monotonic_time ();

  up_database_query_async (f->db, "SELECT pg_sleep(30)", 0, NULL, cancellable, query_done_cb, &c);
  g_timeout_add (200, cancel_soon_cb, cancellable);
  wait_for_answers (&c);

  g_assert_error (c.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_clear_error (&c.error);

  /* The connection is still good for the next job. */
  c.pending = 1;
  up_database_query_async (f->db, "SELECT 'after'", 0, NULL, NULL, query_done_cb, &c);
  wait_for_answers (&c);
  g_assert_no_error (c.error);
  g_assert_cmpstr (PQgetvalue (c.result, 0, 0), ==, "after");
  PQclear (c.result);
}

static void
test_cancel_before_start (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Collect c = { NULL, NULL, NULL, 1 };

  g_cancellable_cancel (cancellable);
  up_database_query_async (f->db, "SELECT 1", 0, NULL, cancellable, query_done_cb, &c);
  wait_for_answers (&c);

  g_assert_error (c.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&c.error);
}

/* A job that fails half-way leaves no transaction open for the next. */
static gpointer
half_done_func (PGconn        *conn,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  if (!up_pg_begin (conn, error)
      || !up_pg_command (conn, "INSERT INTO academies (code, name, level, district) "
                               "VALUES ('HALF', 'half', 'municipal', '渝中区')", 0, NULL, error))
    return NULL;

  g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED, "stopped half-way");
  return NULL;
}

static void
test_failed_job_rolls_back (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;

  g_assert_null (up_database_run_sync (f->db, half_done_func, NULL, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_FAILED);
  g_clear_error (&error);

  result = up_database_query_sync (f->db, "SELECT count(*) FROM academies", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "0");
}

/* The server goes away ---------------------------------------------------- */

static void
test_server_disappears_mid_query (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) admin = NULL;
  g_autoptr(PGresult) pid_result = NULL;
  Collect c = { NULL, NULL, NULL, 1 };
  const char *params[1];

  pid_result = up_database_query_sync (f->db, "SELECT pg_backend_pid()::text", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  params[0] = PQgetvalue (pid_result, 0, 0);

  up_database_query_async (f->db, "SELECT pg_sleep(30)", 0, NULL, NULL, query_done_cb, &c);
  g_usleep (300 * 1000);

  /* What a server restart or a dropped network does to this session. */
  admin = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);
  up_pg_command (admin, "SELECT pg_terminate_backend ($1::int)", 1, params, &error);
  g_assert_no_error (error);

  wait_for_answers (&c);
  g_assert_error (c.error, UP_ERROR, UP_ERROR_CONNECTION);
  g_clear_error (&c.error);

  /* The next job finds its way back. */
  c.pending = 1;
  up_database_query_async (f->db, "SELECT 'back'", 0, NULL, NULL, query_done_cb, &c);
  wait_for_answers (&c);
  g_assert_no_error (c.error);
  g_assert_cmpstr (PQgetvalue (c.result, 0, 0), ==, "back");
  PQclear (c.result);
}

static void
test_unreachable_server (void)
{
  g_autoptr(UpDatabase) db = up_database_new ("host=/nonexistent-upskill port=5999 dbname=x connect_timeout=2");
  g_autoptr(GError) error = NULL;

  g_assert_false (up_database_connect_sync (db, NULL, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CONNECTION);
  g_assert_false (up_database_is_connected (db));
}

static void
test_label_never_shows_password (void)
{
  g_autoptr(UpDatabase) db = up_database_new ("host=db.example.org port=5433 dbname=union user=li password=secret");

  g_assert_cmpstr (up_database_get_label (db), ==, "union on db.example.org:5433");
  g_assert_null (strstr (up_database_get_label (db), "secret"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/database/query-async-with-parameters", Fixture, NULL,
              fixture_setup, test_query_async_with_parameters, fixture_teardown);
  g_test_add ("/database/jobs-run-in-order", Fixture, NULL,
              fixture_setup, test_jobs_run_in_order, fixture_teardown);
  g_test_add ("/database/error-carries-sqlstate-and-constraint", Fixture, NULL,
              fixture_setup, test_error_carries_sqlstate, fixture_teardown);
  g_test_add ("/database/cancel-stops-a-running-query", Fixture, NULL,
              fixture_setup, test_cancel_running_query, fixture_teardown);
  g_test_add ("/database/cancel-before-start", Fixture, NULL,
              fixture_setup, test_cancel_before_start, fixture_teardown);
  g_test_add ("/database/failed-job-rolls-back", Fixture, NULL,
              fixture_setup, test_failed_job_rolls_back, fixture_teardown);
  g_test_add ("/database/server-disappears-mid-query", Fixture, NULL,
              fixture_setup, test_server_disappears_mid_query, fixture_teardown);
  g_test_add_func ("/database/unreachable-server-says-so", test_unreachable_server);
  g_test_add_func ("/database/label-never-shows-password", test_label_never_shows_password);

  return g_test_run ();
}
