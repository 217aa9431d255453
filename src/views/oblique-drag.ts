/** What an Alt-drag in a slice pane turns. */
export interface ObliqueDragTarget {
  /** Where the crosshair point is in the pane (CSS pixels from its top-left): the pivot. */
  crosshairOnPane(): [number, number];
  /** Turns the crosshair axes by `radians`, counter-clockwise on screen. */
  rotateBy(radians: number): void;
  /** Brings back the axis-aligned planes. */
  resetAxes(): void;
}

/** Wraps an angle difference into (−π, π], so crossing the ±π line does not spin the axes round. */
export function wrapAngle(radians: number): number {
  const wrapped = radians - 2 * Math.PI * Math.floor((radians + Math.PI) / (2 * Math.PI));
  return wrapped === -Math.PI ? Math.PI : wrapped;
}

/**
 * Alt + left drag in a slice pane turns the crosshair axes about the crosshair point, by the angle the
 * pointer sweeps round it; `o` in the pane brings back the axis-aligned planes. Listened for in the
 * capture phase and stopped there, so the pane's own drag (window/level, a measuring tool) never sees
 * the gesture.
 */
export function bindObliqueDrag(pane: HTMLElement, target: ObliqueDragTarget): void {
  let last: number | null = null;
  const angleAt = (event: PointerEvent) => {
    const rect = pane.getBoundingClientRect();
    const [cx, cy] = target.crosshairOnPane();
    // Screen y grows downwards; the angle is counter-clockwise as seen.
    return Math.atan2(-(event.clientY - rect.top - cy), event.clientX - rect.left - cx);
  };
  const capture = { capture: true };
  pane.addEventListener(
    'pointerdown',
    (event) => {
      if (!event.altKey || event.button !== 0) return;
      event.stopImmediatePropagation();
      event.preventDefault();
      pane.focus();
      pane.setPointerCapture(event.pointerId);
      last = angleAt(event);
    },
    capture,
  );
  pane.addEventListener(
    'pointermove',
    (event) => {
      if (last === null) return;
      event.stopImmediatePropagation();
      const angle = angleAt(event);
      const delta = wrapAngle(angle - last);
      last = angle;
      if (delta !== 0) target.rotateBy(delta);
    },
    capture,
  );
  const end = (event: PointerEvent) => {
    if (last === null) return;
    event.stopImmediatePropagation();
    last = null;
  };
  pane.addEventListener('pointerup', end, capture);
  pane.addEventListener('pointercancel', end, capture);
  pane.addEventListener('keydown', (event) => {
    if (event.key !== 'o' && event.key !== 'O') return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    target.resetAxes();
  });
}
