import { CoordSystem, fromWgs84 } from '../../shared/geo';
import { SERVICE_CATEGORY_LABELS, subcategoryLabel } from './service-map.enums';
import type { ServicePointRow } from './service-map.queries';

export interface Feature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Record<string, string | null>;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  /** [west, south, east, north] of the features, when there are any (RFC 7946 §5). */
  bbox?: [number, number, number, number];
  features: Feature[];
  /** Foreign member (RFC 7946 §6.1): the system the coordinates are in, as the caller asked. */
  coordSystem: CoordSystem;
}

/** RFC 7946 §11.2: six decimal places (about 10 cm) are all a position needs. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The points as an RFC 7946 FeatureCollection: positions [longitude, latitude], converted to
 * the caller's system. RFC 7946 fixes WGS-84; GCJ-02 and BD-09 output is the "prior
 * arrangement" its §4 allows, named in the `coordSystem` member.
 */
export function toFeatureCollection(rows: ServicePointRow[], system: CoordSystem): FeatureCollection {
  const features = rows.map((row): Feature => {
    const { latitude, longitude } = fromWgs84(row, system);
    return {
      type: 'Feature',
      id: row.id,
      geometry: { type: 'Point', coordinates: [round6(longitude), round6(latitude)] },
      properties: {
        name: row.name,
        category: row.category,
        categoryLabel: SERVICE_CATEGORY_LABELS[row.category],
        subcategory: row.subcategory,
        subcategoryLabel: subcategoryLabel(row.category, row.subcategory),
        address: row.address,
        townCode: row.townCode,
        townName: row.townName,
        phone: row.phone,
        openingHours: row.openingHours,
        talentCardBenefit: row.talentCardBenefit,
      },
    };
  });
  if (!features.length) return { type: 'FeatureCollection', features, coordSystem: system };
  const lngs = features.map((f) => f.geometry.coordinates[0]);
  const lats = features.map((f) => f.geometry.coordinates[1]);
  const bbox: FeatureCollection['bbox'] = [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
  return { type: 'FeatureCollection', bbox, features, coordSystem: system };
}
