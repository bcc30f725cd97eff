import { hasSqlState } from '../../shared/error-causes';
import { AppError } from '../../shared/errors';

/** The demand desk's own codes, beside the shared ones in src/shared/errors.ts. */
export enum DemandErrorCode {
  /**
   * A keyword new to the vocabulary cannot be posted just now: a long write to talents (an
   * import) holds the lock its postings are filled under. Nothing was written; retry later.
   */
  KEYWORDS_BUSY = 'KEYWORDS_BUSY',
}

/** About what a large import's merge takes. */
const KEYWORDS_RETRY_AFTER_SECONDS = 60;

/**
 * The SQLSTATE match_term_follow_demand raises when its bounded wait for talent_match's lock runs
 * out (migrations/…_matching_postings_follow; a class PostgreSQL leaves to applications).
 */
const KEYWORDS_BUSY_SQLSTATE = 'HU001';

/** Whether a write failed on that wait. */
export const isKeywordsBusy = (error: unknown): boolean => hasSqlState(error, KEYWORDS_BUSY_SQLSTATE);

export class KeywordsBusyError extends AppError {
  constructor() {
    super(DemandErrorCode.KEYWORDS_BUSY, '需求中有新的专业关键词，人才画像正在批量写入（如导入），暂不能发布：未写入任何内容，请稍后重试', {
      retryAfterSeconds: KEYWORDS_RETRY_AFTER_SECONDS,
    });
  }
}
