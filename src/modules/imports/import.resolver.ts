import { IsOptional, MaxLength } from 'class-validator';
import { Arg, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { WRITERS } from '../../shared/auth/roles';
import { LimitExceededError } from '../../shared/errors';
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

@ObjectType({ description: 'What an import did, or would do (dry run)' })
export class ImportReport {
  @Field() dryRun!: boolean;
  @Field(() => Int) rows!: number;
  @Field({ description: 'False when a dry run or any problem: then nothing was written' }) written!: boolean;
  @Field(() => Int) inserted!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => [ImportProblem]) problems!: ImportProblem[];
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
