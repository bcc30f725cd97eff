import type { EntityManager } from '@mikro-orm/postgresql';
import { rowLoader } from '../../shared/loaders';
import { Region } from './region.entity';
import type { RegionLevel } from './region.enums';

/** A region's columns as another statement joins them in (e.g. a service point's town). */
export interface JoinedRegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  kind: string;
  parent_code: string | null;
  latitude: number;
  longitude: number;
}

export function createRegionLoaders(em: EntityManager) {
  const byCode = rowLoader<string, Region>((codes) => em.find(Region, { code: { $in: [...codes] } }), (r) => r.code);
  const joined = new Map<string, Region>();
  return {
    byCode,
    /**
     * The managed Region for columns already joined into a row, so no statement is needed and
     * the Region type's field resolvers work on it as on any other. A page's rows share a few
     * regions: each is mapped once per request (mapping costs far more than a lookup).
     */
    fromJoinedRow(row: JoinedRegionRow): Region {
      let region = joined.get(row.code);
      if (!region) {
        region = em.map(Region, row);
        joined.set(row.code, region);
        byCode.prime(row.code, region);
      }
      return region;
    },
  };
}

export type RegionLoaders = ReturnType<typeof createRegionLoaders>;
