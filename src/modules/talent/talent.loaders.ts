import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { argumentLoader, rowLoader } from '../../shared/loaders';
import type { PageArgs, Page } from '../../shared/pagination/keyset';
import { intArray, pagesPerParent, type PerParentQuery } from '../../shared/pagination/per-parent';
import { entityRows } from '../../shared/read-model';
import { readRows } from '../../shared/read-sql';
import { Talent } from './talent.entity';
import type { TalentView } from './talent.view';

/** Who is listed is active_talent's to say (talent.filter.ts); the rows themselves come from talent. */
const talentsOfOrganizations = (columns: string): PerParentQuery => ({
  pageSql: `select p.id as parent_id, t.* from unnest(?::int[]) as p(id)
    cross join lateral (select ${columns} from active_talent a join talent on talent.id = a.id
      where a.organization_id = p.id and a.id > ? order by a.id limit ?) t`,
  countSql: 'select organization_id as parent_id, count(*)::int as count from active_talent where organization_id = any(?::int[]) group by 1',
});

const membersOfPlatforms = (columns: string): PerParentQuery => ({
  pageSql: `select p.id as parent_id, t.* from unnest(?::int[]) as p(id)
    cross join lateral (select ${columns} from platform_membership m join active_talent a on a.id = m.talent_id join talent on talent.id = a.id
      where m.platform_id = p.id and a.id > ? order by a.id limit ?) t`,
  countSql: `select m.platform_id as parent_id, count(*)::int as count from platform_membership m join active_talent a on a.id = m.talent_id
    where m.platform_id = any(?::int[]) group by 1`,
});

function countLoader(em: EntityManager, sql: string): DataLoader<number, number> {
  return new DataLoader<number, number>(async (parents) => {
    const rows = await readRows<{ parent_id: number; count: number }>(em, { sql, bindings: [intArray(parents)] });
    const counts = new Map(rows.map((r) => [r.parent_id, r.count]));
    return parents.map((p) => counts.get(p) ?? 0);
  });
}

function pageLoader(em: EntityManager, query: PerParentQuery, maxPageSize: number) {
  const counts = countLoader(em, query.countSql);
  const { view } = talentRows(em);
  return argumentLoader<number, PageArgs, Page<TalentView>>(
    (parents, args) => pagesPerParent(em, view, query, parents, args, maxPageSize, (parent) => counts.load(parent)),
    () => ({ nodes: [], cursors: [], hasNextPage: false, totalCount: async () => 0 }),
  );
}

/** Talent's columns as plain views, the table aliased `talent` (read-model.ts). */
const talentRows = (em: EntityManager) => entityRows<TalentView>(em, Talent, 'talent');

/** Per-request talent loaders: one statement per batch, whatever the number of parents; plain views, no managed entity. */
export function createTalentLoaders(em: EntityManager, maxPageSize: number) {
  const { columns, view } = talentRows(em);
  return {
    byId: rowLoader<number, TalentView>(
      async (ids) => (await readRows<Record<string, unknown>>(em, { sql: `select ${columns} from talent where talent.id = any(?::int[])`, bindings: [intArray(ids)] })).map(view),
      (t) => t.id,
    ),
    pageOfOrganization: pageLoader(em, talentsOfOrganizations(columns), maxPageSize),
    pageOfPlatform: pageLoader(em, membersOfPlatforms(columns), maxPageSize),
  };
}

export type TalentLoaders = ReturnType<typeof createTalentLoaders>;
