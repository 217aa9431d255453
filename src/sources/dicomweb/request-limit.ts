/**
 * At most `limit` requests at a time, the others waiting in the order they were asked for: callers
 * ask for instances in the order the views need them (the middle of the stack first), and a server or
 * a browser connection pool should not reorder or be flooded by them.
 */
export class RequestLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** Runs `job` once a place is free; a job whose signal aborts while it waits never runs. */
  async run<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.running >= this.limit) await this.place(signal);
    else this.running++;
    try {
      return await job();
    } finally {
      this.handOver();
    }
  }

  /** Takes a place for as long as the caller needs it (a streamed answer); the function gives it back, once. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.running >= this.limit) await this.place(signal);
    else this.running++;
    let held = true;
    return () => {
      if (held) this.handOver();
      held = false;
    };
  }

  /** A place given back: to the first job waiting for one, if any. */
  private handOver(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  /** Resolves when a finishing job hands its place over (the count stays the same). */
  private place(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const take = () => {
        signal?.removeEventListener('abort', leave);
        resolve();
      };
      const leave = () => {
        const at = this.waiting.indexOf(take);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal!.reason ?? new DOMException('aborted', 'AbortError'));
      };
      if (signal?.aborted) return leave();
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(take);
    });
  }
}
