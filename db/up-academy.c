/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-academy"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-academy.h"
#include "up-error.h"
#include "up-pg.h"
#include "up-store-private.h"

struct _UpAcademy
{
  GObject         parent_instance;

  gint64          id;
  char           *code;
  char           *name;
  UpAcademyLevel  level;
  char           *district;
  char           *industry;
  int             version;
};

G_DEFINE_FINAL_TYPE (UpAcademy, up_academy, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (UpAcademyLevel, up_academy_level,
  G_DEFINE_ENUM_VALUE (UP_ACADEMY_LEVEL_MUNICIPAL, "municipal"),
  G_DEFINE_ENUM_VALUE (UP_ACADEMY_LEVEL_DISTRICT, "district"),
  G_DEFINE_ENUM_VALUE (UP_ACADEMY_LEVEL_INDUSTRY, "industry"),
  G_DEFINE_ENUM_VALUE (UP_ACADEMY_LEVEL_ENTERPRISE, "enterprise"))

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_NAME,
  PROP_LEVEL,
  PROP_LEVEL_LABEL,
  PROP_DISTRICT,
  PROP_INDUSTRY,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *level_sql[] = { "municipal", "district", "industry", "enterprise" };

static const char *level_labels[] = {
  /* Translators: academy level 市级 */
  NC_("academy level", "Municipal"),
  /* Translators: academy level 区县级 */
  NC_("academy level", "District"),
  /* Translators: academy level 产业级 */
  NC_("academy level", "Industry"),
  /* Translators: academy level 企业级 */
  NC_("academy level", "Enterprise"),
};

#define ACADEMY_COLUMNS "id, code, name, level, district, industry, version"

static const char *list_sql =
  "SELECT " ACADEMY_COLUMNS " FROM academies ORDER BY name COLLATE up_pinyin, id";

static const char *insert_sql =
  "INSERT INTO academies (code, name, level, district, industry) "
  "VALUES ($1, $2, $3::academy_level, $4, $5) RETURNING id, version";

/* Only the row as it was read: a concurrent edit leaves no row to update. */
static const char *update_sql =
  "UPDATE academies SET code = $3, name = $4, level = $5::academy_level, district = $6, industry = $7 "
  "WHERE id = $1 AND version = $2 RETURNING version";

/* Levels --------------------------------------------------------------- */

const char *
up_academy_level_to_sql (UpAcademyLevel level)
{
  g_return_val_if_fail (level <= UP_ACADEMY_LEVEL_ENTERPRISE, NULL);
  return level_sql[level];
}

gboolean
up_academy_level_from_sql (const char     *sql,
                           UpAcademyLevel *level)
{
  guint index;

  if (!up_store_enum_from_sql (sql, level_sql, G_N_ELEMENTS (level_sql), &index))
    return FALSE;
  *level = index;
  return TRUE;
}

const char *
up_academy_level_to_label (UpAcademyLevel level)
{
  g_return_val_if_fail (level <= UP_ACADEMY_LEVEL_ENTERPRISE, NULL);
  return g_dpgettext2 (NULL, "academy level", level_labels[level]);
}

/* GObject -------------------------------------------------------------- */

static void
up_academy_finalize (GObject *object)
{
  UpAcademy *self = (UpAcademy *) object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->district, g_free);
  g_clear_pointer (&self->industry, g_free);

  G_OBJECT_CLASS (up_academy_parent_class)->finalize (object);
}

static void
up_academy_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  UpAcademy *self = UP_ACADEMY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;
    case PROP_LEVEL_LABEL:
      g_value_set_string (value, up_academy_get_level_label (self));
      break;
    case PROP_DISTRICT:
      g_value_set_string (value, self->district);
      break;
    case PROP_INDUSTRY:
      g_value_set_string (value, self->industry);
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_academy_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  UpAcademy *self = UP_ACADEMY (object);

  switch (prop_id)
    {
    case PROP_CODE:
      up_academy_set_code (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      up_academy_set_name (self, g_value_get_string (value));
      break;
    case PROP_LEVEL:
      up_academy_set_level (self, g_value_get_enum (value));
      break;
    case PROP_DISTRICT:
      up_academy_set_district (self, g_value_get_string (value));
      break;
    case PROP_INDUSTRY:
      up_academy_set_industry (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_academy_class_init (UpAcademyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_academy_finalize;
  object_class->get_property = up_academy_get_property;
  object_class->set_property = up_academy_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL, UP_TYPE_ACADEMY_LEVEL, UP_ACADEMY_LEVEL_MUNICIPAL,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LEVEL_LABEL] =
    g_param_spec_string ("level-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISTRICT] =
    g_param_spec_string ("district", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INDUSTRY] =
    g_param_spec_string ("industry", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VERSION] =
    g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_academy_init (UpAcademy *self)
{
  self->level = UP_ACADEMY_LEVEL_MUNICIPAL;
}

UpAcademy *
up_academy_new (void)
{
  return g_object_new (UP_TYPE_ACADEMY, NULL);
}

gint64
up_academy_get_id (UpAcademy *self)
{
  g_return_val_if_fail (UP_IS_ACADEMY (self), 0);
  return self->id;
}

static void
set_string (UpAcademy   *self,
            char       **field,
            const char  *value,
            int          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
up_academy_get_code (UpAcademy *self)
{
  g_return_val_if_fail (UP_IS_ACADEMY (self), NULL);
  return self->code;
}

void
up_academy_set_code (UpAcademy  *self,
                     const char *code)
{
  g_return_if_fail (UP_IS_ACADEMY (self));
  set_string (self, &self->code, code, PROP_CODE);
}

const char *
up_academy_get_name (UpAcademy *self)
{
  g_return_val_if_fail (UP_IS_ACADEMY (self), NULL);
  return self->name;
}

void
up_academy_set_name (UpAcademy  *self,
                     const char *name)
{
  g_return_if_fail (UP_IS_ACADEMY (self));
  set_string (self, &self->name, name, PROP_NAME);
}

UpAcademyLevel
up_academy_get_level (UpAcademy *self)
{
  g_return_val_if_fail (UP_IS_ACADEMY (self), 0);
  return self->level;
}

void
up_academy_set_level (UpAcademy      *self,
                      UpAcademyLevel  level)
{
  g_return_if_fail (UP_IS_ACADEMY (self));
  g_return_if_fail (level <= UP_ACADEMY_LEVEL_ENTERPRISE);

  if (self->level == level)
    return;
  self->level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL_LABEL]);
}

const char *
up_academy_get_level_label (UpAcademy *self)
{
  g_return_val_if_fail (UP_IS_ACADEMY (self), NULL);
  return up_academy_level_to_label (self->level);
}

const char *
up_academy_get_district (UpAcademy *self)
{
  g_return_val_if_fail (UP_IS_ACADEMY (self), NULL);
  return self->district;
}

void
up_academy_set_district (UpAcademy  *self,
                         const char *district)
{
  g_return_if_fail (UP_IS_ACADEMY (self));
  set_string (self, &self->district, district, PROP_DISTRICT);
}

const char *
up_academy_get_industry (UpAcademy *self)
{
  g_return_val_if_fail (UP_IS_ACADEMY (self), NULL);
  return self->industry;
}

void
up_academy_set_industry (UpAcademy  *self,
                         const char *industry)
{
  g_return_if_fail (UP_IS_ACADEMY (self));
  set_string (self, &self->industry, industry, PROP_INDUSTRY);
}

int
up_academy_get_version (UpAcademy *self)
{
  g_return_val_if_fail (UP_IS_ACADEMY (self), 0);
  return self->version;
}

static void
set_saved (UpAcademy *self,
           gint64     id,
           int        version)
{
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  if (self->version != version)
    {
      self->version = version;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
    }
}

/* Store ---------------------------------------------------------------- */

/* What is saved, copied on the caller's thread. */
typedef struct
{
  gint64  id;
  int     version;
  char   *code;
  char   *name;
  UpAcademyLevel level;
  char   *district;
  char   *industry;
  /* out */
  gint64  new_id;
  int     new_version;
} AcademyValues;

static void
academy_values_free (AcademyValues *values)
{
  g_free (values->code);
  g_free (values->name);
  g_free (values->district);
  g_free (values->industry);
  g_free (values);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AcademyValues, academy_values_free)

static AcademyValues *
academy_values_new (UpAcademy *academy)
{
  AcademyValues *values = g_new0 (AcademyValues, 1);

  values->id = academy->id;
  values->version = academy->version;
  values->code = g_strdup (academy->code);
  values->name = g_strdup (academy->name);
  values->level = academy->level;
  values->district = g_strdup (academy->district);
  /* An empty industry is no industry. */
  values->industry = academy->industry != NULL && *academy->industry != '\0' ? g_strdup (academy->industry) : NULL;
  return values;
}

static gboolean
values_insert (PGconn         *conn,
               AcademyValues  *values,
               GError        **error)
{
  const char *params[] = { values->code, values->name, level_sql[values->level],
                           values->district, values->industry };
  g_autoptr(PGresult) result = up_pg_exec_write (conn, insert_sql, G_N_ELEMENTS (params), params, error);

  if (result == NULL)
    return FALSE;

  values->new_id = up_store_int64 (result, 0, 0);
  values->new_version = (int) up_store_int64 (result, 0, 1);
  return TRUE;
}

static gboolean
values_update (PGconn         *conn,
               AcademyValues  *values,
               GError        **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, values->id);
  g_autofree char *version = g_strdup_printf ("%d", values->version);
  const char *params[] = { id, version, values->code, values->name, level_sql[values->level],
                           values->district, values->industry };
  g_autoptr(PGresult) result = up_pg_exec_write (conn, update_sql, G_N_ELEMENTS (params), params, error);

  if (result == NULL)
    return FALSE;

  if (PQntuples (result) != 1)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_RETRY,
                           _("Someone else changed or removed this academy in the meantime. "
                             "Reload it and make your changes again."));
      return FALSE;
    }

  values->new_id = values->id;
  values->new_version = (int) up_store_int64 (result, 0, 0);
  return TRUE;
}

static UpAcademy *
academy_from_row (const PGresult *result,
                  int             row)
{
  UpAcademy *academy = up_academy_new ();

  academy->id = up_store_int64 (result, row, 0);
  academy->code = g_strdup (up_store_text (result, row, 1));
  academy->name = g_strdup (up_store_text (result, row, 2));
  up_academy_level_from_sql (up_store_text (result, row, 3), &academy->level);
  academy->district = g_strdup (up_store_text (result, row, 4));
  academy->industry = g_strdup (up_store_text (result, row, 5));
  academy->version = (int) up_store_int64 (result, row, 6);
  return academy;
}

GListStore *
up_academy_list (PGconn  *conn,
                 GError **error)
{
  g_autoptr(PGresult) result = up_pg_exec (conn, list_sql, 0, NULL, error);
  GListStore *store;
  int n;

  if (result == NULL)
    return NULL;

  store = g_list_store_new (UP_TYPE_ACADEMY);
  n = PQntuples (result);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(UpAcademy) academy = academy_from_row (result, i);

      g_list_store_append (store, academy);
    }
  return store;
}

gboolean
up_academy_insert (PGconn     *conn,
                   UpAcademy  *academy,
                   GError    **error)
{
  g_autoptr(AcademyValues) values = NULL;

  g_return_val_if_fail (UP_IS_ACADEMY (academy), FALSE);

  values = academy_values_new (academy);
  if (!values_insert (conn, values, error))
    return FALSE;
  set_saved (academy, values->new_id, values->new_version);
  return TRUE;
}

gboolean
up_academy_update (PGconn     *conn,
                   UpAcademy  *academy,
                   GError    **error)
{
  g_autoptr(AcademyValues) values = NULL;

  g_return_val_if_fail (UP_IS_ACADEMY (academy), FALSE);
  g_return_val_if_fail (academy->id > 0, FALSE);

  values = academy_values_new (academy);
  if (!values_update (conn, values, error))
    return FALSE;
  set_saved (academy, values->new_id, values->new_version);
  return TRUE;
}

static gpointer
list_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return up_academy_list (conn, error);
}

void
up_academy_list_async (UpDatabase          *db,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));

  up_store_run_read_async (db, up_academy_list_async, list_func, NULL, NULL, g_object_unref,
                           NULL, NULL, cancellable, callback, user_data);
}

GListStore *
up_academy_list_finish (UpDatabase    *db,
                        GAsyncResult  *result,
                        GError       **error)
{
  return up_store_propagate (db, result, up_academy_list_async, error);
}

static gpointer
insert_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return values_insert (conn, data, error) ? UP_STORE_OK : NULL;
}

static gpointer
update_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return values_update (conn, data, error) ? UP_STORE_OK : NULL;
}

typedef struct
{
  UpAcademy     *academy;
  AcademyValues *values;
} SaveData;

static void
save_data_free (SaveData *save)
{
  g_object_unref (save->academy);
  academy_values_free (save->values);
  g_free (save);
}

static void
save_async (UpDatabase          *db,
            UpAcademy           *academy,
            gpointer             source_tag,
            UpDatabaseFunc       func,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  SaveData *save = g_new0 (SaveData, 1);

  save->academy = g_object_ref (academy);
  save->values = academy_values_new (academy);
  /* The worker writes only into values; the task keeps it until finish. */
  up_store_run_async (db, source_tag, func, save->values, NULL, NULL,
                      save, (GDestroyNotify) save_data_free, cancellable, callback, user_data);
}

static gboolean
save_finish (UpDatabase    *db,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  SaveData *save;

  if (up_store_propagate (db, result, source_tag, error) == NULL)
    return FALSE;

  save = g_task_get_task_data (G_TASK (result));
  set_saved (save->academy, save->values->new_id, save->values->new_version);
  return TRUE;
}

void
up_academy_insert_async (UpDatabase          *db,
                         UpAcademy           *academy,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (UP_IS_ACADEMY (academy));

  save_async (db, academy, up_academy_insert_async, insert_func, cancellable, callback, user_data);
}

gboolean
up_academy_insert_finish (UpDatabase    *db,
                          GAsyncResult  *result,
                          GError       **error)
{
  return save_finish (db, result, up_academy_insert_async, error);
}

void
up_academy_update_async (UpDatabase          *db,
                         UpAcademy           *academy,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (UP_IS_ACADEMY (academy));
  g_return_if_fail (up_academy_get_id (academy) > 0);

  save_async (db, academy, up_academy_update_async, update_func, cancellable, callback, user_data);
}

gboolean
up_academy_update_finish (UpDatabase    *db,
                          GAsyncResult  *result,
                          GError       **error)
{
  return save_finish (db, result, up_academy_update_async, error);
}
