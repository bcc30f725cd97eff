import type { EntityManager } from '@mikro-orm/postgresql';
import { groupLoader, rowLoader } from '../../shared/loaders';
import { Platform, PlatformMembership } from './platform.entity';

export function createPlatformLoaders(em: EntityManager) {
  return {
    byId: rowLoader<number, Platform>((ids) => em.find(Platform, { id: { $in: [...ids] } }), (p) => p.id),
    ofHostOrganization: groupLoader<number, Platform>(
      (ids) => em.find(Platform, { hostOrganization: { $in: [...ids] }, archivedAt: null }, { orderBy: { id: 'asc' } }),
      (p) => p.hostOrganization.id,
    ),
    /** The active platforms a talent works on, through the membership table, in one join per batch. */
    ofTalent: groupLoader<number, PlatformMembership>(
      (ids) => em.find(PlatformMembership, { talent: { $in: [...ids] }, platform: { archivedAt: null } }, { populate: ['platform'], orderBy: { platform: 'asc' } }),
      (m) => m.talent.id,
    ),
  };
}

export type PlatformLoaders = ReturnType<typeof createPlatformLoaders>;
