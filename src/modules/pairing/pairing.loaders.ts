import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PairingReader } from './pairing.read';

/** Per-request pairing loaders: one statement per batch, whatever the number of pairings. */
export function createPairingLoaders(em: EntityManager) {
  return {
    talentCount: new DataLoader<number, number>(async (pairings) => {
      const counts = await new PairingReader(em).talentCounts(pairings);
      return pairings.map((id) => counts.get(id) ?? 0);
    }),
  };
}
