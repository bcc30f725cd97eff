import { Migration } from '@mikro-orm/migrations';

/**
 * Substring search on the service map's Chinese names and addresses, index-backed and
 * independent of the database's locale.
 *
 * pg_trgm only takes trigrams from "word" characters, and whether a Han character is one
 * depends on LC_CTYPE: under C.UTF-8 (the CI server) it is, under C (the embedded server's
 * initdb) it is not, and `show_trgm('平谷区人才小院')` is empty — a trigram index would then
 * match every row. These two functions give the GIN index its own keys instead: every
 * character and every pair of adjacent characters (unigrams and bigrams) of the lower-cased
 * name and address. A term of two or more characters is looked up by its bigrams, a single
 * character by itself; every row whose text contains the term holds all those keys, and the
 * query rechecks the substring itself, so the index only narrows, never decides.
 *
 * Only pg_catalog functions are used, so the index expression evaluates the same under the
 * restricted search_path PostgreSQL 17+ uses for maintenance (ANALYZE, REINDEX).
 */
export class Migration20261124152219_service_map_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function service_point_search_grams(name text, address text) returns text[]
language sql immutable strict parallel safe
as $$
  select coalesce(array_agg(distinct substr(t, i, n)), '{}')
  from (select lower(name || chr(10) || address) as t) as s,
       generate_series(1, 2) as n,
       generate_series(1, char_length(t) - n + 1) as i
$$;`);
    this.addSql(`comment on function service_point_search_grams(text, text) is
  'Index keys of a service point''s name and address for substring search: every character and every pair of adjacent characters, lower-cased';`);
    this.addSql(`create function service_point_search_keys(term text) returns text[]
language sql immutable strict parallel safe
as $$
  select case
    when char_length(t) < 2 then array[t]
    else array(select distinct substr(t, i, 2) from generate_series(1, char_length(t) - 1) as i)
  end
  from (select lower(term) as t) as s
$$;`);
    this.addSql(`comment on function service_point_search_keys(text) is
  'The keys a search term must find in service_point_search_grams: its bigrams, or the character itself for a one-character term';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists service_point_search_keys(text);`);
    this.addSql(`drop function if exists service_point_search_grams(text, text);`);
  }
}
