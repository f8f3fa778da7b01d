-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v9: functions that find what they call whatever the search_path.
--
-- pg_restore empties search_path, then loads the tables: a CHECK, a default
-- or a trigger that calls one of our functions by its bare name fails
-- there, and so would a backup restored by hand.  The SQL functions that
-- must stay inlinable (the ID-number check runs for every row of a bulk
-- load) name what they call with its schema; the others carry their own
-- search_path.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

CREATE OR REPLACE FUNCTION up_id_number_is_valid (id text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN id IS NULL THEN NULL
    WHEN id !~ '^[0-9]{17}[0-9X]$' THEN false
    WHEN substr (id, 1, 2) <> ALL ('{11,12,13,14,15,21,22,23,31,32,33,34,35,36,37,41,42,43,44,45,46,50,51,52,53,54,61,62,63,64,65,71,81,82,83}'::text[]) THEN false
    WHEN substr (id, 7, 4)::int NOT BETWEEN 1900 AND 2100 THEN false
    WHEN substr (id, 11, 2)::int NOT BETWEEN 1 AND 12 THEN false
    WHEN substr (id, 13, 2)::int < 1 THEN false
    WHEN substr (id, 13, 2)::int >
         CASE WHEN substr (id, 11, 2)::int = 2 THEN
                CASE WHEN substr (id, 7, 4)::int % 4 = 0
                          AND (substr (id, 7, 4)::int % 100 <> 0 OR substr (id, 7, 4)::int % 400 = 0)
                     THEN 29 ELSE 28 END
              WHEN substr (id, 11, 2)::int IN (4, 6, 9, 11) THEN 30
              ELSE 31 END THEN false
    ELSE substr (id, 18, 1) = public.up_id_number_check_character (substr (id, 1, 17))
  END
$$;

-- Runs for every trainee row of a load: schema-qualified rather than given
-- a search_path of its own, which would cost a setting switch per row.
CREATE OR REPLACE FUNCTION up_trainees_normalize ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.id_number := upper (public.up_trim (NEW.id_number));
  NEW.name := public.up_trim (NEW.name);
  -- Plain expressions only: this runs for every row of a bulk load.
  IF NEW.id_number ~ '^[0-9]{17}[0-9X]$'
     AND substr (NEW.id_number, 7, 8) > to_char (current_date, 'YYYYMMDD') THEN
    RAISE EXCEPTION 'birth date in the future'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'trainees_birth_date_past';
  END IF;
  RETURN NEW;
END
$$;

-- Every other function of ours that names a table or another function of
-- ours and has no search_path yet gets one.  up_name_inner_grams and
-- up_bump_version name neither, and run per row of bulk loads and index
-- builds, so they stay as they are.
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure
      FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
     WHERE p.pronamespace = 'public'::regnamespace
       AND l.lanname IN ('plpgsql', 'sql')
       AND p.proconfig IS NULL
       AND p.proname NOT IN ('up_name_inner_grams', 'up_bump_version', 'up_trainees_normalize',
                             'up_id_number_is_valid', 'up_id_number_check_character', 'up_id_number_birth_date',
                             'up_id_number_is_male', 'up_is_present', 'up_trim', 'up_level_rank', 'up_lock')
  LOOP
    EXECUTE format ('ALTER FUNCTION %s SET search_path = pg_catalog, public', f);
  END LOOP;
END
$$;
