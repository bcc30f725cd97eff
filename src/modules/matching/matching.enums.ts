import { registerEnumType } from 'type-graphql';

/** The parts a match score is made of (docs/matching.md explains each, with its weight). */
export enum MatchFactor {
  INDUSTRY = 'INDUSTRY',
  KEYWORDS = 'KEYWORDS',
  EDUCATION = 'EDUCATION',
  PROFESSIONAL_TITLE = 'PROFESSIONAL_TITLE',
  ENGAGEMENT = 'ENGAGEMENT',
  DISTANCE = 'DISTANCE',
  PLATFORM_LEVEL = 'PLATFORM_LEVEL',
}

export const MATCH_FACTOR_LABELS: Record<MatchFactor, string> = {
  [MatchFactor.INDUSTRY]: '行业',
  [MatchFactor.KEYWORDS]: '专业关键词',
  [MatchFactor.EDUCATION]: '学历',
  [MatchFactor.PROFESSIONAL_TITLE]: '职称',
  [MatchFactor.ENGAGEMENT]: '引进方式',
  [MatchFactor.DISTANCE]: '距离',
  [MatchFactor.PLATFORM_LEVEL]: '平台级别',
};

registerEnumType(MatchFactor, {
  name: 'MatchFactor',
  description: 'A part of a match score (供需对接); docs/matching.md gives each one’s weight',
  valuesConfig: {
    INDUSTRY: { description: '行业: the talent’s (platform host’s) industry is the demand’s' },
    KEYWORDS: { description: '专业关键词: the demand’s keywords found in the talent’s profile (platform: its name)' },
    EDUCATION: { description: '学历: at or above the demand’s floor (a floor is required to be a candidate at all)' },
    PROFESSIONAL_TITLE: { description: '职称: at or near the demand’s floor' },
    ENGAGEMENT: { description: '引进方式: full-time or flexible as the demand wants (柔性 for expert service)' },
    DISTANCE: { description: '距离: between the centroids of the demand’s town and the talent’s (platform’s) town' },
    PLATFORM_LEVEL: { description: '平台级别: national, municipal or district (platforms only)' },
  },
});
