import type { LatLng } from '../../shared/geo';
import type { RegionLevel } from '../region/region.enums';
import type { ServiceCategory } from './service-map.enums';

/**
 * Every statement the service map sends, built in one place from whitelisted fragments: user
 * input only ever travels as a binding (`?`, positional, as MikroORM's `execute` takes them and
 * inlines them, escaped, through `platform.formatQuery` before the text goes out). Lists travel
 * as one array-literal binding each (`= any(?::text[])`), so a statement's text depends on
 * which filters are present, never on how many values they hold.
 *
 * Geometry (see docs/service-map.md):
 * - `service_point.earth` is `ll_to_earth(latitude, longitude)`, a generated column: the point
 *   on earthdistance's sphere (radius `earth()`) as a 3-D cube, GiST-indexed.
 * - `earth <-> centre` is the chord between the two points; distances are great circles on the
 *   same sphere, `sec_to_gc(chord)`, exactly what `earth_distance` returns. Chord and great
 *   circle grow together, so ordering by the chord (a GiST KNN scan) is nearest-first.
 * - A radius r is the chord filter `chord <= gc_to_sec(r)`; `earth_box(centre, r) && earth`
 *   is the index condition that bounds the nearest-first scan (the box holds the whole circle).
 * - The map's rectangle is `point(longitude, latitude) <@ box(...)`, on its own GiST index,
 *   which also carries latitude, longitude, category, the cube and archived_at: counts (in a rectangle, or
 *   in a circle's bounding rectangle then by chord) are index-only scans.
 */

export interface SqlQuery {
  sql: string;
  bindings: unknown[];
}

export interface ServicePointCriteria {
  categories?: ServiceCategory[] | null;
  subcategories?: string[] | null;
  townCodes?: string[] | null;
  /** A substring of the name or the address, already trimmed and non-empty. */
  search?: string | null;
}

/** WGS-84, radius in metres. */
export interface Circle {
  centre: LatLng;
  radiusMeters: number;
}

/** WGS-84, min < max on both axes. */
export interface Box {
  minLatitude: number;
  minLongitude: number;
  maxLatitude: number;
  maxLongitude: number;
}

/** The row every query returns, in the API's names. */
export interface ServicePointRow {
  id: number;
  name: string;
  category: ServiceCategory;
  subcategory: string;
  address: string;
  townCode: string;
  latitude: number;
  longitude: number;
  phone: string | null;
  openingHours: string | null;
  talentCardBenefit: string | null;
  version: number;
  /** The town's row, joined in so that no second statement is needed to show it. */
  townName: string;
  townLevel: RegionLevel;
  townKind: string;
  townParentCode: string | null;
  townLatitude: number;
  townLongitude: number;
}

export interface NearbyRow extends ServicePointRow {
  /** Great-circle metres from the centre. */
  distanceMeters: number;
  /** The ordering key (chord, metres), carried in cursors. */
  chord: number;
}

const COLUMNS = `sp.id, sp.name, sp.category, sp.subcategory, sp.address, sp.town_code as "townCode",
  sp.latitude, sp.longitude, sp.phone, sp.opening_hours as "openingHours", sp.talent_card_benefit as "talentCardBenefit", sp.version`;

/** The town of each row (a page's rows at most), joined after the page is cut. */
const TOWN = `r.name as "townName", r.level as "townLevel", r.kind as "townKind", r.parent_code as "townParentCode",
  r.latitude as "townLatitude", r.longitude as "townLongitude"`;
const JOIN_TOWN = `join region r on r.code = s."townCode"`;

/** A PostgreSQL text[] literal, quoted so any string is safe inside it (it still travels as a binding). */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}

/** A statement under construction: text fragments and their bindings stay in step. */
class Statement {
  private readonly parts: string[] = [];
  readonly bindings: unknown[] = [];

  add(fragment: string, ...bindings: unknown[]): this {
    if ((fragment.match(/\?/g) ?? []).length !== bindings.length) throw new Error(`bindings do not match: ${fragment}`);
    this.parts.push(fragment);
    this.bindings.push(...bindings);
    return this;
  }

  build(): SqlQuery {
    return { sql: this.parts.join('\n'), bindings: this.bindings };
  }
}

const present = <T>(values: readonly T[] | null | undefined): values is T[] => Array.isArray(values) && values.length > 0;

/**
 * The filters, as `and …` lines. Empty lists filter nothing, as elsewhere in the API. Archived
 * points never show (the location index carries archived_at, so counts stay index-only).
 */
function addFilters(statement: Statement, c: ServicePointCriteria): void {
  statement.add('and sp.archived_at is null');
  if (present(c.categories)) statement.add('and sp.category = any(?::text[])', textArrayLiteral(c.categories));
  if (present(c.subcategories)) statement.add('and sp.subcategory = any(?::text[])', textArrayLiteral(c.subcategories));
  if (present(c.townCodes)) statement.add('and sp.town_code = any(?::text[])', textArrayLiteral(c.townCodes));
  if (c.search) {
    // The GIN index narrows by character unigrams/bigrams (migration service_map_search); the
    // substring test decides. strpos, not LIKE, so % and _ in a term are plain characters.
    statement.add(
      'and service_point_search_grams(sp.name, sp.address) @> service_point_search_keys(?::text)',
      c.search,
    );
    statement.add('and (strpos(lower(sp.name), lower(?::text)) > 0 or strpos(lower(sp.address), lower(?::text)) > 0)', c.search, c.search);
  }
}

const CENTRE = 'll_to_earth(?::float8, ?::float8)';
const centre = (c: Circle) => [c.centre.latitude, c.centre.longitude];

/**
 * One page of points within the circle, nearest first, ties broken by id.
 *
 * The inner query is a GiST KNN scan (`order by earth <-> centre`) bounded by the circle's
 * box, stopping after `fetch` rows; the outer one keeps those inside the radius and breaks
 * chord ties by id. Rows come nearest first, so the first row beyond the radius ends the
 * answer. The radius test sits outside so the planner's estimate of the inner rows stays
 * high enough for it to pick the KNN scan; with filters so selective that it expects only a
 * few rows it reads the box through a bitmap instead, which is still index-bounded.
 * A tie at the page's edge is the service's to resolve (it fetches more).
 */
export function nearbyPageQuery(
  circle: Circle,
  criteria: ServicePointCriteria,
  after: { chord: number; id: number } | null,
  fetch: number,
): SqlQuery {
  const s = new Statement()
    .add(`select s.*, ${TOWN}, least(sec_to_gc(s.chord), ?::float8) as "distanceMeters"`, circle.radiusMeters)
    .add(`from (select ${COLUMNS}, sp.earth <-> ${CENTRE} as chord`, ...centre(circle))
    .add('from service_point sp')
    .add(`where earth_box(${CENTRE}, ?::float8) && sp.earth`, ...centre(circle), circle.radiusMeters);
  addFilters(s, criteria);
  if (after) {
    s.add(
      `and (sp.earth <-> ${CENTRE} > ?::float8 or (sp.earth <-> ${CENTRE} = ?::float8 and sp.id > ?::int))`,
      ...centre(circle),
      after.chord,
      ...centre(circle),
      after.chord,
      after.id,
    );
  }
  return s
    .add(`order by sp.earth <-> ${CENTRE}`, ...centre(circle))
    .add('limit ?::int) as s', fetch)
    .add(JOIN_TOWN)
    .add('where s.chord <= gc_to_sec(?::float8)', circle.radiusMeters)
    .add('order by s.chord, s.id')
    .build();
}

/** The radius of earthdistance's sphere, `select earth()`, in metres. */
export const EARTH_RADIUS_METERS = 6_378_168;

/**
 * The latitude/longitude rectangle that holds the whole circle on the sphere (its bounding
 * coordinates: ±r/R in latitude, ±asin(sin(r/R) / cos φ) in longitude), with a hair of slack.
 * A circle reaching a pole or the antimeridian gets every longitude: still a superset.
 */
export function circleBounds({ centre, radiusMeters }: Circle): Box {
  const toDegrees = 180 / Math.PI;
  const angle = radiusMeters / EARTH_RADIUS_METERS;
  const slack = 1e-7;
  const dLat = angle * toDegrees;
  const minLatitude = Math.max(-90, centre.latitude - dLat - slack);
  const maxLatitude = Math.min(90, centre.latitude + dLat + slack);
  if (Math.abs(centre.latitude) + dLat >= 90) return { minLatitude, maxLatitude, minLongitude: -180, maxLongitude: 180 };
  const dLng = Math.asin(Math.sin(angle) / Math.cos(centre.latitude / toDegrees)) * toDegrees;
  const minLongitude = centre.longitude - dLng - slack;
  const maxLongitude = centre.longitude + dLng + slack;
  if (minLongitude < -180 || maxLongitude > 180) return { minLatitude, maxLatitude, minLongitude: -180, maxLongitude: 180 };
  return { minLatitude, maxLatitude, minLongitude, maxLongitude };
}

/**
 * How many points the circle holds. The circle's bounding rectangle reads the location index,
 * which carries the cube and the category, so with no search the count is an index-only scan;
 * the chord test is the page's own, so both agree on every point at the edge.
 */
export function nearbyCountQuery(circle: Circle, criteria: ServicePointCriteria): SqlQuery {
  const s = new Statement().add('select count(*)::int as count from service_point sp').add('where true');
  addBox(s, circleBounds(circle));
  s.add(`and sp.earth <-> ${CENTRE} <= gc_to_sec(?::float8)`, ...centre(circle), circle.radiusMeters);
  addFilters(s, criteria);
  return s.build();
}

function addBox(statement: Statement, box: Box | null): void {
  if (!box) return;
  // `<@` on a box includes its edges.
  statement.add(
    'and point(sp.longitude, sp.latitude) <@ box(point(?::float8, ?::float8), point(?::float8, ?::float8))',
    box.minLongitude,
    box.minLatitude,
    box.maxLongitude,
    box.maxLatitude,
  );
}

/** A page of points in the rectangle (or everywhere, with no box), by id. */
export function pointsPageQuery(box: Box | null, criteria: ServicePointCriteria, afterId: number | null, fetch: number): SqlQuery {
  const s = new Statement().add(`select s.*, ${TOWN}`).add(`from (select ${COLUMNS}`).add('from service_point sp').add('where true');
  addBox(s, box);
  addFilters(s, criteria);
  if (afterId != null) s.add('and sp.id > ?::int', afterId);
  return s.add('order by sp.id').add('limit ?::int) as s', fetch).add(JOIN_TOWN).add('order by s.id').build();
}

export function pointsCountQuery(box: Box | null, criteria: ServicePointCriteria): SqlQuery {
  const s = new Statement().add('select count(*)::int as count from service_point sp').add('where true');
  addBox(s, box);
  addFilters(s, criteria);
  return s.build();
}

/**
 * A point's revision for cached GeoJSON features: the transaction ids (xmin) of the point's row
 * and of its town's, which any write to either replaces, whatever path wrote it (a renamed town
 * renames its points' townName; the point's own `version` would miss that). A frozen row reads
 * xmin 2: a change too, so at worst one needless re-read.
 */
const REVISION = `sp.xmin::text || '.' || r.xmin::text`;

/** Ids and revisions of a layer's points (in the rectangle, or everywhere), by id: what its features are cached by. */
export function layerEntriesQuery(box: Box | null, criteria: ServicePointCriteria, fetch: number): SqlQuery {
  const s = new Statement().add(`select sp.id, ${REVISION} as revision`).add('from service_point sp join region r on r.code = sp.town_code').add('where true');
  addBox(s, box);
  addFilters(s, criteria);
  return s.add('order by sp.id').add('limit ?::int', fetch).build();
}

/**
 * A layer's size and a digest of its ids and revisions, in one row: equal digests, equal layers,
 * so a layer served before is served again without reading its points.
 */
export function layerDigestQuery(box: Box | null, criteria: ServicePointCriteria, fetch: number): SqlQuery {
  const entries = layerEntriesQuery(box, criteria, fetch);
  return {
    sql: `select count(*)::int as count, md5(coalesce(string_agg(e.id || ':' || e.revision, ',' order by e.id), '')) as digest from (${entries.sql}) as e`,
    bindings: entries.bindings,
  };
}

/** The rows of these points, with their revisions. */
export function versionedPointsQuery(ids: readonly number[]): SqlQuery {
  return new Statement()
    .add(`select ${COLUMNS}, ${TOWN}, ${REVISION} as revision`)
    .add('from service_point sp join region r on r.code = sp.town_code')
    .add('where sp.id = any(?::int[])', `{${ids.join(',')}}`)
    .build();
}

export function pointByIdQuery(id: number): SqlQuery {
  return new Statement()
    .add(`select s.*, ${TOWN} from (select ${COLUMNS} from service_point sp where sp.id = ?::int) as s`, id)
    .add(JOIN_TOWN)
    .build();
}

/** Every (category, subcategory) with its count of active points. */
export function categoryCountsQuery(): SqlQuery {
  return new Statement()
    .add('select sp.category, sp.subcategory, count(*)::int as count from service_point sp')
    .add('where sp.archived_at is null')
    .add('group by sp.category, sp.subcategory')
    .build();
}
