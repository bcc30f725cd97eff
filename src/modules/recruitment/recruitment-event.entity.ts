import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Organization } from '../organization/organization.entity';
import { LocalDateScalar } from '../../shared/scalars';
import { RecruitmentEventKind } from './recruitment.enums';

/** A 人才招引 event: talents introduced through it name it on their record (talent.recruitment_event_id). */
@ObjectType({ description: '人才招引 event: 招才引智推介会, 高层次人才洽谈会, 学术会议, 创业大赛' })
@Entity()
@Unique({ properties: ['name', 'heldOn'] })
@Index({ properties: ['heldOn', 'id'] })
export class RecruitmentEvent {
  @Field(() => ID) @PrimaryKey({ autoincrement: true }) id!: number;
  @Field(() => RecruitmentEventKind) @Enum({ items: () => RecruitmentEventKind }) @Index() kind!: RecruitmentEventKind;
  @Field() @Property({ type: 'string', length: 128 }) name!: string;
  @Field(() => LocalDateScalar) @Property({ type: 'date' }) heldOn!: string;
  @ManyToOne(() => Organization) @Index() organizer!: Organization;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 256, nullable: true }) venue?: string | null;
}
