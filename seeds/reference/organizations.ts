import { Industry, OrgKind } from '../../src/modules/organization/organization.enums';

/**
 * 统一社会信用代码 families the seed issues: the first two characters (登记管理部门 + 机构类别).
 * 11 机关, 12 事业单位 (编办); 52 民办非企业单位 (民政); 91 企业, 93 农民专业合作社 (市场监管);
 * N2 村级集体经济组织 (农业农村).
 */
export enum CreditFamily {
  ORGAN = '11',
  PUBLIC_INSTITUTION = '12',
  PRIVATE_NON_ENTERPRISE = '52',
  ENTERPRISE = '91',
  COOPERATIVE = '93',
  VILLAGE_COLLECTIVE = 'N2',
}

/** Organizations that every seed starts with (ids 1…n): the district's own bodies, main hospitals and schools. */
export interface AnchorOrganization {
  name: string;
  kind: OrgKind;
  industry: Industry;
  /** Town code. */
  town: string;
  family: CreditFamily;
  /** Relative number of talents it employs, against others of its kind. */
  size: number;
  /** Street address within the town, when known. */
  street?: string;
}

const BINHE = '110117001000';
const XINGGU = '110117002000';
const YUYANG = '110117003000';
const YUKOU = '110117004000';
const MAFANG = '110117005000';
const JINHAIHU = '110117006000';
const DAHUASHAN = '110117105000';

const G = OrgKind.GOVERNMENT;
const S = OrgKind.SCHOOL;
const N = OrgKind.INSTITUTE;
const I = Industry;
const F = CreditFamily;

export const ANCHOR_ORGANIZATIONS: readonly AnchorOrganization[] = [
  { name: '中共北京市平谷区委组织部', kind: G, industry: I.OTHER, town: BINHE, family: F.ORGAN, size: 30, street: '府前街7号' },
  { name: '北京市平谷区人民政府办公室', kind: G, industry: I.OTHER, town: BINHE, family: F.ORGAN, size: 25, street: '府前街7号' },
  { name: '北京市平谷区人力资源和社会保障局', kind: G, industry: I.OTHER, town: BINHE, family: F.ORGAN, size: 30 },
  { name: '北京市平谷区科学技术委员会', kind: G, industry: I.OTHER, town: XINGGU, family: F.ORGAN, size: 20 },
  { name: '北京市平谷区农业农村局', kind: G, industry: I.AGRI_TECH, town: BINHE, family: F.ORGAN, size: 35 },
  { name: '北京市平谷区文化和旅游局', kind: G, industry: I.LEISURE_TOURISM, town: BINHE, family: F.ORGAN, size: 20 },
  { name: '北京市平谷区卫生健康委员会', kind: G, industry: I.HEALTH, town: BINHE, family: F.ORGAN, size: 20 },
  { name: '北京市平谷区教育委员会', kind: G, industry: I.EDUCATION, town: XINGGU, family: F.ORGAN, size: 25 },
  { name: '北京市平谷区商务局', kind: G, industry: I.SMART_LOGISTICS, town: XINGGU, family: F.ORGAN, size: 15 },
  { name: '北京市平谷区经济和信息化局', kind: G, industry: I.OTHER, town: XINGGU, family: F.ORGAN, size: 15 },
  { name: '北京市平谷区农业技术推广站', kind: G, industry: I.AGRI_TECH, town: XINGGU, family: F.PUBLIC_INSTITUTION, size: 25 },
  { name: '北京市平谷区果品办公室', kind: G, industry: I.AGRI_TECH, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 20 },
  { name: '北京市平谷区文化馆', kind: G, industry: I.CULTURE, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 15 },
  { name: '北京市平谷区图书馆', kind: G, industry: I.CULTURE, town: XINGGU, family: F.PUBLIC_INSTITUTION, size: 12 },
  { name: '北京市平谷区人才服务中心', kind: G, industry: I.OTHER, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 10 },
  { name: '北京市平谷区融媒体中心', kind: G, industry: I.CULTURE, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 15 },

  { name: '北京市平谷中学', kind: S, industry: I.EDUCATION, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 90 },
  { name: '北京市平谷区第五中学', kind: S, industry: I.EDUCATION, town: XINGGU, family: F.PUBLIC_INSTITUTION, size: 70 },
  { name: '北京市平谷区第六中学', kind: S, industry: I.EDUCATION, town: YUYANG, family: F.PUBLIC_INSTITUTION, size: 60 },
  { name: '北京市平谷区职业学校', kind: S, industry: I.EDUCATION, town: XINGGU, family: F.PUBLIC_INSTITUTION, size: 60 },
  { name: '北京市平谷区第一小学', kind: S, industry: I.EDUCATION, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 55 },
  { name: '北京市平谷区第二小学', kind: S, industry: I.EDUCATION, town: XINGGU, family: F.PUBLIC_INSTITUTION, size: 50 },
  { name: '北京市平谷区第三小学', kind: S, industry: I.EDUCATION, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 45 },
  { name: '北京市平谷区峪口中学', kind: S, industry: I.EDUCATION, town: YUKOU, family: F.PUBLIC_INSTITUTION, size: 45 },
  { name: '北京市平谷区马坊中学', kind: S, industry: I.EDUCATION, town: MAFANG, family: F.PUBLIC_INSTITUTION, size: 45 },
  { name: '北京市平谷区金海湖学校', kind: S, industry: I.EDUCATION, town: JINHAIHU, family: F.PUBLIC_INSTITUTION, size: 40 },
  { name: '北京市平谷区第一幼儿园', kind: S, industry: I.EDUCATION, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 30 },

  { name: '北京市平谷区医院', kind: N, industry: I.HEALTH, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 420 },
  { name: '北京市平谷区中医医院', kind: N, industry: I.HEALTH, town: XINGGU, family: F.PUBLIC_INSTITUTION, size: 220 },
  { name: '北京市平谷区妇幼保健院', kind: N, industry: I.HEALTH, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 120 },
  { name: '北京市平谷区疾病预防控制中心', kind: N, industry: I.HEALTH, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 60 },
  { name: '北京市平谷区农业科学研究所', kind: N, industry: I.AGRI_TECH, town: XINGGU, family: F.PUBLIC_INSTITUTION, size: 40 },
  { name: '北京市平谷区大桃产业研究院', kind: N, industry: I.AGRI_TECH, town: DAHUASHAN, family: F.PUBLIC_INSTITUTION, size: 30 },
  { name: '北京平谷通航与无人机产业研究院', kind: N, industry: I.DRONE, town: YUKOU, family: F.PRIVATE_NON_ENTERPRISE, size: 35 },
  { name: '北京平谷智慧物流研究院', kind: N, industry: I.SMART_LOGISTICS, town: MAFANG, family: F.PRIVATE_NON_ENTERPRISE, size: 25 },
  { name: '北京市平谷区文化旅游发展研究中心', kind: N, industry: I.LEISURE_TOURISM, town: BINHE, family: F.PUBLIC_INSTITUTION, size: 12 },
];

/** Street and town bodies (事业单位) of each street or town: unit name and industry. */
export const TOWN_UNITS: readonly (readonly [string, Industry])[] = [
  ['农业服务中心', I.AGRI_TECH], ['社区服务中心', I.OTHER], ['综合文化中心', I.CULTURE], ['社会保障事务所', I.OTHER],
  ['市民活动中心', I.CULTURE], ['退役军人服务站', I.OTHER], ['便民服务中心', I.OTHER], ['林业站', I.AGRI_TECH],
  ['水务站', I.OTHER], ['财政所', I.OTHER], ['旅游服务中心', I.LEISURE_TOURISM], ['规划建设和环境保护办公室', I.OTHER],
  ['城市管理综合执法队', I.OTHER], ['农村经济经营管理站', I.AGRI_TECH], ['动物防疫站', I.AGRI_TECH],
];

/** District bodies: unit name, industry, and whether it is an organ (机关) rather than a 事业单位. */
export const DISTRICT_UNITS: readonly (readonly [string, Industry, boolean])[] = [
  ['统计局', I.OTHER, true], ['财政局', I.OTHER, true], ['审计局', I.OTHER, true], ['民政局', I.OTHER, true],
  ['司法局', I.OTHER, true], ['住房和城乡建设委员会', I.OTHER, true], ['生态环境局', I.OTHER, true], ['水务局', I.OTHER, true],
  ['园林绿化局', I.AGRI_TECH, true], ['市场监督管理局', I.OTHER, true], ['应急管理局', I.OTHER, true], ['城市管理委员会', I.OTHER, true],
  ['交通局', I.SMART_LOGISTICS, true], ['发展和改革委员会', I.OTHER, true], ['退役军人事务局', I.OTHER, true], ['医疗保障局', I.HEALTH, true],
  ['档案馆', I.CULTURE, false], ['体育中心', I.CULTURE, false], ['投资促进服务中心', I.OTHER, false], ['动物疫病预防控制中心', I.AGRI_TECH, false],
  ['植物保护站', I.AGRI_TECH, false], ['土肥工作站', I.AGRI_TECH, false], ['博物馆', I.CULTURE, false], ['旅游事业发展中心', I.LEISURE_TOURISM, false],
  ['通用航空产业发展服务中心', I.DRONE, false], ['物流产业发展服务中心', I.SMART_LOGISTICS, false], ['教师研修中心', I.EDUCATION, false], ['社区卫生服务管理中心', I.HEALTH, false],
];

/** Words of enterprise names per industry (北京 + 字号 + word + 有限公司). */
export const ENTERPRISE_WORDS: Record<Industry, readonly string[]> = {
  [I.AGRI_TECH]: ['农业科技', '生态农业', '果业', '大桃产业', '种业科技', '农产品', '蜂业', '现代农业', '农业发展', '果品', '设施农业', '农业机械'],
  [I.LEISURE_TOURISM]: ['旅游发展', '文旅', '民宿管理', '休闲农业', '生态旅游', '乡村旅游', '度假村', '景区管理', '酒店管理', '研学旅行'],
  [I.SMART_LOGISTICS]: ['物流', '供应链管理', '冷链物流', '智慧物流', '仓储服务', '国际货运代理', '商贸', '电子商务', '快递服务', '陆港物流'],
  [I.DRONE]: ['无人机科技', '航空科技', '通用航空', '智能装备', '飞行器技术', '航电科技', '低空科技', '无人系统', '遥感科技'],
  [I.EDUCATION]: ['教育科技', '教育咨询', '文化培训', '职业技能培训'],
  [I.HEALTH]: ['医疗器械', '健康管理', '医药', '生物科技', '康养服务', '中医药科技'],
  [I.CULTURE]: ['文化传媒', '文化发展', '文化创意', '影视文化', '印刷', '广告', '非遗文化', '体育文化'],
  [I.OTHER]: ['建筑工程', '机械制造', '环保科技', '电子科技', '食品', '新材料', '建材', '信息技术', '汽车服务', '能源科技', '物业管理', '家具制造'],
};

/** Fields of research institutes per industry (北京 + 字号 + field + 研究院). */
export const RESEARCH_FIELDS: Partial<Record<Industry, readonly string[]>> = {
  [I.AGRI_TECH]: ['农业科技', '果树', '大桃', '种业', '设施农业', '蜂产业'],
  [I.DRONE]: ['无人机', '低空经济', '通用航空', '智能飞行器'],
  [I.SMART_LOGISTICS]: ['智慧物流', '供应链'],
  [I.CULTURE]: ['文化创意', '非遗保护'],
  [I.LEISURE_TOURISM]: ['乡村旅游', '文旅规划'],
  [I.HEALTH]: ['生物医药', '中医药'],
  [I.OTHER]: ['新材料', '环境科技', '信息技术'],
};

/** Towns where an industry's institutes and enterprises cluster, beyond the towns' own mix. */
export const INDUSTRY_TOWNS: Partial<Record<Industry, readonly string[]>> = {
  [I.DRONE]: [YUKOU, JINHAIHU, MAFANG, XINGGU],
  [I.SMART_LOGISTICS]: [MAFANG, MAFANG, XINGGU],
  [I.AGRI_TECH]: ['110117105000', '110117112000', '110117102000', '110117110000', '110117114000'],
  [I.LEISURE_TOURISM]: [JINHAIHU, '110117213000', '110117214000', '110117114000'],
};

/** Products of farmers' cooperatives (专业合作社) with their industry and weight. */
export const COOPERATIVE_PRODUCTS: readonly (readonly [string, Industry, number])[] = [
  ['大桃', I.AGRI_TECH, 30], ['鲜桃', I.AGRI_TECH, 8], ['果品产销', I.AGRI_TECH, 8], ['红杏', I.AGRI_TECH, 4],
  ['核桃', I.AGRI_TECH, 4], ['板栗', I.AGRI_TECH, 4], ['蔬菜', I.AGRI_TECH, 6], ['食用菌', I.AGRI_TECH, 3],
  ['蜂业', I.AGRI_TECH, 4], ['杂粮', I.AGRI_TECH, 3], ['农机服务', I.AGRI_TECH, 4], ['蛋鸡养殖', I.AGRI_TECH, 4],
  ['民俗旅游', I.LEISURE_TOURISM, 10], ['休闲观光', I.LEISURE_TOURISM, 5], ['手工艺品', I.CULTURE, 2],
];
