import { Migration } from '@mikro-orm/migrations';

export class Migration20261124152654_service_map_indexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "service_point" add column "earth" earth generated always as (ll_to_earth(latitude, longitude)) stored not null;`);
    this.addSql(`create index "service_point_search_index" on "service_point" using gin (service_point_search_grams("name", "address"));`);
    this.addSql(`create index "service_point_location_index" on "service_point" using gist (point("longitude", "latitude")) include ("latitude", "longitude", "category", "earth");`);
    this.addSql(`create index "service_point_earth_index" on "service_point" using gist ("earth");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "service_point_search_index";`);
    this.addSql(`drop index "service_point_location_index";`);
    this.addSql(`drop index "service_point_earth_index";`);
    this.addSql(`alter table "service_point" drop column "earth";`);
  }

}
