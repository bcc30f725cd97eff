import type { EntityManager } from '@mikro-orm/postgresql';
import type { Industry } from '../organization/organization.enums';
import type { Education, ProfessionalTitle } from '../talent/talent.enums';
import { fieldError, FieldErrorCode, isUniqueViolation, refused, type FieldError, type WriteResult } from '../../shared/writes/field-error';
import { ShortageCatalogue, ShortageCatalogueEntry } from './shortage-catalogue.entity';

/** Columns of an entry as plain rows read them (alias e). */
export const ENTRY_COLUMNS = `e.id, e.catalogue_id, e.industry, e.specialty, e.min_education, e.min_professional_title, e.headcount, e.organization_id`;

export interface EntryRow {
  id: number;
  catalogue_id: number;
  industry: Industry;
  specialty: string;
  min_education: Education;
  min_professional_title: ProfessionalTitle;
  headcount: number;
  organization_id: number | null;
}

/** A plain row shaped like the entity (references as `{ id }`), for the GraphQL type declared on it. */
export const entryOfRow = (r: EntryRow): ShortageCatalogueEntry =>
  ({
    id: r.id,
    catalogue: { id: r.catalogue_id },
    industry: r.industry,
    specialty: r.specialty,
    minEducation: r.min_education,
    minProfessionalTitle: r.min_professional_title,
    headcount: r.headcount,
    organization: r.organization_id === null ? null : { id: r.organization_id },
  }) as unknown as ShortageCatalogueEntry;

export interface CatalogueEntryFields {
  year: number;
  industry: Industry;
  specialty: string;
  minEducation: Education;
  minProfessionalTitle: ProfessionalTitle;
  headcount: number;
  organizationId: number | null;
}

/** The shortage catalogue: reads as plain rows, entries written one at a time. Knows no GraphQL. */
export class ShortageCatalogueService {
  constructor(private readonly em: EntityManager) {}

  async byYear(year: number): Promise<ShortageCatalogue | null> {
    const [row] = await this.em
      .getConnection()
      .execute<{ id: number; year: number; published_on: string }[]>('select id, year, published_on::text from shortage_catalogue where year = ?', [year]);
    return row ? ({ id: row.id, year: row.year, publishedOn: row.published_on } as ShortageCatalogue) : null;
  }

  /**
   * A new entry in a year's catalogue; the catalogue of a year without one is created, published
   * today. A specialty appears once per year and organization: DUPLICATE otherwise.
   */
  async createEntry(fields: CatalogueEntryFields): Promise<WriteResult<ShortageCatalogueEntry>> {
    const specialty = fields.specialty.trim();
    try {
      return await this.em.transactional(async (tx): Promise<WriteResult<ShortageCatalogueEntry>> => {
        const errors: FieldError[] = [];
        if (!specialty) errors.push(fieldError('specialty', FieldErrorCode.INVALID_VALUE, '专业方向不能为空'));
        if (fields.organizationId !== null) {
          const [org] = await tx.execute<{ id: number }[]>('select id from organization where id = ? and archived_at is null', [fields.organizationId]);
          if (!org) errors.push(fieldError('organizationId', FieldErrorCode.NOT_FOUND, `单位 ${fields.organizationId} 不存在`));
        }
        if (errors.length) return refused(errors);
        await tx.execute(`insert into shortage_catalogue (year, published_on) values (?, current_date) on conflict (year) do nothing`, [fields.year]);
        const [catalogue] = await tx.execute<{ id: number }[]>('select id from shortage_catalogue where year = ?', [fields.year]);
        const entry = tx.create(ShortageCatalogueEntry, {
          catalogue: tx.getReference(ShortageCatalogue, catalogue.id),
          industry: fields.industry,
          specialty,
          minEducation: fields.minEducation,
          minProfessionalTitle: fields.minProfessionalTitle,
          headcount: fields.headcount,
          organization: fields.organizationId === null ? null : fields.organizationId,
        } as unknown as ShortageCatalogueEntry);
        await tx.flush();
        return { record: entry, errors: [] };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'shortage_catalogue_entry_key_unique')) {
        this.em.clear();
        return refused([fieldError('specialty', FieldErrorCode.DUPLICATE, `${fields.year} 年目录已有专业方向“${specialty}”${fields.organizationId === null ? '' : `（单位 ${fields.organizationId}）`}`)]);
      }
      throw error;
    }
  }
}
