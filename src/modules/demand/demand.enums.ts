import { registerEnumType } from 'type-graphql';

/** 人才需求 kinds (第五条(五)). */
export enum DemandKind {
  POSITION = 'POSITION',
  EXPERT_SERVICE = 'EXPERT_SERVICE',
  CHALLENGE = 'CHALLENGE',
}

export const DEMAND_KIND_LABELS: Record<DemandKind, string> = {
  [DemandKind.POSITION]: '岗位需求',
  [DemandKind.EXPERT_SERVICE]: '柔性引才/专家服务',
  [DemandKind.CHALLENGE]: '揭榜挂帅',
};

/** OPEN → FILLED (with the talents who filled it) | CLOSED. */
export enum DemandStatus {
  OPEN = 'OPEN',
  FILLED = 'FILLED',
  CLOSED = 'CLOSED',
}

export const DEMAND_STATUS_LABELS: Record<DemandStatus, string> = {
  [DemandStatus.OPEN]: '开放',
  [DemandStatus.FILLED]: '已满足',
  [DemandStatus.CLOSED]: '已关闭',
};

/** What a 揭榜挂帅 challenge is about (第三条(五)). */
export enum ChallengeArea {
  TECHNOLOGY = 'TECHNOLOGY',
  GOVERNANCE = 'GOVERNANCE',
}

export const CHALLENGE_AREA_LABELS: Record<ChallengeArea, string> = {
  [ChallengeArea.TECHNOLOGY]: '技术难题',
  [ChallengeArea.GOVERNANCE]: '治理难题',
};

/** Who takes on a challenge: a talent (alone or leading a team) or a platform. */
export enum BidderKind {
  TALENT = 'TALENT',
  PLATFORM = 'PLATFORM',
}

export const BIDDER_KIND_LABELS: Record<BidderKind, string> = {
  [BidderKind.TALENT]: '人才（团队）',
  [BidderKind.PLATFORM]: '平台',
};

export enum BidStatus {
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}

export const BID_STATUS_LABELS: Record<BidStatus, string> = {
  [BidStatus.SUBMITTED]: '已揭榜',
  [BidStatus.ACCEPTED]: '已选定',
  [BidStatus.REJECTED]: '未选定',
  [BidStatus.WITHDRAWN]: '已撤回',
};

registerEnumType(DemandKind, { name: 'DemandKind', description: '人才需求 kind: 岗位需求, 柔性引才/专家服务, 揭榜挂帅' });
registerEnumType(DemandStatus, { name: 'DemandStatus' });
registerEnumType(ChallengeArea, { name: 'ChallengeArea', description: '揭榜挂帅: a technical or a governance problem' });
registerEnumType(BidderKind, { name: 'BidderKind' });
registerEnumType(BidStatus, { name: 'BidStatus', description: '揭榜 status' });
