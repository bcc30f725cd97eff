import { Arg, Args, Authorized, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { RECORD_READERS } from '../../shared/auth/roles';
import { CoordSystem, GeoPoint, geoPointOf } from '../../shared/geo';
import { parseId, sortDirection } from '../../shared/inputs';
import { Connection, ConnectionArgs } from '../../shared/pagination/connection';
import { Region } from '../region/region.entity';
import { Organization } from './organization.entity';
import { OrganizationFilter, OrganizationOrder, OrganizationOrderField } from './organization.inputs';
import { OrganizationService } from './organization.service';
import type { OrganizationView } from './organization.view';
import type { RegionView } from '../region/region.view';

@ObjectType()
export class OrganizationConnection extends Connection(Organization, 'Organization') {}

@Resolver(() => Organization)
@Authorized(...RECORD_READERS)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: 'Employers, filtered; ordered by name unless told otherwise' })
  async organizations(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => OrganizationFilter, { nullable: true }) filter?: OrganizationFilter,
    @Arg('orderBy', () => [OrganizationOrder], { nullable: true }) orderBy?: OrganizationOrder[],
  ): Promise<OrganizationConnection> {
    const sort = orderBy?.map((o) => ({
      field: o.field === OrganizationOrderField.NAME ? ('name' as const) : ('id' as const),
      direction: sortDirection(o.direction),
    }));
    return new OrganizationConnection(await new OrganizationService(ctx.em, ctx.config.maxPageSize).list(filter, sort, page));
  }

  @Query(() => Organization)
  organization(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Organization> {
    return new OrganizationService(ctx.em, ctx.config.maxPageSize).byId(parseId(id));
  }

  @FieldResolver(() => Region, { description: 'Street or town' })
  town(@Root() organization: OrganizationView, @Ctx() ctx: RequestContext): RegionView | Promise<RegionView | null> {
    // Joined in by the loader: no promise.
    return organization.townRegion ?? ctx.loaders.region.byCode.load(organization.town.code);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'Village or community' })
  village(@Root() organization: OrganizationView, @Ctx() ctx: RequestContext): Promise<RegionView | null> | null {
    return organization.village ? ctx.loaders.region.byCode.load(organization.village.code) : null;
  }

  @FieldResolver(() => GeoPoint)
  location(
    @Root() organization: OrganizationView,
    @Arg('coordSystem', () => CoordSystem, { defaultValue: CoordSystem.WGS84 }) coordSystem: CoordSystem,
  ): GeoPoint {
    return geoPointOf(organization, coordSystem);
  }
}
