import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { CoordSystem, LatLng } from '../../shared/geo';
import { checkCreditCode } from '../../shared/writes/domain-rules';
import { checkPlace } from '../region/region.place';
import { setArchived } from '../../shared/writes/archive';
import { lockForWrite, type WriteTarget } from '../../shared/writes/versioned';
import { fieldError, FieldErrorCode, isUniqueViolation, refused, type FieldError, type WriteResult } from '../../shared/writes/field-error';
import { Region } from '../region/region.entity';
import { RegionLevel } from '../region/region.enums';
import { Organization } from './organization.entity';
import type { Industry, OrgKind } from './organization.enums';

export interface OrganizationFields {
  name: string;
  kind: OrgKind;
  creditCode?: string | null;
  industry: Industry;
  townCode: string;
  villageCode?: string | null;
  address: string;
  location: LatLng;
  coordSystem?: CoordSystem;
}

const UNIQUE_CREDIT_CODE = 'organization_credit_code_unique';

/**
 * The active organization a write attaches a record to (a talent's employer, a platform's host),
 * read FOR SHARE inside that write's transaction: archiving it (FOR UPDATE, then counting its
 * talents) waits for the write and counts what it added; an archive that came first leaves
 * nothing to find here once it commits. Null: unknown or archived.
 */
export function activeOrganizationForWrite(em: EntityManager, id: number): Promise<Organization | null> {
  return em.findOne(Organization, { id, archivedAt: null }, { lockMode: LockMode.PESSIMISTIC_READ, refresh: true });
}

/**
 * Restoring a record that belongs to an organization (a talent's employer, a platform's host):
 * NOT_FOUND on `field` while that organization is archived, so that it is restored first.
 */
export async function refuseWhileOrganizationArchived(em: EntityManager, organizationId: number, field: string, role: string): Promise<FieldError | null> {
  const active = await activeOrganizationForWrite(em, organizationId);
  return active ? null : fieldError(field, FieldErrorCode.NOT_FOUND, `${role}已归档，请先恢复该单位`);
}

/**
 * Creates and updates organizations: credit code (GB 32100), location inside the district in
 * any coordinate system, town consistent with the location (domain-rules.ts, checkTown), the
 * village inside the town. One transaction per write. Knows no GraphQL.
 */
export class OrganizationWriteService {
  constructor(private readonly em: EntityManager) {}

  create(fields: OrganizationFields): Promise<WriteResult<Organization>> {
    return this.write(null, fields);
  }

  update(target: WriteTarget<Organization>, changes: Partial<OrganizationFields>): Promise<WriteResult<Organization>> {
    return this.write(target, changes);
  }

  /**
   * Archived organizations leave lists; refused (IN_USE) while they employ active talents, whose
   * analytics are counted by their employer's town and kind. Archiving twice is a no-op.
   */
  archive(target: WriteTarget<Organization>): Promise<WriteResult<Organization>> {
    return setArchived(this.em, Organization, target, true, `单位 ${target.id} 不存在`, async (tx) => {
      // The register's own view of who is active: this feature does not import the talent feature (which imports it).
      const [{ employs }] = await tx.execute<{ employs: number }[]>('select count(*)::int as employs from active_talent where organization_id = ?', [target.id]);
      return employs ? fieldError('id', FieldErrorCode.IN_USE, `该单位仍有 ${employs} 名在册人才，请先调整或归档`) : null;
    });
  }

  /** Brings an archived organization back into lists; it can again receive talents and platforms. */
  unarchive(target: WriteTarget<Organization>): Promise<WriteResult<Organization>> {
    return setArchived(this.em, Organization, target, false, `单位 ${target.id} 不存在`);
  }

  /** One transaction from the read to the write, the organization read locked (lockForWrite). */
  private async write(target: WriteTarget<Organization> | null, fields: Partial<OrganizationFields>): Promise<WriteResult<Organization>> {
    try {
      return await this.em.transactional(async (em): Promise<WriteResult<Organization>> => {
        const existing = target && (await lockForWrite(em, Organization, target, { populate: ['town'] }));
        if (target && !existing) return refused([fieldError('id', FieldErrorCode.NOT_FOUND, `单位 ${target.id} 不存在`)]);
        const errors: FieldError[] = [];
        const creditCode = fields.creditCode == null ? fields.creditCode : fields.creditCode.trim().toUpperCase();
        if (creditCode) {
          const error = checkCreditCode('creditCode', creditCode);
          if (error) errors.push(error);
        }
        const location = await checkPlace(em, fields, existing, errors);
        const townCode = fields.townCode ?? existing?.town.code;
        let village: Region | null | undefined = undefined;
        if (fields.villageCode) {
          village = await em.findOne(Region, { code: fields.villageCode, level: RegionLevel.VILLAGE });
          if (!village || village.parent?.code !== townCode) {
            errors.push(fieldError('villageCode', FieldErrorCode.NOT_FOUND, '该村/社区不存在或不属于所选街道/乡镇'));
          }
        } else if (fields.villageCode === null) village = null;
        if (errors.length) return refused(errors);

        const { location: _location, coordSystem: _system, townCode: _town, villageCode: _village, creditCode: _code, ...plain } = fields;
        const organization = existing ?? em.create(Organization, {} as Organization);
        em.assign(organization, plain);
        if (creditCode !== undefined) organization.creditCode = creditCode || null;
        if (location) Object.assign(organization, location);
        if (fields.townCode) organization.town = em.getReference(Region, fields.townCode);
        if (village !== undefined) organization.village = village;
        em.persist(organization);
        await em.flush();
        return { record: organization, errors: [] };
      });
    } catch (error) {
      if (isUniqueViolation(error, UNIQUE_CREDIT_CODE)) {
        this.em.clear();
        return refused([fieldError('creditCode', FieldErrorCode.DUPLICATE, '已有单位使用该统一社会信用代码')]);
      }
      throw error;
    }
  }
}
