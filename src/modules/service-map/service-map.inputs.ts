import { ArrayMaxSize, IsIn, IsInt, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LatitudeResolver, LongitudeResolver } from 'graphql-scalars';
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { BadUserInputError } from '../../shared/errors';
import { CoordSystem, toWgs84 } from '../../shared/geo';
import { MAX_FILTER_VALUES, REGION_CODE } from '../../shared/inputs';
import { ConnectionArgs } from '../../shared/pagination/connection';
import { ServiceCategory, SERVICE_SUBCATEGORY_CODES } from './service-map.enums';
import type { Box, Circle, ServicePointCriteria } from './service-map.queries';
import { DEFAULT_RADIUS_METERS, MAX_RADIUS_METERS } from './service-map.service';

/** Longest search term, in characters. */
export const MAX_SEARCH_LENGTH = 64;

@InputType({ description: "A circle around a point given in the query's coordSystem" })
export class NearInput {
  @Field(() => LatitudeResolver)
  latitude!: number;

  @Field(() => LongitudeResolver)
  longitude!: number;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_RADIUS_METERS,
    description: `Radius in metres, 1 to ${MAX_RADIUS_METERS.toLocaleString('en')} (default ${DEFAULT_RADIUS_METERS.toLocaleString('en')})`,
  })
  @IsInt()
  @Min(1, { message: 'radiusMeters must be at least 1' })
  @Max(MAX_RADIUS_METERS, { message: `radiusMeters must be at most ${MAX_RADIUS_METERS} (${MAX_RADIUS_METERS / 1000} km)` })
  radiusMeters?: number | null;
}

@InputType({ description: "The map's visible rectangle in the query's coordSystem; min < max on both axes (edges included)" })
export class BoundingBoxInput {
  @Field(() => LatitudeResolver)
  minLatitude!: number;

  @Field(() => LongitudeResolver)
  minLongitude!: number;

  @Field(() => LatitudeResolver)
  maxLatitude!: number;

  @Field(() => LongitudeResolver)
  maxLongitude!: number;
}

@ArgsType()
export class ServicePointsArgs extends ConnectionArgs {
  @Field(() => NearInput, { nullable: true, description: 'Points within this circle, nearest first (not with `within`)' })
  @ValidateNested()
  near?: NearInput | null;

  @Field(() => BoundingBoxInput, { nullable: true, description: 'Points inside this rectangle, by id (not with `near`)' })
  within?: BoundingBoxInput | null;

  @Field(() => [ServiceCategory], { nullable: true, description: '衣食住行娱; any of these (an empty list filters nothing)' })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  categories?: ServiceCategory[] | null;

  @Field(() => [String], { nullable: true, description: 'Subcategory codes (see serviceCategories); any of these' })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsIn(SERVICE_SUBCATEGORY_CODES, { each: true, message: 'subcategories must be codes listed by serviceCategories' })
  subcategories?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Division codes of streets and towns; any of these' })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Matches(REGION_CODE, { each: true, message: 'townCodes must be 12-digit division codes' })
  townCodes?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: `Substring of the name or address, case-insensitive, 1 to ${MAX_SEARCH_LENGTH} characters (blank: no search)`,
  })
  @MaxLength(MAX_SEARCH_LENGTH)
  search?: string | null;

  @Field(() => CoordSystem, {
    defaultValue: CoordSystem.WGS84,
    description: 'System of `near`, `within`, every returned location; distances are in metres whatever the system',
  })
  coordSystem!: CoordSystem;
}

/**
 * A GCJ-02 or BD-09 rectangle's edges are sampled about every 0.01° (~1 km; 8 to 256 samples
 * an edge). Between two samples the converted boundary bends by at most A·k²·h²/8 for spacing
 * h, where BD-09's wobble has amplitude A ≈ 3.7e-4° and wave number k = 2π/0.12°: ≈ 0.13·h²,
 * 1.4 m at 0.01°. The slack is twice that (a test checks it against dense sampling).
 */
const EDGE_SAMPLE_SPACING_DEGREES = 0.01;
const EDGE_SAMPLES = { min: 8, max: 256 };
const edgeSlackDegrees = (spacing: number) => Math.max(2e-6, 0.25 * spacing ** 2);

/**
 * A caller's rectangle as the WGS-84 box to query. An inverted or empty rectangle is refused
 * (a box across the antimeridian is one: China has no use for it).
 *
 * A GCJ-02 or BD-09 rectangle is not a rectangle in WGS-84: its edges bend with the shift,
 * which for BD-09 varies by tens of metres across a town. So its boundary is sampled, every
 * sample converted, and the query box is their bounding box plus a little slack: it holds every
 * point of the caller's rectangle, and may add points up to tens of metres outside it, off the
 * edge of the caller's map view, where they do no harm.
 */
export function toWgs84Box(box: BoundingBoxInput, system: CoordSystem): Box {
  if (!(box.minLatitude < box.maxLatitude) || !(box.minLongitude < box.maxLongitude)) {
    throw new BadUserInputError(
      'within must have minLatitude < maxLatitude and minLongitude < maxLongitude (an inverted or empty box)',
      { argument: 'within' },
    );
  }
  if (system === CoordSystem.WGS84) {
    const { minLatitude, minLongitude, maxLatitude, maxLongitude } = box;
    return { minLatitude, minLongitude, maxLatitude, maxLongitude };
  }
  const span = Math.max(box.maxLatitude - box.minLatitude, box.maxLongitude - box.minLongitude);
  const samples = Math.min(EDGE_SAMPLES.max, Math.max(EDGE_SAMPLES.min, Math.ceil(span / EDGE_SAMPLE_SPACING_DEGREES)));
  const slack = edgeSlackDegrees(span / samples);
  const boundary: { latitude: number; longitude: number }[] = [];
  for (let i = 0; i <= samples; i++) {
    const latitude = box.minLatitude + ((box.maxLatitude - box.minLatitude) * i) / samples;
    const longitude = box.minLongitude + ((box.maxLongitude - box.minLongitude) * i) / samples;
    boundary.push(
      { latitude, longitude: box.minLongitude },
      { latitude, longitude: box.maxLongitude },
      { latitude: box.minLatitude, longitude },
      { latitude: box.maxLatitude, longitude },
    );
  }
  const converted = boundary.map((point) => toWgs84(point, system));
  const latitudes = converted.map((c) => c.latitude);
  const longitudes = converted.map((c) => c.longitude);
  return {
    minLatitude: Math.max(-90, Math.min(...latitudes) - slack),
    maxLatitude: Math.min(90, Math.max(...latitudes) + slack),
    minLongitude: Math.max(-180, Math.min(...longitudes) - slack),
    maxLongitude: Math.min(180, Math.max(...longitudes) + slack),
  };
}

export function toCircle(near: NearInput, system: CoordSystem): Circle {
  return {
    centre: toWgs84({ latitude: near.latitude, longitude: near.longitude }, system),
    radiusMeters: near.radiusMeters ?? DEFAULT_RADIUS_METERS,
  };
}

export function toCriteria(args: Pick<ServicePointsArgs, 'categories' | 'subcategories' | 'townCodes' | 'search'>): ServicePointCriteria {
  const search = args.search?.trim();
  return {
    categories: args.categories,
    subcategories: args.subcategories,
    townCodes: args.townCodes,
    search: search ? search : null,
  };
}
