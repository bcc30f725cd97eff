import type { OperationDefinitionNode } from 'graphql';
import type { MiddlewareFn, ResolverData } from 'type-graphql';
import { isPromiseLike, type SyncAwareNext } from '../sync-middleware';
import { ForbiddenError } from './errors';
import { auditsPersonalReads, personalFieldAccess } from './roles';
import type { Viewer } from './viewer';

/** One read of a personal field in clear, as the audit trail records it. */
export interface PersonalRead {
  /** The operation it happened in (`info.operation`): a batched HTTP request runs several. */
  operation: OperationDefinitionNode;
  entity: string;
  id: number;
  field: string;
}

export interface PersonalReadRecorder {
  record(read: PersonalRead): void;
}

export interface PersonalFieldContext {
  viewer: Viewer;
  /** Present on every request context; the audit plugin writes what it collected. */
  personalReads?: PersonalReadRecorder;
}

export interface PersonalFieldOptions<TRoot> {
  /** Entity name as the audit trail stores it, e.g. 'Talent'. */
  entity: string;
  /** Field name as the audit trail stores it, e.g. 'idNumber'. */
  field: string;
  /** The masked form for roles that see personal fields masked. */
  mask: (value: string) => string;
  /** The record's id, for the audit trail. */
  idOf: (root: TRoot) => number;
}

/**
 * The role-aware middleware every personal field goes through. Put it on a `@FieldResolver`
 * (as Talent.idNumber and phone are): type-graphql runs a field resolver's middleware whatever
 * the type's `simpleResolvers`; on a plain `@Field` of a type with `simpleResolvers: true` it
 * would be skipped. The resolver returns the value in clear (decrypted); this
 * decides, from the policy table, what the caller gets:
 * - 'none'   → FORBIDDEN, and the resolver never runs;
 * - 'masked' → the mask (110117********123X, 138****5678), no audit;
 * - 'clear'  → the value, recorded for the audit trail; without a recorder the read is refused
 *              (fail closed: no clear read can go unaudited).
 * Null values pass through as null (nothing is disclosed, nothing audited).
 */
export function PersonalField<TRoot>(options: PersonalFieldOptions<TRoot>): MiddlewareFn<PersonalFieldContext> {
  // Synchronous while the resolver is (decryption is): no promise per field per row. The
  // middleware chain (src/shared/sync-middleware.ts) then stays synchronous too.
  const middleware = ({ root, context, info }: ResolverData<PersonalFieldContext>, next: SyncAwareNext): unknown => {
    const role = context.viewer?.role;
    const access = role === undefined ? 'none' : personalFieldAccess(role);
    if (access === 'none') throw new ForbiddenError(`Your role may not read ${options.entity}.${options.field}`, { field: options.field });
    const disclose = (value: unknown) => {
      if (value === null || value === undefined) return value;
      if (typeof value !== 'string') throw new TypeError(`${options.entity}.${options.field} must resolve to a string`);
      if (access === 'masked') return options.mask(value);
      if (auditsPersonalReads(role!)) {
        if (!context.personalReads) throw new Error('No audit recorder on the request context: refusing a clear read of personal data');
        context.personalReads.record({ operation: info.operation, entity: options.entity, id: options.idOf(root as TRoot), field: options.field });
      }
      return value;
    };
    const value = next();
    return isPromiseLike(value) ? Promise.resolve(value).then(disclose) : disclose(value);
  };
  // type-graphql types a middleware as returning a promise; with the synchronous chain it may return the value.
  return middleware as MiddlewareFn<PersonalFieldContext>;
}
