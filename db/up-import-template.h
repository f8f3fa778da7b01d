/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "up-import-columns.h"

G_BEGIN_DECLS

/* A file to fill in for an import: the header row (in the user's language,
 * which the import recognises as well as Chinese and English) and one
 * example row.  An .xlsx name makes a workbook whose ID number column is
 * formatted as text, so Excel keeps all 18 characters; any other name makes
 * CSV in UTF-8 with a byte order mark. */
gboolean  up_import_write_template  (UpImportKind   kind,
                                     const char    *path,
                                     GError       **error);

/* The example row's cells, one per column of @kind. */
GStrv     up_import_template_example (UpImportKind  kind);

G_END_DECLS
