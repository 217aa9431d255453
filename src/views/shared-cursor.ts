import type { Vec3 } from '../dicom/types';
import type { SliceView } from './slice-view';

/** The crosshair point the slice panes share (LPS mm): each pane shows the slice through it. */
export class SharedCursor {
  private point: Vec3 = [0, 0, 0];
  private readonly listeners = new Set<(world: Vec3) => void>();

  /** The panes ask for their own frames when the cursor moves them to another slice (see followCursor). */
  constructor(private readonly sliceViews: ReadonlyArray<Pick<SliceView, 'followCursor'>>) {}

  get position(): Vec3 {
    return this.point;
  }

  /** Moves the point without telling the panes or listeners (they follow at the next `set`). */
  place(world: Vec3): void {
    this.point = world;
  }

  set(world: Vec3): void {
    this.point = world;
    for (const view of this.sliceViews) view.followCursor(world);
    for (const listener of this.listeners) listener(world);
  }

  onChange(listener: (world: Vec3) => void): void {
    this.listeners.add(listener);
  }
}
