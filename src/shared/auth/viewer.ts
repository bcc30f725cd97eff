import { Role } from './roles';

/** The caller of one request, decided once in the context and never changed afterwards. */
export interface Viewer {
  readonly role: Role;
  /** The token's `sub`; null for PUBLIC (and for tokens of non-ADMIN roles that carry none). */
  readonly subject: string | null;
  /**
   * The token's `org` claim for organization-scoped roles (ORG_MANAGER): the one organization
   * whose talents it may read and edit. Absent for every other role, whatever the token says.
   */
  readonly organizationId?: number;
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({ role: Role.PUBLIC, subject: null });
