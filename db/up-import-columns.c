/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-import-columns"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <stdlib.h>
#include <string.h>

#include "up-import-columns.h"
#include "up-trainee.h"

/* Header words as staff write them: the form's own labels, the words of
 * the provincial and union rosters, and English.  Written normalised. */

static const char * const id_number_aliases[] = {
  "身份证号", "身份证号码", "身份证", "公民身份号码", "公民身份证号", "公民身份证号码", "证件号", "证件号码",
  "身份证件号码", "idnumber", "idno", "id", "idcard", "idcardnumber", "idcardno", "residentidnumber",
  "identitynumber", "identitycardnumber", NULL
};
static const char * const name_aliases[] = {
  "姓名", "名字", "学员姓名", "职工姓名", "员工姓名", "学员", "name", "fullname", "traineename", NULL
};
static const char * const phone_aliases[] = {
  "手机", "手机号", "手机号码", "联系电话", "电话", "电话号码", "联系方式", "移动电话",
  "phone", "mobile", "mobilephone", "phonenumber", "mobilenumber", "telephone", "tel", NULL
};
static const char * const employer_aliases[] = {
  "工作单位", "单位", "单位名称", "所在单位", "所在企业", "企业", "企业名称", "公司", "公司名称", "就职单位",
  "employer", "company", "workunit", "organization", "organisation", NULL
};
static const char * const industry_aliases[] = {
  "行业", "所属行业", "行业类别", "industry", NULL
};
static const char * const union_aliases[] = {
  "工会会员", "是否工会会员", "是否会员", "会员", "unionmember", "union", "tradeunionmember", NULL
};
static const char * const education_aliases[] = {
  "学历", "文化程度", "最高学历", "学历层次", "education", "educationlevel", "academiclevel", NULL
};
static const char * const skill_aliases[] = {
  "技能等级", "职业技能等级", "技能水平", "等级", "技术等级", "skilllevel", "skill", "level", NULL
};

static const UpImportColumn trainee_columns[UP_TRAINEE_N_COLUMNS] = {
  /* Translators: a column of the import file (身份证号) */
  { "id_number", N_("ID number"), id_number_aliases, TRUE },
  /* Translators: a column of the import file (姓名) */
  { "name", N_("Name"), name_aliases, TRUE },
  /* Translators: a column of the import file (手机号) */
  { "phone", N_("Mobile phone"), phone_aliases, FALSE },
  /* Translators: a column of the import file (工作单位) */
  { "employer", N_("Employer"), employer_aliases, FALSE },
  /* Translators: a column of the import file (行业) */
  { "industry", N_("Industry"), industry_aliases, FALSE },
  /* Translators: a column of the import file (工会会员) */
  { "union_member", N_("Union member"), union_aliases, FALSE },
  /* Translators: a column of the import file (学历) */
  { "education", N_("Education"), education_aliases, FALSE },
  /* Translators: a column of the import file (技能等级) */
  { "skill_level", N_("Skill level"), skill_aliases, FALSE },
};

const UpImportColumn *
up_import_kind_get_columns (UpImportKind  kind,
                            guint        *n_columns)
{
  switch (kind)
    {
    case UP_IMPORT_TRAINEES:
      if (n_columns != NULL)
        *n_columns = G_N_ELEMENTS (trainee_columns);
      return trainee_columns;
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
up_import_column_get_label (const UpImportColumn *column)
{
  g_return_val_if_fail (column != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, column->label);
}

static gboolean
is_space_char (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x3000 || c == 0x00a0 || c == 0xfeff;
}

char *
up_import_trim (const char *text)
{
  const char *start = text;
  const char *end;

  if (text == NULL)
    return g_strdup ("");

  while (*start != '\0' && is_space_char (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (prev == NULL || !is_space_char (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

char *
up_import_normalize_header (const char *header)
{
  GString *out = g_string_new (NULL);
  int depth = 0;

  for (const char *p = header; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Full-width ASCII (ＩＤ) reads as ASCII. */
      if (c >= 0xff01 && c <= 0xff5e)
        c -= 0xfee0;

      if (c == '(' || c == '[' || c == 0x3010 /* 【 */)
        depth++;
      else if ((c == ')' || c == ']' || c == 0x3011) && depth > 0)
        depth--;
      else if (depth > 0 || is_space_char (c) || c == '*' || c == ':' || c == '.' || c == '_'
               || c == '-' || c == '/' || c == 0x3001 /* 、 */)
        continue;
      else
        g_string_append_unichar (out, g_unichar_tolower (c));
    }

  return g_string_free (out, FALSE);
}

int
up_import_match_header (UpImportKind  kind,
                        const char   *header)
{
  g_autofree char *normalized = up_import_normalize_header (header);
  const UpImportColumn *columns;
  guint n;

  if (*normalized == '\0')
    return UP_IMPORT_COLUMN_IGNORED;

  columns = up_import_kind_get_columns (kind, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = up_import_normalize_header (up_import_column_get_label (&columns[i]));

      if (g_str_equal (normalized, label) || g_strv_contains (columns[i].aliases, normalized))
        return (int) i;
    }

  return UP_IMPORT_COLUMN_IGNORED;
}

int *
up_import_guess_mapping (UpImportKind         kind,
                         const char * const  *headers,
                         guint                n_headers,
                         guint               *n_matched)
{
  int *mapping = g_new (int, MAX (n_headers, 1));
  gboolean taken[64] = { FALSE };
  guint matched = 0;

  for (guint i = 0; i < n_headers; i++)
    {
      int column = up_import_match_header (kind, headers[i]);

      if (column >= 0 && column < (int) G_N_ELEMENTS (taken) && !taken[column])
        {
          taken[column] = TRUE;
          mapping[i] = column;
          matched++;
        }
      else
        mapping[i] = UP_IMPORT_COLUMN_IGNORED;
    }

  if (n_matched != NULL)
    *n_matched = matched;
  return mapping;
}

/* Cell words ---------------------------------------------------------------- */

static gboolean
word_in (const char         *word,
         const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (word, words[i]))
      return TRUE;
  return FALSE;
}

gboolean
up_import_parse_union_member (const char *text,
                              gboolean   *member)
{
  static const char * const yes[] = { "是", "会员", "是会员", "工会会员", "√", "✓", "✔", "y", "yes", "true", "1", "t", NULL };
  static const char * const no[] = { "否", "不是", "非会员", "非", "无", "×", "✗", "n", "no", "false", "0", "f", "", NULL };
  g_autofree char *word = up_import_normalize_header (text);

  if (word_in (word, yes))
    {
      *member = TRUE;
      return TRUE;
    }
  if (word_in (word, no))
    {
      *member = FALSE;
      return TRUE;
    }

  {
    g_autofree char *translated_yes = up_import_normalize_header (C_("union member", "Yes"));
    g_autofree char *translated_no = up_import_normalize_header (C_("union member", "No"));

    if (g_str_equal (word, translated_yes))
      {
        *member = TRUE;
        return TRUE;
      }
    if (g_str_equal (word, translated_no))
      {
        *member = FALSE;
        return TRUE;
      }
  }

  return FALSE;
}

gboolean
up_import_parse_education (const char  *text,
                           const char **education)
{
  static const struct {
    const char *word;
    const char *level;
  } words[] = {
    { "初中及以下", "below_secondary" }, { "初中", "below_secondary" }, { "小学", "below_secondary" },
    { "初中以下", "below_secondary" }, { "belowsecondary", "below_secondary" },
    { "中专", "secondary" }, { "高中", "secondary" }, { "中专高中", "secondary" }, { "高中中专", "secondary" },
    { "中技", "secondary" }, { "技校", "secondary" }, { "职高", "secondary" }, { "中职", "secondary" },
    { "secondary", "secondary" }, { "highschool", "secondary" },
    { "大专", "junior_college" }, { "专科", "junior_college" }, { "高职", "junior_college" },
    { "大学专科", "junior_college" }, { "juniorcollege", "junior_college" }, { "college", "junior_college" },
    { "本科", "bachelor" }, { "大学本科", "bachelor" }, { "学士", "bachelor" }, { "bachelor", "bachelor" },
    { "研究生", "postgraduate" }, { "硕士", "postgraduate" }, { "博士", "postgraduate" },
    { "硕士研究生", "postgraduate" }, { "博士研究生", "postgraduate" }, { "postgraduate", "postgraduate" },
    { "master", "postgraduate" }, { "doctorate", "postgraduate" }, { "phd", "postgraduate" },
  };
  g_autofree char *word = up_import_normalize_header (text);
  const char * const *levels = up_education_levels ();

  *education = NULL;
  if (*word == '\0')
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (word, words[i].word))
      {
        *education = words[i].level;
        return TRUE;
      }

  /* The form's own words in the user's language, and the SQL names. */
  for (guint i = 0; levels[i] != NULL; i++)
    {
      g_autofree char *label = up_import_normalize_header (up_education_level_to_label (levels[i]));
      g_autofree char *sql = up_import_normalize_header (levels[i]);

      if (g_str_equal (word, label) || g_str_equal (word, sql))
        {
          *education = levels[i];
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
up_import_parse_skill_level (const char *text,
                             int        *level)
{
  static const struct {
    const char *word;
    int level;
  } words[] = {
    { "高级技师", 1 }, { "一级", 1 }, { "seniortechnician", 1 },
    { "技师", 2 }, { "二级", 2 }, { "technician", 2 },
    { "高级工", 3 }, { "高级", 3 }, { "三级", 3 }, { "advanced", 3 },
    { "中级工", 4 }, { "中级", 4 }, { "四级", 4 }, { "intermediate", 4 },
    { "初级工", 5 }, { "初级", 5 }, { "五级", 5 }, { "entry", 5 },
    { "无", 0 }, { "none", 0 },
  };
  g_autofree char *word = up_import_normalize_header (text);

  *level = 0;
  if (*word == '\0')
    return TRUE;

  if (strlen (word) == 1 && word[0] >= '1' && word[0] <= '5')
    {
      *level = word[0] - '0';
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (word, words[i].word))
      {
        *level = words[i].level;
        return TRUE;
      }

  for (int l = 1; l <= 5; l++)
    {
      g_autofree char *label = up_import_normalize_header (up_skill_level_to_label (l));

      if (g_str_equal (word, label))
        {
          *level = l;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
up_import_looks_scientific (const char *text)
{
  const char *p = text;

  if (p == NULL || !g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p != 'E' && *p != 'e')
    return FALSE;
  p++;
  if (*p == '+')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return *p == '\0';
}
