/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The resident ID number of GB 11643-1999: pure rules, no I/O, shared by the
 * form, the import, the demo generator and the tests.  The database checks the
 * same rules in its own constraint (db/migrations). */

typedef enum
{
  UP_ID_NUMBER_OK,
  UP_ID_NUMBER_EMPTY,
  UP_ID_NUMBER_TOO_SHORT,
  UP_ID_NUMBER_TOO_LONG,
  UP_ID_NUMBER_BAD_CHARACTER,   /* not 17 digits followed by a digit or X */
  UP_ID_NUMBER_BAD_REGION,      /* no such province code */
  UP_ID_NUMBER_BAD_BIRTH_DATE,  /* no such date, before 1900 or in the future */
  UP_ID_NUMBER_BAD_CHECK,       /* the check character does not match */
} UpIdNumberStatus;

typedef enum
{
  UP_GENDER_UNKNOWN,
  UP_GENDER_MALE,
  UP_GENDER_FEMALE,
} UpGender;

/* Checks @text (spaces around it ignored, x same as X) against @today (or the
 * current date when NULL). */
UpIdNumberStatus  up_id_number_check             (const char       *text,
                                                  GDate            *today);
/* The translated sentence that says what is wrong, or NULL for OK. */
const char       *up_id_number_status_to_string  (UpIdNumberStatus  status);
/* The canonical form (trimmed, upper-case X), or NULL if not OK. */
char             *up_id_number_normalize         (const char       *text);
/* Birth date and gender of a number that checks OK. */
gboolean          up_id_number_get_birth_date    (const char       *id_number,
                                                  GDate            *birth_date);
UpGender          up_id_number_get_gender        (const char       *id_number);
/* The check character for the first 17 digits. */
char              up_id_number_check_character   (const char       *first17);
/* 500103********123X: region code and the last four kept. */
char             *up_id_number_mask              (const char       *id_number);
/* TRUE when @code is a valid first-two-digit province code. */
gboolean          up_id_number_province_is_known (int               code);

/* A mobile phone number: 11 digits starting 1[3-9]. */
gboolean          up_phone_is_valid              (const char       *text);
/* 138****5678 */
char             *up_phone_mask                  (const char       *phone);

G_END_DECLS
