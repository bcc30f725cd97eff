import { Migration } from '@mikro-orm/migrations';

/**
 * Funding rules (issue 6, docs/funding.md). Awards get a matter (事项), a month for monthly
 * grants, a note and a revocation reason. Seeded awards are one per (programme, recipient,
 * year), so their matter is backfilled as `<program lower-cased>:<year>`, which keeps the
 * unique index below true for them. 奖励资助不重复 is a database guarantee: at most one
 * non-revoked award per (recipient, matter), whatever the programme. Award writes already bump
 * the analytics data version (trigger analytics_bump_version on award, analytics migration).
 * 项目申报: application (same exactly-one applicant check as award) and application_event, one
 * row per step of the workflow.
 */
export class Migration20261124171500_award_rules_and_applications extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "award" add column "matter" text null, add column "month" smallint null, add column "note" text null, add column "revoked_reason" text null;`);
    this.addSql(`update "award" set "matter" = lower("program") || ':' || "year";`);
    this.addSql(`alter table "award" alter column "matter" set not null;`);
    // Writers that predate matters (the seed, bulk loads) get the same default as the backfill.
    this.addSql(`create function award_default_matter() returns trigger language plpgsql as $$
begin
  new.matter := coalesce(new.matter, lower(new.program) || ':' || new.year);
  return new;
end
$$;`);
    this.addSql(`create trigger award_default_matter before insert on "award" for each row execute function award_default_matter();`);
    this.addSql(`alter table "award" add constraint "award_month_check" check ("month" between 1 and 12);`);
    this.addSql(`create unique index "award_recipient_matter_unique" on "award" ("recipient_kind", (coalesce("talent_id", "organization_id", "platform_id")), "matter") where "status" <> 'REVOKED';`);

    this.addSql(`create table "application" ("id" serial primary key, "program" text check ("program" in ('LEADING_STARTUP_GRANT', 'SHORTAGE_PROJECT_GRANT', 'RELOCATION_SUBSIDY', 'YOUTH_STARTUP_GRANT', 'FLEXIBLE_LIVING_ALLOWANCE', 'OVERSEAS_PLATFORM_GRANT', 'PLATFORM_CONSTRUCTION_GRANT', 'RESEARCH_PROJECT_GRANT', 'INCUBATION_SERVICE_GRANT', 'EVENT_GRANT', 'IPO_REWARD', 'TALENT_SCOUT_AWARD', 'PINGGU_ELITE', 'YOUTH_PROJECT_AWARD', 'HONORARY_CITIZEN')) not null, "recipient_kind" text check ("recipient_kind" in ('TALENT', 'ORGANIZATION', 'PLATFORM')) not null, "talent_id" int null, "organization_id" int null, "platform_id" int null, "matter" text not null, "requested_amount" numeric(14,2) not null, "year" smallint not null, "month" smallint null, "status" text check ("status" in ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'GRANTED')) not null, "award_id" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint application_one_applicant_check check ((recipient_kind = 'TALENT' and talent_id is not null and organization_id is null and platform_id is null)
    or (recipient_kind = 'ORGANIZATION' and organization_id is not null and talent_id is null and platform_id is null)
    or (recipient_kind = 'PLATFORM' and platform_id is not null and talent_id is null and organization_id is null)));`);
    this.addSql(`create index "application_program_index" on "application" ("program");`);
    this.addSql(`create index "application_status_index" on "application" ("status");`);

    this.addSql(`create table "application_event" ("id" serial primary key, "application_id" int not null, "from_status" text check ("from_status" in ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'GRANTED')) null, "to_status" text check ("to_status" in ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'GRANTED')) not null, "actor" text not null, "at" timestamptz not null, "note" text null);`);
    this.addSql(`create index "application_event_application_id_index" on "application_event" ("application_id");`);

    this.addSql(`alter table "application_event" add constraint "application_event_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade;`);
    this.addSql(`alter table "application" add constraint "application_talent_id_foreign" foreign key ("talent_id") references "talent" ("id"), add constraint "application_organization_id_foreign" foreign key ("organization_id") references "organization" ("id"), add constraint "application_platform_id_foreign" foreign key ("platform_id") references "platform" ("id"), add constraint "application_award_id_foreign" foreign key ("award_id") references "award" ("id"), add constraint "application_month_check" check ("month" between 1 and 12);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "application_event";`);
    this.addSql(`drop table "application";`);
    this.addSql(`drop index "award_recipient_matter_unique";`);
    this.addSql(`drop trigger award_default_matter on "award";`);
    this.addSql(`drop function award_default_matter();`);
    this.addSql(`alter table "award" drop constraint "award_month_check", drop column "matter", drop column "month", drop column "note", drop column "revoked_reason";`);
  }

}
