/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"
#include "up-id-number.h"

G_BEGIN_DECLS

/* A trainee (学员) as the list, the detail page and the edit dialog see it.
 *
 * Properties (all read-only; the list model fills them in place and notifies
 * when a page arrives, so a GtkListView may bind before the row is loaded):
 *   "id"               gint64    0 until loaded
 *   "loaded"           gboolean  FALSE for a placeholder of UpTraineeList
 *   "academy-id"       gint64
 *   "name"             char*
 *   "id-number-masked" char*     500103********123X
 *   "gender"           int       an UpGender
 *   "gender-label"     char*     translated: Male / Female
 *   "birth-date"       char*     ISO 8601: 1990-05-03
 *   "phone-masked"     char*     138****5678, or NULL
 *   "employer"         char*     or NULL
 *   "industry"         char*     or NULL
 *   "union-member"     gboolean
 *   "education-level"  char*     SQL value of academic_level, or NULL
 *   "education-label"  char*     translated, or NULL
 *   "skill-level"      int       1 (senior technician) … 5 (entry), 0 for none
 *   "skill-level-label" char*    translated, or NULL for none
 *   "version"          int       the row version, for up_trainee_update()
 *
 * The full ID number and phone are personal data: only the explicit getters
 * below give them, for the edit dialog. */

#define UP_TYPE_TRAINEE (up_trainee_get_type ())

G_DECLARE_FINAL_TYPE (UpTrainee, up_trainee, UP, TRAINEE, GObject)

#define UP_TRAINEE_ERROR (up_trainee_error_quark ())

/* Errors of up_trainee_update(); validation errors are UP_ERROR_INVALID_INPUT
 * and server errors the usual UP_ERROR codes. */
typedef enum
{
  UP_TRAINEE_ERROR_CHANGED,    /* someone else saved the trainee since it was read */
  UP_TRAINEE_ERROR_NOT_FOUND,  /* the trainee is no longer in the database */
} UpTraineeError;

/* The field an input error is about, so a form can show the reason beside it. */
typedef enum
{
  UP_TRAINEE_FIELD_NONE,
  UP_TRAINEE_FIELD_ACADEMY,
  UP_TRAINEE_FIELD_ID_NUMBER,
  UP_TRAINEE_FIELD_NAME,
  UP_TRAINEE_FIELD_PHONE,
  UP_TRAINEE_FIELD_EMPLOYER,
  UP_TRAINEE_FIELD_INDUSTRY,
  UP_TRAINEE_FIELD_EDUCATION,
  UP_TRAINEE_FIELD_SKILL_LEVEL,
} UpTraineeField;

/* What the add / edit dialog sends.  Empty strings count as NULL for the
 * optional fields (phone, employer, industry, education). */
typedef struct
{
  gint64    academy_id;
  char     *id_number;
  char     *name;
  char     *phone;
  char     *employer;
  char     *industry;
  gboolean  union_member;
  char     *education;     /* SQL value of academic_level, or NULL */
  int       skill_level;   /* 0 for none, else 1..5 */
} UpTraineeInput;

#define UP_TYPE_TRAINEE_INPUT (up_trainee_input_get_type ())

GQuark           up_trainee_error_quark            (void);

GType            up_trainee_input_get_type         (void) G_GNUC_CONST;
UpTraineeInput  *up_trainee_input_new              (void);
/* The input to edit @trainee (which must be loaded). */
UpTraineeInput  *up_trainee_input_new_from_trainee (UpTrainee            *trainee);
UpTraineeInput  *up_trainee_input_copy             (const UpTraineeInput *input);
void             up_trainee_input_free             (UpTraineeInput       *input);
/* Checks @input in C, before any database work: returns the first field that
 * is wrong (UP_TRAINEE_FIELD_NONE when all is well) and sets @error to a
 * translated sentence naming it (UP_ERROR_INVALID_INPUT). */
UpTraineeField   up_trainee_input_validate         (const UpTraineeInput *input,
                                                    GError              **error);

/* The SQL values of academic_level in order, NULL-terminated. */
const char * const *up_education_levels            (void);
/* Translated words: 中专/高中, 大专 …; 初级工 … 高级技师.  NULL if unknown. */
const char      *up_education_level_to_label       (const char           *education);
const char      *up_skill_level_to_label           (int                   skill_level);

/* Getters.  A placeholder (loaded = FALSE) answers 0, NULL or FALSE. */
gboolean         up_trainee_get_loaded             (UpTrainee            *self);
gint64           up_trainee_get_id                 (UpTrainee            *self);
gint64           up_trainee_get_academy_id         (UpTrainee            *self);
const char      *up_trainee_get_name               (UpTrainee            *self);
const char      *up_trainee_get_id_number_masked   (UpTrainee            *self);
UpGender         up_trainee_get_gender             (UpTrainee            *self);
const char      *up_trainee_get_birth_date         (UpTrainee            *self);
const char      *up_trainee_get_phone_masked       (UpTrainee            *self);
const char      *up_trainee_get_employer           (UpTrainee            *self);
const char      *up_trainee_get_industry           (UpTrainee            *self);
gboolean         up_trainee_get_union_member       (UpTrainee            *self);
const char      *up_trainee_get_education_level    (UpTrainee            *self);
int              up_trainee_get_skill_level        (UpTrainee            *self);
int              up_trainee_get_version            (UpTrainee            *self);
/* Personal data, for the edit dialog only: never log these. */
const char      *up_trainee_get_id_number          (UpTrainee            *self);
const char      *up_trainee_get_phone              (UpTrainee            *self);

/* TRUE when @error is the refusal of a second trainee with the same ID
 * number (23505 on trainees_id_number_unique): offer to open the existing
 * one, found with up_trainee_find_by_id_number(). */
gboolean         up_trainee_error_is_duplicate_id_number (const GError  *error);

/* Store functions: they run on a connection's worker thread (or a blocking
 * connection of the command line and tests), one transaction each, every
 * value a parameter. */

/* Returns the new trainee's id, or 0 with @error set. */
gint64           up_trainee_insert                 (PGconn               *conn,
                                                    const UpTraineeInput *input,
                                                    GError              **error);
/* Saves @input over trainee @id if it is still at @version; returns the new
 * version, or 0 with @error set (UP_TRAINEE_ERROR_CHANGED when someone else
 * saved it meanwhile). */
int              up_trainee_update                 (PGconn               *conn,
                                                    gint64                id,
                                                    int                   version,
                                                    const UpTraineeInput *input,
                                                    GError              **error);
/* The trainee with all its fields, or NULL with UP_TRAINEE_ERROR_NOT_FOUND. */
UpTrainee       *up_trainee_get                    (PGconn               *conn,
                                                    gint64                id,
                                                    GError              **error);
/* Sets *@id to the trainee with that ID number (normalised: spaces, x), or 0
 * when there is none; FALSE only on a database error. */
gboolean         up_trainee_find_by_id_number      (PGconn               *conn,
                                                    const char           *id_number,
                                                    gint64               *id,
                                                    GError              **error);
/* Up to @limit distinct employers containing @text (those starting with it
 * first), for completion.  Never NULL on success (may be empty). */
GStrv            up_trainee_list_employers         (PGconn               *conn,
                                                    const char           *text,
                                                    guint                 limit,
                                                    GError              **error);

/* The same on an UpDatabase, from the main loop. */
void             up_trainee_insert_async           (UpDatabase           *db,
                                                    const UpTraineeInput *input,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gint64           up_trainee_insert_finish          (UpDatabase           *db,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void             up_trainee_update_async           (UpDatabase           *db,
                                                    gint64                id,
                                                    int                   version,
                                                    const UpTraineeInput *input,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
int              up_trainee_update_finish          (UpDatabase           *db,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void             up_trainee_get_async              (UpDatabase           *db,
                                                    gint64                id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
UpTrainee       *up_trainee_get_finish             (UpDatabase           *db,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void             up_trainee_find_by_id_number_async  (UpDatabase         *db,
                                                      const char         *id_number,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
/* Returns the id, 0 when there is none or on error (then @error is set). */
gint64           up_trainee_find_by_id_number_finish (UpDatabase         *db,
                                                      GAsyncResult       *result,
                                                      GError            **error);
void             up_trainee_list_employers_async   (UpDatabase           *db,
                                                    const char           *text,
                                                    guint                 limit,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GStrv            up_trainee_list_employers_finish  (UpDatabase           *db,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpTraineeInput, up_trainee_input_free)

G_END_DECLS
