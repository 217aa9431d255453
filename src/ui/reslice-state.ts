import { IDENTITY, type Mat3, isRotation } from '../math/rotation';
import type { Reslicing } from '../views/reslicing';
import { MAX_SLAB_MM, SLAB_MODES, type SlabMode, THIN_SLICE, isThin } from '../views/slab';
import { StateProblem, finite, object, oneOf } from './view-state/checks';

/**
 * The slice planes' shape in a shared view state: the crosshair rotation (rows of a 3×3 rotation; absent
 * when axis-aligned) and the slab (absent when thin). Put back after the cursor and before the slice
 * indexes: a turned pane's slices are counted from a grid through the crosshair point.
 */
export interface ResliceState {
  rotation?: Mat3;
  slab?: { mode: SlabMode; thicknessMm: number };
}

export function captureReslice(reslicing: Pick<Reslicing, 'rotation' | 'slab'>): ResliceState | undefined {
  const state: ResliceState = {};
  if (reslicing.rotation !== IDENTITY) state.rotation = reslicing.rotation.map((row) => [...row]) as Mat3;
  if (!isThin(reslicing.slab)) state.slab = { ...reslicing.slab };
  return state.rotation || state.slab ? state : undefined;
}

/** The state of untrusted JSON, checked; throws a StateProblem in words. */
export function readReslice(raw: unknown): ResliceState {
  const json = object(raw, 'reslice');
  const state: ResliceState = {};
  if (json.rotation !== undefined) {
    if (!isRotation(json.rotation)) throw new StateProblem('reslice.rotation is not a rotation (three orthonormal rows)');
    state.rotation = json.rotation;
  }
  if (json.slab !== undefined) {
    const slab = object(json.slab, 'reslice.slab');
    const modes = SLAB_MODES.map((m) => m.mode);
    state.slab = {
      mode: oneOf(slab.mode, 'reslice.slab.mode', modes),
      thicknessMm: finite(slab.thicknessMm, 'reslice.slab.thicknessMm', 0, MAX_SLAB_MM),
    };
  }
  return state;
}

export function restoreReslice(reslicing: Pick<Reslicing, 'setRotation' | 'setSlab'>, state: ResliceState): string[] {
  reslicing.setRotation(state.rotation ?? IDENTITY);
  reslicing.setSlab(state.slab ?? THIN_SLICE);
  return [];
}
