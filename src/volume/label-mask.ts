import type { Vec3 } from '../math/vec3';

/** A label image (0 = background) on its own grid, e.g. a segmentation a pipeline produced. */
export interface LabelMask {
  name: string;
  dimensions: [number, number, number];
  spacing: Vec3;
  origin: Vec3;
  axes: [Vec3, Vec3, Vec3];
  scalars: Uint8Array;
  colour: [number, number, number];
}
