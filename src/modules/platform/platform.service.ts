import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../shared/errors';
import { findPage, keysetOrder, type Page, type PageArgs } from '../../shared/pagination/keyset';
import { escapeLike } from '../../shared/sql';
import { Platform } from './platform.entity';
import type { PlatformLevel, PlatformType } from './platform.enums';

export interface PlatformCriteria {
  types?: PlatformType[] | null;
  levels?: PlatformLevel[] | null;
  townCodes?: string[] | null;
  hostOrganizationIds?: number[] | null;
  establishedFrom?: number | null;
  establishedTo?: number | null;
  nameContains?: string | null;
}

export function platformWhere(c: PlatformCriteria | null | undefined): FilterQuery<Platform> {
  if (!c) return {};
  const and: FilterQuery<Platform>[] = [];
  if (c.types?.length) and.push({ type: { $in: c.types } });
  if (c.levels?.length) and.push({ level: { $in: c.levels } });
  if (c.townCodes?.length) and.push({ town: { $in: c.townCodes } });
  if (c.hostOrganizationIds?.length) and.push({ hostOrganization: { $in: c.hostOrganizationIds } });
  if (c.establishedFrom != null) and.push({ establishedYear: { $gte: c.establishedFrom } });
  if (c.establishedTo != null) and.push({ establishedYear: { $lte: c.establishedTo } });
  if (c.nameContains) and.push({ name: { $like: `%${escapeLike(c.nameContains)}%` } });
  return and.length ? { $and: and } : {};
}

export class PlatformService {
  constructor(
    private readonly em: EntityManager,
    private readonly maxPageSize: number,
  ) {}

  /** Active platforms only; archived ones stay reachable by id. */
  list(criteria: PlatformCriteria | undefined, page: PageArgs): Promise<Page<Platform>> {
    return findPage(this.em, Platform, () => ({ $and: [platformWhere(criteria), { archivedAt: null }] }), keysetOrder([{ field: 'name', direction: 'asc' }]), page, this.maxPageSize);
  }

  async byId(id: number): Promise<Platform> {
    const platform = await this.em.findOne(Platform, id);
    if (!platform) throw new NotFoundError('Platform', id);
    return platform;
  }
}
