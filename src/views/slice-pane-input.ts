import { type PanePress, bindPanePointer } from './pane-pointer';
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
  /** `from`: the pane dragged in, drawn first (see WindowLevelControl.drag). */
  dragWindow(dx: number, dy: number, phase: 'start' | 'move', from?: SliceViewName): void;
  toggleMaximize(pane: string): void;
  /** A left press in `pane` that a measurement tool takes instead of W/L (null: not taken). */
  takePress?(pane: SliceViewName, event: PointerEvent): PanePress | null;
}

/**
 * Slice panes handle their own input: left drag window/level, right drag zoom, shift or middle drag
 * pan, click moves the cursor, wheel scrolls (ctrl+wheel zooms), keys scroll and maximise.
 * Stopping propagation keeps vtk's 3D interactor out of them.
 */
export function bindSlicePaneInput(pane: HTMLElement, target: SlicePaneTarget, host: SlicePaneHost): void {
  bindPanePointer(pane, {
    isControl: (element) => (element as HTMLElement | null)?.classList?.contains('slice-slider') ?? false,
    showValueAt: (event) => target.showValueAt(event),
    dragWindow: (dx, dy, phase) => host.dragWindow(dx, dy, phase, target.name),
    zoom: (factor) => target.zoom(factor),
    panByPixels: (dx, dy) => target.panByPixels(dx, dy),
    clickAt: (event) => target.clickAt(event),
    wheelStep: (direction) => target.scrollBy(direction),
    toggleMaximize: () => host.toggleMaximize(target.name),
    takePress: (event) => host.takePress?.(target.name, event) ?? null,
  });
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
