export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/** The status line: `data-state` for automation, words (warnings, errors) for people. */
export class LoadStateView {
  readonly element: HTMLElement;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'load-state';
    this.element.dataset.testid = 'load-state';
    this.element.setAttribute('role', 'status');
    this.element.setAttribute('aria-live', 'polite');
    this.set('idle', 'Open DICOM files or a folder, drop them here, or load the sample.');
  }

  set(state: LoadState, message: string, details: string[] = []): void {
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
