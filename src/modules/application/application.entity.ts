import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../shared/scalars';
import { VERSION_DESCRIPTION } from '../../shared/writes/versioned';
import { ONE_RECIPIENT } from '../award/award.entity';
import { AwardProgram, RecipientKind } from '../award/award.enums';
import { ApplicationStatus } from './application.enums';

/** An application for a programme by a talent, an organization or a platform (exactly one). */
@ObjectType({ description: '项目申报: an application for an award programme' })
@Entity()
@Check({
  name: 'application_one_applicant_check',
  expression: ONE_RECIPIENT,
})
export class Application {
  @Field(() => ID) @PrimaryKey({ autoincrement: true }) id!: number;
  @Field(() => AwardProgram) @Enum({ items: () => AwardProgram }) @Index() program!: AwardProgram;
  @Field(() => RecipientKind) @Enum({ items: () => RecipientKind }) recipientKind!: RecipientKind;
  @Property({ type: 'int', nullable: true }) talentId?: number | null;
  @Property({ type: 'int', nullable: true }) organizationId?: number | null;
  @Property({ type: 'int', nullable: true }) platformId?: number | null;
  @Field() @Property({ type: 'text' }) matter!: string;
  @Field(() => DecimalScalar, { description: 'Requested amount in 元, exact' }) @Property({ type: 'decimal', precision: 14, scale: 2 }) requestedAmount!: string;
  @Field(() => Int) @Property({ type: 'smallint' }) year!: number;
  @Field(() => Int, { nullable: true }) @Property({ type: 'smallint', nullable: true }) month?: number | null;
  @Field(() => ApplicationStatus) @Enum({ items: () => ApplicationStatus }) @Index() status!: ApplicationStatus;
  @Field(() => ID, { nullable: true, description: 'The award made on approval' }) @Property({ type: 'int', nullable: true }) awardId?: number | null;
  @Field() @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Field() @Property({ type: 'timestamptz' }) updatedAt!: Date;
  /** 1 on creation, +1 with every step (MikroORM optimistic locking; src/shared/writes/versioned.ts). */
  @Field(() => Int, { description: VERSION_DESCRIPTION }) @Property({ version: true, type: 'integer' }) version!: number;
}

/** One step of an application: who moved it from which status to which, when, why. */
@ObjectType({ description: 'One step of an application (申报记录)' })
@Entity()
export class ApplicationEvent {
  @Field(() => ID) @PrimaryKey({ autoincrement: true }) id!: number;
  @ManyToOne(() => Application) @Index() application!: Application;
  @Field(() => ApplicationStatus, { nullable: true, description: 'Null for creation' }) @Enum({ items: () => ApplicationStatus, nullable: true }) fromStatus?: ApplicationStatus | null;
  @Field(() => ApplicationStatus) @Enum({ items: () => ApplicationStatus }) toStatus!: ApplicationStatus;
  @Field({ description: 'viewer.subject of who made the step' }) @Property({ type: 'text' }) actor!: string;
  @Field() @Property({ type: 'timestamptz' }) at!: Date;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) note?: string | null;
}
