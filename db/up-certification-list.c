/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-certification-list"

#include "config.h"

#include <string.h>

#include "up-certification-list.h"
#include "up-certification-private.h"
#include "up-error.h"
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

#define PAGE_SIZE 100
#define MAX_PAGES 50

#define ORDER_SQL "c.issued_on DESC, c.id DESC"

static const char *page_by_ids_sql =
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

typedef struct
{
  guint             index;
  guint             n_items;
  UpCertification **items;
  GList             link;      /* in self->lru, most recent first */
  GCancellable     *cancellable;
  guint             loading : 1;
  guint             loaded : 1;
} Page;

struct _UpCertificationList
{
  GObject                parent_instance;

  UpDatabase            *db;
  UpCertificationFilter *filter;

  /* Work of the current filter; a new filter cancels it. */
  GCancellable          *cancellable;
  guint                  generation;

  guint                  n_items;
  GArray                *ids;       /* gint64 of every match in order, once loaded */
  GHashTable            *pages;     /* page index → Page */
  GQueue                 lru;
  guint                  n_running;
  GError                *error;
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

static void load_page (UpCertificationList *self,
                       Page                *page);

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
set_loading (UpCertificationList *self,
             int                  delta)
{
  gboolean was = self->n_running > 0;

  self->n_running += delta;
  if (was != (self->n_running > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (UpCertificationList *self,
           const GError        *error)
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
drop_pages (UpCertificationList *self)
{
  /* The links are the pages' own: forget them, do not free them. */
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

static void
evict_pages (UpCertificationList *self)
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
callback_new (UpCertificationList *self,
              guint                page)
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
fill_page (UpCertificationList *self,
           Page                *page,
           const PGresult      *result)
{
  g_autoptr(GHashTable) rows = NULL;
  g_autofree gint64 *keys = NULL;

  page->loading = FALSE;
  page->loaded = TRUE;

  if (self->ids == NULL)
    {
      /* The first page, in order from the server. */
      for (guint i = 0; i < page->n_items && (int) i < PQntuples (result); i++)
        up_certification_fill_from_result (page->items[i], result, (int) i, 0);
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

      /* A row deleted since the search stays a placeholder. */
      if (row >= 0)
        up_certification_fill_from_result (page->items[i], result, row, 0);
    }
}

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Callback) cb = user_data;
  g_autoptr(UpCertificationList) self = NULL;
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
load_page (UpCertificationList *self,
           Page                *page)
{
  GString *array;
  const char *params[1];

  /* Before the ids arrive only the first page is on its way; the others
   * are loaded when they come (ids_cb). */
  if (page->loading || page->loaded || self->ids == NULL)
    return;

  array = g_string_new ("{");
  for (guint i = 0; i < page->n_items; i++)
    g_string_append_printf (array, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (self->ids, gint64, page->index * PAGE_SIZE + i));
  g_string_append_c (array, '}');
  params[0] = array->str;

  page->loading = TRUE;
  set_loading (self, +1);
  up_database_query_async (self->db, page_by_ids_sql, 1, params, page->cancellable,
                           page_loaded_cb, callback_new (self, page->index));
  g_string_free (array, TRUE);
}

static Page *
ensure_page (UpCertificationList *self,
             guint                index)
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
  page->items = g_new0 (UpCertification *, page->n_items);
  page->cancellable = g_cancellable_new ();
  for (guint i = 0; i < page->n_items; i++)
    page->items[i] = up_certification_new_placeholder ();

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);
  evict_pages (self);

  load_page (self, page);
  return page;
}

static void
set_n_items (UpCertificationList *self,
             guint                n_items)
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
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (old, n_items),
                              old - MIN (old, n_items), n_items - MIN (old, n_items));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* The filter's statements ---------------------------------------------------- */

typedef enum
{
  STEP_COUNT,
  STEP_FIRST_PAGE,
  STEP_IDS,
} Step;

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

typedef struct
{
  Step    step;
  Shared *shared;   /* a g_atomic_rc_box */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_atomic_rc_box_release_full (job->shared, shared_clear);
  g_free (job);
}

static GArray *
parse_ids (const PGresult *result)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *p;

  if (PQntuples (result) < 1 || PQgetisnull (result, 0, 0))
    return ids;

  /* {1,2,3} */
  p = PQgetvalue (result, 0, 0);
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

/* Runs on the worker: one statement of a filter.  The count answers a
 * gint64, the first page a PGresult, the ids a GArray. */
static gpointer
job_func (PGconn        *conn,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Job *job = data;
  Shared *shared = job->shared;
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
  switch (job->step)
    {
    case STEP_COUNT:
      sql = g_strconcat ("SELECT count(*) FROM certifications AS c WHERE ", shared->where, NULL);
      break;
    case STEP_FIRST_PAGE:
      sql = g_strconcat ("SELECT " UP_CERTIFICATION_COLUMNS " FROM " UP_CERTIFICATION_FROM " WHERE ",
                         shared->where, " ORDER BY " ORDER_SQL " LIMIT " G_STRINGIFY (PAGE_SIZE), NULL);
      break;
    case STEP_IDS:
      sql = g_strconcat ("SELECT array_agg (s.id) FROM (SELECT c.id FROM certifications AS c WHERE ",
                         shared->where, " ORDER BY " ORDER_SQL ") AS s", NULL);
      break;
    default:
      g_assert_not_reached ();
    }

  result = up_pg_exec (conn, sql, g_strv_length (shared->params), (const char * const *) shared->params, error);
  if (result == NULL)
    return NULL;

  switch (job->step)
    {
    case STEP_COUNT:
      {
        gint64 *count = g_new0 (gint64, 1);

        *count = up_store_int64 (result, 0, 0);
        return count;
      }
    case STEP_IDS:
      return parse_ids (result);
    case STEP_FIRST_PAGE:
    default:
      return g_steal_pointer (&result);
    }
}

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Callback) cb = user_data;
  g_autoptr(UpCertificationList) self = NULL;
  g_autofree gint64 *count = NULL;
  g_autoptr(GError) error = NULL;

  count = up_database_run_finish (UP_DATABASE (object), result, &error);

  self = g_weak_ref_get (&cb->self);
  if (self == NULL)
    return;

  set_loading (self, -1);
  if (self->generation != cb->generation)
    return;

  if (count == NULL)
    {
      if (!is_cancelled (error))
        set_error (self, error);
      return;
    }

  if (self->ids == NULL)
    set_n_items (self, (guint) CLAMP (*count, 0, G_MAXUINT));
}

static void
first_page_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Callback) cb = user_data;
  g_autoptr(UpCertificationList) self = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  rows = up_database_run_finish (UP_DATABASE (object), result, &error);

  self = g_weak_ref_get (&cb->self);
  if (self == NULL)
    return;

  set_loading (self, -1);
  if (self->generation != cb->generation)
    return;

  if (rows == NULL)
    {
      if (!is_cancelled (error))
        set_error (self, error);
      return;
    }

  if (self->ids != NULL || self->n_items == 0)
    return;

  page = ensure_page (self, 0);
  if (!page->loaded)
    fill_page (self, page, rows);
}

static void
ids_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Callback) cb = user_data;
  g_autoptr(UpCertificationList) self = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  Page *page;

  ids = up_database_run_finish (UP_DATABASE (object), result, &error);

  self = g_weak_ref_get (&cb->self);
  if (self == NULL)
    return;

  set_loading (self, -1);
  if (self->generation != cb->generation)
    return;

  if (ids == NULL)
    {
      if (!is_cancelled (error))
        set_error (self, error);
      return;
    }

  self->ids = g_steal_pointer (&ids);
  set_n_items (self, self->ids->len);

  /* The pages asked for meanwhile. */
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
    if (!page->loaded)
      load_page (self, page);
}

static void
queue_step (UpCertificationList *self,
            Shared              *shared,
            Step                 step,
            GAsyncReadyCallback  callback)
{
  static const GDestroyNotify result_free[] = {
    [STEP_COUNT] = g_free,
    [STEP_FIRST_PAGE] = (GDestroyNotify) PQclear,
    [STEP_IDS] = (GDestroyNotify) g_array_unref,
  };
  Job *job = g_new0 (Job, 1);

  job->step = step;
  job->shared = g_atomic_rc_box_acquire (shared);

  set_loading (self, +1);
  up_database_run_read_async (self->db, job_func, job, job_free, result_free[step],
                              self->cancellable, callback, callback_new (self, 0));
}

static void
restart (UpCertificationList *self)
{
  guint old = self->n_items;
  Shared *shared;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;

  drop_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  set_error (self, NULL);

  /* Nothing to show until the count arrives. */
  self->n_items = 0;
  if (old > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  if (self->db == NULL)
    return;

  /* The worker runs them in this order. */
  shared = g_atomic_rc_box_new0 (Shared);
  shared->filter = up_certification_filter_copy (self->filter);
  queue_step (self, shared, STEP_COUNT, count_cb);
  queue_step (self, shared, STEP_FIRST_PAGE, first_page_cb);
  queue_step (self, shared, STEP_IDS, ids_cb);
  g_atomic_rc_box_release_full (shared, shared_clear);
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
  return UP_CERTIFICATION_LIST (model)->n_items;
}

static gpointer
up_certification_list_get_item (GListModel *model,
                                guint       position)
{
  UpCertificationList *self = UP_CERTIFICATION_LIST (model);
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = ensure_page (self, position / PAGE_SIZE);
  return g_object_ref (page->items[position % PAGE_SIZE]);
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

  restart (self);
}

static void
up_certification_list_dispose (GObject *object)
{
  UpCertificationList *self = UP_CERTIFICATION_LIST (object);

  g_cancellable_cancel (self->cancellable);
  drop_pages (self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (up_certification_list_parent_class)->dispose (object);
}

static void
up_certification_list_finalize (GObject *object)
{
  UpCertificationList *self = UP_CERTIFICATION_LIST (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->filter, up_certification_filter_free);
  g_clear_error (&self->error);

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
      g_value_set_boolean (value, self->n_running > 0);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
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
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
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

  return self->n_running > 0;
}

const GError *
up_certification_list_get_error (UpCertificationList *self)
{
  g_return_val_if_fail (UP_IS_CERTIFICATION_LIST (self), NULL);

  return self->error;
}
