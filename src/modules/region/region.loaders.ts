import type { EntityManager } from '@mikro-orm/postgresql';
import { rowLoader } from '../../shared/loaders';
import { entityRows } from '../../shared/read-model';
import { readRows } from '../../shared/read-sql';
import { Region } from './region.entity';
import type { RegionView } from './region.view';

/** Per-request region loaders: plain views (read-model.ts), one prepared statement per batch. */
export function createRegionLoaders(em: EntityManager) {
  const { columns, view } = entityRows<RegionView>(em, Region, 'r');
  return {
    byCode: rowLoader<string, RegionView>(
      async (codes) => (await readRows<Record<string, unknown>>(em, { sql: `select ${columns} from region r where r.code = any(?::text[])`, bindings: [`{${codes.join(',')}}`] })).map(view),
      (r) => r.code,
    ),
  };
}

export type RegionLoaders = ReturnType<typeof createRegionLoaders>;
