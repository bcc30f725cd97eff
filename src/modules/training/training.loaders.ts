import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rowLoader } from '../../shared/loaders';
import { intArray } from '../../shared/pagination/per-parent';
import type { TrainingProgramme } from './training.entity';
import { ProgrammeReader } from './training.read';

export interface EnrolmentCounts {
  /** Places taken: ENROLLED and COMPLETED. */
  enrolled: number;
  completed: number;
}

/** Per-request training loaders: one statement per batch, whatever the number of programmes. */
export function createTrainingLoaders(em: EntityManager) {
  return {
    programmeById: rowLoader<number, TrainingProgramme>((ids) => new ProgrammeReader(em).byIds(ids), (p) => p.id),
    counts: new DataLoader<number, EnrolmentCounts>(async (programmes) => {
      const rows = await em.getConnection().execute<{ programme_id: number; enrolled: number; completed: number }[]>(
        `select programme_id, count(*) filter (where status <> 'WITHDRAWN')::int as enrolled, count(*) filter (where status = 'COMPLETED')::int as completed
         from training_enrolment where programme_id = any(?::int[]) group by programme_id`,
        [intArray(programmes)],
      );
      const byId = new Map(rows.map((r) => [r.programme_id, { enrolled: r.enrolled, completed: r.completed }]));
      return programmes.map((id) => byId.get(id) ?? { enrolled: 0, completed: 0 });
    }),
  };
}
