import { Kind, type GraphQLResolveInfo } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, Ctx, Directive, Field, FieldResolver, Float, ID, Info, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { INHERIT_CACHE_HINT, PUBLIC_CACHE_HINT } from '../../shared/cache-control';
import { BadUserInputError } from '../../shared/errors';
import { CoordSystem, GeoPoint, geoPointOf } from '../../shared/geo';
import { parseId } from '../../shared/inputs';
import type { RawJson } from '../../shared/raw-json';
import type { Page } from '../../shared/pagination/keyset';
import { PageInfo } from '../../shared/pagination/connection';
import { Region } from '../region/region.entity';
import { regionView, type RegionView } from '../region/region.view';
import { SERVICE_CATEGORY_LABELS, SERVICE_SUBCATEGORIES, ServiceCategory, subcategoryLabel } from './service-map.enums';
import { BoundingBoxInput, ServicePointsArgs, toCircle, toCriteria, toWgs84Box } from './service-map.inputs';
import type { ServicePointRow } from './service-map.queries';
import { GEOJSON_MAX_FEATURES, ServiceMapService } from './service-map.service';
import { ServicePoint } from './service-point.entity';

/** What a ServicePoint field resolves from: a row plus the system its location is shown in. */
export interface ServicePointNode extends ServicePointRow {
  coordSystem: CoordSystem;
}

@ObjectType({ simpleResolvers: true, description: 'A service point in a list, with its distance when the list is `near` a point' })
@Directive(INHERIT_CACHE_HINT)
export class ServicePointEdge {
  @Field({ description: 'Opaque position of this node in the ordering' })
  cursor!: string;

  @Field(() => ServicePoint)
  node!: ServicePointNode;

  @Field(() => Float, {
    nullable: true,
    description: 'Great-circle distance from the `near` centre in metres (sphere of earthdistance’s earth() radius); null without `near`',
  })
  distanceMeters!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'Service points, nearest first with `near`, else by id' })
@Directive(INHERIT_CACHE_HINT)
export class ServicePointConnection {
  constructor(
    private readonly page: Page<ServicePointRow & { distanceMeters?: number }>,
    private readonly coordSystem: CoordSystem,
  ) {}

  @Field(() => Int, { description: 'Number of points matching: within the circle or the box, after the filters' })
  totalCount(): Promise<number> {
    return this.page.totalCount();
  }

  @Field(() => PageInfo)
  @Directive(INHERIT_CACHE_HINT)
  get pageInfo(): PageInfo {
    return { hasNextPage: this.page.hasNextPage, endCursor: this.page.cursors.at(-1) ?? null };
  }

  @Field(() => [ServicePointEdge])
  get edges(): ServicePointEdge[] {
    return this.page.nodes.map(({ distanceMeters, ...row }, i) => ({
      cursor: this.page.cursors[i],
      node: { ...row, coordSystem: this.coordSystem },
      distanceMeters: distanceMeters ?? null,
    }));
  }
}

@ObjectType({ description: 'A subcategory of the service map with its number of points' })
@Directive(INHERIT_CACHE_HINT)
export class ServiceSubcategoryCount {
  @Field({ description: 'Code, as `subcategories` filters take it' })
  value!: string;

  @Field()
  label!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'A category of the service map (衣食住行娱) with its number of points' })
@Directive(INHERIT_CACHE_HINT)
export class ServiceCategoryCount {
  @Field(() => ServiceCategory)
  category!: ServiceCategory;

  @Field()
  label!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => [ServiceSubcategoryCount], { description: "The category's subcategories, in the table's order, including empty ones" })
  subcategories!: ServiceSubcategoryCount[];
}

/** Whether the field's own selection names `name` directly (fragments are not looked into: then the count just runs later). */
function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return info.fieldNodes.some((node) => node.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === name));
}

const service = (ctx: RequestContext) => new ServiceMapService(ctx.em, ctx.config.maxPageSize);

/**
 * The 人才服务地图 for the mobile app: public data, cacheable by HTTP caches for minutes.
 * Coordinates in and out are in the caller's `coordSystem`; the database holds WGS-84.
 */
@Resolver(() => ServicePoint)
export class ServiceMapResolver {
  @Query(() => ServicePointConnection, {
    description: 'Service points: `near` a point (nearest first), `within` a rectangle, or all (by id); filtered',
  })
  @Directive(PUBLIC_CACHE_HINT)
  async servicePoints(@Args() args: ServicePointsArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<ServicePointConnection> {
    const { near, within, coordSystem } = args;
    if (near && within) {
      throw new BadUserInputError('Give either near or within, not both', { argument: 'near' });
    }
    const criteria = toCriteria(args);
    // A client that shows totalCount (the mobile app does) waits for the page and the count
    // side by side, not one after the other.
    const options = { countWithPage: selectsField(info, 'totalCount') };
    const page = near
      ? await service(ctx).nearby(toCircle(near, coordSystem), criteria, args, options)
      : await service(ctx).points(within ? toWgs84Box(within, coordSystem) : null, criteria, args, options);
    return new ServicePointConnection(page, coordSystem);
  }

  @Query(() => ServicePoint, { description: 'One service point (NOT_FOUND for an unknown id)' })
  @Directive(PUBLIC_CACHE_HINT)
  async servicePoint(
    @Arg('id', () => ID) id: string,
    @Arg('coordSystem', () => CoordSystem, { defaultValue: CoordSystem.WGS84 }) coordSystem: CoordSystem,
    @Ctx() ctx: RequestContext,
  ): Promise<ServicePointNode> {
    return { ...(await service(ctx).byId(parseId(id))), coordSystem };
  }

  @Query(() => [ServiceCategoryCount], { description: 'The five categories with their labels, subcategories and counts' })
  @Directive(PUBLIC_CACHE_HINT)
  async serviceCategories(@Ctx() ctx: RequestContext): Promise<ServiceCategoryCount[]> {
    const counts = new Map<string, number>();
    for (const row of await service(ctx).categoryCounts()) counts.set(`${row.category}/${row.subcategory}`, row.count);
    return Object.values(ServiceCategory).map((category) => {
      const codes = new Set(Object.keys(SERVICE_SUBCATEGORIES[category]));
      // Codes in the data but not in the table still show (as themselves), so counts add up.
      for (const key of counts.keys()) if (key.startsWith(`${category}/`)) codes.add(key.slice(category.length + 1));
      const subcategories = [...codes].map((value) => ({
        value,
        label: subcategoryLabel(category, value),
        count: counts.get(`${category}/${value}`) ?? 0,
      }));
      return {
        category,
        label: SERVICE_CATEGORY_LABELS[category],
        count: subcategories.reduce((sum, s) => sum + s.count, 0),
        subcategories,
      };
    });
  }

  @Query(() => GraphQLJSONObject, {
    description:
      'The layer as an RFC 7946 GeoJSON FeatureCollection ([longitude, latitude]), for offline use. At most 10,000 features: a larger layer is refused with LIMIT_EXCEEDED',
    // Priced as the features it can hold, like a page of as many points: one layer takes a
    // request's whole default cost budget, so aliases and batches cannot multiply it.
    complexity: GEOJSON_MAX_FEATURES,
  })
  @Directive(PUBLIC_CACHE_HINT)
  async serviceMapGeoJSON(
    @Ctx() ctx: RequestContext,
    @Arg('categories', () => [ServiceCategory], { nullable: true }) categories?: ServiceCategory[],
    @Arg('within', () => BoundingBoxInput, { nullable: true }) within?: BoundingBoxInput,
    @Arg('coordSystem', () => CoordSystem, { defaultValue: CoordSystem.WGS84 }) coordSystem: CoordSystem = CoordSystem.WGS84,
  ): Promise<RawJson> {
    const box = within ? toWgs84Box(within, coordSystem) : null;
    return service(ctx).layer(box, toCriteria({ categories }), coordSystem, ctx.serviceMap.layers);
  }

  @FieldResolver(() => GeoPoint, { description: "Where the point is, in the query's coordSystem" })
  @Directive(INHERIT_CACHE_HINT)
  location(@Root() point: ServicePointNode): GeoPoint {
    return geoPointOf(point, point.coordSystem);
  }

  @FieldResolver(() => Region, { description: 'The street or town the point is in' })
  @Directive(INHERIT_CACHE_HINT)
  town(@Root() point: ServicePointNode): RegionView {
    // The row carries its town (joined in): no statement, no entity to map.
    return regionView({
      code: point.townCode,
      name: point.townName,
      level: point.townLevel,
      kind: point.townKind,
      parentCode: point.townParentCode,
      latitude: point.townLatitude,
      longitude: point.townLongitude,
    });
  }

  @FieldResolver(() => String, { description: 'Label of the subcategory, e.g. 人才小院' })
  subcategoryLabel(@Root() point: ServicePointNode): string {
    return subcategoryLabel(point.category, point.subcategory);
  }
}
