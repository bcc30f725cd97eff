import type { EntityManager } from '@mikro-orm/postgresql';
import { LimitExceededError, NotFoundError } from '../../shared/errors';
import type { CoordSystem, LatLng } from '../../shared/geo';
import type { RawJson } from '../../shared/raw-json';
import { CURSOR_VALUE, decodeCursor, encodeCursor, pageSize, type CursorValueRule, type OrderTerm, type Page, type PageArgs } from '../../shared/pagination/keyset';
import { BY_ID } from '../../shared/pagination/per-parent';
import type { ServiceCategory } from './service-map.enums';
import {
  categoryCountsQuery,
  layerDigestQuery,
  layerEntriesQuery,
  nearbyCountQuery,
  nearbyPageQuery,
  pointByIdQuery,
  pointsCountQuery,
  pointsPageQuery,
  type Box,
  type Circle,
  type NearbyRow,
  type ServicePointCriteria,
  type ServicePointRow,
  type SqlQuery,
  versionedPointsQuery,
} from './service-map.queries';
import type { LayerEntry, ServiceMapLayerCache, VersionedRow } from './service-map.layer-cache';

/** Largest radius a nearby query may ask for, in metres: the district is about 45 km across. */
export const MAX_RADIUS_METERS = 50_000;
export const DEFAULT_RADIUS_METERS = 3_000;
/**
 * Most features one GeoJSON layer may hold. About 380 bytes a feature: 10,000 is ~3.8 MB before
 * compression (5–10× less after). A layer that would be larger is refused with LIMIT_EXCEEDED,
 * never cut silently; the client narrows it with `categories` or tiles it with `within`.
 */
export const GEOJSON_MAX_FEATURES = 10_000;

export interface CountOptions {
  /** Run the count beside the page query rather than when totalCount is resolved. */
  countWithPage?: boolean;
}

export interface CategoryCount {
  category: ServiceCategory;
  subcategory: string;
  count: number;
}

/**
 * The ordering of a nearby list: its centre is part of the ordering, so a cursor cut around one
 * centre is refused around another instead of skipping rows.
 */
function nearOrder(centre: LatLng): OrderTerm[] {
  return [
    { field: `chord(${centre.latitude},${centre.longitude})`, direction: 'asc' },
    { field: 'id', direction: 'asc' },
  ];
}

/** A nearby cursor holds a chord (a non-negative distance) and an id. */
const NEARBY_CURSOR: CursorValueRule[] = [(v) => CURSOR_VALUE.float(v) && (v as number) >= 0, CURSOR_VALUE.int];

export class ServiceMapService {
  constructor(
    private readonly em: EntityManager,
    private readonly maxPageSize: number,
  ) {}

  private run<T>(query: SqlQuery): Promise<T[]> {
    return this.em.getConnection('read').execute<T[]>(query.sql, query.bindings, 'all', this.em.getTransactionContext());
  }

  /**
   * A count run once, when first asked for; with `now`, started at once so that it runs beside
   * the page query instead of after it (the caller knows the client selected totalCount).
   */
  private count(query: SqlQuery, now: boolean): () => Promise<number> {
    let result: Promise<number> | undefined;
    const count = () => (result ??= this.run<{ count: number }>(query).then((rows) => rows[0].count));
    // Its failure surfaces where totalCount is resolved; none is left unhandled if it never is.
    if (now) count().catch(() => undefined);
    return count;
  }

  /**
   * Points within the circle, nearest first, ties broken by id. The KNN scan stops after
   * `fetch` rows; when the page's last row ties with the first row it did not return, the
   * rest of that tie (points at one address, say) may not have been read yet, so the page is
   * read again further (rare: it needs equal distances exactly at the page's edge).
   */
  async nearby(circle: Circle, criteria: ServicePointCriteria, args: PageArgs, options: CountOptions = {}): Promise<Page<NearbyRow>> {
    const limit = pageSize(args.first, this.maxPageSize);
    const order = nearOrder(circle.centre);
    const after = args.after == null ? null : (decodeCursor(order, args.after, NEARBY_CURSOR) as number[]);
    const position = after ? { chord: after[0], id: after[1] } : null;
    const totalCount = this.count(nearbyCountQuery(circle, criteria), options.countWithPage ?? false);
    let fetch = limit + 1;
    let rows = await this.run<NearbyRow>(nearbyPageQuery(circle, criteria, position, fetch));
    while (rows.length === fetch && rows[limit - 1].chord === rows[fetch - 1].chord) {
      fetch *= 4;
      rows = await this.run<NearbyRow>(nearbyPageQuery(circle, criteria, position, fetch));
    }
    const nodes = rows.slice(0, limit);
    return {
      nodes,
      hasNextPage: rows.length > limit,
      cursors: nodes.map((row) => encodeCursor(order, [row.chord, row.id])),
      totalCount,
    };
  }

  /** Points in the rectangle (or all points, with none), by id. */
  async points(box: Box | null, criteria: ServicePointCriteria, args: PageArgs, options: CountOptions = {}): Promise<Page<ServicePointRow>> {
    const limit = pageSize(args.first, this.maxPageSize);
    const afterId = args.after == null ? null : (decodeCursor(BY_ID, args.after, [CURSOR_VALUE.int])[0] as number);
    const totalCount = this.count(pointsCountQuery(box, criteria), options.countWithPage ?? false);
    const rows = await this.run<ServicePointRow>(pointsPageQuery(box, criteria, afterId, limit + 1));
    const nodes = rows.slice(0, limit);
    return {
      nodes,
      hasNextPage: rows.length > limit,
      cursors: nodes.map((row) => encodeCursor(BY_ID, [row.id])),
      totalCount,
    };
  }

  async byId(id: number): Promise<ServicePointRow> {
    const [row] = await this.run<ServicePointRow>(pointByIdQuery(id));
    if (!row) throw new NotFoundError('ServicePoint', id);
    return row;
  }

  categoryCounts(): Promise<CategoryCount[]> {
    return this.run<CategoryCount>(categoryCountsQuery());
  }

  /**
   * Every point of a layer, by id, as a serialized GeoJSON FeatureCollection in the caller's system;
   * refused past GEOJSON_MAX_FEATURES. Features come from the app's cache, which reads only the
   * points that changed since it last served them.
   */
  async layer(box: Box | null, criteria: ServicePointCriteria, system: CoordSystem, cache: ServiceMapLayerCache): Promise<RawJson> {
    const refuseLarger = (count: number) => {
      if (count <= GEOJSON_MAX_FEATURES) return;
      throw new LimitExceededError(
        `The layer holds more than ${GEOJSON_MAX_FEATURES} points: narrow it with categories or request it in parts with within`,
        { limit: GEOJSON_MAX_FEATURES },
      );
    };
    const [{ count, digest }] = await this.run<{ count: number; digest: string }>(layerDigestQuery(box, criteria, GEOJSON_MAX_FEATURES + 1));
    refuseLarger(count);
    return cache.layer(digest, system, async () => {
      const listed = await this.run<LayerEntry>(layerEntriesQuery(box, criteria, GEOJSON_MAX_FEATURES + 1));
      refuseLarger(listed.length); // points added since the digest
      return cache.featureCollection(listed, system, (ids) => this.run<VersionedRow>(versionedPointsQuery(ids)));
    });
  }
}
