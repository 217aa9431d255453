import { bindPanePointer } from './pane-pointer';
/** What the 2D pane's pointer, wheel and keys drive (an Image2dView). */
export interface Image2dInputTarget {
  /** Another image of the series, `delta` images on. */
  step(delta: number): void;
  stepTo(index: number): void;
  count(): number;
  zoom(factor: number): void;
  panByPixels(dx: number, dy: number): void;
  fit(): void;
  showValueAt(event: PointerEvent): void;
  dragWindow(dx: number, dy: number, phase: 'start' | 'move'): void;
  toggleMaximize(): void;
}

const KEY_STEPS: Record<string, number> = { ArrowUp: -1, ArrowLeft: -1, ArrowDown: 1, ArrowRight: 1, PageUp: -10, PageDown: 10 };

/**
 * As in the slice panes: left drag window/level, right drag zoom, shift or middle drag pan, wheel
 * steps through the images (ctrl+wheel zooms), keys step, fit (r) and maximise (m). Stopping
 * propagation keeps vtk's 3D interactor, bound to the whole viewer, out of this pane.
 */
export function bindImage2dInput(pane: HTMLElement, slider: HTMLInputElement, target: Image2dInputTarget): void {
  bindPanePointer(pane, {
    isControl: (element) => element === slider,
    showValueAt: (event) => target.showValueAt(event),
    dragWindow: (dx, dy, phase) => target.dragWindow(dx, dy, phase),
    zoom: (factor) => target.zoom(factor),
    panByPixels: (dx, dy) => target.panByPixels(dx, dy),
    wheelStep: (direction) => target.step(direction),
    toggleMaximize: () => target.toggleMaximize(),
  });
  slider.addEventListener('input', () => target.stepTo(Number(slider.value)));
  pane.tabIndex = 0;
  pane.addEventListener('keydown', (event) => {
    if (event.target === slider) return;
    if (event.key in KEY_STEPS) target.step(KEY_STEPS[event.key]!);
    else if (event.key === 'Home') target.stepTo(0);
    else if (event.key === 'End') target.stepTo(target.count() - 1);
    else if (event.key === 'r' || event.key === 'R') target.fit();
    else if (event.key === 'm' || event.key === 'M') target.toggleMaximize();
    else return;
    event.preventDefault();
  });
}
