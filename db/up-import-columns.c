/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-import-columns"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <stdlib.h>
#include <string.h>

#include "up-certification.h"
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

/* Certificates: the list an issuing body sends. */
static const char * const occupation_aliases[] = {
  "职业", "工种", "职业工种", "职业名称", "工种名称", "专业", "项目", "occupation", "trade", "job", NULL
};
static const char * const certificate_level_aliases[] = {
  "等级", "级别", "证书等级", "技能等级", "职业技能等级", "鉴定等级", "认定等级", "等级层次", "学历层次",
  "level", "skilllevel", "certificatelevel", NULL
};
static const char * const certificate_number_aliases[] = {
  "证书编号", "证书号", "证书号码", "证书编码", "证书代码", "证件编号", "certificateno", "certificatenumber",
  "certno", "certnumber", "number", NULL
};
static const char * const issuer_aliases[] = {
  "发证机构", "发证单位", "颁证机构", "颁证单位", "认定机构", "评价机构", "鉴定机构", "发证机关", "评价单位",
  "issuer", "issuingbody", "issuedby", "issuingauthority", NULL
};
static const char * const issued_on_aliases[] = {
  "发证日期", "发证时间", "颁证日期", "取证日期", "获证日期", "证书日期", "认定日期", "日期",
  "issuedate", "issuedon", "dateofissue", "date", NULL
};
static const char * const certificate_kind_aliases[] = {
  "证书类别", "证书类型", "证书种类", "类别", "类型", "kind", "type", "certificatekind", "certificatetype", NULL
};

/* Payment results: the bank's return file. */
static const char * const payee_name_aliases[] = {
  "姓名", "户名", "收款人", "收款人姓名", "账户名", "账户名称", "收款户名", "name", "payee", "payeename",
  "accountname", NULL
};
static const char * const amount_aliases[] = {
  "金额", "发放金额", "补助金额", "实发金额", "交易金额", "转账金额", "amount", "sum", NULL
};
static const char * const result_aliases[] = {
  "结果", "发放结果", "处理结果", "交易结果", "转账结果", "状态", "交易状态", "处理状态", "result", "status",
  NULL
};
static const char * const failure_reason_aliases[] = {
  "失败原因", "原因", "退回原因", "退票原因", "错误原因", "错误信息", "reason", "failurereason", "error", NULL
};

static const UpImportColumn certificate_columns[UP_CERTIFICATE_N_COLUMNS] = {
  { "id_number", N_("ID number"), id_number_aliases, TRUE },
  { "name", N_("Name"), name_aliases, FALSE },
  /* Translators: a column of the import file (职业（工种）) */
  { "occupation", N_("Occupation"), occupation_aliases, TRUE },
  /* Translators: a column of the import file (等级) */
  { "level", N_("Level"), certificate_level_aliases, TRUE },
  /* Translators: a column of the import file (证书编号) */
  { "certificate_no", N_("Certificate number"), certificate_number_aliases, TRUE },
  /* Translators: a column of the import file (发证机构) */
  { "issuing_body", N_("Issuing body"), issuer_aliases, FALSE },
  /* Translators: a column of the import file (发证日期) */
  { "issued_on", N_("Issue date"), issued_on_aliases, TRUE },
  /* Translators: a column of the import file (证书类别) */
  { "kind", N_("Kind of certificate"), certificate_kind_aliases, FALSE },
};

static const UpImportColumn payment_columns[UP_PAYMENT_N_COLUMNS] = {
  { "id_number", N_("ID number"), id_number_aliases, TRUE },
  { "name", N_("Name"), payee_name_aliases, FALSE },
  /* Translators: a column of the bank's file (金额) */
  { "amount", N_("Amount"), amount_aliases, FALSE },
  /* Translators: a column of the bank's file (结果) */
  { "result", N_("Result"), result_aliases, FALSE },
  /* Translators: a column of the bank's file (失败原因) */
  { "reason", N_("Failure reason"), failure_reason_aliases, FALSE },
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
    case UP_IMPORT_CERTIFICATES:
      if (n_columns != NULL)
        *n_columns = G_N_ELEMENTS (certificate_columns);
      return certificate_columns;
    case UP_IMPORT_PAYMENTS:
      if (n_columns != NULL)
        *n_columns = G_N_ELEMENTS (payment_columns);
      return payment_columns;
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


gboolean
up_import_parse_certificate_kind (const char  *text,
                                  const char **kind)
{
  static const struct {
    const char *word;
    const char *kind;
  } words[] = {
    { "职业技能等级证书", "skill_level" }, { "职业技能等级", "skill_level" }, { "技能等级证书", "skill_level" },
    { "技能等级", "skill_level" }, { "职业资格证书", "skill_level" }, { "职业资格", "skill_level" },
    { "技能", "skill_level" }, { "skill", "skill_level" },
    { "专项职业能力证书", "special_ability" }, { "专项职业能力", "special_ability" },
    { "专项能力", "special_ability" },
    { "学历证书", "academic_degree" }, { "学历", "academic_degree" }, { "毕业证书", "academic_degree" },
    { "毕业证", "academic_degree" }, { "学位证书", "academic_degree" }, { "学位", "academic_degree" },
    { "academic", "academic_degree" }, { "degree", "academic_degree" },
    { "特种作业操作证", "special_operation" }, { "特种作业证", "special_operation" },
    { "特种作业", "special_operation" }, { "安全生产", "special_operation" },
  };
  g_autofree char *word = up_import_normalize_header (text);

  *kind = NULL;
  if (*word == '\0')
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (word, words[i].word))
      {
        *kind = words[i].kind;
        return TRUE;
      }

  /* The SQL names, and the app's own labels in the user's language. */
  for (int k = UP_CERTIFICATION_KIND_SKILL_LEVEL; k <= UP_CERTIFICATION_KIND_SPECIAL_OPERATION; k++)
    {
      g_autofree char *sql = up_import_normalize_header (up_certification_kind_to_sql (k));
      g_autofree char *label = up_import_normalize_header (up_certification_kind_to_label (k));

      if (g_str_equal (word, sql) || g_str_equal (word, label))
        {
          *kind = up_certification_kind_to_sql (k);
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
up_import_parse_certificate_level (const char  *text,
                                   const char **kind,
                                   int         *skill_level,
                                   const char **academic_level)
{
  g_autofree char *word = up_import_normalize_header (text);
  const char *special = NULL;
  int level = 0;

  *kind = NULL;
  *skill_level = 0;
  *academic_level = NULL;
  if (*word == '\0')
    return FALSE;

  if (up_import_parse_skill_level (text, &level) && level > 0)
    {
      *kind = "skill_level";
      *skill_level = level;
      return TRUE;
    }
  if (up_import_parse_education (text, academic_level) && *academic_level != NULL)
    {
      *kind = "academic_degree";
      return TRUE;
    }
  /* 专项职业能力 and 特种作业 have no level: the kind is the level. */
  if (up_import_parse_certificate_kind (text, &special) && special != NULL
      && (g_str_equal (special, "special_ability") || g_str_equal (special, "special_operation")))
    {
      *kind = special;
      return TRUE;
    }

  return FALSE;
}

static gboolean
iso_date (int   year,
          int   month,
          int   day,
          char  iso[11])
{
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 || day > 31
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_snprintf (iso, 11, "%04d-%02d-%02d", year, month, day);
  return TRUE;
}

gboolean
up_import_parse_date (const char *text,
                      char        iso[11])
{
  g_autofree char *trimmed = up_import_trim (text);
  const char *p = trimmed;
  int parts[3] = { 0 };
  int digits[3] = { 0 };
  guint n = 0;

  iso[0] = '\0';
  if (*p == '\0')
    return FALSE;

  /* Only digits: YYYYMMDD, or Excel's serial day (1 = 1900-01-01, with
   * Excel's 1900 leap day, so day 0 is 1899-12-30 from day 61 on). */
  if (strspn (p, "0123456789") == strlen (p) || (g_str_has_suffix (p, ".0") && strspn (p, "0123456789") == strlen (p) - 2))
    {
      gsize len = strspn (p, "0123456789");

      if (len == 8)
        return iso_date ((p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0'),
                         (p[4] - '0') * 10 + (p[5] - '0'), (p[6] - '0') * 10 + (p[7] - '0'), iso);
      if (len >= 1 && len <= 5)
        {
          int serial = atoi (p);
          GDate date;

          if (serial < 61)
            return FALSE;
          g_date_clear (&date, 1);
          g_date_set_dmy (&date, 30, G_DATE_DECEMBER, 1899);
          g_date_add_days (&date, (guint) serial);
          return iso_date (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), iso);
        }
      return FALSE;
    }

  /* Three numbers: year first, then month and day, between any of - / . 年 月. */
  while (*p != '\0' && n < 3)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        {
          if (++digits[n] > 4)
            return FALSE;
          parts[n] = parts[n] * 10 + (*p - '0');
          p++;
        }
      n++;
      if (n == 3)
        break;
      if (*p == '-' || *p == '/' || *p == '.')
        p++;
      else if (g_str_has_prefix (p, "年") || g_str_has_prefix (p, "月"))
        p += strlen ("年");
      else
        return FALSE;
    }
  if (n != 3 || digits[0] != 4 || digits[1] > 2 || digits[2] > 2)
    return FALSE;
  if (g_str_has_prefix (p, "日") || g_str_has_prefix (p, "号"))
    p += strlen ("日");
  /* A time after the date, as Excel's CSV sometimes has it, is dropped. */
  if (*p != '\0' && *p != ' ' && *p != 'T')
    return FALSE;

  return iso_date (parts[0], parts[1], parts[2], iso);
}

gboolean
up_import_parse_payment_result (const char *text,
                                gboolean   *failed)
{
  static const char * const success[] = {
    "成功", "已成功", "支付成功", "交易成功", "转账成功", "发放成功", "代发成功", "处理成功", "已发放", "已到账",
    "到账", "成功到账", "已支付", "已入账", "入账成功", "success", "succeeded", "successful", "ok", "paid", "done",
    NULL
  };
  static const char * const failure[] = {
    "失败", "支付失败", "交易失败", "转账失败", "发放失败", "代发失败", "处理失败", "退回", "已退回", "退票",
    "退汇", "未到账", "入账失败", "failed", "failure", "fail", "returned", "rejected", "error", NULL
  };
  g_autofree char *word = up_import_normalize_header (text);

  if (word_in (word, success))
    {
      *failed = FALSE;
      return TRUE;
    }
  if (word_in (word, failure))
    {
      *failed = TRUE;
      return TRUE;
    }
  return FALSE;
}
