import { registerEnumType } from 'type-graphql';

/** 平台载体 (第三条(五), 第四条). */
export enum PlatformType {
  ACADEMICIAN_WORKSTATION = 'ACADEMICIAN_WORKSTATION',
  KEY_LAB = 'KEY_LAB',
  TECH_RESEARCH_CENTER = 'TECH_RESEARCH_CENTER',
  SCIENCE_BACKYARD = 'SCIENCE_BACKYARD',
  TALENT_STUDIO = 'TALENT_STUDIO',
  SATURDAY_EXPERT_BASE = 'SATURDAY_EXPERT_BASE',
  INNOVATION_CONSORTIUM = 'INNOVATION_CONSORTIUM',
  TECH_INNOVATION_CENTER = 'TECH_INNOVATION_CENTER',
  ENTERPRISE_RESEARCH_INSTITUTE = 'ENTERPRISE_RESEARCH_INSTITUTE',
  NEW_RND_INSTITUTION = 'NEW_RND_INSTITUTION',
  POSTDOC_WORKSTATION = 'POSTDOC_WORKSTATION',
  POSTDOC_PRACTICE_BASE = 'POSTDOC_PRACTICE_BASE',
  INCUBATOR = 'INCUBATOR',
  MAKERSPACE = 'MAKERSPACE',
  STUDENT_STARTUP_PARK = 'STUDENT_STARTUP_PARK',
  RURAL_STARTUP_PARK = 'RURAL_STARTUP_PARK',
  RETURNEE_STARTUP_PARK = 'RETURNEE_STARTUP_PARK',
  OVERSEAS_TALENT_PARK = 'OVERSEAS_TALENT_PARK',
  RECRUITMENT_STATION = 'RECRUITMENT_STATION',
  TALENT_ENCLAVE = 'TALENT_ENCLAVE',
}

export const PLATFORM_TYPE_LABELS: Record<PlatformType, string> = {
  [PlatformType.ACADEMICIAN_WORKSTATION]: '院士（博士）专家工作站',
  [PlatformType.KEY_LAB]: '重点实验室',
  [PlatformType.TECH_RESEARCH_CENTER]: '技术研究中心',
  [PlatformType.SCIENCE_BACKYARD]: '北京科技小院',
  [PlatformType.TALENT_STUDIO]: '高层次人才工作室',
  [PlatformType.SATURDAY_EXPERT_BASE]: '星期六专家服务基地',
  [PlatformType.INNOVATION_CONSORTIUM]: '创新联合体',
  [PlatformType.TECH_INNOVATION_CENTER]: '技术创新中心',
  [PlatformType.ENTERPRISE_RESEARCH_INSTITUTE]: '企业研究院',
  [PlatformType.NEW_RND_INSTITUTION]: '新型研发机构',
  [PlatformType.POSTDOC_WORKSTATION]: '博士后科研工作站',
  [PlatformType.POSTDOC_PRACTICE_BASE]: '博士后创新实践基地',
  [PlatformType.INCUBATOR]: '科技企业孵化器',
  [PlatformType.MAKERSPACE]: '众创空间',
  [PlatformType.STUDENT_STARTUP_PARK]: '大学生创业园',
  [PlatformType.RURAL_STARTUP_PARK]: '农村创业园区',
  [PlatformType.RETURNEE_STARTUP_PARK]: '留学归国人员创新创业园',
  [PlatformType.OVERSEAS_TALENT_PARK]: '海外人才产业园',
  [PlatformType.RECRUITMENT_STATION]: '招才引智工作站',
  [PlatformType.TALENT_ENCLAVE]: '人才飞地',
};

export enum PlatformLevel {
  NATIONAL = 'NATIONAL',
  MUNICIPAL = 'MUNICIPAL',
  DISTRICT = 'DISTRICT',
}

export const PLATFORM_LEVEL_LABELS: Record<PlatformLevel, string> = {
  [PlatformLevel.NATIONAL]: '国家级',
  [PlatformLevel.MUNICIPAL]: '市级',
  [PlatformLevel.DISTRICT]: '区级',
};

registerEnumType(PlatformType, { name: 'PlatformType', description: '平台载体 types (第三条(五), 第四条)' });
registerEnumType(PlatformLevel, { name: 'PlatformLevel' });
