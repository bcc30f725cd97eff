import type { Award } from './award.entity';

/**
 * What the Award GraphQL type and its field resolvers read: a managed entity (a grant's result,
 * `award(id)`), or a plain row of the read paths (src/shared/read-model.ts), whose recipient is
 * its key.
 */
export type AwardView = Omit<Award, 'talent' | 'organization' | 'platform' | 'recordKey'> & {
  talent?: { id: number } | null;
  organization?: { id: number } | null;
  platform?: { id: number } | null;
};
