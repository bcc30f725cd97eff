import { AppError } from '../../shared/errors';
import type { ApplicationStatus } from './application.enums';

/** The application workflow's own codes, beside the shared ones in src/shared/errors.ts. */
export enum ApplicationErrorCode {
  /** A workflow step that does not follow from the current status. */
  INVALID_TRANSITION = 'INVALID_TRANSITION',
}

export class InvalidTransitionError extends AppError {
  constructor(from: ApplicationStatus, to: ApplicationStatus) {
    super(ApplicationErrorCode.INVALID_TRANSITION, `an application in ${from} cannot become ${to}`, { from, to });
  }
}
