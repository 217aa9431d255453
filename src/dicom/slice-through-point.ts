import { cross, dot, normalize, sub } from '../math/vec3';
import type { SliceHeader, Vec3 } from './types';

/**
 * The slice whose plane passes nearest a world point (LPS mm), each by its own position and
 * orientation: the file a displayed slice of a volume came from, whether the volume was resampled
 * (gantry tilt, variable spacing) or not. Null when no slice has its geometry.
 */
export function sliceThroughPoint<T extends Pick<SliceHeader, 'imagePositionPatient' | 'imageOrientationPatient'>>(
  slices: readonly T[],
  point: Vec3,
): T | null {
  let best: T | null = null;
  let bestDistance = Infinity;
  for (const slice of slices) {
    const position = slice.imagePositionPatient;
    const orientation = slice.imageOrientationPatient;
    if (!position || !orientation) continue;
    const normal = normalize(cross(orientation.slice(0, 3) as Vec3, orientation.slice(3, 6) as Vec3));
    const distance = Math.abs(dot(sub(point, position), normal));
    if (distance < bestDistance) {
      best = slice;
      bestDistance = distance;
    }
  }
  return best;
}
