import { registerEnumType } from 'type-graphql';

/** 教育培训 programmes (第三条(四), 第六条(三), 第五条(三)). */
export enum ProgrammeKind {
  ADVANCED_STUDY = 'ADVANCED_STUDY',
  PRACTICAL_TRAINING = 'PRACTICAL_TRAINING',
  SECONDMENT = 'SECONDMENT',
  DEGREE_EDUCATION = 'DEGREE_EDUCATION',
  MENTORSHIP = 'MENTORSHIP',
  STARTUP_COACHING = 'STARTUP_COACHING',
}

export const PROGRAMME_KIND_LABELS: Record<ProgrammeKind, string> = {
  [ProgrammeKind.ADVANCED_STUDY]: '高级研修',
  [ProgrammeKind.PRACTICAL_TRAINING]: '实训锻炼',
  [ProgrammeKind.SECONDMENT]: '交流挂职',
  [ProgrammeKind.DEGREE_EDUCATION]: '学历教育',
  [ProgrammeKind.MENTORSHIP]: '导师帮带',
  [ProgrammeKind.STARTUP_COACHING]: '创业陪跑',
};

/** ENROLLED → COMPLETED | WITHDRAWN. A withdrawn enrolment frees its place. */
export enum EnrolmentStatus {
  ENROLLED = 'ENROLLED',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
}

export const ENROLMENT_STATUS_LABELS: Record<EnrolmentStatus, string> = {
  [EnrolmentStatus.ENROLLED]: '在训',
  [EnrolmentStatus.COMPLETED]: '结业',
  [EnrolmentStatus.WITHDRAWN]: '退出',
};

registerEnumType(ProgrammeKind, { name: 'ProgrammeKind', description: '教育培训 programme kind' });
registerEnumType(EnrolmentStatus, { name: 'EnrolmentStatus' });
