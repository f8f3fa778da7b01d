-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v3: the rules of enrollment, held by the database itself so that
-- neither two staff at the same moment nor a psql session can break them.
--
--   * A course never has more seats taken (enrolled, completed,
--     not_completed) than its capacity.  Whoever checks the seats first
--     locks the course row (FOR NO KEY UPDATE: it does not block the foreign
--     key checks of other enrollments), so two enrollments for the last
--     seat are checked one after the other.
--   * A full course puts new trainees on its waitlist, in order; a seat
--     given back goes to the first on the waitlist and the others move up.
--   * Finished and cancelled courses take no new enrollments.
--   * Completion needs a pass and the attended-hours threshold (a setting,
--     80 % of the course hours unless changed); undoing it needs a reason,
--     which is kept on the row and in the audit log.
--   * The capacity of a course cannot go below the seats already taken.
--
-- Bulk loads (the demo generator COPYs millions of enrollments) are checked
-- by statement-level triggers over transition tables: once per statement
-- and course, not once per row.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).
-- Nothing here rewrites or removes a row.

-- Settings ---------------------------------------------------------------

CREATE TABLE settings (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key         text NOT NULL CONSTRAINT settings_key_unique UNIQUE,
  value       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now (),
  updated_at  timestamptz NOT NULL DEFAULT now (),
  version     integer NOT NULL DEFAULT 1,
  CONSTRAINT settings_completion_threshold_range CHECK (
    CASE
      WHEN key <> 'completion_threshold_percent' THEN true
      WHEN value !~ '^[0-9]{1,3}$' THEN false
      ELSE value::integer BETWEEN 1 AND 100
    END)
);

CREATE TRIGGER settings_version BEFORE UPDATE ON settings FOR EACH ROW EXECUTE FUNCTION up_bump_version ();
-- up_audit () is statement-level over transition tables (0001).
CREATE TRIGGER settings_audit_insert AFTER INSERT ON settings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER settings_audit_update AFTER UPDATE ON settings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER settings_audit_delete AFTER DELETE ON settings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();

INSERT INTO settings (key, value) VALUES ('completion_threshold_percent', '80');

-- Percent of a course's hours a trainee must attend to complete it.
CREATE FUNCTION up_completion_threshold_percent ()
RETURNS integer
LANGUAGE sql STABLE
AS $$
  SELECT coalesce ((SELECT value::integer FROM settings WHERE key = 'completion_threshold_percent'), 80)
$$;

-- Enrollments: what undoing a completion keeps ----------------------------

-- New columns without defaults: no rewrite of the table.  NOT VALID: the
-- existing rows hold no reason yet, so there is nothing to scan.
ALTER TABLE enrollments
  ADD COLUMN completion_undone_at timestamptz,
  ADD COLUMN completion_undone_reason text;
ALTER TABLE enrollments
  ADD CONSTRAINT enrollments_undo_reason_present
    CHECK (completion_undone_reason IS NULL OR btrim (completion_undone_reason) <> '') NOT VALID;

-- Two trainees never share a place on a course's waitlist.  Deferrable so
-- that one statement can renumber the whole waitlist.
ALTER TABLE enrollments
  ADD CONSTRAINT enrollments_waitlist_position_unique
    EXCLUDE USING btree (course_id WITH =, waitlist_position WITH =) WHERE (status = 'waitlisted')
    DEFERRABLE INITIALLY IMMEDIATE;

-- A change of a recorded result is audited (with the undo reason in new_row).
CREATE TRIGGER enrollments_audit_completion AFTER UPDATE ON enrollments
  FOR EACH ROW
  WHEN (OLD.status IN ('completed', 'not_completed') AND NEW.status IS DISTINCT FROM OLD.status)
  EXECUTE FUNCTION up_audit ();

-- The checks -------------------------------------------------------------

-- What one statement did to the enrollments of one course.
CREATE TYPE up_enrollment_change AS (
  course_id              bigint,
  opens                  boolean,   -- a new enrolled or waitlisted line
  takes_seat             boolean,   -- a line that newly holds a seat
  least_completed_hours  numeric,   -- over lines newly completed (-1: none recorded)
  completed_all_passed   boolean,   -- NULL when no line was newly completed
  undo_ok                boolean    -- every line leaving 'completed' gives a reason
);

-- A REPEATABLE READ transaction would count the seats in its old snapshot
-- even after waiting for the course lock; refuse it rather than overbook.
-- READ COMMITTED counts afresh after the lock; SERIALIZABLE is protected
-- by the server's own conflict checks.
CREATE FUNCTION up_require_fresh_snapshot ()
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  IF current_setting ('transaction_isolation') = 'repeatable read' THEN
    RAISE EXCEPTION 'seats are counted only in READ COMMITTED or SERIALIZABLE transactions'
      USING ERRCODE = 'serialization_failure';
  END IF;
END
$$;

-- The first of @course_ids with more seats taken than its capacity, or
-- NULL.  Index ranges only: right after a bulk load in the same transaction
-- the table has no statistics yet and the planner would scan it whole for
-- every course.
CREATE FUNCTION up_course_over_capacity (course_ids bigint[])
RETURNS bigint
LANGUAGE sql STABLE
SET enable_seqscan = off
AS $$
  SELECT c.id
    FROM courses c
   WHERE c.id = ANY (course_ids)
     AND c.capacity < (SELECT count (*) FROM enrollments e
                        WHERE e.course_id = c.id
                          AND e.status IN ('enrolled', 'completed', 'not_completed'))
   LIMIT 1
$$;

-- The same for thousands of courses: one pass over the enrollments, hash
-- joins only (a nested loop over thousands of courses would be quadratic).
CREATE FUNCTION up_courses_over_capacity_bulk (course_ids bigint[])
RETURNS bigint
LANGUAGE sql STABLE
SET enable_nestloop = off
SET enable_mergejoin = off
AS $$
  SELECT t.course_id
    FROM (SELECT e.course_id, count (*) AS taken
            FROM enrollments e
           WHERE e.status IN ('enrolled', 'completed', 'not_completed')
           GROUP BY e.course_id) t
    JOIN (SELECT DISTINCT unnest (course_ids) AS course_id) a ON a.course_id = t.course_id
    JOIN courses c ON c.id = t.course_id
   WHERE t.taken > c.capacity
   LIMIT 1
$$;

CREATE FUNCTION up_enrollments_enforce (changes up_enrollment_change[])
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
  threshold integer;
  bad_course bigint;
BEGIN
  IF changes IS NULL OR cardinality (changes) = 0 THEN
    RETURN;
  END IF;

  SELECT c.id INTO bad_course
    FROM unnest (changes) s JOIN courses c ON c.id = s.course_id
   WHERE s.opens AND c.status IN ('finished', 'cancelled')
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'course % is finished or cancelled and takes no new enrollments', bad_course
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_course_open';
  END IF;

  IF EXISTS (SELECT 1 FROM unnest (changes) s WHERE NOT s.undo_ok) THEN
    RAISE EXCEPTION 'undoing a completion needs a reason (up_undo_completion)'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_undo_reason_present';
  END IF;

  IF EXISTS (SELECT 1 FROM unnest (changes) s WHERE s.least_completed_hours IS NOT NULL) THEN
    threshold := up_completion_threshold_percent ();
    SELECT c.id INTO bad_course
      FROM unnest (changes) s JOIN courses c ON c.id = s.course_id
     WHERE s.least_completed_hours IS NOT NULL
       AND (s.least_completed_hours * 100 < c.hours * threshold OR NOT coalesce (s.completed_all_passed, false))
     LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'completion in course % needs a pass and % %% of the hours', bad_course, threshold
        USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_completion_threshold';
    END IF;
  END IF;

  IF EXISTS (SELECT 1 FROM unnest (changes) s WHERE s.takes_seat) THEN
    PERFORM up_require_fresh_snapshot ();
    -- In id order, so that two statements over the same courses cannot
    -- deadlock on each other.
    PERFORM 1 FROM courses
      WHERE id IN (SELECT s.course_id FROM unnest (changes) s WHERE s.takes_seat)
      ORDER BY id
      FOR NO KEY UPDATE;
    -- In READ COMMITTED these queries see what committed while we waited.
    -- A bulk load (thousands of courses in one statement) counts every
    -- course's seats in one pass; a few courses are counted one index range
    -- each.
    IF (SELECT count (*) FROM unnest (changes) s WHERE s.takes_seat) > 200 THEN
      bad_course := up_courses_over_capacity_bulk (ARRAY (SELECT s.course_id FROM unnest (changes) s
                                                           WHERE s.takes_seat));
    ELSE
      bad_course := up_course_over_capacity (ARRAY (SELECT s.course_id FROM unnest (changes) s WHERE s.takes_seat));
    END IF;
    IF bad_course IS NOT NULL THEN
      RAISE EXCEPTION 'course % has no free seat', bad_course
        USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_capacity';
    END IF;
  END IF;
END
$$;

CREATE FUNCTION up_enrollments_check_insert ()
RETURNS trigger
LANGUAGE plpgsql
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
            FROM new_rows n
           GROUP BY n.course_id) per_course;

  PERFORM up_enrollments_enforce (changes);
  RETURN NULL;
END
$$;

CREATE FUNCTION up_enrollments_check_update ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  changes up_enrollment_change[];
BEGIN
  SELECT array_agg (ROW (course_id, opens, takes_seat, least_hours, all_passed, undo_ok)::up_enrollment_change)
    INTO changes
    FROM (SELECT n.course_id,
                 bool_or (n.status IN ('enrolled', 'waitlisted')
                          AND (o.status = 'withdrawn' OR o.course_id <> n.course_id)) AS opens,
                 bool_or (n.status IN ('enrolled', 'completed', 'not_completed')
                          AND (o.status NOT IN ('enrolled', 'completed', 'not_completed')
                               OR o.course_id <> n.course_id)) AS takes_seat,
                 min (coalesce (n.attended_hours, -1))
                   FILTER (WHERE n.status = 'completed'
                           AND (o.status <> 'completed'
                                OR n.attended_hours IS DISTINCT FROM o.attended_hours
                                OR n.passed IS DISTINCT FROM o.passed
                                OR n.course_id <> o.course_id)) AS least_hours,
                 bool_and (coalesce (n.passed, false))
                   FILTER (WHERE n.status = 'completed'
                           AND (o.status <> 'completed'
                                OR n.attended_hours IS DISTINCT FROM o.attended_hours
                                OR n.passed IS DISTINCT FROM o.passed
                                OR n.course_id <> o.course_id)) AS all_passed,
                 bool_and (NOT (o.status = 'completed' AND n.status <> 'completed')
                           OR (n.completion_undone_at IS DISTINCT FROM o.completion_undone_at
                               AND btrim (coalesce (n.completion_undone_reason, '')) <> '')) AS undo_ok
            FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE n.status IS DISTINCT FROM o.status
              OR n.course_id IS DISTINCT FROM o.course_id
              OR n.attended_hours IS DISTINCT FROM o.attended_hours
              OR n.passed IS DISTINCT FROM o.passed
           GROUP BY n.course_id) per_course;

  PERFORM up_enrollments_enforce (changes);
  RETURN NULL;
END
$$;

-- A trigger with transition tables serves one event only.
CREATE TRIGGER enrollments_check_insert AFTER INSERT ON enrollments
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION up_enrollments_check_insert ();
CREATE TRIGGER enrollments_check_update AFTER UPDATE ON enrollments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION up_enrollments_check_update ();

-- Courses: capacity ------------------------------------------------------

CREATE FUNCTION up_courses_check_capacity ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  taken bigint;
BEGIN
  -- The UPDATE holds the row lock, so no enrollment can take a seat while
  -- we count; in READ COMMITTED the count sees what committed before.
  PERFORM up_require_fresh_snapshot ();
  SELECT count (*) INTO taken
    FROM enrollments
   WHERE course_id = NEW.id AND status IN ('enrolled', 'completed', 'not_completed');
  IF NEW.capacity < taken THEN
    RAISE EXCEPTION 'course % has % seats taken, more than a capacity of %', NEW.id, taken, NEW.capacity
      USING ERRCODE = 'check_violation', CONSTRAINT = 'courses_capacity_above_enrolled';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER courses_capacity_check BEFORE UPDATE OF capacity ON courses
  -- A capacity below one is courses_capacity_positive's to refuse, by name.
  FOR EACH ROW WHEN (NEW.capacity < OLD.capacity AND NEW.capacity > 0)
  EXECUTE FUNCTION up_courses_check_capacity ();

-- Gives free seats of a course to its waitlist, first come first served,
-- and numbers the rest of the waitlist 1, 2, 3 … in their order.  Returns
-- the first enrollment promoted, or NULL.  The caller holds the course row
-- lock.  Closed courses promote nobody.
CREATE FUNCTION up_fill_seats (p_course_id bigint)
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
  c courses;
  free bigint;
  promote bigint[];
BEGIN
  SELECT * INTO c FROM courses WHERE id = p_course_id;
  IF c.status NOT IN ('finished', 'cancelled') THEN
    SELECT c.capacity - count (*) INTO free
      FROM enrollments
     WHERE course_id = p_course_id AND status IN ('enrolled', 'completed', 'not_completed');

    IF free > 0 THEN
      promote := ARRAY (SELECT id FROM enrollments
                         WHERE course_id = p_course_id AND status = 'waitlisted'
                         ORDER BY waitlist_position, id
                         LIMIT free);
      IF cardinality (promote) > 0 THEN
        UPDATE enrollments
           SET status = 'enrolled', waitlist_position = NULL
         WHERE id = ANY (promote);
      END IF;
    END IF;
  END IF;

  UPDATE enrollments e
     SET waitlist_position = w.position
    FROM (SELECT id, row_number () OVER (ORDER BY waitlist_position, id) AS position
            FROM enrollments
           WHERE course_id = p_course_id AND status = 'waitlisted') w
   WHERE e.id = w.id AND e.waitlist_position <> w.position;

  RETURN promote[1];
END
$$;

-- Raising the capacity gives the new seats to the waitlist.
CREATE FUNCTION up_courses_fill_seats ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM up_fill_seats (NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER courses_fill_seats AFTER UPDATE OF capacity ON courses
  FOR EACH ROW WHEN (NEW.capacity > OLD.capacity)
  EXECUTE FUNCTION up_courses_fill_seats ();

-- The actions ------------------------------------------------------------
-- What the program calls: each takes the course lock first, then the
-- enrollment, always in that order.

CREATE FUNCTION up_lock_course (p_course_id bigint)
RETURNS courses
LANGUAGE plpgsql
AS $$
DECLARE
  c courses;
BEGIN
  PERFORM up_require_fresh_snapshot ();
  SELECT * INTO c FROM courses WHERE id = p_course_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'course % does not exist', p_course_id
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'enrollments_course_fkey';
  END IF;
  RETURN c;
END
$$;

-- The enrollment @p_enrollment_id, locked after its course.
CREATE FUNCTION up_lock_enrollment (p_enrollment_id bigint)
RETURNS enrollments
LANGUAGE plpgsql
AS $$
DECLARE
  e enrollments;
BEGIN
  SELECT * INTO e FROM enrollments WHERE id = p_enrollment_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'enrollment % does not exist', p_enrollment_id
      USING ERRCODE = 'no_data_found', CONSTRAINT = 'enrollments_exists';
  END IF;
  PERFORM up_lock_course (e.course_id);
  SELECT * INTO e FROM enrollments WHERE id = p_enrollment_id FOR UPDATE;
  RETURN e;
END
$$;

-- Enrolls a trainee: a seat when one is free (after the waitlist got the
-- free seats it was waiting for), otherwise the end of the waitlist.  A
-- trainee who withdrew is enrolled again on the same row.
CREATE FUNCTION up_enroll (p_trainee_id bigint, p_course_id bigint)
RETURNS enrollments
LANGUAGE plpgsql
AS $$
DECLARE
  c courses;
  e enrollments;
  taken bigint;
  next_status enrollment_status;
  next_position integer;
BEGIN
  c := up_lock_course (p_course_id);
  IF c.status IN ('finished', 'cancelled') THEN
    RAISE EXCEPTION 'course % is finished or cancelled and takes no new enrollments', c.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_course_open';
  END IF;

  SELECT * INTO e FROM enrollments WHERE course_id = c.id AND trainee_id = p_trainee_id FOR UPDATE;
  IF FOUND AND e.status <> 'withdrawn' THEN
    RAISE EXCEPTION 'the trainee is already in course %', c.id
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'enrollments_once_per_course';
  END IF;

  PERFORM up_fill_seats (c.id);

  SELECT count (*) INTO taken
    FROM enrollments
   WHERE course_id = c.id AND status IN ('enrolled', 'completed', 'not_completed');
  IF taken < c.capacity THEN
    next_status := 'enrolled';
  ELSE
    next_status := 'waitlisted';
    SELECT coalesce (max (waitlist_position), 0) + 1 INTO next_position
      FROM enrollments
     WHERE course_id = c.id AND status = 'waitlisted';
  END IF;

  IF e.id IS NOT NULL THEN
    UPDATE enrollments
       SET status = next_status, waitlist_position = next_position, enrolled_at = now ()
     WHERE id = e.id
    RETURNING * INTO e;
  ELSE
    INSERT INTO enrollments (academy_id, course_id, trainee_id, status, waitlist_position)
    VALUES (c.academy_id, c.id, p_trainee_id, next_status, next_position)
    RETURNING * INTO e;
  END IF;

  RETURN e;
END
$$;

-- Withdraws a trainee.  A seat given back goes to the waitlist; a place on
-- the waitlist given back moves the others up.  Returns the enrollment
-- promoted to a seat, or NULL.  Withdrawing twice changes nothing.
CREATE FUNCTION up_withdraw (p_enrollment_id bigint)
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
  e enrollments;
BEGIN
  e := up_lock_enrollment (p_enrollment_id);
  IF e.status = 'withdrawn' THEN
    RETURN NULL;
  END IF;
  IF e.status IN ('completed', 'not_completed') THEN
    RAISE EXCEPTION 'enrollment % has a recorded result; undo it first', e.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_withdraw_recorded';
  END IF;

  UPDATE enrollments SET status = 'withdrawn', waitlist_position = NULL WHERE id = e.id;
  RETURN up_fill_seats (e.course_id);
END
$$;

-- Records attended hours and the exam result.  The outcome follows from the
-- rule: completed with a pass and enough hours, otherwise not_completed.
-- A completion already recorded is only changed into another completion;
-- anything else goes through up_undo_completion with a reason.
CREATE FUNCTION up_record_completion (p_enrollment_id bigint, p_attended_hours numeric, p_passed boolean)
RETURNS enrollment_status
LANGUAGE plpgsql
AS $$
DECLARE
  e enrollments;
  course_hours numeric;
  hours numeric := round (p_attended_hours, 1);
  outcome enrollment_status;
BEGIN
  e := up_lock_enrollment (p_enrollment_id);
  SELECT c.hours INTO course_hours FROM courses c WHERE c.id = e.course_id;

  IF e.status IN ('waitlisted', 'withdrawn') THEN
    RAISE EXCEPTION 'enrollment % holds no seat', e.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_completion_needs_seat';
  END IF;
  IF hours IS NULL OR p_passed IS NULL OR hours < 0 THEN
    RAISE EXCEPTION 'attended hours and result are required'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_hours_nonnegative';
  END IF;
  IF hours > course_hours THEN
    RAISE EXCEPTION 'attended % hours of a % hour course', hours, course_hours
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_hours_within_course';
  END IF;

  IF p_passed AND hours * 100 >= course_hours * up_completion_threshold_percent () THEN
    outcome := 'completed';
  ELSE
    outcome := 'not_completed';
  END IF;

  IF e.status = 'completed' AND outcome <> 'completed' THEN
    RAISE EXCEPTION 'enrollment % is completed; undo the completion with a reason first', e.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_completion_recorded';
  END IF;

  UPDATE enrollments
     SET status = outcome,
         attended_hours = hours,
         passed = p_passed,
         completed_at = CASE WHEN outcome = 'completed' THEN coalesce (e.completed_at, now ()) END
   WHERE id = e.id;

  RETURN outcome;
END
$$;

-- Takes back a recorded result (completed or not_completed): the trainee is
-- enrolled again, the attended hours stay, the reason is kept.
CREATE FUNCTION up_undo_completion (p_enrollment_id bigint, p_reason text)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
  e enrollments;
BEGIN
  IF btrim (coalesce (p_reason, '')) = '' THEN
    RAISE EXCEPTION 'undoing a completion needs a reason'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_undo_reason_present';
  END IF;

  e := up_lock_enrollment (p_enrollment_id);
  IF e.status NOT IN ('completed', 'not_completed') THEN
    RAISE EXCEPTION 'enrollment % has no recorded result', e.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_undo_needs_result';
  END IF;

  UPDATE enrollments
     SET status = 'enrolled',
         passed = NULL,
         completed_at = NULL,
         completion_undone_at = clock_timestamp (),
         completion_undone_reason = btrim (p_reason)
   WHERE id = e.id;
END
$$;
