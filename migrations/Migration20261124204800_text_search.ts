import { Migration } from '@mikro-orm/migrations';

/**
 * Substring search on talent and organization names, index-backed for terms of any length.
 *
 * Chinese names are two to four characters and are searched by one or two (a surname, a given
 * name): pg_trgm needs three, so such searches scanned the whole register. These functions are
 * the service map's unigram + bigram keys (…_service_map_search) for one text: a GIN index on
 * text_search_grams(name) finds every row containing all of text_search_keys(term), and the
 * query's LIKE rechecks the substring itself, so the index only narrows, never decides.
 * Only pg_catalog functions, so the index expression evaluates the same under the restricted
 * search_path PostgreSQL 17+ uses for maintenance.
 */
export class Migration20261124204800_text_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function text_search_grams(t text) returns text[]
language sql immutable strict parallel safe
as $$
  select coalesce(array_agg(distinct substr(s, i, n)), '{}')
  from (select lower(t) as s) as x,
       generate_series(1, 2) as n,
       generate_series(1, char_length(s) - n + 1) as i
$$;`);
    this.addSql(`comment on function text_search_grams(text) is
  'Index keys of a text for substring search: every character and every pair of adjacent characters, lower-cased';`);
    // The service map's term keys are exactly these (its grams are of name + address).
    this.addSql(`create function text_search_keys(term text) returns text[]
language sql immutable strict parallel safe
as $$ select service_point_search_keys(term) $$;`);
    this.addSql(`comment on function text_search_keys(text) is
  'The keys a search term must find in text_search_grams: its bigrams, or the character itself for a one-character term';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists text_search_keys(text);`);
    this.addSql(`drop function if exists text_search_grams(text);`);
  }
}
