/** What a pane's pointer and wheel drive: the slice panes and the 2D image pane alike. */
export interface PanePointerTarget {
  /** The pointer went down on a control of the pane (its slider): no drag, no click. */
  isControl(target: EventTarget | null): boolean;
  showValueAt(event: PointerEvent): void;
  dragWindow(dx: number, dy: number, phase: 'start' | 'move'): void;
  zoom(factor: number): void;
  panByPixels(dx: number, dy: number): void;
  /** A left click that did not drag. */
  clickAt?(event: PointerEvent): void;
  /** One wheel notch without ctrl (scroll or step), its sign the direction. */
  wheelStep(direction: number): void;
  toggleMaximize(): void;
  /** A left press a tool takes (a measurement drawn or edited): its moves and release go to it, not to W/L. */
  takePress?(event: PointerEvent): PanePress | null;
}

/** The moves and release of a press a tool took (see PanePointerTarget.takePress). */
export interface PanePress {
  move(event: PointerEvent): void;
  end(event: PointerEvent): void;
}

const DRAG_THRESHOLD_PX = 3;

/**
 * Left drag window/level, right drag zoom, shift or middle drag pan, click, wheel (ctrl+wheel zooms),
 * double-click maximise. Stopping propagation keeps vtk's 3D interactor, bound to the whole viewer,
 * out of the pane.
 */
export function bindPanePointer(pane: HTMLElement, target: PanePointerTarget): void {
  let drag: { button: number; x: number; y: number; moved: boolean; shift: boolean } | null = null;
  let press: PanePress | null = null;
  pane.addEventListener('pointerdown', (event) => {
    event.stopPropagation();
    if (target.isControl(event.target)) return;
    pane.focus();
    pane.setPointerCapture(event.pointerId);
    press = event.button === 0 && !event.shiftKey ? (target.takePress?.(event) ?? null) : null;
    if (press) return;
    drag = { button: event.button, x: event.clientX, y: event.clientY, moved: false, shift: event.shiftKey };
  });
  pane.addEventListener('pointermove', (event) => {
    event.stopPropagation();
    target.showValueAt(event);
    if (press) return press.move(event);
    if (!drag) return;
    const [dx, dy] = [event.clientX - drag.x, event.clientY - drag.y];
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
    const first = !drag.moved;
    drag.moved = true;
    if (drag.button === 0 && !drag.shift) target.dragWindow(dx, dy, first ? 'start' : 'move');
    else if (drag.button === 2) target.zoom(Math.exp(event.movementY * 0.01));
    else target.panByPixels(event.movementX, event.movementY);
  });
  pane.addEventListener('pointerup', (event) => {
    event.stopPropagation();
    press?.end(event);
    press = null;
    if (drag && !drag.moved && drag.button === 0) target.clickAt?.(event);
    drag = null;
  });
  pane.addEventListener('contextmenu', (event) => event.preventDefault());
  pane.addEventListener('dblclick', (event) => {
    event.stopPropagation();
    target.toggleMaximize();
  });
  pane.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (event.ctrlKey) target.zoom(Math.exp(event.deltaY * 0.001));
      else if (event.deltaY !== 0) target.wheelStep(Math.sign(event.deltaY));
    },
    { passive: false },
  );
}
