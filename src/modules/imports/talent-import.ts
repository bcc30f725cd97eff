import type { EntityManager } from '@mikro-orm/postgresql';
import { fromLabel } from '../../shared/labels';
import { encryptPersonal, lookupHash, normalizePersonal } from '../../shared/pii/personal-data-cipher';
import type { PiiKeyring } from '../../shared/pii/keyring';
import { checkIdNumber, checkPhone } from '../../shared/writes/domain-rules';
import { isValidCalendarDate } from '../../shared/validation/gb11643';
import { INDUSTRY_LABELS } from '../organization/organization.enums';
import { EDUCATION_LABELS, ENGAGEMENT_LABELS, GENDER_LABELS, NO_TIER_LABEL, PROFESSIONAL_TITLE_LABELS, TALENT_TIER_LABELS, TALENT_TYPE_LABELS } from '../talent/talent.enums';
import { BULK_MERGE_TALENTS_SQL, MERGE_TALENTS_SQL, TALENT_PENDING_SQL, TALENT_STAGING } from './import.sql';
import { SheetImport, type BulkMerge, type RowCheck } from './sheet-import';
import { loadEmployers, type Employers } from './employer-columns';

export type { ImportProblem, ImportReport } from './sheet-import';

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

/**
 * Talent imports: rows upserted on the keyed hash of the ID number (import.sql.ts), personal
 * values (身份证号, 手机号) hidden in reports and stored only encrypted. The same person in two
 * files is one talent; the same ID number twice in one file is a problem on the second row.
 */
export class TalentImportService extends SheetImport<TalentRow, Employers> {
  readonly columns = TALENT_COLUMNS;
  protected override readonly optionalColumns: ReadonlySet<string> = new Set([TALENT_COLUMNS.gender, TALENT_COLUMNS.tier, TALENT_COLUMNS.overseas, TALENT_COLUMNS.employerName, TALENT_COLUMNS.employerCreditCode]);
  override readonly personalColumns: ReadonlySet<string> = new Set([TALENT_COLUMNS.idNumber, TALENT_COLUMNS.phone]);

  constructor(
    em: EntityManager,
    private readonly keyring: PiiKeyring,
  ) {
    super(em);
  }

  protected lookups(): Promise<Employers> {
    return loadEmployers(this.em);
  }

  protected readonly staging = TALENT_STAGING;
  protected readonly merge = [MERGE_TALENTS_SQL];
  protected override readonly bulk: BulkMerge = { table: 'talent', pending: TALENT_PENDING_SQL, merge: BULK_MERGE_TALENTS_SQL };

  /** The row in TALENT_STAGING's order, personal values encrypted and hashed here (the keys never reach SQL). */
  protected stage(r: TalentRow): unknown[] {
    return [
      r.name, encryptPersonal(this.keyring, 'idNumber', r.idNumber), lookupHash(this.keyring, 'idNumber', r.idNumber),
      encryptPersonal(this.keyring, 'phone', r.phone), lookupHash(this.keyring, 'phone', r.phone), r.birthYear, r.gender, r.education,
      r.professionalTitle, r.talentType, r.tier, r.industry, r.engagement, r.overseasExperience, r.introducedAt, r.organizationId,
    ];
  }

  protected check(r: RowCheck, employers: Employers): TalentRow {
    const C = TALENT_COLUMNS;
    const name = r.text(C.name, 32);
    const idNumber = normalizePersonal('idNumber', r.cell(C.idNumber));
    const { parts, error: idError } = checkIdNumber(C.idNumber, idNumber);
    if (idError) r.problem(C.idNumber, idError.message);
    else r.once(C.idNumber, idNumber, '为同一人（身份证号相同）');
    const phone = r.cell(C.phone);
    const phoneError = checkPhone(C.phone, phone);
    if (phoneError) r.problem(C.phone, phoneError.message);
    const gender = parts ? (parts.gender as keyof typeof GENDER_LABELS) : null;
    if (r.cell(C.gender) && gender && fromLabel(GENDER_LABELS, r.cell(C.gender)) !== gender) r.problem(C.gender, '性别与身份证号不符');
    const education = r.label(C.education, EDUCATION_LABELS);
    const professionalTitle = r.label(C.professionalTitle, PROFESSIONAL_TITLE_LABELS);
    const talentType = r.label(C.talentType, TALENT_TYPE_LABELS);
    const tierText = r.cell(C.tier);
    const tier = !tierText || tierText === NO_TIER_LABEL ? null : r.label(C.tier, TALENT_TIER_LABELS);
    const industry = r.label(C.industry, INDUSTRY_LABELS);
    const engagement = r.label(C.engagement, ENGAGEMENT_LABELS);
    const overseasText = r.cell(C.overseas).toUpperCase();
    if (!YES.has(overseasText) && !NO.has(overseasText)) r.problem(C.overseas, '应为 是 或 否');
    const introducedAt = parseDate(r.cell(C.introducedAt));
    if (!introducedAt) r.problem(C.introducedAt, '应为日期，如 2024-05-01');

    const code = r.cell(C.employerCreditCode).toUpperCase();
    const employerName = r.cell(C.employerName);
    let organizationId: number | undefined;
    if (code) {
      organizationId = employers.byCode.get(code);
      if (!organizationId) r.problem(C.employerCreditCode, '没有使用该统一社会信用代码的单位');
    } else if (employerName) {
      const found = employers.byName.get(employerName);
      if (found === 'ambiguous') r.problem(C.employerName, '有多个同名单位，请填写统一社会信用代码');
      else if (!found) r.problem(C.employerName, '没有该名称的单位');
      else organizationId = found;
    } else r.problem(C.employerName, '请填写工作单位或统一社会信用代码');

    return {
      name, idNumber, phone, birthYear: parts?.birthYear ?? 0, gender: gender!, education, professionalTitle, talentType, tier, industry, engagement,
      overseasExperience: YES.has(overseasText), introducedAt: introducedAt!, organizationId: organizationId!,
    };
  }
}
