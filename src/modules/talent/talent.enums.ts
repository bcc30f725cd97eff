import { registerEnumType } from 'type-graphql';

/** The six talent teams of national talent statistics. */
export enum TalentType {
  PARTY_GOVERNMENT = 'PARTY_GOVERNMENT',
  BUSINESS_MANAGEMENT = 'BUSINESS_MANAGEMENT',
  PROFESSIONAL_TECHNICAL = 'PROFESSIONAL_TECHNICAL',
  HIGH_SKILLED = 'HIGH_SKILLED',
  RURAL_PRACTICAL = 'RURAL_PRACTICAL',
  SOCIAL_WORK = 'SOCIAL_WORK',
}

export const TALENT_TYPE_LABELS: Record<TalentType, string> = {
  [TalentType.PARTY_GOVERNMENT]: '党政人才',
  [TalentType.BUSINESS_MANAGEMENT]: '企业经营管理人才',
  [TalentType.PROFESSIONAL_TECHNICAL]: '专业技术人才',
  [TalentType.HIGH_SKILLED]: '高技能人才',
  [TalentType.RURAL_PRACTICAL]: '农村实用人才',
  [TalentType.SOCIAL_WORK]: '社会工作人才',
};

/** Support tier under the plan (第三条); most talent has none. */
export enum TalentTier {
  STRATEGIC = 'STRATEGIC',
  LEADING = 'LEADING',
  SHORTAGE = 'SHORTAGE',
  YOUTH = 'YOUTH',
}

export const TALENT_TIER_LABELS: Record<TalentTier, string> = {
  [TalentTier.STRATEGIC]: '战略人才',
  [TalentTier.LEADING]: '领军人才',
  [TalentTier.SHORTAGE]: '紧缺急需人才',
  [TalentTier.YOUTH]: '青年人才',
};

/** Label of the bucket of talents outside every tier. */
export const NO_TIER_LABEL = '未入选层次';

export enum Engagement {
  FULL_TIME = 'FULL_TIME',
  FLEXIBLE = 'FLEXIBLE',
}

export const ENGAGEMENT_LABELS: Record<Engagement, string> = {
  [Engagement.FULL_TIME]: '全职引进',
  [Engagement.FLEXIBLE]: '柔性引进',
};

export enum Education {
  DOCTORATE = 'DOCTORATE',
  MASTER = 'MASTER',
  BACHELOR = 'BACHELOR',
  ASSOCIATE = 'ASSOCIATE',
  SECONDARY_OR_BELOW = 'SECONDARY_OR_BELOW',
}

export const EDUCATION_LABELS: Record<Education, string> = {
  [Education.DOCTORATE]: '博士研究生',
  [Education.MASTER]: '硕士研究生',
  [Education.BACHELOR]: '大学本科',
  [Education.ASSOCIATE]: '大学专科',
  [Education.SECONDARY_OR_BELOW]: '中专及以下',
};

export enum ProfessionalTitle {
  SENIOR = 'SENIOR',
  ASSOCIATE_SENIOR = 'ASSOCIATE_SENIOR',
  INTERMEDIATE = 'INTERMEDIATE',
  JUNIOR = 'JUNIOR',
  NONE = 'NONE',
}

export const PROFESSIONAL_TITLE_LABELS: Record<ProfessionalTitle, string> = {
  [ProfessionalTitle.SENIOR]: '正高级',
  [ProfessionalTitle.ASSOCIATE_SENIOR]: '副高级',
  [ProfessionalTitle.INTERMEDIATE]: '中级',
  [ProfessionalTitle.JUNIOR]: '初级',
  [ProfessionalTitle.NONE]: '无',
};

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}

export const GENDER_LABELS: Record<Gender, string> = {
  [Gender.MALE]: '男',
  [Gender.FEMALE]: '女',
};

/** Age bands of talent statistics; 35 is the plan's youth line. Age = current year − birth year. */
export enum AgeBand {
  UNDER_35 = 'UNDER_35',
  FROM_35_TO_44 = 'FROM_35_TO_44',
  FROM_45_TO_54 = 'FROM_45_TO_54',
  FROM_55 = 'FROM_55',
}

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  [AgeBand.UNDER_35]: '35岁以下',
  [AgeBand.FROM_35_TO_44]: '35至44岁',
  [AgeBand.FROM_45_TO_54]: '45至54岁',
  [AgeBand.FROM_55]: '55岁及以上',
};

/** Inclusive age bounds of each band; null means open-ended. */
export const AGE_BAND_BOUNDS: Record<AgeBand, { minAge: number | null; maxAge: number | null }> = {
  [AgeBand.UNDER_35]: { minAge: null, maxAge: 34 },
  [AgeBand.FROM_35_TO_44]: { minAge: 35, maxAge: 44 },
  [AgeBand.FROM_45_TO_54]: { minAge: 45, maxAge: 54 },
  [AgeBand.FROM_55]: { minAge: 55, maxAge: null },
};

registerEnumType(TalentType, { name: 'TalentType', description: 'The six talent teams (六支人才队伍)' });
registerEnumType(TalentTier, { name: 'TalentTier', description: 'Support tier under the 汇谷计划 (第三条)' });
registerEnumType(Engagement, { name: 'Engagement', description: '全职引进 or 柔性引进' });
registerEnumType(Education, { name: 'Education' });
registerEnumType(ProfessionalTitle, { name: 'ProfessionalTitle' });
registerEnumType(Gender, { name: 'Gender' });
registerEnumType(AgeBand, { name: 'AgeBand', description: 'Age bands; 35 is the youth line' });
