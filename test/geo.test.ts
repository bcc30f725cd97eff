import gcoord from 'gcoord';
import { CoordSystem, fromWgs84, geoPointOf, GeoPoint, isInChina, toWgs84, type LatLng } from '../src/shared/geo';
import { haversineMeters, seededRandom } from './helpers/geo';

const at = (latitude: number, longitude: number): LatLng => ({ latitude, longitude });

/**
 * Published reference conversions.
 * - eviltransform (github.com/googollee/eviltransform, javascript/test.js): WGS-84 ↔ GCJ-02 pairs.
 * - coordtransform (github.com/wandergis/coordtransform, test/app.js): the forward conversions
 *   of (116.404, 39.915), 天安门.
 * - Baidu's coordinate conversion web API documentation (api.map.baidu.com/geoconv/v1, from=1 to=5):
 *   a WGS-84 point and the BD-09 point Baidu's own server returns for it.
 */
const WGS_GCJ_PAIRS = [
  { place: 'Shanghai', wgs: at(31.1774276, 121.5272106), gcj: at(31.17530398364597, 121.531541859215) },
  { place: 'Shenzhen', wgs: at(22.543847, 113.912316), gcj: at(22.540796131694766, 113.9171764808363) },
  { place: 'Beijing', wgs: at(39.911954, 116.377817), gcj: at(39.91334545536069, 116.38404722455657) },
  { place: 'Tiananmen', wgs: at(39.915, 116.404), gcj: at(39.91640428150164, 116.41024449916938) },
];
const GCJ_BD_PAIRS = [{ place: 'Tiananmen', gcj: at(39.915, 116.404), bd: at(39.92133699351021, 116.41036949371029) }];
const WGS_BD_PAIRS = [{ place: 'Wuhan (Baidu geoconv example)', wgs: at(29.575429778924, 114.21892734521), bd: at(29.579084787368, 114.23074871396) }];

const PINGGU_BOX = { minLatitude: 40.02, maxLatitude: 40.38, minLongitude: 116.9, maxLongitude: 117.42 };

describe('coordinate systems (src/shared/geo.ts)', () => {
  describe('published reference conversions, within 1 m', () => {
    it.each(WGS_GCJ_PAIRS)('WGS-84 ↔ GCJ-02 at $place', ({ wgs, gcj }) => {
      expect(haversineMeters(fromWgs84(wgs, CoordSystem.GCJ02), gcj)).toBeLessThan(1);
      expect(haversineMeters(toWgs84(gcj, CoordSystem.GCJ02), wgs)).toBeLessThan(1);
    });

    it.each(GCJ_BD_PAIRS)('GCJ-02 ↔ BD-09 at $place, through WGS-84', ({ gcj, bd }) => {
      const wgs = toWgs84(gcj, CoordSystem.GCJ02);
      expect(haversineMeters(fromWgs84(wgs, CoordSystem.BD09), bd)).toBeLessThan(1);
      expect(haversineMeters(toWgs84(bd, CoordSystem.BD09), wgs)).toBeLessThan(1);
    });

    it.each(WGS_BD_PAIRS)('WGS-84 ↔ BD-09 at $place', ({ wgs, bd }) => {
      expect(haversineMeters(fromWgs84(wgs, CoordSystem.BD09), bd)).toBeLessThan(1);
      expect(haversineMeters(toWgs84(bd, CoordSystem.BD09), wgs)).toBeLessThan(1);
    });
  });

  describe('round trips through the inverse', () => {
    const random = seededRandom(20261124);
    const points = Array.from({ length: 2000 }, (_, i) =>
      // Half over all of China's rectangle, half inside the district.
      i % 2
        ? at(18 + random() * 35, 75 + random() * 60)
        : at(
            PINGGU_BOX.minLatitude + random() * (PINGGU_BOX.maxLatitude - PINGGU_BOX.minLatitude),
            PINGGU_BOX.minLongitude + random() * (PINGGU_BOX.maxLongitude - PINGGU_BOX.minLongitude),
          ),
    );

    it.each([CoordSystem.GCJ02, CoordSystem.BD09])('WGS-84 → %s → WGS-84 stays within 0.5 m (in fact within a millimetre)', (system) => {
      let worst = 0;
      for (const point of points) {
        worst = Math.max(worst, haversineMeters(toWgs84(fromWgs84(point, system), system), point));
      }
      expect(worst).toBeLessThan(0.5);
      expect(worst).toBeLessThan(0.001);
    });

    it.each([CoordSystem.GCJ02, CoordSystem.BD09])('%s → WGS-84 → the same system lands back on the caller’s point', (system) => {
      for (const point of points.slice(0, 200)) {
        expect(haversineMeters(fromWgs84(toWgs84(point, system), system), point)).toBeLessThan(0.001);
      }
    });

    it('is more precise than the one-shot inverse it starts from', () => {
      // gcoord's BD-09 → WGS-84 (the analytic BD-09 → GCJ-02 formula, then GCJ-02 → WGS-84 to
      // 1e-6°) misses the Tiananmen reference by about 0.1 m; the iteration closes on the
      // forward conversion to well under a millimetre.
      const [{ bd }] = GCJ_BD_PAIRS;
      const [lng, lat] = gcoord.transform([bd.longitude, bd.latitude], gcoord.BD09, gcoord.WGS84) as [number, number];
      const oneShot = haversineMeters(fromWgs84(at(lat, lng), CoordSystem.BD09), bd);
      const iterated = haversineMeters(fromWgs84(toWgs84(bd, CoordSystem.BD09), CoordSystem.BD09), bd);
      expect(oneShot).toBeGreaterThan(0.05);
      expect(iterated).toBeLessThan(0.001);
    });
  });

  it('shifts the district by the expected few hundred metres', () => {
    const seat = at(40.1406, 117.1213); // 平谷区, 府前街 (approximate)
    for (const system of [CoordSystem.GCJ02, CoordSystem.BD09]) {
      const shift = haversineMeters(fromWgs84(seat, system), seat);
      expect(shift).toBeGreaterThan(100);
      expect(shift).toBeLessThan(1500);
    }
  });

  describe('outside China', () => {
    const abroad = [
      { place: 'Tokyo', point: at(35.6812, 139.7671) },
      { place: 'London', point: at(51.5007, -0.1246) },
      { place: 'Sydney', point: at(-33.8568, 151.2153) },
      { place: 'New York', point: at(40.7484, -73.9857) },
    ];

    it.each(abroad)('$place is unchanged in every system, both ways', ({ point }) => {
      expect(isInChina(point)).toBe(false);
      for (const system of Object.values(CoordSystem)) {
        expect(fromWgs84(point, system)).toEqual(point);
        expect(toWgs84(point, system)).toEqual(point);
      }
    });
  });

  it('WGS84 is the identity and returns a copy', () => {
    const point = at(40.1, 117.1);
    const converted = fromWgs84(point);
    expect(converted).toEqual(point);
    expect(converted).not.toBe(point);
    expect(toWgs84(point, CoordSystem.WGS84)).toEqual(point);
  });

  it('geoPointOf gives a GeoPoint in the requested system', () => {
    const row = { latitude: 40.1406, longitude: 117.1213, name: 'ignored' };
    const point = geoPointOf(row, CoordSystem.GCJ02);
    expect(point).toBeInstanceOf(GeoPoint);
    expect(point).toEqual(Object.assign(new GeoPoint(), fromWgs84(row, CoordSystem.GCJ02)));
    expect(geoPointOf(row)).toEqual(Object.assign(new GeoPoint(), { latitude: 40.1406, longitude: 117.1213 }));
  });
});
