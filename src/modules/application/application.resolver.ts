import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { RequestContext } from '../../context';
import { RECORD_READERS, WRITERS } from '../../shared/auth/roles';
import { ExpectedVersion, parseId } from '../../shared/inputs';
import { Connection, ConnectionArgs } from '../../shared/pagination/connection';
import { DecimalScalar } from '../../shared/scalars';
import { AwardProgram } from '../award/award.enums';
import { RecipientInput, toRecipient } from '../award/award.mutations';
import { Application, ApplicationEvent, ApplicationStatus } from './application.entity';
import { ApplicationService, type ApplicationDimension } from './application.service';

enum ApplicationDimensionEnum {
  STATUS = 'STATUS',
  PROGRAM = 'PROGRAM',
}
registerEnumType(ApplicationDimensionEnum, { name: 'ApplicationDimension' });

@InputType({ description: 'A new application (DRAFT)' })
export class CreateApplicationInput {
  @Field(() => AwardProgram) program!: AwardProgram;
  @Field(() => RecipientInput, { description: 'The applicant: exactly one id' }) applicant!: RecipientInput;
  @Field(() => DecimalScalar) requestedAmount!: string;
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) year!: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(12) month?: number | null;
  @Field({ description: '事项, as for grantAward' }) @Length(1, 200) matter!: string;
}

@InputType()
export class ApplicationFilter {
  @Field(() => [ApplicationStatus], { nullable: true }) statuses?: ApplicationStatus[] | null;
  @Field(() => [AwardProgram], { nullable: true }) programs?: AwardProgram[] | null;
  @Field(() => [Int], { nullable: true }) years?: number[] | null;
}

@ObjectType()
export class ApplicationConnection extends Connection(Application, 'Application') {}

@ObjectType({ description: 'Applications counted by status and/or programme' })
export class ApplicationBucket {
  @Field(() => [String], { description: 'One value per requested dimension, in order' }) keys!: string[];
  @Field(() => Int) count!: number;
}

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
  applicationDistribution(@Arg('by', () => [ApplicationDimensionEnum]) by: ApplicationDimensionEnum[], @Ctx() ctx: RequestContext): Promise<ApplicationBucket[]> {
    return service(ctx).distribution(by as ApplicationDimension[]);
  }

  @FieldResolver(() => [ApplicationEvent], { description: 'Every step, oldest first' })
  history(@Root() application: Application, @Ctx() ctx: RequestContext): Promise<ApplicationEvent[]> {
    return service(ctx).history(application);
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
