-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v18: lists of names in the order Chinese readers look them up in.
--
-- The embedded server's databases collate "C" (code points: for Chinese
-- characters, roughly radical and stroke order), and a shared server's may
-- collate anything.  A reader of a course roster, a payment batch's roster
-- or a list of academies looks for a name in pinyin order (蔡, 陈, 丁, 王),
-- as a spreadsheet on a Chinese desktop sorts it.  up_pinyin is ICU's
-- pinyin collation; the short lists ORDER BY name COLLATE up_pinyin.  The
-- trainees' list keeps its code-point order: its keyset pages and searches
-- run along indexes on name COLLATE "C" (migrations 0002, 0010).
--
-- A server built without ICU (PostgreSQL's --with-icu; Debian's has it)
-- gets code-point order under the same name, so that every query still
-- runs.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

DO $$
BEGIN
  CREATE COLLATION up_pinyin (provider = icu, locale = 'zh-u-co-pinyin');
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR undefined_object THEN
  CREATE COLLATION up_pinyin FROM "C";
END
$$;
