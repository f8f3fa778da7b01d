/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-major"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"

#include "up-error.h"
#include "up-major.h"
#include "up-pg.h"
#include "up-store-private.h"

struct _UpMajor
{
  GObject  parent_instance;

  gint64   id;
  gint64   academy_id;
  char    *name;
  int      version;
};

G_DEFINE_FINAL_TYPE (UpMajor, up_major, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACADEMY_ID,
  PROP_NAME,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *list_sql =
  "SELECT id, academy_id, name, version FROM majors WHERE academy_id = $1 ORDER BY name COLLATE up_pinyin, id";

static const char *insert_sql =
  "INSERT INTO majors (academy_id, name) VALUES ($1, btrim ($2)) RETURNING id, version, name";

/* GObject -------------------------------------------------------------- */

static void
up_major_finalize (GObject *object)
{
  UpMajor *self = (UpMajor *) object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (up_major_parent_class)->finalize (object);
}

static void
up_major_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  UpMajor *self = UP_MAJOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ACADEMY_ID:
      g_value_set_int64 (value, self->academy_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_major_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  UpMajor *self = UP_MAJOR (object);

  switch (prop_id)
    {
    case PROP_ACADEMY_ID:
      self->academy_id = g_value_get_int64 (value);
      break;
    case PROP_NAME:
      up_major_set_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_major_class_init (UpMajorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_major_finalize;
  object_class->get_property = up_major_get_property;
  object_class->set_property = up_major_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACADEMY_ID] =
    g_param_spec_int64 ("academy-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VERSION] =
    g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
up_major_init (UpMajor *self)
{
}

UpMajor *
up_major_new (gint64      academy_id,
              const char *name)
{
  return g_object_new (UP_TYPE_MAJOR, "academy-id", academy_id, "name", name, NULL);
}

gint64
up_major_get_id (UpMajor *self)
{
  g_return_val_if_fail (UP_IS_MAJOR (self), 0);
  return self->id;
}

gint64
up_major_get_academy_id (UpMajor *self)
{
  g_return_val_if_fail (UP_IS_MAJOR (self), 0);
  return self->academy_id;
}

const char *
up_major_get_name (UpMajor *self)
{
  g_return_val_if_fail (UP_IS_MAJOR (self), NULL);
  return self->name;
}

void
up_major_set_name (UpMajor    *self,
                   const char *name)
{
  g_return_if_fail (UP_IS_MAJOR (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

int
up_major_get_version (UpMajor *self)
{
  g_return_val_if_fail (UP_IS_MAJOR (self), 0);
  return self->version;
}

/* Store ---------------------------------------------------------------- */

typedef struct
{
  gint64  academy_id;
  char   *name;
  /* out */
  gint64  new_id;
  int     new_version;
  char   *new_name;
} MajorValues;

static void
major_values_free (MajorValues *values)
{
  g_free (values->name);
  g_free (values->new_name);
  g_free (values);
}

static MajorValues *
major_values_new (UpMajor *major)
{
  MajorValues *values = g_new0 (MajorValues, 1);

  values->academy_id = major->academy_id;
  values->name = g_strdup (major->name);
  return values;
}

static gboolean
values_insert (PGconn       *conn,
               MajorValues  *values,
               GError      **error)
{
  g_autofree char *academy_id = g_strdup_printf ("%" G_GINT64_FORMAT, values->academy_id);
  const char *params[] = { academy_id, values->name };
  g_autoptr(PGresult) result = up_pg_exec_write (conn, insert_sql, G_N_ELEMENTS (params), params, error);

  if (result == NULL)
    return FALSE;

  values->new_id = up_store_int64 (result, 0, 0);
  values->new_version = (int) up_store_int64 (result, 0, 1);
  values->new_name = g_strdup (up_store_text (result, 0, 2));
  return TRUE;
}

static void
set_saved (UpMajor     *self,
           MajorValues *values)
{
  up_major_set_name (self, values->new_name);
  if (self->id != values->new_id)
    {
      self->id = values->new_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  if (self->version != values->new_version)
    {
      self->version = values->new_version;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
    }
}

GListStore *
up_major_list (PGconn  *conn,
               gint64   academy_id,
               GError **error)
{
  g_autofree char *academy = g_strdup_printf ("%" G_GINT64_FORMAT, academy_id);
  const char *params[] = { academy };
  g_autoptr(PGresult) result = up_pg_exec (conn, list_sql, 1, params, error);
  GListStore *store;
  int n;

  if (result == NULL)
    return NULL;

  store = g_list_store_new (UP_TYPE_MAJOR);
  n = PQntuples (result);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(UpMajor) major = up_major_new (up_store_int64 (result, i, 1), up_store_text (result, i, 2));

      major->id = up_store_int64 (result, i, 0);
      major->version = (int) up_store_int64 (result, i, 3);
      g_list_store_append (store, major);
    }
  return store;
}

gboolean
up_major_insert (PGconn   *conn,
                 UpMajor  *major,
                 GError  **error)
{
  MajorValues *values;
  gboolean ok;

  g_return_val_if_fail (UP_IS_MAJOR (major), FALSE);

  values = major_values_new (major);
  ok = values_insert (conn, values, error);
  if (ok)
    set_saved (major, values);
  major_values_free (values);
  return ok;
}

static gpointer
list_func (PGconn        *conn,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return up_major_list (conn, *(gint64 *) data, error);
}

void
up_major_list_async (UpDatabase          *db,
                     gint64               academy_id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (UP_IS_DATABASE (db));

  up_store_run_read_async (db, up_major_list_async, list_func, g_memdup2 (&academy_id, sizeof academy_id), g_free,
                           g_object_unref, NULL, NULL, cancellable, callback, user_data);
}

GListStore *
up_major_list_finish (UpDatabase    *db,
                      GAsyncResult  *result,
                      GError       **error)
{
  return up_store_propagate (db, result, up_major_list_async, error);
}

static gpointer
insert_func (PGconn        *conn,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return values_insert (conn, data, error) ? UP_STORE_OK : NULL;
}

typedef struct
{
  UpMajor     *major;
  MajorValues *values;
} SaveData;

static void
save_data_free (SaveData *save)
{
  g_object_unref (save->major);
  major_values_free (save->values);
  g_free (save);
}

void
up_major_insert_async (UpDatabase          *db,
                       UpMajor             *major,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  SaveData *save;

  g_return_if_fail (UP_IS_DATABASE (db));
  g_return_if_fail (UP_IS_MAJOR (major));

  save = g_new0 (SaveData, 1);
  save->major = g_object_ref (major);
  save->values = major_values_new (major);
  up_store_run_async (db, up_major_insert_async, insert_func, save->values, NULL, NULL,
                      save, (GDestroyNotify) save_data_free, cancellable, callback, user_data);
}

gboolean
up_major_insert_finish (UpDatabase    *db,
                        GAsyncResult  *result,
                        GError       **error)
{
  SaveData *save;

  if (up_store_propagate (db, result, up_major_insert_async, error) == NULL)
    return FALSE;

  save = g_task_get_task_data (G_TASK (result));
  set_saved (save->major, save->values);
  return TRUE;
}
