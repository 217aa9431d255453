import { type Vec3, add, scale } from '../../math/vec3';
import type { MeasurementRecord } from '../../volume/measure/measurement-record';
import { planeCoordinates } from '../../volume/measure/plane-geometry';

type Screen = (world: Vec3) => [number, number];

const ELLIPSE_SEGMENTS = 72;

/**
 * The outline of a measurement in pane pixels: a polyline (open) or polygon (closed). An ROI's box is
 * along its own plane's right and up, which need not be the pane's (a turned pane), so its outline is
 * made in world space and projected point by point.
 */
export function outline(record: MeasurementRecord, toScreen: Screen): { points: Array<[number, number]>; closed: boolean } {
  if (record.kind === 'length' || record.kind === 'angle') return { points: record.points.map(toScreen), closed: false };
  if (record.kind === 'probe') return { points: [toScreen(record.points[0]!)], closed: false };
  const plane = record.slice.plane;
  const [u1, v1] = planeCoordinates(plane, record.points[0]!);
  const [u2, v2] = planeCoordinates(plane, record.points[1]!);
  const [cu, cv, a, b] = [(u1 + u2) / 2, (v1 + v2) / 2, Math.abs(u2 - u1) / 2, Math.abs(v2 - v1) / 2];
  // On the plane through the first corner: the record's plane origin may be anywhere on it.
  const offset = planeCoordinates(plane, record.points[0]!);
  const base = add(record.points[0]!, add(scale(plane.right, -offset[0]), scale(plane.up, -offset[1])));
  const at = (u: number, v: number): [number, number] => toScreen(add(base, add(scale(plane.right, u), scale(plane.up, v))));
  if (record.kind === 'rectangle') {
    return { points: [at(cu - a, cv - b), at(cu + a, cv - b), at(cu + a, cv + b), at(cu - a, cv + b)], closed: true };
  }
  const points: Array<[number, number]> = [];
  for (let n = 0; n < ELLIPSE_SEGMENTS; n++) {
    const t = (2 * Math.PI * n) / ELLIPSE_SEGMENTS;
    points.push(at(cu + a * Math.cos(t), cv + b * Math.sin(t)));
  }
  return { points, closed: true };
}

/** Where a measurement's label goes: right of its outline, level with its top. */
export function labelAnchor(points: ReadonlyArray<[number, number]>): [number, number] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.max(...xs) + 10, Math.min(...ys)];
}
