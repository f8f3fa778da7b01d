/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"

G_BEGIN_DECLS

/* The certification_kind enum of the schema, in its order.  The GEnum nicks
 * are the SQL names. */
typedef enum
{
  UP_CERTIFICATION_KIND_SKILL_LEVEL,
  UP_CERTIFICATION_KIND_SPECIAL_ABILITY,
  UP_CERTIFICATION_KIND_ACADEMIC_DEGREE,
  UP_CERTIFICATION_KIND_SPECIAL_OPERATION,
} UpCertificationKind;

#define UP_TYPE_CERTIFICATION_KIND (up_certification_kind_get_type ())

GType        up_certification_kind_get_type   (void) G_GNUC_CONST;
const char  *up_certification_kind_to_sql     (UpCertificationKind  kind);
gboolean     up_certification_kind_from_sql   (const char          *sql,
                                               UpCertificationKind *kind);
/* 职业技能等级证书, 专项职业能力证书, 学历证书, 特种作业操作证 */
const char  *up_certification_kind_to_label   (UpCertificationKind  kind);

/* The SQL values of academic_route in order, NULL-terminated, and their
 * words: 成人高考, 开放大学, 自学考试, 全日制.  NULL if unknown. */
const char * const *up_academic_routes        (void);
const char  *up_academic_route_to_label       (const char          *route);

/* The field an input error is about, so a form can show the reason beside it. */
typedef enum
{
  UP_CERTIFICATION_FIELD_NONE,
  UP_CERTIFICATION_FIELD_TRAINEE,
  UP_CERTIFICATION_FIELD_KIND,
  UP_CERTIFICATION_FIELD_OCCUPATION,
  UP_CERTIFICATION_FIELD_SKILL_LEVEL,
  UP_CERTIFICATION_FIELD_ACADEMIC_LEVEL,
  UP_CERTIFICATION_FIELD_ACADEMIC_ROUTE,
  UP_CERTIFICATION_FIELD_NUMBER,
  UP_CERTIFICATION_FIELD_ISSUING_BODY,
  UP_CERTIFICATION_FIELD_ISSUED_ON,
  UP_CERTIFICATION_FIELD_COURSE,
  UP_CERTIFICATION_FIELD_VERIFIED_ON,
} UpCertificationField;

/* What the record / edit form sends.  Dates are "YYYY-MM-DD"; empty strings
 * count as NULL for the optional fields.  The level fields that do not fit
 * the kind are ignored. */
typedef struct
{
  gint64               trainee_id;
  /* The academy recording it when there is no course; 0: the trainee's own.
   * With a course, the course's academy is the certificate's. */
  gint64               academy_id;
  gint64               course_id;        /* 0: none */
  UpCertificationKind  kind;
  char                *occupation;       /* 工种 */
  int                  skill_level;      /* 1..5 for a skill-level certificate */
  char                *academic_level;   /* SQL academic_level, for a degree */
  char                *academic_route;   /* SQL academic_route, for a degree */
  char                *certificate_no;
  char                *issuing_body;
  char                *issued_on;
  char                *verified_on;      /* or NULL: not checked yet */
  char                *verified_how;     /* or NULL */
} UpCertificationInput;

#define UP_TYPE_CERTIFICATION_INPUT (up_certification_input_get_type ())

GType                  up_certification_input_get_type  (void) G_GNUC_CONST;
UpCertificationInput  *up_certification_input_new       (void);
UpCertificationInput  *up_certification_input_copy      (const UpCertificationInput *input);
void                   up_certification_input_free      (UpCertificationInput       *input);
/* Checks @input in C, before any database work: the first field that is
 * wrong (UP_CERTIFICATION_FIELD_NONE when all is well), with @error set to a
 * translated sentence naming it (UP_ERROR_INVALID_INPUT).  The rules the
 * database alone can check (the number unique per issuing body) it checks. */
UpCertificationField   up_certification_input_validate  (const UpCertificationInput *input,
                                                         GError                    **error);

/* What saving a certificate did to its subsidy claim (computed by the
 * database's trigger, up_compute_claim()). */
typedef struct
{
  gint64   certification_id;
  int      version;            /* of the certificate, after the save */
  gint64   subsidy_id;         /* 0: no claim */
  char    *state;              /* subsidy_state: pending, rejected … */
  gint64   amount_fen;
  char    *refused_by;         /* the rule that refused it, or NULL */
  /* The line of the rule trail that explains the amount, for its sentence:
   * the refusing rule's, or else the last rule that reduced or raised it;
   * trail_rule NULL when the rate alone decided. */
  char    *trail_rule;
  char    *trail_outcome;
  gint64   trail_amount_fen;
  char    *limit_value;
  char    *actual_value;
} UpCertificationResult;

#define UP_TYPE_CERTIFICATION_RESULT (up_certification_result_get_type ())

GType        up_certification_result_get_type (void) G_GNUC_CONST;
void         up_certification_result_free     (UpCertificationResult *result);
/* Translated words for the person who saved: "Claim computed: ¥1,500.00,
 * pending approval." (and the rule that raised or reduced it, if one did)
 * or "No subsidy. <the refusing rule's reason>". */
char        *up_certification_result_describe (const UpCertificationResult *result);

/* One certificate as the list and the form see it.  Properties (read-only;
 * the list fills placeholders in place and notifies, so a view may bind
 * before the row is loaded):
 *   "id" (int64, 0 until loaded), "loaded", "trainee-id", "trainee-name",
 *   "id-number-masked" (500103********123X; the full number never leaves the
 *   server), "academy-id", "academy-name", "course-id", "course-title",
 *   "kind" (UpCertificationKind), "kind-label", "occupation",
 *   "skill-level" (int, 0 for none), "academic-level", "academic-route"
 *   (SQL values or NULL), "level-label" (Advanced; Bachelor (Adult exam)),
 *   "certificate-no", "issuing-body", "issued-on", "verified-on" (text
 *   YYYY-MM-DD or NULL), "verified-how", "verified-label" (the date and how,
 *   or "Not checked"), "version". */
#define UP_TYPE_CERTIFICATION (up_certification_get_type ())

G_DECLARE_FINAL_TYPE (UpCertification, up_certification, UP, CERTIFICATION, GObject)

gboolean             up_certification_get_loaded          (UpCertification *self);
gint64               up_certification_get_id              (UpCertification *self);
gint64               up_certification_get_trainee_id      (UpCertification *self);
const char          *up_certification_get_trainee_name    (UpCertification *self);
const char          *up_certification_get_id_number_masked (UpCertification *self);
gint64               up_certification_get_academy_id      (UpCertification *self);
const char          *up_certification_get_academy_name    (UpCertification *self);
gint64               up_certification_get_course_id       (UpCertification *self);
const char          *up_certification_get_course_title    (UpCertification *self);
UpCertificationKind  up_certification_get_kind            (UpCertification *self);
const char          *up_certification_get_occupation      (UpCertification *self);
int                  up_certification_get_skill_level     (UpCertification *self);
const char          *up_certification_get_academic_level  (UpCertification *self);
const char          *up_certification_get_academic_route  (UpCertification *self);
/* Translated; "" for a kind without a level. */
char                *up_certification_dup_level_label     (UpCertification *self);
const char          *up_certification_get_certificate_no  (UpCertification *self);
const char          *up_certification_get_issuing_body    (UpCertification *self);
const char          *up_certification_get_issued_on       (UpCertification *self);
const char          *up_certification_get_verified_on     (UpCertification *self);
const char          *up_certification_get_verified_how    (UpCertification *self);
int                  up_certification_get_version         (UpCertification *self);
/* The input to edit @self (which must be loaded). */
UpCertificationInput *up_certification_input_new_from_certification (UpCertification *self);

/* Store: the plain functions run on a connection's worker thread (or a
 * connection of the caller's own); the _async ones queue them on an
 * UpDatabase.  Each is one transaction. */

/* One certificate, or NULL with an error when it does not exist. */
UpCertification       *up_certification_get     (PGconn                      *conn,
                                                 gint64                       certification_id,
                                                 GError                     **error);
/* Records @input; the database computes its claim in the same transaction. */
UpCertificationResult *up_certification_insert  (PGconn                      *conn,
                                                 const UpCertificationInput  *input,
                                                 GError                     **error);
/* Saves @input over certificate @certification_id if nobody changed it since
 * it was read at @version (otherwise UP_ERROR_RETRY), then computes its
 * claim again (a claim a person decided stays as it is). */
UpCertificationResult *up_certification_update  (PGconn                      *conn,
                                                 gint64                       certification_id,
                                                 int                          version,
                                                 const UpCertificationInput  *input,
                                                 GError                     **error);

/* What the form offers to complete: the occupations or the issuing bodies
 * already recorded, in order, at most @limit (0: 500). */
typedef enum
{
  UP_CERTIFICATION_SUGGEST_OCCUPATION,
  UP_CERTIFICATION_SUGGEST_ISSUING_BODY,
} UpCertificationSuggest;

GStrv                  up_certification_suggest (PGconn                      *conn,
                                                 UpCertificationSuggest       which,
                                                 guint                        limit,
                                                 GError                     **error);

void                   up_certification_get_async     (UpDatabase                 *db,
                                                       gint64                      certification_id,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
UpCertification       *up_certification_get_finish    (UpDatabase                 *db,
                                                       GAsyncResult               *result,
                                                       GError                    **error);
/* @certification_id 0 inserts, otherwise updates at @version. */
void                   up_certification_save_async    (UpDatabase                 *db,
                                                       gint64                      certification_id,
                                                       int                         version,
                                                       const UpCertificationInput *input,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
UpCertificationResult *up_certification_save_finish   (UpDatabase                 *db,
                                                       GAsyncResult               *result,
                                                       GError                    **error);
void                   up_certification_suggest_async (UpDatabase                 *db,
                                                       UpCertificationSuggest      which,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
GStrv                  up_certification_suggest_finish (UpDatabase                *db,
                                                        GAsyncResult              *result,
                                                        GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpCertificationInput, up_certification_input_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpCertificationResult, up_certification_result_free)

G_END_DECLS
