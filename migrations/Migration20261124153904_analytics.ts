import { Migration } from '@mikro-orm/migrations';

/**
 * What the distribution analytics read (src/modules/analytics), kept by statement-level
 * triggers so that no write path has to remember them.
 *
 * 1. analytics_data_version: one counter per family of aggregates (talent, award, platform),
 *    bumped by every statement that writes the tables the family reads. The aggregate cache
 *    keys entries by it: a write makes every older entry unreachable, no timer involved. The
 *    bump commits with the write, so a reader never pairs a new version with old data. A
 *    version is the larger of the last one plus one and the clock in microseconds: strictly
 *    increasing, and not repeated by another database or a restored backup sharing a Redis.
 *    The bump trigger is named to fire first: a writing transaction takes its family's row
 *    before any rollup row, so concurrent writers queue instead of deadlocking.
 * 2. Two rollups of the talent register, one row per combination of attributes with `n`
 *    talents (about 75,000 and 60,000 rows at 1,000,000 talents): GROUP BY over them takes
 *    milliseconds where the same GROUP BY over talent ⋈ organization takes hundreds. Talent
 *    inserts, updates and deletes (statement-level, transition tables) only stage their
 *    changes; an employer changing kind or town stages its talents' move; one deferred
 *    trigger per transaction folds the staged changes into the rollups at commit, so readers
 *    see rollups and data change together, and a bulk load writes each rollup row once.
 *    TRUNCATE empties them. analytics_rebuild() recomputes both from scratch (after a load that
 *    bypassed triggers, e.g. with session_replication_role = replica). Measured on the
 *    1,000,000-talent seed: see docs/analytics.md.
 *
 * UNIQUE NULLS NOT DISTINCT (tier is null for most talents) needs PostgreSQL 15.
 */
/** Attributes of a talent the rollups count by: the employer's town and kind, the talent's own. */
const ATTRIBUTES: Record<string, string> = {
  town_code: 'varchar(12) not null',
  org_kind: 'text not null',
  tier: 'text null',
  talent_type: 'text not null',
  education: 'text not null',
  professional_title: 'text not null',
  industry: 'text not null',
  engagement: 'text not null',
  gender: 'text not null',
  overseas_experience: 'boolean not null',
  birth_year: 'smallint not null',
  introduced_year: 'smallint not null',
};
const ROLLUPS: Record<string, string[]> = {
  analytics_talent_profile: ['town_code', 'org_kind', 'tier', 'talent_type', 'education', 'professional_title', 'industry', 'engagement', 'gender', 'overseas_experience'],
  analytics_talent_timeline: ['town_code', 'org_kind', 'tier', 'birth_year', 'introduced_year'],
};
const columns = (names: string[]) => names.map((name) => `${name} ${ATTRIBUTES[name]}`).join(',\n  ');

/** Adds a change set's net count per combination to a rollup (one INSERT … ON CONFLICT). */
function upsert(table: string): string {
  const keys = ROLLUPS[table].join(', ');
  return `insert into ${table} as r (${keys}, n)
  select ${keys}, sum(d)::int from changes group by ${ROLLUPS[table].map((_, i) => i + 1).join(', ')} having sum(d) <> 0
  on conflict (${keys}) do update set n = r.n + excluded.n`;
}

export class Migration20261124153904_analytics extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table analytics_data_version (
  source varchar(16) primary key,
  version bigint not null default 0
);`);
    this.addSql(`create function analytics_clock() returns bigint language sql volatile as $$
  select (extract(epoch from clock_timestamp()) * 1000000)::bigint
$$;`);
    this.addSql(`insert into analytics_data_version (source, version) select s, analytics_clock() from unnest(array['talent', 'award', 'platform']) as s;`);
    this.addSql(`create function analytics_bump_version() returns trigger language plpgsql as $$
begin
  update analytics_data_version set version = greatest(version + 1, analytics_clock()) where source = any (TG_ARGV);
  return null;
end $$;`);
    for (const [table, families] of [
      ['talent', `'talent'`],
      ['organization', `'talent'`],
      ['region', `'talent', 'platform'`],
      ['award', `'award'`],
      ['platform', `'platform'`],
    ]) {
      this.addSql(`create trigger analytics_bump_version after insert or update or delete or truncate on ${table}
  for each statement execute function analytics_bump_version(${families});`);
    }

    for (const [table, keys] of Object.entries(ROLLUPS)) {
      this.addSql(`create table ${table} (
  ${columns(keys)},
  n integer not null,
  constraint ${table}_key unique nulls not distinct (${keys.join(', ')})
) with (fillfactor = 70);`);
    }

    // Changes waiting for their transaction's commit: one row per talent counted (d = +1) or
    // no longer counted (d = -1). Unlogged: rows live only inside the writing transaction (a
    // crash aborts it), so there is nothing to recover or to replicate.
    this.addSql(`create unlogged table analytics_talent_delta (
  ${columns(Object.keys(ATTRIBUTES))},
  d smallint not null
);`);
    // One row per writing transaction: inserting it queues the fold for commit, once.
    this.addSql(`create unlogged table analytics_talent_pending (txid bigint primary key);`);

    // The statement applying a change set (a relation with the delta's columns) to both
    // rollups. Rows that drop to n = 0 stay (they add nothing to a sum; analytics_rebuild()
    // clears them), and `n` is in no index with 30 % of each page free, so a later count
    // changes in place (a HOT update). No ORDER BY against deadlocks is needed: the version
    // bump, which fires first, holds the family's row until commit, so no two writers update
    // rollup rows at the same time.
    this.addSql(`create function analytics_talent_rollup_sql(changes text) returns text language sql immutable as $f$
select format($q$
with changes as (%s),
profile as (
  ${upsert('analytics_talent_profile')}
)
${upsert('analytics_talent_timeline')}
$q$, changes)
$f$;`);
    // Talent rows (any relation with talent's columns and d) as delta rows: with their employer's attributes.
    this.addSql(`create function analytics_talent_changes_sql(talents text) returns text language sql immutable as $f$
select format($q$
select o.town_code, o.kind as org_kind, c.tier, c.talent_type, c.education, c.professional_title, c.industry,
  c.engagement, c.gender, c.overseas_experience, c.birth_year, extract(year from c.introduced_at)::smallint as introduced_year, c.d
from (%s) c join organization o on o.id = c.organization_id
$q$, talents)
$f$;`);

    // Statement-level: stage the statement's changes (plain inserts, no per-row work on the
    // rollups) and queue the fold. Transition tables are visible only to statements the trigger
    // function itself runs, so the change set is spliced into one dynamic statement here.
    this.addSql(`create function analytics_talent_stage() returns trigger language plpgsql as $$
begin
  if TG_OP = 'TRUNCATE' then
    truncate analytics_talent_profile, analytics_talent_timeline, analytics_talent_delta;
    return null;
  end if;
  execute 'insert into analytics_talent_delta ' || analytics_talent_changes_sql(case TG_OP
    when 'INSERT' then 'select *, 1 as d from new_rows'
    when 'DELETE' then 'select *, -1 as d from old_rows'
    else 'select *, 1 as d from new_rows union all select *, -1 as d from old_rows' end);
  insert into analytics_talent_pending values (txid_current()) on conflict do nothing;
  return null;
end $$;`);
    this.addSql(`create trigger analytics_talent_stage_insert after insert on talent
  referencing new table as new_rows for each statement execute function analytics_talent_stage();`);
    this.addSql(`create trigger analytics_talent_stage_update after update on talent
  referencing old table as old_rows new table as new_rows for each statement execute function analytics_talent_stage();`);
    this.addSql(`create trigger analytics_talent_stage_delete after delete on talent
  referencing old table as old_rows for each statement execute function analytics_talent_stage();`);
    this.addSql(`create trigger analytics_talent_stage_truncate after truncate on talent
  for each statement execute function analytics_talent_stage();`);

    // An employer changing kind or town takes its talents along.
    this.addSql(`create function analytics_organization_stage() returns trigger language plpgsql as $$
begin
  insert into analytics_talent_delta
  select m.town_code, m.kind, t.tier, t.talent_type, t.education, t.professional_title, t.industry,
    t.engagement, t.gender, t.overseas_experience, t.birth_year, extract(year from t.introduced_at)::smallint, m.d
  from (
    select n.id, n.kind, n.town_code, 1 as d from new_rows n join old_rows o on o.id = n.id
      where (n.kind, n.town_code) is distinct from (o.kind, o.town_code)
    union all
    select o.id, o.kind, o.town_code, -1 as d from new_rows n join old_rows o on o.id = n.id
      where (n.kind, n.town_code) is distinct from (o.kind, o.town_code)
  ) m join talent t on t.organization_id = m.id;
  if found then
    insert into analytics_talent_pending values (txid_current()) on conflict do nothing;
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger analytics_organization_stage after update on organization
  referencing old table as old_rows new table as new_rows for each statement execute function analytics_organization_stage();`);

    // At commit, once per writing transaction: the staged changes, summed per combination,
    // into the rollups. Each rollup row is written at most once per transaction, however many
    // statements the transaction ran (a bulk load leaves no dead row versions behind).
    this.addSql(`create function analytics_talent_fold() returns trigger language plpgsql as $$
begin
  execute analytics_talent_rollup_sql('select * from analytics_talent_delta');
  delete from analytics_talent_delta;
  delete from analytics_talent_pending where txid = new.txid;
  return null;
end $$;`);
    this.addSql(`create constraint trigger analytics_talent_fold after insert on analytics_talent_pending
  deferrable initially deferred for each row execute function analytics_talent_fold();`);

    this.addSql(`create function analytics_rebuild() returns void language plpgsql as $$
begin
  truncate analytics_talent_profile, analytics_talent_timeline;
  execute analytics_talent_rollup_sql(analytics_talent_changes_sql('select *, 1 as d from talent'));
end $$;`);
    this.addSql(`select analytics_rebuild();`);
  }

  override async down(): Promise<void> {
    for (const table of ['talent', 'organization', 'region', 'award', 'platform']) {
      this.addSql(`drop trigger if exists analytics_bump_version on ${table};`);
    }
    this.addSql(`drop trigger if exists analytics_organization_stage on organization;`);
    for (const event of ['insert', 'update', 'delete', 'truncate']) {
      this.addSql(`drop trigger if exists analytics_talent_stage_${event} on talent;`);
    }
    this.addSql(`drop function if exists analytics_rebuild();`);
    this.addSql(`drop table if exists analytics_talent_pending;`);
    this.addSql(`drop function if exists analytics_talent_fold();`);
    this.addSql(`drop function if exists analytics_organization_stage();`);
    this.addSql(`drop function if exists analytics_talent_stage();`);
    this.addSql(`drop function if exists analytics_talent_changes_sql(text);`);
    this.addSql(`drop function if exists analytics_talent_rollup_sql(text);`);
    this.addSql(`drop function if exists analytics_bump_version();`);
    this.addSql(`drop function if exists analytics_clock();`);
    this.addSql(`drop table if exists analytics_talent_delta;`);
    this.addSql(`drop table if exists analytics_talent_timeline;`);
    this.addSql(`drop table if exists analytics_talent_profile;`);
    this.addSql(`drop table if exists analytics_data_version;`);
  }
}
