import type { EntityManager } from '@mikro-orm/postgresql';
import type { RowCheck } from './sheet-import';

/** Active organizations by credit code and by name (a name shared by several is ambiguous): the employer columns of every import. */
export interface Employers {
  byCode: Map<string, number>;
  byName: Map<string, number | 'ambiguous'>;
}

export async function loadEmployers(em: EntityManager): Promise<Employers> {
  const rows = await em.getConnection().execute<{ id: number; name: string; credit_code: string | null }[]>('select id, name, credit_code from organization where archived_at is null');
  const byCode = new Map<string, number>();
  const byName = new Map<string, number | 'ambiguous'>();
  for (const o of rows) {
    if (o.credit_code) byCode.set(o.credit_code, o.id);
    byName.set(o.name, byName.has(o.name) ? 'ambiguous' : o.id);
  }
  return { byCode, byName };
}

/**
 * The organization a row names by credit code (preferred) or by name; undefined with a problem
 * when it names none, or an ambiguous or unknown one. `required: false`: both cells empty → null.
 */
export function checkEmployer(
  r: RowCheck,
  columns: { name: string; creditCode: string },
  employers: Employers,
  required: boolean,
): number | null | undefined {
  const code = r.cell(columns.creditCode).toUpperCase();
  const name = r.cell(columns.name);
  if (code) {
    const id = employers.byCode.get(code);
    if (!id) r.problem(columns.creditCode, '没有使用该统一社会信用代码的单位');
    return id;
  }
  if (name) {
    const found = employers.byName.get(name);
    if (found === 'ambiguous') r.problem(columns.name, '有多个同名单位，请填写统一社会信用代码');
    else if (!found) r.problem(columns.name, '没有该名称的单位');
    else return found;
    return undefined;
  }
  if (required) r.problem(columns.name, `请填写${columns.name}或${columns.creditCode}`);
  return required ? undefined : null;
}
