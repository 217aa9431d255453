import type { Image } from 'itk-wasm';
import { DicomError } from '../dicom/dicom-error';
import { type LutMode, detectLutMode, lutSampleStep } from '../dicom/modality-lut';
import { checkPixelData } from '../dicom/pixel-data-check';
import { readStoredPixels } from '../dicom/stored-pixels';
import { releaseNow } from '../runtime/release-buffer';
import type { SliceHeader, SkippedFile } from '../dicom/types';
import type { SourceFile } from '../sources/source-file';
import type { HuArray } from './ct-volume';
import { copyAsHu } from './copy-as-hu';
import { decodableInput } from './decodable-input';
import { decodeSlices } from './decode-slices';
import { downsampleSlices } from './display-downsample';

export interface SliceInput {
  header: SliceHeader;
  source: SourceFile;
}

/** Reads the given slices, in the given order, as one image (itk-wasm in a worker, or in Node). */
export interface SlicePixelReader {
  readSlices(slices: SliceInput[]): Promise<Pick<Image, 'size' | 'data' | 'imageType'>>;
  /** Takes back the memory of an image's voxels once they are copied (default: freed now). */
  recycle?(buffer: ArrayBufferLike): void;
}

/** A slice of the stack that could not be read: its place holds filler until it is planned out. */
export interface FailedSlice extends SkippedFile {
  /** Index in the sorted stack. */
  index: number;
}

/** What reading a chunk found out about its values (its voxels travel separately). */
export interface ChunkStats {
  start: number;
  /** How the first verified slice's values related to its stored values; null when none could be decoded independently. */
  lutMode: LutMode | null;
  verifiedFile: string | null;
  clamped: number;
  min: number;
  max: number;
  /** Slices whose pixel data was short or malformed, or whose decode disagreed with their stored values. */
  failed: FailedSlice[];
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
  /** In-plane reduction of the GPU copy (1: the GPU gets the voxels themselves). */
  displayFactor?: number;
}

/**
 * Reads one run of sorted slices and returns them as HU. Every file's pixel data is checked before it
 * is decoded, and every decoded slice of a native syntax against its stored values decoded
 * independently: a decoder writes into memory it recycles, and a slice it filled short would
 * otherwise show what that memory held before (another image). A slice that fails either check is
 * reported in `failed`, and its place is filled with the lowest HU its tags allow, never left as found.
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
  const first = inputs[0]!.header.file;
  const values: HuArray = target
    ? target.values.subarray(start * planeSize, (start + inputs.length) * planeSize)
    : format.useFloat
      ? new Float32Array(planeSize * inputs.length)
      : new Int16Array(planeSize * inputs.length);
  if (values.length !== planeSize * inputs.length) throw new DicomError(`slices ${start}… lie outside the stack`, first);

  // Frames of multi-frame files and raw data sets reach the reader (and the checks) as single-frame Part 10 files.
  const decodable = await Promise.all(inputs.map(decodableInput));
  const checks = decodable.map((made) => (made.problem === undefined ? checkPixelData(made.bytes, made.input.header) : made));
  const readable = decodable.flatMap((made, k) => (made.problem === undefined && !checks[k]!.problem ? [made.input] : []));
  const decoded = await decodeSlices(readable, [columns, rows], reader);

  const failed: FailedSlice[] = [];
  let mode: LutMode = 'reader-applied';
  let firstMode: LutMode | null = null;
  let verifiedFile: string | null = null;
  let clamped = 0;
  let min = Infinity;
  let max = -Infinity;
  const step = lutSampleStep(planeSize);
  for (let k = 0, next = 0; k < inputs.length; k++) {
    const { header } = inputs[k]!;
    const check = checks[k]!;
    const fail = (reason: string) => {
      failed.push({ index: start + k, file: header.file, reason });
      values.fill(lowestHu(header, format.useFloat), k * planeSize, (k + 1) * planeSize);
    };
    if (check.problem !== undefined) {
      fail(check.problem);
      continue;
    }
    const decodedHeader = readable[next]!.header;
    const slice = decoded.slices[next++]!;
    if (slice.problem !== undefined) {
      fail(slice.problem);
      continue;
    }
    const stored = readStoredPixels(check.byteArray, decodedHeader, step, check.element);
    if (stored) {
      try {
        mode = detectLutMode(slice.values, stored, step, header);
      } catch (error) {
        fail(`decoded pixels disagree with the file's own: ${(error as Error).message}`);
        continue;
      }
      firstMode ??= mode;
      verifiedFile ??= header.file;
    }
    const copied = copyAsHu(slice.values, values, k * planeSize, mode, header);
    clamped += copied.clamped;
    min = Math.min(min, copied.min);
    max = Math.max(max, copied.max);
  }
  // The reader's own copies are garbage now: reused, or freed at once (see releaseNow).
  for (const buffer of decoded.buffers) (reader.recycle ?? releaseNow)(buffer);
  const factor = format.displayFactor ?? 1;
  // Written in place into the reduced stack when there is one: a chunk-sized array per chunk would be
  // garbage the worker's collector frees late (over a long series, as much as the reduced volume itself).
  const reducedPlane = Math.ceil(columns / factor) * Math.ceil(rows / factor);
  const reducedTarget = target?.reduced?.subarray(start * reducedPlane, (start + inputs.length) * reducedPlane);
  const reduced = factor > 1 ? downsampleSlices(values, columns, rows, inputs.length, factor, reducedTarget) : undefined;
  return { start, values, lutMode: firstMode, verifiedFile, clamped, min, max, failed, ...(reduced ? { reduced } : {}) };
}

/** The filler of a failed slice: the lowest value its stored range maps to, as air would be shown. */
function lowestHu(header: SliceHeader, useFloat: boolean): number {
  const storedMin = header.pixelRepresentation === 1 ? -(2 ** (header.bitsStored - 1)) : 0;
  const storedMax = header.pixelRepresentation === 1 ? 2 ** (header.bitsStored - 1) - 1 : 2 ** header.bitsStored - 1;
  const lowest = Math.min(storedMin * header.rescaleSlope, storedMax * header.rescaleSlope) + header.rescaleIntercept;
  return useFloat ? lowest : Math.max(-32768, Math.min(32767, Math.round(lowest)));
}
