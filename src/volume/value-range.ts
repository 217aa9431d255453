import type { HuArray } from './ct-volume';

/** Typed arrays the DICOM reader may hand back for one component. */
export type ReaderArray =
  Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * Lowest and highest value ([0, 0] when empty). One loop per array type: a loop over a union of
 * typed arrays reads each voxel through a polymorphic access, several times slower over the tens of
 * millions of voxels of a volume.
 */
export function valueRange(values: HuArray | ReaderArray): [number, number] {
  if (values.length === 0) return [0, 0];
  if (values instanceof Int16Array) return rangeOfInt16(values);
  if (values instanceof Int32Array) return rangeOfInt32(values);
  if (values instanceof Float32Array) return rangeOfFloat32(values);
  return rangeOfAny(values);
}

function rangeOfInt16(values: Int16Array): [number, number] {
  let min = 32767;
  let max = -32768;
  for (let index = 0; index < values.length; index++) {
    const v = values[index]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function rangeOfInt32(values: Int32Array): [number, number] {
  let min = 2147483647;
  let max = -2147483648;
  for (let index = 0; index < values.length; index++) {
    const v = values[index]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function rangeOfFloat32(values: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0; index < values.length; index++) {
    const v = values[index]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function rangeOfAny(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0; index < values.length; index++) {
    const v = values[index]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}
