import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { outsideYourOrganization } from '../../shared/auth/organization-scope';
import { fieldError, FieldErrorCode, isUniqueViolation, refused, type FieldError, type WriteResult } from '../../shared/writes/field-error';
import { activeOrganizationForWrite } from '../organization/organization.write';
import { Platform } from '../platform/platform.entity';
import { Talent } from '../talent/talent.entity';
import { ChallengeBid, Demand } from './demand.entity';
import { BidderKind, BidStatus, DemandKind, DemandStatus } from './demand.enums';

export interface BidFields {
  demandId: number;
  talentId?: number | null;
  platformId?: number | null;
  teamSize?: number | null;
  proposal: string;
}

const BID_UNIQUE = ['challenge_bid_talent_unique', 'challenge_bid_platform_unique'];

/**
 * 揭榜: a talent (leading a team of teamSize) or a platform takes on an open challenge. The
 * demand is read FOR SHARE, so a close waits for the bid and a bid made after a close sees it
 * closed. Knows no GraphQL. `scope`: the one organization whose talents and platforms an
 * organization-scoped caller may bid with (null: any).
 */
export class ChallengeBidService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: number | null,
  ) {}

  async take(f: BidFields): Promise<WriteResult<ChallengeBid>> {
    try {
      return await this.em.transactional((tx) => this.write(tx, f));
    } catch (error) {
      if (BID_UNIQUE.some((name) => isUniqueViolation(error, name))) {
        this.em.clear();
        return refused([duplicate(f)]);
      }
      throw error;
    }
  }

  private async write(tx: EntityManager, f: BidFields): Promise<WriteResult<ChallengeBid>> {
    const errors: FieldError[] = [];
    const byTalent = f.talentId != null;
    if (byTalent === (f.platformId != null)) {
      return refused([fieldError('talentId', FieldErrorCode.INVALID_VALUE, '揭榜方须是一名人才（团队负责人）或一个平台，二者选一')]);
    }
    const talent = byTalent ? await tx.findOne(Talent, { id: f.talentId!, archivedAt: null }, { fields: ['id', 'organization'] }) : null;
    const platform = byTalent ? null : await tx.findOne(Platform, { id: f.platformId!, archivedAt: null }, { fields: ['id', 'hostOrganization'] });
    // An organization's manager bids with its own people and platforms only; elsewhere, as if absent.
    if (this.scope !== null) {
      if (talent?.organization.id !== this.scope && platform?.hostOrganization.id !== this.scope) {
        throw outsideYourOrganization(byTalent ? `人才 ${f.talentId} ` : `平台 ${f.platformId} `, byTalent ? 'talentId' : 'platformId');
      }
    }
    if (byTalent && !talent) errors.push(fieldError('talentId', FieldErrorCode.NOT_FOUND, `人才 ${f.talentId} 不存在`));
    if (!byTalent && !platform) errors.push(fieldError('platformId', FieldErrorCode.NOT_FOUND, `平台 ${f.platformId} 不存在`));
    const demand = await tx.findOne(Demand, f.demandId, { lockMode: LockMode.PESSIMISTIC_READ, refresh: true });
    if (!demand) errors.push(fieldError('demandId', FieldErrorCode.NOT_FOUND, `需求 ${f.demandId} 不存在`));
    else if (demand.kind !== DemandKind.CHALLENGE) errors.push(fieldError('demandId', FieldErrorCode.WRONG_KIND, `需求 ${f.demandId} 不是揭榜挂帅项目，不能揭榜`));
    else if (demand.status !== DemandStatus.OPEN) errors.push(fieldError('demandId', FieldErrorCode.NOT_OPEN, `揭榜挂帅项目 ${f.demandId} 已${demand.status === DemandStatus.FILLED ? '揭榜成功' : '关闭'}`));
    // Off the board with its archived poster (the open_demand view); read locked, so an archive waits for this bid.
    else if (!(await activeOrganizationForWrite(tx, demand.organization.id))) {
      errors.push(fieldError('demandId', FieldErrorCode.NOT_OPEN, `揭榜挂帅项目 ${f.demandId} 的发布单位已归档`));
    }
    const teamSize = f.teamSize ?? 1;
    if (!Number.isInteger(teamSize) || teamSize < 1 || teamSize > 200) errors.push(fieldError('teamSize', FieldErrorCode.INVALID_VALUE, '团队人数应在 1 至 200 之间'));
    if (!byTalent && teamSize !== 1 && f.teamSize != null) errors.push(fieldError('teamSize', FieldErrorCode.INVALID_VALUE, '平台揭榜不填团队人数'));
    const proposal = f.proposal.trim();
    if (!proposal) errors.push(fieldError('proposal', FieldErrorCode.INVALID_VALUE, '揭榜方案不能为空'));
    if (errors.length || !demand) return refused(errors);
    const existing = await tx.findOne(ChallengeBid, byTalent ? { demand: demand.id, talent: f.talentId! } : { demand: demand.id, platform: f.platformId! }, { fields: ['id'] });
    if (existing) return refused([duplicate(f)]);

    const bid = tx.create(ChallengeBid, {
      demand,
      bidderKind: byTalent ? BidderKind.TALENT : BidderKind.PLATFORM,
      talent: talent ?? null,
      platform: platform ?? null,
      teamSize,
      proposal,
      status: BidStatus.SUBMITTED,
      submittedAt: new Date(),
    } as unknown as ChallengeBid);
    await tx.flush();
    return { record: bid, errors: [] };
  }
}

const duplicate = (f: BidFields) =>
  fieldError(f.talentId != null ? 'talentId' : 'platformId', FieldErrorCode.DUPLICATE, `${f.talentId != null ? `人才 ${f.talentId}` : `平台 ${f.platformId}`} 已揭榜需求 ${f.demandId}`);
