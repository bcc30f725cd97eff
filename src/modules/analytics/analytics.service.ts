import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, BadUserInputError, ErrorCode } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { AwardCriteria } from '../award/award.service';
import { currentYear, type TalentCriteria } from '../talent/talent.filter';
import { AnalyticsCache } from './analytics.cache';
import { awardConditions, inSomeVillage, introducedInYears, talentConditions } from './analytics.criteria';
import {
  AWARD_DIMENSIONS,
  AWARD_SOURCES,
  PLATFORM_DIMENSIONS,
  PLATFORM_SOURCES,
  TALENT_DIMENSIONS,
  TALENT_SOURCES,
  VILLAGE_DIMENSION,
} from './analytics.dimensions';
import { type AwardDimension, DistributionDimension, LayoutLevel, type PlatformDimension } from './analytics.enums';
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
  type RegionRow,
  type Source,
} from './analytics.sql';
import { entryId, protect } from './suppression';

/** Who is asking, as far as disclosure control cares. */
export interface Visibility {
  /** Callers who may read the records themselves see every count unsuppressed. */
  canReadRecords: boolean;
}

/** The one visibility of data no role sees differently (published awards, platforms): one cache entry for all. */
const PUBLIC_VISIBILITY: Visibility = Object.freeze({ canReadRecords: false });
const RECORD_READER_VISIBILITY: Visibility = Object.freeze({ canReadRecords: true });

export interface DistributionKey<D extends string> {
  dimension: D;
  value: string;
  label: string;
}

export interface TalentBucket {
  keys: DistributionKey<DistributionDimension>[];
  /** Null when suppressed. */
  count: number | null;
  share: number | null;
  suppressed: boolean;
}

export interface TalentDistributionResult {
  /** Null when the filtered total is itself a small cell. */
  total: number | null;
  buckets: TalentBucket[];
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
  /** Introduced from `from` up to the end of this year; null where it would reveal a suppressed year. */
  cumulative: number | null;
  suppressed: boolean;
  buckets: TalentBucket[];
}

export interface AwardBucket {
  keys: DistributionKey<AwardDimension>[];
  count: number;
  /** Exact decimal text (元). */
  amount: string;
}

export interface AwardDistributionResult {
  count: number;
  totalAmount: string;
  buckets: AwardBucket[];
}

export interface PlatformBucket {
  keys: DistributionKey<PlatformDimension>[];
  count: number;
}

export interface PlatformDistributionResult {
  total: number;
  buckets: PlatformBucket[];
}

/** What lives as long as the app: the cache, and where to report what it could not protect. */
export interface AnalyticsShared {
  cache: AnalyticsCache;
  logger: Logger;
}

export interface AnalyticsDeps {
  em: EntityManager;
  loaders: AnalyticsLoaders;
  shared: AnalyticsShared;
  /** k: counts from 1 to k−1 are suppressed for callers who cannot read records. */
  threshold: number;
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
 * Filters that name records (employers by id, a substring of a name) make it easy to build a
 * complement that differs from a published total by a handful of people (the residual risk of
 * docs/analytics.md): they are for roles that may read the records anyway.
 */
const RECORD_LEVEL_FILTERS = ['organizationIds', 'nameContains'] as const;

function recordLevelFiltersIn(criteria: TalentCriteria | null | undefined): string[] {
  if (!criteria) return [];
  return RECORD_LEVEL_FILTERS.filter((name) => {
    const value = criteria[name];
    return Array.isArray(value) ? value.length > 0 : value != null && value !== '';
  });
}

const namesRecords = (criteria: TalentCriteria | null | undefined) => recordLevelFiltersIn(criteria).length > 0;

function refuseRecordLevelFilters(criteria: TalentCriteria | null | undefined, visibility: Visibility): void {
  if (visibility.canReadRecords) return;
  const used = recordLevelFiltersIn(criteria);
  if (used.length) throw new AppError(ErrorCode.FORBIDDEN, `The filter ${used.join(' and ')} needs a role that may read records`, { filters: used });
}

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
 * The year ages are reckoned against. currentYear() builds an Intl formatter (about 0.5 ms, on
 * every resolver call); Beijing keeps UTC+8 all year, so its year can only change on a UTC hour.
 */
let reckoned = { hour: Number.NaN, year: 0 };
function referenceYear(now = Date.now()): number {
  const hour = Math.floor(now / 3_600_000);
  if (hour !== reckoned.hour) reckoned = { hour, year: currentYear(new Date(now)) };
  return reckoned.year;
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

export class AnalyticsService {
  private readonly year = referenceYear();

  constructor(private readonly deps: AnalyticsDeps) {}

  /** The statement a talent distribution runs (benchmarks run it directly with `pg`). */
  compileTalentDistribution(by: readonly DistributionDimension[], criteria?: TalentCriteria | null): CompiledAggregate {
    checkDimensions(by);
    return compileAggregate(TALENT_SOURCES, this.talentRequest(by.map((d) => TALENT_DIMENSIONS[d]), talentConditions(criteria)));
  }

  /**
   * How many talents match the criteria, exactly and unsuppressed (for record readers: the
   * register's `talents.totalCount`), from the smallest summary that can express the filter and
   * through the cache: counting a filtered million-row register directly takes 100–200 ms.
   */
  async talentCount(criteria: TalentCriteria | null | undefined): Promise<number | null> {
    // The summaries hold no names or employers: such filters are answered by the register itself.
    if (namesRecords(criteria)) return null;
    return this.cached('talentCount', 'talent', { criteria: normalized(criteria) }, RECORD_READER_VISIBILITY, async () => {
      // The grand total is the margin of any one dimension; ORG_KIND has five values.
      const result = await this.aggregate(TALENT_SOURCES, this.talentRequest([TALENT_DIMENSIONS[DistributionDimension.ORG_KIND]], talentConditions(criteria)));
      return result.entries.find((e) => e.key.every((v) => v === null))?.count ?? 0;
    });
  }

  async talentDistribution(
    by: readonly DistributionDimension[],
    criteria: TalentCriteria | null | undefined,
    options: { includeEmpty?: boolean | null },
    visibility: Visibility,
  ): Promise<TalentDistributionResult> {
    refuseRecordLevelFilters(criteria, visibility);
    checkDimensions(by);
    const includeEmpty = options.includeEmpty ?? false;
    const args = { by, criteria: normalized(criteria), includeEmpty };
    return this.cached('talentDistribution', 'talent', args, visibility, async () => {
      const specs = by.map((d) => TALENT_DIMENSIONS[d]);
      const result = await this.aggregate(TALENT_SOURCES, this.talentRequest(specs, talentConditions(criteria)));
      const { hidden, hiddenZeros } = this.disclosure(result, specs, visibility);
      const total = result.entries.find((e) => e.key.every((v) => v === null))?.count ?? 0;
      const totalHidden = hidden(by.map(() => null));
      const cells = cellsOf(result);
      // A zero hidden as a complement is listed (as hidden): left out, it would read as 0.
      for (const key of hiddenZeros) if (key.every((v) => v !== null)) cells.set(entryId(key), { key, count: 0, amount: null });
      const domains = specs.map((spec, i) => domainOf(spec, result, [...cells.values()].map((e) => e.key[i]!)));
      const labels = labelsOf(domains);
      const buckets = bucketKeys(domains, cells, includeEmpty).map((key) => {
        const count = cells.get(entryId(key))?.count ?? 0;
        return this.bucket(this.keys(key, by, labels), count, hidden(key), totalHidden ? null : total);
      });
      return { total: totalHidden ? null : total, buckets, source: result.source };
    });
  }

  /** The statement a layout runs. */
  compileTalentLayout(level: LayoutLevel, criteria?: TalentCriteria | null): CompiledAggregate {
    return compileAggregate(TALENT_SOURCES, this.layoutRequest(level, criteria));
  }

  /** Talents per town or village, every region of the level listed (count 0 where none), WGS-84. */
  async talentLayout(level: LayoutLevel, criteria: TalentCriteria | null | undefined, visibility: Visibility): Promise<TalentLayoutResult[]> {
    refuseRecordLevelFilters(criteria, visibility);
    const args = { level, criteria: normalized(criteria) };
    return this.cached('talentLayout', 'talent', args, visibility, async () => {
      const request = this.layoutRequest(level, criteria);
      const result = await this.aggregate(TALENT_SOURCES, request);
      const { hidden } = this.disclosure(result, request.dimensions, visibility);
      const cells = cellsOf(result);
      return result.regions.map((region) => {
        const count = cells.get(entryId([region.code]))?.count ?? 0;
        const suppressed = hidden([region.code]);
        return { region, count: suppressed ? null : count, suppressed };
      });
    });
  }

  /**
   * Introductions per year from–to, each year split by `by` (every value listed), with the
   * cumulative count since `from`. A cumulative count is withheld where it, minus its
   * neighbours, would give back a suppressed year.
   */
  async talentTrend(
    from: number,
    to: number,
    by: DistributionDimension | null | undefined,
    criteria: TalentCriteria | null | undefined,
    visibility: Visibility,
  ): Promise<TalentTrendPoint[]> {
    refuseRecordLevelFilters(criteria, visibility);
    checkTrendYears(from, to);
    if (by === DistributionDimension.INTRODUCED_YEAR) {
      throw new BadUserInputError('A trend is already by INTRODUCED_YEAR; split it by another dimension', { argument: 'by' });
    }
    const dimensions = [DistributionDimension.INTRODUCED_YEAR, ...(by ? [by] : [])];
    const args = { from, to, by, criteria: normalized(criteria) };
    return this.cached('talentTrend', 'talent', args, visibility, async () => {
      const specs = dimensions.map((d) => TALENT_DIMENSIONS[d]);
      const result = await this.aggregate(TALENT_SOURCES, this.talentRequest(specs, [...talentConditions(criteria), ...introducedInYears(from, to)]));
      const { hidden } = this.disclosure(result, specs, visibility);
      const entries = new Map(result.entries.map((e) => [entryId(e.key), e]));
      const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
      const yearKey = (year: number) => [String(year), ...(by ? [null] : [])];
      const countOf = (year: number) => entries.get(entryId(yearKey(year)))?.count ?? 0;
      const yearHidden = years.map((y) => hidden(yearKey(y)));
      const totalHidden = hidden(dimensions.map(() => null));
      const splitDomain = by ? domainOf(TALENT_DIMENSIONS[by], result, result.entries.flatMap((e) => (e.key[1] ? [e.key[1]] : []))) : [];
      const splitLabels = labelsOf([splitDomain]);
      let running = 0;
      return years.map((year, i) => {
        running += countOf(year);
        const hiddenBefore = yearHidden.slice(0, i + 1).includes(true);
        const hiddenAfter = yearHidden.slice(i + 1).includes(true);
        const count = countOf(year);
        const buckets = splitDomain.map(({ value }) => {
          const key = [String(year), value];
          const n = entries.get(entryId(key))?.count ?? 0;
          return this.bucket(this.keys([value], [by!], splitLabels), n, hidden(key), yearHidden[i] ? null : count);
        });
        return {
          year,
          count: yearHidden[i] ? null : count,
          cumulative: hiddenBefore && (hiddenAfter || totalHidden) ? null : running,
          suppressed: yearHidden[i],
          buckets,
        };
      });
    });
  }

  /** Awards and grants: counts and exact sums. Awards are published lists (公示), not suppressed. */
  async awardDistribution(
    by: readonly AwardDimension[],
    criteria: AwardCriteria | null | undefined,
    options: { includeEmpty?: boolean | null },
  ): Promise<AwardDistributionResult> {
    checkDimensions(by);
    const includeEmpty = options.includeEmpty ?? false;
    return this.cached('awardDistribution', 'award', { by, criteria: normalized(criteria), includeEmpty }, PUBLIC_VISIBILITY, async () => {
      const specs = by.map((d) => AWARD_DIMENSIONS[d]);
      const result = await this.aggregate(AWARD_SOURCES, {
        dimensions: specs,
        where: awardConditions(criteria),
        margins: false,
        amount: 'amount',
        year: this.year,
      });
      const total = result.entries.find((e) => e.key.every((v) => v === null));
      const cells = cellsOf(result);
      const domains = specs.map((spec, i) => domainOf(spec, result, [...cells.values()].map((e) => e.key[i]!)));
      const labels = labelsOf(domains);
      const buckets = bucketKeys(domains, cells, includeEmpty).map((key) => {
        const cell = cells.get(entryId(key));
        return { keys: this.keys(key, by, labels), count: cell?.count ?? 0, amount: cell?.amount ?? '0.00' };
      });
      return { count: total?.count ?? 0, totalAmount: total?.amount ?? '0.00', buckets };
    });
  }

  /** Platforms are organizations' facilities, not people: counts are not suppressed. */
  async platformDistribution(by: readonly PlatformDimension[], options: { includeEmpty?: boolean | null }): Promise<PlatformDistributionResult> {
    checkDimensions(by);
    const includeEmpty = options.includeEmpty ?? false;
    return this.cached('platformDistribution', 'platform', { by, includeEmpty }, PUBLIC_VISIBILITY, async () => {
      const specs = by.map((d) => PLATFORM_DIMENSIONS[d]);
      const result = await this.aggregate(PLATFORM_SOURCES, { dimensions: specs, where: [], margins: false, year: this.year });
      const cells = cellsOf(result);
      const domains = specs.map((spec, i) => domainOf(spec, result, [...cells.values()].map((e) => e.key[i]!)));
      const labels = labelsOf(domains);
      const buckets = bucketKeys(domains, cells, includeEmpty).map((key) => ({
        keys: this.keys(key, by, labels),
        count: cells.get(entryId(key))?.count ?? 0,
      }));
      return { total: result.entries.find((e) => e.key.every((v) => v === null))?.count ?? 0, buckets };
    });
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
  private async cached<T>(operation: string, family: DataFamily, args: unknown, visibility: Visibility, compute: () => Promise<T>): Promise<T> {
    const { cache } = this.deps.shared;
    if (!cache.enabled) return compute();
    const version = await this.deps.loaders.dataVersion.load(family);
    const scope = { version, canReadRecords: visibility.canReadRecords, threshold: this.deps.threshold, year: this.year };
    return cache.getOrCompute(AnalyticsCache.key(operation, args, scope), compute);
  }

  /**
   * Which entries (by key in the request's dimension order, null for a margin) are hidden, and
   * which zero cells were hidden as complements. Keys go to suppression in a canonical
   * dimension order, so [TOWN, TIER] and [TIER, TOWN] hide the same cells.
   */
  private disclosure(
    result: AggregateResult,
    specs: readonly DimensionSpec[],
    visibility: Visibility,
  ): { hidden: (key: (string | null)[]) => boolean; hiddenZeros: (string | null)[][] } {
    if (visibility.canReadRecords) return { hidden: () => false, hiddenZeros: [] };
    const order = specs.map((s, i) => [s.id, i] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, i]) => i);
    const canonical = (key: readonly (string | null)[]) => order.map((i) => key[i]);
    const requested = (key: readonly (string | null)[]) => order.map((_, i) => key[order.indexOf(i)]);
    const { suppressed, audited, zeros } = protect(
      result.entries.map((e) => ({ key: canonical(e.key), count: e.count })),
      this.deps.threshold,
    );
    if (!audited) {
      // Too large for the exact audit, or an exposure the lower-dimensional tables carry jointly.
      this.deps.shared.logger.warn('disclosure audit incomplete for an aggregate table; line rule applied', {
        dimensions: specs.map((s) => s.id),
        entries: result.entries.length,
      });
    }
    return { hidden: (key) => suppressed.has(entryId(canonical(key))), hiddenZeros: zeros.map(requested) };
  }

  private keys<D extends string>(key: readonly string[], dimensions: readonly D[], labels: Map<string, string>[]): DistributionKey<D>[] {
    return key.map((value, i) => ({ dimension: dimensions[i], value, label: labels[i].get(value) ?? value }));
  }

  private bucket<D extends string>(
    keys: DistributionKey<D>[],
    count: number,
    suppressed: boolean,
    /** What shares are of; null when it is itself hidden (a share would give it back). */
    whole: number | null,
  ): { keys: DistributionKey<D>[]; count: number | null; share: number | null; suppressed: boolean } {
    let share: number | null = null;
    if (!suppressed && count === 0) share = 0;
    else if (!suppressed && whole !== null) share = count / whole;
    return { keys, count: suppressed ? null : count, share, suppressed };
  }
}
