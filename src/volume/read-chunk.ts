import type { Image } from 'itk-wasm';
import { DicomError } from '../dicom/dicom-error';
import { type LutMode, detectLutMode, storedInversion } from '../dicom/modality-lut';
import { readStoredPixels } from '../dicom/stored-pixels';
import type { SliceHeader } from '../dicom/types';
import type { SourceFile } from '../sources/source-file';
import type { HuArray } from './ct-volume';
import { downsampleSlices } from './display-downsample';

export interface SliceInput {
  header: SliceHeader;
  source: SourceFile;
}

/** Reads the given slices, in the given order, as one image (itk-wasm in a worker, or in Node). */
export interface SlicePixelReader {
  readSlices(slices: SliceInput[]): Promise<Pick<Image, 'size' | 'data' | 'imageType'>>;
}

export interface ChunkResult {
  start: number;
  /** HU of the chunk's slices, row-major, slice after slice. */
  values: HuArray;
  /** How the first slice's values related to its stored values; null when they could not be decoded. */
  lutMode: LutMode | null;
  verifiedFile: string | null;
  clamped: number;
  min: number;
  max: number;
  /** The chunk reduced for the GPU when the format asks for it. */
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
export async function readChunkAsHu(start: number, inputs: SliceInput[], format: ChunkFormat, reader: SlicePixelReader): Promise<ChunkResult> {
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
  const values: HuArray = format.useFloat ? new Float32Array(planeSize * inputs.length) : new Int16Array(planeSize * inputs.length);
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
        }
        firstMode ??= mode;
        verifiedFile ??= header.file;
      }
    }
    clamped += copyAsHu(slice, values, k * planeSize, mode, header);
  }
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0; index < values.length; index++) {
    const v = values[index]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const factor = format.displayFactor ?? 1;
  const reduced = factor > 1 ? downsampleSlices(values, columns, rows, inputs.length, factor) : undefined;
  return { start, values, lutMode: firstMode, verifiedFile, clamped, min, max, ...(reduced ? { reduced } : {}) };
}

/**
 * Copies one slice as HU: as read, after the modality LUT the reader skipped, or after undoing the
 * reader's MONOCHROME1 inversion (HU never depend on display polarity). Returns the clamped count.
 */
function copyAsHu(slice: ArrayLike<number>, target: HuArray, offset: number, mode: LutMode, header: SliceHeader): number {
  const { rescaleSlope: slope, rescaleIntercept: intercept } = header;
  const invert = storedInversion(header);
  const toHu: (value: number) => number =
    mode === 'apply-here'
      ? (value) => value * slope + intercept
      : mode === 'reader-inverted'
        ? (value) => invert(Math.round((value - intercept) / slope)) * slope + intercept
        : (value) => value;
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
    } else {
      target[offset + index] = hu;
    }
  }
  return clamped;
}
