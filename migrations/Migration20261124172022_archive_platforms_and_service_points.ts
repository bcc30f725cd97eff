import { Migration } from '@mikro-orm/migrations';

/**
 * Archive for platforms and service points (issue 6). Every service-map statement now reads
 * active points only (`archived_at is null`); the location index carries archived_at too, so
 * the counts stay index-only scans. (The CLI's diff does not see expression indexes; the index
 * statements were added by hand.)
 */
export class Migration20261124172022_archive_platforms_and_service_points extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "platform" add column "archived_at" timestamptz null;`);

    this.addSql(`alter table "service_point" add column "archived_at" timestamptz null;`);
    this.addSql(`drop index "service_point_location_index";`);
    this.addSql(`create index "service_point_location_index" on "service_point" using gist (point("longitude", "latitude")) include ("latitude", "longitude", "category", "earth", "archived_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "platform" drop column "archived_at";`);

    this.addSql(`drop index "service_point_location_index";`);
    this.addSql(`alter table "service_point" drop column "archived_at";`);
    this.addSql(`create index "service_point_location_index" on "service_point" using gist (point("longitude", "latitude")) include ("latitude", "longitude", "category", "earth");`);
  }

}
