import type { Vec3 } from '../../dicom/types';
import { type PaneProjection, paneToWorld } from '../../views/pane-projection';
import type { SliceViewName } from '../../views/view-orientation';

/** What the pointer's world point is read from (a Viewer): its element and its slice panes' projections. */
export interface PointerViews {
  readonly element: HTMLElement;
  slicePane(name: SliceViewName): { projection(): PaneProjection; clientRect(): DOMRect } | undefined;
}

const SLICE_PANES = new Set<string>(['axial', 'coronal', 'sagittal']);

/**
 * Calls `moved` with the world point (LPS mm) under the pointer whenever it moves over a slice pane.
 * Listens in the capture phase: the panes stop their pointer events from bubbling (see pane-pointer.ts).
 */
export function watchPointerPoint(views: PointerViews, moved: (world: Vec3) => void): void {
  views.element.addEventListener(
    'pointermove',
    (event) => {
      const name = (event.target as Element | null)?.closest?.('[data-pane]')?.getAttribute('data-pane');
      if (!name || !SLICE_PANES.has(name)) return;
      const pane = views.slicePane(name as SliceViewName);
      if (!pane) return;
      const rect = pane.clientRect();
      moved(paneToWorld(pane.projection(), event.clientX - rect.left, event.clientY - rect.top));
    },
    { capture: true },
  );
}
