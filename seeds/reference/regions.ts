import { Industry } from '../../src/modules/organization/organization.enums';

/**
 * 平谷区 and its 18 streets and towns: statistical division codes and approximate WGS-84
 * centroids (a few km off at worst: good for synthetic data, not for boundaries). Copied from
 * the project's domain reference so that nothing reads outside the repository at run time.
 */
export interface RegionRow {
  code: string;
  name: string;
  kind: string;
  latitude: number;
  longitude: number;
}

export const DISTRICT: RegionRow = { code: '110117000000', name: '平谷区', kind: '区', latitude: 40.1422, longitude: 117.1011 };

/** The district's bounding box (WGS-84); every generated location lies inside it. */
export const DISTRICT_BOUNDS = { minLat: 40.02, maxLat: 40.38, minLng: 116.9, maxLng: 117.42 } as const;

export interface TownProfile extends RegionRow {
  /** The name without 街道/地区/镇/乡, as addresses and brand names use it. */
  short: string;
  /** Residents, thousands; rough figures used only to weight synthetic data. */
  population: number;
  /** Villages (村民委员会, codes 2xx) and communities (居民委员会, codes 0xx) to generate. */
  villages: number;
  communities: number;
  /** Enterprise industries of the town's economy, weighted. */
  industries: readonly (readonly [Industry, number])[];
  /** Streets and roads for addresses. */
  roads: readonly string[];
}

const I = Industry;

/** The 273 villages are spread over the 16 towns; the two streets have communities only. */
export const TOWNS: readonly TownProfile[] = [
  {
    code: '110117001000', name: '滨河街道', kind: '街道', latitude: 40.138, longitude: 117.12, short: '滨河', population: 80, villages: 0, communities: 16,
    industries: [[I.OTHER, 32], [I.CULTURE, 15], [I.HEALTH, 11], [I.SMART_LOGISTICS, 10], [I.LEISURE_TOURISM, 10], [I.EDUCATION, 8], [I.AGRI_TECH, 10], [I.DRONE, 3]],
    roads: ['府前街', '新平北路', '新平东路', '林荫北街', '林荫南街', '文化北街', '文化南街', '建设街', '滨河北路', '平谷大街', '迎宾街', '金乡东街'],
  },
  {
    code: '110117002000', name: '兴谷街道', kind: '街道', latitude: 40.149, longitude: 117.093, short: '兴谷', population: 75, villages: 0, communities: 14,
    industries: [[I.OTHER, 28], [I.CULTURE, 12], [I.HEALTH, 8], [I.SMART_LOGISTICS, 12], [I.LEISURE_TOURISM, 8], [I.EDUCATION, 8], [I.AGRI_TECH, 10], [I.DRONE, 14]],
    roads: ['新平西路', '兴谷西路', '兴谷东路', '平翔路', '金乡西街', '兴谷大街', '绿谷路', '胜利街', '光明街', '园区一路', '园区二路'],
  },
  {
    code: '110117003000', name: '渔阳地区', kind: '地区(镇)', latitude: 40.156, longitude: 117.133, short: '渔阳', population: 40, villages: 15, communities: 4,
    industries: [[I.OTHER, 20], [I.AGRI_TECH, 20], [I.LEISURE_TOURISM, 15], [I.SMART_LOGISTICS, 15], [I.CULTURE, 10], [I.DRONE, 10], [I.HEALTH, 5], [I.EDUCATION, 5]],
    roads: ['渔阳大街', '洳河北路', '东鹿角大街', '南小区路', '渔阳北路', '平蓟路'],
  },
  {
    code: '110117004000', name: '峪口地区', kind: '地区(镇)', latitude: 40.178, longitude: 117.015, short: '峪口', population: 30, villages: 19, communities: 2,
    industries: [[I.DRONE, 40], [I.AGRI_TECH, 25], [I.OTHER, 12], [I.SMART_LOGISTICS, 10], [I.LEISURE_TOURISM, 8], [I.CULTURE, 5]],
    roads: ['峪口大街', '峪阳路', '通航产业园路', '峪新路', '平三路', '中桥路'],
  },
  {
    code: '110117005000', name: '马坊地区', kind: '地区(镇)', latitude: 40.073, longitude: 117.003, short: '马坊', population: 30, villages: 20, communities: 3,
    industries: [[I.SMART_LOGISTICS, 45], [I.DRONE, 15], [I.OTHER, 15], [I.AGRI_TECH, 15], [I.LEISURE_TOURISM, 5], [I.CULTURE, 5]],
    roads: ['马坊大街', '物流基地一路', '物流基地二路', '金河北街', '李蔡街', '京平高速辅路', '马坊工业园西区路'],
  },
  {
    code: '110117006000', name: '金海湖地区', kind: '地区(镇)', latitude: 40.2, longitude: 117.32, short: '金海湖', population: 25, villages: 32, communities: 2,
    industries: [[I.LEISURE_TOURISM, 35], [I.DRONE, 25], [I.AGRI_TECH, 20], [I.OTHER, 10], [I.CULTURE, 10]],
    roads: ['金海湖路', '海子大街', '上宅路', '将军关路', '金海湖镇大街', '茅山后路'],
  },
  {
    code: '110117101000', name: '东高村镇', kind: '镇', latitude: 40.085, longitude: 117.12, short: '东高村', population: 22, villages: 23, communities: 0,
    industries: [[I.AGRI_TECH, 35], [I.OTHER, 25], [I.SMART_LOGISTICS, 15], [I.CULTURE, 15], [I.LEISURE_TOURISM, 10]],
    roads: ['东高村大街', '南埝头路', '赵家务路', '崔家庄路', '高青路'],
  },
  {
    code: '110117102000', name: '山东庄镇', kind: '镇', latitude: 40.19, longitude: 117.14, short: '山东庄', population: 15, villages: 13, communities: 0,
    industries: [[I.AGRI_TECH, 50], [I.LEISURE_TOURISM, 25], [I.CULTURE, 10], [I.OTHER, 15]],
    roads: ['山东庄大街', '桃棚路', '鱼子山路', '北寨路', '西沥津路'],
  },
  {
    code: '110117104000', name: '南独乐河镇', kind: '镇', latitude: 40.17, longitude: 117.23, short: '南独乐河', population: 18, villages: 16, communities: 0,
    industries: [[I.AGRI_TECH, 35], [I.LEISURE_TOURISM, 30], [I.OTHER, 20], [I.CULTURE, 15]],
    roads: ['南独乐河大街', '甘营路', '峨嵋山路', '北寨红杏路', '刘家河路'],
  },
  {
    code: '110117105000', name: '大华山镇', kind: '镇', latitude: 40.25, longitude: 117.08, short: '大华山', population: 16, villages: 21, communities: 0,
    industries: [[I.AGRI_TECH, 60], [I.LEISURE_TOURISM, 20], [I.OTHER, 12], [I.CULTURE, 8]],
    roads: ['大华山大街', '后北宫路', '挂甲峪路', '西峪路', '泉水峪路'],
  },
  {
    code: '110117106000', name: '夏各庄镇', kind: '镇', latitude: 40.11, longitude: 117.2, short: '夏各庄', population: 20, villages: 19, communities: 0,
    industries: [[I.AGRI_TECH, 30], [I.LEISURE_TOURISM, 20], [I.OTHER, 25], [I.SMART_LOGISTICS, 10], [I.CULTURE, 15]],
    roads: ['夏各庄大街', '龙家务路', '安固路', '马各庄路', '夏安路'],
  },
  {
    code: '110117108000', name: '马昌营镇', kind: '镇', latitude: 40.1, longitude: 117.02, short: '马昌营', population: 18, villages: 20, communities: 0,
    industries: [[I.AGRI_TECH, 40], [I.SMART_LOGISTICS, 20], [I.OTHER, 25], [I.LEISURE_TOURISM, 5], [I.CULTURE, 10]],
    roads: ['马昌营大街', '前芮营路', '王各庄路', '天井路', '毛官营路'],
  },
  {
    code: '110117110000', name: '王辛庄镇', kind: '镇', latitude: 40.17, longitude: 117.07, short: '王辛庄', population: 20, villages: 14, communities: 0,
    industries: [[I.AGRI_TECH, 45], [I.LEISURE_TOURISM, 15], [I.OTHER, 20], [I.DRONE, 10], [I.CULTURE, 10]],
    roads: ['王辛庄大街', '北上营路', '太后路', '东古村路', '翟各庄路'],
  },
  {
    code: '110117111000', name: '大兴庄镇', kind: '镇', latitude: 40.14, longitude: 117.04, short: '大兴庄', population: 20, villages: 17, communities: 0,
    industries: [[I.AGRI_TECH, 35], [I.OTHER, 25], [I.SMART_LOGISTICS, 15], [I.DRONE, 10], [I.CULTURE, 15]],
    roads: ['大兴庄大街', '周村路', '白各庄路', '韩屯路', '西石桥路'],
  },
  {
    code: '110117112000', name: '刘家店镇', kind: '镇', latitude: 40.23, longitude: 117.03, short: '刘家店', population: 10, villages: 11, communities: 0,
    industries: [[I.AGRI_TECH, 60], [I.LEISURE_TOURISM, 25], [I.OTHER, 10], [I.CULTURE, 5]],
    roads: ['刘家店大街', '丫髻山路', '北吉山路', '寅洞路', '胡营路'],
  },
  {
    code: '110117114000', name: '镇罗营镇', kind: '镇', latitude: 40.31, longitude: 117.12, short: '镇罗营', population: 10, villages: 16, communities: 0,
    industries: [[I.AGRI_TECH, 40], [I.LEISURE_TOURISM, 45], [I.OTHER, 10], [I.CULTURE, 5]],
    roads: ['镇罗营大街', '玻璃台路', '桃园路', '关上路', '五里庙路'],
  },
  {
    code: '110117213000', name: '黄松峪乡', kind: '乡', latitude: 40.25, longitude: 117.25, short: '黄松峪', population: 6, villages: 9, communities: 0,
    industries: [[I.LEISURE_TOURISM, 60], [I.AGRI_TECH, 25], [I.OTHER, 10], [I.CULTURE, 5]],
    roads: ['黄松峪大街', '梨树沟路', '雕窝路', '塔洼路'],
  },
  {
    code: '110117214000', name: '熊儿寨乡', kind: '乡', latitude: 40.28, longitude: 117.16, short: '熊儿寨', population: 5, villages: 8, communities: 0,
    industries: [[I.LEISURE_TOURISM, 55], [I.AGRI_TECH, 35], [I.OTHER, 10]],
    roads: ['熊儿寨大街', '老泉口路', '北土门路', '魏家湾路'],
  },
];

/** Peach towns (大桃): agri-tech enterprises, science backyards and orchards cluster here. */
export const PEACH_TOWNS = ['110117105000', '110117112000', '110117102000', '110117110000', '110117114000'] as const;
