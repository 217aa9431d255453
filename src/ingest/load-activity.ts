/** What a LoadActivity listener is told: a load (an index, a build, a 2D image) began or all have ended. */
export type LoadActivityChange = 'begins' | 'idle';

/**
 * Whether the ingest is loading something the user waits for (an index, a volume, a 2D image): work
 * that can wait (thumbnails) waits for `idle()`, so that it never takes a core or a file read from a load.
 */
export class LoadActivity {
  private inFlight = 0;
  /** Loads begun so far: work that was interrupted by one can tell (see ThumbnailClient). */
  private begun = 0;
  private waiting: Array<() => void> = [];
  private readonly listeners = new Set<(change: LoadActivityChange) => void>();

  get busy(): boolean {
    return this.inFlight > 0;
  }

  get begunCount(): number {
    return this.begun;
  }

  async during<T>(load: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.begun++;
    for (const listener of this.listeners) listener('begins');
    try {
      return await load();
    } finally {
      if (--this.inFlight === 0) {
        for (const listener of this.listeners) listener('idle');
        const waiting = this.waiting;
        this.waiting = [];
        for (const resolve of waiting) resolve();
      }
    }
  }

  /** Resolves once no load is in flight (at once if none is). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  listen(listener: (change: LoadActivityChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
