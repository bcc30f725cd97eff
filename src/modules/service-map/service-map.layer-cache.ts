import type { CoordSystem } from '../../shared/geo';
import { RawJson } from '../../shared/raw-json';
import { toFeature } from './service-map.geojson';
import { GEOJSON_MAX_FEATURES } from './service-map.service';
import type { ServicePointRow } from './service-map.queries';

/** A point's listing in a layer: its id and the revision of what its feature is made of. */
export interface LayerEntry {
  id: number;
  /** The row's and its town's transaction ids (xmin): any write to either changes it. */
  revision: string;
}

export type VersionedRow = ServicePointRow & LayerEntry;

interface CachedPoint {
  revision: string;
  row: ServicePointRow;
  /** The feature serialized, with its rounded position, per coordinate system asked for. */
  encoded: Map<CoordSystem, { json: string; longitude: number; latitude: number }>;
}

/**
 * Service-map GeoJSON serialized once per point revision, shared by the requests of one app.
 * A layer served before (up to 10,000 features, about a megabyte) then costs one statement
 * returning one row (its digest) and a lookup; a new one, a statement listing ids and revisions,
 * the changed points' rows and a string join. No request parses thousands of rows, builds
 * objects or serializes them, so a burst of layer requests leaves the event loop free.
 * Freshness comes from the revisions, read with every layer: a changed point is read again.
 */
export class ServiceMapLayerCache {
  private readonly points = new Map<number, CachedPoint>();
  /** Whole layers' texts by coordinate system and digest of their ids and revisions. */
  private readonly layers = new Map<string, Promise<RawJson>>();

  /**
   * @param maxPoints points kept at most; past it the cache starts over (it only holds what layers list)
   * @param maxLayers whole layers kept at most, likewise
   */
  constructor(
    private readonly maxPoints: number,
    private readonly maxLayers: number,
  ) {}

  /**
   * The layer whose ids and revisions have this digest, assembled by `assemble` when not kept:
   * requests for a layer already being assembled wait for that one instead of starting another.
   * The digest changes with any write to the layer's points, so a kept text is never stale.
   */
  layer(digest: string, system: CoordSystem, assemble: () => Promise<string>): Promise<RawJson> {
    const key = `${system}:${digest}`;
    let text = this.layers.get(key);
    if (!text) {
      if (this.layers.size >= this.maxLayers) this.layers.clear();
      text = assemble().then((json) => new RawJson(json));
      this.layers.set(key, text);
      // A failed assembly is not kept: the next request tries again.
      const kept = text;
      kept.catch(() => this.layers.get(key) === kept && this.layers.delete(key));
    }
    return text;
  }

  /**
   * The listed points as an RFC 7946 FeatureCollection text (members in RFC order: type, bbox,
   * features, and the foreign member coordSystem). Points missing or of another revision are
   * read with `read` first; a listed point `read` no longer finds is left out.
   */
  async featureCollection(listed: readonly LayerEntry[], system: CoordSystem, read: (ids: number[]) => Promise<VersionedRow[]>): Promise<string> {
    // Held before the read: another request may start the cache over meanwhile.
    const points = listed.map((entry) => {
      const point = this.points.get(entry.id);
      return point?.revision === entry.revision ? point : undefined;
    });
    const stale = listed.filter((_, i) => !points[i]).map((entry) => entry.id);
    if (stale.length) {
      const rows = await read(stale);
      if (this.points.size + rows.length > this.maxPoints) this.points.clear();
      const fresh = new Map(rows.map(({ revision, ...row }) => [row.id, { revision, row, encoded: new Map() }] as const));
      for (const [id, point] of fresh) this.points.set(id, point);
      listed.forEach((entry, i) => (points[i] ??= fresh.get(entry.id)));
    }
    return encode(points.filter((p): p is CachedPoint => p !== undefined), system);
  }
}

function encode(points: CachedPoint[], system: CoordSystem): string {
  const features: string[] = [];
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const point of points) {
    let encoded = point.encoded.get(system);
    if (!encoded) {
      const feature = toFeature(point.row, system);
      const [longitude, latitude] = feature.geometry.coordinates;
      point.encoded.set(system, (encoded = { json: JSON.stringify(feature), longitude, latitude }));
    }
    features.push(encoded.json);
    west = Math.min(west, encoded.longitude);
    east = Math.max(east, encoded.longitude);
    south = Math.min(south, encoded.latitude);
    north = Math.max(north, encoded.latitude);
  }
  const bbox = features.length ? `"bbox":${JSON.stringify([west, south, east, north])},` : '';
  return `{"type":"FeatureCollection",${bbox}"features":[${features.join(',')}],"coordSystem":${JSON.stringify(system)}}`;
}

/** What the service map keeps for all requests on one database. */
export interface ServiceMapShared {
  layers: ServiceMapLayerCache;
}

const sharedByDatabase = new WeakMap<object, ServiceMapShared>();

/**
 * The service map's shared state for the database behind `orm`, made on first use: one per app
 * (or script) whoever builds its contexts. Up to four full layers' worth of points (a district
 * has a few thousand; a table grown past that only makes the cache start over now and then),
 * and 16 assembled layers (categories × coordinate systems in use; at most about 4 MB each).
 */
export function serviceMapShared(orm: object): ServiceMapShared {
  let shared = sharedByDatabase.get(orm);
  if (!shared) sharedByDatabase.set(orm, (shared = { layers: new ServiceMapLayerCache(4 * GEOJSON_MAX_FEATURES, 16) }));
  return shared;
}
