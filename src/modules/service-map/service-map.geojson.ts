import { CoordSystem, fromWgs84 } from '../../shared/geo';
import { SERVICE_CATEGORY_LABELS, subcategoryLabel } from './service-map.enums';
import type { ServicePointRow } from './service-map.queries';

export interface Feature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Record<string, string | null>;
}

/** RFC 7946 §11.2: six decimal places (about 10 cm) are all a position needs. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * A point as an RFC 7946 Feature: position [longitude, latitude], converted to the caller's
 * system. RFC 7946 fixes WGS-84; GCJ-02 and BD-09 output is the "prior arrangement" its §4
 * allows, named in the collection's `coordSystem` member (service-map.layer-cache.ts).
 */
export function toFeature(row: ServicePointRow, system: CoordSystem): Feature {
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
}
