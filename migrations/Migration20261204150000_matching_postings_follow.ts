import { Migration } from '@mikro-orm/migrations';

/**
 * The keyword postings' triggers (…_matching_postings), revised after review (issue 14):
 * - A talent_match row with an empty profile has no postings (keywords are never empty): it is
 *   left out before the join with the vocabulary, which otherwise met every term with every row.
 *   An import of 1,000,000 talents, none with a profile, made 158,000,000 such pairs (158 terms).
 *   match_term refuses an empty term, the one term an empty profile would hold.
 * - An update of talent_match (an employer moving town, a title changed) computes postings only
 *   for the rows whose profile, education or industry changed. They are found as sets (except),
 *   not by joining old and new rows one to one (see the trigger's comment on plans).
 * - A demand adds its new terms in sorted order. Two demands adding the same terms then take
 *   their unique-key locks in the same order, so they wait for each other without deadlocking.
 * - A demand with a new term waits at most LOCK_WAIT for SHARE on talent_match. Behind a long
 *   import it gives up (SQLSTATE KEYWORDS_BUSY: the demand desk and the demand import report it)
 *   instead of waiting for the whole import. Profile writes queue behind that lock request, so
 *   they wait at most LOCK_WAIT plus one fill (a scan of the non-empty profiles: 1.4 s at
 *   1,000,000 talents). Only that lock is bounded: the wait for another demand adding the same
 *   term (match_term's unique key) is as before.
 */
const LOCK_WAIT = '2s';
/** Also in src/modules/demand/demand.errors.ts (a class of SQLSTATE PostgreSQL leaves to applications). */
const KEYWORDS_BUSY = 'HU001';
const POSTING = '(term_id, education, industry, talent_id)';

function followFunctions(revised: boolean): string[] {
  const postingsOf = (rows: string) => `select t.id, r.education, r.industry, r.talent_id
    from (select r.talent_id, r.education, r.industry, lower(r.profile) as text from ${rows} r${revised ? ` where r.profile <> ''` : ''} offset 0) r
    join match_term t on strpos(r.text, t.term) > 0`;
  const post = (postings: string) => `insert into talent_match_term ${POSTING}\n    ${postings}`;
  const unpost = (postings: string) => `delete from talent_match_term p using (${postings}) o ${POSTING}
    where ${POSTING.replace(/(\w+)/g, 'p.$1')} = ${POSTING.replace(/(\w+)/g, 'o.$1')}`;
  const PROJECTED = 'talent_id, education, industry, profile';
  // A lock_timeout set inside the block is undone with it when the wait runs out; restored by hand when it does not.
  const lockBounded = `begin
    perform set_config('lock_timeout', '${LOCK_WAIT}', true);
    lock table talent_match in share mode;
  exception when lock_not_available then
    raise exception 'a demand''s new keywords wait for talent_match, held by a long write to talents' using errcode = '${KEYWORDS_BUSY}';
  end;
  perform set_config('lock_timeout', previous_wait, true);`;
  const changed = (from: string, to: string) => (revised ? `(select ${PROJECTED} from ${from} except select ${PROJECTED} from ${to})` : from);
  return [
    `create or replace function talent_match_term_follow() returns trigger language plpgsql as $$
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
    with was as (${postingsOf(changed('old_rows', 'new_rows'))}),
    becomes as (${postingsOf(changed('new_rows', 'old_rows'))}),
    removed as (${unpost('select * from was except select * from becomes')})
    ${post('select * from becomes except select * from was')};
  end if;
  return null;
end $$;`,
    `create or replace function match_term_follow_demand() returns trigger language plpgsql as $$
declare
  added int[];${revised ? `
  previous_wait text := current_setting('lock_timeout');` : ''}
begin
  with inserted as (
    insert into match_term (term)
    select distinct lower(k) from new_rows d cross join unnest(d.keywords) as k
    where not exists (select 1 from match_term t where t.term = lower(k))${revised ? '\n    order by 1' : ''}
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
  ${revised ? lockBounded : 'lock table talent_match in share mode;'}
  insert into talent_match_term ${POSTING}
  ${postingsOf('talent_match')}
  where t.id = any(added);
  return null;
end $$;`,
  ];
}

export class Migration20261204150000_matching_postings_follow extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table match_term add constraint match_term_term_check check (term <> '');`);
    for (const statement of followFunctions(true)) this.addSql(statement);
    this.addSql(`comment on function talent_match_term_follow() is 'Keeps talent_match_term equal to the non-empty profiles of talent_match, per statement, touching only the rows whose profile, education or industry changed';`);
    this.addSql(`comment on function match_term_follow_demand() is 'Adds a demand''s new keywords to match_term and fills their postings; waits at most ${LOCK_WAIT} for talent_match''s SHARE lock (else SQLSTATE ${KEYWORDS_BUSY})';`);
  }

  override async down(): Promise<void> {
    for (const statement of followFunctions(false)) this.addSql(statement);
    this.addSql(`alter table match_term drop constraint match_term_term_check;`);
    this.addSql(`comment on function talent_match_term_follow() is null;`);
    this.addSql(`comment on function match_term_follow_demand() is null;`);
  }
}
