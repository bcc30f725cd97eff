import { Role } from './roles';

/** The caller of one request, decided once in the context and never changed afterwards. */
export interface Viewer {
  readonly role: Role;
  /** The token's `sub`; null for PUBLIC (and for tokens of non-ADMIN roles that carry none). */
  readonly subject: string | null;
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({ role: Role.PUBLIC, subject: null });
