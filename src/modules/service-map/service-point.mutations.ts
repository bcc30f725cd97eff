import { IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { WRITERS } from '../../shared/auth/roles';
import { CoordSystem } from '../../shared/geo';
import { ExpectedVersion, parseId } from '../../shared/inputs';
import { FieldError, givenFields, type WriteResult } from '../../shared/writes/field-error';
import { LocationInput } from '../organization/organization.mutations';
import { ServiceCategory } from './service-map.enums';
import type { ServicePointNode } from './service-map.resolver';
import { ServiceMapService } from './service-map.service';
import { ServicePoint } from './service-point.entity';
import { ServicePointWriteService, type ServicePointFields } from './service-point.write';

@InputType({ description: 'A new point of the service map' })
export class CreateServicePointInput {
  @Field() @Length(1, 128) name!: string;
  @Field(() => ServiceCategory) category!: ServiceCategory;
  @Field({ description: 'Subcategory code of the category (see serviceCategories)' }) @Length(1, 32) subcategory!: string;
  @Field() @Length(1, 256) address!: string;
  @Field({ description: 'Division code of the street or town; must agree with the location' }) @Length(12, 12) townCode!: string;
  @Field(() => LocationInput) @ValidateNested() location!: LocationInput;
  @Field(() => CoordSystem, { nullable: true }) coordSystem?: CoordSystem;
  @Field(() => String, { nullable: true, description: 'Public contact number of the point' }) @IsOptional() @MaxLength(32) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(128) openingHours?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(256) talentCardBenefit?: string | null;
}

@InputType({ description: 'Changes to a service point; absent fields are left as they are' })
export class UpdateServicePointInput {
  @Field({ nullable: true }) @Length(1, 128) name?: string;
  @Field(() => ServiceCategory, { nullable: true }) category?: ServiceCategory;
  @Field({ nullable: true }) @Length(1, 32) subcategory?: string;
  @Field({ nullable: true }) @Length(1, 256) address?: string;
  @Field({ nullable: true }) @Length(12, 12) townCode?: string;
  @Field(() => LocationInput, { nullable: true }) @ValidateNested() location?: LocationInput;
  @Field(() => CoordSystem, { nullable: true }) coordSystem?: CoordSystem;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(32) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(128) openingHours?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(256) talentCardBenefit?: string | null;
}

@ObjectType()
export class ServicePointPayload {
  @Field(() => ServicePoint, { nullable: true, description: 'Null when the input was refused' }) servicePoint!: ServicePointNode | null;
  @Field(() => [FieldError], { description: 'Empty on success' }) errors!: FieldError[];
}

const service = (ctx: RequestContext) => new ServicePointWriteService(ctx.em);
/**
 * The written point as the map serves it (town joined in, location in the caller's system):
 * ServicePoint's field resolvers read that row, not the entity.
 */
async function payload(ctx: RequestContext, { record, errors }: WriteResult<ServicePoint>, coordSystem?: CoordSystem | null): Promise<ServicePointPayload> {
  if (!record) return { servicePoint: null, errors };
  const row = await new ServiceMapService(ctx.em, ctx.config.maxPageSize).byId(record.id);
  return { servicePoint: { ...row, coordSystem: coordSystem ?? CoordSystem.WGS84 }, errors };
}
const toFields = (input: CreateServicePointInput | UpdateServicePointInput): Partial<ServicePointFields> =>
  givenFields(input, ['phone', 'openingHours', 'talentCardBenefit', 'coordSystem']) as Partial<ServicePointFields>;

@Resolver()
@Authorized(...WRITERS)
export class ServicePointMutationResolver {
  @Mutation(() => ServicePointPayload, { description: 'ADMIN: add a point to the service map' })
  async createServicePoint(@Arg('input', () => CreateServicePointInput) input: CreateServicePointInput, @Ctx() ctx: RequestContext): Promise<ServicePointPayload> {
    return payload(ctx, await service(ctx).create(toFields(input) as ServicePointFields), input.coordSystem);
  }

  @Mutation(() => ServicePointPayload, { description: 'ADMIN: change a service point' })
  async updateServicePoint(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateServicePointInput) input: UpdateServicePointInput,
    @Ctx() ctx: RequestContext,
    @ExpectedVersion() expectedVersion?: number | null,
  ): Promise<ServicePointPayload> {
    return payload(ctx, await service(ctx).update({ id: parseId(id), expectedVersion }, toFields(input)), input.coordSystem);
  }

  @Mutation(() => ServicePointPayload, { description: 'ADMIN: archive a service point: gone from the map, its lists and counts' })
  async archiveServicePoint(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @ExpectedVersion() expectedVersion?: number | null): Promise<ServicePointPayload> {
    return payload(ctx, await service(ctx).archive({ id: parseId(id), expectedVersion }));
  }

  @Mutation(() => ServicePointPayload, { description: 'ADMIN: bring an archived service point back onto the map, its lists and counts' })
  async unarchiveServicePoint(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @ExpectedVersion() expectedVersion?: number | null): Promise<ServicePointPayload> {
    return payload(ctx, await service(ctx).unarchive({ id: parseId(id), expectedVersion }));
  }
}
