import type { SliceHeader, Vec3 } from './types';
import { cross, degrees, dot, norm, normalize, sub } from '../math/vec3';

/** What per-slice ImagePositionPatient / ImageOrientationPatient say about a stack of slices. */
export interface StackGeometry {
  rowDir: Vec3;
  colDir: Vec3;
  /** rowDir × colDir: the direction the stack is sorted along. */
  normal: Vec3;
  /** [spacing between rows, spacing between columns] (DICOM PixelSpacing order). */
  pixelSpacing: [number, number];
  rows: number;
  columns: number;
  /** Slices kept, sorted by position along the normal (duplicates removed). */
  slices: SliceHeader[];
  /** Offsets along the normal from the first kept slice, mm. */
  normalOffsets: number[];
  /** Per slice: in-plane offset of its origin from the first slice's along rowDir and colDir, mm. */
  inPlaneShifts: Array<[number, number]>;
  gaps: number[];
  medianGap: number;
  /** Angle between the normal and the line through the first and last slice origins, degrees. */
  tiltDeg: number;
  isTilted: boolean;
  isVariableSpacing: boolean;
  /** Indexes g of gaps[g] (between kept slices g and g+1) that look like missing slices. */
  missingGaps: number[];
  /** Files dropped because another slice already sits at the same position. */
  duplicates: string[];
  warnings: string[];
}

const TILT_TOLERANCE_DEG = 0.05;
const POSITION_TOLERANCE_MM = 1e-3;

export function analyzeStack(input: SliceHeader[]): StackGeometry {
  const first = input[0];
  if (!first?.imageOrientationPatient || !first.pixelSpacing) {
    throw new Error('slices have no ImageOrientationPatient or PixelSpacing');
  }
  const iop = first.imageOrientationPatient;
  const rowDir = normalize([iop[0], iop[1], iop[2]]);
  const colDir = normalize([iop[3], iop[4], iop[5]]);
  const normal = normalize(cross(rowDir, colDir));
  if (norm(normal) < 0.5) throw new Error('ImageOrientationPatient row and column directions are parallel');

  const withOffset = input.map((slice) => {
    if (!slice.imagePositionPatient) throw new Error(`${slice.file}: no ImagePositionPatient`);
    return { slice, offset: dot(slice.imagePositionPatient, normal) };
  });
  withOffset.sort((a, b) => a.offset - b.offset || (a.slice.instanceNumber ?? 0) - (b.slice.instanceNumber ?? 0));

  const kept: typeof withOffset = [];
  const duplicates: string[] = [];
  for (const entry of withOffset) {
    const previous = kept[kept.length - 1];
    if (previous && samePosition(previous.slice.imagePositionPatient!, entry.slice.imagePositionPatient!)) {
      duplicates.push(entry.slice.file);
    } else {
      kept.push(entry);
    }
  }

  const slices = kept.map((entry) => entry.slice);
  const origin0 = slices[0]!.imagePositionPatient!;
  const normalOffsets = kept.map((entry) => entry.offset - kept[0]!.offset);
  const inPlaneShifts = slices.map((slice): [number, number] => {
    const delta = sub(slice.imagePositionPatient!, origin0);
    return [dot(delta, rowDir), dot(delta, colDir)];
  });
  const gaps = normalOffsets.slice(1).map((offset, index) => offset - normalOffsets[index]!);
  const medianGap = median(gaps);

  const last = slices[slices.length - 1]!.imagePositionPatient!;
  const progression = sub(last, origin0);
  const tiltDeg =
    slices.length > 1 && norm(progression) > 0
      ? degrees(Math.acos(Math.min(1, Math.abs(dot(normalize(progression), normal)))))
      : 0;
  const isTilted = tiltDeg > TILT_TOLERANCE_DEG || inPlaneShifts.some(([u, v]) => Math.hypot(u, v) > 0.01);

  const missingGaps = gaps.flatMap((gap, index) => (looksLikeMissingSlices(gap, medianGap) ? [index] : []));
  const regularGaps = gaps.filter((_, index) => !missingGaps.includes(index));
  const spread = regularGaps.length > 0 ? Math.max(...regularGaps) - Math.min(...regularGaps) : 0;
  const isVariableSpacing = spread > Math.max(0.01, 0.01 * medianGap);

  const geometry: StackGeometry = {
    rowDir,
    colDir,
    normal,
    pixelSpacing: first.pixelSpacing,
    rows: first.rows,
    columns: first.columns,
    slices,
    normalOffsets,
    inPlaneShifts,
    gaps,
    medianGap,
    tiltDeg,
    isTilted,
    isVariableSpacing,
    missingGaps,
    duplicates,
    warnings: [],
  };
  geometry.warnings = describeStack(geometry);
  return geometry;
}

/**
 * The stack without some of its slices (ones that could not be read): their places become gaps,
 * reported and resampled like missing slices; duplicates found before are still reported.
 */
export function analyzeStackWithout(stack: StackGeometry, files: ReadonlySet<string>): StackGeometry {
  const kept = analyzeStack(stack.slices.filter((slice) => !files.has(slice.file)));
  kept.duplicates = [...stack.duplicates, ...kept.duplicates];
  kept.warnings = describeStack(kept);
  return kept;
}

function describeStack(g: StackGeometry): string[] {
  const warnings: string[] = [];
  if (g.isTilted) warnings.push(`gantry tilt ${g.tiltDeg.toFixed(1)}°`);
  if (g.isVariableSpacing) {
    const regular = g.gaps.filter((_, index) => !g.missingGaps.includes(index));
    warnings.push(`slice spacing varies ${mm(Math.min(...regular))}–${mm(Math.max(...regular))} mm`);
  }
  for (const index of g.missingGaps) {
    const expected = Math.max(1, Math.round(g.gaps[index]! / g.medianGap) - 1);
    warnings.push(
      `missing slice${expected > 1 ? 's' : ''}: gap of ${mm(g.gaps[index]!)} mm between ${g.slices[index]!.file} and ${
        g.slices[index + 1]!.file
      } (expected ${mm(g.medianGap)} mm, about ${expected} slice${expected > 1 ? 's' : ''} absent)`,
    );
  }
  if (g.duplicates.length > 0) {
    warnings.push(`${g.duplicates.length} slice(s) at a duplicate position ignored: ${g.duplicates.slice(0, 5).join(', ')}`);
  }
  return warnings;
}

/**
 * A gap of about a whole multiple (≥ 2) of the usual spacing means slices are absent; a gap of 1.75×
 * is a protocol change of spacing (as in the GE head: 4 mm then 7 mm), reported as variable spacing.
 */
function looksLikeMissingSlices(gap: number, usual: number): boolean {
  if (usual <= 0 || gap <= 1.5 * usual) return false;
  const ratio = gap / usual;
  return Math.abs(ratio - Math.round(ratio)) < 0.15;
}

function samePosition(a: Vec3, b: Vec3): boolean {
  return norm(sub(a, b)) < POSITION_TOLERANCE_MM;
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const mm = (value: number): string => value.toFixed(1);
