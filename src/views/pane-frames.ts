import type vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import type vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow';
import type vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import type vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import type { FrameLog, FrameRecord } from './frame-log';
import type { PaneLayout, PaneName } from './pane-layout';
import type { SliceView } from './slice-view';
import type { SliceViewName } from './view-orientation';

export const SLICE_PANES: readonly SliceViewName[] = ['axial', 'coronal', 'sagittal'];
export const ALL_PANES: readonly PaneName[] = [...SLICE_PANES, '3d'];
/** How long slice input must rest before a full-quality 3D frame after a camera move is drawn. */
const SLICE_INPUT_REST_MS = 300;

/** What a frame draws with. */
export interface PaneFrameParts {
  renderWindow: vtkRenderWindow;
  glWindow: vtkOpenGLRenderWindow;
  interactor: vtkRenderWindowInteractor;
  panes: PaneLayout;
  sliceViews: readonly SliceView[];
  volumeRenderer: vtkRenderer;
  /** The orientation cube's renderer, over the 3D pane. */
  markerRenderer: vtkRenderer;
  /** Whether the 3D pane's rays are coarse now (besides while the interactor animates). */
  draft3d: () => boolean;
  frameLog: FrameLog;
  /** Asks for a frame of the 3D pane (a postponed one's retry). */
  request3d: () => void;
  /** Asks for a frame (of the panes marked to follow, see PaneFrames.sliceInputFirst). */
  requestFrame: () => void;
  /** A 3D frame has been executed by the GPU, `ms` after it was sent. */
  finished3d: (ms: number, quality: FrameRecord['quality3d']) => void;
}

/**
 * Which panes a frame draws: only those whose picture changed since they were last drawn, so a
 * slice scroll never waits for a ray cast. The canvas keeps the pixels of the others (the context
 * preserves its drawing buffer).
 */
export class PaneFrames {
  private readonly dirty = new Set<PaneName>(ALL_PANES);
  /** Panes whose picture changed, to be drawn in the frame after the next (see sliceInputFirst). */
  private readonly following = new Set<PaneName>();
  /** The full-quality 3D frame after a camera move is due; it yields to slice input. */
  private refining3d = false;
  private lastSliceInput = -Infinity;
  private refineTimer: ReturnType<typeof setTimeout> | undefined;
  /** A 3D frame is sent and not yet executed: the next waits, so that ray casts never queue up on the GPU. */
  private inFlight3d = false;

  constructor(private readonly parts: PaneFrameParts) {}

  /** These panes' pictures changed. */
  mark(panes: readonly PaneName[]): void {
    for (const pane of panes) this.dirty.add(pane);
  }

  /** The user changed these slice panes (scroll, cursor, window, zoom). */
  sliceInput(panes: readonly PaneName[] = SLICE_PANES): void {
    this.lastSliceInput = performance.now();
    this.mark(panes);
  }

  /**
   * The user changed every slice pane through one of them (a window drag): that one is drawn in the next
   * frame, the `rest` in the frame after it, so the pane under the hand answers first.
   */
  sliceInputFirst(first: PaneName, rest: readonly PaneName[]): void {
    this.lastSliceInput = performance.now();
    this.mark([first]);
    for (const pane of rest) if (!this.dirty.has(pane)) this.following.add(pane);
  }

  /** The 3D camera stopped moving: its next frame is the full-quality one. */
  cameraRested(): void {
    this.refining3d = true;
    this.mark(['3d']);
  }

  /**
   * Draws the changed panes. `axialOnly` while the first slab shows (the other panes stay asked
   * for); the 3D pane only once its volume is `ready3d`.
   */
  draw(axialOnly: boolean, ready3d: boolean): void {
    const { panes, interactor } = this.parts;
    const drawn: PaneName[] = [];
    for (const view of this.parts.sliceViews) {
      const shown = panes.shows(view.name);
      const draw = shown && this.dirty.has(view.name) && (!axialOnly || view.name === 'axial');
      view.renderer.setDraw(draw);
      if (draw) drawn.push(view.name);
      if (draw || !shown) this.dirty.delete(view.name);
    }
    // The orientation cube draws with its pane, volume or not: its programs are built by the warm-up
    // frames, not in the middle of the first load.
    let pane3d = panes.shows('3d') && this.dirty.has('3d') && !this.inFlight3d;
    // A full-quality ray cast can take seconds on a software GPU, and the GPU runs frames in order:
    // after a camera move it waits until slice input has rested, so a scroll is not queued behind it.
    const sinceSliceInput = performance.now() - this.lastSliceInput;
    if (pane3d && this.refining3d && !interactor.isAnimating() && sinceSliceInput < SLICE_INPUT_REST_MS) {
      pane3d = false;
      clearTimeout(this.refineTimer);
      this.refineTimer = setTimeout(this.parts.request3d, SLICE_INPUT_REST_MS - sinceSliceInput);
    }
    const draw3d = pane3d && ready3d;
    if (draw3d && !interactor.isAnimating()) this.refining3d = false;
    this.parts.volumeRenderer.setDraw(draw3d);
    this.parts.markerRenderer.setDraw(pane3d);
    if (draw3d) drawn.push('3d');
    if (pane3d || !panes.shows('3d')) this.dirty.delete('3d');
    // What renderWindow.render() does, but for the interactor, which would draw only when enabled
    // (it is not: the viewer asks for 3D frames itself).
    if (drawn.length > 0 || pane3d) {
      (this.parts.renderWindow as unknown as { preRender(): void }).preRender(); // untyped in vtk.js
      this.parts.glWindow.traverseAllPasses();
    }
    if (this.following.size > 0) {
      this.mark([...this.following]);
      this.following.clear();
      this.parts.requestFrame();
    }
    const quality = draw3d ? (interactor.isAnimating() || this.parts.draft3d() ? 'interactive' : 'full') : null;
    const finished = this.parts.frameLog.record(drawn, quality);
    if (draw3d && finished) {
      this.inFlight3d = true;
      void finished.then((record) => {
        this.inFlight3d = false;
        this.parts.finished3d(record.finishedAt! - record.sentAt, quality);
        if (this.dirty.has('3d')) this.parts.request3d();
      });
    }
  }
}
