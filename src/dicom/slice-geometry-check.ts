import type { SliceHeader } from './types';

/**
 * How far ImageOrientationPatient's direction cosines may be from unit length, and their dot product
 * from 0 (about 0.6°): scanners write them to 6 decimals or more, so anything beyond this is a broken
 * or hand-edited header, and building it as if it were orthogonal would shear the volume silently.
 */
export const ORIENTATION_TOLERANCE = 0.01;

type CheckedTags = Pick<SliceHeader, 'imageOrientationPatient' | 'pixelSpacing' | 'rescaleSlope' | 'rescaleIntercept'>;

/**
 * What makes a slice's own geometry or values unusable, or null: checked per slice, before any stack
 * is built. A rescale that is present but no number is NaN in the header (see slice-header.ts): its HU
 * are unknown, and reading it as the default would build a silently wrong slice.
 */
export function sliceHeaderProblem({
  imageOrientationPatient: iop,
  pixelSpacing,
  rescaleSlope,
  rescaleIntercept,
}: CheckedTags): string | null {
  if (!Number.isFinite(rescaleSlope)) return 'RescaleSlope is not a number: the HU of the slice are unknown';
  if (!Number.isFinite(rescaleIntercept)) return 'RescaleIntercept is not a number: the HU of the slice are unknown';
  if (pixelSpacing && !(pixelSpacing[0] > 0 && pixelSpacing[1] > 0)) {
    return `PixelSpacing ${pixelSpacing.join('\\')} is not positive: the grid would be ${pixelSpacing.some((v) => v < 0) ? 'mirrored' : 'empty'}`;
  }
  if (iop) {
    const row = [iop[0], iop[1], iop[2]];
    const column = [iop[3], iop[4], iop[5]];
    const length = (v: number[]) => Math.hypot(v[0]!, v[1]!, v[2]!);
    for (const [name, v] of [
      ['row', row],
      ['column', column],
    ] as const) {
      if (Math.abs(length(v) - 1) > ORIENTATION_TOLERANCE) {
        return `ImageOrientationPatient ${name} direction has length ${length(v).toFixed(3)}, not 1`;
      }
    }
    const cosine = (row[0]! * column[0]! + row[1]! * column[1]! + row[2]! * column[2]!) / (length(row) * length(column));
    if (Math.abs(cosine) > ORIENTATION_TOLERANCE) {
      const degrees = (Math.acos(Math.max(-1, Math.min(1, cosine))) * 180) / Math.PI;
      return `ImageOrientationPatient row and column directions are ${degrees.toFixed(1)}° apart, not perpendicular`;
    }
  }
  return null;
}
