import { Arg, Args, Authorized, Ctx, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { AUDIT_READERS } from '../../shared/auth/roles';
import { Connection, ConnectionArgs } from '../../shared/pagination/connection';
import { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';

@ObjectType()
export class AuditEventConnection extends Connection(AuditEvent, 'AuditEvent') {}

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Authorized(...AUDIT_READERS)
  @Query(() => AuditEventConnection, { description: 'The audit trail of clear reads of personal data, newest first (ADMIN only)' })
  async auditEvents(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: Pick<RequestContext, 'em' | 'config'>,
    @Arg('subject', () => String, { nullable: true, description: 'Only reads by this token subject' }) subject?: string | null,
  ): Promise<AuditEventConnection> {
    return new AuditEventConnection(await new AuditService(ctx.em, ctx.config.maxPageSize).list(page, { subject }));
  }
}
