import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkImageProperty from '@kitware/vtk.js/Rendering/Core/ImageProperty';
import type { SliceViewName } from './view-orientation';
import type { VolumeView } from './volume-view';
import { type WindowLevel, dragWindow } from './window-presets';

const DRAFT_SETTLE_MS = 300;

/** What window/level changes in the 3D pane. */
type WindowedVolumeView = Pick<VolumeView, 'setWindow' | 'setDraftQuality' | 'blendMode'>;

/**
 * Window/level of every pane. For the slice panes it is two uniforms of their shared image property
 * (no voxel is touched) over a grey ramp; the 3D pane's projections follow it too.
 */
export class WindowLevelControl {
  /** Shared by the three slice panes. */
  readonly imageProperty = vtkImageProperty.newInstance();
  private readonly greyscale = vtkColorTransferFunction.newInstance();
  private windowLevel: WindowLevel = { center: 40, width: 400 };
  private dragStart: WindowLevel = this.windowLevel;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<(window: WindowLevel) => void>();

  constructor(
    private readonly volumeView: WindowedVolumeView,
    /** `first`: the pane whose picture is to be drawn before the others' (the one dragged in). */
    private readonly requestRender: (first?: SliceViewName) => void,
  ) {
    this.imageProperty.setInterpolationTypeToLinear();
    this.imageProperty.setRGBTransferFunction(0, this.greyscale);
    this.imageProperty.setUseLookupTableScalarRange(false);
    this.setInverted(false);
  }

  get window(): WindowLevel {
    return this.windowLevel;
  }

  set(window: WindowLevel, first?: SliceViewName): void {
    this.windowLevel = { center: window.center, width: Math.max(1, window.width) };
    this.imageProperty.setColorWindow(this.windowLevel.width);
    this.imageProperty.setColorLevel(this.windowLevel.center);
    this.volumeView.setWindow(this.windowLevel);
    for (const listener of this.listeners) listener(this.windowLevel);
    // A projection (MIP, MinIP, average) follows the window; a composite rendering does not, and its
    // pane is not drawn again for a window change at all.
    if (this.volumeView.blendMode !== 'composite') this.draft3dWhileChanging();
    this.requestRender(first);
  }

  onChange(listener: (window: WindowLevel) => void): void {
    this.listeners.add(listener);
  }

  /**
   * A mouse drag from the window at its start: horizontal = width, vertical = level. The pane dragged
   * in (`from`) is drawn at once and the others in the frame after: the hand's pane answers at the
   * cost of one pane, not three (on a software GPU each pane is a noticeable share of a frame).
   */
  drag(dx: number, dy: number, phase: 'start' | 'move', from?: SliceViewName): void {
    if (phase === 'start') this.dragStart = this.windowLevel;
    this.set(dragWindow(this.dragStart, dx, dy), from);
  }

  /** MONOCHROME1 means low values are white: the same window, an inverted grey ramp. */
  setInverted(inverted: boolean): void {
    this.greyscale.removeAllPoints();
    this.greyscale.addRGBPoint(0, inverted ? 1 : 0, inverted ? 1 : 0, inverted ? 1 : 0);
    this.greyscale.addRGBPoint(1, inverted ? 0 : 1, inverted ? 0 : 1, inverted ? 0 : 1);
  }

  /** A projection's pane is redrawn coarsely while the window moves, finely once it rests. */
  private draft3dWhileChanging(): void {
    this.volumeView.setDraftQuality(true);
    clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => this.volumeView.setDraftQuality(false), DRAFT_SETTLE_MS);
  }
}
