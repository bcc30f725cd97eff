import type { EntityManager } from '@mikro-orm/postgresql';
import { rowLoader } from '../../shared/loaders';
import { Organization } from './organization.entity';

export function createOrganizationLoaders(em: EntityManager) {
  return {
    byId: rowLoader<number, Organization>((ids) => em.find(Organization, { id: { $in: [...ids] } }), (o) => o.id),
  };
}

export type OrganizationLoaders = ReturnType<typeof createOrganizationLoaders>;
