import DataLoader from 'dataloader';

/**
 * A loader of one row per key: `fetch` gets every key requested in one tick and returns the
 * rows found, in any order; each key receives its row, or null.
 */
export function rowLoader<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const byKey = new Map<K, V>();
    for (const row of await fetch(keys)) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A loader of the rows belonging to each key (awards of a talent, platforms of a host, …). */
export function groupLoader<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const byKey = new Map<K, V[]>(keys.map((key) => [key, []]));
    for (const row of await fetch(keys)) byKey.get(keyOf(row))?.push(row);
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

/**
 * A loader whose key carries arguments (a parent id plus page arguments): keys that share the
 * arguments are fetched together in one statement, keys with other arguments in another.
 */
export function argumentLoader<P, A, V>(
  fetch: (parents: P[], args: A) => Promise<Map<P, V>>,
  empty: () => V,
): DataLoader<{ parent: P; args: A }, V, string> {
  return new DataLoader<{ parent: P; args: A }, V, string>(
    async (keys) => {
      const groups = new Map<string, { args: A; parents: P[] }>();
      for (const { parent, args } of keys) {
        const signature = JSON.stringify(args);
        const group = groups.get(signature) ?? { args, parents: [] };
        group.parents.push(parent);
        groups.set(signature, group);
      }
      const results = new Map<string, Map<P, V>>();
      await Promise.all(
        [...groups].map(async ([signature, group]) => results.set(signature, await fetch(group.parents, group.args))),
      );
      return keys.map(({ parent, args }) => results.get(JSON.stringify(args))?.get(parent) ?? empty());
    },
    { cacheKeyFn: ({ parent, args }) => JSON.stringify([parent, args]) },
  );
}
