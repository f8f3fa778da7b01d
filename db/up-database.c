/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-database"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-database.h"
#include "up-error.h"
#include "up-pg.h"

/* One PGconn, touched only by one worker thread that takes jobs from a FIFO
 * queue (the design of GNOME's gom and libgda's GdaWorker).  Callers get
 * GTask completions on their own main context, so the UI never waits on the
 * socket.  A cancelled GCancellable sends PQcancel() from a short-lived
 * thread: sending it may itself take a network round trip. */

struct _UpDatabase
{
  GObject       parent_instance;

  char         *conninfo;
  char         *label;

  GAsyncQueue  *queue;
  GThread      *thread;

  /* Shared between the worker and cancel senders. */
  GMutex        lock;
  PGcancel     *cancel;
  guint64       generation;   /* bumped when a job ends */
  guint         n_senders;    /* cancel requests on their way */
  GCond         senders_done;
  gint          connected;    /* atomic */

  /* Where ::connection-lost and ::reconnected are emitted. */
  GMainContext *context;

  /* Worker thread only. */
  PGconn       *conn;
  gboolean      lost;         /* the connection dropped; retrying */
  guint         retry_ms;     /* the wait before the next attempt */
};

G_DEFINE_FINAL_TYPE (UpDatabase, up_database, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNINFO,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CONNECTION_LOST,
  RECONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* After a dropped connection the worker tries again by itself, waiting
 * longer each time up to RETRY_MAX_MS. */
#define RETRY_FIRST_MS 250
#define RETRY_MAX_MS   8000

/* How long a job whose COMMIT went unanswered waits to learn what became of
 * it, and how often it asks while the old session is still finishing. */
#define RESOLVE_MAX_MS     30000
#define RESOLVE_POLL_MS    250

typedef enum
{
  JOB_RUN,
  JOB_CONNECT,
  JOB_QUIT,
} JobKind;

typedef struct
{
  JobKind         kind;
  gboolean        read_only;  /* may run again after a dropped connection */
  UpDatabaseFunc  func;
  gpointer        data;
  GDestroyNotify  data_destroy;
  GDestroyNotify  result_destroy;
  GTask          *task;
} Job;

/* A sender holds no reference: up_database_close(), which dispose calls
 * too, waits for every sender, so the database outlives them all and is
 * gone as soon as its owner lets go. */
typedef struct
{
  UpDatabase *self;
  guint64     generation;
} CancelRequest;

static gboolean
release_task_cb (gpointer user_data)
{
  return G_SOURCE_REMOVE;
}

/* The task holds the last reference to the UpDatabase when its owner let go
 * while a job ran; dropping it on the worker would dispose the object there
 * and join the worker from itself.  So the worker's reference is released
 * on the task's own main context (or when that context goes away). */
static void
release_task (GTask *task)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, release_task_cb, task, g_object_unref);
  g_source_set_static_name (source, "[up-database] release task");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static void
job_free (Job *job)
{
  if (job->data_destroy != NULL && job->data != NULL)
    job->data_destroy (job->data);
  if (job->task != NULL)
    release_task (g_steal_pointer (&job->task));
  g_free (job);
}

/* Worker ------------------------------------------------------------------ */

static gpointer
send_cancel_thread (gpointer data)
{
  CancelRequest *request = data;
  UpDatabase *self = request->self;
  char errbuf[256];

  /* Holding the lock keeps the worker from starting its next job while the
   * request is on its way, so a late cancel can only hit the job it was
   * meant for or an idle connection. */
  g_mutex_lock (&self->lock);
  if (self->cancel != NULL && self->generation == request->generation)
    PQcancel (self->cancel, errbuf, sizeof errbuf);
  if (--self->n_senders == 0)
    g_cond_broadcast (&self->senders_done);
  g_mutex_unlock (&self->lock);

  g_free (request);
  return NULL;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  UpDatabase *self = user_data;
  CancelRequest *request = g_new0 (CancelRequest, 1);

  g_mutex_lock (&self->lock);
  request->generation = self->generation;
  self->n_senders++;
  g_mutex_unlock (&self->lock);
  request->self = self;

  g_thread_unref (g_thread_new ("up-db-cancel", send_cancel_thread, request));
}

static void
refresh_cancel (UpDatabase *self)
{
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->cancel, PQfreeCancel);
  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    self->cancel = PQgetCancel (self->conn);
  g_mutex_unlock (&self->lock);

  g_atomic_int_set (&self->connected,
                    self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK);
}

static gboolean
worker_ensure_connection (UpDatabase  *self,
                          GError     **error)
{
  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;

  /* The server went away since the last job (restart, network): one
   * quiet attempt to come back before this job fails, through
   * up_pg_connect() so that the session is set up as the first time. */
  g_clear_pointer (&self->conn, PQfinish);

  self->conn = up_pg_connect (self->conninfo, error);
  refresh_cancel (self);

  return self->conn != NULL;
}

typedef struct
{
  GWeakRef self;
  guint    signal;
} Emission;

static gboolean
emit_cb (gpointer user_data)
{
  Emission *emission = user_data;
  g_autoptr(UpDatabase) self = g_weak_ref_get (&emission->self);

  if (self != NULL)
    g_signal_emit (self, signals[emission->signal], 0);
  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_weak_ref_clear (&emission->self);
  g_free (emission);
}

/* From the worker: the signal runs on the owner's context, and not at all
 * once the owner let go. */
static void
emit_on_context (UpDatabase *self,
                 guint       signal)
{
  Emission *emission = g_new0 (Emission, 1);
  GSource *source = g_idle_source_new ();

  g_weak_ref_init (&emission->self, self);
  emission->signal = signal;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_cb, emission, emission_free);
  g_source_set_static_name (source, "[up-database] connection state");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* A connection that worked and broke: say so once, then retry. */
static void
worker_check_lost (UpDatabase *self,
                   gboolean    had_connection)
{
  gboolean bad = self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK;

  if (bad && had_connection && !self->lost)
    {
      self->lost = TRUE;
      self->retry_ms = RETRY_FIRST_MS;
      emit_on_context (self, CONNECTION_LOST);
    }
  else if (!bad && self->lost)
    {
      self->lost = FALSE;
      emit_on_context (self, RECONNECTED);
    }
}

static void
worker_retry (UpDatabase *self)
{
  if (worker_ensure_connection (self, NULL))
    worker_check_lost (self, TRUE);
  else
    self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
}

/* Sleeps @ms, or less when @cancellable is cancelled meanwhile. */
static void
worker_sleep (GCancellable *cancellable,
              guint         ms)
{
  GPollFD pollfd;

  if (g_cancellable_make_pollfd (cancellable, &pollfd))
    {
      g_poll (&pollfd, 1, (int) ms);
      g_cancellable_release_fd (cancellable);
    }
  else
    g_usleep ((gulong) ms * 1000);
}

/* The job's COMMIT went out and its answer was lost.  Once connected again,
 * the server says what became of transaction @xid; a session that is still
 * finishing it (the server has not yet noticed the old connection is gone)
 * answers "in progress" for a while. */
static void
worker_resolve_commit (UpDatabase    *self,
                       const char    *xid,
                       GCancellable  *cancellable,
                       GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) RESOLVE_MAX_MS * 1000;
  const char *params[] = { xid };

  /* Said at once: the window shows it while we wait. */
  worker_check_lost (self, TRUE);

  for (;;)
    {
      guint wait_ms = RESOLVE_POLL_MS;

      if (worker_ensure_connection (self, NULL))
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(PGresult) result = NULL;
          const char *status;

          worker_check_lost (self, TRUE);
          result = up_pg_exec (self->conn, "SELECT pg_xact_status ($1::xid8)", 1, params, &local_error);
          status = result != NULL && !PQgetisnull (result, 0, 0) ? PQgetvalue (result, 0, 0) : NULL;

          if (result != NULL && g_strcmp0 (status, "committed") == 0)
            {
              g_set_error_literal (error, UP_ERROR, UP_ERROR_DONE_UNCONFIRMED,
                                   _("The change was saved, but the connection dropped before the server "
                                     "confirmed it. Reload to see it."));
              return;
            }

          /* Aborted, or so old the server keeps no trace of it (never the
           * case for a transaction of seconds ago). */
          if (result != NULL && g_strcmp0 (status, "in progress") != 0)
            {
              g_set_error_literal (error, UP_ERROR, UP_ERROR_CONNECTION,
                                   _("The change was not saved: the connection was lost. Nothing was written; "
                                     "you can try again."));
              return;
            }

          if (result == NULL)
            {
              /* Lost again: wait as the worker does.  Any other error (an
               * id the server does not know: another server?) is no
               * answer. */
              if (PQstatus (self->conn) == CONNECTION_OK)
                {
                  g_debug ("cannot ask for transaction %s: %s", xid, local_error->message);
                  break;
                }
              worker_check_lost (self, TRUE);
              wait_ms = self->retry_ms;
            }
        }
      else
        {
          wait_ms = self->retry_ms;
          self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
        }

      if (g_cancellable_is_cancelled (cancellable)
          || g_get_monotonic_time () + (gint64) wait_ms * 1000 > deadline)
        break;
      worker_sleep (cancellable, wait_ms);
    }

  g_set_error_literal (error, UP_ERROR, UP_ERROR_OUTCOME_UNKNOWN,
                       _("The connection was lost while the change was being saved, and it is not known "
                         "whether it was saved. Check whether the change is there before trying again."));
}

/* The job's own work, with the cancel request armed while it runs. */
static gpointer
worker_call (UpDatabase    *self,
             Job           *job,
             GCancellable  *cancellable,
             GError       **error)
{
  gpointer result;
  gulong handler = 0;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  result = job->func (self->conn, job->data, cancellable, error);

  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);

  /* A job never leaves a transaction open for the next one. */
  up_pg_rollback (self->conn);

  return result;
}

static void
worker_run_job (UpDatabase *self,
                Job        *job)
{
  GCancellable *cancellable = g_task_get_cancellable (job->task);
  g_autoptr(GError) error = NULL;
  gpointer result = NULL;
  gboolean had_connection = self->lost || self->conn != NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    goto out;

  if (!worker_ensure_connection (self, &error))
    goto out;

  if (job->kind == JOB_CONNECT)
    {
      result = GINT_TO_POINTER (TRUE);
      goto out;
    }

  result = worker_call (self, job, cancellable, &error);

  {
    g_autofree char *xid = up_pg_take_unconfirmed_commit (self->conn);

    /* Done or not done, never "maybe": ask the server.  Not cancelled
     * either way: what happened to the change is what the caller needs. */
    if (xid != NULL && error != NULL)
      {
        g_clear_error (&error);
        worker_resolve_commit (self, xid, cancellable, &error);
        g_task_set_check_cancellable (job->task, FALSE);
        if (result != NULL && job->result_destroy != NULL)
          job->result_destroy (g_steal_pointer (&result));
        goto out;
      }
  }

  /* Work that only reads runs once more on a connection found broken:
   * the person never sees a dropped connection that mended at once. */
  if (job->read_only && error != NULL && g_error_matches (error, UP_ERROR, UP_ERROR_CONNECTION)
      && !g_cancellable_is_cancelled (cancellable)
      && (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK))
    {
      worker_check_lost (self, TRUE);
      if (worker_ensure_connection (self, NULL))
        {
          worker_check_lost (self, TRUE);
          if (result != NULL && job->result_destroy != NULL)
            job->result_destroy (g_steal_pointer (&result));
          g_clear_error (&error);
          result = worker_call (self, job, cancellable, &error);
        }
    }

  if (error != NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The operation was cancelled."));
    }

out:
  /* A job that lost its connection fails with UP_ERROR_CONNECTION; the
   * server rolls back its open transaction.  Only a COMMIT whose answer was
   * lost leaves the outcome unknown to us. */
  worker_check_lost (self, had_connection);

  g_mutex_lock (&self->lock);
  self->generation++;
  g_mutex_unlock (&self->lock);
  g_atomic_int_set (&self->connected,
                    self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK);

  if (error != NULL)
    {
      if (result != NULL && job->result_destroy != NULL)
        job->result_destroy (result);
      g_task_return_error (job->task, g_steal_pointer (&error));
    }
  else if (job->kind == JOB_CONNECT)
    g_task_return_boolean (job->task, TRUE);
  else
    g_task_return_pointer (job->task, result, job->result_destroy);
}

static gpointer
worker_main (gpointer data)
{
  UpDatabase *self = data;

  for (;;)
    {
      Job *job;

      if (self->lost)
        {
          job = g_async_queue_timeout_pop (self->queue, (guint64) self->retry_ms * 1000);
          if (job == NULL)
            {
              worker_retry (self);
              continue;
            }
        }
      else
        job = g_async_queue_pop (self->queue);

      if (job->kind == JOB_QUIT)
        {
          job_free (job);
          break;
        }

      worker_run_job (self, job);
      job_free (job);
    }

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->cancel, PQfreeCancel);
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&self->conn, PQfinish);
  g_atomic_int_set (&self->connected, FALSE);

  return NULL;
}

static void
push_job (UpDatabase *self,
          Job        *job)
{
  if (self->thread == NULL)
    self->thread = g_thread_new ("up-db-worker", worker_main, self);

  g_async_queue_push (self->queue, job);
}

/* GObject ------------------------------------------------------------------ */

static char *
label_from_conninfo (const char *conninfo)
{
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *service = NULL;
  PQconninfoOption *options;

  options = PQconninfoParse (conninfo != NULL ? conninfo : "", NULL);
  if (options == NULL)
    return g_strdup (_("Database server"));

  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0')
        continue;
      if (g_str_equal (o->keyword, "host"))
        host = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "port"))
        port = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "dbname"))
        dbname = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "service"))
        service = g_strdup (o->val);
    }
  PQconninfoFree (options);

  if (service != NULL)
    /* Translators: %s is a libpq service name from pg_service.conf */
    return g_strdup_printf (_("Service “%s”"), service);

  if (host == NULL)
    host = g_strdup (g_getenv ("PGHOST") != NULL ? g_getenv ("PGHOST") : "localhost");
  if (dbname == NULL)
    dbname = g_strdup (g_getenv ("PGDATABASE") != NULL ? g_getenv ("PGDATABASE") : "");

  /* Translators: a database name, then the server's host and port */
  return g_strdup_printf (_("%s on %s:%s"), dbname, host, port != NULL ? port : "5432");
}

static void
up_database_dispose (GObject *object)
{
  UpDatabase *self = UP_DATABASE (object);

  up_database_close (self);

  G_OBJECT_CLASS (up_database_parent_class)->dispose (object);
}

static void
up_database_finalize (GObject *object)
{
  UpDatabase *self = UP_DATABASE (object);

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->senders_done);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (up_database_parent_class)->finalize (object);
}

static void
up_database_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  UpDatabase *self = UP_DATABASE (object);

  switch (prop_id)
    {
    case PROP_CONNINFO:
      g_value_set_string (value, self->conninfo);
      break;

    case PROP_LABEL:
      g_value_set_string (value, up_database_get_label (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_database_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  UpDatabase *self = UP_DATABASE (object);

  switch (prop_id)
    {
    case PROP_CONNINFO:
      self->conninfo = g_value_dup_string (value);
      break;

    case PROP_LABEL:
      up_database_set_label (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_database_class_init (UpDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = up_database_dispose;
  object_class->finalize = up_database_finalize;
  object_class->get_property = up_database_get_property;
  object_class->set_property = up_database_set_property;

  properties[PROP_CONNINFO] =
    g_param_spec_string ("conninfo", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The connection that worked broke (server restart, network); jobs fail
   * with UP_ERROR_CONNECTION while the worker retries by itself. */
  signals[CONNECTION_LOST] =
    g_signal_new ("connection-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Connected again after ::connection-lost. */
  signals[RECONNECTED] =
    g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
up_database_init (UpDatabase *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->senders_done);
  self->queue = g_async_queue_new ();
  self->context = g_main_context_ref_thread_default ();
}

/* Public ------------------------------------------------------------------ */

UpDatabase *
up_database_new (const char *conninfo)
{
  return g_object_new (UP_TYPE_DATABASE, "conninfo", conninfo, NULL);
}

const char *
up_database_get_conninfo (UpDatabase *self)
{
  g_return_val_if_fail (UP_IS_DATABASE (self), NULL);

  return self->conninfo;
}

const char *
up_database_get_label (UpDatabase *self)
{
  g_return_val_if_fail (UP_IS_DATABASE (self), NULL);

  if (self->label == NULL)
    self->label = label_from_conninfo (self->conninfo);

  return self->label;
}

void
up_database_set_label (UpDatabase *self,
                       const char *label)
{
  g_return_if_fail (UP_IS_DATABASE (self));

  if (g_strcmp0 (self->label, label) == 0)
    return;

  g_free (self->label);
  self->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

gboolean
up_database_is_connected (UpDatabase *self)
{
  g_return_val_if_fail (UP_IS_DATABASE (self), FALSE);

  return g_atomic_int_get (&self->connected);
}

void
up_database_connect_async (UpDatabase          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;

  g_return_if_fail (UP_IS_DATABASE (self));

  job = g_new0 (Job, 1);
  job->kind = JOB_CONNECT;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, up_database_connect_async);
  push_job (self, job);
}

gboolean
up_database_connect_finish (UpDatabase    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Both kinds of work finish with up_database_run_finish(). */
static void
push_run_job (UpDatabase          *self,
              gboolean             read_only,
              UpDatabaseFunc       func,
              gpointer             data,
              GDestroyNotify       data_destroy,
              GDestroyNotify       result_destroy,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->kind = JOB_RUN;
  job->read_only = read_only;
  job->func = func;
  job->data = data;
  job->data_destroy = data_destroy;
  job->result_destroy = result_destroy;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, up_database_run_async);
  push_job (self, job);
}

void
up_database_run_async (UpDatabase          *self,
                       UpDatabaseFunc       func,
                       gpointer             data,
                       GDestroyNotify       data_destroy,
                       GDestroyNotify       result_destroy,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (self));
  g_return_if_fail (func != NULL);

  push_run_job (self, FALSE, func, data, data_destroy, result_destroy, cancellable, callback, user_data);
}

void
up_database_run_read_async (UpDatabase          *self,
                            UpDatabaseFunc       func,
                            gpointer             data,
                            GDestroyNotify       data_destroy,
                            GDestroyNotify       result_destroy,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (self));
  g_return_if_fail (func != NULL);

  push_run_job (self, TRUE, func, data, data_destroy, result_destroy, cancellable, callback, user_data);
}

gpointer
up_database_run_finish (UpDatabase    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
  gboolean      task_gone;
} SyncWait;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->result = g_object_ref (result);
}

static void
sync_task_gone_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  SyncWait *wait = data;

  wait->task_gone = TRUE;
}

/* The sync calls run the async ones on a private main context, so both
 * share one code path. */
static void
sync_begin (SyncWait *wait)
{
  wait->context = g_main_context_new ();
  wait->result = NULL;
  wait->task_gone = FALSE;
  g_main_context_push_thread_default (wait->context);
}

static GAsyncResult *
sync_wait_result (SyncWait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (wait->context, TRUE);

  return wait->result;
}

/* The worker lets go of the task through a source on the private context
 * (see release_task); wait for that too, or the context, the task and the
 * source would keep each other alive. */
static void
sync_end (SyncWait *wait)
{
  g_object_weak_ref (G_OBJECT (wait->result), sync_task_gone_cb, wait);
  g_clear_object (&wait->result);
  while (!wait->task_gone)
    g_main_context_iteration (wait->context, TRUE);

  g_main_context_pop_thread_default (wait->context);
  g_main_context_unref (wait->context);
}

gboolean
up_database_connect_sync (UpDatabase    *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  SyncWait wait;
  gboolean ok;

  sync_begin (&wait);
  up_database_connect_async (self, cancellable, sync_done_cb, &wait);
  ok = up_database_connect_finish (self, sync_wait_result (&wait), error);
  sync_end (&wait);

  return ok;
}

gpointer
up_database_run_sync (UpDatabase      *self,
                      UpDatabaseFunc   func,
                      gpointer         data,
                      GCancellable    *cancellable,
                      GError         **error)
{
  SyncWait wait;
  gpointer result;

  sync_begin (&wait);
  up_database_run_async (self, func, data, NULL, NULL, cancellable, sync_done_cb, &wait);
  result = up_database_run_finish (self, sync_wait_result (&wait), error);
  sync_end (&wait);

  return result;
}

typedef struct
{
  char  *sql;
  int    n_params;
  char **params;
} QueryData;

static void
query_data_free (gpointer data)
{
  QueryData *query = data;

  g_free (query->sql);
  for (int i = 0; i < query->n_params; i++)
    g_free (query->params[i]);
  g_free (query->params);
  g_free (query);
}

static gpointer
query_func (PGconn        *conn,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  QueryData *query = data;

  return up_pg_exec (conn, query->sql, query->n_params,
                     (const char * const *) query->params, error);
}

void
up_database_query_async (UpDatabase          *self,
                         const char          *sql,
                         int                  n_params,
                         const char * const  *params,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  QueryData *query;

  g_return_if_fail (UP_IS_DATABASE (self));
  g_return_if_fail (sql != NULL);
  g_return_if_fail (n_params >= 0);

  /* Copies: the caller's strings may be gone before the worker runs. */
  query = g_new0 (QueryData, 1);
  query->sql = g_strdup (sql);
  query->n_params = n_params;
  query->params = g_new0 (char *, n_params + 1);
  for (int i = 0; i < n_params; i++)
    query->params[i] = g_strdup (params[i]);

  up_database_run_async (self, query_func, query, query_data_free,
                         (GDestroyNotify) PQclear, cancellable, callback, user_data);
}

PGresult *
up_database_query_finish (UpDatabase    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return up_database_run_finish (self, result, error);
}

PGresult *
up_database_query_sync (UpDatabase          *self,
                        const char          *sql,
                        int                  n_params,
                        const char * const  *params,
                        GCancellable        *cancellable,
                        GError             **error)
{
  SyncWait wait;
  PGresult *result;

  sync_begin (&wait);
  up_database_query_async (self, sql, n_params, params, cancellable, sync_done_cb, &wait);
  result = up_database_query_finish (self, sync_wait_result (&wait), error);
  sync_end (&wait);

  return result;
}

void
up_database_close (UpDatabase *self)
{
  Job *job;

  g_return_if_fail (UP_IS_DATABASE (self));

  if (self->thread != NULL)
    {
      job = g_new0 (Job, 1);
      job->kind = JOB_QUIT;
      g_async_queue_push (self->queue, job);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  /* Cancel requests still on their way use this object. */
  g_mutex_lock (&self->lock);
  while (self->n_senders > 0)
    g_cond_wait (&self->senders_done, &self->lock);
  g_mutex_unlock (&self->lock);
}
