import { Arg, Args, Authorized, Ctx, Field, FieldResolver, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { deskScope } from '../../shared/auth/organization-scope';
import { DEMAND_DESK, JOB_BOARD_READERS, seesExactAggregates } from '../../shared/auth/roles';
import { parseId } from '../../shared/inputs';
import { Connection, ConnectionArgs } from '../../shared/pagination/connection';
import { FieldError } from '../../shared/writes/field-error';
import { Employer, loadEmployer } from '../organization/employer';
import { Talent } from '../talent/talent.entity';
import type { TalentView } from '../talent/talent.view';
import { TrainingEnrolment, TrainingProgramme } from './training.entity';
import { EndEnrolmentInput, EnrolmentInput, TrainingProgrammeFilter } from './training.inputs';
import { ProgrammeReader } from './training.read';
import { EnrolmentService } from './training.write';

@ObjectType()
export class TrainingProgrammeConnection extends Connection(TrainingProgramme, 'TrainingProgramme') {}

@ObjectType()
export class EnrolmentPayload {
  @Field(() => TrainingEnrolment, { nullable: true, description: 'Null when the input was refused' }) enrolment!: TrainingEnrolment | null;
  @Field(() => [FieldError], { description: 'Empty on success' }) errors!: FieldError[];
}

const EXACT_ONLY = 'exact for callers who see exact aggregates (ANALYST, ADMIN); null for the others, as a small count of people is not published';

@Resolver(() => TrainingProgramme)
export class TrainingProgrammeResolver {
  @Authorized(...JOB_BOARD_READERS)
  @Query(() => TrainingProgrammeConnection, { description: '教育培训 programmes, latest year first (every role)' })
  async trainingProgrammes(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => TrainingProgrammeFilter, { nullable: true }) filter?: TrainingProgrammeFilter,
  ): Promise<TrainingProgrammeConnection> {
    const criteria = { ...filter, organizerIds: filter?.organizerIds?.map((id) => parseId(id, 'organizerIds')) };
    return new TrainingProgrammeConnection(await new ProgrammeReader(ctx.em).page(criteria, page, ctx.config.maxPageSize));
  }

  @FieldResolver(() => Employer, { description: 'The organizing organization' })
  organizer(@Root() programme: TrainingProgramme, @Ctx() ctx: RequestContext): Promise<Employer> {
    return loadEmployer(ctx, programme.organizer.id);
  }

  @FieldResolver(() => Int, { nullable: true, description: `Places taken (ENROLLED and COMPLETED): ${EXACT_ONLY}` })
  async enrolledCount(@Root() programme: TrainingProgramme, @Ctx() ctx: RequestContext): Promise<number | null> {
    return seesExactAggregates(ctx.viewer.role) ? (await ctx.loaders.training.counts.load(programme.id)).enrolled : null;
  }

  @FieldResolver(() => Int, { nullable: true, description: `Enrolments COMPLETED: ${EXACT_ONLY}` })
  async completedCount(@Root() programme: TrainingProgramme, @Ctx() ctx: RequestContext): Promise<number | null> {
    return seesExactAggregates(ctx.viewer.role) ? (await ctx.loaders.training.counts.load(programme.id)).completed : null;
  }

  @Authorized(...DEMAND_DESK)
  @Mutation(() => EnrolmentPayload, { description: 'Enrol a talent (ADMIN; ORG_MANAGER its own talents): DUPLICATE if already enrolled, FULL at capacity' })
  async enrol(@Arg('input', () => EnrolmentInput) input: EnrolmentInput, @Ctx() ctx: RequestContext): Promise<EnrolmentPayload> {
    const { record, errors } = await new EnrolmentService(ctx.em, deskScope(ctx.viewer)).enrol({
      programmeId: parseId(input.programmeId, 'programmeId'),
      talentId: parseId(input.talentId, 'talentId'),
      mentorId: input.mentorId != null ? parseId(input.mentorId, 'mentorId') : null,
    });
    return { enrolment: record, errors };
  }

  @Authorized(...DEMAND_DESK)
  @Mutation(() => EnrolmentPayload, { description: 'End an enrolment as 结业 or 退出 (ADMIN; ORG_MANAGER its own talents’): NOT_OPEN if it has already ended' })
  async endEnrolment(@Arg('input', () => EndEnrolmentInput) input: EndEnrolmentInput, @Ctx() ctx: RequestContext): Promise<EnrolmentPayload> {
    const target = { id: parseId(input.id), expectedVersion: input.expectedVersion };
    const { record, errors } = await new EnrolmentService(ctx.em, deskScope(ctx.viewer)).end(target, input.status);
    return { enrolment: record, errors };
  }
}

@Resolver(() => TrainingEnrolment)
export class TrainingEnrolmentResolver {
  @FieldResolver(() => TrainingProgramme)
  async programme(@Root() enrolment: TrainingEnrolment, @Ctx() ctx: RequestContext): Promise<TrainingProgramme> {
    return (await ctx.loaders.training.programmeById.load(enrolment.programme.id))!;
  }

  @FieldResolver(() => Talent)
  async talent(@Root() enrolment: TrainingEnrolment, @Ctx() ctx: RequestContext): Promise<TalentView> {
    return (await ctx.loaders.talent.byId.load(enrolment.talent.id))!;
  }

  @FieldResolver(() => Talent, { nullable: true })
  mentor(@Root() enrolment: TrainingEnrolment, @Ctx() ctx: RequestContext): Promise<TalentView | null> | null {
    return enrolment.mentor ? ctx.loaders.talent.byId.load(enrolment.mentor.id) : null;
  }
}
