-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v19: the trainees' list in pinyin order too.
--
-- v18 put the short lists of names in pinyin order (collation up_pinyin);
-- the Trainees page, sorted by name, kept code-point order, so the same
-- people came in another order there than on a course's roster.  Its name
-- order is now (up_name_sort_key (name) COLLATE up_pinyin, id), and the
-- indexes that give a page of it follow:
--   * trainees_name_pinyin_idx: the whole list in that order (its first
--     page, and all its ids as an index-only scan);
--   * trainees_name_first_idx: the names that begin with a character, in
--     that order (a one-character search's first page and its count; in
--     pinyin order the names beginning with one character are together,
--     but a range of them cannot be written as a LIKE pattern);
--   * trainees_name_char2_idx, _char3_idx (v6): the names with a character
--     second or third, now in that order.
-- trainees_name_order_idx (v2: the whole name in code points, for the old
-- order and LIKE ranges of a name's start) gives way to
-- trainees_name_first2_idx: a two-character search finds the names that
-- begin with both by their first two characters, a key a third the size.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).
-- Only replaces indexes.

-- INCLUDE (name): an index-only scan may not take an expression's value
-- from an index, only the columns it is computed from.
CREATE INDEX trainees_name_pinyin_idx ON trainees ((up_name_sort_key (name) COLLATE up_pinyin), id) INCLUDE (name);
CREATE INDEX trainees_name_first_idx ON trainees ((left (name, 1)), (up_name_sort_key (name) COLLATE up_pinyin), id);
CREATE INDEX trainees_name_first2_idx ON trainees ((left (name, 2)));
DROP INDEX trainees_name_order_idx;

DROP INDEX trainees_name_char2_idx;
DROP INDEX trainees_name_char3_idx;
CREATE INDEX trainees_name_char2_idx ON trainees ((lower (substr (name, 2, 1))), (up_name_sort_key (name) COLLATE up_pinyin), id);
CREATE INDEX trainees_name_char3_idx ON trainees ((lower (substr (name, 3, 1))), (up_name_sort_key (name) COLLATE up_pinyin), id);
