import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Organization } from '../organization/organization.entity';
import { Region } from '../region/region.entity';
import { Talent } from '../talent/talent.entity';
import { PlatformLevel, PlatformType } from './platform.enums';
import { RecordKey } from '../../shared/disclosure/record-key';
import { VERSION_DESCRIPTION } from '../../shared/writes/versioned';

@ObjectType({ simpleResolvers: true, description: 'An innovation or talent platform (平台载体) hosted by an organization' })
@Entity()
@Index({ properties: ['name', 'id'] })
export class Platform {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field()
  @Property({ type: 'string', length: 128 })
  name!: string;

  @Field(() => PlatformType)
  @Enum({ items: () => PlatformType })
  @Index()
  type!: PlatformType;

  @Field(() => PlatformLevel)
  @Enum({ items: () => PlatformLevel })
  @Index()
  level!: PlatformLevel;

  @ManyToOne(() => Organization)
  @Index()
  hostOrganization!: Organization;

  @ManyToOne(() => Region, { fieldName: 'town_code' })
  @Index()
  town!: Region;

  /** WGS-84. */
  @Property({ type: 'double' })
  latitude!: number;

  @Property({ type: 'double' })
  longitude!: number;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  @Index()
  establishedYear!: number;

  /** When the platform was archived (issue 6): archived platforms leave lists and platformDistribution; reachable by id. */
  @Property({ type: 'timestamptz', nullable: true })
  archivedAt?: Date | null;

  @RecordKey()
  recordKey?: number;

  /** 1 on creation, +1 with every change (MikroORM optimistic locking; src/shared/writes/versioned.ts). */
  @Field(() => Int, { description: VERSION_DESCRIPTION })
  @Property({ version: true, type: 'integer' })
  version!: number;
}

/** A talent working on a platform; a talent may belong to several. */
@Entity()
@Index({ properties: ['talent'] })
export class PlatformMembership {
  @ManyToOne(() => Platform, { primary: true, deleteRule: 'cascade' })
  platform!: Platform;

  @ManyToOne(() => Talent, { primary: true, deleteRule: 'cascade' })
  talent!: Talent;
}
