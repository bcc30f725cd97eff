import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from '../../shared/cache-control';
import { Region } from '../region/region.entity';
import { ServiceCategory } from './service-map.enums';
import { VERSION_DESCRIPTION } from '../../shared/writes/versioned';

@ObjectType({ simpleResolvers: true, description: 'A point of the talent service map (人才服务地图)' })
@Directive(INHERIT_CACHE_HINT)
@Entity()
@Index({ properties: ['category', 'subcategory'] })
// Radius (earth_box) and nearest-first (KNN `<->`) queries on the stored cube. See docs/service-map.md.
@Index({
  name: 'service_point_earth_index',
  expression: 'create index "service_point_earth_index" on "service_point" using gist ("earth")',
})
// The map's visible rectangle, `point(longitude, latitude) <@ box(...)`, and counts: it carries
// what the counts test (the cube, the category, archived_at), so they run as index-only scans.
@Index({
  name: 'service_point_location_index',
  expression:
    'create index "service_point_location_index" on "service_point" using gist (point("longitude", "latitude")) include ("latitude", "longitude", "category", "earth", "archived_at")',
})
// Substring search on name and address by character unigrams and bigrams (migration service_map_search).
@Index({
  name: 'service_point_search_index',
  expression: 'create index "service_point_search_index" on "service_point" using gin (service_point_search_grams("name", "address"))',
})
export class ServicePoint {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field()
  @Property({ type: 'string', length: 128 })
  name!: string;

  @Field(() => ServiceCategory)
  @Enum({ items: () => ServiceCategory })
  category!: ServiceCategory;

  @Field({ description: "Subcategory code within the category, e.g. TALENT_COURTYARD (人才小院)" })
  @Property({ type: 'string', length: 32 })
  subcategory!: string;

  @Field()
  @Property({ type: 'string', length: 256 })
  address!: string;

  @ManyToOne(() => Region, { fieldName: 'town_code' })
  @Index()
  town!: Region;

  /** WGS-84; converted to the caller's coordinate system at the API's edge. */
  @Property({ type: 'double' })
  latitude!: number;

  @Property({ type: 'double' })
  longitude!: number;

  /**
   * The location as earthdistance's cube (`ll_to_earth(latitude, longitude)`), kept by the
   * database so radius filters and nearest-first ordering read it instead of recomputing it
   * for every row. Never loaded into entities.
   */
  @Property({ type: 'string', columnType: 'earth', generated: '(ll_to_earth(latitude, longitude)) stored', lazy: true, hidden: true })
  earth?: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 32, nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 128, nullable: true })
  openingHours?: string | null;

  @Field(() => String, { nullable: true, description: '平谷人才卡 benefit offered here, if any' })
  @Property({ type: 'string', length: 256, nullable: true })
  talentCardBenefit?: string | null;

  /** When the point was archived (issue 6): archived points leave the map, its lists and counts; reachable by id. */
  @Property({ type: 'timestamptz', nullable: true })
  archivedAt?: Date | null;

  /** 1 on creation, +1 with every change (MikroORM optimistic locking; src/shared/writes/versioned.ts). */
  @Field(() => Int, { description: VERSION_DESCRIPTION })
  @Property({ version: true, type: 'integer' })
  version!: number;
}
