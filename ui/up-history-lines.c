/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-history-lines"

#include "config.h"

#include <glib/gi18n.h>

#include "up-history-lines.h"
#include "up-subsidy.h"

static GtkWidget *
line_row_new (gpointer item,
              gpointer user_data)
{
  GtkWidget *label = gtk_label_new (gtk_string_object_get_string (item));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  return label;
}

/* "2025-11-25 14:30 · 李娜 (upskill) · Pending → Approved" */
static char *
history_line (const UpAuditEntry *entry,
              gboolean            with_claim)
{
  g_autofree char *when = entry->at != NULL ? g_date_time_format (entry->at, "%Y-%m-%d %H:%M") : g_strdup ("");
  g_autofree char *what = up_audit_entry_describe (entry);
  g_autofree char *who = NULL;

  if (entry->person != NULL)
    /* Translators: who made a change: the person's name and the database role */
    who = g_strdup_printf (_("%s (%s)"), entry->person, entry->db_role);
  else
    who = g_strdup (entry->db_role);

  if (with_claim && g_strcmp0 (entry->table_name, "subsidies") == 0)
    {
      g_autofree char *claim = g_strdup_printf ("%" G_GINT64_FORMAT, entry->row_id);

      /* Translators: a line of a batch's history about one of its claims:
       * time · who · claim number and trainee: what changed */
      return g_strdup_printf (_("%s · %s · claim %s %s: %s"), when, who, claim,
                              entry->trainee_name != NULL ? entry->trainee_name : "", what);
    }

  /* Translators: a line of a history: time · who · what changed */
  return g_strdup_printf (_("%s · %s · %s"), when, who, what);
}

void
up_history_lines_set (GtkListBox         *list,
                      const char * const *lines)
{
  g_autoptr(GtkStringList) model = NULL;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  model = gtk_string_list_new (lines);
  gtk_list_box_bind_model (list, G_LIST_MODEL (model), line_row_new, NULL, NULL);
}

void
up_history_lines_set_entries (GtkListBox *list,
                              GPtrArray  *entries,
                              gboolean    with_claims)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (entries != NULL);

  /* Newest first. */
  for (guint i = entries->len; i > 0; i--)
    g_ptr_array_add (lines, history_line (g_ptr_array_index (entries, i - 1), with_claims));
  g_ptr_array_add (lines, NULL);
  up_history_lines_set (list, (const char * const *) lines->pdata);
}
