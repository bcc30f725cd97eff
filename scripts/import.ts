import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../src/config';
import { keyringFromConfig } from '../src/shared/pii/keyring';
import { readRows } from '../src/modules/imports/read-rows';
import { OrganizationImportService } from '../src/modules/imports/organization-import';
import { ServicePointImportService } from '../src/modules/imports/service-point-import';
import type { SheetImport } from '../src/modules/imports/sheet-import';
import { TalentImportService } from '../src/modules/imports/talent-import';
import { DemandImportService } from '../src/modules/imports/demand-import';
import { CatalogueEntryImportService } from '../src/modules/imports/catalogue-import';
import { runScript } from './run-script';

/** The import service behind each entity name: the same ones as the import mutations. */
const IMPORTS: Record<string, (em: EntityManager, config: AppConfig) => SheetImport<unknown, unknown>> = {
  talents: (em, config) => new TalentImportService(em, keyringFromConfig(config.pii)),
  organizations: (em) => new OrganizationImportService(em),
  'service-points': (em) => new ServicePointImportService(em),
  demands: (em) => new DemandImportService(em, 'import-cli'),
  'catalogue-entries': (em) => new CatalogueEntryImportService(em),
};

/**
 * `npm run import -- talents|organizations|service-points|demands|catalogue-entries FILE.xlsx|FILE.csv [--dry-run]`.
 * Prints the report (problems with row, column, value, message) and exits 1 when any row had a
 * problem (then nothing was written).
 */
const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const [entity, file] = args.filter((a) => a !== '--dry-run');
const service = IMPORTS[entity];
if (!service || !file) {
  console.error(`usage: npm run import -- ${Object.keys(IMPORTS).join('|')} FILE.xlsx|FILE.csv [--dry-run]`);
  process.exit(2);
}

runScript(async (orm, config) => {
  const started = Date.now();
  const report = await service(orm.em.fork(), config).run(readRows(file), { dryRun });
  for (const p of report.problems) console.log(`第 ${p.row} 行 ${p.column} [${p.value}]: ${p.message}`);
  const { problems, ...summary } = report;
  console.log(JSON.stringify({ ...summary, problems: problems.length, seconds: (Date.now() - started) / 1000 }));
  if (problems.length) process.exitCode = 1;
});
