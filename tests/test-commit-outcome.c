/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A connection that drops while a change is being saved: the change is
 * either done once or clearly not done, never half, never twice.  A small
 * proxy between Upskill and the test server cuts the connection at the
 * moment that matters: before COMMIT reaches the server, or after the
 * server committed and before its answer reaches us. */
#define _GNU_SOURCE /* accept4, memmem */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "up-database.h"
#include "up-error.h"
#include "up-id-number.h"
#include "up-pg.h"
#include "up-test-pg.h"
#include "up-trainee.h"

/* The proxy ---------------------------------------------------------------- */

typedef enum
{
  CUT_NONE,
  CUT_BEFORE_COMMIT,   /* COMMIT never reaches the server: it rolls back */
  CUT_AFTER_COMMIT,    /* the server committed; its answer is dropped */
  CUT_HOLD_COMMIT,     /* we are cut off; COMMIT reaches the server a second later */
  CUT_KEEP_SESSION,    /* we are cut off; the server's side stays open until released */
} Cut;

typedef struct
{
  char    *dir;           /* holds our .s.PGSQL.5432 */
  char    *server_path;   /* the server's socket */
  int      listen_fd;
  GThread *accept_thread;
  GMutex   lock;
  GPtrArray *relays;      /* GThread */
  Cut      cut;           /* one-shot: back to CUT_NONE once done */
  guint    n_cuts;
  gint     stopping;      /* atomic */
  gint     released;      /* atomic: CUT_KEEP_SESSION may close now */
} Proxy;

typedef struct
{
  Proxy *proxy;
  int    client_fd;
} Relay;

static gboolean
write_all (int         fd,
           const char *buf,
           gssize      len)
{
  while (len > 0)
    {
      gssize n = write (fd, buf, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      buf += n;
      len -= n;
    }
  return TRUE;
}

static int
connect_unix (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpuint (strlen (path), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, path);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static Cut
take_cut (Proxy *proxy)
{
  Cut cut;

  g_mutex_lock (&proxy->lock);
  cut = proxy->cut;
  if (cut != CUT_NONE)
    {
      proxy->cut = CUT_NONE;
      proxy->n_cuts++;
    }
  g_mutex_unlock (&proxy->lock);

  return cut;
}

/* Waits up to @ms for something to read on @fd. */
static gboolean
wait_readable (int fd,
               int ms)
{
  struct pollfd pfd = { .fd = fd, .events = POLLIN };

  return poll (&pfd, 1, ms) > 0;
}

static gpointer
relay_thread (gpointer data)
{
  Relay *relay = data;
  Proxy *proxy = relay->proxy;
  int client = relay->client_fd;
  int server = connect_unix (proxy->server_path);
  gboolean drop_answer = FALSE;
  char buf[65536];

  g_free (relay);

  while (server >= 0 && !g_atomic_int_get (&proxy->stopping))
    {
      struct pollfd fds[2] = { { .fd = client, .events = POLLIN }, { .fd = server, .events = POLLIN } };
      gssize len;

      if (poll (fds, 2, 100) <= 0)
        continue;

      if (fds[0].revents != 0)
        {
          len = read (client, buf, sizeof buf);
          if (len <= 0)
            break;

          if (memmem (buf, len, "COMMIT", strlen ("COMMIT")) != NULL)
            {
              Cut cut = take_cut (proxy);

              if (cut == CUT_BEFORE_COMMIT)
                break;
              if (cut == CUT_AFTER_COMMIT)
                drop_answer = TRUE;
              if (cut == CUT_HOLD_COMMIT)
                {
                  /* We are gone; the server's side gets COMMIT late and
                   * answers into the void. */
                  close (client);
                  client = -1;
                  g_usleep (G_USEC_PER_SEC);
                  write_all (server, buf, len);
                  wait_readable (server, 5000);
                  break;
                }
              if (cut == CUT_KEEP_SESSION)
                {
                  /* A network that broke on our side only: the server
                   * keeps the session, in its transaction, until told. */
                  close (client);
                  client = -1;
                  while (!g_atomic_int_get (&proxy->released) && !g_atomic_int_get (&proxy->stopping))
                    g_usleep (10 * 1000);
                  break;
                }
            }

          if (!write_all (server, buf, len))
            break;
        }

      if (fds[1].revents != 0)
        {
          len = read (server, buf, sizeof buf);
          if (len <= 0 || drop_answer)
            break;
          if (!write_all (client, buf, len))
            break;
        }
    }

  if (client >= 0)
    close (client);
  if (server >= 0)
    close (server);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  Proxy *proxy = data;

  while (!g_atomic_int_get (&proxy->stopping))
    {
      Relay *relay;
      int fd;

      if (!wait_readable (proxy->listen_fd, 100))
        continue;
      fd = accept4 (proxy->listen_fd, NULL, NULL, SOCK_CLOEXEC);
      if (fd < 0)
        continue;

      relay = g_new0 (Relay, 1);
      relay->proxy = proxy;
      relay->client_fd = fd;
      g_mutex_lock (&proxy->lock);
      g_ptr_array_add (proxy->relays, g_thread_new ("relay", relay_thread, relay));
      g_mutex_unlock (&proxy->lock);
    }

  return NULL;
}

static Proxy *
proxy_new (void)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  proxy->dir = g_dir_make_tmp ("upskill-proxy-XXXXXX", &error);
  g_assert_no_error (error);
  proxy->server_path = g_build_filename (up_embedded_server_get_base_dir (up_test_pg_get_server ()),
                                         ".s.PGSQL.5432", NULL);
  g_mutex_init (&proxy->lock);
  proxy->relays = g_ptr_array_new ();

  path = g_build_filename (proxy->dir, ".s.PGSQL.5432", NULL);
  g_assert_cmpuint (strlen (path), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, path);
  proxy->listen_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (proxy->listen_fd, >=, 0);
  g_assert_cmpint (bind (proxy->listen_fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (proxy->listen_fd, 16), ==, 0);

  proxy->accept_thread = g_thread_new ("accept", accept_thread, proxy);
  return proxy;
}

static void
proxy_set_cut (Proxy *proxy,
               Cut    cut)
{
  g_mutex_lock (&proxy->lock);
  proxy->cut = cut;
  g_mutex_unlock (&proxy->lock);
}

static guint
proxy_get_n_cuts (Proxy *proxy)
{
  guint n;

  g_mutex_lock (&proxy->lock);
  n = proxy->n_cuts;
  g_mutex_unlock (&proxy->lock);
  return n;
}

static void
proxy_free (Proxy *proxy)
{
  g_autofree char *path = g_build_filename (proxy->dir, ".s.PGSQL.5432", NULL);

  g_atomic_int_set (&proxy->stopping, TRUE);
  g_thread_join (proxy->accept_thread);
  /* No new relays now. */
  for (guint i = 0; i < proxy->relays->len; i++)
    g_thread_join (proxy->relays->pdata[i]);
  g_ptr_array_unref (proxy->relays);
  close (proxy->listen_fd);
  g_unlink (path);
  g_rmdir (proxy->dir);
  g_mutex_clear (&proxy->lock);
  g_free (proxy->server_path);
  g_free (proxy->dir);
  g_free (proxy);
}

/* The test database's conninfo, through the proxy: libpq takes host=<dir>
 * port=5432 as the socket <dir>/.s.PGSQL.5432. */
static char *
conninfo_through (const char *conninfo,
                  Proxy      *proxy)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  g_autoptr(GPtrArray) keywords = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  char *result;

  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0')
        continue;
      g_ptr_array_add (keywords, o->keyword);
      g_ptr_array_add (values, g_str_equal (o->keyword, "host") ? proxy->dir : o->val);
    }
  g_ptr_array_add (keywords, NULL);
  g_ptr_array_add (values, NULL);

  result = up_pg_conninfo_from_params ((const char * const *) keywords->pdata, (const char * const *) values->pdata);
  PQconninfoFree (options);
  g_assert_nonnull (result);
  return result;
}

/* Fixture ------------------------------------------------------------------ */

typedef struct
{
  char                   *conninfo;    /* straight to the server */
  char                   *proxied;     /* through the proxy */
  PGconn                 *conn;        /* straight, for the checks */
  Proxy                  *proxy;
  UpDatabase             *db;          /* through the proxy */
  gint64                  academy_id;
  UpTestConnectionCounts  counts;      /* of db's signals */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_test_pg_connect (f->conninfo);
  f->academy_id = up_test_pg_query_int (f->conn,
                                        "INSERT INTO academies (code, name, level, district)"
                                        " VALUES ('CQ-01', '重庆市工匠学院', 'municipal', '渝中区') RETURNING id",
                                        NULL);

  f->proxy = proxy_new ();
  f->proxied = conninfo_through (f->conninfo, f->proxy);
  f->db = up_test_pg_open_database (f->proxied, &f->counts);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  up_test_pg_close_database (g_steal_pointer (&f->db));
  g_atomic_int_set (&f->proxy->released, TRUE);
  proxy_free (f->proxy);
  g_clear_pointer (&f->conn, PQfinish);
  g_free (f->proxied);
  g_free (f->conninfo);
}

static UpTraineeInput *
make_input (Fixture    *f,
            const char *name)
{
  UpTraineeInput *input = up_trainee_input_new ();
  const char *first17 = "50010319900307123";

  input->academy_id = f->academy_id;
  input->name = g_strdup (name);
  input->id_number = g_strdup_printf ("%s%c", first17, up_id_number_check_character (first17));
  input->employer = g_strdup ("重庆长安汽车股份有限公司");
  return input;
}

static gint64
count_trainees (Fixture *f)
{
  return up_test_pg_query_int (f->conn, "SELECT count (*) FROM trainees", NULL);
}

typedef struct
{
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

/* The answer of @call, the async call @wait was given to. */
static GAsyncResult *
wait_result (Wait       *wait,
             const char *call)
{
  g_autofree char *what = g_strdup_printf ("the answer to %s()", call);

  up_test_wait_for_pointer_full (&wait->result, 60, what);
  return wait->result;
}

/* Saves a trainee through the app's own job; returns its id, 0 on error. */
static gint64
save_trainee (Fixture       *f,
              const char    *name,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(UpTraineeInput) input = make_input (f, name);
  Wait wait = { NULL };
  gint64 id;

  up_trainee_insert_async (f->db, input, cancellable, done_cb, &wait);
  id = up_trainee_insert_finish (f->db, wait_result (&wait, "up_trainee_insert_async"), error);
  g_object_unref (wait.result);
  return id;
}

/* Waits, bounded, until the count the query answers is zero. */
static void
wait_until_none (Fixture    *f,
                 const char *sql,
                 const char *param)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (up_test_pg_query_int (f->conn, sql, param) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

/* Tests -------------------------------------------------------------------- */

static void
test_answer_lost_after_commit_is_saved_once (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  proxy_set_cut (f->proxy, CUT_AFTER_COMMIT);
  g_assert_cmpint (save_trainee (f, "王师傅", NULL, &error), ==, 0);
  g_assert_error (error, UP_ERROR, UP_ERROR_DONE_UNCONFIRMED);
  g_assert_nonnull (strstr (error->message, "Reload"));
  g_assert_cmpuint (proxy_get_n_cuts (f->proxy), ==, 1);

  /* Saved exactly once, and the connection is back. */
  g_assert_cmpint (count_trainees (f), ==, 1);
  up_test_drain_main_context ();
  g_assert_cmpuint (f->counts.n_lost, ==, 1);
  g_assert_cmpuint (f->counts.n_reconnected, ==, 1);
  g_assert_true (up_database_is_connected (f->db));
}

static void
test_cut_before_commit_is_not_saved (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  proxy_set_cut (f->proxy, CUT_BEFORE_COMMIT);
  g_assert_cmpint (save_trainee (f, "王师傅", NULL, &error), ==, 0);
  g_assert_error (error, UP_ERROR, UP_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "not saved"));
  g_clear_error (&error);
  g_assert_cmpuint (proxy_get_n_cuts (f->proxy), ==, 1);
  g_assert_cmpint (count_trainees (f), ==, 0);

  /* Trying again saves it, once. */
  id = save_trainee (f, "王师傅", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count_trainees (f), ==, 1);
}

static void
test_commit_still_in_progress_is_waited_for (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The server first reports the transaction in progress, then, a second
   * later, committed. */
  proxy_set_cut (f->proxy, CUT_HOLD_COMMIT);
  g_assert_cmpint (save_trainee (f, "王师傅", NULL, &error), ==, 0);
  g_assert_error (error, UP_ERROR, UP_ERROR_DONE_UNCONFIRMED);
  g_assert_cmpint (count_trainees (f), ==, 1);
}

static gpointer
insert_trainee_func (PGconn        *conn,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  gint64 id = up_trainee_insert (conn, data, error);

  return id > 0 ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
test_unresolved_commit_says_it_is_not_known (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(UpTraineeInput) input = make_input (f, "王师傅");
  gint64 started = g_get_monotonic_time ();
  Wait wait = { NULL };

  /* The server keeps the old session open: "in progress" as long as we
   * care to ask.  Giving up (a bound of 30 s, here a cancel to keep the
   * test short) says so, and a cancel does not hide it. */
  proxy_set_cut (f->proxy, CUT_KEEP_SESSION);
  g_timeout_add (1500, up_test_cancel_cb, cancellable);
  up_database_run_async (f->db, insert_trainee_func, input, NULL, NULL, cancellable, done_cb, &wait);
  g_assert_null (up_database_run_finish (f->db, wait_result (&wait, "up_database_run_async"), &error));
  g_object_unref (wait.result);
  g_assert_error (error, UP_ERROR, UP_ERROR_OUTCOME_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "not known"));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);

  /* Once that session ends, the server rolls it back. */
  g_atomic_int_set (&f->proxy->released, TRUE);
  wait_until_none (f, "SELECT count (*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'", NULL);
  g_assert_cmpint (count_trainees (f), ==, 0);
}

static void
test_commit_keeps_the_unanswered_transaction (Fixture       *f,
                                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *xid = NULL;
  g_autofree char *academy_id = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy_id);

  /* Straight on a connection: the caller learns the transaction's id. */
  conn = up_pg_connect (f->proxied, &error);
  g_assert_no_error (error);
  g_assert_true (up_pg_begin (conn, &error));
  g_assert_true (up_pg_command (conn, "INSERT INTO majors (academy_id, name) VALUES ($1, '焊接')", 1,
                                (const char *[]) { academy_id }, &error));
  g_assert_no_error (error);
  proxy_set_cut (f->proxy, CUT_AFTER_COMMIT);
  g_assert_false (up_pg_commit (conn, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_OUTCOME_UNKNOWN);
  g_clear_error (&error);

  xid = up_pg_take_unconfirmed_commit (conn);
  g_assert_nonnull (xid);
  g_assert_null (up_pg_take_unconfirmed_commit (conn));
  g_clear_pointer (&conn, PQfinish);

  /* Ask the server as the worker does. */
  {
    const char *params[] = { xid };
    g_autoptr(PGresult) status = up_pg_exec (f->conn, "SELECT pg_xact_status ($1::xid8)", 1, params, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (PQgetvalue (status, 0, 0), ==, "committed");
  }

  /* A transaction that wrote nothing has nothing to find out. */
  conn = up_pg_connect (f->proxied, &error);
  g_assert_no_error (error);
  g_assert_true (up_pg_begin (conn, &error));
  proxy_set_cut (f->proxy, CUT_AFTER_COMMIT);
  g_assert_false (up_pg_commit (conn, &error));
  g_assert_error (error, UP_ERROR, UP_ERROR_CONNECTION);
  g_assert_null (up_pg_take_unconfirmed_commit (conn));
}

static gpointer
backend_pid_func (PGconn        *conn,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gint64 pid = 0;

  if (!up_pg_query_int64 (conn, "SELECT pg_backend_pid ()", 0, NULL, &pid, error))
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, pid);
}

static void
test_reading_runs_again_after_a_dropped_connection (Fixture       *f,
                                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *again = NULL;
  Wait wait = { NULL };

  up_test_pg_end_session (f->db, f->conn, &pid);
  wait_until_none (f, "SELECT count (*) FROM pg_stat_activity WHERE pid = $1::int", pid);

  /* Read-only work never shows the drop: it ran again, on a new session. */
  up_database_run_read_async (f->db, backend_pid_func, NULL, NULL, g_free, NULL, done_cb, &wait);
  again = up_database_run_finish (f->db, wait_result (&wait, "up_database_run_read_async"), &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpstr (again, !=, pid);

  up_test_drain_main_context ();
  g_assert_cmpuint (f->counts.n_lost, ==, 1);
  g_assert_cmpuint (f->counts.n_reconnected, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/commit-outcome/answer-lost-after-commit-is-saved-once", Fixture, NULL,
              fixture_setup, test_answer_lost_after_commit_is_saved_once, fixture_teardown);
  g_test_add ("/commit-outcome/cut-before-commit-is-not-saved", Fixture, NULL,
              fixture_setup, test_cut_before_commit_is_not_saved, fixture_teardown);
  g_test_add ("/commit-outcome/commit-still-in-progress-is-waited-for", Fixture, NULL,
              fixture_setup, test_commit_still_in_progress_is_waited_for, fixture_teardown);
  g_test_add ("/commit-outcome/unresolved-commit-says-it-is-not-known", Fixture, NULL,
              fixture_setup, test_unresolved_commit_says_it_is_not_known, fixture_teardown);
  g_test_add ("/commit-outcome/commit-keeps-the-unanswered-transaction", Fixture, NULL,
              fixture_setup, test_commit_keeps_the_unanswered_transaction, fixture_teardown);
  g_test_add ("/commit-outcome/reading-runs-again-after-a-dropped-connection", Fixture, NULL,
              fixture_setup, test_reading_runs_again_after_a_dropped_connection, fixture_teardown);

  return g_test_run ();
}
