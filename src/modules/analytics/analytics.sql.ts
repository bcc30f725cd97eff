import type { EntityManager } from '@mikro-orm/postgresql';
import { type Expr, MissingAttribute, type Relation, SqlContext } from '../../shared/sql-criteria';
import type { RegionLevel } from '../region/region.enums';
import { addKeys, KEY_MODULUS } from './perturbation';

const KEY_BIGINT_MODULUS = BigInt(KEY_MODULUS);

/**
 * The one place an aggregate request becomes SQL. Dimensions, filters and sources are data
 * (analytics.dimensions.ts, the talent and award filters); this file assembles them into ONE
 * statement per distribution: GROUP BY the dimensions, each cell's count and key (and, for money,
 * GROUPING SETS with the grand total) — over the first source that can express every dimension and condition, plus the
 * directory of any region-valued dimension (names, centroids) in the same round trip. Every
 * value is a bound parameter; only code-defined column expressions become SQL text.
 */

/** A relation aggregates can be computed over, with the attributes it can express. */
export interface Source extends Relation {
  /** How many records one row stands for: a rollup's `n`; null where a row is one record. */
  weight: string | null;
  /** The sum of the record keys one row stands for (perturbation.ts): a rollup's `key_sum`, a record's `record_key`. */
  key: string;
}

export interface Labelled {
  value: string;
  label: string;
}

/** Every value a dimension can take: what includeEmpty lists and what orders buckets. */
export type Domain =
  /** A fixed list, in display order. */
  | { kind: 'values'; values: readonly Labelled[] }
  /** The regions of one level, read from the region table in the same statement, in code order. */
  | { kind: 'regions'; level: RegionLevel }
  /** Years: every year from the first observed to the last, ascending. */
  | { kind: 'years'; label: (year: string) => string };

export interface DimensionSpec<D extends string = string> {
  id: D;
  /** The dimension's machine value, as text. */
  value: Expr;
  domain: Domain;
}

export interface AggregateRequest {
  dimensions: readonly DimensionSpec[];
  where: readonly Expr[];
  /** Also every intermediate margin (row and column totals …), summed from the cells, which partition the total. */
  margins: boolean;
  /** Money (awards): the exact sum of this attribute, the largest share one `recipient` holds, and the number of recipients. */
  amount?: string;
  year: number;
}

export interface AggregateEntry {
  /** One value per dimension; null where the entry is a margin over that dimension. */
  key: (string | null)[];
  count: number;
  /** The cell key: the sum of its records' keys modulo KEY_MODULUS (perturbation.ts). */
  cellKey: number;
  /** Exact decimal text, when an amount was asked for; null in margins. */
  amount: string | null;
  /** The largest one recipient holds of the entry (its awards summed), as decimal text. */
  largest: string | null;
  /** Distinct recipients of the entry's amounts. */
  recipients: number | null;
}

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  kind: string;
  latitude: number;
  longitude: number;
}

export interface AggregateResult {
  source: string;
  /** Cells (and margins, when asked) with a non-zero count, plus the grand total (always present). */
  entries: AggregateEntry[];
  /** The regions of every region-valued dimension's level, in code order. */
  regions: RegionRow[];
}

export interface CompiledAggregate {
  source: string;
  sql: string;
  params: unknown[];
  dimensions: number;
  margins: boolean;
}

function compileFor(source: Source, request: AggregateRequest): CompiledAggregate {
  const sql = new SqlContext(source, request.year);
  const axes = request.dimensions.map((_, i) => `d${i}`);
  const inner = request.dimensions.map((d, i) => `${d.value(sql)} as d${i}`);
  if (source.weight) inner.push(`${source.weight} as w`);
  inner.push(`${source.key} as k`);
  if (request.amount) inner.push(`${sql.attr(request.amount)} as amount`, `${sql.attr('recipient')} as r`);
  const levels = [...new Set(request.dimensions.flatMap((d) => (d.domain.kind === 'regions' ? [d.domain.level] : [])))];
  const keys = [0, 1, 2].map((i) => (i < axes.length ? `d${i}` : 'null::text'));
  const list = axes.join(', ');
  const count = source.weight ? 'coalesce(sum(w), 0)::int' : 'count(*)::int';
  // The grand total of counts and keys is the sum of the cells (runAggregate adds it up): no
  // grouping set for it, which would double the aggregate work over a rollup.
  const cells = request.amount
    ? moneyCells(axes)
    : `select ${list}, 0 as g, ${count} as n, coalesce(sum(k), 0) as ck, null::numeric as amount, null::numeric as largest, null::int as recipients
  from s group by ${list}`;
  const text = `with s as (select ${inner.join(', ')} from ${source.from}${sql.where(request.where)}),
cells as (
  ${cells}
)
select 'cell' as part, g, ${keys[0]} as d0, ${keys[1]} as d1, ${keys[2]} as d2, n, ck, amount::text as amount, largest::text as largest, recipients,
  null::text as code, null::text as name, null::text as level, null::text as kind, null::float8 as latitude, null::float8 as longitude
from cells${
    levels.length
      ? `
union all
select 'region', null, null, null, null, null, null, null, null, null, r.code, r.name, r.level, r.kind, r.latitude, r.longitude
from region r where r.level in (${sql.bind(levels)})`
      : ''
  }`;
  return { source: source.name, sql: text, params: sql.params, dimensions: axes.length, margins: request.margins };
}

/**
 * Cells of money (one row a record, `amount` and recipient `r` in s): each recipient's share is
 * summed first, so `largest` is the largest recipient's sum (the dominance rule holds per
 * recipient, not per award) and `recipients` counts them; the grand total is its own row, over
 * recipients across every cell.
 */
function moneyCells(axes: string[]): string {
  const list = axes.join(', ');
  const money = 'sum(n)::int as n, coalesce(sum(k), 0) as ck, coalesce(sum(amount), 0)::numeric(20, 2) as amount, max(amount) as largest, count(*)::int as recipients';
  const perRecipient = (by: string) => `(select ${by}, count(*) as n, coalesce(sum(k), 0) as k, sum(amount) as amount from s group by ${by}) per_recipient`;
  return `select ${list}, 0 as g, ${money} from ${perRecipient(`${list}, r`)} group by ${list}
  union all
  select ${axes.map(() => 'null::text').join(', ')}, ${(1 << axes.length) - 1}, ${money} from ${perRecipient('r')}`;
}

/** The statement for a request: over the first source that can express all of it. */
export function compileAggregate(sources: readonly Source[], request: AggregateRequest): CompiledAggregate {
  for (const source of sources) {
    try {
      return compileFor(source, request);
    } catch (error) {
      if (!(error instanceof MissingAttribute)) throw error;
    }
  }
  throw new Error('No analytics source can express this request; the last source must have every attribute');
}

interface Row {
  part: 'cell' | 'region';
  g: number | null;
  d0: string | null;
  d1: string | null;
  d2: string | null;
  n: number | null;
  /** The sum of the keys, exact (numeric text: past 4 million records a cell's sum passes 2^53, so it is reduced as a BigInt). */
  ck: string | null;
  amount: string | null;
  largest: string | null;
  recipients: number | null;
  code: string | null;
  name: string | null;
  level: string | null;
  kind: string | null;
  latitude: number | null;
  longitude: number | null;
}

/**
 * Runs an aggregate with its values inlined as literals (MikroORM's `execute`), not as bind
 * parameters: a bound value takes the type of the column it is compared with, so an
 * out-of-range filter value (a year past a smallint) would fail the statement where a literal
 * simply matches nothing (issue 13 tried bind parameters here: the fuzzer's out-of-range
 * years became internal errors).
 */
export async function runAggregate(em: EntityManager, compiled: CompiledAggregate): Promise<AggregateResult> {
  const rows = await em.getConnection('read').execute<Row[]>(compiled.sql, compiled.params, 'all', em.getTransactionContext());
  const entries: AggregateEntry[] = [];
  const regions: RegionRow[] = [];
  const d = compiled.dimensions;
  for (const row of rows) {
    if (row.part === 'region') {
      regions.push({
        code: row.code!,
        name: row.name!,
        level: row.level as RegionLevel,
        kind: row.kind!,
        latitude: row.latitude!,
        longitude: row.longitude!,
      });
      continue;
    }
    const values = [row.d0, row.d1, row.d2].slice(0, d);
    // grouping(): bit (d-1-i) is set where dimension i was aggregated away.
    const key = values.map((value, i) => ((row.g! >> (d - 1 - i)) & 1 ? null : value));
    const count = row.n ?? 0;
    if (count > 0 || key.every((v) => v === null)) {
      entries.push({ key, count, cellKey: Number(BigInt(row.ck ?? 0) % KEY_BIGINT_MODULUS), amount: row.amount, largest: row.largest, recipients: row.recipients });
    }
  }
  regions.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  if (!entries.some((e) => e.key.every((v) => v === null))) entries.push(totalOfCells(entries, d));
  return { source: compiled.source, entries: compiled.margins ? withMargins(entries, d) : entries, regions };
}

const MARGIN = '\u0000';
const SEPARATOR = '\u001f';

/** The id (entryId) of `key` with the dimensions outside `keep` (bit i: dimension i) taken as margins. */
function marginId(key: readonly (string | null)[], keep: number): string {
  let id = keep & 1 ? (key[0] ?? MARGIN) : MARGIN;
  for (let i = 1; i < key.length; i++) id += SEPARATOR + (keep & (1 << i) ? (key[i] ?? MARGIN) : MARGIN);
  return id;
}

/** An entry's key (null for a margin) as one string, for maps and sets. */
export const entryId = (key: readonly (string | null)[]): string => marginId(key, ~0);

/** The grand total as the sum of the cells: counts, and keys (keys of disjoint sets add). */
function totalOfCells(cells: readonly AggregateEntry[], d: number): AggregateEntry {
  const total: AggregateEntry = { key: Array.from({ length: d }, () => null), count: 0, cellKey: 0, amount: null, largest: null, recipients: null };
  for (const cell of cells) {
    total.count += cell.count;
    total.cellKey = addKeys(total.cellKey, cell.cellKey);
  }
  return total;
}

/** The cells and the grand total, with every intermediate margin summed from the cells (counts, and keys: keys of disjoint sets add). */
function withMargins(entries: AggregateEntry[], d: number): AggregateEntry[] {
  const margins = new Map<string, AggregateEntry>();
  let cellSum = 0;
  for (const cell of entries) {
    if (cell.key.some((v) => v === null)) continue;
    cellSum += cell.count;
    for (let keep = 1; keep < (1 << d) - 1; keep++) {
      const id = marginId(cell.key, keep);
      let margin = margins.get(id);
      if (!margin) {
        const key = cell.key.map((v, i) => (keep & (1 << i) ? v : null));
        margins.set(id, (margin = { key, count: 0, cellKey: 0, amount: null, largest: null, recipients: null }));
      }
      margin.count += cell.count;
      margin.cellKey = addKeys(margin.cellKey, cell.cellKey);
    }
  }
  const total = entries.find((e) => e.key.every((v) => v === null))?.count ?? 0;
  if (cellSum !== total) throw new Error(`analytics: cells add up to ${cellSum}, the total is ${total}: a dimension value was null`);
  return [...entries, ...margins.values()];
}
