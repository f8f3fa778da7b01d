/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-id-number"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <string.h>

#include "up-id-number.h"

/* The rules of GB 11643-1999, kept in step with up_id_number_is_valid() in
 * db/migrations/0001-initial.sql; the C side alone also refuses birth dates
 * in the future, since it knows what "today" is for the person typing. */

#define ID_LENGTH 18

static const guint8 weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char check_characters[] = "10X98765432";

/* Mainland provinces, plus 71 (Taiwan), 81/82 (Hong Kong, Macao) and 83
 * (residence permits of Taiwan residents). */
static const guint8 provinces[] = {
  11, 12, 13, 14, 15,
  21, 22, 23,
  31, 32, 33, 34, 35, 36, 37,
  41, 42, 43, 44, 45, 46,
  50, 51, 52, 53, 54,
  61, 62, 63, 64, 65,
  71, 81, 82, 83,
};

gboolean
up_id_number_province_is_known (int code)
{
  for (guint i = 0; i < G_N_ELEMENTS (provinces); i++)
    if (provinces[i] == code)
      return TRUE;
  return FALSE;
}

char
up_id_number_check_character (const char *first17)
{
  guint sum = 0;

  g_return_val_if_fail (first17 != NULL, '\0');

  for (guint i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (first17[i]))
        return '\0';
      sum += (guint) (first17[i] - '0') * weights[i];
    }

  return check_characters[sum % 11];
}

static int
digits_value (const char *s,
              guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (s[i] - '0');
  return value;
}

/* Copies @text without surrounding white space into @buf, upper-casing x.
 * Returns the length, which may exceed ID_LENGTH (then @buf is truncated). */
static gsize
trim_into (const char *text,
           char        buf[ID_LENGTH + 1])
{
  const char *start = text;
  const char *end;
  gsize len;

  while (*start != '\0' && g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  len = (gsize) (end - start);
  memset (buf, 0, ID_LENGTH + 1);
  memcpy (buf, start, MIN (len, (gsize) ID_LENGTH));
  if (buf[ID_LENGTH - 1] == 'x')
    buf[ID_LENGTH - 1] = 'X';
  return len;
}

UpIdNumberStatus
up_id_number_check (const char *text,
                    GDate      *today)
{
  char buf[ID_LENGTH + 1];
  g_autoptr(GDate) now = NULL;
  GDate birth;
  gsize len;
  int year, month, day;

  if (text == NULL)
    return UP_ID_NUMBER_EMPTY;

  len = trim_into (text, buf);
  if (len == 0)
    return UP_ID_NUMBER_EMPTY;

  /* Say what is wrong with the characters typed so far before their count. */
  for (gsize i = 0; i < MIN (len, (gsize) ID_LENGTH); i++)
    {
      gboolean ok = g_ascii_isdigit (buf[i]) || (i == ID_LENGTH - 1 && buf[i] == 'X');
      if (!ok)
        return UP_ID_NUMBER_BAD_CHARACTER;
    }

  if (len < ID_LENGTH)
    return UP_ID_NUMBER_TOO_SHORT;
  if (len > ID_LENGTH)
    return UP_ID_NUMBER_TOO_LONG;

  if (!up_id_number_province_is_known (digits_value (buf, 2)))
    return UP_ID_NUMBER_BAD_REGION;

  year = digits_value (buf + 6, 4);
  month = digits_value (buf + 10, 2);
  day = digits_value (buf + 12, 2);
  if (year < 1900 || !g_date_valid_dmy (day, month, year))
    return UP_ID_NUMBER_BAD_BIRTH_DATE;

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, day, month, year);
  if (today == NULL)
    {
      now = g_date_new ();
      g_date_set_time_t (now, time (NULL));
      today = now;
    }
  if (g_date_compare (&birth, today) > 0)
    return UP_ID_NUMBER_BAD_BIRTH_DATE;

  if (up_id_number_check_character (buf) != buf[ID_LENGTH - 1])
    return UP_ID_NUMBER_BAD_CHECK;

  return UP_ID_NUMBER_OK;
}

const char *
up_id_number_status_to_string (UpIdNumberStatus status)
{
  switch (status)
    {
    case UP_ID_NUMBER_OK:
      return NULL;
    case UP_ID_NUMBER_EMPTY:
      return _("Enter the 18-character resident ID number.");
    case UP_ID_NUMBER_TOO_SHORT:
      return _("Too short: a resident ID number has 18 characters.");
    case UP_ID_NUMBER_TOO_LONG:
      return _("Too long: a resident ID number has 18 characters.");
    case UP_ID_NUMBER_BAD_CHARACTER:
      return _("Only digits are allowed, and X as the last character.");
    case UP_ID_NUMBER_BAD_REGION:
      return _("The first two digits are not a known province code.");
    case UP_ID_NUMBER_BAD_BIRTH_DATE:
      return _("Digits 7 to 14 are not a possible birth date.");
    case UP_ID_NUMBER_BAD_CHECK:
      return _("The last character does not match the others: check for a mistyped digit.");
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
up_id_number_normalize (const char *text)
{
  char buf[ID_LENGTH + 1];

  if (up_id_number_check (text, NULL) != UP_ID_NUMBER_OK)
    return NULL;

  trim_into (text, buf);
  return g_strdup (buf);
}

static gboolean
looks_like_id (const char *id_number)
{
  if (id_number == NULL || strlen (id_number) != ID_LENGTH)
    return FALSE;
  for (guint i = 0; i < 17; i++)
    if (!g_ascii_isdigit (id_number[i]))
      return FALSE;
  return TRUE;
}

gboolean
up_id_number_get_birth_date (const char *id_number,
                             GDate      *birth_date)
{
  int year, month, day;

  g_return_val_if_fail (birth_date != NULL, FALSE);

  if (!looks_like_id (id_number))
    return FALSE;

  year = digits_value (id_number + 6, 4);
  month = digits_value (id_number + 10, 2);
  day = digits_value (id_number + 12, 2);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (birth_date, 1);
  g_date_set_dmy (birth_date, day, month, year);
  return TRUE;
}

UpGender
up_id_number_get_gender (const char *id_number)
{
  if (!looks_like_id (id_number))
    return UP_GENDER_UNKNOWN;

  return (id_number[16] - '0') % 2 == 1 ? UP_GENDER_MALE : UP_GENDER_FEMALE;
}

char *
up_id_number_mask (const char *id_number)
{
  gsize len;

  if (id_number == NULL)
    return NULL;

  len = strlen (id_number);
  if (len != ID_LENGTH)
    return g_strnfill (len, '*');

  return g_strdup_printf ("%.6s********%.4s", id_number, id_number + 14);
}

gboolean
up_phone_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 11)
    return FALSE;
  if (text[0] != '1' || text[1] < '3' || text[1] > '9')
    return FALSE;
  for (guint i = 0; i < 11; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

char *
up_phone_mask (const char *phone)
{
  gsize len;

  if (phone == NULL)
    return NULL;

  len = strlen (phone);
  if (len != 11)
    return g_strnfill (len, '*');

  return g_strdup_printf ("%.3s****%.4s", phone, phone + 7);
}
