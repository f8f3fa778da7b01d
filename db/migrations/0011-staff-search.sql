-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v11: a staff member's trainee searches under row-level security.
--
-- Staff see the trainees their academies registered and those enrolled at
-- them (v7).  The policy said the second half as
--   id IN (SELECT trainee_id FROM enrollments WHERE academy_id = ANY (…))
-- A security qual is not pulled up into a join: it stays a subplan, which
-- the planner hashes only when the enrollments of the academies fit in
-- work_mem.  On a region's 5 million enrollments (230,000 at one academy)
-- they do not, and every trainee row re-read the whole list: a staff
-- member's count(*) ran for hours (tests/bench/bench-staff-search.c).  Nor
-- can the searches help: LIKE, ILIKE, pg_trgm and array @> are not
-- leakproof, so none of them, and none of their indexes, may run before
-- the policy.
--
-- So the policy itself finds the rows through an index: each trainee
-- carries the academies they are enrolled at (enrolled_academy_ids, kept by
-- the enrollments' triggers below), and the policy reads
--   (enrolled_academy_ids || academy_id) && mine
-- one GIN index over that expression: the academy's rows alone are
-- visited, and the search runs on those.  One clause rather than
-- "academy_id = ANY (mine) OR …": the planner takes an array it cannot see
-- for ten academies, so it expected a third of the region to be visible
-- and walked the name index in order, through a million rows, for the
-- first page of a small academy.  The rows are the same as v7's.
--
-- Nobody but those triggers writes the column: a client's value is dropped
-- (INSERT) or put back (UPDATE) unless the writer owns the table (the
-- triggers run as its owner, and so does a restore).  The checks are plain
-- WHEN conditions, so a bulk load of trainees never enters plpgsql (v10).
-- Keeping the column is no edit: a trainee's version (the trainee dialog's
-- optimistic locking) moves for other changes only.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

ALTER TABLE trainees ADD COLUMN enrolled_academy_ids bigint[];

-- The existing trainees, as their owner: no version moves, and the
-- employers are known already.
ALTER TABLE trainees DISABLE TRIGGER trainees_version;
ALTER TABLE trainees DISABLE TRIGGER trainees_employers_update;
UPDATE trainees t
   SET enrolled_academy_ids = e.ids
  FROM (SELECT trainee_id, array_agg (DISTINCT academy_id ORDER BY academy_id) AS ids
          FROM enrollments GROUP BY trainee_id) AS e
 WHERE e.trainee_id = t.id;
ALTER TABLE trainees ENABLE TRIGGER trainees_version;
ALTER TABLE trainees ENABLE TRIGGER trainees_employers_update;

-- The academies that see each trainee; NULL || academy_id is the one.
CREATE INDEX trainees_reach_idx ON trainees USING gin ((enrolled_academy_ids || academy_id));

-- The enrollments' academies of @p_trainee_ids, set where they changed.
CREATE FUNCTION up_trainees_enrolled_academies_refresh (p_trainee_ids bigint[])
RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  UPDATE public.trainees t
     SET enrolled_academy_ids = r.ids
    FROM (SELECT u.id, (SELECT array_agg (DISTINCT e.academy_id ORDER BY e.academy_id)
                          FROM public.enrollments e WHERE e.trainee_id = u.id) AS ids
            FROM unnest (p_trainee_ids) AS u (id)) AS r
   WHERE t.id = r.id AND t.enrolled_academy_ids IS DISTINCT FROM r.ids
$$;
REVOKE EXECUTE ON FUNCTION up_trainees_enrolled_academies_refresh (bigint[]) FROM PUBLIC;

-- New enrollments add their academies; one UPDATE per statement, of the
-- trainees that gain one.
CREATE FUNCTION up_enrollments_reach_insert ()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  UPDATE trainees t
     SET enrolled_academy_ids = ARRAY (SELECT DISTINCT a FROM unnest (coalesce (t.enrolled_academy_ids, '{}') || n.added) AS a
                                        ORDER BY a)
    FROM (SELECT trainee_id, array_agg (DISTINCT academy_id) AS added FROM new_rows GROUP BY trainee_id) AS n
   WHERE t.id = n.trainee_id AND NOT coalesce (t.enrolled_academy_ids @> n.added, false);
  RETURN NULL;
END
$$;

CREATE FUNCTION up_enrollments_reach_delete ()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM up_trainees_enrolled_academies_refresh (ARRAY (SELECT DISTINCT trainee_id FROM old_rows));
  RETURN NULL;
END
$$;

CREATE FUNCTION up_enrollments_reach_update ()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM up_trainees_enrolled_academies_refresh (ARRAY[OLD.trainee_id, NEW.trainee_id]);
  RETURN NULL;
END
$$;

-- Its owner alone may empty the table: then no trainee is enrolled anywhere.
CREATE FUNCTION up_enrollments_reach_truncate ()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  UPDATE trainees SET enrolled_academy_ids = NULL WHERE enrolled_academy_ids IS NOT NULL;
  RETURN NULL;
END
$$;

CREATE TRIGGER enrollments_reach_insert AFTER INSERT ON enrollments
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION up_enrollments_reach_insert ();
CREATE TRIGGER enrollments_reach_delete AFTER DELETE ON enrollments
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION up_enrollments_reach_delete ();
CREATE TRIGGER enrollments_reach_truncate AFTER TRUNCATE ON enrollments
  FOR EACH STATEMENT EXECUTE FUNCTION up_enrollments_reach_truncate ();
-- Attendance and results update enrollments all day: those never enter
-- plpgsql here.
CREATE TRIGGER enrollments_reach_update AFTER UPDATE OF trainee_id, academy_id ON enrollments
  FOR EACH ROW
  WHEN (NEW.trainee_id IS DISTINCT FROM OLD.trainee_id OR NEW.academy_id IS DISTINCT FROM OLD.academy_id)
  EXECUTE FUNCTION up_enrollments_reach_update ();

-- A client's value of the column: dropped on INSERT, put back on UPDATE,
-- unless the writer owns the table.  Not SECURITY DEFINER: it asks who is
-- writing.
CREATE FUNCTION up_trainees_keep_enrolled_academies ()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF NOT pg_has_role (current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
    IF TG_OP = 'INSERT' THEN
      NEW.enrolled_academy_ids := NULL;
    ELSE
      NEW.enrolled_academy_ids := OLD.enrolled_academy_ids;
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER trainees_keep_enrolled_academies_insert BEFORE INSERT ON trainees
  FOR EACH ROW
  WHEN (NEW.enrolled_academy_ids IS NOT NULL)
  EXECUTE FUNCTION up_trainees_keep_enrolled_academies ();
CREATE TRIGGER trainees_keep_enrolled_academies_update BEFORE UPDATE OF enrolled_academy_ids ON trainees
  FOR EACH ROW
  WHEN (NEW.enrolled_academy_ids IS DISTINCT FROM OLD.enrolled_academy_ids)
  EXECUTE FUNCTION up_trainees_keep_enrolled_academies ();

-- Keeping the column is no edit.  (BEFORE triggers fire in name order, so
-- a client's value has been put back by the time this one is asked.)
DROP TRIGGER trainees_version ON trainees;
CREATE TRIGGER trainees_version BEFORE UPDATE ON trainees
  FOR EACH ROW
  WHEN (NEW.enrolled_academy_ids IS NOT DISTINCT FROM OLD.enrolled_academy_ids)
  EXECUTE FUNCTION up_bump_version ();

-- The policies, written as the index's expression: the same rows as v7's.
ALTER POLICY trainees_staff_read ON trainees
  USING ((enrolled_academy_ids || academy_id) && (SELECT up_my_academies ())::bigint[]);
ALTER POLICY trainees_staff_update ON trainees
  USING ((enrolled_academy_ids || academy_id) && (SELECT up_my_academies ())::bigint[])
  WITH CHECK ((enrolled_academy_ids || academy_id) && (SELECT up_my_academies ())::bigint[]);

ANALYZE trainees;
