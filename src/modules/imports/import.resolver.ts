import { IsOptional, MaxLength } from 'class-validator';
import { Arg, Authorized, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../context';
import { WRITERS } from '../../shared/auth/roles';
import { LimitExceededError, NotFoundError } from '../../shared/errors';
import { findJob, jobProblems, POLL_AFTER_SECONDS, type ImportJobRow } from './import-jobs';
import { ORGANIZATION_COLUMNS, OrganizationImportService } from './organization-import';
import { SERVICE_POINT_COLUMNS, ServicePointImportService } from './service-point-import';
import type { SheetImport } from './sheet-import';
import { TALENT_COLUMNS, TalentImportService } from './talent-import';

/** Rows per import mutation call; larger files go through `npm run import`. */
export const MAX_IMPORT_ROWS = 5000;

/** A row input field: nullable text described by its template column (and a note on its values). */
const columnOf =
  <C extends Record<string, string>>(columns: C) =>
  (key: keyof C, note = '') => ({ nullable: true, description: `${columns[key]}${note}` });

const talent = columnOf(TALENT_COLUMNS);
const organization = columnOf(ORGANIZATION_COLUMNS);
const servicePoint = columnOf(SERVICE_POINT_COLUMNS);
const COORD_SYSTEM_NOTE = '（WGS84/GCJ02/BD09，空 = WGS84）';

@InputType({ description: 'One row of the talent template (seeds/templates/README.md): the same cells as the spreadsheet, as text' })
export class TalentImportRowInput {
  @Field(talent('name')) @IsOptional() @MaxLength(64) name?: string;
  @Field(talent('idNumber')) @IsOptional() @MaxLength(32) idNumber?: string;
  @Field(talent('phone')) @IsOptional() @MaxLength(32) phone?: string;
  @Field(talent('gender', '（男/女，可空：以身份证号为准）')) @IsOptional() @MaxLength(8) gender?: string;
  @Field(talent('education')) @IsOptional() @MaxLength(32) education?: string;
  @Field(talent('professionalTitle')) @IsOptional() @MaxLength(32) professionalTitle?: string;
  @Field(talent('talentType')) @IsOptional() @MaxLength(32) talentType?: string;
  @Field(talent('tier', '（空 = 未入选层次）')) @IsOptional() @MaxLength(32) tier?: string;
  @Field(talent('industry')) @IsOptional() @MaxLength(32) industry?: string;
  @Field(talent('engagement')) @IsOptional() @MaxLength(32) engagement?: string;
  @Field(talent('overseas', '（是/否）')) @IsOptional() @MaxLength(8) overseas?: string;
  @Field(talent('introducedAt')) @IsOptional() @MaxLength(16) introducedAt?: string;
  @Field(talent('employerName')) @IsOptional() @MaxLength(128) employerName?: string;
  @Field(talent('employerCreditCode')) @IsOptional() @MaxLength(32) employerCreditCode?: string;
}

@InputType({ description: 'One row of the organization template (seeds/templates/README.md): the same cells as the spreadsheet, as text' })
export class OrganizationImportRowInput {
  @Field(organization('name')) @IsOptional() @MaxLength(256) name?: string;
  @Field(organization('creditCode', '（键：已有的代码更新该单位）')) @IsOptional() @MaxLength(32) creditCode?: string;
  @Field(organization('kind', '（政/企/校/院/村）')) @IsOptional() @MaxLength(16) kind?: string;
  @Field(organization('industry')) @IsOptional() @MaxLength(32) industry?: string;
  @Field(organization('address')) @IsOptional() @MaxLength(512) address?: string;
  @Field(organization('town', '（名称或 12 位区划代码）')) @IsOptional() @MaxLength(32) town?: string;
  @Field(organization('village', '（可空；名称或 12 位区划代码）')) @IsOptional() @MaxLength(64) village?: string;
  @Field(organization('longitude')) @IsOptional() @MaxLength(32) longitude?: string;
  @Field(organization('latitude')) @IsOptional() @MaxLength(32) latitude?: string;
  @Field(organization('coordSystem', COORD_SYSTEM_NOTE)) @IsOptional() @MaxLength(16) coordSystem?: string;
}

@InputType({ description: 'One row of the service-point template (seeds/templates/README.md): the same cells as the spreadsheet, as text' })
export class ServicePointImportRowInput {
  @Field(servicePoint('name', '（名称 + 地址为键）')) @IsOptional() @MaxLength(256) name?: string;
  @Field(servicePoint('category', '（衣/食/住/行/娱）')) @IsOptional() @MaxLength(16) category?: string;
  @Field(servicePoint('subcategory')) @IsOptional() @MaxLength(32) subcategory?: string;
  @Field(servicePoint('address')) @IsOptional() @MaxLength(512) address?: string;
  @Field(servicePoint('town', '（名称或 12 位区划代码）')) @IsOptional() @MaxLength(32) town?: string;
  @Field(servicePoint('longitude')) @IsOptional() @MaxLength(32) longitude?: string;
  @Field(servicePoint('latitude')) @IsOptional() @MaxLength(32) latitude?: string;
  @Field(servicePoint('coordSystem', COORD_SYSTEM_NOTE)) @IsOptional() @MaxLength(16) coordSystem?: string;
  @Field(servicePoint('phone')) @IsOptional() @MaxLength(64) phone?: string;
  @Field(servicePoint('openingHours')) @IsOptional() @MaxLength(256) openingHours?: string;
  @Field(servicePoint('talentCardBenefit')) @IsOptional() @MaxLength(512) talentCardBenefit?: string;
}

@ObjectType({ description: 'A problem with one cell of an import' })
export class ImportProblem {
  @Field(() => Int, { description: 'Row number: in the file for the CLI, 1-based position in the batch here' }) row!: number;
  @Field({ description: 'Column header, e.g. 身份证号' }) column!: string;
  @Field({ description: 'The value as given; "(hidden)" for personal columns' }) value!: string;
  @Field() message!: string;
}

@ObjectType({ description: 'What an import did, or would do (dry run: the counts a real run would write)' })
export class ImportReport {
  @Field() dryRun!: boolean;
  @Field(() => Int) rows!: number;
  @Field({ description: 'False when a dry run or any problem: then nothing was written' }) written!: boolean;
  @Field(() => Int) inserted!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: 'Every problem found, however many (problems lists the first 1,000, by row)' }) problemCount!: number;
  @Field(() => [ImportProblem]) problems!: ImportProblem[];
}

@ObjectType({ description: 'A file import (POST /imports/:entity, or npm run import): its state, kept in PostgreSQL' })
export class ImportJob {
  @Field(() => ID) id!: string;
  @Field({ description: 'talents, organizations or service-points' }) entity!: string;
  @Field() fileName!: string;
  @Field({ description: 'upload or cli' }) source!: string;
  @Field() dryRun!: boolean;
  @Field({ description: 'queued (waiting for the entity\'s running job) → reading → checking → merging → done; or failed (error says why; nothing was written)' })
  phase!: string;
  @Field(() => Int) rowsRead!: number;
  @Field(() => Float) bytesRead!: number;
  @Field(() => Float) totalBytes!: number;
  @Field(() => Int, { description: 'Every problem found; the job wrote nothing when any' }) problemCount!: number;
  @Field(() => Int, { nullable: true, description: 'Rows inserted (a dry run: would be), when done' }) inserted!: number | null;
  @Field(() => Int, { nullable: true }) updated!: number | null;
  @Field(() => Int, { nullable: true }) unchanged!: number | null;
  @Field() written!: boolean;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field() createdAt!: Date;
  hasProblemReport!: boolean;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the retention period (IMPORT_RETENTION_DAYS) removed its problems and problem report; null while they are kept' })
  problemsExpiredAt!: Date | null;
}

/** Problems one importJob page may list. */
export const MAX_JOB_PROBLEMS_PAGE = 500;

@Resolver(() => ImportJob)
@Authorized(...WRITERS)
export class ImportJobResolver {
  @Query(() => ImportJob, { nullable: true, description: 'ADMIN: an import job by id (poll it every pollAfterSeconds while it runs)' })
  importJob(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ImportJobRow | null> {
    if (!/^\d{1,18}$/.test(id)) throw new NotFoundError('ImportJob', id);
    return findJob(ctx.em as EntityManager, id);
  }

  @FieldResolver(() => Float, { description: 'Share of the file read, 0..1 (1 from checking on)' })
  progress(@Root() job: ImportJobRow): number {
    if (job.phase === 'queued') return 0;
    if (job.phase !== 'reading') return 1;
    return job.totalBytes ? Math.min(1, job.bytesRead / job.totalBytes) : 0;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Where the xlsx problem report is downloaded (GET, ADMIN bearer token): the bad rows in the file\'s own columns, offending cells marked' })
  problemReportPath(@Root() job: ImportJobRow): string | null {
    return job.hasProblemReport ? `/imports/jobs/${job.id}/problems.xlsx` : null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Seconds to wait before polling again; null once the job is done or failed' })
  pollAfterSeconds(@Root() job: ImportJobRow): number | null {
    return job.phase === 'done' || job.phase === 'failed' ? null : POLL_AFTER_SECONDS;
  }

  @FieldResolver(() => [ImportProblem], { description: `A page of the job's problems, by row (at most ${MAX_JOB_PROBLEMS_PAGE})` })
  problems(
    @Root() job: ImportJobRow,
    @Ctx() ctx: RequestContext,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
  ): Promise<ImportProblem[]> {
    if (first < 0 || first > MAX_JOB_PROBLEMS_PAGE || offset < 0) throw new LimitExceededError(`problems takes first from 0 to ${MAX_JOB_PROBLEMS_PAGE} and offset ≥ 0`, { argument: 'first' });
    return jobProblems(ctx.em as EntityManager, job.id, offset, first);
  }
}

/** Every import mutation: the row limit, then the entity's import service over the rows. */
export function runImport(mutation: string, service: SheetImport<unknown, unknown>, rows: readonly object[], dryRun: boolean): Promise<ImportReport> {
  if (rows.length > MAX_IMPORT_ROWS) throw new LimitExceededError(`${mutation} takes at most ${MAX_IMPORT_ROWS} rows per call; use npm run import for files`, { argument: 'rows' });
  return service.run(service.sheetRows(rows), { dryRun });
}

@Resolver()
@Authorized(...WRITERS)
export class ImportResolver {
  @Mutation(() => ImportReport, { description: `ADMIN: import up to ${MAX_IMPORT_ROWS} talent rows, all or nothing; known ID numbers are updated` })
  importTalents(
    @Arg('rows', () => [TalentImportRowInput]) rows: TalentImportRowInput[],
    @Ctx() ctx: RequestContext,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
  ): Promise<ImportReport> {
    return runImport('importTalents', new TalentImportService(ctx.em, ctx.keyring), rows, dryRun);
  }

  @Mutation(() => ImportReport, {
    description: `ADMIN: import up to ${MAX_IMPORT_ROWS} organization rows, all or nothing; known credit codes are updated, archived ones refused`,
  })
  importOrganizations(
    @Arg('rows', () => [OrganizationImportRowInput]) rows: OrganizationImportRowInput[],
    @Ctx() ctx: RequestContext,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
  ): Promise<ImportReport> {
    return runImport('importOrganizations', new OrganizationImportService(ctx.em), rows, dryRun);
  }

  @Mutation(() => ImportReport, {
    description: `ADMIN: import up to ${MAX_IMPORT_ROWS} service-point rows, all or nothing; a known name + address is updated, archived ones refused`,
  })
  importServicePoints(
    @Arg('rows', () => [ServicePointImportRowInput]) rows: ServicePointImportRowInput[],
    @Ctx() ctx: RequestContext,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
  ): Promise<ImportReport> {
    return runImport('importServicePoints', new ServicePointImportService(ctx.em), rows, dryRun);
  }
}
