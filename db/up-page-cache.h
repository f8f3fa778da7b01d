/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-database.h"

G_BEGIN_DECLS

/* The pages of a GListModel over the rows of a query, shared by
 * UpTraineeList, UpCertificationList and UpSubsidyList.
 *
 * The owning model keeps the ids of every match in order (once they are
 * known) here; a page of UP_PAGE_CACHE_PAGE_SIZE items is one lookup of
 * their ids by primary key.  get_item() answers a placeholder at once and
 * queues its page; the placeholders are filled in place when it arrives.
 * At most fifty pages stay, the least recently used evicted first (a view
 * still holding an item keeps it).  Before the
 * ids arrive the owner may announce a count and hand over the first page
 * in order (up_page_cache_first_page_cb()).
 *
 * The cache emits the owner's "items-changed" and notifies its "n-items",
 * "loading" and "error" properties.  It holds no reference on the owner:
 * the owner frees it in finalize. */

/* The rows of a page; the first page's statement of an owner reads as
 * many. */
#define UP_PAGE_CACHE_PAGE_SIZE 100

typedef struct _UpPageCache       UpPageCache;
typedef struct _UpPageCacheTicket UpPageCacheTicket;

/* What differs between the owners. */
typedef struct
{
  /* The rows whose ids are $1 (a bigint[]), in any order, the id first. */
  const char  *page_sql;
  GObject   *(*new_placeholder) (void);
  /* Fills @item in place from @row of @result. */
  void       (*fill)            (GObject        *item,
                                 const PGresult *result,
                                 int             row);
} UpPageCacheItems;

UpPageCache       *up_page_cache_new            (GObject                *owner,
                                                 const UpPageCacheItems *items,
                                                 GParamSpec             *n_items_pspec,
                                                 GParamSpec             *loading_pspec,
                                                 GParamSpec             *error_pspec);
void               up_page_cache_free           (UpPageCache            *self);
/* The connection pages are read on (a new reference), or NULL. */
void               up_page_cache_set_database   (UpPageCache            *self,
                                                 UpDatabase             *db);
/* Cancels the work and drops the pages and the connection (the owner's
 * dispose). */
void               up_page_cache_dispose        (UpPageCache            *self);

/* Cancels the work of the current query and starts a new one (a new
 * cancellable, and the answers of the old one ignored) with no error.  With
 * @clear the pages and ids go and the model empties until the new count;
 * without, the rows shown stay until the new ids replace them. */
void               up_page_cache_restart        (UpPageCache            *self,
                                                 gboolean                clear);
GCancellable      *up_page_cache_get_cancellable (UpPageCache           *self);

guint              up_page_cache_get_n_items    (UpPageCache            *self);
/* A new reference to the item at @position, a placeholder until its page
 * arrives; NULL past the end. */
gpointer           up_page_cache_get_item       (UpPageCache            *self,
                                                 guint                   position);
gboolean           up_page_cache_get_loading    (UpPageCache            *self);
const GError      *up_page_cache_get_error      (UpPageCache            *self);
/* The ids of every match in order, or NULL before they arrive. */
GArray            *up_page_cache_get_ids        (UpPageCache            *self);

/* The number of matches before the ids arrive: the pages past the end of
 * the shorter count, and the last one, are dropped. */
void               up_page_cache_set_n_items    (UpPageCache            *self,
                                                 guint                   n_items);
/* The ids after the count (@ids is taken): n-items becomes exact and the
 * pages asked for meanwhile are loaded. */
void               up_page_cache_set_ids        (UpPageCache            *self,
                                                 GArray                 *ids);
/* New ids in place of all the rows (@ids is taken): every page is dropped
 * and the whole model changes at once. */
void               up_page_cache_replace_ids    (UpPageCache            *self,
                                                 GArray                 *ids);

/* The ids in a PostgreSQL array's text ("{1,2,3}"; NULL: none). */
GArray            *up_page_cache_parse_ids      (const char             *text);

/* The statements of a query that reads the ids in order, queued in this
 * order on the connection's worker. */
typedef enum
{
  UP_PAGE_CACHE_STEP_COUNT,      /* the number of matches */
  UP_PAGE_CACHE_STEP_FIRST_PAGE, /* the rows of the first page, in order */
  UP_PAGE_CACHE_STEP_IDS,        /* the ids of every match in order */
} UpPageCacheStep;

/* Runs on the worker: the statement of @step over @query, the same for the
 * three steps, which run one after the other.  Answers for the count a
 * g_malloc()ed block of the owner's (freed with g_free()), for the first page
 * its rows, for the ids one row holding them as an array, or NULL with
 * @error set. */
typedef gpointer (*UpPageCacheStepFunc) (PGconn           *conn,
                                          UpPageCacheStep   step,
                                          gpointer          query,
                                          GError          **error);

/* Queues the three steps of a new query (after up_page_cache_restart())
 * on the cache's database, run by @func over @query: a g_atomic_rc_box whose
 * reference is taken, released with @query_clear.  @count_cb receives the
 * count and @ids_cb the ids (NULL: up_page_cache_ids_cb), each with a ticket
 * as user data; the first page goes to up_page_cache_first_page_cb(). */
void               up_page_cache_run_query      (UpPageCache            *self,
                                                 UpPageCacheStepFunc     func,
                                                 gpointer                query,
                                                 GDestroyNotify          query_clear,
                                                 GAsyncReadyCallback     count_cb,
                                                 GAsyncReadyCallback     ids_cb);

/* A job of the current query: counts as loading until
 * up_page_cache_ticket_finish(); pass it as the user data of the job's
 * callback. */
UpPageCacheTicket *up_page_cache_ticket_new     (UpPageCache            *self);
/* Ends the job of @ticket.  Answers a new reference to the owner when its
 * answer is to be used: the owner is alive, the query is still the current
 * one and the job @succeeded.  A failure other than a cancellation becomes
 * the owner's "error". */
gpointer           up_page_cache_ticket_finish  (UpPageCacheTicket      *ticket,
                                                 gboolean                succeeded,
                                                 const GError           *error);
void               up_page_cache_ticket_free    (UpPageCacheTicket      *ticket);

/* The callback of an up_database_run_read_async() job answering the rows of
 * the first page in order (a PGresult), with a ticket as its user data. */
void               up_page_cache_first_page_cb  (GObject                *object,
                                                 GAsyncResult           *result,
                                                 gpointer                user_data);
/* The callback of an up_database_run_read_async() job answering the ids
 * (a GArray of gint64), with a ticket as its user data: as
 * up_page_cache_set_ids(). */
void               up_page_cache_ids_cb         (GObject                *object,
                                                 GAsyncResult           *result,
                                                 gpointer                user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpPageCacheTicket, up_page_cache_ticket_free)

G_END_DECLS
