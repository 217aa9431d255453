import type { Vec3 } from '../../math/vec3';
import { POINT_COUNT } from '../../volume/measure/measurement-record';
import type { MeasurementStore } from '../../volume/measure/measurement-store';
import type { PanePress } from '../pane-pointer';
import type { SliceViewName } from '../view-orientation';

const DRAG_THRESHOLD_PX = 3;

/**
 * A measurement being drawn: its first points fixed, the others following the pointer. A drag fixes
 * the point it ends on (a length or an ROI in one drag; an angle's first arm, its vertex there); a
 * click without a drag leaves the next point following the hover until the next click, so click,
 * click (and click for an angle) draws too.
 */
export class MeasurementDrawing {
  private fixed = 1;
  private readonly count: number;

  constructor(
    private readonly store: MeasurementStore,
    readonly id: string,
    readonly pane: SliceViewName,
  ) {
    this.count = POINT_COUNT[store.get(id)!.kind];
  }

  get done(): boolean {
    return this.fixed >= this.count;
  }

  /** The press that started the drawing: a drag from it fixes the point it ends on. */
  firstPress(start: PointerEvent, worldAt: (event: PointerEvent) => Vec3, finished: () => void): PanePress {
    let moved = false;
    return {
      move: (event) => {
        moved ||= Math.hypot(event.clientX - start.clientX, event.clientY - start.clientY) >= DRAG_THRESHOLD_PX;
        if (moved) this.follow(worldAt(event));
      },
      end: (event) => {
        if (moved || this.done) this.fix(worldAt(event));
        if (this.done) finished();
      },
    };
  }

  /** A later press: it fixes the following point where it is released. */
  nextPress(start: PointerEvent, worldAt: (event: PointerEvent) => Vec3, finished: () => void): PanePress {
    this.follow(worldAt(start));
    return {
      move: (event) => this.follow(worldAt(event)),
      end: (event) => {
        this.fix(worldAt(event));
        if (this.done) finished();
      },
    };
  }

  /** The points not yet fixed go to `world`. */
  follow(world: Vec3): void {
    const record = this.store.get(this.id);
    if (!record || this.done) return;
    this.store.update(
      this.id,
      record.points.map((p, index) => (index < this.fixed ? p : world)),
    );
  }

  private fix(world: Vec3): void {
    if (this.done) return;
    this.follow(world);
    this.fixed++;
  }
}
