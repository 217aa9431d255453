/**
 * Pipeline output images → what the viewer shows: a uint8 image is a label mask (a coloured layer),
 * any other scalar image a grey volume that replaces the displayed one. Pure; tested in Node.
 */
import type { Vec3 } from '../dicom/types';
import type { LabelMask } from '../volume/label-mask';
import type { CtVolume, HuArray } from '../volume/ct-volume';
import type { ImageOutput } from './pipeline-worker-api';

export interface Geometry {
  dimensions: [number, number, number];
  spacing: Vec3;
  origin: Vec3;
  axes: [Vec3, Vec3, Vec3];
}

/** ITK's direction is row-major with the index axes as columns: axis a's world direction is column a. */
export function geometryOf(image: Pick<ImageOutput, 'size' | 'spacing' | 'origin' | 'direction'>): Geometry {
  const d = image.direction;
  const column = (a: number): Vec3 => [d[a] ?? (a === 0 ? 1 : 0), d[3 + a] ?? (a === 1 ? 1 : 0), d[6 + a] ?? (a === 2 ? 1 : 0)];
  return {
    dimensions: [...image.size],
    spacing: [...image.spacing],
    origin: [...image.origin],
    axes: [column(0), column(1), column(2)],
  };
}

export function isLabelImage(output: Pick<ImageOutput, 'componentType' | 'components'>): boolean {
  return output.componentType === 'uint8' && output.components === 1;
}

/** Distinct, saturated colours for successive masks. */
export const MASK_COLOURS: ReadonlyArray<[number, number, number]> = [
  [1, 0.15, 0.15],
  [0.15, 0.9, 0.2],
  [0.2, 0.5, 1],
  [1, 0.75, 0.1],
  [0.9, 0.2, 0.9],
  [0.1, 0.9, 0.9],
];

export function toLabelMask(output: ImageOutput, name: string, colour: [number, number, number]): LabelMask {
  if (!(output.data instanceof Uint8Array)) throw new Error(`${name}: a label mask must be uint8`);
  return { name, ...geometryOf(output), scalars: output.data, colour };
}

/**
 * A grey output as a CtVolume on the output's own grid. The window stays the input's (a filtered
 * CT is read with the same window); int16 and float32 voxels are kept as they are, other types are
 * converted to float32.
 */
export function toCtVolume(output: ImageOutput, input: CtVolume, name: string, serial: number): CtVolume {
  if (output.components !== 1) throw new Error(`${name}: ${output.components}-component images cannot be shown`);
  const scalars: HuArray =
    output.data instanceof Int16Array || output.data instanceof Float32Array ? output.data : Float32Array.from(output.data);
  return {
    seriesId: `${input.seriesId}#${name}-${serial}`,
    seriesInstanceUID: input.seriesInstanceUID,
    seriesNumber: input.seriesNumber,
    description: name,
    ...geometryOf(output),
    scalars,
    huRange: [output.range[0], output.range[1]],
    windowCenter: input.windowCenter,
    windowWidth: input.windowWidth,
    windowFromTags: input.windowFromTags,
    photometricInterpretation: input.photometricInterpretation,
    pixelPaddingHu: null,
    warnings: [],
    corrections: [],
    modalityLut: `derived: ${name}`,
  };
}
