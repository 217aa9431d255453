import { type Vec3, dot, scale, sub } from '../../math/vec3';
import type { CtVolume } from '../../volume/ct-volume';
import { type MeasurementKind, POINT_COUNT } from '../../volume/measure/measurement-record';
import { MeasurementStore } from '../../volume/measure/measurement-store';
import { planeFromAxes, voxelPitchAlong } from '../../volume/measure/plane-geometry';
import { liesInSlice } from '../../volume/measure/slice-membership';
import { type PaneProjection, paneToWorld } from '../pane-projection';
import type { PanePress } from '../pane-pointer';
import type { SliceViewName } from '../view-orientation';
import { AnnotationLayer } from './annotation-layer';
import { MeasurementDrawing } from './measurement-drawing';

/** What the measurements need of a slice pane (a SliceView and its DOM pane). */
export interface MeasurePane {
  readonly name: SliceViewName;
  readonly element: HTMLElement;
  projection(): PaneProjection;
}

const IGNORE_PRESS: PanePress = { move: () => undefined, end: () => undefined };

/**
 * Measurements in the slice panes: the store (src/volume/measure), the active tool, and one annotation
 * layer per pane. A left press on a handle drags that point, whatever the tool; elsewhere it draws
 * with the active tool, or, with none, selects the measurement whose outline it is on. Each pane
 * shows the measurements that lie in its slice, drawn again whenever its camera or the measurements change.
 */
export class MeasurementPanes {
  readonly store = new MeasurementStore();
  private volume: Pick<CtVolume, 'spacing' | 'axes'> | null = null;
  private activeTool: MeasurementKind | null = null;
  private drawing: MeasurementDrawing | null = null;
  private readonly panes = new Map<SliceViewName, { pane: MeasurePane; layer: AnnotationLayer }>();
  private readonly dirty = new Set<SliceViewName>();
  private flushQueued = false;
  private readonly toolListeners = new Set<(tool: MeasurementKind | null) => void>();

  constructor(panes: readonly MeasurePane[]) {
    for (const pane of panes) {
      this.panes.set(pane.name, { pane, layer: new AnnotationLayer(pane.element) });
      // The point being placed follows the hover between the clicks of a drawing.
      pane.element.addEventListener('pointermove', (event) => {
        if (this.drawing?.pane === pane.name && event.buttons === 0) this.drawing.follow(this.worldAt(pane, event));
      });
    }
    this.store.onChange(() => this.invalidate());
  }

  /** A new volume (or none): its measurements start empty. */
  setVolume(volume: CtVolume | null): void {
    this.drawing = null;
    this.volume = volume;
    this.store.setVolume(volume);
  }

  /** Measured again, now that all of the volume's voxels are in (an ROI drawn while it streamed). */
  volumeComplete(): void {
    this.store.remeasure();
  }

  get tool(): MeasurementKind | null {
    return this.activeTool;
  }

  /** The tool a left press draws with, or null for the normal pointer (W/L, cursor); ends a drawing left half-done. */
  setTool(tool: MeasurementKind | null): void {
    this.cancelDrawing();
    if (tool === this.activeTool) return;
    this.activeTool = tool;
    // For the pointer's look over the panes (a crosshair while a tool draws).
    for (const { pane } of this.panes.values()) pane.element.dataset.measureTool = tool ?? '';
    for (const listener of this.toolListeners) listener(tool);
  }

  onToolChange(listener: (tool: MeasurementKind | null) => void): void {
    this.toolListeners.add(listener);
  }

  /** Deletes the selected measurement; false when none is selected. */
  deleteSelected(): boolean {
    const id = this.store.selected;
    if (id === null) return false;
    if (this.drawing?.id === id) this.drawing = null;
    this.store.remove(id);
    return true;
  }

  /** The measurement being drawn, if any, is dropped (Escape, another tool, a press in another pane). */
  cancelDrawing(): void {
    const drawing = this.drawing;
    this.drawing = null;
    if (drawing) this.store.remove(drawing.id);
  }

  /** A left press in a slice pane (see SlicePaneHost.takePress): null leaves it to W/L and the cursor. */
  takePress(name: SliceViewName, event: PointerEvent): PanePress | null {
    const entry = this.panes.get(name);
    if (!entry || !this.volume) return null;
    const { pane, layer } = entry;
    const worldAt = (e: PointerEvent) => this.worldAt(pane, e);
    const finished = () => (this.drawing = null);
    if (this.drawing && this.drawing.pane !== name) this.cancelDrawing();
    if (this.drawing) return this.drawing.nextPress(event, worldAt, finished);
    const hit = hitOf(layer.svg, event.target);
    if (hit?.handle !== undefined) return this.dragHandle(pane, hit.id, hit.handle);
    if (!this.activeTool) {
      // An outline selects; anywhere else the press is the pane's own (W/L, cursor) and selects nothing.
      this.store.select(hit?.id ?? null);
      return hit ? IGNORE_PRESS : null;
    }
    const projection = pane.projection();
    const slice = {
      pane: name,
      index: Number(pane.element.dataset.sliceIndex ?? 0),
      plane: planeFromAxes(projection.focal, projection.right, projection.up),
    };
    const world = worldAt(event);
    const record = this.store.add(this.activeTool, new Array<Vec3>(POINT_COUNT[this.activeTool]).fill(world), slice);
    const drawing = new MeasurementDrawing(this.store, record.id, name);
    if (!drawing.done) this.drawing = drawing;
    return drawing.firstPress(event, worldAt, finished);
  }

  /** Draws the measurements of `panes` again (their camera or slice changed), before the next paint. */
  invalidate(panes: readonly SliceViewName[] = [...this.panes.keys()]): void {
    for (const name of panes) this.dirty.add(name);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    const records = this.store.list();
    for (const name of this.dirty) {
      const { pane, layer } = this.panes.get(name)!;
      const projection = pane.projection();
      const plane = planeFromAxes(projection.focal, projection.right, projection.up);
      const pitch = this.volume ? voxelPitchAlong(this.volume, plane.normal) : 0;
      const shown = this.volume ? records.filter((record) => liesInSlice(record, plane, pitch)) : [];
      layer.draw(shown, this.store.selected, projection);
    }
    this.dirty.clear();
  }

  /** A handle dragged: its point follows the pointer, kept on the measurement's own plane. */
  private dragHandle(pane: MeasurePane, id: string, index: number): PanePress {
    this.store.select(id);
    return {
      move: (event) => {
        const record = this.store.get(id);
        if (!record) return;
        const { origin, normal } = record.slice.plane;
        const world = this.worldAt(pane, event);
        const onPlane = sub(world, scale(normal, dot(sub(world, origin), normal)));
        this.store.update(
          id,
          record.points.map((p, i) => (i === index ? onPlane : p)),
        );
      },
      end: () => undefined,
    };
  }

  private worldAt(pane: MeasurePane, event: PointerEvent): Vec3 {
    const rect = pane.element.getBoundingClientRect();
    return paneToWorld(pane.projection(), event.clientX - rect.left, event.clientY - rect.top);
  }
}

/** The measurement (and handle) under a pointer event's target, if it is in this layer. */
function hitOf(svg: SVGSVGElement, target: EventTarget | null): { id: string; handle?: number } | null {
  const element = target instanceof Element ? target : null;
  if (!element || !svg.contains(element)) return null;
  const group = element.closest('[data-measurement-id]');
  const id = group?.getAttribute('data-measurement-id');
  if (!id) return null;
  const handle = element.getAttribute('data-handle');
  return handle === null ? { id } : { id, handle: Number(handle) };
}
