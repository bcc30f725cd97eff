import type { EntityManager } from '@mikro-orm/postgresql';
import type { CoordSystem, LatLng } from '../../shared/geo';
import { setArchived } from '../../shared/writes/archive';
import { lockForWrite, type WriteTarget } from '../../shared/writes/versioned';
import { fieldError, FieldErrorCode, refused, type FieldError, type WriteResult } from '../../shared/writes/field-error';
import { checkPlace } from '../region/region.place';
import { Region } from '../region/region.entity';
import { SERVICE_SUBCATEGORIES, type ServiceCategory } from './service-map.enums';
import { ServicePoint } from './service-point.entity';

export interface ServicePointFields {
  name: string;
  category: ServiceCategory;
  subcategory: string;
  address: string;
  townCode: string;
  location: LatLng;
  coordSystem?: CoordSystem;
  phone?: string | null;
  openingHours?: string | null;
  talentCardBenefit?: string | null;
}

/** Creates and updates service-map points: place rules as for organizations, subcategory within its category. */
export class ServicePointWriteService {
  constructor(private readonly em: EntityManager) {}

  create(fields: ServicePointFields): Promise<WriteResult<ServicePoint>> {
    return this.write(null, fields);
  }

  update(target: WriteTarget<ServicePoint>, changes: Partial<ServicePointFields>): Promise<WriteResult<ServicePoint>> {
    return this.write(target, changes);
  }

  /** Archived points leave the map, its lists and counts. */
  archive(target: WriteTarget<ServicePoint>): Promise<WriteResult<ServicePoint>> {
    return setArchived(this.em, ServicePoint, target, true, `服务点 ${target.id} 不存在`);
  }

  /** Brings an archived point back onto the map, into its lists and counts. */
  unarchive(target: WriteTarget<ServicePoint>): Promise<WriteResult<ServicePoint>> {
    return setArchived(this.em, ServicePoint, target, false, `服务点 ${target.id} 不存在`);
  }

  /** One transaction from the read to the write, the point read locked (lockForWrite). */
  private write(target: WriteTarget<ServicePoint> | null, fields: Partial<ServicePointFields>): Promise<WriteResult<ServicePoint>> {
    return this.em.transactional(async (em): Promise<WriteResult<ServicePoint>> => {
      const existing = target && (await lockForWrite(em, ServicePoint, target, { populate: ['town'] }));
      if (target && !existing) return refused([fieldError('id', FieldErrorCode.NOT_FOUND, `服务点 ${target.id} 不存在`)]);
      const errors: FieldError[] = [];
      const category = fields.category ?? existing?.category;
      const subcategory = fields.subcategory ?? existing?.subcategory;
      if ((fields.category || fields.subcategory) && category && subcategory && !(subcategory in SERVICE_SUBCATEGORIES[category])) {
        errors.push(fieldError('subcategory', FieldErrorCode.INVALID_VALUE, `子类应为 ${Object.keys(SERVICE_SUBCATEGORIES[category]).join(', ')} 之一`));
      }
      const location = await checkPlace(em, fields, existing, errors);
      if (errors.length) return refused(errors);

      const { location: _l, coordSystem: _c, townCode, ...plain } = fields;
      const point = existing ?? em.create(ServicePoint, {} as ServicePoint);
      em.assign(point, plain);
      if (location) Object.assign(point, location);
      if (townCode) point.town = em.getReference(Region, townCode);
      em.persist(point);
      await em.flush();
      return { record: point, errors: [] };
    });
  }
}
