import '@kitware/vtk.js/Rendering/Profiles/Geometry';
import '@kitware/vtk.js/Rendering/Profiles/Volume';
import vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow';
import type vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import type { Vec3 } from '../dicom/types';
import { el } from '../dom/elements';
import { bindCameraInteraction } from './camera-interaction';
import { FirstSlab } from './first-slab';
import { type FrameRecord, FrameLog } from './frame-log';
import { ALL_PANES, PaneFrames, SLICE_PANES } from './pane-frames';
import { GpuCompletion } from './gpu-completion';
import { GpuLimits } from './gpu-limits';
import { Image2dMode } from './image-2d-mode';
import { LabelLayer } from './label-layer';
import { MeasurementPanes } from './measurements/measurement-panes';
import type { LayoutName } from './layouts';
import { type PaneName, PaneLayout } from './pane-layout';
import type { PanePress } from './pane-pointer';
import { RenderScheduler } from './render-scheduler';
import { Reslicing } from './reslicing';
import { SharedCursor } from './shared-cursor';
import { SliceView, type SliceViewHost } from './slice-view';
import { StreamedVolumeTexture } from './streamed-texture';
import { PLANES, type SliceViewName } from './view-orientation';
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
 * The Viewer's canvas side, its base class: builds the one render window (one WebGL context, one shared
 * 3D texture) with a renderer per pane and wires the parts together; takes the panes' input (cursor,
 * window/level drags, maximising); and draws frames, each only the panes whose picture changed. What is
 * shown on it (volumes streaming in, 2D images, the 3D look) is the Viewer's (viewer.ts).
 */
export abstract class ViewerCanvas implements SliceViewHost {
  readonly element = el('div', { className: 'viewer', 'data-testid': 'viewer' });
  protected readonly volumeView: VolumeView;
  protected readonly sliceViews: SliceView[];
  private readonly renderWindow = vtkRenderWindow.newInstance();
  private readonly glWindow = vtkOpenGLRenderWindow.newInstance();
  private readonly interactor = vtkRenderWindowInteractor.newInstance();
  private readonly canvasHost = el('div', { className: 'canvas-host' });
  protected readonly panes: PaneLayout;
  protected readonly windowLevel: WindowLevelControl;
  protected readonly crosshair: SharedCursor;
  /** The slice planes' slab and oblique rotation (reslicing.ts): the ui's commands for both. */
  readonly reslicing: Reslicing;
  /** Measurements in the slice panes (measurements/): their store, the active tool, the annotation layers. */
  readonly measurements: MeasurementPanes;
  protected readonly firstSlab: FirstSlab;
  private readonly gpu = new GpuCompletion(this.glWindow);
  protected readonly texture = new StreamedVolumeTexture(this.glWindow);
  /** Holds the warm-up's stand-in volume (1 KB) for the viewer's life: its hidden actors keep it as input. */
  protected readonly standInTexture = new StreamedVolumeTexture(this.glWindow);
  protected readonly limits = new GpuLimits(this.glWindow);
  protected readonly scheduler = new RenderScheduler(
    { upload: () => this.firstSlab.uploadSome(), uploading: () => this.texture.busy, draw: () => this.draw() },
    this.gpu,
  );
  /** The 3D pane draws only a complete volume. */
  protected volumeReady = false;
  protected readonly labels: LabelLayer;
  private readonly frameLog = new FrameLog(this.gpu);
  private readonly paneFrames: PaneFrames;
  protected readonly camera: ReturnType<typeof bindCameraInteraction>;
  protected readonly image2d: Image2dMode;
  private readonly layoutListeners = new Set<(layout: LayoutName) => void>();

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
    this.windowLevel = new WindowLevelControl(this.volumeView, (first) =>
      first ? this.requestSliceRenderFirst(first) : this.requestSliceRender(),
    );

    this.sliceViews = (['axial', 'coronal', 'sagittal'] as const).map(
      (name) => new SliceView(PLANES[name], this.panes.pane(name), this.windowLevel.imageProperty, this),
    );
    this.crosshair = new SharedCursor(this.sliceViews);
    this.measurements = new MeasurementPanes(
      this.sliceViews.map((view) => ({
        name: view.name,
        element: this.panes.pane(view.name),
        projection: () => view.projection(),
      })),
    );
    this.reslicing = new Reslicing(this.sliceViews, this.crosshair, (name) => this.panes.pane(name));
    const requestData = (dataOnly: boolean) => this.requestRender(dataOnly, SLICE_PANES);
    this.firstSlab = new FirstSlab(this.glWindow, this.texture, this.sliceViews, this.gpu, requestData);
    this.labels = new LabelLayer(this.sliceViews, this.volumeView.renderer);
    this.image2d = new Image2dMode(this.panes, this.windowLevel.imageProperty, {
      dragWindow: (dx, dy, phase) => this.dragWindow(dx, dy, phase),
      setWindow: (window) => this.setWindow(window),
      setInverted: (inverted) => this.windowLevel.setInverted(inverted),
      requestImageRender: () => this.requestRender(false, ['image2d']),
      toggleMaximize: (pane) => this.toggleMaximize(pane),
    });
    const renderers = [...this.sliceViews.map((v) => v.renderer), this.volumeView.renderer, this.image2d.view.renderer];
    for (const view of renderers) this.renderWindow.addRenderer(view);

    const camera = (this.camera = bindCameraInteraction(this.interactor, this.glWindow, this.element, this.volumeView, {
      request3d: () => this.requestRender(false, ['3d']),
      cameraRested: () => {
        this.paneFrames.cameraRested();
        this.requestRender(false, ['3d']);
      },
    }));
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
      requestFrame: () => this.scheduler.request(false),
      finished3d: (ms, quality) => quality === 'interactive' && camera.adaptTo(ms),
    });
    this.panes.pane('3d').addEventListener('dblclick', () => this.toggleMaximize('3d'));
    document.addEventListener('keydown', (event) => {
      const maximized = this.panes.maximized;
      if (event.key === 'Escape' && maximized) this.toggleMaximize(maximized);
    });

    new ResizeObserver(() => this.layout()).observe(this.element);
  }

  /** Makes `change` (outside the viewer: status, lists) right before the next frame drawn (see RenderScheduler). */
  withNextFrame(change: () => void): void {
    this.scheduler.withNextFrame(change);
  }

  /** Resolves once the GPU has finished drawing the next frame (not merely been sent it). */
  rendered(): Promise<void> {
    return this.scheduler.rendered();
  }

  cursor(): Vec3 {
    return this.crosshair.position;
  }

  setCursor(world: Vec3): void {
    this.crosshair.set(world);
  }

  onCursor(listener: (world: Vec3) => void): void {
    this.crosshair.onChange(listener);
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

  dragWindow(dx: number, dy: number, phase: 'start' | 'move', from?: SliceViewName): void {
    this.windowLevel.drag(dx, dy, phase, from);
  }

  toggleMaximize(pane: string): void {
    this.panes.toggleMaximize(pane);
    this.layout();
  }

  /** Shows the panes of a volume layout (layouts.ts); the hidden ones are not drawn at all. */
  setLayout(layout: LayoutName): void {
    this.panes.setLayout(layout);
    this.layout();
    for (const listener of this.layoutListeners) listener(layout);
  }

  get layoutName(): LayoutName {
    return this.panes.layout;
  }

  onLayoutChange(listener: (layout: LayoutName) => void): void {
    this.layoutListeners.add(listener);
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
    this.measurements.invalidate(panes);
    this.paneFrames.sliceInput(panes);
    this.scheduler.request(false);
  }

  /** Every slice pane's picture changed: `first` is drawn on the next frame, the others on the one after. */
  private requestSliceRenderFirst(first: SliceViewName): void {
    this.measurements.invalidate();
    this.paneFrames.sliceInputFirst(
      first,
      SLICE_PANES.filter((pane) => pane !== first),
    );
    this.scheduler.request(false);
  }

  /** A left press in a slice pane: a measurement tool's, or null for W/L and the cursor. */
  takePress(pane: SliceViewName, event: PointerEvent): PanePress | null {
    return this.measurements.takePress(pane, event);
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
    if (this.image2d.active) {
      const others = [...this.sliceViews.map((v) => v.renderer), this.volumeView.renderer, this.camera.markerRenderer];
      return this.image2d.draw({ renderWindow: this.renderWindow, glWindow: this.glWindow, others, frameLog: this.frameLog });
    }
    // The first slab is a slice or two: the axial pane shows them, the other panes would show a line.
    // Drawing only the axial pane brings the first image on screen sooner with a software GPU.
    this.paneFrames.draw(this.firstSlab.drawing, this.volumeReady);
    this.firstSlab.frameSent();
  }

  /** Renderer viewports follow the DOM panes; the slice panes refit to their new sizes. */
  protected layout(): void {
    const renderers = new Map<PaneName, vtkRenderer>();
    this.sliceViews.forEach((view) => renderers.set(view.name, view.renderer));
    renderers.set('3d', this.volumeView.renderer);
    renderers.set('image2d', this.image2d.view.renderer);
    this.panes.fit(this.glWindow, renderers);
    this.image2d.view.resized();
    if (this.image2d.active) this.image2d.view.fit();
    for (const view of this.sliceViews) {
      view.resized();
      view.fit();
      view.followCursor(this.crosshair.position, true);
    }
    this.requestRender();
  }
}
