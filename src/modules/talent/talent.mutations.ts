import { IsBoolean, IsOptional, Length } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { WRITERS } from '../../shared/auth/roles';
import { parseId } from '../../shared/inputs';
import { FieldError, givenFields } from '../../shared/writes/field-error';
import { Industry } from '../organization/organization.enums';
import { Talent } from './talent.entity';
import { Education, Engagement, ProfessionalTitle, TalentTier, TalentType } from './talent.enums';
import { TalentWriteService, type TalentFields } from './talent.write';

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
  @Field(() => LocalDateResolver) introducedAt!: string;
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
  @Field(() => LocalDateResolver, { nullable: true }) introducedAt?: string;
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
  const fields: Partial<TalentFields> = givenFields(rest);
  if (organizationId != null) fields.organizationId = parseId(organizationId);
  return fields;
}

@Resolver()
@Authorized(...WRITERS)
export class TalentMutationResolver {
  @Mutation(() => TalentPayload, { description: 'ADMIN: add a talent to the register' })
  async createTalent(@Arg('input', () => CreateTalentInput) input: CreateTalentInput, @Ctx() ctx: RequestContext): Promise<TalentPayload> {
    return payload(await service(ctx).create(toFields(input) as TalentFields));
  }

  @Mutation(() => TalentPayload, { description: 'ADMIN: change a talent' })
  async updateTalent(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateTalentInput) input: UpdateTalentInput,
    @Ctx() ctx: RequestContext,
  ): Promise<TalentPayload> {
    return payload(await service(ctx).update(parseId(id), toFields(input)));
  }

  @Mutation(() => TalentPayload, { description: 'ADMIN: archive a talent: gone from lists, counts and analytics; kept for history and awards' })
  async archiveTalent(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<TalentPayload> {
    return payload(await service(ctx).archive(parseId(id)));
  }

  @Mutation(() => TalentPayload, { description: 'ADMIN: bring an archived talent back into lists, counts and analytics (NOT_FOUND on organizationId while its employer is archived)' })
  async unarchiveTalent(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<TalentPayload> {
    return payload(await service(ctx).unarchive(parseId(id)));
  }
}
