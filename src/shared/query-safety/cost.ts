import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, getNullableType, getOperationAST, getVariableValues, isCompositeType, isListType, isScalarType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { QueryLimitError, QuerySafetyCode } from './errors';

export interface CostModel {
  /** `first` assumed when a connection is asked without one (the API's default page size). */
  defaultFirst: number;
  /** Items assumed in a plain list of objects (a talent's platforms, awards). */
  listSize: number;
  /**
   * Scalars that hold a whole JSON document (a GeoJSON layer): what they produce is invisible to
   * the selection, so a field of one costs what it declares (`@Field({ complexity })`, the objects
   * it can hold), else as a plain list of objects.
   */
  documentScalars: readonly string[];
}

export const DEFAULT_COST_MODEL: CostModel = { defaultFirst: 20, listSize: 10, documentScalars: ['JSON', 'JSONObject'] };

/**
 * Cost is the number of objects a query can make the server produce, and list sizes multiply:
 * - a field with a `first` argument (a connection) costs first × max(1, cost of its selection),
 *   so `first: 100` inside `first: 100` costs 10,000;
 * - a plain list of objects costs listSize × max(1, cost of its selection), except the `edges`
 *   (or `nodes`) of a connection, already counted by its `first`;
 * - a JSON document scalar (JSONObject) costs listSize, unless its field declares its own price;
 * - anything else costs what its selection costs (other scalars: 0; their number per object is
 *   bounded by the alias, repeated-field and token limits).
 * A `@Field({ complexity })` in type-graphql overrides this for its field (fieldExtensionsEstimator runs first).
 * graphql-query-complexity adds up every field node, so aliases of one field are each counted.
 */
export function listCostEstimator(model: CostModel = DEFAULT_COST_MODEL): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const own = Math.max(1, childComplexity);
    if (field.args.some((a) => a.name === 'first')) {
      const first = typeof args.first === 'number' && args.first >= 0 ? args.first : model.defaultFirst;
      return first * own;
    }
    const fieldType = getNullableType(field.type);
    if (isListType(fieldType) && isCompositeType(getNamedType(fieldType))) {
      return type.name.endsWith('Connection') ? childComplexity : model.listSize * own;
    }
    const named = getNamedType(fieldType);
    if (isScalarType(named) && model.documentScalars.includes(named.name)) return model.listSize;
    return childComplexity;
  };
}

const NODE_LIMIT_MESSAGE = 'Query exceeds the maximum allowed number of nodes.';

/** Costs remembered per parsed document, for so many variable sets each (then forgotten and refilled). */
const COSTS_PER_DOCUMENT = 64;
/** Variable sets longer than this (as JSON) are judged afresh: the memo must stay small whatever callers send. */
const MAX_MEMO_KEY_LENGTH = 1024;

/** The variables the operation declares (others cannot change its cost), as the memo's key. */
function memoKey(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): string {
  const operation = getOperationAST(document, operationName);
  const declared = (operation?.variableDefinitions ?? []).map((d) => [d.variable.name.value, variables[d.variable.name.value]]);
  return `${operationName ?? ''}\u0000${JSON.stringify(declared)}`;
}

/**
 * The cost limit, in `didResolveOperation`: the cost depends on variables (`first: $n`), and
 * Apollo caches validation per document across variables, so a validation rule would judge the
 * first variables only. Refuses with QUERY_TOO_COMPLEX, the cost and the limit.
 * The limit is per HTTP request: the operations of a batch share it (Apollo hands them one
 * response head, which keys what they have spent), so a batch of ten cannot cost ten times as
 * much. An operation refused costs nothing, as it produces nothing.
 * A cost is a pure function of the document, operation and variables, and Apollo hands the same
 * DocumentNode to every request with the same query text, so costs are memoized per document:
 * a dashboard repeating its query pays for the analysis once.
 */
export function costLimitPlugin(options: { maxCost: number; model?: CostModel; maxNodes?: number }): ApolloServerPlugin {
  const estimators = [fieldExtensionsEstimator(), listCostEstimator(options.model)];
  const maxNodes = options.maxNodes ?? 10_000;
  const costs = new WeakMap<DocumentNode, Map<string, number | null>>();
  const spentByRequest = new WeakMap<object, number>();
  const costOf = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): number | null => {
    let known = costs.get(document);
    if (!known) costs.set(document, (known = new Map()));
    const key = memoKey(document, operationName, variables);
    const remembered = known.get(key);
    if (remembered !== undefined) return remembered;
    let cost: number | null;
    const operation = getOperationAST(document, operationName);
    try {
      // Variables that do not coerce are judged first, stopping at graphql-js's usual 50 errors:
      // getComplexity coerces without a bound, ~2 s of CPU for a list of 5,000 wrong items.
      if (getVariableValues(schema, operation?.variableDefinitions ?? [], variables, { maxErrors: 50 }).errors) return null;
      cost = getComplexity({ schema, query: document, variables, ...(operationName ? { operationName } : {}), estimators, maxQueryNodes: maxNodes });
    } catch (error) {
      if (error instanceof Error && error.message === NODE_LIMIT_MESSAGE) {
        throw new QueryLimitError(QuerySafetyCode.QUERY_TOO_COMPLEX, `Query has more than ${maxNodes} selections; the limit is ${maxNodes}`, { limit: maxNodes });
      }
      // Variables that do not coerce: execution reports them with BAD_USER_INPUT and runs nothing.
      cost = null;
    }
    if (key.length <= MAX_MEMO_KEY_LENGTH) {
      if (known.size >= COSTS_PER_DOCUMENT) known.clear();
      known.set(key, cost);
    }
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, response }) {
          const cost = costOf(schema, document, request.variables ?? {}, operationName ?? undefined);
          if (cost === null) return;
          const before = spentByRequest.get(response.http) ?? 0;
          if (before + cost > options.maxCost) {
            throw new QueryLimitError(
              QuerySafetyCode.QUERY_TOO_COMPLEX,
              before
                ? `Query cost ${cost} brings the batch to ${before + cost}, over the limit of ${options.maxCost} per request (send fewer or smaller operations)`
                : `Query cost ${cost} exceeds the limit of ${options.maxCost} (list sizes multiply: ask for smaller pages or fewer nested lists)`,
              { cost, maxCost: options.maxCost },
            );
          }
          spentByRequest.set(response.http, before + cost);
        },
      };
    },
  };
}
