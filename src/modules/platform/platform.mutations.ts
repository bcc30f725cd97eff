import { ArrayMaxSize, Length, Max, Min, ValidateNested } from 'class-validator';
import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { WRITERS } from '../../shared/auth/roles';
import { CoordSystem } from '../../shared/geo';
import { ExpectedVersion, parseId } from '../../shared/inputs';
import { FieldError, givenFields } from '../../shared/writes/field-error';
import { LocationInput } from '../organization/organization.mutations';
import { Platform } from './platform.entity';
import { PlatformLevel, PlatformType } from './platform.enums';
import { PlatformWriteService, type PlatformFields } from './platform.write';

const MAX_MEMBERS = 2000;

@InputType({ description: 'A new platform and its talents' })
export class CreatePlatformInput {
  @Field() @Length(1, 128) name!: string;
  @Field(() => PlatformType) type!: PlatformType;
  @Field(() => PlatformLevel) level!: PlatformLevel;
  @Field(() => ID) hostOrganizationId!: string;
  @Field({ description: 'Division code of the street or town; must agree with the location' }) @Length(12, 12) townCode!: string;
  @Field(() => LocationInput) @ValidateNested() location!: LocationInput;
  @Field(() => CoordSystem, { nullable: true }) coordSystem?: CoordSystem;
  @Field(() => Int) @Min(1900) @Max(2100) establishedYear!: number;
  @Field(() => [ID], { nullable: true, description: 'Talents working on the platform' }) @ArrayMaxSize(MAX_MEMBERS) memberIds?: string[];
}

@InputType({ description: 'Changes to a platform; memberIds, when given, is the complete new set' })
export class UpdatePlatformInput {
  @Field({ nullable: true }) @Length(1, 128) name?: string;
  @Field(() => PlatformType, { nullable: true }) type?: PlatformType;
  @Field(() => PlatformLevel, { nullable: true }) level?: PlatformLevel;
  @Field(() => ID, { nullable: true }) hostOrganizationId?: string;
  @Field({ nullable: true }) @Length(12, 12) townCode?: string;
  @Field(() => LocationInput, { nullable: true }) @ValidateNested() location?: LocationInput;
  @Field(() => CoordSystem, { nullable: true }) coordSystem?: CoordSystem;
  @Field(() => Int, { nullable: true }) @Min(1900) @Max(2100) establishedYear?: number;
  @Field(() => [ID], { nullable: true }) @ArrayMaxSize(MAX_MEMBERS) memberIds?: string[];
}

@ObjectType()
export class PlatformPayload {
  @Field(() => Platform, { nullable: true, description: 'Null when the input was refused' }) platform!: Platform | null;
  @Field(() => [FieldError], { description: 'Empty on success' }) errors!: FieldError[];
}

const service = (ctx: RequestContext) => new PlatformWriteService(ctx.em);
const payload = ({ record, errors }: { record: Platform | null; errors: FieldError[] }): PlatformPayload => ({ platform: record, errors });

function toFields(input: CreatePlatformInput | UpdatePlatformInput): Partial<PlatformFields> {
  const { hostOrganizationId, memberIds, ...rest } = input;
  const fields: Partial<PlatformFields> = givenFields(rest, ['coordSystem']);
  if (hostOrganizationId != null) fields.hostOrganizationId = parseId(hostOrganizationId, 'hostOrganizationId');
  if (memberIds != null) fields.memberIds = memberIds.map((id) => parseId(id, 'memberIds'));
  return fields;
}

@Resolver()
@Authorized(...WRITERS)
export class PlatformMutationResolver {
  @Mutation(() => PlatformPayload, { description: 'ADMIN: add a platform with its members' })
  async createPlatform(@Arg('input', () => CreatePlatformInput) input: CreatePlatformInput, @Ctx() ctx: RequestContext): Promise<PlatformPayload> {
    return payload(await service(ctx).create(toFields(input) as PlatformFields));
  }

  @Mutation(() => PlatformPayload, { description: 'ADMIN: change a platform; memberIds replaces its members' })
  async updatePlatform(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdatePlatformInput) input: UpdatePlatformInput,
    @Ctx() ctx: RequestContext,
    @ExpectedVersion() expectedVersion?: number | null,
  ): Promise<PlatformPayload> {
    return payload(await service(ctx).update({ id: parseId(id), expectedVersion }, toFields(input)));
  }

  @Mutation(() => PlatformPayload, { description: 'ADMIN: archive a platform: gone from lists and platformDistribution; kept for members and awards' })
  async archivePlatform(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @ExpectedVersion() expectedVersion?: number | null): Promise<PlatformPayload> {
    return payload(await service(ctx).archive({ id: parseId(id), expectedVersion }));
  }

  @Mutation(() => PlatformPayload, { description: 'ADMIN: bring an archived platform back into lists and platformDistribution (NOT_FOUND on hostOrganizationId while its host is archived)' })
  async unarchivePlatform(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @ExpectedVersion() expectedVersion?: number | null): Promise<PlatformPayload> {
    return payload(await service(ctx).unarchive({ id: parseId(id), expectedVersion }));
  }
}
