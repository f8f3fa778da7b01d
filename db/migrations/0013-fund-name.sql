-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v13: the fund of the scheme v4 made is named as people name it.
--
-- v4 made the default scheme with the placeholder word 'special' for its
-- fund, and the dialog shows a scheme's fund as it is written: a Chinese
-- screen read "资金来源 special".  The scheme v4 made, and draft batches
-- that took the word from the new-batch form, now say 专项资金 (the
-- special fund); a batch submitted since is frozen and keeps its words.
--
-- Runs in one transaction under the migration lock (db/up-migrations.c).

UPDATE subsidy_schemes SET fund = '专项资金' WHERE fund = 'special';
UPDATE payment_batches SET fund = '专项资金' WHERE fund = 'special' AND state = 'draft';
