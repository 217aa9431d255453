import { transfer } from 'comlink';
import type { SliceHeader } from '../dicom/types';
import type { LoadActivity } from './load-activity';
import type { SeriesThumbnail } from './thumbnail-job';
import { IngestWorkerPool } from './worker-pool';

/** Where thumbnails come from: the ingest's index and files, and whether it is loading. */
export interface ThumbnailSource {
  readonly loads: LoadActivity;
  /** A series' middle image and its whole bytes (read on the page, to be moved to the worker). */
  middleSliceFile(seriesId: string, signal: AbortSignal): Promise<{ header: SliceHeader; file: ArrayBuffer }>;
}

export type ThumbnailOutcome = { thumbnail: SeriesThumbnail } | { failure: string };

/** One line of the job log (`window.ctThumbnails.log()`, for automation): what happened, in order. */
export interface ThumbnailEvent {
  kind: 'queued' | 'dispatched' | 'done' | 'failed' | 'cancelled' | 'requeued' | 'load-begins' | 'loads-idle';
  seriesId?: string;
  /** The worker that decoded it ('done' only). */
  decodedIn?: string;
  at: number;
}

/** The log keeps the last events only: a long session opens many lists. */
const LOG_LENGTH = 2000;

interface Job {
  seriesId: string;
  maxSide: number;
  done: (outcome: ThumbnailOutcome) => void;
  cancelled: boolean;
  /** Stops the job's file read (a DICOMweb request): it is cancelled, or a load begins. */
  reading?: AbortController;
}

/**
 * Series thumbnails, one at a time, in a worker of their own (an ingest worker outside the pool, so a
 * thumbnail never waits behind a chunk nor a chunk behind a thumbnail, and the pool's replacement after a
 * build never ends one). A job is only taken while no load is in flight (an index; a series, until the App
 * has drawn it, 3D pane included; a 2D image),
 * and a load that begins ends the thumbnail worker at once (a decode in flight is dropped and queued
 * again, a file read stopped): during a load no thumbnail work runs at all, neither a core nor a request
 * is taken from it. The worker is also ended once the queue is empty (a wasm heap never shrinks) and
 * started again for the next job. One at a time keeps a DICOMweb server to one thumbnail request at once.
 */
export class ThumbnailClient {
  private pool: IngestWorkerPool | null = null;
  private queue: Job[] = [];
  private pumping = false;
  private readonly events: ThumbnailEvent[] = [];
  /** The file read of the job in flight, until its bytes are in. */
  private reading: AbortController | null = null;

  constructor(private readonly source: ThumbnailSource) {
    source.loads.listen((change) => {
      this.note(change === 'begins' ? 'load-begins' : 'loads-idle');
      // A load takes the network and the cores at once: a thumbnail's read or decode stops (and is queued again).
      if (change === 'begins') {
        this.reading?.abort('a load began');
        this.endWorker();
      }
    });
  }

  /** Queues a thumbnail of `seriesId`; `done` is called once, unless cancelled first. Returns the cancel. */
  request(seriesId: string, maxSide: number, done: (outcome: ThumbnailOutcome) => void): () => void {
    const job: Job = { seriesId, maxSide, done, cancelled: false };
    this.queue.push(job);
    this.note('queued', seriesId);
    void this.pump();
    return () => this.cancel(job);
  }

  /** The job log, oldest first (copies). */
  log(): ThumbnailEvent[] {
    return this.events.map((event) => ({ ...event }));
  }

  private cancel(job: Job): void {
    if (job.cancelled) return;
    job.cancelled = true;
    job.reading?.abort('cancelled');
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.note('cancelled', job.seriesId);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        // Checked again after every wait: a load may begin in the task that ended the last one.
        while (this.source.loads.busy) await this.source.loads.idle();
        const job = this.queue.shift();
        if (!job) return this.endWorker();
        await this.run(job);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async run(job: Job): Promise<void> {
    const loadsBefore = this.source.loads.begunCount;
    this.note('dispatched', job.seriesId);
    try {
      job.reading = this.reading = new AbortController();
      const { header, file } = await this.source.middleSliceFile(job.seriesId, job.reading.signal).finally(() => {
        this.reading = null;
      });
      // A load that began during the read ended the worker: none is started under it.
      if (this.source.loads.begunCount !== loadsBefore) throw new Error('a load began');
      this.pool ??= new IngestWorkerPool(1, 'thumbnails');
      const thumbnail = await this.pool.first.renderThumbnail(transfer(file, [file]), header, job.maxSide);
      this.note('done', job.seriesId, thumbnail.decodedIn);
      if (!job.cancelled) job.done({ thumbnail });
    } catch (error) {
      if (job.cancelled) return;
      if (this.source.loads.begunCount !== loadsBefore) {
        this.queue.unshift(job);
        this.note('requeued', job.seriesId);
        return;
      }
      this.note('failed', job.seriesId);
      job.done({ failure: error instanceof Error ? error.message : String(error) });
    }
  }

  private endWorker(): void {
    this.pool?.close();
    this.pool = null;
  }

  private note(kind: ThumbnailEvent['kind'], seriesId?: string, decodedIn?: string): void {
    this.events.push({ kind, at: performance.now(), ...(seriesId ? { seriesId } : {}), ...(decodedIn ? { decodedIn } : {}) });
    if (this.events.length > LOG_LENGTH) this.events.splice(0, this.events.length - LOG_LENGTH);
  }
}
