import { checkCreditCode } from '../../shared/writes/domain-rules';
import { INDUSTRY_LABELS, ORG_KIND_LABELS, type Industry, type OrgKind } from '../organization/organization.enums';
import { MERGE_ORGANIZATIONS_SQL, ORGANIZATION_STAGING } from './import.sql';
import { checkPlaceColumns, checkVillageColumn, loadRegions, PLACE_COLUMNS, type Regions } from './place-columns';
import { SheetImport, type RowCheck } from './sheet-import';

/** The organization template's columns, as departments write them (seeds/templates/README.md). */
export const ORGANIZATION_COLUMNS = {
  name: '单位名称',
  creditCode: '统一社会信用代码',
  kind: '单位类别',
  industry: '产业领域',
  address: '地址',
  town: PLACE_COLUMNS.town,
  village: '所在村/社区',
  longitude: PLACE_COLUMNS.longitude,
  latitude: PLACE_COLUMNS.latitude,
  coordSystem: PLACE_COLUMNS.coordSystem,
} as const;

/** An organization row as stored: the entity's columns, regions as their codes, location WGS-84. */
interface OrganizationRow {
  name: string;
  kind: OrgKind;
  creditCode: string;
  industry: Industry;
  townCode: string;
  villageCode: string | null;
  address: string;
  latitude: number;
  longitude: number;
}

interface OrganizationLookups {
  regions: Regions;
  /** Credit codes of archived organizations. */
  archived: Set<string>;
}

/**
 * Organization imports, keyed by 统一社会信用代码 (required here: organizations without one are
 * entered with createOrganization): a known code updates that organization, only where a field
 * differs; the rows' place and credit code pass the rules createOrganization applies. A code of
 * an ARCHIVED organization is a problem (restore it with unarchiveOrganization first): an import
 * never revives one silently. Updates go through plain INSERT … ON CONFLICT DO UPDATE, so the
 * analytics triggers fire: an employer changing kind or town moves its talents in the rollups.
 */
export class OrganizationImportService extends SheetImport<OrganizationRow, OrganizationLookups> {
  readonly columns = ORGANIZATION_COLUMNS;
  protected override readonly optionalColumns: ReadonlySet<string> = new Set([ORGANIZATION_COLUMNS.village, ORGANIZATION_COLUMNS.coordSystem]);

  protected async lookups(): Promise<OrganizationLookups> {
    const archived = await this.em
      .getConnection()
      .execute<{ credit_code: string }[]>('select credit_code from organization where archived_at is not null and credit_code is not null');
    return { regions: await loadRegions(this.em), archived: new Set(archived.map((o) => o.credit_code)) };
  }

  protected readonly staging = ORGANIZATION_STAGING;
  protected readonly merge = [MERGE_ORGANIZATIONS_SQL];

  protected stage(r: OrganizationRow): unknown[] {
    return [r.name, r.kind, r.creditCode, r.industry, r.townCode, r.villageCode, r.address, r.latitude, r.longitude];
  }

  protected check(r: RowCheck, { regions, archived }: OrganizationLookups): OrganizationRow {
    const C = ORGANIZATION_COLUMNS;
    const name = r.text(C.name, 128);
    const creditCode = r.cell(C.creditCode).toUpperCase();
    const codeError = checkCreditCode(C.creditCode, creditCode);
    if (codeError) r.problem(C.creditCode, codeError.message);
    else if (archived.has(creditCode)) r.problem(C.creditCode, '该统一社会信用代码的单位已归档：导入不恢复归档单位，请先用 unarchiveOrganization 恢复');
    else r.once(C.creditCode, creditCode, '为同一单位（统一社会信用代码相同）');
    const kind = r.label(C.kind, ORG_KIND_LABELS);
    const industry = r.label(C.industry, INDUSTRY_LABELS);
    const address = r.text(C.address, 256);
    const place = checkPlaceColumns(r, regions);
    const villageCode = checkVillageColumn(r, C.village, place.townCode, regions);
    return { name, kind, creditCode, industry, address, villageCode, ...place };
  }
}
