import { fromLabel } from '../../shared/labels';
import { SERVICE_CATEGORY_LABELS, SERVICE_SUBCATEGORIES } from '../service-map/service-map.enums';
import type { ServicePointRow as StoredServicePoint } from '../service-map/service-map.queries';
import { MERGE_SERVICE_POINTS_SQL, SERVICE_POINT_STAGING } from './import.sql';
import { checkPlaceColumns, loadRegions, PLACE_COLUMNS, type Regions } from './place-columns';
import { SheetImport, type RowCheck } from './sheet-import';

/** The service-point template's columns, as departments write them (seeds/templates/README.md). */
export const SERVICE_POINT_COLUMNS = {
  name: '名称',
  category: '类别',
  subcategory: '子类别',
  address: '地址',
  town: PLACE_COLUMNS.town,
  longitude: PLACE_COLUMNS.longitude,
  latitude: PLACE_COLUMNS.latitude,
  coordSystem: PLACE_COLUMNS.coordSystem,
  phone: '联系电话',
  openingHours: '开放时间',
  talentCardBenefit: '人才卡优惠',
} as const;

/** A service point as stored (the columns the map's queries read); `id` when the row names a known point (then it is an update). */
type ServicePointRow = Pick<
  StoredServicePoint,
  'name' | 'category' | 'subcategory' | 'address' | 'townCode' | 'latitude' | 'longitude' | 'phone' | 'openingHours' | 'talentCardBenefit'
> & { id: number | null };

/** A known point by its key (name + address): active ids win over archived ones. */
interface KnownPoint {
  id: number;
  archived: boolean;
  /** More than one active point has this key. */
  ambiguous: boolean;
}

interface ServicePointLookups {
  regions: Regions;
  known: Map<string, KnownPoint>;
}

const pointKey = (name: string, address: string) => `${name}\u001f${address}`;

/** Landlines, mobiles and hotlines: digits with +, -, spaces, brackets and 转 (extension). */
const SERVICE_PHONE = /^[0-9+\-()（） 转]{3,32}$/;

/**
 * Service-point imports. The key is 名称 + 地址 (the service_point table has no external id and
 * none is added): a row whose name and address match an active point updates it, only where a
 * field differs; any other row is a new point. Renaming a point or moving it to another address
 * is done with updateServicePoint (an import would add a second point). A match with an ARCHIVED
 * point only is a problem: an import must not revive it silently (unarchiveServicePoint does,
 * deliberately). The subcategory must belong to the category; the place passes the
 * rules createServicePoint applies.
 */
export class ServicePointImportService extends SheetImport<ServicePointRow, ServicePointLookups> {
  readonly columns = SERVICE_POINT_COLUMNS;
  protected override readonly optionalColumns: ReadonlySet<string> = new Set([
    SERVICE_POINT_COLUMNS.coordSystem,
    SERVICE_POINT_COLUMNS.phone,
    SERVICE_POINT_COLUMNS.openingHours,
    SERVICE_POINT_COLUMNS.talentCardBenefit,
  ]);

  protected async lookups(): Promise<ServicePointLookups> {
    const rows = await this.em
      .getConnection()
      .execute<{ id: number; name: string; address: string; archived: boolean }[]>('select id, name, address, archived_at is not null as archived from service_point order by id');
    const known = new Map<string, KnownPoint>();
    for (const p of rows) {
      const key = pointKey(p.name, p.address);
      const earlier = known.get(key);
      if (!earlier || earlier.archived) known.set(key, { id: p.id, archived: p.archived, ambiguous: false });
      else if (!p.archived) earlier.ambiguous = true;
    }
    return { regions: await loadRegions(this.em), known };
  }

  protected readonly staging = SERVICE_POINT_STAGING;
  protected readonly merge = MERGE_SERVICE_POINTS_SQL;

  protected stage(r: ServicePointRow): unknown[] {
    return [r.id, r.name, r.category, r.subcategory, r.address, r.townCode, r.latitude, r.longitude, r.phone, r.openingHours, r.talentCardBenefit];
  }

  protected check(r: RowCheck, { regions, known }: ServicePointLookups): ServicePointRow {
    const C = SERVICE_POINT_COLUMNS;
    const name = r.text(C.name, 128);
    const address = r.text(C.address, 256);
    const category = r.label(C.category, SERVICE_CATEGORY_LABELS);
    let subcategory = '';
    if (category) {
      const subcategories = SERVICE_SUBCATEGORIES[category];
      subcategory = fromLabel(subcategories, r.cell(C.subcategory)) ?? '';
      if (!subcategory) r.problem(C.subcategory, `应为 ${Object.values(subcategories).join('、')} 之一（类别 ${SERVICE_CATEGORY_LABELS[category]}）`);
    }
    const place = checkPlaceColumns(r, regions);
    const phone = r.text(C.phone, 32, 'optional');
    if (phone && !SERVICE_PHONE.test(phone)) r.problem(C.phone, '应为电话号码，如 010-69961234 或 13900000000');
    const openingHours = r.text(C.openingHours, 128, 'optional');
    const talentCardBenefit = r.text(C.talentCardBenefit, 256, 'optional');

    let id: number | null = null;
    if (name && address) {
      const key = pointKey(name, address);
      const point = known.get(key);
      if (point?.archived) r.problem(C.name, `与已归档的服务点 ${point.id} 名称和地址相同：导入不恢复归档的服务点，请先用 unarchiveServicePoint 恢复`);
      else if (point?.ambiguous) r.problem(C.name, '已有多个名称和地址都相同的服务点：请用 updateServicePoint 逐个修改');
      else r.once(C.name, key, '为同一服务点（名称和地址相同）');
      id = point?.id ?? null;
    }
    return { id, name, category, subcategory, address, phone, openingHours, talentCardBenefit, ...place };
  }
}
