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

function transform(point: LatLng, from: CoordSystem, to: CoordSystem): LatLng {
  if (from === to) return { latitude: point.latitude, longitude: point.longitude };
  // gcoord works in [longitude, latitude]; its GCJ-02 → WGS-84 inversion iterates to 1e-6° (~0.1 m)
  // and leaves points outside China's bounding box unshifted, as the standard algorithm does.
  const [longitude, latitude] = gcoord.transform([point.longitude, point.latitude], CRS[from], CRS[to]) as [number, number];
  return { latitude, longitude };
}

/** A stored (WGS-84) location in the caller's system. */
export function fromWgs84(point: LatLng, system: CoordSystem = CoordSystem.WGS84): LatLng {
  return transform(point, CoordSystem.WGS84, system);
}

/** A caller's location, in the system it names, as WGS-84 for storage and queries. */
export function toWgs84(point: LatLng, system: CoordSystem = CoordSystem.WGS84): LatLng {
  return transform(point, system, CoordSystem.WGS84);
}

@ObjectType({ description: 'A location in the coordinate system the query asked for' })
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
