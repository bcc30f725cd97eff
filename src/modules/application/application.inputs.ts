import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../../shared/scalars';
import { AwardProgram } from '../award/award.enums';
import { RecipientInput } from '../award/award.mutations';
import { ApplicationStatus } from './application.enums';

@InputType({ description: 'A new application (DRAFT)' })
export class CreateApplicationInput {
  @Field(() => AwardProgram) program!: AwardProgram;
  @Field(() => RecipientInput, { description: 'The applicant: exactly one id' }) applicant!: RecipientInput;
  @Field(() => DecimalScalar) requestedAmount!: string;
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) year!: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(12) month?: number | null;
  @Field({ description: '事项, as for grantAward' }) @Length(1, 200) matter!: string;
}

@InputType()
export class ApplicationFilter {
  @Field(() => [ApplicationStatus], { nullable: true }) statuses?: ApplicationStatus[] | null;
  @Field(() => [AwardProgram], { nullable: true }) programs?: AwardProgram[] | null;
  @Field(() => [Int], { nullable: true }) years?: number[] | null;
}
