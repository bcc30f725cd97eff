import type { EntityManager } from '@mikro-orm/postgresql';
import { notYourOrganization, notYourTalent } from '../../shared/auth/organization-scope';
import { Talent } from './talent.entity';
import type { TalentCriteria } from './talent.filter';

/**
 * Holds an organization-scoped caller (ORG_MANAGER, `scope` = its organization) to its own
 * talents; with `scope` null (ANALYST, ADMIN) it checks nothing. FORBIDDEN when `talentId` is not
 * a talent of the organization (the same answer whether it exists elsewhere or not at all), or
 * when `organizationId` names another organization.
 */
export async function checkTalentScope(em: EntityManager, scope: number | null, { talentId, organizationId }: { talentId?: number; organizationId?: number | null }): Promise<void> {
  if (scope === null) return;
  if (organizationId != null && organizationId !== scope) throw notYourOrganization(organizationId, scope);
  if (talentId === undefined) return;
  const talent = await em.findOne(Talent, talentId);
  if (!talent) throw notYourTalent(talentId);
  inScope(scope)(talent);
}

/**
 * The same check on a talent as a write has locked it (WriteTarget.guard): an ADMIN moving the
 * talent to another organization between the check above and the write cannot let an
 * organization-scoped caller change it. Undefined when `scope` is null (nothing to check).
 */
export function talentScopeGuard(scope: number | null): ((talent: Talent) => void) | undefined {
  return scope === null ? undefined : inScope(scope);
}

const inScope = (scope: number) => (talent: Talent) => {
  if (talent.organization.id !== scope) throw notYourTalent(talent.id);
};

/** A list's criteria for a scoped caller: its own organization, whatever else the filter says (naming another is FORBIDDEN). */
export function scopedCriteria(criteria: TalentCriteria | undefined, scope: number | null): TalentCriteria | undefined {
  if (scope === null) return criteria;
  const other = criteria?.organizationIds?.find((id) => id !== scope);
  if (other !== undefined) throw notYourOrganization(other, scope);
  return { ...criteria, organizationIds: [scope] };
}
