import type vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import type vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import type { BlendName, VolumePresetName } from '../volume-presets';

/** One node of an opacity function (HU → opacity), as vtkPiecewiseFunction.setNodes takes it. */
export interface OpacityNode {
  x: number;
  y: number;
  midpoint: number;
  sharpness: number;
}

/** One node of a colour function (HU → RGB), as vtkColorTransferFunction.setNodes takes it. */
export interface ColourNode {
  x: number;
  r: number;
  g: number;
  b: number;
  midpoint: number;
  sharpness: number;
}

/**
 * An edit made in the transfer-function editor: the nodes that replace the 3D pane's opacity and/or
 * colour function. The owner of those functions applies it, synchronously (the editor tells its own
 * edits from outside changes by the modified events they raise while it reports them).
 */
export interface TransferFunctionEdit {
  opacity?: OpacityNode[];
  colour?: ColourNode[];
}

/** What the editor reads of the 3D pane's transfer functions (HU domain); it never writes them. */
export interface TransferFunctionSource {
  /** Sampled for the gaussian fit, and watched: the editor follows changes it did not make. */
  readonly opacity: Pick<vtkPiecewiseFunction, 'getTable' | 'onModified'>;
  /** Read for the preset's colours, watched, and drawn by the widget as the colour bar under the curve. */
  readonly colour: vtkColorTransferFunction;
  readonly blendMode: BlendName;
  readonly preset: VolumePresetName;
}
