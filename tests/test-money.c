/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "up-money.h"

/* Money is integer fen, shown as ¥1,234.50 and typed in any of the ways
 * people write amounts; nothing in between is a double. */

typedef struct
{
  const char *text;
  gint64 fen;
} Amount;

static void
test_format_groups_thousands (void)
{
  static const Amount cases[] = {
    { "¥0.00", 0 },
    { "¥0.01", 1 },
    { "¥0.10", 10 },
    { "¥1.00", 100 },
    { "¥999.99", 99999 },
    { "¥1,000.00", 100000 },
    { "¥1,234.50", 123450 },
    { "¥12,345.67", 1234567 },
    { "¥123,456.78", 12345678 },
    { "¥1,000,000.00", 100000000 },
    /* The programme's special fund: 20 million yuan. */
    { "¥20,000,000.00", 2000000000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = up_money_format (cases[i].fen);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_format_negative (void)
{
  g_autofree char *refund = up_money_format (-123450);
  g_autofree char *one_fen = up_money_format (-1);
  g_autofree char *million = up_money_format (-100000000);

  g_assert_cmpstr (refund, ==, "-¥1,234.50");
  g_assert_cmpstr (one_fen, ==, "-¥0.01");
  g_assert_cmpstr (million, ==, "-¥1,000,000.00");
}

static void
test_format_extremes (void)
{
  g_autofree char *max = up_money_format (G_MAXINT64);
  g_autofree char *min = up_money_format (G_MININT64);

  g_assert_cmpstr (max, ==, "¥92,233,720,368,547,758.07");
  g_assert_cmpstr (min, ==, "-¥92,233,720,368,547,758.08");
}

static void
test_parse_accepts_common_forms (void)
{
  static const Amount cases[] = {
    { "1234.5", 123450 },
    { "1234.50", 123450 },
    { "1,234.50", 123450 },
    { "1,234", 123400 },
    { "¥1234", 123400 },
    { "¥1,234.50", 123450 },
    { "￥12", 1200 },       /* the full-width yuan sign of Chinese input methods */
    { " 12.3 ", 1230 },
    { "\t12.30\n", 1230 },
    { "0.01", 1 },
    { "0", 0 },
    { "0.00", 0 },
    { "007", 700 },
    { "1500", 150000 },
    { "1,000,000.00", 100000000 },
    { "20000000", 2000000000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 fen = -42;

      if (!up_money_parse (cases[i].text, &fen))
        g_test_fail_printf ("\"%s\" refused", cases[i].text);
      else if (fen != cases[i].fen)
        g_test_fail_printf ("\"%s\" read as %" G_GINT64_FORMAT " fen, expected %" G_GINT64_FORMAT,
                            cases[i].text, fen, cases[i].fen);
    }
}

static void
test_parse_accepts_negative (void)
{
  static const Amount cases[] = {
    { "-5", -500 },
    { "-1.5", -150 },
    { "-0.01", -1 },
    { "-¥1,234.50", -123450 },
  };

  /* The header does not say; what format() writes, parse() reads back. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 fen = 0;

      if (!up_money_parse (cases[i].text, &fen))
        g_test_fail_printf ("\"%s\" refused", cases[i].text);
      else if (fen != cases[i].fen)
        g_test_fail_printf ("\"%s\" read as %" G_GINT64_FORMAT " fen, expected %" G_GINT64_FORMAT,
                            cases[i].text, fen, cases[i].fen);
    }
}

static void
test_parse_rejects_malformed (void)
{
  static const char *bad[] = {
    "1.234",                  /* a fraction of a fen */
    "0.001",
    "abc",
    "",
    "   ",
    "12a",
    "a12",
    "--1",
    "-",
    "¥",
    ".",
    "1.2.3",
    "1e3",
    "12 34",
    "1,23",                   /* grouping is by threes */
    "1,2345",
    "12,34,567",
    ",123",
    "1,,234",
    "NaN",
    "0x10",
    "¥¥12",
    "99999999999999999999",   /* more than gint64 holds */
    "92233720368547758.08",   /* one fen past G_MAXINT64 */
    "999999999999999999999999999999.00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 fen = 42;

      if (up_money_parse (bad[i], &fen))
        g_test_fail_printf ("\"%s\" accepted as %" G_GINT64_FORMAT " fen", bad[i], fen);
    }

  {
    gint64 fen = 42;

    g_assert_false (up_money_parse (NULL, &fen));
  }
}

static void
test_parse_reads_what_format_writes (void)
{
  static const gint64 fixed[] = {
    0, 1, -1, 99, 100, 123450, -123450, 100000000, 2000000000, G_GINT64_CONSTANT (1234567890123),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed) + 2000; i++)
    {
      gint64 fen = i < G_N_ELEMENTS (fixed) ? fixed[i]
                                            : (gint64) g_test_rand_int_range (-1000000, 1000000) * 1000
                                              + g_test_rand_int_range (0, 1000);
      g_autofree char *text = up_money_format (fen);
      gint64 back = 0;

      if (!up_money_parse (text, &back))
        g_test_fail_printf ("\"%s\" (from %" G_GINT64_FORMAT ") refused", text, fen);
      else if (back != fen)
        g_test_fail_printf ("\"%s\" (from %" G_GINT64_FORMAT ") read as %" G_GINT64_FORMAT, text, fen, back);
    }
}

/* Counts are grouped as amounts are, in any locale. */
static void
test_count_format (void)
{
  static const struct {
    const char *text;
    gint64      count;
  } cases[] = {
    { "0", 0 },
    { "999", 999 },
    { "1,000", 1000 },
    { "9,658", 9658 },
    { "131,000", 131000 },
    { "1,000,000", 1000000 },
    { "-12,345", -12345 },
    { "9,223,372,036,854,775,807", G_MAXINT64 },
    { "-9,223,372,036,854,775,808", G_MININT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = up_count_format (cases[i].count);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/format/groups-thousands", test_format_groups_thousands);
  g_test_add_func ("/money/format/shows-negative-amounts", test_format_negative);
  g_test_add_func ("/money/format/handles-extremes", test_format_extremes);
  g_test_add_func ("/money/parse/accepts-common-forms", test_parse_accepts_common_forms);
  g_test_add_func ("/money/parse/accepts-negative-amounts", test_parse_accepts_negative);
  g_test_add_func ("/money/parse/rejects-malformed", test_parse_rejects_malformed);
  g_test_add_func ("/money/parse/reads-what-format-writes", test_parse_reads_what_format_writes);
  g_test_add_func ("/money/count/groups-thousands", test_count_format);

  return g_test_run ();
}
