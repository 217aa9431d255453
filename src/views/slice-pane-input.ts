import type { SliceViewName } from './view-orientation';

/** What a slice pane's pointer and keys drive (a SliceView). */
export interface SlicePaneTarget {
  readonly name: SliceViewName;
  scrollBy(delta: number): void;
  scrollTo(index: number): void;
  sliceCount(): number;
  fit(): void;
  zoom(factor: number): void;
  panByPixels(dx: number, dy: number): void;
  showValueAt(event: PointerEvent): void;
  clickAt(event: PointerEvent): void;
}

/** What the pane's input asks of the viewer that holds it. */
export interface SlicePaneHost {
  dragWindow(dx: number, dy: number, phase: 'start' | 'move'): void;
  toggleMaximize(pane: string): void;
}

const DRAG_THRESHOLD_PX = 3;

/**
 * Slice panes handle their own input: left drag window/level, right drag zoom, shift or middle drag
 * pan, click moves the cursor, wheel scrolls (ctrl+wheel zooms), keys scroll and maximise.
 * Stopping propagation keeps vtk's 3D interactor out of them.
 */
export function bindSlicePaneInput(pane: HTMLElement, target: SlicePaneTarget, host: SlicePaneHost): void {
  let drag: { button: number; x: number; y: number; moved: boolean; shift: boolean } | null = null;
  pane.addEventListener('pointerdown', (event) => {
    event.stopPropagation();
    if ((event.target as HTMLElement).classList.contains('slice-slider')) return;
    pane.focus();
    pane.setPointerCapture(event.pointerId);
    drag = { button: event.button, x: event.clientX, y: event.clientY, moved: false, shift: event.shiftKey };
  });
  pane.addEventListener('pointermove', (event) => {
    event.stopPropagation();
    target.showValueAt(event);
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
    const first = !drag.moved;
    drag.moved = true;
    if (drag.button === 0 && !drag.shift) {
      host.dragWindow(event.clientX - drag.x, event.clientY - drag.y, first ? 'start' : 'move');
      return;
    }
    if (drag.button === 2) target.zoom(Math.exp(event.movementY * 0.01));
    else target.panByPixels(event.movementX, event.movementY);
  });
  pane.addEventListener('pointerup', (event) => {
    event.stopPropagation();
    if (drag && !drag.moved && drag.button === 0) target.clickAt(event);
    drag = null;
  });
  pane.addEventListener('contextmenu', (event) => event.preventDefault());
  pane.addEventListener('dblclick', (event) => {
    event.stopPropagation();
    host.toggleMaximize(target.name);
  });
  pane.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (event.ctrlKey) target.zoom(Math.exp(event.deltaY * 0.001));
      else target.scrollBy(Math.sign(event.deltaY));
    },
    { passive: false },
  );
  bindSlicePaneKeys(pane, target, host);
}

const KEY_STEPS: Record<string, number> = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 10, PageDown: -10 };

function bindSlicePaneKeys(pane: HTMLElement, target: SlicePaneTarget, host: SlicePaneHost): void {
  pane.tabIndex = 0;
  pane.addEventListener('keydown', (event) => {
    if (event.key in KEY_STEPS) target.scrollBy(KEY_STEPS[event.key]!);
    else if (event.key === 'Home') target.scrollTo(0);
    else if (event.key === 'End') target.scrollTo(target.sliceCount() - 1);
    else if (event.key === 'm' || event.key === 'M') host.toggleMaximize(target.name);
    else if (event.key === 'r' || event.key === 'R') target.fit();
    else return;
    event.preventDefault();
  });
}
