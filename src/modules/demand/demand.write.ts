import type { EntityManager } from '@mikro-orm/postgresql';
import { lockForWrite, type WriteTarget } from '../../shared/writes/versioned';
import { fieldError, FieldErrorCode, refused, type FieldError, type WriteResult } from '../../shared/writes/field-error';
import { outsideYourOrganization } from '../../shared/auth/organization-scope';
import { activeOrganizationForWrite } from '../organization/organization.write';
import type { Industry } from '../organization/organization.enums';
import { Region } from '../region/region.entity';
import { RegionLevel } from '../region/region.enums';
import { ShortageCatalogueEntry } from '../shortage-catalogue/shortage-catalogue.entity';
import { Education, Engagement, ProfessionalTitle } from '../talent/talent.enums';
import { Talent } from '../talent/talent.entity';
import { Demand, DemandEvent, DemandFill } from './demand.entity';
import { DemandKind, DemandStatus, type ChallengeArea } from './demand.enums';
import { isKeywordsBusy, KeywordsBusyError } from './demand.errors';

export const MAX_KEYWORDS = 20;
export const MAX_FILLED_BY = 100;

/** What a poster states; absent optional fields take the organization's (industry, town) or ask for nothing (floors). */
export interface DemandFields {
  organizationId: number;
  kind: DemandKind;
  title: string;
  description: string;
  industry?: Industry | null;
  keywords?: string[] | null;
  townCode?: string | null;
  minEducation?: Education | null;
  minProfessionalTitle?: ProfessionalTitle | null;
  headcount?: number | null;
  engagement?: Engagement | null;
  serviceMonths?: number | null;
  challengeArea?: ChallengeArea | null;
  reward?: string | null;
  deadline?: string | null;
  catalogueEntryId?: number | null;
  externalRef?: string | null;
}

/** The rules of a demand's kind (the same ones the table's check holds): field errors, nothing thrown. */
export function kindRules(f: Pick<DemandFields, 'kind' | 'engagement' | 'serviceMonths' | 'challengeArea' | 'reward'>): FieldError[] {
  const errors: FieldError[] = [];
  if (f.kind === DemandKind.CHALLENGE) {
    if (!f.challengeArea) errors.push(fieldError('challengeArea', FieldErrorCode.INVALID_VALUE, '揭榜挂帅需写明技术难题或治理难题'));
    if (f.reward == null) errors.push(fieldError('reward', FieldErrorCode.INVALID_VALUE, '揭榜挂帅需写明奖励金额'));
    if (f.engagement != null) errors.push(fieldError('engagement', FieldErrorCode.INVALID_VALUE, '揭榜挂帅不设引进方式'));
    if (f.serviceMonths != null) errors.push(fieldError('serviceMonths', FieldErrorCode.INVALID_VALUE, '服务月数只适用于柔性引才/专家服务'));
  } else {
    if (f.challengeArea != null) errors.push(fieldError('challengeArea', FieldErrorCode.INVALID_VALUE, '难题类别只适用于揭榜挂帅'));
    if (f.kind === DemandKind.EXPERT_SERVICE && f.engagement === Engagement.FULL_TIME) {
      errors.push(fieldError('engagement', FieldErrorCode.INVALID_VALUE, '柔性引才/专家服务为柔性引进'));
    }
    if (f.kind === DemandKind.POSITION && f.serviceMonths != null) errors.push(fieldError('serviceMonths', FieldErrorCode.INVALID_VALUE, '服务月数只适用于柔性引才/专家服务'));
  }
  if (f.serviceMonths != null && (!Number.isInteger(f.serviceMonths) || f.serviceMonths < 1 || f.serviceMonths > 12)) {
    errors.push(fieldError('serviceMonths', FieldErrorCode.INVALID_VALUE, '服务月数应在 1 至 12 之间'));
  }
  return errors;
}

/** Keywords trimmed, blanks and repeats dropped; too many or too long ones are field errors. */
export function cleanKeywords(keywords: readonly string[] | null | undefined, errors: FieldError[]): string[] {
  const cleaned = [...new Set((keywords ?? []).map((k) => k.trim()).filter(Boolean))];
  if (cleaned.length > MAX_KEYWORDS) errors.push(fieldError('keywords', FieldErrorCode.INVALID_VALUE, `专业关键词最多 ${MAX_KEYWORDS} 个`));
  if (cleaned.some((k) => k.length > 32)) errors.push(fieldError('keywords', FieldErrorCode.INVALID_VALUE, '每个专业关键词不超过 32 个字'));
  return cleaned;
}

/**
 * Posts, closes and fills demands, each with its step in the history, in one transaction.
 * `scope`: the one organization an organization-scoped caller acts for (null: any). Knows no GraphQL.
 */
export class DemandWriteService {
  constructor(
    private readonly em: EntityManager,
    private readonly actor: string,
    private readonly scope: number | null,
  ) {}

  /** KEYWORDS_BUSY (thrown, nothing written) when a keyword new to the vocabulary meets a long write to talents' profiles. */
  async post(fields: DemandFields): Promise<WriteResult<Demand>> {
    if (this.scope !== null && fields.organizationId !== this.scope) throw outsideYourOrganization(`单位 ${fields.organizationId} `, 'organizationId');
    try {
      return await this.insert(fields);
    } catch (error) {
      if (isKeywordsBusy(error)) throw new KeywordsBusyError();
      throw error;
    }
  }

  private insert(fields: DemandFields): Promise<WriteResult<Demand>> {
    return this.em.transactional(async (tx): Promise<WriteResult<Demand>> => {
      const errors: FieldError[] = [...kindRules(fields)];
      const organization = await activeOrganizationForWrite(tx, fields.organizationId);
      if (!organization) errors.push(fieldError('organizationId', FieldErrorCode.NOT_FOUND, `单位 ${fields.organizationId} 不存在`));
      const title = fields.title.trim();
      if (!title) errors.push(fieldError('title', FieldErrorCode.INVALID_VALUE, '标题不能为空'));
      const keywords = cleanKeywords(fields.keywords, errors);
      let townCode = organization?.town.code;
      if (fields.townCode != null) {
        const town = await tx.findOne(Region, { code: fields.townCode });
        if (!town || town.level !== RegionLevel.TOWN) {
          errors.push(fieldError('townCode', FieldErrorCode.NOT_FOUND, `${fields.townCode} 不是本区的街道或乡镇`));
        } else townCode = town.code;
      }
      if (fields.catalogueEntryId != null && !(await tx.findOne(ShortageCatalogueEntry, fields.catalogueEntryId, { fields: ['id'] }))) {
        errors.push(fieldError('catalogueEntryId', FieldErrorCode.NOT_FOUND, `紧缺目录条目 ${fields.catalogueEntryId} 不存在`));
      }
      if (fields.deadline != null && fields.deadline < new Date().toISOString().slice(0, 10)) {
        errors.push(fieldError('deadline', FieldErrorCode.INVALID_VALUE, '截止日期不能早于今天'));
      }
      if (errors.length || !organization || !townCode) return refused(errors);

      const now = new Date();
      const demand = tx.create(Demand, {
        kind: fields.kind,
        status: DemandStatus.OPEN,
        organization,
        town: tx.getReference(Region, townCode),
        industry: fields.industry ?? organization.industry,
        title,
        description: fields.description.trim(),
        keywords,
        minEducation: fields.minEducation ?? Education.SECONDARY_OR_BELOW,
        minProfessionalTitle: fields.minProfessionalTitle ?? ProfessionalTitle.NONE,
        headcount: fields.kind === DemandKind.CHALLENGE ? 1 : fields.headcount ?? 1,
        engagement: fields.kind === DemandKind.CHALLENGE ? null : fields.kind === DemandKind.EXPERT_SERVICE ? Engagement.FLEXIBLE : fields.engagement ?? Engagement.FULL_TIME,
        serviceMonths: fields.serviceMonths ?? null,
        challengeArea: fields.challengeArea ?? null,
        reward: fields.reward ?? null,
        deadline: fields.deadline ?? null,
        catalogueEntry: fields.catalogueEntryId ?? null,
        externalRef: fields.externalRef ?? null,
        postedAt: now,
        updatedAt: now,
      } as unknown as Demand);
      tx.create(DemandEvent, { demand, fromStatus: null, toStatus: DemandStatus.OPEN, actor: this.actor, at: now, note: null });
      await tx.flush();
      return { record: demand, errors: [] };
    });
  }

  /**
   * OPEN → FILLED when talents are named (they are recorded as who filled it), else OPEN → CLOSED.
   * NOT_OPEN for a demand already filled or closed; NOT_FOUND for unknown talents; nothing written then.
   */
  close(target: WriteTarget<Demand>, filledBy: readonly number[], note: string | null): Promise<WriteResult<Demand>> {
    return this.em.transactional(async (tx): Promise<WriteResult<Demand>> => {
      const demand = await lockForWrite(tx, Demand, target);
      if (!demand || (this.scope !== null && demand.organization.id !== this.scope)) {
        if (this.scope !== null) throw outsideYourOrganization(`需求 ${target.id} `, 'id');
        return refused([fieldError('id', FieldErrorCode.NOT_FOUND, `需求 ${target.id} 不存在`)]);
      }
      const errors: FieldError[] = [];
      if (demand.status !== DemandStatus.OPEN) errors.push(fieldError('id', FieldErrorCode.NOT_OPEN, `需求 ${demand.id} 已${demand.status === DemandStatus.FILLED ? '满足' : '关闭'}`));
      const talents = [...new Set(filledBy)];
      if (talents.length > Math.min(demand.headcount, MAX_FILLED_BY)) {
        errors.push(fieldError('filledBy', FieldErrorCode.INVALID_VALUE, `需求人数为 ${demand.headcount}，不能填报 ${talents.length} 人`));
      } else if (talents.length) {
        const found = await tx.find(Talent, { id: { $in: talents }, archivedAt: null }, { fields: ['id', 'organization'] });
        // A manager names its own organization's talents only; a missing and a foreign id get the same answer.
        const foreign = talents.filter((id) => found.find((t) => t.id === id)?.organization.id !== this.scope);
        if (this.scope !== null && foreign.length) throw outsideYourOrganization(`人才 ${foreign.join(', ')} `, 'filledBy');
        const missing = talents.filter((id) => !found.some((t) => t.id === id));
        if (missing.length) errors.push(fieldError('filledBy', FieldErrorCode.NOT_FOUND, `人才 ${missing.join(', ')} 不存在`));
      }
      if (errors.length) return refused(errors);
      const now = new Date();
      const to = talents.length ? DemandStatus.FILLED : DemandStatus.CLOSED;
      tx.create(DemandEvent, { demand, fromStatus: demand.status, toStatus: to, actor: this.actor, at: now, note });
      for (const id of talents) tx.create(DemandFill, { demand, talent: tx.getReference(Talent, id) });
      demand.status = to;
      demand.updatedAt = now;
      await tx.flush();
      return { record: demand, errors: [] };
    });
  }
}
