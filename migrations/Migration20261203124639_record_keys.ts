import { Migration } from '@mikro-orm/migrations';

/**
 * Disclosure control by perturbation (issue 11, src/modules/analytics/perturbation.ts).
 *
 * 1. Record keys. Every talent, award and platform gets a random key in [0, 2^31), drawn by
 *    the database when the row is inserted (whatever the path: seed, mutation, import) from
 *    gen_random_uuid(), which reads the server's strong random source. A key never changes
 *    (a trigger refuses it) and never leaves the database: the entities map it lazy and hidden,
 *    and no GraphQL type has it.
 * 2. "Who is counted" as relations, not as conditions each query remembers: active_talent
 *    (an active talent with its employer's town, village and kind), active_platform, and
 *    published_award (not revoked). Lists, counts and aggregates read these.
 * 3. The rollups carry key_sum, the sum of their talents' keys, beside n, kept by the same
 *    triggers: a cell's key comes from the same statement as its count. A change set that
 *    leaves a combination's count unchanged can still change its keys (one talent leaves, another
 *    arrives), so a change is applied when either sum moves.
 * 4. A third, small rollup, analytics_talent_core (town, employer kind, tier: a few hundred rows),
 *    so that the headline charts (by kind, by town, town × tier, the layout) read about as many
 *    rows as they return instead of the 60,000-row timeline.
 */

const DRAW_KEY = `create function record_key_draw() returns integer language sql volatile as $$
  select (('x' || left(replace(gen_random_uuid()::text, '-', ''), 8))::bit(32)::bigint & 2147483647)::integer
$$;`;

const KEEP_KEY = `create function record_key_keep() returns trigger language plpgsql as $$
begin
  raise exception 'record_key never changes' using errcode = 'check_violation';
end $$;`;

const KEYED_TABLES = ['talent', 'award', 'platform'];

const ROLLUPS: Record<string, string[]> = {
  analytics_talent_core: ['town_code', 'org_kind', 'tier'],
  analytics_talent_profile: ['town_code', 'org_kind', 'tier', 'talent_type', 'education', 'professional_title', 'industry', 'engagement', 'gender', 'overseas_experience'],
  analytics_talent_timeline: ['town_code', 'org_kind', 'tier', 'birth_year', 'introduced_year'],
};
const DELTA_COLUMNS =
  'town_code, org_kind, tier, talent_type, education, professional_title, industry, engagement, gender, overseas_experience, birth_year, introduced_year, d, record_key';

function upsert(table: string, withKeys: boolean): string {
  const keys = ROLLUPS[table].join(', ');
  const groups = ROLLUPS[table].map((_, i) => i + 1).join(', ');
  if (!withKeys) {
    return `insert into ${table} as r (${keys}, n)
  select ${keys}, sum(d)::int from changes group by ${groups} having sum(d) <> 0
  on conflict (${keys}) do update set n = r.n + excluded.n`;
  }
  return `insert into ${table} as r (${keys}, n, key_sum)
  select ${keys}, sum(d)::int, sum(d * record_key::bigint)::bigint from changes group by ${groups}
  having sum(d) <> 0 or sum(d * record_key::bigint) <> 0
  on conflict (${keys}) do update set n = r.n + excluded.n, key_sum = r.key_sum + excluded.key_sum`;
}

const CORE_COLUMNS = `town_code varchar(12) not null,
  org_kind text not null,
  tier text null`;

/** Before this migration: profile and timeline, without keys. */
const rollupSql = (withKeys: boolean) => `create or replace function analytics_talent_rollup_sql(changes text) returns text language sql immutable as $f$
select format($q$
with changes as (%s),
profile as (
  ${upsert('analytics_talent_profile', withKeys)}
)${
  withKeys
    ? `,
core as (
  ${upsert('analytics_talent_core', true)}
)`
    : ''
}
${upsert('analytics_talent_timeline', withKeys)}
$q$, changes)
$f$;`;

const rollupTables = (withKeys: boolean) => `analytics_talent_profile, analytics_talent_timeline${withKeys ? ', analytics_talent_core' : ''}`;

const rebuildSql = (withKeys: boolean) => `create or replace function analytics_rebuild() returns void language plpgsql as $$
begin
  truncate ${rollupTables(withKeys)};
  execute analytics_talent_rollup_sql(analytics_talent_changes_sql('select *, 1 as d from talent'));
end $$;`;

const changesSql = (withKeys: boolean) => `create or replace function analytics_talent_changes_sql(talents text) returns text language sql immutable as $f$
select format($q$
select o.town_code, o.kind as org_kind, c.tier, c.talent_type, c.education, c.professional_title, c.industry,
  c.engagement, c.gender, c.overseas_experience, c.birth_year, extract(year from c.introduced_at)::smallint as introduced_year, c.d${withKeys ? ', c.record_key' : ''}
from (%s) c join organization o on o.id = c.organization_id
where c.archived_at is null
$q$, talents)
$f$;`;

const stageSql = (withKeys: boolean) => `create or replace function analytics_talent_stage() returns trigger language plpgsql as $$
begin
  if TG_OP = 'TRUNCATE' then
    truncate ${rollupTables(withKeys)}, analytics_talent_delta;
    return null;
  end if;
  execute 'insert into analytics_talent_delta${withKeys ? ` (${DELTA_COLUMNS})` : ''} ' || analytics_talent_changes_sql(case TG_OP
    when 'INSERT' then 'select *, 1 as d from new_rows'
    when 'DELETE' then 'select *, -1 as d from old_rows'
    else 'select *, 1 as d from new_rows union all select *, -1 as d from old_rows' end);
  insert into analytics_talent_pending values (txid_current()) on conflict do nothing;
  return null;
end $$;`;

const organizationStage = (withKeys: boolean) => `create or replace function analytics_organization_stage() returns trigger language plpgsql as $$
begin
  insert into analytics_talent_delta${withKeys ? ` (${DELTA_COLUMNS})` : ''}
  select m.town_code, m.kind, t.tier, t.talent_type, t.education, t.professional_title, t.industry,
    t.engagement, t.gender, t.overseas_experience, t.birth_year, extract(year from t.introduced_at)::smallint, m.d${withKeys ? ', t.record_key' : ''}
  from (
    select n.id, n.kind, n.town_code, 1 as d from new_rows n join old_rows o on o.id = n.id
      where (n.kind, n.town_code) is distinct from (o.kind, o.town_code)
    union all
    select o.id, o.kind, o.town_code, -1 as d from new_rows n join old_rows o on o.id = n.id
      where (n.kind, n.town_code) is distinct from (o.kind, o.town_code)
  ) m join talent t on t.organization_id = m.id and t.archived_at is null;
  if found then
    insert into analytics_talent_pending values (txid_current()) on conflict do nothing;
  end if;
  return null;
end $$;`;

export class Migration20261203124639_record_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(DRAW_KEY);
    this.addSql(KEEP_KEY);
    this.addSql(`alter table "platform" add column "record_key" int not null default record_key_draw();`);
    this.addSql(`alter table "talent" add column "record_key" int not null default record_key_draw();`);
    this.addSql(`alter table "award" add column "record_key" int not null default record_key_draw();`);
    for (const table of KEYED_TABLES) {
      this.addSql(`create trigger record_key_keep before update of record_key on ${table}
  for each row when (old.record_key is distinct from new.record_key) execute function record_key_keep();`);
    }

    this.addSql(`create view active_talent as
select t.id, t.name, t.birth_year, t.gender, t.education, t.professional_title, t.talent_type, t.tier, t.industry,
  t.engagement, t.overseas_experience, t.introduced_at, extract(year from t.introduced_at)::int as introduced_year,
  t.organization_id, t.record_key, o.town_code, o.village_code, o.kind as org_kind
from talent t join organization o on o.id = t.organization_id
where t.archived_at is null;`);
    this.addSql(`create view active_platform as select * from platform where archived_at is null;`);
    this.addSql(`create view published_award as select * from award where status <> 'REVOKED';`);

    for (const table of ['analytics_talent_profile', 'analytics_talent_timeline']) this.addSql(`alter table ${table} add column key_sum bigint not null default 0;`);
    this.addSql(`create table analytics_talent_core (
  ${CORE_COLUMNS},
  n integer not null,
  key_sum bigint not null default 0,
  constraint analytics_talent_core_key unique nulls not distinct (${ROLLUPS.analytics_talent_core.join(', ')})
) with (fillfactor = 70);`);
    this.addSql(`alter table analytics_talent_delta add column record_key integer not null default 0;`);
    this.addSql(rollupSql(true));
    this.addSql(changesSql(true));
    this.addSql(stageSql(true));
    this.addSql(organizationStage(true));
    this.addSql(rebuildSql(true));
    this.addSql(`select analytics_rebuild();`);
  }

  override async down(): Promise<void> {
    this.addSql(rollupSql(false));
    this.addSql(changesSql(false));
    this.addSql(stageSql(false));
    this.addSql(organizationStage(false));
    this.addSql(rebuildSql(false));
    this.addSql(`alter table analytics_talent_delta drop column record_key;`);
    this.addSql(`drop table analytics_talent_core;`);
    for (const table of ['analytics_talent_profile', 'analytics_talent_timeline']) this.addSql(`alter table ${table} drop column key_sum;`);
    this.addSql(`drop view published_award;`);
    this.addSql(`drop view active_platform;`);
    this.addSql(`drop view active_talent;`);
    for (const table of KEYED_TABLES) this.addSql(`drop trigger record_key_keep on ${table};`);
    this.addSql(`alter table "platform" drop column "record_key";`);
    this.addSql(`alter table "talent" drop column "record_key";`);
    this.addSql(`alter table "award" drop column "record_key";`);
    this.addSql(`drop function record_key_keep();`);
    this.addSql(`drop function record_key_draw();`);
    this.addSql(`select analytics_rebuild();`);
  }
}
