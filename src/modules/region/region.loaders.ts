import type { EntityManager } from '@mikro-orm/postgresql';
import { rowLoader } from '../../shared/loaders';
import { entityRows } from '../../shared/read-model';
import { readRows, type ReadStatement } from '../../shared/read-sql';
import { Region } from './region.entity';
import type { RegionView } from './region.view';

/** Regions by code (12 digits, as the loader's keys are): the statement the loader sends (the bench's floor sends it too). */
export function regionsByCodeStatement(em: EntityManager, codes: readonly string[]): ReadStatement {
  return { sql: `select ${entityRows(em, Region, 'r').columns} from region r where r.code = any(?::text[])`, bindings: [`{${codes.join(',')}}`] };
}

/** Per-request region loaders: plain views (read-model.ts), one prepared statement per batch. */
export function createRegionLoaders(em: EntityManager) {
  const { view } = entityRows<RegionView>(em, Region, 'r');
  return {
    byCode: rowLoader<string, RegionView>(async (codes) => (await readRows<Record<string, unknown>>(em, regionsByCodeStatement(em, codes))).map(view), (r) => r.code),
  };
}

export type RegionLoaders = ReturnType<typeof createRegionLoaders>;
