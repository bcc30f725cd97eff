import { AWARD_PROGRAMS, AwardProgram, AwardStatus, CapPeriod, RecipientKind } from '../../src/modules/award/award.enums';
import { OrgKind } from '../../src/modules/organization/organization.enums';
import { PlatformLevel, PlatformType } from '../../src/modules/platform/platform.enums';
import { Education, TalentTier } from '../../src/modules/talent/talent.enums';
import { Rng, yuan } from '../random';
import type { OrganizationRow } from './organizations';
import { INCUBATION_TYPES, OVERSEAS_TYPES, type PlatformRow } from './platforms';
import { REFERENCE_REGISTER, type TalentRegister } from './talents';

export interface AwardRow {
  program: AwardProgram;
  /** 元, numeric(14,2) as text. */
  amount: string;
  year: number;
  status: AwardStatus;
  recipientKind: RecipientKind;
  talentId: number | null;
  organizationId: number | null;
  platformId: number | null;
}

/** Awards under the plan run from its first year to the last full year of data. */
export const FIRST_AWARD_YEAR = 2021;
export const LAST_AWARD_YEAR = 2025;

const A = AwardProgram;

/** Largest amount a single award row may carry: the cap, or 12 months of a monthly cap. */
export function maxAwardAmount(program: AwardProgram): number {
  const rule = AWARD_PROGRAMS[program];
  if (rule.cap === null) return 0;
  return rule.capPeriod === CapPeriod.MONTH ? rule.cap * 12 : rule.cap;
}

/** Collects awards, refusing a second award of one programme to one recipient in one year. */
class AwardBook {
  readonly rows: AwardRow[] = [];
  private readonly keys = new Set<string>();
  /** Programmes whose cap covers the whole matter: one award per recipient, ever. */
  private readonly once = new Set<string>();

  add(rng: Rng, program: AwardProgram, year: number, recipient: { talentId?: number; organizationId?: number; platformId?: number }, amount: number): boolean {
    const kind = recipient.talentId ? RecipientKind.TALENT : recipient.organizationId ? RecipientKind.ORGANIZATION : RecipientKind.PLATFORM;
    const id = recipient.talentId ?? recipient.organizationId ?? recipient.platformId!;
    const key = `${program}|${kind}|${id}|${year}`;
    const onceKey = `${program}|${kind}|${id}`;
    if (this.keys.has(key) || this.once.has(onceKey)) return false;
    if (year < FIRST_AWARD_YEAR || year > LAST_AWARD_YEAR) return false;
    const cap = maxAwardAmount(program);
    const value = AWARD_PROGRAMS[program].cap === null ? 0 : Math.min(amount, cap);
    this.keys.add(key);
    if (ONCE_ONLY.has(program)) this.once.add(onceKey);
    this.rows.push({
      program,
      amount: yuan(value),
      year,
      status: statusFor(rng, year),
      recipientKind: kind,
      talentId: recipient.talentId ?? null,
      organizationId: recipient.organizationId ?? null,
      platformId: recipient.platformId ?? null,
    });
    return true;
  }
}

/** One-off awards: a second one to the same recipient would pay the same matter twice (第九条). */
const ONCE_ONLY = new Set<AwardProgram>([
  A.RELOCATION_SUBSIDY, A.YOUTH_STARTUP_GRANT, A.LEADING_STARTUP_GRANT, A.IPO_REWARD, A.OVERSEAS_PLATFORM_GRANT,
  A.PINGGU_ELITE, A.HONORARY_CITIZEN, A.YOUTH_PROJECT_AWARD,
]);

/** Most awards are paid; the last year's are partly still approved only; a few are revoked. */
function statusFor(rng: Rng, year: number): AwardStatus {
  const r = rng.next();
  if (r < 0.03) return AwardStatus.REVOKED;
  if (year === LAST_AWARD_YEAR) return r < 0.38 ? AwardStatus.APPROVED : AwardStatus.DISBURSED;
  return r < 0.04 ? AwardStatus.APPROVED : AwardStatus.DISBURSED;
}

/** A multiple of `step` in [min, max]. */
function amountIn(rng: Rng, min: number, max: number, step: number): number {
  return rng.int(Math.ceil(min / step), Math.floor(max / step)) * step;
}

function yearFrom(rng: Rng, from: number): number {
  return rng.int(Math.max(FIRST_AWARD_YEAR, from), LAST_AWARD_YEAR);
}

const RELOCATION_BY_EDUCATION: Record<Education, number> = {
  [Education.DOCTORATE]: 80_000,
  [Education.MASTER]: 50_000,
  [Education.BACHELOR]: 30_000,
  [Education.ASSOCIATE]: 20_000,
  [Education.SECONDARY_OR_BELOW]: 20_000,
};

/**
 * Awards of 2021–2025 within the caps of AWARD_PROGRAMS: talent awards by tier and engagement,
 * organization awards (IPO only to enterprises), platform awards by platform type; honours
 * carry 0. Deterministic for given organizations, talents and platforms.
 */
export function generateAwards(organizations: readonly OrganizationRow[], register: TalentRegister, platforms: readonly PlatformRow[]): AwardRow[] {
  const book = new AwardBook();
  const orgKind = (id: number) => organizations[id - 1].kind;

  // Talents, in index order.
  const byTier: Record<TalentTier, number[]> = { STRATEGIC: [], LEADING: [], SHORTAGE: [], YOUTH: [] };
  for (let t = 1; t <= register.size; t++) {
    const tier = register.tierOf(t);
    const flexible = register.flexible[t] === 1;
    if (!tier && !flexible) continue;
    const rng = Rng.for('talent-award', t);
    const intro = register.introducedYear[t];
    const kind = orgKind(register.organizationId[t]);
    if (tier) byTier[tier].push(t);
    switch (tier) {
      case TalentTier.YOUTH:
        if (intro >= FIRST_AWARD_YEAR && rng.chance(0.6)) {
          book.add(rng, A.RELOCATION_SUBSIDY, Math.min(LAST_AWARD_YEAR, intro + rng.int(0, 1)), { talentId: t }, RELOCATION_BY_EDUCATION[register.educationOf(t)]);
        }
        if (kind === OrgKind.ENTERPRISE && rng.chance(0.06)) {
          book.add(rng, A.YOUTH_STARTUP_GRANT, yearFrom(rng, intro), { talentId: t }, amountIn(rng, 100_000, 300_000, 10_000));
        }
        break;
      case TalentTier.SHORTAGE:
        for (let y = Math.max(FIRST_AWARD_YEAR, intro); y <= Math.min(LAST_AWARD_YEAR, intro + 2); y++) {
          if (rng.chance(y === intro ? 0.7 : 0.45)) book.add(rng, A.SHORTAGE_PROJECT_GRANT, y, { talentId: t }, amountIn(rng, 100_000, 300_000, 10_000));
        }
        break;
      case TalentTier.LEADING:
      case TalentTier.STRATEGIC:
        if (rng.chance(kind === OrgKind.ENTERPRISE ? 0.35 : 0.12)) {
          book.add(rng, A.LEADING_STARTUP_GRANT, yearFrom(rng, intro), { talentId: t }, amountIn(rng, 1_000_000, 5_000_000, 100_000));
        }
        break;
      default:
        break;
    }
    // 柔性引进生活津贴: months in the district × a monthly rate ≤ 5,000 (首席专家 ≥ 3 months).
    if (flexible && (tier || register.educationOf(t) === Education.DOCTORATE || register.overseas[t])) {
      for (let y = Math.max(FIRST_AWARD_YEAR, intro); y <= LAST_AWARD_YEAR; y++) {
        if (rng.chance(0.75)) book.add(rng, A.FLEXIBLE_LIVING_ALLOWANCE, y, { talentId: t }, rng.int(3, 12) * rng.pick([3_000, 4_000, 5_000]));
      }
    }
  }

  // Honours are quotas, drawn from the reference register: larger seeds honour the same people.
  const reference = Math.min(register.size, REFERENCE_REGISTER);
  const early = (ids: number[]) => ids.filter((t) => t <= reference);
  const honours = Rng.for('honours', 0);
  // 平谷英才: about 40 every two years, in three classes (战略、领军、青年拔尖).
  const elite = new Set<number>();
  for (const year of [2021, 2023, 2025]) {
    const eligible = (ids: number[]) => shuffled(honours, early(ids).filter((t) => register.introducedYear[t] <= year && !elite.has(t)));
    const chosen = [...eligible(byTier.STRATEGIC).slice(0, 5), ...eligible(byTier.LEADING).slice(0, 15)];
    chosen.push(...eligible(byTier.YOUTH).slice(0, 40 - chosen.length));
    for (const t of chosen) {
      elite.add(t);
      book.add(honours, A.PINGGU_ELITE, year, { talentId: t }, 0);
    }
  }
  const honorary = early([...byTier.STRATEGIC, ...byTier.LEADING, ...byTier.SHORTAGE]).filter((t) => register.flexible[t] || register.overseas[t]);
  const youth = early(byTier.YOUTH);
  for (let year = FIRST_AWARD_YEAR; year <= LAST_AWARD_YEAR; year++) {
    // 青年优秀创新创业项目: about 10 a year.
    for (const t of shuffled(honours, youth.filter((id) => register.introducedYear[id] <= year)).slice(0, 10)) {
      book.add(honours, A.YOUTH_PROJECT_AWARD, year, { talentId: t }, 0);
    }
    // 荣誉市（村）民: a handful a year, to high-level talents from outside.
    let given = 0;
    for (const t of shuffled(honours, honorary.filter((id) => register.introducedYear[id] <= year))) {
      if (given >= 6) break;
      if (book.add(honours, A.HONORARY_CITIZEN, year, { talentId: t }, 0)) given++;
    }
  }

  // Organizations: each decides on its own stream, in proportion to its size.
  for (const org of organizations) {
    if (org.kind === OrgKind.VILLAGE) continue;
    const rng = Rng.for('organization-award', org.id);
    if (org.kind === OrgKind.ENTERPRISE && rng.chance(org.size >= 20 ? 0.05 : org.size >= 10 ? 0.01 : 0.001)) {
      book.add(rng, A.IPO_REWARD, yearFrom(rng, FIRST_AWARD_YEAR), { organizationId: org.id }, amountIn(rng, 1_000_000, 10_000_000, 500_000));
    }
    const researches = org.kind === OrgKind.INSTITUTE || org.kind === OrgKind.SCHOOL || (org.kind === OrgKind.ENTERPRISE && org.size >= 8);
    const researchShare = Math.min(0.6, (org.kind === OrgKind.INSTITUTE ? 0.03 : 0.012) * Math.sqrt(org.size));
    for (let year = FIRST_AWARD_YEAR; year <= LAST_AWARD_YEAR; year++) {
      if (rng.chance(Math.min(0.5, 0.0015 * org.size))) book.add(rng, A.EVENT_GRANT, year, { organizationId: org.id }, amountIn(rng, 20_000, 200_000, 10_000));
      if (researches && rng.chance(researchShare)) book.add(rng, A.RESEARCH_PROJECT_GRANT, year, { organizationId: org.id }, amountIn(rng, 20_000, 100_000, 5_000));
    }
  }
  // Talent scouts: organizations that brought in at least two tiered talents in a year.
  const tieredIntros = new Map<number, number>();
  for (let t = 1; t <= register.size; t++) {
    if (!register.tier[t] || register.introducedYear[t] < FIRST_AWARD_YEAR) continue;
    const key = register.organizationId[t] * 10_000 + register.introducedYear[t];
    tieredIntros.set(key, (tieredIntros.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...tieredIntros.entries()].sort(([a], [b]) => a - b)) {
    const rng = Rng.for('talent-scout', key);
    const organizationId = Math.floor(key / 10_000);
    if (n >= 2 && rng.chance(0.5)) {
      book.add(rng, A.TALENT_SCOUT_AWARD, key % 10_000, { organizationId }, Math.min(500_000, n * 50_000 + amountIn(rng, 0, 100_000, 10_000)));
    }
  }

  // Platforms.
  const levelScale: Record<PlatformLevel, [number, number]> = {
    [PlatformLevel.NATIONAL]: [2_000_000, 5_000_000],
    [PlatformLevel.MUNICIPAL]: [500_000, 2_000_000],
    [PlatformLevel.DISTRICT]: [100_000, 800_000],
  };
  for (const p of platforms) {
    const rng = Rng.for('platform-award', p.id);
    const [lo, hi] = levelScale[p.level];
    if (p.type !== PlatformType.RECRUITMENT_STATION && rng.chance(0.35)) {
      book.add(rng, A.PLATFORM_CONSTRUCTION_GRANT, yearFrom(rng, p.establishedYear), { platformId: p.id }, amountIn(rng, lo, hi, 50_000));
    }
    if (INCUBATION_TYPES.has(p.type)) {
      for (let y = Math.max(FIRST_AWARD_YEAR, p.establishedYear + 1); y <= LAST_AWARD_YEAR; y++) {
        if (rng.chance(0.5)) book.add(rng, A.INCUBATION_SERVICE_GRANT, y, { platformId: p.id }, amountIn(rng, Math.min(lo, 1_000_000), Math.min(hi, 2_000_000), 50_000));
      }
    }
    if (OVERSEAS_TYPES.has(p.type) && rng.chance(0.6)) {
      book.add(rng, A.OVERSEAS_PLATFORM_GRANT, yearFrom(rng, p.establishedYear), { platformId: p.id }, amountIn(rng, 300_000, 2_000_000, 50_000));
    }
  }
  return book.rows;
}

/** A shuffled copy (Fisher–Yates). */
function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
