import { Field, Float, Int, ObjectType, type ClassType } from 'type-graphql';
import { PageInfo } from '../../shared/pagination/connection';
import { MatchFactor } from './matching.enums';
import type { MatchReason } from './matching.score';

@ObjectType('MatchReason', { simpleResolvers: true, description: 'One part of a match score: the factor, its points, the most it can give, and why (in Chinese)' })
export class MatchReasonType implements MatchReason {
  @Field(() => MatchFactor)
  factor!: MatchFactor;

  @Field(() => Float, { description: 'Points this factor gave (the score is their sum)' })
  score!: number;

  @Field(() => Float, { description: 'The most this factor can give (docs/matching.md)' })
  maxScore!: number;

  @Field({ description: 'Why, in Chinese: what was compared and how it came out' })
  detail!: string;
}

/** One ranked match: its cursor, score (0–100), reasons, and the node matched. */
export interface MatchEdge<N> {
  cursor: string;
  score: number;
  reasons: MatchReason[];
  node: N;
}

export interface MatchPage<N> {
  edges: MatchEdge<N>[];
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * A Relay connection of ranked matches (best first; equal scores by id). Its nodes are of the
 * GraphQL type `nodeType`, served as `N` (the read model the feature's loader returns).
 */
export function MatchConnection<N extends object>(nodeType: ClassType<object>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { description: `${what}, with its score and the reasons for it` })
  class Edge implements MatchEdge<N> {
    @Field({ description: 'Opaque position of this match in the ranking' })
    cursor!: string;

    @Field(() => Float, { description: 'Match score, 0–100: the sum of the reasons’ scores' })
    score!: number;

    @Field(() => [MatchReasonType], { description: 'One per factor, in a fixed order' })
    reasons!: MatchReason[];

    @Field(() => nodeType)
    node!: N;
  }

  @ObjectType(`${name}Connection`, { description: `${what}: ranked by score, then id` })
  class MatchConnectionType {
    constructor(private readonly page: MatchPage<N>) {}

    @Field(() => Int, { description: 'Number of matches across all pages' })
    get totalCount(): number {
      return this.page.totalCount;
    }

    @Field(() => PageInfo)
    get pageInfo(): PageInfo {
      return { hasNextPage: this.page.hasNextPage, endCursor: this.page.edges.at(-1)?.cursor ?? null };
    }

    @Field(() => [Edge])
    get edges(): MatchEdge<N>[] {
      return this.page.edges;
    }
  }
  return MatchConnectionType;
}
