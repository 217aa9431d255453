import { type LutMode, storedInversion } from '../dicom/modality-lut';
import type { SliceHeader } from '../dicom/types';
import type { HuArray } from './ct-volume';
import { type ReaderArray, valueRange } from './value-range';

/** What copying one slice did: values clamped to the int16 range, and the range of the values written. */
export interface CopyStats {
  clamped: number;
  min: number;
  max: number;
}

/**
 * Copies one slice as HU: as read, after the modality LUT the reader skipped, or after undoing the
 * reader's MONOCHROME1 inversion (HU never depend on display polarity).
 *
 * A volume is tens of millions of voxels, so the usual case (the reader applied the LUT) is one pass
 * for the range and one native typed-array copy, without a rounding or a call per voxel. ITK hands
 * unsigned 16-bit stored values with an intercept back as int32, for instance: once the range says
 * they fit, `set` narrows them exactly.
 */
export function copyAsHu(slice: ReaderArray, target: HuArray, offset: number, mode: LutMode, header: SliceHeader): CopyStats {
  if (mode === 'reader-applied') {
    const [min, max] = valueRange(slice);
    if (target instanceof Float32Array) {
      target.set(slice, offset);
      return { clamped: 0, min: Math.fround(min), max: Math.fround(max) };
    }
    if (isIntegerArray(slice) && min >= -32768 && max <= 32767) {
      target.set(slice, offset);
      return { clamped: 0, min, max };
    }
    return copyLinearToInt16(slice, target, offset, 1, 0);
  }
  const { rescaleSlope: slope, rescaleIntercept: intercept } = header;
  if (mode === 'reader-inverted') {
    const invert = storedInversion(header);
    return copyMapped(slice, target, offset, (value) => invert(Math.round((value - intercept) / slope)) * slope + intercept);
  }
  return target instanceof Int16Array
    ? copyLinearToInt16(slice, target, offset, slope, intercept)
    : copyLinearToFloat32(slice, target, offset, slope, intercept);
}

function isIntegerArray(values: ReaderArray): boolean {
  return !(values instanceof Float32Array || values instanceof Float64Array);
}

function copyLinearToInt16(
  slice: ArrayLike<number>,
  target: Int16Array,
  offset: number,
  scale: number,
  shift: number,
): CopyStats {
  let clamped = 0;
  let min = 32767;
  let max = -32768;
  for (let index = 0; index < slice.length; index++) {
    let hu = Math.round(slice[index]! * scale + shift);
    if (hu > 32767 || hu < -32768) {
      clamped++;
      hu = hu > 0 ? 32767 : -32768;
    }
    target[offset + index] = hu;
    if (hu < min) min = hu;
    if (hu > max) max = hu;
  }
  return { clamped, min, max };
}

function copyLinearToFloat32(
  slice: ArrayLike<number>,
  target: Float32Array,
  offset: number,
  scale: number,
  shift: number,
): CopyStats {
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0; index < slice.length; index++) {
    const hu = Math.fround(slice[index]! * scale + shift);
    target[offset + index] = hu;
    if (hu < min) min = hu;
    if (hu > max) max = hu;
  }
  return { clamped: 0, min, max };
}

function copyMapped(slice: ArrayLike<number>, target: HuArray, offset: number, toHu: (value: number) => number): CopyStats {
  const isInt = target instanceof Int16Array;
  let clamped = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0; index < slice.length; index++) {
    let hu = toHu(slice[index]!);
    if (isInt) {
      if (hu > 32767 || hu < -32768) {
        clamped++;
        hu = hu > 0 ? 32767 : -32768;
      }
      hu = Math.round(hu);
    } else hu = Math.fround(hu);
    target[offset + index] = hu;
    if (hu < min) min = hu;
    if (hu > max) max = hu;
  }
  return { clamped, min, max };
}
