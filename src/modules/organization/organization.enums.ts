import { registerEnumType } from 'type-graphql';

/** 政、企、校、院、村: the five kinds of employer the plan's distribution map is drawn over. */
export enum OrgKind {
  GOVERNMENT = 'GOVERNMENT',
  ENTERPRISE = 'ENTERPRISE',
  SCHOOL = 'SCHOOL',
  INSTITUTE = 'INSTITUTE',
  VILLAGE = 'VILLAGE',
}

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  [OrgKind.GOVERNMENT]: '政',
  [OrgKind.ENTERPRISE]: '企',
  [OrgKind.SCHOOL]: '校',
  [OrgKind.INSTITUTE]: '院',
  [OrgKind.VILLAGE]: '村',
};

/** The district's industries (第二条) plus the public services talent works in. */
export enum Industry {
  AGRI_TECH = 'AGRI_TECH',
  LEISURE_TOURISM = 'LEISURE_TOURISM',
  SMART_LOGISTICS = 'SMART_LOGISTICS',
  DRONE = 'DRONE',
  EDUCATION = 'EDUCATION',
  HEALTH = 'HEALTH',
  CULTURE = 'CULTURE',
  OTHER = 'OTHER',
}

export const INDUSTRY_LABELS: Record<Industry, string> = {
  [Industry.AGRI_TECH]: '农业科技创新',
  [Industry.LEISURE_TOURISM]: '全域特色休闲旅游',
  [Industry.SMART_LOGISTICS]: '绿色智慧商贸物流',
  [Industry.DRONE]: '无人机',
  [Industry.EDUCATION]: '教育',
  [Industry.HEALTH]: '卫生',
  [Industry.CULTURE]: '文化',
  [Industry.OTHER]: '其他',
};

registerEnumType(OrgKind, { name: 'OrgKind', description: '政企校院村: kind of employer organization' });
registerEnumType(Industry, { name: 'Industry', description: 'Industry (第二条)' });
