import type { EntityManager } from '@mikro-orm/postgresql';
import { groupLoader, rowLoader } from '../../shared/loaders';
import { intArray } from '../../shared/pagination/per-parent';
import { entityRows } from '../../shared/read-model';
import { readRows, type ReadStatement } from '../../shared/read-sql';
import { Platform } from './platform.entity';
import type { PlatformView } from './platform.view';

/** The active platforms of talents, each row with its talent's id as memberId (the bench's floor sends it too). */
export function platformsOfTalentsStatement(em: EntityManager, ids: readonly number[]): ReadStatement {
  return {
    sql: `select m.talent_id as "memberId", ${entityRows(em, Platform, 'p').columns} from platform_membership m join platform p on p.id = m.platform_id
            where m.talent_id = any(?::int[]) and p.archived_at is null order by p.id`,
    bindings: [intArray(ids)],
  };
}

/** Per-request platform loaders: plain views (read-model.ts), one prepared statement per batch. */
export function createPlatformLoaders(em: EntityManager) {
  const { columns, view } = entityRows<PlatformView>(em, Platform, 'p');
  const read = async (sql: string, ids: readonly number[]) => (await readRows<Record<string, unknown>>(em, { sql, bindings: [intArray(ids)] })).map(view);
  return {
    byId: rowLoader<number, PlatformView>((ids) => read(`select ${columns} from platform p where p.id = any(?::int[])`, ids), (p) => p.id),
    ofHostOrganization: groupLoader<number, PlatformView>(
      (ids) => read(`select ${columns} from platform p where p.host_organization_id = any(?::int[]) and p.archived_at is null order by p.id`, ids),
      (p) => p.hostOrganization.id,
    ),
    /** The active platforms a talent works on, through the membership table, in one join per batch. */
    ofTalent: groupLoader<number, PlatformView & { memberId: number }>(
      async (ids) => (await readRows<Record<string, unknown>>(em, platformsOfTalentsStatement(em, ids))).map(view) as (PlatformView & { memberId: number })[],
      (p) => p.memberId,
    ),
  };
}

export type PlatformLoaders = ReturnType<typeof createPlatformLoaders>;
