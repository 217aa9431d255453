import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkPlane from '@kitware/vtk.js/Common/DataModel/Plane';
import vtkImageProperty from '@kitware/vtk.js/Rendering/Core/ImageProperty';
import vtkImageResliceMapper from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import type { Vec3 } from '../dicom/types';
import { add, scale, sub } from '../math/vec3';
import type { CtVolume } from '../volume/ct-volume';
import { sampleWorld } from '../volume/world-interpolation';
import { type PaneProjection, paneToWorld, worldToPane } from './pane-projection';
import { SliceOverlay } from './slice-overlay';
import { bindSlicePaneInput } from './slice-pane-input';
import {
  type PlaneOrientation,
  type SliceRange,
  type SliceViewName,
  sliceIndexAt,
  slicePosition,
  sliceRange,
  volumeCentre,
  worldBounds,
} from './view-orientation';

export interface SliceViewHost {
  /** Moves the shared cursor; every slice view follows it. */
  setCursor(world: Vec3): void;
  cursor(): Vec3;
  dragWindow(dx: number, dy: number, phase: 'start' | 'move', from?: SliceViewName): void;
  /** These slice panes' pictures changed (all of them when none is named; never the 3D pane's). */
  requestSliceRender(panes?: readonly SliceViewName[]): void;
  toggleMaximize(pane: string): void;
}

/** One reslice pane: a plane through the shared 3D texture in radiological LPS orientation. */
export class SliceView {
  readonly renderer = vtkRenderer.newInstance({ background: [0, 0, 0] });
  readonly plane = vtkPlane.newInstance();
  private readonly mapper = vtkImageResliceMapper.newInstance();
  private readonly actor = vtkImageSlice.newInstance();
  private readonly overlay: SliceOverlay;
  private volume: CtVolume | null = null;
  private range: SliceRange = { min: 0, step: 1, count: 1 };
  private index = 0;
  /** The slice range the pane last drew its slice in: a new volume draws even at the same index. */
  private drawnRange: SliceRange | null = null;
  private parallelScale = 100;
  /** In-plane pan of the camera from the volume centre, world mm. */
  private pan: Vec3 = [0, 0, 0];
  /**
   * The pane's size in CSS pixels, kept from one layout to the next: reading it after the overlay's
   * text changed would make the browser lay the page out again, several times per cursor move.
   */
  private size: { width: number; height: number } | null = null;

  constructor(
    readonly orientation: PlaneOrientation,
    private readonly pane: HTMLElement,
    property: vtkImageProperty,
    private readonly host: SliceViewHost,
  ) {
    this.plane.setNormal(...orientation.direction);
    this.mapper.setSlicePlane(this.plane);
    this.actor.setMapper(this.mapper);
    this.actor.setProperty(property);
    this.renderer.getActiveCamera().setParallelProjection(true);
    this.overlay = new SliceOverlay(pane, orientation);
    this.overlay.slider.addEventListener('input', () => this.scrollTo(Number(this.overlay.slider.value)));
    bindSlicePaneInput(pane, this, host);
  }

  get name(): SliceViewName {
    return this.orientation.name;
  }

  /**
   * Draws `image` (a tiny stand-in) with this pane's own mapper until the returned function is
   * called: the mapper builds its GPU program then, and keeps it for the volume that replaces the
   * stand-in (vtk.js rebuilds a reslice program only when inputs, components or slab change).
   */
  showStandIn(image: vtkImageData): () => void {
    if (this.volume) return () => undefined;
    this.plane.setOrigin(...(image.getCenter() as Vec3));
    this.mapper.setInputData(image);
    this.renderer.addActor(this.actor);
    this.renderer.resetCamera();
    // Hidden, not removed: removing the actor would drop its GPU-side mapper, program included.
    return () => {
      if (!this.volume) this.actor.setVisibility(false);
    };
  }

  /** Draws `image` (the volume, or a slab of it placed where it lies) without changing the geometry. */
  drawImage(image: vtkImageData): void {
    this.mapper.setInputData(image);
  }

  setImage(image: vtkImageData, volume: CtVolume): void {
    this.volume = volume;
    this.mapper.setInputData(image);
    if (!this.renderer.hasViewProp(this.actor)) this.renderer.addActor(this.actor);
    this.actor.setVisibility(true);
    this.range = sliceRange(volume, this.orientation.axis);
    this.overlay.slider.max = String(this.range.count - 1);
    this.pan = [0, 0, 0];
    this.fit();
  }

  /** Fits the whole volume cross-section in the pane. */
  fit(): void {
    if (!this.volume) return;
    const { right, up } = this.orientation;
    const extent = (v: Vec3) => {
      const axis = v.findIndex((c) => c !== 0) as 0 | 1 | 2;
      const [lo, hi] = worldBounds(this.volume!, axis);
      return hi - lo;
    };
    const { width, height } = this.paneSize();
    const aspect = width / Math.max(1, height);
    this.parallelScale = 0.52 * Math.max(extent(up), extent(right) / Math.max(aspect, 1e-3));
    this.pan = [0, 0, 0];
    this.updateCamera();
  }

  /** Follows the shared cursor: the slice through it, the reference lines of the other planes. */
  /**
   * Shows the slice through the cursor. The pane is drawn again only when that is another slice: the
   * reference lines are overlays, and a cursor moving within the slice changes nothing drawn.
   */
  followCursor(cursor: Vec3, redraw = false): void {
    const index = sliceIndexAt(this.range, cursor[this.orientation.axis]);
    const changed = redraw || index !== this.index || this.drawnRange !== this.range;
    this.index = index;
    this.drawnRange = this.range;
    const origin: Vec3 = [...cursor];
    origin[this.orientation.axis] = slicePosition(this.range, this.index);
    this.plane.setOrigin(...origin);
    this.pane.dataset.sliceIndex = String(this.index);
    this.pane.dataset.sliceCount = String(this.range.count);
    this.overlay.slider.value = String(this.index);
    const position = origin[this.orientation.axis];
    this.overlay.sliceText.textContent = `${this.index + 1} / ${this.range.count}   ${'xyz'[this.orientation.axis]} = ${position.toFixed(1)} mm`;
    if (changed) this.updateCamera();
    this.updateReferenceLines(cursor);
  }

  scrollBy(delta: number): void {
    this.scrollTo(this.index + delta);
  }

  scrollTo(index: number): void {
    const clamped = Math.min(this.range.count - 1, Math.max(0, Math.round(index)));
    const cursor: Vec3 = [...this.host.cursor()];
    cursor[this.orientation.axis] = slicePosition(this.range, clamped);
    this.host.setCursor(cursor);
  }

  /** The pane's current mapping from CSS pixels to world, for picking and overlays. */
  projection(): PaneProjection {
    const { width, height } = this.paneSize();
    return {
      focal: this.focalPoint(),
      right: this.orientation.right,
      up: this.orientation.up,
      parallelScale: this.parallelScale,
      width,
      height,
    };
  }

  private focalPoint(): Vec3 {
    const centre = this.volume ? volumeCentre(this.volume) : ([0, 0, 0] as Vec3);
    const onPlane: Vec3 = add(centre, this.pan);
    onPlane[this.orientation.axis] = this.plane.getOrigin()[this.orientation.axis]!;
    return onPlane;
  }

  private updateCamera(): void {
    const camera = this.renderer.getActiveCamera();
    const focal = this.focalPoint();
    const distance = 1000;
    camera.setFocalPoint(...focal);
    camera.setPosition(...sub(focal, scale(this.orientation.direction, distance)));
    camera.setViewUp(...this.orientation.up);
    camera.setParallelScale(this.parallelScale);
    camera.setClippingRange(distance - 50, distance + 50);
    this.host.requestSliceRender([this.name]);
  }

  private updateReferenceLines(cursor: Vec3): void {
    const projection = this.projection();
    const [x, y] = worldToPane(projection, cursor);
    const others: Array<[SliceViewName, 0 | 1 | 2]> = [
      ['axial', 2],
      ['coronal', 1],
      ['sagittal', 0],
    ];
    for (const [name, axis] of others) {
      if (name === this.name) continue;
      const vertical = Math.abs(this.orientation.right[axis]) > 0.5;
      this.overlay.setLine(name, vertical ? 'vertical' : 'horizontal', vertical ? x : y, projection.width, projection.height);
    }
  }

  /** The pane may have changed size (the viewer lays its panes out again): measure it on next use. */
  resized(): void {
    this.size = null;
  }

  private paneSize(): { width: number; height: number } {
    this.size ??= { width: Math.max(1, this.pane.clientWidth), height: Math.max(1, this.pane.clientHeight) };
    return this.size;
  }

  private worldAt(event: PointerEvent | MouseEvent): Vec3 {
    const rect = this.pane.getBoundingClientRect();
    return paneToWorld(this.projection(), event.clientX - rect.left, event.clientY - rect.top);
  }

  showValueAt(event: PointerEvent): void {
    if (!this.volume) return;
    const world = this.worldAt(event);
    const hu = sampleWorld(this.volume, world);
    this.overlay.cursorText.textContent =
      hu === null ? '' : `${Math.round(hu)} HU   (${world.map((c) => c.toFixed(1)).join(', ')}) mm`;
  }

  /** Zooms about the pane centre: factor > 1 shows less of the image. */
  zoom(factor: number): void {
    this.parallelScale = Math.max(1, this.parallelScale * factor);
    this.updateCamera();
    this.updateReferenceLines(this.host.cursor());
  }

  /** Moves the image with the pointer, by CSS pixels. */
  panByPixels(dx: number, dy: number): void {
    const mmPerPixel = (2 * this.parallelScale) / this.paneSize().height;
    this.pan = sub(this.pan, add(scale(this.orientation.right, dx * mmPerPixel), scale(this.orientation.up, -dy * mmPerPixel)));
    this.updateCamera();
    this.updateReferenceLines(this.host.cursor());
  }

  /** A click moves the shared cursor to the point under it, in this pane's slice. */
  clickAt(event: PointerEvent): void {
    if (!this.volume) return;
    const world = this.worldAt(event);
    world[this.orientation.axis] = this.host.cursor()[this.orientation.axis];
    this.host.setCursor(world);
  }

  sliceCount(): number {
    return this.range.count;
  }

  /** World HU under a pane pixel; used by tests through the page and by the read-out. */
  valueAtPane(x: number, y: number): number | null {
    return this.volume ? sampleWorld(this.volume, paneToWorld(this.projection(), x, y)) : null;
  }

  /** Where the pane lies on the page (CSS pixels), to turn pane coordinates into page ones. */
  clientRect(): DOMRect {
    return this.pane.getBoundingClientRect();
  }
}
