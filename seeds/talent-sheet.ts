import { idNumberCheckChar } from '../src/shared/validation/gb11643';
import { TALENT_COLUMNS } from '../src/modules/imports/talent-import';
import { INDUSTRY_LABELS } from '../src/modules/organization/organization.enums';
import { EDUCATION_LABELS, PROFESSIONAL_TITLE_LABELS } from '../src/modules/talent/talent.enums';

const pick = (labels: Record<string, string>, i: number) => Object.values(labels)[i % Object.values(labels).length];

export const HEADERS = Object.values(TALENT_COLUMNS);

/** Row i of a synthetic talent sheet: valid cells, a unique valid ID number per i (i < 10^7). */
export function talentCells(i: number, employerCreditCode: string): Record<string, string> {
  const birth = `19${String(60 + (i % 40))}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
  // Area code varies with i so that 100,000s of people stay unique (sequence is 3 digits).
  const first17 = `11${String(Math.floor(i / 1000) % 10000).padStart(4, '0')}${birth}${String(i % 1000).padStart(3, '0')}`;
  return {
    [TALENT_COLUMNS.name]: `导入测试${i}`,
    [TALENT_COLUMNS.idNumber]: first17 + idNumberCheckChar(first17),
    [TALENT_COLUMNS.phone]: `139${String(i).padStart(8, '0')}`,
    [TALENT_COLUMNS.gender]: '',
    [TALENT_COLUMNS.education]: pick(EDUCATION_LABELS, i),
    [TALENT_COLUMNS.professionalTitle]: pick(PROFESSIONAL_TITLE_LABELS, i),
    [TALENT_COLUMNS.talentType]: '专业技术人才',
    [TALENT_COLUMNS.tier]: i % 5 === 0 ? '青年人才' : '',
    [TALENT_COLUMNS.industry]: pick(INDUSTRY_LABELS, i),
    [TALENT_COLUMNS.engagement]: i % 2 ? '全职引进' : '柔性引进',
    [TALENT_COLUMNS.overseas]: i % 7 === 0 ? '是' : '否',
    [TALENT_COLUMNS.introducedAt]: `20${String(10 + (i % 15))}/${1 + (i % 12)}/${1 + (i % 28)}`,
    [TALENT_COLUMNS.employerName]: '',
    [TALENT_COLUMNS.employerCreditCode]: employerCreditCode,
  };
}
