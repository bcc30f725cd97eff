import type { EntityManager } from '@mikro-orm/postgresql';
import { registerEnumType } from 'type-graphql';
import { type Expr, MissingAttribute, type Relation, SqlContext } from '../../shared/sql-criteria';
import { readRows } from '../../shared/read-sql';
import { TALENT_DIMENSIONS, TALENT_SOURCES } from './analytics.dimensions';
import { DistributionDimension } from './analytics.enums';
import type { DimensionSpec, RegionRow, Source } from './analytics.sql';
import { KEY_MODULUS } from './perturbation';
import type { RegionLevel } from '../region/region.enums';

/** What the supply-demand gap (研判决策) can be broken down by: what demands and talents both have. */
export enum GapDimension {
  INDUSTRY = 'INDUSTRY',
  TOWN = 'TOWN',
  EDUCATION = 'EDUCATION',
  ORG_KIND = 'ORG_KIND',
}

registerEnumType(GapDimension, {
  name: 'GapDimension',
  description: 'A breakdown of the supply-demand gap',
  valuesConfig: {
    INDUSTRY: { description: 'The demand’s industry; the talent’s' },
    TOWN: { description: 'The demand’s town; the town of the talent’s employer' },
    EDUCATION: { description: 'The demand’s education floor; the talent’s education' },
    ORG_KIND: { description: 'The kind of the posting organization (政企校院村); of the talent’s employer' },
  },
});

/** The same dimension specs as talent distributions: one value expression, one domain, both sides. */
export const GAP_DIMENSIONS: Record<GapDimension, DimensionSpec> = {
  [GapDimension.INDUSTRY]: TALENT_DIMENSIONS[DistributionDimension.INDUSTRY],
  [GapDimension.TOWN]: TALENT_DIMENSIONS[DistributionDimension.TOWN],
  [GapDimension.EDUCATION]: TALENT_DIMENSIONS[DistributionDimension.EDUCATION],
  [GapDimension.ORG_KIND]: TALENT_DIMENSIONS[DistributionDimension.ORG_KIND],
};

/**
 * Open demands (the `open_demand` view) as a relation with the talent attributes' names: a demand counts its headcount
 * in its own town, its education floor and its poster's kind. Demands are public (the job board):
 * their headcounts are published as they are.
 */
export const OPEN_DEMANDS: Relation = {
  name: 'open_demand',
  from: `open_demand dm join organization o on o.id = dm.organization_id`,
  attributes: {
    industry: 'dm.industry',
    town_code: 'dm.town_code',
    education: 'dm.min_education',
    org_kind: 'o.kind',
    posted_year: 'extract(year from dm.posted_at)::int',
  },
};

const postedIn =
  (year: number): Expr =>
  (sql) =>
    `${sql.attr('posted_year')} = ${sql.bind(year)}`;

export interface GapCell {
  /** One value per dimension. */
  key: string[];
  /** Counted talents (exact). */
  supply: number;
  /** The supply's cell key (perturbation.ts). */
  cellKey: number;
  /** Open headcount. */
  demand: number;
}

export interface GapResult {
  source: string;
  cells: GapCell[];
  regions: RegionRow[];
}

export interface CompiledGap {
  source: string;
  sql: string;
  params: unknown[];
  dimensions: number;
}

/**
 * ONE statement: the supply by the dimensions from the smallest talent summary that has them
 * (the rollups, as every distribution), the open headcount by the same dimensions from the
 * demands, full-joined on the dimensions' values, and the towns' names when a dimension is a
 * region. `year`: only demands posted that year.
 */
export function compileGap(specs: readonly DimensionSpec[], demandYear: number | null, referenceYear: number): CompiledGap {
  for (const source of TALENT_SOURCES) {
    try {
      return compileGapFor(source, specs, demandYear, referenceYear);
    } catch (error) {
      if (!(error instanceof MissingAttribute)) throw error;
    }
  }
  throw new Error('No talent source can express this gap');
}

function compileGapFor(source: Source, specs: readonly DimensionSpec[], demandYear: number | null, referenceYear: number): CompiledGap {
  const axes = specs.map((_, i) => `d${i}`);
  const supplySql = new SqlContext(source, referenceYear);
  const supplyValues = specs.map((spec, i) => `${spec.value(supplySql)} as d${i}`);
  const weight = source.weight ?? '1';
  const demandSql = new SqlContext(OPEN_DEMANDS, referenceYear);
  const demandValues = specs.map((spec, i) => `${spec.value(demandSql)} as d${i}`);
  const demandWhere = demandSql.where(demandYear === null ? [] : [postedIn(demandYear)]);
  const levels = [...new Set(specs.flatMap((d) => (d.domain.kind === 'regions' ? [d.domain.level] : [])))];
  const regionParams: unknown[] = [];
  const list = axes.join(', ');
  const keys = [0, 1, 2].map((i) => (i < axes.length ? `coalesce(s.d${i}, h.d${i})` : 'null::text'));
  const sql = `with supply as (
  select ${list}, sum(w)::int as n, sum(k) as ck from (select ${supplyValues.join(', ')}, ${weight} as w, ${source.key} as k from ${source.from}) x group by ${list}
),
demand as (
  select ${list}, sum(headcount)::int as h from (select ${demandValues.join(', ')}, dm.headcount from ${OPEN_DEMANDS.from}${demandWhere}) y group by ${list}
)
select 'cell' as part, ${keys.map((k, i) => `${k} as d${i}`).join(', ')}, coalesce(s.n, 0) as n, coalesce(s.ck, 0)::text as ck, coalesce(h.h, 0) as h,
  null::text as code, null::text as name, null::text as level, null::text as kind, null::float8 as latitude, null::float8 as longitude
from supply s full join demand h on ${axes.map((a) => `s.${a} = h.${a}`).join(' and ')}${
    levels.length
      ? `
union all
select 'region', null, null, null, null, null, null, r.code, r.name, r.level, r.kind, r.latitude, r.longitude
from region r where r.level in (${(regionParams.push(levels), '?')})`
      : ''
  }`;
  return { source: source.name, sql, params: [...supplySql.params, ...demandSql.params, ...regionParams], dimensions: axes.length };
}

interface GapRow {
  part: 'cell' | 'region';
  d0: string | null;
  d1: string | null;
  d2: string | null;
  n: number | null;
  ck: string | null;
  h: number | null;
  code: string | null;
  name: string | null;
  level: string | null;
  kind: string | null;
  latitude: number | null;
  longitude: number | null;
}

const KEY_BIGINT_MODULUS = BigInt(KEY_MODULUS);

export async function runGap(em: EntityManager, compiled: CompiledGap): Promise<GapResult> {
  const rows = await readRows<GapRow>(em, { sql: compiled.sql, bindings: compiled.params });
  const cells: GapCell[] = [];
  const regions: RegionRow[] = [];
  for (const row of rows) {
    if (row.part === 'region') {
      regions.push({ code: row.code!, name: row.name!, level: row.level as RegionLevel, kind: row.kind!, latitude: row.latitude!, longitude: row.longitude! });
      continue;
    }
    const supply = row.n ?? 0;
    const demand = row.h ?? 0;
    if (supply === 0 && demand === 0) continue;
    cells.push({
      key: [row.d0, row.d1, row.d2].slice(0, compiled.dimensions) as string[],
      supply,
      cellKey: Number(BigInt(row.ck ?? 0) % KEY_BIGINT_MODULUS),
      demand,
    });
  }
  regions.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { source: compiled.source, cells, regions };
}
