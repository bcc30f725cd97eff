import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { outsideYourOrganization } from '../../shared/auth/organization-scope';
import { fieldError, FieldErrorCode, isUniqueViolation, refused, type FieldError, type WriteResult } from '../../shared/writes/field-error';
import { lockForWrite, type WriteTarget } from '../../shared/writes/versioned';
import { Talent } from '../talent/talent.entity';
import { TrainingEnrolment, TrainingProgramme } from './training.entity';
import { ENROLMENT_STATUS_LABELS, EnrolmentStatus, ProgrammeKind } from './training.enums';

export interface EnrolmentFields {
  programmeId: number;
  talentId: number;
  mentorId?: number | null;
}

const MENTORED = new Set([ProgrammeKind.MENTORSHIP, ProgrammeKind.STARTUP_COACHING]);
const UNIQUE_ENROLMENT = 'training_enrolment_programme_talent_unique';

/**
 * Enrolments. The programme row is locked (FOR UPDATE) for the whole check-and-insert, so
 * enrolments in one programme run one after another: the places counted are the places taken,
 * and capacity holds however many arrive at once. A second enrolment of a talent is DUPLICATE
 * (the unique key backs the check). Knows no GraphQL. `scope`: the one organization whose
 * talents an organization-scoped caller may enrol (null: any).
 */
export class EnrolmentService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: number | null,
  ) {}

  async enrol(f: EnrolmentFields): Promise<WriteResult<TrainingEnrolment>> {
    try {
      return await this.em.transactional((tx) => this.write(tx, f));
    } catch (error) {
      if (isUniqueViolation(error, UNIQUE_ENROLMENT)) {
        this.em.clear();
        return refused([duplicate(f)]);
      }
      throw error;
    }
  }

  private async write(tx: EntityManager, f: EnrolmentFields): Promise<WriteResult<TrainingEnrolment>> {
    const talent = await tx.findOne(Talent, { id: f.talentId, archivedAt: null }, { fields: ['id', 'organization'] });
    if (this.scope !== null && talent?.organization.id !== this.scope) throw outsideYourOrganization(`人才 ${f.talentId} `, 'talentId');
    const errors: FieldError[] = [];
    if (!talent) errors.push(fieldError('talentId', FieldErrorCode.NOT_FOUND, `人才 ${f.talentId} 不存在`));
    const programme = await tx.findOne(TrainingProgramme, f.programmeId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!programme) errors.push(fieldError('programmeId', FieldErrorCode.NOT_FOUND, `培训项目 ${f.programmeId} 不存在`));
    let mentor: { id: number } | null = null;
    if (f.mentorId != null) {
      if (programme && !MENTORED.has(programme.kind)) errors.push(fieldError('mentorId', FieldErrorCode.WRONG_KIND, '只有导师帮带和创业陪跑项目配备导师'));
      else if (f.mentorId === f.talentId) errors.push(fieldError('mentorId', FieldErrorCode.INVALID_VALUE, '导师不能是学员本人'));
      else {
        const found = await tx.findOne(Talent, { id: f.mentorId, archivedAt: null }, { fields: ['id', 'organization'] });
        // A manager names its own organization's talents only; a missing and a foreign id get the same answer.
        if (this.scope !== null && found?.organization.id !== this.scope) throw outsideYourOrganization(`导师 ${f.mentorId} `, 'mentorId');
        mentor = found;
        if (!mentor) errors.push(fieldError('mentorId', FieldErrorCode.NOT_FOUND, `导师 ${f.mentorId} 不存在`));
      }
    }
    if (errors.length || !programme || !talent) return refused(errors);
    const [{ enrolled }] = await tx.execute<{ enrolled: number }[]>(
      `select count(*)::int as enrolled from training_enrolment where programme_id = ? and status <> 'WITHDRAWN'`,
      [programme.id],
    );
    // One row per programme and talent: a talent who withdrew takes a place again on the same row.
    const earlier = await tx.findOne(TrainingEnrolment, { programme: programme.id, talent: talent.id });
    if (earlier && earlier.status !== EnrolmentStatus.WITHDRAWN) return refused([duplicate(f)]);
    if (enrolled >= programme.capacity) {
      return refused([fieldError('programmeId', FieldErrorCode.FULL, `培训项目 ${programme.id} 名额已满（${programme.capacity} 人）`)]);
    }
    const place = { mentor, status: EnrolmentStatus.ENROLLED, enrolledAt: new Date(), completedAt: null };
    const enrolment = earlier ? Object.assign(earlier, place) : tx.create(TrainingEnrolment, { programme, talent, ...place } as unknown as TrainingEnrolment);
    await tx.flush();
    return { record: enrolment, errors: [] };
  }

  /**
   * ENROLLED → COMPLETED (结业, with its time) or WITHDRAWN (退出, its place freed for the next
   * enrolment). NOT_OPEN for an enrolment already completed or withdrawn, INVALID_VALUE for any
   * other status; nothing written then. The programme is locked as `enrol` locks it, so a place
   * freed here and taken there are counted one after the other.
   */
  end(target: WriteTarget<TrainingEnrolment>, status: EnrolmentStatus): Promise<WriteResult<TrainingEnrolment>> {
    return this.em.transactional(async (tx): Promise<WriteResult<TrainingEnrolment>> => {
      const found = await tx.findOne(TrainingEnrolment, target.id, { fields: ['id', 'programme', 'talent'] });
      if (this.scope !== null) {
        // A manager ends its own organization's enrolments only; a missing and a foreign id get the same answer.
        const talent = found && (await tx.findOne(Talent, found.talent.id, { fields: ['id', 'organization'] }));
        if (talent?.organization.id !== this.scope) throw outsideYourOrganization(`培训报名 ${target.id} `, 'id');
      }
      if (found) await tx.findOne(TrainingProgramme, found.programme.id, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['id'] });
      const enrolment = found && (await lockForWrite(tx, TrainingEnrolment, target));
      if (!enrolment) return refused([fieldError('id', FieldErrorCode.NOT_FOUND, `培训报名 ${target.id} 不存在`)]);
      if (status === EnrolmentStatus.ENROLLED) return refused([fieldError('status', FieldErrorCode.INVALID_VALUE, '结束报名只能是结业（COMPLETED）或退出（WITHDRAWN）')]);
      if (enrolment.status !== EnrolmentStatus.ENROLLED) {
        return refused([fieldError('id', FieldErrorCode.NOT_OPEN, `培训报名 ${enrolment.id} 已${ENROLMENT_STATUS_LABELS[enrolment.status]}`)]);
      }
      enrolment.status = status;
      enrolment.completedAt = status === EnrolmentStatus.COMPLETED ? new Date() : null;
      await tx.flush();
      return { record: enrolment, errors: [] };
    });
  }
}

const duplicate = (f: EnrolmentFields) => fieldError('talentId', FieldErrorCode.DUPLICATE, `人才 ${f.talentId} 已报名培训项目 ${f.programmeId}`);
