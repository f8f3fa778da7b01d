/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "up-subsidy.h"

G_BEGIN_DECLS

/* The tables every claim query reads, and the columns it selects in the
 * order up_subsidy_fill_from_result() reads them.  The payee as the batch
 * froze it wins over the trainee's current row; the ID number is masked by
 * the server, so the full number never reaches the client. */
#define UP_SUBSIDY_FROM \
  " FROM subsidies AS s" \
  " JOIN trainees AS t ON t.id = s.trainee_id" \
  " JOIN academies AS a ON a.id = s.academy_id" \
  " JOIN certifications AS c ON c.id = s.certification_id" \
  " LEFT JOIN payment_batches AS b ON b.id = s.batch_id "

#define UP_SUBSIDY_COLUMNS \
  "s.id, s.academy_id, a.name, s.trainee_id, coalesce (s.payee_name, t.name), " \
  "left (coalesce (s.payee_id_number, t.id_number), 6) || '********' " \
  "  || right (coalesce (s.payee_id_number, t.id_number), 4), " \
  "s.certification_id, c.kind::text, c.occupation, c.skill_level, c.academic_level::text, c.certificate_no, " \
  "to_char (c.issued_on, 'YYYY-MM-DD'), s.amount_fen, s.state::text, s.reason, s.refused_by, s.batch_id, " \
  "b.name, to_char (s.claimed_on, 'YYYY-MM-DD'), s.subsidy_year, s.version"
#define UP_SUBSIDY_N_COLUMNS 22

UpSubsidy  *up_subsidy_new_placeholder   (void);
/* Fills @self from @row of @result (UP_SUBSIDY_COLUMNS from @column on),
 * notifying what changed; sets "loaded". */
void        up_subsidy_fill_from_result  (UpSubsidy       *self,
                                          const PGresult  *result,
                                          int              row,
                                          int              column);

/* "{1,2,3}": an array parameter ($n::bigint[]). */
char       *up_subsidy_ids_to_sql        (const gint64    *ids,
                                          guint            n_ids);

/* The audit columns below, then the rows of @result as UpAuditEntry. */
#define UP_AUDIT_COLUMNS \
  "extract (epoch FROM l.at)::bigint, l.person, l.db_role, l.table_name, l.row_id, l.action, " \
  "l.old_row ->> 'state', l.new_row ->> 'state', l.old_row ->> 'amount_fen', l.new_row ->> 'amount_fen', " \
  "coalesce (l.new_row, l.old_row) ->> 'reason', l.old_row ->> 'batch_id', l.new_row ->> 'batch_id', " \
  "(SELECT tt.name FROM trainees tt WHERE tt.id = (coalesce (l.new_row, l.old_row) ->> 'trainee_id')::bigint)"

GPtrArray  *up_audit_entries_from_result (const PGresult  *result);

/* @reason without white space at either end, the ideographic space U+3000
 * that Chinese input methods type included (as up_trim () in SQL). */
char       *up_subsidy_trim_reason       (const char      *reason);

G_END_DECLS
