import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import { BlendMode } from '@kitware/vtk.js/Rendering/Core/VolumeMapper/Constants';
import type { Vec3 } from '../dicom/types';
import type { CtVolume } from '../volume/ct-volume';
import type { TransferFunctionEdit, TransferFunctionSource } from './transfer-function/edits';
import type { WindowLevel } from './window-presets';
import { type BlendName, VOLUME_PRESETS, type VolumePreset, type VolumePresetName } from './volume-presets';

const BLEND_MODES: Record<BlendName, BlendMode> = {
  composite: BlendMode.COMPOSITE_BLEND,
  mip: BlendMode.MAXIMUM_INTENSITY_BLEND,
  minip: BlendMode.MINIMUM_INTENSITY_BLEND,
  average: BlendMode.AVERAGE_INTENSITY_BLEND,
};

/** How long transfer-function edits must rest before the full-quality frame. */
const EDIT_SETTLE_MS = 250;
/** What a 3D frame may cost the GPU while the camera moves, so that it keeps up with the hand. */
const INTERACTIVE_FRAME_MS = 35;
/** Pixels per pixel of the first interactive frames and of a first 3D image (a sixth of the resolution along each axis). */
const INITIAL_INTERACTIVE_SCALE = 36;
/** How much longer the rays' steps are while the camera moves. */
const INTERACTION_SAMPLE_DISTANCE_FACTOR = 4;
/** vtk.js draws a reduced image only above this scale; 400 is its own upper bound. */
const INTERACTIVE_SCALE_RANGE: [number, number] = [1.6, 400];

/** The 3D camera as a shared view state keeps it (LPS mm). */
export interface CameraView {
  position: Vec3;
  focalPoint: Vec3;
  viewUp: Vec3;
}

/** Ray-cast 3D rendering of the volume; every look is a transfer function in HU, never new voxels. */
export class VolumeView implements TransferFunctionSource {
  readonly renderer = vtkRenderer.newInstance({ background: [0.08, 0.08, 0.1] });
  readonly colour = vtkColorTransferFunction.newInstance();
  readonly opacity = vtkPiecewiseFunction.newInstance();
  private readonly mapper = vtkVolumeMapper.newInstance();
  private readonly actor = vtkVolume.newInstance();
  private presetName: VolumePresetName = 'bone';
  private blend: BlendName = 'composite';
  private window: WindowLevel = { center: 40, width: 400 };
  private draft = false;
  private baseSampleDistance = 1;
  private cameraFitsImage = true;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private interactiveScale = INITIAL_INTERACTIVE_SCALE;

  constructor(private readonly requestRender: () => void) {
    this.actor.setMapper(this.mapper);
    const property = this.actor.getProperty();
    property.setRGBTransferFunction(0, this.colour);
    property.setScalarOpacity(0, this.opacity);
    property.setInterpolationTypeToLinear();
    property.setAmbient(0.2);
    property.setDiffuse(0.7);
    property.setSpecular(0.3);
    property.setSpecularPower(8);
    // While the camera moves (the interactor animates): rays 4 times coarser, cast into an image
    // reduced by `interactiveScale` (its area), which follows the measured cost of the last frames
    // (see adaptInteractiveCost) rather than vtk.js's own estimate, taken from animation frames that
    // here do not draw. Full quality returns on release.
    this.mapper.setAutoAdjustSampleDistances(false);
    this.mapper.setInteractionSampleDistanceFactor(INTERACTION_SAMPLE_DISTANCE_FACTOR);
    this.mapper.setInitialInteractionScale(INITIAL_INTERACTIVE_SCALE);
    this.mapper.setImageSampleDistance(Math.sqrt(INITIAL_INTERACTIVE_SCALE));
  }

  setImage(image: vtkImageData, volume: CtVolume): void {
    this.mapper.setInputData(image);
    const spacing = Math.min(...volume.spacing);
    this.baseSampleDistance = 0.7 * spacing;
    this.mapper.setSampleDistance(this.baseSampleDistance * (this.draft ? 4 : 1));
    // Scalar opacity is defined per unit length; tie it to the voxel size so presets look alike on any grid.
    this.actor.getProperty().setScalarOpacityUnitDistance(0, Math.max(0.5, spacing));
    this.mapper.setMaximumSamplesPerRay(4000);
    this.applyPreset(this.presetName);
    this.cameraFitsImage = false;
  }

  /**
   * Puts the volume in the 3D scene, framed, before its first 3D frame. Not in `setImage`: a streamed
   * volume is set while its first slices are being drawn, and both are costly then. vtk.js builds the
   * volume mapper's GPU-side object in the first frame after the volume joins the scene, even with
   * the 3D pane not drawn (10 ms measured), and moving the camera updates the orientation marker (~3 ms).
   */
  showImage(): void {
    if (!this.renderer.hasViewProp(this.actor)) this.renderer.addVolume(this.actor);
    // A camera put back from a view state (setCameraView) before the volume joined the scene.
    if (this.cameraFitsImage) {
      this.renderer.resetCameraClippingRange();
      return;
    }
    this.cameraFitsImage = true;
    this.resetCamera();
  }

  /**
   * Coarse rays while something the 3D pane shows keeps changing (a projection's window or a transfer
   * function being dragged); back to full quality is a 3D frame of its own.
   */
  setDraftQuality(draft: boolean): void {
    if (draft === this.draft) return;
    this.draft = draft;
    this.mapper.setSampleDistance(this.baseSampleDistance * (draft ? 4 : 1));
    this.requestRender();
  }

  /**
   * Scales the interactive image to the GPU: an interactive frame that took `frameMs` sets the reduction
   * of the next so that it costs about INTERACTIVE_FRAME_MS. Returns whether the scale changed (the
   * caller then tells vtk.js, which reads it when its frame rate updates).
   */
  adaptInteractiveCost(frameMs: number): boolean {
    const [low, high] = INTERACTIVE_SCALE_RANGE;
    const ratio = frameMs / INTERACTIVE_FRAME_MS;
    if (ratio > 0.8 && ratio < 1.25) return false;
    const scale = Math.min(high, Math.max(low, this.interactiveScale * ratio));
    if (scale === this.interactiveScale) return false;
    this.interactiveScale = scale;
    this.mapper.setImageSampleDistance(Math.sqrt(scale));
    return true;
  }

  /**
   * Rays as long as the full-quality frame's while the interactor animates (see CameraInteraction's
   * preview): another sample distance would build another volume program in the middle of a load.
   */
  setPreviewRays(preview: boolean): void {
    this.mapper.setInteractionSampleDistanceFactor(preview ? 1 : INTERACTION_SAMPLE_DISTANCE_FACTOR);
  }

  get draftQuality(): boolean {
    return this.draft;
  }

  resetCamera(): void {
    const camera = this.renderer.getActiveCamera();
    camera.setParallelProjection(false);
    // Anterior view, head up (LPS: look along +y, up +z), as radiologists expect a 3D to open.
    camera.setFocalPoint(0, 0, 0);
    camera.setPosition(0, -1, 0);
    camera.setViewUp(0, 0, 1);
    this.renderer.resetCamera();
    this.requestRender();
  }

  /** Where the 3D camera is: enough to put it back (a shared view state). */
  cameraView(): CameraView {
    const camera = this.renderer.getActiveCamera();
    const copy = (v: ArrayLike<number>): Vec3 => [v[0]!, v[1]!, v[2]!];
    return { position: copy(camera.getPosition()), focalPoint: copy(camera.getFocalPoint()), viewUp: copy(camera.getViewUp()) };
  }

  /** Puts the 3D camera at `view`; the volume shown next is not reframed over it (see showImage). */
  setCameraView(view: CameraView): void {
    const camera = this.renderer.getActiveCamera();
    camera.setPosition(...view.position);
    camera.setFocalPoint(...view.focalPoint);
    camera.setViewUp(...view.viewUp);
    camera.orthogonalizeViewUp();
    this.renderer.resetCameraClippingRange();
    this.cameraFitsImage = true;
    this.requestRender();
  }

  get preset(): VolumePresetName {
    return this.presetName;
  }

  applyPreset(name: VolumePresetName): void {
    this.presetName = name;
    const preset: VolumePreset = VOLUME_PRESETS[name];
    this.blend = preset.blend;
    this.actor.getProperty().setShade(preset.shade);
    this.mapper.setBlendMode(BLEND_MODES[preset.blend]);
    this.setTransferFunctions(preset);
  }

  setBlendMode(blend: BlendName): void {
    this.blend = blend;
    this.mapper.setBlendMode(BLEND_MODES[blend]);
    if (blend !== 'composite') this.setProjectionRamp();
    else this.setTransferFunctions(VOLUME_PRESETS[this.presetName]);
    this.requestRender();
  }

  get blendMode(): BlendName {
    return this.blend;
  }

  setShade(shade: boolean): void {
    this.actor.getProperty().setShade(shade);
    this.requestRender();
  }

  get shade(): boolean {
    return this.actor.getProperty().getShade();
  }

  /** Projections (MIP, MinIP, average) follow the slice window so they read like a radiograph. */
  setWindow(window: WindowLevel): void {
    this.window = window;
    if (this.blend !== 'composite') {
      this.setProjectionRamp();
      this.requestRender();
    }
  }

  /** Applies an edit of the transfer-function editor: its nodes replace the opacity and/or colour function's. */
  applyTransferFunctionEdit(edit: TransferFunctionEdit): void {
    if (edit.opacity) this.opacity.setNodes(edit.opacity);
    if (edit.colour) this.colour.setNodes(edit.colour);
    // Edits come as a drag: coarse while they keep coming, one full-quality frame once they rest.
    this.setDraftQuality(true);
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.setDraftQuality(false), EDIT_SETTLE_MS);
    this.requestRender();
  }

  private setTransferFunctions(preset: VolumePreset): void {
    if (preset.blend !== 'composite') {
      this.setProjectionRamp();
    } else {
      this.colour.removeAllPoints();
      for (const [hu, r, g, b] of preset.colour) this.colour.addRGBPoint(hu, r, g, b);
      this.opacity.removeAllPoints();
      for (const [hu, alpha] of preset.opacity) this.opacity.addPoint(hu, alpha);
    }
    this.requestRender();
  }

  private setProjectionRamp(): void {
    const low = this.window.center - this.window.width / 2;
    const high = this.window.center + this.window.width / 2;
    this.colour.removeAllPoints();
    this.colour.addRGBPoint(low, 0, 0, 0);
    this.colour.addRGBPoint(high, 1, 1, 1);
    this.opacity.removeAllPoints();
    this.opacity.addPoint(low, 1);
    this.opacity.addPoint(high, 1);
  }
}
