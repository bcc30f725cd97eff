import { Migration } from '@mikro-orm/migrations';

export class Migration20261203130955_audit_client_request_id extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "audit_event" add column "client_request_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_event" drop column "client_request_id";`);
  }

}
