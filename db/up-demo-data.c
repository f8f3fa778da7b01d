/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-demo"

#include "config.h"

#include "up-demo-private.h"

/* The demo's constant tables, read by the writers.
 *
 * The texts in the tables below (names of academies, majors, employers,
 * batches, reasons) are data in the users' language, not interface text:
 * they are not translated.  None of them holds a tab, newline or backslash,
 * so they go into the COPY stream as they are. */

const DemoDistrict up_demo_districts[] = {
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

const DemoEmployer up_demo_employers[] = {
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

const DemoAcademy up_demo_academies[] = {
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

const char *up_demo_kind_names[] = { "skill", "academic", "team_leader", "safety" };
const char *up_demo_kind_title[] = { "技能培训班", "学历提升班", "培训班", "培训班" };

const DemoMajor up_demo_majors[] = {
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

/* Common surnames, roughly by frequency (per mille). */
const DemoWeighted up_demo_surnames[] = {
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

const char *up_demo_given_male[] = {
  "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏",
  "华", "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙",
  "洋", "亮", "成", "建", "国", "峰", "东", "兵", "川", "江", "海", "松", "毅", "阳",
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_given_male) == N_GIVEN_MALE);

const char *up_demo_given_female[] = {
  "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "颖",
  "琳", "洁", "梅", "琴", "云", "莉", "倩", "红", "萍", "丹", "佳", "欣", "月", "蓉",
  "露", "秀", "英", "兰",
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_given_female) == N_GIVEN_FEMALE);

const char *up_demo_given_first[] = {
  "小", "晓", "文", "思", "子", "春", "秋", "玉", "雨", "嘉", "志", "德", "永", "世",
  "家", "天", "明", "建", "红", "海",
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_given_first) == N_GIVEN_FIRST);

/* Mobile prefixes of the three carriers. */
const char *up_demo_phone_prefixes[] = {
  "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
  "153", "155", "156", "157", "158", "159", "166", "173", "177", "180", "181", "182",
  "183", "185", "186", "187", "188", "189", "191", "198", "199",
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_phone_prefixes) == N_PHONE_PREFIXES);

const char *up_demo_junior_colleges[] = {
  "重庆工程职业技术学院", "重庆电子工程职业学院", "重庆工业职业技术学院", "重庆城市管理职业学院",
};

const char *up_demo_universities[] = {
  "重庆理工大学", "重庆交通大学", "重庆科技学院", "重庆三峡学院",
};

const char *up_demo_academic_routes[] = { "adult_exam", "open_university", "self_study", "full_time" };

const char *up_demo_reject_reasons[] = {
  "证书信息与全国联网查询结果不一致",
  "超过补助申领期限",
  "非本市参保职工",
  "申请材料不完整，缺少身份证明",
  "同一证书已在其他渠道领取补助",
};
G_STATIC_ASSERT (G_N_ELEMENTS (up_demo_reject_reasons) == N_REJECT_REASONS);

/* The defaults of the program: index 5 - skill level for levels 5..1. */
const DemoPolicy up_demo_policies[] = {
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

const char *up_demo_batch_states[N_BATCHES] = {
  "paid", "paid", "paid", "paid", "approved", "notice", "submitted", "draft",
};
