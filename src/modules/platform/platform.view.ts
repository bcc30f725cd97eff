import type { Platform } from './platform.entity';

/**
 * What the Platform GraphQL type and its field resolvers read: a managed entity (a mutation's
 * result), or a plain row of the read paths (src/shared/read-model.ts), whose host and town are
 * their keys.
 */
export type PlatformView = Omit<Platform, 'hostOrganization' | 'town' | 'recordKey'> & { hostOrganization: { id: number }; town: { code: string } };
