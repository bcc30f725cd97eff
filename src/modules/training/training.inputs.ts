import { ArrayMaxSize, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MAX_FILTER_VALUES } from '../../shared/inputs';
import { EnrolmentStatus, ProgrammeKind } from './training.enums';

@InputType({ description: 'Which programmes: every list given narrows the result' })
export class TrainingProgrammeFilter {
  @Field(() => [Int], { nullable: true }) @ArrayMaxSize(MAX_FILTER_VALUES) @Min(2000, { each: true }) @Max(2100, { each: true }) years?: number[];
  @Field(() => [ProgrammeKind], { nullable: true }) @ArrayMaxSize(MAX_FILTER_VALUES) kinds?: ProgrammeKind[];
  @Field(() => [ID], { nullable: true }) @ArrayMaxSize(MAX_FILTER_VALUES) organizerIds?: string[];
}

@InputType({ description: 'Enrol a talent on a programme' })
export class EnrolmentInput {
  @Field(() => ID) programmeId!: string;
  @Field(() => ID) talentId!: string;
  @Field(() => ID, { nullable: true, description: '导师帮带 and 创业陪跑: the mentor, a talent' }) mentorId?: string | null;
}

@InputType({ description: 'End an enrolment: 结业 (COMPLETED) or 退出 (WITHDRAWN, the place is freed)' })
export class EndEnrolmentInput {
  @Field(() => ID) id!: string;
  @Field(() => EnrolmentStatus, { description: 'COMPLETED or WITHDRAWN' }) status!: EnrolmentStatus;
  @Field(() => Int, { nullable: true, description: 'The version this change was made on; CONFLICT, nothing written, if the enrolment has changed since' }) expectedVersion?: number | null;
}
