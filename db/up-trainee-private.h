/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "up-trainee.h"

G_BEGIN_DECLS

/* The columns every trainee query selects, in the order
 * up_trainee_fill_from_result() reads them.  A table alias "t" is expected. */
#define UP_TRAINEE_COLUMNS \
  "t.id, t.academy_id, t.id_number, t.name, t.birth_date::text, t.is_male, t.phone, " \
  "t.employer, t.industry, t.union_member, t.education::text, t.skill_level, t.version"
#define UP_TRAINEE_N_COLUMNS 13

UpTrainee  *up_trainee_new_placeholder    (void);
/* Fills @self from @row of @result (UP_TRAINEE_COLUMNS from @column on),
 * notifying each property that changed; sets "loaded". */
void        up_trainee_fill_from_result   (UpTrainee       *self,
                                           const PGresult  *result,
                                           int              row,
                                           int              column);
/* Back to a placeholder (only for items nobody holds but the list). */
void        up_trainee_clear              (UpTrainee       *self);

/* Escapes %, _ and \ so @text matches itself in LIKE. */
char       *up_trainee_like_escape        (const char      *text);

G_END_DECLS
