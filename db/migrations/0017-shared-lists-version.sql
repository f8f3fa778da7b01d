-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v17: a change to the shortage occupations or the academies' quotas
-- moves the version of every scheme, whoever makes it.
--
-- Every subsidy policy dialog shows and saves these two lists, which belong
-- to no scheme, and a dialog saves by its scheme's version (v4, v16).  A
-- quota changed from another scheme's dialog or from psql left the versions
-- as they were, so a dialog open meanwhile saved its old lists back over
-- the change, and nobody was told.  Now a statement that changes either
-- list moves the version of every scheme, except a scheme this transaction
-- has saved already (its row is this transaction's own, as v16 tests), so
-- an app save, which updates its scheme's row first, moves its own version
-- once and every other scheme's once.  A statement that changes no row (an
-- upsert that finds every row as it was) moves nothing.
--
-- A change to the lists now writes every scheme's row, and a save writes
-- its own scheme's row before the lists: two saves of two schemes, or a
-- save and a psql statement, could each hold a row the other waits for.
-- So every writer of the lists takes the schemes' rows first, in the order
-- of their ids: a statement on the lists before its first row
-- (up_lock_schemes () in a BEFORE trigger), the app's save before it
-- updates its scheme.  The second writer waits instead of deadlocking.
-- v16's rates and minimum hours had the same shape (a rate changed by psql
-- moves its scheme's row while a save holds that row and comes for the
-- rate), so their statements take the schemes' rows first too.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

-- Every scheme's row, locked for update in the order of their ids.
CREATE FUNCTION up_lock_schemes ()
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM 1 FROM public.subsidy_schemes ORDER BY id FOR NO KEY UPDATE;
END
$$;

REVOKE EXECUTE ON FUNCTION up_lock_schemes () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION up_lock_schemes () TO upskill_manager;

-- Before a statement on the lists: the schemes' rows, before any of the
-- list's (the function's owner may lock them whoever writes).
CREATE FUNCTION up_scheme_lists_lock ()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM public.up_lock_schemes ();
  RETURN NULL;
END
$$;

-- After a statement on the lists that changed a row: every scheme's
-- version moves, but a scheme this transaction has saved or moved already.
CREATE FUNCTION up_scheme_lists_changed ()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  -- A statement trigger fires for no row too.  An UPDATE's two tables
  -- hold as many rows; TRUNCATE has none and counts as a change.
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    PERFORM 1 FROM new_rows LIMIT 1;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM 1 FROM old_rows LIMIT 1;
  ELSE
    PERFORM 1;
  END IF;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;

  -- The version trigger (subsidy_schemes_version) moves it by one.
  UPDATE public.subsidy_schemes s SET version = s.version + 1
   WHERE s.xmin <> pg_current_xact_id ()::xid;
  RETURN NULL;
END
$$;

CREATE TRIGGER shortage_occupations_schemes_lock BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON shortage_occupations FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_lock ();
CREATE TRIGGER shortage_occupations_schemes_insert AFTER INSERT ON shortage_occupations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_changed ();
CREATE TRIGGER shortage_occupations_schemes_update AFTER UPDATE ON shortage_occupations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_changed ();
CREATE TRIGGER shortage_occupations_schemes_delete AFTER DELETE ON shortage_occupations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_changed ();
CREATE TRIGGER shortage_occupations_schemes_truncate AFTER TRUNCATE ON shortage_occupations
  FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_changed ();

CREATE TRIGGER academy_quotas_schemes_lock BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON academy_quotas FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_lock ();
CREATE TRIGGER academy_quotas_schemes_insert AFTER INSERT ON academy_quotas
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_changed ();
CREATE TRIGGER academy_quotas_schemes_update AFTER UPDATE ON academy_quotas
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_changed ();
CREATE TRIGGER academy_quotas_schemes_delete AFTER DELETE ON academy_quotas
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_changed ();
CREATE TRIGGER academy_quotas_schemes_truncate AFTER TRUNCATE ON academy_quotas
  FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_changed ();

CREATE TRIGGER subsidy_policies_schemes_lock BEFORE INSERT OR UPDATE OR DELETE
  ON subsidy_policies FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_lock ();
CREATE TRIGGER subsidy_min_hours_schemes_lock BEFORE INSERT OR UPDATE OR DELETE
  ON subsidy_min_hours FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_lists_lock ();
