import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Region } from '../region/region.entity';
import { Industry, OrgKind } from './organization.enums';
import { VERSION_DESCRIPTION } from '../../shared/writes/versioned';

@ObjectType({ simpleResolvers: true, description: 'An employer: government body, enterprise, school, institute or village collective' })
@Entity()
@Index({ properties: ['name', 'id'] })
// Substring search on names of any length by character unigrams and bigrams (migration …_text_search).
@Index({ name: 'organization_name_grams_index', expression: 'create index "organization_name_grams_index" on "organization" using gin (text_search_grams("name"))' })
export class Organization {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field()
  @Property({ type: 'string', length: 128 })
  name!: string;

  @Field(() => OrgKind)
  @Enum({ items: () => OrgKind })
  @Index()
  kind!: OrgKind;

  @Field(() => String, { nullable: true, description: '统一社会信用代码 (GB 32100), where the organization has one' })
  @Property({ type: 'string', length: 18, nullable: true })
  @Unique()
  creditCode?: string | null;

  @Field(() => Industry)
  @Enum({ items: () => Industry })
  @Index()
  industry!: Industry;

  @ManyToOne(() => Region, { fieldName: 'town_code' })
  @Index()
  town!: Region;

  /** The village or community the organization sits in. */
  @ManyToOne(() => Region, { fieldName: 'village_code', nullable: true })
  @Index()
  village?: Region | null;

  @Field()
  @Property({ type: 'string', length: 256 })
  address!: string;

  /** WGS-84. */
  @Property({ type: 'double' })
  latitude!: number;

  @Property({ type: 'double' })
  longitude!: number;

  /**
   * When the record was archived (issue 6): archived records leave lists, counts and analytics
   * but stay for history; awards keep pointing at them. Null while active.
   */
  @Property({ type: 'timestamptz', nullable: true })
  archivedAt?: Date | null;

  /** 1 on creation, +1 with every change (MikroORM optimistic locking; src/shared/writes/versioned.ts). */
  @Field(() => Int, { description: VERSION_DESCRIPTION })
  @Property({ version: true, type: 'integer' })
  version!: number;
}
