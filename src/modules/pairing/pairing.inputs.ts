import { ArrayMaxSize, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MAX_FILTER_VALUES } from '../../shared/inputs';

@InputType({ description: 'Which 百校兴百村 pairings: every list given narrows the result' })
export class PairingFilter {
  @Field(() => [Int], { nullable: true }) @ArrayMaxSize(MAX_FILTER_VALUES) @Min(2000, { each: true }) @Max(2100, { each: true }) startYears?: number[];
  @Field(() => [ID], { nullable: true, description: 'The schools, institutes or enterprises that send talents' }) @ArrayMaxSize(MAX_FILTER_VALUES) partnerIds?: string[];
  @Field(() => [ID], { nullable: true, description: 'The villages or enterprises they help' }) @ArrayMaxSize(MAX_FILTER_VALUES) beneficiaryIds?: string[];
}
