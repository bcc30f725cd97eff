import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { Page } from './keyset';

@ObjectType({ simpleResolvers: true, description: 'Relay page information' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to fetch the next page' })
  endCursor!: string | null;
}

export interface EdgeShape<T> {
  cursor: string;
  node: T;
}

/**
 * A Relay connection type for one node type. `totalCount` is a method so that the count query
 * runs only when a client selects the field. The nodes may be plain read models (`N`) of the
 * GraphQL type `T` rather than instances of it: a field of a plain object resolves the same.
 */
export function Connection<T extends object, N = T>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge implements EdgeShape<N> {
    @Field({ description: 'Opaque position of this node in the ordering' })
    cursor!: string;

    @Field(() => nodeType)
    node!: N;
  }

  // type-graphql inherits fields only from a decorated base; the base itself is never reachable, so never emitted.
  @ObjectType(`${name}ConnectionBase`, { simpleResolvers: true })
  abstract class ConnectionType {
    constructor(private readonly page: Page<N>) {}

    @Field(() => Int, { description: 'Number of nodes matching the filter, across all pages' })
    totalCount(): Promise<number> {
      return this.page.totalCount();
    }

    @Field(() => PageInfo)
    get pageInfo(): PageInfo {
      return { hasNextPage: this.page.hasNextPage, endCursor: this.page.cursors.at(-1) ?? null };
    }

    @Field(() => [Edge])
    get edges(): Edge[] {
      return this.page.nodes.map((node, i) => ({ cursor: this.page.cursors[i], node }));
    }
  }
  return ConnectionType;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20)' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor to continue after (an endCursor or edge cursor)' })
  after?: string | null;
}
