import type { Vec3 } from '../dicom/types';
import { dot } from '../math/vec3';
import { type CtVolume, indexToWorld } from '../volume/ct-volume';

export type SliceViewName = 'axial' | 'coronal' | 'sagittal';

/**
 * Radiological display of LPS planes. `direction` points from the camera into the screen,
 * `right` = direction × up is the patient direction shown at screen right:
 * axial seen from the feet (patient right on screen left, anterior up), coronal seen from the front
 * (patient right on screen left, head up), sagittal seen from the patient's left (anterior on the left).
 */
export interface PlaneOrientation {
  name: SliceViewName;
  /** World axis the slices are stacked along: 0 x (L), 1 y (P), 2 z (S). */
  axis: 0 | 1 | 2;
  direction: Vec3;
  up: Vec3;
  right: Vec3;
  /** Letters at the screen edges: [left, right, top, bottom]. */
  letters: [string, string, string, string];
}

export const PLANES: Record<SliceViewName, PlaneOrientation> = {
  axial: { name: 'axial', axis: 2, direction: [0, 0, 1], up: [0, -1, 0], right: [1, 0, 0], letters: ['R', 'L', 'A', 'P'] },
  coronal: { name: 'coronal', axis: 1, direction: [0, 1, 0], up: [0, 0, 1], right: [1, 0, 0], letters: ['R', 'L', 'S', 'I'] },
  sagittal: { name: 'sagittal', axis: 0, direction: [-1, 0, 0], up: [0, 0, 1], right: [0, 1, 0], letters: ['A', 'P', 'S', 'I'] },
};

/** Positions along one world axis at which a view shows slices. */
export interface SliceRange {
  /** World coordinate of slice 0 along the axis. */
  min: number;
  step: number;
  count: number;
}

type Geometry = Pick<CtVolume, 'origin' | 'spacing' | 'axes' | 'dimensions'>;

/**
 * The volume's extent along a world axis (through its voxel centres) sampled at the spacing of the
 * index axis most aligned with it, so an axis-aligned volume gets exactly one view slice per voxel slice.
 */
export function sliceRange(volume: Geometry, axis: 0 | 1 | 2): SliceRange {
  const [bMin, bMax] = worldBounds(volume, axis);
  const unit: Vec3 = [0, 0, 0];
  unit[axis] = 1;
  let best = 0;
  let bestAlignment = -1;
  volume.axes.forEach((a, index) => {
    const alignment = Math.abs(dot(a, unit));
    if (alignment > bestAlignment) {
      bestAlignment = alignment;
      best = index;
    }
  });
  const step = volume.spacing[best as 0 | 1 | 2];
  return { min: bMin, step, count: Math.max(1, Math.floor((bMax - bMin) / step + 1e-6) + 1) };
}

/** [min, max] of the voxel-centre corners' coordinate along one world axis. */
export function worldBounds(volume: Geometry, axis: 0 | 1 | 2): [number, number] {
  const [nx, ny, nz] = volume.dimensions;
  let min = Infinity;
  let max = -Infinity;
  for (const i of [0, nx - 1]) {
    for (const j of [0, ny - 1]) {
      for (const k of [0, nz - 1]) {
        const value = indexToWorld(volume, i, j, k)[axis];
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
  }
  return [min, max];
}

export function sliceIndexAt(range: SliceRange, coordinate: number): number {
  return Math.min(range.count - 1, Math.max(0, Math.round((coordinate - range.min) / range.step)));
}

export function slicePosition(range: SliceRange, index: number): number {
  return range.min + index * range.step;
}

/** World centre of the volume's voxel-centre box. */
export function volumeCentre(volume: Geometry): Vec3 {
  const [nx, ny, nz] = volume.dimensions;
  return indexToWorld(volume, (nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2);
}
