import type { EntityManager } from '@mikro-orm/postgresql';
import { CHALLENGE_AREA_LABELS, DEMAND_KIND_LABELS, DemandKind, type ChallengeArea } from '../demand/demand.enums';
import { isKeywordsBusy } from '../demand/demand.errors';
import { cleanKeywords, kindRules } from '../demand/demand.write';
import { INDUSTRY_LABELS, type Industry } from '../organization/organization.enums';
import { EDUCATION_LABELS, ENGAGEMENT_LABELS, Education, Engagement, PROFESSIONAL_TITLE_LABELS, ProfessionalTitle } from '../talent/talent.enums';
import type { FieldError } from '../../shared/writes/field-error';
import { checkEmployer, loadEmployers, type Employers } from './employer-columns';
import { loadRegions, type Regions } from './place-columns';
import { SheetImport, type RowCheck } from './sheet-import';

/** The demand template's columns (人才需求), as organizations and the 人才办 write them. */
export const DEMAND_COLUMNS = {
  externalRef: '需求编号',
  employerName: '发布单位',
  employerCreditCode: '发布单位统一社会信用代码',
  kind: '需求类型',
  title: '需求名称',
  description: '需求描述',
  industry: '产业领域',
  keywords: '专业关键词',
  town: '所在街道/乡镇',
  minEducation: '最低学历',
  minProfessionalTitle: '最低职称',
  headcount: '需求人数',
  engagement: '引进方式',
  serviceMonths: '服务月数',
  challengeArea: '难题类别',
  reward: '奖励金额（元）',
  deadline: '截止日期',
} as const;

interface DemandRow {
  externalRef: string;
  organizationId: number;
  townCode: string | null;
  kind: DemandKind;
  title: string;
  description: string;
  industry: Industry | null;
  keywords: string[];
  minEducation: Education;
  minProfessionalTitle: ProfessionalTitle;
  headcount: number;
  engagement: Engagement | null;
  serviceMonths: number | null;
  challengeArea: ChallengeArea | null;
  reward: string | null;
  deadline: string | null;
}

interface DemandLookups {
  employers: Employers;
  regions: Regions;
  /** `${organizationId}|${externalRef}` of demands no longer OPEN: an import does not touch them. */
  closed: Set<string>;
}

/** A demand row in the staging table (keywords as a JSON array: COPY's text format has no arrays of ours). */
const DEMAND_STAGING = {
  external_ref: 'text', organization_id: 'int', town_code: 'text', kind: 'text', title: 'text', description: 'text', industry: 'text',
  keywords: 'jsonb', min_education: 'text', min_professional_title: 'text', headcount: 'int', engagement: 'text', service_months: 'smallint',
  challenge_area: 'text', reward: 'numeric', deadline: 'date', actor: 'text',
} as const;

/**
 * Demand imports, merged from the staged rows on (organization, 需求编号). An OPEN demand is
 * rewritten only where a field differs (a re-import touches nothing); a new one is posted OPEN.
 * Industry and town default to the organization's.
 */
const MERGE_DEMANDS_SQL = `
insert into demand (kind, status, organization_id, town_code, industry, title, description, keywords, min_education, min_professional_title,
                    headcount, engagement, service_months, challenge_area, reward, deadline, external_ref, posted_at, updated_at)
select r.kind, 'OPEN', r.organization_id, coalesce(r.town_code, o.town_code), coalesce(r.industry, o.industry), r.title, r.description,
       array(select jsonb_array_elements_text(r.keywords)), r.min_education, r.min_professional_title, r.headcount, r.engagement,
       r.service_months, r.challenge_area, r.reward, r.deadline, r.external_ref, now(), now()
  from import_stage r join organization o on o.id = r.organization_id
 order by r.row
on conflict (organization_id, external_ref) do update set
  kind = excluded.kind, town_code = excluded.town_code, industry = excluded.industry, title = excluded.title, description = excluded.description,
  keywords = excluded.keywords, min_education = excluded.min_education, min_professional_title = excluded.min_professional_title,
  headcount = excluded.headcount, engagement = excluded.engagement, service_months = excluded.service_months,
  challenge_area = excluded.challenge_area, reward = excluded.reward, deadline = excluded.deadline, updated_at = now(), version = demand.version + 1
where demand.status = 'OPEN'
  and (demand.kind, demand.town_code, demand.industry, demand.title, demand.description, demand.keywords, demand.min_education,
       demand.min_professional_title, demand.headcount, demand.engagement, demand.service_months, demand.challenge_area, demand.reward, demand.deadline)
  is distinct from
      (excluded.kind, excluded.town_code, excluded.industry, excluded.title, excluded.description, excluded.keywords, excluded.min_education,
       excluded.min_professional_title, excluded.headcount, excluded.engagement, excluded.service_months, excluded.challenge_area,
       excluded.reward, excluded.deadline)
returning (xmax = 0) as inserted`;

/** A newly posted demand's first history step, by the importing actor (bookkeeping: counted as no row). */
const POST_IMPORTED_DEMANDS_SQL = `
insert into demand_event (demand_id, from_status, to_status, actor, at)
select d.id, null, 'OPEN', r.actor, now()
  from import_stage r join demand d on d.organization_id = r.organization_id and d.external_ref = r.external_ref
 where not exists (select 1 from demand_event e where e.demand_id = d.id)
returning null::boolean as inserted`;

const KEYWORD_SEPARATORS = /[、,，;；\s]+/;

/** The demand's field a kind rule names → its column. */
const FIELD_COLUMN: Record<string, string> = {
  engagement: DEMAND_COLUMNS.engagement,
  serviceMonths: DEMAND_COLUMNS.serviceMonths,
  challengeArea: DEMAND_COLUMNS.challengeArea,
  reward: DEMAND_COLUMNS.reward,
  keywords: DEMAND_COLUMNS.keywords,
};

/** 2024-05-01, 2024/5/1 or 2024.5.1, as ISO; null when not a date. */
function isoDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

/**
 * Demand imports (issue 14): one row a demand, keyed by its organization and 需求编号, under the
 * same kind rules as postDemand. A key of a demand already FILLED or CLOSED is a problem (an import
 * never reopens or rewrites a closed demand).
 */
export class DemandImportService extends SheetImport<DemandRow, DemandLookups> {
  readonly columns = DEMAND_COLUMNS;
  protected override readonly optionalColumns: ReadonlySet<string> = new Set(
    (['employerName', 'employerCreditCode', 'description', 'industry', 'keywords', 'town', 'minEducation', 'minProfessionalTitle', 'headcount', 'engagement', 'serviceMonths', 'challengeArea', 'reward', 'deadline'] as const).map(
      (key) => DEMAND_COLUMNS[key],
    ),
  );

  constructor(
    em: EntityManager,
    private readonly actor: string,
  ) {
    super(em);
  }

  protected async lookups(): Promise<DemandLookups> {
    const closed = await this.em
      .getConnection()
      .execute<{ key: string }[]>(`select organization_id || '|' || external_ref as key from demand where external_ref is not null and status <> 'OPEN'`);
    return { employers: await loadEmployers(this.em), regions: await loadRegions(this.em), closed: new Set(closed.map((c) => c.key)) };
  }

  protected readonly staging = DEMAND_STAGING;
  protected readonly merge = [MERGE_DEMANDS_SQL, POST_IMPORTED_DEMANDS_SQL];

  protected override writeRefusal(error: unknown): string | null {
    return isKeywordsBusy(error) ? '文件中的需求有新的专业关键词，而人才数据正在批量写入（如另一项导入）：未写入任何行，请在其完成后重试' : null;
  }

  protected stage(d: DemandRow): unknown[] {
    return [
      d.externalRef, d.organizationId, d.townCode, d.kind, d.title, d.description, d.industry, JSON.stringify(d.keywords), d.minEducation,
      d.minProfessionalTitle, d.headcount, d.engagement, d.serviceMonths, d.challengeArea, d.reward, d.deadline, this.actor,
    ];
  }

  protected check(r: RowCheck, { employers, regions, closed }: DemandLookups): DemandRow {
    const C = DEMAND_COLUMNS;
    const externalRef = r.text(C.externalRef, 64);
    const organizationId = checkEmployer(r, { name: C.employerName, creditCode: C.employerCreditCode }, employers, true);
    if (organizationId) {
      const key = `${organizationId}|${externalRef}`;
      if (closed.has(key)) r.problem(C.externalRef, '该需求已满足或关闭：导入不修改已关闭的需求');
      else r.once(C.externalRef, key, '为同一需求（发布单位和需求编号相同）');
    }
    const kind = r.label(C.kind, DEMAND_KIND_LABELS);
    const title = r.text(C.title, 128);
    const description = r.text(C.description, 4000, 'optional') ?? '';
    const optionalLabel = <E extends string>(column: string, labels: Record<E, string>): E | null => (r.cell(column) ? r.label(column, labels) : null);
    const industry = optionalLabel(C.industry, INDUSTRY_LABELS);
    const problems: FieldError[] = [];
    const keywords = cleanKeywords(r.cell(C.keywords).split(KEYWORD_SEPARATORS), problems);
    let townCode: string | null = null;
    if (r.cell(C.town)) {
      const town = regions.townByName.get(r.cell(C.town));
      if (!town) r.problem(C.town, '不是本区的街道或乡镇');
      else townCode = town.code;
    }
    const minEducation = optionalLabel(C.minEducation, EDUCATION_LABELS) ?? Education.SECONDARY_OR_BELOW;
    const minProfessionalTitle = optionalLabel(C.minProfessionalTitle, PROFESSIONAL_TITLE_LABELS) ?? ProfessionalTitle.NONE;
    const headcountText = r.cell(C.headcount);
    const headcount = headcountText ? Number(headcountText) : 1;
    if (!Number.isInteger(headcount) || headcount < 1 || headcount > 10_000) r.problem(C.headcount, '应为 1 至 10000 的整数');
    const engagement = optionalLabel(C.engagement, ENGAGEMENT_LABELS);
    const monthsText = r.cell(C.serviceMonths);
    const serviceMonths = monthsText ? Number(monthsText) : null;
    const challengeArea = optionalLabel(C.challengeArea, CHALLENGE_AREA_LABELS);
    const rewardText = r.cell(C.reward).replace(/,/g, '');
    const reward = rewardText ? rewardText : null;
    if (reward !== null && !/^\d{1,12}(\.\d{1,2})?$/.test(reward)) r.problem(C.reward, '应为金额（元），最多两位小数');
    const deadlineText = r.cell(C.deadline);
    const deadline = deadlineText ? isoDate(deadlineText) : null;
    if (deadlineText && !deadline) r.problem(C.deadline, '应为日期，如 2026-05-01');
    if (kind) problems.push(...kindRules({ kind, engagement, serviceMonths, challengeArea, reward }));
    for (const p of problems) r.problem(FIELD_COLUMN[p.field] ?? C.kind, p.message);
    const challenge = kind === DemandKind.CHALLENGE;
    return {
      externalRef, organizationId: organizationId!, townCode, kind, title, description, industry, keywords, minEducation, minProfessionalTitle,
      headcount: challenge ? 1 : headcount,
      engagement: challenge ? null : kind === DemandKind.EXPERT_SERVICE ? Engagement.FLEXIBLE : engagement ?? Engagement.FULL_TIME,
      serviceMonths, challengeArea, reward, deadline,
    };
  }
}
