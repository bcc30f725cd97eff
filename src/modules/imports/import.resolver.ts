import { IsOptional, MaxLength } from 'class-validator';
import { Arg, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { WRITERS } from '../../shared/auth/roles';
import { LimitExceededError } from '../../shared/errors';
import { TALENT_COLUMNS, TalentImportService } from './talent-import';

/** Rows per importTalents call; larger files go through `npm run import`. */
export const MAX_IMPORT_ROWS = 5000;

const column = (key: keyof typeof TALENT_COLUMNS, note = '') => ({ nullable: true, description: `${TALENT_COLUMNS[key]}${note}` });

@InputType({ description: 'One row of the talent template (seeds/templates/README.md): the same cells as the spreadsheet, as text' })
export class TalentImportRowInput {
  @Field(column('name')) @IsOptional() @MaxLength(64) name?: string;
  @Field(column('idNumber')) @IsOptional() @MaxLength(32) idNumber?: string;
  @Field(column('phone')) @IsOptional() @MaxLength(32) phone?: string;
  @Field(column('gender', '（男/女，可空：以身份证号为准）')) @IsOptional() @MaxLength(8) gender?: string;
  @Field(column('education')) @IsOptional() @MaxLength(32) education?: string;
  @Field(column('professionalTitle')) @IsOptional() @MaxLength(32) professionalTitle?: string;
  @Field(column('talentType')) @IsOptional() @MaxLength(32) talentType?: string;
  @Field(column('tier', '（空 = 未入选层次）')) @IsOptional() @MaxLength(32) tier?: string;
  @Field(column('industry')) @IsOptional() @MaxLength(32) industry?: string;
  @Field(column('engagement')) @IsOptional() @MaxLength(32) engagement?: string;
  @Field(column('overseas', '（是/否）')) @IsOptional() @MaxLength(8) overseas?: string;
  @Field(column('introducedAt')) @IsOptional() @MaxLength(16) introducedAt?: string;
  @Field(column('employerName')) @IsOptional() @MaxLength(128) employerName?: string;
  @Field(column('employerCreditCode')) @IsOptional() @MaxLength(32) employerCreditCode?: string;
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

@Resolver()
@Authorized(...WRITERS)
export class ImportResolver {
  @Mutation(() => ImportReport, { description: `ADMIN: import up to ${MAX_IMPORT_ROWS} talent rows, all or nothing; known ID numbers are updated` })
  importTalents(
    @Arg('rows', () => [TalentImportRowInput]) rows: TalentImportRowInput[],
    @Ctx() ctx: RequestContext,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
  ): Promise<ImportReport> {
    if (rows.length > MAX_IMPORT_ROWS) throw new LimitExceededError(`importTalents takes at most ${MAX_IMPORT_ROWS} rows per call; use npm run import for files`, { argument: 'rows' });
    return new TalentImportService(ctx.em, ctx.keyring).run(
      rows.map((input, i) => ({
        row: i + 1,
        cells: Object.fromEntries(Object.entries(TALENT_COLUMNS).map(([key, header]) => [header, input[key as keyof TalentImportRowInput] ?? ''])),
      })),
      { dryRun },
    );
  }
}
