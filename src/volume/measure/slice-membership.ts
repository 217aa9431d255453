import type { MeasurementRecord, SlicePlane } from './measurement-record';
import { distanceFromPlane, parallel } from './plane-geometry';

/**
 * Whether a measurement lies in a pane's slice: every point within half a voxel (`pitch`, the voxel
 * spacing along the pane's normal) of its plane. An ROI is an area on its own plane, so it is shown
 * only in a pane whose plane is parallel to it; a length, an angle or a probe wherever its points lie
 * (a probe at the crosshair shows in all three panes).
 */
export function liesInSlice(
  record: Pick<MeasurementRecord, 'kind' | 'points' | 'slice'>,
  plane: Pick<SlicePlane, 'origin' | 'normal'>,
  pitch: number,
): boolean {
  const roi = record.kind === 'ellipse' || record.kind === 'rectangle';
  if (roi && !parallel(record.slice.plane.normal, plane.normal)) return false;
  return record.points.every((p) => Math.abs(distanceFromPlane(plane, p)) < pitch / 2);
}
