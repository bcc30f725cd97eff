import { Migration } from '@mikro-orm/migrations';

/**
 * Keyword postings (issue 14; docs/matching.md, "How it stays fast"): which talents' profiles
 * hold each keyword demands list, so that a demand's other-industry keyword matches (its exact
 * totalCount) are counted from a b-tree by an index-only scan, not from the heap pages a GIN
 * bitmap scan must visit (26,000 of talent_match's at 1,000,000 talents for a common keyword).
 *
 * - match_term: the vocabulary, every keyword (lower-cased) any demand lists or has listed.
 *   It only grows: a term no demand lists any more keeps its postings (a term left behind costs
 *   writes, never a wrong count; removing one safely would race with a demand adopting it again).
 * - talent_match_term: one row per (term, talent of talent_match whose lower-cased profile
 *   contains the term), with the talent's education and industry, so that the count at a floor
 *   and outside an industry reads the index alone. "Contains" is the score's own test
 *   (strpos, matching.score.ts): any term, of any length, with spaces or not.
 *
 * Kept in the writing statement by triggers, as talent_match is:
 * - on talent_match (a talent inserted, archived, restored, or its profile, industry or
 *   education changed): the postings the row lost are removed, those it gained written;
 * - on demand (inserted, or its keywords changed): a term new to the vocabulary is added and
 *   filled from every profile. Before filling, it takes SHARE on talent_match: it waits for the
 *   transactions writing profiles (whose triggers could not see the uncommitted term) and holds
 *   new ones off until it commits (after which their triggers see it), so no posting is missed
 *   either way. A new term thus pauses profile writes for the length of one fill (a scan of
 *   talent_match: about a second at 1,000,000); a demand listing known terms takes no lock.
 *
 * Replaces talent_match_keys_index (the GIN over keyword keys) and its functions: the page
 * statement reads keyword matches from the postings only.
 */
const SEPARATORS = `'[[:space:]!-/:-@[-\`{-~，。、；：？！（）【】《》〈〉「」『』“”‘’…—·～]'`;
const KEY_CHARS = 6;

/** The postings of a set of talent_match rows (`rows`): each row joined with the terms its profile contains. */
const postingsOf = (rows: string) => `select t.id, r.education, r.industry, r.talent_id
    from (select r.talent_id, r.education, r.industry, lower(r.profile) as text from ${rows} r offset 0) r
    join match_term t on strpos(r.text, t.term) > 0`;
const POSTING = '(term_id, education, industry, talent_id)';
const post = (postings: string) => `insert into talent_match_term ${POSTING}\n    ${postings}`;
const unpost = (postings: string) => `delete from talent_match_term p using (${postings}) o ${POSTING}
    where ${POSTING.replace(/(\w+)/g, 'p.$1')} = ${POSTING.replace(/(\w+)/g, 'o.$1')}`;
export class Migration20261203211337_matching_postings extends Migration {
  override async up(): Promise<void> {
    // Nothing writes profiles or demands between the fill below and the triggers that follow them.
    this.addSql(`lock table talent_match, demand in share mode;`);
    this.addSql(`create table match_term (
  id int generated always as identity primary key,
  term text not null unique
);`);
    this.addSql(`comment on table match_term is 'Every keyword (lower-cased) a demand lists or has listed: the terms talent_match_term posts';`);
    this.addSql(`create table talent_match_term (
  term_id int not null,
  education text not null,
  industry text not null,
  talent_id int not null
);`);
    this.addSql(`comment on table talent_match_term is 'Postings: the talents of talent_match whose lower-cased profile contains a term of match_term, with their education and industry (counted by an index-only scan)';`);
    // Its index is read without the heap: pages must be all-visible, so vacuum follows writes closely.
    this.addSql(`alter table talent_match_term set (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_scale_factor = 0.01);`);

    this.addSql(`insert into match_term (term) select distinct lower(k) from demand cross join unnest(demand.keywords) as k order by 1;`);
    this.addSql(`${post(postingsOf('talent_match'))};`);
    this.addSql(`set local maintenance_work_mem = '512MB';`);
    // The floor's educations are index conditions (each term × education one range); the industry is a filter on the index tuple.
    this.addSql(`alter table talent_match_term add primary key ${POSTING};`);

    this.addSql(`create function talent_match_term_follow() returns trigger language plpgsql as $$
begin
  if TG_OP = 'INSERT' then
    ${post(postingsOf('new_rows'))};
  elsif TG_OP = 'DELETE' then
    ${unpost(postingsOf('old_rows'))};
  else
    -- Only what changed: a profile rewritten keeps most of its terms, whose postings stay untouched. The rows are
    -- compared as postings (a set operation, hashed or sorted), never joined row to row: PL/pgSQL keeps the plan of
    -- its first calls, made for a row or two, and a nested loop of two transition tables would then meet a bulk
    -- statement (a seed's 100,000 profiles) quadratically.
    with was as (${postingsOf('old_rows')}),
    becomes as (${postingsOf('new_rows')}),
    removed as (${unpost('select * from was except select * from becomes')})
    ${post('select * from becomes except select * from was')};
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger talent_match_term_follow_insert after insert on talent_match
  referencing new table as new_rows for each statement execute function talent_match_term_follow();`);
    this.addSql(`create trigger talent_match_term_follow_update after update on talent_match
  referencing old table as old_rows new table as new_rows for each statement execute function talent_match_term_follow();`);
    this.addSql(`create trigger talent_match_term_follow_delete after delete on talent_match
  referencing old table as old_rows for each statement execute function talent_match_term_follow();`);

    this.addSql(`create function match_term_follow_demand() returns trigger language plpgsql as $$
declare
  added int[];
begin
  with inserted as (
    insert into match_term (term)
    select distinct lower(k) from new_rows d cross join unnest(d.keywords) as k
    where not exists (select 1 from match_term t where t.term = lower(k))
    on conflict (term) do nothing
    returning id
  )
  select array_agg(id) into added from inserted;
  if added is null then
    return null;
  end if;
  -- The fill must see every profile committed before the lock: only a statement snapshot taken after it does.
  if current_setting('transaction_isolation') <> 'read committed' then
    raise exception 'a demand with a new keyword must be written at read committed (talent_match_term is filled from committed profiles)';
  end if;
  -- Profile writes in flight could not see the new terms: wait for them; later ones wait for this commit, then see them.
  lock table talent_match in share mode;
  insert into talent_match_term ${POSTING}
  ${postingsOf('talent_match')}
  where t.id = any(added);
  return null;
end $$;`);
    this.addSql(`create trigger match_term_follow_demand_insert after insert on demand
  referencing new table as new_rows for each statement execute function match_term_follow_demand();`);
    this.addSql(`create trigger match_term_follow_demand_update after update on demand
  referencing new table as new_rows for each statement execute function match_term_follow_demand();`);

    this.addSql(`drop index talent_match_keys_index;`);
    this.addSql(`drop function talent_match_keys(text, text);`);
    this.addSql(`drop function talent_match_term_exact(text);`);
    this.addSql(`drop function talent_match_term_keys(text);`);
    this.addSql(`analyze match_term, talent_match_term;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger match_term_follow_demand_insert on demand;`);
    this.addSql(`drop trigger match_term_follow_demand_update on demand;`);
    for (const event of ['insert', 'update', 'delete']) this.addSql(`drop trigger talent_match_term_follow_${event} on talent_match;`);
    this.addSql(`drop function match_term_follow_demand();`);
    this.addSql(`drop function talent_match_term_follow();`);
    this.addSql(`drop table talent_match_term;`);
    this.addSql(`drop table match_term;`);
    // What …_matching_projection made and this replaced.
    this.addSql(`create function talent_match_keys(profile text, education text) returns text[]
language sql immutable strict parallel safe set search_path from current set jit = off
as $$
  select pg_catalog.array_append(coalesce(pg_catalog.array_agg(distinct pg_catalog.substr(s, i, n)), '{}'), pg_catalog.chr(1) || education)
  from pg_catalog.regexp_split_to_table(pg_catalog.lower(profile), ${SEPARATORS}) as s,
    pg_catalog.generate_series(1, least(${KEY_CHARS}, pg_catalog.char_length(s))) as n,
    pg_catalog.generate_series(1, pg_catalog.char_length(s) - n + 1) as i
$$;`);
    this.addSql(`create function talent_match_term_exact(term text) returns boolean
language sql immutable strict parallel safe set search_path from current
as $$ select pg_catalog.char_length(pg_catalog.lower(term)) between 1 and ${KEY_CHARS} and pg_catalog.lower(term) !~ ${SEPARATORS} $$;`);
    this.addSql(`create function talent_match_term_keys(term text) returns text[]
language sql immutable strict parallel safe set search_path from current set jit = off
as $$
  select coalesce(pg_catalog.array_agg(distinct pg_catalog.substr(s, i, least(${KEY_CHARS}, pg_catalog.char_length(s)))), '{}')
  from pg_catalog.regexp_split_to_table(pg_catalog.lower(term), ${SEPARATORS}) as s,
    pg_catalog.generate_series(1, pg_catalog.char_length(s) - least(${KEY_CHARS}, pg_catalog.char_length(s)) + 1) as i
  where s <> ''
$$;`);
    this.addSql(`set local maintenance_work_mem = '512MB';`);
    this.addSql(`create index talent_match_keys_index on talent_match using gin (talent_match_keys(profile, education));`);
  }
}
