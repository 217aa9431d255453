import type { Vec3 } from '../dicom/types';
import { IDENTITY, type Mat3, isIdentity, isRotation, orthonormalize } from '../math/rotation';
import { worldToPane } from './pane-projection';
import { bindObliqueDrag } from './oblique-drag';
import { rotateInPane } from './oblique-planes';
import type { SharedCursor } from './shared-cursor';
import type { SliceView } from './slice-view';
import { type SlabSettings, THIN_SLICE } from './slab';
import type { SliceViewName } from './view-orientation';

/** A turn this close to none is none: the planes go back to the volume's own slice grids. */
const IDENTITY_TOLERANCE = 1e-9;

/** One slice pane's plane, for automation and the view state. */
export interface SlicePlaneState {
  normal: Vec3;
  up: Vec3;
  right: Vec3;
  origin: Vec3;
}

/**
 * The shape of the three slice planes: one rotation of the crosshair axes that turns them together
 * (oblique reslicing; they stay orthogonal and pass through the crosshair point) and one slab
 * (thickness and MIP / MinIP / mean) they are all drawn with. Both are mapper settings: no voxel moves.
 */
export class Reslicing {
  private rotationNow: Mat3 = IDENTITY;
  private slabNow: SlabSettings = THIN_SLICE;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly views: readonly SliceView[],
    private readonly cursor: SharedCursor,
    paneElement: (name: SliceViewName) => HTMLElement,
  ) {
    for (const view of views) {
      bindObliqueDrag(paneElement(view.name), {
        crosshairOnPane: () => worldToPane(view.projection(), this.cursor.position),
        rotateBy: (radians) => this.rotate(view.name, radians),
        resetAxes: () => this.resetAxes(),
      });
    }
  }

  get rotation(): Mat3 {
    return this.rotationNow;
  }

  get slab(): SlabSettings {
    return this.slabNow;
  }

  /** Called after the slab or the rotation changed. */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Every slice pane drawn as this slab (thickness 0: the thin slice). */
  setSlab(slab: SlabSettings): void {
    this.slabNow = { ...slab };
    for (const view of this.views) view.setSlab(this.slabNow);
    this.changed();
  }

  /**
   * Turns the crosshair axes by `screenRadians`, counter-clockwise as seen in pane `from`: about that
   * pane's normal, so its own picture stays and the two other planes turn about the crosshair point.
   */
  rotate(from: SliceViewName, screenRadians: number): void {
    const view = this.views.find((v) => v.name === from);
    if (!view) return;
    // The pivot is the crosshair point on the slice `from` shows, so that slice stays as it is.
    this.cursor.place(view.onShownSlice(this.cursor.position));
    this.setRotation(rotateInPane(this.rotationNow, view.planeState().normal, screenRadians));
  }

  /** The axis-aligned planes back (the crosshair point stays where it is). */
  resetAxes(): void {
    if (this.rotationNow !== IDENTITY) this.setRotation(IDENTITY);
  }

  /** A rotation as it was (a restored view state): refused in words unless it is one. */
  setRotation(rotation: Mat3): void {
    if (!isRotation(rotation)) throw new RangeError('the crosshair axes are not a rotation (three orthonormal rows, det +1)');
    this.rotationNow = isIdentity(rotation, IDENTITY_TOLERANCE) ? IDENTITY : orthonormalize(rotation);
    for (const view of this.views) view.setRotation(this.rotationNow, this.cursor.position);
    for (const view of this.views) view.followCursor(this.cursor.position, true);
    this.changed();
  }

  planes(): Record<SliceViewName, SlicePlaneState> {
    return Object.fromEntries(this.views.map((view) => [view.name, view.planeState()])) as Record<SliceViewName, SlicePlaneState>;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
