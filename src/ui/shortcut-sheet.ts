import { el } from '../dom/elements';
import type { ShortcutRegistry } from './shortcuts';

/**
 * The `?` sheet: every key of the registry (page-wide and per pane) in a modal dialog, rebuilt each
 * time it opens so that keys registered later are listed too. Escape closes it and does nothing else.
 */
export function mountShortcutSheet(
  registry: ShortcutRegistry,
  host: HTMLElement,
): { element: HTMLDialogElement; toggle(): void } {
  const body = el('tbody');
  const close = el('button', { type: 'button', 'data-testid': 'shortcut-sheet-close' }, 'Close');
  const dialog = el(
    'dialog',
    { className: 'shortcut-sheet', 'data-testid': 'shortcut-sheet', 'aria-label': 'Keyboard shortcuts' },
    el('h2', {}, 'Keyboard shortcuts'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Key'), el('th', {}, 'Does'), el('th', {}, 'Where'))), body),
    close,
  );
  const fill = () =>
    body.replaceChildren(
      ...registry
        .entries()
        .map((entry) =>
          el(
            'tr',
            { 'data-testid': 'shortcut', 'data-keys': entry.keys },
            el('td', {}, el('kbd', {}, entry.keys === ' ' ? 'Space' : entry.keys)),
            el('td', {}, entry.description),
            el('td', {}, entry.where),
          ),
        ),
    );
  close.addEventListener('click', () => dialog.close());
  // The viewer restores a maximised pane on Escape: closing the sheet must not do that as well.
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    dialog.close();
  });
  const toggle = () => {
    if (dialog.open) return dialog.close();
    fill();
    dialog.showModal();
  };
  registry.register({ key: '?', description: 'Show or hide this list of keys', handler: toggle });
  host.append(dialog);
  return { element: dialog, toggle };
}
