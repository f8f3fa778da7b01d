/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct
{
  guint   n_trainees;      /* 20,000 by default; the other counts follow */
  guint32 seed;            /* same seed, same data */
  /* Called now and then from the generating thread with 0..1. */
  void  (*progress)        (double fraction, const char *stage, gpointer user_data);
  gpointer progress_data;
} UpDemoOptions;

void      up_demo_options_init  (UpDemoOptions   *options);
/* TRUE when the database holds no trainee yet. */
gboolean  up_demo_is_empty      (PGconn          *conn,
                                 gboolean        *empty,
                                 GError         **error);
/* Fills a migrated, empty database with data modelled on DOMAIN.md:
 * academies, majors, trainees, courses, enrollments, certifications,
 * subsidy policies, payment batches and subsidies in every state.  All in
 * one transaction, loaded with COPY. */
gboolean  up_demo_generate      (PGconn          *conn,
                                 const UpDemoOptions *options,
                                 GCancellable    *cancellable,
                                 GError         **error);

G_END_DECLS
