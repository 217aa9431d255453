import type { Image } from 'itk-wasm';
import { DicomError } from '../dicom/dicom-error';
import { type LutMode, detectLutMode, lutSampleStep } from '../dicom/modality-lut';
import { readStoredPixels } from '../dicom/stored-pixels';
import { releaseNow } from '../perf/release-buffer';
import type { SliceHeader } from '../dicom/types';
import type { SourceFile } from '../sources/source-file';
import type { HuArray } from './ct-volume';
import { copyAsHu } from './copy-as-hu';
import { downsampleSlices } from './display-downsample';
import type { ReaderArray } from './value-range';

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
  const read = readerArray(image.data);
  if (!read) throw new DicomError(`reader returned pixels of type ${image.imageType.componentType}, not a supported scalar`, first);
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
  let min = Infinity;
  let max = -Infinity;
  const step = lutSampleStep(planeSize);
  for (let k = 0; k < inputs.length; k++) {
    const { header, source } = inputs[k]!;
    const slice = read.subarray(k * planeSize, (k + 1) * planeSize);
    if (k === 0 || format.slopesVary) {
      const stored = readStoredPixels(await source.readAll(), header, step);
      if (stored) {
        try {
          mode = detectLutMode(slice, stored, step, header);
        } catch (error) {
          throw new DicomError((error as Error).message, header.file);
        }
        firstMode ??= mode;
        verifiedFile ??= header.file;
      }
    }
    const copied = copyAsHu(slice, values, k * planeSize, mode, header);
    clamped += copied.clamped;
    min = Math.min(min, copied.min);
    max = Math.max(max, copied.max);
  }
  // The reader's own copy is garbage now: reused, or freed at once (see releaseNow).
  (reader.recycle ?? releaseNow)(read.buffer);
  const factor = format.displayFactor ?? 1;
  // Written in place into the reduced stack when there is one: a chunk-sized array per chunk would be
  // garbage the worker's collector frees late (250 MB over a 512×512×2000 load).
  const reducedPlane = Math.ceil(columns / factor) * Math.ceil(rows / factor);
  const reducedTarget = target?.reduced?.subarray(start * reducedPlane, (start + inputs.length) * reducedPlane);
  const reduced = factor > 1 ? downsampleSlices(values, columns, rows, inputs.length, factor, reducedTarget) : undefined;
  return { start, values, lutMode: firstMode, verifiedFile, clamped, min, max, ...(reduced ? { reduced } : {}) };
}

const READER_ARRAYS = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];

function readerArray(data: unknown): ReaderArray | null {
  return READER_ARRAYS.some((type) => data instanceof type) ? (data as ReaderArray) : null;
}
