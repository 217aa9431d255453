import '@kitware/vtk.js/Rendering/Profiles/Geometry';
import '@kitware/vtk.js/Rendering/Profiles/Volume';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkImageProperty from '@kitware/vtk.js/Rendering/Core/ImageProperty';
import vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow';
import type vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import vtkInteractorStyleTrackballCamera from '@kitware/vtk.js/Interaction/Style/InteractorStyleTrackballCamera';
import vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import type { Vec3 } from '../dicom/types';
import { nextTask } from '../runtime/next-task';
import { el } from '../dom/elements';
import type { CtVolume } from '../volume/ct-volume';
import type { GpuTextureLimits } from '../volume/display-downsample';
import { toVtkImageData, toVtkSlab } from '../volume/to-vtk-image';
import { createOrientationMarker } from './orientation-marker';
import { GpuCompletion } from './gpu-completion';
import type { LabelMask } from '../volume/label-mask';
import { LabelLayer } from './label-layer';
import { STAND_IN_RANGE, standInImage, warmUpSlicePrograms } from './shader-warm-up';
import { StreamedVolumeTexture } from './streamed-texture';
import { SliceView, type SliceViewHost } from './slice-view';
import { PLANES, type SliceViewName, volumeCentre } from './view-orientation';
import { VolumeView } from './volume-view';
import { type WindowLevel, dragWindow } from './window-presets';

export type PaneName = SliceViewName | '3d';
const PANE_ORDER: PaneName[] = ['axial', 'coronal', 'sagittal', '3d'];
const DRAFT_SETTLE_MS = 300;
const STREAMING_FRAME_MS = 500;
/** Browsers refuse single textures of 2 GiB and more (ANGLE: "allocation size is too large"). */
const MAX_TEXTURE_BYTES = 1024 ** 3;

/**
 * Four panes drawn by one vtk.js render window (one WebGL context, one shared 3D texture) with one
 * renderer per pane; DOM panes laid over the canvas carry overlays, input and test hooks.
 */
export class Viewer implements SliceViewHost {
  readonly element = el('div', { className: 'viewer', 'data-testid': 'viewer' });
  readonly volumeView: VolumeView;
  readonly sliceViews: SliceView[];
  private readonly renderWindow = vtkRenderWindow.newInstance();
  private readonly glWindow = vtkOpenGLRenderWindow.newInstance();
  private readonly interactor = vtkRenderWindowInteractor.newInstance();
  private readonly canvasHost = el('div', { className: 'canvas-host' });
  private readonly grid = el('div', { className: 'pane-grid' });
  private readonly panes = new Map<PaneName, HTMLElement>();
  private readonly imageProperty = vtkImageProperty.newInstance();
  private readonly greyscale = vtkColorTransferFunction.newInstance();
  private maximized: PaneName | null = null;
  private volume: CtVolume | null = null;
  private cursorPoint: Vec3 = [0, 0, 0];
  private windowLevel: WindowLevel = { center: 40, width: 400 };
  private dragStart: WindowLevel = this.windowLevel;
  private renderQueued = false;
  /** A frame was asked for by something other than newly streamed slices: draw it without delay. */
  private promptRender = false;
  /** Between beginVolume and finishVolume: slices are still arriving. */
  private streaming = false;
  private laterTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRender = 0;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly gpu = new GpuCompletion(this.glWindow);
  private readonly texture = new StreamedVolumeTexture(this.glWindow);
  /** The first slices' own small texture (see slicesLoaded), filled the same way as the volume's. */
  private readonly slabTexture = new StreamedVolumeTexture(this.glWindow);
  /** Holds the warm-up's stand-in volume (1 KB) for the viewer's life: its hidden actors keep it as input. */
  private readonly standInTexture = new StreamedVolumeTexture(this.glWindow);
  /** The 3D pane draws only a complete volume. */
  private volumeReady = false;
  private afterRender: Array<() => void> = [];
  /** Changes of the page waiting to share the next drawn frame, see `withNextFrame`. */
  private frameChanges: Array<() => void> = [];
  private readonly windowListeners = new Set<(window: WindowLevel) => void>();
  private readonly volumeListeners = new Set<(volume: CtVolume) => void>();
  private readonly beginListeners = new Set<(volume: CtVolume) => void>();
  private readonly cursorListeners = new Set<(world: Vec3) => void>();
  private readonly labels: LabelLayer;
  private limits: GpuTextureLimits | null = null;
  /** The streamed volume's image, and its GPU-sized copy (see beginVolume). */
  private fullImage: vtkImageData | null = null;
  private gpuVolume: CtVolume | null = null;
  /**
   * First slices of a streamed volume drawn from a small texture of their own: 'waiting' for them,
   * 'drawing' until a frame has shown them, 'drawn' until the full texture has them too.
   */
  /**
   * The first slab's way to the screen: waiting for it, drawing it from its own texture, settling
   * (its frame sent, not yet executed by the GPU), drawn (the volume texture may take over).
   */
  private slab: 'none' | 'waiting' | 'drawing' | 'settling' | 'drawn' = 'none';

  constructor() {
    for (const name of PANE_ORDER) {
      const pane = el('div', { className: `pane pane-${name}`, 'data-testid': `view-${name}`, 'data-pane': name });
      this.panes.set(name, pane);
      this.grid.append(pane);
    }
    this.element.append(this.canvasHost, this.grid);

    // No multisampled drawing buffer: textured slices and ray casts gain nothing from it, and it costs
    // four samples per pixel of memory and a resolve per frame. A canvas keeps the attributes of its
    // first context, so creating it here decides them for vtk.js, which asks for the same context later.
    this.glWindow.getCanvas()?.getContext('webgl2', { antialias: false, depth: true, alpha: true, preserveDrawingBuffer: false, powerPreference: 'high-performance' });
    this.renderWindow.addView(this.glWindow);
    this.glWindow.setContainer(this.canvasHost);
    this.imageProperty.setInterpolationTypeToLinear();
    this.imageProperty.setRGBTransferFunction(0, this.greyscale);
    this.imageProperty.setUseLookupTableScalarRange(false);
    this.setGreyscale(false);

    this.sliceViews = (['axial', 'coronal', 'sagittal'] as const).map(
      (name) => new SliceView(PLANES[name], this.panes.get(name)!, this.imageProperty, this),
    );
    this.volumeView = new VolumeView(() => this.requestRender());
    this.labels = new LabelLayer(this.sliceViews, this.volumeView.renderer);
    for (const view of [...this.sliceViews.map((v) => v.renderer), this.volumeView.renderer]) this.renderWindow.addRenderer(view);

    this.interactor.setView(this.glWindow);
    this.interactor.initialize();
    this.interactor.bindEvents(this.element);
    this.interactor.setInteractorStyle(vtkInteractorStyleTrackballCamera.newInstance());
    createOrientationMarker(this.interactor, this.volumeView.renderer);
    this.panes.get('3d')!.addEventListener('dblclick', () => this.toggleMaximize('3d'));
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.maximized) this.toggleMaximize(this.maximized);
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
    this.fullImage = image;
    this.gpuVolume = gpuVolume;
    this.slab = 'waiting';
    this.streaming = true;
    this.setGreyscale(volume.photometricInterpretation === 'MONOCHROME1');
    for (const view of this.sliceViews) view.setImage(image, volume);
    this.volumeView.setImage(image, volume);
    this.volumeReady = false;
    this.cursorPoint = volumeCentre(volume);
    this.setWindow({ center: volume.windowCenter, width: volume.windowWidth });
    this.layout();
    this.setCursor(this.cursorPoint);
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
    await warmUpSlicePrograms(this.sliceViews, image, () => this.rendered());
    this.gpuLimits();
    this.requestRender();
  }

  /** What the GPU can hold; larger volumes are handed over reduced (see display-downsample.ts). */
  gpuLimits(): GpuTextureLimits {
    if (this.limits) return this.limits;
    const gl = (this.glWindow as unknown as { getContext(): WebGL2RenderingContext | null }).getContext();
    // int16 HU take 2 bytes on the GPU (norm16, else half floats: see StreamedVolumeTexture).
    const limits = { bytesPerVoxel: 2, max3dSize: 2048, maxBytes: MAX_TEXTURE_BYTES };
    // No context yet (nothing drawn so far): assume the common 3D size limit; ask again next time.
    if (!gl) return limits;
    this.limits = { ...limits, max3dSize: gl.getParameter(gl.MAX_3D_TEXTURE_SIZE) as number };
    return this.limits;
  }

  /**
   * Slices [start, start + count) of the current volume now hold their final voxels.
   *
   * The first few slices of a streamed volume are drawn from a texture of their own, because the
   * GPU clears a new volume texture on its first use (WebGL never shows stale memory): about 2.5 ms
   * per MB with SwiftShader, 170 ms for 512×512×140. The volume texture is filled only after the
   * frame with those slices, so that clear runs while the readers work, not before the first image.
   */
  slicesLoaded(start: number, count: number): void {
    if (this.slab === 'waiting' && this.gpuVolume && count * 4 <= this.gpuVolume.dimensions[2]) {
      const slab = toVtkSlab(this.gpuVolume, start, count);
      this.slabTexture.begin(slab, this.gpuVolume.huRange);
      this.slabTexture.upload(0, count);
      for (const view of this.sliceViews) view.drawImage(slab);
      this.slab = 'drawing';
    } else if (this.slab === 'waiting') this.slab = 'none';
    this.texture.upload(start, count);
    this.requestRender(true);
  }

  /** Resolves once every slice handed over so far is drawn (the first ones possibly from their slab). */
  slicesShown(): Promise<void> {
    if (this.slab === 'drawing') return this.rendered();
    return this.texture.whenIdle().then(() => this.rendered());
  }

  /** All voxels have landed: upload what is left and draw the slice panes with them. */
  async finishVolume(): Promise<void> {
    // Still streaming while the last slabs go up, so that those frames upload without drawing.
    await this.texture.whenIdle();
    this.streaming = false;
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

  /**
   * Makes `change` (a change of the page outside the viewer: status, lists) right before the next
   * frame the viewer draws, at most STREAMING_FRAME_MS away while a volume streams in. With a software
   * GPU each frame of the page reads the WebGL canvas back (40–60 ms of CPU, measured); a change that
   * shares a frame the viewer draws anyway costs none of that.
   */
  withNextFrame(change: () => void): void {
    this.frameChanges.push(change);
    this.requestRender(true);
  }

  /** Resolves once the GPU has finished drawing the next frame (not merely been sent it). */
  rendered(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.afterRender.push(resolve);
      this.requestRender();
    }).then(() => this.gpu.finished());
  }

  get currentVolume(): CtVolume | null {
    return this.volume;
  }

  cursor(): Vec3 {
    return this.cursorPoint;
  }

  /** The volume shown (its CPU data, full resolution), or null before the first one. */
  shownVolume(): CtVolume | null {
    return this.volume;
  }

  setCursor(world: Vec3): void {
    this.cursorPoint = world;
    for (const view of this.sliceViews) view.followCursor(world);
    for (const listener of this.cursorListeners) listener(world);
    this.requestRender();
  }

  onCursor(listener: (world: Vec3) => void): void {
    this.cursorListeners.add(listener);
  }

  /** Shows a label mask over every view, or removes it (null). */
  setLabelMask(mask: LabelMask | null): void {
    this.labels.set(mask);
    this.requestRender();
  }

  /** Window/level is two uniforms of the shared image property: no voxel is touched. */
  setWindow(window: WindowLevel): void {
    this.windowLevel = { center: window.center, width: Math.max(1, window.width) };
    this.imageProperty.setColorWindow(this.windowLevel.width);
    this.imageProperty.setColorLevel(this.windowLevel.center);
    this.volumeView.setWindow(this.windowLevel);
    for (const listener of this.windowListeners) listener(this.windowLevel);
    if (this.volumeView.blendMode === 'composite') this.draft3dWhileChanging();
    this.requestRender();
  }

  /** Composite 3D does not depend on the window: redraw it coarsely while the window moves, finely after. */
  private draft3dWhileChanging(): void {
    this.volumeView.setDraftQuality(true);
    clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => {
      this.volumeView.setDraftQuality(false);
      this.requestRender();
    }, DRAFT_SETTLE_MS);
  }

  get window(): WindowLevel {
    return this.windowLevel;
  }

  onWindowChange(listener: (window: WindowLevel) => void): void {
    this.windowListeners.add(listener);
  }

  dragWindow(dx: number, dy: number, phase: 'start' | 'move'): void {
    if (phase === 'start') this.dragStart = this.windowLevel;
    this.setWindow(dragWindow(this.dragStart, dx, dy));
  }

  toggleMaximize(pane: string): void {
    this.maximized = this.maximized === pane ? null : (pane as PaneName);
    this.element.classList.toggle('maximized', this.maximized !== null);
    for (const [name, element] of this.panes) element.classList.toggle('is-maximized', name === this.maximized);
    this.layout();
  }

  /**
   * Draws on the next frame. A `dataOnly` request (new slices of a streaming volume) may wait up to
   * STREAMING_FRAME_MS after the last frame; anything else (user input, layout, a caller waiting on
   * `rendered`) draws on the next frame.
   */
  requestRender(dataOnly = false): void {
    if (!dataOnly) this.promptRender = true;
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => this.frame());
  }

  private frame(): void {
    this.renderQueued = false;
    if (this.slab === 'drawing') this.slabTexture.uploadSome();
    else if (this.slab !== 'settling') this.texture.uploadSome();
    if (this.slab === 'drawn' && this.fullImage) {
      // The slab's slices went to the volume texture before anything else: draw from it now.
      for (const view of this.sliceViews) view.drawImage(this.fullImage);
      this.slabTexture.release();
      this.slab = 'none';
    }
    // While a volume streams in, drawing per chunk would take the CPU the readers need (SwiftShader
    // draws on the CPU, and each frame of the canvas is read back for compositing): new slices are
    // drawn a few times a second; uploads still go on every frame.
    const sinceLast = performance.now() - this.lastRender;
    if (this.streaming && !this.promptRender && this.afterRender.length === 0 && sinceLast < STREAMING_FRAME_MS) {
      if (this.texture.busy) this.requestRender(true);
      else this.renderLater(STREAMING_FRAME_MS - sinceLast);
      return;
    }
    this.promptRender = false;
    const changes = this.frameChanges;
    this.frameChanges = [];
    for (const change of changes) change();
    clearTimeout(this.laterTimer);
    this.laterTimer = undefined;
    this.lastRender = performance.now();
    this.volumeView.renderer.setDraw(this.volumeReady && (this.maximized === null || this.maximized === '3d'));
    // The first slab is a slice or two: the axial pane shows them, the other panes would show a line.
    // Drawing only the axial pane brings the first image on screen ~10 ms sooner with SwiftShader.
    const axialOnly = this.slab === 'drawing';
    if (axialOnly) for (const view of this.sliceViews) if (view.name !== 'axial') view.renderer.setDraw(false);
    this.renderWindow.render();
    if (axialOnly) for (const view of this.sliceViews) view.renderer.setDraw(this.maximized === null || this.maximized === view.name);
    if (this.slab === 'drawing') {
      // The volume texture is allocated (and cleared by the GPU: 0.2 s for 512×512×140, 0.75 s for
      // 256×256×2000 with SwiftShader) only once this frame is executed: sent right behind it, the
      // clear could run before the compositor's read-back of the frame and hold the first image back.
      this.slab = 'settling';
      void this.gpu.finished().then(() => {
        if (this.slab !== 'settling') return;
        this.slab = 'drawn';
        this.requestRender(true);
      });
    }
    const waiting = this.afterRender;
    this.afterRender = [];
    for (const resolve of waiting) resolve();
    if (this.texture.busy) this.requestRender(true);
  }

  private renderLater(delayMs: number): void {
    if (this.laterTimer !== undefined) return;
    this.laterTimer = setTimeout(() => {
      this.laterTimer = undefined;
      this.requestRender(true);
    }, delayMs);
  }

  /** Renderer viewports follow the DOM panes, so CSS decides the layout. */
  private layout(): void {
    const bounds = this.element.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    this.glWindow.setSize(Math.max(1, Math.round(bounds.width * ratio)), Math.max(1, Math.round(bounds.height * ratio)));
    const renderers = new Map<PaneName, vtkRenderer>();
    this.sliceViews.forEach((view) => renderers.set(view.name, view.renderer));
    renderers.set('3d', this.volumeView.renderer);
    for (const [name, pane] of this.panes) {
      const renderer = renderers.get(name)!;
      const visible = this.maximized === null || this.maximized === name;
      renderer.setDraw(visible);
      if (!visible || bounds.width === 0 || bounds.height === 0) continue;
      const rect = pane.getBoundingClientRect();
      renderer.setViewport(
        (rect.left - bounds.left) / bounds.width,
        (bounds.bottom - rect.bottom) / bounds.height,
        (rect.right - bounds.left) / bounds.width,
        (bounds.bottom - rect.top) / bounds.height,
      );
    }
    for (const view of this.sliceViews) {
      view.resized();
      view.fit();
      view.followCursor(this.cursorPoint);
    }
    this.requestRender();
  }

  /** MONOCHROME1 means low values are white: the same window, an inverted grey ramp. */
  private setGreyscale(inverted: boolean): void {
    this.greyscale.removeAllPoints();
    this.greyscale.addRGBPoint(0, inverted ? 1 : 0, inverted ? 1 : 0, inverted ? 1 : 0);
    this.greyscale.addRGBPoint(1, inverted ? 0 : 1, inverted ? 0 : 1, inverted ? 0 : 1);
  }
}
