-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v4: certifications and the money.  The subsidy rules, the claims
-- they compute, the moves of claims and payment batches, and the caps that
-- hold when two managers act at the same moment, all held by the database.
--
--   * A subsidy scheme (补助方案) is a set of rules paid from one fund; its
--     rates (subsidy_policies) give the amount per certificate kind and
--     level over dated periods that never overlap.  Each rule is a column of
--     the scheme: a program switches it on, off, or changes its number.
--   * up_compute_claim() turns a certificate into its claim: the first
--     scheme (by priority) with a rate at the issue date pays it, and every
--     rule that refuses, reduces or raises the amount leaves a line in
--     subsidy_rule_results, so the worker who asks "why not?" gets an answer.
--     Recording a certificate computes its claim; up_recompute_claims()
--     does it again after a policy change and never touches a claim a person
--     decided (approved, paid, failed, or rejected by a manager).
--   * Claim moves: pending → approved → paid, approved → failed (bank
--     return) → approved (reissued); pending → rejected; approved → pending
--     with a reason.  Paid is final.  Anything else is refused.
--   * Batch moves: draft → submitted → notice → approved → paid.  From
--     submission on, a batch's claims and amounts are frozen, and the payee
--     (name, ID number, employer) is copied onto each claim, so later edits
--     of trainees or policies do not change it.  During the notice period a
--     claim may be withdrawn (it goes back to pending with a reason).
--   * The yearly count and amount caps per trainee, the yearly quotas per
--     academy and the budget of a batch are checked after every statement
--     that could break them, under a lock per trainee, academy and batch:
--     two approvals at the same moment are checked one after the other.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Certifications: a trainee's current levels follow from them --------------

-- The best skill level (1 is the highest) and the highest academic level a
-- trainee's certificates show, written onto the trainee when a certificate
-- is recorded, changed or removed.  A level the trainee declared without a
-- certificate stays unless a certificate shows a better one.
CREATE FUNCTION up_certifications_levels ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  WITH changed AS (
    SELECT trainee_id FROM new_rows
    UNION SELECT trainee_id FROM old_rows
  ), best AS (
    SELECT c.trainee_id,
           min (c.skill_level) FILTER (WHERE c.kind = 'skill_level') AS skill_level,
           max (c.academic_level) FILTER (WHERE c.kind = 'academic_degree') AS academic_level
      FROM certifications c
     WHERE c.trainee_id IN (SELECT trainee_id FROM changed)
     GROUP BY c.trainee_id
  )
  UPDATE trainees t
     SET skill_level = CASE WHEN b.skill_level IS NULL THEN t.skill_level
                            ELSE least (coalesce (t.skill_level, 5), b.skill_level) END,
         education = CASE WHEN b.academic_level IS NULL THEN t.education
                          ELSE greatest (coalesce (t.education, b.academic_level), b.academic_level) END
    FROM best b
   WHERE t.id = b.trainee_id
     AND (t.skill_level IS DISTINCT FROM CASE WHEN b.skill_level IS NULL THEN t.skill_level
                                              ELSE least (coalesce (t.skill_level, 5), b.skill_level) END
          OR t.education IS DISTINCT FROM CASE WHEN b.academic_level IS NULL THEN t.education
                                               ELSE greatest (coalesce (t.education, b.academic_level), b.academic_level) END);
  RETURN NULL;
END
$$;

-- One function for both statements: an INSERT has no old rows, so each
-- trigger names an empty stand-in for the table it lacks.
CREATE FUNCTION up_certifications_levels_insert ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  WITH best AS (
    SELECT c.trainee_id,
           min (c.skill_level) FILTER (WHERE c.kind = 'skill_level') AS skill_level,
           max (c.academic_level) FILTER (WHERE c.kind = 'academic_degree') AS academic_level
      FROM new_rows c
     GROUP BY c.trainee_id
  )
  UPDATE trainees t
     SET skill_level = least (t.skill_level, b.skill_level),
         education = greatest (t.education, b.academic_level)
    FROM best b
   WHERE t.id = b.trainee_id
     AND ((b.skill_level IS NOT NULL AND (t.skill_level IS NULL OR b.skill_level < t.skill_level))
          OR (b.academic_level IS NOT NULL AND (t.education IS NULL OR b.academic_level > t.education)));
  RETURN NULL;
END
$$;

CREATE TRIGGER certifications_levels_insert AFTER INSERT ON certifications
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_certifications_levels_insert ();
CREATE TRIGGER certifications_levels_update AFTER UPDATE ON certifications
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_certifications_levels ();

CREATE INDEX certifications_issued_idx ON certifications (issued_on);
CREATE INDEX certifications_occupation_idx ON certifications (occupation, issued_on);

-- Schemes, rates and the lists managers keep ------------------------------

CREATE TABLE subsidy_schemes (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                   text NOT NULL UNIQUE CONSTRAINT subsidy_schemes_name_present CHECK (up_is_present (name)),
  fund                   text NOT NULL CONSTRAINT subsidy_schemes_fund_present CHECK (up_is_present (fund)),
  -- the scheme that pays a certificate two schemes could pay: lowest first
  priority               integer NOT NULL DEFAULT 100,
  active                 boolean NOT NULL DEFAULT true,
  -- 同一职业同一等级只享受一次
  once_per_level         boolean NOT NULL DEFAULT true,
  -- no subsidy below a level already subsidised in the occupation
  no_downgrade           boolean NOT NULL DEFAULT true,
  -- several promotions in one calendar year: only the highest is paid
  highest_per_year       boolean NOT NULL DEFAULT true,
  annual_count_cap       integer DEFAULT 3 CONSTRAINT subsidy_schemes_count_cap_positive CHECK (annual_count_cap > 0),
  annual_amount_cap_fen  bigint CONSTRAINT subsidy_schemes_amount_cap_positive CHECK (annual_amount_cap_fen > 0),
  claim_window_months    integer DEFAULT 12 CONSTRAINT subsidy_schemes_window_positive CHECK (claim_window_months > 0),
  min_age                integer DEFAULT 16 CONSTRAINT subsidy_schemes_min_age_range CHECK (min_age BETWEEN 0 AND 120),
  max_age                integer DEFAULT 60 CONSTRAINT subsidy_schemes_max_age_range CHECK (max_age BETWEEN 0 AND 120),
  union_required         boolean NOT NULL DEFAULT false,
  shortage_uplift        boolean NOT NULL DEFAULT true,
  created_at             timestamptz NOT NULL DEFAULT now (),
  updated_at             timestamptz NOT NULL DEFAULT now (),
  version                integer NOT NULL DEFAULT 1,
  CONSTRAINT subsidy_schemes_ages_ordered CHECK (min_age IS NULL OR max_age IS NULL OR max_age >= min_age)
);

INSERT INTO subsidy_schemes (name, fund, priority)
VALUES ('职工技能学历双提升补助', 'special', 100);

CREATE FUNCTION up_default_scheme_id ()
RETURNS bigint
LANGUAGE sql STABLE
AS $$
  SELECT min (id) FROM subsidy_schemes
$$;

-- The caps moved to the scheme; the rates keep kind, level, amount, dates.
-- No data is lost: the caps were not used by anything before this version.
ALTER TABLE subsidy_policies
  DROP COLUMN annual_count_cap,
  DROP COLUMN annual_amount_cap_fen,
  DROP COLUMN claim_window_months,
  ADD COLUMN scheme_id bigint NOT NULL DEFAULT up_default_scheme_id () REFERENCES subsidy_schemes;
ALTER TABLE subsidy_policies
  ADD CONSTRAINT subsidy_policies_level_fits_kind CHECK (
    CASE kind
      WHEN 'skill_level' THEN skill_level IS NOT NULL AND academic_level IS NULL
      WHEN 'academic_degree' THEN academic_level IS NOT NULL AND skill_level IS NULL
      ELSE skill_level IS NULL AND academic_level IS NULL
    END),
  -- one amount for a kind and level on any day
  ADD CONSTRAINT subsidy_policies_no_overlap EXCLUDE USING gist (
    scheme_id WITH =, kind WITH =, (coalesce (skill_level, 0)) WITH =,
    (coalesce (academic_level, 'below_secondary')) WITH =,
    (daterange (valid_from, valid_to, '[]')) WITH &&);

-- Minimum course hours for a skill level, when the certificate came from a course.
CREATE TABLE subsidy_min_hours (
  scheme_id    bigint NOT NULL REFERENCES subsidy_schemes ON DELETE CASCADE,
  skill_level  smallint NOT NULL CONSTRAINT subsidy_min_hours_level_range CHECK (skill_level BETWEEN 1 AND 5),
  min_hours    numeric(6,1) NOT NULL CONSTRAINT subsidy_min_hours_positive CHECK (min_hours > 0),
  PRIMARY KEY (scheme_id, skill_level)
);
INSERT INTO subsidy_min_hours (scheme_id, skill_level, min_hours)
SELECT up_default_scheme_id (), l, h FROM (VALUES (5, 60), (4, 110), (3, 150)) AS v (l, h);

-- 紧缺职业: occupations whose subsidy is raised by a percentage.
CREATE TABLE shortage_occupations (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occupation      text NOT NULL UNIQUE CONSTRAINT shortage_occupations_occupation_present CHECK (up_is_present (occupation)),
  uplift_percent  integer NOT NULL DEFAULT 20 CONSTRAINT shortage_occupations_uplift_range CHECK (uplift_percent BETWEEN 1 AND 100),
  created_at      timestamptz NOT NULL DEFAULT now (),
  updated_at      timestamptz NOT NULL DEFAULT now (),
  version         integer NOT NULL DEFAULT 1
);

-- How many claims an academy may have approved in a year.
CREATE TABLE academy_quotas (
  academy_id  bigint NOT NULL REFERENCES academies,
  year        integer NOT NULL CONSTRAINT academy_quotas_year_range CHECK (year BETWEEN 2000 AND 2100),
  max_claims  integer NOT NULL CONSTRAINT academy_quotas_max_positive CHECK (max_claims > 0),
  PRIMARY KEY (academy_id, year)
);

-- A transaction lock on one thing of one class (1 a trainee's caps, 2 an
-- academy's quota, 3 a batch's budget, 4 a trainee's claims being computed).
CREATE FUNCTION up_lock (class integer, id bigint)
RETURNS void
LANGUAGE sql
AS $$
  SELECT pg_advisory_xact_lock ((class::bigint << 56) | id)
$$;

-- Claims -----------------------------------------------------------------

ALTER TABLE subsidies
  ADD COLUMN scheme_id bigint REFERENCES subsidy_schemes,
  -- the calendar year the caps count the claim in: its certificate's
  ADD COLUMN subsidy_year integer,
  -- the rule that refused the claim, when a rule did (not a person)
  ADD COLUMN refused_by text,
  -- the payee as the batch was submitted
  ADD COLUMN payee_name text,
  ADD COLUMN payee_id_number text,
  ADD COLUMN payee_employer text;

ALTER TABLE subsidies DROP CONSTRAINT subsidies_rejected_has_reason;
ALTER TABLE subsidies
  ADD CONSTRAINT subsidies_rejected_has_reason
    CHECK (state <> 'rejected' OR refused_by IS NOT NULL OR coalesce (up_is_present (reason), false)),
  ADD CONSTRAINT subsidies_refused_is_rejected CHECK (refused_by IS NULL OR state = 'rejected');

CREATE INDEX subsidies_trainee_year_idx ON subsidies (trainee_id, subsidy_year);
CREATE INDEX subsidies_academy_year_idx ON subsidies (academy_id, subsidy_year);

-- Why a claim has its amount: one line per rule that decided something.
CREATE TABLE subsidy_rule_results (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subsidy_id    bigint NOT NULL REFERENCES subsidies ON DELETE CASCADE,
  seq           integer NOT NULL,
  rule          text NOT NULL CONSTRAINT subsidy_rule_results_rule_known CHECK (rule IN (
                  'no_policy', 'rate', 'age', 'union_member', 'claim_window', 'min_hours',
                  'once_per_level', 'no_downgrade', 'highest_per_year', 'shortage_uplift',
                  'annual_count_cap', 'annual_amount_cap')),
  outcome       text NOT NULL CONSTRAINT subsidy_rule_results_outcome_known CHECK (outcome IN (
                  'applied', 'raised', 'reduced', 'refused')),
  -- the amount after this rule
  amount_fen    bigint NOT NULL,
  -- the rule's number (a cap, months, hours, an age, a percent, a level)
  limit_value   numeric,
  -- the claim's own number it was measured against
  actual_value  numeric,
  CONSTRAINT subsidy_rule_results_seq_unique UNIQUE (subsidy_id, seq)
);

-- Existing claims count in the year of their certificate.
UPDATE subsidies s SET subsidy_year = extract (year FROM c.issued_on)::integer,
                       scheme_id = up_default_scheme_id ()
  FROM certifications c WHERE c.id = s.certification_id;

-- The claim of one certificate -------------------------------------------

-- A certificate's level as one number that grows with the level: skill
-- levels 5..1 give 1..5, academic levels their place in the enum.
CREATE FUNCTION up_level_rank (kind certification_kind, skill_level smallint, academic_level academic_level)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE kind
    WHEN 'skill_level' THEN 6 - skill_level
    WHEN 'academic_degree' THEN CASE academic_level
      WHEN 'below_secondary' THEN 1 WHEN 'secondary' THEN 2 WHEN 'junior_college' THEN 3
      WHEN 'bachelor' THEN 4 WHEN 'postgraduate' THEN 5 END
    ELSE 0
  END
$$;

-- Computes (or computes again) the claim of @p_certification_id and
-- returns its id.  A claim a person decided is returned untouched.
CREATE FUNCTION up_compute_claim (p_certification_id bigint)
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
  c          certifications%ROWTYPE;
  t          trainees%ROWTYPE;
  s          subsidy_schemes%ROWTYPE;
  claim      subsidies%ROWTYPE;
  rate       subsidy_policies%ROWTYPE;
  claim_id   bigint;
  amount     bigint := 0;
  refused    text;
  seq        integer := 0;
  yr         integer;
  rank       integer;
  n          bigint;
  v          numeric;
  results    subsidy_rule_results[] := '{}';
  r          subsidy_rule_results;
BEGIN
  SELECT * INTO c FROM certifications WHERE id = p_certification_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no certification %', p_certification_id USING ERRCODE = 'no_data_found';
  END IF;
  -- One claim at a time per trainee: the rules compare a trainee's claims.
  PERFORM up_lock (4, c.trainee_id);
  SELECT * INTO t FROM trainees WHERE id = c.trainee_id;
  SELECT * INTO claim FROM subsidies WHERE certification_id = c.id;
  IF FOUND AND NOT (claim.state = 'pending' OR claim.refused_by IS NOT NULL) THEN
    RETURN claim.id;
  END IF;

  yr := extract (year FROM c.issued_on)::integer;
  rank := up_level_rank (c.kind, c.skill_level, c.academic_level);

  -- The first active scheme with a rate for the kind and level at the issue date.
  SELECT p.* INTO rate
    FROM subsidy_policies p JOIN subsidy_schemes sc ON sc.id = p.scheme_id
   WHERE sc.active AND p.kind = c.kind
     AND p.skill_level IS NOT DISTINCT FROM c.skill_level
     AND p.academic_level IS NOT DISTINCT FROM c.academic_level
     AND c.issued_on BETWEEN p.valid_from AND coalesce (p.valid_to, 'infinity')
   ORDER BY sc.priority, sc.id
   LIMIT 1;

  IF NOT FOUND THEN
    refused := 'no_policy';
    r := (NULL, NULL, 0, 'no_policy', 'refused', 0, NULL, NULL);
    results := results || r;
  ELSE
    SELECT * INTO s FROM subsidy_schemes WHERE id = rate.scheme_id;
    amount := rate.amount_fen;
    r := (NULL, NULL, 0, 'rate', 'applied', amount, amount, NULL);
    results := results || r;

    -- Age at the issue date, from the ID number.
    v := extract (year FROM age (c.issued_on, t.birth_date));
    IF refused IS NULL AND s.min_age IS NOT NULL AND v < s.min_age THEN
      refused := 'age';
      r := (NULL, NULL, 0, 'age', 'refused', 0, s.min_age, v);
      results := results || r;
    ELSIF refused IS NULL AND s.max_age IS NOT NULL AND v > s.max_age THEN
      refused := 'age';
      r := (NULL, NULL, 0, 'age', 'refused', 0, s.max_age, v);
      results := results || r;
    END IF;

    IF refused IS NULL AND s.union_required AND NOT t.union_member THEN
      refused := 'union_member';
      r := (NULL, NULL, 0, 'union_member', 'refused', 0, NULL, NULL);
      results := results || r;
    END IF;

    -- The claim is made today (or was made on its claim date).
    IF refused IS NULL AND s.claim_window_months IS NOT NULL
       AND coalesce (claim.claimed_on, current_date) > c.issued_on + make_interval (months => s.claim_window_months) THEN
      refused := 'claim_window';
      r := (NULL, NULL, 0, 'claim_window', 'refused', 0, s.claim_window_months,
            (coalesce (claim.claimed_on, current_date) - c.issued_on));
      results := results || r;
    END IF;

    IF refused IS NULL AND c.kind = 'skill_level' AND c.course_id IS NOT NULL THEN
      SELECT h.min_hours, co.hours INTO r.limit_value, r.actual_value
        FROM subsidy_min_hours h, courses co
       WHERE h.scheme_id = s.id AND h.skill_level = c.skill_level AND co.id = c.course_id;
      IF FOUND AND r.actual_value < r.limit_value THEN
        refused := 'min_hours';
        r := (NULL, NULL, 0, 'min_hours', 'refused', 0, r.limit_value, r.actual_value);
        results := results || r;
      END IF;
    END IF;

    -- The trainee's other live claims (not refused) in the same occupation and kind.
    IF refused IS NULL AND s.once_per_level AND EXISTS (
         SELECT FROM subsidies o JOIN certifications oc ON oc.id = o.certification_id
          WHERE o.trainee_id = c.trainee_id AND o.certification_id <> c.id AND o.state <> 'rejected'
            AND oc.kind = c.kind AND oc.occupation = c.occupation
            AND up_level_rank (oc.kind, oc.skill_level, oc.academic_level) = rank) THEN
      refused := 'once_per_level';
      r := (NULL, NULL, 0, 'once_per_level', 'refused', 0, NULL, NULL);
      results := results || r;
    END IF;

    IF refused IS NULL AND s.no_downgrade THEN
      SELECT max (up_level_rank (oc.kind, oc.skill_level, oc.academic_level)) INTO n
        FROM subsidies o JOIN certifications oc ON oc.id = o.certification_id
       WHERE o.trainee_id = c.trainee_id AND o.certification_id <> c.id AND o.state <> 'rejected'
         AND oc.kind = c.kind AND oc.occupation = c.occupation;
      IF n > rank THEN
        refused := 'no_downgrade';
        r := (NULL, NULL, 0, 'no_downgrade', 'refused', 0, n, rank);
        results := results || r;
      END IF;
    END IF;

    -- Several promotions in one year: the highest is paid.  What a lower
    -- level of the year already has approved or paid comes off; lower
    -- claims still pending give way (below, once this claim is written).
    IF refused IS NULL AND s.highest_per_year THEN
      SELECT coalesce (sum (o.amount_fen), 0) INTO n
        FROM subsidies o JOIN certifications oc ON oc.id = o.certification_id
       WHERE o.trainee_id = c.trainee_id AND o.certification_id <> c.id
         AND o.state IN ('approved', 'paid', 'failed') AND o.subsidy_year = yr
         AND oc.kind = c.kind AND oc.occupation = c.occupation
         AND up_level_rank (oc.kind, oc.skill_level, oc.academic_level) < rank;
      IF n > 0 THEN
        amount := greatest (amount - n, 0);
        r := (NULL, NULL, 0, 'highest_per_year', CASE WHEN amount = 0 THEN 'refused' ELSE 'reduced' END,
              amount, NULL, n);
        results := results || r;
        IF amount = 0 THEN
          refused := 'highest_per_year';
        END IF;
      END IF;
    END IF;

    IF refused IS NULL AND s.shortage_uplift THEN
      SELECT uplift_percent INTO n FROM shortage_occupations WHERE occupation = c.occupation;
      IF FOUND THEN
        -- Rounded half up to the fen, in integers.
        amount := amount + (amount * n + 50) / 100;
        r := (NULL, NULL, 0, 'shortage_uplift', 'raised', amount, n, NULL);
        results := results || r;
      END IF;
    END IF;

    IF refused IS NULL AND s.annual_count_cap IS NOT NULL THEN
      SELECT count (*) INTO n FROM subsidies o
       WHERE o.trainee_id = c.trainee_id AND o.certification_id <> c.id
         AND o.state <> 'rejected' AND o.subsidy_year = yr;
      IF n >= s.annual_count_cap THEN
        refused := 'annual_count_cap';
        r := (NULL, NULL, 0, 'annual_count_cap', 'refused', 0, s.annual_count_cap, n);
        results := results || r;
      END IF;
    END IF;

    IF refused IS NULL AND s.annual_amount_cap_fen IS NOT NULL THEN
      SELECT coalesce (sum (o.amount_fen), 0) INTO n FROM subsidies o
       WHERE o.trainee_id = c.trainee_id AND o.certification_id <> c.id
         AND o.state <> 'rejected' AND o.subsidy_year = yr;
      IF n + amount > s.annual_amount_cap_fen THEN
        amount := greatest (s.annual_amount_cap_fen - n, 0);
        r := (NULL, NULL, 0, 'annual_amount_cap', CASE WHEN amount = 0 THEN 'refused' ELSE 'reduced' END,
              amount, s.annual_amount_cap_fen, n);
        results := results || r;
        IF amount = 0 THEN
          refused := 'annual_amount_cap';
        END IF;
      END IF;
    END IF;
  END IF;

  IF refused IS NOT NULL THEN
    amount := 0;
  END IF;

  IF claim.id IS NULL THEN
    INSERT INTO subsidies (academy_id, trainee_id, certification_id, policy_id, scheme_id, subsidy_year,
                           amount_fen, state, refused_by)
    VALUES (c.academy_id, c.trainee_id, c.id, rate.id, rate.scheme_id, yr, amount,
            CASE WHEN refused IS NULL THEN 'pending' ELSE 'rejected' END::subsidy_state, refused)
    RETURNING id INTO claim_id;
  ELSE
    claim_id := claim.id;
    UPDATE subsidies
       SET policy_id = rate.id, scheme_id = rate.scheme_id, subsidy_year = yr, amount_fen = amount,
           state = CASE WHEN refused IS NULL THEN 'pending' ELSE 'rejected' END::subsidy_state,
           refused_by = refused, reason = NULL, decided_at = NULL
     WHERE id = claim_id
       AND (policy_id, scheme_id, subsidy_year, amount_fen, state, refused_by)
           IS DISTINCT FROM (rate.id, rate.scheme_id, yr, amount,
                             CASE WHEN refused IS NULL THEN 'pending' ELSE 'rejected' END::subsidy_state, refused);
    DELETE FROM subsidy_rule_results WHERE subsidy_id = claim_id;
  END IF;

  INSERT INTO subsidy_rule_results (subsidy_id, seq, rule, outcome, amount_fen, limit_value, actual_value)
  SELECT claim_id, ord, x.rule, x.outcome, x.amount_fen, x.limit_value, x.actual_value
    FROM unnest (results) WITH ORDINALITY AS x (id, subsidy_id, seq, rule, outcome, amount_fen,
                                                 limit_value, actual_value, ord);

  -- Lower claims of the year still pending give way to this one.
  IF refused IS NULL AND s.highest_per_year THEN
    WITH lower AS (
      SELECT o.id FROM subsidies o JOIN certifications oc ON oc.id = o.certification_id
       WHERE o.trainee_id = c.trainee_id AND o.certification_id <> c.id
         AND o.state = 'pending' AND o.subsidy_year = yr
         AND oc.kind = c.kind AND oc.occupation = c.occupation
         AND up_level_rank (oc.kind, oc.skill_level, oc.academic_level) < rank
    )
    UPDATE subsidies o SET state = 'rejected', refused_by = 'highest_per_year', amount_fen = 0
      FROM lower WHERE o.id = lower.id;
    -- Their trails say why, in statements of their own: one statement
    -- cannot both remove and add a claim's trail lines.
    DELETE FROM subsidy_rule_results x USING subsidies o
     WHERE x.subsidy_id = o.id AND o.trainee_id = c.trainee_id AND o.refused_by = 'highest_per_year'
       AND o.subsidy_year = yr AND o.certification_id <> c.id;
    INSERT INTO subsidy_rule_results (subsidy_id, seq, rule, outcome, amount_fen, limit_value)
    SELECT o.id, 1, 'highest_per_year', 'refused', 0, rank
      FROM subsidies o
     WHERE o.trainee_id = c.trainee_id AND o.refused_by = 'highest_per_year'
       AND o.subsidy_year = yr AND o.certification_id <> c.id;
  END IF;

  RETURN claim_id;
END
$$;

-- Recording a certificate computes its claim.
CREATE FUNCTION up_certifications_claim ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM up_compute_claim (NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER certifications_claim AFTER INSERT ON certifications
  FOR EACH ROW EXECUTE FUNCTION up_certifications_claim ();

-- After a policy change: every claim no person has decided, computed again
-- in the order of the certificates' issue dates.  Returns how many claims
-- changed.
CREATE FUNCTION up_recompute_claims ()
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
  cert   record;
  before subsidies%ROWTYPE;
  after  subsidies%ROWTYPE;
  n      integer := 0;
BEGIN
  FOR cert IN
    SELECT c.id FROM certifications c
      LEFT JOIN subsidies s ON s.certification_id = c.id
     WHERE (s.id IS NULL AND c.issued_on >= (SELECT min (valid_from) FROM subsidy_policies))
        OR s.state = 'pending' OR s.refused_by IS NOT NULL
     ORDER BY c.issued_on, c.id
  LOOP
    SELECT * INTO before FROM subsidies WHERE certification_id = cert.id;
    PERFORM up_compute_claim (cert.id);
    SELECT * INTO after FROM subsidies WHERE certification_id = cert.id;
    IF before.id IS NULL OR (before.amount_fen, before.state, before.refused_by)
                            IS DISTINCT FROM (after.amount_fen, after.state, after.refused_by) THEN
      n := n + 1;
    END IF;
  END LOOP;
  RETURN n;
END
$$;

-- Claim moves ------------------------------------------------------------

CREATE FUNCTION up_subsidies_guard ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  batch_state_old batch_state;
  batch_state_new batch_state;
BEGIN
  IF OLD.state = 'paid' THEN
    IF (NEW.state, NEW.amount_fen, NEW.batch_id, NEW.trainee_id, NEW.certification_id)
       IS DISTINCT FROM (OLD.state, OLD.amount_fen, OLD.batch_id, OLD.trainee_id, OLD.certification_id) THEN
      RAISE EXCEPTION 'a paid claim is final'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'subsidies_paid_final';
    END IF;
    RETURN NEW;
  END IF;

  IF NEW.state IS DISTINCT FROM OLD.state AND NOT (
       (OLD.state = 'pending' AND NEW.state IN ('approved', 'rejected'))
    OR (OLD.state = 'approved' AND NEW.state IN ('pending', 'paid', 'failed'))
    OR (OLD.state = 'failed' AND NEW.state = 'approved')
    -- a claim a rule refused is computed again
    OR (OLD.state = 'rejected' AND OLD.refused_by IS NOT NULL AND NEW.state = 'pending'
        AND NEW.refused_by IS NULL)) THEN
    RAISE EXCEPTION 'a claim cannot move from % to %', OLD.state, NEW.state
      USING ERRCODE = 'check_violation', CONSTRAINT = 'subsidies_state_move';
  END IF;

  -- Approval clears the reason of an earlier return (the audit log keeps
  -- it); back to pending from approved, a person says why.
  IF NEW.state = 'approved' AND OLD.state <> 'approved' THEN
    NEW.reason := NULL;
  END IF;
  IF OLD.state = 'approved' AND NEW.state = 'pending'
     AND NOT coalesce (up_is_present (NEW.reason), false) THEN
    RAISE EXCEPTION 'a claim sent back needs a reason'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'subsidies_return_has_reason';
  END IF;

  IF NEW.state IN ('approved', 'rejected') AND NEW.state IS DISTINCT FROM OLD.state THEN
    NEW.decided_at := now ();
  END IF;

  -- Reissued after a bank return: out of the paid batch, into a new one later.
  IF OLD.state = 'failed' AND NEW.state = 'approved' THEN
    NEW.batch_id := NULL;
    NEW.paid_at := NULL;
  END IF;

  -- Only a claim nobody decided has its amount computed.
  IF NEW.amount_fen IS DISTINCT FROM OLD.amount_fen
     AND NOT (OLD.state = 'pending' OR OLD.refused_by IS NOT NULL) THEN
    RAISE EXCEPTION 'the amount of a decided claim is fixed'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'subsidies_amount_fixed';
  END IF;

  SELECT state INTO batch_state_old FROM payment_batches WHERE id = OLD.batch_id;
  SELECT state INTO batch_state_new FROM payment_batches WHERE id = NEW.batch_id;

  IF NEW.batch_id IS DISTINCT FROM OLD.batch_id THEN
    -- Leaving a batch: while it is a draft, or withdrawn during its notice,
    -- or reissued after a failed payment.
    IF OLD.batch_id IS NOT NULL AND NOT (
         batch_state_old = 'draft'
      OR (batch_state_old = 'notice' AND NEW.state = 'pending')
      OR (OLD.state = 'failed' AND NEW.state = 'approved')) THEN
      RAISE EXCEPTION 'a submitted batch is frozen'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_frozen';
    END IF;
    -- Joining a batch: an approved claim, a draft batch.
    IF NEW.batch_id IS NOT NULL THEN
      IF batch_state_new <> 'draft' THEN
        RAISE EXCEPTION 'a submitted batch is frozen'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_frozen';
      END IF;
      IF NEW.state <> 'approved' THEN
        RAISE EXCEPTION 'only approved claims are paid'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'subsidies_batch_needs_approval';
      END IF;
    END IF;
  ELSIF NEW.batch_id IS NOT NULL AND batch_state_new <> 'draft'
        AND (NEW.amount_fen, NEW.payee_name, NEW.payee_id_number, NEW.payee_employer)
            IS DISTINCT FROM (OLD.amount_fen, OLD.payee_name, OLD.payee_id_number, OLD.payee_employer)
        AND NOT (batch_state_new = 'submitted' AND OLD.payee_name IS NULL) THEN
    RAISE EXCEPTION 'a submitted batch is frozen'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_frozen';
  END IF;

  -- A claim in a batch stays approved until the batch pays it; a claim
  -- sent back to pending leaves its batch.
  IF NEW.batch_id IS NOT NULL AND NEW.state = 'pending' THEN
    RAISE EXCEPTION 'a claim sent back leaves its batch'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'subsidies_batch_needs_approval';
  END IF;
  IF NEW.state IN ('paid', 'failed') AND NEW.state IS DISTINCT FROM OLD.state THEN
    IF batch_state_new IS DISTINCT FROM 'approved' OR NOT coalesce (current_setting ('upskill.paying_batch', true), '') = NEW.batch_id::text THEN
      RAISE EXCEPTION 'claims are paid by paying their batch'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'subsidies_paid_by_batch';
    END IF;
    NEW.paid_at := now ();
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER subsidies_guard BEFORE UPDATE ON subsidies
  FOR EACH ROW EXECUTE FUNCTION up_subsidies_guard ();

-- Caps, quotas and budgets -----------------------------------------------

-- After any statement that approves claims, changes amounts or fills
-- batches: the trainees', academies' and batches' limits, each checked
-- under its own lock, taken in a fixed order so two sessions never wait
-- for each other in a circle.
CREATE FUNCTION up_subsidies_check_limits ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  k     record;
  bad   record;
BEGIN
  PERFORM up_require_fresh_snapshot ();
  FOR k IN
    SELECT DISTINCT 1 AS class, n.trainee_id AS id FROM new_rows n
     WHERE n.state IN ('approved', 'paid', 'failed')
    UNION
    SELECT DISTINCT 2, n.academy_id FROM new_rows n WHERE n.state IN ('approved', 'paid', 'failed')
    UNION
    SELECT DISTINCT 3, n.batch_id FROM new_rows n WHERE n.batch_id IS NOT NULL
    ORDER BY 1, 2
  LOOP
    PERFORM up_lock (k.class, k.id);
  END LOOP;

  -- Counted afresh, after the locks (READ COMMITTED: a new snapshot).
  SELECT x.trainee_id, x.subsidy_year, x.n, x.total, sc.annual_count_cap, sc.annual_amount_cap_fen INTO bad
    FROM (SELECT o.trainee_id, o.subsidy_year, o.scheme_id, count (*) AS n, sum (o.amount_fen) AS total
            FROM subsidies o
           WHERE o.trainee_id IN (SELECT trainee_id FROM new_rows WHERE state IN ('approved', 'paid', 'failed'))
             AND o.state IN ('approved', 'paid', 'failed')
           GROUP BY 1, 2, 3) x
    JOIN subsidy_schemes sc ON sc.id = x.scheme_id
   WHERE x.n > sc.annual_count_cap OR x.total > sc.annual_amount_cap_fen
   LIMIT 1;
  IF FOUND THEN
    IF bad.n > bad.annual_count_cap THEN
      RAISE EXCEPTION 'trainee % would have % subsidies in %', bad.trainee_id, bad.n, bad.subsidy_year
        USING ERRCODE = 'check_violation', CONSTRAINT = 'subsidies_annual_count_cap';
    END IF;
    RAISE EXCEPTION 'trainee % would be paid over the yearly cap in %', bad.trainee_id, bad.subsidy_year
      USING ERRCODE = 'check_violation', CONSTRAINT = 'subsidies_annual_amount_cap';
  END IF;

  SELECT q.academy_id, q.year INTO bad
    FROM academy_quotas q
   WHERE q.academy_id IN (SELECT academy_id FROM new_rows WHERE state IN ('approved', 'paid', 'failed'))
     AND q.max_claims < (SELECT count (*) FROM subsidies o
                          WHERE o.academy_id = q.academy_id AND o.subsidy_year = q.year
                            AND o.state IN ('approved', 'paid', 'failed'))
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'academy % is over its quota for %', bad.academy_id, bad.year
      USING ERRCODE = 'check_violation', CONSTRAINT = 'academy_quotas_exceeded';
  END IF;

  SELECT b.id INTO bad
    FROM payment_batches b
   WHERE b.id IN (SELECT batch_id FROM new_rows WHERE batch_id IS NOT NULL)
     AND b.budget_fen < (SELECT coalesce (sum (o.amount_fen), 0) FROM subsidies o
                          WHERE o.batch_id = b.id AND o.state <> 'failed')
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'batch % is over its budget', bad.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_budget_exceeded';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER subsidies_check_limits AFTER UPDATE ON subsidies
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_subsidies_check_limits ();

-- Batch moves ------------------------------------------------------------

CREATE FUNCTION up_payment_batches_guard ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.state IS DISTINCT FROM OLD.state AND NOT (
       (OLD.state = 'draft' AND NEW.state = 'submitted')
    OR (OLD.state = 'submitted' AND NEW.state = 'notice')
    OR (OLD.state = 'notice' AND NEW.state = 'approved')
    OR (OLD.state = 'approved' AND NEW.state = 'paid')) THEN
    RAISE EXCEPTION 'a batch cannot move from % to %', OLD.state, NEW.state
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_state_move';
  END IF;
  IF OLD.state <> 'draft' AND (NEW.fund, NEW.budget_fen) IS DISTINCT FROM (OLD.fund, OLD.budget_fen) THEN
    RAISE EXCEPTION 'a submitted batch is frozen'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_frozen';
  END IF;
  IF NEW.state = 'submitted' AND OLD.state = 'draft' THEN
    IF NOT EXISTS (SELECT FROM subsidies WHERE batch_id = NEW.id) THEN
      RAISE EXCEPTION 'an empty batch cannot be submitted'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_not_empty';
    END IF;
    NEW.submitted_at := now ();
  END IF;
  IF NEW.state = 'notice' AND OLD.state = 'submitted'
     AND (NEW.notice_from IS NULL OR NEW.notice_to IS NULL) THEN
    RAISE EXCEPTION 'a notice needs its period'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_notice_period';
  END IF;
  IF OLD.state IN ('notice', 'approved', 'paid')
     AND (NEW.notice_from, NEW.notice_to) IS DISTINCT FROM (OLD.notice_from, OLD.notice_to)
     AND NOT (OLD.state = 'notice' AND NEW.notice_to >= OLD.notice_to AND NEW.notice_from = OLD.notice_from) THEN
    RAISE EXCEPTION 'the notice period can only be extended'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_notice_period';
  END IF;
  -- Approved once the notice period is over, so that objections count.
  IF NEW.state = 'approved' AND OLD.state = 'notice' AND NEW.notice_to >= current_date THEN
    RAISE EXCEPTION 'the notice period is not over'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_notice_running';
  END IF;
  -- A budget lowered below the claims already in the batch is refused.
  IF NEW.budget_fen < OLD.budget_fen OR (OLD.budget_fen IS NULL AND NEW.budget_fen IS NOT NULL) THEN
    IF NEW.budget_fen < (SELECT coalesce (sum (amount_fen), 0) FROM subsidies
                          WHERE batch_id = NEW.id AND state <> 'failed') THEN
      RAISE EXCEPTION 'batch % is over its budget', NEW.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_budget_exceeded';
    END IF;
  END IF;
  IF NEW.state = 'paid' AND OLD.state = 'approved' THEN
    IF coalesce (current_setting ('upskill.paying_batch', true), '') <> NEW.id::text THEN
      RAISE EXCEPTION 'a batch is paid through up_pay_batch ()'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'subsidies_paid_by_batch';
    END IF;
    NEW.paid_at := now ();
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER payment_batches_guard BEFORE UPDATE ON payment_batches
  FOR EACH ROW EXECUTE FUNCTION up_payment_batches_guard ();

-- Submission freezes the payees.
CREATE FUNCTION up_payment_batches_snapshot ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  UPDATE subsidies s
     SET payee_name = t.name, payee_id_number = t.id_number, payee_employer = t.employer
    FROM trainees t
   WHERE s.batch_id = NEW.id AND t.id = s.trainee_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER payment_batches_snapshot AFTER UPDATE OF state ON payment_batches
  FOR EACH ROW WHEN (OLD.state = 'draft' AND NEW.state = 'submitted')
  EXECUTE FUNCTION up_payment_batches_snapshot ();

-- Only a draft batch is deleted, and only an empty one (foreign key).
CREATE FUNCTION up_payment_batches_delete_guard ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF OLD.state <> 'draft' THEN
    RAISE EXCEPTION 'a submitted batch is frozen'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_frozen';
  END IF;
  RETURN OLD;
END
$$;
CREATE TRIGGER payment_batches_delete_guard BEFORE DELETE ON payment_batches
  FOR EACH ROW EXECUTE FUNCTION up_payment_batches_delete_guard ();

-- Pays an approved batch: every claim paid, except @p_failed (the bank's
-- returns), which fail.  All of it, or nothing.  Returns the yuan paid in fen.
CREATE FUNCTION up_pay_batch (p_batch_id bigint, p_failed bigint[] DEFAULT '{}')
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
  b        payment_batches%ROWTYPE;
  stray    bigint;
  paid     bigint;
BEGIN
  SELECT * INTO b FROM payment_batches WHERE id = p_batch_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no batch %', p_batch_id USING ERRCODE = 'no_data_found';
  END IF;
  IF b.state <> 'approved' THEN
    RAISE EXCEPTION 'a batch cannot move from % to paid', b.state
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_batches_state_move';
  END IF;
  SELECT f INTO stray FROM unnest (coalesce (p_failed, '{}')) AS f
   WHERE NOT EXISTS (SELECT FROM subsidies WHERE id = f AND batch_id = p_batch_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'claim % is not in batch %', stray, p_batch_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'subsidies_not_in_batch';
  END IF;

  PERFORM set_config ('upskill.paying_batch', p_batch_id::text, true);
  UPDATE subsidies
     SET state = CASE WHEN id = ANY (coalesce (p_failed, '{}')) THEN 'failed' ELSE 'paid' END::subsidy_state
   WHERE batch_id = p_batch_id AND state = 'approved';
  UPDATE payment_batches SET state = 'paid' WHERE id = p_batch_id;
  PERFORM set_config ('upskill.paying_batch', '', true);

  SELECT coalesce (sum (amount_fen), 0) INTO paid FROM subsidies WHERE batch_id = p_batch_id AND state = 'paid';
  RETURN paid;
END
$$;

-- Audit ------------------------------------------------------------------

CREATE TRIGGER subsidy_schemes_version BEFORE UPDATE ON subsidy_schemes FOR EACH ROW EXECUTE FUNCTION up_bump_version ();
CREATE TRIGGER shortage_occupations_version BEFORE UPDATE ON shortage_occupations FOR EACH ROW EXECUTE FUNCTION up_bump_version ();

CREATE TRIGGER subsidy_schemes_audit_insert AFTER INSERT ON subsidy_schemes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER subsidy_schemes_audit_update AFTER UPDATE ON subsidy_schemes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER subsidy_schemes_audit_delete AFTER DELETE ON subsidy_schemes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER shortage_occupations_audit_insert AFTER INSERT ON shortage_occupations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER shortage_occupations_audit_update AFTER UPDATE ON shortage_occupations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();
CREATE TRIGGER shortage_occupations_audit_delete AFTER DELETE ON shortage_occupations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION up_audit ();

-- A trainee's history: the audit rows of their claims.
CREATE INDEX audit_log_subsidy_trainee_idx ON audit_log (((coalesce (new_row, old_row) ->> 'trainee_id')::bigint))
  WHERE table_name = 'subsidies';
CREATE INDEX audit_log_subsidy_batch_idx ON audit_log (((coalesce (new_row, old_row) ->> 'batch_id')::bigint))
  WHERE table_name = 'subsidies';
