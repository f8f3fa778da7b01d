/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>
#include <locale.h>

#include "up-academy-choices.h"
#include "up-academy.h"
#include "up-pg.h"
#include "up-test-pg.h"

/* The rows of the academy filters, read from a database of the test's own:
 * “All academies”, then the academies in pinyin order, with their ids and
 * codes; a reload after a deletion, and a reload that replaces another.
 * GtkStringObject is a plain GObject: no display is needed. */

typedef struct
{
  char             *conninfo;
  PGconn           *conn;      /* our own connection, for rows */
  UpDatabase       *db;
  UpAcademyChoices *choices;
  guint             n_loaded;
  guint             n_loading_notified;
  guint             n_changed;
  guint             position;  /* of the last items-changed */
  guint             removed;
  guint             added;
} Fixture;

/* Academies of Chongqing.  ORDER BY name COLLATE up_pinyin (ICU's pinyin
 * collation) gives 重庆 chóngqìng, 川 chuān, then 长安: ICU reads 长 as
 * zhǎng, and 重 as chóng only in 重庆.  Code points would give 川 重 长. */
static const struct
{
  const char *code;
  const char *name;
} academies[] = {
  { "CQ-STEEL", "重庆钢铁工匠学院" },
  { "CA-AUTO", "长安汽车工匠学院" },
  { "CY-INST", "川仪股份工匠学院" },
};

static const char *pinyin_order[] = { "重庆钢铁工匠学院", "川仪股份工匠学院", "长安汽车工匠学院" };

/* Helpers ------------------------------------------------------------------ */

static gint64
add_academy (PGconn     *conn,
             const char *code,
             const char *name)
{
  g_autoptr(UpAcademy) academy = up_academy_new ();
  g_autoptr(GError) error = NULL;

  up_academy_set_code (academy, code);
  up_academy_set_name (academy, name);
  up_academy_set_level (academy, UP_ACADEMY_LEVEL_ENTERPRISE);
  up_academy_set_district (academy, "渝北区");
  up_academy_insert (conn, academy, &error);
  g_assert_no_error (error);
  return up_academy_get_id (academy);
}

static void
loaded_cb (UpAcademyChoices *choices,
           Fixture          *f)
{
  f->n_loaded++;
}

static void
loading_cb (UpAcademyChoices *choices,
            GParamSpec       *pspec,
            Fixture          *f)
{
  f->n_loading_notified++;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  f->n_changed++;
  f->position = position;
  f->removed = removed;
  f->added = added;
}

static void
forget_signals (Fixture *f)
{
  f->n_loaded = 0;
  f->n_loading_notified = 0;
  f->n_changed = 0;
}

static gboolean
choices_idle (gpointer choices)
{
  return !up_academy_choices_is_loading (choices);
}

static void
reload_and_wait (Fixture *f)
{
  up_academy_choices_reload (f->choices, f->db);
  g_assert_true (up_academy_choices_is_loading (f->choices));
  up_test_wait_until_full (choices_idle, f->choices, 30, "the academies to load");
}

static char *
row_text (UpAcademyChoices *choices,
          guint             position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (choices), position);

  g_assert_nonnull (item);
  return g_strdup (gtk_string_object_get_string (item));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_test_pg_connect (f->conninfo);
  f->db = up_test_pg_open_database (f->conninfo, NULL);
  f->choices = up_academy_choices_new ();
  g_signal_connect (f->choices, "loaded", G_CALLBACK (loaded_cb), f);
  g_signal_connect (f->choices, "notify::loading", G_CALLBACK (loading_cb), f);
  g_signal_connect (f->choices, "items-changed", G_CALLBACK (items_changed_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->choices));
  up_test_pg_close_database (g_steal_pointer (&f->db));
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

/* Tests -------------------------------------------------------------------- */

static void
test_all_alone_before_a_reload (void)
{
  g_autoptr(UpAcademyChoices) choices = up_academy_choices_new ();
  g_autofree char *all = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (choices)) == GTK_TYPE_STRING_OBJECT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (choices)), ==, 1);
  all = row_text (choices, 0);
  g_assert_cmpstr (all, ==, "All academies");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (choices), 1));
  g_assert_cmpint (up_academy_choices_get_id (choices, 0), ==, 0);
  g_assert_null (up_academy_choices_get_code (choices, 0));
  g_assert_cmpint (up_academy_choices_get_id (choices, GTK_INVALID_LIST_POSITION), ==, 0);
  g_assert_null (up_academy_choices_get_code (choices, GTK_INVALID_LIST_POSITION));
  g_assert_cmpuint (up_academy_choices_find_id (choices, 1), ==, 0);
  g_assert_cmpint (up_academy_choices_get_selected_id (choices), ==, 0);
  g_assert_false (up_academy_choices_is_loading (choices));
}

static void
test_lists_all_then_pinyin_order (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) server = NULL;
  g_autoptr(GtkStringObject) all_before = g_list_model_get_item (G_LIST_MODEL (f->choices), 0);
  g_autoptr(GtkStringObject) all_after = NULL;
  gint64 ids[G_N_ELEMENTS (academies)];

  for (guint i = 0; i < G_N_ELEMENTS (academies); i++)
    ids[i] = add_academy (f->conn, academies[i].code, academies[i].name);

  /* The server's own order is the one the test expects. */
  server = up_pg_exec (f->conn, "SELECT name FROM academies ORDER BY name COLLATE up_pinyin, id", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (server), ==, G_N_ELEMENTS (pinyin_order));
  for (guint i = 0; i < G_N_ELEMENTS (pinyin_order); i++)
    g_assert_cmpstr (PQgetvalue (server, (int) i, 0), ==, pinyin_order[i]);

  reload_and_wait (f);

  g_assert_cmpuint (f->n_loaded, ==, 1);
  g_assert_cmpuint (f->n_loading_notified, ==, 2);
  /* “All academies” stays where it is; the academies come after it. */
  g_assert_cmpuint (f->n_changed, ==, 1);
  g_assert_cmpuint (f->position, ==, 1);
  g_assert_cmpuint (f->removed, ==, 0);
  g_assert_cmpuint (f->added, ==, G_N_ELEMENTS (academies));
  all_after = g_list_model_get_item (G_LIST_MODEL (f->choices), 0);
  g_assert_true (all_after == all_before);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->choices)), ==, 1 + G_N_ELEMENTS (pinyin_order));
  for (guint i = 0; i < G_N_ELEMENTS (pinyin_order); i++)
    {
      g_autofree char *text = row_text (f->choices, i + 1);

      g_assert_cmpstr (text, ==, pinyin_order[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (academies); i++)
    {
      guint position = up_academy_choices_find_id (f->choices, ids[i]);
      g_autofree char *text = NULL;

      g_assert_cmpuint (position, >, 0);
      text = row_text (f->choices, position);
      g_assert_cmpstr (text, ==, academies[i].name);
      g_assert_cmpint (up_academy_choices_get_id (f->choices, position), ==, ids[i]);
      g_assert_cmpstr (up_academy_choices_get_code (f->choices, position), ==, academies[i].code);
    }

  g_assert_cmpint (up_academy_choices_get_id (f->choices, 0), ==, 0);
  g_assert_null (up_academy_choices_get_code (f->choices, 0));
  g_assert_cmpint (up_academy_choices_get_id (f->choices, 1 + G_N_ELEMENTS (academies)), ==, 0);
  g_assert_cmpuint (up_academy_choices_find_id (f->choices, 0), ==, 0);
}

static void
test_deleted_academy_is_gone (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *param = NULL;
  gint64 steel = add_academy (f->conn, academies[0].code, academies[0].name);
  gint64 auto_id = add_academy (f->conn, academies[1].code, academies[1].name);
  gint64 inst = add_academy (f->conn, academies[2].code, academies[2].name);

  reload_and_wait (f);
  g_assert_cmpuint (up_academy_choices_find_id (f->choices, inst), ==, 2);

  param = g_strdup_printf ("%" G_GINT64_FORMAT, inst);
  up_pg_command (f->conn, "DELETE FROM academies WHERE id = $1", 1, (const char *[]) { param }, &error);
  g_assert_no_error (error);

  forget_signals (f);
  reload_and_wait (f);

  g_assert_cmpuint (f->n_loaded, ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 1);
  g_assert_cmpuint (f->position, ==, 1);
  g_assert_cmpuint (f->removed, ==, 3);
  g_assert_cmpuint (f->added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->choices)), ==, 3);
  g_assert_cmpuint (up_academy_choices_find_id (f->choices, inst), ==, 0);
  g_assert_cmpuint (up_academy_choices_find_id (f->choices, steel), ==, 1);
  g_assert_cmpuint (up_academy_choices_find_id (f->choices, auto_id), ==, 2);
  g_assert_cmpint (up_academy_choices_get_id (f->choices, 3), ==, 0);
  g_assert_null (up_academy_choices_get_code (f->choices, 3));
}

/* The first read is cancelled before its answer is handled: only the
 * second's rows arrive, once. */
static void
test_second_reload_replaces_the_first (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *last = NULL;
  gint64 steel = add_academy (f->conn, academies[0].code, academies[0].name);
  gint64 inst = 0;

  up_academy_choices_reload (f->choices, f->db);
  /* Seen only by the second read, which the worker runs after the first. */
  inst = add_academy (f->conn, academies[2].code, academies[2].name);
  /* The worker answers in order: once this read is in, the first was
   * answered too. */
  reload_and_wait (f);
  up_test_drain_main_context ();

  g_assert_cmpuint (f->n_loaded, ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 1);
  g_assert_cmpuint (f->added, ==, 2);
  /* Loading, then done: a reload under way is no change of "loading". */
  g_assert_cmpuint (f->n_loading_notified, ==, 2);
  g_assert_cmpuint (up_academy_choices_find_id (f->choices, steel), ==, 1);
  g_assert_cmpuint (up_academy_choices_find_id (f->choices, inst), ==, 2);
  last = row_text (f->choices, 2);
  g_assert_cmpstr (last, ==, academies[2].name);
}

/* A cancelled read says it stopped loading, and changes no row. */
static void
test_cancel_changes_nothing (Fixture       *f,
                             gconstpointer  data)
{
  add_academy (f->conn, academies[0].code, academies[0].name);

  up_academy_choices_reload (f->choices, f->db);
  up_academy_choices_cancel (f->choices);
  g_assert_false (up_academy_choices_is_loading (f->choices));
  g_assert_cmpuint (f->n_loading_notified, ==, 2);

  /* The worker answers in order: once this read is in, the cancelled one
   * was answered too. */
  reload_and_wait (f);
  up_test_drain_main_context ();
  g_assert_cmpuint (f->n_loaded, ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->choices)), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/academy-choices/all-academies-alone-before-a-reload", test_all_alone_before_a_reload);
  ADD ("/academy-choices/reload/lists-all-then-the-academies-in-pinyin-order", test_lists_all_then_pinyin_order);
  ADD ("/academy-choices/reload/a-deleted-academy-is-found-at-all", test_deleted_academy_is_gone);
  ADD ("/academy-choices/reload/a-second-reload-replaces-the-first", test_second_reload_replaces_the_first);
  ADD ("/academy-choices/cancel/changes-no-row", test_cancel_changes_nothing);

#undef ADD

  return g_test_run ();
}
