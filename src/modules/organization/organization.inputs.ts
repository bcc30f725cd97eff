import { ArrayMaxSize, Length, Matches } from 'class-validator';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { MAX_FILTER_VALUES, OrderDirection, REGION_CODE } from '../../shared/inputs';
import { Industry, OrgKind } from './organization.enums';

@InputType({ description: 'Organizations matching every given condition; a list matches any of its values' })
export class OrganizationFilter {
  @Field(() => [OrgKind], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  kinds?: OrgKind[];

  @Field(() => [Industry], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  industries?: Industry[];

  @Field(() => [String], { nullable: true, description: 'Division codes of streets or towns' })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Matches(REGION_CODE, { each: true, message: 'townCodes must be 12-digit division codes' })
  townCodes?: string[];

  @Field(() => Boolean, { nullable: true, description: 'Whether the organization has a 统一社会信用代码' })
  hasCreditCode?: boolean;

  @Field(() => String, { nullable: true, description: 'Substring of the name' })
  @Length(1, 64)
  nameContains?: string;
}

export enum OrganizationOrderField {
  ID = 'ID',
  NAME = 'NAME',
}

registerEnumType(OrganizationOrderField, { name: 'OrganizationOrderField' });

@InputType()
export class OrganizationOrder {
  @Field(() => OrganizationOrderField)
  field!: OrganizationOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
  direction!: OrderDirection;
}
