import { Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from 'graphql';
import { QueryLimitError, QuerySafetyCode } from './errors';

/**
 * How often one response key may appear in one selection set, counting through inline fragments
 * and fragment spreads (`{ a a a … }`, `{ ...on T { a } ...on T { a } … }`). graphql-js merges
 * such fields, but checks every pair of them first; graphql-armor has no rule for it.
 */
export function maxRepeatedFieldsRule(max: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    let reported = false;

    const count = (set: SelectionSetNode, counts: Map<string, number>, visiting: Set<string>): void => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          count(selection.selectionSet, counts, visiting);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // A fragment cycle is NoFragmentCyclesRule's to report; stop walking it here.
          if (!fragment || visiting.has(name)) continue;
          visiting.add(name);
          count(fragment.selectionSet, counts, visiting);
          visiting.delete(name);
        }
      }
    };

    return {
      SelectionSet(node) {
        if (reported) return;
        const counts = new Map<string, number>();
        count(node, counts, new Set());
        for (const [key, n] of counts) {
          if (n > max) {
            reported = true;
            context.reportError(
              new QueryLimitError(QuerySafetyCode.TOO_MANY_REPEATED_FIELDS, `Field "${key}" is selected ${n} times in one selection set; the limit is ${max}`, { count: n, limit: max }),
            );
            return;
          }
        }
      },
    };
  };
}
