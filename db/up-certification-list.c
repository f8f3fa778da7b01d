/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-certification-list"

#include "config.h"

#include <string.h>

#include "up-certification-list.h"
#include "up-certification-private.h"
#include "up-page-cache.h"
#include "up-pg.h"
#include "up-store-private.h"
#include "up-trainee-list-private.h"
#include "up-trainee-private.h"

/* How the list pages through hundreds of thousands of certificates: as
 * UpTraineeList does (see there).  A filter runs three statements, queued in
 * this order on the connection's worker: the count of matches, the first
 * page (ORDER BY … LIMIT), and the ids of all matches in order as one array;
 * after that any page is one lookup of a hundred ids by primary key.  Pages
 * live in a small LRU cache of placeholders filled in place.
 *
 * The condition is built here from constant pieces, one per filter that is
 * set, with each value a $n parameter: the numbers are chosen by this code,
 * never taken from the text.  Conditions over the trainee (the search) and
 * the occupation are resolved first: the trainee search is the Trainees
 * page's own (up_trainee_list_prepare_filter()), and the occupations
 * holding the text are looked up among the few distinct ones, so that the
 * certificates then come through certifications_occupation_idx. */

#define PAGE_SIZE UP_PAGE_CACHE_PAGE_SIZE

#define ORDER_SQL "c.issued_on DESC, c.id DESC"

static const char page_by_ids_sql[] =
  "SELECT " UP_CERTIFICATION_COLUMNS " FROM " UP_CERTIFICATION_FROM " WHERE c.id = ANY ($1::bigint[])";

/* The distinct occupations holding $1 (a LIKE pattern), by a loose scan of
 * certifications_occupation_idx: one index descent per occupation. */
static const char *occupations_matching_sql =
  "WITH RECURSIVE o (v) AS ("
  "  (SELECT occupation FROM certifications ORDER BY occupation LIMIT 1) "
  "  UNION ALL "
  "  SELECT (SELECT c.occupation FROM certifications c WHERE c.occupation > o.v "
  "           ORDER BY c.occupation LIMIT 1) FROM o WHERE o.v IS NOT NULL) "
  "SELECT coalesce (array_agg (v), '{}') FROM o WHERE v ILIKE $1";

struct _UpCertificationList
{
  GObject                parent_instance;

  UpDatabase            *db;
  UpCertificationFilter *filter;

  /* The pages, the ids and the work of the current filter. */
  UpPageCache           *cache;
};

static void up_certification_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UpCertificationList, up_certification_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, up_certification_list_model_init))

G_DEFINE_BOXED_TYPE (UpCertificationFilter, up_certification_filter,
                     up_certification_filter_copy, up_certification_filter_free)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_FILTER,
  PROP_LOADING,
  PROP_N_ITEMS,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The filter --------------------------------------------------------------- */

UpCertificationFilter *
up_certification_filter_new (void)
{
  UpCertificationFilter *filter = g_new0 (UpCertificationFilter, 1);

  filter->kind = -1;
  return filter;
}

static char *
dup_present (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *trimmed != '\0' ? g_steal_pointer (&trimmed) : NULL;
}

UpCertificationFilter *
up_certification_filter_copy (const UpCertificationFilter *filter)
{
  UpCertificationFilter *copy;

  g_return_val_if_fail (filter != NULL, NULL);

  copy = g_memdup2 (filter, sizeof *filter);
  copy->academic_level = dup_present (filter->academic_level);
  copy->occupation = dup_present (filter->occupation);
  copy->issued_from = dup_present (filter->issued_from);
  copy->issued_to = dup_present (filter->issued_to);
  copy->search = dup_present (filter->search);
  return copy;
}

void
up_certification_filter_free (UpCertificationFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->academic_level);
  g_free (filter->occupation);
  g_free (filter->issued_from);
  g_free (filter->issued_to);
  g_free (filter->search);
  g_free (filter);
}

static gboolean
text_equal (const char *a,
            const char *b)
{
  g_autofree char *x = dup_present (a);
  g_autofree char *y = dup_present (b);

  return g_strcmp0 (x, y) == 0;
}

gboolean
up_certification_filter_equal (const UpCertificationFilter *a,
                               const UpCertificationFilter *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->academy_id == b->academy_id && a->trainee_id == b->trainee_id && a->kind == b->kind
         && a->skill_level == b->skill_level && text_equal (a->academic_level, b->academic_level)
         && text_equal (a->occupation, b->occupation) && text_equal (a->issued_from, b->issued_from)
         && text_equal (a->issued_to, b->issued_to) && text_equal (a->search, b->search);
}

/* Adds " AND @before$n@after", $n the number of the new parameter @value. */
static void
add_condition (GString      *where,
               GStrvBuilder *params,
               guint        *n_params,
               const char   *before,
               const char   *after,
               const char   *value)
{
  g_string_append_printf (where, " AND %s$%u%s", before, ++*n_params, after);
  g_strv_builder_add (params, value);
}

gboolean
up_certification_list_prepare (PGconn                       *conn,
                               const UpCertificationFilter  *filter,
                               char                        **where_out,
                               GStrv                        *params_out,
                               GError                      **error)
{
  g_autoptr(UpCertificationFilter) f = NULL;
  g_autoptr(GStrvBuilder) params = g_strv_builder_new ();
  g_autoptr(GString) where = g_string_new ("true");
  guint n = 0;

  g_return_val_if_fail (filter != NULL, FALSE);

  f = up_certification_filter_copy (filter);

  /* The search comes first: the trainee search's own condition numbers its
   * parameters from $1. */
  if (f->search != NULL && !up_trainee_list_search_is_empty (f->search))
    {
      const char *trainee_sql = NULL;
      g_auto(GStrv) trainee_params = NULL;
      g_autofree char *escaped = up_trainee_like_escape (f->search);
      g_autofree char *prefix = g_strconcat (escaped, "%", NULL);

      if (!up_trainee_list_prepare_filter (conn, f->search, &trainee_sql, &trainee_params, error))
        return FALSE;
      g_strv_builder_addv (params, (const char **) trainee_params);
      n = g_strv_length (trainee_params);

      /* Two index paths joined, rather than an OR the planner would answer
       * with a scan of every certificate: the trainees found, then their
       * certificates (certifications_trainee_idx); the certificate
       * numbers starting with the text. */
      g_string_append_printf (where,
                              " AND c.id IN (SELECT c2.id FROM certifications c2 WHERE c2.trainee_id IN "
                              "(SELECT t.id FROM trainees AS t WHERE %s) "
                              "UNION ALL SELECT c3.id FROM certifications c3 WHERE c3.certificate_no LIKE $%u)",
                              trainee_sql, ++n);
      g_strv_builder_add (params, prefix);
    }

  if (f->occupation != NULL)
    {
      g_autofree char *escaped = up_trainee_like_escape (f->occupation);
      g_autofree char *contains = g_strconcat ("%", escaped, "%", NULL);
      const char *pattern[] = { contains };
      g_autoptr(PGresult) result = up_pg_exec (conn, occupations_matching_sql, 1, pattern, error);

      if (result == NULL)
        return FALSE;
      add_condition (where, params, &n, "c.occupation = ANY (", "::text[])", PQgetvalue (result, 0, 0));
    }

  if (f->academy_id > 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->academy_id);
      add_condition (where, params, &n, "c.academy_id = ", "::bigint", id);
    }
  if (f->trainee_id > 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->trainee_id);
      add_condition (where, params, &n, "c.trainee_id = ", "::bigint", id);
    }
  if (f->kind >= 0 && f->kind <= UP_CERTIFICATION_KIND_SPECIAL_OPERATION)
    add_condition (where, params, &n, "c.kind = ", "::certification_kind", up_certification_kind_to_sql (f->kind));
  if (f->skill_level >= 1 && f->skill_level <= 5)
    {
      g_autofree char *level = g_strdup_printf ("%d", f->skill_level);
      add_condition (where, params, &n, "c.skill_level = ", "::smallint", level);
    }
  if (f->academic_level != NULL)
    add_condition (where, params, &n, "c.academic_level = ", "::academic_level", f->academic_level);
  if (f->issued_from != NULL)
    add_condition (where, params, &n, "c.issued_on >= ", "::date", f->issued_from);
  if (f->issued_to != NULL)
    add_condition (where, params, &n, "c.issued_on <= ", "::date", f->issued_to);

  *where_out = g_string_free (g_steal_pointer (&where), FALSE);
  *params_out = g_strv_builder_end (params);
  return TRUE;
}

gint64
up_certification_list_count (PGconn                       *conn,
                             const UpCertificationFilter  *filter,
                             GError                      **error)
{
  g_autofree char *where = NULL;
  g_auto(GStrv) params = NULL;
  g_autofree char *sql = NULL;
  gint64 count = -1;

  if (!up_certification_list_prepare (conn, filter, &where, &params, error))
    return -1;

  sql = g_strconcat ("SELECT count(*) FROM certifications AS c WHERE ", where, NULL);
  if (!up_pg_query_int64 (conn, sql, g_strv_length (params), (const char * const *) params, &count, error))
    return -1;
  return count;
}

/* Pages -------------------------------------------------------------------- */

static GObject *
new_placeholder (void)
{
  return G_OBJECT (up_certification_new_placeholder ());
}

static void
fill_item (GObject        *item,
           const PGresult *result,
           int             row)
{
  up_certification_fill_from_result (UP_CERTIFICATION (item), result, row, 0);
}

static const UpPageCacheItems page_items = {
  .page_sql = page_by_ids_sql,
  .new_placeholder = new_placeholder,
  .fill = fill_item,
};

/* The filter's statements ---------------------------------------------------- */

/* The condition of one filter, shared by its three steps: the first step to
 * run resolves it, the others reuse it.  Only the worker thread touches it
 * after creation, one step after the other. */
typedef struct
{
  UpCertificationFilter *filter;
  gboolean               resolved;
  char                  *where;
  GStrv                  params;
} Shared;

static void
shared_clear (gpointer data)
{
  Shared *shared = data;

  up_certification_filter_free (shared->filter);
  g_free (shared->where);
  g_strfreev (shared->params);
}

/* Runs on the worker: one statement of a filter.  The count answers a
 * gint64, the first page and the ids a PGresult. */
static gpointer
step_func (PGconn           *conn,
           UpPageCacheStep   step,
           gpointer          data,
           GError          **error)
{
  Shared *shared = data;
  g_autoptr(PGresult) result = NULL;
  g_autofree char *sql = NULL;

  if (!shared->resolved)
    {
      if (!up_certification_list_prepare (conn, shared->filter, &shared->where, &shared->params, error))
        return NULL;
      shared->resolved = TRUE;
    }

  /* This file's constant pieces and the condition built of them; the
   * values travel as parameters. */
  switch (step)
    {
    case UP_PAGE_CACHE_STEP_COUNT:
      sql = g_strconcat ("SELECT count(*) FROM certifications AS c WHERE ", shared->where, NULL);
      break;
    case UP_PAGE_CACHE_STEP_FIRST_PAGE:
      sql = g_strconcat ("SELECT " UP_CERTIFICATION_COLUMNS " FROM " UP_CERTIFICATION_FROM " WHERE ",
                         shared->where, " ORDER BY " ORDER_SQL " LIMIT " G_STRINGIFY (PAGE_SIZE), NULL);
      break;
    case UP_PAGE_CACHE_STEP_IDS:
      sql = g_strconcat ("SELECT array_agg (s.id) FROM (SELECT c.id FROM certifications AS c WHERE ",
                         shared->where, " ORDER BY " ORDER_SQL ") AS s", NULL);
      break;
    default:
      g_assert_not_reached ();
    }

  result = up_pg_exec (conn, sql, g_strv_length (shared->params), (const char * const *) shared->params, error);
  if (result == NULL)
    return NULL;

  if (step == UP_PAGE_CACHE_STEP_COUNT)
    {
      gint64 *count = g_new0 (gint64, 1);

      *count = up_store_int64 (result, 0, 0);
      return count;
    }

  return g_steal_pointer (&result);
}

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(UpPageCacheTicket) ticket = user_data;
  g_autoptr(UpCertificationList) self = NULL;
  g_autofree gint64 *count = NULL;
  g_autoptr(GError) error = NULL;

  count = up_database_run_finish (UP_DATABASE (object), result, &error);

  self = up_page_cache_ticket_finish (ticket, count != NULL, error);
  if (self == NULL)
    return;

  if (up_page_cache_get_ids (self->cache) == NULL)
    up_page_cache_set_n_items (self->cache, (guint) CLAMP (*count, 0, G_MAXUINT));
}

static void
restart (UpCertificationList *self)
{
  Shared *shared;

  up_page_cache_restart (self->cache, TRUE);

  if (self->db == NULL)
    return;

  shared = g_atomic_rc_box_new0 (Shared);
  shared->filter = up_certification_filter_copy (self->filter);
  up_page_cache_run_query (self->cache, step_func, shared, shared_clear, count_cb, NULL);
}

/* GListModel ----------------------------------------------------------------- */

static GType
up_certification_list_get_item_type (GListModel *model)
{
  return UP_TYPE_CERTIFICATION;
}

static guint
up_certification_list_get_n_items (GListModel *model)
{
  return up_page_cache_get_n_items (UP_CERTIFICATION_LIST (model)->cache);
}

static gpointer
up_certification_list_get_item (GListModel *model,
                                guint       position)
{
  return up_page_cache_get_item (UP_CERTIFICATION_LIST (model)->cache, position);
}

static void
up_certification_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = up_certification_list_get_item_type;
  iface->get_n_items = up_certification_list_get_n_items;
  iface->get_item = up_certification_list_get_item;
}

/* GObject -------------------------------------------------------------------- */

static void
up_certification_list_constructed (GObject *object)
{
  UpCertificationList *self = UP_CERTIFICATION_LIST (object);

  G_OBJECT_CLASS (up_certification_list_parent_class)->constructed (object);

  up_page_cache_set_database (self->cache, self->db);
  restart (self);
}

static void
up_certification_list_dispose (GObject *object)
{
  UpCertificationList *self = UP_CERTIFICATION_LIST (object);

  up_page_cache_dispose (self->cache);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (up_certification_list_parent_class)->dispose (object);
}

static void
up_certification_list_finalize (GObject *object)
{
  UpCertificationList *self = UP_CERTIFICATION_LIST (object);

  g_clear_pointer (&self->cache, up_page_cache_free);
  g_clear_pointer (&self->filter, up_certification_filter_free);

  G_OBJECT_CLASS (up_certification_list_parent_class)->finalize (object);
}

static void
up_certification_list_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  UpCertificationList *self = UP_CERTIFICATION_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;
    case PROP_FILTER:
      g_value_set_boxed (value, self->filter);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, up_page_cache_get_loading (self->cache));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, up_page_cache_get_n_items (self->cache));
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, up_page_cache_get_error (self->cache));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_certification_list_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  UpCertificationList *self = UP_CERTIFICATION_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;
    case PROP_FILTER:
      if (g_value_get_boxed (value) != NULL)
        up_certification_list_set_filter (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_certification_list_class_init (UpCertificationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = up_certification_list_constructed;
  object_class->dispose = up_certification_list_dispose;
  object_class->finalize = up_certification_list_finalize;
  object_class->get_property = up_certification_list_get_property;
  object_class->set_property = up_certification_list_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_boxed ("filter", NULL, NULL, UP_TYPE_CERTIFICATION_FILTER,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_certification_list_init (UpCertificationList *self)
{
  self->filter = up_certification_filter_new ();
  self->cache = up_page_cache_new (G_OBJECT (self), &page_items, properties[PROP_N_ITEMS],
                                   properties[PROP_LOADING], properties[PROP_ERROR]);
}

/* Public --------------------------------------------------------------------- */

UpCertificationList *
up_certification_list_new (UpDatabase *db)
{
  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);

  return g_object_new (UP_TYPE_CERTIFICATION_LIST, "database", db, NULL);
}

const UpCertificationFilter *
up_certification_list_get_filter (UpCertificationList *self)
{
  g_return_val_if_fail (UP_IS_CERTIFICATION_LIST (self), NULL);

  return self->filter;
}

void
up_certification_list_set_filter (UpCertificationList         *self,
                                  const UpCertificationFilter *filter)
{
  g_return_if_fail (UP_IS_CERTIFICATION_LIST (self));
  g_return_if_fail (filter != NULL);

  if (up_certification_filter_equal (self->filter, filter))
    return;

  up_certification_filter_free (self->filter);
  self->filter = up_certification_filter_copy (filter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);

  if (self->db != NULL)
    restart (self);
}

void
up_certification_list_reload (UpCertificationList *self)
{
  g_return_if_fail (UP_IS_CERTIFICATION_LIST (self));

  restart (self);
}

gboolean
up_certification_list_get_loading (UpCertificationList *self)
{
  g_return_val_if_fail (UP_IS_CERTIFICATION_LIST (self), FALSE);

  return up_page_cache_get_loading (self->cache);
}

const GError *
up_certification_list_get_error (UpCertificationList *self)
{
  g_return_val_if_fail (UP_IS_CERTIFICATION_LIST (self), NULL);

  return up_page_cache_get_error (self->cache);
}
