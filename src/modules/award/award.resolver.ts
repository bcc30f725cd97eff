import { Arg, Args, Authorized, Ctx, createUnionType, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { RECORD_READERS } from '../../shared/auth/roles';
import { parseId } from '../../shared/inputs';
import { Connection, ConnectionArgs } from '../../shared/pagination/connection';
import { Organization } from '../organization/organization.entity';
import { Platform } from '../platform/platform.entity';
import { Talent } from '../talent/talent.entity';
import { Award } from './award.entity';
import { AwardFilter, toAwardCriteria } from './award.inputs';
import { AwardService } from './award.service';
import type { AwardView } from './award.view';
import type { OrganizationView } from '../organization/organization.view';
import type { PlatformView } from '../platform/platform.view';
import type { TalentView } from '../talent/talent.view';
import { RecipientKind } from './award.enums';

export const AwardRecipient = createUnionType({
  name: 'AwardRecipient',
  description: 'Who received an award: a talent, an organization or a platform',
  types: () => [Talent, Organization, Platform] as const,
  // Entities or plain views (read-model.ts) alike: told apart by a column only their type has.
  resolveType: (value) => {
    if (value instanceof Talent || 'idNumberCipher' in value) return Talent;
    if (value instanceof Platform || 'establishedYear' in value) return Platform;
    if (value instanceof Organization || 'creditCode' in value) return Organization;
    return undefined;
  },
});

@ObjectType()
export class AwardConnection extends Connection<Award, AwardView>(Award, 'Award') {}

@Resolver(() => Award)
@Authorized(...RECORD_READERS)
export class AwardResolver {
  @Query(() => AwardConnection, { description: 'The award ledger, newest year first' })
  async awards(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AwardFilter, { nullable: true }) filter?: AwardFilter,
  ): Promise<AwardConnection> {
    return new AwardConnection(await new AwardService(ctx.em, ctx.config.maxPageSize).list(toAwardCriteria(filter), page));
  }

  @Query(() => Award)
  award(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Award> {
    return new AwardService(ctx.em, ctx.config.maxPageSize).byId(parseId(id));
  }

  @FieldResolver(() => AwardRecipient)
  async recipient(@Root() award: AwardView, @Ctx() ctx: RequestContext): Promise<TalentView | OrganizationView | PlatformView> {
    const { loaders } = ctx;
    switch (award.recipientKind) {
      case RecipientKind.TALENT:
        return (await loaders.talent.byId.load(award.talent!.id))!;
      case RecipientKind.ORGANIZATION:
        return (await loaders.organization.byId.load(award.organization!.id))!;
      case RecipientKind.PLATFORM:
        return (await loaders.platform.byId.load(award.platform!.id))!;
    }
  }
}
