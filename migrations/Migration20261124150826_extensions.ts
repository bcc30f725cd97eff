import { Migration } from '@mikro-orm/migrations';

/**
 * Extensions the schema relies on: earthdistance (with cube) for index-backed radius and
 * nearest-first queries, pg_trgm for substring search on Chinese names without word
 * segmentation, btree_gist for mixed GiST indexes. All ship with PostgreSQL's contrib, on the
 * embedded server and on the CI server alike.
 */
export class Migration20261124150826_extensions extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists cube;');
    this.addSql('create extension if not exists earthdistance;');
    this.addSql('create extension if not exists pg_trgm;');
    this.addSql('create extension if not exists btree_gist;');
  }

  override async down(): Promise<void> {
    this.addSql('drop extension if exists btree_gist;');
    this.addSql('drop extension if exists pg_trgm;');
    this.addSql('drop extension if exists earthdistance;');
    this.addSql('drop extension if exists cube;');
  }
}
