/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <string.h>

#include "up-database.h"
#include "up-demo.h"
#include "up-error.h"
#include "up-pg.h"
#include "up-test-pg.h"
#include "up-trainee-list-private.h"
#include "up-trainee-list.h"
#include "up-trainee.h"

/* The list's name order (db/up-trainee-list.c). */
#define NAME_KEY "up_name_sort_key (t.name) COLLATE up_pinyin"

/* Enough rows for the planner to prefer indexes, and several hundred pages. */
#define N_TRAINEES 20000

/* Filling a database takes a while: the tests only read, so they share one. */
static char *demo_conninfo;

typedef struct
{
  PGconn         *conn;
  UpDatabase     *db;
  UpTraineeList  *list;
} Fixture;

static void
add_trainee (PGconn     *conn,
             const char *name,
             const char *sequence)
{
  g_autofree char *first17 = g_strconcat ("500112", "19910817", sequence, NULL);
  g_autofree char *id_number = g_strdup_printf ("%s%c", first17, up_id_number_check_character (first17));
  g_autoptr(UpTraineeInput) input = up_trainee_input_new ();
  g_autoptr(GError) error = NULL;

  input->academy_id = up_test_pg_query_int (conn, "SELECT min (id) FROM academies", NULL);
  input->id_number = g_strdup (id_number);
  input->name = g_strdup (name);
  input->phone = g_strdup ("19900001234");
  up_trainee_insert (conn, input, &error);
  g_assert_no_error (error);
}

static const char *
get_demo_conninfo (void)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;
  UpDemoOptions options;

  if (demo_conninfo != NULL)
    return demo_conninfo;

  demo_conninfo = up_test_pg_new_migrated ();
  conn = up_pg_connect (demo_conninfo, &error);
  g_assert_no_error (error);

  up_demo_options_init (&options);
  options.n_trainees = N_TRAINEES;
  up_demo_generate (conn, &options, NULL, &error);
  g_assert_no_error (error);

  /* Names the searches below are sure to meet. */
  add_trainee (conn, "张晓明", "901");
  add_trainee (conn, "欧阳晓明", "903");
  add_trainee (conn, "100%_张", "905");
  /* 张 further in, at both ends of the pinyin order: the first page
   * merges the names starting with it and these. */
  add_trainee (conn, "邹张", "907");
  /* A character met only further in, and rarely. */
  add_trainee (conn, "王龘", "909");
  add_trainee (conn, "欧阳龘龘", "911");
  /* Surnames read otherwise than their character: 曾 zēng, 仇 qiú. */
  add_trainee (conn, "曾小龢", "913");
  add_trainee (conn, "陈小龢", "915");
  add_trainee (conn, "张小龢", "917");
  add_trainee (conn, "仇小龢", "919");

  up_pg_command (conn, "VACUUM ANALYZE trainees", 0, NULL, &error);
  g_assert_no_error (error);

  return demo_conninfo;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *conninfo = get_demo_conninfo ();

  f->conn = up_pg_connect (conninfo, &error);
  g_assert_no_error (error);
  f->db = up_database_new (conninfo);
  up_database_connect_sync (f->db, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->list != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->list));
  up_database_close (f->db);
  g_clear_object (&f->db);
  g_clear_pointer (&f->conn, PQfinish);
}

static gboolean
list_is_idle (gpointer list)
{
  return !up_trainee_list_get_loading (list);
}

static void
wait_until_idle (UpTraineeList *list)
{
  /* Let queued work start, then wait for all of it. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  up_test_wait_until_full (list_is_idle, list, 30, "the trainee list to load");
  g_assert_null (up_trainee_list_get_error (list));
}

/* The ids the list shows from @first on, after their pages have loaded. */
static GArray *
list_ids (UpTraineeList *list,
          guint          first,
          guint          n)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (list));

  n = MIN (n, n_items - MIN (first, n_items));

  /* Ask for everything first (pages load in the background) … */
  for (guint i = first; i < first + n; i += 100)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
  wait_until_idle (list);

  /* … then read, in chunks that fit the page cache. */
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(UpTrainee) trainee = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (!up_trainee_get_loaded (trainee))
        {
          wait_until_idle (list);
          g_assert_true (up_trainee_get_loaded (trainee));
        }
      g_array_append_val (ids, *(gint64[]) { up_trainee_get_id (trainee) });
    }

  return ids;
}

static GArray *
sql_ids (PGconn     *conn,
         const char *where,
         const char *param,
         const char *order)
{
  g_autofree char *sql = g_strdup_printf ("SELECT t.id FROM trainees AS t WHERE %s ORDER BY %s", where, order);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { param };
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  result = up_pg_exec (conn, sql, param != NULL ? 1 : 0, param != NULL ? params : NULL, &error);
  g_assert_no_error (error);
  for (int i = 0; i < PQntuples (result); i++)
    g_array_append_val (ids, *(gint64[]) { g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10) });

  return ids;
}

static void
assert_ids_equal (GArray *got,
                  GArray *expected)
{
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < got->len; i++)
    {
      if (g_array_index (got, gint64, i) != g_array_index (expected, gint64, i))
        g_error ("row %u: id %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT, i,
                 g_array_index (got, gint64, i), g_array_index (expected, gint64, i));
    }
}

/* Searches @search and checks count and order against plain SQL: @where
 * with $1 = @param, in name order. */
static void
assert_search (Fixture    *f,
               const char *search,
               const char *where,
               const char *param,
               gint64      at_least)
{
  g_autoptr(GArray) expected = sql_ids (f->conn, where, param, NAME_KEY ", t.id");
  g_autoptr(GArray) got = NULL;

  g_test_message ("search %s: %u matches", search, expected->len);
  g_assert_cmpint (expected->len, >=, at_least);

  if (f->list == NULL)
    f->list = up_trainee_list_new (f->db);
  up_trainee_list_set_search (f->list, search);
  wait_until_idle (f->list);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, expected->len);
  g_assert_false (up_trainee_list_get_count_is_estimate (f->list));
  got = list_ids (f->list, 0, G_MAXUINT);
  assert_ids_equal (got, expected);
}

static void
test_search_one_character (Fixture       *f,
                           gconstpointer  data)
{
  assert_search (f, "张", "t.name LIKE '%' || $1 || '%'", "张", 50);
}

static void
test_search_one_character_descending (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GArray) expected = sql_ids (f->conn, "t.name LIKE '%' || $1 || '%'", "张",
                                        NAME_KEY " DESC, t.id DESC");
  g_autoptr(GArray) got = NULL;
  g_autoptr(UpTrainee) first = NULL;

  f->list = up_trainee_list_new (f->db);
  up_trainee_list_set_sort (f->list, UP_TRAINEE_SORT_NAME, TRUE);
  up_trainee_list_set_search (f->list, "张");
  wait_until_idle (f->list);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, expected->len);
  got = list_ids (f->list, 0, G_MAXUINT);
  assert_ids_equal (got, expected);
  /* 邹张 (zōu) holds 张 further in and comes first. */
  first = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  g_assert_cmpstr (up_trainee_get_name (first), ==, "邹张");
}

static void
test_search_two_characters (Fixture       *f,
                            gconstpointer  data)
{
  /* Two characters: the name, or a word of the employer. */
  assert_search (f, "晓明", "t.name LIKE '%' || $1 || '%' OR t.employer LIKE '%' || $1 || '%'", "晓明", 2);
}

static void
test_search_common_given_name (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *given = up_test_pg_query_text (f->conn,
                                                  "SELECT substr (name, 2, 2) FROM trainees WHERE length (name) = 3"
                                                  " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", NULL);

  assert_search (f, given, "t.name LIKE '%' || $1 || '%' OR t.employer LIKE '%' || $1 || '%'", given, 2);
}

/* A common character of given names (明): the first page comes from a walk
 * of the name order that finds a page of them; a rare one from the gram
 * index.  Both in the same order as plain SQL. */
static void
test_search_one_inner_character (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *common = up_test_pg_query_text (f->conn,
                                                   "SELECT substr (name, 2, 1) FROM trainees WHERE length (name) >= 2"
                                                   " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", NULL);
  const char *rare = "龘";

  assert_search (f, common, "t.name LIKE '%' || $1 || '%'", common, 101);
  g_clear_object (&f->list);
  assert_search (f, rare, "t.name LIKE '%' || $1 || '%'", rare, 2);
}

static void
test_search_three_characters (Fixture       *f,
                              gconstpointer  data)
{
  assert_search (f, "张晓明", "t.name LIKE '%' || $1 || '%' OR t.employer LIKE '%' || $1 || '%'", "张晓明", 1);
}

static void
test_search_wildcards_are_text (Fixture       *f,
                                gconstpointer  data)
{
  assert_search (f, "%_", "strpos (t.name, $1) > 0 OR strpos (t.employer, $1) > 0", "%_", 1);
  assert_search (f, "0%_张", "strpos (t.name, $1) > 0 OR strpos (t.employer, $1) > 0", "0%_张", 1);
}

static void
test_search_employer (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *employer = up_test_pg_query_text (f->conn,
                                                     "SELECT employer FROM trainees WHERE employer IS NOT NULL"
                                                     " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", NULL);
  g_autofree char *word = NULL;
  const char *start;

  /* Two characters from the middle of the most common employer. */
  g_assert_cmpint (g_utf8_strlen (employer, -1), >=, 4);
  start = g_utf8_offset_to_pointer (employer, 2);
  word = g_strndup (start, g_utf8_offset_to_pointer (start, 2) - start);

  assert_search (f, word, "t.name LIKE '%' || $1 || '%' OR t.employer LIKE '%' || $1 || '%'", word, 10);
}

static void
test_search_whole_id_number (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id_number = up_test_pg_query_text (f->conn,
                                                      "SELECT id_number FROM trainees ORDER BY id LIMIT 1 OFFSET 1234", NULL);
  g_autofree char *lower = g_ascii_strdown (id_number, -1);

  assert_search (f, id_number, "t.id_number = $1", id_number, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  /* Spaces around it and a lower-case x are the same number. */
  {
    g_autofree char *typed = g_strdup_printf (" %s  ", lower);

    up_trainee_list_set_search (f->list, typed);
    wait_until_idle (f->list);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  }
}

static void
test_search_id_number_suffix (Fixture       *f,
                              gconstpointer  data)
{
  /* A number whose last digits do not start with 1, so no phone matches. */
  g_autofree char *id_number = up_test_pg_query_text (f->conn,
                                                      "SELECT id_number FROM trainees"
                                                      " WHERE substr (id_number, 13, 1) <> '1'"
                                                      "   AND substr (id_number, 15, 1) <> '1'"
                                                      " ORDER BY id LIMIT 1 OFFSET 77", NULL);
  const char *last6 = id_number + 12;
  const char *last4 = id_number + 14;

  assert_search (f, last4, "t.id_number LIKE '%' || $1", last4, 1);
  assert_search (f, last6, "t.id_number LIKE '%' || $1", last6, 1);
}

static void
test_search_phone (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *phone = up_test_pg_query_text (f->conn,
                                                  "SELECT phone FROM trainees WHERE phone IS NOT NULL ORDER BY id LIMIT 1 OFFSET 99", NULL);
  g_autofree char *prefix = g_strndup (phone, 7);

  /* Digits starting with 1: a phone prefix, or the last digits of an ID. */
  assert_search (f, phone, "t.phone LIKE $1 || '%' OR t.id_number LIKE '%' || $1", phone, 1);
  assert_search (f, prefix, "t.phone LIKE $1 || '%' OR t.id_number LIKE '%' || $1", prefix, 1);
}

static void
test_sort_orders (Fixture       *f,
                  gconstpointer  data)
{
  static const struct {
    UpTraineeSort sort;
    const char   *asc;
    const char   *desc;
  } orders[] = {
    { UP_TRAINEE_SORT_NAME, NAME_KEY ", t.id", NAME_KEY " DESC, t.id DESC" },
    { UP_TRAINEE_SORT_ID_NUMBER, "t.id_number", "t.id_number DESC" },
    { UP_TRAINEE_SORT_BIRTH_DATE, "t.birth_date, t.id", "t.birth_date DESC, t.id DESC" },
    { UP_TRAINEE_SORT_EMPLOYER, "t.employer NULLS LAST, t.id", "t.employer DESC NULLS FIRST, t.id DESC" },
    { UP_TRAINEE_SORT_SKILL_LEVEL, "t.skill_level NULLS LAST, t.id", "t.skill_level DESC NULLS FIRST, t.id DESC" },
    { UP_TRAINEE_SORT_NEWEST, "t.id DESC", "t.id" },
  };

  f->list = up_trainee_list_new (f->db);
  up_trainee_list_set_search (f->list, "王");

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    for (int descending = 0; descending <= 1; descending++)
      {
        g_autoptr(GArray) expected = sql_ids (f->conn, "t.name LIKE '%王%'", NULL,
                                              descending ? orders[i].desc : orders[i].asc);
        g_autoptr(GArray) got = NULL;

        up_trainee_list_set_sort (f->list, orders[i].sort, descending);
        g_assert_cmpint (up_trainee_list_get_sort (f->list), ==, orders[i].sort);
        g_assert_cmpint (up_trainee_list_get_sort_descending (f->list), ==, descending);
        wait_until_idle (f->list);

        got = list_ids (f->list, 0, G_MAXUINT);
        assert_ids_equal (got, expected);
      }
}

/* By name, a surname sorts by its own reading, not its character's
 * commonest one: 陈 chén, 仇 qiú, 曾 zēng, 张 zhāng (ICU alone would put 曾
 * céng first and 仇 chóu second). */
static void
test_sort_surnames_by_their_reading (Fixture       *f,
                                     gconstpointer  data)
{
  static const char *expected[] = { "陈小龢", "仇小龢", "曾小龢", "张小龢" };

  f->list = up_trainee_list_new (f->db);
  up_trainee_list_set_search (f->list, "小龢");
  wait_until_idle (f->list);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(UpTrainee) trainee = g_list_model_get_item (G_LIST_MODEL (f->list), i);

      g_assert_cmpstr (up_trainee_get_name (trainee), ==, expected[i]);
    }
}

static void
test_paging_anywhere (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GArray) expected = sql_ids (f->conn, "true", NULL, "t.birth_date DESC, t.id DESC");
  static const guint starts[] = { 0, 95, 1000, 7777, 19950 };
  guint n;

  f->list = up_trainee_list_new (f->db);
  up_trainee_list_set_sort (f->list, UP_TRAINEE_SORT_BIRTH_DATE, TRUE);
  wait_until_idle (f->list);

  n = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  g_assert_cmpuint (n, ==, expected->len);
  g_assert_cmpuint (n, >=, N_TRAINEES);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), n));

  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    {
      g_autoptr(GArray) got = list_ids (f->list, starts[s], 250);

      g_assert_cmpuint (got->len, ==, MIN (250, n - starts[s]));
      for (guint i = 0; i < got->len; i++)
        g_assert_cmpint (g_array_index (got, gint64, i), ==, g_array_index (expected, gint64, starts[s] + i));
    }
}

static void
notify_loaded_cb (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_placeholder_filled_in_place (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(UpTrainee) item = NULL;
  g_autofree char *name = NULL;
  guint notified = 0;

  f->list = up_trainee_list_new (f->db);
  wait_until_idle (f->list);

  /* A page far from the start: not loaded when first asked for. */
  item = g_list_model_get_item (G_LIST_MODEL (f->list), 12345);
  g_assert_nonnull (item);
  g_assert_false (up_trainee_get_loaded (item));
  g_assert_null (up_trainee_get_name (item));
  g_signal_connect (item, "notify::loaded", G_CALLBACK (notify_loaded_cb), &notified);

  wait_until_idle (f->list);
  g_assert_true (up_trainee_get_loaded (item));
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (item, "name", &name, NULL);
  g_assert_nonnull (name);

  /* The same object while its page stays in the cache. */
  {
    g_autoptr(UpTrainee) again = g_list_model_get_item (G_LIST_MODEL (f->list), 12345);

    g_assert_true (again == item);
  }
  g_signal_handlers_disconnect_by_data (item, &notified);
}

static void
test_cache_is_bounded (Fixture       *f,
                       gconstpointer  data)
{
  UpTrainee *first;
  guint n;

  f->list = up_trainee_list_new (f->db);
  wait_until_idle (f->list);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->list));

  first = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  g_object_unref (first);
  g_assert_nonnull (first);

  /* Walk every page: the first falls out of the cache and is freed. */
  for (guint i = 0; i < n; i += 100)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (f->list), i));
  wait_until_idle (f->list);
  g_assert_null (first);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *n = user_data;

  g_assert_cmpuint (*n - removed + added, ==, g_list_model_get_n_items (model));
  *n = g_list_model_get_n_items (model);
}

static void
test_new_search_replaces_the_old (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GArray) expected = sql_ids (f->conn, "t.name LIKE '%李%'", NULL, NAME_KEY ", t.id");
  g_autoptr(GArray) got = NULL;
  guint n = 0;

  f->list = up_trainee_list_new (f->db);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), &n);

  /* Typed one after the other, without waiting: only the last counts. */
  up_trainee_list_set_search (f->list, "张");
  up_trainee_list_set_search (f->list, "王");
  up_trainee_list_set_search (f->list, "李");
  g_assert_cmpstr (up_trainee_list_get_search (f->list), ==, "李");
  wait_until_idle (f->list);

  g_assert_cmpuint (n, ==, expected->len);
  got = list_ids (f->list, 0, G_MAXUINT);
  assert_ids_equal (got, expected);

  up_trainee_list_set_search (f->list, "没有这个人");
  wait_until_idle (f->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  g_assert_cmpuint (n, ==, 0);

  g_signal_handlers_disconnect_by_data (f->list, &n);
}

/* The plan of "SELECT count(*) … WHERE <the search's condition>" as JSON. */
static char *
explain_search (Fixture    *f,
                const char *search,
                const char *order)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;
  g_auto(GStrv) params = NULL;
  g_autofree char *sql = NULL;
  const char *filter;

  up_trainee_list_prepare_filter (f->conn, search, &filter, &params, &error);
  g_assert_no_error (error);
  if (order != NULL)
    sql = g_strdup_printf ("EXPLAIN (FORMAT JSON) SELECT t.id FROM trainees AS t WHERE %s ORDER BY %s LIMIT 100",
                           filter, order);
  else
    sql = g_strdup_printf ("EXPLAIN (FORMAT JSON) SELECT count(*) FROM trainees AS t WHERE %s", filter);

  result = up_pg_exec (f->conn, sql, g_strv_length (params), (const char * const *) params, &error);
  g_assert_no_error (error);
  return g_strdup (PQgetvalue (result, 0, 0));
}

static void
assert_plan_uses (const char *plan,
                  const char *index)
{
  g_autofree char *needle = g_strdup_printf ("\"Index Name\": \"%s\"", index);

  if (strstr (plan, needle) == NULL)
    g_error ("the plan does not use %s:\n%s", index, plan);
}

static void
test_short_name_search_uses_gram_index (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autofree char *two_page = NULL;
  g_autofree char *three = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *whole = NULL;

  up_pg_command (f->conn, "SET enable_seqscan = off", 0, NULL, &error);
  g_assert_no_error (error);

  /* At the start of a name: the names beginning with it; further in: the
   * character second or third, or anywhere in a longer name. */
  one = explain_search (f, "张", NULL);
  g_assert_nonnull (strstr (one, "\"Node Type\": \"Bitmap Index Scan\""));
  assert_plan_uses (one, "trainees_name_first_idx");
  assert_plan_uses (one, "trainees_name_char2_idx");
  assert_plan_uses (one, "trainees_name_char3_idx");
  assert_plan_uses (one, "trainees_long_name_grams_idx");

  /* Two characters: at the start (the first two characters), second
   * and third, or anywhere in a longer name. */
  two = explain_search (f, "晓明", NULL);
  g_assert_nonnull (strstr (two, "\"Node Type\": \"Bitmap Index Scan\""));
  assert_plan_uses (two, "trainees_name_first2_idx");
  assert_plan_uses (two, "trainees_name_pair2_idx");
  assert_plan_uses (two, "trainees_long_name_grams_idx");
  /* The employers matched in their small table, their trainees by index
   * (the btree or the trigram index, which serves = as well). */
  g_assert_nonnull (strstr (two, "\"Index Cond\": \"(employer = ANY ("));

  two_page = explain_search (f, "晓明", up_trainee_list_order_sql (UP_TRAINEE_SORT_NAME, FALSE));
  assert_plan_uses (two_page, "trainees_name_pair2_idx");

  three = explain_search (f, "张晓明", NULL);
  assert_plan_uses (three, "trainees_name_trgm_idx");

  suffix = explain_search (f, "345678", NULL);
  assert_plan_uses (suffix, "trainees_id_number_suffix_idx");

  phone = explain_search (f, "1381234", NULL);
  assert_plan_uses (phone, "trainees_phone_pattern_idx");
  assert_plan_uses (phone, "trainees_id_number_suffix_idx");

  whole = explain_search (f, "50010319900503123X", NULL);
  assert_plan_uses (whole, "trainees_id_number_unique");
}

static void
test_sort_labels (void)
{
  for (guint sort = UP_TRAINEE_SORT_NAME; sort <= UP_TRAINEE_SORT_NEWEST; sort++)
    g_assert_nonnull (up_trainee_sort_to_label (sort));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/trainee-list/search/one-character-of-a-name", test_search_one_character);
  ADD ("/trainee-list/search/one-character-in-descending-order", test_search_one_character_descending);
  ADD ("/trainee-list/search/two-characters-of-a-name", test_search_two_characters);
  ADD ("/trainee-list/search/a-common-given-name", test_search_common_given_name);
  ADD ("/trainee-list/search/one-character-further-in-a-name", test_search_one_inner_character);
  ADD ("/trainee-list/search/three-characters-of-a-name", test_search_three_characters);
  ADD ("/trainee-list/search/treats-wildcards-as-text", test_search_wildcards_are_text);
  ADD ("/trainee-list/search/a-word-of-the-employer", test_search_employer);
  ADD ("/trainee-list/search/the-whole-id-number", test_search_whole_id_number);
  ADD ("/trainee-list/search/the-last-digits-of-the-id-number", test_search_id_number_suffix);
  ADD ("/trainee-list/search/a-phone-number-or-its-start", test_search_phone);
  ADD ("/trainee-list/search/a-new-search-replaces-the-old", test_new_search_replaces_the_old);
  ADD ("/trainee-list/sort/every-order-both-ways", test_sort_orders);
  ADD ("/trainee-list/sort/surnames-by-their-own-reading", test_sort_surnames_by_their_reading);
  ADD ("/trainee-list/paging/rows-anywhere-match-sql", test_paging_anywhere);
  ADD ("/trainee-list/paging/placeholder-filled-in-place", test_placeholder_filled_in_place);
  ADD ("/trainee-list/paging/cache-is-bounded", test_cache_is_bounded);
  ADD ("/trainee-list/explain/short-name-search-uses-the-gram-index", test_short_name_search_uses_gram_index);
  g_test_add_func ("/trainee-list/sort/labels", test_sort_labels);

#undef ADD

  ret = g_test_run ();
  g_clear_pointer (&demo_conninfo, g_free);
  return ret;
}
