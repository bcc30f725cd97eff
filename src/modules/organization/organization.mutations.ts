import { IsOptional, Length, ValidateNested } from 'class-validator';
import { LatitudeResolver, LongitudeResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { WRITERS } from '../../shared/auth/roles';
import { CoordSystem } from '../../shared/geo';
import { ExpectedVersion, parseId } from '../../shared/inputs';
import { FieldError, givenFields } from '../../shared/writes/field-error';
import { Organization } from './organization.entity';
import { Industry, OrgKind } from './organization.enums';
import { OrganizationWriteService, type OrganizationFields } from './organization.write';

@InputType({ description: 'A point in the coordinate system named by coordSystem (default WGS84)' })
export class LocationInput {
  @Field(() => LatitudeResolver) latitude!: number;
  @Field(() => LongitudeResolver) longitude!: number;
}

@InputType({ description: 'A new organization' })
export class CreateOrganizationInput {
  @Field() @Length(1, 128) name!: string;
  @Field(() => OrgKind) kind!: OrgKind;
  @Field(() => String, { nullable: true, description: '统一社会信用代码 (GB 32100)' }) @IsOptional() @Length(18, 18) creditCode?: string | null;
  @Field(() => Industry) industry!: Industry;
  @Field({ description: 'Division code of the street or town; must agree with the location' }) @Length(12, 12) townCode!: string;
  @Field(() => String, { nullable: true, description: 'Division code of the village or community, inside the town' }) @IsOptional() @Length(12, 12) villageCode?: string | null;
  @Field() @Length(1, 256) address!: string;
  @Field(() => LocationInput) @ValidateNested() location!: LocationInput;
  @Field(() => CoordSystem, { nullable: true, description: 'System of `location`; default WGS84' }) coordSystem?: CoordSystem;
}

@InputType({ description: 'Changes to an organization; absent fields are left as they are' })
export class UpdateOrganizationInput {
  @Field({ nullable: true }) @Length(1, 128) name?: string;
  @Field(() => OrgKind, { nullable: true }) kind?: OrgKind;
  @Field(() => String, { nullable: true, description: 'null removes the code' }) @IsOptional() @Length(18, 18) creditCode?: string | null;
  @Field(() => Industry, { nullable: true }) industry?: Industry;
  @Field({ nullable: true }) @Length(12, 12) townCode?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(12, 12) villageCode?: string | null;
  @Field({ nullable: true }) @Length(1, 256) address?: string;
  @Field(() => LocationInput, { nullable: true }) @ValidateNested() location?: LocationInput;
  @Field(() => CoordSystem, { nullable: true }) coordSystem?: CoordSystem;
}

@ObjectType()
export class OrganizationPayload {
  @Field(() => Organization, { nullable: true, description: 'Null when the input was refused' }) organization!: Organization | null;
  @Field(() => [FieldError], { description: 'Empty on success' }) errors!: FieldError[];
}

const service = (ctx: RequestContext) => new OrganizationWriteService(ctx.em);
const payload = ({ record, errors }: { record: Organization | null; errors: FieldError[] }): OrganizationPayload => ({ organization: record, errors });
const toFields = (input: CreateOrganizationInput | UpdateOrganizationInput): Partial<OrganizationFields> =>
  givenFields(input, ['creditCode', 'villageCode', 'coordSystem']) as Partial<OrganizationFields>;

@Resolver()
@Authorized(...WRITERS)
export class OrganizationMutationResolver {
  @Mutation(() => OrganizationPayload, { description: 'ADMIN: add an organization' })
  async createOrganization(@Arg('input', () => CreateOrganizationInput) input: CreateOrganizationInput, @Ctx() ctx: RequestContext): Promise<OrganizationPayload> {
    return payload(await service(ctx).create(toFields(input) as OrganizationFields));
  }

  @Mutation(() => OrganizationPayload, { description: 'ADMIN: change an organization' })
  async updateOrganization(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateOrganizationInput) input: UpdateOrganizationInput,
    @Ctx() ctx: RequestContext,
    @ExpectedVersion() expectedVersion?: number | null,
  ): Promise<OrganizationPayload> {
    return payload(await service(ctx).update({ id: parseId(id), expectedVersion }, toFields(input)));
  }

  @Mutation(() => OrganizationPayload, { description: 'ADMIN: archive an organization without active talents (else IN_USE)' })
  async archiveOrganization(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @ExpectedVersion() expectedVersion?: number | null): Promise<OrganizationPayload> {
    return payload(await service(ctx).archive({ id: parseId(id), expectedVersion }));
  }

  @Mutation(() => OrganizationPayload, { description: 'ADMIN: bring an archived organization back into lists' })
  async unarchiveOrganization(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @ExpectedVersion() expectedVersion?: number | null): Promise<OrganizationPayload> {
    return payload(await service(ctx).unarchive({ id: parseId(id), expectedVersion }));
  }
}
