import { registerEnumType } from 'type-graphql';

/** Award and funding programmes of the plan (奖励资助). */
export enum AwardProgram {
  LEADING_STARTUP_GRANT = 'LEADING_STARTUP_GRANT',
  SHORTAGE_PROJECT_GRANT = 'SHORTAGE_PROJECT_GRANT',
  RELOCATION_SUBSIDY = 'RELOCATION_SUBSIDY',
  YOUTH_STARTUP_GRANT = 'YOUTH_STARTUP_GRANT',
  FLEXIBLE_LIVING_ALLOWANCE = 'FLEXIBLE_LIVING_ALLOWANCE',
  OVERSEAS_PLATFORM_GRANT = 'OVERSEAS_PLATFORM_GRANT',
  PLATFORM_CONSTRUCTION_GRANT = 'PLATFORM_CONSTRUCTION_GRANT',
  RESEARCH_PROJECT_GRANT = 'RESEARCH_PROJECT_GRANT',
  INCUBATION_SERVICE_GRANT = 'INCUBATION_SERVICE_GRANT',
  EVENT_GRANT = 'EVENT_GRANT',
  IPO_REWARD = 'IPO_REWARD',
  TALENT_SCOUT_AWARD = 'TALENT_SCOUT_AWARD',
  PINGGU_ELITE = 'PINGGU_ELITE',
  YOUTH_PROJECT_AWARD = 'YOUTH_PROJECT_AWARD',
  HONORARY_CITIZEN = 'HONORARY_CITIZEN',
}

export enum CapPeriod {
  /** One cap for the matter as a whole. */
  TOTAL = 'TOTAL',
  YEAR = 'YEAR',
  MONTH = 'MONTH',
}

export interface AwardProgramRule {
  label: string;
  /** Cap in 元 per period; null for honours that carry no money. */
  cap: number | null;
  capPeriod: CapPeriod;
  clause: string;
}

/** The programmes' caps as domain.md states them (amounts in 元). */
export const AWARD_PROGRAMS: Record<AwardProgram, AwardProgramRule> = {
  [AwardProgram.LEADING_STARTUP_GRANT]: { label: '领军人才创业资助', cap: 5_000_000, capPeriod: CapPeriod.TOTAL, clause: '第三条(二)' },
  [AwardProgram.SHORTAGE_PROJECT_GRANT]: { label: '紧缺急需人才项目资助', cap: 300_000, capPeriod: CapPeriod.YEAR, clause: '第三条(三)' },
  [AwardProgram.RELOCATION_SUBSIDY]: { label: '安家补贴', cap: 80_000, capPeriod: CapPeriod.TOTAL, clause: '第三条(四)' },
  [AwardProgram.YOUTH_STARTUP_GRANT]: { label: '青年人才创业资助', cap: 300_000, capPeriod: CapPeriod.TOTAL, clause: '第三条(四)' },
  [AwardProgram.FLEXIBLE_LIVING_ALLOWANCE]: { label: '柔性引进生活津贴', cap: 5_000, capPeriod: CapPeriod.MONTH, clause: '第三条(五)' },
  [AwardProgram.OVERSEAS_PLATFORM_GRANT]: { label: '海外人才创业/服务平台资助', cap: 2_000_000, capPeriod: CapPeriod.TOTAL, clause: '第三条(六)' },
  [AwardProgram.PLATFORM_CONSTRUCTION_GRANT]: { label: '平台载体建设资助', cap: 5_000_000, capPeriod: CapPeriod.TOTAL, clause: '第四条(一)' },
  [AwardProgram.RESEARCH_PROJECT_GRANT]: { label: '科研项目资助', cap: 100_000, capPeriod: CapPeriod.TOTAL, clause: '第四条(一)' },
  [AwardProgram.INCUBATION_SERVICE_GRANT]: { label: '孵化平台服务资助', cap: 2_000_000, capPeriod: CapPeriod.TOTAL, clause: '第四条(二)' },
  [AwardProgram.EVENT_GRANT]: { label: '以才引才活动资助', cap: 200_000, capPeriod: CapPeriod.TOTAL, clause: '第四条(三)' },
  [AwardProgram.IPO_REWARD]: { label: '企业上市奖励', cap: 10_000_000, capPeriod: CapPeriod.TOTAL, clause: '第五条(一)' },
  [AwardProgram.TALENT_SCOUT_AWARD]: { label: '人才伯乐奖（引才资助）', cap: 500_000, capPeriod: CapPeriod.TOTAL, clause: '第六条(一)' },
  [AwardProgram.PINGGU_ELITE]: { label: '平谷英才', cap: null, capPeriod: CapPeriod.TOTAL, clause: '第五条(四)' },
  [AwardProgram.YOUTH_PROJECT_AWARD]: { label: '青年优秀创新创业项目', cap: null, capPeriod: CapPeriod.TOTAL, clause: '第三条(四)' },
  [AwardProgram.HONORARY_CITIZEN]: { label: '荣誉市（村）民', cap: null, capPeriod: CapPeriod.TOTAL, clause: '第五条(四)' },
};

export enum AwardStatus {
  APPROVED = 'APPROVED',
  DISBURSED = 'DISBURSED',
  REVOKED = 'REVOKED',
}

/** Which kind of party an award went to. */
export enum RecipientKind {
  TALENT = 'TALENT',
  ORGANIZATION = 'ORGANIZATION',
  PLATFORM = 'PLATFORM',
}

export const RECIPIENT_KIND_LABELS: Record<RecipientKind, string> = {
  [RecipientKind.TALENT]: '人才',
  [RecipientKind.ORGANIZATION]: '单位',
  [RecipientKind.PLATFORM]: '平台载体',
};

registerEnumType(AwardProgram, { name: 'AwardProgram', description: 'Award and funding programmes (奖励资助)' });
registerEnumType(AwardStatus, { name: 'AwardStatus' });
registerEnumType(RecipientKind, { name: 'RecipientKind' });
