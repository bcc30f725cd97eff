import { ArrayMaxSize, Length, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MAX_FILTER_VALUES, parseId, REGION_CODE } from '../../shared/inputs';
import { PlatformLevel, PlatformType } from './platform.enums';
import type { PlatformCriteria } from './platform.service';

@InputType({ description: 'Platforms matching every given condition; a list matches any of its values' })
export class PlatformFilter {
  @Field(() => [PlatformType], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  types?: PlatformType[];

  @Field(() => [PlatformLevel], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  levels?: PlatformLevel[];

  @Field(() => [String], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Matches(REGION_CODE, { each: true, message: 'townCodes must be 12-digit division codes' })
  townCodes?: string[];

  @Field(() => [ID], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  hostOrganizationIds?: string[];

  @Field(() => Int, { nullable: true })
  @Min(1900)
  @Max(2100)
  establishedFrom?: number;

  @Field(() => Int, { nullable: true })
  @Min(1900)
  @Max(2100)
  establishedTo?: number;

  @Field(() => String, { nullable: true, description: 'Substring of the name' })
  @Length(1, 64)
  nameContains?: string;
}

export function toPlatformCriteria(filter: PlatformFilter | null | undefined): PlatformCriteria | undefined {
  if (!filter) return undefined;
  const { hostOrganizationIds, ...rest } = filter;
  return { ...rest, hostOrganizationIds: hostOrganizationIds?.map((id) => parseId(id, 'hostOrganizationIds')) };
}
