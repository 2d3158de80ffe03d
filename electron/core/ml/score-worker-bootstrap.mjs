// Worker bootstrap for unbundled runs (tsx, vitest): registers tsx's ESM loader in this worker thread, then
// loads the TypeScript worker entry. A bundled build points scoreDayInWorker at its compiled worker instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
