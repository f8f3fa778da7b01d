-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v18: lists of names in the order Chinese readers look them up in.
--
-- The embedded server's databases collate "C" (code points: for Chinese
-- characters, roughly radical and stroke order), and a shared server's may
-- collate anything.  A reader of a course roster, a payment batch's roster
-- or a list of academies looks for a name in pinyin order (蔡, 陈, 丁, 王),
-- as a spreadsheet on a Chinese desktop sorts it.  up_pinyin is ICU's
-- pinyin collation; the short lists ORDER BY name COLLATE up_pinyin (of a
-- person, up_name_sort_key (name) COLLATE up_pinyin, below).  The trainees'
-- list follows in v19, with its indexes.
--
-- A server built without ICU (PostgreSQL's --with-icu; Debian's has it)
-- gets code-point order under the same name, so that every query still
-- runs.
--
-- ICU reads each character by its commonest reading, and some surnames are
-- read otherwise: 曾 as a surname is zēng, not céng, so every 曾 would sort
-- among the C's, where nobody looks for them.  A person's name sorts by
-- up_name_sort_key (name): the first character, when it is one of these
-- surnames, stands in for a character of the surname's reading that is
-- itself no common surname (曾→增 zēng, 查→渣 zhā, 仇→求 qiú, 单→善 shàn,
-- 翟→宅 zhái, 盖→舸 gě, 解→泻 xiè, 乐→月 yuè, 朴→瓢 piáo, 区→鸥 ōu).
-- PostgreSQL 15 cannot tailor an ICU collation (custom rules came in 16).
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

DO $$
BEGIN
  CREATE COLLATION up_pinyin (provider = icu, locale = 'zh-u-co-pinyin');
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR undefined_object THEN
  CREATE COLLATION up_pinyin FROM "C";
END
$$;

-- Inlined by the planner (one SQL expression), so an index over it serves
-- an ORDER BY of it.
CREATE FUNCTION up_name_sort_key (name text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT translate (left (name, 1), '曾查仇单翟盖解乐朴区', '增渣求善宅舸泻月瓢鸥') || substr (name, 2)
$$;
