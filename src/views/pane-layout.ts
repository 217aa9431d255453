import type vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import type vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import { el } from '../dom/elements';
import { DEFAULT_LAYOUT, type LayoutName, layoutShows } from './layouts';
import type { SliceViewName } from './view-orientation';

export type PaneName = SliceViewName | '3d' | 'image2d';
/**
 * What the panes show: a volume in the four panes, or one image in 2D (series that are not volumes:
 * its pane, beside the 3D pane saying in words why that is empty). CSS lays out each mode by the
 * viewer's `data-view-mode`.
 */
export type ViewMode = 'volume' | 'image2d';
const PANE_ORDER: PaneName[] = ['axial', 'coronal', 'sagittal', '3d', 'image2d'];

/**
 * The DOM panes laid over the viewer's one canvas (a CSS grid in one of the LAYOUTS, one pane possibly
 * maximised): they carry overlays, input and test hooks, and the renderers' viewports follow them.
 */
export class PaneLayout {
  readonly grid = el('div', { className: 'pane-grid' });
  private readonly panes = new Map<PaneName, HTMLElement>();
  private maximizedPane: PaneName | null = null;
  private viewMode: ViewMode = 'volume';
  private layoutName: LayoutName = DEFAULT_LAYOUT;

  constructor(private readonly viewer: HTMLElement) {
    viewer.dataset.viewMode = this.viewMode;
    viewer.dataset.layout = this.layoutName;
    for (const name of PANE_ORDER) {
      const pane = el('div', { className: `pane pane-${name}`, 'data-testid': `view-${name}`, 'data-pane': name });
      this.panes.set(name, pane);
      this.grid.append(pane);
    }
  }

  pane(name: PaneName): HTMLElement {
    return this.panes.get(name)!;
  }

  get maximized(): PaneName | null {
    return this.maximizedPane;
  }

  get mode(): ViewMode {
    return this.viewMode;
  }

  get layout(): LayoutName {
    return this.layoutName;
  }

  /** Shows the volume panes of `layout` (a maximised pane is restored); the 2D mode keeps its own panes. */
  setLayout(layout: LayoutName): void {
    if (this.maximizedPane) this.toggleMaximize(this.maximizedPane);
    this.layoutName = layout;
    this.viewer.dataset.layout = layout;
  }

  /** Switches between the four volume panes and the 2D image pane (a maximised pane is restored). */
  setMode(mode: ViewMode): void {
    if (mode === this.viewMode) return;
    if (this.maximizedPane) this.toggleMaximize(this.maximizedPane);
    this.viewMode = mode;
    this.viewer.dataset.viewMode = mode;
  }

  /**
   * Whether `name`'s renderer draws: the panes of the current mode and layout, unless another one is
   * maximised. In 2D the 3D pane is on screen but draws nothing (it says why in words).
   */
  shows(name: PaneName): boolean {
    const inMode = this.viewMode === 'image2d' ? name === 'image2d' : layoutShows(this.layoutName, name);
    return inMode && (this.maximizedPane === null || this.maximizedPane === name);
  }

  /** Maximises `pane`, or restores the grid if it is maximised already (the viewports follow at `fit`). */
  toggleMaximize(pane: string): void {
    this.maximizedPane = this.maximizedPane === pane ? null : (pane as PaneName);
    this.viewer.classList.toggle('maximized', this.maximizedPane !== null);
    for (const [name, element] of this.panes) element.classList.toggle('is-maximized', name === this.maximizedPane);
  }

  /** Sizes the canvas to the viewer and each pane's renderer to its pane, so CSS decides the layout. */
  fit(glWindow: vtkOpenGLRenderWindow, renderers: ReadonlyMap<PaneName, vtkRenderer>): void {
    const bounds = this.viewer.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    glWindow.setSize(Math.max(1, Math.round(bounds.width * ratio)), Math.max(1, Math.round(bounds.height * ratio)));
    for (const [name, pane] of this.panes) {
      const renderer = renderers.get(name)!;
      const visible = this.shows(name);
      renderer.setDraw(visible);
      // A hidden pane's renderer keeps no area of the canvas: the 3D interactor picks the renderer
      // under the pointer by its viewport, and a stale one would take the 3D pane's drags.
      if (!visible) renderer.setViewport(0, 0, 0, 0);
      if (!visible || bounds.width === 0 || bounds.height === 0) continue;
      const rect = pane.getBoundingClientRect();
      renderer.setViewport(
        (rect.left - bounds.left) / bounds.width,
        (bounds.bottom - rect.bottom) / bounds.height,
        (rect.right - bounds.left) / bounds.width,
        (bounds.bottom - rect.top) / bounds.height,
      );
    }
  }
}
