import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Organization } from '../organization/organization.entity';
import { Talent } from '../talent/talent.entity';
import { LocalDateScalar } from '../../shared/scalars';
import { VERSION_DESCRIPTION } from '../../shared/writes/versioned';
import { EnrolmentStatus, ProgrammeKind } from './training.enums';

/** A training programme of one year, run by an organizer, with a capacity (places). */
@ObjectType({ description: '教育培训 programme' })
@Entity()
@Check({ name: 'training_programme_capacity_check', expression: 'capacity > 0' })
@Unique({ properties: ['name', 'year'] })
@Index({ properties: ['year', 'kind', 'id'] })
export class TrainingProgramme {
  @Field(() => ID) @PrimaryKey({ autoincrement: true }) id!: number;
  @Field() @Property({ type: 'string', length: 128 }) name!: string;
  @Field(() => ProgrammeKind) @Enum({ items: () => ProgrammeKind }) @Index() kind!: ProgrammeKind;
  @Field(() => Int) @Property({ type: 'smallint' }) year!: number;
  @ManyToOne(() => Organization) @Index() organizer!: Organization;
  @Field(() => Int, { description: 'Places: enrolments not withdrawn never exceed it' }) @Property({ type: 'integer' }) capacity!: number;
  @Field(() => LocalDateScalar, { nullable: true }) @Property({ type: 'date', nullable: true }) startsOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) @Property({ type: 'date', nullable: true }) endsOn?: string | null;
  @Field(() => Int, { description: VERSION_DESCRIPTION }) @Property({ version: true, type: 'integer' }) version!: number;
}

/** A talent's place on a programme; one per programme and talent. */
@ObjectType({ description: 'A talent enrolled on a training programme' })
@Entity()
@Unique({ name: 'training_enrolment_programme_talent_unique', properties: ['programme', 'talent'] })
@Index({ properties: ['talent'] })
export class TrainingEnrolment {
  @Field(() => ID) @PrimaryKey({ autoincrement: true }) id!: number;
  @ManyToOne(() => TrainingProgramme) programme!: TrainingProgramme;
  @ManyToOne(() => Talent) talent!: Talent;
  /** 导师帮带 and 创业陪跑: the mentor (创业导师), a talent too. */
  @ManyToOne(() => Talent, { nullable: true }) mentor?: Talent | null;
  @Field(() => EnrolmentStatus) @Enum({ items: () => EnrolmentStatus }) status!: EnrolmentStatus;
  @Field() @Property({ type: 'timestamptz' }) enrolledAt!: Date;
  @Field(() => Date, { nullable: true }) @Property({ type: 'timestamptz', nullable: true }) completedAt?: Date | null;
  @Field(() => Int, { description: VERSION_DESCRIPTION }) @Property({ version: true, type: 'integer' }) version!: number;
}
