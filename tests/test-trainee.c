/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <string.h>

#include "up-database.h"
#include "up-error.h"
#include "up-pg.h"
#include "up-test-pg.h"
#include "up-trainee.h"

typedef struct
{
  char       *conninfo;
  PGconn     *conn;
  gint64      academy_id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->conninfo = up_test_pg_new_migrated ();
  f->conn = up_pg_connect (f->conninfo, &error);
  g_assert_no_error (error);

  f->academy_id = up_test_pg_query_int (f->conn,
                             "INSERT INTO academies (code, name, level, district)"
                             " VALUES ('CQ-01', '重庆市工匠学院', 'municipal', '渝中区') RETURNING id", NULL);
  g_assert_cmpint (f->academy_id, >, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->conninfo, g_free);
}

/* A valid number: region, birth date, sequence and the right check character. */
static char *
make_id_number (const char *region,
                const char *birth,
                const char *sequence)
{
  g_autofree char *first17 = g_strconcat (region, birth, sequence, NULL);

  return g_strdup_printf ("%s%c", first17, up_id_number_check_character (first17));
}

static UpTraineeInput *
make_input (Fixture    *f,
            const char *name,
            const char *id_number)
{
  UpTraineeInput *input = up_trainee_input_new ();

  input->academy_id = f->academy_id;
  input->name = g_strdup (name);
  input->id_number = g_strdup (id_number);
  input->phone = g_strdup ("13812345678");
  input->employer = g_strdup ("重庆长安汽车股份有限公司");
  input->industry = g_strdup ("汽车制造");
  input->union_member = TRUE;
  input->education = g_strdup ("junior_college");
  input->skill_level = 3;
  return input;
}

static gint64
count_trainees (Fixture *f)
{
  return up_test_pg_query_int (f->conn, "SELECT count(*) FROM trainees", NULL);
}

static void
test_insert_saves_valid (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id_number = make_id_number ("500103", "19900503", "123");
  g_autoptr(UpTraineeInput) input = make_input (f, "  张晓明 ", id_number);
  g_autoptr(UpTrainee) trainee = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gint64 id;
  gboolean loaded;

  id = up_trainee_insert (f->conn, input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  trainee = up_trainee_get (f->conn, id, &error);
  g_assert_no_error (error);
  g_object_get (trainee, "name", &name, "loaded", &loaded, NULL);
  g_assert_true (loaded);
  g_assert_cmpstr (name, ==, "张晓明");
  g_assert_cmpint (up_trainee_get_id (trainee), ==, id);
  g_assert_cmpint (up_trainee_get_academy_id (trainee), ==, f->academy_id);
  g_assert_cmpstr (up_trainee_get_id_number (trainee), ==, id_number);
  g_assert_cmpstr (up_trainee_get_birth_date (trainee), ==, "1990-05-03");
  g_assert_cmpint (up_trainee_get_gender (trainee), ==, UP_GENDER_MALE);
  g_assert_cmpstr (up_trainee_get_phone (trainee), ==, "13812345678");
  g_assert_cmpstr (up_trainee_get_employer (trainee), ==, "重庆长安汽车股份有限公司");
  g_assert_cmpstr (up_trainee_get_industry (trainee), ==, "汽车制造");
  g_assert_true (up_trainee_get_union_member (trainee));
  g_assert_cmpstr (up_trainee_get_education_level (trainee), ==, "junior_college");
  g_assert_cmpint (up_trainee_get_skill_level (trainee), ==, 3);
  g_assert_cmpint (up_trainee_get_version (trainee), ==, 1);

  /* Masked: the full number is not in what a list shows. */
  g_assert_nonnull (up_trainee_get_id_number_masked (trainee));
  g_assert_cmpstr (up_trainee_get_id_number_masked (trainee), !=, id_number);
  g_assert_true (g_str_has_prefix (up_trainee_get_id_number_masked (trainee), "500103"));
  g_assert_nonnull (up_trainee_get_phone_masked (trainee));
  g_assert_cmpstr (up_trainee_get_phone_masked (trainee), !=, "13812345678");
}

static void
test_insert_optional_fields_empty (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *id_number = make_id_number ("500112", "19850229", "124");
  g_autofree char *valid_id = make_id_number ("500112", "19880229", "124");
  g_autoptr(UpTraineeInput) input = make_input (f, "李娜", id_number);
  g_autoptr(UpTrainee) trainee = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* 1985 had no 29 February. */
  id = up_trainee_insert (f->conn, input, &error);
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_cmpint (id, ==, 0);
  g_clear_error (&error);

  g_free (input->id_number);
  input->id_number = g_ascii_strdown (valid_id, -1);
  g_clear_pointer (&input->phone, g_free);
  g_free (input->employer);
  input->employer = g_strdup ("  ");
  g_clear_pointer (&input->industry, g_free);
  g_clear_pointer (&input->education, g_free);
  input->skill_level = 0;
  input->union_member = FALSE;

  id = up_trainee_insert (f->conn, input, &error);
  g_assert_no_error (error);
  trainee = up_trainee_get (f->conn, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (up_trainee_get_gender (trainee), ==, UP_GENDER_FEMALE);
  g_assert_null (up_trainee_get_phone (trainee));
  g_assert_null (up_trainee_get_phone_masked (trainee));
  g_assert_null (up_trainee_get_employer (trainee));
  g_assert_null (up_trainee_get_education_level (trainee));
  g_assert_cmpint (up_trainee_get_skill_level (trainee), ==, 0);
  g_assert_false (up_trainee_get_union_member (trainee));
}

static void
test_insert_refuses_bad_id_number (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *id_number = make_id_number ("500103", "19900503", "123");
  g_autoptr(UpTraineeInput) input = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* The wrong check character. */
  id_number[17] = id_number[17] == '1' ? '2' : '1';
  input = make_input (f, "王伟", id_number);

  g_assert_cmpint (up_trainee_input_validate (input, NULL), ==, UP_TRAINEE_FIELD_ID_NUMBER);
  id = up_trainee_insert (f->conn, input, &error);
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_cmpint (id, ==, 0);
  g_assert_true (g_str_has_prefix (error->message, "ID number"));
  /* No personal data in the message. */
  g_assert_null (strstr (error->message, id_number));
  g_assert_cmpint (count_trainees (f), ==, 0);
}

static void
test_insert_refuses_bad_fields (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *id_number = make_id_number ("500103", "19900503", "123");
  g_autoptr(UpTraineeInput) input = make_input (f, "王伟", id_number);
  g_autoptr(GError) error = NULL;

  g_free (input->phone);
  input->phone = g_strdup ("12812345678");
  g_assert_cmpint (up_trainee_input_validate (input, &error), ==, UP_TRAINEE_FIELD_PHONE);
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_assert_true (g_str_has_prefix (error->message, "Mobile phone"));
  g_clear_error (&error);
  g_assert_cmpint (up_trainee_insert (f->conn, input, &error), ==, 0);
  g_assert_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_free (input->phone);
  input->phone = g_strdup ("13912345678");
  g_free (input->name);
  input->name = g_strdup ("   ");
  g_assert_cmpint (up_trainee_input_validate (input, &error), ==, UP_TRAINEE_FIELD_NAME);
  g_clear_error (&error);

  g_free (input->name);
  input->name = g_strdup ("王伟");
  input->skill_level = 6;
  g_assert_cmpint (up_trainee_input_validate (input, &error), ==, UP_TRAINEE_FIELD_SKILL_LEVEL);
  g_clear_error (&error);

  input->skill_level = 2;
  g_free (input->education);
  input->education = g_strdup ("doctorate'; DROP TABLE trainees; --");
  g_assert_cmpint (up_trainee_input_validate (input, &error), ==, UP_TRAINEE_FIELD_EDUCATION);
  g_clear_error (&error);

  g_free (input->education);
  input->education = g_strdup ("bachelor");
  input->academy_id = 0;
  g_assert_cmpint (up_trainee_input_validate (input, &error), ==, UP_TRAINEE_FIELD_ACADEMY);
  g_clear_error (&error);

  g_assert_cmpint (count_trainees (f), ==, 0);
}

static void
test_insert_refuses_duplicate (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *id_number = make_id_number ("500110", "19781231", "352");
  g_autofree char *full = NULL;
  g_autofree char *typed = NULL;
  g_autoptr(UpTraineeInput) first = NULL;
  g_autoptr(UpTraineeInput) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, again, found = -1;

  first = make_input (f, "刘洋", id_number);
  id = up_trainee_insert (f->conn, first, &error);
  g_assert_no_error (error);

  /* The same person typed again, with a lower-case x or spaces. */
  typed = g_strdup_printf ("  %s ", id_number);
  if (typed[19] == 'X')
    typed[19] = 'x';
  second = make_input (f, "刘洋", typed);
  again = up_trainee_insert (f->conn, second, &error);
  g_assert_cmpint (again, ==, 0);
  g_assert_error (error, UP_ERROR, UP_ERROR_UNIQUE);
  g_assert_cmpstr (up_error_get_sqlstate (error), ==, "23505");
  g_assert_cmpstr (up_error_get_constraint (error), ==, "trainees_id_number_unique");
  g_assert_true (up_trainee_error_is_duplicate_id_number (error));
  g_assert_cmpint (count_trainees (f), ==, 1);

  g_assert_true (up_trainee_find_by_id_number (f->conn, typed, &found, NULL));
  g_assert_cmpint (found, ==, id);

  full = make_id_number ("500110", "19781231", "354");
  g_assert_true (up_trainee_find_by_id_number (f->conn, full, &found, NULL));
  g_assert_cmpint (found, ==, 0);
  g_assert_true (up_trainee_find_by_id_number (f->conn, "not a number", &found, NULL));
  g_assert_cmpint (found, ==, 0);
}

static void
test_update_saves_and_bumps_version (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *id_number = make_id_number ("500103", "19900503", "123");
  g_autoptr(UpTraineeInput) input = make_input (f, "张晓明", id_number);
  g_autoptr(UpTraineeInput) edit = NULL;
  g_autoptr(UpTrainee) before = NULL;
  g_autoptr(UpTrainee) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int version;

  id = up_trainee_insert (f->conn, input, &error);
  g_assert_no_error (error);
  before = up_trainee_get (f->conn, id, &error);
  g_assert_no_error (error);

  edit = up_trainee_input_new_from_trainee (before);
  g_assert_cmpstr (edit->id_number, ==, id_number);
  g_free (edit->employer);
  edit->employer = g_strdup ("中国石化四川维尼纶厂");
  edit->skill_level = 2;

  version = up_trainee_update (f->conn, id, up_trainee_get_version (before), edit, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, up_trainee_get_version (before) + 1);

  after = up_trainee_get (f->conn, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (up_trainee_get_employer (after), ==, "中国石化四川维尼纶厂");
  g_assert_cmpint (up_trainee_get_skill_level (after), ==, 2);
  g_assert_cmpint (up_trainee_get_version (after), ==, version);
}

static void
test_update_refuses_stale_version (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *id_number = make_id_number ("500103", "19900503", "123");
  g_autoptr(UpTraineeInput) input = make_input (f, "张晓明", id_number);
  g_autoptr(UpTraineeInput) mine = NULL;
  g_autoptr(UpTraineeInput) theirs = NULL;
  g_autoptr(UpTrainee) trainee = NULL;
  g_autoptr(UpTrainee) now = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int version;

  id = up_trainee_insert (f->conn, input, &error);
  g_assert_no_error (error);
  trainee = up_trainee_get (f->conn, id, &error);
  g_assert_no_error (error);

  /* Two people opened the same trainee; the other saves first. */
  theirs = up_trainee_input_new_from_trainee (trainee);
  g_free (theirs->name);
  theirs->name = g_strdup ("张小明");
  version = up_trainee_update (f->conn, id, up_trainee_get_version (trainee), theirs, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version, >, 0);

  mine = up_trainee_input_new_from_trainee (trainee);
  g_free (mine->employer);
  mine->employer = g_strdup ("别的单位");
  version = up_trainee_update (f->conn, id, up_trainee_get_version (trainee), mine, &error);
  g_assert_error (error, UP_TRAINEE_ERROR, UP_TRAINEE_ERROR_CHANGED);
  g_assert_cmpint (version, ==, 0);
  g_clear_error (&error);

  now = up_trainee_get (f->conn, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (up_trainee_get_name (now), ==, "张小明");
  g_assert_cmpstr (up_trainee_get_employer (now), ==, "重庆长安汽车股份有限公司");

  version = up_trainee_update (f->conn, id + 1000, 1, mine, &error);
  g_assert_error (error, UP_TRAINEE_ERROR, UP_TRAINEE_ERROR_NOT_FOUND);
  g_assert_cmpint (version, ==, 0);
  g_clear_error (&error);

  g_assert_null (up_trainee_get (f->conn, id + 1000, &error));
  g_assert_error (error, UP_TRAINEE_ERROR, UP_TRAINEE_ERROR_NOT_FOUND);
}

static void
test_employers_complete (Fixture       *f,
                         gconstpointer  data)
{
  static const char *employers[] = {
    "重庆长安汽车股份有限公司", "长安福特汽车有限公司", "重庆长安汽车股份有限公司",
    "重庆钢铁股份有限公司", "100%_纯\\公司", NULL,
  };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) found = NULL;

  for (guint i = 0; employers[i] != NULL; i++)
    {
      g_autofree char *seq = g_strdup_printf ("%03u", 101 + 2 * i);
      g_autofree char *id_number = make_id_number ("500103", "19900503", seq);
      g_autoptr(UpTraineeInput) input = make_input (f, "职工", id_number);

      g_free (input->employer);
      input->employer = g_strdup (employers[i]);
      up_trainee_insert (f->conn, input, &error);
      g_assert_no_error (error);
    }

  /* Distinct; those starting with the text first. */
  found = up_trainee_list_employers (f->conn, "长安", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (found), ==, 2);
  g_assert_cmpstr (found[0], ==, "长安福特汽车有限公司");
  g_assert_cmpstr (found[1], ==, "重庆长安汽车股份有限公司");
  g_clear_pointer (&found, g_strfreev);

  found = up_trainee_list_employers (f->conn, "重庆", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (found), ==, 1);
  g_clear_pointer (&found, g_strfreev);

  /* Wildcards are plain text. */
  found = up_trainee_list_employers (f->conn, "%_", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (found), ==, 1);
  g_assert_cmpstr (found[0], ==, "100%_纯\\公司");
  g_clear_pointer (&found, g_strfreev);

  found = up_trainee_list_employers (f->conn, "", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (found), ==, 4);
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The answer of an async call, within a minute.  A call that never came
 * back hung this test once in CI (meson's timeout, five minutes later, said
 * nothing more): what the server's sessions were doing goes to the log. */
static GAsyncResult *
wait_for_at (Fixture       *f,
             GAsyncResult **slot,
             const char    *where)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);

  if (*slot == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PGresult) activity =
        up_pg_exec (f->conn,
                    "SELECT pid, state, coalesce (wait_event_type || ':' || wait_event, '-'), left (query, 100)"
                    "  FROM pg_stat_activity WHERE datname = current_database () AND pid <> pg_backend_pid ()",
                    0, NULL, &error);

      for (int i = 0; activity != NULL && i < PQntuples (activity); i++)
        g_test_message ("session %s: %s, waiting for %s: %s", PQgetvalue (activity, i, 0),
                        PQgetvalue (activity, i, 1), PQgetvalue (activity, i, 2), PQgetvalue (activity, i, 3));
      g_error ("%s: no answer in 60 s", where);
    }

  return *slot;
}

#define wait_for(slot) wait_for_at (f, (slot), G_STRLOC)

static void
test_async_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id_number = make_id_number ("500103", "19900503", "123");
  g_autoptr(UpTraineeInput) input = make_input (f, "张晓明", id_number);
  g_autoptr(UpDatabase) db = up_database_new (f->conninfo);
  g_autoptr(GAsyncResult) inserted = NULL;
  g_autoptr(GAsyncResult) duplicate = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GAsyncResult) got = NULL;
  g_autoptr(GAsyncResult) updated = NULL;
  g_autoptr(GAsyncResult) employers = NULL;
  g_autoptr(UpTrainee) trainee = NULL;
  g_autoptr(UpTraineeInput) edit = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  gint64 id;

  up_database_connect_sync (db, NULL, &error);
  g_assert_no_error (error);

  up_trainee_insert_async (db, input, NULL, async_done_cb, &inserted);
  id = up_trainee_insert_finish (db, wait_for (&inserted), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  up_trainee_insert_async (db, input, NULL, async_done_cb, &duplicate);
  g_assert_cmpint (up_trainee_insert_finish (db, wait_for (&duplicate), &error), ==, 0);
  g_assert_true (up_trainee_error_is_duplicate_id_number (error));
  g_clear_error (&error);

  up_trainee_find_by_id_number_async (db, id_number, NULL, async_done_cb, &found);
  g_assert_cmpint (up_trainee_find_by_id_number_finish (db, wait_for (&found), &error), ==, id);
  g_assert_no_error (error);

  up_trainee_get_async (db, id, NULL, async_done_cb, &got);
  trainee = up_trainee_get_finish (db, wait_for (&got), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (up_trainee_get_name (trainee), ==, "张晓明");

  edit = up_trainee_input_new_from_trainee (trainee);
  up_trainee_update_async (db, id, up_trainee_get_version (trainee), edit, NULL, async_done_cb, &updated);
  g_assert_cmpint (up_trainee_update_finish (db, wait_for (&updated), &error), ==, 2);
  g_assert_no_error (error);

  up_trainee_list_employers_async (db, "长安", 5, NULL, async_done_cb, &employers);
  names = up_trainee_list_employers_finish (db, wait_for (&employers), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);

  up_database_close (db);
}

static void
test_labels (void)
{
  const char * const *levels = up_education_levels ();

  g_assert_cmpuint (g_strv_length ((GStrv) levels), ==, 5);
  for (guint i = 0; levels[i] != NULL; i++)
    g_assert_nonnull (up_education_level_to_label (levels[i]));
  g_assert_null (up_education_level_to_label ("doctorate"));
  for (int level = 1; level <= 5; level++)
    g_assert_nonnull (up_skill_level_to_label (level));
  g_assert_null (up_skill_level_to_label (0));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/trainee/insert/saves-a-valid-trainee", test_insert_saves_valid);
  ADD ("/trainee/insert/leaves-empty-optional-fields-null", test_insert_optional_fields_empty);
  ADD ("/trainee/insert/refuses-a-bad-id-number-naming-the-field", test_insert_refuses_bad_id_number);
  ADD ("/trainee/insert/refuses-bad-fields-naming-each", test_insert_refuses_bad_fields);
  ADD ("/trainee/insert/refuses-a-duplicate-id-number-and-finds-the-first", test_insert_refuses_duplicate);
  ADD ("/trainee/update/saves-and-bumps-the-version", test_update_saves_and_bumps_version);
  ADD ("/trainee/update/refuses-a-stale-version", test_update_refuses_stale_version);
  ADD ("/trainee/employers/complete-distinct-prefix-first", test_employers_complete);
  ADD ("/trainee/async/round-trip", test_async_round_trip);
  g_test_add_func ("/trainee/labels/cover-every-level", test_labels);

#undef ADD

  return g_test_run ();
}
