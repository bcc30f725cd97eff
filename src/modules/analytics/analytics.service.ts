import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, BadUserInputError, ErrorCode } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { DisclosureConfig } from '../../config';
import { awardConditions, recordLevelAwardFiltersIn, type AwardCriteria } from '../award/award.filter';
import { referenceYear } from '../../shared/calendar';
import { inSomeVillage, introducedInYears, recordLevelFiltersIn, talentConditions, type TalentCriteria } from '../talent/talent.filter';
import { AnalyticsCache } from './analytics.cache';
import {
  AWARD_DIMENSIONS,
  AWARD_SOURCES,
  PLATFORM_DIMENSIONS,
  PLATFORM_SOURCES,
  TALENT_DIMENSIONS,
  TRAINING_DIMENSIONS,
  TRAINING_SOURCES,
  TALENT_SOURCES,
  VILLAGE_DIMENSION,
} from './analytics.dimensions';
import { type AwardDimension, DisclosureMethod, DistributionDimension, LayoutLevel, type PlatformDimension, type TrainingDimension } from './analytics.enums';
import { oneOf, present, type Expr } from '../../shared/sql-criteria';
import type { EnrolmentStatus, ProgrammeKind } from '../training/training.enums';
import type { AnalyticsLoaders, DataFamily } from './analytics.loaders';
import {
  compileAggregate,
  runAggregate,
  type AggregateEntry,
  type AggregateRequest,
  type AggregateResult,
  type CompiledAggregate,
  type DimensionSpec,
  type Labelled,
  entryId,
  type RegionRow,
  type Source,
} from './analytics.sql';
import { addKeys, PERTURBATION_METHOD, type PerturbationTable } from './perturbation';
import { compileGap, GAP_DIMENSIONS, type GapDimension, runGap, type CompiledGap } from './analytics.gap';

/** Who is asking, as far as disclosure control cares. */
export interface Visibility {
  /** Callers who may read the records themselves get exact counts; everyone else perturbed ones. */
  canReadRecords: boolean;
}

const RECORD_READER_VISIBILITY: Visibility = Object.freeze({ canReadRecords: true });

/** What was applied to an aggregate, for the footnote a dashboard prints: the parameters, and how they applied. */
export interface DisclosureNote extends DisclosureConfig {
  method: DisclosureMethod;
  /** True for record readers: the numbers are the register's own. */
  exact: boolean;
  /** The table's population was too small to publish (see Publication): nothing of it is published. */
  withheld: boolean;
  /** The footnote, in Chinese. */
  note: string;
}

export function disclosureNote(config: DisclosureConfig, visibility: Visibility, withheld = false): DisclosureNote {
  const { threshold, maxNoise, minTablePopulation, dominanceShare, amountNoise } = config;
  const common = { ...config, withheld };
  if (visibility.canReadRecords) return { ...common, method: DisclosureMethod.EXACT, exact: true, note: '精确值（有权查阅个人记录的用户）。' };
  const note =
    `为保护个人信息，各数值已作随机扰动（单元格键法）：变动不超过±${maxNoise}，不出现1至${threshold - 1}的数值；` +
    `总体过小（少于${minTablePopulation}人）的表不予发布；金额仅在获奖对象不少于${threshold}个且任一对象所获不超过合计${Math.round(dominanceShare * 100)}%时发布，并作不超过±${Math.round(amountNoise * 100)}%的扰动。` +
    (withheld ? '本表总体过小，未予发布。' : '');
  return { ...common, method: DisclosureMethod.CELL_KEY_PERTURBATION, exact: false, note };
}

export interface DistributionKey<D extends string> {
  dimension: D;
  value: string;
  label: string;
}

export interface TalentBucket {
  keys: DistributionKey<DistributionDimension>[];
  /** Null when withheld. */
  count: number | null;
  share: number | null;
  suppressed: boolean;
}

export interface TalentDistributionResult {
  /** Null when withheld. */
  total: number | null;
  buckets: TalentBucket[];
  disclosure: DisclosureNote;
  /** Which relation answered (a rollup or the base tables); not part of the API. */
  source: string;
}

export interface TalentLayoutResult {
  region: RegionRow;
  count: number | null;
  suppressed: boolean;
}

export interface TalentTrendPoint {
  year: number;
  count: number | null;
  /** Introduced from `from` up to the end of this year (a record set of its own); null when withheld. */
  cumulative: number | null;
  suppressed: boolean;
  buckets: TalentBucket[];
}

export interface AwardBucket {
  keys: DistributionKey<AwardDimension>[];
  count: number;
  /** Decimal text (元); null where withheld (too few recipients, or one recipient dominates). */
  amount: string | null;
}

export interface AwardDistributionResult {
  /** Null when withheld. */
  count: number | null;
  totalAmount: string | null;
  buckets: AwardBucket[];
  disclosure: DisclosureNote;
}

export interface GapBucket {
  keys: DistributionKey<GapDimension>[];
  /** Open headcount (demands are public: exact for everyone). */
  demand: number;
  /** Counted talents; perturbed for callers who cannot read records; null when withheld. */
  supply: number | null;
  /** demand − supply (positive: a shortage); null when withheld. */
  gap: number | null;
}

export interface SupplyDemandGapResult {
  year: number | null;
  demand: number;
  supply: number | null;
  gap: number | null;
  buckets: GapBucket[];
  disclosure: DisclosureNote;
  source: string;
}

/** What a training distribution may be filtered by. */
export interface TrainingCriteria {
  years?: number[] | null;
  kinds?: ProgrammeKind[] | null;
  statuses?: EnrolmentStatus[] | null;
}

function trainingConditions(c: TrainingCriteria | null | undefined): Expr[] {
  if (!c) return [];
  const where: Expr[] = [];
  if (present(c.years)) where.push(oneOf('year', c.years));
  if (present(c.kinds)) where.push(oneOf('programme_kind', c.kinds));
  if (present(c.statuses)) where.push(oneOf('status', c.statuses));
  return where;
}

export interface TrainingBucket {
  keys: DistributionKey<TrainingDimension>[];
  count: number;
  share: number | null;
}

export interface TrainingDistributionResult {
  total: number | null;
  buckets: TrainingBucket[];
  disclosure: DisclosureNote;
}

export interface PlatformBucket {
  keys: DistributionKey<PlatformDimension>[];
  count: number;
}

export interface PlatformDistributionResult {
  total: number | null;
  buckets: PlatformBucket[];
  disclosure: DisclosureNote;
}

/** What lives as long as the app: the cache, the perturbation table, the log. */
export interface AnalyticsShared {
  cache: AnalyticsCache;
  perturbation: PerturbationTable;
  logger: Logger;
}

export interface AnalyticsDeps {
  em: EntityManager;
  loaders: AnalyticsLoaders;
  shared: AnalyticsShared;
  disclosure: DisclosureConfig;
}

export const MAX_DIMENSIONS = 3;
export const MAX_TREND_YEARS = 50;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

export function checkDimensions<D extends string>(by: readonly D[], argument = 'by'): void {
  if (by.length < 1 || by.length > MAX_DIMENSIONS) {
    throw new BadUserInputError(`${argument} takes 1 to ${MAX_DIMENSIONS} dimensions, got ${by.length}`, { argument });
  }
  const repeated = by.find((d, i) => by.indexOf(d) !== i);
  if (repeated) throw new BadUserInputError(`${argument} names ${repeated} more than once`, { argument });
}

function checkTrendYears(from: number, to: number): void {
  for (const [argument, year] of [['from', from], ['to', to]] as const) {
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new BadUserInputError(`${argument} must be a year from ${MIN_YEAR} to ${MAX_YEAR}, got ${year}`, { argument });
    }
  }
  if (from > to) throw new BadUserInputError(`from (${from}) must not be after to (${to})`, { argument: 'from' });
  if (to - from + 1 > MAX_TREND_YEARS) {
    throw new BadUserInputError(`A trend spans at most ${MAX_TREND_YEARS} years, got ${to - from + 1}`, { argument: 'to', max: MAX_TREND_YEARS });
  }
}

/**
 * Filters that name records (employers, recipients by id, a substring of a name) or reach
 * unpublished awards (a status) make it easy to single out a person: they are for roles that may
 * read the records anyway.
 */
function refuseRecordLevelFilters(used: string[], visibility: Visibility): void {
  if (visibility.canReadRecords || !used.length) return;
  throw new AppError(ErrorCode.FORBIDDEN, `The filter ${used.join(' and ')} needs a role that may read records`, { filters: used });
}

const namesRecords = (criteria: TalentCriteria | null | undefined) => recordLevelFiltersIn(criteria).length > 0;

/** Criteria as a cache key sees them: list order and empty lists do not change a result. */
function normalized<C extends object>(criteria: C | null | undefined): Partial<C> | null {
  if (!criteria) return null;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(criteria)) {
    if (Array.isArray(value)) {
      if (value.length) out[name] = [...new Set(value)].sort();
    } else if (value !== undefined && value !== null) out[name] = value;
  }
  return out as Partial<C>;
}

/**
 * The values of one dimension in display order, with labels: the domain (years: the span
 * observed), then anything unexpected, labelled with itself.
 */
function domainOf(spec: DimensionSpec, result: AggregateResult, observed: readonly string[]): Labelled[] {
  const { domain } = spec;
  let known: Labelled[];
  if (domain.kind === 'values') known = [...domain.values];
  else if (domain.kind === 'regions') known = result.regions.filter((r) => r.level === domain.level).map((r) => ({ value: r.code, label: r.name }));
  else {
    const numbers = observed.map(Number).filter(Number.isInteger);
    const span = numbers.length ? { from: Math.min(...numbers), to: Math.max(...numbers) } : { from: 0, to: -1 };
    known = [];
    for (let y = span.from; y <= span.to; y++) known.push({ value: String(y), label: domain.label(String(y)) });
  }
  const seen = new Set(known.map((v) => v.value));
  const unexpected = [...new Set(observed)].filter((v) => !seen.has(v)).sort();
  return [...known, ...unexpected.map((value) => ({ value, label: value }))];
}

/** The cells of a result (no margins), by entryId of their key. */
function cellsOf(result: AggregateResult): Map<string, AggregateEntry> {
  return new Map(result.entries.filter((e) => e.key.every((v) => v !== null)).map((e) => [entryId(e.key), e]));
}

/** Bucket keys in a deterministic order: every combination (includeEmpty) or the non-empty cells. */
function bucketKeys(domains: readonly Labelled[][], cells: Map<string, AggregateEntry>, includeEmpty: boolean): string[][] {
  if (includeEmpty) {
    return domains.reduce<string[][]>((keys, domain) => keys.flatMap((key) => domain.map((v) => [...key, v.value])), [[]]);
  }
  // domainOf lists every observed value, so each key sorts by its values' positions there.
  const positions = domains.map((domain) => new Map(domain.map((v, i) => [v.value, i])));
  return [...cells.values()]
    .map((e) => ({ key: e.key as string[], rank: e.key.map((v, i) => positions[i].get(v!)!) }))
    .sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) {
        const c = a.rank[i] - b.rank[i];
        if (c) return c;
      }
      return 0;
    })
    .map((e) => e.key);
}

function labelsOf(domains: readonly Labelled[][]): Map<string, string>[] {
  return domains.map((domain) => new Map(domain.map((v) => [v.value, v.label])));
}

/** The grand total of a result (always present). */
const totalOf = (result: AggregateResult): AggregateEntry =>
  result.entries.find((e) => e.key.every((v) => v === null)) ?? { key: [], count: 0, cellKey: 0, amount: null, largest: null, recipients: null };

/**
 * What a caller is shown of one result: exact counts for record readers; for everyone else each
 * count perturbed by its cell key (perturbation.ts), and nothing at all of a small table. A table
 * is withheld when its population, as it would be published, is below the minimum plus D: every
 * table of fewer than the minimum is withheld, and the decision is as noisy as the total itself
 * (on the exact population, sets a day apart would find the exact boundary).
 */
class Publication {
  readonly withheld: boolean;

  constructor(
    private readonly table: PerturbationTable,
    private readonly config: DisclosureConfig,
    readonly visibility: Visibility,
    population: Pick<AggregateEntry, 'count' | 'cellKey'>,
  ) {
    this.withheld = !visibility.canReadRecords && table.publish(population.count, population.cellKey) < config.minTablePopulation + config.maxNoise;
  }

  /** The published count of an entry (0 for an absent one); null when the table is withheld. */
  count(entry: Pick<AggregateEntry, 'count' | 'cellKey'> | undefined): number | null {
    if (this.withheld) return null;
    if (!entry) return 0;
    return this.visibility.canReadRecords ? entry.count : this.table.publish(entry.count, entry.cellKey);
  }

  /**
   * The published sum of an entry's amounts: exact for record readers; otherwise only with at
   * least k recipients and no recipient above the dominance share, moved by at most amountNoise
   * (a fraction drawn from the cell key's low bits, which the count's noise does not use).
   */
  amount(entry: AggregateEntry | undefined): string | null {
    if (this.withheld) return null;
    if (!entry) return '0.00';
    if (this.visibility.canReadRecords) return entry.amount ?? '0.00';
    const { threshold, dominanceShare, amountNoise } = this.config;
    const sum = Number(entry.amount ?? 0);
    if ((entry.recipients ?? 0) < threshold || Number(entry.largest ?? 0) > dominanceShare * sum) return null;
    const fraction = ((entry.cellKey % 2048) / 2047) * 2 - 1;
    return Math.round(sum * (1 + amountNoise * fraction)).toFixed(2);
  }

  note(): DisclosureNote {
    return disclosureNote(this.config, this.visibility, this.withheld);
  }
}

export class AnalyticsService {
  private readonly year = referenceYear();

  constructor(private readonly deps: AnalyticsDeps) {}

  /** The statement a talent distribution runs (benchmarks run it directly with `pg`). */
  compileTalentDistribution(by: readonly DistributionDimension[], criteria?: TalentCriteria | null): CompiledAggregate {
    checkDimensions(by);
    return compileAggregate(TALENT_SOURCES, this.talentRequest(by.map((d) => TALENT_DIMENSIONS[d]), talentConditions(criteria)));
  }

  /**
   * How many talents match the criteria, exactly (for record readers: the register's
   * `talents.totalCount`), from the smallest summary that can express the filter and through the
   * cache: counting a filtered million-row register directly takes 100–200 ms.
   */
  async talentCount(criteria: TalentCriteria | null | undefined): Promise<number | null> {
    // The summaries hold no names or employers: such filters are answered by the register itself.
    if (namesRecords(criteria)) return null;
    return this.cached('talentCount', 'talent', { criteria: normalized(criteria) }, RECORD_READER_VISIBILITY, async () => {
      // The grand total is the margin of any one dimension; ORG_KIND has five values.
      const result = await this.aggregate(TALENT_SOURCES, this.talentRequest([TALENT_DIMENSIONS[DistributionDimension.ORG_KIND]], talentConditions(criteria)));
      return totalOf(result).count;
    });
  }

  async talentDistribution(
    by: readonly DistributionDimension[],
    criteria: TalentCriteria | null | undefined,
    options: { includeEmpty?: boolean | null },
    visibility: Visibility,
  ): Promise<TalentDistributionResult> {
    refuseRecordLevelFilters(recordLevelFiltersIn(criteria), visibility);
    checkDimensions(by);
    const includeEmpty = options.includeEmpty ?? false;
    const args = { by, criteria: normalized(criteria), includeEmpty };
    return this.cached('talentDistribution', 'talent', args, visibility, async () => {
      const specs = by.map((d) => TALENT_DIMENSIONS[d]);
      const result = await this.aggregate(TALENT_SOURCES, this.talentRequest(specs, talentConditions(criteria)));
      const population = totalOf(result);
      const publication = this.publication(visibility, population);
      if (publication.withheld) return { total: null, buckets: [], disclosure: publication.note(), source: result.source };
      const total = publication.count(population)!;
      const { keys, counts, labels } = this.publishedCells(result, specs, publication, includeEmpty);
      const buckets = keys.map((key) => this.bucket(this.keys(key, by, labels), counts.get(entryId(key)) ?? 0, total));
      return { total, buckets, disclosure: publication.note(), source: result.source };
    });
  }

  /** The statement a layout runs. */
  compileTalentLayout(level: LayoutLevel, criteria?: TalentCriteria | null): CompiledAggregate {
    return compileAggregate(TALENT_SOURCES, this.layoutRequest(level, criteria));
  }

  /** Talents per town or village, every region of the level listed (count 0 where none), WGS-84. */
  async talentLayout(level: LayoutLevel, criteria: TalentCriteria | null | undefined, visibility: Visibility): Promise<TalentLayoutResult[]> {
    refuseRecordLevelFilters(recordLevelFiltersIn(criteria), visibility);
    const args = { level, criteria: normalized(criteria) };
    return this.cached('talentLayout', 'talent', args, visibility, async () => {
      const result = await this.aggregate(TALENT_SOURCES, this.layoutRequest(level, criteria));
      const publication = this.publication(visibility, totalOf(result));
      const cells = cellsOf(result);
      return result.regions.map((region) => ({ region, count: publication.count(cells.get(entryId([region.code]))), suppressed: publication.withheld }));
    });
  }

  /**
   * Introductions per year from–to, each year split by `by` (every value listed), with the
   * cumulative count since `from`. Each count is published on its own (the cumulative count is
   * the set of talents introduced from `from` to that year, with that set's key).
   */
  async talentTrend(
    from: number,
    to: number,
    by: DistributionDimension | null | undefined,
    criteria: TalentCriteria | null | undefined,
    visibility: Visibility,
  ): Promise<TalentTrendPoint[]> {
    refuseRecordLevelFilters(recordLevelFiltersIn(criteria), visibility);
    checkTrendYears(from, to);
    if (by === DistributionDimension.INTRODUCED_YEAR) {
      throw new BadUserInputError('A trend is already by INTRODUCED_YEAR; split it by another dimension', { argument: 'by' });
    }
    const dimensions = [DistributionDimension.INTRODUCED_YEAR, ...(by ? [by] : [])];
    const args = { from, to, by, criteria: normalized(criteria) };
    return this.cached('talentTrend', 'talent', args, visibility, async () => {
      const specs = dimensions.map((d) => TALENT_DIMENSIONS[d]);
      const result = await this.aggregate(TALENT_SOURCES, this.talentRequest(specs, [...talentConditions(criteria), ...introducedInYears(from, to)]));
      const publication = this.publication(visibility, totalOf(result));
      const entries = new Map(result.entries.map((e) => [entryId(e.key), e]));
      const yearKey = (year: number) => [String(year), ...(by ? [null] : [])];
      // The split's values: its whole domain (the observed values matter only for years, which `by` never is).
      const splitDomain = by ? domainOf(TALENT_DIMENSIONS[by], result, []) : [];
      const splitLabels = labelsOf([splitDomain]);
      const running = { count: 0, cellKey: 0 };
      return Array.from({ length: to - from + 1 }, (_, i) => {
        const year = from + i;
        const entry = entries.get(entryId(yearKey(year)));
        running.count += entry?.count ?? 0;
        running.cellKey = addKeys(running.cellKey, entry?.cellKey ?? 0);
        const count = publication.count(entry);
        const buckets = splitDomain.map(({ value }) => {
          const n = publication.count(entries.get(entryId([String(year), value])));
          return n === null ? this.withheldBucket(this.keys([value], [by!], splitLabels)) : this.bucket(this.keys([value], [by!], splitLabels), n, count);
        });
        return { year, count, cumulative: publication.count(running), suppressed: publication.withheld, buckets };
      });
    });
  }

  /**
   * Awards and grants: counts and sums. Record readers get the whole ledger, exactly; everyone
   * else the published awards, perturbed, with amounts only where enough recipients share them.
   */
  async awardDistribution(
    by: readonly AwardDimension[],
    criteria: AwardCriteria | null | undefined,
    options: { includeEmpty?: boolean | null },
    visibility: Visibility,
  ): Promise<AwardDistributionResult> {
    refuseRecordLevelFilters(recordLevelAwardFiltersIn(criteria), visibility);
    checkDimensions(by);
    const includeEmpty = options.includeEmpty ?? false;
    return this.cached('awardDistribution', 'award', { by, criteria: normalized(criteria), includeEmpty }, visibility, async () => {
      const specs = by.map((d) => AWARD_DIMENSIONS[d]);
      const sources = visibility.canReadRecords ? AWARD_SOURCES.ledger : AWARD_SOURCES.published;
      const result = await this.aggregate(sources, { dimensions: specs, where: awardConditions(criteria), margins: false, amount: 'amount', year: this.year });
      const total = totalOf(result);
      const publication = this.publication(visibility, total);
      const disclosure = publication.note();
      if (publication.withheld) return { count: null, totalAmount: null, buckets: [], disclosure };
      const cells = cellsOf(result);
      const { keys, counts, labels } = this.publishedCells(result, specs, publication, includeEmpty);
      const buckets = keys.map((key) => ({
        keys: this.keys(key, by, labels),
        count: counts.get(entryId(key)) ?? 0,
        amount: publication.amount(counts.has(entryId(key)) ? cells.get(entryId(key)) : undefined),
      }));
      return { count: publication.count(total), totalAmount: publication.amount(total), buckets, disclosure };
    });
  }

  /** Platforms (active ones): exact for record readers, perturbed by their keys for everyone else. */
  async platformDistribution(by: readonly PlatformDimension[], options: { includeEmpty?: boolean | null }, visibility: Visibility): Promise<PlatformDistributionResult> {
    checkDimensions(by);
    const includeEmpty = options.includeEmpty ?? false;
    return this.cached('platformDistribution', 'platform', { by, includeEmpty }, visibility, async () => {
      const specs = by.map((d) => PLATFORM_DIMENSIONS[d]);
      const result = await this.aggregate(PLATFORM_SOURCES, { dimensions: specs, where: [], margins: false, year: this.year });
      const publication = this.publication(visibility, totalOf(result));
      const disclosure = publication.note();
      if (publication.withheld) return { total: null, buckets: [], disclosure };
      const { keys, counts, labels } = this.publishedCells(result, specs, publication, includeEmpty);
      const buckets = keys.map((key) => ({ keys: this.keys(key, by, labels), count: counts.get(entryId(key)) ?? 0 }));
      return { total: publication.count(totalOf(result)), buckets, disclosure };
    });
  }

  /** The statement a gap runs (benchmarks and tests run it directly). */
  compileSupplyDemandGap(by: readonly GapDimension[], year?: number | null): CompiledGap {
    checkDimensions(by);
    return compileGap(by.map((d) => GAP_DIMENSIONS[d]), year ?? null, this.year);
  }

  /**
   * 供需缺口 (研判决策): open headcount against counted talents by industry, town, education and
   * employer kind, in ONE statement over the talent summaries and the demands. The supply is
   * published like every talent count (perturbed by its cell key for callers who cannot read
   * records, the table withheld when its population is too small); headcounts are the demands'
   * own, public on the job board. `year`: demands posted that year (default: every open one).
   */
  async supplyDemandGap(by: readonly GapDimension[], year: number | null | undefined, visibility: Visibility): Promise<SupplyDemandGapResult> {
    checkDimensions(by);
    if (year != null && (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)) {
      throw new BadUserInputError(`year must be from ${MIN_YEAR} to ${MAX_YEAR}, got ${year}`, { argument: 'year' });
    }
    return this.cached('supplyDemandGap', ['talent', 'demand'], { by, year: year ?? null }, visibility, async () => {
      const specs = by.map((d) => GAP_DIMENSIONS[d]);
      const result = await runGap(this.deps.em, compileGap(specs, year ?? null, this.year));
      const population = result.cells.reduce((sum, cell) => ({ count: sum.count + cell.supply, cellKey: addKeys(sum.cellKey, cell.cellKey) }), { count: 0, cellKey: 0 });
      const demand = result.cells.reduce((sum, cell) => sum + cell.demand, 0);
      const publication = this.publication(visibility, population);
      const asEntries = new Map(result.cells.map((cell) => [entryId(cell.key), { ...cell, count: cell.supply + cell.demand } as unknown as AggregateEntry]));
      const regions: AggregateResult = { source: result.source, entries: [], regions: result.regions };
      const domains = specs.map((spec, i) => domainOf(spec, regions, result.cells.map((cell) => cell.key[i])));
      const labels = labelsOf(domains);
      const cells = new Map(result.cells.map((cell) => [entryId(cell.key), cell]));
      const buckets = bucketKeys(domains, asEntries, false).map((key) => {
        const cell = cells.get(entryId(key))!;
        const supply = publication.count({ count: cell.supply, cellKey: cell.cellKey });
        return { keys: this.keys(key, by, labels), demand: cell.demand, supply, gap: supply === null ? null : cell.demand - supply };
      });
      const supply = publication.count(population);
      return { year: year ?? null, demand, supply, gap: supply === null ? null : demand - supply, buckets, disclosure: publication.note(), source: result.source };
    });
  }

  /**
   * 教育培训: enrolments of active talents by programme kind, year, status, town or employer kind;
   * exact for record readers, perturbed by the talents' keys for everyone else, like every count of people.
   */
  async trainingDistribution(
    by: readonly TrainingDimension[],
    criteria: TrainingCriteria | null | undefined,
    options: { includeEmpty?: boolean | null },
    visibility: Visibility,
  ): Promise<TrainingDistributionResult> {
    checkDimensions(by);
    const includeEmpty = options.includeEmpty ?? false;
    return this.cached('trainingDistribution', ['training', 'talent'], { by, criteria: normalized(criteria), includeEmpty }, visibility, async () => {
      const specs = by.map((d) => TRAINING_DIMENSIONS[d]);
      const result = await this.aggregate(TRAINING_SOURCES, { dimensions: specs, where: trainingConditions(criteria), margins: false, year: this.year });
      const population = totalOf(result);
      const publication = this.publication(visibility, population);
      const disclosure = publication.note();
      if (publication.withheld) return { total: null, buckets: [], disclosure };
      const total = publication.count(population)!;
      const { keys, counts, labels } = this.publishedCells(result, specs, publication, includeEmpty);
      const buckets = keys.map((key) => {
        const count = counts.get(entryId(key)) ?? 0;
        return { keys: this.keys(key, by, labels), count, share: count === 0 ? 0 : total ? count / total : null };
      });
      return { total, buckets, disclosure };
    });
  }

  private publication(visibility: Visibility, population: Pick<AggregateEntry, 'count' | 'cellKey'>): Publication {
    return new Publication(this.deps.shared.perturbation, this.deps.disclosure, visibility, population);
  }

  /**
   * The cells as published, in display order. A cell that publishes 0 is an empty cell: it is
   * listed only with includeEmpty, like every empty one, and its values say nothing of the
   * domain (a year observed only in a cell that publishes 0 does not widen the span).
   */
  private publishedCells(
    result: AggregateResult,
    specs: readonly DimensionSpec[],
    publication: Publication,
    includeEmpty: boolean,
  ): { keys: string[][]; counts: Map<string, number>; labels: Map<string, string>[] } {
    const counts = new Map<string, number>();
    const shown = new Map<string, AggregateEntry>();
    for (const [id, cell] of cellsOf(result)) {
      const count = publication.count(cell)!;
      if (count > 0) {
        counts.set(id, count);
        shown.set(id, cell);
      }
    }
    const domains = specs.map((spec, i) => domainOf(spec, result, [...shown.values()].map((e) => e.key[i]!)));
    return { keys: bucketKeys(domains, shown, includeEmpty), counts, labels: labelsOf(domains) };
  }

  private layoutRequest(level: LayoutLevel, criteria: TalentCriteria | null | undefined): AggregateRequest {
    const spec = level === LayoutLevel.TOWN ? TALENT_DIMENSIONS[DistributionDimension.TOWN] : VILLAGE_DIMENSION;
    return this.talentRequest([spec], [...talentConditions(criteria), ...(level === LayoutLevel.VILLAGE ? [inSomeVillage] : [])]);
  }

  private talentRequest(dimensions: readonly DimensionSpec[], where: AggregateRequest['where']): AggregateRequest {
    return { dimensions, where, margins: true, year: this.year };
  }

  private aggregate(sources: readonly Source[], request: AggregateRequest): Promise<AggregateResult> {
    return runAggregate(this.deps.em, compileAggregate(sources, request));
  }

  /** Answers from the cache when the same request met the same data version; computes otherwise. */
  private async cached<T>(operation: string, families: DataFamily | DataFamily[], args: unknown, visibility: Visibility, compute: () => Promise<T>): Promise<T> {
    const { cache } = this.deps.shared;
    if (!cache.enabled) return compute();
    // A result read from several families is stale when any of them moves.
    const versions = await Promise.all([families].flat().map((family) => cache.dataVersion(family, () => this.deps.loaders.dataVersion.load(family))));
    const version = versions.join('.');
    // Exact and published results never share an entry; published ones are keyed by the parameters that made them.
    const published = visibility.canReadRecords ? {} : { disclosure: this.deps.disclosure, method: PERTURBATION_METHOD };
    const scope = { version, canReadRecords: visibility.canReadRecords, year: this.year, ...published };
    return cache.getOrCompute(AnalyticsCache.key(operation, args, scope), compute);
  }

  private keys<D extends string>(key: readonly string[], dimensions: readonly D[], labels: Map<string, string>[]): DistributionKey<D>[] {
    return key.map((value, i) => ({ dimension: dimensions[i], value, label: labels[i].get(value) ?? value }));
  }

  /** A bucket as published; its share is of `whole` (the table's or the year's published count). */
  private bucket<D extends string>(keys: DistributionKey<D>[], count: number, whole: number | null): { keys: DistributionKey<D>[]; count: number; share: number | null; suppressed: boolean } {
    return { keys, count, share: count === 0 ? 0 : whole ? count / whole : null, suppressed: false };
  }

  private withheldBucket<D extends string>(keys: DistributionKey<D>[]): { keys: DistributionKey<D>[]; count: null; share: null; suppressed: true } {
    return { keys, count: null, share: null, suppressed: true };
  }
}
