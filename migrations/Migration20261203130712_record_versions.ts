import { Migration } from '@mikro-orm/migrations';

export class Migration20261203130712_record_versions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "application" add column "version" int not null default 1;`);

    this.addSql(`alter table "organization" add column "version" int not null default 1;`);

    this.addSql(`alter table "platform" add column "version" int not null default 1;`);

    this.addSql(`alter table "service_point" add column "version" int not null default 1;`);

    this.addSql(`alter table "talent" add column "version" int not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "application" drop column "version";`);

    this.addSql(`alter table "organization" drop column "version";`);

    this.addSql(`alter table "platform" drop column "version";`);

    this.addSql(`alter table "service_point" drop column "version";`);

    this.addSql(`alter table "talent" drop column "version";`);
  }

}
