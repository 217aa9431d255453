import type { StackGeometry } from '../dicom/geometry';
import { mm } from '../dicom/geometry';
import type { Vec3 } from '../dicom/types';
import { add, scale } from '../math/vec3';
import type { HuArray } from './ct-volume';

export interface RegularGrid {
  dimensions: [number, number, number];
  spacing: Vec3;
  origin: Vec3;
  axes: [Vec3, Vec3, Vec3];
}

export interface GridPlan {
  grid: RegularGrid;
  /** False when the slices already lie on the grid and the stacked voxels can be used as they are. */
  resample: boolean;
  corrections: string[];
}

/** More output slices than this many per input slice means a near-duplicate gap, not a real spacing. */
const MAX_SLICE_GROWTH = 4;

/**
 * The orthogonal grid a stack of slices belongs on: in-plane axes from ImageOrientationPatient, the
 * third along their normal. A tilted, variably spaced or gapped stack needs resampling onto it.
 */
export function planGrid(stack: StackGeometry): GridPlan {
  const [rowSpacing, colSpacing] = stack.pixelSpacing;
  const axes: [Vec3, Vec3, Vec3] = [stack.rowDir, stack.colDir, stack.normal];
  const origin0 = stack.slices[0]!.imagePositionPatient!;
  const needsResample = stack.isTilted || stack.isVariableSpacing || stack.missingGaps.length > 0;
  if (!needsResample) {
    return {
      grid: {
        dimensions: [stack.columns, stack.rows, stack.slices.length],
        spacing: [colSpacing, rowSpacing, stack.medianGap],
        origin: origin0,
        axes,
      },
      resample: false,
      corrections: [],
    };
  }

  const us = stack.inPlaneShifts.map(([u]) => u);
  const vs = stack.inPlaneShifts.map(([, v]) => v);
  const uMin = Math.min(...us);
  const vMin = Math.min(...vs);
  const columns = Math.round((Math.max(...us) - uMin) / colSpacing) + stack.columns;
  const rows = Math.round((Math.max(...vs) - vMin) / rowSpacing) + stack.rows;
  const length = stack.normalOffsets[stack.normalOffsets.length - 1]!;
  const usableGaps = stack.gaps.filter((gap) => gap >= 0.5 * stack.medianGap);
  const sliceSpacing = Math.max(Math.min(...usableGaps), length / (MAX_SLICE_GROWTH * stack.slices.length));
  const sliceCount = Math.floor(length / sliceSpacing + 1e-6) + 1;

  const corrections: string[] = [];
  if (stack.isTilted) corrections.push(`gantry tilt ${stack.tiltDeg.toFixed(1)}° corrected`);
  if (stack.isVariableSpacing) {
    const regular = stack.gaps.filter((_, index) => !stack.missingGaps.includes(index));
    corrections.push(`spacing ${mm(Math.min(...regular))}–${mm(Math.max(...regular))} mm resampled to ${mm(sliceSpacing)} mm`);
  } else if (stack.missingGaps.length > 0) {
    corrections.push(`missing slices interpolated on a regular ${mm(sliceSpacing)} mm grid`);
  } else if (stack.isTilted) {
    corrections.push(`resampled onto an orthogonal grid with ${mm(sliceSpacing)} mm slice spacing`);
  }
  return {
    grid: {
      dimensions: [columns, rows, sliceCount],
      spacing: [colSpacing, rowSpacing, sliceSpacing],
      origin: add(origin0, add(scale(stack.rowDir, uMin), scale(stack.colDir, vMin))),
      axes,
    },
    resample: true,
    corrections,
  };
}

/**
 * Resamples the stacked slices onto the plan's grid. Each output plane lies between two input slices
 * along the normal; inside each slice the grid is only shifted, so sampling is bilinear with constant
 * weights per slice, then linear between the two slices (trilinear in world space).
 */
export function resampleStack(stacked: HuArray, stack: StackGeometry, grid: RegularGrid, fill: number): HuArray {
  const [outColumns, outRows, outSlices] = grid.dimensions;
  const planeSize = outColumns * outRows;
  const inPlane = stack.columns * stack.rows;
  const output = stacked instanceof Int16Array ? new Int16Array(planeSize * outSlices) : new Float32Array(planeSize * outSlices);
  const accumulator = new Float32Array(planeSize);
  const [rowSpacing, colSpacing] = stack.pixelSpacing;
  const uMin = Math.min(...stack.inPlaneShifts.map(([u]) => u));
  const vMin = Math.min(...stack.inPlaneShifts.map(([, v]) => v));
  const offsets = stack.normalOffsets;
  const round = output instanceof Int16Array;

  let lower = 0;
  for (let m = 0; m < outSlices; m++) {
    const t = m * grid.spacing[2];
    while (lower < offsets.length - 2 && offsets[lower + 1]! < t) lower++;
    const gap = offsets[lower + 1]! - offsets[lower]!;
    const w = Math.min(1, Math.max(0, (t - offsets[lower]!) / gap));
    accumulator.fill(0);
    for (const [k, weight] of [
      [lower, 1 - w],
      [lower + 1, w],
    ] as const) {
      if (weight === 0) continue;
      const [u, v] = stack.inPlaneShifts[k]!;
      addShiftedSlice(
        stacked.subarray(k * inPlane, (k + 1) * inPlane),
        stack.columns,
        stack.rows,
        (uMin - u) / colSpacing,
        (vMin - v) / rowSpacing,
        weight,
        accumulator,
        outColumns,
        outRows,
        fill,
      );
    }
    const target = output.subarray(m * planeSize, (m + 1) * planeSize);
    if (round) for (let index = 0; index < planeSize; index++) target[index] = Math.round(accumulator[index]!);
    else target.set(accumulator);
  }
  return output;
}

/** accumulator(i, j) += weight · slice sampled bilinearly at (i + dx, j + dy); outside the slice: fill. */
function addShiftedSlice(
  slice: HuArray,
  columns: number,
  rows: number,
  dx: number,
  dy: number,
  weight: number,
  accumulator: Float32Array,
  outColumns: number,
  outRows: number,
  fill: number,
): void {
  const x0Shift = Math.floor(dx);
  const fx = dx - x0Shift;
  const y0Shift = Math.floor(dy);
  const fy = dy - y0Shift;
  const lastColumn = columns - 1;
  const lastRow = rows - 1;
  for (let j = 0; j < outRows; j++) {
    const y = j + dy;
    const rowBase = j * outColumns;
    if (y < -1e-6 || y > lastRow + 1e-6) {
      for (let i = 0; i < outColumns; i++) accumulator[rowBase + i]! += weight * fill;
      continue;
    }
    const y0 = Math.min(lastRow, Math.max(0, j + y0Shift));
    const y1 = Math.min(lastRow, y0 + 1);
    const top = y0 * columns;
    const bottom = y1 * columns;
    for (let i = 0; i < outColumns; i++) {
      const x = i + dx;
      if (x < -1e-6 || x > lastColumn + 1e-6) {
        accumulator[rowBase + i]! += weight * fill;
        continue;
      }
      const x0 = Math.min(lastColumn, Math.max(0, i + x0Shift));
      const x1 = Math.min(lastColumn, x0 + 1);
      const upper = slice[top + x0]! + fx * (slice[top + x1]! - slice[top + x0]!);
      const lowerRow = slice[bottom + x0]! + fx * (slice[bottom + x1]! - slice[bottom + x0]!);
      accumulator[rowBase + i]! += weight * (upper + fy * (lowerRow - upper));
    }
  }
}
