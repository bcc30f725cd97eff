import { Entity, Enum, Index, ManyToOne, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { RegionLevel } from './region.enums';

/** A unit of the statistical division code tree (GB/T 2260 + 统计用区划代码): 12 digits. */
@ObjectType({ simpleResolvers: true, description: 'A region of the district: the district itself, a street or town, a village or community' })
@Entity()
export class Region {
  [PrimaryKeyProp]?: 'code';

  @Field({ description: '12-digit statistical division code, e.g. 110117001000' })
  @PrimaryKey({ type: 'string', length: 12 })
  code!: string;

  @Field()
  @Property({ type: 'string', length: 64 })
  name!: string;

  @Field(() => RegionLevel)
  @Enum({ items: () => RegionLevel })
  @Index()
  level!: RegionLevel;

  @Field({ description: 'Kind of unit as the statistics name it: 区, 街道, 镇, 乡, 地区(镇), 村, 社区' })
  @Property({ type: 'string', length: 16 })
  kind!: string;

  @ManyToOne(() => Region, { nullable: true, fieldName: 'parent_code' })
  @Index()
  parent?: Region;

  /** Approximate centroid, WGS-84. */
  @Property({ type: 'double' })
  latitude!: number;

  @Property({ type: 'double' })
  longitude!: number;
}
