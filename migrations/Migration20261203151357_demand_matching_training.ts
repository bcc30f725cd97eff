import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14: 人才招引、供需对接、教育培训. The shortage catalogue and its entries, recognitions
 * against them; demands with their status history, fills and challenge bids; recruitment events
 * and each talent's channel (existing talents: UNRECORDED, a metadata-only default); 百校兴百村
 * pairings; training programmes and enrolments. Generated; the CLI's diff also proposed dropping
 * the raw-SQL analytics tables and re-creating constraints older migrations wrote by hand: those
 * lines were removed.
 */

export class Migration20261203151357_demand_matching_training extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "recruitment_event" ("id" serial primary key, "kind" text check ("kind" in ('TALENT_PROMOTION', 'HIGH_LEVEL_TALKS', 'ACADEMIC_CONFERENCE', 'STARTUP_CONTEST')) not null, "name" varchar(128) not null, "held_on" date not null, "organizer_id" int not null, "venue" varchar(256) null);`);
    this.addSql(`create index "recruitment_event_kind_index" on "recruitment_event" ("kind");`);
    this.addSql(`create index "recruitment_event_organizer_id_index" on "recruitment_event" ("organizer_id");`);
    this.addSql(`create index "recruitment_event_held_on_id_index" on "recruitment_event" ("held_on", "id");`);
    this.addSql(`alter table "recruitment_event" add constraint "recruitment_event_name_held_on_unique" unique ("name", "held_on");`);

    this.addSql(`create table "pairing" ("id" serial primary key, "partner_id" int not null, "beneficiary_id" int not null, "start_year" smallint not null, "focus" varchar(256) null, constraint pairing_distinct_check check (partner_id <> beneficiary_id));`);
    this.addSql(`create index "pairing_partner_id_index" on "pairing" ("partner_id");`);
    this.addSql(`create index "pairing_beneficiary_id_index" on "pairing" ("beneficiary_id");`);
    this.addSql(`alter table "pairing" add constraint "pairing_partner_id_beneficiary_id_unique" unique ("partner_id", "beneficiary_id");`);

    this.addSql(`create table "shortage_catalogue" ("id" serial primary key, "year" smallint not null, "published_on" date not null);`);
    this.addSql(`alter table "shortage_catalogue" add constraint "shortage_catalogue_year_unique" unique ("year");`);

    this.addSql(`create table "shortage_catalogue_entry" ("id" serial primary key, "catalogue_id" int not null, "industry" text check ("industry" in ('AGRI_TECH', 'LEISURE_TOURISM', 'SMART_LOGISTICS', 'DRONE', 'EDUCATION', 'HEALTH', 'CULTURE', 'OTHER')) not null, "specialty" varchar(128) not null, "min_education" text check ("min_education" in ('DOCTORATE', 'MASTER', 'BACHELOR', 'ASSOCIATE', 'SECONDARY_OR_BELOW')) not null, "min_professional_title" text check ("min_professional_title" in ('SENIOR', 'ASSOCIATE_SENIOR', 'INTERMEDIATE', 'JUNIOR', 'NONE')) not null, "headcount" int not null, "organization_id" int null, constraint shortage_catalogue_entry_headcount_check check (headcount > 0));`);
    this.addSql(`create index "shortage_catalogue_entry_catalogue_id_index" on "shortage_catalogue_entry" ("catalogue_id");`);
    this.addSql(`create index "shortage_catalogue_entry_industry_index" on "shortage_catalogue_entry" ("industry");`);
    this.addSql(`create index "shortage_catalogue_entry_organization_id_index" on "shortage_catalogue_entry" ("organization_id");`);
    this.addSql(`create unique index "shortage_catalogue_entry_key_unique" on "shortage_catalogue_entry" ("catalogue_id", "specialty", "organization_id") nulls not distinct;`);

    this.addSql(`create table "demand" ("id" serial primary key, "kind" text check ("kind" in ('POSITION', 'EXPERT_SERVICE', 'CHALLENGE')) not null, "status" text check ("status" in ('OPEN', 'FILLED', 'CLOSED')) not null, "organization_id" int not null, "town_code" varchar(12) not null, "industry" text check ("industry" in ('AGRI_TECH', 'LEISURE_TOURISM', 'SMART_LOGISTICS', 'DRONE', 'EDUCATION', 'HEALTH', 'CULTURE', 'OTHER')) not null, "title" varchar(128) not null, "description" text not null, "keywords" text[] not null, "min_education" text check ("min_education" in ('DOCTORATE', 'MASTER', 'BACHELOR', 'ASSOCIATE', 'SECONDARY_OR_BELOW')) not null, "min_professional_title" text check ("min_professional_title" in ('SENIOR', 'ASSOCIATE_SENIOR', 'INTERMEDIATE', 'JUNIOR', 'NONE')) not null, "headcount" int not null, "engagement" text check ("engagement" in ('FULL_TIME', 'FLEXIBLE')) null, "service_months" smallint null, "challenge_area" text check ("challenge_area" in ('TECHNOLOGY', 'GOVERNANCE')) null, "reward" numeric(14,2) null, "deadline" date null, "catalogue_entry_id" int null, "external_ref" varchar(64) null, "posted_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint demand_kind_fields_check check ((kind = 'CHALLENGE' and challenge_area is not null and reward is not null and engagement is null)
    or (kind = 'POSITION' and challenge_area is null and engagement is not null)
    or (kind = 'EXPERT_SERVICE' and challenge_area is null and engagement = 'FLEXIBLE')), constraint demand_service_months_check check (service_months is null or service_months between 1 and 12), constraint demand_reward_check check (reward is null or reward >= 0), constraint demand_headcount_check check (headcount > 0));`);
    this.addSql(`create index "demand_status_index" on "demand" ("status");`);
    this.addSql(`create index "demand_organization_id_index" on "demand" ("organization_id");`);
    this.addSql(`create index "demand_town_code_index" on "demand" ("town_code");`);
    this.addSql(`create index "demand_industry_index" on "demand" ("industry");`);
    this.addSql(`create index "demand_min_education_index" on "demand" ("min_education");`);
    this.addSql(`create index "demand_catalogue_entry_id_index" on "demand" ("catalogue_entry_id");`);
    this.addSql(`create index "demand_keywords_index" on "demand" using gin ("keywords");`);
    this.addSql(`create index "demand_posted_at_id_index" on "demand" ("posted_at", "id");`);
    this.addSql(`create index "demand_status_kind_id_index" on "demand" ("status", "kind", "id");`);
    this.addSql(`alter table "demand" add constraint "demand_external_ref_unique" unique ("organization_id", "external_ref");`);

    this.addSql(`create table "demand_event" ("id" serial primary key, "demand_id" int not null, "from_status" text check ("from_status" in ('OPEN', 'FILLED', 'CLOSED')) null, "to_status" text check ("to_status" in ('OPEN', 'FILLED', 'CLOSED')) not null, "actor" text not null, "at" timestamptz not null, "note" text null);`);
    this.addSql(`create index "demand_event_demand_id_index" on "demand_event" ("demand_id");`);

    this.addSql(`create table "shortage_recognition" ("id" serial primary key, "entry_id" int not null, "talent_id" int not null, "recognized_on" date not null);`);
    this.addSql(`create index "shortage_recognition_entry_id_index" on "shortage_recognition" ("entry_id");`);
    this.addSql(`create index "shortage_recognition_talent_id_index" on "shortage_recognition" ("talent_id");`);
    this.addSql(`alter table "shortage_recognition" add constraint "shortage_recognition_entry_id_talent_id_unique" unique ("entry_id", "talent_id");`);

    this.addSql(`create table "pairing_talent" ("pairing_id" int not null, "talent_id" int not null, "sent_year" smallint not null, constraint "pairing_talent_pkey" primary key ("pairing_id", "talent_id"));`);
    this.addSql(`create index "pairing_talent_talent_id_index" on "pairing_talent" ("talent_id");`);

    this.addSql(`create table "demand_fill" ("demand_id" int not null, "talent_id" int not null, constraint "demand_fill_pkey" primary key ("demand_id", "talent_id"));`);
    this.addSql(`create index "demand_fill_talent_id_index" on "demand_fill" ("talent_id");`);

    this.addSql(`create table "challenge_bid" ("id" serial primary key, "demand_id" int not null, "bidder_kind" text check ("bidder_kind" in ('TALENT', 'PLATFORM')) not null, "talent_id" int null, "platform_id" int null, "team_size" smallint not null default 1, "proposal" text not null, "status" text check ("status" in ('SUBMITTED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN')) not null, "submitted_at" timestamptz not null, "version" int not null default 1, constraint challenge_bid_team_size_check check (team_size >= 1), constraint challenge_bid_one_bidder_check check ((bidder_kind = 'TALENT' and talent_id is not null and platform_id is null)
    or (bidder_kind = 'PLATFORM' and platform_id is not null and talent_id is null)));`);
    this.addSql(`create index "challenge_bid_demand_id_index" on "challenge_bid" ("demand_id");`);
    this.addSql(`create index "challenge_bid_talent_id_index" on "challenge_bid" ("talent_id");`);
    this.addSql(`create index "challenge_bid_platform_id_index" on "challenge_bid" ("platform_id");`);
    this.addSql(`create index "challenge_bid_status_index" on "challenge_bid" ("status");`);
    this.addSql(`alter table "challenge_bid" add constraint "challenge_bid_platform_unique" unique ("demand_id", "platform_id");`);
    this.addSql(`alter table "challenge_bid" add constraint "challenge_bid_talent_unique" unique ("demand_id", "talent_id");`);

    this.addSql(`create table "training_programme" ("id" serial primary key, "name" varchar(128) not null, "kind" text check ("kind" in ('ADVANCED_STUDY', 'PRACTICAL_TRAINING', 'SECONDMENT', 'DEGREE_EDUCATION', 'MENTORSHIP', 'STARTUP_COACHING')) not null, "year" smallint not null, "organizer_id" int not null, "capacity" int not null, "starts_on" date null, "ends_on" date null, "version" int not null default 1, constraint training_programme_capacity_check check (capacity > 0));`);
    this.addSql(`create index "training_programme_kind_index" on "training_programme" ("kind");`);
    this.addSql(`create index "training_programme_organizer_id_index" on "training_programme" ("organizer_id");`);
    this.addSql(`create index "training_programme_year_kind_id_index" on "training_programme" ("year", "kind", "id");`);
    this.addSql(`alter table "training_programme" add constraint "training_programme_name_year_unique" unique ("name", "year");`);

    this.addSql(`create table "training_enrolment" ("id" serial primary key, "programme_id" int not null, "talent_id" int not null, "mentor_id" int null, "status" text check ("status" in ('ENROLLED', 'COMPLETED', 'WITHDRAWN')) not null, "enrolled_at" timestamptz not null, "completed_at" timestamptz null, "version" int not null default 1);`);
    this.addSql(`create index "training_enrolment_talent_id_index" on "training_enrolment" ("talent_id");`);
    this.addSql(`alter table "training_enrolment" add constraint "training_enrolment_programme_talent_unique" unique ("programme_id", "talent_id");`);

    this.addSql(`alter table "recruitment_event" add constraint "recruitment_event_organizer_id_foreign" foreign key ("organizer_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "pairing" add constraint "pairing_partner_id_foreign" foreign key ("partner_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "pairing" add constraint "pairing_beneficiary_id_foreign" foreign key ("beneficiary_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "shortage_catalogue_entry" add constraint "shortage_catalogue_entry_catalogue_id_foreign" foreign key ("catalogue_id") references "shortage_catalogue" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "shortage_catalogue_entry" add constraint "shortage_catalogue_entry_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "demand" add constraint "demand_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "demand" add constraint "demand_town_code_foreign" foreign key ("town_code") references "region" ("code") on update cascade;`);
    this.addSql(`alter table "demand" add constraint "demand_catalogue_entry_id_foreign" foreign key ("catalogue_entry_id") references "shortage_catalogue_entry" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "demand_event" add constraint "demand_event_demand_id_foreign" foreign key ("demand_id") references "demand" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "shortage_recognition" add constraint "shortage_recognition_entry_id_foreign" foreign key ("entry_id") references "shortage_catalogue_entry" ("id") on update cascade;`);
    this.addSql(`alter table "shortage_recognition" add constraint "shortage_recognition_talent_id_foreign" foreign key ("talent_id") references "talent" ("id") on update cascade;`);

    this.addSql(`alter table "pairing_talent" add constraint "pairing_talent_pairing_id_foreign" foreign key ("pairing_id") references "pairing" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "pairing_talent" add constraint "pairing_talent_talent_id_foreign" foreign key ("talent_id") references "talent" ("id") on update cascade;`);

    this.addSql(`alter table "demand_fill" add constraint "demand_fill_demand_id_foreign" foreign key ("demand_id") references "demand" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "demand_fill" add constraint "demand_fill_talent_id_foreign" foreign key ("talent_id") references "talent" ("id") on update cascade;`);

    this.addSql(`alter table "challenge_bid" add constraint "challenge_bid_demand_id_foreign" foreign key ("demand_id") references "demand" ("id") on update cascade;`);
    this.addSql(`alter table "challenge_bid" add constraint "challenge_bid_talent_id_foreign" foreign key ("talent_id") references "talent" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "challenge_bid" add constraint "challenge_bid_platform_id_foreign" foreign key ("platform_id") references "platform" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "training_programme" add constraint "training_programme_organizer_id_foreign" foreign key ("organizer_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "training_enrolment" add constraint "training_enrolment_programme_id_foreign" foreign key ("programme_id") references "training_programme" ("id") on update cascade;`);
    this.addSql(`alter table "training_enrolment" add constraint "training_enrolment_talent_id_foreign" foreign key ("talent_id") references "talent" ("id") on update cascade;`);
    this.addSql(`alter table "training_enrolment" add constraint "training_enrolment_mentor_id_foreign" foreign key ("mentor_id") references "talent" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "talent" add column "recruitment_channel" text check ("recruitment_channel" in ('OPEN_RECRUITMENT', 'SELECTED_GRADUATE', 'GRADUATE_CULTIVATION', 'SPECIAL_POST_TEACHER', 'RURAL_REVITALIZATION_ASSISTANT', 'TALENT_SCOUT_REFERRAL', 'RETURNEE', 'OVERSEAS_RECRUITMENT', 'RECRUITMENT_EVENT', 'UNRECORDED')) not null default 'UNRECORDED', add column "recruitment_event_id" int null;`);
    this.addSql(`alter table "talent" add constraint "talent_recruitment_event_id_foreign" foreign key ("recruitment_event_id") references "recruitment_event" ("id") on update cascade on delete set null;`);
    this.addSql(`create index "talent_recruitment_channel_index" on "talent" ("recruitment_channel");`);
    this.addSql(`create index "talent_recruitment_event_id_index" on "talent" ("recruitment_event_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "talent" drop constraint "talent_recruitment_event_id_foreign";`);

    this.addSql(`alter table "pairing_talent" drop constraint "pairing_talent_pairing_id_foreign";`);

    this.addSql(`alter table "shortage_catalogue_entry" drop constraint "shortage_catalogue_entry_catalogue_id_foreign";`);

    this.addSql(`alter table "demand" drop constraint "demand_catalogue_entry_id_foreign";`);

    this.addSql(`alter table "shortage_recognition" drop constraint "shortage_recognition_entry_id_foreign";`);

    this.addSql(`alter table "demand_event" drop constraint "demand_event_demand_id_foreign";`);

    this.addSql(`alter table "demand_fill" drop constraint "demand_fill_demand_id_foreign";`);

    this.addSql(`alter table "challenge_bid" drop constraint "challenge_bid_demand_id_foreign";`);

    this.addSql(`alter table "training_enrolment" drop constraint "training_enrolment_programme_id_foreign";`);

    this.addSql(`drop table if exists "recruitment_event" cascade;`);

    this.addSql(`drop table if exists "pairing" cascade;`);

    this.addSql(`drop table if exists "shortage_catalogue" cascade;`);

    this.addSql(`drop table if exists "shortage_catalogue_entry" cascade;`);

    this.addSql(`drop table if exists "demand" cascade;`);

    this.addSql(`drop table if exists "demand_event" cascade;`);

    this.addSql(`drop table if exists "shortage_recognition" cascade;`);

    this.addSql(`drop table if exists "pairing_talent" cascade;`);

    this.addSql(`drop table if exists "demand_fill" cascade;`);

    this.addSql(`drop table if exists "challenge_bid" cascade;`);

    this.addSql(`drop table if exists "training_programme" cascade;`);

    this.addSql(`drop table if exists "training_enrolment" cascade;`);

    this.addSql(`drop index "talent_recruitment_channel_index";`);
    this.addSql(`drop index "talent_recruitment_event_id_index";`);
    this.addSql(`alter table "talent" drop column "recruitment_channel", drop column "recruitment_event_id";`);
  }

}
