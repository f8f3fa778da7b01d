/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-trainee"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <string.h>

#include "up-error.h"
#include "up-pg.h"
#include "up-trainee-private.h"
#include "up-trainee.h"

/* A trainee and its store: the statements that read and write one trainee.
 * Input is checked in C first (the same rules as the schema's constraints,
 * from up-id-number.c), so a form learns which field is wrong without a
 * round trip; the database checks again and has the last word.  Personal
 * data (ID number, phone) never goes into a message or a log. */

struct _UpTrainee
{
  GObject   parent_instance;

  gint64    id;
  gint64    academy_id;
  char     *name;
  char     *id_number;
  char     *id_number_masked;
  char     *birth_date;
  char     *phone;
  char     *phone_masked;
  char     *employer;
  char     *industry;
  char     *education;
  UpGender  gender;
  int       skill_level;
  int       version;
  guint     loaded : 1;
  guint     union_member : 1;
};

G_DEFINE_FINAL_TYPE (UpTrainee, up_trainee, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LOADED,
  PROP_ACADEMY_ID,
  PROP_NAME,
  PROP_ID_NUMBER_MASKED,
  PROP_GENDER,
  PROP_GENDER_LABEL,
  PROP_BIRTH_DATE,
  PROP_PHONE_MASKED,
  PROP_EMPLOYER,
  PROP_INDUSTRY,
  PROP_UNION_MEMBER,
  PROP_EDUCATION_LEVEL,
  PROP_EDUCATION_LABEL,
  PROP_SKILL_LEVEL,
  PROP_SKILL_LEVEL_LABEL,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (up-trainee-error-quark, up_trainee_error)

G_DEFINE_BOXED_TYPE (UpTraineeInput, up_trainee_input, up_trainee_input_copy, up_trainee_input_free)

static const char *trainee_get_sql =
  "SELECT " UP_TRAINEE_COLUMNS " FROM trainees AS t WHERE t.id = $1";

static const char *trainee_insert_sql =
  "INSERT INTO trainees (academy_id, id_number, name, phone, employer, industry,"
  "                      union_member, education, skill_level)"
  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::academic_level, $9)"
  " RETURNING id";

/* The version check and the write are one statement: no one can slip in
 * between.  The trigger trainees_version bumps the version. */
static const char *trainee_update_sql =
  "UPDATE trainees SET academy_id = $3, id_number = $4, name = $5, phone = $6,"
  "       employer = $7, industry = $8, union_member = $9,"
  "       education = $10::academic_level, skill_level = $11"
  " WHERE id = $1 AND version = $2"
  " RETURNING version";

static const char *trainee_exists_sql =
  "SELECT count(*) FROM trainees WHERE id = $1";

static const char *trainee_find_by_id_number_sql =
  "SELECT id FROM trainees WHERE id_number = $1";

/* Those starting with the text first, then the others containing it. */
static const char *trainee_employers_sql =
  "SELECT name FROM trainee_employers WHERE name ILIKE $1"
  " ORDER BY name ILIKE $2 DESC, name LIMIT $3";

static const char *trainee_employers_all_sql =
  "SELECT name FROM trainee_employers ORDER BY name LIMIT $1";

static const char * const education_levels[] = {
  "below_secondary", "secondary", "junior_college", "bachelor", "postgraduate", NULL
};

/* Labels ------------------------------------------------------------------- */

const char * const *
up_education_levels (void)
{
  return education_levels;
}

const char *
up_education_level_to_label (const char *education)
{
  if (education == NULL)
    return NULL;

  if (g_str_equal (education, "below_secondary"))
    /* Translators: academic level (学历): 初中及以下 */
    return C_("academic level", "Below secondary");
  if (g_str_equal (education, "secondary"))
    /* Translators: academic level (学历): 中专/高中 */
    return C_("academic level", "Secondary");
  if (g_str_equal (education, "junior_college"))
    /* Translators: academic level (学历): 大专 */
    return C_("academic level", "Junior college");
  if (g_str_equal (education, "bachelor"))
    /* Translators: academic level (学历): 本科 */
    return C_("academic level", "Bachelor");
  if (g_str_equal (education, "postgraduate"))
    /* Translators: academic level (学历): 研究生 */
    return C_("academic level", "Postgraduate");

  return NULL;
}

const char *
up_skill_level_to_label (int skill_level)
{
  switch (skill_level)
    {
    case 1:
      /* Translators: vocational skill level 1 (高级技师) */
      return C_("skill level", "Senior technician");
    case 2:
      /* Translators: vocational skill level 2 (技师) */
      return C_("skill level", "Technician");
    case 3:
      /* Translators: vocational skill level 3 (高级工) */
      return C_("skill level", "Advanced");
    case 4:
      /* Translators: vocational skill level 4 (中级工) */
      return C_("skill level", "Intermediate");
    case 5:
      /* Translators: vocational skill level 5 (初级工) */
      return C_("skill level", "Entry");
    default:
      return NULL;
    }
}

static const char *
gender_to_label (UpGender gender)
{
  switch (gender)
    {
    case UP_GENDER_MALE:
      /* Translators: a trainee's gender, from the ID number (男) */
      return C_("gender", "Male");
    case UP_GENDER_FEMALE:
      /* Translators: a trainee's gender, from the ID number (女) */
      return C_("gender", "Female");
    case UP_GENDER_UNKNOWN:
    default:
      return NULL;
    }
}

/* Input -------------------------------------------------------------------- */

UpTraineeInput *
up_trainee_input_new (void)
{
  return g_new0 (UpTraineeInput, 1);
}

UpTraineeInput *
up_trainee_input_copy (const UpTraineeInput *input)
{
  UpTraineeInput *copy;

  g_return_val_if_fail (input != NULL, NULL);

  copy = g_memdup2 (input, sizeof *input);
  copy->id_number = g_strdup (input->id_number);
  copy->name = g_strdup (input->name);
  copy->phone = g_strdup (input->phone);
  copy->employer = g_strdup (input->employer);
  copy->industry = g_strdup (input->industry);
  copy->education = g_strdup (input->education);
  return copy;
}

void
up_trainee_input_free (UpTraineeInput *input)
{
  if (input == NULL)
    return;

  g_free (input->id_number);
  g_free (input->name);
  g_free (input->phone);
  g_free (input->employer);
  g_free (input->industry);
  g_free (input->education);
  g_free (input);
}

UpTraineeInput *
up_trainee_input_new_from_trainee (UpTrainee *trainee)
{
  UpTraineeInput *input;

  g_return_val_if_fail (UP_IS_TRAINEE (trainee), NULL);

  input = up_trainee_input_new ();
  input->academy_id = trainee->academy_id;
  input->id_number = g_strdup (trainee->id_number);
  input->name = g_strdup (trainee->name);
  input->phone = g_strdup (trainee->phone);
  input->employer = g_strdup (trainee->employer);
  input->industry = g_strdup (trainee->industry);
  input->union_member = trainee->union_member;
  input->education = g_strdup (trainee->education);
  input->skill_level = trainee->skill_level;
  return input;
}

/* Trimmed, or NULL when nothing is left. */
static char *
trimmed_or_null (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

static gboolean
education_is_known (const char *education)
{
  return g_strv_contains (education_levels, education);
}

UpTraineeField
up_trainee_input_validate (const UpTraineeInput  *input,
                           GError               **error)
{
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *education = NULL;
  UpIdNumberStatus status;

  g_return_val_if_fail (input != NULL, UP_TRAINEE_FIELD_NONE);
  g_return_val_if_fail (error == NULL || *error == NULL, UP_TRAINEE_FIELD_NONE);

  if (input->academy_id <= 0)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("Academy: choose the academy that registers the trainee."));
      return UP_TRAINEE_FIELD_ACADEMY;
    }

  status = up_id_number_check (input->id_number, NULL);
  if (status != UP_ID_NUMBER_OK)
    {
      /* Translators: "ID number: <what is wrong with it>" */
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT, _("ID number: %s"),
                   up_id_number_status_to_string (status));
      return UP_TRAINEE_FIELD_ID_NUMBER;
    }

  name = trimmed_or_null (input->name);
  if (name == NULL)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("Name: enter the trainee’s name."));
      return UP_TRAINEE_FIELD_NAME;
    }
  if (g_utf8_strlen (name, -1) > 100)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("Name: at most 100 characters."));
      return UP_TRAINEE_FIELD_NAME;
    }

  phone = trimmed_or_null (input->phone);
  if (phone != NULL && !up_phone_is_valid (phone))
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("Mobile phone: 11 digits starting with 13 to 19, or leave it empty."));
      return UP_TRAINEE_FIELD_PHONE;
    }

  education = trimmed_or_null (input->education);
  if (education != NULL && !education_is_known (education))
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("Education level: choose one of the levels offered."));
      return UP_TRAINEE_FIELD_EDUCATION;
    }

  if (input->skill_level < 0 || input->skill_level > 5)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("Skill level: choose one of the levels offered, or none."));
      return UP_TRAINEE_FIELD_SKILL_LEVEL;
    }

  return UP_TRAINEE_FIELD_NONE;
}

gboolean
up_trainee_error_is_duplicate_id_number (const GError *error)
{
  return error != NULL
         && g_error_matches (error, UP_ERROR, UP_ERROR_UNIQUE)
         && g_strcmp0 (up_error_get_constraint (error), "trainees_id_number_unique") == 0;
}

char *
up_trainee_like_escape (const char *text)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '%' || *p == '_')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }

  return g_string_free (escaped, FALSE);
}

/* The object ----------------------------------------------------------------- */

static void
up_trainee_finalize (GObject *object)
{
  UpTrainee *self = (UpTrainee *) object;

  g_free (self->name);
  g_free (self->id_number);
  g_free (self->id_number_masked);
  g_free (self->birth_date);
  g_free (self->phone);
  g_free (self->phone_masked);
  g_free (self->employer);
  g_free (self->industry);
  g_free (self->education);

  G_OBJECT_CLASS (up_trainee_parent_class)->finalize (object);
}

static void
up_trainee_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  UpTrainee *self = UP_TRAINEE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_ACADEMY_ID:
      g_value_set_int64 (value, self->academy_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ID_NUMBER_MASKED:
      g_value_set_string (value, self->id_number_masked);
      break;
    case PROP_GENDER:
      g_value_set_int (value, self->gender);
      break;
    case PROP_GENDER_LABEL:
      g_value_set_string (value, gender_to_label (self->gender));
      break;
    case PROP_BIRTH_DATE:
      g_value_set_string (value, self->birth_date);
      break;
    case PROP_PHONE_MASKED:
      g_value_set_string (value, self->phone_masked);
      break;
    case PROP_EMPLOYER:
      g_value_set_string (value, self->employer);
      break;
    case PROP_INDUSTRY:
      g_value_set_string (value, self->industry);
      break;
    case PROP_UNION_MEMBER:
      g_value_set_boolean (value, self->union_member);
      break;
    case PROP_EDUCATION_LEVEL:
      g_value_set_string (value, self->education);
      break;
    case PROP_EDUCATION_LABEL:
      g_value_set_string (value, up_education_level_to_label (self->education));
      break;
    case PROP_SKILL_LEVEL:
      g_value_set_int (value, self->skill_level);
      break;
    case PROP_SKILL_LEVEL_LABEL:
      g_value_set_string (value, up_skill_level_to_label (self->skill_level));
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_trainee_class_init (UpTraineeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = up_trainee_finalize;
  object_class->get_property = up_trainee_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_ACADEMY_ID] = g_param_spec_int64 ("academy-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_ID_NUMBER_MASKED] = g_param_spec_string ("id-number-masked", NULL, NULL, NULL, flags);
  properties[PROP_GENDER] = g_param_spec_int ("gender", NULL, NULL, UP_GENDER_UNKNOWN, UP_GENDER_FEMALE,
                                              UP_GENDER_UNKNOWN, flags);
  properties[PROP_GENDER_LABEL] = g_param_spec_string ("gender-label", NULL, NULL, NULL, flags);
  properties[PROP_BIRTH_DATE] = g_param_spec_string ("birth-date", NULL, NULL, NULL, flags);
  properties[PROP_PHONE_MASKED] = g_param_spec_string ("phone-masked", NULL, NULL, NULL, flags);
  properties[PROP_EMPLOYER] = g_param_spec_string ("employer", NULL, NULL, NULL, flags);
  properties[PROP_INDUSTRY] = g_param_spec_string ("industry", NULL, NULL, NULL, flags);
  properties[PROP_UNION_MEMBER] = g_param_spec_boolean ("union-member", NULL, NULL, FALSE, flags);
  properties[PROP_EDUCATION_LEVEL] = g_param_spec_string ("education-level", NULL, NULL, NULL, flags);
  properties[PROP_EDUCATION_LABEL] = g_param_spec_string ("education-label", NULL, NULL, NULL, flags);
  properties[PROP_SKILL_LEVEL] = g_param_spec_int ("skill-level", NULL, NULL, 0, 5, 0, flags);
  properties[PROP_SKILL_LEVEL_LABEL] = g_param_spec_string ("skill-level-label", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_trainee_init (UpTrainee *self)
{
}

UpTrainee *
up_trainee_new_placeholder (void)
{
  return g_object_new (UP_TYPE_TRAINEE, NULL);
}

static void
set_string (UpTrainee  *self,
            char      **field,
            const char *value,
            guint       prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  if (prop_id != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static const char *
value_or_null (const PGresult *result,
               int             row,
               int             column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

static gint64
value_int64 (const PGresult *result,
             int             row,
             int             column)
{
  return PQgetisnull (result, row, column) ? 0 : g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

void
up_trainee_fill_from_result (UpTrainee      *self,
                             const PGresult *result,
                             int             row,
                             int             column)
{
  const char *id_number;
  const char *phone;
  const char *is_male;
  gint64 id, academy_id;
  UpGender gender;
  int skill_level, version;
  gboolean union_member;

  g_return_if_fail (UP_IS_TRAINEE (self));
  g_return_if_fail (result != NULL);
  g_return_if_fail (PQnfields (result) >= column + UP_TRAINEE_N_COLUMNS);

  g_object_freeze_notify (G_OBJECT (self));

  id = value_int64 (result, row, column + 0);
  if (id != self->id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }

  academy_id = value_int64 (result, row, column + 1);
  if (academy_id != self->academy_id)
    {
      self->academy_id = academy_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACADEMY_ID]);
    }

  id_number = value_or_null (result, row, column + 2);
  if (g_strcmp0 (id_number, self->id_number) != 0)
    {
      g_autofree char *masked = id_number != NULL ? up_id_number_mask (id_number) : NULL;

      set_string (self, &self->id_number, id_number, PROP_0);
      set_string (self, &self->id_number_masked, masked, PROP_ID_NUMBER_MASKED);
    }

  set_string (self, &self->name, value_or_null (result, row, column + 3), PROP_NAME);
  set_string (self, &self->birth_date, value_or_null (result, row, column + 4), PROP_BIRTH_DATE);

  is_male = value_or_null (result, row, column + 5);
  gender = is_male == NULL ? UP_GENDER_UNKNOWN : is_male[0] == 't' ? UP_GENDER_MALE : UP_GENDER_FEMALE;
  if (gender != self->gender)
    {
      self->gender = gender;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENDER]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENDER_LABEL]);
    }

  phone = value_or_null (result, row, column + 6);
  if (g_strcmp0 (phone, self->phone) != 0)
    {
      g_autofree char *masked = phone != NULL ? up_phone_mask (phone) : NULL;

      set_string (self, &self->phone, phone, PROP_0);
      set_string (self, &self->phone_masked, masked, PROP_PHONE_MASKED);
    }

  set_string (self, &self->employer, value_or_null (result, row, column + 7), PROP_EMPLOYER);
  set_string (self, &self->industry, value_or_null (result, row, column + 8), PROP_INDUSTRY);

  union_member = g_strcmp0 (value_or_null (result, row, column + 9), "t") == 0;
  if (union_member != self->union_member)
    {
      self->union_member = union_member;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNION_MEMBER]);
    }

  if (g_strcmp0 (self->education, value_or_null (result, row, column + 10)) != 0)
    {
      set_string (self, &self->education, value_or_null (result, row, column + 10), PROP_EDUCATION_LEVEL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDUCATION_LABEL]);
    }

  skill_level = (int) value_int64 (result, row, column + 11);
  if (skill_level != self->skill_level)
    {
      self->skill_level = skill_level;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKILL_LEVEL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKILL_LEVEL_LABEL]);
    }

  version = (int) value_int64 (result, row, column + 12);
  if (version != self->version)
    {
      self->version = version;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
    }

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
up_trainee_clear (UpTrainee *self)
{
  g_return_if_fail (UP_IS_TRAINEE (self));

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->id_number, g_free);
  g_clear_pointer (&self->id_number_masked, g_free);
  g_clear_pointer (&self->birth_date, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->phone_masked, g_free);
  g_clear_pointer (&self->employer, g_free);
  g_clear_pointer (&self->industry, g_free);
  g_clear_pointer (&self->education, g_free);
  self->id = self->academy_id = 0;
  self->gender = UP_GENDER_UNKNOWN;
  self->skill_level = self->version = 0;
  self->union_member = FALSE;
  self->loaded = FALSE;
}

/* Getters ---------------------------------------------------------------- */

gboolean
up_trainee_get_loaded (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), FALSE);
  return self->loaded;
}

gint64
up_trainee_get_id (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), 0);
  return self->id;
}

gint64
up_trainee_get_academy_id (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), 0);
  return self->academy_id;
}

const char *
up_trainee_get_name (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), NULL);
  return self->name;
}

const char *
up_trainee_get_id_number_masked (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), NULL);
  return self->id_number_masked;
}

UpGender
up_trainee_get_gender (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), UP_GENDER_UNKNOWN);
  return self->gender;
}

const char *
up_trainee_get_birth_date (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), NULL);
  return self->birth_date;
}

const char *
up_trainee_get_phone_masked (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), NULL);
  return self->phone_masked;
}

const char *
up_trainee_get_employer (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), NULL);
  return self->employer;
}

const char *
up_trainee_get_industry (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), NULL);
  return self->industry;
}

gboolean
up_trainee_get_union_member (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), FALSE);
  return self->union_member;
}

const char *
up_trainee_get_education_level (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), NULL);
  return self->education;
}

int
up_trainee_get_skill_level (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), 0);
  return self->skill_level;
}

int
up_trainee_get_version (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), 0);
  return self->version;
}

const char *
up_trainee_get_id_number (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), NULL);
  return self->id_number;
}

const char *
up_trainee_get_phone (UpTrainee *self)
{
  g_return_val_if_fail (UP_IS_TRAINEE (self), NULL);
  return self->phone;
}

/* Store -------------------------------------------------------------------- */

/* The statement parameters of @input, after validation: trimmed, canonical
 * ID number, NULL for empty optional fields. */
typedef struct
{
  char *academy_id;
  char *id_number;
  char *name;
  char *phone;
  char *employer;
  char *industry;
  char *education;
  char *skill_level;
} Params;

static void
params_clear (Params *p)
{
  g_free (p->academy_id);
  g_free (p->id_number);
  g_free (p->name);
  g_free (p->phone);
  g_free (p->employer);
  g_free (p->industry);
  g_free (p->education);
  g_free (p->skill_level);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Params, params_clear)

static gboolean
params_init (Params               *p,
             const UpTraineeInput *input,
             GError              **error)
{
  memset (p, 0, sizeof *p);

  if (up_trainee_input_validate (input, error) != UP_TRAINEE_FIELD_NONE)
    return FALSE;

  p->academy_id = g_strdup_printf ("%" G_GINT64_FORMAT, input->academy_id);
  p->id_number = up_id_number_normalize (input->id_number);
  p->name = trimmed_or_null (input->name);
  p->phone = trimmed_or_null (input->phone);
  p->employer = trimmed_or_null (input->employer);
  p->industry = trimmed_or_null (input->industry);
  p->education = trimmed_or_null (input->education);
  p->skill_level = input->skill_level > 0 ? g_strdup_printf ("%d", input->skill_level) : NULL;
  return TRUE;
}

gint64
up_trainee_insert (PGconn               *conn,
                   const UpTraineeInput *input,
                   GError              **error)
{
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (conn != NULL, 0);
  g_return_val_if_fail (input != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!params_init (&p, input, error))
    return 0;

  {
    const char *params[] = {
      p.academy_id, p.id_number, p.name, p.phone, p.employer, p.industry,
      input->union_member ? "true" : "false", p.education, p.skill_level,
    };

    /* One statement in a transaction of its own. */
    result = up_pg_exec_write (conn, trainee_insert_sql, G_N_ELEMENTS (params), params, error);
    if (result == NULL)
      return 0;
  }

  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

int
up_trainee_update (PGconn               *conn,
                   gint64                id,
                   int                   version,
                   const UpTraineeInput *input,
                   GError              **error)
{
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) result = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *version_text = NULL;
  gint64 exists = 0;

  g_return_val_if_fail (conn != NULL, 0);
  g_return_val_if_fail (input != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!params_init (&p, input, error))
    return 0;

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  version_text = g_strdup_printf ("%d", version);

  {
    const char *params[] = {
      id_text, version_text,
      p.academy_id, p.id_number, p.name, p.phone, p.employer, p.industry,
      input->union_member ? "true" : "false", p.education, p.skill_level,
    };

    result = up_pg_exec_write (conn, trainee_update_sql, G_N_ELEMENTS (params), params, error);
    if (result == NULL)
      return 0;
  }

  if (PQntuples (result) == 1)
    return (int) g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);

  /* Nothing updated: either the version moved on or the row is gone. */
  {
    const char *params[] = { id_text };

    if (!up_pg_query_int64 (conn, trainee_exists_sql, 1, params, &exists, error))
      return 0;
  }

  if (exists > 0)
    g_set_error_literal (error, UP_TRAINEE_ERROR, UP_TRAINEE_ERROR_CHANGED,
                         _("Someone else changed this trainee after you opened it. "
                           "Close the form and open the trainee again to see the changes."));
  else
    g_set_error_literal (error, UP_TRAINEE_ERROR, UP_TRAINEE_ERROR_NOT_FOUND,
                         _("This trainee is no longer in the database."));
  return 0;
}

UpTrainee *
up_trainee_get (PGconn  *conn,
                gint64   id,
                GError **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *params[] = { id_text };
  UpTrainee *trainee;

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = up_pg_exec (conn, trainee_get_sql, 1, params, error);
  if (result == NULL)
    return NULL;

  if (PQntuples (result) != 1)
    {
      g_set_error_literal (error, UP_TRAINEE_ERROR, UP_TRAINEE_ERROR_NOT_FOUND,
                           _("This trainee is no longer in the database."));
      return NULL;
    }

  trainee = up_trainee_new_placeholder ();
  up_trainee_fill_from_result (trainee, result, 0, 0);
  return trainee;
}

gboolean
up_trainee_find_by_id_number (PGconn      *conn,
                              const char  *id_number,
                              gint64      *id,
                              GError     **error)
{
  g_autofree char *normalized = NULL;
  const char *params[1];

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *id = 0;
  normalized = up_id_number_normalize (id_number);
  if (normalized == NULL)
    return TRUE;  /* not a valid number: no trainee can have it */

  params[0] = normalized;
  return up_pg_query_int64 (conn, trainee_find_by_id_number_sql, 1, params, id, error);
}

GStrv
up_trainee_list_employers (PGconn      *conn,
                           const char  *text,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(PGresult) result = NULL;
  g_autofree char *trimmed = trimmed_or_null (text);
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (trimmed == NULL)
    {
      const char *params[] = { limit_text };

      result = up_pg_exec (conn, trainee_employers_all_sql, 1, params, error);
    }
  else
    {
      g_autofree char *escaped = up_trainee_like_escape (trimmed);
      g_autofree char *contains = g_strconcat ("%", escaped, "%", NULL);
      g_autofree char *starts = g_strconcat (escaped, "%", NULL);
      const char *params[] = { contains, starts, limit_text };

      result = up_pg_exec (conn, trainee_employers_sql, 3, params, error);
    }

  if (result == NULL)
    return NULL;

  for (int i = 0; i < PQntuples (result); i++)
    g_strv_builder_add (builder, PQgetvalue (result, i, 0));

  return g_strv_builder_end (builder);
}

/* Async -------------------------------------------------------------------- */

typedef struct
{
  UpTraineeInput *input;
  char           *text;
  gint64          id;
  int             version;
  guint           limit;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->input, up_trainee_input_free);
  g_free (job->text);
  g_free (job);
}

static gint64 *
int64_new (gint64 value)
{
  gint64 *p = g_new (gint64, 1);

  *p = value;
  return p;
}

static gpointer
insert_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;
  gint64 id = up_trainee_insert (conn, job->input, error);

  return id > 0 ? int64_new (id) : NULL;
}

static gpointer
update_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;
  int version = up_trainee_update (conn, job->id, job->version, job->input, error);

  return version > 0 ? int64_new (version) : NULL;
}

static gpointer
get_func (PGconn        *conn,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Job *job = data;

  return up_trainee_get (conn, job->id, error);
}

static gpointer
find_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Job *job = data;
  gint64 id = 0;

  if (!up_trainee_find_by_id_number (conn, job->text, &id, error))
    return NULL;

  return int64_new (id);
}

static gpointer
employers_func (PGconn        *conn,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Job *job = data;

  return up_trainee_list_employers (conn, job->text, job->limit, error);
}

/* Passes the worker's result (or error) on to the task. */
static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GDestroyNotify destroy = g_task_get_task_data (task);
  gpointer value;

  value = up_database_run_finish (UP_DATABASE (object), result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, destroy);
}

static void
run_job (UpDatabase          *db,
         gpointer             source_tag,
         UpDatabaseFunc       func,
         Job                 *job,
         GDestroyNotify       result_destroy,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, result_destroy, NULL);

  up_database_run_async (db, func, job, job_free, result_destroy,
                         cancellable, run_cb, g_steal_pointer (&task));
}

static gpointer
propagate (UpDatabase    *db,
           GAsyncResult  *result,
           gpointer       source_tag,
           GError       **error)
{
  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);
  g_return_val_if_fail (g_task_is_valid (result, db), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gint64
propagate_int64 (UpDatabase    *db,
                 GAsyncResult  *result,
                 gpointer       source_tag,
                 GError       **error)
{
  g_autofree gint64 *value = propagate (db, result, source_tag, error);

  return value != NULL ? *value : 0;
}

void
up_trainee_insert_async (UpDatabase           *db,
                         const UpTraineeInput *input,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  Job *job;

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (input != NULL);

  job = g_new0 (Job, 1);
  job->input = up_trainee_input_copy (input);
  run_job (db, up_trainee_insert_async, insert_func, job, g_free, cancellable, callback, user_data);
}

gint64
up_trainee_insert_finish (UpDatabase    *db,
                          GAsyncResult  *result,
                          GError       **error)
{
  return propagate_int64 (db, result, up_trainee_insert_async, error);
}

void
up_trainee_update_async (UpDatabase           *db,
                         gint64                id,
                         int                   version,
                         const UpTraineeInput *input,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  Job *job;

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (input != NULL);

  job = g_new0 (Job, 1);
  job->input = up_trainee_input_copy (input);
  job->id = id;
  job->version = version;
  run_job (db, up_trainee_update_async, update_func, job, g_free, cancellable, callback, user_data);
}

int
up_trainee_update_finish (UpDatabase    *db,
                          GAsyncResult  *result,
                          GError       **error)
{
  return (int) propagate_int64 (db, result, up_trainee_update_async, error);
}

void
up_trainee_get_async (UpDatabase          *db,
                      gint64               id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Job *job;

  g_return_if_fail (UP_IS_DATABASE (db));

  job = g_new0 (Job, 1);
  job->id = id;
  run_job (db, up_trainee_get_async, get_func, job, g_object_unref, cancellable, callback, user_data);
}

UpTrainee *
up_trainee_get_finish (UpDatabase    *db,
                       GAsyncResult  *result,
                       GError       **error)
{
  return propagate (db, result, up_trainee_get_async, error);
}

void
up_trainee_find_by_id_number_async (UpDatabase          *db,
                                    const char          *id_number,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Job *job;

  g_return_if_fail (UP_IS_DATABASE (db));

  job = g_new0 (Job, 1);
  job->text = g_strdup (id_number);
  run_job (db, up_trainee_find_by_id_number_async, find_func, job, g_free, cancellable, callback, user_data);
}

gint64
up_trainee_find_by_id_number_finish (UpDatabase    *db,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return propagate_int64 (db, result, up_trainee_find_by_id_number_async, error);
}

void
up_trainee_list_employers_async (UpDatabase          *db,
                                 const char          *text,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job;

  g_return_if_fail (UP_IS_DATABASE (db));

  job = g_new0 (Job, 1);
  job->text = g_strdup (text);
  job->limit = limit;
  run_job (db, up_trainee_list_employers_async, employers_func, job, (GDestroyNotify) g_strfreev,
           cancellable, callback, user_data);
}

GStrv
up_trainee_list_employers_finish (UpDatabase    *db,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return propagate (db, result, up_trainee_list_employers_async, error);
}
