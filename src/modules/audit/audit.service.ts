import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../../shared/auth/roles';
import { findPage, type Page, type PageArgs } from '../../shared/pagination/keyset';
import { AuditEvent } from './audit-event.entity';
import type { CollectedReads } from './personal-read-log';

export interface AuditActor {
  subject: string;
  role: Role;
  /** The server's own request id. */
  requestId: string;
  /** The id the caller sent, if any (see requestIdMiddleware). */
  clientRequestId?: string | null;
}

/** The audit trail: written in one statement per operation, read newest first. */
export class AuditService {
  constructor(
    private readonly em: EntityManager,
    private readonly maxPageSize: number = 100,
  ) {}

  /** One INSERT for all of an operation's reads (one row per entity kind). */
  async record(actor: AuditActor, reads: CollectedReads[]): Promise<void> {
    if (!reads.length) return;
    await this.em.insertMany(
      AuditEvent,
      reads.map((r) => ({
        subject: actor.subject,
        role: actor.role,
        requestId: actor.requestId,
        clientRequestId: actor.clientRequestId ?? null,
        operation: r.operation,
        entity: r.entity,
        entityIds: r.entityIds,
        fields: r.fields,
      })),
    );
  }

  list(page: PageArgs, filter: { subject?: string | null } = {}): Promise<Page<AuditEvent>> {
    const where = filter.subject ? { subject: filter.subject } : {};
    return findPage(this.em, AuditEvent, () => where, [{ field: 'id', direction: 'desc' }], page, this.maxPageSize);
  }
}
