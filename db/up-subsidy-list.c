/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-subsidy-list"

#include "config.h"

#include <string.h>

#include "up-error.h"
#include "up-pg.h"
#include "up-store-private.h"
#include "up-subsidy-list.h"
#include "up-subsidy-private.h"
#include "up-trainee-private.h"

/* How the list pages through the claims.
 *
 * A filter runs one statement on the connection's worker: the ids of every
 * match in the list's order as one array, with their count and their sum of
 * fen (exact: bigint summed as numeric).  A page is then one lookup by
 * primary key of a hundred ids, wherever it is, and the rows keep their
 * order for the life of the filter while others write.  Items are UpSubsidy
 * placeholders made for the pages in a small LRU cache and filled in place
 * when their page arrives; evicted pages drop their items. */

#define PAGE_SIZE 100
#define MAX_PAGES 50

typedef struct
{
  guint          index;
  guint          n_items;
  UpSubsidy    **items;
  GList          link;      /* in self->lru, most recent first */
  GCancellable  *cancellable;
  guint          loading : 1;
  guint          loaded : 1;
} Page;

struct _UpSubsidyList
{
  GObject          parent_instance;

  UpDatabase      *db;
  UpSubsidyFilter  filter;

  GCancellable    *cancellable;
  guint            generation;

  GArray          *ids;       /* gint64 of every match in order */
  gint64           total_fen;
  GHashTable      *pages;     /* page index → Page */
  GQueue           lru;
  guint            n_running;
  GError          *error;
};

static void up_subsidy_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UpSubsidyList, up_subsidy_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, up_subsidy_list_model_init))

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_LOADING,
  PROP_N_ITEMS,
  PROP_TOTAL_FEN,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every condition is always there; a NULL parameter switches it off.  The
 * search text travels as $9, escaped for LIKE. */
#define FILTER_SQL \
  " WHERE ($1::subsidy_state IS NULL OR s.state = $1::subsidy_state)" \
  "   AND ($2::bigint IS NULL OR s.academy_id = $2::bigint)" \
  "   AND ($3::bigint IS NULL OR s.batch_id = $3::bigint)" \
  "   AND (NOT $4::boolean OR s.batch_id IS NULL)" \
  "   AND ($5::integer IS NULL OR s.subsidy_year = $5::integer)" \
  "   AND ($6::date IS NULL OR s.claimed_on >= $6::date)" \
  "   AND ($7::date IS NULL OR s.claimed_on <= $7::date)" \
  "   AND ($8::text IS NULL OR s.refused_by = $8::text)" \
  "   AND ($9::text IS NULL OR t.name ILIKE $9::text)" \
  "   AND ($10::bigint IS NULL OR s.trainee_id = $10::bigint)" \
  "   AND ($11::bigint[] IS NULL OR s.id = ANY ($11::bigint[]))"
#define N_FILTER_PARAMS 11

#define ORDER_SQL "s.claimed_on DESC, s.id DESC"

static const char *ids_sql =
  "SELECT coalesce (array_agg (s.id ORDER BY " ORDER_SQL "), '{}'), count (*), "
  "       coalesce (sum (s.amount_fen), 0)::text "
  "  FROM subsidies AS s JOIN trainees AS t ON t.id = s.trainee_id" FILTER_SQL;

static const char *sum_sql =
  "SELECT count (*), coalesce (sum (s.amount_fen), 0)::text "
  "  FROM subsidies AS s JOIN trainees AS t ON t.id = s.trainee_id" FILTER_SQL;

static const char *page_by_ids_sql =
  "SELECT " UP_SUBSIDY_COLUMNS UP_SUBSIDY_FROM " WHERE s.id = ANY ($1::bigint[])";

/* The filter --------------------------------------------------------------- */

void
up_subsidy_filter_init (UpSubsidyFilter *filter)
{
  memset (filter, 0, sizeof *filter);
  filter->state = -1;
  g_date_clear (&filter->claimed_from, 1);
  g_date_clear (&filter->claimed_to, 1);
}

void
up_subsidy_filter_clear (UpSubsidyFilter *filter)
{
  g_clear_pointer (&filter->rule, g_free);
  g_clear_pointer (&filter->search, g_free);
}

void
up_subsidy_filter_copy (UpSubsidyFilter       *dest,
                        const UpSubsidyFilter *src)
{
  *dest = *src;
  dest->rule = g_strdup (src->rule);
  dest->search = g_strdup (src->search);
}

static gboolean
dates_equal (const GDate *a,
             const GDate *b)
{
  if (g_date_valid (a) != g_date_valid (b))
    return FALSE;
  return !g_date_valid (a) || g_date_compare (a, b) == 0;
}

gboolean
up_subsidy_filter_equal (const UpSubsidyFilter *a,
                         const UpSubsidyFilter *b)
{
  return a->state == b->state && a->academy_id == b->academy_id && a->batch_id == b->batch_id
         && a->year == b->year && dates_equal (&a->claimed_from, &b->claimed_from)
         && dates_equal (&a->claimed_to, &b->claimed_to) && g_strcmp0 (a->rule, b->rule) == 0
         && g_strcmp0 (a->search, b->search) == 0 && a->trainee_id == b->trainee_id;
}

/* The parameters of FILTER_SQL, as strings owned by the returned array. */
static GPtrArray *
filter_params (const UpSubsidyFilter *filter,
               const gint64          *ids,
               guint                  n_ids)
{
  GPtrArray *params = g_ptr_array_new_with_free_func (g_free);
  UpSubsidyFilter all;

  if (filter == NULL)
    {
      up_subsidy_filter_init (&all);
      filter = &all;
    }

  g_ptr_array_add (params, filter->state >= 0 && filter->state < UP_N_SUBSIDY_STATES
                           ? g_strdup (up_subsidy_state_to_sql (filter->state)) : NULL);
  g_ptr_array_add (params, filter->academy_id > 0
                           ? g_strdup_printf ("%" G_GINT64_FORMAT, filter->academy_id) : NULL);
  g_ptr_array_add (params, filter->batch_id > 0
                           ? g_strdup_printf ("%" G_GINT64_FORMAT, filter->batch_id) : NULL);
  g_ptr_array_add (params, g_strdup (filter->batch_id == UP_SUBSIDY_FILTER_NO_BATCH ? "true" : "false"));
  g_ptr_array_add (params, filter->year > 0 ? g_strdup_printf ("%d", filter->year) : NULL);
  g_ptr_array_add (params, up_store_format_date (&filter->claimed_from));
  g_ptr_array_add (params, up_store_format_date (&filter->claimed_to));
  g_ptr_array_add (params, filter->rule != NULL && *filter->rule != '\0' ? g_strdup (filter->rule) : NULL);
  if (filter->search != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (filter->search));
      g_autofree char *escaped = up_trainee_like_escape (trimmed);

      g_ptr_array_add (params, *trimmed != '\0' ? g_strconcat ("%", escaped, "%", NULL) : NULL);
    }
  else
    {
      g_ptr_array_add (params, NULL);
    }
  g_ptr_array_add (params, filter->trainee_id > 0
                           ? g_strdup_printf ("%" G_GINT64_FORMAT, filter->trainee_id) : NULL);
  g_ptr_array_add (params, ids != NULL ? up_subsidy_ids_to_sql (ids, n_ids) : NULL);

  g_assert (params->len == N_FILTER_PARAMS);
  return params;
}

gboolean
up_subsidy_list_sum (PGconn                *conn,
                     const UpSubsidyFilter *filter,
                     const gint64          *ids,
                     guint                  n_ids,
                     UpSubsidyTotals       *totals,
                     GError               **error)
{
  g_autoptr(GPtrArray) params = filter_params (filter, ids, n_ids);
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (totals != NULL, FALSE);

  totals->count = 0;
  totals->total_fen = 0;

  result = up_pg_exec (conn, sum_sql, N_FILTER_PARAMS, (const char * const *) params->pdata, error);
  if (result == NULL)
    return FALSE;

  totals->count = up_store_int64 (result, 0, 0);
  totals->total_fen = up_store_int64 (result, 0, 1);
  return TRUE;
}

typedef struct
{
  UpSubsidyFilter  filter;
  gboolean         has_filter;
  gint64          *ids;
  guint            n_ids;
  gboolean         has_ids;
  UpSubsidyTotals  totals;
} SumJob;

static void
sum_job_free (SumJob *job)
{
  up_subsidy_filter_clear (&job->filter);
  g_free (job->ids);
  g_free (job);
}

static gpointer
sum_func (PGconn        *conn,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  SumJob *job = data;

  return up_subsidy_list_sum (conn, job->has_filter ? &job->filter : NULL, job->has_ids ? job->ids : NULL,
                              job->n_ids, &job->totals, error) ? UP_STORE_OK : NULL;
}

void
up_subsidy_list_sum_async (UpDatabase            *db,
                           const UpSubsidyFilter *filter,
                           const gint64          *ids,
                           guint                  n_ids,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  SumJob *job = g_new0 (SumJob, 1);

  g_return_if_fail (UP_IS_DATABASE (db));

  up_subsidy_filter_init (&job->filter);
  if (filter != NULL)
    {
      up_subsidy_filter_copy (&job->filter, filter);
      job->has_filter = TRUE;
    }
  if (ids != NULL)
    {
      job->ids = g_memdup2 (ids, sizeof (gint64) * n_ids);
      job->n_ids = n_ids;
      job->has_ids = TRUE;
    }
  up_store_run_read_async (db, up_subsidy_list_sum_async, sum_func, job, NULL, NULL,
                           job, (GDestroyNotify) sum_job_free, cancellable, callback, user_data);
}

gboolean
up_subsidy_list_sum_finish (UpDatabase       *db,
                            GAsyncResult     *result,
                            UpSubsidyTotals  *totals,
                            GError          **error)
{
  SumJob *job;

  if (up_store_propagate (db, result, up_subsidy_list_sum_async, error) == NULL)
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  if (totals != NULL)
    *totals = job->totals;
  return TRUE;
}

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
set_loading (UpSubsidyList *self,
             int            delta)
{
  gboolean was = self->n_running > 0;

  self->n_running += delta;
  if (was != (self->n_running > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (UpSubsidyList *self,
           const GError  *error)
{
  if (error == NULL && self->error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         || g_error_matches (error, UP_ERROR, UP_ERROR_CANCELLED);
}

static void
drop_pages (UpSubsidyList *self)
{
  /* The links are the pages' own: forget them, do not free them. */
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

static void
evict_pages (UpSubsidyList *self)
{
  while (self->lru.length > MAX_PAGES)
    {
      Page *page = g_queue_peek_tail (&self->lru);

      g_queue_unlink (&self->lru, &page->link);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
    }
}

typedef struct
{
  GWeakRef  self;
  guint     generation;
  guint     page;
} Callback;

static Callback *
callback_new (UpSubsidyList *self,
              guint          page)
{
  Callback *cb = g_new0 (Callback, 1);

  g_weak_ref_init (&cb->self, self);
  cb->generation = self->generation;
  cb->page = page;
  return cb;
}

static void
callback_free (Callback *cb)
{
  g_weak_ref_clear (&cb->self);
  g_free (cb);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Callback, callback_free)

static void
fill_page (UpSubsidyList  *self,
           Page           *page,
           const PGresult *result)
{
  g_autoptr(GHashTable) rows = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new (gint64, MAX (PQntuples (result), 1));

  page->loading = FALSE;
  page->loaded = TRUE;

  for (int row = 0; row < PQntuples (result); row++)
    {
      keys[row] = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);
      g_hash_table_insert (rows, &keys[row], GINT_TO_POINTER (row + 1));
    }

  for (guint i = 0; i < page->n_items; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, page->index * PAGE_SIZE + i);
      int row = GPOINTER_TO_INT (g_hash_table_lookup (rows, &id)) - 1;

      /* A row deleted since the filter ran stays a placeholder. */
      if (row >= 0)
        up_subsidy_fill_from_result (page->items[i], result, row, 0);
    }
}

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Callback) cb = user_data;
  g_autoptr(UpSubsidyList) self = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  rows = up_database_query_finish (UP_DATABASE (object), result, &error);

  self = g_weak_ref_get (&cb->self);
  if (self == NULL)
    return;

  set_loading (self, -1);
  if (self->generation != cb->generation)
    return;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (cb->page));
  if (rows == NULL)
    {
      if (page != NULL)
        page->loading = FALSE;
      if (!is_cancelled (error))
        set_error (self, error);
      return;
    }

  if (page == NULL || page->loaded)
    return;

  fill_page (self, page, rows);
}

static void
load_page (UpSubsidyList *self,
           Page          *page)
{
  g_autofree char *array = NULL;
  const char *params[1];

  if (page->loading || page->loaded || self->ids == NULL || self->db == NULL)
    return;

  array = up_subsidy_ids_to_sql (&g_array_index (self->ids, gint64, page->index * PAGE_SIZE), page->n_items);
  params[0] = array;

  page->loading = TRUE;
  set_loading (self, +1);
  up_database_query_async (self->db, page_by_ids_sql, 1, params, page->cancellable,
                           page_loaded_cb, callback_new (self, page->index));
}

static Page *
ensure_page (UpSubsidyList *self,
             guint          index)
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
  page->n_items = MIN (PAGE_SIZE, self->ids->len - index * PAGE_SIZE);
  page->items = g_new0 (UpSubsidy *, page->n_items);
  page->cancellable = g_cancellable_new ();
  for (guint i = 0; i < page->n_items; i++)
    page->items[i] = up_subsidy_new_placeholder ();

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);
  evict_pages (self);

  load_page (self, page);
  return page;
}

/* The filter's statement --------------------------------------------------------- */

typedef struct
{
  GPtrArray *params;
  /* out */
  GArray    *ids;
  gint64     total_fen;
} IdsJob;

static void
ids_job_free (gpointer data)
{
  IdsJob *job = data;

  g_ptr_array_unref (job->params);
  g_clear_pointer (&job->ids, g_array_unref);
  g_free (job);
}

static GArray *
parse_ids (const char *p)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* {1,2,3} */
  if (p != NULL && *p == '{')
    p++;
  while (p != NULL && *p != '\0' && *p != '}')
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

static gpointer
ids_func (PGconn        *conn,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  IdsJob *job = data;
  g_autoptr(PGresult) result = NULL;

  result = up_pg_exec (conn, ids_sql, N_FILTER_PARAMS, (const char * const *) job->params->pdata, error);
  if (result == NULL)
    return NULL;

  /* Parsed here, off the main thread. */
  job->ids = parse_ids (up_store_text (result, 0, 0));
  job->total_fen = up_store_int64 (result, 0, 2);
  return UP_STORE_OK;
}

static void
set_ids (UpSubsidyList *self,
         GArray        *ids,
         gint64         total_fen)
{
  guint old = self->ids != NULL ? self->ids->len : 0;

  drop_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = ids;

  if (self->total_fen != total_fen)
    {
      self->total_fen = total_fen;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_FEN]);
    }

  if (old != 0 || ids->len != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, ids->len);
  if (old != ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
ids_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Callback) cb = user_data;
  g_autoptr(UpSubsidyList) self = NULL;
  g_autoptr(GError) error = NULL;
  IdsJob *job;

  job = up_store_propagate (UP_DATABASE (object), result, up_subsidy_list_reload, &error) != NULL
        ? g_task_get_task_data (G_TASK (result)) : NULL;

  self = g_weak_ref_get (&cb->self);
  if (self == NULL)
    return;

  set_loading (self, -1);
  if (self->generation != cb->generation)
    return;

  if (job == NULL)
    {
      if (!is_cancelled (error))
        set_error (self, error);
      return;
    }

  set_ids (self, g_steal_pointer (&job->ids), job->total_fen);
}

/* Runs the filter again.  The rows shown stay until the new ids arrive, so
 * that a reload after a change does not blank the view. */
static void
restart (UpSubsidyList *self)
{
  IdsJob *job;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  set_error (self, NULL);

  if (self->db == NULL)
    return;

  job = g_new0 (IdsJob, 1);
  job->params = filter_params (&self->filter, NULL, 0);
  set_loading (self, +1);
  up_store_run_read_async (self->db, up_subsidy_list_reload, ids_func, job, NULL, NULL,
                           job, ids_job_free, self->cancellable, ids_cb, callback_new (self, 0));
}

/* GListModel ----------------------------------------------------------------- */

static GType
up_subsidy_list_get_item_type (GListModel *model)
{
  return UP_TYPE_SUBSIDY;
}

static guint
up_subsidy_list_get_n_items (GListModel *model)
{
  UpSubsidyList *self = UP_SUBSIDY_LIST (model);

  return self->ids != NULL ? self->ids->len : 0;
}

static gpointer
up_subsidy_list_get_item (GListModel *model,
                          guint       position)
{
  UpSubsidyList *self = UP_SUBSIDY_LIST (model);
  Page *page;

  if (self->ids == NULL || position >= self->ids->len)
    return NULL;

  page = ensure_page (self, position / PAGE_SIZE);
  return g_object_ref (page->items[position % PAGE_SIZE]);
}

static void
up_subsidy_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = up_subsidy_list_get_item_type;
  iface->get_n_items = up_subsidy_list_get_n_items;
  iface->get_item = up_subsidy_list_get_item;
}

/* GObject -------------------------------------------------------------------- */

static void
up_subsidy_list_constructed (GObject *object)
{
  UpSubsidyList *self = UP_SUBSIDY_LIST (object);

  G_OBJECT_CLASS (up_subsidy_list_parent_class)->constructed (object);

  restart (self);
}

static void
up_subsidy_list_dispose (GObject *object)
{
  UpSubsidyList *self = UP_SUBSIDY_LIST (object);

  g_cancellable_cancel (self->cancellable);
  drop_pages (self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (up_subsidy_list_parent_class)->dispose (object);
}

static void
up_subsidy_list_finalize (GObject *object)
{
  UpSubsidyList *self = UP_SUBSIDY_LIST (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_error (&self->error);
  up_subsidy_filter_clear (&self->filter);

  G_OBJECT_CLASS (up_subsidy_list_parent_class)->finalize (object);
}

static void
up_subsidy_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  UpSubsidyList *self = UP_SUBSIDY_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_running > 0);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids != NULL ? self->ids->len : 0);
      break;
    case PROP_TOTAL_FEN:
      g_value_set_int64 (value, self->total_fen);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_subsidy_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  UpSubsidyList *self = UP_SUBSIDY_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_subsidy_list_class_init (UpSubsidyListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = up_subsidy_list_constructed;
  object_class->dispose = up_subsidy_list_dispose;
  object_class->finalize = up_subsidy_list_finalize;
  object_class->get_property = up_subsidy_list_get_property;
  object_class->set_property = up_subsidy_list_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL_FEN] =
    g_param_spec_int64 ("total-fen", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_subsidy_list_init (UpSubsidyList *self)
{
  up_subsidy_filter_init (&self->filter);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
}

/* Public --------------------------------------------------------------------- */

UpSubsidyList *
up_subsidy_list_new (UpDatabase *db)
{
  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);

  return g_object_new (UP_TYPE_SUBSIDY_LIST, "database", db, NULL);
}

const UpSubsidyFilter *
up_subsidy_list_get_filter (UpSubsidyList *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDY_LIST (self), NULL);

  return &self->filter;
}

void
up_subsidy_list_set_filter (UpSubsidyList         *self,
                            const UpSubsidyFilter *filter)
{
  g_return_if_fail (UP_IS_SUBSIDY_LIST (self));
  g_return_if_fail (filter != NULL);

  if (up_subsidy_filter_equal (&self->filter, filter))
    return;

  up_subsidy_filter_clear (&self->filter);
  up_subsidy_filter_copy (&self->filter, filter);
  restart (self);
}

void
up_subsidy_list_reload (UpSubsidyList *self)
{
  g_return_if_fail (UP_IS_SUBSIDY_LIST (self));

  restart (self);
}

gboolean
up_subsidy_list_get_loading (UpSubsidyList *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDY_LIST (self), FALSE);

  return self->n_running > 0;
}

gint64
up_subsidy_list_get_total_fen (UpSubsidyList *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDY_LIST (self), 0);

  return self->total_fen;
}

const GError *
up_subsidy_list_get_error (UpSubsidyList *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDY_LIST (self), NULL);

  return self->error;
}

gint64
up_subsidy_list_get_id_at (UpSubsidyList *self,
                           guint          position)
{
  g_return_val_if_fail (UP_IS_SUBSIDY_LIST (self), 0);

  if (self->ids == NULL || position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}
