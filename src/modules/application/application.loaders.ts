import type { EntityManager } from '@mikro-orm/postgresql';
import { groupLoader } from '../../shared/loaders';
import { ApplicationEvent } from './application.entity';

/** Per-request application loaders: every application's steps in one statement, oldest first. */
export function createApplicationLoaders(em: EntityManager) {
  return {
    history: groupLoader<number, ApplicationEvent>(
      (ids) => em.find(ApplicationEvent, { application: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
      (event) => event.application.id,
    ),
  };
}
