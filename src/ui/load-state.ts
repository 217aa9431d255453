export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

const PROGRESS_INTERVAL_MS = 500;

/**
 * The status line. `data-state` is the state for automation and changes at once; what people see
 * (the words, and `data-shown`, which the colours follow) may trail it, see `set`.
 */
export class LoadStateView {
  readonly element: HTMLElement;
  private pendingProgress: string | null = null;
  private progressTimer: ReturnType<typeof setTimeout> | undefined;
  private lastProgress = -Infinity;
  /** Nothing is shown before this time (performance.now()), see `set`'s quietForMs. */
  private quietUntil = -Infinity;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'load-state';
    this.element.dataset.testid = 'load-state';
    this.element.setAttribute('role', 'status');
    this.element.setAttribute('aria-live', 'polite');
    this.set('idle', 'Open DICOM files or a folder, drop them here, or load the sample.');
  }

  /**
   * Progress while loading, at most every PROGRESS_INTERVAL_MS (the latest message wins). Each change
   * of the page makes the compositor draw a frame, and with a software GPU a frame also reads the
   * WebGL canvas back: per batch of files, that would take CPU from the readers.
   */
  progress(message: string): void {
    this.pendingProgress = message;
    if (this.progressTimer !== undefined) return;
    const now = performance.now();
    const wait = Math.max(0, this.lastProgress + PROGRESS_INTERVAL_MS - now, this.quietUntil - now);
    this.progressTimer = setTimeout(() => {
      this.progressTimer = undefined;
      if (this.pendingProgress === null) return;
      // A later `set` may have lengthened the quiet time this timer was set for.
      if (performance.now() < this.quietUntil) return this.progress(this.pendingProgress);
      this.lastProgress = performance.now();
      this.show('loading', this.pendingProgress, []);
      this.pendingProgress = null;
    }, wait);
  }

  /**
   * Sets the state. With `quietForMs`, only for 'loading', the words appear after that long, unless
   * the next `set` comes first: a load that shows its image sooner changes nothing on the page before
   * it (a busy message that flashes up for a moment helps no one, and with a software GPU every
   * change of the page costs a read-back of the WebGL canvas, 40–60 ms of CPU measured).
   */
  set(state: LoadState, message: string, details: string[] = [], quietForMs = 0): void {
    this.element.dataset.state = state;
    if (state === 'loading' && quietForMs > 0) {
      this.quietUntil = Math.max(this.quietUntil, performance.now() + quietForMs);
      this.lastProgress = -Infinity;
      this.progress(message);
      return;
    }
    this.pendingProgress = null;
    this.quietUntil = -Infinity;
    if (state === 'loading') this.lastProgress = performance.now();
    this.show(state, message, details);
  }

  private show(state: LoadState, message: string, details: string[]): void {
    this.element.dataset.state = state;
    this.element.dataset.shown = state;
    this.element.replaceChildren();
    const headline = document.createElement('div');
    headline.className = 'load-state-message';
    headline.textContent = message;
    this.element.append(headline);
    if (details.length > 0) {
      const list = document.createElement('ul');
      for (const detail of details) {
        const item = document.createElement('li');
        item.textContent = detail;
        list.append(item);
      }
      this.element.append(list);
    }
  }

  get state(): LoadState {
    return this.element.dataset.state as LoadState;
  }
}
