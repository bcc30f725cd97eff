import { readRows, toCsvLine } from '../src/modules/imports/read-rows';
import ExcelJS from 'exceljs';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyringFromConfig } from '../src/shared/pii/keyring';
import { TALENT_COLUMNS, TalentImportService } from '../src/modules/imports/talent-import';
import type { TestApp } from './helpers/app';
import { createScratchHub } from './helpers/scratch-hub';
import { HEADERS, talentCells } from '../seeds/talent-sheet';

let hub: TestApp;
let dir: string;
let employer: string;

beforeAll(async () => {
  hub = await createScratchHub('huigu_imports');
  [{ code: employer }] = await hub.orm.em.getConnection().execute<{ code: string }[]>('select credit_code as code from organization where credit_code is not null order by id limit 1');
  dir = mkdtempSync(join(tmpdir(), 'huigu-import-'));
}, 60_000);
afterAll(async () => {
  await hub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const service = () => new TalentImportService(hub.orm.em.fork(), keyringFromConfig(hub.config.pii));
const talents = async () => (await hub.orm.em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from talent'))[0].n;
function csv(name: string, rows: Record<string, string>[]): string {
  const file = join(dir, name);
  writeFileSync(file, '\uFEFF' + [toCsvLine(HEADERS), ...rows.map((r) => toCsvLine(HEADERS.map((h) => r[h] ?? '')))].join('\r\n') + '\r\n');
  return file;
}

describe('talent import (one file, all or nothing)', () => {
  let good: Record<string, string>[];
  let bad: Record<string, string>[];
  beforeAll(() => {
    good = Array.from({ length: 1000 }, (_, i) => talentCells(10_000 + i, employer));
    // Rows 101, 501 and 901 of the file (the header is row 1).
    bad = good.map((r) => ({ ...r }));
    bad[99][TALENT_COLUMNS.idNumber] = bad[99][TALENT_COLUMNS.idNumber].slice(0, 17) + (bad[99][TALENT_COLUMNS.idNumber].endsWith('1') ? '2' : '1');
    bad[499][TALENT_COLUMNS.education] = '研究生';
    bad[899][TALENT_COLUMNS.employerCreditCode] = '';
  });

  it('a dry run lists exactly the 3 bad rows, hiding personal values, and writes nothing', async () => {
    const before = await talents();
    const report = await service().run(readRows(csv('bad.csv', bad)), { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, rows: 1000, written: false, inserted: 0 });
    expect(report.problems).toEqual([
      { row: 101, column: '身份证号', value: '(hidden)', message: expect.stringContaining('GB 11643') },
      { row: 501, column: '学历', value: '研究生', message: expect.stringContaining('硕士研究生') },
      { row: 901, column: '工作单位', value: '', message: expect.any(String) },
    ]);
    expect(await talents()).toBe(before);
  });

  it('a real run of the bad file writes nothing', async () => {
    const before = await talents();
    const report = await service().run(readRows(csv('bad.csv', bad)));
    expect(report).toMatchObject({ written: false, inserted: 0, updated: 0 });
    expect(report.problems).toHaveLength(3);
    expect(await talents()).toBe(before);
  });

  it('the fixed file writes 1,000 talents; importing it again changes nothing', async () => {
    const before = await talents();
    const file = csv('good.csv', good);
    expect(await service().run(readRows(file))).toMatchObject({ written: true, rows: 1000, inserted: 1000, updated: 0, unchanged: 0, problems: [] });
    expect(await talents()).toBe(before + 1000);
    // Every talent row as stored (ciphertexts change on any rewrite: fresh IVs).
    const snapshot = async () => (await hub.orm.em.getConnection().execute(`select md5(string_agg(t::text, '|' order by id)) as h from talent t`))[0].h;
    const v1 = await snapshot();
    expect(await service().run(readRows(file))).toMatchObject({ written: true, inserted: 0, updated: 0, unchanged: 1000 });
    expect(await snapshot()).toBe(v1);
  });

  it('the same person in two departments\' files yields one talent, updated by the second', async () => {
    const person = talentCells(20_001, employer);
    const before = await talents();
    expect(await service().run(readRows(csv('dept-a.csv', [person])))).toMatchObject({ inserted: 1 });
    const other = { ...person, [TALENT_COLUMNS.phone]: '13700001111', [TALENT_COLUMNS.idNumber]: person[TALENT_COLUMNS.idNumber].toLowerCase(), [TALENT_COLUMNS.tier]: '领军人才' };
    expect(await service().run(readRows(csv('dept-b.csv', [other])))).toMatchObject({ inserted: 0, updated: 1 });
    expect(await talents()).toBe(before + 1);
    // The update moved the talent's version, as a mutation's would.
    expect(await hub.orm.em.getConnection().execute('select version from talent where id = (select max(id) from talent)')).toEqual([{ version: 2 }]);
  });

  it('refuses two rows of one file for the same person', async () => {
    const person = talentCells(20_002, employer);
    const report = await service().run(readRows(csv('twice.csv', [person, person])), { dryRun: true });
    expect(report.problems).toEqual([expect.objectContaining({ row: 3, column: '身份证号', message: expect.stringContaining('第 2 行') })]);
  });

  it('a file cell holding a NUL is a problem of its row, not a failed statement (the CLI path has no GraphQL check)', async () => {
    const before = await talents();
    const rows = [talentCells(20_000, employer)];
    rows[0][TALENT_COLUMNS.name] = '张\u0000伟';
    const report = await service().run(readRows(csv('nul.csv', rows)));
    expect(report).toMatchObject({ written: false, problems: [{ row: 2, column: TALENT_COLUMNS.name, message: expect.stringContaining('U+0000') }] });
    expect(await talents()).toBe(before);
  });

  it('reads .xlsx the same way (streamed)', async () => {
    const file = join(dir, 'talents.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('人才');
    sheet.addRow(HEADERS);
    for (let i = 0; i < 20; i++) sheet.addRow(HEADERS.map((h) => talentCells(30_000 + i, employer)[h]));
    await workbook.xlsx.writeFile(file);
    expect(await service().run(readRows(file))).toMatchObject({ rows: 20, inserted: 20, problems: [] });
  });
});

describe('importTalents mutation', () => {
  const IMPORT = `mutation($rows: [TalentImportRowInput!]!, $dryRun: Boolean) {
    importTalents(rows: $rows, dryRun: $dryRun) { dryRun rows written inserted updated unchanged problems { row column value message } } }`;
  const keys = Object.keys(TALENT_COLUMNS) as (keyof typeof TALENT_COLUMNS)[];
  const asInput = (cells: Record<string, string>) => Object.fromEntries(keys.map((k) => [k, cells[TALENT_COLUMNS[k]]]));

  it('goes through the same service: dry run, then a real run', async () => {
    const rows = [asInput(talentCells(40_000, employer)), { ...asInput(talentCells(40_001, employer)), phone: '12' }];
    const dry = await hub.gql(IMPORT, { rows, dryRun: true }, { as: 'ADMIN' });
    expect(dry.errors).toBeUndefined();
    expect(dry.data!.importTalents).toMatchObject({ dryRun: true, written: false, problems: [{ row: 2, column: '手机号', value: '(hidden)' }] });
    const real = await hub.gql(IMPORT, { rows: rows.slice(0, 1) }, { as: 'ADMIN' });
    expect(real.data!.importTalents).toMatchObject({ written: true, inserted: 1, problems: [] });
  });

  it.each(['ANALYST', 'DASHBOARD'] as const)('is FORBIDDEN for %s', async (role) => {
    const result = await hub.gql(IMPORT, { rows: [] }, { as: role });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('large loads: the bulk merge and the staging worker', () => {
  const sql = async <T = Record<string, any>>(text: string, params: unknown[] = []) => hub.orm.em.getConnection().execute<T[]>(text, params);
  /**
   * Each secondary index and constraint of talent: its definition, and its index's oid (a rebuilt
   * index gets a new one). Ordered by name and definition: a unique constraint and its index share a name.
   */
  const structure = async () => {
    const rows = await sql<{ name: string; definition: string; oid: number }>(
      `select i.relname as name, pg_get_indexdef(x.indexrelid) as definition, x.indexrelid::int as oid from pg_index x join pg_class i on i.oid = x.indexrelid
        where x.indrelid = 'talent'::regclass and not x.indisprimary
       union all
       select conname, pg_get_constraintdef(oid), 0 from pg_constraint where conrelid = 'talent'::regclass order by 1, 2`,
    );
    return { definitions: rows.map((r) => `${r.name} ${r.definition}`), oids: rows.map((r) => r.oid) };
  };
  /** The rollups count what the register holds. */
  const rollupsAgree = async () => {
    const [{ rolled, live }] = await sql<{ rolled: number; live: number }>(
      `select (select coalesce(sum(n), 0)::int from analytics_talent_core) as rolled, (select count(*)::int from active_talent) as live`,
    );
    expect(rolled).toBe(live);
  };
  const worker = () => ({ entity: 'talents', config: hub.config });

  it('a load large against the table drops and rebuilds its indexes and foreign keys in the merge: same counts, same structure, rollups right', async () => {
    const before = await structure();
    const known = Array.from({ length: 10 }, (_, i) => talentCells(50_000 + i, employer));
    expect(await service().run(readRows(csv('known.csv', known)))).toMatchObject({ inserted: 10 });
    // Large against the table: the bulk path needs at least as many rows written as the table holds.
    const fresh = Array.from({ length: (await talents()) + 10 }, (_, i) => talentCells(60_000 + i, employer));
    const changed: Record<string, string>[] = known.slice(0, 5).map((r) => ({ ...r, [TALENT_COLUMNS.tier]: '领军人才' }));
    const file = csv('large.csv', [...known.slice(5), ...changed, ...fresh]);
    const held = await talents();
    const report = await service().run(readRows(file), { bulkLoadFrom: 1, stagingWorker: worker() });
    expect(report).toMatchObject({ written: true, inserted: fresh.length, updated: 5, unchanged: 5, problems: [] });
    expect(await talents()).toBe(held + fresh.length);
    // Their record keys come from one drawn seed per statement: in range, and not repeated row to row.
    const [keys] = await sql<{ n: number; distinct: number; outside: number }>(
      `select count(*)::int as n, count(distinct record_key)::int as distinct, count(*) filter (where record_key not between 0 and 2147483647)::int as outside
         from talent where name in (?)`,
      [fresh.map((r) => r[TALENT_COLUMNS.name])],
    );
    expect(keys).toMatchObject({ n: fresh.length, outside: 0 });
    expect(keys.distinct).toBeGreaterThanOrEqual(fresh.length - 1);
    const after = await structure();
    expect(after.definitions).toEqual(before.definitions);
    expect(after.oids.filter((oid, i) => oid && oid === before.oids[i])).toEqual([]);
    await rollupsAgree();
    expect(await sql(`select count(*)::int as n from talent where tier = 'LEADING' and name in (?)`, [changed.map((r) => r[TALENT_COLUMNS.name])])).toEqual([{ n: 5 }]);
    // Again: nothing to write, so no lock and no rebuild.
    expect(await service().run(readRows(file), { bulkLoadFrom: 1 })).toMatchObject({ inserted: 0, updated: 0, unchanged: known.length + fresh.length });
    expect((await structure()).oids).toEqual(after.oids);
  }, 120_000);

  it('talent_personal_hash_check takes 64 lower-case hex digits and nothing else (the cheaper form of the regex)', async () => {
    const [{ id, hash }] = await sql<{ id: number; hash: string }>(`select id, phone_hash as hash from talent where phone_hash ~ '[a-f]' order by id limit 1`);
    for (const bad of [hash.slice(1), hash.slice(1) + ' ', ' ' + hash.slice(1), hash.toUpperCase(), hash.slice(1) + 'g', hash.slice(1) + '中']) {
      await expect(sql(`update talent set phone_hash = ? where id = ?`, [bad, id])).rejects.toThrow(/talent_personal_hash_check/);
    }
    await sql(`update talent set phone_hash = ? where id = ?`, [hash, id]);
  });

  it('a reader holding talent makes the large load merge row by row instead of waiting on it', async () => {
    const before = await structure();
    const fresh = Array.from({ length: (await talents()) + 10 }, (_, i) => talentCells(100_000 + i, employer));
    const reader = hub.orm.em.fork();
    await reader.begin();
    try {
      await reader.getConnection().execute('select 1 from talent limit 1', [], 'all', reader.getTransactionContext());
      expect(await service().run(readRows(csv('beside.csv', fresh)), { bulkLoadFrom: 1 })).toMatchObject({ written: true, inserted: fresh.length });
    } finally {
      await reader.rollback();
    }
    expect((await structure()).oids).toEqual(before.oids);
    await rollupsAgree();
  }, 120_000);

  it('rows checked on the staging worker give the same problems as on this thread', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => talentCells(80_000 + i, employer));
    rows[2500][TALENT_COLUMNS.phone] = '12';
    rows[2999][TALENT_COLUMNS.education] = '研究生';
    rows[10] = rows[3];
    const file = csv('checked.csv', rows);
    const here = await service().run(readRows(file), { dryRun: true });
    const there = await service().run(readRows(file), { dryRun: true, stagingWorker: worker() });
    expect(there).toEqual(here);
    expect(here.problems.map((p) => [p.row, p.column])).toEqual([[12, TALENT_COLUMNS.idNumber], [2502, TALENT_COLUMNS.phone], [3001, TALENT_COLUMNS.education]]);
  }, 60_000);
});
