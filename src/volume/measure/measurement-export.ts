import type { MeasurementRecord } from './measurement-record';
import { KIND_NAMES, positionOf, sliceText } from './measurement-text';

const COLUMNS = [
  'id',
  'type',
  'value',
  'unit',
  'slice',
  'position_x_mm',
  'position_y_mm',
  'position_z_mm',
  'points_lps_mm',
  'area_mm2',
  'mean_hu',
  'sd_hu',
  'min_hu',
  'max_hu',
  'count',
  'roi_values',
];

/** One row per measurement, every field quoted (RFC 4180); numbers in full precision, LPS mm and HU. */
export function measurementsCsv(records: readonly MeasurementRecord[]): string {
  const rows = records.map((record) => {
    const position = positionOf(record);
    const roi = record.roi;
    return [
      record.id,
      KIND_NAMES[record.kind],
      record.value,
      record.unit,
      sliceText(record),
      ...position,
      record.points.map((p) => p.join(' ')).join('; '),
      roi?.areaMm2 ?? null,
      roi?.mean ?? null,
      roi?.sd ?? null,
      roi?.min ?? null,
      roi?.max ?? null,
      roi?.count ?? null,
      roi ? (roi.method === 'voxels' ? 'voxel centres in the ROI' : 'sampled on the plane at voxel pitch') : null,
    ];
  });
  return [COLUMNS, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** The records as a JSON document (what `MeasurementStore.restore` reads back). */
export function measurementsJson(records: readonly MeasurementRecord[]): string {
  return JSON.stringify({ format: 'ct-viewer-measurements', version: 1, measurements: records }, null, 2);
}
