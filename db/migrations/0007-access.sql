-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v7: many staff, many academies, one server.
--
-- People log in with database roles of their own.  Three group roles say
-- what they may do:
--   upskill_staff    the data of their own academies (staff_academies):
--                    trainees, courses, enrollments, certificates; reading
--                    their academies' claims and the policies;
--   upskill_manager  every academy; policies, approval, batches, reports;
--   upskill_admin    accounts and academies, through the functions below.
-- Row-level security, FORCE'd, keeps each staff member to the rows of their
-- academies, whatever the client: the policies are keyed to the role
-- itself (current_user), never to a setting a client could set.  A
-- superuser (the embedded default on a single PC, and the tests) is not
-- bound by it and needs no account.
--
-- Functions that must see past a caller's rows run as their owner
-- (SECURITY DEFINER, search_path pinned) and check their caller first.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c), as
-- a role that may create roles.

-- The group roles belong to the cluster: made once, whatever the database.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'upskill_staff') THEN
    CREATE ROLE upskill_staff NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'upskill_manager') THEN
    CREATE ROLE upskill_manager NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'upskill_admin') THEN
    CREATE ROLE upskill_admin NOLOGIN;
  END IF;
END
$$;

-- Accounts ---------------------------------------------------------------

CREATE TABLE accounts (
  login        name PRIMARY KEY CONSTRAINT accounts_login_format CHECK (login ~ '^[a-z][a-z0-9_]{2,62}$'),
  kind         text NOT NULL CONSTRAINT accounts_kind_known CHECK (kind IN ('staff', 'manager', 'admin')),
  full_name    text NOT NULL CONSTRAINT accounts_full_name_present CHECK (up_is_present (full_name)),
  disabled     boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now (),
  created_by   name NOT NULL DEFAULT session_user
);

CREATE TABLE staff_academies (
  login       name NOT NULL REFERENCES accounts ON DELETE CASCADE,
  academy_id  bigint NOT NULL REFERENCES academies,
  PRIMARY KEY (login, academy_id)
);

-- The academies of the role asking (none for a role without an account).
-- Run as the caller: staff_academies shows each role its own rows only.
CREATE FUNCTION up_my_academies ()
RETURNS bigint[]
LANGUAGE sql STABLE
AS $$
  SELECT coalesce (array_agg (academy_id), '{}') FROM staff_academies WHERE login = current_user
$$;

-- Whether the person logged in may act for @p_academy_id; for SECURITY
-- DEFINER functions, which run as their owner (session_user is the login).
CREATE FUNCTION up_caller_may_act_for (p_academy_id bigint)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
      OR pg_has_role (session_user, 'upskill_manager', 'MEMBER')
      OR EXISTS (SELECT FROM public.staff_academies s JOIN public.accounts a ON a.login = s.login
                  WHERE s.login = session_user AND NOT a.disabled AND s.academy_id = p_academy_id)
$$;

CREATE FUNCTION up_caller_is (p_group name)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) OR pg_has_role (session_user, p_group, 'MEMBER')
$$;

-- Makes a login role of @p_kind.  @p_password is the SCRAM verifier the
-- client made (PQencryptPasswordConn), so that the password itself never
-- travels nor reaches a log; NULL: no password (a peer or certificate login).
CREATE FUNCTION up_create_account (p_login text, p_full_name text, p_kind text, p_password text,
                                   p_academies bigint[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF NOT up_caller_is ('upskill_admin') THEN
    RAISE EXCEPTION 'only an administrator manages accounts' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_password IS NOT NULL AND p_password !~ '^SCRAM-SHA-256\$' THEN
    RAISE EXCEPTION 'a password travels as its SCRAM verifier'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'accounts_password_verifier';
  END IF;
  -- The row first: its checks refuse a bad name before it reaches SQL.
  INSERT INTO accounts (login, kind, full_name) VALUES (p_login, p_kind, up_trim (p_full_name));
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_login) THEN
    RAISE EXCEPTION 'the login % is taken', p_login
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'accounts_pkey';
  END IF;
  EXECUTE format ('CREATE ROLE %I LOGIN IN ROLE %I', p_login, 'upskill_' || p_kind);
  IF p_password IS NOT NULL THEN
    EXECUTE format ('ALTER ROLE %I PASSWORD %L', p_login, p_password);
  END IF;
  INSERT INTO staff_academies (login, academy_id)
  SELECT p_login, a FROM unnest (coalesce (p_academies, '{}')) AS a;
  IF p_kind = 'staff' AND coalesce (cardinality (p_academies), 0) = 0 THEN
    RAISE EXCEPTION 'staff work for at least one academy'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_academies_needed';
  END IF;
END
$$;

CREATE FUNCTION up_set_account_academies (p_login text, p_academies bigint[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF NOT up_caller_is ('upskill_admin') THEN
    RAISE EXCEPTION 'only an administrator manages accounts' USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM FROM accounts WHERE login = p_login FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no account %', p_login USING ERRCODE = 'no_data_found';
  END IF;
  DELETE FROM staff_academies WHERE login = p_login;
  INSERT INTO staff_academies (login, academy_id)
  SELECT p_login, a FROM unnest (coalesce (p_academies, '{}')) AS a;
END
$$;

-- A disabled account cannot log in; its sessions end.
CREATE FUNCTION up_set_account_disabled (p_login text, p_disabled boolean)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF NOT up_caller_is ('upskill_admin') THEN
    RAISE EXCEPTION 'only an administrator manages accounts' USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE accounts SET disabled = p_disabled WHERE login = p_login;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no account %', p_login USING ERRCODE = 'no_data_found';
  END IF;
  EXECUTE format (CASE WHEN p_disabled THEN 'ALTER ROLE %I NOLOGIN' ELSE 'ALTER ROLE %I LOGIN' END, p_login);
  IF p_disabled THEN
    PERFORM pg_terminate_backend (pid) FROM pg_stat_activity WHERE usename = p_login;
  END IF;
END
$$;

CREATE FUNCTION up_set_account_password (p_login text, p_password text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  -- An administrator, or the person for themselves.
  IF NOT (up_caller_is ('upskill_admin') OR p_login = session_user) THEN
    RAISE EXCEPTION 'only an administrator manages accounts' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_password IS NULL OR p_password !~ '^SCRAM-SHA-256\$' THEN
    RAISE EXCEPTION 'a password travels as its SCRAM verifier'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'accounts_password_verifier';
  END IF;
  PERFORM FROM accounts WHERE login = p_login;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no account %', p_login USING ERRCODE = 'no_data_found';
  END IF;
  EXECUTE format ('ALTER ROLE %I PASSWORD %L', p_login, p_password);
END
$$;

REVOKE EXECUTE ON FUNCTION up_create_account (text, text, text, text, bigint[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION up_set_account_academies (text, bigint[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION up_set_account_disabled (text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION up_create_account (text, text, text, text, bigint[]) TO upskill_admin;
GRANT EXECUTE ON FUNCTION up_set_account_academies (text, bigint[]) TO upskill_admin;
GRANT EXECUTE ON FUNCTION up_set_account_disabled (text, boolean) TO upskill_admin;

-- Functions that see past the caller's rows -------------------------------

-- The audit log is written as its owner (nobody else may write it) and
-- names the login, not the function owner a trigger may run as.
-- The payee's ID number frozen on a claim stays out of the log.
ALTER TABLE audit_log ALTER COLUMN db_role SET DEFAULT session_user;
CREATE OR REPLACE FUNCTION up_audit ()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF TG_LEVEL = 'ROW' THEN
    INSERT INTO audit_log (person, table_name, row_id, action, old_row, new_row)
    VALUES (nullif (current_setting ('upskill.person', true), ''), TG_TABLE_NAME,
            CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, TG_OP,
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb (OLD) - 'payee_id_number' END,
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb (NEW) - 'payee_id_number' END);
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO audit_log (person, table_name, row_id, action, new_row)
    SELECT nullif (current_setting ('upskill.person', true), ''), TG_TABLE_NAME, n.id, TG_OP,
           to_jsonb (n) - 'payee_id_number'
      FROM new_rows n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO audit_log (person, table_name, row_id, action, old_row, new_row)
    SELECT nullif (current_setting ('upskill.person', true), ''), TG_TABLE_NAME, n.id, TG_OP,
           to_jsonb (o) - 'payee_id_number', to_jsonb (n) - 'payee_id_number'
      FROM old_rows o JOIN new_rows n ON n.id = o.id;
  ELSE
    INSERT INTO audit_log (person, table_name, row_id, action, old_row)
    SELECT nullif (current_setting ('upskill.person', true), ''), TG_TABLE_NAME, o.id, TG_OP,
           to_jsonb (o) - 'payee_id_number'
      FROM old_rows o;
  END IF;
  RETURN NULL;
END
$$;

-- A certificate raises the trainee's levels even when the trainee was
-- registered by another academy.
ALTER FUNCTION up_certifications_levels () SECURITY DEFINER SET search_path = pg_catalog, public;
ALTER FUNCTION up_certifications_levels_insert () SECURITY DEFINER SET search_path = pg_catalog, public;

-- A claim is computed from the trainee's claims at every academy, and
-- written by nobody but this function: staff may record certificates, not
-- claims.
CREATE FUNCTION up_compute_claim_checked (p_certification_id bigint)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  academy bigint;
BEGIN
  SELECT academy_id INTO academy FROM certifications WHERE id = p_certification_id;
  IF academy IS NOT NULL AND NOT up_caller_may_act_for (academy) THEN
    RAISE EXCEPTION 'not an academy of yours' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN up_compute_claim (p_certification_id);
END
$$;

CREATE OR REPLACE FUNCTION up_certifications_claim ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM up_compute_claim_checked (NEW.id);
  RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION up_compute_claim (bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION up_recompute_claims () FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION up_pay_batch (bigint, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION up_compute_claim (bigint) TO upskill_manager;
GRANT EXECUTE ON FUNCTION up_recompute_claims () TO upskill_manager;
GRANT EXECUTE ON FUNCTION up_pay_batch (bigint, bigint[]) TO upskill_manager;

-- Privileges -------------------------------------------------------------

GRANT USAGE ON SCHEMA public TO upskill_staff, upskill_manager, upskill_admin;

GRANT SELECT ON academies, majors, courses, trainees, enrollments, certifications, subsidies,
                subsidy_rule_results, subsidy_policies, subsidy_schemes, subsidy_min_hours,
                shortage_occupations, payment_batches, settings, trainee_employers, annual_targets,
                academy_quotas, staff_academies
  TO upskill_staff, upskill_manager, upskill_admin;
GRANT INSERT, UPDATE ON majors, courses, trainees, enrollments, certifications TO upskill_staff, upskill_manager;
GRANT INSERT ON trainee_employers TO upskill_staff, upskill_manager;

GRANT INSERT, UPDATE, DELETE ON subsidies, subsidy_rule_results, subsidy_policies, subsidy_schemes,
                                subsidy_min_hours, shortage_occupations, payment_batches, academy_quotas,
                                annual_targets, settings
  TO upskill_manager;
GRANT DELETE ON enrollments, certifications TO upskill_manager;
GRANT SELECT ON audit_log, accounts TO upskill_manager, upskill_admin;
GRANT INSERT, UPDATE ON academies TO upskill_admin;
GRANT INSERT, UPDATE ON majors TO upskill_admin;

-- Rows -------------------------------------------------------------------
-- Each academy-scoped table: managers (and administrators, for reading)
-- see all of it; staff the rows of their academies.  (SELECT
-- up_my_academies ()) is computed once per statement.

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['majors', 'courses', 'enrollments', 'certifications', 'subsidies', 'academy_quotas'] LOOP
    EXECUTE format ('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format ('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format ('CREATE POLICY %I ON %I TO upskill_manager USING (true) WITH CHECK (true)',
                    t || '_managers', t);
    EXECUTE format ('CREATE POLICY %I ON %I FOR SELECT TO upskill_admin USING (true)', t || '_admins', t);
    EXECUTE format ('CREATE POLICY %I ON %I TO upskill_staff '
                    'USING (academy_id = ANY ((SELECT up_my_academies ())::bigint[])) '
                    'WITH CHECK (academy_id = ANY ((SELECT up_my_academies ())::bigint[]))', t || '_staff', t);
  END LOOP;
END
$$;

-- Administrators make majors for any academy.
CREATE POLICY majors_admins_write ON majors FOR INSERT TO upskill_admin WITH CHECK (true);
CREATE POLICY majors_admins_update ON majors FOR UPDATE TO upskill_admin USING (true) WITH CHECK (true);

-- A trainee is seen by the academy that registered them and by every
-- academy they enrolled at; staff register trainees into their own academy.
ALTER TABLE trainees ENABLE ROW LEVEL SECURITY;
ALTER TABLE trainees FORCE ROW LEVEL SECURITY;
CREATE POLICY trainees_managers ON trainees TO upskill_manager USING (true) WITH CHECK (true);
CREATE POLICY trainees_admins ON trainees FOR SELECT TO upskill_admin USING (true);
CREATE POLICY trainees_staff_read ON trainees FOR SELECT TO upskill_staff
  USING (academy_id = ANY ((SELECT up_my_academies ())::bigint[])
         OR id IN (SELECT e.trainee_id FROM enrollments e WHERE e.academy_id = ANY ((SELECT up_my_academies ())::bigint[])));
CREATE POLICY trainees_staff_insert ON trainees FOR INSERT TO upskill_staff
  WITH CHECK (academy_id = ANY ((SELECT up_my_academies ())::bigint[]));
CREATE POLICY trainees_staff_update ON trainees FOR UPDATE TO upskill_staff
  USING (academy_id = ANY ((SELECT up_my_academies ())::bigint[])
         OR id IN (SELECT e.trainee_id FROM enrollments e WHERE e.academy_id = ANY ((SELECT up_my_academies ())::bigint[])))
  WITH CHECK (academy_id = ANY ((SELECT up_my_academies ())::bigint[])
              OR id IN (SELECT e.trainee_id FROM enrollments e WHERE e.academy_id = ANY ((SELECT up_my_academies ())::bigint[])));

-- A claim's rule trail goes with its claim.
ALTER TABLE subsidy_rule_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE subsidy_rule_results FORCE ROW LEVEL SECURITY;
CREATE POLICY subsidy_rule_results_managers ON subsidy_rule_results TO upskill_manager USING (true) WITH CHECK (true);
CREATE POLICY subsidy_rule_results_staff ON subsidy_rule_results FOR SELECT TO upskill_staff
  USING (subsidy_id IN (SELECT s.id FROM subsidies s));

-- Each role sees its own academies; administrators all.
ALTER TABLE staff_academies ENABLE ROW LEVEL SECURITY;
ALTER TABLE staff_academies FORCE ROW LEVEL SECURITY;
CREATE POLICY staff_academies_own ON staff_academies FOR SELECT USING (login = current_user);
CREATE POLICY staff_academies_admins ON staff_academies FOR SELECT TO upskill_admin, upskill_manager USING (true);

-- A migration owner that is not a superuser keeps seeing every row (the
-- SECURITY DEFINER functions above run as it).
DO $$
DECLARE
  t text;
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    FOREACH t IN ARRAY ARRAY['majors', 'courses', 'enrollments', 'certifications', 'subsidies', 'academy_quotas',
                             'trainees', 'subsidy_rule_results', 'staff_academies'] LOOP
      EXECUTE format ('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
    END LOOP;
  END IF;
END
$$;
