import type { CtVolume, HuArray } from './ct-volume';

/** What the GPU can hold, as the views report it. */
export interface GpuTextureLimits {
  /** Bytes per voxel of the 3D texture (2 with 16-bit normalised textures, 4 as float). */
  bytesPerVoxel: number;
  max3dSize: number;
  /** Largest texture the viewer will allocate. */
  maxBytes: number;
}

/**
 * In-plane reduction factor for the GPU copy of a volume: 1 when it fits, else the smallest power of
 * two that brings it under the limits. Slices stay (their count is the texture depth, well under the
 * 3D size limit for CT); the full-resolution voxels stay on the CPU for HU read-outs and export.
 */
export function displayFactor(dimensions: [number, number, number], bytesPerVoxel: number, limits: GpuTextureLimits): number {
  let factor = 1;
  const fits = (f: number) => {
    const nx = Math.ceil(dimensions[0] / f);
    const ny = Math.ceil(dimensions[1] / f);
    return nx <= limits.max3dSize && ny <= limits.max3dSize && nx * ny * dimensions[2] * bytesPerVoxel <= limits.maxBytes;
  };
  while (!fits(factor) && factor < 16) factor *= 2;
  return factor;
}

/**
 * Averages factor×factor blocks of every slice (a box filter before decimation, so no aliasing), into
 * `out` when given (of the same type as `values`, e.g. the chunk's place in a reduced stack).
 */
export function downsampleSlices(
  values: HuArray,
  columns: number,
  rows: number,
  slices: number,
  factor: number,
  out?: HuArray,
): HuArray {
  const outColumns = Math.ceil(columns / factor);
  const outRows = Math.ceil(rows / factor);
  const length = outColumns * outRows * slices;
  if (out && (out.length !== length || out instanceof Int16Array !== values instanceof Int16Array)) {
    throw new Error(`downsampleSlices: the output must be ${length} values of the input's type`);
  }
  out ??= values instanceof Int16Array ? new Int16Array(length) : new Float32Array(length);
  for (let k = 0; k < slices; k++) {
    const inBase = k * columns * rows;
    const outBase = k * outColumns * outRows;
    for (let j = 0; j < outRows; j++) {
      for (let i = 0; i < outColumns; i++) {
        let sum = 0;
        let count = 0;
        for (let dy = 0; dy < factor; dy++) {
          const y = j * factor + dy;
          if (y >= rows) break;
          for (let dx = 0; dx < factor; dx++) {
            const x = i * factor + dx;
            if (x >= columns) break;
            sum += values[inBase + y * columns + x]!;
            count++;
          }
        }
        out[outBase + j * outColumns + i] = out instanceof Int16Array ? Math.round(sum / count) : sum / count;
      }
    }
  }
  return out;
}

/** The geometry of the reduced copy: block centres, so world positions stay right. */
export function reducedVolume(volume: CtVolume, scalars: HuArray, factor: number): CtVolume {
  const [nx, ny, nz] = volume.dimensions;
  const shift = (factor - 1) / 2;
  const origin = [0, 1, 2].map(
    (c) => volume.origin[c]! + shift * (volume.spacing[0] * volume.axes[0][c]! + volume.spacing[1] * volume.axes[1][c]!),
  ) as CtVolume['origin'];
  return {
    ...volume,
    dimensions: [Math.ceil(nx / factor), Math.ceil(ny / factor), nz],
    spacing: [volume.spacing[0] * factor, volume.spacing[1] * factor, volume.spacing[2]],
    origin,
    scalars,
  };
}
