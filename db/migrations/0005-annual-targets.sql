-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v5: the program's yearly targets, against which the annual progress
-- report (reports/up-report-progress.c) sets what was achieved.
--
-- A target is for the whole region (academy_level NULL) or for the academies
-- of one level.  What each measure counts is the report's business; the
-- names here are its keys:
--   subsidised_workers  trainees with an approved or paid claim that year
--   person_times        seats taken in the year's courses (人次)
--   certificates        certificates issued that year
--   courses             courses held (started, not cancelled) that year
--   new_majors          majors established that year
--
-- Needs only the tables of schema v1.  Runs in one transaction under the
-- migration lock (db/up-migrations.c).

CREATE TABLE annual_targets (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  year           integer NOT NULL CONSTRAINT annual_targets_year_range CHECK (year BETWEEN 2000 AND 2100),
  measure        text NOT NULL CONSTRAINT annual_targets_measure_known CHECK (
                   measure IN ('subsidised_workers', 'person_times', 'certificates', 'courses', 'new_majors')),
  -- NULL: the whole program
  academy_level  academy_level,
  target         bigint NOT NULL CONSTRAINT annual_targets_target_positive CHECK (target > 0),
  created_at     timestamptz NOT NULL DEFAULT now (),
  updated_at     timestamptz NOT NULL DEFAULT now (),
  version        integer NOT NULL DEFAULT 1
);

-- One target per year, measure and level; two partial indexes rather than
-- UNIQUE NULLS NOT DISTINCT, which a server older than 15 does not know.
CREATE UNIQUE INDEX annual_targets_overall_unique ON annual_targets (year, measure)
  WHERE academy_level IS NULL;
CREATE UNIQUE INDEX annual_targets_level_unique ON annual_targets (year, measure, academy_level)
  WHERE academy_level IS NOT NULL;

CREATE TRIGGER annual_targets_version BEFORE UPDATE ON annual_targets
  FOR EACH ROW EXECUTE FUNCTION up_bump_version ();

-- 2025's targets.  DOMAIN.md (the 2025 plan) gives one figure: subsidise
-- 10,000 industrial workers.  It gives none for the others, so these follow
-- 2024's achieved figures a little raised: 131,000 person-times trained ->
-- 140,000; 9,400+ certificates -> 10,000; 5,206 courses -> 5,500; 59 new
-- majors -> 60.
INSERT INTO annual_targets (year, measure, academy_level, target) VALUES
  (2025, 'subsidised_workers', NULL, 10000),
  (2025, 'person_times', NULL, 140000),
  (2025, 'certificates', NULL, 10000),
  (2025, 'courses', NULL, 5500),
  (2025, 'new_majors', NULL, 60);
