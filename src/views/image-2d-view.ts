import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkImageMapper from '@kitware/vtk.js/Rendering/Core/ImageMapper';
import vtkImageProperty from '@kitware/vtk.js/Rendering/Core/ImageProperty';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import { type Image2d, pixelAt } from '../volume/image-2d';
import { type Image2dFrame, fitParallelScale, focalPoint, imageToPane, mmPerCssPixel, paneToImage } from './image-2d-camera';
import { bindImage2dInput } from './image-2d-input';
import { Image2dOverlay } from './image-2d-overlay';

/** What the 2D pane asks of the viewer that holds it. */
export interface Image2dHost {
  /** The user asks for image `index` of the series (wheel, keys, slider); the viewer's owner shows it. */
  stepTo(index: number): void;
  dragWindow(dx: number, dy: number, phase: 'start' | 'move'): void;
  /** The pane's picture changed. */
  requestImageRender(): void;
  toggleMaximize(pane: string): void;
}

/**
 * One image of a series that is not a volume, in a pane of its own: a one-slice vtkImageData drawn
 * by an ImageMapper in the viewer's render window (no canvas of its own). Greyscale shares the slice
 * panes' image property, so window/level (inputs, presets, drag) and MONOCHROME1 work as there;
 * colour has a property of its own that shows the samples as they are.
 */
export class Image2dView {
  readonly renderer = vtkRenderer.newInstance({ background: [0, 0, 0] });
  private readonly mapper = vtkImageMapper.newInstance();
  private readonly actor = vtkImageSlice.newInstance();
  private readonly colourProperty = vtkImageProperty.newInstance();
  private readonly overlay: Image2dOverlay;
  private image: Image2d | null = null;
  private index = 0;
  private total = 0;
  private parallelScale = 100;
  private pan: [number, number] = [0, 0];
  /** The pane's CSS size, kept between layouts (see SliceView.size). */
  private size: { width: number; height: number } | null = null;

  constructor(
    private readonly pane: HTMLElement,
    private readonly greyProperty: vtkImageProperty,
    private readonly host: Image2dHost,
  ) {
    this.renderer.getActiveCamera().setParallelProjection(true);
    this.mapper.setKSlice(0);
    this.actor.setMapper(this.mapper);
    // Samples 0…255 through an identity ramp: window 255 at level 127.5 maps each byte onto itself.
    const identity = vtkColorTransferFunction.newInstance();
    identity.addRGBPoint(0, 0, 0, 0);
    identity.addRGBPoint(1, 1, 1, 1);
    this.colourProperty.setRGBTransferFunction(0, identity);
    this.colourProperty.setUseLookupTableScalarRange(false);
    this.colourProperty.setIndependentComponents(false);
    this.colourProperty.setColorWindow(255);
    this.colourProperty.setColorLevel(127.5);
    this.colourProperty.setInterpolationTypeToLinear();
    this.overlay = new Image2dOverlay(pane);
    bindImage2dInput(pane, this.overlay.slider, {
      step: (delta) => this.stepTo(this.index + delta),
      stepTo: (index) => this.stepTo(index),
      count: () => this.total,
      zoom: (factor) => this.zoom(factor),
      panByPixels: (dx, dy) => this.panByPixels(dx, dy),
      fit: () => this.fit(),
      showValueAt: (event) => this.showValueAt(event),
      dragWindow: (dx, dy, phase) => this.image?.kind === 'grey' && host.dragWindow(dx, dy, phase),
      toggleMaximize: () => host.toggleMaximize('image2d'),
    });
  }

  get shown(): Image2d | null {
    return this.image;
  }

  /**
   * Shows image `index` of `count`; the pixels are handed to vtk.js as they are (no copy here). With
   * `keepView` (stepping through a series) the zoom and pan stay while the images keep their size.
   */
  show(image: Image2d, index: number, count: number, keepView: boolean): void {
    const previous = this.image;
    this.image = image;
    this.index = index;
    this.total = count;
    const data = vtkImageData.newInstance();
    data.setDimensions([image.width, image.height, 1]);
    data.setSpacing([...this.spacing(), 1]);
    data.setOrigin([0, 0, 0]);
    const components = image.kind === 'rgb' ? 3 : 1;
    data
      .getPointData()
      .setScalars(vtkDataArray.newInstance({ name: 'pixels', numberOfComponents: components, values: image.pixels }));
    this.mapper.setInputData(data);
    this.actor.setProperty(image.kind === 'rgb' ? this.colourProperty : this.greyProperty);
    if (!this.renderer.hasViewProp(this.actor)) this.renderer.addActor(this.actor);
    Object.assign(this.pane.dataset, {
      sliceIndex: String(index),
      sliceCount: String(count),
      imageKind: image.kind,
      imageWidth: String(image.width),
      imageHeight: String(image.height),
      imageFile: image.file,
    });
    this.overlay.describe(image, index, count);
    const sameFrame =
      previous !== null &&
      previous.width === image.width &&
      previous.height === image.height &&
      String(previous.pixelSpacing) === String(image.pixelSpacing);
    if (keepView && sameFrame) this.updateCamera();
    else this.fit();
  }

  /** Fits the whole image in the pane. */
  fit(): void {
    if (!this.image) return;
    const { width, height } = this.paneSize();
    this.parallelScale = fitParallelScale([this.image.width, this.image.height], this.spacing(), width, height);
    this.pan = [0, 0];
    this.updateCamera();
  }

  /** The pane may have changed size: measured again on next use. */
  resized(): void {
    this.size = null;
  }

  zoom(factor: number): void {
    this.parallelScale = Math.max(1e-3, this.parallelScale * factor);
    this.updateCamera();
  }

  panByPixels(dx: number, dy: number): void {
    const scale = mmPerCssPixel(this.frame());
    this.pan = [this.pan[0] + dx * scale, this.pan[1] + dy * scale];
    this.updateCamera();
  }

  /** The (fractional) image pixel under a pane CSS position, and back: for the read-out and for automation. */
  paneToImage(x: number, y: number): [number, number] {
    return paneToImage(this.frame(), x, y);
  }

  imageToPane(column: number, row: number): [number, number] {
    return imageToPane(this.frame(), column, row);
  }

  private stepTo(index: number): void {
    const clamped = Math.min(this.total - 1, Math.max(0, Math.round(index)));
    if (this.image && clamped !== this.index) this.host.stepTo(clamped);
  }

  private showValueAt(event: PointerEvent): void {
    if (!this.image) return;
    const rect = this.pane.getBoundingClientRect();
    const [x, y] = this.paneToImage(event.clientX - rect.left, event.clientY - rect.top);
    this.overlay.showValue(this.image, pixelAt(this.image, x, y), x, y);
  }

  private spacing(): [number, number] {
    return this.image?.pixelSpacing ?? [1, 1];
  }

  private frame(): Image2dFrame {
    const { width, height } = this.paneSize();
    const size: [number, number] = this.image ? [this.image.width, this.image.height] : [1, 1];
    return { size, spacing: this.spacing(), parallelScale: this.parallelScale, pan: this.pan, width, height };
  }

  private updateCamera(): void {
    const frame = this.frame();
    const [fx, fy] = focalPoint(frame);
    const camera = this.renderer.getActiveCamera();
    const distance = 1000;
    // Looking along +z with view up −y: columns run to the right and rows down, as stored.
    camera.setFocalPoint(fx, fy, 0);
    camera.setPosition(fx, fy, -distance);
    camera.setViewUp(0, -1, 0);
    camera.setParallelScale(this.parallelScale);
    camera.setClippingRange(distance - 50, distance + 50);
    const [ox, oy] = imageToPane(frame, 0, 0);
    const [x1, y1] = imageToPane(frame, 1, 1);
    // Automation: pane position of pixel (i, j)'s centre is (ox + i·dx, oy + j·dy) CSS pixels.
    this.pane.dataset.imageTransform = [ox, oy, x1 - ox, y1 - oy].map((v) => v.toFixed(4)).join(',');
    if (this.image) this.overlay.updateScale(this.image, mmPerCssPixel(frame), frame.width);
    this.host.requestImageRender();
  }

  private paneSize(): { width: number; height: number } {
    this.size ??= { width: Math.max(1, this.pane.clientWidth), height: Math.max(1, this.pane.clientHeight) };
    return this.size;
  }
}
