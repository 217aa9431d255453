import type { Vec3 } from '../dicom/types';
import { type Mat3, applyRotation, multiply, orthonormalize, rotationAbout } from '../math/rotation';
import { cross, dot, norm, normalize, scale, sub } from '../math/vec3';
import { type CtVolume, indexToWorld } from '../volume/ct-volume';
import type { PlaneOrientation, SliceRange } from './view-orientation';

/**
 * Oblique reslicing: the three slice planes are the axis-aligned ones (view-orientation.ts PLANES) turned
 * by one rotation, so they stay orthogonal to one another; each passes through the shared cursor.
 */

/** Where a slice pane looks, in world (LPS) directions. */
export interface PaneBasis {
  /** From the camera into the screen: the plane's normal. */
  direction: Vec3;
  up: Vec3;
  /** direction × up: the patient direction shown at screen right. */
  right: Vec3;
  /** The direction slice indexes grow along (the pane's world axis, turned): ±direction. */
  stack: Vec3;
}

/** Below this, the base up lies too close to the turned normal to give a steady screen up. */
const MIN_UP_PROJECTION = 0.3;

/**
 * The pane's basis under `rotation`. Its screen up stays the base up projected into the turned plane,
 * so the pane whose own normal is the axis of a turn keeps its picture (its crosshair lines turn
 * instead), and the image stays upright as far as the plane allows.
 */
export function paneBasis(plane: PlaneOrientation, rotation: Mat3): PaneBasis {
  const unit: Vec3 = [0, 0, 0];
  unit[plane.axis] = 1;
  const direction = applyRotation(rotation, plane.direction);
  const projected = sub(plane.up, scale(direction, dot(plane.up, direction)));
  const up = norm(projected) > MIN_UP_PROJECTION ? normalize(projected) : applyRotation(rotation, plane.up);
  return { direction, up, right: cross(direction, up), stack: applyRotation(rotation, unit) };
}

/**
 * Turns the crosshair axes by `screenRadians` counter-clockwise as seen in a pane whose camera looks
 * along `direction`: a turn about the axis pointing out of the screen, applied after `rotation`.
 */
export function rotateInPane(rotation: Mat3, direction: Vec3, screenRadians: number): Mat3 {
  return orthonormalize(multiply(rotationAbout(scale(direction, -1), screenRadians), rotation));
}

type Geometry = Pick<CtVolume, 'origin' | 'spacing' | 'axes' | 'dimensions'>;

/** [min, max] of the voxel-centre corners' coordinate along a unit direction. */
export function boundsAlong(volume: Geometry, direction: Vec3): [number, number] {
  const [nx, ny, nz] = volume.dimensions;
  let min = Infinity;
  let max = -Infinity;
  for (const i of [0, nx - 1]) {
    for (const j of [0, ny - 1]) {
      for (const k of [0, nz - 1]) {
        const value = dot(indexToWorld(volume, i, j, k), direction);
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
  }
  return [min, max];
}

/**
 * Slice positions along `stack` over the volume, stepped by the spacing of the index axis most aligned
 * with it (an axis-aligned pane gets one slice per voxel slice, as view-orientation.ts sliceRange).
 * With `anchor` (a coordinate along `stack` inside the volume) the grid passes through it: a turned
 * plane keeps the crosshair point on one of its slices.
 */
export function sliceRangeAlong(volume: Geometry, stack: Vec3, anchor?: number): SliceRange {
  const [lo, hi] = boundsAlong(volume, stack);
  let best = 0;
  volume.axes.forEach((axis, index) => {
    if (Math.abs(dot(axis, stack)) > Math.abs(dot(volume.axes[best]!, stack))) best = index;
  });
  const step = volume.spacing[best as 0 | 1 | 2];
  const count = (from: number) => Math.max(1, Math.floor((hi - from) / step + 1e-6) + 1);
  if (anchor === undefined || anchor < lo || anchor > hi) return { min: lo, step, count: count(lo) };
  const min = anchor - Math.floor((anchor - lo) / step + 1e-6) * step;
  return { min, step, count: count(min) };
}

/**
 * Screen direction (pane pixels, y down, unit length) of the line where a plane of normal `other`
 * cuts the pane's plane: the reference line of that plane.
 */
export function referenceLineDirection(basis: PaneBasis, other: Vec3): [number, number] {
  const line = cross(basis.direction, other);
  const [dx, dy] = [dot(line, basis.right), -dot(line, basis.up)];
  const length = Math.hypot(dx, dy);
  return length < 1e-9 ? [1, 0] : [dx / length, dy / length];
}

const LETTERS: Array<[string, string]> = [
  ['L', 'R'],
  ['P', 'A'],
  ['S', 'I'],
];
/** A second letter is shown once the direction leans this far (cos 67.5°) towards another axis. */
const SECOND_LETTER = 0.38;

/** Patient-direction letters of a world direction, the strongest first: 'L', 'LA' for an oblique one. */
export function directionLetters(direction: Vec3): string {
  return [0, 1, 2]
    .map((axis) => ({ axis, value: direction[axis]! }))
    .filter(({ value }, _, all) => Math.abs(value) >= SECOND_LETTER || all.every((o) => Math.abs(o.value) <= Math.abs(value)))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, 2)
    .map(({ axis, value }) => LETTERS[axis]![value > 0 ? 0 : 1])
    .join('');
}

/** Letters at the pane's edges, [left, right, top, bottom], as PlaneOrientation.letters. */
export function paneLetters(basis: PaneBasis): [string, string, string, string] {
  return [
    directionLetters(scale(basis.right, -1)),
    directionLetters(basis.right),
    directionLetters(basis.up),
    directionLetters(scale(basis.up, -1)),
  ];
}

/**
 * The segment of the line through `point` along unit `direction` that lies in a width × height box
 * (pane pixels): [x1, y1, x2, y2]; the point itself twice when the line misses the box.
 */
export function lineAcrossBox(point: [number, number], direction: [number, number], width: number, height: number): number[] {
  const [x, y] = point;
  const [dx, dy] = direction;
  let t0 = -Infinity;
  let t1 = Infinity;
  for (const [p, d, size] of [
    [x, dx, width],
    [y, dy, height],
  ] as const) {
    if (Math.abs(d) < 1e-12) {
      if (p < 0 || p > size) return [x, y, x, y];
      continue;
    }
    const [a, b] = [(0 - p) / d, (size - p) / d];
    t0 = Math.max(t0, Math.min(a, b));
    t1 = Math.min(t1, Math.max(a, b));
  }
  if (t0 > t1) return [x, y, x, y];
  return [x + t0 * dx, y + t0 * dy, x + t1 * dx, y + t1 * dy];
}
