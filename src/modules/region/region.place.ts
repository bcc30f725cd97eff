import type { EntityManager } from '@mikro-orm/postgresql';
import type { CoordSystem, LatLng } from '../../shared/geo';
import { checkLocation, checkTown } from '../../shared/writes/domain-rules';
import type { FieldError } from '../../shared/writes/field-error';
import { Region } from './region.entity';
import { RegionLevel } from './region.enums';

export interface PlaceFields {
  townCode?: string;
  location?: LatLng;
  coordSystem?: CoordSystem;
}

/**
 * Location (any coordinate system → WGS-84, inside the district) and town (consistent with the
 * location) of a record with a place, checked together: either one changing re-checks the pair
 * against the other's stored value. Returns the WGS-84 location to store (null: unchanged).
 */
export async function checkPlace(
  em: EntityManager,
  fields: PlaceFields,
  existing: { latitude: number; longitude: number; town: { code: string } } | null,
  errors: FieldError[],
): Promise<LatLng | null> {
  let location: LatLng | null = existing ? { latitude: existing.latitude, longitude: existing.longitude } : null;
  if (fields.location) {
    const checked = checkLocation('location', fields.location, fields.coordSystem);
    if (checked.error) {
      errors.push(checked.error);
      return null;
    }
    location = checked.wgs84;
  }
  const townCode = fields.townCode ?? existing?.town.code;
  if (location && townCode && (fields.location || fields.townCode)) {
    const towns = await em.find(Region, { level: RegionLevel.TOWN }, { fields: ['code', 'latitude', 'longitude'] });
    const error = checkTown('townCode', location, townCode, towns);
    if (error) errors.push(error);
  }
  return fields.location ? location : null;
}
