/**
 * Worker-thread entry of fitLdaInThreads: sweeps its shard of the triples over the shared arrays each time the
 * parent asks, and replies when done. Holds no state between iterations beyond what the parent shares.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { sweepShard, type LdaWorkerData, type LdaWorkerReply, type LdaWorkerRequest } from './lda';

const { arrays, plan, K, alpha1 } = workerData as LdaWorkerData;

parentPort?.on('message', ({ parity }: LdaWorkerRequest) => {
  let reply: LdaWorkerReply;
  try {
    sweepShard(arrays, plan, parity, K, alpha1);
    reply = { done: true };
  } catch (err) {
    reply = { error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
