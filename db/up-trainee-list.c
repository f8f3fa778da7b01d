/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-trainee-list"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <string.h>

#include "up-page-cache.h"
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

#define PAGE_SIZE UP_PAGE_CACHE_PAGE_SIZE

struct _UpTraineeList
{
  GObject        parent_instance;

  UpDatabase    *db;
  char          *search;
  UpTraineeSort  sort;
  gboolean       descending;

  /* The pages, the ids and the work of the current search. */
  UpPageCache   *cache;
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

/* The name order: pinyin, a surname by its own reading (migrations 0018,
 * 0019), as the indexes over trainees' names have it. */
#define NAME_KEY_SQL "up_name_sort_key (t.name) COLLATE up_pinyin"

/* The orders, ascending and descending; each ends in a unique column so it
 * is total.  Chosen by enum, never built from text. */
static const char *order_sql[][2] = {
  [UP_TRAINEE_SORT_NAME] = { NAME_KEY_SQL ", t.id", NAME_KEY_SQL " DESC, t.id DESC" },
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
 * (trainees_name_first_idx, trainees_name_first2_idx) or further in: one
 * character second or third (trainees_name_char2_idx, _char3_idx), two
 * characters second and third (trainees_name_pair2_idx), anything further
 * in a longer name (trainees_long_name_grams_idx; migrations 0006, 0010,
 * 0019). */
#define NAME_FIRST_SQL "left (t.name, 1) = $1::text"
#define NAME_FIRST_TWO_SQL "left (t.name, 2) = $1::text"
#define NAME_INNER_SQL "up_name_inner_grams (t.name) @> ARRAY[lower ($1::text)]"
#define NAME_LONG_INNER_SQL "(length (t.name) > 3 AND " NAME_INNER_SQL ")"
#define NAME_ONE_INNER_SQL \
  "lower (substr (t.name, 2, 1)) = lower ($1::text) OR lower (substr (t.name, 3, 1)) = lower ($1::text) OR " \
  NAME_LONG_INNER_SQL
#define NAME_TWO_INNER_SQL "lower (substr (t.name, 2, 2)) = lower ($1::text) OR " NAME_LONG_INNER_SQL
static const char *filter_name_short_sql = "(" NAME_FIRST_SQL " OR " NAME_ONE_INNER_SQL ")";
/* $2: the employers containing the text, looked up first in the small table
 * trainee_employers (up_trainee_list_prepare_filter()), so that the planner
 * sees the values; the trainees then come through an employer index. */
static const char *filter_name_two_or_employer_sql =
  "(t.employer = ANY ($2::text[]) OR " NAME_FIRST_TWO_SQL " OR " NAME_TWO_INNER_SQL ")";
/* The first page of a one-character search in name order, merged from the
 * first page of each place the character can be in a name: at the start
 * (trainees_name_first_idx), second or third (trainees_name_char2_idx,
 * _char3_idx: migrations 0006, 0019), or further in a longer name
 * (trainees_long_name_grams_idx).  Each part reads at most a page of index
 * entries in order; only the last sorts, and it holds few names. */
#define FIRST_PAGE_ONE_CHARACTER_SQL(dir) \
  "SELECT * FROM (" \
  " (SELECT " UP_TRAINEE_COLUMNS " FROM trainees AS t WHERE " NAME_FIRST_SQL \
  "  ORDER BY " NAME_KEY_SQL " " dir ", t.id " dir " LIMIT " G_STRINGIFY (PAGE_SIZE) ")" \
  " UNION " \
  " (SELECT " UP_TRAINEE_COLUMNS " FROM trainees AS t WHERE lower (substr (t.name, 2, 1)) = lower ($1::text)" \
  "  ORDER BY " NAME_KEY_SQL " " dir ", t.id " dir " LIMIT " G_STRINGIFY (PAGE_SIZE) ")" \
  " UNION " \
  " (SELECT " UP_TRAINEE_COLUMNS " FROM trainees AS t WHERE lower (substr (t.name, 3, 1)) = lower ($1::text)" \
  "  ORDER BY " NAME_KEY_SQL " " dir ", t.id " dir " LIMIT " G_STRINGIFY (PAGE_SIZE) ")" \
  " UNION " \
  " (SELECT " UP_TRAINEE_COLUMNS " FROM trainees AS t WHERE " NAME_LONG_INNER_SQL \
  "  ORDER BY " NAME_KEY_SQL " || '' " dir ", t.id " dir " LIMIT " G_STRINGIFY (PAGE_SIZE) ")" \
  ") AS t ORDER BY " NAME_KEY_SQL " " dir ", t.id " dir " LIMIT " G_STRINGIFY (PAGE_SIZE)
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

static const char page_by_ids_sql[] =
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

static GObject *
new_placeholder (void)
{
  return G_OBJECT (up_trainee_new_placeholder ());
}

static void
fill_item (GObject        *item,
           const PGresult *result,
           int             row)
{
  up_trainee_fill_from_result (UP_TRAINEE (item), result, row, 0);
}

static const UpPageCacheItems page_items = {
  .page_sql = page_by_ids_sql,
  .new_placeholder = new_placeholder,
  .fill = fill_item,
};

/* The search's statements ------------------------------------------------------ */

/* The number of matches, and whether it is the planner's estimate. */
static void
set_n_items (UpTraineeList *self,
             guint          n_items,
             gboolean       estimate)
{
  if (estimate != self->count_is_estimate)
    {
      self->count_is_estimate = estimate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_IS_ESTIMATE]);
    }

  up_page_cache_set_n_items (self->cache, n_items);
}

/* The condition of one search, shared by its three steps: the first step
 * to run resolves it (the employers it matches are looked up once), the
 * others reuse it.  Only the worker thread touches it after creation, one
 * step after the other. */
typedef struct
{
  char       *search;
  const char *order;
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
  g_autoptr(UpPageCacheTicket) ticket = user_data;
  g_autoptr(UpTraineeList) self = NULL;
  g_autofree SearchCount *count = NULL;
  g_autoptr(GError) error = NULL;

  count = up_database_run_finish (UP_DATABASE (object), result, &error);

  self = up_page_cache_ticket_finish (ticket, count != NULL, error);
  if (self == NULL)
    return;

  /* The ids came first (cannot happen: the worker keeps the order). */
  if (up_page_cache_get_ids (self->cache) != NULL)
    return;

  set_n_items (self, (guint) CLAMP (count->n, 0, G_MAXUINT), count->estimate);
}

/* Runs on the worker: one statement of a search.  The count answers a
 * SearchCount, the first page and the ids a PGresult. */
static gpointer
search_func (PGconn           *conn,
             UpPageCacheStep   step,
             gpointer          data,
             GError          **error)
{
  SearchFilter *search = data;
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
  switch (step)
    {
    case UP_PAGE_CACHE_STEP_COUNT:
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
    case UP_PAGE_CACHE_STEP_FIRST_PAGE:
      sql = up_trainee_list_first_page_sql (filter, search->order);
      break;
    case UP_PAGE_CACHE_STEP_IDS:
      sql = g_strconcat ("SELECT array_agg (s.id) FROM (SELECT t.id FROM trainees AS t WHERE ", filter,
                         " ORDER BY ", search->order, ") AS s", NULL);
      break;
    default:
      g_assert_not_reached ();
    }

  result = up_pg_exec (conn, sql, g_strv_length (params), (const char * const *) params, error);
  if (result == NULL)
    return NULL;

  if (step == UP_PAGE_CACHE_STEP_COUNT)
    {
      SearchCount *count = g_new0 (SearchCount, 1);

      if (PQntuples (result) > 0)
        {
          count->n = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
          count->estimate = PQgetvalue (result, 0, 1)[0] == 't';
        }
      return count;
    }

  return g_steal_pointer (&result);
}

static void
ids_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(UpPageCacheTicket) ticket = user_data;
  g_autoptr(UpTraineeList) self = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = up_database_run_finish (UP_DATABASE (object), result, &error);

  self = up_page_cache_ticket_finish (ticket, ids != NULL, error);
  if (self == NULL)
    return;

  /* The count is exact now. */
  if (self->count_is_estimate)
    {
      self->count_is_estimate = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_IS_ESTIMATE]);
    }
  up_page_cache_set_ids (self->cache, g_steal_pointer (&ids));
}

static void
restart (UpTraineeList *self)
{
  SearchFilter *filter;

  up_page_cache_restart (self->cache, TRUE);

  if (self->db == NULL)
    return;

  filter = g_atomic_rc_box_new0 (SearchFilter);
  filter->search = g_strdup (self->search);
  filter->order = up_trainee_list_order_sql (self->sort, self->descending);
  up_page_cache_run_query (self->cache, search_func, filter, search_filter_clear, count_cb, ids_cb);
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
  return up_page_cache_get_n_items (UP_TRAINEE_LIST (model)->cache);
}

static gpointer
up_trainee_list_get_item (GListModel *model,
                          guint       position)
{
  return up_page_cache_get_item (UP_TRAINEE_LIST (model)->cache, position);
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

  up_page_cache_set_database (self->cache, self->db);
  restart (self);
}

static void
up_trainee_list_dispose (GObject *object)
{
  UpTraineeList *self = UP_TRAINEE_LIST (object);

  up_page_cache_dispose (self->cache);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (up_trainee_list_parent_class)->dispose (object);
}

static void
up_trainee_list_finalize (GObject *object)
{
  UpTraineeList *self = UP_TRAINEE_LIST (object);

  g_clear_pointer (&self->cache, up_page_cache_free);
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
      g_value_set_boolean (value, up_page_cache_get_loading (self->cache));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, up_page_cache_get_n_items (self->cache));
      break;
    case PROP_COUNT_IS_ESTIMATE:
      g_value_set_boolean (value, self->count_is_estimate);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, up_page_cache_get_error (self->cache));
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
  self->cache = up_page_cache_new (G_OBJECT (self), &page_items, properties[PROP_N_ITEMS],
                                   properties[PROP_LOADING], properties[PROP_ERROR]);
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

  return up_page_cache_get_loading (self->cache);
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

  return up_page_cache_get_error (self->cache);
}
