-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v16: a change to what a subsidy policy's dialog shows moves the
-- policy's version, whoever makes it.
--
-- The dialog saves a scheme by its version (v4): a save from a dialog that
-- read an older version is refused and the person sees what changed.  The
-- app moves the version itself, since it saves the scheme's row with its
-- rates, minimum hours, shortage occupations and quotas.  A rate added
-- straight into subsidy_policies (psql, another program) left the version
-- as it was, so a dialog open meanwhile would have saved over it, removing
-- the new rate without a word.  Now a statement that changes a scheme's
-- rates or minimum hours moves that scheme's version, unless this
-- transaction has saved the scheme already (its row is this transaction's
-- own), as the app does, so that one save still moves the version once.
-- (The shortage occupations and the academies' quotas, which every scheme
-- applies, are not a scheme's: the app rewrites them with each save.)
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

-- Moves the version of the schemes whose rows the statement changed.
CREATE FUNCTION up_scheme_settings_changed ()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  schemes bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    schemes := ARRAY (SELECT DISTINCT scheme_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    schemes := ARRAY (SELECT DISTINCT scheme_id FROM old_rows);
  ELSE
    schemes := ARRAY (SELECT scheme_id FROM new_rows UNION SELECT scheme_id FROM old_rows);
  END IF;

  -- The version trigger (subsidy_schemes_version) moves it by one.
  UPDATE public.subsidy_schemes s SET version = s.version + 1
   WHERE s.id = ANY (schemes) AND s.xmin <> pg_current_xact_id ()::xid;
  RETURN NULL;
END
$$;

CREATE TRIGGER subsidy_policies_scheme_insert AFTER INSERT ON subsidy_policies
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_settings_changed ();
CREATE TRIGGER subsidy_policies_scheme_update AFTER UPDATE ON subsidy_policies
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_settings_changed ();
CREATE TRIGGER subsidy_policies_scheme_delete AFTER DELETE ON subsidy_policies
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_settings_changed ();

CREATE TRIGGER subsidy_min_hours_scheme_insert AFTER INSERT ON subsidy_min_hours
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_settings_changed ();
CREATE TRIGGER subsidy_min_hours_scheme_update AFTER UPDATE ON subsidy_min_hours
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_settings_changed ();
CREATE TRIGGER subsidy_min_hours_scheme_delete AFTER DELETE ON subsidy_min_hours
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION up_scheme_settings_changed ();
