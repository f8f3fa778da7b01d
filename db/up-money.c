/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-money"

#include "config.h"

#include <string.h>

#include "up-money.h"

/* Money as integer fen, formatted and parsed by hand: printf's %f would go
 * through double, and locales disagree on the grouping character. */

/* G_MININT64 has no positive counterpart in gint64. */
static guint64
magnitude_of (gint64 value)
{
  return value < 0 ? (guint64) -(value + 1) + 1 : (guint64) value;
}

/* Appends @value's digits grouped by threes with commas. */
static void
append_grouped (GString *out,
                guint64  value)
{
  char digits[32];
  gsize n;

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  n = strlen (digits);
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

char *
up_money_format (gint64 fen)
{
  GString *out = g_string_new (NULL);
  guint64 magnitude = magnitude_of (fen);

  if (fen < 0)
    g_string_append_c (out, '-');
  g_string_append (out, "¥");
  append_grouped (out, magnitude / 100);
  g_string_append_printf (out, ".%02u", (guint) (magnitude % 100));
  return g_string_free (out, FALSE);
}

char *
up_count_format (gint64 count)
{
  GString *out = g_string_new (NULL);

  if (count < 0)
    g_string_append_c (out, '-');
  append_grouped (out, magnitude_of (count));
  return g_string_free (out, FALSE);
}

static const char *
skip_space (const char *p)
{
  while (*p != '\0' && g_ascii_isspace (*p))
    p++;
  return p;
}

gboolean
up_money_parse (const char *text,
                gint64     *fen)
{
  const char *p;
  gboolean negative = FALSE;
  gboolean any_digit = FALSE;
  guint64 yuan = 0;
  guint64 cents = 0;
  guint64 total;
  guint n_decimals = 0;
  guint group = 0;
  gboolean grouped = FALSE;

  g_return_val_if_fail (fen != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  p = skip_space (text);
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (g_str_has_prefix (p, "¥"))
    p += strlen ("¥");
  else if (g_str_has_prefix (p, "￥"))
    p += strlen ("￥");

  /* Whole yuan, optionally grouped by commas in threes. */
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (yuan > (G_MAXINT64 / 100 - 9) / 10)
            return FALSE;
          yuan = yuan * 10 + (guint64) (*p - '0');
          any_digit = TRUE;
          group++;
        }
      else if (*p == ',' && any_digit && (grouped ? group == 3 : group <= 3))
        {
          grouped = TRUE;
          group = 0;
        }
      else
        break;
    }
  if (grouped && group != 3)
    return FALSE;

  if (*p == '.')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (++n_decimals > 2)
            return FALSE;
          cents = cents * 10 + (guint64) (*p - '0');
          any_digit = TRUE;
        }
      if (n_decimals == 1)
        cents *= 10;
    }

  p = skip_space (p);
  if (*p != '\0' || !any_digit)
    return FALSE;

  total = yuan * 100 + cents;
  *fen = negative ? -(gint64) total : (gint64) total;
  return TRUE;
}
