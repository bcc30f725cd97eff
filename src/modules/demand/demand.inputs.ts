import { ArrayMaxSize, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MAX_FILTER_VALUES, REGION_CODE } from '../../shared/inputs';
import { DecimalScalar, LocalDateScalar } from '../../shared/scalars';
import { Industry, OrgKind } from '../organization/organization.enums';
import { Education, Engagement, ProfessionalTitle } from '../talent/talent.enums';
import { ChallengeArea, DemandKind, DemandStatus } from './demand.enums';
import { MAX_FILLED_BY, MAX_KEYWORDS } from './demand.write';

@InputType({ description: 'Which demands: every list given narrows the result (values within a list are alternatives)' })
export class DemandFilter {
  @Field(() => [DemandKind], { nullable: true }) @ArrayMaxSize(MAX_FILTER_VALUES) kinds?: DemandKind[];
  @Field(() => [DemandStatus], { nullable: true, description: 'Absent: OPEN only. PUBLIC and DASHBOARD see open demands only; ORG_MANAGER also its own organization’s' })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  statuses?: DemandStatus[];
  @Field(() => [Industry], { nullable: true }) @ArrayMaxSize(MAX_FILTER_VALUES) industries?: Industry[];
  @Field(() => [String], { nullable: true, description: '12-digit codes of streets and towns' }) @ArrayMaxSize(MAX_FILTER_VALUES) @Matches(REGION_CODE, { each: true }) townCodes?: string[];
  @Field(() => [OrgKind], { nullable: true, description: '政企校院村: the posting organization’s kind' }) @ArrayMaxSize(MAX_FILTER_VALUES) employerKinds?: OrgKind[];
  @Field(() => [ID], { nullable: true }) @ArrayMaxSize(MAX_FILTER_VALUES) organizationIds?: string[];
  @Field(() => [String], { nullable: true, description: 'Any of these specialty keywords, exactly' }) @ArrayMaxSize(MAX_FILTER_VALUES) @Length(1, 32, { each: true }) keywords?: string[];
  @Field(() => [ID], { nullable: true }) @ArrayMaxSize(MAX_FILTER_VALUES) catalogueEntryIds?: string[];
}

@InputType({ description: 'A new demand (人才需求), posted OPEN' })
export class DemandInput {
  @Field(() => ID, { nullable: true, description: 'The posting organization; ORG_MANAGER: its own (the default)' }) organizationId?: string | null;
  @Field(() => DemandKind) kind!: DemandKind;
  @Field() @Length(1, 128) title!: string;
  @Field() @Length(0, 4000) description!: string;
  @Field(() => Industry, { nullable: true, description: 'Default: the organization’s' }) industry?: Industry | null;
  @Field(() => [String], { nullable: true, description: `Specialty keywords, at most ${MAX_KEYWORDS}` }) @IsOptional() @ArrayMaxSize(MAX_KEYWORDS) keywords?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Street or town; default: the organization’s' }) @IsOptional() @Matches(REGION_CODE) townCode?: string | null;
  @Field(() => Education, { nullable: true, description: 'Default: no floor' }) minEducation?: Education | null;
  @Field(() => ProfessionalTitle, { nullable: true, description: 'Default: NONE (no floor)' }) minProfessionalTitle?: ProfessionalTitle | null;
  @Field(() => Int, { nullable: true, description: 'People wanted; 1 for challenges' }) @IsOptional() @Min(1) @Max(10_000) headcount?: number | null;
  @Field(() => Engagement, { nullable: true, description: 'Positions: default FULL_TIME; expert services: FLEXIBLE; challenges: none' }) engagement?: Engagement | null;
  @Field(() => Int, { nullable: true, description: 'Expert services: months a year (首席专家 ≥ 3, 特聘顾问 ≥ 6)' }) serviceMonths?: number | null;
  @Field(() => ChallengeArea, { nullable: true, description: 'Challenges: required' }) challengeArea?: ChallengeArea | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Challenges: the reward in 元, required' }) reward?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) deadline?: string | null;
  @Field(() => ID, { nullable: true, description: 'The shortage-catalogue entry the demand answers' }) catalogueEntryId?: string | null;
}

@InputType({ description: 'Close an open demand: FILLED when filledBy names talents (they are recorded), else CLOSED' })
export class CloseDemandInput {
  @Field(() => ID) id!: string;
  @Field(() => [ID], { nullable: true, description: `Talents who filled it, at most the headcount (and ${MAX_FILLED_BY})` }) @IsOptional() @ArrayMaxSize(MAX_FILLED_BY) filledBy?: string[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 500) note?: string | null;
  @Field(() => Int, { nullable: true, description: 'The version this change was made on; CONFLICT, nothing written, if the demand has changed since' }) expectedVersion?: number | null;
}

@InputType({ description: '揭榜: exactly one of talentId (a talent, leading a team) and platformId' })
export class ChallengeBidInput {
  @Field(() => ID) demandId!: string;
  @Field(() => ID, { nullable: true }) talentId?: string | null;
  @Field(() => ID, { nullable: true }) platformId?: string | null;
  @Field(() => Int, { nullable: true, description: 'People on the bid, the talent included (default 1)' }) teamSize?: number | null;
  @Field({ description: '揭榜方案' }) @Length(1, 4000) proposal!: string;
}
