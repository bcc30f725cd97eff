import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from './config';
import { createAnalyticsLoaders } from './modules/analytics/analytics.loaders';
import { createApplicationLoaders } from './modules/application/application.loaders';
import { analyticsFor } from './modules/analytics/analytics.factory';
import type { AnalyticsShared } from './modules/analytics/analytics.service';
import { createAwardLoaders } from './modules/award/award.loaders';
import { createOrganizationLoaders } from './modules/organization/organization.loaders';
import { createPlatformLoaders } from './modules/platform/platform.loaders';
import { createRegionLoaders } from './modules/region/region.loaders';
import { serviceMapShared, type ServiceMapShared } from './modules/service-map/service-map.layer-cache';
import { createTalentLoaders } from './modules/talent/talent.loaders';
import { createDemandLoaders } from './modules/demand/demand.loaders';
import { createShortageCatalogueLoaders } from './modules/shortage-catalogue/shortage-catalogue.loaders';
import { createTrainingLoaders } from './modules/training/training.loaders';
import { createRecruitmentLoaders } from './modules/recruitment/recruitment.loaders';
import { createPairingLoaders } from './modules/pairing/pairing.loaders';
import type { SummaryCount } from './modules/talent/talent.service';
import { PersonalReadLog } from './modules/audit/personal-read-log';
import type { Viewer } from './shared/auth/viewer';
import type { Orm } from './shared/orm';
import type { PiiKeyring } from './shared/pii/keyring';
import { primaryRoute, routedFork, type ReadRoute } from './shared/replicas';

export interface RequestContext {
  /** The server's own id of the request (see requestIdMiddleware). */
  requestId: string;
  /** The caller's well-formed x-request-id, if any: correlation only. */
  clientRequestId: string | null;
  config: AppConfig;
  /**
   * This request's own unit of work: no identity map or state is shared between requests. Its
   * reads outside transactions (`em.find`, QueryBuilder, `em.getConnection('read')`) go to the
   * node of `reads`; writes, transactions and `em.execute` to the primary.
   */
  em: EntityManager;
  /** Where this request reads (src/shared/replicas.ts): chosen when the context is made, kept for the request. */
  reads: ReadRoute;
  loaders: ReturnType<typeof createLoaders>;
  /** Shared by every request of the app: the aggregate cache and the perturbation table. */
  analytics: AnalyticsShared;
  /**
   * Exact talent counts from the analytics summaries, or null where they cannot express the
   * criteria: handed to the talent feature here, so that it needs no import of analytics (which
   * imports the talent filter).
   */
  talentSummaryCount: SummaryCount;
  /** Shared by every request on the same database: the service map's serialized GeoJSON features. */
  serviceMap: ServiceMapShared;
  /** Who is asking: PUBLIC without a token, else the verified token's role and subject. */
  viewer: Viewer;
  /** Decrypts personal fields for the roles that may read them. */
  keyring: PiiKeyring;
  /** Clear reads of personal fields, written to the audit trail once per operation. */
  personalReads: PersonalReadLog;
}

export interface RequestIdentity {
  viewer: Viewer;
  keyring: PiiKeyring;
  requestId?: string;
  clientRequestId?: string | null;
  /** Where the request reads; on the primary unless given (src/shared/replicas.ts, ReplicaSet.route). */
  reads?: ReadRoute;
}

/** Every feature's loaders, built per request so their caches never outlive it. */
function createLoaders(em: EntityManager, config: AppConfig, viewer: Viewer) {
  return {
    region: createRegionLoaders(em),
    organization: createOrganizationLoaders(em),
    talent: createTalentLoaders(em, config.maxPageSize),
    platform: createPlatformLoaders(em),
    award: createAwardLoaders(em),
    analytics: createAnalyticsLoaders(em),
    application: createApplicationLoaders(em),
    shortageCatalogue: createShortageCatalogueLoaders(em),
    demand: createDemandLoaders(em, viewer),
    training: createTrainingLoaders(em),
    recruitment: createRecruitmentLoaders(em),
    pairing: createPairingLoaders(em),
  };
}

export function createContext(
  orm: Orm,
  config: AppConfig,
  analytics: AnalyticsShared,
  { viewer, keyring, requestId = randomUUID(), clientRequestId = null, reads = primaryRoute(orm) }: RequestIdentity,
): RequestContext {
  const em = routedFork(orm, reads);
  const context: RequestContext = {
    requestId,
    clientRequestId,
    config,
    em,
    reads,
    loaders: createLoaders(em, config, viewer),
    analytics,
    talentSummaryCount: (criteria) => analyticsFor(context).talentCount(criteria),
    serviceMap: serviceMapShared(orm),
    viewer,
    keyring,
    personalReads: new PersonalReadLog(),
  };
  return context;
}
