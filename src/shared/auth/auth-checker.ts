import type { AuthChecker } from 'type-graphql';
import { Role } from './roles';
import type { Viewer } from './viewer';

export interface AuthContext {
  viewer: Viewer;
}

/**
 * type-graphql's one authorization hook: `@Authorized(...RECORD_READERS)` lets a field resolve
 * only for the listed roles. A denial becomes AuthorizationError (FORBIDDEN in the formatter);
 * `@Authorized()` with no roles means "any token" and a PUBLIC caller gets AuthenticationError
 * (UNAUTHENTICATED). A context without a viewer is denied: no viewer, no data.
 */
export const authChecker: AuthChecker<AuthContext, Role> = ({ context }, roles) => {
  const role = context?.viewer?.role;
  if (role === undefined) return false;
  if (roles.length === 0) return role !== Role.PUBLIC;
  return roles.includes(role);
};
