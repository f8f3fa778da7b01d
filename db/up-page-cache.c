/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-page-cache"

#include "config.h"

#include <string.h>

#include "up-error.h"
#include "up-page-cache.h"

#define PAGE_SIZE UP_PAGE_CACHE_PAGE_SIZE
#define MAX_PAGES 50

typedef struct
{
  guint          index;
  guint          n_items;
  GObject      **items;
  GList          link;      /* in self->lru, most recent first */
  GCancellable  *cancellable;
  guint          loading : 1;
  guint          loaded : 1;
} Page;

struct _UpPageCache
{
  GObject                *owner;   /* unowned: it owns the cache */
  const UpPageCacheItems *items;
  GParamSpec             *n_items_pspec;
  GParamSpec             *loading_pspec;
  GParamSpec             *error_pspec;

  UpDatabase             *db;

  /* Work of the current query; a new one cancels it. */
  GCancellable           *cancellable;
  guint                   generation;

  guint                   n_items;
  GArray                 *ids;       /* gint64 of every match in order, once loaded */
  GHashTable             *pages;     /* page index → Page */
  GQueue                  lru;
  guint                   n_running;
  GError                 *error;
};

/* One step of a query, on the worker. */
typedef struct
{
  UpPageCacheStep      step;
  UpPageCacheStepFunc  func;
  gpointer             query;       /* a g_atomic_rc_box */
  GDestroyNotify       query_clear;
} StepJob;

struct _UpPageCacheTicket
{
  GWeakRef     owner;
  UpPageCache *cache;       /* alive while the owner is */
  guint        generation;
  guint        page;
};

static void load_page (UpPageCache *self,
                       Page        *page);

/* Pages ------------------------------------------------------------------------ */

static void
page_free (gpointer data)
{
  Page *page = data;

  g_cancellable_cancel (page->cancellable);
  g_clear_object (&page->cancellable);
  for (guint i = 0; i < page->n_items; i++)
    g_clear_object (&page->items[i]);
  g_free (page->items);
  g_free (page);
}

static void
set_loading (UpPageCache *self,
             int          delta)
{
  gboolean was = self->n_running > 0;

  self->n_running += delta;
  if (was != (self->n_running > 0))
    g_object_notify_by_pspec (self->owner, self->loading_pspec);
}

static void
set_error (UpPageCache  *self,
           const GError *error)
{
  if (error == NULL && self->error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (self->owner, self->error_pspec);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         || g_error_matches (error, UP_ERROR, UP_ERROR_CANCELLED);
}

/* A job failed: the error is the owner's unless the job was cancelled. */
static void
job_failed (UpPageCache  *self,
            const GError *error)
{
  if (!is_cancelled (error))
    set_error (self, error);
}

/* Ends the loading of @ticket's job; answers a new reference to the owner
 * when it is alive and the job's query is still the current one. */
static gpointer
ticket_resolve (UpPageCacheTicket *ticket)
{
  g_autoptr(GObject) owner = g_weak_ref_get (&ticket->owner);

  if (owner == NULL)
    return NULL;

  set_loading (ticket->cache, -1);
  if (ticket->cache->generation != ticket->generation)
    return NULL;

  return g_steal_pointer (&owner);
}

static void
drop_pages (UpPageCache *self)
{
  /* The links are the pages' own: forget them, do not free them. */
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

static void
evict_pages (UpPageCache *self)
{
  while (self->lru.length > MAX_PAGES)
    {
      Page *page = g_queue_peek_tail (&self->lru);

      g_queue_unlink (&self->lru, &page->link);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
    }
}

/* Fills the placeholders of @page from @result: in order for the first page
 * before the ids arrive, by id after. */
static void
fill_page (UpPageCache    *self,
           Page           *page,
           const PGresult *result)
{
  g_autoptr(GHashTable) rows = NULL;
  g_autofree gint64 *keys = NULL;

  page->loading = FALSE;
  page->loaded = TRUE;

  if (self->ids == NULL)
    {
      /* The first page, in order from the server. */
      for (guint i = 0; i < page->n_items && (int) i < PQntuples (result); i++)
        self->items->fill (page->items[i], result, (int) i);
      return;
    }

  rows = g_hash_table_new (g_int64_hash, g_int64_equal);
  keys = g_new (gint64, MAX (PQntuples (result), 1));
  for (int row = 0; row < PQntuples (result); row++)
    {
      keys[row] = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);
      g_hash_table_insert (rows, &keys[row], GINT_TO_POINTER (row + 1));
    }

  for (guint i = 0; i < page->n_items; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, page->index * PAGE_SIZE + i);
      int row = GPOINTER_TO_INT (g_hash_table_lookup (rows, &id)) - 1;

      /* A row deleted since the query ran stays a placeholder. */
      if (row >= 0)
        self->items->fill (page->items[i], result, row);
    }
}

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(UpPageCacheTicket) ticket = user_data;
  g_autoptr(GObject) owner = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(GError) error = NULL;
  UpPageCache *self;
  Page *page;

  rows = up_database_query_finish (UP_DATABASE (object), result, &error);

  owner = ticket_resolve (ticket);
  if (owner == NULL)
    return;
  self = ticket->cache;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (ticket->page));
  if (rows == NULL)
    {
      if (page != NULL)
        page->loading = FALSE;
      job_failed (self, error);
      return;
    }

  if (page == NULL || page->loaded)
    return;

  fill_page (self, page, rows);
}

/* Queues the lookup of @page's ids; before the ids arrive only the first
 * page is on its way, the others wait for them (up_page_cache_set_ids()). */
static void
load_page (UpPageCache *self,
           Page        *page)
{
  GString *array;
  const char *params[1];
  UpPageCacheTicket *ticket;

  if (page->loading || page->loaded || self->ids == NULL || self->db == NULL)
    return;

  array = g_string_new ("{");
  for (guint i = 0; i < page->n_items; i++)
    g_string_append_printf (array, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (self->ids, gint64, page->index * PAGE_SIZE + i));
  g_string_append_c (array, '}');
  params[0] = array->str;

  page->loading = TRUE;
  ticket = up_page_cache_ticket_new (self);
  ticket->page = page->index;
  up_database_query_async (self->db, self->items->page_sql, 1, params, page->cancellable,
                           page_loaded_cb, ticket);
  g_string_free (array, TRUE);
}

/* The page @index, made of placeholders and queued when it is not cached,
 * and now the most recently used. */
static Page *
ensure_page (UpPageCache *self,
             guint        index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page != NULL)
    {
      /* Most recently used first. */
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
      return page;
    }

  page = g_new0 (Page, 1);
  page->index = index;
  page->link.data = page;
  page->n_items = MIN (PAGE_SIZE, self->n_items - index * PAGE_SIZE);
  page->items = g_new0 (GObject *, page->n_items);
  page->cancellable = g_cancellable_new ();
  for (guint i = 0; i < page->n_items; i++)
    page->items[i] = self->items->new_placeholder ();

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);
  evict_pages (self);

  load_page (self, page);
  return page;
}

/* The cache ---------------------------------------------------------------------- */

UpPageCache *
up_page_cache_new (GObject                *owner,
                   const UpPageCacheItems *items,
                   GParamSpec             *n_items_pspec,
                   GParamSpec             *loading_pspec,
                   GParamSpec             *error_pspec)
{
  UpPageCache *self = g_new0 (UpPageCache, 1);

  g_return_val_if_fail (G_IS_LIST_MODEL (owner), NULL);

  self->owner = owner;
  self->items = items;
  self->n_items_pspec = n_items_pspec;
  self->loading_pspec = loading_pspec;
  self->error_pspec = error_pspec;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
  return self;
}

void
up_page_cache_free (UpPageCache *self)
{
  if (self == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_pages (self);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->db);
  g_free (self);
}

void
up_page_cache_set_database (UpPageCache *self,
                            UpDatabase  *db)
{
  g_set_object (&self->db, db);
}

void
up_page_cache_dispose (UpPageCache *self)
{
  g_cancellable_cancel (self->cancellable);
  drop_pages (self);
  g_clear_object (&self->db);
}

void
up_page_cache_restart (UpPageCache *self,
                       gboolean     clear)
{
  guint old = self->n_items;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;

  if (clear)
    {
      drop_pages (self);
      g_clear_pointer (&self->ids, g_array_unref);
    }
  set_error (self, NULL);

  if (!clear)
    return;

  /* Nothing to show until the count arrives. */
  self->n_items = 0;
  if (old > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self->owner), 0, old, 0);
      g_object_notify_by_pspec (self->owner, self->n_items_pspec);
    }
}

GCancellable *
up_page_cache_get_cancellable (UpPageCache *self)
{
  return self->cancellable;
}

guint
up_page_cache_get_n_items (UpPageCache *self)
{
  return self->n_items;
}

gpointer
up_page_cache_get_item (UpPageCache *self,
                        guint        position)
{
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = ensure_page (self, position / PAGE_SIZE);
  return g_object_ref (page->items[position % PAGE_SIZE]);
}

gboolean
up_page_cache_get_loading (UpPageCache *self)
{
  return self->n_running > 0;
}

const GError *
up_page_cache_get_error (UpPageCache *self)
{
  return self->error;
}

GArray *
up_page_cache_get_ids (UpPageCache *self)
{
  return self->ids;
}

void
up_page_cache_set_n_items (UpPageCache *self,
                           guint        n_items)
{
  guint old = self->n_items;
  guint first_gone = MIN (old, n_items) / PAGE_SIZE;
  GHashTableIter iter;
  Page *page;

  if (old == n_items)
    return;

  /* Pages past the new end, and the last one, lose or gain rows. */
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
    if (page->index >= first_gone)
      {
        g_queue_unlink (&self->lru, &page->link);
        g_hash_table_iter_remove (&iter);
      }

  self->n_items = n_items;
  g_list_model_items_changed (G_LIST_MODEL (self->owner), MIN (old, n_items),
                              old - MIN (old, n_items), n_items - MIN (old, n_items));
  g_object_notify_by_pspec (self->owner, self->n_items_pspec);
}

void
up_page_cache_set_ids (UpPageCache *self,
                       GArray      *ids)
{
  GHashTableIter iter;
  Page *page;

  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = ids;
  up_page_cache_set_n_items (self, ids->len);

  /* The pages asked for meanwhile. */
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
    if (!page->loaded)
      load_page (self, page);
}

void
up_page_cache_replace_ids (UpPageCache *self,
                           GArray      *ids)
{
  guint old = self->n_items;

  drop_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = ids;
  self->n_items = ids->len;

  if (old != 0 || ids->len != 0)
    g_list_model_items_changed (G_LIST_MODEL (self->owner), 0, old, ids->len);
  if (old != ids->len)
    g_object_notify_by_pspec (self->owner, self->n_items_pspec);
}

GArray *
up_page_cache_parse_ids (const char *text)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *p = text;

  if (p == NULL)
    return ids;

  /* {1,2,3}: at least two characters an id, reserved at once. */
  g_array_set_size (ids, (guint) (strlen (p) / 2));
  g_array_set_size (ids, 0);
  if (*p == '{')
    p++;
  while (*p != '\0' && *p != '}')
    {
      char *end = NULL;
      gint64 id = g_ascii_strtoll (p, &end, 10);

      if (end == p)
        break;
      g_array_append_val (ids, id);
      p = *end == ',' ? end + 1 : end;
    }

  return ids;
}

/* Jobs --------------------------------------------------------------------------- */

static void
step_job_free (gpointer data)
{
  StepJob *job = data;

  g_atomic_rc_box_release_full (job->query, job->query_clear);
  g_free (job);
}

/* Runs on the worker: one step of a query.  The ids are parsed here, off
 * the main thread. */
static gpointer
step_job_func (PGconn        *conn,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  StepJob *job = data;
  g_autoptr(PGresult) result = NULL;

  if (job->step != UP_PAGE_CACHE_STEP_IDS)
    return job->func (conn, job->step, job->query, error);

  result = job->func (conn, job->step, job->query, error);
  if (result == NULL)
    return NULL;

  return up_page_cache_parse_ids (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0)
                                  ? PQgetvalue (result, 0, 0) : NULL);
}

static void
queue_step (UpPageCache         *self,
            UpPageCacheStepFunc  func,
            gpointer             query,
            GDestroyNotify       query_clear,
            UpPageCacheStep      step,
            GAsyncReadyCallback  callback)
{
  static const GDestroyNotify result_free[] = {
    [UP_PAGE_CACHE_STEP_COUNT] = g_free,
    [UP_PAGE_CACHE_STEP_FIRST_PAGE] = (GDestroyNotify) PQclear,
    [UP_PAGE_CACHE_STEP_IDS] = (GDestroyNotify) g_array_unref,
  };
  StepJob *job = g_new0 (StepJob, 1);

  job->step = step;
  job->func = func;
  job->query = g_atomic_rc_box_acquire (query);
  job->query_clear = query_clear;

  up_database_run_read_async (self->db, step_job_func, job, step_job_free, result_free[step],
                              self->cancellable, callback, up_page_cache_ticket_new (self));
}

void
up_page_cache_run_query (UpPageCache         *self,
                         UpPageCacheStepFunc  func,
                         gpointer             query,
                         GDestroyNotify       query_clear,
                         GAsyncReadyCallback  count_cb,
                         GAsyncReadyCallback  ids_cb)
{
  /* The worker runs them in this order. */
  queue_step (self, func, query, query_clear, UP_PAGE_CACHE_STEP_COUNT, count_cb);
  queue_step (self, func, query, query_clear, UP_PAGE_CACHE_STEP_FIRST_PAGE, up_page_cache_first_page_cb);
  queue_step (self, func, query, query_clear, UP_PAGE_CACHE_STEP_IDS,
              ids_cb != NULL ? ids_cb : up_page_cache_ids_cb);
  g_atomic_rc_box_release_full (query, query_clear);
}

UpPageCacheTicket *
up_page_cache_ticket_new (UpPageCache *self)
{
  UpPageCacheTicket *ticket = g_new0 (UpPageCacheTicket, 1);

  g_weak_ref_init (&ticket->owner, self->owner);
  ticket->cache = self;
  ticket->generation = self->generation;
  set_loading (self, +1);
  return ticket;
}

gpointer
up_page_cache_ticket_finish (UpPageCacheTicket *ticket,
                             gboolean           succeeded,
                             const GError      *error)
{
  g_autoptr(GObject) owner = ticket_resolve (ticket);

  if (owner == NULL)
    return NULL;

  if (!succeeded)
    {
      job_failed (ticket->cache, error);
      return NULL;
    }

  return g_steal_pointer (&owner);
}

void
up_page_cache_ticket_free (UpPageCacheTicket *ticket)
{
  g_weak_ref_clear (&ticket->owner);
  g_free (ticket);
}

void
up_page_cache_first_page_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(UpPageCacheTicket) ticket = user_data;
  g_autoptr(GObject) owner = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(GError) error = NULL;
  UpPageCache *self;
  Page *page;

  rows = up_database_run_finish (UP_DATABASE (object), result, &error);

  owner = up_page_cache_ticket_finish (ticket, rows != NULL, error);
  if (owner == NULL)
    return;
  self = ticket->cache;

  if (self->ids != NULL || self->n_items == 0)
    return;

  page = ensure_page (self, 0);
  if (!page->loaded)
    fill_page (self, page, rows);
}

void
up_page_cache_ids_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(UpPageCacheTicket) ticket = user_data;
  g_autoptr(GObject) owner = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = up_database_run_finish (UP_DATABASE (object), result, &error);

  owner = up_page_cache_ticket_finish (ticket, ids != NULL, error);
  if (owner == NULL)
    return;

  up_page_cache_set_ids (ticket->cache, g_steal_pointer (&ids));
}
