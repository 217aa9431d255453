import type { Vec3 } from '../dicom/types';
import { add, dot, scale, sub } from '../math/vec3';

/** How a parallel-projection pane maps its CSS pixels to world points on the plane through `focal`. */
export interface PaneProjection {
  focal: Vec3;
  right: Vec3;
  up: Vec3;
  /** Half the pane height in world millimetres (vtk's parallel scale). */
  parallelScale: number;
  width: number;
  height: number;
}

export function paneToWorld(p: PaneProjection, x: number, y: number): Vec3 {
  const mmPerPixel = (2 * p.parallelScale) / p.height;
  return add(p.focal, add(scale(p.right, (x - p.width / 2) * mmPerPixel), scale(p.up, (p.height / 2 - y) * mmPerPixel)));
}

export function worldToPane(p: PaneProjection, world: Vec3): [number, number] {
  const mmPerPixel = (2 * p.parallelScale) / p.height;
  const d = sub(world, p.focal);
  return [p.width / 2 + dot(d, p.right) / mmPerPixel, p.height / 2 - dot(d, p.up) / mmPerPixel];
}
