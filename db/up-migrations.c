/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-migrations"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <stdlib.h>

#include "up-db-resources.h"
#include "up-error.h"
#include "up-migrations.h"
#include "up-pg.h"

/* Migrations are db/migrations/NNNN-name.sql, compiled into the program.
 * Each runs in its own transaction while holding a transaction-scoped
 * advisory lock, and re-reads the version under that lock, so two clients
 * starting together apply each migration exactly once.  A migration only
 * adds or reshapes: it never drops data. */

#define MIGRATIONS_PATH RESOURCE_BASE "/db/migrations"
/* "upskill" in ASCII: the advisory lock key of the schema. */
#define MIGRATION_LOCK_KEY "7887761431937644"

typedef struct
{
  int   version;
  char *name;
} Migration;

static void
migration_clear (Migration *migration)
{
  g_free (migration->name);
}

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  return ((const Migration *) a)->version - ((const Migration *) b)->version;
}

/* The compiled-in migrations, sorted by version. */
static GArray *
list_migrations (void)
{
  GArray *list = g_array_new (FALSE, TRUE, sizeof (Migration));
  g_auto(GStrv) names = NULL;

  g_array_set_clear_func (list, (GDestroyNotify) migration_clear);

  names = g_resource_enumerate_children (up_db_get_resource (), MIGRATIONS_PATH,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      Migration migration;

      if (!g_str_has_suffix (names[i], ".sql"))
        continue;

      migration.version = atoi (names[i]);
      migration.name = g_strdup (names[i]);
      if (migration.version > 0)
        g_array_append_val (list, migration);
      else
        g_free (migration.name);
    }

  g_array_sort (list, compare_migrations);
  return list;
}

int
up_migrations_get_latest (void)
{
  g_autoptr(GArray) list = list_migrations ();

  return list->len > 0 ? g_array_index (list, Migration, list->len - 1).version : 0;
}

static gboolean
ensure_version_table (PGconn  *conn,
                      GError **error)
{
  return up_pg_command (conn,
                        "CREATE TABLE IF NOT EXISTS schema_version ("
                        "  version integer PRIMARY KEY,"
                        "  name text NOT NULL,"
                        "  program_version text NOT NULL,"
                        "  applied_at timestamptz NOT NULL DEFAULT now ())",
                        0, NULL, error);
}

gboolean
up_migrations_get_current (PGconn  *conn,
                           int     *version,
                           GError **error)
{
  gint64 exists = 0;
  gint64 current = 0;

  if (!up_pg_query_int64 (conn, "SELECT count(*) FROM pg_catalog.pg_tables "
                                "WHERE schemaname = current_schema () AND tablename = 'schema_version'",
                          0, NULL, &exists, error))
    return FALSE;

  if (exists > 0
      && !up_pg_query_int64 (conn, "SELECT coalesce (max (version), 0) FROM schema_version",
                             0, NULL, &current, error))
    return FALSE;

  *version = (int) current;
  return TRUE;
}

static gboolean
refuse_if_newer (int       current,
                 int       latest,
                 GError  **error)
{
  if (current <= latest)
    return TRUE;

  g_set_error (error, UP_ERROR, UP_ERROR_SCHEMA_TOO_NEW,
               _("The database was set up by a newer Upskill (schema version %d; this "
                 "program knows up to %d). Install the newer version of Upskill."),
               current, latest);
  return FALSE;
}

static gboolean
apply_one (PGconn           *conn,
           const Migration  *migration,
           int               latest,
           gboolean         *applied,
           GError          **error)
{
  g_autofree char *path = g_build_path ("/", MIGRATIONS_PATH, migration->name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *version_text = g_strdup_printf ("%d", migration->version);
  g_autoptr(PGresult) result = NULL;
  int current = 0;

  *applied = FALSE;

  bytes = g_resource_lookup_data (up_db_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  if (!up_pg_begin (conn, error))
    return FALSE;

  if (!up_pg_command (conn, "SELECT pg_advisory_xact_lock (" MIGRATION_LOCK_KEY ")", 0, NULL, error)
      || !ensure_version_table (conn, error)
      || !up_migrations_get_current (conn, &current, error)
      || !refuse_if_newer (current, latest, error))
    goto fail;

  if (current >= migration->version)
    {
      /* Another client got here first. */
      up_pg_rollback (conn);
      return TRUE;
    }

  /* The file is our own compiled-in SQL: several statements, no values. */
  result = PQexec (conn, g_bytes_get_data (bytes, NULL));
  if (result == NULL || PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_autoptr(GError) sql_error = NULL;

      up_error_set_from_result (&sql_error, conn, result);
      g_set_error (error, UP_ERROR, UP_ERROR_FAILED,
                   _("Updating the database to version %d failed: %s"),
                   migration->version, sql_error->message);
      goto fail;
    }

  {
    const char *params[] = { version_text, migration->name, PACKAGE_VERSION };

    if (!up_pg_command (conn, "INSERT INTO schema_version (version, name, program_version) "
                              "VALUES ($1, $2, $3)", 3, params, error))
      goto fail;
  }

  if (!up_pg_commit (conn, error))
    return FALSE;

  *applied = TRUE;
  return TRUE;

fail:
  up_pg_rollback (conn);
  return FALSE;
}

gboolean
up_migrations_apply (PGconn  *conn,
                     int     *applied,
                     GError **error)
{
  g_autoptr(GArray) list = list_migrations ();
  int latest = list->len > 0 ? g_array_index (list, Migration, list->len - 1).version : 0;
  int current = 0;
  int count = 0;

  if (applied != NULL)
    *applied = 0;

  if (!up_migrations_get_current (conn, &current, error)
      || !refuse_if_newer (current, latest, error))
    return FALSE;

  for (guint i = 0; i < list->len; i++)
    {
      const Migration *migration = &g_array_index (list, Migration, i);
      gboolean done = FALSE;

      if (migration->version <= current)
        continue;

      if (!apply_one (conn, migration, latest, &done, error))
        return FALSE;

      if (done)
        {
          g_debug ("Applied migration %s", migration->name);
          count++;
        }
    }

  if (applied != NULL)
    *applied = count;

  return TRUE;
}
