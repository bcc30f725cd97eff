import { IsBoolean, IsOptional, Length } from 'class-validator';
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { talentScope } from '../../shared/auth/organization-scope';
import { TALENT_WRITERS } from '../../shared/auth/roles';
import { ExpectedVersion, parseId } from '../../shared/inputs';
import { FieldError, givenFields } from '../../shared/writes/field-error';
import type { WriteTarget } from '../../shared/writes/versioned';
import { Industry } from '../organization/organization.enums';
import { Talent } from './talent.entity';
import { Education, Engagement, ProfessionalTitle, TalentTier, TalentType } from './talent.enums';
import { checkTalentScope, talentScopeGuard } from './talent.scope';
import { TalentWriteService, type TalentFields } from './talent.write';
import { LocalDateScalar } from '../../shared/scalars';

@InputType({ description: 'A new talent. Birth year and gender are read from the ID number.' })
export class CreateTalentInput {
  @Field() @Length(1, 32) name!: string;
  @Field({ description: '居民身份证号码 (GB 11643), checked: length, birth date, check character' }) @Length(1, 32) idNumber!: string;
  @Field({ description: 'Mainland mobile number' }) @Length(1, 32) phone!: string;
  @Field(() => Education) education!: Education;
  @Field(() => ProfessionalTitle) professionalTitle!: ProfessionalTitle;
  @Field(() => TalentType) talentType!: TalentType;
  @Field(() => TalentTier, { nullable: true }) @IsOptional() tier?: TalentTier | null;
  @Field(() => Industry) industry!: Industry;
  @Field(() => Engagement) engagement!: Engagement;
  @Field() @IsBoolean() overseasExperience!: boolean;
  @Field(() => LocalDateScalar) introducedAt!: string;
  @Field(() => ID, { description: 'The employer' }) organizationId!: string;
}

@InputType({ description: 'Changes to a talent; absent fields are left as they are' })
export class UpdateTalentInput {
  @Field({ nullable: true }) @Length(1, 32) name?: string;
  @Field({ nullable: true }) @Length(1, 32) idNumber?: string;
  @Field({ nullable: true }) @Length(1, 32) phone?: string;
  @Field(() => Education, { nullable: true }) education?: Education;
  @Field(() => ProfessionalTitle, { nullable: true }) professionalTitle?: ProfessionalTitle;
  @Field(() => TalentType, { nullable: true }) talentType?: TalentType;
  @Field(() => TalentTier, { nullable: true, description: 'null removes the tier' }) tier?: TalentTier | null;
  @Field(() => Industry, { nullable: true }) industry?: Industry;
  @Field(() => Engagement, { nullable: true }) engagement?: Engagement;
  @Field({ nullable: true }) overseasExperience?: boolean;
  @Field(() => LocalDateScalar, { nullable: true }) introducedAt?: string;
  @Field(() => ID, { nullable: true }) organizationId?: string;
}

@ObjectType()
export class TalentPayload {
  @Field(() => Talent, { nullable: true, description: 'Null when the input was refused' }) talent!: Talent | null;
  @Field(() => [FieldError], { description: 'Empty on success' }) errors!: FieldError[];
}

const service = (ctx: RequestContext) => new TalentWriteService(ctx.em, ctx.keyring);
const payload = ({ record, errors }: { record: Talent | null; errors: FieldError[] }): TalentPayload => ({ talent: record, errors });

/** Plain values only: absent keys stay absent, so an update touches what it names. */
function toFields(input: CreateTalentInput | UpdateTalentInput): Partial<TalentFields> {
  const { organizationId, ...rest } = input;
  const fields: Partial<TalentFields> = givenFields(rest, ['tier']);
  if (organizationId != null) fields.organizationId = parseId(organizationId);
  return fields;
}

/** FORBIDDEN, before anything is read or written, when an ORG_MANAGER reaches outside its organization. */
const checkScope = (ctx: RequestContext, target: { talentId?: number; organizationId?: number | null }) =>
  checkTalentScope(ctx.em, talentScope(ctx.viewer, 'write'), target);

/** An existing talent to write: the scope checked now, and again on the talent as the write locks it. */
async function talentTarget(ctx: RequestContext, id: string, expectedVersion: number | null | undefined, organizationId?: number): Promise<WriteTarget<Talent>> {
  const talentId = parseId(id);
  await checkScope(ctx, { talentId, organizationId });
  return { id: talentId, expectedVersion, guard: talentScopeGuard(talentScope(ctx.viewer, 'write')) };
}

/** ADMIN, and ORG_MANAGER for the talents of its own organization (TALENT_WRITERS). */
@Resolver()
@Authorized(...TALENT_WRITERS)
export class TalentMutationResolver {
  @Mutation(() => TalentPayload, { description: 'ADMIN, ORG_MANAGER (its own organization): add a talent to the register' })
  async createTalent(@Arg('input', () => CreateTalentInput) input: CreateTalentInput, @Ctx() ctx: RequestContext): Promise<TalentPayload> {
    const fields = toFields(input);
    await checkScope(ctx, { organizationId: fields.organizationId });
    return payload(await service(ctx).create(fields as TalentFields));
  }

  @Mutation(() => TalentPayload, { description: 'ADMIN, ORG_MANAGER (its own talents, kept in its organization): change a talent' })
  async updateTalent(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateTalentInput) input: UpdateTalentInput,
    @Ctx() ctx: RequestContext,
    @ExpectedVersion() expectedVersion?: number | null,
  ): Promise<TalentPayload> {
    const fields = toFields(input);
    return payload(await service(ctx).update(await talentTarget(ctx, id, expectedVersion, fields.organizationId), fields));
  }

  @Mutation(() => TalentPayload, { description: 'ADMIN, ORG_MANAGER (its own talents): archive a talent: gone from lists, counts and analytics; kept for history and awards' })
  async archiveTalent(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @ExpectedVersion() expectedVersion?: number | null): Promise<TalentPayload> {
    return payload(await service(ctx).archive(await talentTarget(ctx, id, expectedVersion)));
  }

  @Mutation(() => TalentPayload, { description: 'ADMIN, ORG_MANAGER (its own talents): bring an archived talent back into lists, counts and analytics (NOT_FOUND on organizationId while its employer is archived)' })
  async unarchiveTalent(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @ExpectedVersion() expectedVersion?: number | null): Promise<TalentPayload> {
    return payload(await service(ctx).unarchive(await talentTarget(ctx, id, expectedVersion)));
  }
}
