import type { EntityManager } from '@mikro-orm/postgresql';
import { encryptPersonal, lookupHash } from '../../shared/pii/personal-data-cipher';
import type { PiiKeyring } from '../../shared/pii/keyring';
import { checkIdNumber, checkPhone } from '../../shared/writes/domain-rules';
import { setArchived } from '../../shared/writes/archive';
import { lockForWrite, type WriteTarget } from '../../shared/writes/versioned';
import { fieldError, FieldErrorCode, isUniqueViolation, refused, type FieldError, type WriteResult } from '../../shared/writes/field-error';
import { Organization } from '../organization/organization.entity';
import type { Industry } from '../organization/organization.enums';
import { activeOrganizationForWrite, refuseWhileOrganizationArchived } from '../organization/organization.write';
import { Talent } from './talent.entity';
import { Gender, type Education, type Engagement, type ProfessionalTitle, type TalentTier, type TalentType } from './talent.enums';

/** What a caller may set on a talent; birth year and gender come from the ID number. */
export interface TalentFields {
  name: string;
  idNumber: string;
  phone: string;
  education: Education;
  professionalTitle: ProfessionalTitle;
  talentType: TalentType;
  tier?: TalentTier | null;
  industry: Industry;
  engagement: Engagement;
  overseasExperience: boolean;
  introducedAt: string;
  organizationId: number;
}

const UNIQUE_ID_NUMBER = 'talent_id_number_hash_unique';
const duplicate = () => fieldError('idNumber', FieldErrorCode.DUPLICATE, '已有人才使用该身份证号');

/**
 * Creates and updates talents: domain rules as field errors, personal fields encrypted and
 * hashed, each write in one transaction on the request's entity manager. Knows no GraphQL.
 */
export class TalentWriteService {
  constructor(
    private readonly em: EntityManager,
    private readonly keyring: PiiKeyring,
  ) {}

  create(fields: TalentFields): Promise<WriteResult<Talent>> {
    return this.write(null, fields);
  }

  update(target: WriteTarget<Talent>, changes: Partial<TalentFields>): Promise<WriteResult<Talent>> {
    return this.write(target, changes);
  }

  /** Archived talents leave lists, counts and analytics; the row stays (awards point at it). Archiving twice is a no-op. */
  archive(target: WriteTarget<Talent>): Promise<WriteResult<Talent>> {
    return setArchived(this.em, Talent, target, true, `人才 ${target.id} 不存在`);
  }

  /** Brings an archived talent back into lists, counts and analytics (+1); refused while its employer is archived. */
  unarchive(target: WriteTarget<Talent>): Promise<WriteResult<Talent>> {
    return setArchived(this.em, Talent, target, false, `人才 ${target.id} 不存在`, (tx, talent) =>
      refuseWhileOrganizationArchived(tx, talent.organization.id, 'organizationId', '所在单位'),
    );
  }

  /**
   * One transaction from the read to the write: the talent is read locked (lockForWrite), so
   * concurrent updates of one talent apply one after the other, each on the other's result.
   */
  private async write(target: WriteTarget<Talent> | null, fields: Partial<TalentFields>): Promise<WriteResult<Talent>> {
    try {
      return await this.em.transactional(async (em): Promise<WriteResult<Talent>> => {
        const existing = target && (await lockForWrite(em, Talent, target));
        if (target && !existing) return refused([fieldError('id', FieldErrorCode.NOT_FOUND, `人才 ${target.id} 不存在`)]);
        const errors: FieldError[] = [];
        let derived: Pick<Talent, 'birthYear' | 'gender'> | null = null;
        if (fields.idNumber != null) {
          const { parts, error } = checkIdNumber('idNumber', fields.idNumber);
          if (error) errors.push(error);
          else derived = { birthYear: parts!.birthYear, gender: parts!.gender === 'MALE' ? Gender.MALE : Gender.FEMALE };
        }
        if (fields.phone != null) {
          const error = checkPhone('phone', fields.phone);
          if (error) errors.push(error);
        }
        let organization: Organization | null = null;
        if (fields.organizationId != null) {
          organization = await activeOrganizationForWrite(em, fields.organizationId);
          if (!organization) errors.push(fieldError('organizationId', FieldErrorCode.NOT_FOUND, `工作单位 ${fields.organizationId} 不存在`));
        }
        if (errors.length) return refused(errors);

        const { idNumber, phone, organizationId: _organizationId, ...plain } = fields;
        const talent = existing ?? em.create(Talent, {} as Talent);
        em.assign(talent, plain);
        if (derived) Object.assign(talent, derived);
        if (idNumber != null) {
          talent.idNumberCipher = encryptPersonal(this.keyring, 'idNumber', idNumber);
          talent.idNumberHash = lookupHash(this.keyring, 'idNumber', idNumber);
        }
        if (phone != null) {
          talent.phoneCipher = encryptPersonal(this.keyring, 'phone', phone);
          talent.phoneHash = lookupHash(this.keyring, 'phone', phone);
        }
        if (organization) talent.organization = organization;
        em.persist(talent);
        await em.flush();
        return { record: talent, errors: [] };
      });
    } catch (error) {
      if (isUniqueViolation(error, UNIQUE_ID_NUMBER)) {
        this.em.clear();
        return refused([duplicate()]);
      }
      throw error;
    }
  }
}
