/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define UP_ERROR (up_error_quark ())

/* What a person can act on, not what libpq said.  The SQLSTATE, when there
 * is one, travels with the error through up_error_get_sqlstate(). */
typedef enum
{
  UP_ERROR_FAILED,            /* anything else: the message says what */
  UP_ERROR_CONNECTION,        /* 08xxx, server gone, refused, socket missing */
  UP_ERROR_AUTHENTICATION,    /* 28xxx: wrong password or unknown role */
  UP_ERROR_CANCELLED,         /* 57014 or our own GCancellable */
  UP_ERROR_UNIQUE,            /* 23505 */
  UP_ERROR_CHECK,             /* 23514 */
  UP_ERROR_NOT_NULL,          /* 23502 */
  UP_ERROR_FOREIGN_KEY,       /* 23503 */
  UP_ERROR_EXCLUSION,         /* 23P01 */
  UP_ERROR_RETRY,             /* 40001, 40P01: serialization failure, deadlock */
  UP_ERROR_PERMISSION,        /* 42501 */
  UP_ERROR_INVALID_INPUT,     /* 22xxx and our own validation */
  UP_ERROR_SCHEMA_TOO_NEW,    /* the database was migrated by a newer Upskill */
  UP_ERROR_SERVER_MISSING,    /* PostgreSQL server binaries not installed */
  UP_ERROR_SERVER_START,      /* the embedded server did not start */
  /* The connection dropped after COMMIT was sent and before its answer
   * came: the change may or may not be saved.  up_pg_commit() sets it and
   * keeps the transaction id (up_pg_take_unconfirmed_commit()); UpDatabase
   * asks the server after reconnecting and turns it into one of the codes
   * below, or, when the server cannot tell in time, passes it on: the
   * person must look before trying again. */
  UP_ERROR_OUTCOME_UNKNOWN,
  /* The change was saved although the answer to COMMIT was lost: not a
   * failure of the change, but what is on screen is out of date.  Close
   * the form and reload; saving again would do it twice. */
  UP_ERROR_DONE_UNCONFIRMED,
} UpErrorCode;

GQuark       up_error_quark           (void);

/* Sets @error from a failed result (or from the connection when @result is
 * NULL), choosing the code from the SQLSTATE and a translated sentence.
 * The constraint name, when the server reports one, selects a sentence for
 * that rule; the primary server message follows after a colon only when no
 * better sentence is known. */
void         up_error_set_from_result (GError         **error,
                                       PGconn          *conn,
                                       const PGresult  *result);

/* The SQLSTATE of an error made by up_error_set_from_result(), or NULL. */
const char  *up_error_get_sqlstate    (const GError    *error);

/* The constraint named by the server for a 23xxx error, or NULL. */
const char  *up_error_get_constraint  (const GError    *error);

/* A translated sentence for a known constraint name, or NULL. */
const char  *up_error_describe_constraint (const char  *constraint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

G_END_DECLS
