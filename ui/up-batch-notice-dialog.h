/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define UP_TYPE_BATCH_NOTICE_DIALOG (up_batch_notice_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpBatchNoticeDialog, up_batch_notice_dialog, UP, BATCH_NOTICE_DIALOG, AdwMessageDialog)

/* Start Notice…: the first and last day of the public notice of payment
 * batch @batch_id, a week from today unless changed; the "start" response
 * starts it. */

UpBatchNoticeDialog *up_batch_notice_dialog_new          (GtkWindow           *parent,
                                                          gint64               batch_id);
gint64               up_batch_notice_dialog_get_batch_id (UpBatchNoticeDialog *self);
/* FALSE unless both days are dates written YYYY-MM-DD. */
gboolean             up_batch_notice_dialog_get_period   (UpBatchNoticeDialog *self,
                                                          GDate               *from,
                                                          GDate               *to);

G_END_DECLS
