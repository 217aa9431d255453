import { el } from '../../dom/elements';
import { decodeFile, encodeFile } from './codec';
import type { ViewStateReport, ViewStateSession } from './view-state-session';

/** Larger files are not read: a view state is a few KB, measurements included. */
const MAX_FILE_BYTES = 256 * 1024;

/**
 * Save and open a view as a small JSON file, the session's messages, and the file pickers offered
 * when a state names local files (which only the user can hand over again).
 */
export class ViewStatePanel implements ViewStateReport {
  readonly element: HTMLElement;
  private readonly text = el('div', { className: 'view-state-message', 'data-testid': 'view-state-message', role: 'status' });
  private readonly openInput = el('input', { type: 'file', accept: '.json,application/json', 'data-testid': 'view-state-open' });
  private readonly pickFiles = el('input', { type: 'file', multiple: true, 'data-testid': 'view-state-pick' });
  private readonly pickFolder = el('input', { type: 'file', webkitdirectory: true, 'data-testid': 'view-state-pick-folder' });
  private readonly pickArea: HTMLElement;
  private session: ViewStateSession | null = null;

  constructor(openFiles: (files: File[]) => void) {
    const save = el('button', { type: 'button', 'data-testid': 'view-state-save' }, 'Save view');
    save.addEventListener('click', () => this.save());
    const open = el('label', { className: 'button' }, 'Open view…', this.openInput);
    this.openInput.addEventListener('change', () => void this.open());
    for (const input of [this.pickFiles, this.pickFolder]) {
      input.addEventListener('change', () => {
        const files = [...(input.files ?? [])];
        input.value = '';
        if (files.length > 0) openFiles(files);
      });
    }
    this.pickArea = el(
      'div',
      { className: 'view-state-pick', 'data-testid': 'view-state-pick-area' },
      el('label', { className: 'button' }, 'Pick the files…', this.pickFiles),
      ' ',
      el('label', { className: 'button' }, 'Pick the folder…', this.pickFolder),
    );
    this.pickArea.hidden = true;
    this.element = el(
      'fieldset',
      { className: 'view-state-panel file-inputs' },
      el('legend', {}, 'Share the view'),
      save,
      open,
      this.text,
      this.pickArea,
    );
    this.text.hidden = true;
  }

  attach(session: ViewStateSession): void {
    this.session = session;
  }

  message(text: string, kind: 'info' | 'error'): void {
    this.text.hidden = false;
    this.text.textContent = text;
    this.text.dataset.kind = kind;
  }

  askForFiles(seriesUid: string | null): void {
    this.pickArea.hidden = seriesUid === null;
    if (seriesUid !== null) this.pickArea.dataset.seriesUid = seriesUid;
    else delete this.pickArea.dataset.seriesUid;
  }

  private save(): void {
    if (!this.session) return;
    const blob = new Blob([encodeFile(this.session.capture())], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: 'ct-view-state.json' });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  private async open(): Promise<void> {
    const file = this.openInput.files?.[0];
    this.openInput.value = '';
    if (!file || !this.session) return;
    if (file.size > MAX_FILE_BYTES) {
      this.message(`${file.name} was not used: it is larger than ${MAX_FILE_BYTES / 1024} KB, no view state is.`, 'error');
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      this.message(`${file.name} could not be read.`, 'error');
      return;
    }
    this.session.apply(decodeFile(text), file.name);
  }
}
