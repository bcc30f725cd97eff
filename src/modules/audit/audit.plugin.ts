import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../shared/auth/viewer';
import { AuditService } from './audit.service';
import type { PersonalReadLog } from './personal-read-log';

export interface AuditContext {
  viewer: Viewer;
  requestId: string;
  clientRequestId?: string | null;
  personalReads: PersonalReadLog;
}

export interface AuditPluginOptions {
  /** A fresh EntityManager for each write, e.g. `() => orm.em.fork()`: never the request's own. */
  em: () => EntityManager;
  /** Where a failed audit write is reported (the log). */
  onError: (error: unknown) => void;
}

/** What the client gets instead of personal data whose read could not be audited. */
export const AUDIT_FAILURE_MESSAGE = 'Personal data withheld: the audit trail could not be written';

/**
 * Writes each operation's clear reads of personal fields in one INSERT, in `willSendResponse`:
 * after execution, before a byte of the response leaves. If the write fails, the response is
 * replaced by an error (fail closed): no personal data leaves unaudited.
 */
export function auditPlugin<TContext extends AuditContext>({ em, onError }: AuditPluginOptions): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, response }) {
          const reads = contextValue.personalReads.take(operation);
          if (!reads.length) return;
          try {
            const { viewer, requestId, clientRequestId } = contextValue;
            if (!viewer.subject) throw new Error('a clear read of personal data by a token without `sub`');
            await new AuditService(em()).record({ subject: viewer.subject, role: viewer.role, requestId, clientRequestId }, reads);
          } catch (error) {
            onError(error);
            response.body = { kind: 'single', singleResult: { errors: [{ message: AUDIT_FAILURE_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } };
            response.http.status = 500;
          }
        },
      };
    },
  };
}
