import './tag-inspector.css';
import { countElements, filterHeader } from '../../dicom/header-filter';
import type { HeaderTree } from '../../dicom/header-tree';
import { el } from '../../dom/elements';
import { renderElements } from './tag-rows';

/** What the panel says: nothing asked yet, a header on its way, one shown, or why none can be. */
export type TagInspectorState = 'empty' | 'loading' | 'ready' | 'error';

/**
 * The header inspector's panel: a folded <details> (nothing is read until it is opened), what slice it
 * shows, a filter box, and the rows of the file meta group and the data set (see tag-rows.ts).
 */
export class TagInspectorPanel {
  readonly element = el('details', { className: 'tag-inspector', 'data-testid': 'tag-inspector', 'data-state': 'empty' });
  private readonly source = el('div', { className: 'tag-source', 'data-testid': 'tag-source' });
  private readonly filter = el('input', {
    type: 'search',
    className: 'tag-filter',
    'data-testid': 'tag-filter',
    placeholder: 'Filter: keyword, tag (0010,0010) or value',
    'aria-label': 'Filter the header by keyword, tag number or value',
  });
  private readonly pointerMode = el('input', { type: 'checkbox', 'data-testid': 'tag-follow-pointer' });
  private readonly count = el('div', { className: 'tag-count', 'data-testid': 'tag-count' });
  private readonly problem = el('div', { className: 'tag-problem', 'data-testid': 'tag-problem', hidden: true });
  private readonly list = el('div', { className: 'tag-list', 'data-testid': 'tag-list' });
  private tree: HeaderTree | null = null;

  /** `onOpen`: the panel was unfolded; `onMode`: the choice of slice changed (axial pane or pointer). */
  constructor(onOpen: () => void, onMode: () => void) {
    const mode = el('label', { className: 'tag-mode' }, this.pointerMode, 'Slice under the mouse pointer');
    this.element.append(el('summary', {}, 'DICOM header'), this.source, mode, this.filter, this.count, this.problem, this.list);
    this.element.addEventListener('toggle', () => {
      if (this.element.open) onOpen();
    });
    this.filter.addEventListener('input', () => this.render());
    this.pointerMode.addEventListener('change', onMode);
  }

  /** Whether the slice under the mouse pointer is asked for, rather than the axial pane's. */
  get followsPointer(): boolean {
    return this.pointerMode.checked;
  }

  get open(): boolean {
    return this.element.open;
  }

  /** A header on its way for the slice described by `where`; what was shown stays until it lands. */
  loading(where: string): void {
    this.element.dataset.state = 'loading';
    this.source.textContent = `${where} — reading…`;
  }

  show(tree: HeaderTree, where: string): void {
    this.tree = tree;
    this.element.dataset.state = 'ready';
    this.element.dataset.file = tree.file;
    this.source.textContent = where;
    this.problem.hidden = !tree.problem;
    this.problem.textContent = tree.problem ? `${tree.file}: ${tree.problem}` : '';
    this.render();
  }

  /** No header to show, and why (no slice on screen, a file that cannot be read). */
  message(state: 'empty' | 'error', words: string): void {
    this.tree = null;
    this.element.dataset.state = state;
    delete this.element.dataset.file;
    this.source.textContent = words;
    this.problem.hidden = true;
    this.count.textContent = '';
    this.list.replaceChildren();
  }

  private render(): void {
    const tree = this.tree;
    if (!tree) return;
    const query = this.filter.value;
    const meta = filterHeader(tree.meta, query);
    const dataSet = filterHeader(tree.dataSet, query);
    const filtering = query.trim() !== '';
    const groups: HTMLElement[] = [];
    if (meta.length > 0) {
      groups.push(el('div', { className: 'tag-group', 'data-testid': 'tag-group-meta' }, 'File meta information'));
      groups.push(...renderElements(meta, 'meta', filtering));
    }
    if (dataSet.length > 0) {
      groups.push(el('div', { className: 'tag-group', 'data-testid': 'tag-group-dataset' }, 'Data set'));
      groups.push(...renderElements(dataSet, 'dataset', filtering));
    }
    this.list.replaceChildren(...groups);
    const all = tree.meta.length + tree.dataSet.length;
    this.count.textContent = filtering
      ? `${countElements(meta) + countElements(dataSet)} matching of ${countElements(tree.meta) + countElements(tree.dataSet)}`
      : `${tree.dataSet.length} data set elements, ${tree.meta.length} file meta (${all} top-level)`;
  }
}
