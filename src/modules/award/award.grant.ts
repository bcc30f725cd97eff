import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, NotFoundError } from '../../shared/errors';
import { CapExceededError, DuplicateFundingError, NotEligibleError } from './award.errors';
import { Award } from './award.entity';
import { AWARD_PROGRAMS, AwardProgram, AwardStatus, CapPeriod, RecipientKind } from './award.enums';
import { capsFor, ELIGIBILITY, fromFen, toFen, type RecipientFacts } from './award.rules';

export interface GrantCommand {
  program: AwardProgram;
  recipient: { kind: RecipientKind; id: number };
  /** 元, exact decimal string. */
  amount: string;
  year: number;
  month: number | null;
  matter: string;
  note: string | null;
}

const RECIPIENT_COLUMN: Record<RecipientKind, string> = {
  [RecipientKind.TALENT]: 'talent_id',
  [RecipientKind.ORGANIZATION]: 'organization_id',
  [RecipientKind.PLATFORM]: 'platform_id',
};

const UNIQUE_VIOLATION = '23505';

/**
 * Grants and revokes awards under the rules of award.rules.ts (docs/funding.md). Every grant
 * runs in one transaction holding an advisory lock on its recipient, so cap sums and the
 * duplicate check see every committed grant to that recipient; the unique index
 * award_recipient_matter_unique backs 奖励资助不重复 in the database whatever the path.
 */
export class AwardGrantService {
  constructor(private readonly em: EntityManager) {}

  grant(command: GrantCommand): Promise<Award> {
    return this.em.transactional((tx) => this.grantIn(tx, command));
  }

  /** The grant inside a caller's transaction (application approval uses it too). */
  async grantIn(tx: EntityManager, c: GrantCommand): Promise<Award> {
    const matter = c.matter.trim();
    if (!matter) throw new BadUserInputError('matter must name what is funded', { argument: 'matter' });
    const monthly = AWARD_PROGRAMS[c.program].capPeriod === CapPeriod.MONTH;
    if (c.month !== null && (!monthly || c.month < 1 || c.month > 12)) {
      throw new BadUserInputError(monthly ? 'month must be 1-12' : `${c.program} is not a monthly programme: leave month out`, { argument: 'month' });
    }
    const amountFen = toFen(c.amount);
    const column = RECIPIENT_COLUMN[c.recipient.kind];
    const recipientId = c.recipient.id;

    await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`award:${c.recipient.kind}:${recipientId}`]);

    const facts = await recipientFacts(tx, c.recipient.kind, recipientId);
    if (!ELIGIBILITY[c.program].eligible(facts)) throw new NotEligibleError(c.program);

    const mine = `recipient_kind = ? and ${column} = ? and status <> 'REVOKED'`;
    const [existing] = await tx.execute<{ id: number; program: AwardProgram }[]>(`select id, program from award where ${mine} and matter = ? limit 1`, [c.recipient.kind, recipientId, matter]);
    if (existing) throw new DuplicateFundingError(existing, c.program, matter);

    for (const { scope, capFen } of capsFor(c.program, c.month)) {
      const within = scope === 'MATTER' ? 'matter = ?' : scope === 'YEAR' ? 'year = ?' : 'year = ? and month = ?';
      const params = scope === 'MATTER' ? [matter] : scope === 'YEAR' ? [c.year] : [c.year, c.month];
      const [{ used }] = await tx.execute<{ used: string }[]>(`select coalesce(sum(amount), 0)::text as used from award where ${mine} and program = ? and ${within}`, [c.recipient.kind, recipientId, c.program, ...params]);
      const remaining = capFen - toFen(used);
      if (amountFen > remaining) throw new CapExceededError(c.program, scope, capFen, remaining < 0n ? 0n : remaining);
    }

    try {
      const [{ id }] = await tx.execute<{ id: number }[]>(
        `insert into award (program, amount, year, month, status, recipient_kind, ${column}, matter, note) values (?, ?::numeric, ?, ?, 'APPROVED', ?, ?, ?, ?) returning id`,
        [c.program, fromFen(amountFen), c.year, c.month, c.recipient.kind, recipientId, matter, c.note],
      );
      return await tx.findOneOrFail(Award, id);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        // Only reachable if a writer bypassed the lock; the index decides, the message names the winner.
        throw new DuplicateFundingError({ id: 0, program: c.program }, c.program, matter);
      }
      throw error;
    }
  }

  async revoke(id: number, reason: string): Promise<Award> {
    if (!reason.trim()) throw new BadUserInputError('a reason is required to revoke an award', { argument: 'reason' });
    return this.em.transactional(async (tx) => {
      const rows = await tx.execute<{ id: number; status: AwardStatus }[]>('select id, status from award where id = ? for update', [id]);
      if (!rows.length) throw new NotFoundError('Award', id);
      if (rows[0].status === AwardStatus.REVOKED) throw new BadUserInputError(`award ${id} is already revoked`, { argument: 'id' });
      await tx.execute(`update award set status = 'REVOKED', revoked_reason = ? where id = ?`, [reason.trim(), id]);
      return tx.findOneOrFail(Award, id, { refresh: true });
    });
  }
}

/** What the rules need to know of a recipient; NOT_FOUND when it does not exist. */
export async function recipientFacts(tx: EntityManager, kind: RecipientKind, id: number): Promise<RecipientFacts> {
  switch (kind) {
    case RecipientKind.TALENT: {
      const [row] = await tx.execute('select tier, engagement from talent where id = ?', [id]);
      if (!row) throw new NotFoundError('Talent', id);
      return { kind, tier: row.tier ?? null, engagement: row.engagement };
    }
    case RecipientKind.ORGANIZATION: {
      const [row] = await tx.execute('select kind from organization where id = ?', [id]);
      if (!row) throw new NotFoundError('Organization', id);
      return { kind, orgKind: row.kind };
    }
    case RecipientKind.PLATFORM: {
      const [row] = await tx.execute('select type from platform where id = ?', [id]);
      if (!row) throw new NotFoundError('Platform', id);
      return { kind, platformType: row.type };
    }
  }
}
