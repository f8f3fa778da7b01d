/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "up-demo.h"

G_BEGIN_DECLS

/* Demo data modelled on the Chongqing program (DOMAIN.md).  Every value
 * comes from one GRand seeded with options->seed, drawn in a fixed order, so
 * the same seed on the same day gives the same rows.  Rows travel through
 * COPY with the ids written by us: COPY accepts values for identity columns,
 * which lets every foreign key be known without reading anything back.  The
 * identity sequences are moved past the new rows at the end.
 *
 * In parts: up-demo.c (the public API and the run: one transaction, the
 * bulk tables' keys and indexes set aside and made again, the tables
 * written in their order), up-demo-gen.c (the generator's state, the
 * helpers every writer uses, progress and the COPY stream), up-demo-data.c
 * (the constant tables, data in the users' language), and the writers:
 * up-demo-people.c (academies, majors, trainees), up-demo-courses.c
 * (courses, enrollments) and up-demo-awards.c (certifications, subsidy
 * policies, payment batches, subsidies).  The GRand is drawn in the order
 * generate() calls the writers, so that order is part of the data. */

/* Number of enrollments per trainee and trainees per course (DOMAIN.md:
 * 131,000 person-times over 5,206 courses is about 25 a course; a trainee
 * takes several courses over the years). */
#define ENROLLMENTS_PER_TRAINEE 5
#define TRAINEES_PER_COURSE     20

#define N_BATCHES 8

/* Progress weights, see up_demo_gen_init(). */
#define TRAINEE_COST       3.5
#define CERTIFICATION_COST 1.5
#define SUBSIDY_COST       3.0

/* Static data (up-demo-data.c) -------------------------------------------- */

/* The tables are declared without a size, so G_N_ELEMENTS cannot count them
 * outside up-demo-data.c: N_<TABLE> says how many rows a table has where a
 * writer needs to know, and up-demo-data.c checks it against the table. */

typedef struct
{
  const char *region;
  const char *name;
  guint       weight;
} DemoDistrict;

#define N_DISTRICTS 20
extern const DemoDistrict up_demo_districts[];

typedef struct
{
  const char *name;
  const char *industry;
  guint       weight;
} DemoEmployer;

#define N_EMPLOYERS 22
extern const DemoEmployer up_demo_employers[];

typedef struct
{
  const char *code;
  const char *name;
  const char *level;     /* academy_level */
  const char *district;
  const char *industry;  /* NULL for municipal and district academies */
  const char *employer;  /* the company of an enterprise academy */
} DemoAcademy;

#define N_ACADEMIES 31
extern const DemoAcademy up_demo_academies[];

typedef enum
{
  KIND_SKILL,
  KIND_ACADEMIC,
  KIND_TEAM_LEADER,
  KIND_SAFETY,
} DemoKind;

extern const char *up_demo_kind_names[];
extern const char *up_demo_kind_title[];

typedef enum
{
  EDU_NONE,
  EDU_JUNIOR_COLLEGE,
  EDU_BACHELOR,
} DemoAcademicLevel;

typedef struct
{
  const char        *academy;     /* code */
  const char        *name;
  DemoKind           kind;
  const char        *occupation;  /* what a certificate names */
  DemoAcademicLevel  level;       /* academic majors only */
} DemoMajor;

#define N_MAJORS 64
extern const DemoMajor up_demo_majors[];

typedef struct
{
  const char *text;
  guint       weight;
} DemoWeighted;

#define N_SURNAMES 60
extern const DemoWeighted up_demo_surnames[];
#define N_GIVEN_MALE 42
extern const char *up_demo_given_male[];
#define N_GIVEN_FEMALE 32
extern const char *up_demo_given_female[];
#define N_GIVEN_FIRST 20
extern const char *up_demo_given_first[];
#define N_PHONE_PREFIXES 33
extern const char *up_demo_phone_prefixes[];

extern const char *up_demo_junior_colleges[];
extern const char *up_demo_universities[];
extern const char *up_demo_academic_routes[];

#define N_REJECT_REASONS 5
extern const char *up_demo_reject_reasons[];

typedef struct
{
  const char        *name;
  const char        *kind;     /* certification_kind */
  int                skill_level;
  DemoAcademicLevel  level;
  gint64             amount_fen;
} DemoPolicy;

#define N_POLICIES 8
extern const DemoPolicy up_demo_policies[];
/* Indexes into up_demo_policies[] beyond the skill levels' (5 - level). */
#define POLICY_SPECIAL_ABILITY 5
#define POLICY_JUNIOR_COLLEGE  6
#define POLICY_BACHELOR        7

extern const char *up_demo_batch_states[N_BATCHES];

/* Generated rows kept for later tables ------------------------------------ */

typedef enum
{
  TABLE_ACADEMIES,
  TABLE_MAJORS,
  TABLE_TRAINEES,
  TABLE_COURSES,
  TABLE_ENROLLMENTS,
  TABLE_CERTIFICATIONS,
  TABLE_POLICIES,
  TABLE_BATCHES,
  TABLE_SUBSIDIES,
  N_TABLES
} DemoTable;

typedef enum
{
  COURSE_PLANNED,
  COURSE_OPEN,
  COURSE_RUNNING,
  COURSE_FINISHED,
  COURSE_CANCELLED,
} DemoCourseStatus;

typedef struct
{
  guint32  academy;
  guint32  major;
  guint32  start;       /* julian days */
  guint32  end;
  guint32  n_enrolled;  /* enrollments to make */
  guint64  stride;      /* its members: trainees offset + j * stride (mod n) */
  guint64  offset;
  guint16  hours;
  guint16  capacity;
  guint8   status;
} DemoCourse;

typedef enum
{
  CERT_SKILL_LEVEL,
  CERT_SPECIAL_ABILITY,
  CERT_ACADEMIC_DEGREE,
  CERT_SPECIAL_OPERATION,
} DemoCertKind;

typedef struct
{
  guint32  trainee;
  guint32  course;
  guint32  issued;
  guint32  verified;    /* 0: not verified */
  guint8   kind;
  guint8   level;       /* skill level 1..5, or DemoAcademicLevel */
  guint8   route;
  guint8   body;        /* index into the issuer list of its kind */
} DemoCert;

typedef enum
{
  SUBSIDY_PENDING,
  SUBSIDY_APPROVED,
  SUBSIDY_REJECTED,
  SUBSIDY_PAID,
  SUBSIDY_FAILED,
} DemoSubsidyState;

typedef struct
{
  guint32  cert;
  guint32  claimed;
  guint32  decided;     /* 0: not decided */
  guint8   state;
  guint8   policy;
  guint8   batch;       /* N_BATCHES: none */
  guint8   reason;
} DemoSubsidy;

typedef struct
{
  guint32  cutoff;      /* claims decided up to this day */
  guint32  submitted;
  guint32  notice_from;
  guint32  notice_to;
  guint32  paid;
  gint64   budget_fen;
  char     name[96];
} DemoBatch;

typedef struct
{
  PGconn              *conn;
  const UpDemoOptions *options;
  GCancellable        *cancellable;
  GRand               *rand;
  GString             *buf;
  gboolean             in_copy;

  guint32              today;
  guint                current_year;

  /* "YYYY-MM-DD" for every day from day0 on. */
  guint32              day0;
  guint                n_days;
  char               (*days)[11];
  /* "YYYYMMDD" for every birth date from birth0 on. */
  guint32              birth0;
  guint                n_birth_days;
  char               (*births)[9];

  gint64               base[N_TABLES];
  gint64               rows[N_TABLES];

  guint                n_trainees;
  guint                n_courses;
  DemoCourse          *courses;
  /* Per trainee, the academies (bits of indexes into up_demo_academies[])
   * whose courses enroll them: their trainees.enrolled_academy_ids (0011). */
  guint64             *reach;
  guint32              major_academy[N_MAJORS];
  guint32              major_established[N_MAJORS];
  int                  academy_employer[N_ACADEMIES];
  guint                employer_weight;
  guint                surname_weight;
  guint                district_weight;
  GArray              *certs;
  GArray              *subsidies;
  DemoBatch            batches[N_BATCHES];

  const char          *stage;
  double               done;
  double               total;
} Gen;

/* Small helpers (inline) -------------------------------------------------- */

#define APPEND_LITERAL(buf, s) g_string_append_len ((buf), (s), sizeof (s) - 1)

static inline void
append_uint (GString *buf,
             guint64  value)
{
  char digits[24];
  int i = sizeof digits;

  do
    {
      digits[--i] = '0' + value % 10;
      value /= 10;
    }
  while (value > 0);

  g_string_append_len (buf, digits + i, sizeof digits - i);
}

/* Zero-padded to @width digits. */
static inline void
append_uint_padded (GString *buf,
                    guint64  value,
                    int      width)
{
  char digits[24];

  g_assert (width > 0 && width <= (int) sizeof digits);
  for (int i = width - 1; i >= 0; i--)
    {
      digits[i] = '0' + value % 10;
      value /= 10;
    }
  g_string_append_len (buf, digits, width);
}

/* numeric(6,1) from tenths. */
static inline void
append_tenths (GString *buf,
               guint    tenths)
{
  append_uint (buf, tenths / 10);
  g_string_append_c (buf, '.');
  g_string_append_c (buf, '0' + tenths % 10);
}

static inline void
append_day (Gen     *gen,
            GString *buf,
            guint32  julian)
{
  guint i = CLAMP (julian, gen->day0, gen->day0 + gen->n_days - 1) - gen->day0;

  g_string_append_len (buf, gen->days[i], 10);
}

/* A timestamptz in China Standard Time. */
static inline void
append_time (Gen     *gen,
             GString *buf,
             guint32  julian,
             guint    hour,
             guint    minute)
{
  append_day (gen, buf, julian);
  g_string_append_c (buf, ' ');
  append_uint_padded (buf, hour, 2);
  g_string_append_c (buf, ':');
  append_uint_padded (buf, minute, 2);
  APPEND_LITERAL (buf, ":00+08");
}

static inline void
append_id (Gen       *gen,
           DemoTable  table,
           guint64    index)
{
  append_uint (gen->buf, gen->base[table] + index + 1);
}

static inline guint
rand_range (GRand *rand,
            guint  begin,
            guint  end)  /* inclusive */
{
  return begin + g_rand_int_range (rand, 0, (gint32) (end - begin + 1));
}

static inline gboolean
chance (GRand *rand,
        guint  percent)
{
  return (guint) g_rand_int_range (rand, 0, 100) < percent;
}

/* up-demo-gen.c */
guint32   up_demo_julian_of            (guint                year,
                                        guint                month,
                                        guint                day);
guint     up_demo_year_of              (guint32              julian);
guint     up_demo_rand_low             (GRand               *rand,
                                        guint                begin,
                                        guint                end,
                                        guint                draws);
guint     up_demo_rand_high            (GRand               *rand,
                                        guint                begin,
                                        guint                end,
                                        guint                draws);
guint64   up_demo_coprime_near         (guint64              start,
                                        guint64              modulus);
void      up_demo_set_stage            (Gen                 *gen,
                                        const char          *stage);
gboolean  up_demo_check_cancelled      (Gen                 *gen,
                                        GError             **error);
gboolean  up_demo_copy_begin           (Gen                 *gen,
                                        const char          *sql,
                                        GError             **error);
gboolean  up_demo_copy_flush           (Gen                 *gen,
                                        gboolean             force,
                                        GError             **error);
gboolean  up_demo_copy_end             (Gen                 *gen,
                                        GError             **error);
void      up_demo_copy_abort           (Gen                 *gen);
void      up_demo_gen_init             (Gen                 *gen,
                                        PGconn              *conn,
                                        const UpDemoOptions *options,
                                        GCancellable        *cancellable);
void      up_demo_gen_clear            (Gen                 *gen);

/* up-demo-people.c */
gboolean  up_demo_write_academies      (Gen                 *gen,
                                        GError             **error);
gboolean  up_demo_write_trainees       (Gen                 *gen,
                                        GError             **error);

/* up-demo-courses.c */
gboolean  up_demo_write_courses        (Gen                 *gen,
                                        GError             **error);
gboolean  up_demo_write_enrollments    (Gen                 *gen,
                                        GError             **error);

/* up-demo-awards.c */
gboolean  up_demo_write_certifications (Gen                 *gen,
                                        GError             **error);
void      up_demo_plan_subsidies       (Gen                 *gen);
gboolean  up_demo_write_policies       (Gen                 *gen,
                                        GError             **error);
gboolean  up_demo_write_batches        (Gen                 *gen,
                                        GError             **error);
gboolean  up_demo_write_subsidies      (Gen                 *gen,
                                        GError             **error);

G_END_DECLS
