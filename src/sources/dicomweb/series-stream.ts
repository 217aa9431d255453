/**
 * One series retrieve shared out to the reads of a load: each instance is handed to the read that
 * takes it, in whatever order the server sends them. An instance the answer has not reached is waited
 * for; once the answer has ended, failed, or holds as many bytes nobody has taken yet as it may, the
 * reads still waiting (and every later one) fetch their instance on their own, so a load never waits
 * on an answer that cannot go on. Only a cancel fails them.
 */
export interface SeriesStreamOptions {
  /** The series' instances as they arrive (DicomWebClient.retrieveSeries). */
  open(signal?: AbortSignal): Promise<AsyncGenerator<ArrayBuffer>>;
  /** The SOP Instance UID of a file, or null when it names none. */
  identify(file: ArrayBuffer): string | null;
  /** One instance on its own: for those the answer does not deliver in time. */
  fetchOne(sopUid: string, signal?: AbortSignal): Promise<ArrayBuffer>;
  /** Bytes delivered and not yet taken, at most, before the answer is read no further (default 256 MiB). */
  maxHeldBytes?: number;
  signal?: AbortSignal;
}

interface Waiter {
  resolve(file: ArrayBuffer): void;
  reject(error: unknown): void;
}

const DEFAULT_MAX_HELD = 256 * 2 ** 20;

export class SeriesStream {
  /** Instances wanted and neither delivered nor fetched on their own yet. */
  private readonly wanted: Set<string>;
  private readonly held = new Map<string, ArrayBuffer>();
  private readonly waiting = new Map<string, Waiter>();
  private heldBytes = 0;
  /** 'full': the answer is not read on until some of what it delivered is taken. */
  private state: 'reading' | 'full' | 'ended' = 'reading';
  private resume: (() => void) | null = null;
  private arrived: Promise<void> | null = null;
  private signalArrival: (() => void) | null = null;
  private files: AsyncGenerator<ArrayBuffer> | null = null;
  private readonly maxHeld: number;
  /** Aborts the answer's request: on close, or with the load's own signal. */
  private readonly reading = new AbortController();
  /** Why the answer stopped before its end, for the record (its reads went on one by one). */
  failure: unknown = null;
  /** Instances the answer delivered to a read, and those fetched on their own instead. */
  readonly counts = { delivered: 0, fetchedAlone: 0 };
  readonly done: Promise<void>;

  constructor(
    sopUids: Iterable<string>,
    private readonly options: SeriesStreamOptions,
  ) {
    this.wanted = new Set(sopUids);
    this.maxHeld = options.maxHeldBytes ?? DEFAULT_MAX_HELD;
    const { signal } = options;
    if (signal?.aborted) this.reading.abort(signal.reason);
    signal?.addEventListener('abort', () => this.reading.abort(signal.reason), { once: true });
    this.done = this.pump();
  }

  /** The instance's file, or null for one this stream was not asked for (or already handed over). */
  take(sopUid: string): Promise<ArrayBuffer> | null {
    const file = this.held.get(sopUid);
    if (file) {
      this.held.delete(sopUid);
      this.heldBytes -= file.byteLength;
      if (this.state === 'full' && this.heldBytes < this.maxHeld) this.wake('reading');
      return Promise.resolve(file);
    }
    if (!this.wanted.has(sopUid) || this.waiting.has(sopUid)) return null;
    if (this.state !== 'reading') return this.alone(sopUid);
    return new Promise((resolve, reject) => this.waiting.set(sopUid, { resolve, reject }));
  }

  /** Whether the instance has arrived and waits to be taken. */
  holds(sopUid: string): boolean {
    return this.held.has(sopUid);
  }

  /** Settles when the next instance arrives or the answer stops; null unless the answer is being read. */
  arrival(): Promise<void> | null {
    if (this.state !== 'reading') return null;
    this.arrived ??= new Promise<void>((resolve) => (this.signalArrival = resolve));
    return this.arrived;
  }

  /** Stops reading the answer; instances still waited for are fetched on their own. */
  close(): void {
    this.held.clear();
    this.heldBytes = 0;
    this.end();
  }

  private async pump(): Promise<void> {
    const { signal } = this.options;
    try {
      this.files = await this.options.open(this.reading.signal);
      for await (const file of this.files) {
        if (this.state === 'ended') break;
        this.deliver(file);
        if (this.wanted.size === 0) break;
        if (this.heldBytes >= this.maxHeld) {
          this.state = 'full';
          this.notifyArrival();
          this.sendWaitingAlone();
          await new Promise<void>((resolve) => (this.resume = resolve));
        }
      }
    } catch (error) {
      // A cancel fails what waits for the answer; any other end of it leaves them to be fetched alone.
      if (signal?.aborted) {
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      }
      this.failure = error;
    } finally {
      this.end();
    }
  }

  private deliver(file: ArrayBuffer): void {
    const sopUid = this.options.identify(file);
    if (sopUid === null || !this.wanted.delete(sopUid)) return;
    const waiter = this.waiting.get(sopUid);
    this.counts.delivered++;
    if (waiter) {
      this.waiting.delete(sopUid);
      waiter.resolve(file);
    } else {
      this.held.set(sopUid, file);
      this.heldBytes += file.byteLength;
    }
    this.notifyArrival();
  }

  private end(): void {
    if (this.state === 'ended') return;
    this.wake('ended');
    this.sendWaitingAlone();
    this.reading.abort('the series stream was closed');
  }

  /** Wakes what waits for an arrival (see arrival), to look again at what is held. */
  private notifyArrival(): void {
    const signal = this.signalArrival;
    this.arrived = null;
    this.signalArrival = null;
    signal?.();
  }

  private wake(state: 'reading' | 'ended'): void {
    this.state = state;
    if (state === 'ended') this.notifyArrival();
    const resume = this.resume;
    this.resume = null;
    resume?.();
  }

  private sendWaitingAlone(): void {
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const [sopUid, waiter] of waiting) this.alone(sopUid).then(waiter.resolve, waiter.reject);
  }

  private alone(sopUid: string): Promise<ArrayBuffer> {
    this.wanted.delete(sopUid);
    this.counts.fetchedAlone++;
    return this.options.fetchOne(sopUid, this.options.signal);
  }
}
