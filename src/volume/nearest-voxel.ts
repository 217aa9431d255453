/** Nearest voxel index (clamped into the grid) of a continuous index, e.g. worldToIndex of the crosshair. */
export function nearestVoxel(
  continuous: readonly [number, number, number],
  dimensions: readonly [number, number, number],
): [number, number, number] {
  return continuous.map((c, axis) => Math.min(dimensions[axis]! - 1, Math.max(0, Math.round(c)))) as [number, number, number];
}
