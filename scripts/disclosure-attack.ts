import { AwardStatus } from '../src/modules/award/award.enums';
import { Industry, OrgKind } from '../src/modules/organization/organization.enums';
import { AgeBand, Education, Engagement, Gender, ProfessionalTitle, TalentTier, TalentType } from '../src/modules/talent/talent.enums';

/**
 * An adversary of the published statistics (issue 11). It asks only what PUBLIC and DASHBOARD
 * may ask (`ask`) and tries to learn what the tables withhold: small counts by differencing
 * unions and complements of filters, trend windows and the two layout levels; profiles of small
 * groups from their tables' zeros; award ledgers through record-level filters. The true values
 * it is scored against come from a record reader (`askExact`), never used to attack.
 *
 * Run by test/disclosure-attack.test.ts on the test register and, larger, by
 * `npm run audit:disclosure` on a real one.
 */

export type Ask = (query: string, variables?: Record<string, unknown>) => Promise<{ data?: any; errors?: { extensions?: { code?: string } }[] }>;

export interface AttackOptions {
  ask: Ask;
  askExact: Ask;
  threshold: number;
  /** Tables of a smaller population are withheld: the groups whose profile must stay hidden. */
  minPopulation: number;
  /** How much to try: 1 for the test's bounded run, more for the audit. */
  scale: number;
  log?: (line: string) => void;
}

export interface DifferencingFigures {
  /** Differences whose target (the value they estimate) truly counted 1..k−1. */
  smallTargets: number;
  /** Of those, how often the difference itself was the true value. */
  recovered: number;
  /** How often the difference, clamped to 1..k−1 by an attacker who knows the target is small, was. */
  recoveredClamped: number;
  /** How often always answering the most common small value would be right. */
  naive: number;
}

export interface AttackReport {
  requests: number;
  families: Record<'unions' | 'complements' | 'trendWindows' | 'linkedLevels', DifferencingFigures>;
  all: DifferencingFigures;
  /** Groups below the minimum population tried, and how many had an attribute given away by a one-value table. */
  profiles: { groups: number; profiled: number };
  /** Record-level award filters tried, and how many were answered. */
  awardFilters: { tried: number; answered: number };
  /** Award cells of fewer than k awards, and how many showed an amount. */
  smallAwardAmounts: { cells: number; shown: number };
  /** Published counts seen in 1..k−1 (must be none). */
  smallPublished: number;
  /** The same record set asked in several forms, and how often the answers differed. */
  consistency: { sets: number; mismatches: number };
}

/** A filterable enum dimension: its filter argument, its distribution dimension and its values. */
const DIMENSIONS: { filter: string; dimension: string; values: string[] }[] = [
  { filter: 'tiers', dimension: 'TIER', values: Object.values(TalentTier) },
  { filter: 'orgKinds', dimension: 'ORG_KIND', values: Object.values(OrgKind) },
  { filter: 'educations', dimension: 'EDUCATION', values: Object.values(Education) },
  { filter: 'talentTypes', dimension: 'TALENT_TYPE', values: Object.values(TalentType) },
  { filter: 'ageBands', dimension: 'AGE_BAND', values: Object.values(AgeBand) },
  { filter: 'engagements', dimension: 'ENGAGEMENT', values: Object.values(Engagement) },
  { filter: 'genders', dimension: 'GENDER', values: Object.values(Gender) },
  { filter: 'professionalTitles', dimension: 'PROFESSIONAL_TITLE', values: Object.values(ProfessionalTitle) },
  { filter: 'industries', dimension: 'INDUSTRY', values: Object.values(Industry) },
];

const DISTRIBUTION = `query($by: [DistributionDimension!]!, $filter: TalentFilter) {
  talentDistribution(by: $by, filter: $filter) { total buckets { keys { value } count } }
}`;
const LAYOUT = `query($level: LayoutLevel!, $filter: TalentFilter) { talentLayout(level: $level, filter: $filter) { region { code } count } }`;
const TREND = `query($from: Int!, $to: Int!, $filter: TalentFilter) { talentTrend(from: $from, to: $to, filter: $filter) { year count cumulative } }`;
const VILLAGES = `{ regions(level: VILLAGE) { code parent { code } } }`;
const AWARDS = `query($by: [AwardDimension!]!, $filter: AwardFilter) { awardDistribution(by: $by, filter: $filter) { count buckets { keys { value } count amount } } }`;

type Cells = Map<string, number | null>;

/** An answer that must not be an error: a broken API must fail the attack, not look safe. */
async function answered(ask: Ask, query: string, variables?: Record<string, unknown>) {
  const result = await ask(query, variables);
  if (result.errors?.length) throw new Error(`the attack's question was refused: ${JSON.stringify(result.errors)}`);
  return result;
}

export async function runDisclosureAttack({ ask, askExact: askExactly, threshold: k, minPopulation, scale, log = () => undefined }: AttackOptions): Promise<AttackReport> {
  let requests = 0;
  let smallPublished = 0;
  const published = (query: string, variables: Record<string, unknown>) => {
    requests++;
    return answered(ask, query, variables);
  };
  const askExact: Ask = (query, variables) => answered(askExactly, query, variables);
  const seen = (value: number | null | undefined) => {
    if (value != null && value > 0 && value < k) smallPublished++;
  };

  /** A one-dimension table as { value → count }, published (null when withheld) or exact. */
  async function table(by: string, filter: Record<string, unknown>, exact = false): Promise<{ total: number | null; cells: Cells }> {
    const result = exact ? await askExact(DISTRIBUTION, { by: [by], filter }) : await published(DISTRIBUTION, { by: [by], filter });
    const distribution = result.data?.talentDistribution;
    const cells: Cells = new Map(distribution?.buckets.map((b: { keys: { value: string }[]; count: number | null }) => [b.keys[0].value, b.count]) ?? []);
    if (!exact) {
      seen(distribution?.total);
      for (const count of cells.values()) seen(count);
    }
    return { total: distribution?.total ?? null, cells };
  }
  async function layout(level: 'TOWN' | 'VILLAGE', filter: Record<string, unknown>, exact = false): Promise<Cells> {
    const result = exact ? await askExact(LAYOUT, { level, filter }) : await published(LAYOUT, { level, filter });
    const cells: Cells = new Map(result.data?.talentLayout.map((r: { region: { code: string }; count: number | null }) => [r.region.code, r.count]) ?? []);
    if (!exact) for (const count of cells.values()) seen(count);
    return cells;
  }

  // Scoring: every estimate of a target whose true value is small, against the naive guess.
  const estimates: Record<keyof AttackReport['families'], { estimate: number; truth: number }[]> = { unions: [], complements: [], trendWindows: [], linkedLevels: [] };
  const score = (family: keyof AttackReport['families'], estimate: number | null, truth: number | undefined) => {
    if (estimate === null || truth === undefined || truth < 1 || truth >= k) return;
    estimates[family].push({ estimate, truth });
  };

  // 1. Unions and complements of every enum dimension, broken down by town: (a ∪ b) − b = a, all − (all but a) = a.
  const pick = <T>(list: T[], n: number) => list.slice(0, Math.max(1, Math.min(list.length, n)));
  // By town; on a larger run by village too, where cells stay small on a large register.
  const breakdown = async (filter: Record<string, unknown>, exact = false): Promise<Cells> => {
    const cells = new Map((await table('TOWN', filter, exact)).cells);
    if (scale > 1) for (const [code, count] of await layout('VILLAGE', filter, exact)) cells.set(code, count);
    return cells;
  };
  const all = { cells: await breakdown({}) };
  for (const { filter, values } of DIMENSIONS) {
    const exactByValue = new Map<string, Cells>();
    for (const value of values) exactByValue.set(value, await breakdown({ [filter]: [value] }, true));
    // The largest value is the best partner: its cells are large, so they are published.
    const sizes = values.map((v) => [v, [...exactByValue.get(v)!.values()].reduce<number>((s, n) => s + (n ?? 0), 0)] as const);
    const partners = pick([...sizes].sort((a, b) => b[1] - a[1]).map(([v]) => v), scale);
    for (const partner of partners) {
      const alone = { cells: await breakdown({ [filter]: [partner] }) };
      for (const value of values) {
        if (value === partner) continue;
        const union = { cells: await breakdown({ [filter]: [value, partner] }) };
        for (const [town, truth] of exactByValue.get(value)!) {
          const [u, p] = [union.cells.get(town) ?? 0, alone.cells.get(town) ?? 0];
          score('unions', u === null || p === null ? null : u - p, truth ?? undefined);
        }
      }
    }
    for (const value of pick(values, 3 * scale)) {
      const rest = { cells: await breakdown({ [filter]: values.filter((v) => v !== value) }) };
      for (const [town, truth] of exactByValue.get(value)!) {
        const [a, r] = [all.cells.get(town) ?? 0, rest.cells.get(town) ?? 0];
        score('complements', a === null || r === null ? null : a - r, truth ?? undefined);
      }
    }
  }
  log(`unions and complements: ${requests} requests`);

  // 2. Trend windows a year apart: cumulative(from Y) − cumulative(from Y+1), at the last year, is year Y.
  const LAST = 2025;
  const exactTowns = [...(await table('TOWN', {}, true)).cells.keys()];
  const trendFilters = pick(exactTowns, 4 + scale).flatMap((town) => Object.values(OrgKind).map((kind) => ({ townCodes: [town], orgKinds: [kind] })));
  for (const filter of trendFilters) {
    const truth = new Map<number, number>((await askExact(TREND, { from: 2010, to: LAST, filter })).data?.talentTrend.map((p: { year: number; count: number }) => [p.year, p.count]) ?? []);
    const cumulativeFrom = new Map<number, number | null>();
    for (let year = 2014; year <= LAST; year++) {
      const points = (await published(TREND, { from: year, to: LAST, filter })).data?.talentTrend ?? [];
      for (const p of points) [p.count, p.cumulative].forEach(seen);
      cumulativeFrom.set(year, points.at(-1)?.cumulative ?? null);
    }
    for (let year = 2014; year < LAST; year++) {
      const [a, b] = [cumulativeFrom.get(year), cumulativeFrom.get(year + 1)];
      score('trendWindows', a == null || b == null ? null : a - b, truth.get(year));
    }
  }
  log(`trend windows: ${requests} requests`);

  // 3. Linked levels: a town's count minus its other villages gives a village, where every talent of the filter works in a village.
  const towns = new Map<string, string>(((await askExact(VILLAGES)).data?.regions ?? []).map((r: { code: string; parent: { code: string } | null }) => [r.code, r.parent?.code ?? '']));
  const villageFilters = [{ orgKinds: ['VILLAGE'] }, ...Object.values(Education).map((e) => ({ orgKinds: ['VILLAGE'], educations: [e] }))];
  for (const filter of villageFilters) {
    const [townCells, villageCells, exactVillages] = [await layout('TOWN', filter), await layout('VILLAGE', filter), await layout('VILLAGE', filter, true)];
    for (const [village, truth] of exactVillages) {
      const town = towns.get(village)!;
      const others = [...villageCells].filter(([code]) => code !== village && towns.get(code) === town);
      const townCount = townCells.get(town) ?? null;
      const estimate = townCount === null || others.some(([, n]) => n === null) ? null : townCount - others.reduce((s, [, n]) => s + n!, 0);
      score('linkedLevels', estimate, truth ?? undefined);
    }
  }
  log(`linked levels: ${requests} requests`);

  // 4. Profiles: small groups (a tier in one town, a rare education in one kind of employer): does any table of theirs show one value only?
  const profiles = { groups: 0, profiled: 0 };
  const townCodes = [...new Set(towns.values())].filter(Boolean);
  const groupFilters = [
    ...pick(townCodes, 6 * scale).flatMap((t) => [TalentTier.STRATEGIC, TalentTier.LEADING].map((tier) => ({ townCodes: [t], tiers: [tier] }))),
    ...Object.values(OrgKind).map((kind) => ({ orgKinds: [kind], educations: [Education.DOCTORATE], overseasExperience: true })),
  ];
  for (const filter of groupFilters) {
    const exact = await table('GENDER', filter, true);
    if (!exact.total || exact.total >= minPopulation) continue;
    profiles.groups++;
    for (const by of ['GENDER', 'EDUCATION', 'AGE_BAND', 'INDUSTRY', 'PROFESSIONAL_TITLE', 'INTRODUCED_YEAR']) {
      const shown = await table(by, filter);
      const nonZero = [...shown.cells.values()].filter((n) => n !== 0);
      if (shown.cells.size > 0 && nonZero.length === 1) {
        profiles.profiled++;
        break;
      }
    }
  }
  log(`profiles: ${requests} requests`);

  // 5. Awards: one recipient's ledger through ids or statuses; amounts of cells of few awards.
  const awardFilters = { tried: 0, answered: 0 };
  for (const filter of [{ talentIds: ['1'] }, { organizationIds: ['1'] }, { platformIds: ['1'] }, { statuses: [AwardStatus.REVOKED] }, { statuses: [AwardStatus.APPROVED] }]) {
    awardFilters.tried++;
    requests++;
    if (!(await ask(AWARDS, { by: ['YEAR'], filter })).errors?.length) awardFilters.answered++;
  }
  const smallAwardAmounts = { cells: 0, shown: 0 };
  const publishedStatuses = [AwardStatus.APPROVED, AwardStatus.DISBURSED];
  const exactAwards = (await askExact(AWARDS, { by: ['PROGRAM', 'YEAR', 'RECIPIENT_KIND'], filter: { statuses: publishedStatuses } })).data?.awardDistribution.buckets ?? [];
  const shownAwards = new Map<string, { count: number; amount: string | null }>(
    ((await published(AWARDS, { by: ['PROGRAM', 'YEAR', 'RECIPIENT_KIND'] })).data?.awardDistribution.buckets ?? []).map((b: { keys: { value: string }[]; count: number; amount: string | null }) => {
      seen(b.count);
      return [b.keys.map((x) => x.value).join('/'), b];
    }),
  );
  for (const cell of exactAwards) {
    if (cell.count >= k) continue;
    smallAwardAmounts.cells++;
    const shown = shownAwards.get(cell.keys.map((x: { value: string }) => x.value).join('/'));
    if (shown?.amount != null && Number(shown.amount) > 0) smallAwardAmounts.shown++;
  }
  log(`awards: ${requests} requests`);

  /** A cell of a published table: 0 where not listed, null where the table is withheld. */
  const cellOf = async (shown: Promise<{ total: number | null; cells: Cells }>, value: string) => {
    const { total, cells } = await shown;
    return total === null ? null : (cells.get(value) ?? 0);
  };

  // 6. One record set, four forms: a cross-tab cell, a bucket under each filter, a layout region.
  const consistency = { sets: 0, mismatches: 0 };
  const crossTab = (await published(DISTRIBUTION, { by: ['TOWN', 'TIER'] })).data?.talentDistribution.buckets ?? [];
  for (const bucket of crossTab.slice(0, 12 * scale)) {
    const [town, tier] = bucket.keys.map((x: { value: string }) => x.value);
    if (tier === 'NONE') continue;
    const forms = [
      bucket.count,
      await cellOf(table('TIER', { townCodes: [town] }), tier),
      await cellOf(table('TOWN', { tiers: [tier] }), town),
      // Every region is listed: null where the layout is withheld.
      (await layout('TOWN', { tiers: [tier] })).get(town)!,
    ].filter((count) => count !== null);
    // A set is compared where at least two of its forms were published.
    if (forms.length < 2) continue;
    consistency.sets++;
    if (new Set(forms).size !== 1) {
      consistency.mismatches++;
      log(`differed: ${town} ${tier} ${JSON.stringify(forms)}`);
    }
  }

  const figures = (list: { estimate: number; truth: number }[]): DifferencingFigures => {
    const frequency = new Map<number, number>();
    for (const { truth } of list) frequency.set(truth, (frequency.get(truth) ?? 0) + 1);
    const clamp = (x: number) => Math.min(k - 1, Math.max(1, x));
    return {
      smallTargets: list.length,
      recovered: list.filter((e) => e.estimate === e.truth).length,
      recoveredClamped: list.filter((e) => clamp(e.estimate) === e.truth).length,
      naive: Math.max(0, ...frequency.values()),
    };
  };
  const families = Object.fromEntries(Object.entries(estimates).map(([name, list]) => [name, figures(list)])) as AttackReport['families'];
  return {
    requests,
    families,
    all: figures(Object.values(estimates).flat()),
    profiles,
    awardFilters,
    smallAwardAmounts,
    smallPublished,
    consistency,
  };
}

/** The report as lines of text. */
export function describeAttack(report: AttackReport): string[] {
  const rate = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : '—');
  const line = (name: string, f: DifferencingFigures) =>
    `${name.padEnd(14)} small targets ${String(f.smallTargets).padStart(5)}  recovered ${rate(f.recovered, f.smallTargets).padStart(7)}  clamped to 1..k−1 ${rate(f.recoveredClamped, f.smallTargets).padStart(7)}  naive guess ${rate(f.naive, f.smallTargets).padStart(7)}`;
  return [
    `requests: ${report.requests}`,
    ...Object.entries(report.families).map(([name, f]) => line(name, f)),
    line('all', report.all),
    `profiles: ${report.profiles.profiled} of ${report.profiles.groups} small groups given away`,
    `award filters by record or status: ${report.awardFilters.answered} of ${report.awardFilters.tried} answered`,
    `award cells of fewer than k awards: ${report.smallAwardAmounts.shown} of ${report.smallAwardAmounts.cells} showed an amount`,
    `published counts in 1..k−1: ${report.smallPublished}`,
    `same records, different forms: ${report.consistency.mismatches} of ${report.consistency.sets} differed`,
  ];
}
