import type { HeaderTree } from '../../dicom/header-tree';
import { sourceKey } from '../../dicom/frame-headers';
import { sliceThroughPoint } from '../../dicom/slice-through-point';
import type { SliceHeader, Vec3 } from '../../dicom/types';
import type { CtVolume } from '../../volume/ct-volume';
import type { Images2d } from '../../volume/image-2d-series';
import { PLANES, sliceIndexAt, slicePosition, sliceRange } from '../../views/view-orientation';
import { type PointerViews, watchPointerPoint } from './pointer-point';
import { TagInspectorPanel } from './tag-inspector';

/** Where the headers come from (an IngestClient): the loaded series' slices, each file's header read in a worker. */
export interface HeaderTreeSource {
  seriesSlices(seriesId: string): readonly SliceHeader[];
  images2d(seriesId: string): Images2d;
  headerTree(slice: SliceHeader): Promise<HeaderTree>;
}

/** The views as the inspector follows them (a Viewer): the crosshair, the pointer, which volume is shown. */
export interface TagInspectorViewer extends PointerViews {
  cursor(): Vec3;
  onCursor(listener: (world: Vec3) => void): void;
  onBegin(listener: (volume: CtVolume) => void): void;
}

/** Scrolling fires the cursor at every slice: the header is read once the slice rests this long. */
const SETTLE_MS = 150;
/** Headers kept for scrolling back and forth; each is a few hundred strings. */
const KEPT_TREES = 16;

/**
 * The header inspector: shows the header of the file of the slice through the crosshair point of the
 * volume shown (the axial pane's slice as it scrolls; in a tilted or resampled volume, the source slice
 * that point lies in), or of the image shown in 2D. While the panel is folded nothing is read.
 */
export class TagInspector {
  private readonly panel = new TagInspectorPanel(
    () => this.update(),
    () => this.schedule(),
  );
  /** The world point last under the pointer in a slice pane, for the "slice under the pointer" mode. */
  private pointer: Vec3 | null = null;
  private target: { kind: 'volume'; volume: CtVolume } | { kind: '2d'; header: SliceHeader; where: string } | null = null;
  private viewer: TagInspectorViewer | null = null;
  private readonly kept = new Map<string, HeaderTree>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private request = 0;

  constructor(private readonly source: HeaderTreeSource) {}

  get element(): HTMLElement {
    return this.panel.element;
  }

  /** Follows the volume the viewer shows and its crosshair. */
  follow(viewer: TagInspectorViewer): void {
    this.viewer = viewer;
    viewer.onBegin((volume) => {
      this.target = { kind: 'volume', volume };
      this.kept.clear();
      this.schedule();
    });
    viewer.onCursor(() => {
      if (this.target?.kind === 'volume' && !this.panel.followsPointer) this.schedule();
    });
    watchPointerPoint(viewer, (world) => {
      this.pointer = world;
      if (this.target?.kind === 'volume' && this.panel.followsPointer) this.schedule();
    });
  }

  /** An image of a series that is not a volume is shown in 2D (its file's key, as the index has it). */
  image2dShown(seriesId: string, file: string): void {
    const { images } = this.source.images2d(seriesId);
    const index = images.findIndex((image) => image.file === file);
    if (index < 0) return;
    this.target = { kind: '2d', header: images[index]!, where: `image ${index + 1} of ${images.length}` };
    this.schedule();
  }

  private schedule(): void {
    if (!this.panel.open) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.update();
    }, SETTLE_MS);
  }

  private async update(): Promise<void> {
    const chosen = this.chosenSlice();
    if (typeof chosen === 'string') return this.panel.message('empty', chosen);
    const { slice, where } = chosen;
    const label = `${sourceKey(slice)} — ${where}`;
    const key = sourceKey(slice);
    const request = ++this.request;
    const kept = this.kept.get(key);
    if (kept) return this.panel.show(kept, label);
    this.panel.loading(label);
    try {
      const tree = await this.source.headerTree(slice);
      this.keep(key, tree);
      if (request === this.request) this.panel.show(tree, label);
    } catch (error) {
      if (request === this.request) this.panel.message('error', error instanceof Error ? error.message : String(error));
    }
  }

  private chosenSlice(): { slice: SliceHeader; where: string } | string {
    const target = this.target;
    if (!target) return 'No slice is shown yet.';
    if (target.kind === '2d') return { slice: target.header, where: target.where };
    const slices = this.source.seriesSlices(target.volume.seriesId);
    const slice = this.viewer && sliceThroughPoint(slices, this.volumePoint(target.volume, this.viewer));
    if (!slice) return 'The volume shown has no source slices to read a header from.';
    const at = slices.indexOf(slice);
    const frame = slice.frame ? `, frame ${slice.frame.index + 1} of ${slice.frame.count}` : '';
    return { slice, where: `slice ${at + 1} of ${slices.length}${frame}` };
  }

  /** The pointer's point in "under the pointer" mode (once it has been over a slice pane), else the axial pane's. */
  private volumePoint(volume: CtVolume, viewer: TagInspectorViewer): Vec3 {
    if (this.panel.followsPointer && this.pointer) return this.pointer;
    return axialSlicePoint(volume, viewer.cursor());
  }

  private keep(key: string, tree: HeaderTree): void {
    this.kept.delete(key);
    this.kept.set(key, tree);
    while (this.kept.size > KEPT_TREES) this.kept.delete(this.kept.keys().next().value!);
  }
}

/**
 * The crosshair point moved onto the plane the axial pane shows (it shows the slice nearest the
 * crosshair): between two slices, the inspector shows the one on screen, not merely the nearer file.
 */
function axialSlicePoint(volume: CtVolume, cursor: Vec3): Vec3 {
  const { axis } = PLANES.axial;
  const range = sliceRange(volume, axis);
  const point: Vec3 = [...cursor];
  point[axis] = slicePosition(range, sliceIndexAt(range, cursor[axis]));
  return point;
}
