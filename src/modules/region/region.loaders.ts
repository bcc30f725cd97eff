import type { EntityManager } from '@mikro-orm/postgresql';
import { rowLoader } from '../../shared/loaders';
import { Region } from './region.entity';

export function createRegionLoaders(em: EntityManager) {
  return {
    byCode: rowLoader<string, Region>((codes) => em.find(Region, { code: { $in: [...codes] } }), (r) => r.code),
  };
}

export type RegionLoaders = ReturnType<typeof createRegionLoaders>;
