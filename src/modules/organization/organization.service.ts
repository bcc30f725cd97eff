import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../shared/errors';
import { findPage, keysetOrder, type Page, type PageArgs, type SortDirection } from '../../shared/pagination/keyset';
import { nameContaining } from '../../shared/sql';
import { Organization } from './organization.entity';
import type { Industry, OrgKind } from './organization.enums';

export interface OrganizationCriteria {
  kinds?: OrgKind[] | null;
  industries?: Industry[] | null;
  townCodes?: string[] | null;
  hasCreditCode?: boolean | null;
  nameContains?: string | null;
}

export function organizationWhere(c: OrganizationCriteria | null | undefined): FilterQuery<Organization> {
  if (!c) return {};
  const and: FilterQuery<Organization>[] = [];
  if (c.kinds?.length) and.push({ kind: { $in: c.kinds } });
  if (c.industries?.length) and.push({ industry: { $in: c.industries } });
  if (c.townCodes?.length) and.push({ town: { $in: c.townCodes } });
  if (c.hasCreditCode != null) and.push({ creditCode: c.hasCreditCode ? { $ne: null } : null });
  if (c.nameContains) and.push(nameContaining<Organization>(c.nameContains));
  return and.length ? { $and: and } : {};
}

export class OrganizationService {
  constructor(
    private readonly em: EntityManager,
    private readonly maxPageSize: number,
  ) {}

  list(
    criteria: OrganizationCriteria | undefined,
    sort: { field: 'id' | 'name'; direction: SortDirection }[] | undefined,
    page: PageArgs,
  ): Promise<Page<Organization>> {
    const order = keysetOrder(sort?.length ? sort : [{ field: 'name', direction: 'asc' }]);
    return findPage(this.em, Organization, () => ({ $and: [organizationWhere(criteria), { archivedAt: null }] }), order, page, this.maxPageSize);
  }

  async byId(id: number): Promise<Organization> {
    const organization = await this.em.findOne(Organization, id);
    if (!organization) throw new NotFoundError('Organization', id);
    return organization;
  }
}
