import { SERVICE_SUBCATEGORIES, type ServiceCategory } from '../../src/modules/service-map/service-map.enums';
import type { ServicePoint } from '../../src/modules/service-map/service-point.entity';
import { scatter } from '../geo';
import { Rng, type Weighted } from '../random';
import { SURNAMES } from '../reference/names';
import type { TownProfile } from '../reference/regions';
import { SUBCATEGORY_PROFILES } from '../reference/service-points';
import type { RegionSet } from './regions';
import { brandName } from './text';

/** A service_point row as the seed writes it: the entity's columns, the town as its code. */
export type ServicePointRow = Pick<ServicePoint, 'id' | 'name' | 'category' | 'subcategory' | 'address' | 'latitude' | 'longitude'> & {
  townCode: string;
  phone: string | null;
  openingHours: string | null;
  talentCardBenefit: string | null;
};

export const DEFAULT_SERVICE_POINTS = 3000;

/** Every subcategory code with its category, in table order. */
export function allSubcategories(): [ServiceCategory, string][] {
  return (Object.entries(SERVICE_SUBCATEGORIES) as [ServiceCategory, Record<string, string>][]).flatMap(([category, subs]) =>
    Object.keys(subs).map((code) => [category, code] as [ServiceCategory, string]),
  );
}

/** Pinggu landlines are 6996xxxx-style eight-digit numbers under 010; some points list a mobile. */
function phoneNumber(rng: Rng): string {
  if (rng.chance(0.2)) return `1${rng.pick(['38', '39', '58', '59', '86', '88', '35', '37'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  return `010-${rng.pick(['6996', '6998', '6999', '6196', '6197', '8996'])}${String(rng.int(0, 9999)).padStart(4, '0')}`;
}

/**
 * Service points 1…count. Point k is a function of k alone. The first points cover every
 * subcategory once, the next every town once; after that subcategories follow their weights and
 * towns their residents (the streets 滨河 and 兴谷 and the 渔阳 seat get the most).
 */
export function generateServicePoints(count: number, regions: RegionSet): ServicePointRow[] {
  const subcategories = allSubcategories();
  const missing = subcategories.filter(([, code]) => !SUBCATEGORY_PROFILES[code]);
  if (missing.length) throw new Error(`no seed profile for service subcategories ${missing.map(([, c]) => c).join(', ')}`);
  const subcategoryWeights: Weighted<[ServiceCategory, string]> = subcategories.map((s) => [s, SUBCATEGORY_PROFILES[s[1]].weight] as const);
  const townWeights: Weighted<TownProfile> = regions.towns.map((t) => [t, t.population * (t.kind === '街道' ? 1.3 : 1)] as const);
  const rows: ServicePointRow[] = [];
  for (let id = 1; id <= count; id++) {
    const rng = Rng.for('service-point', id);
    const [category, subcategory] = id <= subcategories.length ? subcategories[id - 1] : rng.weighted(subcategoryWeights);
    const k = id - subcategories.length;
    const town = k >= 1 && k <= regions.towns.length ? regions.towns[k - 1] : rng.weighted(townWeights);
    const profile = SUBCATEGORY_PROFILES[subcategory];
    const units = regions.unitsByTown.get(town.code)!;
    const unit = rng.pick(units);
    const road = rng.pick(town.roads);
    const name = rng
      .pick(profile.names)
      .replace('{brand}', () => brandName(rng))
      .replace('{town}', town.short)
      .replace('{road}', road)
      .replace('{village}', unit.name)
      .replace('{surname}', () => rng.pick(SURNAMES)[0])
      .replace('{n}', () => String(rng.int(1, 9)));
    const address = rng.chance(0.75) || unit.isCommunity ? `北京市平谷区${town.name}${road}${rng.int(1, 199)}号` : `北京市平谷区${town.name}${unit.name}${rng.int(1, 320)}号`;
    const p = scatter(rng, town, town.kind === '街道' ? 2 : 3);
    rows.push({
      id,
      name,
      category,
      subcategory,
      address,
      townCode: town.code,
      latitude: p.latitude,
      longitude: p.longitude,
      phone: rng.chance(profile.phone) ? phoneNumber(rng) : null,
      openingHours: rng.pick(profile.hours),
      talentCardBenefit: profile.benefits.length && rng.chance(profile.benefitShare) ? rng.pick(profile.benefits) : null,
    });
  }
  return rows;
}
