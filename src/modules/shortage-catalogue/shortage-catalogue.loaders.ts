import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { intArray } from '../../shared/pagination/per-parent';
import { ENTRY_COLUMNS, entryOfRow, type EntryRow } from './shortage-catalogue.service';
import type { ShortageCatalogueEntry } from './shortage-catalogue.entity';

/** Per-request catalogue loaders: plain rows, one statement per batch whatever the number of parents. */
export function createShortageCatalogueLoaders(em: EntityManager) {
  const sql = em.getConnection();
  return {
    /** A catalogue's entries, by industry and specialty. */
    entriesOf: new DataLoader<number, ShortageCatalogueEntry[]>(async (catalogues) => {
      const rows = await sql.execute<EntryRow[]>(
        `select ${ENTRY_COLUMNS} from shortage_catalogue_entry e where e.catalogue_id = any(?::int[]) order by e.industry, e.specialty, e.id`,
        [intArray(catalogues)],
      );
      const byCatalogue = new Map<number, ShortageCatalogueEntry[]>(catalogues.map((id) => [id, []]));
      for (const row of rows) byCatalogue.get(row.catalogue_id)?.push(entryOfRow(row));
      return catalogues.map((id) => byCatalogue.get(id) ?? []);
    }),
    /** Entries by id (a demand's citation). */
    entryById: new DataLoader<number, ShortageCatalogueEntry | null>(async (ids) => {
      const rows = await sql.execute<EntryRow[]>(`select ${ENTRY_COLUMNS} from shortage_catalogue_entry e where e.id = any(?::int[])`, [intArray(ids)]);
      const byId = new Map(rows.map((row) => [row.id, entryOfRow(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Talents recognised against each entry. */
    recognizedCount: new DataLoader<number, number>(async (entries) => {
      const rows = await sql.execute<{ entry_id: number; n: number }[]>(
        'select entry_id, count(*)::int as n from shortage_recognition where entry_id = any(?::int[]) group by entry_id',
        [intArray(entries)],
      );
      const counts = new Map(rows.map((r) => [r.entry_id, r.n]));
      return entries.map((id) => counts.get(id) ?? 0);
    }),
  };
}
