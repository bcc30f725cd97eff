import { ArrayMaxSize, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MAX_FILTER_VALUES, parseId } from '../../shared/inputs';
import { AwardProgram, AwardStatus, RecipientKind } from './award.enums';
import type { AwardCriteria } from './award.filter';

@InputType({ description: 'Awards matching every given condition; a list matches any of its values' })
export class AwardFilter {
  @Field(() => [AwardProgram], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  programs?: AwardProgram[];

  @Field(() => [AwardStatus], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  statuses?: AwardStatus[];

  @Field(() => [RecipientKind], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  recipientKinds?: RecipientKind[];

  @Field(() => Int, { nullable: true })
  @Min(1900)
  @Max(2100)
  yearFrom?: number;

  @Field(() => Int, { nullable: true })
  @Min(1900)
  @Max(2100)
  yearTo?: number;

  @Field(() => [ID], { nullable: true, description: 'Awards to these talents' })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  talentIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Awards to these organizations' })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  organizationIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Awards to these platforms' })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  platformIds?: string[];
}

export function toAwardCriteria(filter: AwardFilter | null | undefined): AwardCriteria | undefined {
  if (!filter) return undefined;
  const { talentIds, organizationIds, platformIds, ...rest } = filter;
  return {
    ...rest,
    talentIds: talentIds?.map((id) => parseId(id, 'talentIds')),
    organizationIds: organizationIds?.map((id) => parseId(id, 'organizationIds')),
    platformIds: platformIds?.map((id) => parseId(id, 'platformIds')),
  };
}
