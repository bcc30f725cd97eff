import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { RECORD_READERS, WRITERS } from '../../shared/auth/roles';
import { ExpectedVersion, parseId } from '../../shared/inputs';
import { ConnectionArgs } from '../../shared/pagination/connection';
import { toRecipient } from '../award/award.mutations';
import { Application, ApplicationEvent } from './application.entity';
import { ApplicationDimension } from './application.enums';
import { ApplicationFilter, CreateApplicationInput } from './application.inputs';
import { ApplicationService } from './application.service';
import { ApplicationBucket, ApplicationConnection } from './application.types';

const service = (ctx: RequestContext) => new ApplicationService(ctx.em, ctx.viewer.subject ?? ctx.viewer.role);

@Resolver(() => Application)
export class ApplicationResolver {
  @Authorized(...RECORD_READERS)
  @Query(() => ApplicationConnection, { description: '项目申报 pipeline (ANALYST, ADMIN)' })
  async applications(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => ApplicationFilter, { nullable: true }) filter?: ApplicationFilter): Promise<ApplicationConnection> {
    return new ApplicationConnection(await service(ctx).list(filter, page, ctx.config.maxPageSize));
  }

  @Authorized(...RECORD_READERS)
  @Query(() => Application)
  application(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Application> {
    return service(ctx).byId(parseId(id));
  }

  @Authorized(...RECORD_READERS)
  @Query(() => [ApplicationBucket], { description: 'Counts of applications by STATUS and/or PROGRAM (ANALYST, ADMIN)' })
  applicationDistribution(@Arg('by', () => [ApplicationDimension]) by: ApplicationDimension[], @Ctx() ctx: RequestContext): Promise<ApplicationBucket[]> {
    return service(ctx).distribution(by);
  }

  @FieldResolver(() => [ApplicationEvent], { description: 'Every step, oldest first' })
  history(@Root() application: Application, @Ctx() ctx: RequestContext): Promise<ApplicationEvent[]> {
    return ctx.loaders.application.history.load(application.id);
  }

  @Authorized(...WRITERS)
  @Mutation(() => Application, { description: 'A new application, DRAFT (ADMIN)' })
  createApplication(@Arg('input', () => CreateApplicationInput) input: CreateApplicationInput, @Ctx() ctx: RequestContext): Promise<Application> {
    return service(ctx).create({ program: input.program, recipient: toRecipient(input.applicant), amount: input.requestedAmount, year: input.year, month: input.month ?? null, matter: input.matter });
  }

  @Authorized(...WRITERS)
  @Mutation(() => Application, { description: 'DRAFT → SUBMITTED (ADMIN)' })
  submitApplication(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
    @ExpectedVersion() expectedVersion?: number | null,
  ): Promise<Application> {
    return service(ctx).submit({ id: parseId(id), expectedVersion }, note ?? null);
  }

  @Authorized(...WRITERS)
  @Mutation(() => Application, { description: 'SUBMITTED → APPROVED → GRANTED: grants the award under the funding rules, atomically (ADMIN)' })
  approveApplication(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
    @ExpectedVersion() expectedVersion?: number | null,
  ): Promise<Application> {
    return service(ctx).approve({ id: parseId(id), expectedVersion }, note ?? null);
  }

  @Authorized(...WRITERS)
  @Mutation(() => Application, { description: 'SUBMITTED → REJECTED (ADMIN)' })
  rejectApplication(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: RequestContext,
    @ExpectedVersion() expectedVersion?: number | null,
  ): Promise<Application> {
    return service(ctx).reject({ id: parseId(id), expectedVersion }, reason);
  }
}
