import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { IMPORTERS } from './importers';
import type { SheetRow } from './read-rows';
import { configFromThreadData, type StagedReply } from './staging-worker';
import type { AppConfig } from '../../config';

/** The thread of a StagingWorker: the entity's importer (without a database: checking needs none) stages each batch it is sent. */
const { entity, config, lookups } = workerData as { entity: string; config: unknown; lookups: unknown };
const importer = IMPORTERS[entity](undefined as never, configFromThreadData(config) as AppConfig);
parentPort!.on('message', ({ id, rows }: { id: number; rows: SheetRow[] }) => {
  let reply: StagedReply;
  try {
    reply = { id, lines: importer.stageLines(rows, lookups) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
