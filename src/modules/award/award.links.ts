import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { RECORD_READERS } from '../../shared/auth/roles';
import { Organization } from '../organization/organization.entity';
import type { OrganizationView } from '../organization/organization.view';
import { Platform } from '../platform/platform.entity';
import type { PlatformView } from '../platform/platform.view';
import { Talent } from '../talent/talent.entity';
import type { TalentView } from '../talent/talent.view';
import { Award } from './award.entity';
import type { AwardView } from './award.view';

/**
 * The fields awards give their recipients. They live here, with the awards, so that no recipient's
 * feature imports this one: award → platform → talent → organization, never back.
 */
@Resolver(() => Organization)
@Authorized(...RECORD_READERS)
export class OrganizationAwardsResolver {
  @FieldResolver(() => [Award], { description: 'Awards to the organization itself, newest first' })
  awards(@Root() organization: OrganizationView, @Ctx() ctx: RequestContext): Promise<AwardView[]> {
    return ctx.loaders.award.ofOrganization.load(organization.id);
  }
}

@Resolver(() => Talent)
@Authorized(...RECORD_READERS)
export class TalentAwardsResolver {
  @FieldResolver(() => [Award], { description: 'Awards and grants to the talent, newest first' })
  awards(@Root() talent: TalentView, @Ctx() ctx: RequestContext): AwardView[] | Promise<AwardView[]> {
    // Settled when the talents page prefetched it (talent.resolver.ts): no promise.
    return ctx.loaders.award.ofTalent.settledOrLoad(talent.id);
  }
}

@Resolver(() => Platform)
@Authorized(...RECORD_READERS)
export class PlatformAwardsResolver {
  @FieldResolver(() => [Award], { description: 'Awards and grants to the platform, newest first' })
  awards(@Root() platform: PlatformView, @Ctx() ctx: RequestContext): Promise<AwardView[]> {
    return ctx.loaders.award.ofPlatform.load(platform.id);
  }
}
