import { lexicographicSortSchema, printSchema, specifiedDirectives, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { AnalyticsResolver } from './modules/analytics/analytics.resolver';
import { ApplicationResolver } from './modules/application/application.resolver';
import { AuditResolver } from './modules/audit/audit.resolver';
import { AwardMutationResolver } from './modules/award/award.mutations';
import { AwardResolver } from './modules/award/award.resolver';
import { ImportJobResolver, ImportResolver } from './modules/imports/import.resolver';
import { DemandMatchingResolver, TalentMatchingResolver } from './modules/matching/matching.resolver';
import { OrganizationMutationResolver } from './modules/organization/organization.mutations';
import { OrganizationResolver } from './modules/organization/organization.resolver';
import { PlatformMutationResolver } from './modules/platform/platform.mutations';
import { PlatformResolver } from './modules/platform/platform.resolver';
import { RegionResolver } from './modules/region/region.resolver';
import { ServicePointMutationResolver } from './modules/service-map/service-point.mutations';
import { ServiceMapResolver } from './modules/service-map/service-map.resolver';
import { TalentMutationResolver } from './modules/talent/talent.mutations';
import { TalentResolver } from './modules/talent/talent.resolver';
import { ChallengeBidResolver, DemandResolver } from './modules/demand/demand.resolver';
import { EmployerResolver } from './modules/organization/employer';
import { DemandImportResolver } from './modules/imports/demand-import.resolver';
import { ShortageCatalogueEntryResolver, ShortageCatalogueResolver } from './modules/shortage-catalogue/shortage-catalogue.resolver';
import { TrainingEnrolmentResolver, TrainingProgrammeResolver } from './modules/training/training.resolver';
import { RecruitmentEventResolver } from './modules/recruitment/recruitment.resolver';
import { OrganizationTalentsResolver } from './modules/talent/talent.links';
import { OrganizationPlatformsResolver, TalentPlatformsResolver } from './modules/platform/platform.links';
import { OrganizationAwardsResolver, PlatformAwardsResolver, TalentAwardsResolver } from './modules/award/award.links';
import { PairingResolver } from './modules/pairing/pairing.resolver';
import { cacheControlDirective } from './shared/cache-control';
import { authChecker } from './shared/auth/auth-checker';
import { installSyncMiddlewareChain } from './shared/sync-middleware';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const resolvers: NonEmptyArray<Function> = [
  RegionResolver,
  OrganizationResolver,
  TalentResolver,
  PlatformResolver,
  AwardResolver,
  AwardMutationResolver,
  ApplicationResolver,
  ServiceMapResolver,
  AnalyticsResolver,
  AuditResolver,
  TalentMutationResolver,
  OrganizationMutationResolver,
  ImportResolver,
  ImportJobResolver,
  PlatformMutationResolver,
  ServicePointMutationResolver,
  EmployerResolver,
  ShortageCatalogueResolver,
  ShortageCatalogueEntryResolver,
  DemandResolver,
  ChallengeBidResolver,
  TrainingProgrammeResolver,
  TrainingEnrolmentResolver,
  RecruitmentEventResolver,
  OrganizationTalentsResolver,
  OrganizationPlatformsResolver,
  TalentPlatformsResolver,
  OrganizationAwardsResolver,
  TalentAwardsResolver,
  PlatformAwardsResolver,
  PairingResolver,
  DemandImportResolver,
  DemandMatchingResolver,
  TalentMatchingResolver,
];

export function buildHubSchema(): Promise<GraphQLSchema> {
  installSyncMiddlewareChain();
  return buildSchema({
    resolvers,
    directives: [...specifiedDirectives, cacheControlDirective],
    authChecker,
    // Inputs are validated with class-validator; absent optional fields are not validated.
    validate: { skipMissingProperties: true, forbidUnknownValues: false },
  });
}

/** The SDL as committed in schema/schema.graphql: sorted, so diffs show real changes only. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
