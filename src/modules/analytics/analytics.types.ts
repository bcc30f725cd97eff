import { ArrayMaxSize } from 'class-validator';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { MAX_FILTER_VALUES } from '../../shared/inputs';
import { EnrolmentStatus, ProgrammeKind } from '../training/training.enums';
import { GeoPoint } from '../../shared/geo';
import { DecimalScalar } from '../../shared/scalars';
import { RegionLevel } from '../region/region.enums';
import { AwardDimension, DisclosureMethod, DistributionDimension, PlatformDimension, TrainingDimension } from './analytics.enums';
import { GapDimension } from './analytics.gap';

@ObjectType({ simpleResolvers: true, description: 'What disclosure control applied to an aggregate: the footnote statistics offices print' })
export class DisclosureControl {
  @Field(() => DisclosureMethod)
  method!: DisclosureMethod;

  @Field({ description: 'True when the numbers are exact' })
  exact!: boolean;

  @Field({ description: 'True when the table’s population was too small (its published total below minTablePopulation + maxNoise) and nothing of it was published' })
  withheld!: boolean;

  @Field(() => Int, { description: 'k: no published count lies in 1..k−1' })
  threshold!: number;

  @Field(() => Int, { description: 'D: no published count differs from the true one by more' })
  maxNoise!: number;

  @Field(() => Float, { description: 'The noise’s variance, for counts of k + D and more (unbiased there)' })
  variance!: number;

  @Field(() => Int, { description: 'Tables of fewer talents (awards, platforms) are always withheld whole, zeros included; so are those whose published total falls below this plus maxNoise' })
  minTablePopulation!: number;

  @Field(() => Float, { description: 'Amounts are published only where no single recipient’s awards exceed this share of the sum, and k recipients share it' })
  dominanceShare!: number;

  @Field(() => Float, { description: 'A published amount differs from the true sum by at most this fraction' })
  amountNoise!: number;

  @Field({ description: 'The footnote, in Chinese' })
  note!: string;
}

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

  @Field(() => Int, { nullable: true, description: 'Perturbed for callers who cannot read records (see disclosure); null when withheld' })
  count!: number | null;

  @Field(() => Float, { nullable: true, description: 'count / total (of the year, in a trend), of the published numbers; null when withheld' })
  share!: number | null;

  @Field({ description: 'True when the count is withheld (a table of too small a population)' })
  suppressed!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'Talents by one to three dimensions; perturbed for callers who cannot read records' })
export class TalentDistribution {
  @Field(() => Int, { nullable: true, description: 'Talents matching the filter (exactly talents.totalCount for record readers); null when withheld' })
  total!: number | null;

  @Field(() => [DistributionBucket], { description: 'In the dimensions’ display order (enum order, division code, year); none when withheld' })
  buckets!: DistributionBucket[];

  @Field(() => DisclosureControl)
  disclosure!: DisclosureControl;
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

  @Field(() => Int, { nullable: true, description: 'Perturbed for callers who cannot read records; null when withheld' })
  count!: number | null;

  @Field({ description: 'True when the layout is withheld (too small a population)' })
  suppressed!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'Talents introduced in one year' })
export class TalentTrendYear {
  @Field(() => Int)
  year!: number;

  @Field(() => Int, { nullable: true, description: 'Introduced this year; perturbed for callers who cannot read records; null when withheld' })
  count!: number | null;

  @Field(() => Int, { nullable: true, description: 'Introduced from the trend’s first year to the end of this one (published as a count of its own); null when withheld' })
  cumulative!: number | null;

  @Field({ description: 'True when the trend is withheld (too small a population)' })
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

  @Field(() => DecimalScalar, { nullable: true, description: 'Sum of the amounts (元): exact for record readers; otherwise perturbed, and null where fewer than k recipients share it or one recipient dominates it' })
  amount!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Awards and grants by programme, year or kind of recipient: the ledger, exact, for record readers; published awards, perturbed, for everyone else' })
export class AwardDistribution {
  @Field(() => Int, { nullable: true, description: 'Awards matching the filter; null when withheld' })
  count!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Their amounts summed (元), under the same rule as a bucket’s amount' })
  totalAmount!: string | null;

  @Field(() => [AwardDistributionBucket])
  buckets!: AwardDistributionBucket[];

  @Field(() => DisclosureControl)
  disclosure!: DisclosureControl;
}

@ObjectType({ simpleResolvers: true })
export class PlatformDistributionBucket {
  @Field(() => [PlatformDistributionKey])
  keys!: InstanceType<typeof PlatformDistributionKey>[];

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Active platforms (平台载体) by type, level or town; perturbed for callers who cannot read records' })
export class PlatformDistribution {
  @Field(() => Int, { nullable: true, description: 'Null when withheld' })
  total!: number | null;

  @Field(() => [PlatformDistributionBucket])
  buckets!: PlatformDistributionBucket[];

  @Field(() => DisclosureControl)
  disclosure!: DisclosureControl;
}

export const GapKey = keyType(GapDimension, 'GapKey');

@ObjectType({ simpleResolvers: true, description: 'One combination of dimension values: open headcount against counted talents' })
export class SupplyDemandGapBucket {
  @Field(() => [GapKey], { description: 'One key per requested dimension, in the requested order' })
  keys!: InstanceType<typeof GapKey>[];

  @Field(() => Int, { description: 'Open headcount of the demands (public on the job board: exact for everyone)' })
  demand!: number;

  @Field(() => Int, { nullable: true, description: 'Counted talents: perturbed for callers who cannot read records; null when withheld' })
  supply!: number | null;

  @Field(() => Int, { nullable: true, description: 'demand − supply: positive where talent is short; null when withheld' })
  gap!: number | null;
}

@ObjectType({ simpleResolvers: true, description: '供需缺口: open headcount against counted talents, by industry, town, education floor and employer kind' })
export class SupplyDemandGap {
  @Field(() => Int, { nullable: true, description: 'Only demands posted this year; null: every open demand' })
  year!: number | null;

  @Field(() => Int, { description: 'Open headcount in all' })
  demand!: number;

  @Field(() => Int, { nullable: true, description: 'Counted talents in all (talents.totalCount for record readers); null when withheld' })
  supply!: number | null;

  @Field(() => Int, { nullable: true })
  gap!: number | null;

  @Field(() => [SupplyDemandGapBucket], { description: 'Combinations with demand or supply, in the dimensions’ display order' })
  buckets!: SupplyDemandGapBucket[];

  @Field(() => DisclosureControl)
  disclosure!: DisclosureControl;
}

export const TrainingDistributionKey = keyType(TrainingDimension, 'TrainingDistributionKey');

@ObjectType({ simpleResolvers: true })
export class TrainingDistributionBucket {
  @Field(() => [TrainingDistributionKey])
  keys!: InstanceType<typeof TrainingDistributionKey>[];

  @Field(() => Int, { description: 'Enrolments; perturbed for callers who cannot read records' })
  count!: number;

  @Field(() => Float, { nullable: true, description: 'count / total, of the published numbers' })
  share!: number | null;
}

@ObjectType({ simpleResolvers: true, description: '教育培训: enrolments of active talents in training programmes; perturbed for callers who cannot read records' })
export class TrainingDistribution {
  @Field(() => Int, { nullable: true, description: 'Enrolments matching the filter; null when withheld' })
  total!: number | null;

  @Field(() => [TrainingDistributionBucket])
  buckets!: TrainingDistributionBucket[];

  @Field(() => DisclosureControl)
  disclosure!: DisclosureControl;
}

@InputType({ description: 'Which enrolments a training distribution counts' })
export class TrainingDistributionFilter {
  @Field(() => [Int], { nullable: true, description: 'Programme years' })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  years?: number[] | null;

  @Field(() => [ProgrammeKind], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  kinds?: ProgrammeKind[] | null;

  @Field(() => [EnrolmentStatus], { nullable: true })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  statuses?: EnrolmentStatus[] | null;
}
