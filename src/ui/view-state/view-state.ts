import type { Vec3 } from '../../math/vec3';
import type { LayoutName } from '../../views/layouts';
import type { SliceViewName } from '../../views/view-orientation';
import type { CameraView } from '../../views/volume-view';
import type { BlendName, VolumePresetName } from '../../views/volume-presets';
import type { WindowLevel } from '../../views/window-presets';
import type { PhantomOptions } from '../../phantom/phantom';
import type { ResliceState } from '../reslice-state';

/** Which series the view shows, and how it can be opened again. */
export type SeriesReference =
  /** A series on a DICOMweb server: reopened from the link (server root, study, series). */
  | { kind: 'dicomweb'; seriesUid: string; root: string; study: string }
  /** The generated sample, with the options it was generated with. */
  | { kind: 'sample'; seriesUid: string; options: PhantomOptions }
  /** Local files: they cannot be opened again without the user picking them. */
  | { kind: 'local'; seriesUid: string };

/** The 3D pane's look and camera. */
export interface Volume3dState {
  preset: VolumePresetName;
  blend: BlendName;
  shade: boolean;
  camera: CameraView;
}

/**
 * What a shared view holds, one key per part (parts.ts): every key is optional, so a state names only
 * what it knows, and a newer app reads an older state. `measurements` holds the measurement store's
 * drawings (their values are measured again on the volume when they are put back).
 */
export interface ViewState {
  series?: SeriesReference;
  /** The shared crosshair point (LPS mm). */
  cursor?: Vec3;
  /** The crosshair rotation and the slab (an empty object: axis-aligned, thin). */
  reslice?: ResliceState;
  /** Each slice pane's slice index (checked against the volume when put back). */
  slices?: Partial<Record<SliceViewName, number>>;
  window?: WindowLevel;
  layout?: LayoutName;
  volume3d?: Volume3dState;
  measurements?: unknown[];
}

/** Version of the hash and file formats; a state of another version is refused in words. */
export const VIEW_STATE_VERSION = 1;
