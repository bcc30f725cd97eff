import type { EntityManager } from '@mikro-orm/postgresql';
import { fromLabel } from '../../shared/labels';
import { encryptPersonal, lookupHash, normalizePersonal } from '../../shared/pii/personal-data-cipher';
import type { PiiKeyring } from '../../shared/pii/keyring';
import { checkIdNumber, checkPhone } from '../../shared/writes/domain-rules';
import { isValidCalendarDate } from '../../shared/validation/gb11643';
import { INDUSTRY_LABELS } from '../organization/organization.enums';
import { EDUCATION_LABELS, ENGAGEMENT_LABELS, GENDER_LABELS, NO_TIER_LABEL, PROFESSIONAL_TITLE_LABELS, TALENT_TIER_LABELS, TALENT_TYPE_LABELS } from '../talent/talent.enums';
import type { SheetRow } from './read-rows';
import { UPSERT_TALENTS_SQL } from './import.sql';

/** The talent template's columns, as departments write them (seeds/templates/README.md). */
export const TALENT_COLUMNS = {
  name: '姓名',
  idNumber: '身份证号',
  phone: '手机号',
  gender: '性别',
  education: '学历',
  professionalTitle: '职称',
  talentType: '人才类型',
  tier: '人才层次',
  industry: '产业领域',
  engagement: '引进方式',
  overseas: '海外经历',
  introducedAt: '引进日期',
  employerName: '工作单位',
  employerCreditCode: '统一社会信用代码',
} as const;

const PERSONAL_COLUMNS: ReadonlySet<string> = new Set([TALENT_COLUMNS.idNumber, TALENT_COLUMNS.phone]);

export interface ImportProblem {
  row: number;
  column: string;
  /** The cell as written, or "(hidden)" for personal columns. */
  value: string;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  /** False when any row had a problem: then nothing was written. */
  written: boolean;
  inserted: number;
  updated: number;
  unchanged: number;
  problems: ImportProblem[];
}

/** A talent row ready for the database (personal fields still clear until written). */
interface TalentRow {
  name: string;
  idNumber: string;
  phone: string;
  birthYear: number;
  gender: string;
  education: string;
  professionalTitle: string;
  talentType: string;
  tier: string | null;
  industry: string;
  engagement: string;
  overseasExperience: boolean;
  introducedAt: string;
  organizationId: number;
}

const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0', '']);

/** 2024-05-01, 2024/5/1 or 2024.5.1, as ISO. */
function parseDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidCalendarDate(y, mo, d) ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : null;
}

/** Statement size: rows per insert … select from jsonb_to_recordset. */
const CHUNK = 5000;

/**
 * Talent imports, for the CLI (scripts/import.ts) and the importTalents mutation alike: every
 * row checked (all problems reported, personal values hidden), then — unless a dry run or any
 * problem — all rows written in ONE transaction by bulk upserts on id_number_hash that touch a
 * row only when it differs. Importing the same file twice changes nothing; the same person in
 * two files is one talent.
 */
export class TalentImportService {
  constructor(
    private readonly em: EntityManager,
    private readonly keyring: PiiKeyring,
  ) {}

  async run(rows: AsyncIterable<SheetRow> | Iterable<SheetRow>, options: { dryRun?: boolean } = {}): Promise<ImportReport> {
    const dryRun = options.dryRun ?? false;
    const employers = await this.employers();
    const problems: ImportProblem[] = [];
    const good: TalentRow[] = [];
    const seen = new Map<string, number>();
    let count = 0;
    for await (const sheetRow of rows) {
      count++;
      const checked = this.check(sheetRow, employers, seen);
      if (Array.isArray(checked)) problems.push(...checked);
      else good.push(checked);
    }
    const report: ImportReport = { dryRun, rows: count, written: false, inserted: 0, updated: 0, unchanged: 0, problems };
    if (dryRun || problems.length) return report;
    await this.em.transactional(async (em) => {
      for (let i = 0; i < good.length; i += CHUNK) {
        const result = await em.getConnection().execute<{ inserted: boolean }[]>(UPSERT_TALENTS_SQL, [JSON.stringify(good.slice(i, i + CHUNK).map((r) => this.stored(r)))], 'all', em.getTransactionContext());
        for (const r of result) r.inserted ? report.inserted++ : report.updated++;
      }
    });
    report.unchanged = good.length - report.inserted - report.updated;
    report.written = true;
    return report;
  }

  private stored(r: TalentRow) {
    const { idNumber, phone, ...rest } = r;
    return {
      ...rest,
      idNumberCipher: encryptPersonal(this.keyring, 'idNumber', idNumber),
      idNumberHash: lookupHash(this.keyring, 'idNumber', idNumber),
      phoneCipher: encryptPersonal(this.keyring, 'phone', phone),
      phoneHash: lookupHash(this.keyring, 'phone', phone),
    };
  }

  /** Organizations by credit code and by name (a name shared by several is ambiguous). */
  private async employers() {
    const rows = await this.em.getConnection().execute<{ id: number; name: string; credit_code: string | null }[]>('select id, name, credit_code from organization where archived_at is null');
    const byCode = new Map<string, number>();
    const byName = new Map<string, number | 'ambiguous'>();
    for (const o of rows) {
      if (o.credit_code) byCode.set(o.credit_code, o.id);
      byName.set(o.name, byName.has(o.name) ? 'ambiguous' : o.id);
    }
    return { byCode, byName };
  }

  private check({ row, cells }: SheetRow, employers: Awaited<ReturnType<TalentImportService['employers']>>, seen: Map<string, number>): TalentRow | ImportProblem[] {
    const problems: ImportProblem[] = [];
    const C = TALENT_COLUMNS;
    const cell = (column: string) => (cells[column] ?? '').trim();
    const problem = (column: string, message: string) =>
      problems.push({ row, column, value: PERSONAL_COLUMNS.has(column) ? '(hidden)' : cell(column), message });
    const label = <E extends string>(column: string, labels: Record<E, string>): E => {
      const value = fromLabel(labels, cell(column));
      if (!value) problem(column, `应为 ${Object.values(labels).join('、')} 之一`);
      return value as E;
    };

    const name = cell(C.name);
    if (!name || name.length > 32) problem(C.name, '姓名不能为空，且不超过 32 个字');
    const idNumber = normalizePersonal('idNumber', cell(C.idNumber));
    const { parts, error: idError } = checkIdNumber(C.idNumber, idNumber);
    if (idError) problem(C.idNumber, idError.message);
    else if (seen.has(idNumber)) problem(C.idNumber, `与第 ${seen.get(idNumber)} 行为同一人（身份证号相同）`);
    else seen.set(idNumber, row);
    const phone = cell(C.phone);
    const phoneError = checkPhone(C.phone, phone);
    if (phoneError) problem(C.phone, phoneError.message);
    const gender = parts ? (parts.gender as keyof typeof GENDER_LABELS) : null;
    if (cell(C.gender) && gender && fromLabel(GENDER_LABELS, cell(C.gender)) !== gender) problem(C.gender, '性别与身份证号不符');
    const education = label(C.education, EDUCATION_LABELS);
    const professionalTitle = label(C.professionalTitle, PROFESSIONAL_TITLE_LABELS);
    const talentType = label(C.talentType, TALENT_TYPE_LABELS);
    const tierText = cell(C.tier);
    const tier = !tierText || tierText === NO_TIER_LABEL ? null : label(C.tier, TALENT_TIER_LABELS);
    const industry = label(C.industry, INDUSTRY_LABELS);
    const engagement = label(C.engagement, ENGAGEMENT_LABELS);
    const overseasText = cell(C.overseas).toUpperCase();
    if (!YES.has(overseasText) && !NO.has(overseasText)) problem(C.overseas, '应为 是 或 否');
    const introducedAt = parseDate(cell(C.introducedAt));
    if (!introducedAt) problem(C.introducedAt, '应为日期，如 2024-05-01');

    const code = cell(C.employerCreditCode).toUpperCase();
    const employerName = cell(C.employerName);
    let organizationId: number | undefined;
    if (code) {
      organizationId = employers.byCode.get(code);
      if (!organizationId) problem(C.employerCreditCode, '没有使用该统一社会信用代码的单位');
    } else if (employerName) {
      const found = employers.byName.get(employerName);
      if (found === 'ambiguous') problem(C.employerName, '有多个同名单位，请填写统一社会信用代码');
      else if (!found) problem(C.employerName, '没有该名称的单位');
      else organizationId = found;
    } else problem(C.employerName, '请填写工作单位或统一社会信用代码');

    if (problems.length) return problems;
    return {
      name, idNumber, phone, birthYear: parts!.birthYear, gender: gender!, education, professionalTitle, talentType, tier, industry, engagement,
      overseasExperience: YES.has(overseasText), introducedAt: introducedAt!, organizationId: organizationId!,
    };
  }
}
