import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GeoPoint } from '../../shared/geo';
import { DecimalScalar } from '../../shared/scalars';
import { RegionLevel } from '../region/region.enums';
import { AwardDimension, DistributionDimension, PlatformDimension } from './analytics.enums';

/** One dimension of a bucket; the three kinds of distribution differ only in their dimension enum. */
function keyType(dimensions: object, name: string) {
  @ObjectType(name, { simpleResolvers: true, description: 'One dimension of a bucket: which dimension, the machine value, its Chinese label' })
  class Key {
    @Field(() => dimensions)
    dimension!: string;

    @Field({ description: 'Machine value: an enum code, a division code, a year, true/false, or NONE (no tier)' })
    value!: string;

    @Field()
    label!: string;
  }
  return Key;
}

export const DistributionKey = keyType(DistributionDimension, 'DistributionKey');
export const AwardDistributionKey = keyType(AwardDimension, 'AwardDistributionKey');
export const PlatformDistributionKey = keyType(PlatformDimension, 'PlatformDistributionKey');

@ObjectType({ simpleResolvers: true, description: 'One combination of dimension values and how many talents it counts' })
export class DistributionBucket {
  @Field(() => [DistributionKey], { description: 'One key per requested dimension, in the requested order' })
  keys!: InstanceType<typeof DistributionKey>[];

  @Field(() => Int, { nullable: true, description: 'Null when suppressed' })
  count!: number | null;

  @Field(() => Float, { nullable: true, description: 'count / total (of the year, in a trend); null when suppressed' })
  share!: number | null;

  @Field({ description: 'True when the count is withheld: too few talents, or it would give such a count away' })
  suppressed!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'Talents by one to three dimensions; small counts are suppressed for callers who cannot read records' })
export class TalentDistribution {
  @Field(() => Int, { nullable: true, description: 'Talents matching the filter (talents.totalCount); null when itself a small count' })
  total!: number | null;

  @Field(() => [DistributionBucket], { description: 'In the dimensions’ display order (enum order, division code, year)' })
  buckets!: DistributionBucket[];
}

@ObjectType({ simpleResolvers: true, description: 'A region as the layout shows it, its centroid in the requested coordinate system' })
export class LayoutRegion {
  @Field({ description: '12-digit statistical division code' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => RegionLevel)
  level!: RegionLevel;

  @Field({ description: '街道, 镇, 乡, 地区(镇), 村, 社区 …' })
  kind!: string;

  @Field(() => GeoPoint, { description: 'Approximate centroid, in the layout’s coordSystem' })
  centroid!: GeoPoint;
}

@ObjectType({ simpleResolvers: true, description: 'Talents working in one region' })
export class TalentLayoutEntry {
  @Field(() => LayoutRegion)
  region!: LayoutRegion;

  @Field(() => Int, { nullable: true, description: 'Null when suppressed' })
  count!: number | null;

  @Field()
  suppressed!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'Talents introduced in one year' })
export class TalentTrendYear {
  @Field(() => Int)
  year!: number;

  @Field(() => Int, { nullable: true, description: 'Introduced this year; null when suppressed' })
  count!: number | null;

  @Field(() => Int, { nullable: true, description: 'Introduced from the trend’s first year to the end of this one; null where it would give a suppressed year away' })
  cumulative!: number | null;

  @Field({ description: 'True when this year’s count is withheld' })
  suppressed!: boolean;

  @Field(() => [DistributionBucket], { description: 'This year by the trend’s `by` dimension, every value listed' })
  buckets!: DistributionBucket[];
}

@ObjectType({ simpleResolvers: true })
export class AwardDistributionBucket {
  @Field(() => [AwardDistributionKey])
  keys!: InstanceType<typeof AwardDistributionKey>[];

  @Field(() => Int)
  count!: number;

  @Field(() => DecimalScalar, { description: 'Sum of the amounts, exact (元)' })
  amount!: string;
}

@ObjectType({ simpleResolvers: true, description: 'Awards and grants by programme, year or kind of recipient, with exact sums' })
export class AwardDistribution {
  @Field(() => Int, { description: 'Awards matching the filter' })
  count!: number;

  @Field(() => DecimalScalar, { description: 'Their amounts summed exactly (元)' })
  totalAmount!: string;

  @Field(() => [AwardDistributionBucket])
  buckets!: AwardDistributionBucket[];
}

@ObjectType({ simpleResolvers: true })
export class PlatformDistributionBucket {
  @Field(() => [PlatformDistributionKey])
  keys!: InstanceType<typeof PlatformDistributionKey>[];

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Platforms (平台载体) by type, level or town' })
export class PlatformDistribution {
  @Field(() => Int)
  total!: number;

  @Field(() => [PlatformDistributionBucket])
  buckets!: PlatformDistributionBucket[];
}
