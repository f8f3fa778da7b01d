/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-translations"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "up-error.h"
#include "up-id-number.h"
#include "up-money.h"
#include "up-overview.h"
#include "up-window.h"

/* The window and the messages as a Chinese reader sees them: the catalogues
 * are the ones this build compiled from po/ (build/po/<lang>/LC_MESSAGES). */

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static void
test_window_speaks_chinese (void)
{
  UpWindow *window = up_window_new (NULL);
  g_autoptr(GString) labels = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_set_error_literal (&error, UP_ERROR, UP_ERROR_CONNECTION, "connection refused");
  gtk_window_present (GTK_WINDOW (window));
  up_window_set_page (window, "overview");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  collect_labels (GTK_WIDGET (window), labels);
  /* The sidebar of pages. */
  g_assert_nonnull (strstr (labels->str, "概览"));
  g_assert_nonnull (strstr (labels->str, "学员"));
  g_assert_nonnull (strstr (labels->str, "培训班"));
  g_assert_null (strstr (labels->str, "Overview"));

  up_window_show_connection_error (window, error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_string_truncate (labels, 0);
  collect_labels (GTK_WIDGET (window), labels);
  g_assert_nonnull (strstr (labels->str, "无法连接数据库"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_messages_speak_chinese (void)
{
  g_autofree char *money = up_money_format (123450);

  g_assert_cmpstr (up_id_number_status_to_string (UP_ID_NUMBER_BAD_CHECK), ==,
                   "最后一位校验码与前面的数字不符：请检查是否输错。");
  g_assert_cmpstr (up_subsidy_state_to_label (UP_SUBSIDY_STATE_PENDING), ==, "待审核");
  g_assert_cmpstr (up_error_describe_constraint ("enrollments_capacity"), ==, "培训班已满，无法再占用名额。");
  g_assert_cmpstr (money, ==, "¥1,234.50");
}

int
main (int   argc,
      char *argv[])
{
  /* C.UTF-8 is not the "C" locale gettext ignores LANGUAGE in, so no
   * zh_CN locale needs to be installed for the catalogue to be used. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/translations/zh_CN/window-speaks-chinese", test_window_speaks_chinese);
  g_test_add_func ("/translations/zh_CN/messages-speak-chinese", test_messages_speak_chinese);

  return g_test_run ();
}
