/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "up-database.h"
#include "up-trainee.h"

G_BEGIN_DECLS

/* The trainees matching a search, in the server's order, as a GListModel of
 * UpTrainee that loads pages of rows on demand.
 *
 * get_item() always answers at once: a row not loaded yet is an UpTrainee
 * with "loaded" FALSE, filled in place (with notifications) when its page
 * arrives.  Only a bounded number of pages stays in memory.
 *
 * Properties:
 *   "database"          UpDatabase*      construct-only
 *   "search"            char*            what the person typed ("" = all)
 *   "sort"              UpTraineeSort
 *   "sort-descending"   gboolean
 *   "loading"           gboolean         a query is running (spinner)
 *   "n-items"           guint            the number of matches
 *   "count-is-estimate" gboolean         n-items is the planner's estimate
 *   "error"             GError* (boxed)  the last failure, or NULL
 *
 * What the search matches (decided here, never built into SQL from the text):
 *   digits (optionally ending in X): the whole ID number, the last digits of
 *   the ID number, or (from three digits on, starting with 1) a phone prefix;
 *   anything else: a substring of the name, and from two characters on a
 *   substring of the employer. */

typedef enum
{
  UP_TRAINEE_SORT_NAME,
  UP_TRAINEE_SORT_ID_NUMBER,
  UP_TRAINEE_SORT_BIRTH_DATE,
  UP_TRAINEE_SORT_EMPLOYER,
  UP_TRAINEE_SORT_SKILL_LEVEL,
  UP_TRAINEE_SORT_NEWEST,
} UpTraineeSort;

#define UP_TYPE_TRAINEE_SORT (up_trainee_sort_get_type ())
#define UP_TYPE_TRAINEE_LIST (up_trainee_list_get_type ())

GType            up_trainee_sort_get_type             (void) G_GNUC_CONST;
/* Translated words for a sort control: "Name", "ID number" … */
const char      *up_trainee_sort_to_label             (UpTraineeSort    sort);

G_DECLARE_FINAL_TYPE (UpTraineeList, up_trainee_list, UP, TRAINEE_LIST, GObject)

UpTraineeList   *up_trainee_list_new                  (UpDatabase      *db);
UpDatabase      *up_trainee_list_get_database         (UpTraineeList   *self);

/* A new search cancels the work of the previous one.  Debouncing is the
 * caller's job. */
const char      *up_trainee_list_get_search           (UpTraineeList   *self);
void             up_trainee_list_set_search           (UpTraineeList   *self,
                                                       const char      *search);
UpTraineeSort    up_trainee_list_get_sort             (UpTraineeList   *self);
gboolean         up_trainee_list_get_sort_descending  (UpTraineeList   *self);
void             up_trainee_list_set_sort             (UpTraineeList   *self,
                                                       UpTraineeSort    sort,
                                                       gboolean         descending);
/* Runs the current search again (after an insert or edit). */
void             up_trainee_list_reload               (UpTraineeList   *self);

gboolean         up_trainee_list_get_loading          (UpTraineeList   *self);
gboolean         up_trainee_list_get_count_is_estimate (UpTraineeList  *self);
const GError    *up_trainee_list_get_error            (UpTraineeList   *self);

G_END_DECLS
