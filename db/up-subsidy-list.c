/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-subsidy-list"

#include "config.h"

#include <string.h>

#include "up-page-cache.h"
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

struct _UpSubsidyList
{
  GObject          parent_instance;

  UpDatabase      *db;
  UpSubsidyFilter  filter;

  /* The pages, the ids of every match in order and the work of the
   * current filter. */
  UpPageCache     *cache;
  gint64           total_fen;
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

static const char page_by_ids_sql[] =
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

static GObject *
new_placeholder (void)
{
  return G_OBJECT (up_subsidy_new_placeholder ());
}

static void
fill_item (GObject        *item,
           const PGresult *result,
           int             row)
{
  up_subsidy_fill_from_result (UP_SUBSIDY (item), result, row, 0);
}

static const UpPageCacheItems page_items = {
  .page_sql = page_by_ids_sql,
  .new_placeholder = new_placeholder,
  .fill = fill_item,
};

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
  job->ids = up_page_cache_parse_ids (up_store_text (result, 0, 0));
  job->total_fen = up_store_int64 (result, 0, 2);
  return UP_STORE_OK;
}

static void
ids_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(UpPageCacheTicket) ticket = user_data;
  g_autoptr(UpSubsidyList) self = NULL;
  g_autoptr(GError) error = NULL;
  IdsJob *job;

  job = up_store_propagate (UP_DATABASE (object), result, up_subsidy_list_reload, &error) != NULL
        ? g_task_get_task_data (G_TASK (result)) : NULL;

  self = up_page_cache_ticket_finish (ticket, job != NULL, error);
  if (self == NULL)
    return;

  up_page_cache_replace_ids (self->cache, g_steal_pointer (&job->ids));
  if (self->total_fen != job->total_fen)
    {
      self->total_fen = job->total_fen;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_FEN]);
    }
}

/* Runs the filter again.  The rows shown stay until the new ids arrive, so
 * that a reload after a change does not blank the view. */
static void
restart (UpSubsidyList *self)
{
  IdsJob *job;

  up_page_cache_restart (self->cache, FALSE);

  if (self->db == NULL)
    return;

  job = g_new0 (IdsJob, 1);
  job->params = filter_params (&self->filter, NULL, 0);
  up_store_run_read_async (self->db, up_subsidy_list_reload, ids_func, job, NULL, NULL, job, ids_job_free,
                           up_page_cache_get_cancellable (self->cache), ids_cb,
                           up_page_cache_ticket_new (self->cache));
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
  return up_page_cache_get_n_items (UP_SUBSIDY_LIST (model)->cache);
}

static gpointer
up_subsidy_list_get_item (GListModel *model,
                          guint       position)
{
  return up_page_cache_get_item (UP_SUBSIDY_LIST (model)->cache, position);
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

  up_page_cache_set_database (self->cache, self->db);
  restart (self);
}

static void
up_subsidy_list_dispose (GObject *object)
{
  UpSubsidyList *self = UP_SUBSIDY_LIST (object);

  up_page_cache_dispose (self->cache);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (up_subsidy_list_parent_class)->dispose (object);
}

static void
up_subsidy_list_finalize (GObject *object)
{
  UpSubsidyList *self = UP_SUBSIDY_LIST (object);

  g_clear_pointer (&self->cache, up_page_cache_free);
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
      g_value_set_boolean (value, up_page_cache_get_loading (self->cache));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, up_page_cache_get_n_items (self->cache));
      break;
    case PROP_TOTAL_FEN:
      g_value_set_int64 (value, self->total_fen);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, up_page_cache_get_error (self->cache));
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
  self->cache = up_page_cache_new (G_OBJECT (self), &page_items, properties[PROP_N_ITEMS],
                                   properties[PROP_LOADING], properties[PROP_ERROR]);
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

  return up_page_cache_get_loading (self->cache);
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

  return up_page_cache_get_error (self->cache);
}

gint64
up_subsidy_list_get_id_at (UpSubsidyList *self,
                           guint          position)
{
  GArray *ids;

  g_return_val_if_fail (UP_IS_SUBSIDY_LIST (self), 0);

  ids = up_page_cache_get_ids (self->cache);
  if (ids == NULL || position >= ids->len)
    return 0;
  return g_array_index (ids, gint64, position);
}
