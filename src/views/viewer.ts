import { nextTask } from '../runtime/next-task';
import type { CtVolume } from '../volume/ct-volume';
import type { GpuTextureLimits } from '../volume/display-downsample';
import type { Image2d } from '../volume/image-2d';
import type { LabelMask } from '../volume/label-mask';
import { toVtkImageData } from '../volume/to-vtk-image';
import type { Image2dPosition } from './image-2d-mode';
import { SLICE_PANES } from './pane-frames';
import type { PaneName } from './pane-layout';
import { STAND_IN_RANGE, standInImage, warmUpSlicePrograms } from './shader-warm-up';
import type { SliceView } from './slice-view';
import type { TransferFunctionEdit, TransferFunctionSource } from './transfer-function/edits';
import { type SliceViewName, volumeCentre } from './view-orientation';
import { ViewerCanvas } from './viewer-canvas';
import type { CameraView } from './volume-view';
import type { BlendName, VolumePresetName } from './volume-presets';
import type { WindowLevel } from './window-presets';

/**
 * Four panes drawn by one vtk.js render window (one WebGL context, one shared 3D texture) with one
 * renderer per pane; DOM panes laid over the canvas carry overlays, input and test hooks.
 *
 * The façade other layers use: it takes a volume onto the GPU and hands every other job to a part of
 * its own (pane-layout, pane-frames, camera-interaction, window-level, shared-cursor, render-scheduler,
 * first-slab, gpu-limits, volume-view). Its base ViewerCanvas (viewer-canvas.ts) builds and wires those
 * parts, takes the panes' input and draws the frames; here is what is shown: a volume as it streams in,
 * a 2D image, a label mask, the 3D look.
 */
export class Viewer extends ViewerCanvas {
  private volume: CtVolume | null = null;
  private readonly volumeListeners = new Set<(volume: CtVolume) => void>();
  private readonly beginListeners = new Set<(volume: CtVolume) => void>();
  /** Told when the 3D preset, blend or shading changes (the controls and the view state follow). */
  private readonly lookListeners = new Set<() => void>();

  /** Shows a complete volume; resolves once every pane has drawn all of it. */
  async show(volume: CtVolume): Promise<void> {
    this.beginVolume(volume);
    this.slicesLoaded(0, volume.dimensions[2]);
    await this.finishVolume();
    await this.showVolume3d();
  }

  /**
   * Starts showing a volume whose voxels may still be arriving: its texture is allocated empty and
   * filled by `slicesLoaded`. The 3D pane waits for the whole volume (a partial ray cast is
   * misleading and costly); the slice panes show each slab as it lands.
   */
  beginVolume(volume: CtVolume, gpuVolume: CtVolume = volume): void {
    this.image2d.leave();
    this.volume = volume;
    this.measurements.setVolume(volume);
    for (const listener of this.beginListeners) listener(volume);
    const image = toVtkImageData(gpuVolume);
    this.texture.begin(image, volume.huRange);
    this.firstSlab.expect(image, gpuVolume);
    // A new volume opens on axis-aligned planes (its slab, a reading choice, stays).
    this.reslicing.resetAxes();
    this.scheduler.setStreaming(true);
    this.windowLevel.setInverted(volume.photometricInterpretation === 'MONOCHROME1');
    for (const view of this.sliceViews) view.setImage(image, volume);
    this.volumeView.setImage(image, volume);
    this.volumeReady = false;
    this.crosshair.place(volumeCentre(volume));
    this.setWindow({ center: volume.windowCenter, width: volume.windowWidth });
    this.layout();
    this.setCursor(this.crosshair.position);
  }

  /** The DICOM default window of what is shown: the 2D image's, else the volume's (null: none). */
  defaultWindow(): WindowLevel | null {
    if (this.image2d.active) return this.image2d.defaultWindow;
    return this.volume ? { center: this.volume.windowCenter, width: this.volume.windowWidth } : null;
  }

  /**
   * Shows one image of a series that is not a volume, alone in the 2D pane, the 3D pane saying `why`
   * it is empty (no volume is shown meanwhile); the next volume brings the four panes back.
   */
  showImage2d(image: Image2d, position: Image2dPosition, why: string): void {
    if (!this.image2d.show(image, position, why)) return;
    this.volume = null;
    this.measurements.setVolume(null);
    this.volumeReady = false;
    this.scheduler.setStreaming(false);
    this.layout();
  }

  /** Called with the index of the image the user asks for in the 2D pane (wheel, keys, slider). */
  onImage2dStep(listener: (index: number) => void): void {
    this.image2d.onStep(listener);
  }

  /** Called when a volume starts to be shown, before its voxels are all in. */
  onBegin(listener: (volume: CtVolume) => void): void {
    this.beginListeners.add(listener);
  }

  /** Called once a volume is complete (its histogram and range are final). */
  onVolume(listener: (volume: CtVolume) => void): void {
    this.volumeListeners.add(listener);
  }

  /**
   * Prepares the GPU side before the first volume: compiles the views' programs and reads the
   * texture limits (each a blocking round trip to the GPU process, too slow for the middle of a load).
   */
  async warmUp(): Promise<void> {
    // The stand-in's texture takes the volume's own path (half floats, not vtk.js's 32-bit floats), so
    // the first slice meets a GPU that has already sampled that format (SwiftShader builds its
    // sampling code per texture format).
    await this.rendered();
    const image = standInImage();
    this.standInTexture.begin(image, STAND_IN_RANGE);
    this.standInTexture.upload(0, image.getDimensions()[2]!);
    this.standInTexture.uploadSome();
    await warmUpSlicePrograms(this.sliceViews, image, () => {
      this.requestSliceRender();
      return this.rendered();
    });
    this.gpuLimits();
    this.requestRender();
  }

  /** What the GPU can hold; larger volumes are handed over reduced (see display-downsample.ts). */
  gpuLimits(): GpuTextureLimits {
    return this.limits.read();
  }

  /** Slices [start, start + count) of the current volume now hold their final voxels (see FirstSlab). */
  slicesLoaded(start: number, count: number): void {
    this.firstSlab.slicesLoaded(start, count);
    this.texture.upload(start, count);
    this.requestRender(true, SLICE_PANES);
  }

  /** Resolves once every slice handed over so far is drawn (the first ones possibly from their slab). */
  slicesShown(): Promise<void> {
    if (this.firstSlab.drawing) return this.rendered();
    return this.texture.whenIdle().then(() => this.rendered());
  }

  /** All voxels have landed: upload what is left and draw the slice panes with them. */
  async finishVolume(): Promise<void> {
    // Still streaming while the last slabs go up, so that those frames upload without drawing.
    await this.texture.whenIdle();
    this.scheduler.setStreaming(false);
    await this.rendered();
  }

  /** Lets the 3D pane draw the (complete) volume; resolves once that frame is on screen. */
  async showVolume3d(): Promise<void> {
    // Listeners (histogram, facts panel) run in a task of their own, not in the one that completes the load.
    await nextTask();
    if (this.volume) for (const listener of this.volumeListeners) listener(this.volume);
    this.measurements.volumeComplete();
    this.volumeView.showImage();
    this.volumeReady = true;
    // The first 3D image is coarse and soon; the full-quality one follows as after a camera move.
    const endPreview = this.camera.beginPreview();
    this.layout();
    try {
      await this.rendered();
    } finally {
      endPreview();
    }
  }

  get currentVolume(): CtVolume | null {
    return this.volume;
  }

  /** The volume shown (its CPU data, full resolution), or null before the first one. */
  shownVolume(): CtVolume | null {
    return this.volume;
  }

  /** A slice pane's mapping of world points to the page, or undefined for a name that is none. */
  slicePane(name: SliceViewName): Pick<SliceView, 'projection' | 'clientRect'> | undefined {
    return this.sliceViews.find((view) => view.name === name);
  }

  private shownMask: LabelMask | null = null;

  /** The label mask shown over the views (for export), or null. */
  get labelMask(): LabelMask | null {
    return this.shownMask;
  }

  /** Shows a label mask over every view, or removes it (null). */
  setLabelMask(mask: LabelMask | null): void {
    this.shownMask = mask;
    this.labels.set(mask);
    this.requestRender();
  }

  get volumePreset(): VolumePresetName {
    return this.volumeView.preset;
  }

  /** The 3D preset's transfer functions, blend mode and shading. */
  setVolumePreset(name: VolumePresetName): void {
    this.volumeView.applyPreset(name);
    this.lookChanged();
  }

  get blendMode(): BlendName {
    return this.volumeView.blendMode;
  }

  setBlendMode(blend: BlendName): void {
    this.volumeView.setBlendMode(blend);
    this.lookChanged();
  }

  get shading(): boolean {
    return this.volumeView.shade;
  }

  setShading(shade: boolean): void {
    this.volumeView.setShade(shade);
    this.lookChanged();
  }

  onVolumeLook(listener: () => void): void {
    this.lookListeners.add(listener);
  }

  private lookChanged(): void {
    for (const listener of this.lookListeners) listener();
  }

  /** The 3D camera (position, focal point, view up), for a shared view state. */
  volumeCamera(): CameraView {
    return this.volumeView.cameraView();
  }

  /** Puts the 3D camera back; set before a volume's first 3D frame, that volume is not reframed. */
  setVolumeCamera(view: CameraView): void {
    this.volumeView.setCameraView(view);
  }

  /** Called whenever the 3D camera changes (drags included: listeners should debounce). */
  onVolumeCamera(listener: () => void): void {
    this.volumeView.renderer.getActiveCamera().onModified(listener);
  }

  /** The slice a slice pane shows (its `data-slice-index`) and how many it has. */
  sliceIndex(pane: SliceViewName): number {
    return Number(this.panes.pane(pane).dataset.sliceIndex ?? 0);
  }

  sliceCount(pane: SliceViewName): number {
    return this.sliceViews.find((view) => view.name === pane)!.sliceCount();
  }

  /** Shows slice `index` in `pane` (the shared cursor moves along that pane's axis only). */
  scrollSliceTo(pane: SliceViewName, index: number): void {
    this.sliceViews.find((view) => view.name === pane)!.scrollTo(index);
  }

  /** A pane's element (its input and test hooks), and whether it is on screen and drawn now. */
  paneElement(pane: PaneName): HTMLElement {
    return this.panes.pane(pane);
  }

  paneShown(pane: PaneName): boolean {
    return this.panes.shows(pane);
  }

  /** The 3D camera back to its anterior view of the whole volume. */
  resetVolumeCamera(): void {
    this.volumeView.resetCamera();
  }

  /** The 3D pane's transfer functions, for the editor to read and follow (it reports edits instead). */
  transferFunctions(): TransferFunctionSource {
    return this.volumeView;
  }

  /** Applies an edit of the transfer-function editor to the 3D pane. */
  editTransferFunctions(edit: TransferFunctionEdit): void {
    this.volumeView.applyTransferFunctionEdit(edit);
  }
}
