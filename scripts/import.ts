import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { createJob, runJob } from '../src/modules/imports/import-jobs';
import { IMPORTERS as IMPORTS } from '../src/modules/imports/importers';
import { openSheet } from '../src/modules/imports/read-rows';
import { writeProblemReport } from '../src/modules/imports/problem-report';
import type { ImportPhase } from '../src/modules/imports/sheet-import';
import { runScript } from './run-script';

const PHASES: Record<ImportPhase, string> = { reading: '读取校验', checking: '查重', merging: '写入', done: '完成' };
const USAGE = `usage: npm run import -- ${Object.keys(IMPORTS).join('|')} FILE.xlsx|FILE.csv [--dry-run] [--encoding utf-8|gb18030|utf-16le|utf-16be] [--report PROBLEMS.xlsx]`;
/** Problems printed on the console; all of them go to the xlsx report. */
const PRINTED_PROBLEMS = 50;

/** `--name value` options and the positional arguments. */
function parseArgs(argv: string[]) {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dry-run') flags.set('dry-run', true);
    else if (a === '--encoding' || a === '--report') flags.set(a.slice(2), argv[++i] ?? '');
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else positional.push(a);
  }
  return { flags, positional };
}

/**
 * Progress of a long import: on a terminal a bar (rows read, rows/s, ETA from the bytes read,
 * phase); in a pipe or a log, a plain line every 5 seconds.
 */
function progressReporter(totalBytes: number) {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: '{phase} |{bar}| {percentage}% | {rows} 行 | {rate} 行/秒 | 剩余 {eta_formatted}', stream: process.stderr, etaBuffer: 50, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(totalBytes || 1, 0, { phase: PHASES.reading, rows: 0, rate: 0 });
  let lastLine = 0;
  let lastPhase: ImportPhase | null = null;
  return {
    update(phase: ImportPhase, rows: number, bytesRead: number) {
      const seconds = (Date.now() - started) / 1000;
      const rate = Math.round(rows / Math.max(seconds, 0.001));
      if (bar) {
        bar.update(phase === 'reading' ? bytesRead : totalBytes, { phase: PHASES[phase], rows, rate });
        return;
      }
      if (phase !== lastPhase || Date.now() - lastLine >= 5000) {
        const done = totalBytes ? bytesRead / totalBytes : 0;
        const eta = phase === 'reading' && done > 0 && done < 1 ? Math.round((seconds / done) * (1 - done)) : null;
        console.error(`[import] ${PHASES[phase]}: ${rows} 行, ${rate} 行/秒${eta !== null ? `, 读取约剩 ${eta} 秒` : ''}, ${seconds.toFixed(1)} 秒`);
        lastLine = Date.now();
        lastPhase = phase;
      }
    },
    stop: () => bar?.stop(),
  };
}

/**
 * This process's peak RSS: VmHWM (its own address space; getrusage's maxRSS survives exec, so a
 * child of a large process would report its parent's peak).
 */
function peakRssKb(): number {
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS;
}

/**
 * `npm run import -- talents|organizations|service-points FILE.xlsx|FILE.csv [--dry-run] [--encoding E] [--report FILE.xlsx]`.
 * Prints the report (the first problems with row, column, value, message; all of them in the
 * xlsx report, FILE.problems.xlsx unless --report says) and exits 1 when any row had a problem
 * (then nothing was written). A dry run says what a real run would insert, update, leave.
 */
let args: ReturnType<typeof parseArgs>;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const dryRun = args.flags.has('dry-run');
const encoding = args.flags.get('encoding') as string | undefined;
const [entity, file] = args.positional;
const service = IMPORTS[entity];
if (!service || !file) {
  console.error(USAGE);
  process.exit(2);
}
const reportFile = (args.flags.get('report') as string | undefined) ?? file.replace(/\.[^./]*$/, '') + '.problems.xlsx';

runScript(async (orm, config) => {
  const started = Date.now();
  // Opened here first: an unreadable file is refused before any job is recorded.
  const sheet = await openSheet(file, { encoding });
  const progress = progressReporter(sheet.totalBytes);
  const id = await createJob(orm.em.fork(), { entity, fileName: basename(file), source: 'cli', dryRun, totalBytes: sheet.totalBytes, createdBy: process.env.USER ?? null });
  let printed = 0;
  const personal = IMPORTS[entity](orm.em.fork(), config).personalColumns;
  const report = await runJob(orm, config, id, file, {
    read: { encoding },
    onProgress: (phase, rows, bytesRead) => progress.update(phase, rows, bytesRead),
    onProblems: async (problems) => {
      progress.stop();
      async function* printing() {
        for await (const p of problems) {
          if (printed++ < PRINTED_PROBLEMS) console.log(`第 ${p.row} 行 ${p.column} [${p.value}]: ${p.message}`);
          yield p;
        }
      }
      await writeProblemReport(reportFile, file, printing(), personal, { encoding });
    },
  }).finally(() => progress.stop());
  if (!report) return;
  const { problems: _first, ...summary } = report;
  if (report.problemCount > PRINTED_PROBLEMS) console.log(`…… 共 ${report.problemCount} 个问题`);
  if (report.problemCount) console.log(`问题报告（全部问题，标出有误的单元格）：${reportFile}`);
  const rss = peakRssKb() / 1024;
  console.log(JSON.stringify({ job: id, ...summary, encoding: sheet.encoding, seconds: (Date.now() - started) / 1000, peakRssMb: Math.round(rss) }));
  if (report.problemCount) process.exitCode = 1;
});
