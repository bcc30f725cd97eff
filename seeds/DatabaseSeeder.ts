import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { formatReport, seedWithEntityManager } from './seed';

/**
 * `mikro-orm seeder:run`: the district's synthetic data, SEED_TALENTS talents (20,000 unless
 * set). The same code as `npm run seed` and the start command.
 */
export class DatabaseSeeder extends Seeder {
  async run(em: EntityManager): Promise<void> {
    const raw = process.env.SEED_TALENTS?.trim();
    const talents = raw ? Number(raw) : 20_000;
    if (!Number.isInteger(talents) || talents < 0) throw new Error(`SEED_TALENTS must be a whole number, got "${raw}"`);
    const report = await seedWithEntityManager(em, { talents });
    console.log(formatReport(report));
  }
}
