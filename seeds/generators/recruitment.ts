import { Industry, OrgKind } from '../../src/modules/organization/organization.enums';
import { RecruitmentChannel, RecruitmentEventKind } from '../../src/modules/recruitment/recruitment.enums';
import { Education, TalentTier, TalentType } from '../../src/modules/talent/talent.enums';
import { Rng, type Weighted } from '../random';
import type { OrganizationRow } from './organizations';
import { FIRST_INTRODUCED_YEAR, PLAN_YEAR, REFERENCE_YEAR } from './talents';

/** A 人才招引 event as the seed writes it. */
export interface RecruitmentEventRow {
  id: number;
  kind: RecruitmentEventKind;
  name: string;
  heldOn: string;
  organizerId: number;
  venue: string;
}

const K = RecruitmentEventKind;

/** The events of a year: a few before the plan, more from 2021 (第四条(三) funds them). */
function eventsOf(year: number): { kind: RecruitmentEventKind; name: string; organizer: string; venue: string; month: number }[] {
  const events = [
    { kind: K.TALENT_PROMOTION, name: `${year}年平谷区招才引智推介会`, organizer: '中共北京市平谷区委组织部', venue: '平谷区人才服务中心', month: 4 },
    { kind: K.ACADEMIC_CONFERENCE, name: `${year}年中国农业科技创新（平谷）论坛`, organizer: '北京市平谷区科学技术委员会', venue: '农业中关村', month: 9 },
  ];
  if (year >= 2016) events.push({ kind: K.STARTUP_CONTEST, name: `${year}年平谷区创新创业大赛`, organizer: '北京市平谷区人力资源和社会保障局', venue: '平谷区创业孵化基地', month: 6 });
  if (year >= PLAN_YEAR) {
    events.push(
      { kind: K.HIGH_LEVEL_TALKS, name: `${year}年平谷区高层次人才洽谈会`, organizer: '北京市平谷区人力资源和社会保障局', venue: '平谷区人才服务中心', month: 5 },
      { kind: K.TALENT_PROMOTION, name: `${year}年平谷区“归雁兴谷”人才推介会`, organizer: '中共北京市平谷区委组织部', venue: '平谷区会议中心', month: 11 },
      { kind: K.ACADEMIC_CONFERENCE, name: `${year}年平谷区无人机产业发展大会`, organizer: '北京市平谷区经济和信息化局', venue: '平谷区无人机产业园', month: 7 },
    );
  }
  return events;
}

/** Events of 2010 … REFERENCE_YEAR, ids 1…n in date order; the same for every seed. */
export function generateRecruitmentEvents(organizations: readonly OrganizationRow[]): RecruitmentEventRow[] {
  const byName = new Map(organizations.map((o) => [o.name, o.id] as const));
  const fallback = organizations.find((o) => o.kind === OrgKind.GOVERNMENT)?.id ?? organizations[0]?.id;
  const rows: RecruitmentEventRow[] = [];
  for (let year = FIRST_INTRODUCED_YEAR; year <= REFERENCE_YEAR; year++) {
    const events = eventsOf(year).sort((a, b) => a.month - b.month);
    for (const e of events) {
      const rng = Rng.for('recruitment-event', rows.length + 1);
      const day = rng.int(10, 28);
      rows.push({
        id: rows.length + 1,
        kind: e.kind,
        name: e.name,
        heldOn: `${year}-${String(e.month).padStart(2, '0')}-${day}`,
        organizerId: byName.get(e.organizer) ?? fallback,
        venue: e.venue,
      });
    }
  }
  return rows;
}

/** What the channel of a talent is drawn from. */
export interface ChannelFacts {
  id: number;
  kind: OrgKind;
  industry: Industry;
  talentType: TalentType;
  tier: TalentTier | null;
  education: Education;
  birthYear: number;
  introducedAt: string;
  overseasExperience: boolean;
}

const GRADUATE = new Set([Education.DOCTORATE, Education.MASTER, Education.BACHELOR]);

/**
 * The channel a talent came through, from its own stream (so adding it changed no other field
 * of the register): 定向选调生 into government, 特岗教师 into schools, 乡村振兴协理员 and 大学生选培
 * into villages, referrals and events for tiered talent, 海外引才 for the overseas-experienced,
 * 归雁兴谷 returnees everywhere; older records often have none (UNRECORDED). Event talents name
 * an event of their year of introduction.
 */
export function recruitmentChannelFor(
  t: ChannelFacts,
  eventsByYear: ReadonlyMap<number, readonly RecruitmentEventRow[]>,
): { recruitmentChannel: RecruitmentChannel; recruitmentEventId: number | null } {
  const rng = Rng.for('talent-channel', t.id);
  const C = RecruitmentChannel;
  const year = Number(t.introducedAt.slice(0, 4));
  const ageAtIntroduction = year - t.birthYear;
  const young = ageAtIntroduction < 30;
  if (year < 2015 && rng.chance(0.25)) return { recruitmentChannel: C.UNRECORDED, recruitmentEventId: null };
  const options: [RecruitmentChannel, number][] = [[C.OPEN_RECRUITMENT, 70], [C.RETURNEE, 5], [C.TALENT_SCOUT_REFERRAL, 2], [C.RECRUITMENT_EVENT, 2]];
  const add = (channel: RecruitmentChannel, weight: number) => options.push([channel, weight]);
  if (t.overseasExperience) add(C.OVERSEAS_RECRUITMENT, t.tier ? 40 : 20);
  if (t.tier === TalentTier.STRATEGIC || t.tier === TalentTier.LEADING) {
    add(C.TALENT_SCOUT_REFERRAL, 30);
    add(C.RECRUITMENT_EVENT, 30);
  } else if (t.tier) {
    add(C.RECRUITMENT_EVENT, 12);
    add(C.TALENT_SCOUT_REFERRAL, 6);
  }
  if (t.kind === OrgKind.GOVERNMENT && t.talentType === TalentType.PARTY_GOVERNMENT && young && GRADUATE.has(t.education)) add(C.SELECTED_GRADUATE, 45);
  if (t.kind === OrgKind.SCHOOL && t.industry === Industry.EDUCATION && young) add(C.SPECIAL_POST_TEACHER, 30);
  if (t.kind === OrgKind.VILLAGE && ageAtIntroduction < 35 && GRADUATE.has(t.education)) {
    add(C.RURAL_REVITALIZATION_ASSISTANT, 60);
    add(C.GRADUATE_CULTIVATION, 25);
  }
  if (t.kind === OrgKind.ENTERPRISE && young && GRADUATE.has(t.education)) add(C.GRADUATE_CULTIVATION, 6);
  if (t.kind === OrgKind.ENTERPRISE) add(C.TALENT_SCOUT_REFERRAL, 5);
  const channel = rng.weighted(options as Weighted<RecruitmentChannel>);
  if (channel !== C.RECRUITMENT_EVENT) return { recruitmentChannel: channel, recruitmentEventId: null };
  const events = eventsByYear.get(year);
  if (!events?.length) return { recruitmentChannel: C.OPEN_RECRUITMENT, recruitmentEventId: null };
  return { recruitmentChannel: channel, recruitmentEventId: rng.pick(events).id };
}

export function eventsByYear(events: readonly RecruitmentEventRow[]): Map<number, RecruitmentEventRow[]> {
  const map = new Map<number, RecruitmentEventRow[]>();
  for (const e of events) {
    const year = Number(e.heldOn.slice(0, 4));
    map.set(year, [...(map.get(year) ?? []), e]);
  }
  return map;
}
