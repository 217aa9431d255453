import type { HeaderElement } from '../../dicom/header-tree';
import { el } from '../../dom/elements';

/** Which part of the file a row is from: its file meta group, or its data set. */
export type TagSection = 'meta' | 'dataset';

/**
 * Rows of the header inspector for a list of elements: tag, keyword (or that it is private, with its
 * creator), VR and value, every string set as text. A sequence is a <details> whose items are built
 * when it is first opened (a multi-frame file's functional groups can hold thousands of elements),
 * or at once when `open` (a filtered list, whose matches must show).
 */
export function renderElements(elements: readonly HeaderElement[], section: TagSection, open: boolean, depth = 0): HTMLElement[] {
  return elements.map((element) => (element.items ? sequence(element, section, open, depth) : row(element, section, depth)));
}

function sequence(element: HeaderElement, section: TagSection, open: boolean, depth: number): HTMLElement {
  const details = el('details', { className: 'tag-sequence', 'data-testid': 'tag-sequence', 'data-tag': element.tag });
  details.append(el('summary', {}, row(element, section, depth)));
  let filled = false;
  const fill = () => {
    if (filled || !details.open) return;
    filled = true;
    for (const item of element.items ?? []) {
      const body = el('div', { className: 'tag-item-body' }, ...renderElements(item.elements, section, open, depth + 1));
      const label = `Item ${item.index + 1} of ${itemCount(element)}`;
      details.append(
        el('div', { className: 'tag-item', 'data-testid': 'tag-item' }, el('div', { className: 'tag-item-label' }, label), body),
      );
    }
  };
  details.addEventListener('toggle', fill);
  if (open) {
    details.open = true;
    fill();
  }
  return details;
}

/** The sequence's own count (its value says "3 items"), not the items a filter left. */
function itemCount(element: HeaderElement): number {
  return Number(/^(\d+) item/.exec(element.value)?.[1] ?? element.items!.length);
}

function row(element: HeaderElement, section: TagSection, depth: number): HTMLElement {
  const creator = element.private?.creator;
  const privateWords = element.private ? `private${creator ? ` · ${creator}` : ' · no creator'}` : undefined;
  const keyword = element.keyword || privateWords || 'unknown';
  const value = el(
    'span',
    { className: 'tag-value', 'data-testid': 'tag-value', 'data-empty': element.value === '' },
    element.value,
  );
  const cells: HTMLElement[] = [
    el('span', { className: 'tag-tag' }, element.tag),
    el('span', { className: 'tag-vr' }, element.vr),
    el('span', { className: 'tag-keyword', title: privateWords && element.keyword ? privateWords : undefined }, keyword),
    value,
  ];
  if (element.fullValue !== undefined) cells.push(showAll(value, element.value, element.fullValue));
  return el(
    'div',
    {
      className: element.private ? 'tag-row private' : 'tag-row',
      'data-testid': 'tag-row',
      'data-tag': element.tag,
      'data-keyword': element.keyword,
      'data-vr': element.vr,
      'data-depth': depth,
      'data-section': section,
      'data-private': element.private ? 'true' : undefined,
      'data-pixel-data': element.pixelData ? 'true' : undefined,
    },
    ...cells,
  );
}

/** The whole of a shortened value, on demand, and back. */
function showAll(value: HTMLElement, short: string, full: string): HTMLElement {
  const button = el('button', { type: 'button', className: 'tag-show-all', 'data-testid': 'tag-show-all' }, 'show all');
  button.addEventListener('click', (event) => {
    // Inside a sequence's summary, a click would also fold the sequence.
    event.preventDefault();
    const showing = button.dataset.showing === 'full';
    value.textContent = showing ? short : full;
    button.dataset.showing = showing ? 'short' : 'full';
    button.textContent = showing ? 'show all' : 'show less';
  });
  return button;
}
