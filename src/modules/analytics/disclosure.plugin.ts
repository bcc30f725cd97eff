import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type SelectionSetNode } from 'graphql';
import type { RequestContext } from '../../context';
import { seesExactAggregates } from '../../shared/auth/roles';
import { disclosureNote } from './analytics.service';

/** The root fields that publish aggregates of people (and of the records counted with them). */
const AGGREGATE_FIELDS = new Set(['talentDistribution', 'talentLayout', 'talentLayoutGeoJSON', 'talentTrend', 'awardDistribution', 'platformDistribution']);

function selectsAggregate(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.some((selection) =>
    selection.kind === Kind.FIELD ? AGGREGATE_FIELDS.has(selection.name.value) : selection.kind === Kind.INLINE_FRAGMENT && selectsAggregate(selection.selectionSet),
  );
}

/**
 * Every response that publishes an aggregate says, in `extensions.disclosure`, how its numbers
 * were published to this caller (the footnote statistics offices print): list-shaped fields
 * such as talentLayout and talentTrend have no field of their own to carry it.
 */
export const disclosureExtensionPlugin = (): ApolloServerPlugin<RequestContext> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ response, operation, contextValue }) {
        if (response.body.kind !== 'single' || !operation || !selectsAggregate(operation.selectionSet)) return;
        const visibility = { canReadRecords: seesExactAggregates(contextValue.viewer.role) };
        const { withheld: _perTable, ...note } = disclosureNote(contextValue.config.disclosure, visibility);
        response.body.singleResult.extensions = { ...response.body.singleResult.extensions, disclosure: note };
      },
    };
  },
});
