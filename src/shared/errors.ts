/**
 * Expected failures carry a code that clients branch on. Services throw AppErrors; the one place
 * that turns them into GraphQL errors is `formatError` in error-formatting.ts. These are the codes
 * every feature shares; a feature's own codes live with it (award.errors.ts, application.errors.ts).
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  /** The record moved on since the version the client edited (`expectedVersion`): reload, then write again. */
  CONFLICT = 'CONFLICT',
}

export class AppError extends Error {
  constructor(
    /** One of ErrorCode, or a code of the feature that throws it. */
    readonly code: string,
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
