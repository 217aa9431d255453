/**
 * Issue 17, item 1: measurements on the generated phantom, whose regions and HU are known exactly.
 * Points go through a slice pane's projection to whole CSS pixels and back, as a drawing does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Vec3, add, dot, scale } from '../src/math/vec3';
import { FAT_CENTRE, FAT_HU, FAT_RADIUS, SOFT_TISSUE_HU } from '../src/phantom/phantom-model';
import type { CtVolume } from '../src/volume/ct-volume';
import { measurementsCsv, measurementsJson } from '../src/volume/measure/measurement-export';
import type { MeasurementKind, SliceReference } from '../src/volume/measure/measurement-record';
import { MeasurementStore } from '../src/volume/measure/measurement-store';
import { planeFromAxes, voxelPitchAlong } from '../src/volume/measure/plane-geometry';
import { liesInSlice } from '../src/volume/measure/slice-membership';
import { MeasurementDrawing } from '../src/views/measurements/measurement-drawing';
import { type PaneProjection, paneToWorld, worldToPane } from '../src/views/pane-projection';
import { PLANES, type SliceViewName, sliceIndexAt, slicePosition, sliceRange, volumeCentre } from '../src/views/view-orientation';
import { buildPhantom } from './helpers/phantom-folder';

const SMALL = { rows: 96, columns: 96, slices: 40 } as const;

/** A slice pane as the viewer sets it up: through the slice nearest `near`, the volume fitted in 450 × 380 px. */
function pane(volume: CtVolume, name: SliceViewName, near: Vec3): { projection: PaneProjection; slice: SliceReference } {
  const orientation = PLANES[name];
  const range = sliceRange(volume, orientation.axis);
  const index = sliceIndexAt(range, near[orientation.axis]);
  const focal = volumeCentre(volume);
  focal[orientation.axis] = slicePosition(range, index);
  const projection = { focal, right: orientation.right, up: orientation.up, parallelScale: 85, width: 450, height: 380 };
  return { projection, slice: { pane: name, index, plane: planeFromAxes(focal, orientation.right, orientation.up) } };
}

/** Where a world point on the pane's plane is drawn, to the whole pixel, and back: what a click gives. */
function clicked(projection: PaneProjection, world: Vec3): Vec3 {
  const [x, y] = worldToPane(projection, world);
  return paneToWorld(projection, Math.round(x), Math.round(y));
}

/** A point on the pane's plane at in-plane offsets (mm along the pane's right and up) from `centre`. */
function onSlice(slice: SliceReference, centre: Vec3, right: number, up: number): Vec3 {
  const { origin, normal } = slice.plane;
  const p = add(centre, add(scale(slice.plane.right, right), scale(slice.plane.up, up)));
  return add(p, scale(normal, dot(add(origin, scale(p, -1)), normal)));
}

function draw(volume: CtVolume, kind: MeasurementKind, name: SliceViewName, centre: Vec3, offsets: Array<[number, number]>) {
  const { projection, slice } = pane(volume, name, centre);
  const known = offsets.map(([r, u]) => onSlice(slice, centre, r, u));
  const store = new MeasurementStore();
  store.setVolume(volume);
  const record = store.add(
    kind,
    known.map((p) => clicked(projection, p)),
    slice,
  );
  return { record, known, slice, pitch: voxelPitchAlong(volume, slice.plane.normal), volume };
}

/**
 * The phantoms, and how an axial ROI reads them: an oblique grid has no layer of voxel centres on the
 * pane's plane, nor has a tilted one (resampled along the slice normal, its columns still tilted).
 */
const cases: Array<[string, object, 'voxels' | 'sampled']> = [
  ['axis-aligned', {}, 'voxels'],
  ['oblique [20, −15, 30]°', { obliqueDeg: [20, -15, 30] }, 'sampled'],
  ['gantry tilt 15°, resampled', { tiltDeg: 15 }, 'sampled'],
];

describe.each(cases)('measurements on the %s phantom', (_, options, axialMethod) => {
  let volume: CtVolume;
  beforeAll(async () => {
    ({ volume } = await buildPhantom({ ...SMALL, ...options }));
  }, 120_000);
  const minSpacing = () => Math.min(...volume.spacing);

  it('a length between two known points equals their distance within half a voxel', () => {
    for (const name of ['axial', 'coronal', 'sagittal'] as const) {
      const { record, known } = draw(
        volume,
        'length',
        name,
        [-20, 10, 0],
        [
          [-31, 12],
          [27, -9],
        ],
      );
      const truth = Math.hypot(...known[0]!.map((c, i) => c - known[1]![i]!));
      expect(record.unit).toBe('mm');
      expect(Math.abs(record.value! - truth), `${name}: ${record.value} vs ${truth}`).toBeLessThan(minSpacing() / 2);
    }
  });

  it('an angle of known size within 1°', () => {
    for (const [degrees, name] of [
      [90, 'axial'],
      [35, 'coronal'],
      [135, 'sagittal'],
    ] as const) {
      const t = (degrees * Math.PI) / 180;
      const { record } = draw(
        volume,
        'angle',
        name,
        [0, 0, 0],
        [
          [40, 0],
          [0, 0],
          [40 * Math.cos(t), 40 * Math.sin(t)],
        ],
      );
      expect(record.unit).toBe('°');
      expect(Math.abs(record.value! - degrees), `${name}: ${record.value}°`).toBeLessThanOrEqual(1);
    }
  });

  it('an ellipse inside the fat sphere gives its HU exactly and its area within 5 %', () => {
    const { record, slice } = draw(volume, 'ellipse', 'axial', FAT_CENTRE, [
      [-12, -8],
      [12, 8],
    ]);
    const area = Math.PI * 12 * 8;
    const roi = record.roi!;
    expect(roi.method).toBe(axialMethod);
    expect(Math.abs(distanceToFat(slice))).toBeLessThan(FAT_RADIUS - 14);
    expect(Math.abs(record.value! - FAT_HU)).toBeLessThanOrEqual(1);
    expect(roi.min).toBe(FAT_HU);
    expect(roi.max).toBe(FAT_HU);
    expect(roi.sd).toBeLessThan(1e-6);
    expect(Math.abs(roi.areaMm2 / area - 1)).toBeLessThan(0.05);
    // The voxels (or samples) counted cover the area: one per in-plane voxel.
    const [a, b] = [voxelPitchAlong(volume, slice.plane.right), voxelPitchAlong(volume, slice.plane.up)];
    expect(Math.abs((roi.count * a * b) / area - 1)).toBeLessThan(0.15);
  });

  it('an ellipse and a rectangle in soft tissue give 40 HU; an ROI across fat and soft tissue has both as min and max', () => {
    for (const kind of ['ellipse', 'rectangle'] as const) {
      const { record } = draw(
        volume,
        kind,
        'coronal',
        [25, 20, 0],
        [
          [-10, -15],
          [10, 15],
        ],
      );
      expect(Math.abs(record.value! - SOFT_TISSUE_HU), kind).toBeLessThanOrEqual(1);
      const area = kind === 'ellipse' ? Math.PI * 10 * 15 : 20 * 30;
      expect(Math.abs(record.roi!.areaMm2 / area - 1)).toBeLessThan(0.05);
    }
    const { record } = draw(volume, 'rectangle', 'axial', FAT_CENTRE, [
      [0, -5],
      [30, 5],
    ]);
    expect(record.roi!.min).toBeCloseTo(FAT_HU, 0);
    expect(record.roi!.max).toBeCloseTo(SOFT_TISSUE_HU, 0);
    expect(record.value!).toBeGreaterThan(FAT_HU + 10);
    expect(record.value!).toBeLessThan(SOFT_TISSUE_HU - 10);
    expect(record.roi!.sd!).toBeGreaterThan(10);
  });

  it('a probe reads the HU at its point', () => {
    const { record } = draw(volume, 'probe', 'sagittal', FAT_CENTRE, [[0, 0]]);
    expect(record.value).toBeCloseTo(FAT_HU, 6);
    const outside = draw(volume, 'probe', 'axial', [0, 0, 0], [[1000, 0]]).record;
    expect(outside.value).toBeNull();
  });

  it('a measurement lies in its own slice only (within half a voxel), an ROI only in parallel panes', () => {
    const { record, slice, pitch } = draw(
      volume,
      'length',
      'axial',
      [0, 0, 0],
      [
        [-10, 0],
        [10, 0],
      ],
    );
    expect(liesInSlice(record, slice.plane, pitch)).toBe(true);
    const next = { origin: add(slice.plane.origin, scale(slice.plane.normal, pitch)), normal: slice.plane.normal };
    expect(liesInSlice(record, next, pitch)).toBe(false);
    const roi = draw(
      volume,
      'ellipse',
      'axial',
      [0, 0, 0],
      [
        [-5, -5],
        [5, 5],
      ],
    ).record;
    const coronalThroughCentre = { origin: roi.points[0]!, normal: PLANES.coronal.direction };
    expect(liesInSlice(roi, coronalThroughCentre, 100)).toBe(false);
  });

  function distanceToFat(slice: SliceReference): number {
    return dot(add(FAT_CENTRE, scale(slice.plane.origin, -1)), slice.plane.normal);
  }
});

describe("ROI statistics on a plane along an oblique volume's own voxel layers", () => {
  it("counts the layer's voxel centres (not samples) and gives the fat HU", async () => {
    const { volume } = await buildPhantom({ ...SMALL, obliqueDeg: [20, -15, 30] });
    const [right, up] = [volume.axes[0], scale(volume.axes[1], -1)];
    const centre = volumeCentre(volume);
    const toFat = dot(add(FAT_CENTRE, scale(centre, -1)), volume.axes[2]);
    const k = Math.round(toFat / volume.spacing[2]);
    const plane = planeFromAxes(add(centre, scale(volume.axes[2], k * volume.spacing[2])), right, up);
    const store = new MeasurementStore();
    store.setVolume(volume);
    const slice = { pane: 'axial', index: 0, plane };
    const record = store.add('ellipse', [onSlice(slice, FAT_CENTRE, -10, -7), onSlice(slice, FAT_CENTRE, 10, 7)], slice);
    expect(record.roi!.method).toBe('voxels');
    expect(record.value).toBe(FAT_HU);
    // Whole voxels of 1.6 × 1.6 mm inside an ellipse of π·10·7 mm².
    expect(Math.abs((record.roi!.count * 1.6 * 1.6) / (Math.PI * 70) - 1)).toBeLessThan(0.1);
  }, 120_000);
});

describe('the measurement store', () => {
  const plane = planeFromAxes([0, 0, 0], [1, 0, 0], [0, -1, 0]);
  const slice: SliceReference = { pane: 'axial', index: 3, plane };

  it('measures again on every edit, selects what is drawn, deletes, and tells listeners', () => {
    const store = new MeasurementStore();
    let changes = 0;
    store.onChange(() => changes++);
    const record = store.add(
      'length',
      [
        [0, 0, 0],
        [3, 4, 0],
      ],
      slice,
    );
    expect(record.value).toBe(5);
    expect(store.selected).toBe(record.id);
    store.update(record.id, [
      [0, 0, 0],
      [6, 8, 0],
    ]);
    expect(store.get(record.id)!.value).toBe(10);
    store.remove(record.id);
    expect(store.list()).toEqual([]);
    expect(store.selected).toBeNull();
    expect(changes).toBe(3);
  });

  it('round-trips through JSON, measuring again rather than trusting saved values, and says what it refused', async () => {
    const { volume } = await buildPhantom(SMALL);
    const store = new MeasurementStore();
    store.setVolume(volume);
    const fat = store.add('probe', [[...FAT_CENTRE]], slice);
    store.add(
      'angle',
      [
        [10, 0, 0],
        [0, 0, 0],
        [0, 10, 0],
      ],
      slice,
    );
    const saved = JSON.parse(measurementsJson(store.list()));
    saved.measurements[0].value = 12345;
    const restored = new MeasurementStore();
    restored.setVolume(volume);
    const problems = restored.restore([
      ...saved.measurements,
      { kind: 'length', points: [[0, 0, 0]], slice },
      { kind: '<img src=x>', points: [], slice },
      { kind: 'probe', points: [[0, 0, 'x']], slice },
      { kind: 'probe', points: [[0, 0, 0]], slice: { ...slice, plane: { ...plane, normal: [0, 0, 5] } } },
    ]);
    expect(problems).toEqual([
      'measurement 3: a length needs 2 world points (x, y, z in mm)',
      'measurement 4: unknown kind',
      'measurement 5: a probe needs 1 world points (x, y, z in mm)',
      'measurement 6: slice: plane needs an origin and unit normal, right and up',
    ]);
    expect(restored.list().map((r) => [r.id, r.kind, r.value])).toEqual([
      [fat.id, 'probe', FAT_HU],
      ['m2', 'angle', 90],
    ]);
    expect(restored.restore(saved)).toEqual([]);
    // Through JSON both: it writes −0 as 0.
    expect(JSON.parse(JSON.stringify(restored.list()))).toEqual(JSON.parse(JSON.stringify(store.list())));
    expect(restored.restore('nonsense')).toEqual(['measurements: expected a list of measurements']);
    restored.restore(saved);
    restored.setVolume(volume);
    expect(restored.list()).toEqual([]);
  }, 120_000);

  it('exports CSV with a header and one quoted row per measurement', () => {
    const store = new MeasurementStore();
    store.add(
      'length',
      [
        [0, 0, 0],
        [0, 0, 12.5],
      ],
      slice,
    );
    const lines = measurementsCsv(store.list()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^"id","type","value","unit","slice",/);
    expect(lines[1]).toMatch(/^"m1","Length","12.5","mm","axial 4","0","0","6.25","0 0 0; 0 0 12.5",/);
  });
});

describe('drawing a measurement with presses (MeasurementDrawing)', () => {
  const plane = planeFromAxes([0, 0, 0], [1, 0, 0], [0, -1, 0]);
  const slice: SliceReference = { pane: 'axial', index: 0, plane };
  /** Pointer events as the pane gets them; the world point is x, y of the pane in mm (1 px = 1 mm here). */
  const at = (x: number, y: number) => ({ clientX: x, clientY: y }) as PointerEvent;
  const worldAt = (event: PointerEvent): Vec3 => [event.clientX, event.clientY, 0];

  function start(kind: MeasurementKind, x: number, y: number) {
    const store = new MeasurementStore();
    const record = store.add(kind, new Array<Vec3>(kind === 'angle' ? 3 : 2).fill([x, y, 0]), slice);
    let finished = false;
    const drawing = new MeasurementDrawing(store, record.id, 'axial');
    const press = drawing.firstPress(at(x, y), worldAt, () => (finished = true));
    return { store, id: record.id, drawing, press, isFinished: () => finished };
  }

  it('a drag draws a length; click, click does too, the end following the hover between', () => {
    const dragged = start('length', 0, 0);
    dragged.press.move(at(10, 0));
    dragged.press.end(at(30, 40));
    expect(dragged.isFinished()).toBe(true);
    expect(dragged.store.get(dragged.id)!.value).toBe(50);

    const clicked = start('length', 0, 0);
    clicked.press.end(at(1, 1));
    expect(clicked.isFinished()).toBe(false);
    clicked.drawing.follow([6, 8, 0]);
    expect(clicked.store.get(clicked.id)!.value).toBe(10);
    const second = clicked.drawing.nextPress(at(3, 4), worldAt, () => undefined);
    second.end(at(3, 4));
    expect(clicked.drawing.done).toBe(true);
    expect(clicked.store.get(clicked.id)!.value).toBe(5);
  });

  it("an angle: one arm dragged, the vertex where the drag ends, the other arm's end clicked", () => {
    const angle = start('angle', 40, 0);
    angle.press.move(at(20, 0));
    angle.press.end(at(0, 0));
    expect(angle.drawing.done).toBe(false);
    angle.drawing.follow([0, 40, 0]);
    expect(angle.store.get(angle.id)!.value).toBeCloseTo(90, 9);
    angle.drawing.nextPress(at(-40, 0), worldAt, () => undefined).end(at(-40, 0));
    expect(angle.drawing.done).toBe(true);
    expect(angle.store.get(angle.id)!.points).toEqual([
      [40, 0, 0],
      [0, 0, 0],
      [-40, 0, 0],
    ]);
    expect(angle.store.get(angle.id)!.value).toBeCloseTo(180, 9);
  });
});
