-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v6: the first page of a one-character name search, bounded.
--
-- Most Chinese names have two or three characters.  A character further in
-- a name is its second or its third (given names: 明, 娟, 鑫 …), and a common
-- one is in tens of thousands of a region's names: the gram index of v2
-- finds them all, and the first page then sorts them all.  These btrees
-- give each position's names already in the list's name order (code-point
-- order, then id), so that a page is a hundred entries of an index range.
-- The rare longer names (欧阳晓明, names of minorities) keep a small gram
-- index of their own.  See FIRST_PAGE_SHORT_NAME_SQL in db/up-trainee-list.c.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).
-- Only adds indexes.

CREATE INDEX trainees_name_char2_idx ON trainees ((lower (substr (name, 2, 1))), (name COLLATE "C"), id);
CREATE INDEX trainees_name_char3_idx ON trainees ((lower (substr (name, 3, 1))), (name COLLATE "C"), id);
CREATE INDEX trainees_long_name_grams_idx ON trainees USING gin (up_name_inner_grams (name))
  WHERE length (name) > 3;

-- How many names are longer than three characters (few): without it the
-- planner guesses a third of the table, and plans the last part above as a
-- big parallel sort.
CREATE STATISTICS trainees_name_length_stats ON (length (name)) FROM trainees;
