import type { Talent } from './talent.entity';

/**
 * What the Talent GraphQL type and its field resolvers read: a managed Talent entity is one (a
 * mutation's result), and so is a plain row of the read paths (lists, nested pages, loaders),
 * which are read without the unit of work (src/shared/read-model.ts). The employer is its id.
 */
export type TalentView = Omit<Talent, 'organization' | 'recordKey'> & { organization: { id: number } };
