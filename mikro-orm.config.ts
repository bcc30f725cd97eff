import 'reflect-metadata';
import { join } from 'node:path';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { SeedManager } from '@mikro-orm/seeder';
import { Application, ApplicationEvent } from './src/modules/application/application.entity';
import { AuditEvent } from './src/modules/audit/audit-event.entity';
import { Award } from './src/modules/award/award.entity';
import { Organization } from './src/modules/organization/organization.entity';
import { Platform, PlatformMembership } from './src/modules/platform/platform.entity';
import { Region } from './src/modules/region/region.entity';
import { ServicePoint } from './src/modules/service-map/service-point.entity';
import { Talent } from './src/modules/talent/talent.entity';
import { TalentProfile } from './src/modules/matching/talent-profile.entity';
import { ChallengeBid, Demand, DemandEvent, DemandFill } from './src/modules/demand/demand.entity';
import { Pairing, PairingTalent } from './src/modules/pairing/pairing.entity';
import { RecruitmentEvent } from './src/modules/recruitment/recruitment-event.entity';
import { ShortageCatalogue, ShortageCatalogueEntry, ShortageRecognition } from './src/modules/shortage-catalogue/shortage-catalogue.entity';
import { TrainingEnrolment, TrainingProgramme } from './src/modules/training/training.entity';

export const entities = [Region, Organization, Talent, Platform, PlatformMembership, Award, ServicePoint, AuditEvent, Application, ApplicationEvent,
  RecruitmentEvent, ShortageCatalogue, ShortageCatalogueEntry, ShortageRecognition, Demand, DemandEvent, DemandFill, ChallengeBid,
  Pairing, PairingTalent, TrainingProgramme, TrainingEnrolment,
  TalentProfile];

/**
 * Folders beside this file, whichever copy runs: the sources (`node -r @swc-node/register`, the
 * CLI, the tests) or the build (`dist/mikro-orm.config.js` finds `dist/migrations/*.js`), never
 * the working directory.
 */
const MIGRATIONS_DIR = join(__dirname, 'migrations');
const SEEDS_DIR = join(__dirname, 'seeds');

/** The snapshot is the CLI's record of the schema it generated migrations against. */
export const MIGRATIONS = {
  path: MIGRATIONS_DIR,
  pathTs: MIGRATIONS_DIR,
  glob: '!(*.d).{js,ts}',
  transactional: true,
  snapshot: true,
  snapshotName: '.snapshot-huigu',
  silent: true,
};

/**
 * One place for the ORM's settings. The app passes `clientUrl` from its own configuration; the
 * CLI (migration:create) reads DATABASE_URL.
 */
export function ormConfig(overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl: process.env.DATABASE_URL,
    entities,
    extensions: [Migrator, SeedManager],
    migrations: MIGRATIONS,
    seeder: { path: SEEDS_DIR, pathTs: SEEDS_DIR, defaultSeeder: 'DatabaseSeeder' },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    // Rollups and the data-version table are raw SQL kept by triggers (migration …_analytics): no entity.
    schemaGenerator: { skipTables: [/^analytics_/] },
    ...overrides,
  });
}

export default ormConfig();
