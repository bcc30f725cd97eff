import { Ctx, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Region } from '../region/region.entity';
import { Industry, OrgKind } from './organization.enums';
import type { Organization } from './organization.entity';

/**
 * An organization as the job board shows it (issue 14): what any posting, catalogue entry or
 * programme says of its employer or organizer, to every caller. The full Organization (its
 * talents, platforms, awards) stays a record for record readers.
 */
@ObjectType({ description: 'An employer or organizer as the job board shows it: public facts only' })
export class Employer {
  @Field(() => ID) id!: number;
  @Field() name!: string;
  @Field(() => OrgKind) kind!: OrgKind;
  @Field(() => Industry) industry!: Industry;
  townCode!: string;
}

export const employerOf = (o: Organization): Employer => ({ id: o.id, name: o.name, kind: o.kind, industry: o.industry, townCode: o.town.code });

/** An employer by organization id, through the request's organization loader (one statement for a page). */
export async function loadEmployer(ctx: RequestContext, organizationId: number): Promise<Employer> {
  const organization = await ctx.loaders.organization.byId.load(organizationId);
  if (!organization) throw new Error(`organization ${organizationId} is referenced but missing`);
  return employerOf(organization);
}

@Resolver(() => Employer)
export class EmployerResolver {
  @FieldResolver(() => Region, { description: 'Street or town' })
  async town(@Root() employer: Employer, @Ctx() ctx: RequestContext): Promise<Region> {
    return (await ctx.loaders.region.byCode.load(employer.townCode))!;
  }
}
