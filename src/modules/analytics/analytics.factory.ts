import type { RequestContext } from '../../context';
import { AnalyticsService } from './analytics.service';

/** The analytics service of one request: its em, its loaders, the app's shared cache. */
export const analyticsFor = (ctx: RequestContext) =>
  new AnalyticsService({ em: ctx.em, loaders: ctx.loaders.analytics, shared: ctx.analytics, threshold: ctx.config.suppressionThreshold });
