import { type Vec3, cross, dot, normalize, sub } from '../../math/vec3';
import type { CtVolume } from '../ct-volume';
import type { SlicePlane } from './measurement-record';

type Geometry = Pick<CtVolume, 'spacing' | 'axes'>;

/** In-plane coordinates (mm along right, mm along up) of a world point, measured from the plane origin. */
export function planeCoordinates(plane: SlicePlane, p: Vec3): [number, number] {
  const d = sub(p, plane.origin);
  return [dot(d, plane.right), dot(d, plane.up)];
}

/** Signed distance of a world point from the plane, mm. */
export function distanceFromPlane(plane: Pick<SlicePlane, 'origin' | 'normal'>, p: Vec3): number {
  return dot(sub(p, plane.origin), plane.normal);
}

/** A plane's normal from a pane's screen axes: the viewing direction is up × right (view-orientation.ts). */
export function planeFromAxes(origin: Vec3, right: Vec3, up: Vec3): SlicePlane {
  return { origin, right: normalize(right), up: normalize(up), normal: normalize(cross(up, right)) };
}

/**
 * The spacing between the volume's voxel layers met along `normal`: that of the index axis most
 * aligned with it, as the slice panes step (view-orientation.ts sliceRange).
 */
export function voxelPitchAlong(volume: Geometry, normal: Vec3): number {
  let best = 0;
  let bestAlignment = -1;
  volume.axes.forEach((axis, index) => {
    const alignment = Math.abs(dot(axis, normal));
    if (alignment > bestAlignment) {
      bestAlignment = alignment;
      best = index;
    }
  });
  return volume.spacing[best as 0 | 1 | 2];
}

/** Whether two unit normals are the same plane direction (either sign), to a millionth. */
export function parallel(a: Vec3, b: Vec3): boolean {
  return Math.abs(Math.abs(dot(a, b)) - 1) < 1e-6;
}
