import { IsOptional, MaxLength } from 'class-validator';
import { Arg, Authorized, Ctx, Field, InputType, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { CATALOGUE_EDITORS } from '../../shared/auth/roles';
import { CATALOGUE_ENTRY_COLUMNS, CatalogueEntryImportService } from './catalogue-import';
import { DEMAND_COLUMNS, DemandImportService } from './demand-import';
import { ImportReport, MAX_IMPORT_ROWS, runImport } from './import.resolver';

const described = <C extends Record<string, string>>(columns: C) => (key: keyof C, note = '') => ({ nullable: true, description: `${columns[key]}${note}` });
const demand = described(DEMAND_COLUMNS);
const entry = described(CATALOGUE_ENTRY_COLUMNS);

@InputType({ description: 'One row of the demand template: the same cells as the spreadsheet, as text' })
export class DemandImportRowInput {
  @Field(demand('externalRef', '（键：同一发布单位的已有编号更新该需求）')) @IsOptional() @MaxLength(64) externalRef?: string;
  @Field(demand('employerName')) @IsOptional() @MaxLength(256) employerName?: string;
  @Field(demand('employerCreditCode')) @IsOptional() @MaxLength(32) employerCreditCode?: string;
  @Field(demand('kind', '（岗位需求/柔性引才/专家服务/揭榜挂帅）')) @IsOptional() @MaxLength(32) kind?: string;
  @Field(demand('title')) @IsOptional() @MaxLength(256) title?: string;
  @Field(demand('description')) @IsOptional() @MaxLength(4000) description?: string;
  @Field(demand('industry', '（空 = 发布单位的）')) @IsOptional() @MaxLength(32) industry?: string;
  @Field(demand('keywords', '（以顿号或逗号分隔）')) @IsOptional() @MaxLength(1000) keywords?: string;
  @Field(demand('town', '（空 = 发布单位的；名称或 12 位区划代码）')) @IsOptional() @MaxLength(32) town?: string;
  @Field(demand('minEducation')) @IsOptional() @MaxLength(32) minEducation?: string;
  @Field(demand('minProfessionalTitle')) @IsOptional() @MaxLength(32) minProfessionalTitle?: string;
  @Field(demand('headcount')) @IsOptional() @MaxLength(16) headcount?: string;
  @Field(demand('engagement')) @IsOptional() @MaxLength(32) engagement?: string;
  @Field(demand('serviceMonths')) @IsOptional() @MaxLength(16) serviceMonths?: string;
  @Field(demand('challengeArea', '（技术难题/治理难题）')) @IsOptional() @MaxLength(32) challengeArea?: string;
  @Field(demand('reward')) @IsOptional() @MaxLength(32) reward?: string;
  @Field(demand('deadline')) @IsOptional() @MaxLength(16) deadline?: string;
}

@InputType({ description: 'One row of the shortage-catalogue template: the same cells as the spreadsheet, as text' })
export class CatalogueEntryImportRowInput {
  @Field(entry('year')) @IsOptional() @MaxLength(8) year?: string;
  @Field(entry('industry')) @IsOptional() @MaxLength(32) industry?: string;
  @Field(entry('specialty', '（年度 + 专业方向 + 用人单位为键）')) @IsOptional() @MaxLength(256) specialty?: string;
  @Field(entry('minEducation')) @IsOptional() @MaxLength(32) minEducation?: string;
  @Field(entry('minProfessionalTitle')) @IsOptional() @MaxLength(32) minProfessionalTitle?: string;
  @Field(entry('headcount')) @IsOptional() @MaxLength(16) headcount?: string;
  @Field(entry('employerName', '（可空）')) @IsOptional() @MaxLength(256) employerName?: string;
  @Field(entry('employerCreditCode', '（可空）')) @IsOptional() @MaxLength(32) employerCreditCode?: string;
}

/** Issue 14's imports: demands and catalogue entries, ADMIN (the demand desk for every organization). */
@Resolver()
@Authorized(...CATALOGUE_EDITORS)
export class DemandImportResolver {
  @Mutation(() => ImportReport, { description: `ADMIN: import up to ${MAX_IMPORT_ROWS} demand rows, all or nothing; a known 需求编号 of the organization updates that open demand` })
  importDemands(
    @Arg('rows', () => [DemandImportRowInput]) rows: DemandImportRowInput[],
    @Ctx() ctx: RequestContext,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
  ): Promise<ImportReport> {
    return runImport('importDemands', new DemandImportService(ctx.em, ctx.viewer.subject ?? ctx.viewer.role), rows, dryRun);
  }

  @Mutation(() => ImportReport, { description: `ADMIN: import up to ${MAX_IMPORT_ROWS} shortage-catalogue entries, all or nothing; a known year + specialty + organization is updated` })
  importCatalogueEntries(
    @Arg('rows', () => [CatalogueEntryImportRowInput]) rows: CatalogueEntryImportRowInput[],
    @Ctx() ctx: RequestContext,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
  ): Promise<ImportReport> {
    return runImport('importCatalogueEntries', new CatalogueEntryImportService(ctx.em), rows, dryRun);
  }
}
