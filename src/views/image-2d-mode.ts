import type vtkImageProperty from '@kitware/vtk.js/Rendering/Core/ImageProperty';
import type { Image2d } from '../volume/image-2d';
import { type Image2dFrameParts, drawImage2dFrame } from './image-2d-frame';
import { paneMessage } from './image-2d-overlay';
import { Image2dView } from './image-2d-view';
import type { PaneLayout } from './pane-layout';
import type { WindowLevel } from './window-presets';

/** What the 2D mode asks of the viewer. */
export interface Image2dModeHost {
  dragWindow(dx: number, dy: number, phase: 'start' | 'move'): void;
  setWindow(window: WindowLevel): void;
  /** MONOCHROME1: the grey ramp of the shared image property inverted. */
  setInverted(inverted: boolean): void;
  requestImageRender(): void;
  toggleMaximize(pane: string): void;
}

/** Which image of how many the 2D pane shows. */
export interface Image2dPosition {
  index: number;
  count: number;
}

/**
 * The viewer's 2D mode: a series that is not a volume, one image at a time in the image pane, the 3D
 * pane beside it saying in words why it is empty. Entering it is showing an image; the viewer leaves
 * it when it begins a volume.
 */
export class Image2dMode {
  readonly view: Image2dView;
  private readonly say3d: (text: string) => void;
  private readonly stepListeners = new Set<(index: number) => void>();

  constructor(
    private readonly panes: PaneLayout,
    greyProperty: vtkImageProperty,
    private readonly host: Image2dModeHost,
  ) {
    this.view = new Image2dView(panes.pane('image2d'), greyProperty, {
      stepTo: (index) => this.stepListeners.forEach((listener) => listener(index)),
      dragWindow: (dx, dy, phase) => host.dragWindow(dx, dy, phase),
      requestImageRender: () => host.requestImageRender(),
      toggleMaximize: (pane) => host.toggleMaximize(pane),
    });
    this.view.renderer.setDraw(false);
    this.say3d = paneMessage(panes.pane('3d'));
  }

  get active(): boolean {
    return this.panes.mode === 'image2d';
  }

  /** The shown greyscale image's DICOM default window (null: colour, or no image shown). */
  get defaultWindow(): WindowLevel | null {
    const window = this.active ? this.view.shown?.window : null;
    return window ? { center: window.center, width: window.width } : null;
  }

  /**
   * Shows `image` with the 3D pane saying `why` it is empty; true when this entered the 2D mode (the
   * viewer then lays the panes out anew). A greyscale image opens at its DICOM default window; while
   * stepping, a window the user set stays as long as the images share their default.
   */
  show(image: Image2d, { index, count }: Image2dPosition, why: string): boolean {
    const entering = !this.active;
    const previous = entering ? null : this.view.shown;
    this.panes.setMode('image2d');
    this.say3d(why);
    this.view.show(image, index, count, !entering);
    if (image.kind === 'grey' && image.window) {
      this.host.setInverted(image.inverted);
      const before = previous?.window;
      if (!before || before.center !== image.window.center || before.width !== image.window.width)
        this.host.setWindow(image.window);
    }
    this.host.requestImageRender();
    return entering;
  }

  /** Back to the volume panes (the viewer lays them out anew). */
  leave(): void {
    if (!this.active) return;
    this.panes.setMode('volume');
    this.view.renderer.setDraw(false);
    this.say3d('');
  }

  /** The user asks for another image of the series: its owner decodes it and shows it. */
  onStep(listener: (index: number) => void): void {
    this.stepListeners.add(listener);
  }

  draw(parts: Omit<Image2dFrameParts, 'image'>): void {
    drawImage2dFrame({ ...parts, image: this.view.renderer });
  }
}
