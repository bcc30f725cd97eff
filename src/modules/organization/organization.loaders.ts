import type { EntityManager } from '@mikro-orm/postgresql';
import { rowLoader } from '../../shared/loaders';
import { intArray } from '../../shared/pagination/per-parent';
import { entityRows } from '../../shared/read-model';
import { readRows, type ReadStatement } from '../../shared/read-sql';
import { joinedRegionColumns, takeJoinedRegion } from '../region/region.view';
import { Organization } from './organization.entity';
import type { OrganizationView } from './organization.view';

/**
 * Organizations by id, each with its town's row joined in (a list shows the town with the
 * employer: one round trip fewer): the statement the loader sends (the bench's floor sends it too).
 */
export function organizationsByIdStatement(em: EntityManager, ids: readonly number[]): ReadStatement {
  return {
    sql: `select ${entityRows(em, Organization, 'o').columns}, ${joinedRegionColumns('r', 'town')} from organization o join region r on r.code = o.town_code where o.id = any(?::int[])`,
    bindings: [intArray(ids)],
  };
}

/** Per-request organization loaders: plain views (read-model.ts), one prepared statement per batch. */
export function createOrganizationLoaders(em: EntityManager) {
  const { view } = entityRows<OrganizationView>(em, Organization, 'o');
  const withTown = (row: Record<string, unknown>): OrganizationView => {
    const organization = view(row);
    organization.townRegion = takeJoinedRegion(row, 'town', organization.town.code);
    return organization;
  };
  return {
    byId: rowLoader<number, OrganizationView>(async (ids) => (await readRows<Record<string, unknown>>(em, organizationsByIdStatement(em, ids))).map(withTown), (o) => o.id),
  };
}

export type OrganizationLoaders = ReturnType<typeof createOrganizationLoaders>;
