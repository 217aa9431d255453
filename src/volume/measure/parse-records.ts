import type { Vec3 } from '../../math/vec3';
import { normalize, norm } from '../../math/vec3';
import { MEASUREMENT_KINDS, type MeasurementKind, POINT_COUNT, type SlicePlane, type SliceReference } from './measurement-record';

/** A measurement as read back from a saved state or a JSON file: its drawing, not yet its value. */
export interface RecordDrawing {
  id: string | null;
  kind: MeasurementKind;
  points: Vec3[];
  slice: SliceReference;
}

const MAX_RECORDS = 1000;
const PANE_NAME = /^[a-z0-9-]{1,20}$/;
const ID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * Reads measurements from untrusted JSON (a URL hash, a file someone sent: a list, or the document
 * measurementsJson writes): each entry is checked and kept, or left out with the reason in words.
 * Values in the input are ignored: they are measured again on the volume shown, so a file can never
 * make the viewer show a number it did not measure.
 */
export function parseMeasurementRecords(saved: unknown): { drawings: RecordDrawing[]; problems: string[] } {
  // The exported document (measurement-export.ts) or its list alone.
  const input = isObject(saved) && Array.isArray(saved.measurements) ? saved.measurements : saved;
  if (!Array.isArray(input)) return { drawings: [], problems: ['measurements: expected a list of measurements'] };
  const drawings: RecordDrawing[] = [];
  const problems: string[] = [];
  input.slice(0, MAX_RECORDS).forEach((entry, index) => {
    const drawing = parseOne(entry);
    if (typeof drawing === 'string') problems.push(`measurement ${index + 1}: ${drawing}`);
    else drawings.push(drawing);
  });
  if (input.length > MAX_RECORDS) problems.push(`measurements: only the first ${MAX_RECORDS} of ${input.length} were read`);
  return { drawings, problems };
}

function parseOne(entry: unknown): RecordDrawing | string {
  if (!isObject(entry)) return 'not an object';
  const kind = entry.kind;
  if (typeof kind !== 'string' || !(MEASUREMENT_KINDS as readonly string[]).includes(kind)) return 'unknown kind';
  const count = POINT_COUNT[kind as MeasurementKind];
  const points = Array.isArray(entry.points) ? entry.points.map(vec3) : [];
  if (points.length !== count || points.some((p) => p === null)) return `a ${kind} needs ${count} world points (x, y, z in mm)`;
  const slice = sliceReference(entry.slice);
  if (typeof slice === 'string') return slice;
  const id = typeof entry.id === 'string' && ID.test(entry.id) ? entry.id : null;
  return { id, kind: kind as MeasurementKind, points: points as Vec3[], slice };
}

function sliceReference(value: unknown): SliceReference | string {
  if (!isObject(value)) return 'no slice';
  const { pane, index, plane } = value;
  if (typeof pane !== 'string' || !PANE_NAME.test(pane)) return 'slice: no pane name';
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return 'slice: index is not a whole number ≥ 0';
  if (!isObject(plane)) return 'slice: no plane';
  const origin = vec3(plane.origin);
  const axes = [plane.normal, plane.right, plane.up].map(unit);
  if (!origin || axes.some((axis) => axis === null)) return 'slice: plane needs an origin and unit normal, right and up';
  const [normal, right, up] = axes as Vec3[];
  const result: SlicePlane = { origin, normal: normal!, right: right!, up: up! };
  return { pane, index, plane: result };
}

function vec3(value: unknown): Vec3 | null {
  if (!Array.isArray(value) || value.length !== 3) return null;
  if (!value.every((c) => typeof c === 'number' && Number.isFinite(c) && Math.abs(c) < 1e6)) return null;
  return [value[0], value[1], value[2]] as Vec3;
}

/** A direction of length 1 within 1 %, normalised; anything else is refused rather than guessed at. */
function unit(value: unknown): Vec3 | null {
  const v = vec3(value);
  return v && Math.abs(norm(v) - 1) < 0.01 ? normalize(v) : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
