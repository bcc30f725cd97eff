import { Migration } from '@mikro-orm/migrations';

/**
 * Matching and the demand-side aggregates (issue 14; src/modules/matching, docs/matching.md).
 *
 * 1. talent_profile: a talent's profile text (专业特长、研究方向), which demands' keywords are
 *    looked for in, with the unigram + bigram keys of name search (…_text_search) plus the
 *    talent's education (mirrored by triggers) in one GIN index: a keyword common to a whole
 *    industry (无人机) is found among the talents at or above a demand's floor only, in the index.
 * 2. town_distance: km between every two towns' centroids (18 × 18), a view over region, so it
 *    can never disagree with the regions themselves.
 * 3. talent_matching_index: active talents by (industry, education), covering what the score
 *    reads, so a demand's industry branch is an index-only scan.
 * 4. active_talent gains recruitment_channel (appended: CREATE OR REPLACE keeps the columns
 *    before it), for the talentDistribution dimension RECRUITMENT_CHANNEL.
 * 5. Data versions for the new aggregates: `demand` bumped by every statement writing demands,
 *    `training` by programmes and enrolments (migration …_analytics explains the versions).
 */
const ACTIVE_TALENT = `select t.id, t.name, t.birth_year, t.gender, t.education, t.professional_title, t.talent_type, t.tier, t.industry,
  t.engagement, t.overseas_experience, t.introduced_at, extract(year from t.introduced_at)::int as introduced_year,
  t.organization_id, t.record_key, o.town_code, o.village_code, o.kind as org_kind`;
const ACTIVE_TALENT_FROM = `from talent t join organization o on o.id = t.organization_id
where t.archived_at is null`;

const VERSIONED: [string, string][] = [
  ['demand', 'demand'],
  ['training_programme', 'training'],
  ['training_enrolment', 'training'],
];

export class Migration20261203153105_matching extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "talent_profile" ("talent_id" int not null, "profile" text not null, "education" text not null, constraint "talent_profile_pkey" primary key ("talent_id"));`);
    this.addSql(`alter table "talent_profile" add constraint "talent_profile_talent_id_foreign" foreign key ("talent_id") references "talent" ("id") on update cascade on delete cascade;`);
    // The talent's education, mirrored (taken from the talent when a profile is written without
    // it, followed on every change of a talent's education) so that the index can hold it as one more key.
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
-- PostgreSQL 17+ builds and maintains indexes under search_path pg_catalog, pg_temp: the schema
-- that holds text_search_grams is fixed here, where the function is created.
set search_path from current
as $$ select pg_catalog.array_cat(text_search_grams(profile), array[pg_catalog.chr(1) || education]) $$;`);
    this.addSql(`comment on function talent_profile_keys(text, text) is
  'Index keys of a profile: its character unigrams and bigrams, and U+0001 followed by the talent''s education (a keyword search for a floor intersects them in the index)';`);
    this.addSql(`create index "talent_profile_keys_index" on "talent_profile" using gin (talent_profile_keys("profile", "education"));`);

    this.addSql(`create view town_distance as
select a.code as from_code, b.code as to_code,
  round((earth_distance(ll_to_earth(a.latitude, a.longitude), ll_to_earth(b.latitude, b.longitude)) / 1000)::numeric, 1) as km
from region a join region b on b.level = 'TOWN'
where a.level = 'TOWN';`);
    this.addSql(`comment on view town_distance is 'Great-circle km between the centroids of two towns (streets, towns, 地区), 0 for a town and itself';`);

    this.addSql(`create index "talent_matching_index" on "talent" ("industry", "education") include ("id", "professional_title", "engagement", "organization_id") where "archived_at" is null;`);

    this.addSql(`create or replace view active_talent as
${ACTIVE_TALENT}, t.recruitment_channel
${ACTIVE_TALENT_FROM};`);

    this.addSql(`insert into analytics_data_version (source, version) select s, analytics_clock() from unnest(array['demand', 'training']) as s on conflict do nothing;`);
    for (const [table, family] of VERSIONED) {
      this.addSql(`create trigger analytics_bump_version after insert or update or delete or truncate on ${table}
  for each statement execute function analytics_bump_version('${family}');`);
    }
  }

  override async down(): Promise<void> {
    for (const [table] of VERSIONED) this.addSql(`drop trigger if exists analytics_bump_version on ${table};`);
    this.addSql(`delete from analytics_data_version where source in ('demand', 'training');`);
    this.addSql(`drop view active_talent;`);
    this.addSql(`create view active_talent as
${ACTIVE_TALENT}
${ACTIVE_TALENT_FROM};`);
    this.addSql(`drop index if exists "talent_matching_index";`);
    this.addSql(`drop view if exists town_distance;`);
    this.addSql(`drop table if exists "talent_profile" cascade;`);
    this.addSql(`drop trigger if exists talent_profile_follow on talent;`);
    this.addSql(`drop function if exists talent_profile_follow();`);
    this.addSql(`drop function if exists talent_profile_mirror();`);
    this.addSql(`drop function if exists talent_profile_keys(text, text);`);
  }
}
