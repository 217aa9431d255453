import { cross, norm, normalize, sub } from '../../math/vec3';
import type { MeasurementRecord } from '../../volume/measure/measurement-record';
import { parseMeasurementRecords } from '../../volume/measure/parse-records';
import { LAYOUT_NAMES } from '../../views/layouts';
import type { SliceViewName } from '../../views/view-orientation';
import type { Viewer } from '../../views/viewer';
import { VOLUME_PRESETS, type VolumePresetName } from '../../views/volume-presets';
import { readReslice, restoreReslice, captureReslice } from '../reslice-state';
import { StateProblem, boolean, finite, integer, object, oneOf, vec3 } from './checks';
import { readSeriesReference } from './series-reference';
import type { SeriesReference, ViewState } from './view-state';

/** The measurements as the view state needs them (src/volume/measure/measurement-store.ts). */
export interface MeasurementsSlot {
  list(): MeasurementRecord[];
  /** Replaces the measurements with saved ones, measured again; returns what could not be read. */
  restore(saved: unknown): string[];
  onChange(listener: () => void): unknown;
}

/** What the parts read the view from and put it back into. */
export interface ViewStateTarget {
  viewer: Pick<
    Viewer,
    | 'cursor'
    | 'setCursor'
    | 'window'
    | 'setWindow'
    | 'layoutName'
    | 'setLayout'
    | 'volumePreset'
    | 'setVolumePreset'
    | 'blendMode'
    | 'setBlendMode'
    | 'shading'
    | 'setShading'
    | 'volumeCamera'
    | 'setVolumeCamera'
    | 'sliceIndex'
    | 'sliceCount'
    | 'scrollSliceTo'
    | 'reslicing'
  >;
  /** The series shown and how it was opened, null when none is. */
  series(): SeriesReference | null;
  /** The measurement store, null until there is one. */
  measurements: MeasurementsSlot | null;
}

/** One piece of the view: how it is read from the view, checked when read back, and put back. */
export interface ViewStatePart<K extends keyof ViewState> {
  key: K;
  capture(target: ViewStateTarget): ViewState[K] | undefined;
  /** The value of untrusted JSON, checked (throws a StateProblem in words). */
  read(raw: unknown): NonNullable<ViewState[K]>;
  /** Puts it back; returns what could not be, in words. */
  restore(target: ViewStateTarget, value: NonNullable<ViewState[K]>): string[];
}

const SLICE_PANES: readonly SliceViewName[] = ['axial', 'coronal', 'sagittal'];
const PRESET_NAMES = Object.keys(VOLUME_PRESETS) as VolumePresetName[];

const series: ViewStatePart<'series'> = {
  key: 'series',
  capture: (target) => target.series() ?? undefined,
  read: readSeriesReference,
  // The series is opened before the rest is put back (see ViewStateSession), not by a part.
  restore: () => [],
};

const cursor: ViewStatePart<'cursor'> = {
  key: 'cursor',
  capture: (target) => [...target.viewer.cursor()],
  read: (raw) => vec3(raw, 'cursor'),
  restore: (target, value) => {
    target.viewer.setCursor(value);
    return [];
  },
};

/**
 * After the cursor, before the slice indexes: a turned pane counts its slices from a grid through the
 * crosshair point. Always captured (an empty object when axis-aligned and thin), so restoring a view
 * that was not turned also turns a turned one back.
 */
const reslice: ViewStatePart<'reslice'> = {
  key: 'reslice',
  capture: (target) => captureReslice(target.viewer.reslicing) ?? {},
  read: readReslice,
  restore: (target, value) => restoreReslice(target.viewer.reslicing, value),
};

/** After the cursor: the indexes say which slice each pane showed, should the cursor fall between two. */
const slices: ViewStatePart<'slices'> = {
  key: 'slices',
  capture: (target) => Object.fromEntries(SLICE_PANES.map((pane) => [pane, target.viewer.sliceIndex(pane)])),
  read: (raw) => {
    const given = object(raw, 'slices');
    const read: Partial<Record<SliceViewName, number>> = {};
    for (const pane of SLICE_PANES) if (pane in given) read[pane] = integer(given[pane], `slices.${pane}`, 0, 100_000);
    return read;
  },
  restore: (target, value) => {
    const problems: string[] = [];
    for (const pane of SLICE_PANES) {
      const index = value[pane];
      if (index === undefined || index === target.viewer.sliceIndex(pane)) continue;
      const count = target.viewer.sliceCount(pane);
      if (index >= count) problems.push(`the ${pane} pane has ${count} slices, not slice ${index + 1}`);
      else target.viewer.scrollSliceTo(pane, index);
    }
    return problems;
  },
};

const windowLevel: ViewStatePart<'window'> = {
  key: 'window',
  capture: (target) => ({ ...target.viewer.window }),
  read: (raw) => {
    const given = object(raw, 'window');
    return {
      center: finite(given.center, 'window.center', -100_000, 100_000),
      width: finite(given.width, 'window.width', 1, 200_000),
    };
  },
  restore: (target, value) => {
    target.viewer.setWindow(value);
    return [];
  },
};

const layout: ViewStatePart<'layout'> = {
  key: 'layout',
  capture: (target) => target.viewer.layoutName,
  read: (raw) => oneOf(raw, 'layout', LAYOUT_NAMES),
  restore: (target, value) => {
    target.viewer.setLayout(value);
    return [];
  },
};

const volume3d: ViewStatePart<'volume3d'> = {
  key: 'volume3d',
  capture: ({ viewer }) => ({
    preset: viewer.volumePreset,
    blend: viewer.blendMode,
    shade: viewer.shading,
    camera: viewer.volumeCamera(),
  }),
  read: (raw) => {
    const given = object(raw, 'volume3d');
    const camera = object(given.camera, 'volume3d.camera');
    const position = vec3(camera.position, 'volume3d.camera.position');
    const focalPoint = vec3(camera.focalPoint, 'volume3d.camera.focalPoint');
    const viewUp = vec3(camera.viewUp, 'volume3d.camera.viewUp');
    if (Math.hypot(...viewUp) < 1e-6) throw new StateProblem('volume3d.camera.viewUp is no direction');
    const direction = sub(focalPoint, position);
    if (norm(direction) < 1e-6) throw new StateProblem('volume3d.camera looks at its own position');
    // An up along the line of sight leaves the camera's roll undefined (vtk.js would compute NaN).
    if (norm(cross(normalize(direction), normalize(viewUp))) < 1e-3)
      throw new StateProblem('volume3d.camera.viewUp is along its line of sight');
    return {
      preset: oneOf(given.preset, 'volume3d.preset', PRESET_NAMES),
      blend: oneOf(given.blend, 'volume3d.blend', ['composite', 'mip', 'minip', 'average'] as const),
      shade: boolean(given.shade, 'volume3d.shade'),
      camera: { position, focalPoint, viewUp },
    };
  },
  restore: ({ viewer }, value) => {
    // The preset sets blend and shading of its own: what was changed after it comes next.
    viewer.setVolumePreset(value.preset);
    viewer.setBlendMode(value.blend);
    viewer.setShading(value.shade);
    viewer.setVolumeCamera(value.camera);
    return [];
  },
};

/** Only the drawings are kept: values are measured again on the volume they are put back on. */
const measurements: ViewStatePart<'measurements'> = {
  key: 'measurements',
  capture: (target) => target.measurements?.list().map(({ id, kind, points, slice }) => ({ id, kind, points, slice })),
  read: (raw) => {
    if (!Array.isArray(raw)) throw new StateProblem('measurements is not a list');
    const { drawings, problems } = parseMeasurementRecords(raw);
    if (problems.length > 0) throw new StateProblem(problems.slice(0, 3).join('; '));
    return drawings;
  },
  restore: (target, value) => {
    if (!target.measurements) return ['this page has no measurements to put the saved ones in'];
    return target.measurements.restore(value);
  },
};

/** Every part, in the order they are put back: the layout first (pane sizes), the slices after the cursor. */
export const VIEW_STATE_PARTS = [series, layout, windowLevel, cursor, reslice, slices, volume3d, measurements] as const;
