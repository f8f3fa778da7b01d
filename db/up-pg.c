/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-pg"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <stdlib.h>
#include <string.h>

#include "up-pg.h"

PGresult *
up_pg_exec (PGconn              *conn,
            const char          *sql,
            int                  n_params,
            const char * const  *params,
            GError             **error)
{
  PGresult *result;
  ExecStatusType status;

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  status = result != NULL ? PQresultStatus (result) : PGRES_FATAL_ERROR;

  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
    return result;

  up_error_set_from_result (error, conn, result);
  g_clear_pointer (&result, PQclear);
  return NULL;
}

gboolean
up_pg_command (PGconn              *conn,
               const char          *sql,
               int                  n_params,
               const char * const  *params,
               GError             **error)
{
  g_autoptr(PGresult) result = up_pg_exec (conn, sql, n_params, params, error);

  return result != NULL;
}

gboolean
up_pg_query_int64 (PGconn              *conn,
                   const char          *sql,
                   int                  n_params,
                   const char * const  *params,
                   gint64              *value,
                   GError             **error)
{
  g_autoptr(PGresult) result = up_pg_exec (conn, sql, n_params, params, error);

  if (result == NULL)
    return FALSE;

  if (PQntuples (result) < 1 || PQnfields (result) < 1 || PQgetisnull (result, 0, 0))
    *value = 0;
  else
    *value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);

  return TRUE;
}

gboolean
up_pg_begin (PGconn  *conn,
             GError **error)
{
  return up_pg_command (conn, "BEGIN", 0, NULL, error);
}

/* The COMMIT sent from this thread whose answer never came: one at a time,
 * since a connection runs one statement at a time and the worker takes it
 * right after each job. */
typedef struct
{
  PGconn *conn;
  char   *xid;
} Unconfirmed;

static void
unconfirmed_free (gpointer data)
{
  Unconfirmed *unconfirmed = data;

  g_free (unconfirmed->xid);
  g_free (unconfirmed);
}

static GPrivate unconfirmed_commit = G_PRIVATE_INIT (unconfirmed_free);

char *
up_pg_take_unconfirmed_commit (PGconn *conn)
{
  Unconfirmed *unconfirmed = g_private_get (&unconfirmed_commit);
  char *xid = NULL;

  if (unconfirmed == NULL)
    return NULL;

  if (unconfirmed->conn == conn)
    xid = g_steal_pointer (&unconfirmed->xid);
  g_private_replace (&unconfirmed_commit, NULL);

  return xid;
}

gboolean
up_pg_commit (PGconn  *conn,
              GError **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *xid = NULL;

  g_return_val_if_fail (conn != NULL, FALSE);

  /* The id, while the transaction can still run a statement (a failed one
   * cannot: its COMMIT answers ROLLBACK below).  NULL: it wrote nothing,
   * so a lost answer would leave nothing to find out.  Never "COMMIT" in
   * this text: tests find the COMMIT by its word on the wire. */
  if (PQtransactionStatus (conn) == PQTRANS_INTRANS)
    {
      g_autoptr(PGresult) id = up_pg_exec (conn, "SELECT pg_current_xact_id_if_assigned ()::text",
                                           0, NULL, error);

      /* Lost here, COMMIT never went out: the server rolls back. */
      if (id == NULL)
        return FALSE;
      if (PQntuples (id) == 1 && !PQgetisnull (id, 0, 0))
        xid = g_strdup (PQgetvalue (id, 0, 0));
    }

  result = up_pg_exec (conn, "COMMIT", 0, NULL, &local_error);

  if (result == NULL)
    {
      /* The server may have committed before the connection broke: an
       * error it sent with the connection still up means it did not. */
      if (xid != NULL && PQstatus (conn) == CONNECTION_BAD)
        {
          Unconfirmed *unconfirmed = g_new0 (Unconfirmed, 1);

          g_debug ("the answer to COMMIT of transaction %s was lost: %s", xid, local_error->message);
          unconfirmed->conn = conn;
          unconfirmed->xid = g_steal_pointer (&xid);
          g_private_replace (&unconfirmed_commit, unconfirmed);
          g_set_error_literal (error, UP_ERROR, UP_ERROR_OUTCOME_UNKNOWN,
                               _("The connection was lost while the change was being saved, and it is not known "
                                 "whether it was saved. Check whether the change is there before trying again."));
          return FALSE;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* COMMIT of a failed transaction answers ROLLBACK: nothing was written. */
  if (g_strcmp0 (PQcmdStatus (result), "ROLLBACK") == 0)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED,
                           _("The change was not saved: the database rolled it back."));
      return FALSE;
    }

  return TRUE;
}

PGresult *
up_pg_exec_write (PGconn              *conn,
                  const char          *sql,
                  int                  n_params,
                  const char * const  *params,
                  GError             **error)
{
  PGresult *result;

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (PQtransactionStatus (conn) != PQTRANS_IDLE)
    return up_pg_exec (conn, sql, n_params, params, error);

  if (!up_pg_begin (conn, error))
    return NULL;

  result = up_pg_exec (conn, sql, n_params, params, error);
  if (result == NULL || !up_pg_commit (conn, error))
    {
      g_clear_pointer (&result, PQclear);
      up_pg_rollback (conn);
      return NULL;
    }

  return result;
}

gboolean
up_pg_command_write (PGconn              *conn,
                     const char          *sql,
                     int                  n_params,
                     const char * const  *params,
                     GError             **error)
{
  g_autoptr(PGresult) result = up_pg_exec_write (conn, sql, n_params, params, error);

  return result != NULL;
}

void
up_pg_rollback (PGconn *conn)
{
  PGresult *result;

  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    return;

  if (PQtransactionStatus (conn) == PQTRANS_IDLE)
    return;

  result = PQexec (conn, "ROLLBACK");
  PQclear (result);
}

gboolean
up_pg_copy_begin (PGconn      *conn,
                  const char  *copy_sql,
                  GError     **error)
{
  g_autoptr(PGresult) result = PQexec (conn, copy_sql);

  if (result == NULL || PQresultStatus (result) != PGRES_COPY_IN)
    {
      up_error_set_from_result (error, conn, result);
      return FALSE;
    }

  return TRUE;
}

gboolean
up_pg_copy_put (PGconn      *conn,
                const char  *buffer,
                gsize        len,
                GError     **error)
{
  while (len > 0)
    {
      int chunk = (int) MIN (len, (gsize) G_MAXINT);

      if (PQputCopyData (conn, buffer, chunk) != 1)
        {
          up_error_set_from_result (error, conn, NULL);
          return FALSE;
        }
      buffer += chunk;
      len -= chunk;
    }

  return TRUE;
}

gboolean
up_pg_copy_end (PGconn  *conn,
                GError **error)
{
  PGresult *result;
  gboolean ok = TRUE;

  if (PQputCopyEnd (conn, NULL) != 1)
    {
      up_error_set_from_result (error, conn, NULL);
      return FALSE;
    }

  /* The COPY's own result, then NULL. */
  while ((result = PQgetResult (conn)) != NULL)
    {
      if (ok && PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          up_error_set_from_result (error, conn, result);
          ok = FALSE;
        }
      PQclear (result);
    }

  return ok;
}

void
up_pg_copy_append (GString    *buf,
                   const char *value)
{
  if (value == NULL)
    {
      g_string_append (buf, "\\N");
      return;
    }

  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (buf, "\\\\"); break;
        case '\t': g_string_append (buf, "\\t"); break;
        case '\n': g_string_append (buf, "\\n"); break;
        case '\r': g_string_append (buf, "\\r"); break;
        default: g_string_append_c (buf, *p); break;
        }
    }
}

/* Notices ("relation already exists, skipping") are for developers. */
static void
notice_cb (void       *arg,
           const char *message)
{
  g_debug ("server notice: %s", message);
}

/* What went wrong, in words a person can act on: the password, the
 * secure connection, the database's name or the server itself.  The
 * server's own text follows (libpq never puts the password in it). */
static void
set_connect_error (GError  **error,
                   PGconn   *conn)
{
  g_autofree char *message = NULL;
  const char *text = conn != NULL ? PQerrorMessage (conn) : "";

  message = g_strstrip (g_strdup (text));
  if ((conn != NULL && PQconnectionNeedsPassword (conn))
      || strstr (text, "password authentication failed") != NULL
      || strstr (text, "no password supplied") != NULL
      || (strstr (text, "role \"") != NULL && strstr (text, "does not exist") != NULL))
    g_set_error (error, UP_ERROR, UP_ERROR_AUTHENTICATION,
                 _("The database server did not accept the login: %s"), message);
  else if (strstr (text, "SSL") != NULL || strstr (text, "certificate") != NULL)
    g_set_error (error, UP_ERROR, UP_ERROR_CONNECTION,
                 _("A secure (SSL) connection to the database server could not be made: %s"), message);
  else if (strstr (text, "database \"") != NULL && strstr (text, "does not exist") != NULL)
    g_set_error (error, UP_ERROR, UP_ERROR_CONNECTION,
                 _("The database server has no database of that name: %s"), message);
  else
    g_set_error (error, UP_ERROR, UP_ERROR_CONNECTION,
                 _("Cannot connect to the database server: %s"), message);
}

static PGconn *
connect_with (const char * const  *keywords,
              const char * const  *values,
              gboolean             expand_dbname,
              GError             **error)
{
  PGconn *conn;

  conn = PQconnectdbParams (keywords, values, expand_dbname);

  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      set_connect_error (error, conn);
      g_clear_pointer (&conn, PQfinish);
      return NULL;
    }

  PQsetNoticeProcessor (conn, notice_cb, NULL);

  /* The audit log names the person as well as the database role: on a
   * computer of one's own, the name the system knows. */
  {
    const char *person = g_get_real_name ();
    const char *params[1];
    PGresult *result;

    if (person == NULL || *person == '\0' || g_str_equal (person, "Unknown"))
      person = g_get_user_name ();
    params[0] = person;
    result = PQexecParams (conn, "SELECT set_config ('upskill.person', $1, false)", 1, NULL, params, NULL, NULL, 0);
    PQclear (result);
  }

  return conn;
}

PGconn *
up_pg_connect (const char  *conninfo,
               GError     **error)
{
  const char *keywords[] = { "dbname", "application_name", "client_encoding", NULL };
  const char *values[] = { conninfo, "upskill", "UTF8", NULL };

  /* expand_dbname: @conninfo may be a whole connection string or URI, and
   * the environment (PGSERVICE, ~/.pgpass, PGSSLMODE …) applies as usual. */
  return connect_with (keywords, values, TRUE, error);
}

PGconn *
up_pg_connect_params (const char * const  *keywords,
                      const char * const  *values,
                      GError             **error)
{
  g_autoptr(GPtrArray) k = g_ptr_array_new ();
  g_autoptr(GPtrArray) v = g_ptr_array_new ();

  g_return_val_if_fail (keywords != NULL && values != NULL, NULL);

  /* Ours first: a later keyword given by the caller wins. */
  g_ptr_array_add (k, (gpointer) "application_name");
  g_ptr_array_add (v, (gpointer) "upskill");
  g_ptr_array_add (k, (gpointer) "client_encoding");
  g_ptr_array_add (v, (gpointer) "UTF8");
  for (guint i = 0; keywords[i] != NULL; i++)
    {
      /* libpq stops at the first NULL keyword; an empty or NULL value is
       * "not given", so the environment and defaults apply. */
      if (values[i] == NULL || *values[i] == '\0')
        continue;
      g_ptr_array_add (k, (gpointer) keywords[i]);
      g_ptr_array_add (v, (gpointer) values[i]);
    }
  g_ptr_array_add (k, NULL);
  g_ptr_array_add (v, NULL);

  /* No expand_dbname: a value is only ever a value, never a connection
   * string of its own. */
  return connect_with ((const char * const *) k->pdata, (const char * const *) v->pdata, FALSE, error);
}

char *
up_pg_conninfo_from_params (const char * const *keywords,
                            const char * const *values)
{
  GString *out = g_string_new (NULL);
  PQconninfoOption *check;

  g_return_val_if_fail (keywords != NULL && values != NULL, NULL);

  for (guint i = 0; keywords[i] != NULL; i++)
    {
      if (values[i] == NULL || *values[i] == '\0')
        continue;

      /* Keywords are ours (letters and _); each value single-quoted with
       * \\ and \' escaped, as libpq's grammar says, so no value can add a
       * keyword of its own. */
      g_string_append_printf (out, "%s%s='", out->len > 0 ? " " : "", keywords[i]);
      for (const char *p = values[i]; *p != '\0'; p++)
        {
          if (*p == '\'' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '\'');
    }

  /* libpq must read back exactly what was given. */
  check = PQconninfoParse (out->str, NULL);
  if (check == NULL)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  PQconninfoFree (check);

  return g_string_free (out, FALSE);
}
