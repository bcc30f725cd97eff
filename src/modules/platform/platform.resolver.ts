import { Arg, Args, Authorized, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { RECORD_READERS } from '../../shared/auth/roles';
import { CoordSystem, GeoPoint, geoPointOf } from '../../shared/geo';
import { parseId } from '../../shared/inputs';
import { Connection, ConnectionArgs } from '../../shared/pagination/connection';
import { Organization } from '../organization/organization.entity';
import { Region } from '../region/region.entity';
import { TalentConnection } from '../talent/talent.resolver';
import { Platform } from './platform.entity';
import { PlatformFilter, toPlatformCriteria } from './platform.inputs';
import { PlatformService } from './platform.service';
import type { PlatformView } from './platform.view';
import type { OrganizationView } from '../organization/organization.view';
import type { RegionView } from '../region/region.view';

@ObjectType()
export class PlatformConnection extends Connection(Platform, 'Platform') {}

@Resolver(() => Platform)
@Authorized(...RECORD_READERS)
export class PlatformResolver {
  @Query(() => PlatformConnection, { description: 'Platforms (平台载体), filtered, by name' })
  async platforms(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => PlatformFilter, { nullable: true }) filter?: PlatformFilter,
  ): Promise<PlatformConnection> {
    return new PlatformConnection(await new PlatformService(ctx.em, ctx.config.maxPageSize).list(toPlatformCriteria(filter), page));
  }

  @Query(() => Platform)
  platform(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Platform> {
    return new PlatformService(ctx.em, ctx.config.maxPageSize).byId(parseId(id));
  }

  @FieldResolver(() => Organization)
  async hostOrganization(@Root() platform: PlatformView, @Ctx() ctx: RequestContext): Promise<OrganizationView> {
    return (await ctx.loaders.organization.byId.load(platform.hostOrganization.id))!;
  }

  @FieldResolver(() => Region)
  async town(@Root() platform: PlatformView, @Ctx() ctx: RequestContext): Promise<RegionView> {
    return (await ctx.loaders.region.byCode.load(platform.town.code))!;
  }

  @FieldResolver(() => GeoPoint)
  location(
    @Root() platform: PlatformView,
    @Arg('coordSystem', () => CoordSystem, { defaultValue: CoordSystem.WGS84 }) coordSystem: CoordSystem,
  ): GeoPoint {
    return geoPointOf(platform, coordSystem);
  }

  @FieldResolver(() => TalentConnection, { description: 'Talents working on the platform, by id' })
  async members(@Root() platform: PlatformView, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext): Promise<TalentConnection> {
    const args = { first: page.first ?? null, after: page.after ?? null };
    return new TalentConnection(await ctx.loaders.talent.pageOfPlatform.load({ parent: platform.id, args }));
  }
}
