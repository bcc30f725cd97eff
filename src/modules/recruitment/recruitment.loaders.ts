import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RecruitmentEventReader } from './recruitment.read';

/** Per-request recruitment loaders: one statement per batch, whatever the number of events. */
export function createRecruitmentLoaders(em: EntityManager) {
  return {
    introducedCount: new DataLoader<number, number>(async (events) => {
      const counts = await new RecruitmentEventReader(em).introducedCounts(events);
      return events.map((id) => counts.get(id) ?? 0);
    }),
  };
}
