/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-trainee-list"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <string.h>

#include "up-error.h"
#include "up-pg.h"
#include "up-trainee-list-private.h"
#include "up-trainee-list.h"
#include "up-trainee-private.h"

/* How the list pages through a million rows.
 *
 * A search runs three statements, queued in this order on the connection's
 * worker:
 *   1. the count of matches (exact; when the table is big and the search
 *      matches a large part of it, the planner's estimate first, flagged by
 *      "count-is-estimate"),
 *   2. the first page: ORDER BY … LIMIT, served by the order's btree,
 *   3. the ids of all matches in order, as one array (index-only scan of the
 *      order's btree for the unfiltered list; a bitmap scan and a sort of the
 *      matches otherwise).  This makes the count exact.
 * After (3) any page, anywhere, is one lookup by primary key
 * (WHERE id = ANY ($1)) of a hundred ids: jumping to the end of a million
 * rows costs what the first page does, where OFFSET would walk the million,
 * and keyset paging could only step from a neighbouring page.  The ids take
 * 8 bytes a match (8 MB for a million) and fix the order of the rows for the
 * life of the search, so rows do not shift under the view while others
 * write.  Pages asked for before (3) arrives wait for it.
 *
 * Items are UpTrainee objects made on demand for the pages in a small LRU
 * cache: get_item() on a page not loaded answers a placeholder at once
 * ("loaded" FALSE) and queues the page; the placeholders are filled in place
 * when it arrives.  Pages evicted from the cache drop their items (a view
 * still holding one keeps it), so memory stays flat however far one
 * scrolls. */

#define PAGE_SIZE 100
#define MAX_PAGES 50

typedef struct
{
  guint          index;
  guint          n_items;
  UpTrainee    **items;
  GList          link;      /* in self->lru, most recent first */
  GCancellable  *cancellable;
  guint          loading : 1;
  guint          waiting : 1; /* for the ids to arrive */
  guint          loaded : 1;
} Page;

struct _UpTraineeList
{
  GObject        parent_instance;

  UpDatabase    *db;
  char          *search;
  UpTraineeSort  sort;
  gboolean       descending;

  /* Work of the current search; a new search cancels it. */
  GCancellable  *cancellable;
  guint          generation;

  guint          n_items;
  GArray        *ids;       /* gint64 of every match in order, once loaded */
  GHashTable    *pages;     /* page index → Page */
  GQueue         lru;
  guint          n_running;
  GError        *error;
  guint          count_is_estimate : 1;
};

static void up_trainee_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UpTraineeList, up_trainee_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, up_trainee_list_model_init))

G_DEFINE_ENUM_TYPE (UpTraineeSort, up_trainee_sort,
                    G_DEFINE_ENUM_VALUE (UP_TRAINEE_SORT_NAME, "name"),
                    G_DEFINE_ENUM_VALUE (UP_TRAINEE_SORT_ID_NUMBER, "id-number"),
                    G_DEFINE_ENUM_VALUE (UP_TRAINEE_SORT_BIRTH_DATE, "birth-date"),
                    G_DEFINE_ENUM_VALUE (UP_TRAINEE_SORT_EMPLOYER, "employer"),
                    G_DEFINE_ENUM_VALUE (UP_TRAINEE_SORT_SKILL_LEVEL, "skill-level"),
                    G_DEFINE_ENUM_VALUE (UP_TRAINEE_SORT_NEWEST, "newest"))

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_SEARCH,
  PROP_SORT,
  PROP_SORT_DESCENDING,
  PROP_LOADING,
  PROP_N_ITEMS,
  PROP_COUNT_IS_ESTIMATE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The orders, ascending and descending; each ends in a unique column so it
 * is total.  Chosen by enum, never built from text. */
static const char *order_sql[][2] = {
  [UP_TRAINEE_SORT_NAME] = { "t.name COLLATE \"C\", t.id", "t.name COLLATE \"C\" DESC, t.id DESC" },
  [UP_TRAINEE_SORT_ID_NUMBER] = { "t.id_number", "t.id_number DESC" },
  [UP_TRAINEE_SORT_BIRTH_DATE] = { "t.birth_date, t.id", "t.birth_date DESC, t.id DESC" },
  [UP_TRAINEE_SORT_EMPLOYER] = { "t.employer, t.id", "t.employer DESC, t.id DESC" },
  [UP_TRAINEE_SORT_SKILL_LEVEL] = { "t.skill_level, t.id", "t.skill_level DESC, t.id DESC" },
  [UP_TRAINEE_SORT_NEWEST] = { "t.id DESC", "t.id" },
};

/* The conditions a search can take; the text only ever travels as $n. */
static const char *filter_all_sql = "true";
static const char *filter_id_number_sql = "t.id_number = $1";
/* $1: the reversed digits and '%' (trainees_id_number_suffix_idx). */
static const char *filter_id_suffix_sql = "reverse (t.id_number) LIKE $1";
/* $2: the digits and '%' (trainees_phone_pattern_idx). */
static const char *filter_id_suffix_or_phone_sql = "(reverse (t.id_number) LIKE $1 OR t.phone LIKE $2)";
/* One or two characters, $1 the text: at the start of the name
 * (trainees_name_order_idx, a range in code-point order: the pattern is
 * folded to a constant when the statement is planned) or further in: one
 * character second or third (trainees_name_char2_idx, _char3_idx), two
 * characters second and third (trainees_name_pair2_idx), anything further
 * in a longer name (trainees_long_name_grams_idx; migrations 0006, 0010). */
#define NAME_PREFIX_SQL \
  "t.name COLLATE \"C\" LIKE (replace (replace (replace ($1::text, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')"
#define NAME_INNER_SQL "up_name_inner_grams (t.name) @> ARRAY[lower ($1::text)]"
#define NAME_LONG_INNER_SQL "(length (t.name) > 3 AND " NAME_INNER_SQL ")"
#define NAME_ONE_INNER_SQL \
  "lower (substr (t.name, 2, 1)) = lower ($1::text) OR lower (substr (t.name, 3, 1)) = lower ($1::text) OR " \
  NAME_LONG_INNER_SQL
#define NAME_TWO_INNER_SQL "lower (substr (t.name, 2, 2)) = lower ($1::text) OR " NAME_LONG_INNER_SQL
static const char *filter_name_short_sql = "(" NAME_PREFIX_SQL " OR " NAME_ONE_INNER_SQL ")";
/* $2: the employers containing the text, looked up first in the small table
 * trainee_employers (up_trainee_list_prepare_filter()), so that the planner
 * sees the values; the trainees then come through an employer index. */
static const char *filter_name_two_or_employer_sql =
  "(t.employer = ANY ($2::text[]) OR " NAME_PREFIX_SQL " OR " NAME_TWO_INNER_SQL ")";
/* The first page of a one-character search in name order, merged from the
 * first page of each place the character can be in a name: at the start
 * (trainees_name_order_idx), second or third (trainees_name_char2_idx,
 * _char3_idx: migration 0006), or further in a longer name
 * (trainees_long_name_grams_idx).  Each part reads at most a page of index
 * entries in order; only the last sorts, and it holds few names. */
#define FIRST_PAGE_ONE_CHARACTER_SQL(dir) \
  "SELECT * FROM (" \
  " (SELECT " UP_TRAINEE_COLUMNS " FROM trainees AS t WHERE " NAME_PREFIX_SQL \
  "  ORDER BY t.name COLLATE \"C\" " dir ", t.id " dir " LIMIT " G_STRINGIFY (PAGE_SIZE) ")" \
  " UNION " \
  " (SELECT " UP_TRAINEE_COLUMNS " FROM trainees AS t WHERE lower (substr (t.name, 2, 1)) = lower ($1::text)" \
  "  ORDER BY t.name COLLATE \"C\" " dir ", t.id " dir " LIMIT " G_STRINGIFY (PAGE_SIZE) ")" \
  " UNION " \
  " (SELECT " UP_TRAINEE_COLUMNS " FROM trainees AS t WHERE lower (substr (t.name, 3, 1)) = lower ($1::text)" \
  "  ORDER BY t.name COLLATE \"C\" " dir ", t.id " dir " LIMIT " G_STRINGIFY (PAGE_SIZE) ")" \
  " UNION " \
  " (SELECT " UP_TRAINEE_COLUMNS " FROM trainees AS t WHERE " NAME_LONG_INNER_SQL \
  "  ORDER BY t.name COLLATE \"C\" || '' " dir ", t.id " dir " LIMIT " G_STRINGIFY (PAGE_SIZE) ")" \
  ") AS t ORDER BY t.name COLLATE \"C\" " dir ", t.id " dir " LIMIT " G_STRINGIFY (PAGE_SIZE)
/* Three characters and more: trainees_name_trgm_idx; $2 the employers. */
static const char *filter_name_long_or_employer_sql =
  "(t.employer = ANY ($2::text[]) OR t.name ILIKE $1)";

static const char *employers_matching_sql =
  "SELECT coalesce (array_agg (name), '{}') FROM trainee_employers WHERE name ILIKE $1";

/* The unfiltered count: the planner's estimate of a big table (the ids
 * bring the exact figure), an exact count(*) of a small one.  The second
 * column says which. */
#define ESTIMATE_ABOVE_TEXT "200000"
/* A filtered search expected to match more than this many counts later. */
#define ESTIMATE_FILTERED_ABOVE 10000
static const char *count_all_sql =
  "SELECT CASE WHEN e.n > " ESTIMATE_ABOVE_TEXT " THEN e.n ELSE (SELECT count(*) FROM trainees) END,"
  "       e.n > " ESTIMATE_ABOVE_TEXT
  "  FROM (SELECT greatest (reltuples, 0)::bigint FROM pg_class WHERE oid = 'trainees'::regclass) AS e (n)";

static const char *page_by_ids_sql =
  "SELECT " UP_TRAINEE_COLUMNS " FROM trainees AS t WHERE t.id = ANY ($1::bigint[])";

char *
up_trainee_list_first_page_sql (const char *filter,
                                 const char *order)
{
  if (filter == filter_name_short_sql && g_str_equal (order, order_sql[UP_TRAINEE_SORT_NAME][0]))
    return g_strdup (FIRST_PAGE_ONE_CHARACTER_SQL (""));
  if (filter == filter_name_short_sql && g_str_equal (order, order_sql[UP_TRAINEE_SORT_NAME][1]))
    return g_strdup (FIRST_PAGE_ONE_CHARACTER_SQL ("DESC"));

  /* Both pieces are this file's constants, chosen by the search's shape and
   * the sort enum; the search text itself travels as $1, $2. */
  return g_strconcat ("SELECT " UP_TRAINEE_COLUMNS " FROM trainees AS t WHERE ", filter,
                      " ORDER BY ", order, " LIMIT " G_STRINGIFY (PAGE_SIZE), NULL);
}

/* Labels --------------------------------------------------------------------- */

const char *
up_trainee_sort_to_label (UpTraineeSort sort)
{
  switch (sort)
    {
    case UP_TRAINEE_SORT_NAME:
      /* Translators: an order of the trainee list, in the sort control */
      return C_("trainee sort", "Name");
    case UP_TRAINEE_SORT_ID_NUMBER:
      return C_("trainee sort", "ID number");
    case UP_TRAINEE_SORT_BIRTH_DATE:
      return C_("trainee sort", "Birth date");
    case UP_TRAINEE_SORT_EMPLOYER:
      return C_("trainee sort", "Employer");
    case UP_TRAINEE_SORT_SKILL_LEVEL:
      return C_("trainee sort", "Skill level");
    case UP_TRAINEE_SORT_NEWEST:
      /* Translators: an order of the trainee list: the latest registered first */
      return C_("trainee sort", "Newest");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The search ----------------------------------------------------------------- */

static gboolean
is_id_digits (const char *text,
              gsize       len)
{
  if (len == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isdigit (text[i]))
        continue;
      /* The check character X comes last only. */
      if (i == len - 1 && i > 0 && (text[i] == 'X' || text[i] == 'x'))
        continue;
      return FALSE;
    }

  return TRUE;
}

/* Chooses the condition for @search and its parameters. */
static void
build_filter (const char  *search,
              const char **sql,
              GStrv       *params,
              char       **employer_pattern)
{
  g_autofree char *text = g_strstrip (g_strdup (search != NULL ? search : ""));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gsize len = strlen (text);

  *employer_pattern = NULL;

  if (len == 0)
    {
      *sql = filter_all_sql;
    }
  else if (is_id_digits (text, len) && len == 18)
    {
      g_autofree char *upper = g_ascii_strup (text, -1);

      *sql = filter_id_number_sql;
      g_strv_builder_add (builder, upper);
    }
  else if (is_id_digits (text, len) && len < 18)
    {
      g_autofree char *upper = g_ascii_strup (text, -1);
      g_autofree char *reversed = g_strreverse (g_strdup (upper));
      g_autofree char *suffix = g_strconcat (reversed, "%", NULL);

      g_strv_builder_add (builder, suffix);
      if (text[0] == '1' && len >= 3 && len <= 11 && g_ascii_isdigit (text[len - 1]))
        {
          g_autofree char *prefix = g_strconcat (text, "%", NULL);

          *sql = filter_id_suffix_or_phone_sql;
          g_strv_builder_add (builder, prefix);
        }
      else
        {
          *sql = filter_id_suffix_sql;
        }
    }
  else
    {
      g_autofree char *escaped = up_trainee_like_escape (text);
      g_autofree char *contains = g_strconcat ("%", escaped, "%", NULL);
      glong n_chars = g_utf8_strlen (text, -1);

      if (n_chars == 1)
        {
          *sql = filter_name_short_sql;
          g_strv_builder_add (builder, text);
        }
      else if (n_chars == 2)
        {
          *sql = filter_name_two_or_employer_sql;
          g_strv_builder_add (builder, text);
          *employer_pattern = g_strdup (contains);
        }
      else
        {
          *sql = filter_name_long_or_employer_sql;
          g_strv_builder_add (builder, contains);
          *employer_pattern = g_strdup (contains);
        }
    }

  *params = g_strv_builder_end (builder);
}

gboolean
up_trainee_list_prepare_filter (PGconn      *conn,
                                const char  *search,
                                const char **sql,
                                GStrv       *params,
                                GError     **error)
{
  g_autofree char *employer_pattern = NULL;
  g_auto(GStrv) built = NULL;

  build_filter (search, sql, &built, &employer_pattern);

  if (employer_pattern != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_autoptr(PGresult) result = NULL;
      const char *pattern[] = { employer_pattern };

      result = up_pg_exec (conn, employers_matching_sql, 1, pattern, error);
      if (result == NULL)
        return FALSE;

      g_strv_builder_addv (builder, (const char **) built);
      g_strv_builder_add (builder, PQgetvalue (result, 0, 0));
      *params = g_strv_builder_end (builder);
    }
  else
    {
      *params = g_steal_pointer (&built);
    }

  return TRUE;
}

gboolean
up_trainee_list_search_is_empty (const char *search)
{
  const char *sql;
  g_auto(GStrv) params = NULL;
  g_autofree char *employer_pattern = NULL;

  build_filter (search, &sql, &params, &employer_pattern);
  return sql == filter_all_sql;
}

const char *
up_trainee_list_order_sql (UpTraineeSort sort,
                           gboolean      descending)
{
  g_return_val_if_fail (sort <= UP_TRAINEE_SORT_NEWEST, NULL);

  return order_sql[sort][descending ? 1 : 0];
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
set_loading (UpTraineeList *self,
             int            delta)
{
  gboolean was = self->n_running > 0;

  self->n_running += delta;
  if (was != (self->n_running > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (UpTraineeList *self,
           const GError  *error)
{
  if (error == NULL && self->error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
drop_pages (UpTraineeList *self)
{
  /* The links are the pages' own: forget them, do not free them. */
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

static void
evict_pages (UpTraineeList *self)
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
callback_new (UpTraineeList *self,
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
fill_page (UpTraineeList  *self,
           Page           *page,
           const PGresult *result)
{
  g_autoptr(GHashTable) rows = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new (gint64, PQntuples (result));

  page->loading = FALSE;
  page->loaded = TRUE;

  if (self->ids == NULL)
    {
      /* The first page, in order from the server. */
      for (guint i = 0; i < page->n_items && (int) i < PQntuples (result); i++)
        up_trainee_fill_from_result (page->items[i], result, (int) i, 0);
      return;
    }

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
        up_trainee_fill_from_result (page->items[i], result, row, 0);
    }
}

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Callback) cb = user_data;
  g_autoptr(UpTraineeList) self = NULL;
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
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !g_error_matches (error, UP_ERROR, UP_ERROR_CANCELLED))
        set_error (self, error);
      return;
    }

  if (page == NULL || page->loaded)
    return;

  fill_page (self, page, rows);
}

static void
load_page (UpTraineeList *self,
           Page          *page)
{
  if (page->loading || page->loaded)
    return;

  if (self->ids == NULL)
    {
      /* The first page is on its way already; the others need the ids. */
      page->waiting = TRUE;
      return;
    }

  {
    GString *array = g_string_new ("{");
    const char *params[1];

    for (guint i = 0; i < page->n_items; i++)
      g_string_append_printf (array, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                              g_array_index (self->ids, gint64, page->index * PAGE_SIZE + i));
    g_string_append_c (array, '}');
    params[0] = array->str;

    page->loading = TRUE;
    page->waiting = FALSE;
    set_loading (self, +1);
    up_database_query_async (self->db, page_by_ids_sql, 1, params, page->cancellable,
                             page_loaded_cb, callback_new (self, page->index));
    g_string_free (array, TRUE);
  }
}

static Page *
ensure_page (UpTraineeList *self,
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
  page->n_items = MIN (PAGE_SIZE, self->n_items - index * PAGE_SIZE);
  page->items = g_new0 (UpTrainee *, page->n_items);
  page->cancellable = g_cancellable_new ();
  for (guint i = 0; i < page->n_items; i++)
    page->items[i] = up_trainee_new_placeholder ();

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);
  evict_pages (self);

  /* Page 0 comes with the search itself. */
  if (index > 0 || self->ids != NULL)
    load_page (self, page);

  return page;
}

/* The search's statements ------------------------------------------------------ */

static void
set_n_items (UpTraineeList *self,
             guint          n_items,
             gboolean       estimate)
{
  guint old = self->n_items;

  if (estimate != self->count_is_estimate)
    {
      self->count_is_estimate = estimate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_IS_ESTIMATE]);
    }

  if (old == n_items)
    return;

  /* Pages past the new end, and the last one, lose or gain rows. */
  {
    guint first_gone = MIN (old, n_items) / PAGE_SIZE;
    GHashTableIter iter;
    Page *page;

    g_hash_table_iter_init (&iter, self->pages);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
      if (page->index >= first_gone)
        {
          g_queue_unlink (&self->lru, &page->link);
          g_hash_table_iter_remove (&iter);
        }
  }

  self->n_items = n_items;
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (old, n_items),
                              old - MIN (old, n_items), n_items - MIN (old, n_items));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

typedef enum
{
  SEARCH_COUNT,
  SEARCH_FIRST_PAGE,
  SEARCH_IDS,
} SearchStep;

/* The condition of one search, shared by its three steps: the first step
 * to run resolves it (the employers it matches are looked up once), the
 * others reuse it.  Only the worker thread touches it after creation, one
 * step after the other. */
typedef struct
{
  char       *search;
  gboolean    resolved;
  const char *sql;
  GStrv       params;
} SearchFilter;

static void
search_filter_clear (gpointer data)
{
  SearchFilter *filter = data;

  g_free (filter->search);
  g_strfreev (filter->params);
}

typedef struct
{
  SearchStep    step;
  SearchFilter *filter;   /* a g_atomic_rc_box */
  const char   *order;
} SearchJob;

static void
search_job_free (gpointer data)
{
  SearchJob *job = data;

  g_atomic_rc_box_release_full (job->filter, search_filter_clear);
  g_free (job);
}

/* What the count step answers. */
typedef struct
{
  gint64   n;
  gboolean estimate;
} SearchCount;

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Callback) cb = user_data;
  g_autoptr(UpTraineeList) self = NULL;
  g_autofree SearchCount *count = NULL;
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
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !g_error_matches (error, UP_ERROR, UP_ERROR_CANCELLED))
        set_error (self, error);
      return;
    }

  /* The ids came first (cannot happen: the worker keeps the order). */
  if (self->ids != NULL)
    return;

  set_n_items (self, (guint) CLAMP (count->n, 0, G_MAXUINT), count->estimate);
}

static void
first_page_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Callback) cb = user_data;
  g_autoptr(UpTraineeList) self = NULL;
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
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !g_error_matches (error, UP_ERROR, UP_ERROR_CANCELLED))
        set_error (self, error);
      return;
    }

  if (self->ids != NULL || self->n_items == 0)
    return;

  page = ensure_page (self, 0);
  if (!page->loaded)
    fill_page (self, page, rows);
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
  g_array_set_size (ids, (guint) (PQgetlength (result, 0, 0) / 2));
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

/* Runs on the worker: one statement of a search.  The count and the first
 * page answer a PGresult, the ids a GArray (parsed off the main thread). */
static gpointer
search_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  SearchJob *job = data;
  SearchFilter *search = job->filter;
  g_autoptr(PGresult) result = NULL;
  g_autofree char *sql = NULL;
  const char *filter;
  GStrv params;

  if (!search->resolved)
    {
      if (!up_trainee_list_prepare_filter (conn, search->search, &search->sql, &search->params, error))
        return NULL;
      search->resolved = TRUE;
    }
  filter = search->sql;
  params = search->params;

  /* The statements join this file's constant pieces (the condition of the
   * search's shape, the ORDER BY of the sort enum); the search text travels
   * as $1, $2. */
  switch (job->step)
    {
    case SEARCH_COUNT:
      if (filter == filter_all_sql)
        {
          sql = g_strdup (count_all_sql);
          break;
        }
      else
        {
          /* Counting hundreds of thousands of matches takes longer than
           * the first page: then the planner's estimate stands in until the
           * ids bring the exact figure. */
          g_autofree char *explain = g_strconcat ("EXPLAIN (FORMAT JSON) SELECT 1 FROM trainees AS t WHERE ",
                                                  filter, NULL);
          g_autoptr(PGresult) plan = NULL;
          const char *rows;
          gint64 estimate;

          plan = up_pg_exec (conn, explain, g_strv_length (params), (const char * const *) params, error);
          if (plan == NULL)
            return NULL;
          rows = strstr (PQgetvalue (plan, 0, 0), "\"Plan Rows\": ");
          estimate = rows != NULL ? g_ascii_strtoll (rows + strlen ("\"Plan Rows\": "), NULL, 10) : 0;
          if (estimate > ESTIMATE_FILTERED_ABOVE)
            {
              SearchCount *count = g_new (SearchCount, 1);

              count->n = estimate;
              count->estimate = TRUE;
              return count;
            }
        }
      sql = g_strconcat ("SELECT count(*), false FROM trainees AS t WHERE ", filter, NULL);
      break;
    case SEARCH_FIRST_PAGE:
      sql = up_trainee_list_first_page_sql (filter, job->order);
      break;
    case SEARCH_IDS:
      sql = g_strconcat ("SELECT array_agg (s.id) FROM (SELECT t.id FROM trainees AS t WHERE ", filter,
                         " ORDER BY ", job->order, ") AS s", NULL);
      break;
    default:
      g_assert_not_reached ();
    }

  result = up_pg_exec (conn, sql, g_strv_length (params), (const char * const *) params, error);
  if (result == NULL)
    return NULL;

  if (job->step == SEARCH_COUNT)
    {
      SearchCount *count = g_new0 (SearchCount, 1);

      if (PQntuples (result) > 0)
        {
          count->n = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
          count->estimate = PQgetvalue (result, 0, 1)[0] == 't';
        }
      return count;
    }

  if (job->step == SEARCH_IDS)
    return parse_ids (result);

  return g_steal_pointer (&result);
}

static void
ids_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Callback) cb = user_data;
  g_autoptr(UpTraineeList) self = NULL;
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
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !g_error_matches (error, UP_ERROR, UP_ERROR_CANCELLED))
        set_error (self, error);
      return;
    }

  self->ids = g_steal_pointer (&ids);
  set_n_items (self, self->ids->len, FALSE);

  /* The pages asked for meanwhile. */
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
    if (!page->loaded)
      load_page (self, page);
}

static void
queue_search_step (UpTraineeList       *self,
                   SearchFilter        *filter,
                   SearchStep           step,
                   GAsyncReadyCallback  callback)
{
  static const GDestroyNotify result_free[] = {
    [SEARCH_COUNT] = g_free,
    [SEARCH_FIRST_PAGE] = (GDestroyNotify) PQclear,
    [SEARCH_IDS] = (GDestroyNotify) g_array_unref,
  };
  SearchJob *job = g_new0 (SearchJob, 1);

  job->step = step;
  job->filter = g_atomic_rc_box_acquire (filter);
  job->order = up_trainee_list_order_sql (self->sort, self->descending);

  set_loading (self, +1);
  up_database_run_read_async (self->db, search_func, job, search_job_free, result_free[step],
                              self->cancellable, callback, callback_new (self, 0));
}

static void
restart (UpTraineeList *self)
{
  guint old = self->n_items;
  SearchFilter *filter;

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
  filter = g_atomic_rc_box_new0 (SearchFilter);
  filter->search = g_strdup (self->search);
  queue_search_step (self, filter, SEARCH_COUNT, count_cb);
  queue_search_step (self, filter, SEARCH_FIRST_PAGE, first_page_cb);
  queue_search_step (self, filter, SEARCH_IDS, ids_cb);
  g_atomic_rc_box_release_full (filter, search_filter_clear);
}

/* GListModel ----------------------------------------------------------------- */

static GType
up_trainee_list_get_item_type (GListModel *model)
{
  return UP_TYPE_TRAINEE;
}

static guint
up_trainee_list_get_n_items (GListModel *model)
{
  return UP_TRAINEE_LIST (model)->n_items;
}

static gpointer
up_trainee_list_get_item (GListModel *model,
                          guint       position)
{
  UpTraineeList *self = UP_TRAINEE_LIST (model);
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = ensure_page (self, position / PAGE_SIZE);
  return g_object_ref (page->items[position % PAGE_SIZE]);
}

static void
up_trainee_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = up_trainee_list_get_item_type;
  iface->get_n_items = up_trainee_list_get_n_items;
  iface->get_item = up_trainee_list_get_item;
}

/* GObject -------------------------------------------------------------------- */

static void
up_trainee_list_constructed (GObject *object)
{
  UpTraineeList *self = UP_TRAINEE_LIST (object);

  G_OBJECT_CLASS (up_trainee_list_parent_class)->constructed (object);

  restart (self);
}

static void
up_trainee_list_dispose (GObject *object)
{
  UpTraineeList *self = UP_TRAINEE_LIST (object);

  g_cancellable_cancel (self->cancellable);
  drop_pages (self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (up_trainee_list_parent_class)->dispose (object);
}

static void
up_trainee_list_finalize (GObject *object)
{
  UpTraineeList *self = UP_TRAINEE_LIST (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_error (&self->error);
  g_free (self->search);

  G_OBJECT_CLASS (up_trainee_list_parent_class)->finalize (object);
}

static void
up_trainee_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  UpTraineeList *self = UP_TRAINEE_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_SORT:
      g_value_set_enum (value, self->sort);
      break;
    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_running > 0);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_COUNT_IS_ESTIMATE:
      g_value_set_boolean (value, self->count_is_estimate);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_trainee_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  UpTraineeList *self = UP_TRAINEE_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;
    case PROP_SEARCH:
      up_trainee_list_set_search (self, g_value_get_string (value));
      break;
    case PROP_SORT:
      up_trainee_list_set_sort (self, g_value_get_enum (value), self->descending);
      break;
    case PROP_SORT_DESCENDING:
      up_trainee_list_set_sort (self, self->sort, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_trainee_list_class_init (UpTraineeListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = up_trainee_list_constructed;
  object_class->dispose = up_trainee_list_dispose;
  object_class->finalize = up_trainee_list_finalize;
  object_class->get_property = up_trainee_list_get_property;
  object_class->set_property = up_trainee_list_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, UP_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT] =
    g_param_spec_enum ("sort", NULL, NULL, UP_TYPE_TRAINEE_SORT, UP_TRAINEE_SORT_NAME,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT_IS_ESTIMATE] =
    g_param_spec_boolean ("count-is-estimate", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_trainee_list_init (UpTraineeList *self)
{
  self->search = g_strdup ("");
  self->sort = UP_TRAINEE_SORT_NAME;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
}

/* Public --------------------------------------------------------------------- */

UpTraineeList *
up_trainee_list_new (UpDatabase *db)
{
  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);

  return g_object_new (UP_TYPE_TRAINEE_LIST, "database", db, NULL);
}

UpDatabase *
up_trainee_list_get_database (UpTraineeList *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_LIST (self), NULL);

  return self->db;
}

const char *
up_trainee_list_get_search (UpTraineeList *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_LIST (self), NULL);

  return self->search;
}

void
up_trainee_list_set_search (UpTraineeList *self,
                            const char    *search)
{
  g_return_if_fail (UP_IS_TRAINEE_LIST (self));

  if (search == NULL)
    search = "";

  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);

  if (self->db != NULL)
    restart (self);
}

UpTraineeSort
up_trainee_list_get_sort (UpTraineeList *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_LIST (self), UP_TRAINEE_SORT_NAME);

  return self->sort;
}

gboolean
up_trainee_list_get_sort_descending (UpTraineeList *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_LIST (self), FALSE);

  return self->descending;
}

void
up_trainee_list_set_sort (UpTraineeList *self,
                          UpTraineeSort  sort,
                          gboolean       descending)
{
  gboolean changed = FALSE;

  g_return_if_fail (UP_IS_TRAINEE_LIST (self));
  g_return_if_fail (sort <= UP_TRAINEE_SORT_NEWEST);

  descending = !!descending;

  if (sort != self->sort)
    {
      self->sort = sort;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
      changed = TRUE;
    }

  if (descending != self->descending)
    {
      self->descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
      changed = TRUE;
    }

  if (changed && self->db != NULL)
    restart (self);
}

void
up_trainee_list_reload (UpTraineeList *self)
{
  g_return_if_fail (UP_IS_TRAINEE_LIST (self));

  restart (self);
}

gboolean
up_trainee_list_get_loading (UpTraineeList *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_LIST (self), FALSE);

  return self->n_running > 0;
}

gboolean
up_trainee_list_get_count_is_estimate (UpTraineeList *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_LIST (self), FALSE);

  return self->count_is_estimate;
}

const GError *
up_trainee_list_get_error (UpTraineeList *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE_LIST (self), NULL);

  return self->error;
}
