export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

const PROGRESS_INTERVAL_MS = 500;

/** The status line: `data-state` for automation, words (warnings, errors) for people. */
export class LoadStateView {
  readonly element: HTMLElement;
  private pendingProgress: string | null = null;
  private progressTimer: ReturnType<typeof setTimeout> | undefined;
  private lastProgress = -Infinity;

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
    const wait = Math.max(0, this.lastProgress + PROGRESS_INTERVAL_MS - performance.now());
    this.progressTimer = setTimeout(() => {
      this.progressTimer = undefined;
      if (this.pendingProgress === null) return;
      this.lastProgress = performance.now();
      this.show('loading', this.pendingProgress, []);
      this.pendingProgress = null;
    }, wait);
  }

  set(state: LoadState, message: string, details: string[] = []): void {
    this.pendingProgress = null;
    if (state === 'loading') this.lastProgress = performance.now();
    this.show(state, message, details);
  }

  private show(state: LoadState, message: string, details: string[]): void {
    this.element.dataset.state = state;
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
