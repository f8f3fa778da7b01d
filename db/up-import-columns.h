/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What each kind of import reads: its columns, the headers that name them
 * in Chinese and English, and the words its cells may hold.  Pure rules, no
 * I/O: the importer, the dialog's mapping and the templates share them.
 *
 * Each kind is a column table here and a staging table and merge in
 * up-import.c: trainee rosters, certificates (the list an issuing body
 * sends) and payment results (the bank's return file for one batch). */

typedef enum
{
  UP_IMPORT_TRAINEES,
  UP_IMPORT_CERTIFICATES,
  UP_IMPORT_PAYMENTS,
} UpImportKind;

#define UP_IMPORT_N_KINDS 3

/* The columns of UP_IMPORT_TRAINEES, in the order of its table. */
typedef enum
{
  UP_TRAINEE_COLUMN_ID_NUMBER,
  UP_TRAINEE_COLUMN_NAME,
  UP_TRAINEE_COLUMN_PHONE,
  UP_TRAINEE_COLUMN_EMPLOYER,
  UP_TRAINEE_COLUMN_INDUSTRY,
  UP_TRAINEE_COLUMN_UNION_MEMBER,
  UP_TRAINEE_COLUMN_EDUCATION,
  UP_TRAINEE_COLUMN_SKILL_LEVEL,
  UP_TRAINEE_N_COLUMNS,
} UpTraineeColumn;

/* The columns of UP_IMPORT_CERTIFICATES. */
typedef enum
{
  UP_CERTIFICATE_COLUMN_ID_NUMBER,
  UP_CERTIFICATE_COLUMN_NAME,
  UP_CERTIFICATE_COLUMN_OCCUPATION,
  UP_CERTIFICATE_COLUMN_LEVEL,
  UP_CERTIFICATE_COLUMN_NUMBER,
  UP_CERTIFICATE_COLUMN_ISSUER,
  UP_CERTIFICATE_COLUMN_ISSUED_ON,
  UP_CERTIFICATE_COLUMN_KIND,
  UP_CERTIFICATE_N_COLUMNS,
} UpCertificateColumn;

/* The columns of UP_IMPORT_PAYMENTS. */
typedef enum
{
  UP_PAYMENT_COLUMN_ID_NUMBER,
  UP_PAYMENT_COLUMN_NAME,
  UP_PAYMENT_COLUMN_AMOUNT,
  UP_PAYMENT_COLUMN_RESULT,
  UP_PAYMENT_COLUMN_REASON,
  UP_PAYMENT_N_COLUMNS,
} UpPaymentColumn;

/* The most columns a kind has. */
#define UP_IMPORT_MAX_COLUMNS 16

/* A column of "no column": the file's column is not imported. */
#define UP_IMPORT_COLUMN_IGNORED (-1)

typedef struct
{
  const char          *key;       /* stable name: "id_number" */
  const char          *label;     /* untranslated; see up_import_column_get_label() */
  const char * const  *aliases;   /* header words, normalised (up_import_normalize_header) */
  gboolean             required;
} UpImportColumn;

const UpImportColumn *up_import_kind_get_columns       (UpImportKind          kind,
                                                        guint                *n_columns);
/* The column's name in the user's language: 身份证号 */
const char           *up_import_column_get_label       (const UpImportColumn *column);

/* Lower case, without white space, marks (* ：) and notes in brackets:
 * "身份证号码（必填）" → "身份证号码", " ID No. " → "idno". */
char                 *up_import_normalize_header       (const char           *header);
/* The column @header names, or UP_IMPORT_COLUMN_IGNORED. */
int                   up_import_match_header           (UpImportKind          kind,
                                                        const char           *header);
/* One column (or UP_IMPORT_COLUMN_IGNORED) per header, each column at most
 * once (the first header naming it wins).  *n_matched (may be NULL) counts
 * the headers recognised. */
int                  *up_import_guess_mapping          (UpImportKind          kind,
                                                        const char * const   *headers,
                                                        guint                 n_headers,
                                                        guint                *n_matched);

/* A copy without white space at either end, the ideographic space and
 * no-break space included. */
char                 *up_import_trim                   (const char           *text);

/* Cell words.  Each answers FALSE for a word it does not know; an empty
 * cell is FALSE / NULL / 0. */
gboolean              up_import_parse_union_member     (const char           *text,
                                                        gboolean             *member);
gboolean              up_import_parse_education        (const char           *text,
                                                        const char          **education);
gboolean              up_import_parse_skill_level      (const char           *text,
                                                        int                  *level);
/* A certificate's level: a skill level (初级工 … 高级技师, 5 … 1) gives
 * kind "skill_level" and *skill_level; 专项职业能力 "special_ability";
 * an academic level (大专, 本科 …) "academic_degree" and *academic_level;
 * 特种作业 "special_operation".  *kind is the certification_kind's SQL
 * name.  An empty cell is FALSE. */
gboolean              up_import_parse_certificate_level (const char        *text,
                                                         const char       **kind,
                                                         int               *skill_level,
                                                         const char       **academic_level);
/* A certificate's kind (职业技能等级证书, 专项职业能力证书, 学历证书,
 * 特种作业操作证, or the SQL names); an empty cell is TRUE with NULL. */
gboolean              up_import_parse_certificate_kind  (const char        *text,
                                                         const char       **kind);
/* A date as people and Excel write it: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD,
 * YYYY年M月D日, YYYYMMDD, or an Excel serial day number (a cell stored as
 * a number).  Writes YYYY-MM-DD into @iso (11 bytes). */
gboolean              up_import_parse_date              (const char        *text,
                                                         char               iso[11]);
/* The bank's word for a transfer: 成功 / 失败, success / failed …
 * *failed is TRUE for a failure. */
gboolean              up_import_parse_payment_result    (const char        *text,
                                                         gboolean          *failed);

/* "5.00103E+17": what Excel writes for a long number in a General cell. */
gboolean              up_import_looks_scientific       (const char           *text);

G_END_DECLS
