import { JSONObjectResolver } from 'graphql-scalars';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { CoordSystem } from '../../shared/geo';
import { AwardFilter, toAwardCriteria } from '../award/award.inputs';
import { TalentFilter, toTalentCriteria } from '../talent/talent.inputs';
import { AwardDimension, DistributionDimension, LayoutLevel, PlatformDimension, TrainingDimension } from './analytics.enums';
import { layoutGeoJson, layoutIn, type LayoutEntry } from './analytics.layout';
import { seesExactAggregates } from '../../shared/auth/roles';
import { analyticsFor } from './analytics.factory';
import { disclosureNote, type DisclosureNote, type Visibility } from './analytics.service';
import { GapDimension } from './analytics.gap';
import {
  AwardDistribution,
  DisclosureControl,
  SupplyDemandGap,
  TrainingDistribution,
  TrainingDistributionFilter,
  PlatformDistribution,
  TalentDistribution,
  TalentLayoutEntry,
  TalentTrendYear,
} from './analytics.types';

const service = analyticsFor;

/** Callers who may read the records see aggregates exact (the policy table decides who). */
const visibilityOf = (ctx: RequestContext): Visibility => ({ canReadRecords: seesExactAggregates(ctx.viewer.role) });

/** More than the regions of either layout level (18 streets and towns, 314 villages and communities). */
const LAYOUT_MAX_FEATURES = 400;

const INCLUDE_EMPTY = { nullable: true, defaultValue: false, description: 'Also list combinations that count 0 (chart legends)' } as const;
const COORD_SYSTEM = { nullable: true, defaultValue: CoordSystem.WGS84 } as const;

@Resolver()
export class AnalyticsResolver {
  @Query(() => TalentDistribution, {
    description: '人才分布: talents by one to three dimensions, with the same filter as `talents` (total = talents.totalCount)',
  })
  talentDistribution(
    @Arg('by', () => [DistributionDimension], { description: '1 to 3 distinct dimensions' }) by: DistributionDimension[],
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => TalentFilter, { nullable: true }) filter?: TalentFilter,
    @Arg('includeEmpty', () => Boolean, INCLUDE_EMPTY) includeEmpty?: boolean,
  ): Promise<TalentDistribution> {
    return service(ctx).talentDistribution(by, toTalentCriteria(filter), { includeEmpty }, visibilityOf(ctx));
  }

  @Query(() => [TalentLayoutEntry], { description: '人才布局: talents per street/town or village, every region of the level listed', complexity: LAYOUT_MAX_FEATURES })
  async talentLayout(
    @Arg('level', () => LayoutLevel) level: LayoutLevel,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => TalentFilter, { nullable: true }) filter?: TalentFilter,
    @Arg('coordSystem', () => CoordSystem, COORD_SYSTEM) coordSystem?: CoordSystem | null,
  ): Promise<LayoutEntry[]> {
    return layoutIn(await service(ctx).talentLayout(level, toTalentCriteria(filter), visibilityOf(ctx)), coordSystem ?? undefined);
  }

  @Query(() => JSONObjectResolver, {
    description: 'The layout as an RFC 7946 FeatureCollection of Points ([longitude, latitude], properties code, name, level, count, suppressed); foreign members coordSystem and disclosure (as DisclosureControl)',
    // Priced as the features it can hold (query cost, SECURITY.md): one per region of the level,
    // and the district has about 330 streets, towns, villages and communities.
    complexity: LAYOUT_MAX_FEATURES,
  })
  async talentLayoutGeoJSON(
    @Arg('level', () => LayoutLevel) level: LayoutLevel,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => TalentFilter, { nullable: true }) filter?: TalentFilter,
    @Arg('coordSystem', () => CoordSystem, COORD_SYSTEM) coordSystem?: CoordSystem | null,
  ): Promise<Record<string, unknown>> {
    const rows = await service(ctx).talentLayout(level, toTalentCriteria(filter), visibilityOf(ctx));
    const disclosure = disclosureNote(ctx.config.disclosure, visibilityOf(ctx), rows.some((row) => row.suppressed));
    return layoutGeoJson(rows, disclosure, coordSystem ?? undefined);
  }

  @Query(() => [TalentTrendYear], { description: 'Talents introduced per year (from–to, at most 50 years), split by one dimension' })
  talentTrend(
    @Arg('from', () => Int) from: number,
    @Arg('to', () => Int) to: number,
    @Ctx() ctx: RequestContext,
    @Arg('by', () => DistributionDimension, { nullable: true, description: 'Any dimension but INTRODUCED_YEAR' }) by?: DistributionDimension | null,
    @Arg('filter', () => TalentFilter, { nullable: true }) filter?: TalentFilter,
  ): Promise<TalentTrendYear[]> {
    return service(ctx).talentTrend(from, to, by, toTalentCriteria(filter), visibilityOf(ctx));
  }

  @Query(() => AwardDistribution, { description: '奖励资助: awards by programme, year and kind of recipient, with sums (exact for record readers)' })
  awardDistribution(
    @Arg('by', () => [AwardDimension], { description: '1 to 3 distinct dimensions' }) by: AwardDimension[],
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AwardFilter, { nullable: true }) filter?: AwardFilter,
    @Arg('includeEmpty', () => Boolean, INCLUDE_EMPTY) includeEmpty?: boolean,
  ): Promise<AwardDistribution> {
    return service(ctx).awardDistribution(by, toAwardCriteria(filter), { includeEmpty }, visibilityOf(ctx));
  }

  @Query(() => DisclosureControl, { description: 'What disclosure control applies to the caller’s aggregates (the footnote for lists such as talentLayout and talentTrend)' })
  disclosureControl(@Ctx() ctx: RequestContext): DisclosureNote {
    return disclosureNote(ctx.config.disclosure, visibilityOf(ctx));
  }

  @Query(() => PlatformDistribution, { description: '平台载体: platforms by type, level and town' })
  platformDistribution(
    @Arg('by', () => [PlatformDimension], { description: '1 to 3 distinct dimensions' }) by: PlatformDimension[],
    @Ctx() ctx: RequestContext,
    @Arg('includeEmpty', () => Boolean, INCLUDE_EMPTY) includeEmpty?: boolean,
  ): Promise<PlatformDistribution> {
    return service(ctx).platformDistribution(by, { includeEmpty }, visibilityOf(ctx));
  }

  @Query(() => SupplyDemandGap, {
    description: '供需缺口 (研判决策): open headcount against counted talents by industry, town, education and employer kind; supply perturbed for callers who cannot read records',
  })
  supplyDemandGap(
    @Arg('by', () => [GapDimension], { description: '1 to 3 distinct dimensions' }) by: GapDimension[],
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int, { nullable: true, description: 'Only demands posted this year (default: every open demand)' }) year?: number | null,
  ): Promise<SupplyDemandGap> {
    return service(ctx).supplyDemandGap(by, year, visibilityOf(ctx));
  }

  @Query(() => TrainingDistribution, { description: '教育培训: enrolments by programme kind, year, status, town or employer kind' })
  trainingDistribution(
    @Arg('by', () => [TrainingDimension], { description: '1 to 3 distinct dimensions' }) by: TrainingDimension[],
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => TrainingDistributionFilter, { nullable: true }) filter?: TrainingDistributionFilter,
    @Arg('includeEmpty', () => Boolean, INCLUDE_EMPTY) includeEmpty?: boolean,
  ): Promise<TrainingDistribution> {
    return service(ctx).trainingDistribution(by, filter, { includeEmpty }, visibilityOf(ctx));
  }
}
