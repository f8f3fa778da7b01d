-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v1: the program's entities and the rules no client may break.
-- Runs in one transaction under the migration lock (db/up-migrations.c).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Kinds and states -------------------------------------------------------

CREATE TYPE academy_level AS ENUM ('municipal', 'district', 'industry', 'enterprise');
CREATE TYPE course_kind AS ENUM ('skill', 'academic', 'team_leader', 'safety');
CREATE TYPE course_status AS ENUM ('planned', 'open', 'running', 'finished', 'cancelled');
CREATE TYPE enrollment_status AS ENUM ('enrolled', 'waitlisted', 'withdrawn', 'completed', 'not_completed');
CREATE TYPE academic_level AS ENUM ('below_secondary', 'secondary', 'junior_college', 'bachelor', 'postgraduate');
CREATE TYPE academic_route AS ENUM ('adult_exam', 'open_university', 'self_study', 'full_time');
CREATE TYPE certification_kind AS ENUM ('skill_level', 'special_ability', 'academic_degree', 'special_operation');
CREATE TYPE subsidy_state AS ENUM ('pending', 'approved', 'rejected', 'paid', 'failed');
CREATE TYPE batch_state AS ENUM ('draft', 'submitted', 'notice', 'approved', 'paid');

-- The resident ID number (GB 11643-1999) ---------------------------------
-- Written as single SQL expressions, and not STRICT, so that the planner can
-- inline them (it refuses to inline a STRICT function whose body is not
-- strict, and CASE is not): a check over millions of COPY'd rows must cost a
-- few microseconds, not the tens a real SQL function call costs.

CREATE FUNCTION up_id_number_check_character (first17 text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT substr ('10X98765432',
    ((substr (first17, 1, 1)::int * 7 + substr (first17, 2, 1)::int * 9
    + substr (first17, 3, 1)::int * 10 + substr (first17, 4, 1)::int * 5
    + substr (first17, 5, 1)::int * 8 + substr (first17, 6, 1)::int * 4
    + substr (first17, 7, 1)::int * 2 + substr (first17, 8, 1)::int * 1
    + substr (first17, 9, 1)::int * 6 + substr (first17, 10, 1)::int * 3
    + substr (first17, 11, 1)::int * 7 + substr (first17, 12, 1)::int * 9
    + substr (first17, 13, 1)::int * 10 + substr (first17, 14, 1)::int * 5
    + substr (first17, 15, 1)::int * 8 + substr (first17, 16, 1)::int * 4
    + substr (first17, 17, 1)::int * 2) % 11) + 1, 1)
$$;

-- Province codes of the mainland, plus 71 (Taiwan), 81/82 (Hong Kong, Macao)
-- and 83 (residence permits of Taiwan residents).  NULL for NULL.
CREATE FUNCTION up_id_number_is_valid (id text)
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
    ELSE substr (id, 18, 1) = up_id_number_check_character (substr (id, 1, 17))
  END
$$;

-- The birth date and gender written in a number.  They never fail, even on a
-- number that is not valid, so that such a row reaches the check constraint
-- trainees_id_number_valid and is refused with its name (generated columns
-- are computed before constraints are checked); their value for an invalid
-- number does not matter, as the row is refused.
CREATE FUNCTION up_id_number_birth_date (id text)
RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN substr (id, 7, 8) ~ '^[0-9]{8}$' THEN
    make_date (greatest (substr (id, 7, 4)::int, 1),
               least (greatest (substr (id, 11, 2)::int, 1), 12), 1)
    + (least (greatest (substr (id, 13, 2)::int, 1), 31) - 1)
  END
$$;

CREATE FUNCTION up_id_number_is_male (id text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT substr (id, 17, 1) IN ('1', '3', '5', '7', '9')
$$;

-- Text that holds something other than white space; the ideographic space
-- U+3000 that Chinese input methods type counts as white space too.
CREATE FUNCTION up_is_present (t text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT t ~ '[^[:space:]　]'
$$;

-- The same characters, trimmed from both ends.
CREATE FUNCTION up_trim (t text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT btrim (t, E' \t\n\r\f\u3000')
$$;

-- Every editable row carries a version, bumped by the database on each
-- update, so that a later client can detect a concurrent edit.
CREATE FUNCTION up_bump_version ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.version := OLD.version + 1;
  NEW.updated_at := now ();
  RETURN NEW;
END
$$;

-- Academies and majors ---------------------------------------------------

CREATE TABLE academies (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE CONSTRAINT academies_code_format CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,19}$'),
  name        text NOT NULL UNIQUE CONSTRAINT academies_name_present CHECK (up_is_present (name)),
  level       academy_level NOT NULL,
  district    text NOT NULL CONSTRAINT academies_district_present CHECK (up_is_present (district)),
  industry    text,
  founded_on  date NOT NULL DEFAULT current_date,
  created_at  timestamptz NOT NULL DEFAULT now (),
  updated_at  timestamptz NOT NULL DEFAULT now (),
  version     integer NOT NULL DEFAULT 1
);

CREATE TABLE majors (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  academy_id    bigint NOT NULL REFERENCES academies,
  name          text NOT NULL CONSTRAINT majors_name_present CHECK (up_is_present (name)),
  established_on date NOT NULL DEFAULT current_date,
  created_at    timestamptz NOT NULL DEFAULT now (),
  updated_at    timestamptz NOT NULL DEFAULT now (),
  version       integer NOT NULL DEFAULT 1,
  CONSTRAINT majors_name_unique UNIQUE (academy_id, name),
  CONSTRAINT majors_id_academy_unique UNIQUE (id, academy_id)
);

-- Courses ----------------------------------------------------------------

CREATE TABLE courses (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  academy_id  bigint NOT NULL REFERENCES academies,
  major_id    bigint NOT NULL,
  kind        course_kind NOT NULL,
  title       text NOT NULL CONSTRAINT courses_title_present CHECK (up_is_present (title)),
  start_date  date NOT NULL,
  end_date    date NOT NULL,
  hours       numeric(6,1) NOT NULL CONSTRAINT courses_hours_positive CHECK (hours > 0),
  capacity    integer NOT NULL CONSTRAINT courses_capacity_positive CHECK (capacity > 0),
  location    text,
  status      course_status NOT NULL DEFAULT 'planned',
  created_at  timestamptz NOT NULL DEFAULT now (),
  updated_at  timestamptz NOT NULL DEFAULT now (),
  version     integer NOT NULL DEFAULT 1,
  CONSTRAINT courses_dates_ordered CHECK (end_date >= start_date),
  -- the major belongs to the course's own academy
  CONSTRAINT courses_major_fkey FOREIGN KEY (major_id, academy_id) REFERENCES majors (id, academy_id),
  CONSTRAINT courses_id_academy_unique UNIQUE (id, academy_id)
);
CREATE INDEX courses_academy_start_idx ON courses (academy_id, start_date);
CREATE INDEX courses_start_idx ON courses (start_date);
CREATE INDEX courses_major_idx ON courses (major_id);

-- Trainees ---------------------------------------------------------------

CREATE TABLE trainees (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- the academy that registered the trainee
  academy_id    bigint NOT NULL REFERENCES academies,
  id_number     text NOT NULL
                CONSTRAINT trainees_id_number_unique UNIQUE
                CONSTRAINT trainees_id_number_valid CHECK (up_id_number_is_valid (id_number)),
  name          text NOT NULL CONSTRAINT trainees_name_present CHECK (up_is_present (name) AND length (name) <= 100),
  birth_date    date GENERATED ALWAYS AS (up_id_number_birth_date (id_number)) STORED,
  is_male       boolean GENERATED ALWAYS AS (up_id_number_is_male (id_number)) STORED,
  phone         text CONSTRAINT trainees_phone_valid CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  employer      text,
  industry      text,
  union_member  boolean NOT NULL DEFAULT false,
  education     academic_level,
  skill_level   smallint CONSTRAINT trainees_skill_level_range CHECK (skill_level BETWEEN 1 AND 5),
  created_at    timestamptz NOT NULL DEFAULT now (),
  updated_at    timestamptz NOT NULL DEFAULT now (),
  version       integer NOT NULL DEFAULT 1
);
CREATE INDEX trainees_academy_idx ON trainees (academy_id);
CREATE INDEX trainees_name_trgm_idx ON trainees USING gin (name gin_trgm_ops);
CREATE INDEX trainees_employer_trgm_idx ON trainees USING gin (employer gin_trgm_ops);
-- "the last digits of the ID number": a prefix search on the reversed text
CREATE INDEX trainees_id_number_suffix_idx ON trainees (reverse (id_number) text_pattern_ops);

-- A lower-case x is the same as X; spaces around a number are no part of it;
-- a person is not born in the future.
CREATE FUNCTION up_trainees_normalize ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.id_number := upper (up_trim (NEW.id_number));
  NEW.name := up_trim (NEW.name);
  -- Plain expressions only: this runs for every row of a bulk load.
  IF NEW.id_number ~ '^[0-9]{17}[0-9X]$'
     AND substr (NEW.id_number, 7, 8) > to_char (current_date, 'YYYYMMDD') THEN
    RAISE EXCEPTION 'birth date in the future'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'trainees_birth_date_past';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER trainees_normalize BEFORE INSERT OR UPDATE OF id_number, name ON trainees
  FOR EACH ROW EXECUTE FUNCTION up_trainees_normalize ();

-- Enrollments ------------------------------------------------------------

CREATE TABLE enrollments (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  academy_id      bigint NOT NULL,
  course_id       bigint NOT NULL,
  trainee_id      bigint NOT NULL REFERENCES trainees,
  status          enrollment_status NOT NULL DEFAULT 'enrolled',
  waitlist_position integer,
  enrolled_at     timestamptz NOT NULL DEFAULT now (),
  attended_hours  numeric(6,1) CONSTRAINT enrollments_hours_nonnegative CHECK (attended_hours >= 0),
  passed          boolean,
  completed_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now (),
  updated_at      timestamptz NOT NULL DEFAULT now (),
  version         integer NOT NULL DEFAULT 1,
  CONSTRAINT enrollments_course_fkey FOREIGN KEY (course_id, academy_id) REFERENCES courses (id, academy_id),
  CONSTRAINT enrollments_once_per_course UNIQUE (trainee_id, course_id),
  CONSTRAINT enrollments_waitlist_position CHECK ((status = 'waitlisted') = (waitlist_position IS NOT NULL)),
  CONSTRAINT enrollments_completed_passed CHECK (status <> 'completed' OR (passed IS TRUE AND completed_at IS NOT NULL))
);
CREATE INDEX enrollments_course_idx ON enrollments (course_id, status);
CREATE INDEX enrollments_academy_idx ON enrollments (academy_id);

-- Certifications ---------------------------------------------------------

CREATE TABLE certifications (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- the academy that recorded it (the course's academy when there is one)
  academy_id      bigint NOT NULL REFERENCES academies,
  trainee_id      bigint NOT NULL REFERENCES trainees,
  course_id       bigint,
  kind            certification_kind NOT NULL,
  occupation      text NOT NULL CONSTRAINT certifications_occupation_present CHECK (up_is_present (occupation)),
  skill_level     smallint CONSTRAINT certifications_skill_level_range CHECK (skill_level BETWEEN 1 AND 5),
  academic_level  academic_level,
  academic_route  academic_route,
  certificate_no  text NOT NULL CONSTRAINT certifications_number_present CHECK (up_is_present (certificate_no)),
  issuing_body    text NOT NULL CONSTRAINT certifications_issuer_present CHECK (up_is_present (issuing_body)),
  issued_on       date NOT NULL,
  verified_on     date,
  verified_how    text,
  created_at      timestamptz NOT NULL DEFAULT now (),
  updated_at      timestamptz NOT NULL DEFAULT now (),
  version         integer NOT NULL DEFAULT 1,
  CONSTRAINT certifications_number_unique UNIQUE (issuing_body, certificate_no),
  CONSTRAINT certifications_course_fkey FOREIGN KEY (course_id, academy_id) REFERENCES courses (id, academy_id),
  CONSTRAINT certifications_level_fits_kind CHECK (
    CASE kind
      WHEN 'skill_level' THEN skill_level IS NOT NULL AND academic_level IS NULL
      WHEN 'academic_degree' THEN academic_level IS NOT NULL AND skill_level IS NULL
      ELSE academic_level IS NULL
    END),
  CONSTRAINT certifications_id_trainee_unique UNIQUE (id, trainee_id)
);
CREATE INDEX certifications_trainee_idx ON certifications (trainee_id);
CREATE INDEX certifications_academy_issued_idx ON certifications (academy_id, issued_on);
CREATE INDEX certifications_course_idx ON certifications (course_id);

-- Subsidy policies, payment batches and subsidies -------------------------

CREATE TABLE subsidy_policies (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                  text NOT NULL CONSTRAINT subsidy_policies_name_present CHECK (up_is_present (name)),
  kind                  certification_kind NOT NULL,
  skill_level           smallint CONSTRAINT subsidy_policies_skill_level_range CHECK (skill_level BETWEEN 1 AND 5),
  academic_level        academic_level,
  amount_fen            bigint NOT NULL CONSTRAINT subsidy_policies_amount_nonnegative CHECK (amount_fen >= 0),
  valid_from            date NOT NULL,
  valid_to              date,
  annual_count_cap      integer CONSTRAINT subsidy_policies_count_cap_positive CHECK (annual_count_cap > 0),
  annual_amount_cap_fen bigint CONSTRAINT subsidy_policies_amount_cap_nonnegative CHECK (annual_amount_cap_fen >= 0),
  claim_window_months   integer CONSTRAINT subsidy_policies_window_positive CHECK (claim_window_months > 0),
  fund                  text NOT NULL DEFAULT 'special',
  created_at            timestamptz NOT NULL DEFAULT now (),
  updated_at            timestamptz NOT NULL DEFAULT now (),
  version               integer NOT NULL DEFAULT 1,
  CONSTRAINT subsidy_policies_dates_ordered CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

CREATE TABLE payment_batches (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL UNIQUE CONSTRAINT payment_batches_name_present CHECK (up_is_present (name)),
  fund         text NOT NULL,
  state        batch_state NOT NULL DEFAULT 'draft',
  budget_fen   bigint CONSTRAINT payment_batches_budget_nonnegative CHECK (budget_fen >= 0),
  notice_from  date,
  notice_to    date,
  submitted_at timestamptz,
  paid_at      timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now (),
  updated_at   timestamptz NOT NULL DEFAULT now (),
  version      integer NOT NULL DEFAULT 1,
  CONSTRAINT payment_batches_notice_ordered CHECK (notice_to IS NULL OR notice_to >= notice_from)
);

CREATE TABLE subsidies (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  academy_id        bigint NOT NULL REFERENCES academies,
  trainee_id        bigint NOT NULL,
  certification_id  bigint NOT NULL
                    CONSTRAINT subsidies_once_per_certification UNIQUE,
  policy_id         bigint REFERENCES subsidy_policies,
  batch_id          bigint REFERENCES payment_batches,
  amount_fen        bigint NOT NULL CONSTRAINT subsidies_amount_nonnegative CHECK (amount_fen >= 0),
  state             subsidy_state NOT NULL DEFAULT 'pending',
  reason            text,
  claimed_on        date NOT NULL DEFAULT current_date,
  decided_at        timestamptz,
  paid_at           timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now (),
  updated_at        timestamptz NOT NULL DEFAULT now (),
  version           integer NOT NULL DEFAULT 1,
  CONSTRAINT subsidies_certification_fkey FOREIGN KEY (certification_id, trainee_id)
    REFERENCES certifications (id, trainee_id),
  CONSTRAINT subsidies_rejected_has_reason CHECK (state <> 'rejected' OR coalesce (up_is_present (reason), false)),
  CONSTRAINT subsidies_paid_has_batch CHECK (state NOT IN ('paid', 'failed') OR (batch_id IS NOT NULL AND paid_at IS NOT NULL))
);
CREATE INDEX subsidies_state_idx ON subsidies (state);
CREATE INDEX subsidies_academy_idx ON subsidies (academy_id, state);
CREATE INDEX subsidies_batch_idx ON subsidies (batch_id);
CREATE INDEX subsidies_trainee_idx ON subsidies (trainee_id);

-- Audit ------------------------------------------------------------------
-- The database itself records every change of a claim, policy or batch:
-- who (the database role and the person the client names in
-- upskill.person), when, old and new values.

CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now (),
  db_role     text NOT NULL DEFAULT current_user,
  person      text,
  table_name  text NOT NULL,
  row_id      bigint NOT NULL,
  action      text NOT NULL CONSTRAINT audit_log_action_known CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
  old_row     jsonb,
  new_row     jsonb
);
CREATE INDEX audit_log_row_idx ON audit_log (table_name, row_id);

-- Statement-level, over transition tables: one INSERT … SELECT per statement
-- whatever its number of rows, so a bulk load or a batch approval of
-- thousands of claims costs one statement, not one trigger call per row.
CREATE FUNCTION up_audit ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  -- A row-level trigger (for one kind of change picked by a WHEN clause)
  -- writes its one row.
  IF TG_LEVEL = 'ROW' THEN
    INSERT INTO audit_log (person, table_name, row_id, action, old_row, new_row)
    VALUES (nullif (current_setting ('upskill.person', true), ''), TG_TABLE_NAME,
            CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, TG_OP,
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb (OLD) END,
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb (NEW) END);
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO audit_log (person, table_name, row_id, action, new_row)
    SELECT nullif (current_setting ('upskill.person', true), ''), TG_TABLE_NAME, n.id, TG_OP, to_jsonb (n)
      FROM new_rows n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO audit_log (person, table_name, row_id, action, old_row, new_row)
    SELECT nullif (current_setting ('upskill.person', true), ''), TG_TABLE_NAME, n.id, TG_OP,
           to_jsonb (o), to_jsonb (n)
      FROM old_rows o JOIN new_rows n ON n.id = o.id;
  ELSE
    INSERT INTO audit_log (person, table_name, row_id, action, old_row)
    SELECT nullif (current_setting ('upskill.person', true), ''), TG_TABLE_NAME, o.id, TG_OP, to_jsonb (o)
      FROM old_rows o;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER subsidies_audit_insert AFTER INSERT ON subsidies
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER subsidies_audit_update AFTER UPDATE ON subsidies
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER subsidies_audit_delete AFTER DELETE ON subsidies
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER subsidy_policies_audit_insert AFTER INSERT ON subsidy_policies
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER subsidy_policies_audit_update AFTER UPDATE ON subsidy_policies
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER subsidy_policies_audit_delete AFTER DELETE ON subsidy_policies
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER payment_batches_audit_insert AFTER INSERT ON payment_batches
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER payment_batches_audit_update AFTER UPDATE ON payment_batches
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER payment_batches_audit_delete AFTER DELETE ON payment_batches
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();

-- Versions ---------------------------------------------------------------

CREATE TRIGGER academies_version BEFORE UPDATE ON academies FOR EACH ROW EXECUTE FUNCTION up_bump_version ();
CREATE TRIGGER majors_version BEFORE UPDATE ON majors FOR EACH ROW EXECUTE FUNCTION up_bump_version ();
CREATE TRIGGER courses_version BEFORE UPDATE ON courses FOR EACH ROW EXECUTE FUNCTION up_bump_version ();
CREATE TRIGGER trainees_version BEFORE UPDATE ON trainees FOR EACH ROW EXECUTE FUNCTION up_bump_version ();
CREATE TRIGGER enrollments_version BEFORE UPDATE ON enrollments FOR EACH ROW EXECUTE FUNCTION up_bump_version ();
CREATE TRIGGER certifications_version BEFORE UPDATE ON certifications FOR EACH ROW EXECUTE FUNCTION up_bump_version ();
CREATE TRIGGER subsidy_policies_version BEFORE UPDATE ON subsidy_policies FOR EACH ROW EXECUTE FUNCTION up_bump_version ();
CREATE TRIGGER payment_batches_version BEFORE UPDATE ON payment_batches FOR EACH ROW EXECUTE FUNCTION up_bump_version ();
CREATE TRIGGER subsidies_version BEFORE UPDATE ON subsidies FOR EACH ROW EXECUTE FUNCTION up_bump_version ();
