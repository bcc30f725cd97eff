import type { EntityManager } from '@mikro-orm/postgresql';
import { groupLoader, rowLoader } from '../../shared/loaders';
import type { Viewer } from '../../shared/auth/viewer';
import { ChallengeBid, DemandEvent, DemandFill, type Demand } from './demand.entity';
import { DemandReader } from './demand.read';

/** Per-request demand loaders: one statement per batch, whatever the number of parents. */
export function createDemandLoaders(em: EntityManager, viewer: Viewer) {
  return {
    /** Demands the caller may see, by id (plain rows). */
    byId: rowLoader<number, Demand>((ids) => new DemandReader(em, viewer).byIds(ids), (d) => d.id),
    history: groupLoader<number, DemandEvent>((ids) => em.find(DemandEvent, { demand: { $in: [...ids] } }, { orderBy: { id: 'asc' } }), (e) => e.demand.id),
    filledBy: groupLoader<number, DemandFill>((ids) => em.find(DemandFill, { demand: { $in: [...ids] } }, { orderBy: { talent: 'asc' } }), (f) => f.demand.id),
    bids: groupLoader<number, ChallengeBid>((ids) => em.find(ChallengeBid, { demand: { $in: [...ids] } }, { orderBy: { id: 'asc' } }), (b) => b.demand.id),
  };
}
