import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { BadUserInputError, NotFoundError } from '../../shared/errors';
import { findPage, keysetOrder, type Page, type PageArgs } from '../../shared/pagination/keyset';
import { lockForWrite, type WriteTarget } from '../../shared/writes/versioned';
import type { AwardProgram } from '../award/award.enums';
import { AwardGrantService, recipientFacts, type GrantCommand } from '../award/award.grant';
import { Application, ApplicationEvent } from './application.entity';
import { ApplicationStatus, type ApplicationDimension } from './application.enums';
import { InvalidTransitionError } from './application.errors';

/** The workflow: which status may follow which. APPROVED is passed through within approve(). */
const NEXT: Record<ApplicationStatus, ApplicationStatus[]> = {
  [ApplicationStatus.DRAFT]: [ApplicationStatus.SUBMITTED],
  [ApplicationStatus.SUBMITTED]: [ApplicationStatus.APPROVED, ApplicationStatus.REJECTED],
  [ApplicationStatus.APPROVED]: [ApplicationStatus.GRANTED],
  [ApplicationStatus.REJECTED]: [],
  [ApplicationStatus.GRANTED]: [],
};

const DIMENSION_COLUMN: Record<ApplicationDimension, string> = { STATUS: 'status', PROGRAM: 'program' };

export interface ApplicationCriteria {
  statuses?: ApplicationStatus[] | null;
  programs?: AwardProgram[] | null;
  years?: number[] | null;
}

export class ApplicationService {
  constructor(
    private readonly em: EntityManager,
    private readonly actor: string,
  ) {}

  create(c: Omit<GrantCommand, 'note'>): Promise<Application> {
    return this.em.transactional(async (tx) => {
      // The applicant must exist: NOT_FOUND as grantAward answers, not a foreign-key violation.
      await recipientFacts(tx, c.recipient.kind, c.recipient.id);
      const now = new Date();
      const column = { TALENT: 'talentId', ORGANIZATION: 'organizationId', PLATFORM: 'platformId' }[c.recipient.kind];
      const application = tx.create(Application, {
        program: c.program, recipientKind: c.recipient.kind, [column]: c.recipient.id, matter: c.matter.trim(),
        requestedAmount: c.amount, year: c.year, month: c.month, status: ApplicationStatus.DRAFT, createdAt: now, updatedAt: now,
      } as unknown as Application);
      tx.create(ApplicationEvent, { application, fromStatus: null, toStatus: ApplicationStatus.DRAFT, actor: this.actor, at: now, note: null });
      await tx.flush();
      return application;
    });
  }

  submit(target: WriteTarget, note: string | null): Promise<Application> {
    return this.move(target, [ApplicationStatus.SUBMITTED], note);
  }

  reject(target: WriteTarget, reason: string): Promise<Application> {
    return this.move(target, [ApplicationStatus.REJECTED], reason);
  }

  /** Approval grants the award through the funding rules in the same transaction: if they refuse, nothing changes. */
  approve(target: WriteTarget, note: string | null): Promise<Application> {
    return this.move(target, [ApplicationStatus.APPROVED, ApplicationStatus.GRANTED], note, async (tx, a) => {
      const award = await new AwardGrantService(tx).grantIn(tx, {
        program: a.program,
        recipient: { kind: a.recipientKind, id: (a.talentId ?? a.organizationId ?? a.platformId)! },
        amount: a.requestedAmount, year: a.year, month: a.month ?? null, matter: a.matter, note: `application ${a.id}`,
      });
      a.awardId = award.id;
    });
  }

  /** Each step on the application read locked (lockForWrite): CONFLICT when it has moved on since `expectedVersion`. */
  private move(target: WriteTarget<Application>, steps: ApplicationStatus[], note: string | null, effect?: (tx: EntityManager, a: Application) => Promise<void>): Promise<Application> {
    return this.em.transactional(async (tx) => {
      const application = await lockForWrite(tx, Application, target);
      if (!application) throw new NotFoundError('Application', target.id);
      for (const to of steps) {
        if (!NEXT[application.status].includes(to)) throw new InvalidTransitionError(application.status, to);
        const now = new Date();
        tx.create(ApplicationEvent, { application, fromStatus: application.status, toStatus: to, actor: this.actor, at: now, note });
        application.status = to;
        application.updatedAt = now;
      }
      if (effect) await effect(tx, application);
      await tx.flush();
      return application;
    });
  }

  list(c: ApplicationCriteria | null | undefined, page: PageArgs, maxPageSize: number): Promise<Page<Application>> {
    const and: FilterQuery<Application>[] = [];
    if (c?.statuses?.length) and.push({ status: { $in: c.statuses } });
    if (c?.programs?.length) and.push({ program: { $in: c.programs } });
    if (c?.years?.length) and.push({ year: { $in: c.years } });
    return findPage(this.em, Application, () => (and.length ? { $and: and } : {}), keysetOrder([]), page, maxPageSize);
  }

  async byId(id: number): Promise<Application> {
    const application = await this.em.findOne(Application, id);
    if (!application) throw new NotFoundError('Application', id);
    return application;
  }

  /** THE counting SQL of applications: counts by status and/or programme. */
  distribution(by: ApplicationDimension[]): Promise<{ keys: string[]; count: number }[]> {
    const columns = [...new Set(by)].map((d) => DIMENSION_COLUMN[d]);
    if (!columns.length) throw new BadUserInputError('by needs at least one dimension', { argument: 'by' });
    return this.em
      .getConnection('read')
      .execute<Record<string, string | number>[]>(`select ${columns.join(', ')}, count(*)::int as count from application group by ${columns.join(', ')} order by ${columns.join(', ')}`, [], 'all', this.em.getTransactionContext())
      .then((rows) => rows.map((row) => ({ keys: columns.map((c) => String(row[c])), count: Number(row.count) })));
  }
}
