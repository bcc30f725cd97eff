import { ReferenceKind, type EntityManager, type EntityName } from '@mikro-orm/postgresql';

/**
 * An entity's columns read as a plain object shaped like the entity, for read paths that need no
 * unit of work (issue 13): scalars under their property names, a many-to-one as `{ <its key>: value }`
 * (what `talent.organization.id` reads on an entity), no identity map, no snapshot, no
 * change set. Hydrating a managed entity costs tens of microseconds a row; this costs an object.
 * The columns are read from the entity's metadata, so a new column is never missed; lazy ones
 * (record keys, which only aggregates may read) stay out, as they do for `em.find`.
 */
export interface EntityRows<V> {
  /** `alias.column as "property", …` for a select list. */
  columns: string;
  /** The row (as selected with `columns`) made the view, in place. */
  view(row: Record<string, unknown>): V;
}

const readers = new Map<string, EntityRows<unknown>>();

export function entityRows<V>(em: EntityManager, entity: EntityName<object>, alias: string): EntityRows<V> {
  const meta = em.getMetadata().get(typeof entity === 'string' ? entity : (entity as { name: string }).name);
  const key = `${meta.className}:${alias}`;
  let reader = readers.get(key);
  if (!reader) {
    const props = meta.props.filter((p) => !p.lazy && p.persist !== false && (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE));
    const references = props.filter((p) => p.kind === ReferenceKind.MANY_TO_ONE).map((p) => [p.name, p.targetMeta!.primaryKeys[0]] as const);
    const columns = props.map((p) => `${alias}.${p.fieldNames[0]} as "${p.name}"`).join(', ');
    reader = {
      columns,
      view(row) {
        for (const [name, key] of references) {
          const value = row[name];
          row[name] = value == null ? null : { [key]: value };
        }
        return row;
      },
    };
    readers.set(key, reader);
  }
  return reader as EntityRows<V>;
}
