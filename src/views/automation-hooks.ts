import type { Vec3 } from '../dicom/types';
import { type VoxelDigest, voxelDigest } from '../volume/voxel-digest';
import { worldToPane } from './pane-projection';
import type { SliceViewName } from './view-orientation';
import type { FrameRecord } from './frame-log';
import type { SlicePlaneState } from './reslicing';
import type { Viewer } from './viewer';

/** What e2e tests and automated checks may call on `window.ctViewer`; keep it stable. */
export interface ViewerAutomation {
  /** Page (CSS pixel) coordinates at which a world point (LPS mm) is drawn in a slice pane. */
  worldToPage(pane: SliceViewName, world: Vec3): [number, number];
  /** The shared crosshair point (LPS mm). */
  cursor(): Vec3;
  setCursor(world: Vec3): void;
  /** Grid and checksum of the shown volume's voxels (HU, CPU data), to compare with a build in Node. */
  volumeDigest(): VoxelDigest | null;
  /** Frames drawn after frame `afterId` (default: all kept), oldest first: panes drawn, 3D quality, GPU-finished time. */
  frames(afterId?: number): FrameRecord[];
  lastFrameId(): number;
  /** Each slice pane's plane (normal into the screen, screen up and right, origin on its slice; LPS). */
  slicePlanes(): Record<SliceViewName, SlicePlaneState>;
  /** Turns the crosshair axes by `degrees`, counter-clockwise as seen in `pane` (as an Alt-drag there does). */
  rotateAxes(pane: SliceViewName, degrees: number): void;
}

export function installAutomationHooks(viewer: Viewer): void {
  const hooks: ViewerAutomation = {
    worldToPage(pane, world) {
      const view = viewer.slicePane(pane);
      if (!view) throw new Error(`no slice pane ${pane}`);
      const [x, y] = worldToPane(view.projection(), world);
      const rect = view.clientRect();
      return [rect.left + x, rect.top + y];
    },
    cursor: () => viewer.cursor(),
    setCursor: (world) => viewer.setCursor(world),
    frames: (afterId) => viewer.frames(afterId),
    lastFrameId: () => viewer.lastFrameId(),
    slicePlanes: () => viewer.reslicing.planes(),
    rotateAxes: (pane, degrees) => viewer.reslicing.rotate(pane, (degrees * Math.PI) / 180),
    volumeDigest: () => {
      const volume = viewer.shownVolume();
      return volume ? voxelDigest(volume) : null;
    },
  };
  (window as unknown as { ctViewer: ViewerAutomation }).ctViewer = hooks;
}
