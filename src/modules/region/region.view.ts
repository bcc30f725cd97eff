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
