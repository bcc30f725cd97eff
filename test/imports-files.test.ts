import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSheet, readRows, SheetReadError, toCsvLine, type SheetRow } from '../src/modules/imports/read-rows';
import { HIDDEN, PROBLEM_COLUMN, writeProblemReport } from '../src/modules/imports/problem-report';
import { REPORTED_PROBLEMS, type ImportProblem } from '../src/modules/imports/sheet-import';
import { TALENT_COLUMNS, TalentImportService } from '../src/modules/imports/talent-import';
import { keyringFromConfig } from '../src/shared/pii/keyring';
import { HEADERS, talentCells } from '../seeds/talent-sheet';
import type { TestApp } from './helpers/app';
import { createScratchHub } from './helpers/scratch-hub';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'huigu-import-files-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const collect = async (rows: AsyncIterable<SheetRow>) => {
  const out: SheetRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
};
const write = (name: string, bytes: Buffer | string) => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
};
/** Cells a department writes: Chinese, a comma, quotes, line breaks inside a cell (an address, a note). */
const TRICKY = [
  ['姓名', '地址', '备注'],
  ['张伟', '北京市平谷区滨河街道,新平北路 1 号', '第一行\n第二行'],
  ['李娜', '"金海湖"镇 8 号', '他说：“好”\r\n然后 "走了"'],
  ['王芳', '𠀀 (GB18030 四字节字)', ''],
];
const expected = TRICKY.slice(1).map((values, i) => ({ row: i + 2, cells: Object.fromEntries(TRICKY[0].map((h, k) => [h, values[k]])) }));
const csvText = (eol: string) => TRICKY.map(toCsvLine).join(eol) + eol;

describe('reading department files', () => {
  it('reads back what the project writes: quoted cells across lines, quotes in quotes, CRLF (round trip)', async () => {
    for (const eol of ['\r\n', '\n']) {
      expect(await collect(readRows(write(`round-trip-${eol.length}.csv`, csvText(eol))))).toEqual(expected);
    }
  });

  it.each([
    ['UTF-8 without BOM', 'utf-8', Buffer.from(csvText('\r\n'), 'utf8')],
    ['UTF-8 with BOM', 'utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText('\r\n'), 'utf8')])],
    ['GB18030 (Excel, Chinese locale)', 'gb18030', iconv.encode(csvText('\r\n'), 'gb18030')],
    ['UTF-16 LE with BOM', 'utf-16le', iconv.encode(csvText('\r\n'), 'utf-16le', { addBOM: true })],
    ['UTF-16 BE with BOM', 'utf-16be', iconv.encode(csvText('\r\n'), 'utf-16be', { addBOM: true })],
  ])('detects %s', async (_name, encoding, bytes) => {
    const sheet = await openSheet(write(`enc-${encoding}-${bytes.length}.csv`, bytes));
    expect(sheet.encoding).toBe(encoding);
    expect(await collect(sheet.rows)).toEqual(expected);
  });

  it('GBK text is GB18030 to the reader; --encoding overrides the detection', async () => {
    const gbk = write('gbk.csv', iconv.encode(csvText('\n').replace('𠀀', '平'), 'gbk'));
    expect((await collect(readRows(gbk, { encoding: 'gbk' })))[2].cells['地址']).toContain('平');
    await expect(collect(readRows(gbk, { encoding: 'utf-8' }))).rejects.toThrow(/第 1 行.*UTF-8.*--encoding gb18030/);
    await expect(collect(readRows(gbk, { encoding: 'latin9' }))).rejects.toThrow(SheetReadError);
  });

  it('a file that is not text in its encoding gets an error naming the line, even past the detection sample', async () => {
    const ascii = Array.from({ length: 5000 }, (_, i) => `name${i},address ${i} of some length`).join('\n');
    const file = write('late-gbk.csv', Buffer.concat([Buffer.from(`a,b\n${ascii}\n`), iconv.encode('张伟,平谷\n', 'gbk')]));
    await expect(collect(readRows(file))).rejects.toThrow(/第 5002 行/);
  });

  it('refuses an old .xls with a message asking for xlsx or csv (by name, and by content)', async () => {
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]);
    await expect(openSheet(write('old.xls', ole))).rejects.toThrow(/\.xls.*\.xlsx.*CSV/);
    await expect(openSheet(write('renamed.xlsx', ole))).rejects.toThrow(/\.xlsx.*CSV/);
  });

  it('streams xlsx without splitting characters across chunks (no U+FFFD among 20,000 rows of Chinese)', async () => {
    const file = join(dir, 'chinese.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const sheet = workbook.addWorksheet('人才');
    sheet.addRow(['姓名', '地址']).commit();
    for (let i = 0; i < 20_000; i++) sheet.addRow([`导入测试人员${i}`, `北京市平谷区金海湖镇将军关村${i}号院（东侧）`]).commit();
    await sheet.commit();
    await workbook.commit();
    let n = 0;
    for await (const { cells } of readRows(file)) {
      expect(cells['地址']).toBe(`北京市平谷区金海湖镇将军关村${n}号院（东侧）`);
      n++;
    }
    expect(n).toBe(20_000);
  });
});

describe('problem report (xlsx)', () => {
  it('lists the bad rows in the file\'s own columns, marks the offending cells, hides personal values', async () => {
    const rows = [talentCells(1, 'X'), talentCells(2, 'X'), talentCells(3, 'X')];
    rows[1][TALENT_COLUMNS.education] = '研究生';
    const file = write('report-source.csv', [toCsvLine(HEADERS), ...rows.map((r) => toCsvLine(HEADERS.map((h) => r[h])))].join('\n'));
    const problems: ImportProblem[] = [
      { row: 3, column: TALENT_COLUMNS.idNumber, value: HIDDEN, message: '与第 2 行为同一人（身份证号相同）' },
      { row: 3, column: TALENT_COLUMNS.education, value: '研究生', message: '应为 博士研究生、硕士研究生 之一' },
    ];
    const target = join(dir, 'report.xlsx');
    async function* each() {
      yield* problems;
    }
    await writeProblemReport(target, file, each(), new Set([TALENT_COLUMNS.idNumber, TALENT_COLUMNS.phone]));

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(target);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(['行号', ...HEADERS, PROBLEM_COLUMN]);
    expect(sheet.rowCount).toBe(2);
    const line = sheet.getRow(2);
    const at = (column: string) => line.getCell(header.indexOf(column) + 1);
    expect(line.getCell(1).value).toBe(3);
    expect(at(TALENT_COLUMNS.idNumber).value).toBe(HIDDEN);
    expect(at(TALENT_COLUMNS.phone).value).toBe(HIDDEN);
    expect(at(TALENT_COLUMNS.name).value).toBe(rows[1][TALENT_COLUMNS.name]);
    const marked = header.filter((h) => (at(h).fill as ExcelJS.FillPattern | undefined)?.pattern === 'solid');
    expect(marked.sort()).toEqual([TALENT_COLUMNS.education, TALENT_COLUMNS.idNumber].sort());
    expect(String(at(TALENT_COLUMNS.education).note)).toContain('应为');
    expect(String(at(PROBLEM_COLUMN).value)).toContain('身份证号：与第 2 行为同一人');
  });
});

describe('imports of large files (staging table, one merge)', () => {
  let hub: TestApp;
  let employer: string;
  beforeAll(async () => {
    hub = await createScratchHub('huigu_import_files');
    [{ code: employer }] = await hub.orm.em.getConnection().execute<{ code: string }[]>('select credit_code as code from organization where credit_code is not null and archived_at is null order by id limit 1');
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });
  const service = () => new TalentImportService(hub.orm.em.fork(), keyringFromConfig(hub.config.pii));
  const snapshot = async () => (await hub.orm.em.getConnection().execute(`select md5(coalesce(string_agg(t::text, '|' order by id), '')) as h from talent t`))[0].h;
  const rowsOf = (first: number, count: number) => Array.from({ length: count }, (_, i) => talentCells(first + i, employer));
  const gbFile = (name: string, rows: Record<string, string>[]) =>
    write(name, iconv.encode([toCsvLine(HEADERS), ...rows.map((r) => toCsvLine(HEADERS.map((h) => r[h])))].join('\r\n') + '\r\n', 'gb18030'));

  it('one bad row at the very end of 10,000 leaves the tables as they were (md5); a dry run of the fixed file says what would be written', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => talentCells(50_000 + i, employer));
    const last = { ...rows[9_999], [TALENT_COLUMNS.introducedAt]: '去年' };
    const before = await snapshot();
    const bad = await service().run(readRows(gbFile('end-bad.csv', [...rows.slice(0, -1), last])));
    expect(bad).toMatchObject({ rows: 10_000, written: false, inserted: 0, problemCount: 1, problems: [{ row: 10_001, column: TALENT_COLUMNS.introducedAt, value: '去年' }] });
    expect(await snapshot()).toBe(before);

    const good = gbFile('end-good.csv', rows);
    expect(await service().run(readRows(good), { dryRun: true })).toMatchObject({ dryRun: true, written: false, inserted: 10_000, updated: 0, unchanged: 0, problemCount: 0 });
    expect(await snapshot()).toBe(before);
    expect(await service().run(readRows(good))).toMatchObject({ written: true, inserted: 10_000, updated: 0, unchanged: 0 });
    const after = await snapshot();
    const changed = rows.map((r, i) => (i % 4 === 0 ? { ...r, [TALENT_COLUMNS.tier]: '领军人才' } : r));
    expect(await service().run(readRows(gbFile('changed.csv', changed)), { dryRun: true })).toMatchObject({ inserted: 0, updated: 2_500, unchanged: 7_500 });
    expect(await snapshot()).toBe(after);
  }, 120_000);

  it('a file that stops decoding half-way aborts the COPY: nothing written, the next import runs', async () => {
    const before = await snapshot();
    const good = rowsOf(60_000, 3000).map((r) => toCsvLine(HEADERS.map((h) => r[h]))).join('\n');
    const file = write('half-utf8.csv', Buffer.concat([Buffer.from(`${toCsvLine(HEADERS)}\n${good}\n`), iconv.encode(toCsvLine(HEADERS.map((h) => rowsOf(63_000, 1)[0][h])), 'gbk')]));
    await expect(service().run(readRows(file))).rejects.toThrow(/第 3002 行/);
    expect(await snapshot()).toBe(before);
    expect(await service().run(readRows(gbFile('after-abort.csv', rowsOf(95_000, 10))))).toMatchObject({ written: true, inserted: 10 });
  }, 60_000);

  it('reports every problem however many: the first ones in the report, all through onProblems, duplicates found in SQL', async () => {
    const rows = Array.from({ length: 2 * (REPORTED_PROBLEMS + 500) }, (_, i) => talentCells(80_000 + (i % 2 ? i - 1 : i), employer));
    let count = 0;
    let seen = 0;
    const report = await service().run(readRows(gbFile('many-bad.csv', rows)), {
      dryRun: true,
      onProblems: async (problems, total) => {
        count = total;
        for await (const p of problems) {
          expect(p).toMatchObject({ column: TALENT_COLUMNS.idNumber, value: HIDDEN, message: `与第 ${p.row - 1} 行为同一人（身份证号相同）` });
          seen++;
        }
      },
    });
    expect(report.problemCount).toBe(REPORTED_PROBLEMS + 500);
    expect(report.problems).toHaveLength(REPORTED_PROBLEMS);
    expect([count, seen]).toEqual([report.problemCount, report.problemCount]);
  }, 60_000);
});
