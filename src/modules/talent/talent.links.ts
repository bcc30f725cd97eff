import { Args, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { RECORD_READERS } from '../../shared/auth/roles';
import { ConnectionArgs } from '../../shared/pagination/connection';
import { Organization } from '../organization/organization.entity';
import type { OrganizationView } from '../organization/organization.view';
import { TalentConnection } from './talent.resolver';

/**
 * The field talents give an organization. It lives here, with the talents, so that the
 * organization feature never imports this one: talent → organization, never back.
 */
@Resolver(() => Organization)
@Authorized(...RECORD_READERS)
export class OrganizationTalentsResolver {
  @FieldResolver(() => TalentConnection, { description: 'Talents employed here, by id' })
  async talents(@Root() organization: OrganizationView, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext): Promise<TalentConnection> {
    const args = { first: page.first ?? null, after: page.after ?? null };
    return new TalentConnection(await ctx.loaders.talent.pageOfOrganization.load({ parent: organization.id, args }));
  }
}
