/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is integer fen (1 yuan = 100 fen); never floating point. */

/* "¥1,234.50"; negative amounts as "-¥1,234.50". */
char      *up_money_format  (gint64       fen);
/* A count grouped by threes as amounts are, whatever the locale (the C
 * locale would not group, and 131,000 reads the same in English and
 * Chinese): "131,000", "-12". */
char      *up_count_format  (gint64       count);
/* Parses "1234.5", "1,234.50", "¥1234" into fen; FALSE on anything else
 * (more than two decimals, letters, overflow). */
gboolean   up_money_parse   (const char  *text,
                             gint64      *fen);

G_END_DECLS
