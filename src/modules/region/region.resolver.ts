import { Matches } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { CoordSystem, GeoPoint, geoPointOf } from '../../shared/geo';
import { REGION_CODE } from '../../shared/inputs';
import { Region } from './region.entity';
import { RegionLevel } from './region.enums';
import { RegionService } from './region.service';
import type { RegionView } from './region.view';

@ArgsType()
class RegionsArgs {
  @Field(() => RegionLevel, { nullable: true })
  level?: RegionLevel;

  @Field(() => String, { nullable: true, description: 'Only the regions directly under this division code' })
  @Matches(REGION_CODE, { message: 'parentCode must be a 12-digit division code' })
  parentCode?: string;
}

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => [Region], { description: 'Regions of the district, in division-code order' })
  regions(@Args() { level, parentCode }: RegionsArgs, @Ctx() ctx: RequestContext): Promise<Region[]> {
    return new RegionService(ctx.em).list(level, parentCode);
  }

  @FieldResolver(() => Region, { nullable: true })
  parent(@Root() region: RegionView, @Ctx() ctx: RequestContext): Promise<RegionView | null> | null {
    return region.parent ? ctx.loaders.region.byCode.load(region.parent.code) : null;
  }

  @FieldResolver(() => GeoPoint, { description: 'Approximate centroid' })
  centroid(
    @Root() region: RegionView,
    @Arg('coordSystem', () => CoordSystem, { defaultValue: CoordSystem.WGS84 }) coordSystem: CoordSystem,
  ): GeoPoint {
    return geoPointOf(region, coordSystem);
  }
}
