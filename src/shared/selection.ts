import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields a query selects at `path` below the field being resolved (e.g.
 * `['edges', 'node']` under a connection): through aliases, inline fragments and named
 * fragments. A field under `@skip`/`@include` counts as selected: a list that prefetches what its
 * rows will ask for then loads one batch more than needed at worst, never less.
 */
export function selectedFieldNames(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    sets = sets.flatMap((set) => fieldsOf(set, info).flatMap((field) => (field.name.value === name && field.selectionSet ? [field.selectionSet] : [])));
  }
  return new Set(sets.flatMap((set) => fieldsOf(set, info).map((field) => field.name.value)));
}

function fieldsOf(set: SelectionSetNode, info: GraphQLResolveInfo, visited = new Set<string>()): FieldNode[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, info, visited);
    const fragment = info.fragments[selection.name.value];
    if (!fragment || visited.has(selection.name.value)) return [];
    visited.add(selection.name.value);
    return fieldsOf(fragment.selectionSet, info, visited);
  });
}
