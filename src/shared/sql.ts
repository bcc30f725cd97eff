import { raw, type FilterQuery } from '@mikro-orm/postgresql';

/** `%`, `_` and `\` are LIKE wildcards; a search for them means the characters themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A `name` containing `term`, for an entity whose name has the GIN index on
 * text_search_grams(name) (migration …_text_search): the index finds the rows holding all the
 * term's character unigrams/bigrams, whatever its length, and LIKE decides. Without the key
 * condition a one- or two-character search (a Chinese surname, a given name) scans the table.
 */
export function nameContaining<T>(term: string): FilterQuery<T> {
  return {
    [raw((alias: string) => `text_search_grams(${alias}.name) @> text_search_keys(?)`, [term])]: [],
    name: { $like: `%${escapeLike(term)}%` },
  } as FilterQuery<T>;
}
