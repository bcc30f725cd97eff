import { AppError } from '../../shared/errors';
import { AWARD_PROGRAMS, type AwardProgram } from './award.enums';
import { ELIGIBILITY, fromFen, standardOf, type CapScope } from './award.rules';

/** The funding rules' own codes (第九条), beside the shared ones in src/shared/errors.ts. */
export enum AwardErrorCode {
  /** A grant over a programme's cap (the details carry the remaining amount). */
  CAP_EXCEEDED = 'CAP_EXCEEDED',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  /** 奖励资助不重复: the matter already has a non-revoked award (named in the details). */
  DUPLICATE_FUNDING = 'DUPLICATE_FUNDING',
}

export class NotEligibleError extends AppError {
  constructor(program: AwardProgram) {
    const rule = ELIGIBILITY[program];
    super(AwardErrorCode.NOT_ELIGIBLE, `${AWARD_PROGRAMS[program].label} (${program}) is for ${rule.who} only (${rule.clause})`, { program, clause: rule.clause });
  }
}

export class CapExceededError extends AppError {
  constructor(program: AwardProgram, scope: CapScope, cap: bigint, remaining: bigint) {
    super(AwardErrorCode.CAP_EXCEEDED, `${AWARD_PROGRAMS[program].label} (${program}) is capped at ${fromFen(cap)} 元 per ${scope.toLowerCase()}: ${fromFen(remaining)} 元 remain`, {
      program, scope, cap: fromFen(cap), remaining: fromFen(remaining),
    });
  }
}

export class DuplicateFundingError extends AppError {
  constructor(existing: { id: number; program: AwardProgram }, requested: AwardProgram, matter: string) {
    const higher = standardOf(requested) > standardOf(existing.program);
    super(
      AwardErrorCode.DUPLICATE_FUNDING,
      `奖励资助不重复: matter "${matter}" already has award ${existing.id} (${existing.program})` +
        (higher ? `; ${requested} is of a higher standard: revoke award ${existing.id} first, then grant again` : ''),
      { existingAwardId: String(existing.id), existingProgram: existing.program, higherStandard: higher },
    );
  }
}
