import gcoord, { CRSTypes } from 'gcoord';
import { LatitudeResolver, LongitudeResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

/**
 * Coordinate systems phones in China draw on. Storage is always WGS-84; every conversion
 * happens here, at the API's edge, both ways.
 */
export enum CoordSystem {
  /** GPS and open data. */
  WGS84 = 'WGS84',
  /** AMap and Tencent maps (火星坐标). */
  GCJ02 = 'GCJ02',
  /** Baidu maps. */
  BD09 = 'BD09',
}

registerEnumType(CoordSystem, {
  name: 'CoordSystem',
  description: 'WGS84 (GPS, default), GCJ02 (AMap, Tencent) or BD09 (Baidu)',
});

export interface LatLng {
  latitude: number;
  longitude: number;
}

const CRS: Record<CoordSystem, CRSTypes> = {
  [CoordSystem.WGS84]: gcoord.WGS84,
  [CoordSystem.GCJ02]: gcoord.GCJ02,
  [CoordSystem.BD09]: gcoord.BD09,
};

/**
 * Where GCJ-02 (and BD-09 on top of it) applies: the rectangle the standard algorithm uses
 * (72.004–137.8347 E, 0.8293–55.8271 N), the same one gcoord checks. Outside it a point is
 * not shifted in any system: GCJ-02 leaves it alone, and Baidu's maps use WGS-84 abroad
 * (lbs.baidu.com, 坐标转换: 海外地区统一使用WGS84坐标), so BD-09 does too. The rectangle is
 * coarse: it also covers neighbours such as Korea or Mongolia, exactly as AMap's and Baidu's
 * own SDK algorithms do.
 */
export function isInChina(point: LatLng): boolean {
  const { latitude, longitude } = point;
  return longitude >= 72.004 && longitude <= 137.8347 && latitude >= 0.8293 && latitude <= 55.8271;
}

/** 1e-10° is about 0.01 mm: far below anything a map shows, reached in 2–4 iterations. */
const INVERSE_TOLERANCE_DEGREES = 1e-10;
const INVERSE_MAX_ITERATIONS = 20;

function gcoordTransform(point: LatLng, from: CoordSystem, to: CoordSystem): LatLng {
  // gcoord works in [longitude, latitude].
  const [longitude, latitude] = gcoord.transform([point.longitude, point.latitude], CRS[from], CRS[to]) as [number, number];
  return { latitude, longitude };
}

/** A stored (WGS-84) location in the caller's system. */
export function fromWgs84(point: LatLng, system: CoordSystem = CoordSystem.WGS84): LatLng {
  if (system === CoordSystem.WGS84 || !isInChina(point)) return { latitude: point.latitude, longitude: point.longitude };
  return gcoordTransform(point, CoordSystem.WGS84, system);
}

/**
 * A caller's location, in the system it names, as WGS-84 for storage and queries.
 *
 * GCJ-02 and BD-09 have no closed-form inverse: the published inverses (gcoord's, which stops
 * at 1e-6°, and the analytic BD-09 → GCJ-02 formula) are off by up to ~0.2 m each, and they
 * add up when composed. So the answer is solved for directly: the WGS-84 point w whose forward
 * conversion lands on the caller's point p, by the fixed-point iteration w ← w − (F(w) − p),
 * which converges fast because F is the identity plus a slowly varying offset. Started from
 * gcoord's inverse, it usually needs one or two steps.
 */
export function toWgs84(point: LatLng, system: CoordSystem = CoordSystem.WGS84): LatLng {
  if (system === CoordSystem.WGS84 || !isInChina(point)) return { latitude: point.latitude, longitude: point.longitude };
  let guess = gcoordTransform(point, system, CoordSystem.WGS84);
  for (let i = 0; i < INVERSE_MAX_ITERATIONS; i++) {
    const forward = gcoordTransform(guess, CoordSystem.WGS84, system);
    const dLat = forward.latitude - point.latitude;
    const dLng = forward.longitude - point.longitude;
    if (Math.abs(dLat) < INVERSE_TOLERANCE_DEGREES && Math.abs(dLng) < INVERSE_TOLERANCE_DEGREES) break;
    guess = { latitude: guess.latitude - dLat, longitude: guess.longitude - dLng };
  }
  return guess;
}

@ObjectType({ simpleResolvers: true, description: 'A location in the coordinate system the query asked for' })
export class GeoPoint implements LatLng {
  @Field(() => LatitudeResolver)
  latitude!: number;

  @Field(() => LongitudeResolver)
  longitude!: number;
}

/** Stored WGS-84 columns of an entity → a GeoPoint in the requested system. */
export function geoPointOf(row: LatLng, system: CoordSystem = CoordSystem.WGS84): GeoPoint {
  return Object.assign(new GeoPoint(), fromWgs84({ latitude: row.latitude, longitude: row.longitude }, system));
}
