import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Region } from '../region/region.entity';
import { ServiceCategory } from './service-map.enums';

@ObjectType({ description: 'A point of the talent service map (人才服务地图)' })
@Entity()
@Index({ properties: ['category', 'subcategory'] })
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

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 32, nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 128, nullable: true })
  openingHours?: string | null;

  @Field(() => String, { nullable: true, description: '平谷人才卡 benefit offered here, if any' })
  @Property({ type: 'string', length: 256, nullable: true })
  talentCardBenefit?: string | null;
}
