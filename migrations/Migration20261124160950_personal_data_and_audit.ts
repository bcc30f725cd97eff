import { Migration } from '@mikro-orm/migrations';

/**
 * Personal data protection (issue 5): ID numbers and phones are stored only as AES-256-GCM
 * ciphertexts with a key id, plus keyed hashes for lookup; nothing has landed with plaintext
 * columns, so they are replaced in one step (a register that held plaintext would need the
 * three-step plan of docs/security-migration-plan.md). The audit trail is append-only at the
 * database: a trigger refuses UPDATE, DELETE and TRUNCATE whoever asks.
 */
export class Migration20261124160950_personal_data_and_audit extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_event" ("id" bigserial primary key, "at" timestamptz not null default now(), "subject" text not null, "role" text check ("role" in ('PUBLIC', 'DASHBOARD', 'ANALYST', 'ADMIN')) not null, "operation" text null, "request_id" text not null, "entity" text not null, "entity_ids" int[] not null, "fields" text[] not null);`);
    this.addSql(`create index "audit_event_at_index" on "audit_event" ("at");`);
    this.addSql(`create index "audit_event_subject_id_index" on "audit_event" ("subject", "id");`);
    this.addSql(`create function audit_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end
$$;`);
    this.addSql(`create trigger audit_event_no_update_delete before update or delete on audit_event for each row execute function audit_event_append_only();`);
    this.addSql(`create trigger audit_event_no_truncate before truncate on audit_event for each statement execute function audit_event_append_only();`);

    this.addSql(`alter table "talent" drop constraint "talent_id_number_unique";`);
    this.addSql(`alter table "talent" drop column "id_number", drop column "phone";`);

    this.addSql(`alter table "talent" add column "id_number_cipher" text not null, add column "id_number_hash" char(64) not null, add column "phone_cipher" text not null, add column "phone_hash" char(64) not null;`);
    this.addSql(`alter table "talent" add constraint "talent_id_number_hash_unique" unique ("id_number_hash");`);
    this.addSql(`create index "talent_phone_hash_index" on "talent" ("phone_hash");`);
    this.addSql(`alter table "talent" add constraint talent_personal_hash_check check(id_number_hash ~ '^[0-9a-f]{64}\$' and phone_hash ~ '^[0-9a-f]{64}\$');`);
    this.addSql(`alter table "talent" add constraint talent_personal_cipher_check check(id_number_cipher like 'v1:%' and phone_cipher like 'v1:%');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop function if exists audit_event_append_only();`);

    this.addSql(`alter table "talent" drop constraint "talent_id_number_hash_unique";`);
    this.addSql(`drop index "talent_phone_hash_index";`);
    this.addSql(`alter table "talent" drop constraint talent_personal_hash_check;`);
    this.addSql(`alter table "talent" drop constraint talent_personal_cipher_check;`);
    this.addSql(`alter table "talent" drop column "id_number_cipher", drop column "id_number_hash", drop column "phone_cipher", drop column "phone_hash";`);

    this.addSql(`alter table "talent" add column "id_number" varchar(18) not null, add column "phone" varchar(11) not null;`);
    this.addSql(`alter table "talent" add constraint "talent_id_number_unique" unique ("id_number");`);
  }

}
