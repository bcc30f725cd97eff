import type { OperationDefinitionNode } from 'graphql';
import type { PersonalRead, PersonalReadRecorder } from '../../shared/auth/personal-field';

export interface CollectedReads {
  operation: string | null;
  entity: string;
  entityIds: number[];
  fields: string[];
}

/**
 * The clear reads of personal fields during one HTTP request, kept in its context. Grouped by
 * operation (a batched HTTP request shares one context between its operations), then by entity:
 * the audit plugin takes one operation's reads when its response is about to be sent.
 */
export class PersonalReadLog implements PersonalReadRecorder {
  private readonly byOperation = new Map<OperationDefinitionNode, Map<string, { ids: Set<number>; fields: Set<string> }>>();

  record({ operation, entity, id, field }: PersonalRead): void {
    let entities = this.byOperation.get(operation);
    if (!entities) this.byOperation.set(operation, (entities = new Map()));
    let reads = entities.get(entity);
    if (!reads) entities.set(entity, (reads = { ids: new Set(), fields: new Set() }));
    reads.ids.add(id);
    reads.fields.add(field);
  }

  /** Removes and returns what one operation read, one entry per entity kind. */
  take(operation: OperationDefinitionNode | undefined): CollectedReads[] {
    if (!operation) return [];
    const entities = this.byOperation.get(operation);
    if (!entities) return [];
    this.byOperation.delete(operation);
    return [...entities].map(([entity, { ids, fields }]) => ({
      operation: operation.name?.value ?? null,
      entity,
      entityIds: [...ids].sort((a, b) => a - b),
      fields: [...fields].sort(),
    }));
  }

  get pending(): number {
    return this.byOperation.size;
  }
}
