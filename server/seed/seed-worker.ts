// Worker thread entry: converts seed sources (Markdown/HTML) into a first document state.
// Runs off the main thread so that a pathological source cannot stall the server; the
// caller enforces a time limit by terminating this worker.
import { parentPort } from 'node:worker_threads';
import { buildInitialState, type SeedSource } from './initial-state.ts';

export interface SeedRequest {
  id: number;
  source: SeedSource;
}

export type SeedReply = { id: number; state: Uint8Array } | { id: number; error: string };

parentPort!.on('message', ({ id, source }: SeedRequest) => {
  let reply: SeedReply;
  try {
    reply = { id, state: buildInitialState(source) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
