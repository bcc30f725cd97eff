import { DISTRICT_BOUNDS } from './reference/regions';
import type { Rng } from './random';

export interface Point {
  latitude: number;
  longitude: number;
}

const KM_PER_DEGREE_LAT = 111.0;
/** At the district's latitude (about 40.15° N). */
const KM_PER_DEGREE_LNG = 111.32 * Math.cos((40.15 * Math.PI) / 180);
/** Keep generated points this far (degrees) inside the district's box. */
const MARGIN = 0.003;

function inside(p: Point): boolean {
  return (
    p.latitude > DISTRICT_BOUNDS.minLat + MARGIN &&
    p.latitude < DISTRICT_BOUNDS.maxLat - MARGIN &&
    p.longitude > DISTRICT_BOUNDS.minLng + MARGIN &&
    p.longitude < DISTRICT_BOUNDS.maxLng - MARGIN
  );
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * A point between minKm and maxKm from the centre, uniform over that ring's area, inside the
 * district's box. Rounded to 6 decimals (about 0.1 m), as map services store them.
 */
export function scatter(rng: Rng, centre: Point, maxKm: number, minKm = 0): Point {
  let p: Point = centre;
  for (let attempt = 0; attempt < 8; attempt++) {
    const angle = rng.next() * 2 * Math.PI;
    const r = Math.sqrt(minKm * minKm + rng.next() * (maxKm * maxKm - minKm * minKm));
    p = {
      latitude: centre.latitude + (r * Math.sin(angle)) / KM_PER_DEGREE_LAT,
      longitude: centre.longitude + (r * Math.cos(angle)) / KM_PER_DEGREE_LNG,
    };
    if (inside(p)) break;
  }
  return {
    latitude: round6(clamp(p.latitude, DISTRICT_BOUNDS.minLat + MARGIN, DISTRICT_BOUNDS.maxLat - MARGIN)),
    longitude: round6(clamp(p.longitude, DISTRICT_BOUNDS.minLng + MARGIN, DISTRICT_BOUNDS.maxLng - MARGIN)),
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
