-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v2: searching and sorting trainees on a region-sized table.
-- Runs in one transaction under the migration lock (db/up-migrations.c).
-- Only adds: functions, indexes, a table of known employers.

-- Short name fragments ----------------------------------------------------
-- Chinese names are two or three characters and people search by one or
-- two of them; pg_trgm cannot serve a fragment shorter than three.  A
-- fragment is in a name either at its start or further in:
--   at the start: the name's btree in code-point order (COLLATE "C"), a
--     range scan already in the list's name order, so the first page of a
--     common surname (张: one name in ten) is the first hundred entries of
--     the range;
--   further in: the characters and adjacent pairs that do not start the
--     name (lower-cased), in a GIN index:
--       up_name_inner_grams (name) @> ARRAY[lower ($1)]
-- Longer fragments use the trigram index of schema v1 (name ILIKE …).

CREATE FUNCTION up_name_inner_grams (name text)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  s text := lower (name);
  n int := length (s);
  grams text[] := '{}';
BEGIN
  FOR i IN 2 .. n LOOP
    grams := grams || substr (s, i, 1);
    IF i < n THEN
      grams := grams || substr (s, i, 2);
    END IF;
  END LOOP;
  RETURN grams;
END
$$;

CREATE INDEX trainees_name_inner_grams_idx ON trainees USING gin (up_name_inner_grams (name));

-- Sorting -----------------------------------------------------------------
-- The list pages through the server's ORDER BY; each order ends in the id
-- so that it is total, and has a btree that yields it without a sort (and
-- that an index-only scan can read when the list fetches the order of all
-- matches).  The ID number's own unique index serves its order.

-- Names in code-point order, whatever the server's collation: the same on
-- every server, and the order in which a prefix is one range.
CREATE INDEX trainees_name_order_idx ON trainees ((name COLLATE "C"), id);
CREATE INDEX trainees_birth_date_order_idx ON trainees (birth_date, id);
CREATE INDEX trainees_employer_order_idx ON trainees (employer, id);
CREATE INDEX trainees_skill_level_order_idx ON trainees (skill_level, id);

-- A phone prefix (LIKE '138%') under a non-C collation needs pattern ops;
-- the same index serves a whole number (=), so it is the only phone index.
CREATE INDEX trainees_phone_pattern_idx ON trainees (phone text_pattern_ops);

-- Employers ---------------------------------------------------------------
-- The employers ever entered, for completion in the form and for searching
-- trainees by a word of their employer at any length: the matching names
-- are found in this small table, the trainees through the employer btree.
-- Kept by statement triggers (one INSERT per statement, so a COPY of a
-- million trainees costs one pass); a name stays known after its last
-- trainee moves on.

CREATE TABLE trainee_employers (
  name text PRIMARY KEY
);
CREATE INDEX trainee_employers_name_trgm_idx ON trainee_employers USING gin (name gin_trgm_ops);

INSERT INTO trainee_employers (name)
  SELECT DISTINCT employer FROM trainees WHERE employer IS NOT NULL AND btrim (employer) <> ''
  ON CONFLICT DO NOTHING;

CREATE FUNCTION up_trainee_employers_remember ()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO trainee_employers (name)
    SELECT DISTINCT employer FROM new_rows WHERE employer IS NOT NULL AND btrim (employer) <> ''
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

-- Transition tables allow one event per trigger and no column list.
CREATE TRIGGER trainees_employers_insert AFTER INSERT ON trainees
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION up_trainee_employers_remember ();
CREATE TRIGGER trainees_employers_update AFTER UPDATE ON trainees
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION up_trainee_employers_remember ();

ANALYZE trainees;
ANALYZE trainee_employers;
