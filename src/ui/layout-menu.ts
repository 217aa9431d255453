import { el } from '../dom/elements';
import { LAYOUTS, LAYOUT_NAMES, isLayoutName, nextLayout } from '../views/layouts';
import type { Viewer } from '../views/viewer';
import type { ShortcutRegistry } from './shortcuts';

/** The key that cycles the layouts (the menu's order). */
export const LAYOUT_KEY = 'g';

/** The layout menu (`[data-testid=layout]`) and its key; it follows the viewer's layout whatever set it. */
export function createLayoutMenu(viewer: Viewer, registry: ShortcutRegistry): HTMLElement {
  const select = el('select', { 'data-testid': 'layout', title: `Layout (${LAYOUT_KEY} cycles)` });
  for (const name of LAYOUT_NAMES) select.append(el('option', { value: name }, LAYOUTS[name].label));
  select.value = viewer.layoutName;
  select.addEventListener('change', () => {
    if (isLayoutName(select.value)) viewer.setLayout(select.value);
  });
  viewer.onLayoutChange((layout) => (select.value = layout));
  registry.register({
    key: LAYOUT_KEY,
    description: `Next layout (${LAYOUT_NAMES.map((name) => LAYOUTS[name].label).join(', ')})`,
    handler: () => viewer.setLayout(nextLayout(viewer.layoutName)),
  });
  return el('label', { className: 'layout-menu' }, 'Layout ', select);
}
