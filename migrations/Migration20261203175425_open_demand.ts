import { Migration } from '@mikro-orm/migrations';

/**
 * open_demand: the demands that are open to talents, in one place (issue 14). A demand is open
 * while its status is OPEN and its organization is not archived: an archived organization no
 * longer recruits, so its demands leave the job board, the supply–demand gap and matching, and
 * come back with it when it is restored. The job board, the gap and matching read this view
 * instead of each remembering the condition. The view fixes demand's columns as they are now: a
 * later migration that drops or retypes one of them drops and recreates the view around it.
 */
export class Migration20261203175425_open_demand extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create view open_demand as
select d.* from demand d
where d.status = 'OPEN'
  and exists (select 1 from organization o where o.id = d.organization_id and o.archived_at is null);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop view open_demand;`);
  }
}
