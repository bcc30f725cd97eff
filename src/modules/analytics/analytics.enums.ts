import { registerEnumType } from 'type-graphql';

/** What a talent distribution can be broken down by (domain.md, 人才分布地图). */
export enum DistributionDimension {
  ORG_KIND = 'ORG_KIND',
  TOWN = 'TOWN',
  TIER = 'TIER',
  TALENT_TYPE = 'TALENT_TYPE',
  EDUCATION = 'EDUCATION',
  AGE_BAND = 'AGE_BAND',
  INDUSTRY = 'INDUSTRY',
  ENGAGEMENT = 'ENGAGEMENT',
  OVERSEAS = 'OVERSEAS',
  GENDER = 'GENDER',
  PROFESSIONAL_TITLE = 'PROFESSIONAL_TITLE',
  INTRODUCED_YEAR = 'INTRODUCED_YEAR',
  /** 引进渠道 (issue 14): where talent comes from. */
  RECRUITMENT_CHANNEL = 'RECRUITMENT_CHANNEL',
}

export enum AwardDimension {
  PROGRAM = 'PROGRAM',
  YEAR = 'YEAR',
  RECIPIENT_KIND = 'RECIPIENT_KIND',
}

export enum PlatformDimension {
  PLATFORM_TYPE = 'PLATFORM_TYPE',
  PLATFORM_LEVEL = 'PLATFORM_LEVEL',
  TOWN = 'TOWN',
}

/** What training enrolments can be broken down by (教育培训). */
export enum TrainingDimension {
  PROGRAMME_KIND = 'PROGRAMME_KIND',
  YEAR = 'YEAR',
  ENROLMENT_STATUS = 'ENROLMENT_STATUS',
  TOWN = 'TOWN',
  ORG_KIND = 'ORG_KIND',
}

/** The map's levels: streets and towns, or villages and communities. */
export enum LayoutLevel {
  TOWN = 'TOWN',
  VILLAGE = 'VILLAGE',
}

registerEnumType(DistributionDimension, {
  name: 'DistributionDimension',
  description: 'A breakdown of the talent register; TIER includes a bucket (NONE) for talents outside every tier',
});
registerEnumType(AwardDimension, { name: 'AwardDimension', description: 'A breakdown of awards and grants' });
registerEnumType(TrainingDimension, {
  name: 'TrainingDimension',
  description: 'A breakdown of training enrolments: the programme’s kind and year, the enrolment’s status, the town and kind of the talent’s employer',
});
registerEnumType(PlatformDimension, { name: 'PlatformDimension', description: 'A breakdown of platforms (平台载体)' });
registerEnumType(LayoutLevel, { name: 'LayoutLevel', description: 'Level of the regions a layout counts talents in' });

export enum DisclosureMethod {
  EXACT = 'EXACT',
  CELL_KEY_PERTURBATION = 'CELL_KEY_PERTURBATION',
}

registerEnumType(DisclosureMethod, {
  name: 'DisclosureMethod',
  description: 'How the numbers of an aggregate were published',
  valuesConfig: {
    EXACT: { description: 'The register’s own numbers (callers who may read records)' },
    CELL_KEY_PERTURBATION: { description: 'Each count moved by bounded noise fixed by the records it counts (the ABS/ONS cell key method); never 1..k−1' },
  },
});
