import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { RequestContext } from '../../context';
import { seesExactAggregates } from '../../shared/auth/roles';
import { disclosureNote } from './analytics.service';

/** The root fields that publish aggregates of people (and of the records counted with them). */
const AGGREGATE_FIELDS = new Set(['talentDistribution', 'talentLayout', 'talentLayoutGeoJSON', 'talentTrend', 'awardDistribution', 'platformDistribution']);

/** Whether a root selection set reaches an aggregate field, through inline fragments and named ones. */
function selectsAggregate(selectionSet: SelectionSetNode, document: DocumentNode, visited = new Set<string>()): boolean {
  return selectionSet.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return AGGREGATE_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return selectsAggregate(selection.selectionSet, document, visited);
    const name = selection.name.value;
    if (visited.has(name)) return false;
    visited.add(name);
    const fragment = document.definitions.find((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
    return fragment !== undefined && selectsAggregate(fragment.selectionSet, document, visited);
  });
}

/**
 * Every response that publishes an aggregate says, in `extensions.disclosure`, how its numbers
 * were published to this caller (the footnote statistics offices print): list-shaped fields
 * such as talentLayout and talentTrend have no field of their own to carry it.
 */
export const disclosureExtensionPlugin = (): ApolloServerPlugin<RequestContext> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ response, operation, document, contextValue }) {
        if (response.body.kind !== 'single' || !operation || !document || !selectsAggregate(operation.selectionSet, document)) return;
        const visibility = { canReadRecords: seesExactAggregates(contextValue.viewer.role) };
        const { withheld: _perTable, ...note } = disclosureNote(contextValue.config.disclosure, visibility);
        response.body.singleResult.extensions = { ...response.body.singleResult.extensions, disclosure: note };
      },
    };
  },
});
