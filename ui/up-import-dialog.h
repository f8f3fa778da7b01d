/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "up-database.h"
#include "up-import.h"

G_BEGIN_DECLS

#define UP_TYPE_IMPORT_DIALOG (up_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UpImportDialog, up_import_dialog, UP, IMPORT_DIALOG, AdwWindow)

/* Importing from a CSV or .xlsx file: trainees (a roster), certificates
 * (an issuing body's list) or payment results (a bank's file for one
 * approved batch), chosen in the header bar.  Choose the file (and its
 * sheet), check the columns in a preview of the first rows and correct
 * them, choose the options of the kind (academy, course, what to do with
 * registered trainees; academy and issuing body; the batch) and what to do
 * with rejected rows, then import with a progress bar that can cancel; the
 * result says what was imported and where the rejected rows are.  "Save
 * Template…" writes a file of the kind to fill in.
 *
 * Signals: "imported" (after a committed import, so lists reload).
 * Properties: "busy" (reading the file or importing). */

UpImportDialog  *up_import_dialog_new            (GtkWindow      *parent,
                                                  UpDatabase     *database);
/* What the file holds (UP_IMPORT_TRAINEES at first); a file already
 * chosen is previewed again for the new kind's columns. */
void             up_import_dialog_set_kind       (UpImportDialog *self,
                                                  UpImportKind    kind);
UpImportKind     up_import_dialog_get_kind       (UpImportDialog *self);
/* Reads the preview of @file, as choosing it does. */
void             up_import_dialog_set_file       (UpImportDialog *self,
                                                  GFile          *file);
gboolean         up_import_dialog_get_busy       (UpImportDialog *self);
/* The last import's summary, or NULL. */
const UpImportSummary *up_import_dialog_get_summary (UpImportDialog *self);

G_END_DECLS
