import { Migration } from '@mikro-orm/migrations';

/**
 * Archive (issue 6): `archived_at` on talent and organization. An archived talent leaves the
 * analytics rollups: the change set of every talent statement (and analytics_rebuild) now reads
 * only active rows, so archiving is a −1 delta and un-archiving a +1; an employer changing kind
 * or town moves only its active talents. The functions replace those of the analytics migration.
 */
const changesSql = (activeOnly: boolean) => `create or replace function analytics_talent_changes_sql(talents text) returns text language sql immutable as $f$
select format($q$
select o.town_code, o.kind as org_kind, c.tier, c.talent_type, c.education, c.professional_title, c.industry,
  c.engagement, c.gender, c.overseas_experience, c.birth_year, extract(year from c.introduced_at)::smallint as introduced_year, c.d
from (%s) c join organization o on o.id = c.organization_id${activeOnly ? '\nwhere c.archived_at is null' : ''}
$q$, talents)
$f$;`;

const organizationStage = (activeOnly: boolean) => `create or replace function analytics_organization_stage() returns trigger language plpgsql as $$
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
  ) m join talent t on t.organization_id = m.id${activeOnly ? ' and t.archived_at is null' : ''};
  if found then
    insert into analytics_talent_pending values (txid_current()) on conflict do nothing;
  end if;
  return null;
end $$;`;

export class Migration20261124170752_archive extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "organization" add column "archived_at" timestamptz null;`);
    this.addSql(`alter table "talent" add column "archived_at" timestamptz null;`);
    this.addSql(changesSql(true));
    this.addSql(organizationStage(true));
    this.addSql(`select analytics_rebuild();`);
  }

  override async down(): Promise<void> {
    this.addSql(changesSql(false));
    this.addSql(organizationStage(false));
    this.addSql(`alter table "organization" drop column "archived_at";`);
    this.addSql(`alter table "talent" drop column "archived_at";`);
    this.addSql(`select analytics_rebuild();`);
  }
}
