import { ForbiddenError } from './errors';
import { canReadRecords, canWriteRecords, demandDeskAccess, isOrganizationScoped } from './roles';
import type { Viewer } from './viewer';

/** What the `org` claim may hold: an organization id (a positive integer, or its decimal string). */
export function organizationClaim(value: unknown): number | null {
  const id = typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1 && id <= 2147483647 ? id : null;
}

/**
 * The one organization whose talents the viewer is limited to, or null when it is not limited
 * (ANALYST and ADMIN, whose access the `@Authorized` role lists already decided). Fails closed:
 * a role that is neither unlimited nor scoped to an organization gets FORBIDDEN.
 */
export function talentScope(viewer: Viewer, access: 'read' | 'write'): number | null {
  if (access === 'read' ? canReadRecords(viewer.role) : canWriteRecords(viewer.role)) return null;
  if (isOrganizationScoped(viewer.role) && viewer.organizationId !== undefined) return viewer.organizationId;
  throw new ForbiddenError();
}

/**
 * The one answer an organization-scoped caller gets for a talent outside its organization,
 * whether that talent exists elsewhere or not at all: the refusal discloses nothing about other
 * organizations' registers.
 */
export function notYourTalent(id: number): ForbiddenError {
  return new ForbiddenError(`人才 ${id} 不存在或不属于你管理的单位`, { scope: 'ORGANIZATION' });
}

/** A filter, create or update naming another organization than the caller's own. */
export function notYourOrganization(organizationId: number, own: number): ForbiddenError {
  return new ForbiddenError(`只能查看、录入和修改本单位（${own}）的人才，不能指定单位 ${organizationId}`, { scope: 'ORGANIZATION', argument: 'organizationId' });
}

/**
 * The one organization whose demands, talents' bids and enrolments the viewer's demand-desk
 * writes are limited to, or null when they are not limited. Fails closed: no desk access, or an
 * organization-scoped role without its `org` claim, is FORBIDDEN.
 */
export function deskScope(viewer: Viewer): number | null {
  const access = demandDeskAccess(viewer.role);
  if (access === 'all') return null;
  if (access === 'ownOrganization' && viewer.organizationId !== undefined) return viewer.organizationId;
  throw new ForbiddenError();
}

/** A demand-desk write reaching outside the caller's organization (or at something that does not exist: the same answer). */
export function outsideYourOrganization(what: string, argument: string): ForbiddenError {
  return new ForbiddenError(`${what}不存在或不属于你管理的单位`, { scope: 'ORGANIZATION', argument });
}
