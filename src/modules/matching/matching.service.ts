import type { EntityManager } from '@mikro-orm/postgresql';
import { CURSOR_VALUE, decodeCursor, encodeCursor, pageSize, type OrderTerm, type PageArgs } from '../../shared/pagination/keyset';
import type { Industry } from '../organization/organization.enums';
import type { PlatformLevel } from '../platform/platform.enums';
import type { Education, Engagement, ProfessionalTitle } from '../talent/talent.enums';
import { DemandKind } from '../demand/demand.enums';
import { MatchFactor } from './matching.enums';
import { platformCandidatesQuery, talentCandidatesPageQuery, talentOpportunitiesQuery, type MatchCursor, type MatchQuery } from './matching.queries';
import { platformReasons, talentReasons, type DemandTerms, type MatchReason } from './matching.score';
import { readRows } from '../../shared/read-sql';

/** What matching needs of a demand (the Demand entity has it). */
export interface DemandForMatching {
  id: number;
  kind: string;
  industry: Industry;
  keywords: string[];
  minEducation: Education;
  minProfessionalTitle: ProfessionalTitle;
  engagement?: Engagement | null;
}

/** A ranked match before its node is loaded: the node's id, its score and reasons, its cursor. */
export interface RankedMatch {
  id: number;
  cursor: string;
  score: number;
  reasons: MatchReason[];
}

export interface RankedPage {
  matches: RankedMatch[];
  hasNextPage: boolean;
  totalCount: number;
}

/** The rankings' cursors: one ordering each, so a cursor of one list is refused by another. */
const ORDERS = {
  candidates: [{ field: 'candidateScore', direction: 'desc' }, { field: 'id', direction: 'asc' }],
  platforms: [{ field: 'platformScore', direction: 'desc' }, { field: 'id', direction: 'asc' }],
  opportunities: [{ field: 'opportunityScore', direction: 'desc' }, { field: 'id', direction: 'asc' }],
} satisfies Record<string, OrderTerm[]>;

/** Score in hundredths and id, both integers. */
const CURSOR_RULES = [CURSOR_VALUE.int, CURSOR_VALUE.int];

/** What a ranking statement returns: the total and the page (JSON, best first). */
interface ScoredPage {
  total: number;
  page: ScoredRow[];
}

/** A scored row as the statements return it (JSON): the factors' points as p_<factor>, the score in hundredths. */
interface ScoredRow {
  id: number;
  cents: number;
  km: number | null;
  matched: string[] | null;
  town_name: string | null;
  d_town_name: string | null;
  industry: Industry;
  education: Education;
  professional_title: ProfessionalTitle;
  engagement: Engagement;
  level: PlatformLevel;
  kind: string;
  d_industry: Industry;
  keywords: string[];
  min_education: Education;
  min_professional_title: ProfessionalTitle;
  d_engagement: Engagement | null;
  [points: `p_${string}`]: number;
}

function pointsOf(row: ScoredRow): Partial<Record<MatchFactor, number>> {
  return Object.fromEntries(Object.values(MatchFactor).map((factor) => [factor, row[`p_${factor.toLowerCase()}`]]).filter(([, v]) => v !== undefined));
}

const termsOf = (demand: DemandForMatching, townName: string | null): DemandTerms => ({
  kind: demand.kind,
  industry: demand.industry,
  keywords: demand.keywords,
  minEducation: demand.minEducation,
  minProfessionalTitle: demand.minProfessionalTitle,
  engagement: demand.engagement ?? null,
  townName,
});

const talentSide = (row: ScoredRow) => ({
  industry: row.industry,
  education: row.education,
  professionalTitle: row.professional_title,
  engagement: row.engagement,
  townName: row.town_name,
  km: row.km,
  matched: row.matched ?? [],
  points: pointsOf(row),
});

/**
 * 供需对接: talents (and platforms) for a demand, open demands for a talent, ranked by the one
 * score of matching.score.ts. Each page is one statement; the nodes are loaded by the caller
 * (through the features' loaders, so a talent reads exactly as everywhere else: masking, audit).
 */
export class MatchingService {
  constructor(
    private readonly em: EntityManager,
    private readonly maxPageSize: number,
  ) {}

  candidates(demand: DemandForMatching, args: PageArgs): Promise<RankedPage> {
    // The page scores only the talents that can still reach it, and counts the rest (docs/matching.md).
    return this.rank(ORDERS.candidates, args, (after, limit) => talentCandidatesPageQuery(demand, after, limit), (row) =>
      talentReasons(termsOf(demand, row.d_town_name), talentSide(row)),
    );
  }

  /** Only challenges are taken on by platforms: any other demand has none (the arguments are still checked). */
  platformCandidates(demand: DemandForMatching, args: PageArgs): Promise<RankedPage> {
    if (demand.kind !== DemandKind.CHALLENGE) {
      pageSize(args.first, this.maxPageSize);
      if (args.after != null) decodeCursor(ORDERS.platforms, args.after, CURSOR_RULES);
      return Promise.resolve({ matches: [], hasNextPage: false, totalCount: 0 });
    }
    return this.rank(ORDERS.platforms, args, (after, limit) => platformCandidatesQuery(demand.id, after, limit), (row) =>
      platformReasons(termsOf(demand, row.d_town_name), { industry: row.industry, level: row.level, townName: row.town_name, km: row.km, matched: row.matched ?? [], points: pointsOf(row) }),
    );
  }

  opportunities(talentId: number, args: PageArgs): Promise<RankedPage> {
    return this.rank(ORDERS.opportunities, args, (after, limit) => talentOpportunitiesQuery(talentId, after, limit), (row) =>
      talentReasons(
        {
          kind: row.kind,
          industry: row.d_industry,
          keywords: row.keywords,
          minEducation: row.min_education,
          minProfessionalTitle: row.min_professional_title,
          engagement: row.d_engagement,
          townName: row.d_town_name,
        },
        talentSide(row),
      ),
    );
  }

  private async read(query: MatchQuery): Promise<ScoredPage> {
    const [result] = await readRows<ScoredPage>(this.em, { sql: query.sql, bindings: query.params });
    return result;
  }

  private async rank(
    order: OrderTerm[],
    args: PageArgs,
    query: (after: MatchCursor | null, limit: number) => MatchQuery,
    reasons: (row: ScoredRow) => MatchReason[],
  ): Promise<RankedPage> {
    const limit = pageSize(args.first, this.maxPageSize);
    const after = args.after == null ? null : decodeCursor(order, args.after, CURSOR_RULES);
    const result = await this.read(query(after ? { cents: after[0] as number, id: after[1] as number } : null, limit + 1));
    const rows = result.page;
    return {
      totalCount: result.total,
      hasNextPage: rows.length > limit,
      matches: rows.slice(0, limit).map((row) => ({
        id: row.id,
        cursor: encodeCursor(order, [row.cents, row.id]),
        score: row.cents / 100,
        reasons: reasons(row),
      })),
    };
  }
}
