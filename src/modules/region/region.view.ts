import type { Region } from './region.entity';

/**
 * What the Region GraphQL type and its field resolvers read: a managed Region entity is one, and
 * so is a region whose columns another statement joined in (a service point's town), which
 * needs neither a statement nor the unit of work. Mapping such rows into managed entities cost
 * ~60 µs each (hydration, identity map, snapshot), more than a nearby query's own execution.
 */
export type RegionView = Pick<Region, 'code' | 'name' | 'level' | 'kind' | 'latitude' | 'longitude'> & { parent?: { code: string } | null };

/** A region's columns as another statement joins them in. */
export interface JoinedRegionRow extends Omit<RegionView, 'parent'> {
  parentCode: string | null;
}

export function regionView({ parentCode, ...columns }: JoinedRegionRow): RegionView {
  return { ...columns, parent: parentCode === null ? null : { code: parentCode } };
}

/** A region's columns (joined as `alias`) for a select list, as `<prefix>Name`, `<prefix>Level`, … (code excepted: the row has it). */
export function joinedRegionColumns(alias: string, prefix: string): string {
  const columns = { Name: 'name', Level: 'level', Kind: 'kind', ParentCode: 'parent_code', Latitude: 'latitude', Longitude: 'longitude' };
  return Object.entries(columns).map(([name, column]) => `${alias}.${column} as "${prefix}${name}"`).join(', ');
}

/** The region selected with joinedRegionColumns(…, prefix), taken off the row (its code given). */
export function takeJoinedRegion(row: Record<string, unknown>, prefix: string, code: string): RegionView {
  const take = (name: string) => {
    const value = row[prefix + name];
    delete row[prefix + name];
    return value;
  };
  return regionView({
    code,
    name: take('Name') as string,
    level: take('Level') as RegionView['level'],
    kind: take('Kind') as string,
    parentCode: take('ParentCode') as string | null,
    latitude: take('Latitude') as number,
    longitude: take('Longitude') as number,
  });
}
