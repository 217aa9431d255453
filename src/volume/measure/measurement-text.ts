import type { Vec3 } from '../../math/vec3';
import type { MeasurementKind, MeasurementRecord } from './measurement-record';

export const KIND_NAMES: Record<MeasurementKind, string> = {
  length: 'Length',
  angle: 'Angle',
  ellipse: 'Ellipse ROI',
  rectangle: 'Rectangle ROI',
  probe: 'Probe',
};

const fixed = (value: number | null, digits: number): string => (value === null ? '—' : value.toFixed(digits));

/** The value with its unit, as the panel and the pane label show it ("52.3 mm", "40.0 HU"). */
export function valueText(record: Pick<MeasurementRecord, 'kind' | 'value' | 'unit'>): string {
  if (record.value === null) return record.kind === 'angle' ? '—' : 'outside the volume';
  if (record.unit === '°') return `${record.value.toFixed(1)}°`;
  return `${record.value.toFixed(1)} ${record.unit}`;
}

/** The lines of a measurement's label in a pane: the value, and an ROI's statistics. */
export function labelLines(record: MeasurementRecord): string[] {
  const roi = record.roi;
  if (!roi) return [valueText(record)];
  if (roi.count === 0) return [`${roi.areaMm2.toFixed(1)} mm²`, 'no voxel inside'];
  return [
    `${roi.areaMm2.toFixed(1)} mm²`,
    `mean ${fixed(roi.mean, 1)} HU  SD ${fixed(roi.sd, 1)}`,
    `min ${fixed(roi.min, 0)}  max ${fixed(roi.max, 0)}  n ${roi.count}`,
  ];
}

/** "axial 33": the pane and its slice number (1-based, as the pane's corner text counts). */
export function sliceText(record: MeasurementRecord): string {
  return `${record.slice.pane} ${record.slice.index + 1}`;
}

/** Where it is: the mean of its points (a length's middle, an ROI's centre, the probe), LPS mm. */
export function positionOf(record: Pick<MeasurementRecord, 'kind' | 'points'>): Vec3 {
  const points = record.kind === 'angle' ? [record.points[1]!] : record.points;
  const sum = points.reduce<Vec3>((s, p) => [s[0] + p[0], s[1] + p[1], s[2] + p[2]], [0, 0, 0]);
  return [sum[0] / points.length, sum[1] / points.length, sum[2] / points.length];
}

export const pointText = (p: Vec3): string => `(${p.map((c) => c.toFixed(1)).join(', ')})`;
