import 'reflect-metadata';
import { keyringFromConfig } from '../src/shared/pii/keyring';
import { readRows } from '../src/modules/imports/read-rows';
import { TalentImportService } from '../src/modules/imports/talent-import';
import { runScript } from './run-script';

/**
 * `npm run import -- talents FILE.xlsx|FILE.csv [--dry-run]`: the same service as the
 * importTalents mutation. Prints the report (problems with row, column, value, message) and
 * exits 1 when any row had a problem (then nothing was written).
 */
const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const [entity, file] = args.filter((a) => a !== '--dry-run');
if (entity !== 'talents' || !file) {
  console.error('usage: npm run import -- talents FILE.xlsx|FILE.csv [--dry-run]   (organizations and service points: not yet)');
  process.exit(2);
}

runScript(async (orm, config) => {
  const started = Date.now();
  const report = await new TalentImportService(orm.em.fork(), keyringFromConfig(config.pii)).run(readRows(file), { dryRun });
  for (const p of report.problems) console.log(`第 ${p.row} 行 ${p.column} [${p.value}]: ${p.message}`);
  const { problems, ...summary } = report;
  console.log(JSON.stringify({ ...summary, problems: problems.length, seconds: (Date.now() - started) / 1000 }));
  if (problems.length) process.exitCode = 1;
});
