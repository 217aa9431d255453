import type { Image } from 'itk-wasm';
import { DicomError } from '../dicom/dicom-error';
import { type LutMode, detectLutMode, storedInversion } from '../dicom/modality-lut';
import { readStoredPixels } from '../dicom/stored-pixels';
import { releaseNow } from '../perf/release-buffer';
import type { SliceHeader } from '../dicom/types';
import type { SourceFile } from '../sources/source-file';
import type { HuArray } from './ct-volume';
import { downsampleSlices } from './display-downsample';
import { valueRange } from './window-defaults';

export interface SliceInput {
  header: SliceHeader;
  source: SourceFile;
}

/** Reads the given slices, in the given order, as one image (itk-wasm in a worker, or in Node). */
export interface SlicePixelReader {
  readSlices(slices: SliceInput[]): Promise<Pick<Image, 'size' | 'data' | 'imageType'>>;
}

/** What reading a chunk found out about its values (its voxels travel separately). */
export interface ChunkStats {
  start: number;
  /** How the first slice's values related to its stored values; null when they could not be decoded. */
  lutMode: LutMode | null;
  verifiedFile: string | null;
  clamped: number;
  min: number;
  max: number;
}

export interface ChunkResult extends ChunkStats {
  /** HU of the chunk's slices, row-major, slice after slice. */
  values: HuArray;
  /** The chunk reduced for the GPU when the format asks for it. */
  reduced?: HuArray;
}

/**
 * The whole stack (and its reduced GPU copy), e.g. views of SharedArrayBuffers that workers fill in
 * place: a chunk's voxels are written at the chunk's slices instead of into an array of their own.
 */
export interface StackTarget {
  values: HuArray;
  reduced?: HuArray;
}

export interface ChunkFormat {
  columns: number;
  rows: number;
  useFloat: boolean;
  slopesVary: boolean;
  /** In-plane reduction of the GPU copy (1: the GPU gets the voxels themselves). */
  displayFactor?: number;
}

/**
 * Reads one run of sorted slices and returns them as HU, after checking the reader's output against
 * the stored values decoded independently (first slice, or every slice when rescale tags vary).
 */
export async function readChunkAsHu(
  start: number,
  inputs: SliceInput[],
  format: ChunkFormat,
  reader: SlicePixelReader,
  target?: StackTarget,
): Promise<ChunkResult> {
  const { columns, rows } = format;
  const planeSize = columns * rows;
  const image = await reader.readSlices(inputs);
  const [sx, sy, sz] = [image.size[0], image.size[1], image.size[2] ?? 1];
  const first = inputs[0]!.header.file;
  if (image.imageType.components !== 1) throw new DicomError('reader returned a colour image', first);
  if (sx !== columns || sy !== rows || sz !== inputs.length) {
    throw new DicomError(`reader returned ${sx}×${sy}×${sz} voxels for ${inputs.length} slices of ${columns}×${rows}`, first);
  }
  const read = image.data as ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> };
  const values: HuArray = target
    ? target.values.subarray(start * planeSize, (start + inputs.length) * planeSize)
    : format.useFloat
      ? new Float32Array(planeSize * inputs.length)
      : new Int16Array(planeSize * inputs.length);
  if (values.length !== planeSize * inputs.length) throw new DicomError(`slices ${start}… lie outside the stack`, first);
  let mode: LutMode = 'reader-applied';
  let firstMode: LutMode | null = null;
  let verifiedFile: string | null = null;
  let clamped = 0;
  for (let k = 0; k < inputs.length; k++) {
    const { header, source } = inputs[k]!;
    const slice = read.subarray(k * planeSize, (k + 1) * planeSize);
    if (k === 0 || format.slopesVary) {
      const stored = readStoredPixels(await source.readAll(), header);
      if (stored) {
        try {
          mode = detectLutMode(slice, stored, header);
        } catch (error) {
          throw new DicomError((error as Error).message, header.file);
        } finally {
          releaseNow(stored.buffer);
        }
        firstMode ??= mode;
        verifiedFile ??= header.file;
      }
    }
    clamped += copyAsHu(slice, values, k * planeSize, mode, header);
  }
  // A chunk holds at least one slice (checked above), so its range is never the empty [0, 0].
  const [min, max] = valueRange(values);
  const factor = format.displayFactor ?? 1;
  const reduced = factor > 1 ? downsampleSlices(values, columns, rows, inputs.length, factor) : undefined;
  if (reduced && target?.reduced) target.reduced.set(reduced, start * reduced.length / inputs.length);
  return { start, values, lutMode: firstMode, verifiedFile, clamped, min, max, ...(reduced ? { reduced } : {}) };
}

/**
 * Copies one slice as HU: as read, after the modality LUT the reader skipped, or after undoing the
 * reader's MONOCHROME1 inversion (HU never depend on display polarity). Returns the clamped count.
 * A chunk is millions of voxels, so the usual cases (values already HU, or one linear map) run as
 * plain typed-array copies or tight loops, without a call per voxel.
 */
function copyAsHu(slice: ArrayLike<number>, target: HuArray, offset: number, mode: LutMode, header: SliceHeader): number {
  const { rescaleSlope: slope, rescaleIntercept: intercept } = header;
  if (mode === 'reader-applied' && ArrayBuffer.isView(slice)) {
    const typed = slice as unknown as Int16Array | Float32Array;
    if (target instanceof Float32Array || typed instanceof Int16Array || typed instanceof Int8Array || typed instanceof Uint8Array) {
      target.set(typed, offset);
      return 0;
    }
  }
  if (mode === 'reader-inverted') {
    const invert = storedInversion(header);
    return copyMapped(slice, target, offset, (value) => invert(Math.round((value - intercept) / slope)) * slope + intercept);
  }
  const [scale, shift] = mode === 'apply-here' ? [slope, intercept] : [1, 0];
  return target instanceof Int16Array ? copyLinearToInt16(slice, target, offset, scale, shift) : copyLinearToFloat32(slice, target, offset, scale, shift);
}

function copyLinearToInt16(slice: ArrayLike<number>, target: Int16Array, offset: number, scale: number, shift: number): number {
  let clamped = 0;
  for (let index = 0; index < slice.length; index++) {
    const hu = Math.round(slice[index]! * scale + shift);
    if (hu > 32767 || hu < -32768) {
      clamped++;
      target[offset + index] = hu > 0 ? 32767 : -32768;
    } else target[offset + index] = hu;
  }
  return clamped;
}

function copyLinearToFloat32(slice: ArrayLike<number>, target: Float32Array, offset: number, scale: number, shift: number): number {
  for (let index = 0; index < slice.length; index++) target[offset + index] = slice[index]! * scale + shift;
  return 0;
}

function copyMapped(slice: ArrayLike<number>, target: HuArray, offset: number, toHu: (value: number) => number): number {
  const isInt = target instanceof Int16Array;
  let clamped = 0;
  for (let index = 0; index < slice.length; index++) {
    let hu = toHu(slice[index]!);
    if (isInt) {
      if (hu > 32767 || hu < -32768) {
        clamped++;
        hu = hu > 0 ? 32767 : -32768;
      }
      target[offset + index] = Math.round(hu);
    } else target[offset + index] = hu;
  }
  return clamped;
}
