import { Args, Authorized, Ctx, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import type { RequestContext } from '../../context';
import { DEFAULT_PAGE_SIZE } from '../../shared/pagination/keyset';
import { ForbiddenError } from '../../shared/auth/errors';
import { talentScope } from '../../shared/auth/organization-scope';
import { TALENT_READERS } from '../../shared/auth/roles';
import { ConnectionArgs } from '../../shared/pagination/connection';
import { Demand } from '../demand/demand.entity';
import { Platform } from '../platform/platform.entity';
import { Talent } from '../talent/talent.entity';
import { MatchingService, type RankedPage } from './matching.service';
import { MatchConnection, type MatchPage } from './matching.types';
import type { PlatformView } from '../platform/platform.view';
import type { TalentView } from '../talent/talent.view';

@ObjectType()
export class DemandCandidateConnection extends MatchConnection<TalentView>(Talent, 'DemandCandidate', 'Talents who fit a demand') {}

@ObjectType()
export class PlatformCandidateConnection extends MatchConnection<PlatformView>(Platform, 'PlatformCandidate', 'Platforms that fit a 揭榜挂帅 challenge') {}

@ObjectType()
export class TalentOpportunityConnection extends MatchConnection<Demand>(Demand, 'TalentOpportunity', 'Open demands a talent fits') {}

const service = (ctx: RequestContext) => new MatchingService(ctx.em, ctx.config.maxPageSize);

/**
 * Query cost of one ranking (SECURITY.md, limits): a ranking scores every candidate of its demand
 * (tens of thousands at a million talents), so it costs as much as a thousand objects on top of
 * its page: a request of the default budget can ask for at most nine, however it nests or aliases.
 */
export const RANKING_COST = 1000;
const rankingComplexity: ComplexityEstimator = ({ args, childComplexity }) =>
  RANKING_COST + (typeof args.first === 'number' && args.first >= 0 ? args.first : DEFAULT_PAGE_SIZE) * Math.max(1, childComplexity);

/**
 * Candidates are records: ANALYST and ADMIN see every demand's; an organization-scoped caller
 * (ORG_MANAGER) only its own organization's demands' (FORBIDDEN, scope ORGANIZATION, otherwise);
 * every other role is refused by the role gate.
 */
function checkDemandScope(ctx: RequestContext, demand: Demand): void {
  const scope = talentScope(ctx.viewer, 'read');
  if (scope !== null && demand.organization.id !== scope) {
    throw new ForbiddenError(`需求 ${demand.id} 不属于你管理的单位：只能查看本单位需求的候选人`, { scope: 'ORGANIZATION' });
  }
}

/** The ranked page with its nodes, loaded in one batch through the feature's loader; a node gone since is left out. */
async function withNodes<N>(ranked: RankedPage, load: (ids: number[]) => Promise<(N | null | Error)[]>): Promise<MatchPage<N>> {
  const nodes = await load(ranked.matches.map((m) => m.id));
  const edges = ranked.matches.flatMap((match, i) => {
    const node = nodes[i];
    if (node instanceof Error) throw node;
    return node ? [{ cursor: match.cursor, score: match.score, reasons: match.reasons, node }] : [];
  });
  return { edges, hasNextPage: ranked.hasNextPage, totalCount: ranked.totalCount };
}

@Resolver(() => Demand)
export class DemandMatchingResolver {
  @FieldResolver(() => DemandCandidateConnection, {
    description: '供需对接: talents who fit this demand, best first (docs/matching.md). ANALYST, ADMIN; ORG_MANAGER for its own organization’s demands (masked)',
    complexity: rankingComplexity,
  })
  @Authorized(...TALENT_READERS)
  async candidates(@Root() demand: Demand, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext): Promise<DemandCandidateConnection> {
    checkDemandScope(ctx, demand);
    const ranked = await service(ctx).candidates(demand, page);
    return new DemandCandidateConnection(await withNodes(ranked, (ids) => ctx.loaders.talent.byId.loadMany(ids)));
  }

  @FieldResolver(() => PlatformCandidateConnection, {
    description: 'Platforms that fit this 揭榜挂帅 challenge, best first; empty for other kinds of demand. Access as candidates',
    complexity: rankingComplexity,
  })
  @Authorized(...TALENT_READERS)
  async platformCandidates(@Root() demand: Demand, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext): Promise<PlatformCandidateConnection> {
    checkDemandScope(ctx, demand);
    const ranked = await service(ctx).platformCandidates(demand, page);
    return new PlatformCandidateConnection(await withNodes(ranked, (ids) => ctx.loaders.platform.byId.loadMany(ids)));
  }
}

@Resolver(() => Talent)
export class TalentMatchingResolver {
  @FieldResolver(() => TalentOpportunityConnection, {
    description: '供需对接: open demands this talent fits, best first, with the same score and reasons as the demand’s candidates',
    complexity: rankingComplexity,
  })
  @Authorized(...TALENT_READERS)
  async opportunities(@Root() talent: Talent, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext): Promise<TalentOpportunityConnection> {
    const ranked = await service(ctx).opportunities(talent.id, page);
    return new TalentOpportunityConnection(await withNodes(ranked, (ids) => ctx.loaders.demand.byId.loadMany(ids)));
  }
}
