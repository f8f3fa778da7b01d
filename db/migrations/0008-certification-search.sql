-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v8: the certifications list on a region's ~650,000 certificates.
--   * a search also matches the start of a certificate number
--     (certificate_no LIKE 'S0012%' under any collation);
--   * the list's order, newest issue first, ends in the id so that it is
--     total, and this btree yields it without a sort (it also serves the
--     year filter, which made certifications_issued_idx redundant).
-- Runs in one transaction under the migration lock (db/up-migrations.c).

CREATE INDEX certifications_number_pattern_idx ON certifications (certificate_no text_pattern_ops);
CREATE INDEX certifications_issued_id_idx ON certifications (issued_on, id);
DROP INDEX certifications_issued_idx;
