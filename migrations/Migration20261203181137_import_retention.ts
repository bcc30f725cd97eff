import { Migration } from '@mikro-orm/migrations';

/**
 * Import retention (issue 15): a finished job keeps its problems (the non-personal cells of a
 * department's bad rows) and its xlsx problem report for IMPORT_RETENTION_DAYS, then loses them;
 * `problems_expired_at` says when, so `importJob` can tell an expired list from an empty one. The
 * job's counts stay: the record that the import happened. The index serves the sweep.
 * `upload_file` names the uploaded file the job reads, so that files of ended jobs, left behind by
 * a killed process, are found and deleted (sweepUploads), whichever replica ran them.
 */
export class Migration20261203181137_import_retention extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "import_job" add column "problems_expired_at" timestamptz null, add column "upload_file" text null;`);
    this.addSql(`create index "import_job_upload_file" on "import_job" ("upload_file") where "upload_file" is not null;`);
    this.addSql(`create index "import_job_finished_unexpired" on "import_job" ("finished_at") where "problems_expired_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "import_job_upload_file";`);
    this.addSql(`drop index "import_job_finished_unexpired";`);
    this.addSql(`alter table "import_job" drop column "problems_expired_at", drop column "upload_file";`);
  }
}
