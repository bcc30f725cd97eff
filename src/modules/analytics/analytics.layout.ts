import { CoordSystem, geoPointOf, type GeoPoint } from '../../shared/geo';
import type { RegionLevel } from '../region/region.enums';
import type { DisclosureNote, TalentLayoutResult } from './analytics.service';

/**
 * The layout at the API's edge: centroids leave storage (WGS-84) in the caller's coordinate
 * system, as rows or as an RFC 7946 FeatureCollection. Cached layouts stay in WGS-84, so every
 * coordinate system shares one cache entry.
 */

export interface LayoutEntry {
  region: { code: string; name: string; level: RegionLevel; kind: string; centroid: GeoPoint };
  count: number | null;
  suppressed: boolean;
}

export function layoutIn(rows: readonly TalentLayoutResult[], system: CoordSystem = CoordSystem.WGS84): LayoutEntry[] {
  return rows.map(({ region, count, suppressed }) => ({
    region: { code: region.code, name: region.name, level: region.level, kind: region.kind, centroid: geoPointOf(region, system) },
    count,
    suppressed,
  }));
}

/** RFC 7946 recommends six decimals (about 0.1 m): more would only pretend precision. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * A FeatureCollection of Points, `[longitude, latitude]` as RFC 7946 orders them. The
 * coordinates are in the requested system, which the foreign member `coordSystem` names
 * (RFC 7946 assumes WGS-84; Chinese map libraries expect GCJ-02 or BD-09); the foreign member
 * `disclosure` says how the counts were published, for the map's footnote.
 */
export function layoutGeoJson(rows: readonly TalentLayoutResult[], disclosure: DisclosureNote, system: CoordSystem = CoordSystem.WGS84): Record<string, unknown> {
  return {
    type: 'FeatureCollection',
    coordSystem: system,
    disclosure,
    features: layoutIn(rows, system).map(({ region, count, suppressed }) => ({
      type: 'Feature',
      id: region.code,
      geometry: { type: 'Point', coordinates: [round6(region.centroid.longitude), round6(region.centroid.latitude)] },
      properties: { code: region.code, name: region.name, level: region.level, count, suppressed },
    })),
  };
}
