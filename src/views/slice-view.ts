import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkPlane from '@kitware/vtk.js/Common/DataModel/Plane';
import vtkImageProperty from '@kitware/vtk.js/Rendering/Core/ImageProperty';
import vtkImageResliceMapper from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import type { Vec3 } from '../dicom/types';
import { IDENTITY, type Mat3, isIdentity } from '../math/rotation';
import { add, dot, scale, sub } from '../math/vec3';
import type { CtVolume } from '../volume/ct-volume';
import { sampleWorld } from '../volume/world-interpolation';
import { type PaneBasis, boundsAlong, paneBasis, paneLetters, referenceLineDirection, sliceRangeAlong } from './oblique-planes';
import { type PaneProjection, paneToWorld, worldToPane } from './pane-projection';
import { type SlabSettings, applySlab, slabLabel } from './slab';
import { SliceOverlay } from './slice-overlay';
import { type SlicePaneHost, bindSlicePaneInput } from './slice-pane-input';
import {
  PLANES,
  type PlaneOrientation,
  type SliceRange,
  type SliceViewName,
  sliceIndexAt,
  slicePosition,
  volumeCentre,
} from './view-orientation';

/** `takePress`: a measurement tool's presses (see MeasurementPanes). */
export interface SliceViewHost extends Pick<SlicePaneHost, 'takePress'> {
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
  /** The crosshair rotation the planes are turned by (oblique-planes.ts), and this pane's basis under it. */
  private rotation: Mat3 = IDENTITY;
  private basis: PaneBasis;
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
    this.basis = paneBasis(orientation, IDENTITY);
    this.plane.setNormal(...this.basis.direction);
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
    this.setRange(this.host.cursor());
    this.pan = [0, 0, 0];
    this.fit();
  }

  /**
   * Slice positions along the pane's (turned) axis; a turned pane's grid passes through `cursor`, so
   * the crosshair point lies on the slice it shows. An axis-aligned pane keeps the volume's own grid.
   */
  private setRange(cursor: Vec3): void {
    if (!this.volume) return;
    const anchor = isIdentity(this.rotation) ? undefined : dot(cursor, this.basis.stack);
    this.range = sliceRangeAlong(this.volume, this.basis.stack, anchor);
    this.overlay.slider.max = String(this.range.count - 1);
  }

  /**
   * Turns the pane's plane with the crosshair axes (the viewer's Reslicing); the slices are then
   * stepped along the turned axis from a grid through `cursor`. Follow with followCursor(…, true).
   */
  setRotation(rotation: Mat3, cursor: Vec3): void {
    this.rotation = rotation;
    this.basis = paneBasis(this.orientation, rotation);
    this.plane.setNormal(...this.basis.direction);
    this.overlay.setLetters(paneLetters(this.basis));
    this.setRange(cursor);
  }

  /** The pane's plane: normal (into the screen), screen up and right, and its origin on the slice shown. */
  planeState(): { normal: Vec3; up: Vec3; right: Vec3; origin: Vec3 } {
    const { direction, up, right } = this.basis;
    return { normal: direction, up, right, origin: this.plane.getOrigin() as Vec3 };
  }

  /** Thick slab (MIP, MinIP, mean) or the thin slice, drawn from the same texture (slab.ts). */
  setSlab(slab: SlabSettings): void {
    applySlab(this.mapper, slab);
    this.overlay.slabText.textContent = slabLabel(slab);
    this.host.requestSliceRender([this.name]);
  }

  /** `point` moved along the pane's axis onto the plane at `position` (a coordinate along that axis). */
  private alongAxisTo(point: Vec3, position: number): Vec3 {
    return add(point, scale(this.basis.stack, position - dot(point, this.basis.stack)));
  }

  /** The crosshair point on the slice this pane shows (it may sit between two of its slices). */
  onShownSlice(point: Vec3): Vec3 {
    return this.alongAxisTo(point, slicePosition(this.range, this.index));
  }

  /** Fits the whole volume cross-section in the pane. */
  fit(): void {
    if (!this.volume) return;
    const { right, up } = this.basis;
    const extent = (v: Vec3) => boundsAlong(this.volume!, v).reduce((lo, hi) => hi - lo);
    const { width, height } = this.paneSize();
    const aspect = width / Math.max(1, height);
    this.parallelScale = 0.52 * Math.max(extent(up), extent(right) / Math.max(aspect, 1e-3));
    this.pan = [0, 0, 0];
    this.updateCamera();
  }

  /**
   * Shows the slice through the cursor. The pane is drawn again only when that is another slice: the
   * reference lines are overlays, and a cursor moving within the slice changes nothing drawn.
   */
  followCursor(cursor: Vec3, redraw = false): void {
    const index = sliceIndexAt(this.range, dot(cursor, this.basis.stack));
    const changed = redraw || index !== this.index || this.drawnRange !== this.range;
    this.index = index;
    this.drawnRange = this.range;
    const position = slicePosition(this.range, this.index);
    this.plane.setOrigin(...this.alongAxisTo(cursor, position));
    this.pane.dataset.sliceIndex = String(this.index);
    this.pane.dataset.sliceCount = String(this.range.count);
    this.overlay.slider.value = String(this.index);
    // A turned pane's position is along its turned axis, not along a world axis.
    const aligned = Math.abs(this.basis.stack[this.orientation.axis]) > 1 - 1e-9;
    const axisName = aligned ? 'xyz'[this.orientation.axis] : 'oblique';
    this.overlay.sliceText.textContent = `${this.index + 1} / ${this.range.count}   ${axisName} = ${position.toFixed(1)} mm`;
    if (changed) this.updateCamera();
    this.updateReferenceLines(cursor);
  }

  scrollBy(delta: number): void {
    this.scrollTo(this.index + delta);
  }

  scrollTo(index: number): void {
    const clamped = Math.min(this.range.count - 1, Math.max(0, Math.round(index)));
    this.host.setCursor(this.alongAxisTo(this.host.cursor(), slicePosition(this.range, clamped)));
  }

  /** The pane's current mapping from CSS pixels to world, for picking and overlays. */
  projection(): PaneProjection {
    const { width, height } = this.paneSize();
    return {
      focal: this.focalPoint(),
      right: this.basis.right,
      up: this.basis.up,
      parallelScale: this.parallelScale,
      width,
      height,
    };
  }

  private focalPoint(): Vec3 {
    const centre = this.volume ? volumeCentre(this.volume) : ([0, 0, 0] as Vec3);
    const inFront: Vec3 = add(centre, this.pan);
    const { direction } = this.basis;
    return add(inFront, scale(direction, dot(sub(this.plane.getOrigin() as Vec3, inFront), direction)));
  }

  private updateCamera(): void {
    const camera = this.renderer.getActiveCamera();
    const focal = this.focalPoint();
    const distance = 1000;
    camera.setFocalPoint(...focal);
    camera.setPosition(...sub(focal, scale(this.basis.direction, distance)));
    camera.setViewUp(...this.basis.up);
    camera.setParallelScale(this.parallelScale);
    camera.setClippingRange(distance - 50, distance + 50);
    this.host.requestSliceRender([this.name]);
  }

  private updateReferenceLines(cursor: Vec3): void {
    const projection = this.projection();
    const [x, y] = worldToPane(projection, cursor);
    for (const name of ['axial', 'coronal', 'sagittal'] as const) {
      if (name === this.name) continue;
      const other = paneBasis(PLANES[name], this.rotation).direction;
      this.overlay.setLineThrough(name, [x, y], referenceLineDirection(this.basis, other), projection.width, projection.height);
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
    this.pan = sub(this.pan, add(scale(this.basis.right, dx * mmPerPixel), scale(this.basis.up, -dy * mmPerPixel)));
    this.updateCamera();
    this.updateReferenceLines(this.host.cursor());
  }

  /** A click moves the shared cursor to the point under it, in this pane's slice. */
  clickAt(event: PointerEvent): void {
    if (!this.volume) return;
    const world = this.worldAt(event);
    this.host.setCursor(this.alongAxisTo(world, dot(this.host.cursor(), this.basis.stack)));
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
