import type { PaneName } from './pane-layout';

/**
 * The volume layouts and the panes each shows (CSS places them by the viewer's `data-layout`, see
 * src/ui/layouts.css): 2×2 is the default; 1×3 is a large axial pane beside coronal over sagittal.
 */
export const LAYOUTS = {
  '2x2': { label: '2 × 2', panes: ['axial', 'coronal', 'sagittal', '3d'] },
  '1x3': { label: '1 × 3 (axial large)', panes: ['axial', 'coronal', 'sagittal'] },
  axial: { label: 'Axial only', panes: ['axial'] },
  '3d': { label: '3D only', panes: ['3d'] },
  'axial-3d': { label: 'Axial + 3D', panes: ['axial', '3d'] },
} as const satisfies Record<string, { label: string; panes: readonly PaneName[] }>;

export type LayoutName = keyof typeof LAYOUTS;
export const LAYOUT_NAMES = Object.keys(LAYOUTS) as LayoutName[];
export const DEFAULT_LAYOUT: LayoutName = '2x2';

export function isLayoutName(value: unknown): value is LayoutName {
  return typeof value === 'string' && Object.hasOwn(LAYOUTS, value);
}

/** Whether `layout` shows `pane` (the 2D image pane belongs to no volume layout). */
export function layoutShows(layout: LayoutName, pane: PaneName): boolean {
  return (LAYOUTS[layout].panes as readonly PaneName[]).includes(pane);
}

/** The layout after `layout` in the menu's order, wrapping round (the cycling key). */
export function nextLayout(layout: LayoutName): LayoutName {
  return LAYOUT_NAMES[(LAYOUT_NAMES.indexOf(layout) + 1) % LAYOUT_NAMES.length]!;
}
