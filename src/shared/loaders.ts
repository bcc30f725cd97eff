import DataLoader from 'dataloader';

/**
 * A DataLoader that also keeps the values its batches returned: `settledOrLoad(key)` gives the
 * value itself when its batch has completed (a parent prefetched it for the whole page), else
 * the promise `load(key)` gives. A page's nested fields then resolve without a promise per row
 * and field, which is most of what a nested page costs in promises, microtasks and GC.
 */
export type SettlingLoader<K, V> = DataLoader<K, V> & { settledOrLoad(key: K): V | Promise<V> };

function settlingLoader<K, V>(batch: (keys: readonly K[]) => Promise<V[]>): SettlingLoader<K, V> {
  const settled = new Map<K, V>();
  const loader = new DataLoader<K, V>(async (keys) => {
    const values = await batch(keys);
    keys.forEach((key, i) => settled.set(key, values[i]));
    return values;
  });
  return Object.assign(loader, { settledOrLoad: (key: K) => (settled.has(key) ? settled.get(key)! : loader.load(key)) });
}

/**
 * A loader of one row per key: `fetch` gets every key requested in one tick and returns the
 * rows found, in any order; each key receives its row, or null.
 */
export function rowLoader<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): SettlingLoader<K, V | null> {
  return settlingLoader<K, V | null>(async (keys) => {
    const byKey = new Map<K, V>();
    for (const row of await fetch(keys)) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A loader of the rows belonging to each key (awards of a talent, platforms of a host, …). */
export function groupLoader<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): SettlingLoader<K, V[]> {
  return settlingLoader<K, V[]>(async (keys) => {
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
