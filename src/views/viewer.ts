import '@kitware/vtk.js/Rendering/Profiles/Geometry';
import '@kitware/vtk.js/Rendering/Profiles/Volume';
import vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow';
import type vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import type { Vec3 } from '../dicom/types';
import { nextTask } from '../runtime/next-task';
import { el } from '../dom/elements';
import type { CtVolume } from '../volume/ct-volume';
import type { GpuTextureLimits } from '../volume/display-downsample';
import type { LabelMask } from '../volume/label-mask';
import { toVtkImageData } from '../volume/to-vtk-image';
import { bindCameraInteraction } from './camera-interaction';
import { FirstSlab } from './first-slab';
import { type FrameRecord, FrameLog } from './frame-log';
import { ALL_PANES, PaneFrames, SLICE_PANES } from './pane-frames';
import { GpuCompletion } from './gpu-completion';
import { GpuLimits } from './gpu-limits';
import { LabelLayer } from './label-layer';
import { type PaneName, PaneLayout } from './pane-layout';
import { RenderScheduler } from './render-scheduler';
import { STAND_IN_RANGE, standInImage, warmUpSlicePrograms } from './shader-warm-up';
import { SharedCursor } from './shared-cursor';
import { SliceView, type SliceViewHost } from './slice-view';
import { StreamedVolumeTexture } from './streamed-texture';
import type { TransferFunctionEdit, TransferFunctionSource } from './transfer-function/edits';
import { PLANES, type SliceViewName, volumeCentre } from './view-orientation';
import type { BlendName, VolumePresetName } from './volume-presets';
import { VolumeView } from './volume-view';
import { WindowLevelControl } from './window-level';
import type { WindowLevel } from './window-presets';

const CONTEXT_ATTRIBUTES: WebGLContextAttributes = {
  antialias: false,
  depth: true,
  alpha: true,
  // Panes that did not change are not drawn again: the canvas must keep their pixels between frames.
  preserveDrawingBuffer: true,
  powerPreference: 'high-performance',
};

/**
 * Four panes drawn by one vtk.js render window (one WebGL context, one shared 3D texture) with one
 * renderer per pane; DOM panes laid over the canvas carry overlays, input and test hooks.
 *
 * The façade other layers use: it takes a volume onto the GPU and hands every other job to a part of
 * its own (pane-layout, pane-frames, camera-interaction, window-level, shared-cursor, render-scheduler,
 * first-slab, gpu-limits, volume-view). Over ~300 lines only because it is the whole public surface of the views: most of
 * its methods are one-line hand-overs.
 */
export class Viewer implements SliceViewHost {
  readonly element = el('div', { className: 'viewer', 'data-testid': 'viewer' });
  private readonly volumeView: VolumeView;
  private readonly sliceViews: SliceView[];
  private readonly renderWindow = vtkRenderWindow.newInstance();
  private readonly glWindow = vtkOpenGLRenderWindow.newInstance();
  private readonly interactor = vtkRenderWindowInteractor.newInstance();
  private readonly canvasHost = el('div', { className: 'canvas-host' });
  private readonly panes: PaneLayout;
  private readonly windowLevel: WindowLevelControl;
  private readonly crosshair: SharedCursor;
  private readonly firstSlab: FirstSlab;
  private volume: CtVolume | null = null;
  private readonly gpu = new GpuCompletion(this.glWindow);
  private readonly texture = new StreamedVolumeTexture(this.glWindow);
  /** Holds the warm-up's stand-in volume (1 KB) for the viewer's life: its hidden actors keep it as input. */
  private readonly standInTexture = new StreamedVolumeTexture(this.glWindow);
  private readonly limits = new GpuLimits(this.glWindow);
  private readonly scheduler = new RenderScheduler(
    { upload: () => this.firstSlab.uploadSome(), uploading: () => this.texture.busy, draw: () => this.draw() },
    this.gpu,
  );
  /** The 3D pane draws only a complete volume. */
  private volumeReady = false;
  private readonly volumeListeners = new Set<(volume: CtVolume) => void>();
  private readonly beginListeners = new Set<(volume: CtVolume) => void>();
  private readonly labels: LabelLayer;
  private readonly frameLog = new FrameLog(this.gpu);
  private readonly paneFrames: PaneFrames;

  constructor() {
    this.panes = new PaneLayout(this.element);
    this.element.append(this.canvasHost, this.panes.grid);

    // No multisampled drawing buffer: textured slices and ray casts gain nothing from it, and it costs
    // four samples per pixel of memory and a resolve per frame. A canvas keeps the attributes of its
    // first context, so creating it here decides them for vtk.js, which asks for the same context later.
    this.glWindow.getCanvas()?.getContext('webgl2', CONTEXT_ATTRIBUTES);
    this.renderWindow.addView(this.glWindow);
    this.glWindow.setContainer(this.canvasHost);
    // Before the slice views: they share the window/level's image property, which follows the 3D pane.
    this.volumeView = new VolumeView(() => this.requestRender(false, ['3d']));
    this.windowLevel = new WindowLevelControl(this.volumeView, () => this.requestSliceRender());

    this.sliceViews = (['axial', 'coronal', 'sagittal'] as const).map(
      (name) => new SliceView(PLANES[name], this.panes.pane(name), this.windowLevel.imageProperty, this),
    );
    this.crosshair = new SharedCursor(this.sliceViews);
    const requestData = (dataOnly: boolean) => this.requestRender(dataOnly, SLICE_PANES);
    this.firstSlab = new FirstSlab(this.glWindow, this.texture, this.sliceViews, this.gpu, requestData);
    this.labels = new LabelLayer(this.sliceViews, this.volumeView.renderer);
    for (const view of [...this.sliceViews.map((v) => v.renderer), this.volumeView.renderer]) this.renderWindow.addRenderer(view);

    const camera = bindCameraInteraction(this.interactor, this.glWindow, this.element, this.volumeView, {
      request3d: () => this.requestRender(false, ['3d']),
      cameraRested: () => {
        this.paneFrames.cameraRested();
        this.requestRender(false, ['3d']);
      },
    });
    this.paneFrames = new PaneFrames({
      renderWindow: this.renderWindow,
      glWindow: this.glWindow,
      interactor: this.interactor,
      panes: this.panes,
      sliceViews: this.sliceViews,
      volumeRenderer: this.volumeView.renderer,
      markerRenderer: camera.markerRenderer,
      draft3d: () => this.volumeView.draftQuality,
      frameLog: this.frameLog,
      request3d: () => this.requestRender(false, ['3d']),
      finished3d: (ms, quality) => quality === 'interactive' && camera.adaptTo(ms),
    });
    this.panes.pane('3d').addEventListener('dblclick', () => this.toggleMaximize('3d'));
    document.addEventListener('keydown', (event) => {
      const maximized = this.panes.maximized;
      if (event.key === 'Escape' && maximized) this.toggleMaximize(maximized);
    });

    new ResizeObserver(() => this.layout()).observe(this.element);
  }

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
    this.volume = volume;
    for (const listener of this.beginListeners) listener(volume);
    const image = toVtkImageData(gpuVolume);
    this.texture.begin(image, volume.huRange);
    this.firstSlab.expect(image, gpuVolume);
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
    this.volumeView.showImage();
    this.volumeReady = true;
    this.layout();
    await this.rendered();
  }

  /** Makes `change` (outside the viewer: status, lists) right before the next frame drawn (see RenderScheduler). */
  withNextFrame(change: () => void): void {
    this.scheduler.withNextFrame(change);
  }

  /** Resolves once the GPU has finished drawing the next frame (not merely been sent it). */
  rendered(): Promise<void> {
    return this.scheduler.rendered();
  }

  get currentVolume(): CtVolume | null {
    return this.volume;
  }

  cursor(): Vec3 {
    return this.crosshair.position;
  }

  /** The volume shown (its CPU data, full resolution), or null before the first one. */
  shownVolume(): CtVolume | null {
    return this.volume;
  }

  setCursor(world: Vec3): void {
    this.crosshair.set(world);
  }

  onCursor(listener: (world: Vec3) => void): void {
    this.crosshair.onChange(listener);
  }

  /** A slice pane's mapping of world points to the page, or undefined for a name that is none. */
  slicePane(name: SliceViewName): Pick<SliceView, 'projection' | 'clientRect'> | undefined {
    return this.sliceViews.find((view) => view.name === name);
  }

  /** Shows a label mask over every view, or removes it (null). */
  setLabelMask(mask: LabelMask | null): void {
    this.labels.set(mask);
    this.requestRender();
  }

  /** Window/level is two uniforms of the shared image property: no voxel is touched. */
  setWindow(window: WindowLevel): void {
    this.windowLevel.set(window);
  }

  get window(): WindowLevel {
    return this.windowLevel.window;
  }

  onWindowChange(listener: (window: WindowLevel) => void): void {
    this.windowLevel.onChange(listener);
  }

  dragWindow(dx: number, dy: number, phase: 'start' | 'move'): void {
    this.windowLevel.drag(dx, dy, phase);
  }

  get volumePreset(): VolumePresetName {
    return this.volumeView.preset;
  }

  /** The 3D preset's transfer functions, blend mode and shading. */
  setVolumePreset(name: VolumePresetName): void {
    this.volumeView.applyPreset(name);
  }

  get blendMode(): BlendName {
    return this.volumeView.blendMode;
  }

  setBlendMode(blend: BlendName): void {
    this.volumeView.setBlendMode(blend);
  }

  get shading(): boolean {
    return this.volumeView.shade;
  }

  setShading(shade: boolean): void {
    this.volumeView.setShade(shade);
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

  toggleMaximize(pane: string): void {
    this.panes.toggleMaximize(pane);
    this.layout();
  }

  /**
   * Draws `panes` on the next frame; a `dataOnly` request (new streamed slices) may wait (see
   * RenderScheduler). A pane not asked for keeps its pixels: a slice scroll never waits for a ray cast.
   */
  requestRender(dataOnly = false, panes: readonly PaneName[] = ALL_PANES): void {
    this.paneFrames.mark(panes);
    this.scheduler.request(dataOnly);
  }

  /** The slice panes changed (scroll, cursor, window, zoom): the 3D pane does not show any of it. */
  requestSliceRender(panes: readonly SliceViewName[] = SLICE_PANES): void {
    this.paneFrames.sliceInput(panes);
    this.scheduler.request(false);
  }

  /** Frames drawn since `afterId`, for automation (see FrameLog). */
  frames(afterId = 0): FrameRecord[] {
    return this.frameLog.since(afterId);
  }

  lastFrameId(): number {
    return this.frameLog.lastId;
  }

  /** One frame of the render window: the panes whose picture changed, the 3D one once its volume is complete. */
  private draw(): void {
    // The first slab is a slice or two: the axial pane shows them, the other panes would show a line.
    // Drawing only the axial pane brings the first image on screen sooner with a software GPU.
    this.paneFrames.draw(this.firstSlab.drawing, this.volumeReady);
    this.firstSlab.frameSent();
  }

  /** Renderer viewports follow the DOM panes; the slice panes refit to their new sizes. */
  private layout(): void {
    const renderers = new Map<PaneName, vtkRenderer>();
    this.sliceViews.forEach((view) => renderers.set(view.name, view.renderer));
    renderers.set('3d', this.volumeView.renderer);
    this.panes.fit(this.glWindow, renderers);
    for (const view of this.sliceViews) {
      view.resized();
      view.fit();
      view.followCursor(this.crosshair.position, true);
    }
    this.requestRender();
  }
}
