/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "up-certification.h"

G_BEGIN_DECLS

/* The rows every certificate query reads: the table aliases c (the
 * certificate), t (its trainee), a (its academy) and co (its course). */
#define UP_CERTIFICATION_FROM \
  "certifications AS c " \
  "JOIN trainees AS t ON t.id = c.trainee_id " \
  "JOIN academies AS a ON a.id = c.academy_id " \
  "LEFT JOIN courses AS co ON co.id = c.course_id"

/* The columns, in the order up_certification_fill_from_result() reads them.
 * The ID number is masked by the server: the full number never travels. */
#define UP_CERTIFICATION_COLUMNS \
  "c.id, c.trainee_id, t.name, substr (t.id_number, 1, 6) || '********' || substr (t.id_number, 15), " \
  "c.academy_id, a.name, c.course_id, co.title, c.kind, c.occupation, c.skill_level, " \
  "c.academic_level, c.academic_route, c.certificate_no, c.issuing_body, " \
  "to_char (c.issued_on, 'YYYY-MM-DD'), to_char (c.verified_on, 'YYYY-MM-DD'), c.verified_how, c.version"
#define UP_CERTIFICATION_N_COLUMNS 19

UpCertification *up_certification_new_placeholder  (void);
/* Fills @self from @row of @result (UP_CERTIFICATION_COLUMNS from @column
 * on), notifying its properties; sets "loaded". */
void             up_certification_fill_from_result (UpCertification *self,
                                                    const PGresult  *result,
                                                    int              row,
                                                    int              column);

G_END_DECLS
