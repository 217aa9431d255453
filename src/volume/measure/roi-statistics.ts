import { type Vec3, add, scale } from '../../math/vec3';
import { type CtVolume, indexToWorld, worldToIndex } from '../ct-volume';
import { sampleWorld } from '../world-interpolation';
import type { RoiStatistics, SlicePlane } from './measurement-record';
import { parallel, planeCoordinates, voxelPitchAlong } from './plane-geometry';

export type RoiShape = 'ellipse' | 'rectangle';
type Volume = Pick<CtVolume, 'origin' | 'spacing' | 'axes' | 'dimensions' | 'scalars'>;

/** An ROI on its plane: the box between two corners, along the plane's right and up; the ellipse inscribed in it. */
interface RoiBox {
  shape: RoiShape;
  plane: SlicePlane;
  centre: [number, number];
  half: [number, number];
}

function roiBox(shape: RoiShape, plane: SlicePlane, corners: readonly [Vec3, Vec3]): RoiBox {
  const [u1, v1] = planeCoordinates(plane, corners[0]);
  const [u2, v2] = planeCoordinates(plane, corners[1]);
  return { shape, plane, centre: [(u1 + u2) / 2, (v1 + v2) / 2], half: [Math.abs(u2 - u1) / 2, Math.abs(v2 - v1) / 2] };
}

function inside(box: RoiBox, u: number, v: number): boolean {
  const [a, b] = box.half;
  if (a === 0 || b === 0) return false;
  const du = (u - box.centre[0]) / a;
  const dv = (v - box.centre[1]) / b;
  return box.shape === 'rectangle' ? Math.abs(du) <= 1 && Math.abs(dv) <= 1 : du * du + dv * dv <= 1;
}

/** The world point at in-plane coordinates (u, v). */
function onPlane(plane: SlicePlane, u: number, v: number): Vec3 {
  return add(plane.origin, add(scale(plane.right, u), scale(plane.up, v)));
}

/**
 * Area and HU statistics of an ellipse or rectangle ROI on its plane, on the CPU volume in HU.
 * The area is the shape's own (π·a·b or 4·a·b from its world corners), never a count of pixels.
 *
 * Which values: when the plane is parallel to a layer of voxels (every axis-aligned pane of a volume
 * whose grid is the world's, and any volume seen along one of its own index axes), the voxels of the
 * layer nearest the plane whose centres fall inside the ROI: each voxel once, values as stored, so the
 * mean, SD, min and max are those of real voxels. On a plane that cuts the grid obliquely no layer of
 * voxel centres lies on it, so the ROI is sampled on the plane on a grid at the voxel pitch along its
 * right and up axes, each sample trilinear as the pane draws it (the reslice mapper interpolates
 * linearly); `count` is then the number of samples. SD is the population SD of those values.
 */
export function roiStatistics(volume: Volume, shape: RoiShape, plane: SlicePlane, corners: readonly [Vec3, Vec3]): RoiStatistics {
  const box = roiBox(shape, plane, corners);
  const [a, b] = box.half;
  const areaMm2 = shape === 'ellipse' ? Math.PI * a * b : 4 * a * b;
  const layerAxis = volume.axes.findIndex((axis) => parallel(axis, plane.normal));
  const sums = new Accumulator();
  if (layerAxis >= 0) voxelsInside(volume, box, layerAxis as 0 | 1 | 2, sums);
  else samplesInside(volume, box, sums);
  return { areaMm2, method: layerAxis >= 0 ? 'voxels' : 'sampled', ...sums.result() };
}

function voxelsInside(volume: Volume, box: RoiBox, layerAxis: 0 | 1 | 2, sums: Accumulator): void {
  const { dimensions, scalars } = volume;
  const layer = Math.round(worldToIndex(volume, box.plane.origin)[layerAxis]);
  if (layer < 0 || layer > dimensions[layerAxis] - 1) return;
  // Index ranges of the box's corners on the two in-plane index axes (the box need not be along them).
  const lo: Vec3 = [layer, layer, layer];
  const hi: Vec3 = [layer, layer, layer];
  const [cu, cv] = box.centre;
  const [a, b] = box.half;
  const cornerIndexes = [
    [-1, -1],
    [-1, 1],
    [1, -1],
    [1, 1],
  ].map(([su, sv]) => worldToIndex(volume, onPlane(box.plane, cu + su! * a, cv + sv! * b)));
  for (const axis of [0, 1, 2] as const) {
    if (axis === layerAxis) continue;
    const values = cornerIndexes.map((index) => index[axis]);
    lo[axis] = Math.max(0, Math.floor(Math.min(...values)));
    hi[axis] = Math.min(dimensions[axis] - 1, Math.ceil(Math.max(...values)));
  }
  const [nx, ny] = dimensions;
  for (let k = lo[2]; k <= hi[2]; k++) {
    for (let j = lo[1]; j <= hi[1]; j++) {
      for (let i = lo[0]; i <= hi[0]; i++) {
        const [u, v] = planeCoordinates(box.plane, indexToWorld(volume, i, j, k));
        if (inside(box, u, v)) sums.add(scalars[i + nx * (j + ny * k)]!);
      }
    }
  }
}

function samplesInside(volume: Volume, box: RoiBox, sums: Accumulator): void {
  const pitchU = voxelPitchAlong(volume, box.plane.right);
  const pitchV = voxelPitchAlong(volume, box.plane.up);
  const [cu, cv] = box.centre;
  const stepsU = Math.ceil(box.half[0] / pitchU);
  const stepsV = Math.ceil(box.half[1] / pitchV);
  for (let n = -stepsV; n <= stepsV; n++) {
    for (let m = -stepsU; m <= stepsU; m++) {
      const [u, v] = [cu + m * pitchU, cv + n * pitchV];
      if (!inside(box, u, v)) continue;
      const hu = sampleWorld(volume, onPlane(box.plane, u, v));
      if (hu !== null) sums.add(hu);
    }
  }
}

/** Running count, sum, sum of squares (about the first value, for precision), min and max. */
class Accumulator {
  private count = 0;
  private shift = 0;
  private sum = 0;
  private sumSquares = 0;
  private min = Infinity;
  private max = -Infinity;

  add(value: number): void {
    if (this.count === 0) this.shift = value;
    const d = value - this.shift;
    this.count++;
    this.sum += d;
    this.sumSquares += d * d;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  result(): Omit<RoiStatistics, 'areaMm2' | 'method'> {
    if (this.count === 0) return { count: 0, mean: null, sd: null, min: null, max: null };
    const meanShifted = this.sum / this.count;
    const variance = Math.max(0, this.sumSquares / this.count - meanShifted * meanShifted);
    return { count: this.count, mean: this.shift + meanShifted, sd: Math.sqrt(variance), min: this.min, max: this.max };
  }
}
