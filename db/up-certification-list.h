/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "up-certification.h"
#include "up-database.h"

G_BEGIN_DECLS

/* Which certificates the Certifications page lists.  Empty strings count as
 * NULL. */
typedef struct
{
  gint64   academy_id;      /* 0: every academy (the course's, or the one that recorded it) */
  gint64   trainee_id;      /* 0: every trainee */
  int      kind;            /* an UpCertificationKind, or -1: every kind */
  int      skill_level;     /* 1..5, or 0: any */
  char    *academic_level;  /* SQL academic_level, or NULL: any */
  char    *occupation;      /* a part of the occupation (焊 finds 焊工, 电焊工), or NULL */
  char    *issued_from;     /* YYYY-MM-DD, inclusive, or NULL */
  char    *issued_to;       /* YYYY-MM-DD, inclusive, or NULL */
  /* The trainee as the Trainees page searches (a name or part of it, the
   * ID number or its last digits, a phone), or the start of a certificate
   * number. */
  char    *search;
} UpCertificationFilter;

#define UP_TYPE_CERTIFICATION_FILTER (up_certification_filter_get_type ())

GType                   up_certification_filter_get_type (void) G_GNUC_CONST;
/* Every certificate. */
UpCertificationFilter  *up_certification_filter_new      (void);
UpCertificationFilter  *up_certification_filter_copy     (const UpCertificationFilter *filter);
void                    up_certification_filter_free     (UpCertificationFilter       *filter);
gboolean                up_certification_filter_equal    (const UpCertificationFilter *a,
                                                          const UpCertificationFilter *b);

/* The certificates matching a filter, newest issue date first, as a
 * GListModel of UpCertification that loads pages of rows on demand (the
 * design of UpTraineeList: the count, the first page, then the ids of all
 * matches, after which any page is one lookup by primary key).
 *
 * get_item() always answers at once: a row not loaded yet is an
 * UpCertification with "loaded" FALSE, filled in place (with notifications)
 * when its page arrives.
 *
 * Properties:
 *   "database"  UpDatabase*      construct-only
 *   "filter"    UpCertificationFilter* (boxed)
 *   "loading"   gboolean         a query is running
 *   "n-items"   guint            the number of matches
 *   "error"     GError* (boxed)  the last failure, or NULL */
#define UP_TYPE_CERTIFICATION_LIST (up_certification_list_get_type ())

G_DECLARE_FINAL_TYPE (UpCertificationList, up_certification_list, UP, CERTIFICATION_LIST, GObject)

UpCertificationList          *up_certification_list_new         (UpDatabase                  *db);
const UpCertificationFilter  *up_certification_list_get_filter  (UpCertificationList         *self);
/* A new filter cancels the work of the previous one. */
void                          up_certification_list_set_filter  (UpCertificationList         *self,
                                                                 const UpCertificationFilter *filter);
/* Runs the current filter again (after an insert or edit). */
void                          up_certification_list_reload      (UpCertificationList         *self);
gboolean                      up_certification_list_get_loading (UpCertificationList         *self);
const GError                 *up_certification_list_get_error   (UpCertificationList         *self);

/* On a connection's worker thread (or a connection of the caller's own). */

/* The WHERE condition (over "certifications AS c") of @filter and its
 * parameters; looks up the occupations the text matches and the trainee
 * search's employers on @conn.  The tests and benchmarks EXPLAIN it. */
gboolean     up_certification_list_prepare  (PGconn                       *conn,
                                             const UpCertificationFilter  *filter,
                                             char                        **where,
                                             GStrv                        *params,
                                             GError                      **error);
/* The number of certificates matching @filter, or -1 with @error set. */
gint64       up_certification_list_count    (PGconn                       *conn,
                                             const UpCertificationFilter  *filter,
                                             GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpCertificationFilter, up_certification_filter_free)

G_END_DECLS
