import type { EntityManager } from '@mikro-orm/postgresql';
import { Region } from './region.entity';
import type { RegionLevel } from './region.enums';

export class RegionService {
  constructor(private readonly em: EntityManager) {}

  /** Regions of a level, optionally under one parent, in code order (the statistics' order). */
  list(level?: RegionLevel | null, parentCode?: string | null): Promise<Region[]> {
    return this.em.find(
      Region,
      { ...(level ? { level } : {}), ...(parentCode ? { parent: parentCode } : {}) },
      { orderBy: { code: 'asc' } },
    );
  }
}
