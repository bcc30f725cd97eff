import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Client } from 'pg';
import { seedDatabase } from '../seeds/seed';
import { HEADERS, talentCells } from '../seeds/talent-sheet';
import { readRows, toCsvLine } from '../src/modules/imports/read-rows';
import { initOrm, migrate } from '../src/shared/orm';

/**
 * `npm run bench:import`: the import targets of issue 15, measured, not asserted. On its own
 * database (IMPORT_BENCH_DATABASE_URL, else huigu_import_bench on the local server: created,
 * migrated and seeded with a small register if new), IMPORT_BENCH_ROWS talent rows (1,000,000
 * by default) are imported by `npm run import` in a child process, whose own peak RSS
 * (VmHWM, worker thread included) it reports:
 *   1. from a GB18030 CSV, into a register without them  (target < 2 min)
 *   2. the same file again, every row unchanged          (target < 1 min)
 *   3. from xlsx, into a register without them           (target < 4 min)
 * Peak RSS target < 400 MB throughout. The floor, measured in the same run: reading and decoding
 * the CSV alone; each step is printed as a ratio to it too.
 */
const ROWS = Number(process.env.IMPORT_BENCH_ROWS ?? 1_000_000);
const URL = process.env.IMPORT_BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/huigu_import_bench';
const DIR = process.env.IMPORT_BENCH_DIR ?? join(tmpdir(), 'huigu-import-bench');
const NAME_PREFIX = '导入测试';

async function sql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function prepareDatabase(): Promise<string> {
  const url = new globalThis.URL(URL);
  const name = url.pathname.slice(1);
  const admin = new globalThis.URL(URL);
  admin.pathname = '/postgres';
  const exists = await sql(admin.toString(), 'select 1 from pg_database where datname = $1', [name]);
  if (!exists.length) await sql(admin.toString(), `create database "${name.replace(/"/g, '')}"`);
  const orm = await initOrm({ clientUrl: URL, poolMax: 2 });
  try {
    await migrate(orm);
    const [{ n }] = await orm.em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from organization');
    if (!n) await seedDatabase(orm, { talents: 1000 });
  } finally {
    await orm.close();
  }
  const [{ code }] = await sql<{ code: string }>(URL, 'select credit_code as code from organization where credit_code is not null and archived_at is null order by id limit 1');
  return code;
}

async function writeFiles(employer: string): Promise<{ csv: string; xlsx: string }> {
  mkdirSync(DIR, { recursive: true });
  const csv = join(DIR, `talents-${ROWS}-gb18030.csv`);
  const xlsx = join(DIR, `talents-${ROWS}.xlsx`);
  const line = (i: number) => HEADERS.map((h) => talentCells(i, employer)[h]);
  if (!existsSync(csv)) {
    const out = createWriteStream(csv);
    out.write(iconv.encode(toCsvLine(HEADERS) + '\r\n', 'gb18030'));
    for (let i = 0; i < ROWS; i += 1000) {
      const chunk = Array.from({ length: Math.min(1000, ROWS - i) }, (_, k) => toCsvLine(line(i + k)) + '\r\n').join('');
      if (!out.write(iconv.encode(chunk, 'gb18030'))) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
  }
  if (!existsSync(xlsx)) {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: false });
    const sheet = workbook.addWorksheet('人才');
    sheet.addRow(HEADERS).commit();
    for (let i = 0; i < ROWS; i++) sheet.addRow(line(i)).commit();
    await sheet.commit();
    await workbook.commit();
  }
  return { csv, xlsx };
}

interface Measured {
  seconds: number;
  peakRssMb: number;
  summary: Record<string, unknown>;
}

/**
 * `npm run import` in a child process, as an operator runs it (with the script's Node flags): its
 * wall time and the import process's own peak RSS (from its summary line).
 */
function runImport(file: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', 'import', '--', 'talents', file], {
      env: { ...process.env, DATABASE_URL: URL },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`import exited ${code}: ${out.slice(-2000)}`));
      const summary = JSON.parse(last) as Record<string, unknown>;
      resolve({ seconds: (Date.now() - started) / 1000, peakRssMb: Number(summary.peakRssMb), summary });
    });
  });
}

async function main() {
  const log = (s: string) => console.log(s);
  log(`imports bench: ${ROWS} talent rows, database ${new globalThis.URL(URL).pathname.slice(1)}, files in ${DIR}`);
  const employer = await prepareDatabase();
  const files = await writeFiles(employer);
  log(`files: csv ${(statSync(files.csv).size / 1e6).toFixed(0)} MB, xlsx ${(statSync(files.xlsx).size / 1e6).toFixed(0)} MB`);
  // Deleted rows leave dead versions behind, in talent and in what its triggers keep: vacuumed, so
  // each step starts from tables a register would have.
  const VACUUMED = 'talent, talent_match, talent_match_term';
  const clear = async () => {
    await sql(URL, `delete from talent where name like $1`, [`${NAME_PREFIX}%`]);
    await sql(URL, `vacuum analyze ${VACUUMED}`);
  };

  const floorStarted = Date.now();
  let read = 0;
  for await (const _ of readRows(files.csv)) read++;
  const floor = (Date.now() - floorStarted) / 1000;
  log(`floor (read + decode the CSV only): ${read} rows in ${floor.toFixed(1)} s`);

  const results: [string, Measured, number][] = [];
  await clear();
  results.push(['GB18030 CSV, new rows', await runImport(files.csv), 120]);
  await sql(URL, `vacuum analyze ${VACUUMED}`);
  results.push(['same CSV again, unchanged', await runImport(files.csv), 60]);
  await clear();
  results.push(['xlsx, new rows', await runImport(files.xlsx), 240]);
  for (const [name, m, target] of results) {
    log(
      `${name.padEnd(28)} ${m.seconds.toFixed(1).padStart(7)} s (target < ${target} s, ${(m.seconds / floor).toFixed(1)}× floor)  peak RSS ${m.peakRssMb} MB (target < 400)  ${JSON.stringify({ inserted: m.summary.inserted, updated: m.summary.updated, unchanged: m.summary.unchanged })}`,
    );
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
