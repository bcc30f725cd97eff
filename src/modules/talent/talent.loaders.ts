import { ReferenceKind, type EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { argumentLoader, rowLoader } from '../../shared/loaders';
import type { PageArgs, Page } from '../../shared/pagination/keyset';
import { intArray, pagesPerParent, type PerParentQuery } from '../../shared/pagination/per-parent';
import { Talent } from './talent.entity';

/**
 * Talent's columns as the entity loads them: the lazy ones (the record key, which only
 * aggregates may read) are left out. Read from the metadata, so a new column is never missed.
 */
let eagerColumns: string | undefined;
function talentColumns(em: EntityManager): string {
  eagerColumns ??= em
    .getMetadata()
    .get(Talent.name)
    .props.filter((prop) => !prop.lazy && prop.persist !== false && (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE))
    .flatMap((prop) => prop.fieldNames.map((column) => `talent.${column}`))
    .join(', ');
  return eagerColumns;
}

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
    const rows = await em.getConnection('read').execute<{ parent_id: number; count: number }[]>(sql, [intArray(parents)], 'all', em.getTransactionContext());
    const counts = new Map(rows.map((r) => [r.parent_id, r.count]));
    return parents.map((p) => counts.get(p) ?? 0);
  });
}

function pageLoader(em: EntityManager, query: PerParentQuery, maxPageSize: number) {
  const counts = countLoader(em, query.countSql);
  return argumentLoader<number, PageArgs, Page<Talent>>(
    (parents, args) => pagesPerParent(em, Talent, query, parents, args, maxPageSize, (parent) => counts.load(parent)),
    () => ({ nodes: [], cursors: [], hasNextPage: false, totalCount: async () => 0 }),
  );
}

/** Per-request talent loaders: one statement per batch, whatever the number of parents. */
export function createTalentLoaders(em: EntityManager, maxPageSize: number) {
  return {
    byId: rowLoader<number, Talent>((ids) => em.find(Talent, { id: { $in: [...ids] } }), (t) => t.id),
    pageOfOrganization: pageLoader(em, talentsOfOrganizations(talentColumns(em)), maxPageSize),
    pageOfPlatform: pageLoader(em, membersOfPlatforms(talentColumns(em)), maxPageSize),
  };
}

export type TalentLoaders = ReturnType<typeof createTalentLoaders>;
