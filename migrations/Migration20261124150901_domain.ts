import { Migration } from '@mikro-orm/migrations';

export class Migration20261124150901_domain extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "region" ("code" varchar(12) not null, "name" varchar(64) not null, "level" text check ("level" in ('DISTRICT', 'TOWN', 'VILLAGE')) not null, "kind" varchar(16) not null, "parent_code" varchar(12) null, "latitude" double precision not null, "longitude" double precision not null, constraint "region_pkey" primary key ("code"));`);
    this.addSql(`create index "region_level_index" on "region" ("level");`);
    this.addSql(`create index "region_parent_code_index" on "region" ("parent_code");`);

    this.addSql(`create table "organization" ("id" serial primary key, "name" varchar(128) not null, "kind" text check ("kind" in ('GOVERNMENT', 'ENTERPRISE', 'SCHOOL', 'INSTITUTE', 'VILLAGE')) not null, "credit_code" varchar(18) null, "industry" text check ("industry" in ('AGRI_TECH', 'LEISURE_TOURISM', 'SMART_LOGISTICS', 'DRONE', 'EDUCATION', 'HEALTH', 'CULTURE', 'OTHER')) not null, "town_code" varchar(12) not null, "village_code" varchar(12) null, "address" varchar(256) not null, "latitude" double precision not null, "longitude" double precision not null);`);
    this.addSql(`create index "organization_kind_index" on "organization" ("kind");`);
    this.addSql(`alter table "organization" add constraint "organization_credit_code_unique" unique ("credit_code");`);
    this.addSql(`create index "organization_industry_index" on "organization" ("industry");`);
    this.addSql(`create index "organization_town_code_index" on "organization" ("town_code");`);
    this.addSql(`create index "organization_village_code_index" on "organization" ("village_code");`);
    this.addSql(`create index "organization_name_trgm_index" on "organization" using gin ("name" gin_trgm_ops);`);
    this.addSql(`create index "organization_name_id_index" on "organization" ("name", "id");`);

    this.addSql(`create table "platform" ("id" serial primary key, "name" varchar(128) not null, "type" text check ("type" in ('ACADEMICIAN_WORKSTATION', 'KEY_LAB', 'TECH_RESEARCH_CENTER', 'SCIENCE_BACKYARD', 'TALENT_STUDIO', 'SATURDAY_EXPERT_BASE', 'INNOVATION_CONSORTIUM', 'TECH_INNOVATION_CENTER', 'ENTERPRISE_RESEARCH_INSTITUTE', 'NEW_RND_INSTITUTION', 'POSTDOC_WORKSTATION', 'POSTDOC_PRACTICE_BASE', 'INCUBATOR', 'MAKERSPACE', 'STUDENT_STARTUP_PARK', 'RURAL_STARTUP_PARK', 'RETURNEE_STARTUP_PARK', 'OVERSEAS_TALENT_PARK', 'RECRUITMENT_STATION', 'TALENT_ENCLAVE')) not null, "level" text check ("level" in ('NATIONAL', 'MUNICIPAL', 'DISTRICT')) not null, "host_organization_id" int not null, "town_code" varchar(12) not null, "latitude" double precision not null, "longitude" double precision not null, "established_year" smallint not null);`);
    this.addSql(`create index "platform_type_index" on "platform" ("type");`);
    this.addSql(`create index "platform_level_index" on "platform" ("level");`);
    this.addSql(`create index "platform_host_organization_id_index" on "platform" ("host_organization_id");`);
    this.addSql(`create index "platform_town_code_index" on "platform" ("town_code");`);
    this.addSql(`create index "platform_established_year_index" on "platform" ("established_year");`);
    this.addSql(`create index "platform_name_id_index" on "platform" ("name", "id");`);

    this.addSql(`create table "service_point" ("id" serial primary key, "name" varchar(128) not null, "category" text check ("category" in ('CLOTHING', 'FOOD', 'HOUSING', 'TRANSPORT', 'ENTERTAINMENT')) not null, "subcategory" varchar(32) not null, "address" varchar(256) not null, "town_code" varchar(12) not null, "latitude" double precision not null, "longitude" double precision not null, "phone" varchar(32) null, "opening_hours" varchar(128) null, "talent_card_benefit" varchar(256) null);`);
    this.addSql(`create index "service_point_town_code_index" on "service_point" ("town_code");`);
    this.addSql(`create index "service_point_category_subcategory_index" on "service_point" ("category", "subcategory");`);

    this.addSql(`create table "talent" ("id" serial primary key, "name" varchar(32) not null, "id_number" varchar(18) not null, "phone" varchar(11) not null, "birth_year" smallint not null, "gender" text check ("gender" in ('MALE', 'FEMALE')) not null, "education" text check ("education" in ('DOCTORATE', 'MASTER', 'BACHELOR', 'ASSOCIATE', 'SECONDARY_OR_BELOW')) not null, "professional_title" text check ("professional_title" in ('SENIOR', 'ASSOCIATE_SENIOR', 'INTERMEDIATE', 'JUNIOR', 'NONE')) not null, "talent_type" text check ("talent_type" in ('PARTY_GOVERNMENT', 'BUSINESS_MANAGEMENT', 'PROFESSIONAL_TECHNICAL', 'HIGH_SKILLED', 'RURAL_PRACTICAL', 'SOCIAL_WORK')) not null, "tier" text check ("tier" in ('STRATEGIC', 'LEADING', 'SHORTAGE', 'YOUTH')) null, "industry" text check ("industry" in ('AGRI_TECH', 'LEISURE_TOURISM', 'SMART_LOGISTICS', 'DRONE', 'EDUCATION', 'HEALTH', 'CULTURE', 'OTHER')) not null, "engagement" text check ("engagement" in ('FULL_TIME', 'FLEXIBLE')) not null, "overseas_experience" boolean not null, "introduced_at" date not null, "organization_id" int not null);`);
    this.addSql(`alter table "talent" add constraint "talent_id_number_unique" unique ("id_number");`);
    this.addSql(`create index "talent_birth_year_index" on "talent" ("birth_year");`);
    this.addSql(`create index "talent_education_index" on "talent" ("education");`);
    this.addSql(`create index "talent_professional_title_index" on "talent" ("professional_title");`);
    this.addSql(`create index "talent_talent_type_index" on "talent" ("talent_type");`);
    this.addSql(`create index "talent_tier_index" on "talent" ("tier");`);
    this.addSql(`create index "talent_industry_index" on "talent" ("industry");`);
    this.addSql(`create index "talent_engagement_index" on "talent" ("engagement");`);
    this.addSql(`create index "talent_organization_id_index" on "talent" ("organization_id");`);
    this.addSql(`create index "talent_name_trgm_index" on "talent" using gin ("name" gin_trgm_ops);`);
    this.addSql(`create index "talent_name_id_index" on "talent" ("name", "id");`);
    this.addSql(`create index "talent_introduced_at_id_index" on "talent" ("introduced_at", "id");`);

    this.addSql(`create table "platform_membership" ("platform_id" int not null, "talent_id" int not null, constraint "platform_membership_pkey" primary key ("platform_id", "talent_id"));`);
    this.addSql(`create index "platform_membership_talent_id_index" on "platform_membership" ("talent_id");`);

    this.addSql(`create table "award" ("id" serial primary key, "program" text check ("program" in ('LEADING_STARTUP_GRANT', 'SHORTAGE_PROJECT_GRANT', 'RELOCATION_SUBSIDY', 'YOUTH_STARTUP_GRANT', 'FLEXIBLE_LIVING_ALLOWANCE', 'OVERSEAS_PLATFORM_GRANT', 'PLATFORM_CONSTRUCTION_GRANT', 'RESEARCH_PROJECT_GRANT', 'INCUBATION_SERVICE_GRANT', 'EVENT_GRANT', 'IPO_REWARD', 'TALENT_SCOUT_AWARD', 'PINGGU_ELITE', 'YOUTH_PROJECT_AWARD', 'HONORARY_CITIZEN')) not null, "amount" numeric(14,2) not null, "year" smallint not null, "status" text check ("status" in ('APPROVED', 'DISBURSED', 'REVOKED')) not null, "recipient_kind" text check ("recipient_kind" in ('TALENT', 'ORGANIZATION', 'PLATFORM')) not null, "talent_id" int null, "organization_id" int null, "platform_id" int null, constraint award_amount_check check (amount >= 0), constraint award_one_recipient_check check ((recipient_kind = 'TALENT' and talent_id is not null and organization_id is null and platform_id is null)
    or (recipient_kind = 'ORGANIZATION' and organization_id is not null and talent_id is null and platform_id is null)
    or (recipient_kind = 'PLATFORM' and platform_id is not null and talent_id is null and organization_id is null)));`);
    this.addSql(`create index "award_program_index" on "award" ("program");`);
    this.addSql(`create index "award_recipient_kind_index" on "award" ("recipient_kind");`);
    this.addSql(`create index "award_talent_id_index" on "award" ("talent_id");`);
    this.addSql(`create index "award_organization_id_index" on "award" ("organization_id");`);
    this.addSql(`create index "award_platform_id_index" on "award" ("platform_id");`);
    this.addSql(`create index "award_year_program_index" on "award" ("year", "program");`);

    this.addSql(`alter table "region" add constraint "region_parent_code_foreign" foreign key ("parent_code") references "region" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "organization" add constraint "organization_town_code_foreign" foreign key ("town_code") references "region" ("code") on update cascade;`);
    this.addSql(`alter table "organization" add constraint "organization_village_code_foreign" foreign key ("village_code") references "region" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "platform" add constraint "platform_host_organization_id_foreign" foreign key ("host_organization_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "platform" add constraint "platform_town_code_foreign" foreign key ("town_code") references "region" ("code") on update cascade;`);

    this.addSql(`alter table "service_point" add constraint "service_point_town_code_foreign" foreign key ("town_code") references "region" ("code") on update cascade;`);

    this.addSql(`alter table "talent" add constraint "talent_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "platform_membership" add constraint "platform_membership_platform_id_foreign" foreign key ("platform_id") references "platform" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "platform_membership" add constraint "platform_membership_talent_id_foreign" foreign key ("talent_id") references "talent" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "award" add constraint "award_talent_id_foreign" foreign key ("talent_id") references "talent" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "award" add constraint "award_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "award" add constraint "award_platform_id_foreign" foreign key ("platform_id") references "platform" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "region" drop constraint "region_parent_code_foreign";`);

    this.addSql(`alter table "organization" drop constraint "organization_town_code_foreign";`);

    this.addSql(`alter table "organization" drop constraint "organization_village_code_foreign";`);

    this.addSql(`alter table "platform" drop constraint "platform_town_code_foreign";`);

    this.addSql(`alter table "service_point" drop constraint "service_point_town_code_foreign";`);

    this.addSql(`alter table "platform" drop constraint "platform_host_organization_id_foreign";`);

    this.addSql(`alter table "talent" drop constraint "talent_organization_id_foreign";`);

    this.addSql(`alter table "award" drop constraint "award_organization_id_foreign";`);

    this.addSql(`alter table "platform_membership" drop constraint "platform_membership_platform_id_foreign";`);

    this.addSql(`alter table "award" drop constraint "award_platform_id_foreign";`);

    this.addSql(`alter table "platform_membership" drop constraint "platform_membership_talent_id_foreign";`);

    this.addSql(`alter table "award" drop constraint "award_talent_id_foreign";`);

    this.addSql(`drop table if exists "region" cascade;`);

    this.addSql(`drop table if exists "organization" cascade;`);

    this.addSql(`drop table if exists "platform" cascade;`);

    this.addSql(`drop table if exists "service_point" cascade;`);

    this.addSql(`drop table if exists "talent" cascade;`);

    this.addSql(`drop table if exists "platform_membership" cascade;`);

    this.addSql(`drop table if exists "award" cascade;`);
  }

}
