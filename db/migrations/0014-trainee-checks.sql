-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v14: what the trainees' triggers ask and do, said once.
--
-- A bulk load that sets the trainees' row triggers aside (the demo) must
-- check afterwards what trainees_normalize would have refused or changed,
-- and remember the employers as trainees_employers_insert would have.  It
-- now calls the same two functions the triggers call, instead of a copy
-- of their SQL.  The condition stays a plain SQL expression, inlined into
-- the trigger's WHEN (v10): a normal row still never enters plpgsql.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

-- Whether trainees_normalize would change or refuse the row (NULL: no).
CREATE FUNCTION up_trainee_needs_normalizing (p_id_number text, p_name text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT p_id_number IS DISTINCT FROM upper (public.up_trim (p_id_number))
      OR p_name IS DISTINCT FROM public.up_trim (p_name)
      OR substr (p_id_number, 7, 8) > to_char (current_date, 'YYYYMMDD')
$$;

DROP TRIGGER trainees_normalize ON trainees;
CREATE TRIGGER trainees_normalize BEFORE INSERT OR UPDATE OF id_number, name ON trainees
  FOR EACH ROW
  WHEN (public.up_trainee_needs_normalizing (NEW.id_number, NEW.name))
  EXECUTE FUNCTION up_trainees_normalize ();

-- Remembers @p_employers for completion and search (blank ones are not).
CREATE FUNCTION up_trainee_employers_add (p_employers text[])
RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, public
AS $$
  INSERT INTO public.trainee_employers (name)
    SELECT DISTINCT e FROM unnest (p_employers) AS e WHERE e IS NOT NULL AND btrim (e) <> ''
    ON CONFLICT DO NOTHING
$$;

CREATE OR REPLACE FUNCTION up_trainee_employers_remember ()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM up_trainee_employers_add (ARRAY (SELECT DISTINCT employer FROM new_rows));
  RETURN NULL;
END
$$;
