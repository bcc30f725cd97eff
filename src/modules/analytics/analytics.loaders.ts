import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

/**
 * Which data an aggregate reads, as the version table names it: `talent` is bumped by writes to
 * talent, organization and region; `award` by award; `platform` by platform and region; `demand`
 * by demand; `training` by training programmes and enrolments (migration …_matching).
 */
export type DataFamily = 'talent' | 'award' | 'platform' | 'demand' | 'training';

/** Per request: the data versions, read once and in one statement however many aggregates ask. */
export function createAnalyticsLoaders(em: EntityManager) {
  return {
    dataVersion: new DataLoader<DataFamily, string>(async (families) => {
      // On the request's read node, as the aggregates: a standby replays in order, so an aggregate
      // read after the version is never older than it (src/shared/replicas.ts).
      const rows = await em
        .getConnection('read')
        .execute<{ source: string; version: string }[]>('select source, version from analytics_data_version where source in (?)', [[...families]], 'all', em.getTransactionContext());
      const versions = new Map(rows.map((r) => [r.source, String(r.version)]));
      return families.map((family) => versions.get(family) ?? 'unversioned');
    }),
  };
}

export type AnalyticsLoaders = ReturnType<typeof createAnalyticsLoaders>;
