/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-demo"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <string.h>

#include "up-demo.h"
#include "up-error.h"
#include "up-pg.h"

/* Demo data modelled on the Chongqing program (DOMAIN.md).  Every value
 * comes from one GRand seeded with options->seed, drawn in a fixed order, so
 * the same seed on the same day gives the same rows.  Rows travel through
 * COPY with the ids written by us: COPY accepts values for identity columns,
 * which lets every foreign key be known without reading anything back.  The
 * identity sequences are moved past the new rows at the end.
 *
 * The texts in the tables below (names of academies, majors, employers,
 * batches, reasons) are data in the users' language, not interface text:
 * they are not translated.  None of them holds a tab, newline or backslash,
 * so they go into the COPY stream as they are. */

#define COPY_CHUNK (1024 * 1024)

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

/* Static data ------------------------------------------------------------ */

typedef struct
{
  const char *region;
  const char *name;
  guint       weight;
} DemoDistrict;

#define N_DISTRICTS 20
static const DemoDistrict up_demo_districts[] = {
  { "500103", "渝中区", 6 },
  { "500105", "江北区", 7 },
  { "500112", "渝北区", 10 },
  { "500107", "九龙坡区", 9 },
  { "500110", "綦江区", 4 },
  { "500106", "沙坪坝区", 8 },
  { "500108", "南岸区", 7 },
  { "500109", "北碚区", 5 },
  { "500113", "巴南区", 6 },
  { "500115", "长寿区", 4 },
  { "500116", "江津区", 6 },
  { "500117", "合川区", 5 },
  { "500118", "永川区", 5 },
  { "500101", "万州区", 6 },
  { "500102", "涪陵区", 5 },
  { "500104", "大渡口区", 3 },
  { "500120", "璧山区", 3 },
  { "500151", "铜梁区", 3 },
  { "500153", "荣昌区", 3 },
  { "500154", "开州区", 3 },
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_districts) == N_DISTRICTS);

typedef struct
{
  const char *name;
  const char *industry;
  guint       weight;
} DemoEmployer;

#define N_EMPLOYERS 22
static const DemoEmployer up_demo_employers[] = {
  { "长安汽车", "汽车制造", 10 },
  { "重庆钢铁", "钢铁冶金", 5 },
  { "川仪股份", "仪器仪表", 4 },
  { "重庆机电", "装备制造", 5 },
  { "中国中车", "轨道交通装备", 4 },
  { "重庆轨道交通集团", "轨道交通运营", 5 },
  { "国网重庆市电力公司", "电力", 5 },
  { "重庆建工集团", "建筑施工", 6 },
  { "重庆化医集团", "化工医药", 4 },
  { "京东方重庆", "电子信息", 5 },
  { "赛力斯汽车", "汽车制造", 6 },
  { "隆鑫通用动力", "摩托车及通用机械", 3 },
  { "宗申产业集团", "摩托车及通用机械", 3 },
  { "重庆港务物流集团", "交通物流", 3 },
  { "重庆燃气集团", "燃气", 2 },
  { "重庆水务集团", "水务", 2 },
  { "西南铝业", "有色金属", 3 },
  { "重庆交运集团", "交通运输", 3 },
  { "重庆公交集团", "公共交通", 3 },
  { "重庆啤酒", "食品饮料", 2 },
  { "华润微电子重庆", "电子信息", 2 },
  { "重庆三峰环境", "环保", 2 },
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_employers) == N_EMPLOYERS);

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
static const DemoAcademy up_demo_academies[] = {
  { "CQ-M01", "重庆市总工会工匠学院", "municipal", "渝中区", NULL, NULL },
  { "CQ-M02", "重庆市职工大学工匠学院", "municipal", "沙坪坝区", NULL, NULL },
  { "CQ-M03", "重庆工程职业技术学院工匠学院", "municipal", "江津区", NULL, NULL },
  { "CQ-M04", "重庆电子工程职业学院工匠学院", "municipal", "沙坪坝区", NULL, NULL },
  { "CQ-M05", "重庆城市管理职业学院工匠学院", "municipal", "沙坪坝区", NULL, NULL },
  { "CQ-D01", "渝中区工匠学院", "district", "渝中区", NULL, NULL },
  { "CQ-D02", "江北区工匠学院", "district", "江北区", NULL, NULL },
  { "CQ-D03", "渝北区工匠学院", "district", "渝北区", NULL, NULL },
  { "CQ-D04", "九龙坡区工匠学院", "district", "九龙坡区", NULL, NULL },
  { "CQ-D05", "綦江区工匠学院", "district", "綦江区", NULL, NULL },
  { "CQ-D06", "沙坪坝区工匠学院", "district", "沙坪坝区", NULL, NULL },
  { "CQ-D07", "南岸区工匠学院", "district", "南岸区", NULL, NULL },
  { "CQ-D08", "北碚区工匠学院", "district", "北碚区", NULL, NULL },
  { "CQ-D09", "巴南区工匠学院", "district", "巴南区", NULL, NULL },
  { "CQ-D10", "江津区工匠学院", "district", "江津区", NULL, NULL },
  { "CQ-D11", "永川区工匠学院", "district", "永川区", NULL, NULL },
  { "CQ-D12", "万州区工匠学院", "district", "万州区", NULL, NULL },
  { "CQ-D13", "涪陵区工匠学院", "district", "涪陵区", NULL, NULL },
  { "CQ-I01", "重庆市机械冶金产业工匠学院", "industry", "九龙坡区", "机械冶金", NULL },
  { "CQ-I02", "重庆市交通运输产业工匠学院", "industry", "渝北区", "交通运输", NULL },
  { "CQ-I03", "重庆市建设产业工匠学院", "industry", "江北区", "建筑", NULL },
  { "CQ-I04", "重庆市能源化工产业工匠学院", "industry", "长寿区", "能源化工", NULL },
  { "CQ-I05", "重庆市电子信息产业工匠学院", "industry", "沙坪坝区", "电子信息", NULL },
  { "CQ-I06", "重庆市汽车摩托车产业工匠学院", "industry", "渝北区", "汽车摩托车", NULL },
  { "CQ-E01", "长安汽车工匠学院", "enterprise", "江北区", "汽车制造", "长安汽车" },
  { "CQ-E02", "重庆钢铁工匠学院", "enterprise", "长寿区", "钢铁冶金", "重庆钢铁" },
  { "CQ-E03", "川仪股份工匠学院", "enterprise", "北碚区", "仪器仪表", "川仪股份" },
  { "CQ-E04", "重庆机电工匠学院", "enterprise", "渝北区", "装备制造", "重庆机电" },
  { "CQ-E05", "中车重庆工匠学院", "enterprise", "大渡口区", "轨道交通装备", "中国中车" },
  { "CQ-E06", "重庆轨道交通集团工匠学院", "enterprise", "渝北区", "轨道交通运营", "重庆轨道交通集团" },
  { "CQ-E07", "国网重庆电力工匠学院", "enterprise", "渝中区", "电力", "国网重庆市电力公司" },
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_academies) == N_ACADEMIES);

typedef enum
{
  KIND_SKILL,
  KIND_ACADEMIC,
  KIND_TEAM_LEADER,
  KIND_SAFETY,
} DemoKind;

static const char *up_demo_kind_names[] = { "skill", "academic", "team_leader", "safety" };
static const char *up_demo_kind_title[] = { "技能培训班", "学历提升班", "培训班", "培训班" };

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
static const DemoMajor up_demo_majors[] = {
  { "CQ-M01", "班组长管理", KIND_TEAM_LEADER, "班组长管理", EDU_NONE },
  { "CQ-M01", "电工", KIND_SKILL, "电工", EDU_NONE },
  { "CQ-M02", "机电一体化技术", KIND_ACADEMIC, "机电一体化技术", EDU_JUNIOR_COLLEGE },
  { "CQ-M02", "工商管理", KIND_ACADEMIC, "工商管理", EDU_BACHELOR },
  { "CQ-M03", "工程造价", KIND_ACADEMIC, "工程造价", EDU_JUNIOR_COLLEGE },
  { "CQ-M03", "焊接", KIND_SKILL, "焊工", EDU_NONE },
  { "CQ-M04", "电子产品装配", KIND_SKILL, "电子设备装接工", EDU_NONE },
  { "CQ-M04", "电气自动化技术", KIND_ACADEMIC, "电气自动化技术", EDU_JUNIOR_COLLEGE },
  { "CQ-M05", "物流管理", KIND_SKILL, "物流服务师", EDU_NONE },
  { "CQ-M05", "中式烹调", KIND_SKILL, "中式烹调师", EDU_NONE },
  { "CQ-D01", "电梯安装维修", KIND_SKILL, "电梯安装维修工", EDU_NONE },
  { "CQ-D01", "低压电工作业", KIND_SAFETY, "低压电工作业", EDU_NONE },
  { "CQ-D02", "汽车维修", KIND_SKILL, "汽车维修工", EDU_NONE },
  { "CQ-D02", "班组安全管理", KIND_TEAM_LEADER, "班组安全管理", EDU_NONE },
  { "CQ-D03", "工业机器人", KIND_SKILL, "工业机器人系统运维员", EDU_NONE },
  { "CQ-D03", "无人机驾驶", KIND_SKILL, "无人机驾驶员", EDU_NONE },
  { "CQ-D04", "数控加工", KIND_SKILL, "数控车工", EDU_NONE },
  { "CQ-D04", "焊接与热切割作业", KIND_SAFETY, "焊接与热切割作业", EDU_NONE },
  { "CQ-D05", "焊接", KIND_SKILL, "焊工", EDU_NONE },
  { "CQ-D05", "钳工", KIND_SKILL, "钳工", EDU_NONE },
  { "CQ-D06", "轨道交通运营", KIND_SKILL, "城市轨道交通列车司机", EDU_NONE },
  { "CQ-D06", "网络与信息安全", KIND_SKILL, "网络与信息安全管理员", EDU_NONE },
  { "CQ-D07", "电子商务", KIND_SKILL, "电子商务师", EDU_NONE },
  { "CQ-D07", "低压电工作业", KIND_SAFETY, "低压电工作业", EDU_NONE },
  { "CQ-D08", "仪器仪表维修", KIND_SKILL, "仪器仪表维修工", EDU_NONE },
  { "CQ-D08", "高处作业", KIND_SAFETY, "高处作业", EDU_NONE },
  { "CQ-D09", "汽车装调", KIND_SKILL, "汽车装调工", EDU_NONE },
  { "CQ-D09", "机电一体化技术", KIND_ACADEMIC, "机电一体化技术", EDU_JUNIOR_COLLEGE },
  { "CQ-D10", "电工", KIND_SKILL, "电工", EDU_NONE },
  { "CQ-D10", "危险化学品安全作业", KIND_SAFETY, "危险化学品安全作业", EDU_NONE },
  { "CQ-D11", "数控加工", KIND_SKILL, "数控铣工", EDU_NONE },
  { "CQ-D11", "工业机器人", KIND_SKILL, "工业机器人系统操作员", EDU_NONE },
  { "CQ-D12", "焊接", KIND_SKILL, "焊工", EDU_NONE },
  { "CQ-D12", "中式烹调", KIND_SKILL, "中式烹调师", EDU_NONE },
  { "CQ-D13", "化工总控", KIND_SKILL, "化工总控工", EDU_NONE },
  { "CQ-D13", "危险化学品安全作业", KIND_SAFETY, "危险化学品安全作业", EDU_NONE },
  { "CQ-I01", "车工", KIND_SKILL, "车工", EDU_NONE },
  { "CQ-I01", "模具制造", KIND_SKILL, "模具工", EDU_NONE },
  { "CQ-I02", "轨道交通运营", KIND_SKILL, "城市轨道交通服务员", EDU_NONE },
  { "CQ-I02", "城市轨道交通运营管理", KIND_ACADEMIC, "城市轨道交通运营管理", EDU_JUNIOR_COLLEGE },
  { "CQ-I03", "钢筋工", KIND_SKILL, "钢筋工", EDU_NONE },
  { "CQ-I03", "班组安全管理", KIND_TEAM_LEADER, "班组安全管理", EDU_NONE },
  { "CQ-I04", "化工总控", KIND_SKILL, "化工总控工", EDU_NONE },
  { "CQ-I04", "燃气输配", KIND_SKILL, "燃气储运工", EDU_NONE },
  { "CQ-I05", "电子产品装配", KIND_SKILL, "电子设备装接工", EDU_NONE },
  { "CQ-I05", "电气工程及其自动化", KIND_ACADEMIC, "电气工程及其自动化", EDU_BACHELOR },
  { "CQ-I06", "新能源汽车维修", KIND_SKILL, "汽车维修工", EDU_NONE },
  { "CQ-I06", "汽车制造与试验技术", KIND_ACADEMIC, "汽车制造与试验技术", EDU_JUNIOR_COLLEGE },
  { "CQ-E01", "汽车装调", KIND_SKILL, "汽车装调工", EDU_NONE },
  { "CQ-E01", "精益生产与班组建设", KIND_TEAM_LEADER, "精益生产与班组建设", EDU_NONE },
  { "CQ-E01", "机械设计制造及其自动化", KIND_ACADEMIC, "机械设计制造及其自动化", EDU_BACHELOR },
  { "CQ-E02", "炼钢", KIND_SKILL, "炼钢工", EDU_NONE },
  { "CQ-E02", "轧钢", KIND_SKILL, "轧制原料工", EDU_NONE },
  { "CQ-E03", "仪器仪表制造", KIND_SKILL, "仪器仪表制造工", EDU_NONE },
  { "CQ-E03", "班组长管理", KIND_TEAM_LEADER, "班组长管理", EDU_NONE },
  { "CQ-E04", "数控加工", KIND_SKILL, "数控车工", EDU_NONE },
  { "CQ-E04", "电梯安装维修", KIND_SKILL, "电梯安装维修工", EDU_NONE },
  { "CQ-E05", "轨道车辆装调", KIND_SKILL, "轨道交通车辆装调工", EDU_NONE },
  { "CQ-E05", "焊接", KIND_SKILL, "焊工", EDU_NONE },
  { "CQ-E06", "轨道交通运营", KIND_SKILL, "城市轨道交通列车司机", EDU_NONE },
  { "CQ-E06", "城市轨道交通运营管理", KIND_ACADEMIC, "城市轨道交通运营管理", EDU_JUNIOR_COLLEGE },
  { "CQ-E07", "电力线路运维", KIND_SKILL, "送配电线路工", EDU_NONE },
  { "CQ-E07", "变电运维", KIND_SKILL, "变电设备检修工", EDU_NONE },
  { "CQ-E07", "低压电工作业", KIND_SAFETY, "低压电工作业", EDU_NONE },
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_majors) == N_MAJORS);

typedef struct
{
  const char *text;
  guint       weight;
} DemoWeighted;

/* Common surnames, roughly by frequency (per mille). */
#define N_SURNAMES 60
static const DemoWeighted up_demo_surnames[] = {
  { "王", 71 }, { "李", 70 }, { "张", 67 }, { "刘", 54 }, { "陈", 46 }, { "杨", 31 },
  { "黄", 22 }, { "赵", 20 }, { "吴", 20 }, { "周", 19 }, { "徐", 15 }, { "孙", 14 },
  { "马", 13 }, { "朱", 13 }, { "胡", 13 }, { "郭", 12 }, { "何", 12 }, { "林", 11 },
  { "罗", 11 }, { "高", 11 }, { "郑", 10 }, { "梁", 9 }, { "谢", 9 }, { "宋", 8 },
  { "唐", 8 }, { "许", 8 }, { "韩", 7 }, { "冯", 7 }, { "邓", 7 }, { "曹", 7 },
  { "彭", 7 }, { "曾", 6 }, { "肖", 6 }, { "田", 6 }, { "董", 6 }, { "袁", 6 },
  { "潘", 5 }, { "蒋", 5 }, { "蔡", 5 }, { "余", 5 }, { "杜", 5 }, { "叶", 5 },
  { "程", 5 }, { "苏", 4 }, { "魏", 4 }, { "吕", 4 }, { "丁", 4 }, { "任", 4 },
  { "谭", 4 }, { "向", 3 }, { "冉", 3 }, { "秦", 3 }, { "熊", 3 }, { "廖", 3 },
  { "邱", 3 }, { "贺", 2 }, { "龙", 2 }, { "雷", 2 }, { "牟", 2 }, { "况", 1 },
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_surnames) == N_SURNAMES);

#define N_GIVEN_MALE 42
static const char *up_demo_given_male[] = {
  "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏",
  "华", "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙",
  "洋", "亮", "成", "建", "国", "峰", "东", "兵", "川", "江", "海", "松", "毅", "阳",
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_given_male) == N_GIVEN_MALE);

#define N_GIVEN_FEMALE 32
static const char *up_demo_given_female[] = {
  "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "颖",
  "琳", "洁", "梅", "琴", "云", "莉", "倩", "红", "萍", "丹", "佳", "欣", "月", "蓉",
  "露", "秀", "英", "兰",
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_given_female) == N_GIVEN_FEMALE);

#define N_GIVEN_FIRST 20
static const char *up_demo_given_first[] = {
  "小", "晓", "文", "思", "子", "春", "秋", "玉", "雨", "嘉", "志", "德", "永", "世",
  "家", "天", "明", "建", "红", "海",
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_given_first) == N_GIVEN_FIRST);

/* Mobile prefixes of the three carriers. */
#define N_PHONE_PREFIXES 33
static const char *up_demo_phone_prefixes[] = {
  "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
  "153", "155", "156", "157", "158", "159", "166", "173", "177", "180", "181", "182",
  "183", "185", "186", "187", "188", "189", "191", "198", "199",
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_phone_prefixes) == N_PHONE_PREFIXES);

static const char *up_demo_junior_colleges[] = {
  "重庆工程职业技术学院", "重庆电子工程职业学院", "重庆工业职业技术学院", "重庆城市管理职业学院",
};

static const char *up_demo_universities[] = {
  "重庆理工大学", "重庆交通大学", "重庆科技学院", "重庆三峡学院",
};

static const char *up_demo_academic_routes[] = { "adult_exam", "open_university", "self_study", "full_time" };

#define N_REJECT_REASONS 5
static const char *up_demo_reject_reasons[] = {
  "证书信息与全国联网查询结果不一致",
  "超过补助申领期限",
  "非本市参保职工",
  "申请材料不完整，缺少身份证明",
  "同一证书已在其他渠道领取补助",
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_reject_reasons) == N_REJECT_REASONS);

typedef struct
{
  const char        *name;
  const char        *kind;     /* certification_kind */
  int                skill_level;
  DemoAcademicLevel  level;
  gint64             amount_fen;
} DemoPolicy;

/* The defaults of the program: index 5 - skill level for levels 5..1. */
#define N_POLICIES 8
static const DemoPolicy up_demo_policies[] = {
  { "职业技能等级证书补助（初级工）", "skill_level", 5, EDU_NONE, 70000 },
  { "职业技能等级证书补助（中级工）", "skill_level", 4, EDU_NONE, 100000 },
  { "职业技能等级证书补助（高级工）", "skill_level", 3, EDU_NONE, 150000 },
  { "职业技能等级证书补助（技师）", "skill_level", 2, EDU_NONE, 200000 },
  { "职业技能等级证书补助（高级技师）", "skill_level", 1, EDU_NONE, 300000 },
  { "专项职业能力证书补助", "special_ability", 0, EDU_NONE, 50000 },
  { "学历提升补助（大专）", "academic_degree", 0, EDU_JUNIOR_COLLEGE, 300000 },
  { "学历提升补助（本科）", "academic_degree", 0, EDU_BACHELOR, 300000 },
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_policies) == N_POLICIES);
#define POLICY_SPECIAL_ABILITY 5
#define POLICY_JUNIOR_COLLEGE  6
#define POLICY_BACHELOR        7

static const char *up_demo_batch_states[N_BATCHES] = {
  "paid", "paid", "paid", "paid", "approved", "notice", "submitted", "draft",
};

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

/* Constant names: the only text ever put into SQL by this file. */
static const char *table_names[N_TABLES] = {
  "academies", "majors", "trainees", "courses", "enrollments", "certifications",
  "subsidy_policies", "payment_batches", "subsidies",
};

typedef enum
{
  COURSE_PLANNED,
  COURSE_OPEN,
  COURSE_RUNNING,
  COURSE_FINISHED,
  COURSE_CANCELLED,
} DemoCourseStatus;

static const char *course_status_names[] = { "planned", "open", "running", "finished", "cancelled" };

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

static const char *subsidy_state_names[] = { "pending", "approved", "rejected", "paid", "failed" };

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

/* Small helpers ----------------------------------------------------------- */

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

static guint32
up_demo_julian_of (guint year,
                   guint month,
                   guint day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static guint
up_demo_year_of (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_date_get_year (&date);
}

static inline guint
rand_range (GRand *rand,
            guint  begin,
            guint  end)  /* inclusive */
{
  return begin + g_rand_int_range (rand, 0, (gint32) (end - begin + 1));
}

/* The least of @draws uniform draws: leans towards @begin. */
static guint
up_demo_rand_low (GRand *rand,
                  guint  begin,
                  guint  end,
                  guint  draws)
{
  guint low = end;

  for (guint i = 0; i < draws; i++)
    {
      guint value = rand_range (rand, begin, end);  /* MIN evaluates twice */
      low = MIN (low, value);
    }
  return low;
}

/* The greatest of @draws uniform draws: leans towards @end. */
static guint
up_demo_rand_high (GRand *rand,
                   guint  begin,
                   guint  end,
                   guint  draws)
{
  guint high = begin;

  for (guint i = 0; i < draws; i++)
    {
      guint value = rand_range (rand, begin, end);  /* MAX evaluates twice */
      high = MAX (high, value);
    }
  return high;
}

static inline gboolean
chance (GRand *rand,
        guint  percent)
{
  return (guint) g_rand_int_range (rand, 0, 100) < percent;
}

static guint
pick_weighted (GRand              *rand,
               const DemoWeighted *items,
               guint               n_items,
               guint               total)
{
  guint r = g_rand_int_range (rand, 0, (gint32) total);

  for (guint i = 0; i < n_items; i++)
    {
      if (r < items[i].weight)
        return i;
      r -= items[i].weight;
    }
  return n_items - 1;
}

static guint
pick_employer (Gen *gen)
{
  guint r = g_rand_int_range (gen->rand, 0, (gint32) gen->employer_weight);
  guint i;

  for (i = 0; r >= up_demo_employers[i].weight; i++)
    r -= up_demo_employers[i].weight;
  return i;
}

static guint64
gcd (guint64 a,
     guint64 b)
{
  while (b != 0)
    {
      guint64 t = a % b;
      a = b;
      b = t;
    }
  return a;
}

/* A multiplier coprime with @modulus, so that c -> (c * m + b) % modulus is a
 * bijection: that is what makes the ID numbers and the course members
 * distinct without checking. */
static guint64
up_demo_coprime_near (guint64 start,
                      guint64 modulus)
{
  guint64 m = start % modulus;

  if (m == 0)
    m = 1;
  while (gcd (m, modulus) != 1)
    m = m % (modulus - 1) + 1;
  return m;
}

/* The check character of GB 11643 (ISO 7064 MOD 11-2). */
static char
id_check_character (const char *first17)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  for (int i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

/* COPY plumbing ----------------------------------------------------------- */

static void
report (Gen *gen)
{
  if (gen->options->progress != NULL)
    gen->options->progress (MIN (gen->done / gen->total, 0.99), gen->stage,
                            gen->options->progress_data);
}

static void
up_demo_set_stage (Gen        *gen,
                   const char *stage)
{
  gen->stage = stage;
  report (gen);
}

static gboolean
up_demo_check_cancelled (Gen     *gen,
                         GError **error)
{
  return !g_cancellable_set_error_if_cancelled (gen->cancellable, error);
}

static gboolean
up_demo_copy_begin (Gen        *gen,
                    const char *sql,
                    GError    **error)
{
  if (!up_demo_check_cancelled (gen, error) || !up_pg_copy_begin (gen->conn, sql, error))
    return FALSE;

  gen->in_copy = TRUE;
  g_string_truncate (gen->buf, 0);
  return TRUE;
}

/* Sends the buffer once it holds a chunk (or at once with @force); between
 * chunks is where progress is reported and cancellation noticed. */
static gboolean
up_demo_copy_flush (Gen       *gen,
                    gboolean   force,
                    GError   **error)
{
  if (!force && gen->buf->len < COPY_CHUNK)
    return TRUE;

  if (gen->buf->len > 0 && !up_pg_copy_put (gen->conn, gen->buf->str, gen->buf->len, error))
    return FALSE;
  g_string_truncate (gen->buf, 0);

  report (gen);
  return up_demo_check_cancelled (gen, error);
}

static gboolean
up_demo_copy_end (Gen     *gen,
                  GError **error)
{
  if (!up_demo_copy_flush (gen, TRUE, error))
    return FALSE;

  gen->in_copy = FALSE;
  return up_pg_copy_end (gen->conn, error);
}

/* Ends a COPY in progress with an error so the server discards it. */
static void
up_demo_copy_abort (Gen *gen)
{
  PGresult *result;

  if (!gen->in_copy)
    return;
  gen->in_copy = FALSE;

  if (PQputCopyEnd (gen->conn, "cancelled") != 1)
    return;
  while ((result = PQgetResult (gen->conn)) != NULL)
    PQclear (result);
}

/* Setup ------------------------------------------------------------------- */

static void
up_demo_gen_init (Gen                 *gen,
                  PGconn              *conn,
                  const UpDemoOptions *options,
                  GCancellable        *cancellable)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date;

  memset (gen, 0, sizeof *gen);
  gen->conn = conn;
  gen->options = options;
  gen->cancellable = cancellable;
  gen->rand = g_rand_new_with_seed (options->seed);
  gen->buf = g_string_sized_new (COPY_CHUNK + 4096);
  gen->n_trainees = options->n_trainees;
  gen->n_courses = MAX (1, options->n_trainees / TRAINEES_PER_COURSE);
  gen->certs = g_array_new (FALSE, FALSE, sizeof (DemoCert));
  gen->subsidies = g_array_new (FALSE, FALSE, sizeof (DemoSubsidy));

  gen->current_year = g_date_time_get_year (now);
  gen->today = up_demo_julian_of (gen->current_year, g_date_time_get_month (now),
                                  g_date_time_get_day_of_month (now));

  /* Academies were founded from 2016; academic courses run into the years
   * after the current one. */
  gen->day0 = up_demo_julian_of (2015, 1, 1);
  gen->n_days = up_demo_julian_of (gen->current_year + 5, 12, 31) - gen->day0 + 1;
  gen->days = g_malloc (gen->n_days * sizeof *gen->days);
  g_date_clear (&date, 1);
  for (guint i = 0; i < gen->n_days; i++)
    {
      g_date_set_julian (&date, gen->day0 + i);
      g_snprintf (gen->days[i], sizeof gen->days[i], "%04u-%02u-%02u",
                  (guint) g_date_get_year (&date), (guint) g_date_get_month (&date),
                  (guint) g_date_get_day (&date));
    }

  /* Trainees are born 1966 to 2006: of working age. */
  gen->birth0 = up_demo_julian_of (1966, 1, 1);
  gen->n_birth_days = up_demo_julian_of (2006, 12, 31) - gen->birth0 + 1;
  gen->births = g_malloc (gen->n_birth_days * sizeof *gen->births);
  for (guint i = 0; i < gen->n_birth_days; i++)
    {
      g_date_set_julian (&date, gen->birth0 + i);
      g_snprintf (gen->births[i], sizeof gen->births[i], "%04u%02u%02u",
                  (guint) g_date_get_year (&date), (guint) g_date_get_month (&date),
                  (guint) g_date_get_day (&date));
    }

  for (guint i = 0; i < N_ACADEMIES; i++)
    {
      gen->academy_employer[i] = -1;
      for (guint j = 0; up_demo_academies[i].employer != NULL && j < N_EMPLOYERS; j++)
        if (g_str_equal (up_demo_academies[i].employer, up_demo_employers[j].name))
          gen->academy_employer[i] = j;
    }

  for (guint i = 0; i < N_EMPLOYERS; i++)
    gen->employer_weight += up_demo_employers[i].weight;
  for (guint i = 0; i < N_SURNAMES; i++)
    gen->surname_weight += up_demo_surnames[i].weight;
  for (guint i = 0; i < N_DISTRICTS; i++)
    gen->district_weight += up_demo_districts[i].weight;

  /* Work for the progress fraction, in the server's time for one
   * enrollment row (measured with tests/bench/bench-demo): a trainee row
   * costs about three and a half (trigger, ID number check, six indexes), a
   * certificate one and a half, a subsidy three (audit trigger).  About 0.65
   * certificates and 0.4 subsidies are made per trainee. */
  gen->total = gen->n_trainees * (TRAINEE_COST + ENROLLMENTS_PER_TRAINEE
                                  + 0.65 * CERTIFICATION_COST + 0.4 * SUBSIDY_COST + 0.1);
}

static void
up_demo_gen_clear (Gen *gen)
{
  g_clear_pointer (&gen->rand, g_rand_free);
  if (gen->buf != NULL)
    g_string_free (gen->buf, TRUE);
  gen->buf = NULL;
  g_clear_pointer (&gen->days, g_free);
  g_clear_pointer (&gen->births, g_free);
  g_clear_pointer (&gen->courses, g_free);
  g_clear_pointer (&gen->reach, g_free);
  g_clear_pointer (&gen->certs, g_array_unref);
  g_clear_pointer (&gen->subsidies, g_array_unref);
}

/* The ids already taken in each table, by rows or by the identity sequence,
 * so ours never meet one handed out before. */
static gboolean
read_bases (Gen     *gen,
            GError **error)
{
  for (guint t = 0; t < N_TABLES; t++)
    {
      const char *params[] = { table_names[t] };
      g_autofree char *sql = NULL;
      char *table;

      /* A table cannot be a parameter: its name, escaped by libpq, is the
       * one thing joined into the statement. */
      table = PQescapeIdentifier (gen->conn, table_names[t], strlen (table_names[t]));
      if (table == NULL)
        {
          up_error_set_from_result (error, gen->conn, NULL);
          return FALSE;
        }
      sql = g_strconcat ("SELECT greatest ((SELECT max (id) FROM ", table, "), "
                         "pg_sequence_last_value (pg_get_serial_sequence ($1, 'id')::regclass), 0)", NULL);
      PQfreemem (table);
      if (!up_pg_query_int64 (gen->conn, sql, G_N_ELEMENTS (params), params, &gen->base[t], error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
advance_sequences (Gen     *gen,
                   GError **error)
{
  for (guint t = 0; t < N_TABLES; t++)
    {
      g_autofree char *last = NULL;

      if (gen->rows[t] == 0)
        continue;

      last = g_strdup_printf ("%" G_GINT64_FORMAT, gen->base[t] + gen->rows[t]);
      if (!up_pg_command (gen->conn, "SELECT setval (pg_get_serial_sequence ($1, 'id'), $2::bigint)",
                          2, (const char *[]) { table_names[t], last }, error))
        return FALSE;
    }

  return TRUE;
}

/* Academies and majors ----------------------------------------------------- */

static gboolean
up_demo_write_academies (Gen     *gen,
                         GError **error)
{
  GString *buf = gen->buf;
  guint32 founded[N_ACADEMIES];
  guint32 first = up_demo_julian_of (2016, 1, 1);
  guint32 last = up_demo_julian_of (2024, 12, 31);

  if (!up_demo_copy_begin (gen, "COPY academies (id, code, name, level, district, industry, founded_on) FROM STDIN", error))
    return FALSE;

  for (guint i = 0; i < N_ACADEMIES; i++)
    {
      const DemoAcademy *a = &up_demo_academies[i];

      /* Most academies date from the program's first years. */
      founded[i] = up_demo_rand_low (gen->rand, first, last, 2);

      append_id (gen, TABLE_ACADEMIES, i);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, a->code);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, a->name);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, a->level);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, a->district);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, a->industry);
      g_string_append_c (buf, '\t');
      append_day (gen, buf, founded[i]);
      g_string_append_c (buf, '\n');
    }
  gen->rows[TABLE_ACADEMIES] = N_ACADEMIES;

  if (!up_demo_copy_end (gen, error))
    return FALSE;

  if (!up_demo_copy_begin (gen, "COPY majors (id, academy_id, name, established_on) FROM STDIN", error))
    return FALSE;

  for (guint i = 0; i < N_MAJORS; i++)
    {
      guint academy = 0;
      guint32 latest;

      while (!g_str_equal (up_demo_academies[academy].code, up_demo_majors[i].academy))
        academy++;

      /* Established between the academy's founding and a while before
       * today, so that every major has had courses. */
      latest = MAX (founded[academy], MIN (up_demo_julian_of (2025, 12, 31), gen->today - 180));
      gen->major_academy[i] = academy;
      gen->major_established[i] = up_demo_rand_low (gen->rand, founded[academy], latest, 2);

      append_id (gen, TABLE_MAJORS, i);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_ACADEMIES, academy);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, up_demo_majors[i].name);
      g_string_append_c (buf, '\t');
      append_day (gen, buf, gen->major_established[i]);
      g_string_append_c (buf, '\n');
    }
  gen->rows[TABLE_MAJORS] = N_MAJORS;

  return up_demo_copy_end (gen, error);
}

/* Trainees ---------------------------------------------------------------- */

/* Sequence numbers per sex: odd 001..997 for men, even 002..998 for women. */
#define ID_SEQUENCES 499

/* The academies of @reach, in id order as the enrollments' triggers keep
 * them (0011), or \N. */
G_STATIC_ASSERT (N_ACADEMIES <= 64);

static void
append_reach (Gen     *gen,
              guint64  reach)
{
  gboolean first = TRUE;

  if (reach == 0)
    {
      APPEND_LITERAL (gen->buf, "\\N");
      return;
    }

  g_string_append_c (gen->buf, '{');
  for (guint a = 0; a < N_ACADEMIES; a++)
    if (reach & (G_GUINT64_CONSTANT (1) << a))
      {
        if (!first)
          g_string_append_c (gen->buf, ',');
        append_id (gen, TABLE_ACADEMIES, a);
        first = FALSE;
      }
  g_string_append_c (gen->buf, '}');
}

static gboolean
up_demo_write_trainees (Gen     *gen,
                        GError **error)
{
  static const DemoWeighted educations[] = {
    { NULL, 3 }, { "below_secondary", 8 }, { "secondary", 45 }, { "junior_college", 30 },
    { "bachelor", 12 }, { "postgraduate", 2 },
  };
  static const DemoWeighted skill_levels[] = {
    { NULL, 30 }, { "5", 24 }, { "4", 22 }, { "3", 15 }, { "2", 6 }, { "1", 3 },
  };
  GString *buf = gen->buf;
  guint n_districts = N_DISTRICTS;
  guint64 modulus = (guint64) gen->n_birth_days * ID_SEQUENCES;
  guint64 multiplier;
  guint64 offsets[N_DISTRICTS][2];
  guint64 counters[N_DISTRICTS][2] = { { 0 } };
  guint academy_weights[N_ACADEMIES];
  guint academy_total = 0;
  char id[19];

  /* Each (region, sex) has its own counter; the counter goes through a
   * bijection onto (birth date, sequence number), so numbers are distinct by
   * construction and still look scattered. */
  multiplier = up_demo_coprime_near (G_GUINT64_CONSTANT (2654435761) + g_rand_int (gen->rand), modulus);
  for (guint r = 0; r < n_districts; r++)
    for (guint s = 0; s < 2; s++)
      offsets[r][s] = (((guint64) g_rand_int (gen->rand) << 16) ^ g_rand_int (gen->rand)) % modulus;

  if ((guint64) gen->n_trainees > modulus * n_districts)
    {
      /* Translators: %u is a number of trainees, about 149 million */
      g_set_error (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                   _("Too many trainees to give each a distinct ID number: at most %u."),
                   (guint) (modulus * n_districts));
      return FALSE;
    }

  for (guint i = 0; i < N_ACADEMIES; i++)
    {
      const char *level = up_demo_academies[i].level;

      academy_weights[i] = g_str_equal (level, "municipal") ? 4 : 3;
      academy_total += academy_weights[i];
    }

  up_demo_set_stage (gen, _("Creating trainees"));
  if (!up_demo_copy_begin (gen, "COPY trainees (id, academy_id, id_number, name, phone, employer, industry, "
                                "union_member, education, skill_level, enrolled_academy_ids) FROM STDIN WITH (FREEZE)",
                          error))
    return FALSE;

  id[18] = '\0';
  for (guint i = 0; i < gen->n_trainees; i++)
    {
      guint academy = 0;
      guint region;
      guint sex = chance (gen->rand, 68) ? 0 : 1;  /* 0 male, 1 female */
      guint64 x;
      guint day, sequence;
      guint r;
      int employer;

      for (r = g_rand_int_range (gen->rand, 0, (gint32) academy_total); r >= academy_weights[academy]; academy++)
        r -= academy_weights[academy];

      /* A full region passes its trainees on to the next one. */
      r = g_rand_int_range (gen->rand, 0, (gint32) gen->district_weight);
      for (region = 0; r >= up_demo_districts[region].weight; region++)
        r -= up_demo_districts[region].weight;
      while (counters[region][sex] >= modulus)
        region = (region + 1) % n_districts;

      x = (counters[region][sex]++ * multiplier + offsets[region][sex]) % modulus;
      day = x % gen->n_birth_days;
      sequence = 2 * (x / gen->n_birth_days) + 1 + sex;

      memcpy (id, up_demo_districts[region].region, 6);
      memcpy (id + 6, gen->births[day], 8);
      id[14] = '0' + sequence / 100;
      id[15] = '0' + sequence / 10 % 10;
      id[16] = '0' + sequence % 10;
      id[17] = id_check_character (id);

      append_id (gen, TABLE_TRAINEES, i);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_ACADEMIES, academy);
      g_string_append_c (buf, '\t');
      g_string_append_len (buf, id, 18);
      g_string_append_c (buf, '\t');

      /* Name: a surname and one or two given characters. */
      g_string_append (buf, up_demo_surnames[pick_weighted (gen->rand, up_demo_surnames, N_SURNAMES,
                                                            gen->surname_weight)].text);
      if (chance (gen->rand, 70))
        {
          if (chance (gen->rand, 40))
            g_string_append (buf, up_demo_given_first[g_rand_int_range (gen->rand, 0, N_GIVEN_FIRST)]);
          else if (sex == 0)
            g_string_append (buf, up_demo_given_male[g_rand_int_range (gen->rand, 0, N_GIVEN_MALE)]);
          else
            g_string_append (buf, up_demo_given_female[g_rand_int_range (gen->rand, 0, N_GIVEN_FEMALE)]);
        }
      if (sex == 0)
        g_string_append (buf, up_demo_given_male[g_rand_int_range (gen->rand, 0, N_GIVEN_MALE)]);
      else
        g_string_append (buf, up_demo_given_female[g_rand_int_range (gen->rand, 0, N_GIVEN_FEMALE)]);
      g_string_append_c (buf, '\t');

      if (chance (gen->rand, 93))
        {
          g_string_append_len (buf, up_demo_phone_prefixes[g_rand_int_range (gen->rand, 0, N_PHONE_PREFIXES)], 3);
          append_uint_padded (buf, g_rand_int_range (gen->rand, 0, 100000000), 8);
        }
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');

      /* An enterprise academy trains its own company's workers. */
      employer = gen->academy_employer[academy];
      if (employer < 0 || chance (gen->rand, 10))
        employer = chance (gen->rand, 4) ? -1 : (int) pick_employer (gen);
      if (employer >= 0)
        {
          g_string_append (buf, up_demo_employers[employer].name);
          g_string_append_c (buf, '\t');
          g_string_append (buf, up_demo_employers[employer].industry);
        }
      else
        APPEND_LITERAL (buf, "\\N\t\\N");

      g_string_append (buf, chance (gen->rand, 92) ? "\tt\t" : "\tf\t");

      r = pick_weighted (gen->rand, educations, G_N_ELEMENTS (educations), 100);
      up_pg_copy_append (buf, educations[r].text);
      g_string_append_c (buf, '\t');
      r = pick_weighted (gen->rand, skill_levels, G_N_ELEMENTS (skill_levels), 100);
      up_pg_copy_append (buf, skill_levels[r].text);
      g_string_append_c (buf, '\t');
      append_reach (gen, gen->reach[i]);
      g_string_append_c (buf, '\n');

      gen->done += TRAINEE_COST;
      if (!up_demo_copy_flush (gen, FALSE, error))
        return FALSE;
    }
  gen->rows[TABLE_TRAINEES] = gen->n_trainees;

  return up_demo_copy_end (gen, error);
}

/* Courses ----------------------------------------------------------------- */

static gboolean
up_demo_write_courses (Gen     *gen,
                       GError **error)
{
  GString *buf = gen->buf;
  guint32 first = up_demo_julian_of (2022, 1, 1);
  /* Through the current year, and a few planned for the next months. */
  guint32 last = MAX (first, MAX (up_demo_julian_of (gen->current_year, 12, 1), gen->today + 120));
  guint n_years = up_demo_year_of (last) - 2022 + 1;
  g_autofree guint *runs = g_new0 (guint, N_MAJORS * n_years);
  guint64 total_capacity = 0;
  guint64 wanted = (guint64) ENROLLMENTS_PER_TRAINEE * gen->n_trainees;

  up_demo_set_stage (gen, _("Creating courses"));
  gen->courses = g_new0 (DemoCourse, gen->n_courses);

  for (guint c = 0; c < gen->n_courses; c++)
    {
      DemoCourse *course = &gen->courses[c];
      guint major = g_rand_int_range (gen->rand, 0, N_MAJORS);
      guint32 from = CLAMP (gen->major_established[major], first, last);

      course->major = major;
      course->academy = gen->major_academy[major];
      course->start = rand_range (gen->rand, from, last);

      switch (up_demo_majors[major].kind)
        {
        case KIND_SKILL:
          course->end = course->start + rand_range (gen->rand, 14, 90);
          course->hours = 40 + 8 * rand_range (gen->rand, 0, 20);
          break;
        case KIND_ACADEMIC:
          course->end = course->start + rand_range (gen->rand, 365, 900);
          course->hours = 120 + 8 * rand_range (gen->rand, 0, 10);
          break;
        case KIND_TEAM_LEADER:
          course->end = course->start + rand_range (gen->rand, 3, 30);
          course->hours = 40 + 8 * rand_range (gen->rand, 0, 5);
          break;
        case KIND_SAFETY:
        default:
          course->end = course->start + rand_range (gen->rand, 5, 20);
          course->hours = 40 + 8 * rand_range (gen->rand, 0, 5);
          break;
        }

      /* Capacities lean to the upper end of 30..120: five enrollments a
       * trainee over a course for twenty trainees is a hundred a course. */
      course->capacity = up_demo_rand_high (gen->rand, 30, 120, 3);
      total_capacity += course->capacity;

      if (chance (gen->rand, 3))
        course->status = COURSE_CANCELLED;
      else if (course->end < gen->today)
        course->status = COURSE_FINISHED;
      else if (course->start <= gen->today)
        course->status = COURSE_RUNNING;
      else if (course->start <= gen->today + 60)
        course->status = COURSE_OPEN;
      else
        course->status = COURSE_PLANNED;
    }

  /* Spread the enrollments over the courses by capacity: a good part of
   * the courses gets more applicants than seats. */
  for (guint c = 0; c < gen->n_courses; c++)
    {
      DemoCourse *course = &gen->courses[c];
      guint64 n = course->capacity * wanted * rand_range (gen->rand, 90, 110) / (100 * total_capacity);

      course->n_enrolled = CLAMP (n, 1, gen->n_trainees);
    }

  /* Who each course enrolls, chosen now so that the trainees, written
   * next, carry the academies that enroll them: an arithmetic walk with a
   * step coprime with the number of trainees never meets the same trainee
   * twice. */
  gen->reach = g_new0 (guint64, gen->n_trainees);
  for (guint c = 0; c < gen->n_courses; c++)
    {
      DemoCourse *course = &gen->courses[c];
      guint64 n = gen->n_trainees;

      course->stride = up_demo_coprime_near (g_rand_int (gen->rand), n);
      course->offset = g_rand_int (gen->rand) % n;
      for (guint j = 0; j < course->n_enrolled; j++)
        gen->reach[(course->offset + j * course->stride) % n] |= G_GUINT64_CONSTANT (1) << course->academy;
    }

  if (!up_demo_copy_begin (gen, "COPY courses (id, academy_id, major_id, kind, title, start_date, end_date, hours, "
                                "capacity, location, status) FROM STDIN", error))
    return FALSE;

  for (guint c = 0; c < gen->n_courses; c++)
    {
      DemoCourse *course = &gen->courses[c];
      const DemoMajor *major = &up_demo_majors[course->major];
      guint year = up_demo_year_of (course->start);
      guint run = ++runs[course->major * n_years + MIN (year - 2022, n_years - 1)];

      append_id (gen, TABLE_COURSES, c);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_ACADEMIES, course->academy);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_MAJORS, course->major);
      g_string_append_c (buf, '\t');
      g_string_append (buf, up_demo_kind_names[major->kind]);
      g_string_append_c (buf, '\t');
      append_uint (buf, year);
      g_string_append (buf, "年");
      g_string_append (buf, major->name);
      g_string_append (buf, up_demo_kind_title[major->kind]);
      g_string_append (buf, "（第");
      append_uint (buf, run);
      g_string_append (buf, "期）\t");
      append_day (gen, buf, course->start);
      g_string_append_c (buf, '\t');
      append_day (gen, buf, course->end);
      g_string_append_c (buf, '\t');
      append_uint (buf, course->hours);
      g_string_append_c (buf, '\t');
      append_uint (buf, course->capacity);
      g_string_append_c (buf, '\t');
      if (chance (gen->rand, 85))
        {
          g_string_append (buf, up_demo_academies[course->academy].district);
          g_string_append (buf, "职工实训基地");
        }
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      g_string_append (buf, course_status_names[course->status]);
      g_string_append_c (buf, '\n');

      if (!up_demo_copy_flush (gen, FALSE, error))
        return FALSE;
    }
  gen->rows[TABLE_COURSES] = gen->n_courses;

  return up_demo_copy_end (gen, error);
}

/* Enrollments, and the certifications their completions earn ----------------- */

static void
maybe_certify (Gen        *gen,
               guint32     trainee,
               guint32     course_index)
{
  static const guint skill_levels[] = { 38, 30, 20, 9, 3 };  /* 5, 4, 3, 2, 1 */
  static const guint routes[] = { 40, 30, 20, 10 };
  const DemoCourse *course = &gen->courses[course_index];
  const DemoMajor *major = &up_demo_majors[course->major];
  guint r = g_rand_int_range (gen->rand, 0, 1000);
  DemoCert cert = { trainee, course_index, 0, 0, 0, 0, 0, 0 };

  switch (major->kind)
    {
    case KIND_SKILL:
      if (r < 260)
        cert.kind = CERT_SKILL_LEVEL;
      else if (r < 285)
        cert.kind = CERT_SPECIAL_ABILITY;
      else
        return;
      break;
    case KIND_ACADEMIC:
      if (r >= 450)
        return;
      cert.kind = CERT_ACADEMIC_DEGREE;
      break;
    case KIND_SAFETY:
      if (r >= 350)
        return;
      cert.kind = CERT_SPECIAL_OPERATION;
      break;
    case KIND_TEAM_LEADER:
    default:
      if (r >= 100)
        return;
      cert.kind = CERT_SPECIAL_ABILITY;
      break;
    }

  switch (cert.kind)
    {
    case CERT_SKILL_LEVEL:
      cert.issued = course->end + rand_range (gen->rand, 20, 60);
      r = g_rand_int_range (gen->rand, 0, 100);
      for (cert.level = 5; r >= skill_levels[5 - cert.level]; cert.level--)
        r -= skill_levels[5 - cert.level];
      /* Enterprise academies evaluate their own workers. */
      cert.body = gen->academy_employer[course->academy] >= 0 && chance (gen->rand, 60) ? 1 : 0;
      break;
    case CERT_SPECIAL_ABILITY:
      cert.issued = course->end + rand_range (gen->rand, 20, 60);
      break;
    case CERT_ACADEMIC_DEGREE:
      cert.issued = course->end + rand_range (gen->rand, 10, 40);
      cert.level = major->level;
      r = g_rand_int_range (gen->rand, 0, 100);
      for (cert.route = 0; r >= routes[cert.route]; cert.route++)
        r -= routes[cert.route];
      cert.body = g_rand_int_range (gen->rand, 0, 4);
      break;
    case CERT_SPECIAL_OPERATION:
    default:
      cert.issued = course->end + rand_range (gen->rand, 7, 30);
      break;
    }

  if (chance (gen->rand, 85))
    cert.verified = cert.issued + rand_range (gen->rand, 3, 30);

  /* Not issued yet. */
  if (cert.issued > gen->today)
    return;
  if (cert.verified > gen->today)
    cert.verified = 0;

  g_array_append_val (gen->certs, cert);
}

static gboolean
up_demo_write_enrollments (Gen     *gen,
                           GError **error)
{
  GString *buf = gen->buf;
  guint64 index = 0;
  guint64 n = gen->n_trainees;

  up_demo_set_stage (gen, _("Creating enrollments"));
  if (!up_demo_copy_begin (gen, "COPY enrollments (id, academy_id, course_id, trainee_id, status, waitlist_position, "
                                "enrolled_at, attended_hours, passed, completed_at) FROM STDIN WITH (FREEZE)", error))
    return FALSE;

  for (guint c = 0; c < gen->n_courses; c++)
    {
      const DemoCourse *course = &gen->courses[c];
      guint64 stride = course->stride;
      guint64 offset = course->offset;
      guint waitlisted = 0;
      guint taken = 0;  /* seats held: someone who withdrew gave theirs back */
      guint elapsed_percent = 0;

      if (course->status == COURSE_RUNNING)
        elapsed_percent = 100 * (gen->today - course->start) / MAX (1, course->end - course->start);

      for (guint j = 0; j < course->n_enrolled; j++)
        {
          guint32 trainee = (offset + j * stride) % n;
          gboolean seated = j < course->capacity;
          guint32 enrolled = course->start - 30 + 28 * j / course->n_enrolled;
          guint tenths = course->hours * 10;
          const char *status;
          int attended = -1;  /* percent of the hours, -1: none recorded */
          gboolean completed = FALSE;

          switch (course->status)
            {
            case COURSE_FINISHED:
              if (!seated)
                status = "withdrawn";
              else
                {
                  guint r = g_rand_int_range (gen->rand, 0, 100);

                  if (r < 85)
                    {
                      status = "completed";
                      attended = rand_range (gen->rand, 80, 100);
                      completed = TRUE;
                    }
                  else if (r < 95)
                    {
                      status = "not_completed";
                      attended = rand_range (gen->rand, 20, 79);
                    }
                  else
                    {
                      status = "withdrawn";
                      attended = rand_range (gen->rand, 0, 30);
                    }
                }
              break;
            case COURSE_RUNNING:
              if (!chance (gen->rand, 95))
                status = "withdrawn";
              else if (taken < course->capacity)
                {
                  status = "enrolled";
                  taken++;
                  attended = elapsed_percent * rand_range (gen->rand, 85, 100) / 100;
                }
              else
                status = "waitlisted";
              break;
            case COURSE_CANCELLED:
              status = "withdrawn";
              break;
            case COURSE_OPEN:
            case COURSE_PLANNED:
            default:
              if (!chance (gen->rand, 97))
                status = "withdrawn";
              else if (taken < course->capacity)
                {
                  status = "enrolled";
                  taken++;
                }
              else
                status = "waitlisted";
              break;
            }

          append_id (gen, TABLE_ENROLLMENTS, index++);
          g_string_append_c (buf, '\t');
          append_id (gen, TABLE_ACADEMIES, course->academy);
          g_string_append_c (buf, '\t');
          append_id (gen, TABLE_COURSES, c);
          g_string_append_c (buf, '\t');
          append_id (gen, TABLE_TRAINEES, trainee);
          g_string_append_c (buf, '\t');
          g_string_append (buf, status);
          g_string_append_c (buf, '\t');
          if (status[0] == 'w' && status[1] == 'a')
            append_uint (buf, ++waitlisted);
          else
            APPEND_LITERAL (buf, "\\N");
          g_string_append_c (buf, '\t');
          append_time (gen, buf, MIN (enrolled, gen->today), rand_range (gen->rand, 8, 21),
                       g_rand_int_range (gen->rand, 0, 60));
          g_string_append_c (buf, '\t');
          if (attended >= 0)
            append_tenths (buf, tenths * attended / 100);
          else
            APPEND_LITERAL (buf, "\\N");
          if (completed)
            {
              APPEND_LITERAL (buf, "\tt\t");
              append_time (gen, buf, course->end, 17, 0);
              g_string_append_c (buf, '\n');
              maybe_certify (gen, trainee, c);
            }
          else if (status[0] == 'n')
            APPEND_LITERAL (buf, "\tf\t\\N\n");
          else
            APPEND_LITERAL (buf, "\t\\N\t\\N\n");
        }

      gen->done += course->n_enrolled;
      if (!up_demo_copy_flush (gen, FALSE, error))
        return FALSE;
    }
  gen->rows[TABLE_ENROLLMENTS] = index;

  return up_demo_copy_end (gen, error);
}

static const char *
cert_issuer (Gen            *gen,
             const DemoCert *cert)
{
  switch (cert->kind)
    {
    case CERT_SKILL_LEVEL:
      if (cert->body == 1)
        return up_demo_employers[gen->academy_employer[gen->courses[cert->course].academy]].name;
      return "重庆市职业技能鉴定指导中心";
    case CERT_SPECIAL_ABILITY:
      return "重庆市职业技能鉴定指导中心";
    case CERT_ACADEMIC_DEGREE:
      if (cert->route == 1)
        return cert->level == EDU_BACHELOR ? "国家开放大学" : "重庆开放大学";
      return cert->level == EDU_BACHELOR ? up_demo_universities[cert->body] : up_demo_junior_colleges[cert->body];
    case CERT_SPECIAL_OPERATION:
    default:
      return "重庆市应急管理局";
    }
}

static gboolean
up_demo_write_certifications (Gen     *gen,
                              GError **error)
{
  static const char *kinds[] = { "skill_level", "special_ability", "academic_degree", "special_operation" };
  static const char *verified_how[] = {
    "技能人才评价证书全国联网查询", "技能人才评价证书全国联网查询", "学信网学历查询", "特种作业操作证全国联网查询",
  };
  GString *buf = gen->buf;

  up_demo_set_stage (gen, _("Creating certifications"));
  if (!up_demo_copy_begin (gen, "COPY certifications (id, academy_id, trainee_id, course_id, kind, occupation, "
                                "skill_level, academic_level, academic_route, certificate_no, issuing_body, "
                                "issued_on, verified_on, verified_how) FROM STDIN WITH (FREEZE)", error))
    return FALSE;

  for (guint i = 0; i < gen->certs->len; i++)
    {
      const DemoCert *cert = &g_array_index (gen->certs, DemoCert, i);
      const DemoCourse *course = &gen->courses[cert->course];
      const char *year = gen->days[cert->issued - gen->day0];
      /* A running number over all certificates: unique for every issuer. */
      guint64 serial = gen->base[TABLE_CERTIFICATIONS] + i + 1;

      append_id (gen, TABLE_CERTIFICATIONS, i);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_ACADEMIES, course->academy);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_TRAINEES, cert->trainee);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_COURSES, cert->course);
      g_string_append_c (buf, '\t');
      g_string_append (buf, kinds[cert->kind]);
      g_string_append_c (buf, '\t');
      g_string_append (buf, up_demo_majors[course->major].occupation);
      g_string_append_c (buf, '\t');

      switch (cert->kind)
        {
        case CERT_SKILL_LEVEL:
          append_uint (buf, cert->level);
          APPEND_LITERAL (buf, "\t\\N\t\\N\tS5000");
          g_string_append_len (buf, year, 4);
          append_uint (buf, cert->level);
          break;
        case CERT_SPECIAL_ABILITY:
          APPEND_LITERAL (buf, "\\N\t\\N\t\\N\tZ5000");
          g_string_append_len (buf, year, 4);
          break;
        case CERT_ACADEMIC_DEGREE:
          APPEND_LITERAL (buf, "\\N\t");
          g_string_append (buf, cert->level == EDU_BACHELOR ? "bachelor" : "junior_college");
          g_string_append_c (buf, '\t');
          g_string_append (buf, up_demo_academic_routes[cert->route]);
          g_string_append_c (buf, '\t');
          append_uint (buf, 10600 + 17 * cert->body + cert->route);
          g_string_append_len (buf, year, 4);
          g_string_append_c (buf, cert->level == EDU_BACHELOR ? '5' : '6');
          break;
        case CERT_SPECIAL_OPERATION:
        default:
          APPEND_LITERAL (buf, "\\N\t\\N\t\\N\tT5001");
          g_string_append_len (buf, year, 4);
          break;
        }
      append_uint_padded (buf, serial, 10);
      g_string_append_c (buf, '\t');
      g_string_append (buf, cert_issuer (gen, cert));
      g_string_append_c (buf, '\t');
      append_day (gen, buf, cert->issued);
      g_string_append_c (buf, '\t');
      if (cert->verified != 0)
        {
          append_day (gen, buf, cert->verified);
          g_string_append_c (buf, '\t');
          g_string_append (buf, verified_how[cert->kind]);
        }
      else
        APPEND_LITERAL (buf, "\\N\t\\N");
      g_string_append_c (buf, '\n');

      gen->done += CERTIFICATION_COST;
      if (!up_demo_copy_flush (gen, FALSE, error))
        return FALSE;
    }
  gen->rows[TABLE_CERTIFICATIONS] = gen->certs->len;

  return up_demo_copy_end (gen, error);
}

/* Policies, payment batches and subsidies ------------------------------------ */

/* 紧缺职业: the demo's shortage occupations, raised by 20 % (rounded half up
 * to the fen, as up_compute_claim () does). */
static const char *shortage_occupations[] = { "工业机器人系统运维员", "工业机器人系统操作员", "数控铣工" };
#define SHORTAGE_UPLIFT_PERCENT 20

static gboolean
up_demo_write_policies (Gen     *gen,
                        GError **error)
{
  GString *buf = gen->buf;

  if (!up_demo_copy_begin (gen, "COPY subsidy_policies (id, name, kind, skill_level, academic_level, amount_fen, "
                                "valid_from, valid_to, fund) FROM STDIN", error))
    return FALSE;

  for (guint i = 0; i < N_POLICIES; i++)
    {
      const DemoPolicy *policy = &up_demo_policies[i];

      append_id (gen, TABLE_POLICIES, i);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, policy->name);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, policy->kind);
      g_string_append_c (buf, '\t');
      if (policy->skill_level > 0)
        append_uint (buf, policy->skill_level);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, policy->level == EDU_BACHELOR ? "bachelor"
                              : policy->level == EDU_JUNIOR_COLLEGE ? "junior_college" : NULL);
      g_string_append_c (buf, '\t');
      append_uint (buf, policy->amount_fen);
      g_string_append (buf, "\t2024-01-01\t\\N\t专项资金\n");
    }
  gen->rows[TABLE_POLICIES] = N_POLICIES;

  if (!up_demo_copy_end (gen, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (shortage_occupations); i++)
    {
      g_autofree char *uplift = g_strdup_printf ("%d", SHORTAGE_UPLIFT_PERCENT);
      const char *params[] = { shortage_occupations[i], uplift };

      if (!up_pg_command (gen->conn, "INSERT INTO shortage_occupations (occupation, uplift_percent) "
                                     "VALUES ($1, $2) ON CONFLICT (occupation) DO NOTHING", 2, params, error))
        return FALSE;
    }
  return TRUE;
}

static guint
policy_for (const DemoCert *cert)
{
  switch (cert->kind)
    {
    case CERT_SKILL_LEVEL:
      return 5 - cert->level;
    case CERT_SPECIAL_ABILITY:
      return POLICY_SPECIAL_ABILITY;
    case CERT_ACADEMIC_DEGREE:
    default:
      return cert->level == EDU_BACHELOR ? POLICY_BACHELOR : POLICY_JUNIOR_COLLEGE;
    }
}

static gint64
subsidy_amount (Gen               *gen,
                const DemoSubsidy *subsidy)
{
  const DemoCert *cert = &g_array_index (gen->certs, DemoCert, subsidy->cert);
  const char *occupation = up_demo_majors[gen->courses[cert->course].major].occupation;
  gint64 amount = up_demo_policies[subsidy->policy].amount_fen;

  for (guint i = 0; i < G_N_ELEMENTS (shortage_occupations); i++)
    if (g_str_equal (occupation, shortage_occupations[i]))
      return amount + (amount * SHORTAGE_UPLIFT_PERCENT + 50) / 100;
  return amount;
}

/* Decides every claim first: a batch row carries the sum of its claims and
 * must exist before them. */
static void
up_demo_plan_subsidies (Gen *gen)
{
  guint32 policy_start = up_demo_julian_of (2024, 1, 1);
  guint32 span = MAX (gen->today > policy_start ? gen->today - policy_start : 0, 2 * N_BATCHES);
  /* The paid batches share the time up to the last four months; the four
   * batches still on their way take a month each. */
  guint32 recent = MIN (span / 2, 120);
  guint32 lead = MIN ((span - recent) / 4, 60);
  guint n_years;
  g_autofree guint8 *claims = NULL;
  guint year_runs[16] = { 0 };

  if (gen->current_year < 2024)
    return;

  for (guint k = 0; k < N_BATCHES; k++)
    {
      DemoBatch *batch = &gen->batches[k];
      guint year;

      if (k < N_BATCHES / 2)
        batch->cutoff = policy_start + (k + 1) * (span - recent) / (N_BATCHES / 2);
      else
        batch->cutoff = policy_start + span - recent + (k + 1 - N_BATCHES / 2) * recent / (N_BATCHES / 2);
      batch->submitted = batch->cutoff + lead / 10 + 1;
      batch->notice_from = batch->cutoff + lead / 6 + 1;
      batch->notice_to = batch->notice_from + lead / 8 + 1;
      batch->paid = batch->cutoff + lead / 2 + 1;
      year = up_demo_year_of (batch->cutoff);
      g_snprintf (batch->name, sizeof batch->name, "%u年第%u批职工技能学历提升补助",
                  year, ++year_runs[MIN (year - 2024, G_N_ELEMENTS (year_runs) - 1)]);
    }

  /* At most annual_count_cap (3) claims a person a year. */
  n_years = gen->current_year - 2024 + 1;
  claims = g_malloc0 ((gsize) gen->n_trainees * n_years);

  for (guint i = 0; i < gen->certs->len; i++)
    {
      const DemoCert *cert = &g_array_index (gen->certs, DemoCert, i);
      DemoSubsidy subsidy = { i, 0, 0, SUBSIDY_PENDING, 0, N_BATCHES, 0 };
      guint8 *count;
      guint32 age;
      guint year;
      guint r;

      if (cert->kind == CERT_SPECIAL_OPERATION || cert->issued < policy_start)
        continue;
      if (!chance (gen->rand, 85))
        continue;

      /* Claimed within the window of twelve months. */
      subsidy.claimed = cert->issued + rand_range (gen->rand, 7, 90);
      if (subsidy.claimed > gen->today)
        continue;
      year = up_demo_year_of (subsidy.claimed);
      count = &claims[(gsize) cert->trainee * n_years + MIN (year - 2024, n_years - 1)];
      if (*count >= 3)
        continue;
      (*count)++;

      subsidy.policy = policy_for (cert);
      age = gen->today - subsidy.claimed;
      r = g_rand_int_range (gen->rand, 0, 100);

      if (age < 21)
        {
          if (r >= 85)
            {
              subsidy.state = SUBSIDY_REJECTED;
              subsidy.decided = subsidy.claimed + rand_range (gen->rand, 0, age);
            }
        }
      else if (r < 4)
        ;  /* still waiting for its review */
      else if (r < 12)
        {
          subsidy.state = SUBSIDY_REJECTED;
          subsidy.decided = subsidy.claimed + rand_range (gen->rand, 3, 20);
        }
      else
        {
          guint k = 0;

          subsidy.state = SUBSIDY_APPROVED;
          subsidy.decided = subsidy.claimed + rand_range (gen->rand, 5, 20);
          while (k < N_BATCHES - 1 && subsidy.decided > gen->batches[k].cutoff)
            k++;
          /* The newest batch is still being put together. */
          if (k < N_BATCHES - 1 || chance (gen->rand, 60))
            subsidy.batch = k;
          if (subsidy.batch < N_BATCHES && g_str_equal (up_demo_batch_states[k], "paid"))
            subsidy.state = chance (gen->rand, 96) ? SUBSIDY_PAID : SUBSIDY_FAILED;
        }

      if (subsidy.state == SUBSIDY_REJECTED)
        subsidy.reason = g_rand_int_range (gen->rand, 0, N_REJECT_REASONS);
      if (subsidy.batch < N_BATCHES && subsidy.state != SUBSIDY_FAILED)
        gen->batches[subsidy.batch].budget_fen += subsidy_amount (gen, &subsidy);

      g_array_append_val (gen->subsidies, subsidy);
    }
}

static gboolean
up_demo_write_batches (Gen     *gen,
                       GError **error)
{
  GString *buf = gen->buf;

  if (!up_demo_copy_begin (gen, "COPY payment_batches (id, name, fund, state, budget_fen, notice_from, notice_to, "
                                "submitted_at, paid_at) FROM STDIN", error))
    return FALSE;

  for (guint k = 0; k < N_BATCHES; k++)
    {
      const DemoBatch *batch = &gen->batches[k];
      const char *state = up_demo_batch_states[k];
      gboolean submitted = !g_str_equal (state, "draft");
      gboolean noticed = submitted && !g_str_equal (state, "submitted");

      append_id (gen, TABLE_BATCHES, k);
      g_string_append_c (buf, '\t');
      up_pg_copy_append (buf, batch->name);
      g_string_append (buf, "\t专项资金\t");
      g_string_append (buf, state);
      g_string_append_c (buf, '\t');
      append_uint (buf, batch->budget_fen);
      g_string_append_c (buf, '\t');
      if (noticed)
        {
          append_day (gen, buf, batch->notice_from);
          g_string_append_c (buf, '\t');
          append_day (gen, buf, batch->notice_to);
        }
      else
        APPEND_LITERAL (buf, "\\N\t\\N");
      g_string_append_c (buf, '\t');
      if (submitted)
        append_time (gen, buf, batch->submitted, 10, 0);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      if (g_str_equal (state, "paid"))
        append_time (gen, buf, batch->paid, 15, 0);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\n');
    }
  gen->rows[TABLE_BATCHES] = N_BATCHES;

  return up_demo_copy_end (gen, error);
}

static gboolean
up_demo_write_subsidies (Gen     *gen,
                         GError **error)
{
  GString *buf = gen->buf;

  g_autoptr(PGresult) scheme = NULL;

  /* Every demo claim is paid by the program's one scheme (migration 0004). */
  scheme = up_pg_exec (gen->conn, "SELECT up_default_scheme_id ()", 0, NULL, error);
  if (scheme == NULL)
    return FALSE;

  if (!up_demo_copy_begin (gen, "COPY subsidies (id, academy_id, trainee_id, certification_id, policy_id, batch_id, "
                                "amount_fen, state, reason, claimed_on, decided_at, paid_at, scheme_id, "
                                "subsidy_year) FROM STDIN WITH (FREEZE)", error))
    return FALSE;

  for (guint i = 0; i < gen->subsidies->len; i++)
    {
      const DemoSubsidy *subsidy = &g_array_index (gen->subsidies, DemoSubsidy, i);
      const DemoCert *cert = &g_array_index (gen->certs, DemoCert, subsidy->cert);

      append_id (gen, TABLE_SUBSIDIES, i);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_ACADEMIES, gen->courses[cert->course].academy);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_TRAINEES, cert->trainee);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_CERTIFICATIONS, subsidy->cert);
      g_string_append_c (buf, '\t');
      append_id (gen, TABLE_POLICIES, subsidy->policy);
      g_string_append_c (buf, '\t');
      if (subsidy->batch < N_BATCHES)
        append_id (gen, TABLE_BATCHES, subsidy->batch);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      append_uint (buf, subsidy_amount (gen, subsidy));
      g_string_append_c (buf, '\t');
      g_string_append (buf, subsidy_state_names[subsidy->state]);
      g_string_append_c (buf, '\t');
      if (subsidy->state == SUBSIDY_REJECTED)
        g_string_append (buf, up_demo_reject_reasons[subsidy->reason]);
      else if (subsidy->state == SUBSIDY_FAILED)
        g_string_append (buf, "银行账户信息有误，资金退回");
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      append_day (gen, buf, subsidy->claimed);
      g_string_append_c (buf, '\t');
      if (subsidy->decided != 0)
        append_time (gen, buf, MIN (subsidy->decided, gen->today), 10, 30);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      if (subsidy->state == SUBSIDY_PAID || subsidy->state == SUBSIDY_FAILED)
        append_time (gen, buf, gen->batches[subsidy->batch].paid, 15, 0);
      else
        APPEND_LITERAL (buf, "\\N");
      g_string_append_c (buf, '\t');
      g_string_append (buf, PQgetvalue (scheme, 0, 0));
      g_string_append_c (buf, '\t');
      append_uint (buf, up_demo_year_of (cert->issued));
      g_string_append_c (buf, '\n');

      gen->done += SUBSIDY_COST;
      if (!up_demo_copy_flush (gen, FALSE, error))
        return FALSE;
    }
  gen->rows[TABLE_SUBSIDIES] = gen->subsidies->len;

  return up_demo_copy_end (gen, error);
}

/* Public API --------------------------------------------------------------- */

void
up_demo_options_init (UpDemoOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->n_trainees = 20000;
  options->seed = 1;
}

gboolean
up_demo_is_empty (PGconn    *conn,
                  gboolean  *empty,
                  GError   **error)
{
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (empty != NULL, FALSE);

  result = up_pg_exec (conn, "SELECT NOT EXISTS (SELECT FROM trainees)", 0, NULL, error);
  if (result == NULL)
    return FALSE;

  *empty = PQntuples (result) == 1 && g_str_equal (PQgetvalue (result, 0, 0), "t");
  return TRUE;
}

/* Bulk loading ------------------------------------------------------------ */

/* The tables filled in bulk.  Their keys, indexes and foreign keys are
 * set aside while the rows stream in and made again afterwards, in the same
 * transaction: building an index once, or checking a foreign key with one
 * join, is many times faster than doing it row by row.  Check constraints and
 * triggers stay, and every key is checked again when it is made, so every row
 * still passes every rule before the transaction commits. */
/* Not courses: the enrollment rules (migration 0003) look courses up by id
 * for every course a statement touches, which needs its primary key. */
static const char *bulk_tables = "{trainees,enrollments,certifications,subsidies,subsidy_rule_results,audit_log}";

/* The statements are made by the server from its catalogue (names quoted by
 * quote_ident and pg_get_*def); no user text goes into them. */
static const char *set_aside_sql =
  "SELECT CASE contype WHEN 'f' THEN 2 ELSE 1 END,"
  "       format ('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),"
  "       format ('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname,"
  "               pg_get_constraintdef (oid))"
  "  FROM pg_constraint"
  " WHERE contype IN ('f', 'p', 'u') AND conrelid = ANY ($1::regclass[])"
  " UNION ALL "
  "SELECT 0, format ('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef (i.indexrelid)"
  "  FROM pg_index i"
  " WHERE i.indrelid = ANY ($1::regclass[])"
  "   AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
  " ORDER BY 1 DESC";

/* Drops the foreign keys, then the primary keys, unique constraints and other
 * indexes of the bulk tables (no other table refers to them); @restore
 * receives the statements that make them again, in the reverse order. */
static gboolean
set_aside_indexes (Gen        *gen,
                   GPtrArray  *restore,
                   GError    **error)
{
  const char *params[] = { bulk_tables };
  g_autoptr(PGresult) result = NULL;
  int n;

  result = up_pg_exec (gen->conn, set_aside_sql, 1, params, error);
  if (result == NULL)
    return FALSE;

  /* Foreign keys first (ORDER BY 1 DESC): they need the keys they use. */
  n = PQntuples (result);
  for (int i = 0; i < n; i++)
    if (!up_pg_command (gen->conn, PQgetvalue (result, i, 1), 0, NULL, error))
      return FALSE;

  /* Keys and indexes are made again before the foreign keys that use them. */
  for (int i = n - 1; i >= 0; i--)
    g_ptr_array_add (restore, g_strdup (PQgetvalue (result, i, 2)));

  return up_pg_command (gen->conn, "SET LOCAL maintenance_work_mem = '256MB'", 0, NULL, error);
}

/* The tables the demo fills alone: empty, since it found no trainees and
 * each of them needs a trainee.  Emptied again all the same, in this
 * transaction, so that they get new files: COPY can then write its rows
 * frozen (no later pass to mark them), and a server with wal_level =
 * minimal (the embedded one: db/up-embedded-server.c) writes them and their
 * indexes straight to their files instead of through the WAL too. */
static const char *demo_tables_empty_sql =
  "SELECT NOT EXISTS (SELECT FROM enrollments) AND NOT EXISTS (SELECT FROM certifications)"
  "   AND NOT EXISTS (SELECT FROM subsidies) AND NOT EXISTS (SELECT FROM subsidy_rule_results)";

static gboolean
truncate_empty_tables (Gen     *gen,
                       GError **error)
{
  g_autoptr(PGresult) result = up_pg_exec (gen->conn, demo_tables_empty_sql, 0, NULL, error);

  if (result == NULL)
    return FALSE;
  if (PQntuples (result) != 1 || !g_str_equal (PQgetvalue (result, 0, 0), "t"))
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED,
                           _("The database already holds trainees: demo data is only added to an empty database."));
      return FALSE;
    }

  return up_pg_command (gen->conn, "TRUNCATE trainees, enrollments, certifications, subsidies, subsidy_rule_results",
                        0, NULL, error);
}

/* The trainees' row triggers rest while the demo writes its own rows; what
 * they would have done is checked, or done, once over the table after. */
static const char *trainee_triggers_off_sql =
  "ALTER TABLE trainees DISABLE TRIGGER trainees_normalize, DISABLE TRIGGER trainees_employers_insert, "
  "DISABLE TRIGGER trainees_keep_enrolled_academies_insert";
static const char *trainee_triggers_on_sql =
  "ALTER TABLE trainees ENABLE TRIGGER trainees_normalize, ENABLE TRIGGER trainees_employers_insert, "
  "ENABLE TRIGGER trainees_keep_enrolled_academies_insert";
/* The trainees' own checks (migration 0014), over the whole table. */
static const char *trainees_not_normal_sql =
  "SELECT count(*) FROM trainees WHERE up_trainee_needs_normalizing (id_number, name)";
static const char *trainee_employers_sql =
  "SELECT up_trainee_employers_add (ARRAY (SELECT DISTINCT employer FROM trainees))";

static gboolean
check_trainees_once (Gen     *gen,
                     GError **error)
{
  gint64 n = 0;

  if (!up_pg_query_int64 (gen->conn, trainees_not_normal_sql, 0, NULL, &n, error))
    return FALSE;
  /* Never with the generator's rows; a programming error if ever. */
  if (n != 0)
    {
      /* Translators: %d is a number of trainees */
      g_set_error (error, UP_ERROR, UP_ERROR_FAILED, _("%d demo trainees are not in normal form."),
                   (int) MIN (n, G_MAXINT));
      return FALSE;
    }

  return up_pg_command (gen->conn, trainee_employers_sql, 0, NULL, error);
}

static const char *analyze_sql =
  "ANALYZE academies, majors, courses, trainees, enrollments, certifications, subsidy_policies, "
  "payment_batches, subsidies";

static gboolean
restore_indexes (Gen        *gen,
                 GPtrArray  *restore,
                 GError    **error)
{
  gboolean analyzed = FALSE;

  for (guint i = 0; i < restore->len; i++)
    {
      gint64 start = g_get_monotonic_time ();

      /* Statistics once the indexes are there (those of expression indexes
       * need them) and before the foreign keys, whose checks (a join of
       * every row) are then planned on real numbers. */
      if (!analyzed && strstr (g_ptr_array_index (restore, i), "FOREIGN KEY") != NULL)
        {
          /* A key's check is an anti-join of every row: merged along the
           * indexes just made, read from the index alone (the rows were
           * written frozen, so all visible), it beats hashing millions of
           * ids (enrollments→trainees: 0.7 s against 1.9 s). */
          if (!up_pg_command (gen->conn, analyze_sql, 0, NULL, error)
              || !up_pg_command (gen->conn, "SET LOCAL enable_hashjoin = off", 0, NULL, error))
            return FALSE;
          g_debug ("%.2f s: %s", (g_get_monotonic_time () - start) / 1e6, analyze_sql);
          analyzed = TRUE;
          start = g_get_monotonic_time ();
        }

      if (!up_demo_check_cancelled (gen, error)
          || !up_pg_command (gen->conn, g_ptr_array_index (restore, i), 0, NULL, error))
        return FALSE;
      /* Catalogue text only (index and constraint definitions). */
      g_debug ("%.2f s: %s", (g_get_monotonic_time () - start) / 1e6,
               (const char *) g_ptr_array_index (restore, i));
    }
  /* No foreign key to make (never with the demo's tables): still analyzed. */
  if (!analyzed)
    return up_pg_command (gen->conn, analyze_sql, 0, NULL, error);
  return up_pg_command (gen->conn, "RESET enable_hashjoin", 0, NULL, error);
}

static gboolean
generate (Gen     *gen,
          GError **error)
{
  g_autoptr(GPtrArray) restore = g_ptr_array_new_with_free_func (g_free);
  gboolean empty = FALSE;

  /* Nobody else writes these tables meanwhile: our ids are chosen here. */
  if (!up_pg_command (gen->conn, "SET LOCAL synchronous_commit = off", 0, NULL, error)
      || !up_pg_command (gen->conn, "LOCK TABLE academies, majors, courses, trainees, enrollments, "
                                    "certifications, subsidy_policies, payment_batches, subsidies "
                                    "IN SHARE ROW EXCLUSIVE MODE", 0, NULL, error)
      || !up_demo_is_empty (gen->conn, &empty, error))
    return FALSE;

  if (!empty)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_FAILED,
                           _("The database already holds trainees: demo data is only added to an empty database."));
      return FALSE;
    }

  if (!set_aside_indexes (gen, restore, error)
      || !truncate_empty_tables (gen, error))
    return FALSE;

  up_demo_set_stage (gen, _("Creating academies and majors"));
  if (!read_bases (gen, error)
      || !up_demo_write_academies (gen, error)
      /* The courses first: who they enroll is chosen with them, and the
       * trainees carry the academies that enroll them, so that the
       * enrollments' trigger that keeps those (0011) rests meanwhile, as
       * does the trainees' one that refuses a client's value (ours is the
       * owner's, and tests/test-demo compares it with the enrollments). */
      || !up_demo_write_courses (gen, error)
      || !up_pg_command (gen->conn, trainee_triggers_off_sql, 0, NULL, error)
      || !up_demo_write_trainees (gen, error)
      || !up_pg_command (gen->conn, trainee_triggers_on_sql, 0, NULL, error)
      || !check_trainees_once (gen, error)
      /* The enrollment rules are checked once over the loaded table rather
       * than over a copy of every row in the trigger's transition table. */
      || !up_pg_command (gen->conn, "ALTER TABLE enrollments DISABLE TRIGGER enrollments_check_insert, "
                                    "DISABLE TRIGGER enrollments_reach_insert", 0, NULL, error)
      || !up_demo_write_enrollments (gen, error)
      || !up_pg_command (gen->conn, "ALTER TABLE enrollments ENABLE TRIGGER enrollments_check_insert, "
                                    "ENABLE TRIGGER enrollments_reach_insert", 0, NULL, error)
      || !up_pg_command (gen->conn, "SELECT up_enrollments_check_all ()", 0, NULL, error)
      /* The demo writes its own claims and levels: the certificates'
       * triggers (0004) that compute them row by row rest meanwhile. */
      || !up_pg_command (gen->conn, "ALTER TABLE certifications DISABLE TRIGGER certifications_claim, "
                                    "DISABLE TRIGGER certifications_levels_insert", 0, NULL, error)
      || !up_demo_write_certifications (gen, error)
      || !up_pg_command (gen->conn, "ALTER TABLE certifications ENABLE TRIGGER certifications_claim, "
                                    "ENABLE TRIGGER certifications_levels_insert", 0, NULL, error))
    return FALSE;

  up_demo_set_stage (gen, _("Creating subsidies"));
  up_demo_plan_subsidies (gen);
  if (!up_demo_write_policies (gen, error)
      || !up_demo_write_batches (gen, error)
      || !up_demo_write_subsidies (gen, error)
      /* Each claim's rule trail: its rate, and the raise of a shortage
       * occupation; the demo's refusals are people's, with their reasons. */
      || !up_pg_command (gen->conn,
                         "INSERT INTO subsidy_rule_results (subsidy_id, seq, rule, outcome, amount_fen, limit_value) "
                         "SELECT s.id, 1, 'rate', 'applied', p.amount_fen, p.amount_fen "
                         "  FROM subsidies s JOIN subsidy_policies p ON p.id = s.policy_id "
                         "UNION ALL "
                         "SELECT s.id, 2, 'shortage_uplift', 'raised', s.amount_fen, o.uplift_percent "
                         "  FROM subsidies s JOIN certifications c ON c.id = s.certification_id "
                         "  JOIN shortage_occupations o ON o.occupation = c.occupation",
                         0, NULL, error))
    return FALSE;

  up_demo_set_stage (gen, _("Saving"));
  return restore_indexes (gen, restore, error)
         && advance_sequences (gen, error)
         && up_demo_check_cancelled (gen, error);
}

gboolean
up_demo_generate (PGconn               *conn,
                  const UpDemoOptions  *options,
                  GCancellable         *cancellable,
                  GError              **error)
{
  Gen gen;
  gboolean ok;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  /* All or nothing: the demo is its own transaction. */
  g_return_val_if_fail (PQtransactionStatus (conn) == PQTRANS_IDLE, FALSE);

  if (options->n_trainees == 0)
    {
      g_set_error_literal (error, UP_ERROR, UP_ERROR_INVALID_INPUT,
                           _("The demo data needs at least one trainee."));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || !up_pg_begin (conn, error))
    return FALSE;

  up_demo_gen_init (&gen, conn, options, cancellable);
  ok = generate (&gen, error) && up_pg_commit (conn, error);
  if (!ok)
    {
      up_demo_copy_abort (&gen);
      up_pg_rollback (conn);
    }
  else if (options->progress != NULL)
    options->progress (1.0, gen.stage, options->progress_data);
  up_demo_gen_clear (&gen);

  return ok;
}
