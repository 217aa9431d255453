import { type Remote, wrap } from 'comlink';
import type { IngestWorkerApi } from './ingest-worker-api';
import { type WorkerEnd, jobName, workerEndedError } from './worker-job-names';
import { lifelineName, watchLifeline } from './worker-lifeline';
import { nextTask } from '../runtime/next-task';

/**
 * One ingest worker and the calls it has not answered yet. comlink leaves a call to a worker that
 * ended pending forever, so every call goes through `api`, which also rejects, in words, once the
 * worker is known to have ended: an uncaught error or an unreadable message (its Worker's events),
 * or an end without a word (its lifeline, see worker-lifeline.ts).
 */
class PooledWorker {
  readonly api: Remote<IngestWorkerApi>;
  private readonly worker: Worker;
  private readonly remote: Remote<IngestWorkerApi>;
  /** Rejects one pending call with `reason`. */
  private readonly pending = new Set<() => void>();
  private ended = false;
  private reason: (method: string, args: unknown[]) => Error = replacedError;

  constructor(label: string, onEnd: (ended: PooledWorker) => void) {
    const name = lifelineName(label);
    this.worker = new Worker(new URL('../../workers/ingest.worker.ts', import.meta.url), { type: 'module', name });
    this.remote = wrap<IngestWorkerApi>(this.worker);
    const end = (how: WorkerEnd, cause?: unknown) => {
      if (this.ended) return;
      this.retire((method, args) => workerEndedError(how, method, args, cause));
      onEnd(this);
    };
    this.worker.addEventListener('error', (event) => end('failed', event.error ?? event.message));
    this.worker.addEventListener('messageerror', (event) => end('unreadable-answer', event));
    watchLifeline(this.worker, name, () => end('stopped'));
    // 'then' stays undefined: the api is no thenable, and can be returned from an async function.
    this.api = new Proxy({} as Remote<IngestWorkerApi>, {
      get: (_target, method) =>
        typeof method === 'string' && method !== 'then' ? (...args: unknown[]) => this.call(method, args) : undefined,
    });
  }

  /** Ends the worker; its pending calls reject with `reason(method, args)` (by default: replaced). */
  retire(reason: (method: string, args: unknown[]) => Error = replacedError): void {
    if (this.ended) return;
    this.ended = true;
    this.reason = reason;
    this.worker.terminate();
    for (const abandon of this.pending) abandon();
    this.pending.clear();
  }

  private call(method: string, args: unknown[]): Promise<unknown> {
    if (this.ended) return Promise.reject(this.reason(method, args));
    return new Promise((resolve, reject) => {
      const abandon = () => reject(this.reason(method, args));
      this.pending.add(abandon);
      const remoteMethod = (this.remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
      remoteMethod(...args)
        .then(resolve, reject)
        .finally(() => this.pending.delete(abandon));
    });
  }
}

function replacedError(method: string, args: unknown[]): Error {
  return new Error(`the image reader was replaced before it finished ${jobName(method, args)}`);
}

/**
 * A fixed set of ingest workers fed from a queue. After a failure every worker is replaced, since a
 * wasm module that threw may be left in a bad state; callers simply run again. A worker that ends on
 * its own is replaced at once, and its pending calls reject saying so.
 */
export class IngestWorkerPool {
  private workers: PooledWorker[] = [];

  /** `label` names the workers (`ingest-0`…; a pool of its own, `thumbnails-0`), in DevTools and in their locks. */
  constructor(
    readonly size = defaultPoolSize(),
    private readonly label = 'ingest',
  ) {
    this.spawn();
  }

  get first(): Remote<IngestWorkerApi> {
    return this.workers[0]!.api;
  }

  /**
   * Runs `job` for every item, in order, each worker taking the next item when it is free. With
   * `jobsPerWorker` 2, a worker is handed its next item while it still computes the current one, so
   * that item's file reads (waits on the browser, not CPU) overlap the computation. `choose`, when
   * given, picks the index of the item a free worker takes next, or returns a promise to wait on
   * before it is asked again: a source that delivers in its own order never leaves a worker waiting
   * for one item while another one's files are in.
   */
  async forEach<T>(
    items: T[],
    job: (item: T, api: Remote<IngestWorkerApi>) => Promise<void>,
    jobsPerWorker = 1,
    choose?: (left: readonly T[]) => number | Promise<unknown>,
  ): Promise<void> {
    const left = [...items];
    const lane = async ({ api }: PooledWorker): Promise<void> => {
      while (left.length > 0) {
        let at = choose ? choose(left) : 0;
        while (typeof at !== 'number') {
          await at;
          if (left.length === 0) return;
          at = choose!(left);
        }
        const [item] = left.splice(Math.min(Math.max(0, at), left.length - 1), 1);
        await job(item!, api);
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
    for (const worker of this.workers) worker.retire();
    this.spawn();
  }

  /** Ends every worker for good, none replaced (their pending calls reject as replaced); not used after. */
  close(): void {
    const workers = this.workers;
    this.workers = [];
    for (const worker of workers) worker.retire();
  }

  private spawn(): void {
    this.workers = Array.from({ length: this.size }, (_, index) => this.create(index));
  }

  private create(index: number): PooledWorker {
    return new PooledWorker(`${this.label}-${index}`, (ended) => {
      const slot = this.workers.indexOf(ended);
      if (slot >= 0) this.workers[slot] = this.create(slot);
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
