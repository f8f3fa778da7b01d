-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v12: the trigram index over the trainees' employers goes.
--
-- A search by a word of the employer finds the matching names in the
-- small table trainee_employers (its own trigram index, v2) and then the
-- trainees by employer = ANY (…), which the btree (employer, id) serves.
-- Nothing searches trainees.employer by trigrams, and the index cost every
-- trainee written a GIN insertion (1.4 s of the demo's million).
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

DROP INDEX trainees_employer_trgm_idx;
