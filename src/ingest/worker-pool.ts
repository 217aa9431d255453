import { type Remote, wrap } from 'comlink';
import type { IngestWorkerApi } from './ingest-worker-api';
import { nextTask } from '../runtime/next-task';

interface PooledWorker {
  worker: Worker;
  api: Remote<IngestWorkerApi>;
}

/**
 * A fixed set of ingest workers fed from a queue. After a failure every worker is replaced, since a
 * wasm module that threw may be left in a bad state; callers simply run again.
 */
export class IngestWorkerPool {
  private workers: PooledWorker[] = [];

  constructor(readonly size = defaultPoolSize()) {
    this.spawn();
  }

  get first(): Remote<IngestWorkerApi> {
    return this.workers[0]!.api;
  }

  /**
   * Runs `job` for every item, in order, each worker taking the next item when it is free. With
   * `jobsPerWorker` 2, a worker is handed its next item while it still computes the current one, so
   * that item's file reads (waits on the browser, not CPU) overlap the computation.
   */
  async forEach<T>(items: T[], job: (item: T, api: Remote<IngestWorkerApi>) => Promise<void>, jobsPerWorker = 1): Promise<void> {
    let next = 0;
    const lane = async ({ api }: PooledWorker): Promise<void> => {
      while (next < items.length) {
        const item = items[next++]!;
        await job(item, api);
      }
    };
    const lanes = Array.from({ length: jobsPerWorker }, () => this.workers).flat();
    // Each lane starts in a task of its own: handing a job over can be costly (posting a File
    // registers it with the browser), and all at once would be one long task.
    const staggered = async (worker: PooledWorker, order: number) => {
      for (let k = 0; k < order; k++) await nextTask();
      await lane(worker);
    };
    try {
      await Promise.all(lanes.map(staggered));
    } catch (error) {
      this.reset();
      throw error;
    }
  }

  /** Runs `job` once on every worker, all at once. */
  async each(job: (api: Remote<IngestWorkerApi>) => Promise<void>): Promise<void> {
    await Promise.all(this.workers.map(({ api }) => job(api)));
  }

  reset(): void {
    for (const { worker } of this.workers) worker.terminate();
    this.spawn();
  }

  private spawn(): void {
    this.workers = Array.from({ length: this.size }, (_, index) => {
      const worker = new Worker(new URL('../../workers/ingest.worker.ts', import.meta.url), {
        type: 'module',
        name: `ingest-${index}`,
      });
      return { worker, api: wrap<IngestWorkerApi>(worker) };
    });
  }
}

/**
 * One worker per core but one, at most 4. The spare core is the page's and the GPU process's: they
 * convert, upload and draw while the workers read, and a software GPU (SwiftShader) draws on the
 * CPU. On 2 cores one worker loads as fast as two and peaks far lower in memory, since every worker
 * holds a wasm heap and its own garbage of file and image copies.
 */
function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, cores - 1));
}
