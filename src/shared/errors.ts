/**
 * Expected failures carry a code that clients branch on. Services throw these; the one place
 * that turns them into GraphQL errors is `formatError` in error-formatting.ts.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  /** A grant over a programme's cap (the details carry the remaining amount). */
  CAP_EXCEEDED = 'CAP_EXCEEDED',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  /** 奖励资助不重复: the matter already has a non-revoked award (named in the details). */
  DUPLICATE_FUNDING = 'DUPLICATE_FUNDING',
  /** A workflow step that does not follow from the current status (applications). */
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  /** The record moved on since the version the client edited (`expectedVersion`): reload, then write again. */
  CONFLICT = 'CONFLICT',
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Safe, non-personal details for `extensions` (e.g. the argument name). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, id: string | number) {
    super(ErrorCode.NOT_FOUND, `${entity} ${id} does not exist`, { entity });
  }
}

export class LimitExceededError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.LIMIT_EXCEEDED, message, details);
  }
}

/** A write that names the version it edited, on a record another write has changed since (issue 12). */
export class ConflictError extends AppError {
  constructor(entity: string, id: number, expectedVersion: number, currentVersion: number) {
    super(ErrorCode.CONFLICT, `${entity} ${id} is at version ${currentVersion}, not ${expectedVersion}: reload it and apply the change again`, {
      entity,
      expectedVersion,
      currentVersion,
    });
  }
}
