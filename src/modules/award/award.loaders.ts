import type { EntityManager } from '@mikro-orm/postgresql';
import { groupLoader } from '../../shared/loaders';
import { Award } from './award.entity';

const ORDER = { orderBy: { year: 'desc', id: 'asc' } } as const;

/** Awards of each kind of recipient, one statement per batch of recipients. */
export function createAwardLoaders(em: EntityManager) {
  return {
    ofTalent: groupLoader<number, Award>((ids) => em.find(Award, { talent: { $in: [...ids] } }, ORDER), (a) => a.talent!.id),
    ofOrganization: groupLoader<number, Award>((ids) => em.find(Award, { organization: { $in: [...ids] } }, ORDER), (a) => a.organization!.id),
    ofPlatform: groupLoader<number, Award>((ids) => em.find(Award, { platform: { $in: [...ids] } }, ORDER), (a) => a.platform!.id),
  };
}

export type AwardLoaders = ReturnType<typeof createAwardLoaders>;
