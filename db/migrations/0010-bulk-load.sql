-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v10: the same rules, cheaper for every row of a bulk load.
--
-- A roster import or the demo writes a million trainees; each row passes
-- the ID-number check, the normalizing trigger and every index.  Measured
-- on a million numbers: the province list as `<> ALL (text[])` cost 5.7 s,
-- the check character by `substr (…)::int` 2.5 s, and the plpgsql trigger
-- about 5 s, though the rows were already normal.
--
-- * up_id_number_is_valid: no regular expression and no array (a
--   province or a month is found with strpos in a list, the year and day
--   compared as text in byte order), 29 February checked for a leap year
--   only; the check character adds code points (ascii) instead of parsing
--   each digit.  Same answers as v9 for every text (tests/test-id-number.c
--   compares them).
-- * trainees_normalize fires only for a row it would change or refuse: the
--   condition is a plain expression, so a normal row never enters plpgsql.
-- * The gram index over every name (v2) goes: a one-character search is
--   served by the btrees of v6, and a two-character one inside a name by a
--   btree on the second and third characters; the longer names keep their
--   own small gram index (v6).  See db/up-trainee-list.c.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

CREATE OR REPLACE FUNCTION up_id_number_check_character (first17 text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT substr ('10X98765432',
    ((ascii (substr (first17, 1, 1)) * 7 + ascii (substr (first17, 2, 1)) * 9
    + ascii (substr (first17, 3, 1)) * 10 + ascii (substr (first17, 4, 1)) * 5
    + ascii (substr (first17, 5, 1)) * 8 + ascii (substr (first17, 6, 1)) * 4
    + ascii (substr (first17, 7, 1)) * 2 + ascii (substr (first17, 8, 1)) * 1
    + ascii (substr (first17, 9, 1)) * 6 + ascii (substr (first17, 10, 1)) * 3
    + ascii (substr (first17, 11, 1)) * 7 + ascii (substr (first17, 12, 1)) * 9
    + ascii (substr (first17, 13, 1)) * 10 + ascii (substr (first17, 14, 1)) * 5
    + ascii (substr (first17, 15, 1)) * 8 + ascii (substr (first17, 16, 1)) * 4
    + ascii (substr (first17, 17, 1)) * 2
    - 48 * 100) % 11) + 1, 1)
$$;
COMMENT ON FUNCTION up_id_number_check_character (text) IS
  'The check character of 17 digits (GB 11643); 48 * 100: the code point of 0 times the sum of the weights.';

CREATE OR REPLACE FUNCTION up_id_number_is_valid (id text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN id IS NULL THEN NULL
    -- 18 bytes, all digits but perhaps a final X.
    WHEN octet_length (id) <> 18 OR ltrim (id, '0123456789') NOT IN ('', 'X') THEN false
    WHEN strpos (',11,12,13,14,15,21,22,23,31,32,33,34,35,36,37,41,42,43,44,45,46,50,51,52,53,54,61,62,63,64,65,71,81,82,83,',
                 substr (id, 1, 2)) = 0 THEN false
    WHEN substr (id, 7, 4) COLLATE "C" NOT BETWEEN '1900' AND '2100' THEN false
    WHEN strpos (',01,02,03,04,05,06,07,08,09,10,11,12,', substr (id, 11, 2)) = 0 THEN false
    WHEN substr (id, 13, 2) COLLATE "C" NOT BETWEEN '01' AND '28'
         AND NOT CASE substr (id, 13, 2)
                   WHEN '29' THEN substr (id, 11, 2) <> '02'
                                  OR (substr (id, 7, 4)::int % 4 = 0
                                      AND (substr (id, 7, 4)::int % 100 <> 0 OR substr (id, 7, 4)::int % 400 = 0))
                   WHEN '30' THEN substr (id, 11, 2) <> '02'
                   WHEN '31' THEN strpos (',01,03,05,07,08,10,12,', substr (id, 11, 2)) > 0
                   ELSE false
                 END THEN false
    -- The check character reads the first 17 characters only.
    ELSE substr (id, 18, 1) = public.up_id_number_check_character (id)
  END
$$;

DROP TRIGGER trainees_normalize ON trainees;
CREATE TRIGGER trainees_normalize BEFORE INSERT OR UPDATE OF id_number, name ON trainees
  FOR EACH ROW
  WHEN (NEW.id_number IS DISTINCT FROM upper (public.up_trim (NEW.id_number))
        OR NEW.name IS DISTINCT FROM public.up_trim (NEW.name)
        OR substr (NEW.id_number, 7, 8) > to_char (current_date, 'YYYYMMDD'))
  EXECUTE FUNCTION up_trainees_normalize ();

CREATE INDEX trainees_name_pair2_idx ON trainees ((lower (substr (name, 2, 2))));
DROP INDEX trainees_name_inner_grams_idx;

-- The check enrollments_check_insert makes after each statement (0003),
-- over the whole table: for a bulk load into an empty table that set the
-- trigger aside (the demo), one pass over the rows instead of a copy of
-- them all in the trigger's transition table first.
CREATE FUNCTION up_enrollments_check_all ()
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  changes up_enrollment_change[];
BEGIN
  SELECT array_agg (ROW (course_id, opens, takes_seat, least_hours, all_passed, true)::up_enrollment_change)
    INTO changes
    FROM (SELECT n.course_id,
                 bool_or (n.status IN ('enrolled', 'waitlisted')) AS opens,
                 bool_or (n.status IN ('enrolled', 'completed', 'not_completed')) AS takes_seat,
                 min (coalesce (n.attended_hours, -1)) FILTER (WHERE n.status = 'completed') AS least_hours,
                 bool_and (coalesce (n.passed, false)) FILTER (WHERE n.status = 'completed') AS all_passed
            FROM enrollments n
           GROUP BY n.course_id) per_course;

  PERFORM up_enrollments_enforce (changes);
END
$$;
