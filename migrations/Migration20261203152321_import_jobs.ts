import { Migration } from '@mikro-orm/migrations';

/**
 * Import jobs (issue 15): a file uploaded to POST /imports/:entity, or run by `npm run import`,
 * becomes a job whose state lives here, so any replica answers `importJob(id)`. `worker_pid` and
 * `worker_backend_start` name the database session of the process running it: a job still
 * unfinished whose session is gone was interrupted (its merge transaction died with that session)
 * and is marked failed. Problems: every one of them, read a page at a time; for uploads also as
 * the xlsx report (problem_report), served by GET /imports/jobs/:id/problems.xlsx.
 */
export class Migration20261203152321_import_jobs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "import_job" (
      "id" bigserial primary key,
      "entity" text not null,
      "file_name" text not null,
      "source" text not null check ("source" in ('upload', 'cli')),
      "dry_run" boolean not null default false,
      "phase" text not null default 'queued' check ("phase" in ('queued', 'reading', 'checking', 'merging', 'done', 'failed')),
      "rows_read" int not null default 0,
      "bytes_read" bigint not null default 0,
      "total_bytes" bigint not null default 0,
      "problem_count" int not null default 0,
      "inserted" int null,
      "updated" int null,
      "unchanged" int null,
      "written" boolean not null default false,
      "error" text null,
      "problem_report" bytea null,
      "created_by" text null,
      "worker_pid" int null,
      "worker_backend_start" timestamptz null,
      "created_at" timestamptz not null default now(),
      "started_at" timestamptz null,
      "finished_at" timestamptz null
    );`);
    this.addSql(`create index "import_job_unfinished" on "import_job" ("entity") where "phase" not in ('done', 'failed');`);
    this.addSql(`create table "import_problem" (
      "job_id" bigint not null references "import_job" ("id") on delete cascade,
      "seq" int not null,
      "row" int not null,
      "column_name" text not null,
      "value" text not null,
      "message" text not null,
      primary key ("job_id", "seq")
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "import_problem";`);
    this.addSql(`drop table if exists "import_job";`);
  }

}
