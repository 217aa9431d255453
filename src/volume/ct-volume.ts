import type { Vec3 } from '../dicom/types';

export type HuArray = Int16Array | Float32Array;

/**
 * A built CT volume in Hounsfield units on a regular grid, free of DOM and WebGL so it can cross a
 * worker boundary (its scalars buffer is transferred, not copied) and be tested in Node.
 */
export interface CtVolume {
  seriesId: string;
  seriesInstanceUID: string;
  seriesNumber: number | null;
  description: string;
  /** [columns (i), rows (j), slices (k)]. */
  dimensions: [number, number, number];
  spacing: Vec3;
  /** World (LPS) position of voxel (0,0,0)'s centre. */
  origin: Vec3;
  /** World direction of the i, j and k index axes, orthonormal. */
  axes: [Vec3, Vec3, Vec3];
  /** Voxels in HU, i fastest, then j, then k. */
  scalars: HuArray;
  huRange: [number, number];
  windowCenter: number;
  windowWidth: number;
  /** True when the window came from the DICOM tags rather than from the data. */
  windowFromTags: boolean;
  photometricInterpretation: string;
  /** HU value the scanner used for pixels outside the reconstruction (after the modality LUT), if any. */
  pixelPaddingHu: number | null;
  /** Geometry findings (tilt, spacing, gaps) and value findings. */
  warnings: string[];
  /** What the build changed to make the volume right in world space, in words. */
  corrections: string[];
  /** How the modality LUT was checked. */
  modalityLut: string;
}

/** World position of the centre of voxel (i, j, k), fractional indexes allowed. */
export function indexToWorld(volume: Pick<CtVolume, 'origin' | 'spacing' | 'axes'>, i: number, j: number, k: number): Vec3 {
  const { origin, spacing, axes } = volume;
  const a = i * spacing[0];
  const b = j * spacing[1];
  const c = k * spacing[2];
  return [
    origin[0] + a * axes[0][0] + b * axes[1][0] + c * axes[2][0],
    origin[1] + a * axes[0][1] + b * axes[1][1] + c * axes[2][1],
    origin[2] + a * axes[0][2] + b * axes[1][2] + c * axes[2][2],
  ];
}

/** Continuous voxel index of a world point (inverse of indexToWorld for orthonormal axes). */
export function worldToIndex(volume: Pick<CtVolume, 'origin' | 'spacing' | 'axes'>, p: Vec3): Vec3 {
  const d: Vec3 = [p[0] - volume.origin[0], p[1] - volume.origin[1], p[2] - volume.origin[2]];
  return [0, 1, 2].map((axis) => {
    const u = volume.axes[axis as 0 | 1 | 2];
    return (d[0] * u[0] + d[1] * u[1] + d[2] * u[2]) / volume.spacing[axis as 0 | 1 | 2];
  }) as Vec3;
}
