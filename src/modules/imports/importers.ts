import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../../config';
import { keyringFromConfig } from '../../shared/pii/keyring';
import { CatalogueEntryImportService } from './catalogue-import';
import { DemandImportService } from './demand-import';
import { OrganizationImportService } from './organization-import';
import { ServicePointImportService } from './service-point-import';
import type { SheetImport } from './sheet-import';
import { TalentImportService } from './talent-import';

/**
 * The importer behind each entity name, for the CLI (`npm run import -- ENTITY FILE`) and uploads
 * (POST /imports/ENTITY): one line per entity. A new entity's importer is a SheetImport subclass
 * (sheet-import.ts says what it gives) and one line here.
 */
export const IMPORTERS: Record<string, (em: EntityManager, config: AppConfig) => SheetImport<unknown, unknown>> = {
  talents: (em, config) => new TalentImportService(em, keyringFromConfig(config.pii)),
  organizations: (em) => new OrganizationImportService(em),
  'service-points': (em) => new ServicePointImportService(em),
  // Each new demand's first history step names this actor (an upload's job records who sent it).
  demands: (em) => new DemandImportService(em, 'import'),
  'catalogue-entries': (em) => new CatalogueEntryImportService(em),
};
