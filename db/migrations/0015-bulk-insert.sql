-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v15: a large import builds the trainees' search indexes once.
--
-- Every trainee inserted updates a dozen search indexes (names by
-- character, pair and gram; phone, employer and ID number suffix; the
-- list's sort orders; the academies that see the row) and has its academy
-- looked up by the foreign key's trigger.  A roster of a million rows spends
-- most of its time there, one B-tree descent and one lookup after another.
-- When an import brings more new trainees than the table holds (a region's
-- first roster, a new academy's first file), the importer may set those
-- indexes and the foreign key aside in its own transaction and make them
-- again before it commits: each index built once from sorted rows, the key
-- checked once for every row with one join.
--
-- The keys stay (id, and the unique ID number the import's duplicate check
-- and ON CONFLICT use), and the checks, triggers and row security are
-- untouched, so every rule holds for every row as always.  Setting things
-- aside locks trainees against everyone else until the import commits,
-- which is why it is only done for an import larger than the table.  What
-- is set aside is made again from its definition as the server reports it,
-- kept in a table only the owner writes; a transaction that sets things
-- aside and does not make them again cannot commit (a deferred trigger
-- refuses it), so no client, psql included, can leave them out.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

CREATE TABLE trainees_set_aside (
  name text PRIMARY KEY,
  restore text NOT NULL,
  seq integer NOT NULL
);
REVOKE ALL ON trainees_set_aside FROM PUBLIC;

CREATE FUNCTION up_trainees_made_again ()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF EXISTS (SELECT FROM public.trainees_set_aside WHERE name = NEW.name) THEN
    RAISE EXCEPTION 'the trainees'' % was set aside and not made again (up_trainees_end_bulk_insert)', NEW.name
      USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = 'trainees_made_again';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER trainees_made_again AFTER INSERT ON trainees_set_aside
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION up_trainees_made_again ();

-- Sets the trainees' search indexes and foreign key aside for the rest of
-- the transaction when @p_new_rows, the trainees about to be added,
-- outnumber those there already; true if it did.  Only for staff and
-- managers (anyone else: false).  Waits for everyone else's work on
-- trainees to end and keeps them out until the transaction ends.  The
-- caller must call up_trainees_end_bulk_insert() before committing.
CREATE FUNCTION up_trainees_begin_bulk_insert (p_new_rows bigint)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  r record;
BEGIN
  -- Counted as the owner (every row), never further than the import.
  IF NOT (public.up_caller_is ('upskill_staff') OR public.up_caller_is ('upskill_manager'))
     OR p_new_rows IS NULL OR p_new_rows < 1
     OR EXISTS (SELECT FROM public.trainees OFFSET p_new_rows - 1) THEN
    RETURN false;
  END IF;

  LOCK TABLE public.trainees IN ACCESS EXCLUSIVE MODE;
  -- Made again in this order: indexes, then keys.
  FOR r IN SELECT k.conname AS name, 2 AS seq,
                  format ('ALTER TABLE public.trainees DROP CONSTRAINT %I', k.conname) AS drop,
                  format ('ALTER TABLE public.trainees ADD CONSTRAINT %I %s', k.conname,
                          pg_get_constraintdef (k.oid)) AS restore
             FROM pg_constraint k
            WHERE k.conrelid = 'public.trainees'::regclass AND k.contype = 'f'
           UNION ALL
           SELECT c.relname, 1, format ('DROP INDEX public.%I', c.relname), pg_get_indexdef (i.indexrelid)
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 'public.trainees'::regclass
              AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
  LOOP
    INSERT INTO public.trainees_set_aside (name, restore, seq) VALUES (r.name, r.restore, r.seq);
    EXECUTE r.drop;
  END LOOP;
  RETURN true;
END
$$;

-- Makes what was set aside again; the number of indexes and keys made.
-- Sorts with at least 256 MB (PostgreSQL's default is 64), for this
-- function only.
CREATE FUNCTION up_trainees_end_bulk_insert ()
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
SET maintenance_work_mem FROM CURRENT
AS $$
DECLARE
  r record;
  n integer := 0;
BEGIN
  IF pg_size_bytes (current_setting ('maintenance_work_mem')) < 256 * 1024 * 1024 THEN
    PERFORM set_config ('maintenance_work_mem', '256MB', true);
  END IF;
  FOR r IN SELECT name, restore FROM public.trainees_set_aside ORDER BY seq, name LOOP
    EXECUTE r.restore;
    DELETE FROM public.trainees_set_aside WHERE name = r.name;
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION up_trainees_begin_bulk_insert (bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION up_trainees_end_bulk_insert () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION up_trainees_begin_bulk_insert (bigint) TO upskill_staff, upskill_manager;
GRANT EXECUTE ON FUNCTION up_trainees_end_bulk_insert () TO upskill_staff, upskill_manager;
