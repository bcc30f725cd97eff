import { registerEnumType } from 'type-graphql';

/** 人才招引 events (第三条(四), 第四条(三)). */
export enum RecruitmentEventKind {
  TALENT_PROMOTION = 'TALENT_PROMOTION',
  HIGH_LEVEL_TALKS = 'HIGH_LEVEL_TALKS',
  ACADEMIC_CONFERENCE = 'ACADEMIC_CONFERENCE',
  STARTUP_CONTEST = 'STARTUP_CONTEST',
}

export const RECRUITMENT_EVENT_KIND_LABELS: Record<RecruitmentEventKind, string> = {
  [RecruitmentEventKind.TALENT_PROMOTION]: '招才引智推介会',
  [RecruitmentEventKind.HIGH_LEVEL_TALKS]: '高层次人才洽谈会',
  [RecruitmentEventKind.ACADEMIC_CONFERENCE]: '学术会议',
  [RecruitmentEventKind.STARTUP_CONTEST]: '创业大赛',
};

/**
 * The channel through which a talent was introduced to the district (第三条(四), 第六条(一)).
 * OPEN_RECRUITMENT is ordinary hiring by the employer; RECRUITMENT_EVENT means one of the
 * district's 人才招引 events (the talent then names it); UNRECORDED is what records that predate
 * the channel carry until someone records it.
 */
export enum RecruitmentChannel {
  OPEN_RECRUITMENT = 'OPEN_RECRUITMENT',
  SELECTED_GRADUATE = 'SELECTED_GRADUATE',
  GRADUATE_CULTIVATION = 'GRADUATE_CULTIVATION',
  SPECIAL_POST_TEACHER = 'SPECIAL_POST_TEACHER',
  RURAL_REVITALIZATION_ASSISTANT = 'RURAL_REVITALIZATION_ASSISTANT',
  TALENT_SCOUT_REFERRAL = 'TALENT_SCOUT_REFERRAL',
  RETURNEE = 'RETURNEE',
  OVERSEAS_RECRUITMENT = 'OVERSEAS_RECRUITMENT',
  RECRUITMENT_EVENT = 'RECRUITMENT_EVENT',
  UNRECORDED = 'UNRECORDED',
}

export const RECRUITMENT_CHANNEL_LABELS: Record<RecruitmentChannel, string> = {
  [RecruitmentChannel.OPEN_RECRUITMENT]: '公开招聘',
  [RecruitmentChannel.SELECTED_GRADUATE]: '定向选调生',
  [RecruitmentChannel.GRADUATE_CULTIVATION]: '大学生选培',
  [RecruitmentChannel.SPECIAL_POST_TEACHER]: '特岗教师',
  [RecruitmentChannel.RURAL_REVITALIZATION_ASSISTANT]: '乡村振兴协理员',
  [RecruitmentChannel.TALENT_SCOUT_REFERRAL]: '猎头/人才伯乐推荐',
  [RecruitmentChannel.RETURNEE]: '归雁兴谷',
  [RecruitmentChannel.OVERSEAS_RECRUITMENT]: '海外引才',
  [RecruitmentChannel.RECRUITMENT_EVENT]: '招才引智活动',
  [RecruitmentChannel.UNRECORDED]: '未登记',
};

registerEnumType(RecruitmentEventKind, { name: 'RecruitmentEventKind', description: '人才招引 event kind' });
registerEnumType(RecruitmentChannel, { name: 'RecruitmentChannel', description: 'Channel through which a talent was introduced (引进渠道)' });
