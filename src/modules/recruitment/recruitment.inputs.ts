import { ArrayMaxSize, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MAX_FILTER_VALUES } from '../../shared/inputs';
import { RecruitmentEventKind } from './recruitment.enums';

@InputType({ description: 'Which 人才招引 events: every list given narrows the result' })
export class RecruitmentEventFilter {
  @Field(() => [Int], { nullable: true, description: 'Years held' }) @ArrayMaxSize(MAX_FILTER_VALUES) @Min(2000, { each: true }) @Max(2100, { each: true }) years?: number[];
  @Field(() => [RecruitmentEventKind], { nullable: true }) @ArrayMaxSize(MAX_FILTER_VALUES) kinds?: RecruitmentEventKind[];
  @Field(() => [ID], { nullable: true }) @ArrayMaxSize(MAX_FILTER_VALUES) organizerIds?: string[];
}
