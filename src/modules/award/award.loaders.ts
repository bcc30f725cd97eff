import type { EntityManager } from '@mikro-orm/postgresql';
import { groupLoader } from '../../shared/loaders';
import { intArray } from '../../shared/pagination/per-parent';
import { entityRows } from '../../shared/read-model';
import { readRows, type ReadStatement } from '../../shared/read-sql';
import { Award } from './award.entity';
import type { AwardView } from './award.view';

type RecipientColumn = 'talent_id' | 'organization_id' | 'platform_id';

/** Awards of recipients of one kind, newest first: the statement the loaders send (the bench's floor sends it too). */
export function awardsOfRecipientsStatement(em: EntityManager, column: RecipientColumn, ids: readonly number[]): ReadStatement {
  return { sql: `select ${entityRows(em, Award, 'a').columns} from award a where a.${column} = any(?::int[]) order by a.year desc, a.id`, bindings: [intArray(ids)] };
}

/** Awards of each kind of recipient, one prepared statement per batch of recipients, as plain views (read-model.ts). */
export function createAwardLoaders(em: EntityManager) {
  const { view } = entityRows<AwardView>(em, Award, 'a');
  const ofRecipient = (column: RecipientColumn, keyOf: (a: AwardView) => number) =>
    groupLoader<number, AwardView>(async (ids) => (await readRows<Record<string, unknown>>(em, awardsOfRecipientsStatement(em, column, ids))).map(view), keyOf);
  return {
    ofTalent: ofRecipient('talent_id', (a) => a.talent!.id),
    ofOrganization: ofRecipient('organization_id', (a) => a.organization!.id),
    ofPlatform: ofRecipient('platform_id', (a) => a.platform!.id),
  };
}

export type AwardLoaders = ReturnType<typeof createAwardLoaders>;
