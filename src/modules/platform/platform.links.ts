import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { RECORD_READERS } from '../../shared/auth/roles';
import { Organization } from '../organization/organization.entity';
import type { OrganizationView } from '../organization/organization.view';
import { Talent } from '../talent/talent.entity';
import type { TalentView } from '../talent/talent.view';
import { Platform } from './platform.entity';
import type { PlatformView } from './platform.view';

/**
 * The fields platforms give organizations and talents. They live here, with the platforms, so
 * that neither feature imports this one: platform → talent → organization, never back.
 */
@Resolver(() => Organization)
@Authorized(...RECORD_READERS)
export class OrganizationPlatformsResolver {
  @FieldResolver(() => [Platform], { description: 'Platforms the organization hosts' })
  platforms(@Root() organization: OrganizationView, @Ctx() ctx: RequestContext): Promise<PlatformView[]> {
    return ctx.loaders.platform.ofHostOrganization.load(organization.id);
  }
}

@Resolver(() => Talent)
@Authorized(...RECORD_READERS)
export class TalentPlatformsResolver {
  @FieldResolver(() => [Platform], { description: 'Platforms the talent works on' })
  platforms(@Root() talent: TalentView, @Ctx() ctx: RequestContext): PlatformView[] | Promise<PlatformView[]> {
    // Settled when the talents page prefetched it (talent.resolver.ts): no promise.
    return ctx.loaders.platform.ofTalent.settledOrLoad(talent.id);
  }
}
