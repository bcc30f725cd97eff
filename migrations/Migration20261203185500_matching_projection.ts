import { Migration } from '@mikro-orm/migrations';

/**
 * talent_match: what matching reads of the register, one row per active talent (issue 14;
 * docs/matching.md, "How it stays fast"), kept by triggers so that no write path remembers it.
 *
 * A row holds the talent's class (industry, education, title, engagement, and the employer's
 * town: every factor of the score but the keywords) and its profile text. Two indexes answer a
 * demand without reading the register:
 * - talent_match_class_index (industry, education, title, engagement, town): a demand's industry
 *   is counted per class by an index-only scan, and the talents of its best classes are read by class;
 * - talent_match_keys_index, a GIN over exact keyword keys: every distinct substring of up to
 *   six characters of each stretch of the profile between separators (spaces, punctuation), plus
 *   the education. A keyword of one to six characters without a separator is one key, and
 *   `keys && keywords` finds exactly the profiles holding it (strpos would find the same rows), so
 *   the count of another industry's keyword matches visits no profile text. Longer keywords are
 *   narrowed by their six-character pieces and confirmed by strpos.
 * The count of another industry's keyword matches still visits their heap rows (a bitmap scan
 * checks each row's visibility on its page): docs/matching.md gives what that costs at 1,000,000.
 *
 * talent_profile loses what this replaces: its education mirror (column, triggers) and its gram index.
 */
const SEPARATORS = `'[[:space:]!-/:-@[-\`{-~，。、；：？！（）【】《》〈〉「」『』“”‘’…—·～]'`;
/** The longest keyword found by one key. */
const KEY_CHARS = 6;

const PROJECTED = `select t.id, t.industry, t.education, t.professional_title, t.engagement, o.town_code, coalesce(p.profile, '')`;
const COLUMNS = 'talent_id, industry, education, professional_title, engagement, town_code, profile';

export class Migration20261203185500_matching_projection extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function talent_match_keys(profile text, education text) returns text[]
language sql immutable strict parallel safe
-- PostgreSQL 17+ maintains indexes under search_path pg_catalog, pg_temp. The planner guesses a
-- thousand rows per set-returning function: without jit off, each call would be JIT-compiled.
set search_path from current set jit = off
as $$
  select pg_catalog.array_append(coalesce(pg_catalog.array_agg(distinct pg_catalog.substr(s, i, n)), '{}'), pg_catalog.chr(1) || education)
  from pg_catalog.regexp_split_to_table(pg_catalog.lower(profile), ${SEPARATORS}) as s,
    pg_catalog.generate_series(1, least(${KEY_CHARS}, pg_catalog.char_length(s))) as n,
    pg_catalog.generate_series(1, pg_catalog.char_length(s) - n + 1) as i
$$;`);
    this.addSql(`comment on function talent_match_keys(text, text) is
  'Keys of a profile: every distinct substring of up to ${KEY_CHARS} characters of each stretch between separators, lower-cased; and U+0001 followed by the education';`);
    this.addSql(`create function talent_match_term_exact(term text) returns boolean
language sql immutable strict parallel safe set search_path from current
as $$ select pg_catalog.char_length(pg_catalog.lower(term)) between 1 and ${KEY_CHARS} and pg_catalog.lower(term) !~ ${SEPARATORS} $$;`);
    this.addSql(`comment on function talent_match_term_exact(text) is
  'Whether lower(term) is itself one key of talent_match_keys: a profile holds the term exactly when its keys hold it';`);
    this.addSql(`create function talent_match_term_keys(term text) returns text[]
language sql immutable strict parallel safe set search_path from current set jit = off
as $$
  select coalesce(pg_catalog.array_agg(distinct pg_catalog.substr(s, i, least(${KEY_CHARS}, pg_catalog.char_length(s)))), '{}')
  from pg_catalog.regexp_split_to_table(pg_catalog.lower(term), ${SEPARATORS}) as s,
    pg_catalog.generate_series(1, pg_catalog.char_length(s) - least(${KEY_CHARS}, pg_catalog.char_length(s)) + 1) as i
  where s <> ''
$$;`);
    this.addSql(`comment on function talent_match_term_keys(text) is
  'Keys every profile holding the term has (its ${KEY_CHARS}-character pieces): they narrow, strpos decides';`);

    this.addSql(`create table talent_match (
  talent_id int primary key references talent (id) on update cascade on delete cascade,
  industry text not null,
  education text not null,
  professional_title text not null,
  engagement text not null,
  town_code varchar(12) not null,
  profile text not null
);`);
    this.addSql(`comment on table talent_match is 'Matching''s view of each active talent: its class (the employer''s town) and profile, kept by triggers on talent, organization and talent_profile';`);

    // Talents: inserted, changed in a matched attribute, archived or restored (deleted: the foreign key cascades).
    this.addSql(`create function talent_match_follow_talent() returns trigger language plpgsql as $$
begin
  if TG_OP = 'INSERT' then
    insert into talent_match (${COLUMNS})
    ${PROJECTED}
    from new_rows t join organization o on o.id = t.organization_id left join talent_profile p on p.talent_id = t.id
    where t.archived_at is null;
    return null;
  end if;
  delete from talent_match m using new_rows n where m.talent_id = n.id and n.archived_at is not null;
  -- A restored talent's profile may be mid-write in another transaction, whose trigger cannot see
  -- the row inserted here: wait for it (its row lock), so the insert below reads it committed.
  perform 1 from talent_profile p join new_rows t on t.id = p.talent_id join old_rows b on b.id = t.id
  where t.archived_at is null and b.archived_at is not null
  for share of p;
  insert into talent_match (${COLUMNS})
  ${PROJECTED}
  from new_rows t join old_rows b on b.id = t.id join organization o on o.id = t.organization_id left join talent_profile p on p.talent_id = t.id
  where t.archived_at is null
    and (b.industry, b.education, b.professional_title, b.engagement, b.organization_id, b.archived_at)
      is distinct from (t.industry, t.education, t.professional_title, t.engagement, t.organization_id, t.archived_at)
  on conflict (talent_id) do update set industry = excluded.industry, education = excluded.education,
    professional_title = excluded.professional_title, engagement = excluded.engagement, town_code = excluded.town_code;
  return null;
end $$;`);
    this.addSql(`create trigger talent_match_follow_insert after insert on talent
  referencing new table as new_rows for each statement execute function talent_match_follow_talent();`);
    this.addSql(`create trigger talent_match_follow_update after update on talent
  referencing old table as old_rows new table as new_rows for each statement execute function talent_match_follow_talent();`);

    // An employer moving town takes its talents along.
    this.addSql(`create function talent_match_follow_organization() returns trigger language plpgsql as $$
begin
  update talent_match m set town_code = n.town_code
  from new_rows n join old_rows o on o.id = n.id join talent t on t.organization_id = n.id
  where m.talent_id = t.id and n.town_code is distinct from o.town_code;
  return null;
end $$;`);
    this.addSql(`create trigger talent_match_follow_organization after update on organization
  referencing old table as old_rows new table as new_rows for each statement execute function talent_match_follow_organization();`);

    // Profiles written, rewritten or removed.
    this.addSql(`create function talent_match_follow_profile() returns trigger language plpgsql as $$
begin
  if TG_OP = 'DELETE' then
    update talent_match m set profile = '' from old_rows o where m.talent_id = o.talent_id;
  else
    -- A talent with no row here may be mid-restore in another transaction, whose row this update
    -- cannot see: wait for it (the talent's row lock), so the update below finds that row committed.
    -- (Archived as this snapshot sees it: a restore in flight is not visible yet.)
    perform 1 from talent t join new_rows n on n.talent_id = t.id
    where not exists (select 1 from talent_match m where m.talent_id = t.id)
    for share of t;
    update talent_match m set profile = n.profile from new_rows n where m.talent_id = n.talent_id and m.profile is distinct from n.profile;
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger talent_match_follow_profile_insert after insert on talent_profile
  referencing new table as new_rows for each statement execute function talent_match_follow_profile();`);
    this.addSql(`create trigger talent_match_follow_profile_update after update on talent_profile
  referencing new table as new_rows for each statement execute function talent_match_follow_profile();`);
    this.addSql(`create trigger talent_match_follow_profile_delete after delete on talent_profile
  referencing old table as old_rows for each statement execute function talent_match_follow_profile();`);

    this.addSql(`insert into talent_match (${COLUMNS})
${PROJECTED}
from talent t join organization o on o.id = t.organization_id left join talent_profile p on p.talent_id = t.id
where t.archived_at is null
on conflict (talent_id) do nothing;`);
    // A GIN build sorts its keys in memory: at 1,000,000 profiles, the default 64 MB makes it flush many times.
    this.addSql(`set local maintenance_work_mem = '512MB';`);
    this.addSql(`create index talent_match_class_index on talent_match (industry, education, professional_title, engagement, town_code);`);
    // How many classes an industry has (hundreds, not the thousands the columns' independent
    // counts suggest): the page statement reads each chosen class by index, and an estimate ten
    // times too high prices it above jit_above_cost, where compiling it would cost more than running it.
    this.addSql(`create statistics talent_match_class_stats (ndistinct) on industry, education, professional_title, engagement, town_code from talent_match;`);
    this.addSql(`create index talent_match_keys_index on talent_match using gin (talent_match_keys(profile, education));`);

    this.addSql(`drop index "talent_profile_keys_index";`);
    this.addSql(`drop trigger talent_profile_mirror on talent_profile;`);
    this.addSql(`drop trigger talent_profile_follow on talent;`);
    this.addSql(`alter table "talent_profile" drop column "education";`);
    this.addSql(`drop function talent_profile_mirror();`);
    this.addSql(`drop function talent_profile_follow();`);
    this.addSql(`drop function talent_profile_keys(text, text);`);
    this.addSql(`analyze talent_match;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "talent_profile" add column "education" text;`);
    this.addSql(`update talent_profile p set education = t.education from talent t where t.id = p.talent_id;`);
    this.addSql(`alter table "talent_profile" alter column "education" set not null;`);
    this.addSql(`create function talent_profile_mirror() returns trigger language plpgsql as $$
begin
  select t.education into new.education from talent t where t.id = new.talent_id;
  return new;
end $$;`);
    this.addSql(`create trigger talent_profile_mirror before insert or update on talent_profile for each row
  when (new.education is null) execute function talent_profile_mirror();`);
    this.addSql(`create function talent_profile_follow() returns trigger language plpgsql as $$
begin
  update talent_profile set education = new.education where talent_id = new.id;
  return null;
end $$;`);
    this.addSql(`create trigger talent_profile_follow after update of education on talent for each row
  when (old.education is distinct from new.education) execute function talent_profile_follow();`);
    this.addSql(`create function talent_profile_keys(profile text, education text) returns text[]
language sql immutable strict parallel safe
set search_path from current
as $$ select pg_catalog.array_cat(text_search_grams(profile), array[pg_catalog.chr(1) || education]) $$;`);
    this.addSql(`create index "talent_profile_keys_index" on "talent_profile" using gin (talent_profile_keys("profile", "education"));`);

    this.addSql(`drop table talent_match;`);
    this.addSql(`drop trigger talent_match_follow_insert on talent;`);
    this.addSql(`drop trigger talent_match_follow_update on talent;`);
    this.addSql(`drop trigger talent_match_follow_organization on organization;`);
    for (const event of ['insert', 'update', 'delete']) this.addSql(`drop trigger talent_match_follow_profile_${event} on talent_profile;`);
    this.addSql(`drop function talent_match_follow_talent();`);
    this.addSql(`drop function talent_match_follow_organization();`);
    this.addSql(`drop function talent_match_follow_profile();`);
    this.addSql(`drop function talent_match_keys(text, text);`);
    this.addSql(`drop function talent_match_term_exact(text);`);
    this.addSql(`drop function talent_match_term_keys(text);`);
  }
}
