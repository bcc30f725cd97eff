import type { Organization } from './organization.entity';

/**
 * What the Organization GraphQL type and its field resolvers read: a managed entity (a mutation's
 * result, `organization(id)`), or a plain row of the read paths (src/shared/read-model.ts), whose
 * town and village are their codes.
 */
export type OrganizationView = Omit<Organization, 'town' | 'village'> & { town: { code: string }; village?: { code: string } | null };
