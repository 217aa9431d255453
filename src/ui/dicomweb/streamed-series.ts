import type { SeriesSummary } from '../../dicom/series-types';
import type { WholeFileReader } from '../../ingest/ingest-client';
import type { FileStreamer } from '../../sources/source-file';
import type { StreamedSource } from '../app';

export interface StreamProgress {
  fetched: number;
  total: number;
  bytes: number;
  /** 'streaming' until every instance is in; 'cancelled' once the user stopped it. */
  state: 'streaming' | 'done' | 'cancelled';
}

/** How often the progress line may change: each change of the page costs a frame (see LoadStateView). */
const PROGRESS_INTERVAL_MS = 500;

/**
 * The instances of one opened study as the ingest reads them: each read counted (instances and
 * bytes, for the progress line) and tied to the current load's AbortController, so that Cancel,
 * another series or another source stops the requests still running instead of letting them finish
 * for nothing.
 */
export class StreamedSeries implements StreamedSource {
  private controller = new AbortController();
  private progress: StreamProgress = { fetched: 0, total: 0, bytes: 0, state: 'done' };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastShown = -Infinity;

  constructor(private readonly show: (progress: StreamProgress | null) => void) {}

  /** The readers the index is given: the source's own, counted and cancellable. */
  wrap(readers: Map<string, WholeFileReader>): Map<string, WholeFileReader> {
    const wrapped = new Map<string, WholeFileReader>();
    for (const [name, read] of readers) {
      // A read with a signal of its own is no part of a load (a thumbnail's): neither counted nor stopped with it.
      wrapped.set(name, (own) => (own ? read(own) : this.counted(read)));
    }
    return wrapped;
  }

  /** The source's streamer as the index is given it: what it hands over counted, stopped with the load. */
  wrapStreamer(streamer: FileStreamer): FileStreamer {
    return (files) => {
      const { signal } = this.controller;
      if (signal.aborted) return null;
      const streamed = streamer(files, signal);
      if (!streamed) return null;
      return {
        take: (file) => {
          const taken = streamed.take(file);
          if (!taken) return null;
          // Handled here too: a load cancelled before it is awaited must not leave it unhandled.
          taken.catch(() => undefined);
          return this.counted(() => taken);
        },
        holds: (file) => streamed.holds(file),
        arrival: () => streamed.arrival(),
        close: () => streamed.close(),
      };
    };
  }

  private async counted(read: (signal: AbortSignal) => Promise<ArrayBuffer>): Promise<ArrayBuffer> {
    const { signal } = this.controller;
    const counted = this.progress;
    if (signal.aborted) throw new Error(abortWords(signal));
    let bytes: ArrayBuffer;
    try {
      bytes = await read(signal);
    } catch (error) {
      throw signal.aborted ? new Error(abortWords(signal)) : error;
    }
    // A read of a load since replaced counts for nothing.
    if (counted === this.progress) {
      counted.fetched++;
      counted.bytes += bytes.byteLength;
      if (counted.fetched >= counted.total) counted.state = 'done';
      this.update(counted.state === 'done');
    }
    return bytes;
  }

  loadBegins(series: SeriesSummary): void {
    this.controller.abort(SUPERSEDED);
    this.controller = new AbortController();
    this.progress = { fetched: 0, total: series.sliceCount, bytes: 0, state: 'streaming' };
    this.update(true);
  }

  /** The user's Cancel: the load fails with that reason, the volume shown before it stays. */
  cancel(): void {
    if (this.progress.state !== 'streaming') return;
    this.controller.abort(CANCELLED);
    this.progress = { ...this.progress, state: 'cancelled' };
    this.update(true);
  }

  abandon(): void {
    this.controller.abort(SUPERSEDED);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.show(null);
  }

  private update(now: boolean): void {
    const wait = now ? 0 : Math.max(0, this.lastShown + PROGRESS_INTERVAL_MS - performance.now());
    if (wait === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.lastShown = performance.now();
      this.show({ ...this.progress });
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.update(true);
    }, wait);
  }
}

const CANCELLED = 'cancelled by the user';
const SUPERSEDED = 'another load replaced this one';

function abortWords(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? signal.reason : CANCELLED;
}

/** "34 / 140 instances, 17.5 MB" */
export function describeProgress(progress: StreamProgress): string {
  const mb = (progress.bytes / 1e6).toFixed(1);
  const counts = `${progress.fetched} / ${progress.total} instances, ${mb} MB`;
  if (progress.state === 'cancelled') return `Cancelled after ${counts}`;
  return progress.state === 'done' ? `Fetched ${counts}` : `Fetching ${counts}…`;
}
