/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <libpq-fe.h>
#include <string.h>

#include "up-id-number.h"
#include "up-pg.h"
#include "up-test-pg.h"

/* The rules of GB 11643-1999 as the form, the import and the demo generator
 * use them, and their agreement with the database's own check. */

/* Every check runs against this day, so the tests do not age. */
#define TODAY_YEAR 2024
#define TODAY_MONTH G_DATE_JUNE
#define TODAY_DAY 30

static const char *valid_numbers[] = {
  "11010519491231002X",  /* the example of the standard itself: Beijing, Chaoyang */
  "500103199003071239",  /* Chongqing, Yuzhong */
  "50010319900307101X",  /* Chongqing, Yuzhong, check character X */
  "500112198511202348",  /* Chongqing, Yubei */
  "500240197001010019",  /* Chongqing, Shizhu */
  "650102199912310010",  /* Xinjiang, Urumqi */
  "810000198001010014",  /* residence permit, Hong Kong */
  "830000198001010026",  /* residence permit, Taiwan */
};

typedef struct
{
  GDate today;
} IdFixture;

static void
id_fixture_set_up (IdFixture     *f,
                   gconstpointer  data)
{
  g_date_clear (&f->today, 1);
  g_date_set_dmy (&f->today, TODAY_DAY, TODAY_MONTH, TODAY_YEAR);
}

static void
id_fixture_tear_down (IdFixture     *f,
                      gconstpointer  data)
{
}

/* ISO 7064 MOD 11-2 written out again here, so that the implementation is
 * checked against something other than itself. */
static char
reference_check_character (const char *first17)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  for (guint i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];

  return "10X98765432"[sum % 11];
}

static char *
make_id_number (const char *first17)
{
  g_assert_cmpuint (strlen (first17), ==, 17);
  return g_strdup_printf ("%s%c", first17, reference_check_character (first17));
}

static char *
make_id_number_dmy (const char *region,
                    int         year,
                    int         month,
                    int         day,
                    const char *sequence)
{
  g_autofree char *first17 = g_strdup_printf ("%s%04d%02d%02d%s", region, year, month, day, sequence);

  return make_id_number (first17);
}

static void
assert_status (IdFixture        *f,
               const char       *text,
               UpIdNumberStatus  expected)
{
  UpIdNumberStatus status = up_id_number_check (text, &f->today);

  if (status != expected)
    g_test_fail_printf ("up_id_number_check (\"%s\") gave %d, expected %d", text, status, expected);
}

/* Valid numbers --------------------------------------------------------------- */

static void
test_check_accepts_valid_numbers (IdFixture     *f,
                                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_numbers); i++)
    {
      g_autofree char *normalized = up_id_number_normalize (valid_numbers[i]);

      assert_status (f, valid_numbers[i], UP_ID_NUMBER_OK);
      g_assert_cmpstr (normalized, ==, valid_numbers[i]);
    }
}

static void
test_check_accepts_lower_case_x_and_spaces (IdFixture     *f,
                                            gconstpointer  data)
{
  static const char *variants[] = {
    "11010519491231002x", " 11010519491231002X", "11010519491231002x  ", "\t11010519491231002x\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *normalized = up_id_number_normalize (variants[i]);

      assert_status (f, variants[i], UP_ID_NUMBER_OK);
      g_assert_cmpstr (normalized, ==, "11010519491231002X");
    }

  /* Spaces inside are typing mistakes, not decoration. */
  assert_status (f, "110105 19491231 002X", UP_ID_NUMBER_BAD_CHARACTER);
}

static void
test_check_accepts_leap_day (IdFixture     *f,
                             gconstpointer  data)
{
  g_autofree char *leap_2000 = make_id_number_dmy ("500110", 2000, 2, 29, "004");
  g_autofree char *leap_1996 = make_id_number_dmy ("500110", 1996, 2, 29, "004");

  assert_status (f, leap_2000, UP_ID_NUMBER_OK);
  assert_status (f, leap_1996, UP_ID_NUMBER_OK);
}

static void
test_check_accepts_born_today (IdFixture     *f,
                               gconstpointer  data)
{
  g_autofree char *today = make_id_number_dmy ("500103", TODAY_YEAR, TODAY_MONTH, TODAY_DAY, "001");
  g_autofree char *first_day = make_id_number_dmy ("500103", 1900, 1, 1, "001");

  assert_status (f, today, UP_ID_NUMBER_OK);
  assert_status (f, first_day, UP_ID_NUMBER_OK);
}

/* Invalid numbers ------------------------------------------------------------- */

static void
test_check_rejects_february_29_in_common_year (IdFixture     *f,
                                               gconstpointer  data)
{
  g_autofree char *common_1999 = make_id_number_dmy ("500110", 1999, 2, 29, "004");
  g_autofree char *century_1900 = make_id_number_dmy ("500110", 1900, 2, 29, "004");
  g_autofree char *common_2023 = make_id_number_dmy ("500110", 2023, 2, 29, "004");

  assert_status (f, common_1999, UP_ID_NUMBER_BAD_BIRTH_DATE);
  assert_status (f, century_1900, UP_ID_NUMBER_BAD_BIRTH_DATE);
  assert_status (f, common_2023, UP_ID_NUMBER_BAD_BIRTH_DATE);
}

static void
test_check_rejects_impossible_dates (IdFixture     *f,
                                     gconstpointer  data)
{
  static const int dates[][2] = {
    { 0, 15 }, { 13, 15 }, { 99, 1 }, { 1, 0 }, { 1, 32 }, { 4, 31 }, { 6, 31 }, { 9, 31 }, { 11, 31 }, { 2, 30 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *number = make_id_number_dmy ("500103", 1990, dates[i][0], dates[i][1], "123");

      assert_status (f, number, UP_ID_NUMBER_BAD_BIRTH_DATE);
    }
}

static void
test_check_rejects_birth_date_in_future (IdFixture     *f,
                                         gconstpointer  data)
{
  g_autofree char *tomorrow = make_id_number_dmy ("500103", TODAY_YEAR, TODAY_MONTH + 1, 1, "001");
  g_autofree char *next_year = make_id_number_dmy ("500103", TODAY_YEAR + 1, 1, 1, "001");
  g_autofree char *far = make_id_number_dmy ("500103", 2090, 1, 1, "001");
  g_autoptr(GDate) later = g_date_new_dmy (1, G_DATE_JANUARY, 2091);

  assert_status (f, tomorrow, UP_ID_NUMBER_BAD_BIRTH_DATE);
  assert_status (f, next_year, UP_ID_NUMBER_BAD_BIRTH_DATE);
  assert_status (f, far, UP_ID_NUMBER_BAD_BIRTH_DATE);

  /* The same number, seen from a later day, is fine. */
  g_assert_cmpint (up_id_number_check (far, later), ==, UP_ID_NUMBER_OK);
  /* Without a day given, today is the real one. */
  g_assert_cmpint (up_id_number_check (far, NULL), ==, UP_ID_NUMBER_BAD_BIRTH_DATE);
  g_assert_cmpint (up_id_number_check (valid_numbers[1], NULL), ==, UP_ID_NUMBER_OK);
}

static void
test_check_rejects_birth_before_1900 (IdFixture     *f,
                                      gconstpointer  data)
{
  g_autofree char *year_1899 = make_id_number_dmy ("500103", 1899, 12, 31, "001");
  g_autofree char *year_0001 = make_id_number_dmy ("500103", 1, 1, 1, "001");

  /* The standard's own second example, born 1880: right check character, but
   * nobody of that age enrols. */
  g_assert_cmpint (up_id_number_check_character ("44052418800101001"), ==, '4');
  assert_status (f, "440524188001010014", UP_ID_NUMBER_BAD_BIRTH_DATE);
  assert_status (f, year_1899, UP_ID_NUMBER_BAD_BIRTH_DATE);
  assert_status (f, year_0001, UP_ID_NUMBER_BAD_BIRTH_DATE);
}

static void
test_check_rejects_unknown_province (IdFixture     *f,
                                     gconstpointer  data)
{
  static const char *regions[] = {
    "000000", "100103", "990103", "200103", "160103", "240103", "300103", "380103", "400103",
    "470103", "490103", "550103", "600103", "660103", "700103", "720103", "800103", "840103", "900103",
  };
  static const int known[] = {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
    44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
  };

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      g_autofree char *number = make_id_number_dmy (regions[i], 1990, 3, 7, "123");

      assert_status (f, number, UP_ID_NUMBER_BAD_REGION);
    }

  for (int code = -1; code <= 100; code++)
    {
      gboolean expected = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        expected |= known[i] == code;

      if (up_id_number_province_is_known (code) != expected)
        g_test_fail_printf ("province %d: known is %d, expected %d", code,
                            up_id_number_province_is_known (code), expected);
    }
}

static void
test_check_rejects_wrong_length (IdFixture     *f,
                                 gconstpointer  data)
{
  assert_status (f, "50010319900307123", UP_ID_NUMBER_TOO_SHORT);
  assert_status (f, "5001031990", UP_ID_NUMBER_TOO_SHORT);
  assert_status (f, "5", UP_ID_NUMBER_TOO_SHORT);
  assert_status (f, "5001031990030712390", UP_ID_NUMBER_TOO_LONG);
  assert_status (f, "50010319900307123900000", UP_ID_NUMBER_TOO_LONG);
  /* The old 15-digit numbers are no longer issued. */
  assert_status (f, "500103900307123", UP_ID_NUMBER_TOO_SHORT);
  assert_status (f, "", UP_ID_NUMBER_EMPTY);
  assert_status (f, "   ", UP_ID_NUMBER_EMPTY);
  assert_status (f, NULL, UP_ID_NUMBER_EMPTY);
}

static void
test_check_rejects_bad_characters (IdFixture     *f,
                                   gconstpointer  data)
{
  static const char *bad[] = {
    "50010319900307123A",
    "5001031990030712X9",      /* X only last */
    "X00103199003071239",
    "500103-19900307-1239",
    "50010319900307l239",      /* a letter l for a one */
    "５００１０３１９９００３０７１２３９",  /* full-width digits */
    "身份证号码",
    "abc",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_status (f, bad[i], UP_ID_NUMBER_BAD_CHARACTER);
}

static void
test_check_rejects_bad_check_character (IdFixture     *f,
                                        gconstpointer  data)
{
  static const char all[] = "0123456789X";

  for (guint i = 0; i < G_N_ELEMENTS (valid_numbers); i++)
    for (guint j = 0; j < strlen (all); j++)
      {
        g_autofree char *number = g_strdup (valid_numbers[i]);

        if (number[17] == all[j])
          continue;
        number[17] = all[j];
        assert_status (f, number, UP_ID_NUMBER_BAD_CHECK);
      }

  /* One mistyped digit, or two swapped neighbours, is always caught. */
  {
    g_autofree char *typo = g_strdup ("500103199003071239");
    g_autofree char *swapped = g_strdup ("500103199003071239");

    typo[9] = '1';
    swapped[14] = '2';
    swapped[15] = '1';
    assert_status (f, typo, UP_ID_NUMBER_BAD_CHECK);
    assert_status (f, swapped, UP_ID_NUMBER_BAD_CHECK);
  }
}

/* Parts of a number ----------------------------------------------------------- */

static void
test_check_character_is_iso_7064 (IdFixture     *f,
                                  gconstpointer  data)
{
  g_assert_cmpint (up_id_number_check_character ("11010519491231002"), ==, 'X');
  g_assert_cmpint (up_id_number_check_character ("50010319900307123"), ==, '9');

  for (int i = 0; i < 2000; i++)
    {
      char first17[18];

      for (guint j = 0; j < 17; j++)
        first17[j] = (char) ('0' + g_test_rand_int_range (0, 10));
      first17[17] = '\0';

      g_assert_cmpint (up_id_number_check_character (first17), ==, reference_check_character (first17));
    }

  g_assert_cmpint (up_id_number_check_character ("5001031990030712A"), ==, '\0');
}

static void
test_birth_date_and_gender (IdFixture     *f,
                            gconstpointer  data)
{
  GDate birth;

  g_assert_true (up_id_number_get_birth_date ("500103199003071239", &birth));
  g_assert_cmpint (g_date_get_year (&birth), ==, 1990);
  g_assert_cmpint (g_date_get_month (&birth), ==, G_DATE_MARCH);
  g_assert_cmpint (g_date_get_day (&birth), ==, 7);

  g_assert_true (up_id_number_get_birth_date ("11010519491231002X", &birth));
  g_assert_cmpint (g_date_get_year (&birth), ==, 1949);
  g_assert_cmpint (g_date_get_month (&birth), ==, G_DATE_DECEMBER);
  g_assert_cmpint (g_date_get_day (&birth), ==, 31);

  g_assert_false (up_id_number_get_birth_date ("500103", &birth));
  g_assert_false (up_id_number_get_birth_date (NULL, &birth));

  /* The 17th character: odd for men, even for women. */
  g_assert_cmpint (up_id_number_get_gender ("500103199003071239"), ==, UP_GENDER_MALE);
  g_assert_cmpint (up_id_number_get_gender ("50010319900307101X"), ==, UP_GENDER_MALE);
  g_assert_cmpint (up_id_number_get_gender ("11010519491231002X"), ==, UP_GENDER_FEMALE);
  g_assert_cmpint (up_id_number_get_gender ("500112198511202348"), ==, UP_GENDER_FEMALE);
  g_assert_cmpint (up_id_number_get_gender ("810000198001010014"), ==, UP_GENDER_MALE);
  g_assert_cmpint (up_id_number_get_gender ("830000198001010026"), ==, UP_GENDER_FEMALE);
  g_assert_cmpint (up_id_number_get_gender ("not a number"), ==, UP_GENDER_UNKNOWN);
  g_assert_cmpint (up_id_number_get_gender (NULL), ==, UP_GENDER_UNKNOWN);
}

static void
test_mask_keeps_region_and_last_four (IdFixture     *f,
                                      gconstpointer  data)
{
  g_autofree char *yuzhong = up_id_number_mask ("50010319900307101X");
  g_autofree char *beijing = up_id_number_mask ("11010519491231002X");
  g_autofree char *yubei = up_id_number_mask ("500112198511202348");

  g_assert_cmpstr (yuzhong, ==, "500103********101X");
  g_assert_cmpstr (beijing, ==, "110105********002X");
  g_assert_cmpstr (yubei, ==, "500112********2348");

  /* Whatever else it is, it is not shown. */
  for (guint i = 0; i < G_N_ELEMENTS (valid_numbers); i++)
    {
      g_autofree char *masked = up_id_number_mask (valid_numbers[i]);

      g_assert_cmpuint (strlen (masked), ==, 18);
      g_assert_true (strncmp (masked, valid_numbers[i], 6) == 0);
      g_assert_true (strncmp (masked + 6, "********", 8) == 0);
      g_assert_cmpstr (masked + 14, ==, valid_numbers[i] + 14);
    }

  {
    g_autofree char *short_one = up_id_number_mask ("5001031990");

    g_assert_null (strpbrk (short_one, "0123456789"));
  }
}

static void
test_normalize_refuses_invalid (IdFixture     *f,
                                gconstpointer  data)
{
  g_autofree char *bad_check = up_id_number_normalize ("500103199003071230");
  g_autofree char *empty = up_id_number_normalize ("");
  g_autofree char *none = up_id_number_normalize (NULL);
  g_autofree char *good = up_id_number_normalize ("  50010319900307101x ");

  g_assert_null (bad_check);
  g_assert_null (empty);
  g_assert_null (none);
  g_assert_cmpstr (good, ==, "50010319900307101X");
}

static void
test_status_to_string (IdFixture     *f,
                       gconstpointer  data)
{
  static const UpIdNumberStatus failures[] = {
    UP_ID_NUMBER_EMPTY, UP_ID_NUMBER_TOO_SHORT, UP_ID_NUMBER_TOO_LONG, UP_ID_NUMBER_BAD_CHARACTER,
    UP_ID_NUMBER_BAD_REGION, UP_ID_NUMBER_BAD_BIRTH_DATE, UP_ID_NUMBER_BAD_CHECK,
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_null (up_id_number_status_to_string (UP_ID_NUMBER_OK));

  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      const char *text = up_id_number_status_to_string (failures[i]);

      g_assert_nonnull (text);
      g_assert_cmpuint (strlen (text), >, 0);
      /* Each says something different. */
      g_assert_false (g_hash_table_contains (seen, text));
      g_hash_table_add (seen, (gpointer) text);
    }
}

/* Phone numbers --------------------------------------------------------------- */

static void
test_phone_is_valid (IdFixture     *f,
                     gconstpointer  data)
{
  static const char *good[] = { "13800138000", "19912345678", "15023456789", "17700000000" };
  static const char *bad[] = {
    "12800138000", "10800138000", "23800138000", "1380013800", "138001380001", "1380013800a",
    "+8613800138000", "138 0013 800", "138-0013-8000", "", "023-63891234",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    if (!up_phone_is_valid (good[i]))
      g_test_fail_printf ("phone %s refused", good[i]);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (up_phone_is_valid (bad[i]))
      g_test_fail_printf ("phone %s accepted", bad[i]);

  g_assert_false (up_phone_is_valid (NULL));
}

static void
test_phone_mask (IdFixture     *f,
                 gconstpointer  data)
{
  g_autofree char *masked = up_phone_mask ("13812345678");
  g_autofree char *other = up_phone_mask ("19900001111");

  g_assert_cmpstr (masked, ==, "138****5678");
  g_assert_cmpstr (other, ==, "199****1111");
}

/* Agreement with the database ------------------------------------------------- */

typedef struct
{
  GDate today;
  PGconn *conn;
} DbFixture;

static void
db_fixture_set_up (DbFixture     *f,
                   gconstpointer  data)
{
  g_autofree char *conninfo = up_test_pg_new_migrated ();
  g_autoptr(GError) error = NULL;

  g_date_clear (&f->today, 1);
  g_date_set_dmy (&f->today, TODAY_DAY, TODAY_MONTH, TODAY_YEAR);

  f->conn = up_pg_connect (conninfo, &error);
  g_assert_no_error (error);
}

static void
db_fixture_tear_down (DbFixture     *f,
                      gconstpointer  data)
{
  g_clear_pointer (&f->conn, PQfinish);
}

static const int known_provinces[] = {
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
  44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
};

/* A number that is valid, or nearly: each part is right most of the time,
 * so that every rule gets to decide some of the cases on its own. */
static char *
random_near_valid (void)
{
  GString *s = g_string_new (NULL);
  int year, month, day;
  char check;

  if (g_test_rand_int_range (0, 10) > 0)
    g_string_append_printf (s, "%02d", known_provinces[g_test_rand_int_range (0, G_N_ELEMENTS (known_provinces))]);
  else
    g_string_append_printf (s, "%02d", g_test_rand_int_range (0, 100));
  g_string_append_printf (s, "%04d", g_test_rand_int_range (0, 10000));

  /* The C side also refuses the future, the SQL side anything after 2100:
   * both refuse what lies after both limits, and neither what lies before
   * today. */
  switch (g_test_rand_int_range (0, 10))
    {
    case 0:
      year = g_test_rand_int_range (1890, 1901);
      break;
    case 1:
      year = g_test_rand_int_range (2101, 10000);
      break;
    case 2:
      year = g_test_rand_int_range (0, 10000);
      if (year > 2020 && year <= 2100)
        year = 1980;
      break;
    default:
      year = g_test_rand_int_range (1900, 2021);
      break;
    }
  month = g_test_rand_int_range (0, 8) > 0 ? g_test_rand_int_range (1, 13) : g_test_rand_int_range (0, 100);
  day = g_test_rand_int_range (0, 8) > 0 ? g_test_rand_int_range (1, 29) : g_test_rand_int_range (0, 100);
  if (g_test_rand_int_range (0, 6) == 0)
    {
      /* The ends of months, where calendars differ. */
      month = g_test_rand_int_range (0, 3) == 0 ? 2 : g_test_rand_int_range (1, 13);
      day = g_test_rand_int_range (28, 32);
    }
  g_string_append_printf (s, "%04d%02d%02d%03d", year, month, day, g_test_rand_int_range (0, 1000));

  check = reference_check_character (s->str);
  if (g_test_rand_int_range (0, 5) == 0)
    check = "0123456789X"[g_test_rand_int_range (0, 11)];
  if (check == 'X' && g_test_rand_bit ())
    check = 'x';
  g_string_append_c (s, check);

  /* Now and then a stray character anywhere. */
  if (g_test_rand_int_range (0, 15) == 0)
    s->str[g_test_rand_int_range (0, 18)] = "AaX -./"[g_test_rand_int_range (0, 7)];

  g_assert_cmpuint (s->len, ==, 18);
  return g_string_free (s, FALSE);
}

static void
test_agrees_with_database (DbFixture     *f,
                           gconstpointer  data)
{
  guint n_valid = 0;
  guint n_disagree = 0;
  guint n_status[UP_ID_NUMBER_BAD_CHECK + 1] = { 0, };

  for (int i = 0; i < 600; i++)
    {
      g_autofree char *number = random_near_valid ();
      const char *params[] = { number };
      g_autoptr(GError) error = NULL;
      g_autoptr(PGresult) res = NULL;
      UpIdNumberStatus status;
      gboolean c_ok, sql_ok;

      status = up_id_number_check (number, &f->today);
      g_assert_cmpint (status, <=, UP_ID_NUMBER_BAD_CHECK);
      n_status[status]++;
      c_ok = status == UP_ID_NUMBER_OK;

      /* The database upper-cases x in its trigger before the constraint
       * sees the number; the function itself takes the canonical form. */
      res = up_pg_exec (f->conn, "SELECT up_id_number_is_valid (upper ($1))", 1, params, &error);
      g_assert_no_error (error);
      sql_ok = g_str_equal (PQgetvalue (res, 0, 0), "t");

      if (c_ok != sql_ok)
        {
          n_disagree++;
          g_test_message ("%s: C says %s (%d), SQL says %s", number, c_ok ? "valid" : "invalid",
                          status, sql_ok ? "valid" : "invalid");
        }
      n_valid += c_ok;
    }

  /* The mixture was a mixture. */
  g_test_message ("%u of 600 valid", n_valid);
  g_assert_cmpuint (n_valid, >, 100);
  g_assert_cmpuint (n_valid, <, 500);
  g_assert_cmpuint (n_disagree, ==, 0);
  /* Every rule decided some cases. */
  g_assert_cmpuint (n_status[UP_ID_NUMBER_BAD_CHARACTER], >, 0);
  g_assert_cmpuint (n_status[UP_ID_NUMBER_BAD_REGION], >, 0);
  g_assert_cmpuint (n_status[UP_ID_NUMBER_BAD_BIRTH_DATE], >, 0);
  g_assert_cmpuint (n_status[UP_ID_NUMBER_BAD_CHECK], >, 0);

  /* And the fixed examples. */
  for (guint i = 0; i < G_N_ELEMENTS (valid_numbers); i++)
    {
      const char *params[] = { valid_numbers[i] };
      gint64 ok = 0;
      g_autoptr(GError) error = NULL;

      up_pg_query_int64 (f->conn, "SELECT up_id_number_is_valid ($1)::int", 1, params, &ok, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ok, ==, 1);
    }
}

/* Schema v10 rewrote the database's check for speed (no regular expression,
 * no array): it must answer as v9's did for every text.  v9's definitions
 * are kept here, as temporary functions, and both are asked about every
 * province code, every year, month and day around the limits with right and
 * wrong check characters, and random digits. */
static const char *v9_check_character_sql =
  "CREATE FUNCTION pg_temp.up_check_character_v9 (first17 text) RETURNS text\n"
  "LANGUAGE sql IMMUTABLE AS $$\n"
  "  SELECT substr ('10X98765432',\n"
  "    ((substr (first17, 1, 1)::int * 7 + substr (first17, 2, 1)::int * 9\n"
  "    + substr (first17, 3, 1)::int * 10 + substr (first17, 4, 1)::int * 5\n"
  "    + substr (first17, 5, 1)::int * 8 + substr (first17, 6, 1)::int * 4\n"
  "    + substr (first17, 7, 1)::int * 2 + substr (first17, 8, 1)::int * 1\n"
  "    + substr (first17, 9, 1)::int * 6 + substr (first17, 10, 1)::int * 3\n"
  "    + substr (first17, 11, 1)::int * 7 + substr (first17, 12, 1)::int * 9\n"
  "    + substr (first17, 13, 1)::int * 10 + substr (first17, 14, 1)::int * 5\n"
  "    + substr (first17, 15, 1)::int * 8 + substr (first17, 16, 1)::int * 4\n"
  "    + substr (first17, 17, 1)::int * 2) % 11) + 1, 1)\n"
  "$$";

static const char *v9_is_valid_sql =
  "CREATE FUNCTION pg_temp.up_is_valid_v9 (id text) RETURNS boolean\n"
  "LANGUAGE sql IMMUTABLE AS $$\n"
  "  SELECT CASE\n"
  "    WHEN id IS NULL THEN NULL\n"
  "    WHEN id !~ '^[0-9]{17}[0-9X]$' THEN false\n"
  "    WHEN substr (id, 1, 2) <> ALL ('{11,12,13,14,15,21,22,23,31,32,33,34,35,36,37,41,42,43,44,45,46,50,51,52,53,54,61,62,63,64,65,71,81,82,83}'::text[]) THEN false\n"
  "    WHEN substr (id, 7, 4)::int NOT BETWEEN 1900 AND 2100 THEN false\n"
  "    WHEN substr (id, 11, 2)::int NOT BETWEEN 1 AND 12 THEN false\n"
  "    WHEN substr (id, 13, 2)::int < 1 THEN false\n"
  "    WHEN substr (id, 13, 2)::int >\n"
  "         CASE WHEN substr (id, 11, 2)::int = 2 THEN\n"
  "                CASE WHEN substr (id, 7, 4)::int % 4 = 0\n"
  "                          AND (substr (id, 7, 4)::int % 100 <> 0 OR substr (id, 7, 4)::int % 400 = 0)\n"
  "                     THEN 29 ELSE 28 END\n"
  "              WHEN substr (id, 11, 2)::int IN (4, 6, 9, 11) THEN 30\n"
  "              ELSE 31 END THEN false\n"
  "    ELSE substr (id, 18, 1) = pg_temp.up_check_character_v9 (substr (id, 1, 17))\n"
  "  END\n"
  "$$";

static const char *cases_sql =
  "CREATE TEMP TABLE cases AS"
  "  WITH p AS (SELECT lpad (g::text, 2, '0') AS p FROM generate_series (0, 99) g),"
  "       y AS (SELECT unnest (ARRAY['1896','1899','1900','1904','1999','2000','2023','2100','2101','2104']) AS y),"
  "       m AS (SELECT lpad (g::text, 2, '0') AS m FROM generate_series (0, 13) g),"
  "       d AS (SELECT lpad (g::text, 2, '0') AS d FROM generate_series (0, 32) g),"
  "       dates AS (SELECT p || '0103' || y || m || d || '123' AS s FROM (VALUES ('50'), ('99')) AS p (p), y, m, d),"
  "       places AS (SELECT p || '010319900307123' AS s FROM p)"
  "  SELECT s || pg_temp.up_check_character_v9 (s) AS id FROM dates"
  "  UNION ALL SELECT s || 'X' FROM dates UNION ALL SELECT s || '0' FROM dates"
  "  UNION ALL SELECT s || pg_temp.up_check_character_v9 (s) FROM places"
  "  UNION ALL SELECT lpad ((random () * 1e17)::bigint::text, 17, '0') || substr ('0123456789X', (random () * 10)::int + 1, 1)"
  "    FROM generate_series (1, 20000)"
  "  UNION ALL SELECT unnest (ARRAY[NULL, '', '50010319900307123x', ' 50010319900307123X', '5001031990030712３X',"
  "                                 '500103199003071239 ', '5001031990030712399', '50010319900307123', 'X00103199003071239',"
  "                                 '50010319900307123Ｘ', '500103199003071\u00e99'])";

static void
test_same_answers_as_v9 (DbFixture     *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  up_pg_command (f->conn, v9_check_character_sql, 0, NULL, &error);
  g_assert_no_error (error);
  up_pg_command (f->conn, v9_is_valid_sql, 0, NULL, &error);
  g_assert_no_error (error);
  up_pg_command (f->conn, cases_sql, 0, NULL, &error);
  g_assert_no_error (error);

  /* A fair share of the cases are valid, and none is answered otherwise. */
  g_assert_cmpint (up_test_pg_query_int (f->conn, "SELECT count(*) FROM cases WHERE pg_temp.up_is_valid_v9 (id)", NULL),
                   >, 1000);
  g_assert_cmpint (up_test_pg_query_int (f->conn,
                                         "SELECT count(*) FROM cases"
                                         " WHERE pg_temp.up_is_valid_v9 (id) IS DISTINCT FROM up_id_number_is_valid (id)",
                                         NULL), ==, 0);
  g_assert_cmpint (up_test_pg_query_int (f->conn,
                                         "SELECT count(*) FROM cases WHERE substr (id, 1, 17) ~ '^[0-9]{17}$'"
                                         "   AND pg_temp.up_check_character_v9 (substr (id, 1, 17))"
                                         "       IS DISTINCT FROM up_id_number_check_character (substr (id, 1, 17))",
                                         NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IdFixture, NULL, id_fixture_set_up, func, id_fixture_tear_down)

  ADD ("/id-number/check/accepts-valid-numbers", test_check_accepts_valid_numbers);
  ADD ("/id-number/check/accepts-lower-case-x-and-spaces", test_check_accepts_lower_case_x_and_spaces);
  ADD ("/id-number/check/accepts-leap-day", test_check_accepts_leap_day);
  ADD ("/id-number/check/accepts-born-today", test_check_accepts_born_today);
  ADD ("/id-number/check/rejects-february-29-in-common-year", test_check_rejects_february_29_in_common_year);
  ADD ("/id-number/check/rejects-impossible-dates", test_check_rejects_impossible_dates);
  ADD ("/id-number/check/rejects-birth-date-in-future", test_check_rejects_birth_date_in_future);
  ADD ("/id-number/check/rejects-birth-before-1900", test_check_rejects_birth_before_1900);
  ADD ("/id-number/check/rejects-unknown-province", test_check_rejects_unknown_province);
  ADD ("/id-number/check/rejects-wrong-length", test_check_rejects_wrong_length);
  ADD ("/id-number/check/rejects-bad-characters", test_check_rejects_bad_characters);
  ADD ("/id-number/check/rejects-bad-check-character", test_check_rejects_bad_check_character);
  ADD ("/id-number/check-character/is-iso-7064", test_check_character_is_iso_7064);
  ADD ("/id-number/birth-date-and-gender", test_birth_date_and_gender);
  ADD ("/id-number/mask/keeps-region-and-last-four", test_mask_keeps_region_and_last_four);
  ADD ("/id-number/normalize/refuses-invalid", test_normalize_refuses_invalid);
  ADD ("/id-number/status/has-a-sentence-for-each-failure", test_status_to_string);
  ADD ("/phone/is-valid", test_phone_is_valid);
  ADD ("/phone/mask/keeps-first-three-and-last-four", test_phone_mask);

#undef ADD

  g_test_add ("/id-number/agrees-with-database", DbFixture, NULL,
              db_fixture_set_up, test_agrees_with_database, db_fixture_tear_down);
  g_test_add ("/id-number/same-answers-as-v9", DbFixture, NULL,
              db_fixture_set_up, test_same_answers_as_v9, db_fixture_tear_down);

  return g_test_run ();
}
