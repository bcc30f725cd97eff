import { ArrayType, Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Industry } from '../organization/organization.enums';
import { Organization } from '../organization/organization.entity';
import { Platform } from '../platform/platform.entity';
import { Region } from '../region/region.entity';
import { ShortageCatalogueEntry } from '../shortage-catalogue/shortage-catalogue.entity';
import { Education, Engagement, ProfessionalTitle } from '../talent/talent.enums';
import { Talent } from '../talent/talent.entity';
import { DecimalScalar, LocalDateScalar } from '../../shared/scalars';
import { VERSION_DESCRIPTION } from '../../shared/writes/versioned';
import { BidderKind, BidStatus, ChallengeArea, DemandKind, DemandStatus } from './demand.enums';

/**
 * 人才需求: a need posted by an organization of any kind (政企校院村). The town is the
 * organization's unless the demand names its own (a village's challenge, a branch's post).
 * Floors: minEducation SECONDARY_OR_BELOW and minProfessionalTitle NONE ask for nothing.
 */
@ObjectType({ description: '人才需求: a position, an expert service or a 揭榜挂帅 challenge' })
@Entity()
@Check({ name: 'demand_headcount_check', expression: 'headcount > 0' })
@Check({ name: 'demand_reward_check', expression: 'reward is null or reward >= 0' })
@Check({ name: 'demand_service_months_check', expression: 'service_months is null or service_months between 1 and 12' })
// A challenge states its area and reward and engages nobody; positions and expert services state an engagement, experts flexibly.
@Check({
  name: 'demand_kind_fields_check',
  expression: `(kind = 'CHALLENGE' and challenge_area is not null and reward is not null and engagement is null)
    or (kind = 'POSITION' and challenge_area is null and engagement is not null)
    or (kind = 'EXPERT_SERVICE' and challenge_area is null and engagement = 'FLEXIBLE')`,
})
@Index({ properties: ['status', 'kind', 'id'] })
@Unique({ name: 'demand_external_ref_unique', properties: ['organization', 'externalRef'] })
@Index({ properties: ['postedAt', 'id'] })
@Index({ name: 'demand_keywords_index', expression: 'create index "demand_keywords_index" on "demand" using gin ("keywords")' })
export class Demand {
  @Field(() => ID) @PrimaryKey({ autoincrement: true }) id!: number;
  @Field(() => DemandKind) @Enum({ items: () => DemandKind }) kind!: DemandKind;
  @Field(() => DemandStatus) @Enum({ items: () => DemandStatus }) @Index() status!: DemandStatus;
  @ManyToOne(() => Organization) @Index() organization!: Organization;
  @ManyToOne(() => Region, { fieldName: 'town_code' }) @Index() town!: Region;
  @Field(() => Industry) @Enum({ items: () => Industry }) @Index() industry!: Industry;
  @Field() @Property({ type: 'string', length: 128 }) title!: string;
  @Field() @Property({ type: 'text' }) description!: string;
  @Field(() => [String], { description: 'Specialty keywords (专业方向), matched against talent profiles' })
  @Property({ type: ArrayType, columnType: 'text[]' })
  keywords!: string[];
  @Field(() => Education) @Enum({ items: () => Education }) @Index() minEducation!: Education;
  @Field(() => ProfessionalTitle) @Enum({ items: () => ProfessionalTitle }) minProfessionalTitle!: ProfessionalTitle;
  @Field(() => Int) @Property({ type: 'integer' }) headcount!: number;
  @Field(() => Engagement, { nullable: true, description: 'Null for challenges; FLEXIBLE for expert services' })
  @Enum({ items: () => Engagement, nullable: true })
  engagement?: Engagement | null;
  @Field(() => Int, { nullable: true, description: 'Expert services: months a year (首席专家 ≥ 3, 特聘顾问 ≥ 6)' })
  @Property({ type: 'smallint', nullable: true })
  serviceMonths?: number | null;
  @Field(() => ChallengeArea, { nullable: true }) @Enum({ items: () => ChallengeArea, nullable: true }) challengeArea?: ChallengeArea | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Reward in 元, exact (揭榜挂帅)' })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  reward?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) @Property({ type: 'date', nullable: true }) deadline?: string | null;
  @ManyToOne(() => ShortageCatalogueEntry, { nullable: true }) @Index() catalogueEntry?: ShortageCatalogueEntry | null;
  /** Spreadsheet key of imported demands (the organization's own reference); unique per organization. */
  @Property({ type: 'string', length: 64, nullable: true }) externalRef?: string | null;
  @Field() @Property({ type: 'timestamptz' }) postedAt!: Date;
  @Field() @Property({ type: 'timestamptz' }) updatedAt!: Date;
  /** 1 on creation, +1 with every change (MikroORM optimistic locking; src/shared/writes/versioned.ts). */
  @Field(() => Int, { description: VERSION_DESCRIPTION }) @Property({ version: true, type: 'integer' }) version!: number;
}

/** One step of a demand's status: who moved it from which status to which, when, why. */
@ObjectType({ description: 'One step of a demand (需求记录)' })
@Entity()
export class DemandEvent {
  @Field(() => ID) @PrimaryKey({ autoincrement: true }) id!: number;
  @ManyToOne(() => Demand, { deleteRule: 'cascade' }) @Index() demand!: Demand;
  @Field(() => DemandStatus, { nullable: true, description: 'Null for posting' }) @Enum({ items: () => DemandStatus, nullable: true }) fromStatus?: DemandStatus | null;
  @Field(() => DemandStatus) @Enum({ items: () => DemandStatus }) toStatus!: DemandStatus;
  @Field({ description: 'viewer.subject of who made the step' }) @Property({ type: 'text' }) actor!: string;
  @Field() @Property({ type: 'timestamptz' }) at!: Date;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) note?: string | null;
}

/** A talent who filled a demand (recorded when the demand is closed as FILLED). */
@Entity()
@Index({ properties: ['talent'] })
export class DemandFill {
  @ManyToOne(() => Demand, { primary: true, deleteRule: 'cascade' }) demand!: Demand;
  @ManyToOne(() => Talent, { primary: true }) talent!: Talent;
}

/** 揭榜: a talent (alone or leading a team) or a platform takes on a challenge; exactly one bidder. */
@ObjectType({ description: '揭榜: a bid on a 揭榜挂帅 challenge' })
@Entity()
@Check({
  name: 'challenge_bid_one_bidder_check',
  expression: `(bidder_kind = 'TALENT' and talent_id is not null and platform_id is null)
    or (bidder_kind = 'PLATFORM' and platform_id is not null and talent_id is null)`,
})
@Check({ name: 'challenge_bid_team_size_check', expression: 'team_size >= 1' })
@Unique({ name: 'challenge_bid_talent_unique', properties: ['demand', 'talent'] })
@Unique({ name: 'challenge_bid_platform_unique', properties: ['demand', 'platform'] })
export class ChallengeBid {
  @Field(() => ID) @PrimaryKey({ autoincrement: true }) id!: number;
  @ManyToOne(() => Demand) @Index() demand!: Demand;
  @Field(() => BidderKind) @Enum({ items: () => BidderKind }) bidderKind!: BidderKind;
  @ManyToOne(() => Talent, { nullable: true }) @Index() talent?: Talent | null;
  @ManyToOne(() => Platform, { nullable: true }) @Index() platform?: Platform | null;
  @Field(() => Int, { description: 'People on the bid, the leading talent included' }) @Property({ type: 'smallint', default: 1 }) teamSize: number = 1;
  @Field() @Property({ type: 'text' }) proposal!: string;
  @Field(() => BidStatus) @Enum({ items: () => BidStatus }) @Index() status!: BidStatus;
  @Field() @Property({ type: 'timestamptz' }) submittedAt!: Date;
  @Field(() => Int, { description: VERSION_DESCRIPTION }) @Property({ version: true, type: 'integer' }) version!: number;
}
