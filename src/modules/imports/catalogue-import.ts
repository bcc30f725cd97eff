import type { EntityManager } from '@mikro-orm/postgresql';
import { INDUSTRY_LABELS } from '../organization/organization.enums';
import type { CatalogueEntryFields } from '../shortage-catalogue/shortage-catalogue.service';
import { EDUCATION_LABELS, PROFESSIONAL_TITLE_LABELS } from '../talent/talent.enums';
import { checkEmployer, loadEmployers, type Employers } from './employer-columns';
import { countUpserts, executeChunk, SheetImport, type ChunkResult, type RowCheck } from './sheet-import';

/** The shortage-catalogue template's columns (紧缺急需人才目录), as the 人才办 writes them. */
export const CATALOGUE_ENTRY_COLUMNS = {
  year: '目录年度',
  industry: '产业领域',
  specialty: '专业方向',
  minEducation: '最低学历',
  minProfessionalTitle: '最低职称',
  headcount: '需求人数',
  employerName: '用人单位',
  employerCreditCode: '用人单位统一社会信用代码',
} as const;

/** An entry as imported: what createCatalogueEntry takes. */
type CatalogueEntryRow = CatalogueEntryFields;

/**
 * THE statement of catalogue imports: a year without a catalogue gets one (published today),
 * then entries are upserted on (catalogue, specialty, organization), rewritten only where a field
 * differs. The catalogue rows a statement inserts are not visible to its own reads, hence the union.
 */
export const UPSERT_CATALOGUE_ENTRIES_SQL = `
with r as (
  select * from jsonb_to_recordset(?::jsonb) as r("year" smallint, "industry" text, "specialty" text, "minEducation" text,
    "minProfessionalTitle" text, "headcount" int, "organizationId" int)),
added as (
  insert into shortage_catalogue (year, published_on) select distinct r."year", current_date from r
  on conflict (year) do nothing returning id, year),
catalogue as (
  select id, year from added union all select id, year from shortage_catalogue where year in (select "year" from r))
insert into shortage_catalogue_entry (catalogue_id, industry, specialty, min_education, min_professional_title, headcount, organization_id)
select c.id, r."industry", r."specialty", r."minEducation", r."minProfessionalTitle", r."headcount", r."organizationId"
  from r join catalogue c on c.year = r."year"
on conflict (catalogue_id, specialty, organization_id) do update set
  industry = excluded.industry, min_education = excluded.min_education, min_professional_title = excluded.min_professional_title,
  headcount = excluded.headcount
where (shortage_catalogue_entry.industry, shortage_catalogue_entry.min_education, shortage_catalogue_entry.min_professional_title,
       shortage_catalogue_entry.headcount)
  is distinct from (excluded.industry, excluded.min_education, excluded.min_professional_title, excluded.headcount)
returning (xmax = 0) as inserted`;

/**
 * Catalogue imports (issue 14): one row an entry, keyed by year, specialty and (optional)
 * employing organization; the same key twice in a file is a problem on the second row.
 */
export class CatalogueEntryImportService extends SheetImport<CatalogueEntryRow, Employers> {
  readonly columns = CATALOGUE_ENTRY_COLUMNS;
  protected override readonly optionalColumns: ReadonlySet<string> = new Set([CATALOGUE_ENTRY_COLUMNS.employerName, CATALOGUE_ENTRY_COLUMNS.employerCreditCode]);

  protected lookups(): Promise<Employers> {
    return loadEmployers(this.em);
  }

  protected async writeChunk(em: EntityManager, rows: CatalogueEntryRow[]): Promise<ChunkResult> {
    return countUpserts(await executeChunk<{ inserted: boolean }>(em, UPSERT_CATALOGUE_ENTRIES_SQL, rows));
  }

  protected check(r: RowCheck, employers: Employers): CatalogueEntryRow {
    const C = CATALOGUE_ENTRY_COLUMNS;
    const year = Number(r.cell(C.year));
    if (!Number.isInteger(year) || year < 2000 || year > 2100) r.problem(C.year, '应为年份，如 2025');
    const industry = r.label(C.industry, INDUSTRY_LABELS);
    const specialty = r.text(C.specialty, 128);
    const minEducation = r.label(C.minEducation, EDUCATION_LABELS);
    const minProfessionalTitle = r.label(C.minProfessionalTitle, PROFESSIONAL_TITLE_LABELS);
    const headcount = Number(r.cell(C.headcount));
    if (!Number.isInteger(headcount) || headcount < 1 || headcount > 10_000) r.problem(C.headcount, '应为 1 至 10000 的整数');
    const organizationId = checkEmployer(r, { name: C.employerName, creditCode: C.employerCreditCode }, employers, false);
    if (organizationId !== undefined) r.once(C.specialty, `${year}|${specialty}|${organizationId ?? ''}`, '为同一目录条目（年度、专业方向和用人单位相同）');
    return { year, industry, specialty, minEducation, minProfessionalTitle, headcount, organizationId: organizationId ?? null };
  }
}
