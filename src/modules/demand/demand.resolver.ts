import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { deskScope } from '../../shared/auth/organization-scope';
import { DEMAND_DESK, JOB_BOARD_READERS, RECORD_READERS } from '../../shared/auth/roles';
import { NotFoundError } from '../../shared/errors';
import { parseId } from '../../shared/inputs';
import { ConnectionArgs } from '../../shared/pagination/connection';
import { fieldError, FieldErrorCode } from '../../shared/writes/field-error';
import { Employer, loadEmployer } from '../organization/employer';
import { Platform } from '../platform/platform.entity';
import { Region } from '../region/region.entity';
import { ShortageCatalogueEntry } from '../shortage-catalogue/shortage-catalogue.entity';
import { Talent } from '../talent/talent.entity';
import { ChallengeBidService } from './demand.bids';
import { ChallengeBid, Demand, DemandEvent } from './demand.entity';
import { ChallengeBidInput, CloseDemandInput, DemandFilter, DemandInput } from './demand.inputs';
import { DemandReader, type DemandCriteria } from './demand.read';
import { ChallengeBidPayload, DemandConnection, DemandPayload } from './demand.types';
import { DemandWriteService } from './demand.write';

const actor = (ctx: RequestContext) => ctx.viewer.subject ?? ctx.viewer.role;
const ids = (list: string[] | undefined, argument: string) => list?.map((id) => parseId(id, argument));

function criteria(filter: DemandFilter | undefined): DemandCriteria {
  return { ...filter, organizationIds: ids(filter?.organizationIds, 'organizationIds'), catalogueEntryIds: ids(filter?.catalogueEntryIds, 'catalogueEntryIds') };
}

@Resolver(() => Demand)
export class DemandResolver {
  @Authorized(...JOB_BOARD_READERS)
  @Query(() => DemandConnection, { description: 'Demands, newest first (the job board: open ones for every role; all for ANALYST and ADMIN; ORG_MANAGER also its own)' })
  async demands(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => DemandFilter, { nullable: true }) filter?: DemandFilter): Promise<DemandConnection> {
    return new DemandConnection(await new DemandReader(ctx.em, ctx.viewer).page(criteria(filter), page, ctx.config.maxPageSize));
  }

  @Authorized(...JOB_BOARD_READERS)
  @Query(() => Demand, { description: 'One demand; NOT_FOUND for one the caller may not see (not open, and not its own)' })
  async demand(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Demand> {
    const demand = await ctx.loaders.demand.byId.load(parseId(id));
    if (!demand) throw new NotFoundError('Demand', id);
    return demand;
  }

  @FieldResolver(() => Employer, { description: 'The posting organization' })
  organization(@Root() demand: Demand, @Ctx() ctx: RequestContext): Promise<Employer> {
    return loadEmployer(ctx, demand.organization.id);
  }

  @FieldResolver(() => Region, { description: 'Street or town where the need is' })
  async town(@Root() demand: Demand, @Ctx() ctx: RequestContext): Promise<Region> {
    return (await ctx.loaders.region.byCode.load(demand.town.code))!;
  }

  @FieldResolver(() => ShortageCatalogueEntry, { nullable: true, description: 'The shortage-catalogue entry it answers' })
  catalogueEntry(@Root() demand: Demand, @Ctx() ctx: RequestContext): Promise<ShortageCatalogueEntry | null> | null {
    return demand.catalogueEntry ? ctx.loaders.shortageCatalogue.entryById.load(demand.catalogueEntry.id) : null;
  }

  @Authorized(...RECORD_READERS)
  @FieldResolver(() => [DemandEvent], { description: 'Status history, oldest first (ANALYST, ADMIN)' })
  history(@Root() demand: Demand, @Ctx() ctx: RequestContext): Promise<DemandEvent[]> {
    return ctx.loaders.demand.history.load(demand.id);
  }

  @Authorized(...RECORD_READERS)
  @FieldResolver(() => [Talent], { description: 'Who filled it (ANALYST, ADMIN)' })
  async filledBy(@Root() demand: Demand, @Ctx() ctx: RequestContext): Promise<Talent[]> {
    const fills = await ctx.loaders.demand.filledBy.load(demand.id);
    const talents = await ctx.loaders.talent.byId.loadMany(fills.map((f) => f.talent.id));
    return talents.filter((t): t is Talent => t instanceof Talent);
  }

  @Authorized(...RECORD_READERS)
  @FieldResolver(() => [ChallengeBid], { description: '揭榜 bids, oldest first (ANALYST, ADMIN)' })
  bids(@Root() demand: Demand, @Ctx() ctx: RequestContext): Promise<ChallengeBid[]> {
    return ctx.loaders.demand.bids.load(demand.id);
  }

  @Authorized(...DEMAND_DESK)
  @Mutation(() => DemandPayload, { description: 'Post a demand, OPEN (ADMIN; ORG_MANAGER for its own organization)' })
  async postDemand(@Arg('input', () => DemandInput) input: DemandInput, @Ctx() ctx: RequestContext): Promise<DemandPayload> {
    const scope = deskScope(ctx.viewer);
    const { organizationId, catalogueEntryId, ...rest } = input;
    const organization = organizationId != null ? parseId(organizationId, 'organizationId') : scope;
    if (organization === null) return { demand: null, errors: [fieldError('organizationId', FieldErrorCode.INVALID_VALUE, '须指定发布单位')] };
    const { record, errors } = await new DemandWriteService(ctx.em, actor(ctx), scope).post({
      ...rest,
      organizationId: organization,
      catalogueEntryId: catalogueEntryId != null ? parseId(catalogueEntryId, 'catalogueEntryId') : null,
    });
    return { demand: record, errors };
  }

  @Authorized(...DEMAND_DESK)
  @Mutation(() => DemandPayload, { description: 'Close an open demand: FILLED with the talents named in filledBy, else CLOSED (ADMIN; ORG_MANAGER for its own organization)' })
  async closeDemand(@Arg('input', () => CloseDemandInput) input: CloseDemandInput, @Ctx() ctx: RequestContext): Promise<DemandPayload> {
    const service = new DemandWriteService(ctx.em, actor(ctx), deskScope(ctx.viewer));
    const filledBy = input.filledBy?.map((id) => parseId(id, 'filledBy')) ?? [];
    const { record, errors } = await service.close({ id: parseId(input.id), expectedVersion: input.expectedVersion }, filledBy, input.note ?? null);
    return { demand: record, errors };
  }

  @Authorized(...DEMAND_DESK)
  @Mutation(() => ChallengeBidPayload, { description: '揭榜: bid on an open challenge with a talent or a platform (ADMIN; ORG_MANAGER with its own)' })
  async takeChallenge(@Arg('input', () => ChallengeBidInput) input: ChallengeBidInput, @Ctx() ctx: RequestContext): Promise<ChallengeBidPayload> {
    const { record, errors } = await new ChallengeBidService(ctx.em, deskScope(ctx.viewer)).take({
      demandId: parseId(input.demandId, 'demandId'),
      talentId: input.talentId != null ? parseId(input.talentId, 'talentId') : null,
      platformId: input.platformId != null ? parseId(input.platformId, 'platformId') : null,
      teamSize: input.teamSize,
      proposal: input.proposal,
    });
    return { bid: record, errors };
  }
}

@Resolver(() => ChallengeBid)
export class ChallengeBidResolver {
  @FieldResolver(() => Demand, { nullable: true, description: 'The challenge (null if the caller may no longer see it)' })
  demand(@Root() bid: ChallengeBid, @Ctx() ctx: RequestContext): Promise<Demand | null> {
    return ctx.loaders.demand.byId.load(bid.demand.id);
  }

  @FieldResolver(() => Talent, { nullable: true, description: 'The bidding talent (team leader), for TALENT bids' })
  talent(@Root() bid: ChallengeBid, @Ctx() ctx: RequestContext): Promise<Talent | null> | null {
    return bid.talent ? ctx.loaders.talent.byId.load(bid.talent.id) : null;
  }

  @FieldResolver(() => Platform, { nullable: true, description: 'The bidding platform, for PLATFORM bids' })
  platform(@Root() bid: ChallengeBid, @Ctx() ctx: RequestContext): Promise<Platform | null> | null {
    return bid.platform ? ctx.loaders.platform.byId.load(bid.platform.id) : null;
  }
}
