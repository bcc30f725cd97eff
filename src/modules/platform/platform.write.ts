import type { EntityManager } from '@mikro-orm/postgresql';
import type { CoordSystem, LatLng } from '../../shared/geo';
import { setArchived } from '../../shared/writes/archive';
import { bumpVersion, lockForWrite, type WriteTarget } from '../../shared/writes/versioned';
import { fieldError, FieldErrorCode, refused, type FieldError, type WriteResult } from '../../shared/writes/field-error';
import { checkPlace } from '../region/region.place';
import { Organization } from '../organization/organization.entity';
import { activeOrganizationForWrite, refuseWhileOrganizationArchived } from '../organization/organization.write';
import { Region } from '../region/region.entity';
import { Talent } from '../talent/talent.entity';
import { Platform, PlatformMembership } from './platform.entity';
import type { PlatformLevel, PlatformType } from './platform.enums';

export interface PlatformFields {
  name: string;
  type: PlatformType;
  level: PlatformLevel;
  hostOrganizationId: number;
  townCode: string;
  location: LatLng;
  coordSystem?: CoordSystem;
  establishedYear: number;
  /** The platform's talents; on update, the complete new set. */
  memberIds?: number[];
}

/**
 * Creates and updates platforms with their members: place rules as for organizations, every
 * member id must name a talent (one unknown id → nothing written), platform and memberships in
 * one transaction. Knows no GraphQL.
 */
export class PlatformWriteService {
  constructor(private readonly em: EntityManager) {}

  create(fields: PlatformFields): Promise<WriteResult<Platform>> {
    return this.write(null, fields);
  }

  update(target: WriteTarget<Platform>, changes: Partial<PlatformFields>): Promise<WriteResult<Platform>> {
    return this.write(target, changes);
  }

  /** Archived platforms leave lists and platformDistribution; members and awards keep the row. */
  archive(target: WriteTarget<Platform>): Promise<WriteResult<Platform>> {
    return setArchived(this.em, Platform, target, true, `平台 ${target.id} 不存在`);
  }

  /** Brings an archived platform back into lists and platformDistribution; refused while its host organization is archived. */
  unarchive(target: WriteTarget<Platform>): Promise<WriteResult<Platform>> {
    return setArchived(this.em, Platform, target, false, `平台 ${target.id} 不存在`, (tx, platform) =>
      refuseWhileOrganizationArchived(tx, platform.hostOrganization.id, 'hostOrganizationId', '依托单位'),
    );
  }

  /** One transaction from the read to the write, the platform read locked (lockForWrite). */
  private write(target: WriteTarget<Platform> | null, fields: Partial<PlatformFields>): Promise<WriteResult<Platform>> {
    return this.em.transactional(async (em): Promise<WriteResult<Platform>> => {
      const existing = target && (await lockForWrite(em, Platform, target, { populate: ['town'] }));
      if (target && !existing) return refused([fieldError('id', FieldErrorCode.NOT_FOUND, `平台 ${target.id} 不存在`)]);
      const readVersion = existing?.version;
      const errors: FieldError[] = [];
      if (fields.establishedYear != null && (fields.establishedYear < 1949 || fields.establishedYear > new Date().getFullYear())) {
        errors.push(fieldError('establishedYear', FieldErrorCode.INVALID_VALUE, '成立年份应在 1949 年至今年之间'));
      }
      const location = await checkPlace(em, fields, existing, errors);
      let host: Organization | null = null;
      if (fields.hostOrganizationId != null) {
        host = await activeOrganizationForWrite(em, fields.hostOrganizationId);
        if (!host) errors.push(fieldError('hostOrganizationId', FieldErrorCode.NOT_FOUND, `依托单位 ${fields.hostOrganizationId} 不存在`));
      }
      const memberIds = fields.memberIds ? [...new Set(fields.memberIds)] : undefined;
      if (memberIds?.length) {
        const found = new Set((await em.find(Talent, { id: { $in: memberIds } }, { fields: ['id'] })).map((t) => t.id));
        const missing = memberIds.filter((id) => !found.has(id));
        if (missing.length) errors.push(fieldError('memberIds', FieldErrorCode.NOT_FOUND, `人才 ${missing.join(', ')} 不存在`));
      }
      if (errors.length) return refused(errors);

      const { location: _l, coordSystem: _c, townCode, hostOrganizationId: _h, memberIds: _m, ...plain } = fields;
      const platform = existing ?? em.create(Platform, {} as Platform);
      em.assign(platform, plain);
      if (location) Object.assign(platform, location);
      if (townCode) platform.town = em.getReference(Region, townCode);
      if (host) platform.hostOrganization = host;
      em.persist(platform);
      await em.flush();
      if (memberIds) {
        await em.nativeDelete(PlatformMembership, { platform: platform.id });
        for (const id of memberIds) em.persist(em.create(PlatformMembership, { platform, talent: em.getReference(Talent, id) }));
        await em.flush();
        // The members are part of the platform a client edits: replacing them moves its version even when no column changed.
        if (existing && existing.version === readVersion) await bumpVersion(em, existing);
      }
      return { record: platform, errors: [] };
    });
  }
}
