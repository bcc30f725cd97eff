import { Arg, Args, Authorized, Ctx, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { JOB_BOARD_READERS, seesExactAggregates } from '../../shared/auth/roles';
import { parseId } from '../../shared/inputs';
import { Connection, ConnectionArgs } from '../../shared/pagination/connection';
import { Employer, loadEmployer } from '../organization/employer';
import { RecruitmentEvent } from './recruitment-event.entity';
import { RecruitmentEventFilter } from './recruitment.inputs';
import { RecruitmentEventReader } from './recruitment.read';

@ObjectType()
export class RecruitmentEventConnection extends Connection(RecruitmentEvent, 'RecruitmentEvent') {}

@Resolver(() => RecruitmentEvent)
export class RecruitmentEventResolver {
  @Authorized(...JOB_BOARD_READERS)
  @Query(() => RecruitmentEventConnection, { description: '人才招引 events, latest first (every role: they are public)' })
  async recruitmentEvents(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => RecruitmentEventFilter, { nullable: true }) filter?: RecruitmentEventFilter,
  ): Promise<RecruitmentEventConnection> {
    const criteria = { ...filter, organizerIds: filter?.organizerIds?.map((id) => parseId(id, 'organizerIds')) };
    return new RecruitmentEventConnection(await new RecruitmentEventReader(ctx.em).page(criteria, page, ctx.config.maxPageSize));
  }

  @FieldResolver(() => Employer, { description: 'The organizing organization' })
  organizer(@Root() event: RecruitmentEvent, @Ctx() ctx: RequestContext): Promise<Employer> {
    return loadEmployer(ctx, event.organizer.id);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Active talents introduced through this event: exact for callers who see exact aggregates (ANALYST, ADMIN); null for the others, as a small count of people is not published',
  })
  async introducedCount(@Root() event: RecruitmentEvent, @Ctx() ctx: RequestContext): Promise<number | null> {
    return seesExactAggregates(ctx.viewer.role) ? ctx.loaders.recruitment.introducedCount.load(event.id) : null;
  }
}
