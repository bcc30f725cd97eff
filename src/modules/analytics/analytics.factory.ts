import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config';
import type { RequestContext } from '../../context';
import type { Logger } from '../../shared/logger';
import { createAnalyticsCache } from './analytics.cache';
import { AnalyticsService, type AnalyticsShared } from './analytics.service';
import { PerturbationTable } from './perturbation';

/** What every request of the app shares: the aggregate cache and the perturbation table (built once from the configuration). */
export function createAnalyticsShared(config: Pick<AppConfig, 'analyticsCacheSize' | 'disclosure'>, logger: Logger, redis: Redis | null): AnalyticsShared {
  return { cache: createAnalyticsCache(config, logger, redis), perturbation: new PerturbationTable(config.disclosure), logger };
}

/** The analytics service of one request: its em, its loaders, the app's shared cache. */
export const analyticsFor = (ctx: RequestContext) =>
  new AnalyticsService({ em: ctx.em, loaders: ctx.loaders.analytics, shared: ctx.analytics, disclosure: ctx.config.disclosure });
