import type { RegionView } from '../region/region.view';
import type { Organization } from './organization.entity';

/**
 * What the Organization GraphQL type and its field resolvers read: a managed entity (a mutation's
 * result, `organization(id)`), or a plain row of the read paths (src/shared/read-model.ts), whose
 * town and village are their codes (and the town's row, where joined in).
 */
export type OrganizationView = Omit<Organization, 'town' | 'village'> & {
  town: { code: string };
  village?: { code: string } | null;
  /** The town's row, when the statement joined it in (the loader does): no statement needed to show it. */
  townRegion?: RegionView;
};
