import type { Vec3 } from '../../math/vec3';

export type MeasurementKind = 'length' | 'angle' | 'ellipse' | 'rectangle' | 'probe';
export const MEASUREMENT_KINDS: readonly MeasurementKind[] = ['length', 'angle', 'ellipse', 'rectangle', 'probe'];

/** How many world points each kind is drawn with (an ROI: two opposite corners of its box on the plane). */
export const POINT_COUNT: Record<MeasurementKind, number> = { length: 2, angle: 3, ellipse: 2, rectangle: 2, probe: 1 };

/**
 * The slice a measurement was drawn on: a world plane (LPS mm) with the in-plane axes of the pane it
 * was drawn in, so an ROI's box keeps its edges along the pane's right and up whatever pane shows it.
 */
export interface SlicePlane {
  /** A point of the plane. */
  origin: Vec3;
  /** Unit normal (the pane's viewing direction). */
  normal: Vec3;
  /** Unit in-plane axes: screen right and screen up of the pane it was drawn in. */
  right: Vec3;
  up: Vec3;
}

/** Where the measurement was drawn, for people: the pane and its slice index then. */
export interface SliceReference {
  pane: string;
  /** 0-based slice index of that pane when drawn. */
  index: number;
  plane: SlicePlane;
}

/** ROI statistics of HU on the CPU volume (see roi-statistics.ts for which voxels). */
export interface RoiStatistics {
  areaMm2: number;
  /** HU; null when no voxel (or sample) falls inside the ROI. */
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  count: number;
  /** 'voxels': the centres of one voxel layer; 'sampled': points on an oblique plane at voxel pitch. */
  method: 'voxels' | 'sampled';
}

/** What a measurement measures; null where it cannot be had (an ROI or probe outside the volume). */
export interface MeasurementValue {
  /** mm for a length, degrees for an angle, HU (the mean for an ROI) for an ROI or a probe. */
  value: number | null;
  unit: 'mm' | '°' | 'HU';
  roi?: RoiStatistics;
}

/** One measurement as plain data (JSON): what the store keeps, exports, and a saved view restores. */
export interface MeasurementRecord extends MeasurementValue {
  id: string;
  kind: MeasurementKind;
  /** World points, LPS mm: length a, b; angle a, vertex, c; ROI two opposite box corners; probe one. */
  points: Vec3[];
  slice: SliceReference;
}
