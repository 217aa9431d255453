import { type Vec3, add, cross, scale } from '../math/vec3';
import { roundCosines, roundMm } from './ds-rounding';
import { MARKER_CENTRE_Y } from './phantom-model';
import type { ResolvedPhantomOptions } from './phantom-options';

/**
 * Where the phantom's slices lie (all LPS mm):
 * - Acquisition frame before any rotation: row = (1,0,0), col = (0, cos t, -sin t) for
 *   gantry tilt t, table motion s = (0,0,1). obliqueDeg = [a, b, c] then rotates all three
 *   by R = Rz(c)·Ry(b)·Rx(a) (right-handed, about the patient axes).
 * - Slice k (spatial index, 0 = furthest toward -s) is centred at z_k·s, where z_k are the
 *   cumulative slice gaps shifted so the stack is centred on the origin. Its IPP is that
 *   centre minus half the in-plane extent (pixel centre to pixel centre), so with tilt
 *   IPP_k = IPP_0 + z_k·s while the plane normal row×col = (0, sin t, cos t) is not s.
 * - Instance numbers follow acquisition order: ascending k, or descending with `reverse`.
 *   missingSlice (a spatial index) drops that file after numbering, leaving a gap.
 * - Geometry numbers are rounded to what DICOM DS can hold before pixels are sampled,
 *   so the written tags reproduce every pixel exactly.
 */

export interface PhantomGeometry {
  rowDir: Vec3;
  colDir: Vec3;
  /** rowDir × colDir. */
  normal: Vec3;
  /** Direction of table motion between slices; differs from normal under gantry tilt. */
  sliceDir: Vec3;
  /** IPPs in instance-number order, without the missing slice. */
  positions: Vec3[];
  pixelSpacing: [number, number];
  rows: number;
  columns: number;
}

/** One image to write. */
export interface PhantomFrame {
  instanceNumber: number;
  position: Vec3;
  /** Table position of the slice centre along sliceDir; absent for the scout. */
  sliceLocation: number | null;
}

/** The series' geometry and its frames in instance-number order. */
export interface PhantomPlan {
  geometry: PhantomGeometry;
  frames: PhantomFrame[];
}

export function planPhantom(opts: ResolvedPhantomOptions): PhantomPlan {
  return opts.localizer ? planLocalizer(opts) : planAxialSeries(opts);
}

function planAxialSeries(opts: ResolvedPhantomOptions): PhantomPlan {
  const t = degToRad(opts.tiltDeg);
  const rotate = (v: Vec3): Vec3 => rotateEuler(v, opts.obliqueDeg);
  const rowDir = roundCosines(rotate([1, 0, 0]));
  const colDir = roundCosines(rotate([0, Math.cos(t), -Math.sin(t)]));
  const sliceDir = roundCosines(rotate([0, 0, 1]));
  const frames: PhantomFrame[] = centredOffsets(opts.slices, opts.sliceSpacing)
    .map((z, k) => ({
      spatialIndex: k,
      instanceNumber: opts.reverse ? opts.slices - k : k + 1,
      position: topLeftPosition(opts, scale(sliceDir, z), rowDir, colDir),
      sliceLocation: roundMm(z),
    }))
    .filter((f) => f.spatialIndex !== opts.missingSlice)
    .sort((a, b) => a.instanceNumber - b.instanceNumber)
    .map(({ instanceNumber, position, sliceLocation }) => ({ instanceNumber, position, sliceLocation }));
  return { geometry: geometryOf(opts, rowDir, colDir, sliceDir, frames), frames };
}

/** A coronal plane through the marker axis, so the scout shows where the marker ends. */
function planLocalizer(opts: ResolvedPhantomOptions): PhantomPlan {
  const rowDir: Vec3 = [1, 0, 0];
  const colDir: Vec3 = [0, 0, -1];
  const centre: Vec3 = [0, MARKER_CENTRE_Y, 0];
  const frames = [{ instanceNumber: 1, position: topLeftPosition(opts, centre, rowDir, colDir), sliceLocation: null }];
  return { geometry: geometryOf(opts, rowDir, colDir, cross(rowDir, colDir), frames), frames };
}

function geometryOf(
  opts: ResolvedPhantomOptions,
  rowDir: Vec3,
  colDir: Vec3,
  sliceDir: Vec3,
  frames: PhantomFrame[],
): PhantomGeometry {
  return {
    rowDir,
    colDir,
    normal: cross(rowDir, colDir),
    sliceDir,
    positions: frames.map((f) => f.position),
    pixelSpacing: opts.pixelSpacing,
    rows: opts.rows,
    columns: opts.columns,
  };
}

/** Cumulative slice offsets, shifted so the first and last slice are symmetric about 0. */
function centredOffsets(count: number, spacing: number | number[]): number[] {
  const gaps = Array.isArray(spacing) ? spacing : new Array<number>(count - 1).fill(spacing);
  let z = 0;
  const offsets = [0, ...gaps.map((gap) => (z += gap))];
  return offsets.map((offset) => offset - z / 2);
}

function topLeftPosition(opts: ResolvedPhantomOptions, centre: Vec3, rowDir: Vec3, colDir: Vec3): Vec3 {
  const [rowSpacing, colSpacing] = opts.pixelSpacing;
  const halfWidth = ((opts.columns - 1) / 2) * colSpacing;
  const halfHeight = ((opts.rows - 1) / 2) * rowSpacing;
  const p = add(centre, add(scale(rowDir, -halfWidth), scale(colDir, -halfHeight)));
  return [roundMm(p[0]), roundMm(p[1]), roundMm(p[2])];
}

function rotateEuler(v: Vec3, [aDeg, bDeg, cDeg]: [number, number, number]): Vec3 {
  const [a, b, c] = [degToRad(aDeg), degToRad(bDeg), degToRad(cDeg)];
  const [x1, y1, z1] = [v[0], v[1] * Math.cos(a) - v[2] * Math.sin(a), v[1] * Math.sin(a) + v[2] * Math.cos(a)];
  const [x2, y2, z2] = [x1 * Math.cos(b) + z1 * Math.sin(b), y1, -x1 * Math.sin(b) + z1 * Math.cos(b)];
  return [x2 * Math.cos(c) - y2 * Math.sin(c), x2 * Math.sin(c) + y2 * Math.cos(c), z2];
}

const degToRad = (deg: number): number => (deg * Math.PI) / 180;
