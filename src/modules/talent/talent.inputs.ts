import { ArrayMaxSize, IsISO8601, Length, Matches } from 'class-validator';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { MAX_FILTER_VALUES, OrderDirection, parseId, REGION_CODE } from '../../shared/inputs';
import { Industry, OrgKind } from '../organization/organization.enums';
import { AgeBand, Education, Engagement, Gender, ProfessionalTitle, TalentTier, TalentType } from './talent.enums';
import type { TalentCriteria } from './talent.filter';
import { LocalDateScalar } from '../../shared/scalars';

@InputType({ description: 'Talents matching every given condition; a list matches any of its values' })
export class TalentFilter implements Omit<TalentCriteria, 'organizationIds'> {
  @Field(() => [TalentTier], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  tiers?: TalentTier[];

  @Field(() => Boolean, { nullable: true, description: 'false: only talents outside every tier; true: only tiered talents' })
  hasTier?: boolean;

  @Field(() => [TalentType], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  talentTypes?: TalentType[];

  @Field(() => [Education], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  educations?: Education[];

  @Field(() => [ProfessionalTitle], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  professionalTitles?: ProfessionalTitle[];

  @Field(() => [Industry], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  industries?: Industry[];

  @Field(() => [Engagement], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  engagements?: Engagement[];

  @Field(() => [Gender], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  genders?: Gender[];

  @Field(() => [AgeBand], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  ageBands?: AgeBand[];

  @Field(() => Boolean, { nullable: true })
  overseasExperience?: boolean;

  @Field(() => [OrgKind], { nullable: true, description: "Kind of the talent's employer (政企校院村)" })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  orgKinds?: OrgKind[];

  @Field(() => [String], { nullable: true, description: "Division codes of the employer's street or town" })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Matches(REGION_CODE, { each: true, message: 'townCodes must be 12-digit division codes' })
  townCodes?: string[];

  @Field(() => [ID], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  organizationIds?: string[];

  @Field(() => LocalDateScalar, { nullable: true, description: 'Introduced on or after this date' })
  @IsISO8601()
  introducedFrom?: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Introduced on or before this date' })
  @IsISO8601()
  introducedTo?: string;

  @Field(() => String, { nullable: true, description: 'Substring of the name' })
  @Length(1, 32)
  nameContains?: string;
}

export enum TalentOrderField {
  ID = 'ID',
  NAME = 'NAME',
  INTRODUCED_AT = 'INTRODUCED_AT',
  BIRTH_YEAR = 'BIRTH_YEAR',
}

registerEnumType(TalentOrderField, { name: 'TalentOrderField' });

@InputType()
export class TalentOrder {
  @Field(() => TalentOrderField)
  field!: TalentOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
  direction!: OrderDirection;
}

/** The GraphQL filter as service criteria: ids parsed, nothing else changes. */
export function toTalentCriteria(filter: TalentFilter | null | undefined): TalentCriteria | undefined {
  if (!filter) return undefined;
  const { organizationIds, ...rest } = filter;
  return { ...rest, organizationIds: organizationIds?.map((id) => parseId(id, 'organizationIds')) };
}
