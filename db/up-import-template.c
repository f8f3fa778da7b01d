/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-import-template"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include "up-i18n.h"
#include <glib/gstdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "up-id-number.h"
#include "up-import-template.h"
#include "up-trainee.h"

GStrv
up_import_template_example (UpImportKind kind)
{
  const char *first17 = "50010319900503123";
  char id_number[19];
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv example;

  g_snprintf (id_number, sizeof id_number, "%s%c", first17, up_id_number_check_character (first17));

  if (kind == UP_IMPORT_CERTIFICATES)
    {
      /* In column order: UpCertificateColumn. */
      g_strv_builder_add (builder, id_number);
      g_strv_builder_add (builder, "张晓明");
      g_strv_builder_add (builder, "焊工");
      g_strv_builder_add (builder, up_skill_level_to_label (3));
      g_strv_builder_add (builder, "S000012025000001");
      g_strv_builder_add (builder, "重庆市职业技能鉴定中心");
      g_strv_builder_add (builder, "2025-03-01");
      g_strv_builder_add (builder, "");
      example = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
      return example;
    }
  if (kind == UP_IMPORT_PAYMENTS)
    {
      /* In column order: UpPaymentColumn. */
      g_strv_builder_add (builder, id_number);
      g_strv_builder_add (builder, "张晓明");
      g_strv_builder_add (builder, "1500.00");
      g_strv_builder_add (builder, "成功");
      g_strv_builder_add (builder, "");
      example = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
      return example;
    }

  g_return_val_if_fail (kind == UP_IMPORT_TRAINEES, NULL);

  /* In column order: UpTraineeColumn. */
  g_strv_builder_add (builder, id_number);
  /* The example is a trainee of the program: Chinese whatever the language. */
  g_strv_builder_add (builder, "张晓明");
  g_strv_builder_add (builder, "13812345678");
  g_strv_builder_add (builder, "重庆长安汽车股份有限公司");
  g_strv_builder_add (builder, "汽车制造");
  g_strv_builder_add (builder, C_("union member", "Yes"));
  g_strv_builder_add (builder, up_education_level_to_label ("junior_college"));
  g_strv_builder_add (builder, up_skill_level_to_label (3));

  example = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return example;
}

static void
append_csv_cell (GString    *line,
                 const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (line, text);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static gboolean
write_csv (const UpImportColumn  *columns,
           guint                  n,
           GStrv                  example,
           const char            *path,
           GError               **error)
{
  g_autoptr(GString) text = g_string_new ("\xef\xbb\xbf");

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      append_csv_cell (text, up_import_column_get_label (&columns[i]));
    }
  g_string_append (text, "\r\n");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      append_csv_cell (text, example[i]);
    }
  g_string_append (text, "\r\n");

  return g_file_set_contents (path, text->str, (gssize) text->len, error);
}

static gboolean
check_lxw (lxw_error    status,
           const char  *path,
           GError     **error)
{
  if (status == LXW_NO_ERROR)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* Translators: the first %s is a file name, the second the library's reason (English) */
               _("Cannot write the template “%s”: %s"), path, lxw_strerror (status));
  return FALSE;
}

static gboolean
write_xlsx (UpImportKind           kind,
            const UpImportColumn  *columns,
            guint                  n,
            GStrv                  example,
            const char            *path,
            GError               **error)
{
  lxw_workbook *workbook;
  lxw_worksheet *sheet;
  lxw_format *header, *text;
  lxw_error status = LXW_NO_ERROR;

  workbook = workbook_new (path);
  if (workbook == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the template “%s”: %s"), path, g_strerror (errno));
      return FALSE;
    }

  if (kind == UP_IMPORT_CERTIFICATES)
    /* Translators: the name of the sheet of the certificates template (证书) */
    sheet = workbook_add_worksheet (workbook, C_("sheet", "Certificates"));
  else if (kind == UP_IMPORT_PAYMENTS)
    /* Translators: the name of the sheet of the bank's results template (发放结果) */
    sheet = workbook_add_worksheet (workbook, C_("sheet", "Payment results"));
  else
    /* Translators: the name of the sheet of the import template (学员) */
    sheet = workbook_add_worksheet (workbook, C_("sheet", "Trainees"));
  header = workbook_add_format (workbook);
  format_set_bold (header);
  text = workbook_add_format (workbook);
  format_set_num_format (text, "@");

  for (guint i = 0; i < n && status == LXW_NO_ERROR; i++)
    {
      /* ID numbers and phones as text: Excel would round an 18-digit number. */
      gboolean as_text = i == 0 || (kind == UP_IMPORT_TRAINEES && i == UP_TRAINEE_COLUMN_PHONE)
                         || (kind == UP_IMPORT_CERTIFICATES && (i == UP_CERTIFICATE_COLUMN_NUMBER
                                                                || i == UP_CERTIFICATE_COLUMN_ISSUED_ON));
      gboolean wide = as_text || (kind == UP_IMPORT_TRAINEES && i == UP_TRAINEE_COLUMN_EMPLOYER)
                      || (kind == UP_IMPORT_CERTIFICATES && i == UP_CERTIFICATE_COLUMN_ISSUER);

      status = worksheet_set_column (sheet, (lxw_col_t) i, (lxw_col_t) i, wide ? 24 : 12,
                                     as_text ? text : NULL);
    }
  for (guint i = 0; i < n && status == LXW_NO_ERROR; i++)
    status = worksheet_write_string (sheet, 0, (lxw_col_t) i, up_import_column_get_label (&columns[i]), header);
  for (guint i = 0; i < n && status == LXW_NO_ERROR; i++)
    status = worksheet_write_string (sheet, 1, (lxw_col_t) i, example[i], NULL);
  worksheet_freeze_panes (sheet, 1, 0);

  if (status != LXW_NO_ERROR)
    {
      workbook_close (workbook);
      g_unlink (path);
      return check_lxw (status, path, error);
    }

  return check_lxw (workbook_close (workbook), path, error);
}

gboolean
up_import_write_template (UpImportKind   kind,
                          const char    *path,
                          GError       **error)
{
  g_auto(GStrv) example = up_import_template_example (kind);
  const UpImportColumn *columns;
  guint n;

  g_return_val_if_fail (path != NULL, FALSE);

  columns = up_import_kind_get_columns (kind, &n);
  if (g_str_has_suffix (path, ".xlsx") || g_str_has_suffix (path, ".XLSX"))
    return write_xlsx (kind, columns, n, example, path, error);
  return write_csv (columns, n, example, path, error);
}
