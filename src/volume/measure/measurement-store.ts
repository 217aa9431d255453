import type { Vec3 } from '../../math/vec3';
import type { CtVolume } from '../ct-volume';
import type { MeasurementKind, MeasurementRecord, SliceReference } from './measurement-record';
import { measure } from './measure-value';
import { parseMeasurementRecords } from './parse-records';

type Volume = Pick<CtVolume, 'origin' | 'spacing' | 'axes' | 'dimensions' | 'scalars'>;

/**
 * The measurements of the volume shown, as plain records: drawn, edited and deleted through it, listed
 * and saved from it. Every change measures again on the volume (CPU data in HU) and tells the listeners.
 */
export class MeasurementStore {
  private records: MeasurementRecord[] = [];
  private volume: Volume | null = null;
  private selectedId: string | null = null;
  private nextNumber = 1;
  private readonly listeners = new Set<() => void>();

  /** A new volume: measurements belong to the one they were drawn on, so they are all cleared. */
  setVolume(volume: Volume | null): void {
    this.volume = volume;
    this.records = [];
    this.selectedId = null;
    this.changed();
  }

  /** Copies of the records (JSON-safe), oldest first. */
  list(): MeasurementRecord[] {
    return this.records.map(copyRecord);
  }

  get(id: string): MeasurementRecord | undefined {
    const record = this.records.find((r) => r.id === id);
    return record && copyRecord(record);
  }

  get selected(): string | null {
    return this.selectedId;
  }

  add(kind: MeasurementKind, points: Vec3[], slice: SliceReference, id?: string): MeasurementRecord {
    const record = this.measured({ id: id ?? this.newId(), kind, points: points.map(copyVec), slice: copySlice(slice) });
    this.records.push(record);
    this.selectedId = record.id;
    this.changed();
    return copyRecord(record);
  }

  /** New world points for a measurement (a handle dragged, a drawing growing); measured again. */
  update(id: string, points: Vec3[]): void {
    const index = this.records.findIndex((r) => r.id === id);
    if (index < 0) return;
    const { kind, slice } = this.records[index]!;
    this.records[index] = this.measured({ id, kind, points: points.map(copyVec), slice });
    this.changed();
  }

  /** Every measurement measured again (the volume's voxels have changed: the last of them streamed in). */
  remeasure(): void {
    if (this.records.length === 0) return;
    this.records = this.records.map((record) => this.measured(record));
    this.changed();
  }

  remove(id: string): void {
    const before = this.records.length;
    this.records = this.records.filter((r) => r.id !== id);
    if (this.selectedId === id) this.selectedId = null;
    if (this.records.length !== before) this.changed();
  }

  select(id: string | null): void {
    const next = id !== null && this.records.some((r) => r.id === id) ? id : null;
    if (next === this.selectedId) return;
    this.selectedId = next;
    this.changed();
  }

  clear(): void {
    this.records = [];
    this.selectedId = null;
    this.changed();
  }

  /**
   * Replaces the measurements with saved ones (untrusted JSON: see parseMeasurementRecords), each
   * measured again on the volume shown; returns what could not be read, in words.
   */
  restore(saved: unknown): string[] {
    const { drawings, problems } = parseMeasurementRecords(saved);
    this.records = [];
    this.selectedId = null;
    const used = new Set<string>();
    for (const drawing of drawings) {
      const id = drawing.id !== null && !used.has(drawing.id) ? drawing.id : this.newId(used);
      used.add(id);
      this.records.push(this.measured({ id, kind: drawing.kind, points: drawing.points, slice: drawing.slice }));
    }
    this.changed();
    return problems;
  }

  /** Called after every change (records or selection); returns the function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private measured(drawing: Pick<MeasurementRecord, 'id' | 'kind' | 'points' | 'slice'>): MeasurementRecord {
    return { ...drawing, ...measure(drawing.kind, drawing.points, drawing.slice.plane, this.volume) };
  }

  private newId(taken: ReadonlySet<string> = new Set()): string {
    let id: string;
    do id = `m${this.nextNumber++}`;
    while (taken.has(id) || this.records.some((r) => r.id === id));
    return id;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

const copyVec = (v: Vec3): Vec3 => [v[0], v[1], v[2]];

function copySlice(slice: SliceReference): SliceReference {
  const { origin, normal, right, up } = slice.plane;
  return {
    pane: slice.pane,
    index: slice.index,
    plane: { origin: copyVec(origin), normal: copyVec(normal), right: copyVec(right), up: copyVec(up) },
  };
}

function copyRecord(record: MeasurementRecord): MeasurementRecord {
  const copy: MeasurementRecord = { ...record, points: record.points.map(copyVec), slice: copySlice(record.slice) };
  if (record.roi) copy.roi = { ...record.roi };
  return copy;
}
